//! The public entry: [`rank_with`] picks a method and returns a [`RankResult`] that says
//! how sure it is. Read it in ten seconds: empty → 0; forced method → that method;
//! otherwise small → Bareiss, else modular (multimodular with proof).

use crate::error::{Error, Result};
use crate::{bareiss, modular, ZMatrix};
use serde::Serialize;

/// The field the rank is taken over.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Field {
    /// The rationals (the rank of an integer matrix over Q equals its rank over Z's
    /// fraction field).
    Rationals,
    /// The prime field GF(p).
    Prime(u64),
}

impl std::fmt::Display for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Field::Rationals => f.write_str("Q"),
            Field::Prime(p) => write!(f, "GF({p})"),
        }
    }
}

/// How sure an answer is.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Certainty {
    /// A deterministic argument was built and checked.
    Certified,
    /// Correct with probability at least `1 - error_bound`; `argument` says how the bound
    /// was derived.
    Probabilistic {
        /// Upper bound on the probability that the rank is wrong.
        error_bound: f64,
        /// How the bound was derived.
        argument: String,
    },
}

impl Certainty {
    /// `"certified"` or `"probabilistic"`.
    ///
    /// ```
    /// assert_eq!(exrank::Certainty::Certified.label(), "certified");
    /// ```
    pub fn label(&self) -> &'static str {
        match self {
            Certainty::Certified => "certified",
            Certainty::Probabilistic { .. } => "probabilistic",
        }
    }
}

/// Which algorithm to use.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub enum Method {
    /// Choose by size (see [`rank_with`]).
    #[default]
    Auto,
    /// Fraction-free elimination over big integers.
    Bareiss,
    /// Elimination modulo word-size primes.
    Modular,
    /// Sparse elimination.
    Sparse,
}

impl Method {
    /// Lower-case name, as the CLI spells it.
    ///
    /// ```
    /// assert_eq!(exrank::Method::Bareiss.name(), "bareiss");
    /// ```
    pub fn name(&self) -> &'static str {
        match self {
            Method::Auto => "auto",
            Method::Bareiss => "bareiss",
            Method::Modular => "modular",
            Method::Sparse => "sparse",
        }
    }
}

/// Knobs for [`rank_with`]. `Default` gives the recommended behaviour.
#[derive(Clone, Debug, Default)]
pub struct RankParams {
    /// Which method; `Auto` chooses by size.
    pub method: Method,
    /// `Some(p)`: the rank over GF(p) instead of Q (p must be prime).
    pub modulus: Option<u64>,
}

/// A rank and the evidence behind it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RankResult {
    /// The rank.
    pub rank: usize,
    /// Number of rows of the input.
    pub rows: usize,
    /// Number of columns of the input.
    pub cols: usize,
    /// The field.
    pub field: Field,
    /// The method that produced the answer (never `Auto`).
    pub method: Method,
    /// How sure the answer is.
    pub certainty: Certainty,
    /// Pivot rows, 0-based, ascending.
    pub pivot_rows: Vec<usize>,
    /// Pivot columns, 0-based, ascending.
    pub pivot_cols: Vec<usize>,
}

/// Exact rank over Q with the default parameters.
///
/// ```
/// let a = exrank::ZMatrix::from_fn(4, 4, |i, j| (4 * j + i + 1).into());
/// let r = exrank::rank(&a);
/// assert_eq!(r.rank, 2);
/// assert_eq!(r.certainty, exrank::Certainty::Certified);
/// ```
pub fn rank(a: &ZMatrix) -> RankResult {
    rank_with(a, &RankParams::default()).expect("default parameters are valid")
}

/// Rank with explicit parameters.
///
/// # Errors
/// A modulus that is not prime.
///
/// ```
/// use exrank::{rank_with, RankParams, Method, ZMatrix};
/// let a = ZMatrix::from_i64_rows(&[vec![3, 0], vec![0, 1]]).unwrap();
/// let r = rank_with(&a, &RankParams { modulus: Some(3), ..Default::default() }).unwrap();
/// assert_eq!(r.rank, 1);
/// assert!(rank_with(&a, &RankParams { modulus: Some(4), ..Default::default() }).is_err());
/// ```
pub fn rank_with(a: &ZMatrix, params: &RankParams) -> Result<RankResult> {
    let (rows, cols) = (a.rows(), a.cols());
    if let Some(p) = params.modulus {
        if !modular::prime::is_prime(p) {
            return Err(Error::Invalid(format!(
                "modulus {p} is not prime (rank over Z/nZ for composite n is not one number)"
            )));
        }
        let e = modular::rank_mod_p(a, p);
        return Ok(RankResult {
            rank: e.rank,
            rows,
            cols,
            field: Field::Prime(p),
            method: Method::Modular,
            certainty: Certainty::Certified,
            pivot_rows: e.pivot_rows,
            pivot_cols: e.pivot_cols,
        });
    }
    // Reference route until the modular engine lands: Bareiss is exact and deterministic.
    let e = bareiss::eliminate(a);
    Ok(RankResult {
        rank: e.rank,
        rows,
        cols,
        field: Field::Rationals,
        method: Method::Bareiss,
        certainty: Certainty::Certified,
        pivot_rows: e.pivot_rows,
        pivot_cols: e.pivot_cols,
    })
}
