//! Money primitives of 交付要綱: exact rates, 切り捨て units and checked yen arithmetic.
//!
//! Every amount is integer yen (`i64`). Products are computed in `i128` and truncated
//! explicitly (DOMAIN.md §4: 切り捨て, never rounding), so a rate like 2/3 is never a float.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::error::CalcError;
use crate::domain::format::group_digits;

/// A rate of a 交付要綱: an exact fraction (「3分の2以内」 → `2/3`) or a percentage
/// (「投下資本額の15%」 → `15%`, i.e. 15/100). Stored in files as the string `"2/3"` or `"15%"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Rate {
    numerator: u32,
    denominator: u32,
    percent: bool,
}

impl Rate {
    /// `numerator / denominator`; a subsidy rate is never above the whole (`≤ 1`).
    pub fn fraction(numerator: u32, denominator: u32) -> Result<Self, RateError> {
        if denominator == 0 {
            return Err(RateError::ZeroDenominator);
        }
        if numerator > denominator {
            return Err(RateError::AboveWhole);
        }
        Ok(Self {
            numerator,
            denominator,
            percent: false,
        })
    }

    /// `percent / 100`.
    pub fn percent(percent: u32) -> Result<Self, RateError> {
        let mut rate = Self::fraction(percent, 100)?;
        rate.percent = true;
        Ok(rate)
    }

    pub fn numerator(self) -> u32 {
        self.numerator
    }

    pub fn denominator(self) -> u32 {
        self.denominator
    }

    /// `base × rate`, truncated below 1円; also returns whether anything was cut off.
    pub fn apply(self, base: i64) -> Result<(i64, bool), CalcError> {
        let product = i128::from(base) * i128::from(self.numerator);
        let den = i128::from(self.denominator);
        let value = product / den;
        let cut = product % den != 0;
        Ok((to_yen(value)?, cut))
    }
}

impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.percent {
            write!(f, "{}%", self.numerator)
        } else {
            write!(f, "{}/{}", self.numerator, self.denominator)
        }
    }
}

impl From<Rate> for String {
    fn from(rate: Rate) -> Self {
        rate.to_string()
    }
}

impl TryFrom<String> for Rate {
    type Error = RateError;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        let text = text.trim();
        if let Some(p) = text.strip_suffix('%') {
            let p = p
                .trim()
                .parse::<u32>()
                .map_err(|_| RateError::Syntax(text.to_owned()))?;
            return Self::percent(p);
        }
        let (n, d) = text
            .split_once('/')
            .ok_or_else(|| RateError::Syntax(text.to_owned()))?;
        let n = n
            .trim()
            .parse::<u32>()
            .map_err(|_| RateError::Syntax(text.to_owned()))?;
        let d = d
            .trim()
            .parse::<u32>()
            .map_err(|_| RateError::Syntax(text.to_owned()))?;
        Self::fraction(n, d)
    }
}

/// Why a rate in a catalogue is not usable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RateError {
    #[error(
        "補助率「{0}」を読めません。「2/3」のような分数か「15%」のような百分率で書いてください。"
    )]
    Syntax(String),
    #[error("補助率の分母が 0 です。「1/2」のように 1 以上の分母を書いてください。")]
    ZeroDenominator,
    #[error("補助率が 1（全額）を超えています。要綱の補助率を確認してください。")]
    AboveWhole,
}

/// The unit an amount is truncated to (「1,000円未満の端数は切り捨てる」): 1, 10, 100,
/// 1,000 or 10,000 円 (DOMAIN.md §4). Stored in files as the integer number of yen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i64")]
pub enum TruncUnit {
    Yen1,
    Yen10,
    Yen100,
    Yen1000,
    Yen10000,
}

impl TruncUnit {
    pub fn yen(self) -> i64 {
        match self {
            Self::Yen1 => 1,
            Self::Yen10 => 10,
            Self::Yen100 => 100,
            Self::Yen1000 => 1_000,
            Self::Yen10000 => 10_000,
        }
    }

    /// Truncates a non-negative amount down to a multiple of the unit.
    pub fn truncate(self, amount: i64) -> i64 {
        amount - amount.rem_euclid(self.yen())
    }

    /// 「1万円未満切捨て」「1,000円未満切捨て」「円未満切捨て」.
    pub fn phrase(self) -> &'static str {
        match self {
            Self::Yen1 => "円未満切捨て",
            Self::Yen10 => "10円未満切捨て",
            Self::Yen100 => "100円未満切捨て",
            Self::Yen1000 => "1,000円未満切捨て",
            Self::Yen10000 => "1万円未満切捨て",
        }
    }
}

impl From<TruncUnit> for i64 {
    fn from(unit: TruncUnit) -> Self {
        unit.yen()
    }
}

impl TryFrom<i64> for TruncUnit {
    type Error = String;

    fn try_from(yen: i64) -> Result<Self, Self::Error> {
        match yen {
            1 => Ok(Self::Yen1),
            10 => Ok(Self::Yen10),
            100 => Ok(Self::Yen100),
            1_000 => Ok(Self::Yen1000),
            10_000 => Ok(Self::Yen10000),
            other => Err(format!(
                "端数切捨ての単位 {other} は使えません。1・10・100・1000・10000 のいずれかにしてください。"
            )),
        }
    }
}

/// Narrows an `i128` intermediate to yen, or reports an overflow instead of wrapping.
pub(crate) fn to_yen(value: i128) -> Result<i64, CalcError> {
    i64::try_from(value).map_err(|_| CalcError::Overflow {
        value: group_digits(value),
    })
}

pub(crate) fn add(a: i64, b: i64) -> Result<i64, CalcError> {
    to_yen(i128::from(a) + i128::from(b))
}

pub(crate) fn sub(a: i64, b: i64) -> Result<i64, CalcError> {
    to_yen(i128::from(a) - i128::from(b))
}

pub(crate) fn mul(a: i64, b: i64) -> Result<i64, CalcError> {
    to_yen(i128::from(a) * i128::from(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_parses_fractions_and_percentages() {
        let two_thirds = Rate::try_from("2/3".to_owned()).unwrap();
        assert_eq!(two_thirds.apply(7_654_321).unwrap(), (5_102_880, true));
        assert_eq!(two_thirds.to_string(), "2/3");
        let fifteen = Rate::try_from("15%".to_owned()).unwrap();
        assert_eq!(fifteen.apply(200_000_000).unwrap(), (30_000_000, false));
        assert_eq!(fifteen.to_string(), "15%");
        assert!(Rate::try_from("3/2".to_owned()).is_err());
        assert!(Rate::try_from("1/0".to_owned()).is_err());
        assert!(Rate::try_from("半分".to_owned()).is_err());
    }

    #[test]
    fn rate_of_the_largest_amount_does_not_overflow() {
        let half = Rate::fraction(1, 2).unwrap();
        assert_eq!(half.apply(i64::MAX).unwrap().0, i64::MAX / 2);
    }

    #[test]
    fn truncation_units() {
        assert_eq!(TruncUnit::Yen10000.truncate(5_102_880), 5_100_000);
        assert_eq!(TruncUnit::Yen1000.truncate(199_999), 199_000);
        assert_eq!(TruncUnit::Yen100.truncate(5_050), 5_000);
        assert_eq!(TruncUnit::Yen1.truncate(7), 7);
        assert!(TruncUnit::try_from(500).is_err());
    }

    #[test]
    fn checked_arithmetic_reports_overflow() {
        assert!(matches!(mul(i64::MAX, 2), Err(CalcError::Overflow { .. })));
        assert_eq!(add(1, 2).unwrap(), 3);
    }
}
