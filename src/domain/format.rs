//! Number formatting as Japanese municipal documents print it.

/// Groups digits by three with commas: `1234567` → `"1,234,567"`, `-1234` → `"-1,234"`.
pub fn group_digits(value: i128) -> String {
    let digits = value.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if value < 0 {
        out.push('-');
    }
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// An amount of yen with commas and the unit: `5102880` → `"5,102,880円"`.
pub fn yen(value: i64) -> String {
    format!("{}円", group_digits(i128::from(value)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_digits_by_three() {
        let cases: &[(i128, &str)] = &[
            (0, "0"),
            (7, "7"),
            (999, "999"),
            (1000, "1,000"),
            (-1000, "-1,000"),
            (7_654_321, "7,654,321"),
            (100_000_000, "100,000,000"),
            (i128::from(i64::MIN), "-9,223,372,036,854,775,808"),
        ];
        for (value, expected) in cases {
            assert_eq!(group_digits(*value), *expected, "{value}");
        }
    }

    #[test]
    fn yen_has_unit() {
        assert_eq!(yen(5_102_880), "5,102,880円");
    }
}
