//! Fiscal years (年度, 4/1–3/31) and their era labels.
//!
//! Rules (DOMAIN §3): 令和n年度 = FY 2018+n, 平成n年度 = FY 1988+n, 昭和n年度 = FY 1925+n.
//! 令和元年度 = 平成31年度 = FY2019: both labels occur in city documents, so both parse.
//! A plan stores only the western year and derives every label from it.

use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// A fiscal year by its western number: FY2024 = 令和6年度. Stored as the integer only;
/// every era label is derived from it, never stored beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FiscalYear(pub u16);

/// A Japanese era (元号) as used in fiscal-year labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Era {
    /// 昭和: 昭和元年度 = FY1926 (older plans' baselines only).
    Showa,
    /// 平成: 平成元年度 = FY1989, 平成31年度 = FY2019.
    Heisei,
    /// 令和: 令和元年度 = FY2019.
    Reiwa,
}

impl Era {
    /// The era's name as printed: 「令和」.
    pub fn name(self) -> &'static str {
        match self {
            Era::Showa => "昭和",
            Era::Heisei => "平成",
            Era::Reiwa => "令和",
        }
    }

    /// Western fiscal year of the era's year 1 (元年度).
    fn first_year(self) -> u16 {
        match self {
            Era::Showa => 1926,
            Era::Heisei => 1989,
            Era::Reiwa => 2019,
        }
    }

    /// The last era year that labels a fiscal year: 昭和64年度 (FY1989 began after 平成 did,
    /// but 昭和63年度 is the last one printed), 平成31年度 (= 令和元年度), 令和 open-ended.
    fn last_year(self) -> u16 {
        match self {
            Era::Showa => 63,
            Era::Heisei => 31,
            Era::Reiwa => u16::MAX - 2018,
        }
    }
}

/// How a plan prints its fiscal years (a plan setting).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum YearStyle {
    /// 「令和6(2024)年度」 — the form most plans print.
    #[default]
    EraWithWestern,
    /// 「2024年度」 (平塚市 seed 001).
    Western,
    /// 「令和6年度」 (厚木市 seed 000, あきる野市 seed 002).
    Era,
}

/// Why a fiscal-year label could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum FiscalYearError {
    #[error(
        "「{0}」は年度として読み取れません。「令和6年度」「2024年度」「R6」のように入力してください。"
    )]
    Unreadable(String),
    #[error("「{0}」は元号の範囲外です（平成は31年度まで、昭和は63年度までです）。")]
    OutOfEra(String),
    #[error(
        "「{0}」は元号がわかりません。「平成27年度」のように元号を付けてください（または計画の元号を設定してください）。"
    )]
    MissingEra(String),
    #[error("「{0}」の和暦と西暦が一致しません。")]
    Inconsistent(String),
}

impl FiscalYear {
    /// The fiscal year of an era year: `(Reiwa, 6)` → FY2024, `(Heisei, 31)` → FY2019.
    /// `None` for year 0 or past the era's end.
    pub fn from_era(era: Era, year: u16) -> Option<FiscalYear> {
        if year == 0 || year > era.last_year() {
            return None;
        }
        era.first_year().checked_add(year - 1).map(FiscalYear)
    }

    /// The era and era year this fiscal year is printed with. FY2019 is 令和元年度 (the label
    /// cities use from 2019 on); `None` before 昭和.
    pub fn era(self) -> Option<(Era, u16)> {
        [Era::Reiwa, Era::Heisei, Era::Showa]
            .into_iter()
            .find(|era| self.0 >= era.first_year())
            .map(|era| (era, self.0 - era.first_year() + 1))
    }

    /// 「令和6年度」, 「令和元年度」; the western form when no era applies.
    pub fn era_label(self) -> String {
        match self.era() {
            Some((era, 1)) => format!("{}元年度", era.name()),
            Some((era, n)) => format!("{}{}年度", era.name(), n),
            None => format!("{}年度", self.0),
        }
    }

    /// The label in a plan's style: 「令和6(2024)年度」, 「2024年度」 or 「令和6年度」.
    pub fn label(self, style: YearStyle) -> String {
        match (style, self.era()) {
            (YearStyle::Western, _) | (_, None) => format!("{}年度", self.0),
            (YearStyle::Era, _) => self.era_label(),
            (YearStyle::EraWithWestern, Some((era, 1))) => {
                format!("{}元({})年度", era.name(), self.0)
            }
            (YearStyle::EraWithWestern, Some((era, n))) => {
                format!("{}{}({})年度", era.name(), n, self.0)
            }
        }
    }

    /// Reads a fiscal-year label as cities print it: 「令和6年度」「令和元年度」「平成31年度」
    /// 「R6」「H27年度」「2024年度」「FY2024」「2024」「令和6(2024)年度」, full-width digits too.
    /// A bare era year such as seed 003's 「27年度」 needs `era_context` (the era the
    /// document is written in); a number ≥ 1900 is always western.
    pub fn parse(input: &str, era_context: Option<Era>) -> Result<FiscalYear, FiscalYearError> {
        let text: String = input
            .trim()
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(to_ascii_digit)
            .collect();
        let unreadable = || FiscalYearError::Unreadable(input.trim().to_owned());
        let body = text
            .strip_suffix("年度")
            .or_else(|| text.strip_suffix('年'))
            .unwrap_or(&text);
        let body = body.strip_prefix("FY").unwrap_or(body);
        let (era, rest) = split_era(body);
        // 「令和6(2024)」: the western year in brackets must agree with the era year.
        let (rest, western_check) = match rest.find(['(', '（']) {
            Some(open) => {
                let inner = rest[open..]
                    .trim_start_matches(['(', '（'])
                    .trim_end_matches([')', '）']);
                let western: u16 = inner.parse().map_err(|_| unreadable())?;
                (&rest[..open], Some(western))
            }
            None => (rest, None),
        };
        let number: u16 = if rest == "元" {
            1
        } else {
            rest.parse().map_err(|_| unreadable())?
        };
        let fy = match era {
            Some(era) => FiscalYear::from_era(era, number)
                .ok_or_else(|| FiscalYearError::OutOfEra(input.trim().to_owned()))?,
            None if number >= 1900 => FiscalYear(number),
            None => {
                let era = era_context
                    .ok_or_else(|| FiscalYearError::MissingEra(input.trim().to_owned()))?;
                FiscalYear::from_era(era, number)
                    .ok_or_else(|| FiscalYearError::OutOfEra(input.trim().to_owned()))?
            }
        };
        match western_check {
            Some(w) if w != fy.0 => Err(FiscalYearError::Inconsistent(input.trim().to_owned())),
            _ => Ok(fy),
        }
    }
}

impl fmt::Display for FiscalYear {
    /// The default display is the plan default style, 「令和6(2024)年度」.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label(YearStyle::EraWithWestern))
    }
}

fn to_ascii_digit(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        'Ｒ' | 'ｒ' | 'r' => 'R',
        'Ｈ' | 'ｈ' | 'h' => 'H',
        'Ｓ' | 'ｓ' | 's' => 'S',
        'Ｆ' => 'F',
        'Ｙ' => 'Y',
        _ => c,
    }
}

fn split_era(body: &str) -> (Option<Era>, &str) {
    const PREFIXES: [(&str, Era); 6] = [
        ("令和", Era::Reiwa),
        ("平成", Era::Heisei),
        ("昭和", Era::Showa),
        ("R", Era::Reiwa),
        ("H", Era::Heisei),
        ("S", Era::Showa),
    ];
    for (prefix, era) in PREFIXES {
        if let Some(rest) = body.strip_prefix(prefix) {
            return (Some(era), rest.trim_start_matches(['.', '．']));
        }
    }
    (None, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_printed_form() {
        let cases: &[(&str, Option<Era>, u16)] = &[
            ("令和6年度", None, 2024),
            ("令和元年度", None, 2019),
            ("平成31年度", None, 2019),
            ("平成27年度", None, 1988 + 27),
            ("平成元年度", None, 1989),
            ("昭和63年度", None, 1988),
            ("R6", None, 2024),
            ("R6年度", None, 2024),
            ("Ｒ６年度", None, 2024),
            ("H27", None, 2015),
            ("2024年度", None, 2024),
            ("２０２４年度", None, 2024),
            ("FY2024", None, 2024),
            ("2024", None, 2024),
            ("令和6(2024)年度", None, 2024),
            ("令和元（2019）年度", None, 2019),
            ("27年度", Some(Era::Heisei), 2015),
            ("31年度", Some(Era::Heisei), 2019),
            ("6年度", Some(Era::Reiwa), 2024),
            (" 令和 7 年度 ", None, 2025),
        ];
        for (text, era, year) in cases {
            assert_eq!(
                FiscalYear::parse(text, *era),
                Ok(FiscalYear(*year)),
                "{text}"
            );
        }
    }

    #[test]
    fn rejects_bad_labels_with_reason() {
        assert!(matches!(
            FiscalYear::parse("27年度", None),
            Err(FiscalYearError::MissingEra(_))
        ));
        assert!(matches!(
            FiscalYear::parse("平成32年度", None),
            Err(FiscalYearError::OutOfEra(_))
        ));
        assert!(matches!(
            FiscalYear::parse("令和0年度", None),
            Err(FiscalYearError::OutOfEra(_))
        ));
        assert!(matches!(
            FiscalYear::parse("令和6(2023)年度", None),
            Err(FiscalYearError::Inconsistent(_))
        ));
        for bad in ["", "年度", "令和", "abc", "令和六年度", "99999"] {
            assert!(FiscalYear::parse(bad, Some(Era::Reiwa)).is_err(), "{bad}");
        }
    }

    #[test]
    fn labels_in_each_style() {
        let cases: &[(u16, YearStyle, &str)] = &[
            (2024, YearStyle::EraWithWestern, "令和6(2024)年度"),
            (2024, YearStyle::Western, "2024年度"),
            (2024, YearStyle::Era, "令和6年度"),
            (2019, YearStyle::Era, "令和元年度"),
            (2019, YearStyle::EraWithWestern, "令和元(2019)年度"),
            (2018, YearStyle::Era, "平成30年度"),
            (2015, YearStyle::Era, "平成27年度"),
            (1989, YearStyle::Era, "平成元年度"),
            (1988, YearStyle::Era, "昭和63年度"),
            (1900, YearStyle::Era, "1900年度"),
        ];
        for (year, style, label) in cases {
            assert_eq!(FiscalYear(*year).label(*style), *label);
        }
        assert_eq!(FiscalYear(2024).to_string(), "令和6(2024)年度");
    }

    #[test]
    fn era_round_trip() {
        for year in 1926..=2100u16 {
            let fy = FiscalYear(year);
            let (era, n) = fy.era().unwrap();
            assert_eq!(FiscalYear::from_era(era, n), Some(fy));
            assert_eq!(FiscalYear::parse(&fy.era_label(), None), Ok(fy));
            assert_eq!(
                FiscalYear::parse(&fy.label(YearStyle::EraWithWestern), None),
                Ok(fy)
            );
        }
    }

    #[test]
    fn serde_is_the_integer() {
        assert_eq!(serde_json::to_string(&FiscalYear(2024)).unwrap(), "2024");
        assert_eq!(
            serde_json::from_str::<FiscalYear>("2019").unwrap(),
            FiscalYear(2019)
        );
    }
}
