//! One matrix, both worlds: the exact rank beside the float rank under every rule, with
//! the threshold, verdict, margin and the tolerances that would have been right.

use super::exact::{exact_rank, ExactRank};
use super::rules::{self, Rule, Verdict};
use super::{qr, rescale, svd, F64Matrix, Scaled};
use crate::error::Result;
use crate::ZMatrix;
use serde_json::{json, Value};

/// Which rules to apply besides the fixed conventions.
#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    /// The fixed absolute tolerance of [`Rule::Absolute`].
    pub absolute: f64,
    /// A user absolute tolerance (`--tol`).
    pub tol: Option<f64>,
    /// A user relative tolerance (`--rtol`).
    pub rtol: Option<f64>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            absolute: rules::DEFAULT_ABSOLUTE,
            tol: None,
            rtol: None,
        }
    }
}

impl Options {
    /// The rules to apply, in report order.
    ///
    /// ```
    /// let o = exrank::float::Options { tol: Some(0.0), ..Default::default() };
    /// let keys: Vec<_> = o.rules().iter().map(|r| r.key()).collect();
    /// assert_eq!(keys, ["numpy", "matlab", "julia", "absolute", "tol", "qr"]);
    /// ```
    pub fn rules(&self) -> Vec<Rule> {
        let mut v = vec![
            Rule::Numpy,
            Rule::Matlab,
            Rule::Julia,
            Rule::Absolute(self.absolute),
        ];
        v.extend(self.tol.map(Rule::Tol));
        v.extend(self.rtol.map(Rule::Rtol));
        v.push(Rule::PivotedQr);
        v
    }
}

/// One rule's result. Values marked *report units* are divided by
/// 2^[`Report::scale_log2`] (the same as original units when that is 0, i.e. for every
/// matrix whose entries lie between about 1e-120 and 1e120).
#[derive(Clone, Debug, PartialEq)]
pub struct RuleOutcome {
    /// The rule.
    pub rule: Rule,
    /// Its tolerance in the matrix's own units, exactly (never overflows).
    pub tolerance: Scaled,
    /// Its tolerance in report units, as an f64. For an absolute tolerance on a rescaled
    /// matrix this is rounded and may even be 0 or infinite; the rank never uses it
    /// (it compares [`RuleOutcome::tolerance`] with the singular values exactly).
    pub threshold: f64,
    /// The float rank it gives.
    pub rank: usize,
    /// Against the exact rank.
    pub verdict: Verdict,
    /// The singular value (|R_kk| for QR) nearest the tolerance on a log scale, in report
    /// units, and its ratio to the tolerance (above 1: counted; below 1: discarded).
    pub margin: Option<(f64, Scaled)>,
    /// Tolerances `[lo, hi)`, in report units, that would have given the exact rank;
    /// `None` if none would.
    pub interval: Option<(f64, f64)>,
}

/// The full comparison for one matrix.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    /// What the matrix is (file name or family case).
    pub name: String,
    /// Rows.
    pub rows: usize,
    /// Columns.
    pub cols: usize,
    /// The exact rank.
    pub exact: ExactRank,
    /// The SVD and QR ran on 2^−scale_log2 · A (see [`super::rescale`]); 0 unless the
    /// largest entry is beyond 2^±400. Report-unit values times 2^scale_log2 are the
    /// values of A itself ([`Report::unscaled`]).
    pub scale_log2: i64,
    /// Singular values of the f64 image, nonincreasing, in report units.
    pub singular_values: Vec<f64>,
    /// |R_kk| of column-pivoted QR, in pivot order, in report units.
    pub qr_diagonal: Vec<f64>,
    /// One outcome per rule, in [`Options::rules`] order.
    pub rules: Vec<RuleOutcome>,
}

/// Compares the exact matrix `exact` with its float image `float` (same shape).
///
/// # Errors
/// A non-finite float entry, an SVD failure, or a tolerance in `opts` that is negative,
/// NaN or infinite.
///
/// ```
/// use exrank::float::{compare, F64Matrix, Options};
/// let a = exrank::cli::demo::higham_4x4();
/// let r = compare("4x4", &a, &F64Matrix::from_zmatrix(&a), &Options::default()).unwrap();
/// assert_eq!(r.exact.rank, 2);
/// assert_eq!(r.rule("numpy").unwrap().rank, 2);
/// ```
pub fn compare(name: &str, exact: &ZMatrix, float: &F64Matrix, opts: &Options) -> Result<Report> {
    compare_with_rank(name, exact_rank(exact), float, opts)
}

/// As [`compare`], with the exact rank already known.
///
/// ```
/// use exrank::float::{compare_with_rank, ExactRank, F64Matrix, Options};
/// let f = F64Matrix::from_fn(2, 2, |i, j| (i == j) as u8 as f64);
/// let e = ExactRank { rank: 2, exact: true, how: "identity".into() };
/// let r = compare_with_rank("I", e, &f, &Options::default()).unwrap();
/// assert!(r.rules.iter().all(|o| o.rank == 2));
/// ```
pub fn compare_with_rank(
    name: &str,
    exact: ExactRank,
    float: &F64Matrix,
    opts: &Options,
) -> Result<Report> {
    let (m, n) = (float.rows, float.cols);
    for (name, v) in [
        ("absolute", Some(opts.absolute)),
        ("tol", opts.tol),
        ("rtol", opts.rtol),
    ] {
        if let Some(v) = v {
            if !(v.is_finite() && v >= 0.0) {
                return Err(crate::error::Error::Invalid(format!(
                    "the {name} tolerance must be finite and non-negative, not {v}"
                )));
            }
        }
    }
    // Non-finite entries are refused by the SVD below, with its own message.
    let scale = if float.data.iter().all(|x| x.is_finite()) {
        rescale::scale_exponent(float)
    } else {
        0
    };
    let scaled;
    let work = if scale == 0 {
        float
    } else {
        scaled = rescale::scaled_by_pow2(float, scale);
        &scaled
    };
    let sv = svd::singular_values(work)?;
    let qd = qr::r_diagonal(work)?;
    let smax = sv.first().copied().unwrap_or(0.0);
    let rmax = qd.iter().copied().fold(0.0, f64::max);
    let rules = opts
        .rules()
        .into_iter()
        .map(|rule| {
            let (values, top) = if rule == Rule::PivotedQr {
                (&qd, rmax)
            } else {
                (&sv, smax)
            };
            // Scale-free rules are evaluated on the scaled spectrum (the same count as on
            // the original: both sides carry the same power of two); an absolute
            // tolerance is taken as given, in the original units.
            let (tolerance, threshold) = match rule {
                Rule::Absolute(t) | Rule::Tol(t) => {
                    let tol = Scaled::from_f64(t);
                    (tol, tol.in_units_of(scale))
                }
                // r · σ_max may overflow f64 for a large r: form it exactly.
                Rule::Rtol(r) => {
                    let tol = Scaled::from_f64(r).times(&Scaled::new(top, scale));
                    (tol, tol.in_units_of(scale))
                }
                _ => {
                    let t = rule.threshold(top, m, n);
                    (Scaled::new(t, scale), t)
                }
            };
            let original = |v: f64| Scaled::new(v, scale);
            let rank = values.iter().filter(|&&v| original(v) > tolerance).count();
            RuleOutcome {
                rule,
                tolerance,
                threshold,
                rank,
                verdict: Verdict::of(rank, exact.rank),
                margin: margin(values, scale, &tolerance),
                interval: rules::exact_interval(values, exact.rank),
            }
        })
        .collect();
    Ok(Report {
        name: name.to_string(),
        rows: m,
        cols: n,
        exact,
        scale_log2: scale,
        singular_values: sv,
        qr_diagonal: qd,
        rules,
    })
}

/// As [`rules::margin`], for values in units of 2^`scale` against a tolerance in the
/// original units: the value nearest the tolerance on a log scale and the exact ratio.
fn margin(values: &[f64], scale: i64, tolerance: &Scaled) -> Option<(f64, Scaled)> {
    if tolerance.is_zero() {
        return None;
    }
    let ln_tol = tolerance.ln();
    let dist = |v: f64| {
        if v > 0.0 {
            (Scaled::new(v, scale).ln() - ln_tol).abs()
        } else {
            f64::INFINITY
        }
    };
    let near = values
        .iter()
        .copied()
        .min_by(|a, b| dist(*a).total_cmp(&dist(*b)))?;
    Some((near, Scaled::new(near, scale).ratio(tolerance)?))
}

/// A CSV field: the shortest round-trip f64 form, or 17 significant digits beyond f64.
fn csv_num(x: Scaled) -> String {
    match x.to_f64() {
        Some(v) => format!("{v:e}"),
        None => x.sci(17),
    }
}

impl Report {
    /// A report-unit value (singular value, |R_kk|, interval end) in the matrix's own
    /// units: `x · 2^scale_log2`, exactly.
    ///
    /// ```
    /// use exrank::float::{compare_with_rank, ExactRank, F64Matrix, Options};
    /// let f = F64Matrix::from_fn(2, 2, |i, j| if i == j { 1e300 } else { 0.0 });
    /// let e = ExactRank { rank: 2, exact: true, how: "diagonal".into() };
    /// let r = compare_with_rank("D", e, &f, &Options::default()).unwrap();
    /// assert_eq!(r.scale_log2, 996);
    /// assert_eq!(r.unscaled(r.singular_values[0]).to_f64(), Some(1e300));
    /// ```
    pub fn unscaled(&self, x: f64) -> Scaled {
        Scaled::new(x, self.scale_log2)
    }

    /// The outcome of the rule with this key (`numpy`, `matlab`, `julia`, `absolute`,
    /// `tol`, `rtol`, `qr`).
    ///
    /// ```
    /// let a = exrank::ZMatrix::identity(2);
    /// let f = exrank::float::F64Matrix::from_zmatrix(&a);
    /// let r = exrank::float::compare("I", &a, &f, &Default::default()).unwrap();
    /// assert!(r.rule("julia").is_some() && r.rule("rtol").is_none());
    /// ```
    pub fn rule(&self, key: &str) -> Option<&RuleOutcome> {
        self.rules.iter().find(|o| o.rule.key() == key)
    }

    /// The report as JSON: `exact_rank`, `singular_values`, and `rules.KEY.{rank,
    /// threshold, verdict, ...}`, all in the matrix's own units; a value no f64 holds
    /// (beyond 1.8e308, or below the subnormals) is a decimal string, never `inf` or
    /// `null`. `scale_log2` is the power of two the SVD ran at. An unbounded interval end
    /// is `null`.
    ///
    /// ```
    /// let a = exrank::cli::demo::higham_4x4();
    /// let f = exrank::float::F64Matrix::from_zmatrix(&a);
    /// let v = exrank::float::compare("4x4", &a, &f, &Default::default()).unwrap().to_json();
    /// assert_eq!((v["exact_rank"].as_u64(), v["rules"]["numpy"]["rank"].as_u64()), (Some(2), Some(2)));
    /// ```
    pub fn to_json(&self) -> Value {
        let mut rules = serde_json::Map::new();
        for o in &self.rules {
            rules.insert(
                o.rule.key().to_string(),
                json!({
                    "formula": o.rule.formula(),
                    "threshold": o.tolerance.to_json(),
                    "rank": o.rank,
                    "verdict": o.verdict.name(),
                    "nearest": o.margin.map(|m| self.unscaled(m.0).to_json()),
                    "margin": o.margin.map(|m| m.1.to_json()),
                    "exact_interval": o.interval.map(|(lo, hi)| json!([
                        self.unscaled(lo).to_json(),
                        if hi.is_finite() { self.unscaled(hi).to_json() } else { Value::Null },
                    ])),
                }),
            );
        }
        json!({
            "name": self.name,
            "rows": self.rows,
            "cols": self.cols,
            "exact_rank": self.exact.rank,
            "exact_rank_is_lower_bound": !self.exact.exact,
            "exact_method": self.exact.how,
            "scale_log2": self.scale_log2,
            "singular_values": self.singular_values.iter().map(|&x| self.unscaled(x).to_json()).collect::<Vec<_>>(),
            "qr_diagonal": self.qr_diagonal.iter().map(|&x| self.unscaled(x).to_json()).collect::<Vec<_>>(),
            "rules": rules,
        })
    }

    /// The CSV header matching [`Report::csv_rows`].
    ///
    /// ```
    /// assert!(exrank::float::Report::csv_header().starts_with("name,rows,cols,exact_rank,rule,"));
    /// ```
    pub fn csv_header() -> &'static str {
        "name,rows,cols,exact_rank,rule,threshold,rank,verdict,nearest,margin,interval_lo,interval_hi"
    }

    /// One CSV line per rule (no header).
    ///
    /// ```
    /// let a = exrank::ZMatrix::identity(2);
    /// let f = exrank::float::F64Matrix::from_zmatrix(&a);
    /// let r = exrank::float::compare("I", &a, &f, &Default::default()).unwrap();
    /// assert!(r.csv_rows()[0].starts_with("I,2,2,2,numpy,"));
    /// ```
    pub fn csv_rows(&self) -> Vec<String> {
        let opt = |x: Option<Scaled>| x.map_or(String::new(), csv_num);
        let unscaled = |x: f64| self.unscaled(x);
        self.rules
            .iter()
            .map(|o| {
                format!(
                    "{},{},{},{},{},{},{},{},{},{},{},{}",
                    self.name.replace(',', ";"),
                    self.rows,
                    self.cols,
                    self.exact.rank,
                    o.rule.key(),
                    csv_num(o.tolerance),
                    o.rank,
                    o.verdict.name(),
                    opt(o.margin.map(|m| unscaled(m.0))),
                    opt(o.margin.map(|m| m.1)),
                    opt(o.interval.map(|i| unscaled(i.0))),
                    opt(o
                        .interval
                        .map(|i| i.1)
                        .filter(|h| h.is_finite())
                        .map(unscaled)),
                )
            })
            .collect()
    }

    /// The report for people: exact rank, spectrum, then one line per rule.
    ///
    /// ```
    /// let a = exrank::cli::demo::higham_4x4();
    /// let f = exrank::float::F64Matrix::from_zmatrix(&a);
    /// let t = exrank::float::compare("4x4", &a, &f, &Default::default()).unwrap().to_text();
    /// assert!(t.starts_with("4x4: 4x4\nexact rank 2"));
    /// ```
    pub fn to_text(&self) -> String {
        let mut s = format!("{}: {}x{}\n", self.name, self.rows, self.cols);
        s += &format!(
            "exact rank {}{} ({})\n",
            if self.exact.exact { "" } else { ">= " },
            self.exact.rank,
            self.exact.how
        );
        let shown: Vec<String> = self
            .singular_values
            .iter()
            .take(12)
            .map(|&x| self.unscaled(x).to_string())
            .collect();
        let more = self.singular_values.len().saturating_sub(12);
        s += &format!(
            "singular values (f64): {}{}\n",
            shown.join(" "),
            if more > 0 {
                format!(" ... ({more} more)")
            } else {
                String::new()
            }
        );
        if self.scale_log2 != 0 {
            s += &format!(
                "(SVD and QR computed on 2^{}·A, an exact rescaling; every value here is in \
                 the units of A)\n",
                -self.scale_log2
            );
        }
        s += &format!(
            "{:<9} {:<32} {:>11} {:>5}  {:<14} {:>10}  {}\n",
            "rule",
            "tolerance",
            "threshold",
            "rank",
            "verdict",
            "margin",
            "tolerances giving the exact rank"
        );
        for o in &self.rules {
            let interval = match o.interval {
                Some((lo, hi)) => format!(
                    "[{}, {})",
                    self.unscaled(lo),
                    if hi.is_finite() {
                        self.unscaled(hi).to_string()
                    } else {
                        "inf".into()
                    }
                ),
                None => "none".into(),
            };
            s += &format!(
                "{:<9} {:<32} {:>11} {:>5}  {:<14} {:>10}  {}\n",
                o.rule.key(),
                o.rule.formula(),
                o.tolerance.to_string(),
                o.rank,
                o.verdict.name(),
                o.margin.map_or("-".into(), |m| m.1.sci(4)),
                interval
            );
        }
        s
    }
}
