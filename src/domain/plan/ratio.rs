//! Exact rates: the one place where rating arithmetic happens.
//!
//! A rate is kept as a fraction `num / den` of exact decimals and compared with a band's bound
//! by cross-multiplication (`num × 100 ≥ bound × den`), so 0.99 ÷ 1.1 is exactly 90% (an f64
//! gives 89.999…). Every multiplication and addition is checked for exactness: rust_decimal
//! rounds silently when a result needs more than 28 digits, and a rounded boundary would be
//! wrong, so such an input is reported as [`ArithError`] (→ 評価不能) instead.

use std::cmp::Ordering;

use rust_decimal::Decimal;
use thiserror::Error;

/// Why a rate could not be computed exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum ArithError {
    #[error("値の桁数が大きすぎるため正確に計算できません")]
    Overflow,
    #[error("分母が0です")]
    ZeroDenominator,
}

/// `a × b`, exact or an error (never silently rounded).
pub fn mul(a: Decimal, b: Decimal) -> Result<Decimal, ArithError> {
    let product = a.checked_mul(b).ok_or(ArithError::Overflow)?;
    // rust_decimal keeps scale a+b when the product is exact; a smaller scale means it rounded.
    if product.scale() == a.scale() + b.scale()
        || (product.is_zero() && (a.is_zero() || b.is_zero()))
    {
        Ok(product)
    } else {
        Err(ArithError::Overflow)
    }
}

/// `a + b`, exact or an error. Adding zero gives the other operand as it is: rust_decimal
/// answers 5 + 0.0 with 5, whose scale the check below would take for a rounded sum.
pub fn add(a: Decimal, b: Decimal) -> Result<Decimal, ArithError> {
    if b.is_zero() {
        return Ok(a);
    }
    if a.is_zero() {
        return Ok(b);
    }
    let sum = a.checked_add(b).ok_or(ArithError::Overflow)?;
    if sum.scale() == a.scale().max(b.scale()) {
        Ok(sum)
    } else {
        Err(ArithError::Overflow)
    }
}

/// `a − b`, exact or an error.
pub fn sub(a: Decimal, b: Decimal) -> Result<Decimal, ArithError> {
    add(a, -b)
}

/// 10^e as an `i128`, from a table (e ≤ 38), or `None` past it.
fn pow10(e: u32) -> Option<i128> {
    const TABLE: [i128; 39] = {
        let mut t = [1i128; 39];
        let mut i = 1;
        while i < 39 {
            t[i] = t[i - 1] * 10;
            i += 1;
        }
        t
    };
    TABLE.get(usize::try_from(e).ok()?).copied()
}

/// An exact non-negative-denominator fraction `num / den`, read as a rate (1 = 100%).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ratio {
    num: Decimal,
    den: Decimal,
}

impl Ratio {
    /// `num / den`; the sign is moved to the numerator so comparisons can cross-multiply.
    pub fn new(num: Decimal, den: Decimal) -> Result<Ratio, ArithError> {
        if den.is_zero() {
            return Err(ArithError::ZeroDenominator);
        }
        Ok(if den.is_sign_negative() {
            Ratio {
                num: -num,
                den: -den,
            }
        } else {
            Ratio { num, den }
        })
    }

    /// Exactly 100%.
    pub fn one() -> Ratio {
        Ratio {
            num: Decimal::ONE,
            den: Decimal::ONE,
        }
    }

    pub fn numerator(&self) -> Decimal {
        self.num
    }

    pub fn denominator(&self) -> Decimal {
        self.den
    }

    /// Compares the rate, as a percentage, with `percent`: `num × 100` against `percent × den`.
    pub fn cmp_percent(&self, percent: Decimal) -> Result<Ordering, ArithError> {
        let left = mul(self.num, Decimal::ONE_HUNDRED)?;
        let right = mul(percent, self.den)?;
        Ok(left.cmp(&right))
    }

    /// The percentage rounded half up (away from zero) to `dp` decimals, exactly: 37.777…% →
    /// 37.8 at one decimal, 89.52…% → 89.5.
    pub fn percent_half_up(&self, dp: u32) -> Result<Decimal, ArithError> {
        match self.percent_half_up_int(dp) {
            Some(p) => Ok(p),
            None => self.percent_half_up_decimal(dp),
        }
    }

    /// [`Ratio::percent_half_up`] in 128-bit integers: both decimals are `mantissa / 10^scale`,
    /// so the rounded percentage is `floor((2a + b) / 2b)` with `a = |n| × 10^(sd + 2 + dp)` and
    /// `b = d × 10^sn`, exact when nothing overflows. `None` when something would: the decimal
    /// path then decides. A rating computes thousands of these at start; this path is several
    /// times faster than 96-bit decimal division.
    fn percent_half_up_int(&self, dp: u32) -> Option<Decimal> {
        let n = self.num.mantissa().checked_abs()?;
        let d = self.den.mantissa();
        let a = n.checked_mul(pow10(self.den.scale().checked_add(2 + dp)?)?)?;
        let b = d.checked_mul(pow10(self.num.scale())?)?;
        let q = a
            .checked_mul(2)?
            .checked_add(b)?
            .checked_div(b.checked_mul(2)?)?;
        let q = if self.num.is_sign_negative() { -q } else { q };
        Decimal::try_from_i128_with_scale(q, dp).ok()
    }

    /// The same in exact decimal arithmetic, for values too large for the integer path.
    fn percent_half_up_decimal(&self, dp: u32) -> Result<Decimal, ArithError> {
        let scale = Decimal::from(10u64.checked_pow(dp).ok_or(ArithError::Overflow)?);
        // |num| × 100 × 10^dp / den, rounded half up = floor((2|a| + den) / (2 den)).
        let a = mul(mul(self.num.abs(), Decimal::ONE_HUNDRED)?, scale)?;
        let top = add(mul(a, Decimal::TWO)?, self.den)?;
        let bottom = mul(self.den, Decimal::TWO)?;
        let mut q = top.checked_div(bottom).ok_or(ArithError::Overflow)?.floor();
        // The division may round in its 28th digit; correct the floor exactly.
        while mul(q, bottom)? > top {
            q = sub(q, Decimal::ONE)?;
        }
        while mul(add(q, Decimal::ONE)?, bottom)? <= top {
            q = add(q, Decimal::ONE)?;
        }
        let mut result = q.checked_div(scale).ok_or(ArithError::Overflow)?;
        if self.num.is_sign_negative() && !q.is_zero() {
            result = -result;
        }
        // Exact already (q has no more than dp decimals); rescale keeps 「90.0」.
        result.rescale(dp);
        Ok(result)
    }

    /// The percentage to 28 significant digits, for averages in roll-ups (never for a band
    /// decision on a single KPI).
    pub fn percent_approx(&self) -> Option<Decimal> {
        self.num
            .checked_mul(Decimal::ONE_HUNDRED)?
            .checked_div(self.den)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn ninety_percent_is_exact() {
        let r = Ratio::new(d("0.99"), d("1.1")).unwrap();
        assert_eq!(r.cmp_percent(d("90")).unwrap(), Ordering::Equal);
        assert_eq!(r.percent_half_up(1).unwrap(), d("90.0"));
    }

    #[test]
    fn rounds_half_up_to_one_decimal() {
        let cases: &[(&str, &str, &str)] = &[
            ("17", "45", "37.8"),
            ("94", "105", "89.5"),
            ("5", "10", "50.0"),
            ("1", "8", "12.5"),
            ("1", "16", "6.3"),   // 6.25 → 6.3
            ("-1", "16", "-6.3"), // half away from zero
            ("2", "3", "66.7"),
            ("0", "7", "0.0"),
            ("1", "-3", "-33.3"),
        ];
        for (n, den, expected) in cases {
            let r = Ratio::new(d(n), d(den)).unwrap();
            assert_eq!(r.percent_half_up(1).unwrap(), d(expected), "{n}/{den}");
        }
    }

    #[test]
    fn zero_denominator_and_overflow_are_errors() {
        assert_eq!(
            Ratio::new(Decimal::ONE, Decimal::ZERO),
            Err(ArithError::ZeroDenominator)
        );
        let r = Ratio::new(Decimal::MAX, Decimal::ONE).unwrap();
        assert_eq!(r.cmp_percent(d("90")), Err(ArithError::Overflow));
        assert!(r.percent_half_up(1).is_err());
        // 28 decimal places times 2 decimal places would round: refused.
        assert_eq!(
            mul(d("0.0000000000000000000000000001"), d("0.01")),
            Err(ArithError::Overflow)
        );
        assert_eq!(mul(d("0.99"), d("100")).unwrap(), d("99"));
    }

    #[test]
    fn adding_zero_keeps_the_other_operand() {
        // These were refused as rounded: rust_decimal answers 5 − 0.0 with 5 (scale 0).
        assert_eq!(sub(d("5"), d("0.0")), Ok(d("5")));
        assert_eq!(add(d("0.000"), d("-2.5")), Ok(d("-2.5")));
        assert_eq!(sub(d("7"), d("0.00")).map(|x| x.scale()), Ok(0));
        assert_eq!(add(d("1.5"), d("-1.50")), Ok(Decimal::ZERO));
    }

    proptest::proptest! {
        /// The integer path and the decimal path give the same exact percentage.
        #[test]
        fn integer_and_decimal_percentages_agree(
            n in proptest::num::i64::ANY,
            sn in 0u32..12,
            den in 1i64..i64::MAX,
            sd in 0u32..12,
            neg_den in proptest::bool::ANY,
            dp in 0u32..3,
        ) {
            let den = if neg_den { -den } else { den };
            let r = Ratio::new(Decimal::new(n, sn), Decimal::new(den, sd)).unwrap();
            if let (Some(fast), Ok(exact)) = (r.percent_half_up_int(dp), r.percent_half_up_decimal(dp)) {
                proptest::prop_assert_eq!(fast, exact);
                proptest::prop_assert_eq!(fast.scale(), exact.scale());
            }
        }
    }
}
