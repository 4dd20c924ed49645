//! Magnitudes that may lie beyond the f64 range: `m · 2^e` with the exponent kept apart.
//!
//! The comparison harness rescales a matrix by an exact power of two before its SVD
//! (see [`super::report`]), so a singular value of a matrix with entries near 1e308 can
//! be 4e308 in the matrix's own units, and one of a matrix with entries near 1e-320 can
//! be below the smallest subnormal. [`Scaled`] holds such a value exactly as the float
//! computation produced it, compares exactly, and prints it honestly (a decimal string,
//! never `inf` or `0` standing for something else).

use serde_json::{json, Value};
use std::cmp::Ordering;

/// A non-negative number `mantissa · 2^exp`, normalised (`mantissa` in [1, 2), or the
/// number is zero with `mantissa = 0, exp = 0`), so that equal numbers have equal parts
/// and the order is the order of `(exp, mantissa)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scaled {
    mantissa: f64,
    exp: i64,
}

/// 2^k as an f64 for k in [-1022, 1023] (normal range only).
fn pow2_normal(k: i64) -> f64 {
    debug_assert!((-1022..=1023).contains(&k));
    f64::from_bits(((k + 1023) as u64) << 52)
}

impl Scaled {
    /// Zero.
    pub const ZERO: Scaled = Scaled {
        mantissa: 0.0,
        exp: 0,
    };

    /// `|x| · 2^k`, exactly (`x` finite; subnormal `x` are normalised without loss).
    ///
    /// # Panics
    /// If `x` is NaN or infinite: a magnitude must be a number.
    ///
    /// ```
    /// use exrank::float::Scaled;
    /// assert_eq!(Scaled::new(3.0, 1023).to_string(), "2.6965e308"); // 3·2^1023 > f64::MAX
    /// assert_eq!(Scaled::new(0.75, 2), Scaled::new(3.0, 0));
    /// ```
    pub fn new(x: f64, k: i64) -> Scaled {
        assert!(x.is_finite(), "a Scaled magnitude must be finite, not {x}");
        let mut x = x.abs();
        let mut k = k;
        if x == 0.0 {
            return Scaled::ZERO;
        }
        if x < f64::MIN_POSITIVE {
            // Subnormal: multiplying by 2^64 is exact and makes it normal.
            x *= pow2_normal(64);
            k -= 64;
        }
        let bits = x.to_bits();
        let e = ((bits >> 52) & 0x7ff) as i64 - 1023;
        let mantissa = f64::from_bits((bits & ((1u64 << 52) - 1)) | (1023u64 << 52));
        Scaled {
            mantissa,
            exp: k + e,
        }
    }

    /// `|x|` itself.
    ///
    /// ```
    /// assert_eq!(exrank::float::Scaled::from_f64(-0.5).to_f64(), Some(0.5));
    /// ```
    pub fn from_f64(x: f64) -> Scaled {
        Scaled::new(x, 0)
    }

    /// Whether the number is zero.
    ///
    /// ```
    /// assert!(exrank::float::Scaled::new(0.0, 5000).is_zero());
    /// ```
    pub fn is_zero(&self) -> bool {
        self.mantissa == 0.0
    }

    /// The f64 holding exactly this number, or `None` when no f64 does (beyond
    /// `f64::MAX`, or too small or too precise for the subnormal range).
    ///
    /// ```
    /// use exrank::float::Scaled;
    /// assert_eq!(Scaled::new(1.5, -1).to_f64(), Some(0.75));
    /// assert_eq!(Scaled::new(1.0, 1024).to_f64(), None);
    /// assert_eq!(Scaled::new(1.0, -1074).to_f64(), Some(f64::from_bits(1)));
    /// assert_eq!(Scaled::new(1.5, -1074).to_f64(), None);
    /// ```
    pub fn to_f64(&self) -> Option<f64> {
        if self.is_zero() {
            return Some(0.0);
        }
        if self.exp > 1023 || self.exp < -1075 {
            return None;
        }
        if self.exp >= -1022 {
            return Some(self.mantissa * pow2_normal(self.exp));
        }
        // Subnormal: one rounding, then check nothing was lost.
        let y = self.mantissa * pow2_normal(self.exp + 64) * pow2_normal(-64);
        (y != 0.0 && Scaled::from_f64(y) == *self).then_some(y)
    }

    /// The nearest f64 of `self / 2^k`: what a float code working in units of 2^k holds
    /// (it may be 0 or infinite when the number does not fit those units).
    ///
    /// ```
    /// assert_eq!(exrank::float::Scaled::new(3.0, 1000).in_units_of(1000), 3.0);
    /// ```
    pub fn in_units_of(&self, k: i64) -> f64 {
        if self.is_zero() {
            return 0.0;
        }
        let e = self.exp - k;
        if e > 1023 {
            f64::INFINITY
        } else if e >= -1022 {
            self.mantissa * pow2_normal(e)
        } else if e >= -1100 {
            self.mantissa * pow2_normal(e + 64) * pow2_normal(-64)
        } else {
            0.0
        }
    }

    /// The natural logarithm (−∞ for zero); finite for every nonzero value.
    ///
    /// ```
    /// let x = exrank::float::Scaled::new(1.0, 2000);
    /// assert!((x.ln() - 2000.0 * std::f64::consts::LN_2).abs() < 1e-9);
    /// ```
    pub fn ln(&self) -> f64 {
        if self.is_zero() {
            f64::NEG_INFINITY
        } else {
            self.mantissa.ln() + self.exp as f64 * std::f64::consts::LN_2
        }
    }

    /// `self / other` (one rounding of the mantissas), or `None` when `other` is zero.
    ///
    /// ```
    /// use exrank::float::Scaled;
    /// let r = Scaled::new(1.0, 1000).ratio(&Scaled::new(1.0, -1000)).unwrap();
    /// assert_eq!(r, Scaled::new(1.0, 2000));
    /// ```
    pub fn ratio(&self, other: &Scaled) -> Option<Scaled> {
        if other.is_zero() {
            return None;
        }
        Some(Scaled::new(
            self.mantissa / other.mantissa,
            self.exp - other.exp,
        ))
    }

    /// `self · other` (one rounding of the mantissas); never overflows.
    ///
    /// ```
    /// use exrank::float::Scaled;
    /// let p = Scaled::from_f64(1e300).times(&Scaled::from_f64(1e300));
    /// assert_eq!(p.to_f64(), None);
    /// assert_eq!(p.sci(3), "1.00e600");
    /// ```
    pub fn times(&self, other: &Scaled) -> Scaled {
        if self.is_zero() || other.is_zero() {
            return Scaled::ZERO;
        }
        Scaled::new(self.mantissa * other.mantissa, self.exp + other.exp)
    }

    /// Decimal scientific notation with `digits` significant digits: Rust's own `{:e}`
    /// format when the value is an f64, otherwise the exact value rounded to nearest (so
    /// 4e308 prints as `4.0000e308`, not `inf`).
    ///
    /// ```
    /// use exrank::float::Scaled;
    /// assert_eq!(Scaled::new(38.62, 0).sci(5), "3.8620e1");
    /// assert_eq!(Scaled::new(1.0, -1100).sci(3), "7.36e-332");
    /// assert_eq!(Scaled::ZERO.sci(5), "0");
    /// ```
    pub fn sci(&self, digits: usize) -> String {
        let digits = digits.max(1);
        if self.is_zero() {
            return "0".into();
        }
        if let Some(x) = self.to_f64() {
            return format!("{x:.*e}", digits - 1);
        }
        self.exact_decimal(digits)
    }

    /// `d.ddd…e±x` from the exact dyadic value, rounded to nearest (ties away from zero).
    fn exact_decimal(&self, digits: usize) -> String {
        use rug::{Integer, Rational};
        // value = int · 2^(exp − 52) with int < 2^53, exactly.
        let int = Integer::from((self.mantissa * pow2_normal(52)) as u64);
        let shift = self.exp - 52;
        let value = if shift >= 0 {
            Rational::from(int << shift as u32)
        } else {
            Rational::from((int, Integer::from(1) << (-shift) as u32))
        };
        // Estimate the decimal exponent, then correct it by at most one either way.
        let mut d = (self.ln() / std::f64::consts::LN_10).floor() as i64;
        loop {
            // q = value / 10^(d − digits + 1), rounded to an integer.
            let k = d - digits as i64 + 1;
            let ten = |e: i64| Integer::from(Integer::u_pow_u(10, e.unsigned_abs() as u32));
            let scaled = if k >= 0 {
                Rational::from(&value / ten(k))
            } else {
                Rational::from(&value * ten(k))
            };
            let q = scaled.round();
            let lower = Integer::from(Integer::u_pow_u(10, digits as u32 - 1));
            let upper = Integer::from(Integer::u_pow_u(10, digits as u32));
            if q < lower {
                d -= 1;
            } else if q >= upper {
                d += 1;
            } else {
                let t = q.to_string();
                let (head, tail) = t.split_at(1);
                return if tail.is_empty() {
                    format!("{head}e{d}")
                } else {
                    format!("{head}.{tail}e{d}")
                };
            }
        }
    }

    /// The value as JSON: a number when an f64 holds it exactly, otherwise a string in
    /// decimal scientific notation with 17 significant digits (a JSON number beyond the
    /// f64 range would be read as infinity by most parsers, or rejected).
    ///
    /// ```
    /// use exrank::float::Scaled;
    /// assert_eq!(Scaled::from_f64(2.5).to_json(), serde_json::json!(2.5));
    /// assert_eq!(Scaled::new(1.0, 1100).to_json(), serde_json::json!("1.3582985290493858e331"));
    /// ```
    pub fn to_json(&self) -> Value {
        match self.to_f64() {
            Some(x) => json!(x),
            None => json!(self.sci(17)),
        }
    }
}

impl PartialOrd for Scaled {
    fn partial_cmp(&self, other: &Scaled) -> Option<Ordering> {
        Some(match (self.is_zero(), other.is_zero()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Less,
            (false, true) => Ordering::Greater,
            (false, false) => self
                .exp
                .cmp(&other.exp)
                .then(self.mantissa.total_cmp(&other.mantissa)),
        })
    }
}

/// Five significant digits, as [`Scaled::sci`].
impl std::fmt::Display for Scaled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.sci(5))
    }
}
