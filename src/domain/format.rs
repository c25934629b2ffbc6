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

/// How negative amounts print: `-1,234` or, in finance tables (決算書・予算書), `△1,234`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NegativeStyle {
    #[default]
    Minus,
    /// 「△」 for negatives, as Japanese finance tables print them (DOMAIN §3).
    Triangle,
}

/// A decimal with its integer part grouped by three, its fraction kept as entered:
/// `1234567.5` → `"1,234,567.5"`, trailing zeros dropped (`2.50` → `"2.5"`).
pub fn decimal(value: &rust_decimal::Decimal, negative: NegativeStyle) -> String {
    let normalized = value.normalize();
    let text = normalized.abs().to_string();
    let (int_part, frac_part) = match text.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (text.as_str(), None),
    };
    let mut out = String::with_capacity(text.len() + text.len() / 3 + 2);
    if normalized.is_sign_negative() && !normalized.is_zero() {
        out.push_str(match negative {
            NegativeStyle::Minus => "-",
            NegativeStyle::Triangle => "△",
        });
    }
    for (i, ch) in int_part.chars().enumerate() {
        if i > 0 && (int_part.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if let Some(frac) = frac_part {
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// An amount held in 千円 (budget and 決算額 tables, 平塚市 seed 001) with its unit:
/// `1587511` → `"1,587,511千円"`, negatives as the plan asks (`△12千円`).
pub fn thousand_yen(value: &rust_decimal::Decimal, negative: NegativeStyle) -> String {
    format!("{}千円", decimal(value, negative))
}

/// An amount of yen shown in 万円 (subsidy caps: 上限 30万円, 3,000万円), exact:
/// `300000` → `"30万円"`, `12345` → `"1.2345万円"`.
pub fn man_yen(yen: &rust_decimal::Decimal, negative: NegativeStyle) -> String {
    let man = yen
        .checked_div(rust_decimal::Decimal::from(10_000))
        .unwrap_or_default();
    format!("{}万円", decimal(&man, negative))
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
    #[test]
    fn decimals_with_commas_and_triangles() {
        use rust_decimal::Decimal;
        use std::str::FromStr;
        let cases: &[(&str, NegativeStyle, &str)] = &[
            ("0", NegativeStyle::Minus, "0"),
            ("-0.0", NegativeStyle::Triangle, "0"),
            ("1234567.50", NegativeStyle::Minus, "1,234,567.5"),
            ("27000", NegativeStyle::Minus, "27,000"),
            ("-1234", NegativeStyle::Minus, "-1,234"),
            ("-1234", NegativeStyle::Triangle, "△1,234"),
            ("0.99", NegativeStyle::Minus, "0.99"),
            ("-999.125", NegativeStyle::Triangle, "△999.125"),
        ];
        for (input, style, expected) in cases {
            let value = Decimal::from_str(input).unwrap();
            assert_eq!(decimal(&value, *style), *expected, "{input}");
        }
        assert_eq!(
            thousand_yen(&Decimal::from(1_587_511), NegativeStyle::Minus),
            "1,587,511千円"
        );
        assert_eq!(
            thousand_yen(&Decimal::from(-12), NegativeStyle::Triangle),
            "△12千円"
        );
        assert_eq!(
            man_yen(&Decimal::from(300_000), NegativeStyle::Minus),
            "30万円"
        );
        assert_eq!(
            man_yen(&Decimal::from(30_000_000), NegativeStyle::Minus),
            "3,000万円"
        );
        assert_eq!(
            man_yen(&Decimal::from(12_345), NegativeStyle::Minus),
            "1.2345万円"
        );
    }
}
