//! The threshold conventions of the common float rank routines, as formulas. Each rule
//! turns a spectrum into a tolerance; the numerical rank is the number of singular
//! values strictly above it (NumPy `S > tol`, MATLAB `s > tol`, Julia `count(>(tol), s)`).

use serde::Serialize;

/// A rank convention.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub enum Rule {
    /// NumPy `matrix_rank` default: `tol = σ_max · max(m, n) · eps`.
    Numpy,
    /// MATLAB `rank` default: `tol = max(m, n) · eps(σ_max)`, eps(x) the spacing at x.
    Matlab,
    /// Julia `rank` default: `atol = 0`, `rtol = min(m, n) · eps`, `tol = rtol · σ_max`.
    Julia,
    /// A fixed absolute tolerance, independent of scale, as a caller of nalgebra's
    /// `SVD::rank(eps)` picks it.
    Absolute(f64),
    /// The user's absolute tolerance (`--tol`).
    Tol(f64),
    /// The user's relative tolerance (`--rtol`): `tol = rtol · σ_max`.
    Rtol(f64),
    /// Column-pivoted QR: `|R_kk| > |R_00| · max(m, n) · eps` (see [`super::qr`]).
    PivotedQr,
}

/// The default absolute tolerance of [`Rule::Absolute`]: a round number people pass.
pub const DEFAULT_ABSOLUTE: f64 = 1e-10;

impl Rule {
    /// The short name used as the JSON key and CSV column (`numpy`, `matlab`, ...).
    ///
    /// ```
    /// assert_eq!(exrank::float::Rule::Numpy.key(), "numpy");
    /// ```
    pub fn key(&self) -> &'static str {
        match self {
            Rule::Numpy => "numpy",
            Rule::Matlab => "matlab",
            Rule::Julia => "julia",
            Rule::Absolute(_) => "absolute",
            Rule::Tol(_) => "tol",
            Rule::Rtol(_) => "rtol",
            Rule::PivotedQr => "qr",
        }
    }

    /// The formula, for people.
    ///
    /// ```
    /// assert!(exrank::float::Rule::Matlab.formula().contains("eps(σ_max)"));
    /// ```
    pub fn formula(&self) -> String {
        match self {
            Rule::Numpy => "σ_max·max(m,n)·eps".into(),
            Rule::Matlab => "max(m,n)·eps(σ_max)".into(),
            Rule::Julia => "min(m,n)·eps·σ_max".into(),
            Rule::Absolute(t) => format!("{} (fixed)", short(*t)),
            Rule::Tol(t) => format!("{} (--tol)", short(*t)),
            Rule::Rtol(r) => format!("{}·σ_max (--rtol)", short(*r)),
            Rule::PivotedQr => "|R_00|·max(m,n)·eps on |R_kk|".into(),
        }
    }

    /// The tolerance for an m×n matrix whose largest singular value (for `PivotedQr`:
    /// largest |R_kk|) is `top`.
    ///
    /// ```
    /// use exrank::float::Rule;
    /// let eps = f64::EPSILON;
    /// assert_eq!(Rule::Numpy.threshold(2.0, 3, 4), 2.0 * 4.0 * eps);
    /// assert_eq!(Rule::Julia.threshold(2.0, 3, 4), 3.0 * eps * 2.0);
    /// assert_eq!(Rule::Matlab.threshold(3.0, 3, 4), 4.0 * exrank::float::rules::spacing(3.0));
    /// ```
    pub fn threshold(&self, top: f64, m: usize, n: usize) -> f64 {
        let (big, small) = (m.max(n) as f64, m.min(n) as f64);
        match *self {
            Rule::Numpy | Rule::PivotedQr => top * big * f64::EPSILON,
            Rule::Matlab => big * spacing(top),
            Rule::Julia => small * f64::EPSILON * top,
            Rule::Absolute(t) | Rule::Tol(t) => t,
            Rule::Rtol(r) => r * top,
        }
    }
}

/// `0`, or scientific notation (`1e-10`).
fn short(x: f64) -> String {
    if x == 0.0 {
        "0".into()
    } else {
        format!("{x:e}")
    }
}

/// MATLAB's `eps(x)`: the distance from |x| to the next larger f64 (2^-1074 at zero and
/// for subnormals; NaN for non-finite x).
///
/// ```
/// use exrank::float::rules::spacing;
/// assert_eq!(spacing(1.0), f64::EPSILON);
/// assert_eq!(spacing(38.6), 32.0 * f64::EPSILON);
/// assert_eq!(spacing(0.0), f64::from_bits(1));
/// ```
pub fn spacing(x: f64) -> f64 {
    if !x.is_finite() {
        return f64::NAN;
    }
    let biased = (x.abs().to_bits() >> 52) as i64;
    let k = biased.max(1) - 1075; // exponent of the last mantissa bit
    if k >= -1022 {
        f64::from_bits(((k + 1023) as u64) << 52)
    } else {
        f64::from_bits(1u64 << (k + 1074))
    }
}

/// How many values are strictly above `tol`.
///
/// ```
/// assert_eq!(exrank::float::rules::count_above(&[3.0, 1.0, 1e-16], 1e-15), 2);
/// ```
pub fn count_above(values: &[f64], tol: f64) -> usize {
    values.iter().filter(|&&v| v > tol).count()
}

/// A float rank against the exact rank.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Same rank.
    Agrees,
    /// The float rank is larger (noise counted as signal).
    Overestimates,
    /// The float rank is smaller (signal thrown away as noise).
    Underestimates,
}

impl Verdict {
    /// Compares `float_rank` with `exact_rank`.
    ///
    /// ```
    /// use exrank::float::Verdict;
    /// assert_eq!(Verdict::of(3, 2), Verdict::Overestimates);
    /// assert_eq!(Verdict::of(2, 2), Verdict::Agrees);
    /// ```
    pub fn of(float_rank: usize, exact_rank: usize) -> Verdict {
        match float_rank.cmp(&exact_rank) {
            std::cmp::Ordering::Equal => Verdict::Agrees,
            std::cmp::Ordering::Greater => Verdict::Overestimates,
            std::cmp::Ordering::Less => Verdict::Underestimates,
        }
    }

    /// `agrees`, `overestimates` or `underestimates`.
    ///
    /// ```
    /// assert_eq!(exrank::float::Verdict::Agrees.name(), "agrees");
    /// ```
    pub fn name(&self) -> &'static str {
        match self {
            Verdict::Agrees => "agrees",
            Verdict::Overestimates => "overestimates",
            Verdict::Underestimates => "underestimates",
        }
    }
}

/// The value nearest to `tol` on a log scale and its ratio `value / tol` (above 1: the
/// value was counted; below 1: discarded). The ratio says how close the call was: 1.01
/// is a coin toss, 1e10 is safe. `None` when there are no values or `tol` is not positive.
///
/// ```
/// let (v, ratio) = exrank::float::rules::margin(&[10.0, 1e-3], 1e-2).unwrap();
/// assert_eq!((v, ratio), (1e-3, 0.1));
/// ```
pub fn margin(values: &[f64], tol: f64) -> Option<(f64, f64)> {
    if tol.is_nan() || tol <= 0.0 {
        return None;
    }
    let dist = |v: f64| {
        if v > 0.0 {
            (v / tol).ln().abs()
        } else {
            f64::INFINITY
        }
    };
    values
        .iter()
        .copied()
        .min_by(|a, b| dist(*a).total_cmp(&dist(*b)))
        .map(|v| (v, v / tol))
}

/// The tolerances `t` for which `count_above(values, t) == rank`: the half-open interval
/// `[σ_(rank+1), σ_rank)` of the values sorted nonincreasing (σ_0 = ∞, σ_(p+1) = 0), or
/// `None` if it is empty — no threshold at all would have given that rank.
///
/// ```
/// use exrank::float::rules::exact_interval;
/// assert_eq!(exact_interval(&[5.0, 1e-15], 1), Some((1e-15, 5.0)));
/// assert_eq!(exact_interval(&[5.0, 0.0], 2), None);
/// assert_eq!(exact_interval(&[5.0], 0), Some((5.0, f64::INFINITY)));
/// ```
pub fn exact_interval(values: &[f64], rank: usize) -> Option<(f64, f64)> {
    let mut v = values.to_vec();
    v.sort_by(|a, b| b.total_cmp(a));
    if rank > v.len() {
        return None;
    }
    let hi = if rank == 0 {
        f64::INFINITY
    } else {
        v[rank - 1]
    };
    let lo = if rank == v.len() { 0.0 } else { v[rank] };
    (lo < hi).then_some((lo, hi))
}
