//! The time written into stored values and files: RFC 3339 in the PC's own time zone
//! (JST on a staff PC), so dates in file names match the calendar on the wall.

/// Now, as `2026-11-22T09:00:00+09:00`.
pub fn now() -> String {
    let d = js_sys::Date::new_0();
    // getTimezoneOffset is minutes *behind* UTC (JST: -540).
    let offset = -(d.get_timezone_offset() as i64);
    let sign = if offset < 0 { '-' } else { '+' };
    let offset = offset.abs();
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{sign}{:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes(),
        d.get_seconds(),
        offset / 60,
        offset % 60
    )
}

/// `2026-11-22 09:00` for lists.
pub fn short(time: &str) -> String {
    time.chars()
        .take(16)
        .map(|c| if c == 'T' { ' ' } else { c })
        .collect()
}
