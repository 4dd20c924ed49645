//! One matrix, both worlds: the exact rank beside the float rank under every rule, with
//! the threshold, verdict, margin and the tolerances that would have been right.

use super::exact::{exact_rank, ExactRank};
use super::rules::{self, Rule, Verdict};
use super::{qr, svd, F64Matrix};
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

/// One rule's result.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleOutcome {
    /// The rule.
    pub rule: Rule,
    /// Its tolerance on this matrix.
    pub threshold: f64,
    /// The float rank it gives.
    pub rank: usize,
    /// Against the exact rank.
    pub verdict: Verdict,
    /// The singular value (|R_kk| for QR) nearest the threshold, and its ratio to it.
    pub margin: Option<(f64, f64)>,
    /// Tolerances `[lo, hi)` that would have given the exact rank; `None` if none would.
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
    /// Singular values of the f64 image, nonincreasing.
    pub singular_values: Vec<f64>,
    /// |R_kk| of column-pivoted QR, in pivot order.
    pub qr_diagonal: Vec<f64>,
    /// One outcome per rule, in [`Options::rules`] order.
    pub rules: Vec<RuleOutcome>,
}

/// Compares the exact matrix `exact` with its float image `float` (same shape).
///
/// # Errors
/// A non-finite float entry or an SVD failure.
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
    let sv = svd::singular_values(float)?;
    let qd = qr::r_diagonal(float)?;
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
            let threshold = rule.threshold(top, m, n);
            let rank = rules::count_above(values, threshold);
            RuleOutcome {
                rule,
                threshold,
                rank,
                verdict: Verdict::of(rank, exact.rank),
                margin: rules::margin(values, threshold),
                interval: rules::exact_interval(values, exact.rank),
            }
        })
        .collect();
    Ok(Report {
        name: name.to_string(),
        rows: m,
        cols: n,
        exact,
        singular_values: sv,
        qr_diagonal: qd,
        rules,
    })
}

fn num(x: f64) -> Value {
    if x.is_finite() {
        json!(x)
    } else {
        Value::Null
    }
}

fn sci(x: f64) -> String {
    if x.is_infinite() {
        "inf".into()
    } else if x == 0.0 {
        "0".into()
    } else {
        format!("{x:.4e}")
    }
}

impl Report {
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
    /// threshold, verdict, ...}`; an unbounded interval end is `null`.
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
                    "threshold": num(o.threshold),
                    "rank": o.rank,
                    "verdict": o.verdict.name(),
                    "nearest": o.margin.map(|m| num(m.0)),
                    "margin": o.margin.map(|m| num(m.1)),
                    "exact_interval": o.interval.map(|(lo, hi)| json!([num(lo), num(hi)])),
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
            "singular_values": self.singular_values.iter().map(|&x| num(x)).collect::<Vec<_>>(),
            "qr_diagonal": self.qr_diagonal.iter().map(|&x| num(x)).collect::<Vec<_>>(),
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
        let opt = |x: Option<f64>| x.map_or(String::new(), |v| format!("{v:e}"));
        self.rules
            .iter()
            .map(|o| {
                format!(
                    "{},{},{},{},{},{:e},{},{},{},{},{},{}",
                    self.name.replace(',', ";"),
                    self.rows,
                    self.cols,
                    self.exact.rank,
                    o.rule.key(),
                    o.threshold,
                    o.rank,
                    o.verdict.name(),
                    opt(o.margin.map(|m| m.0)),
                    opt(o.margin.map(|m| m.1)),
                    opt(o.interval.map(|i| i.0)),
                    opt(o.interval.map(|i| i.1).filter(|h| h.is_finite())),
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
            .map(|&x| sci(x))
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
                Some((lo, hi)) => format!("[{}, {})", sci(lo), sci(hi)),
                None => "none".into(),
            };
            s += &format!(
                "{:<9} {:<32} {:>11} {:>5}  {:<14} {:>10}  {}\n",
                o.rule.key(),
                o.rule.formula(),
                sci(o.threshold),
                o.rank,
                o.verdict.name(),
                o.margin.map_or("-".into(), |m| format!("{:.3e}", m.1)),
                interval
            );
        }
        s
    }
}
