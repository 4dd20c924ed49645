//! The public entry: [`rank_with`] picks a method and returns a [`RankResult`] that says
//! how sure it is. Read it in ten seconds: GF(p) → rank mod p; forced method → that
//! method; otherwise tiny → Bareiss, else multimodular with proof (or an error bound).

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

/// How sure the answer over Q must be.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CertaintyGoal {
    /// A deterministic proof (the default).
    #[default]
    Certified,
    /// Stop after `primes` random primes agree and report the error bound (multimodular
    /// only; Bareiss is always certified).
    Probabilistic {
        /// How many agreeing primes (3 gives a bound below 10⁻⁶ up to n ≈ 1000 with small
        /// entries; see [`crate::modular::multimodular`]).
        primes: usize,
    },
}

/// `Method::Auto` uses Bareiss when both dimensions are at most this, modular above.
/// Set by `examples/modular_speed.rs --crossover` (one thread, shared 2-core machine,
/// 2026-11-22), Bareiss time / modular time:
///
/// | n | 6 | 8 | 10 | 12 | 16 | 24 |
/// |---|---|---|---|---|---|---|
/// | full rank, entries ≤ 100 | 0.68 | 1.52 | 2.59 | 3.78 | 6.88 | 15.1 |
/// | rank n/2 (product of ±10 factors) | 0.31 | 0.67 | 0.63 | 0.94 | 1.44 | 2.43 |
///
/// Full rank needs one prime and wins from n = 8; rank-deficient inputs need Hadamard
/// primes and win from n ≈ 13. At 10 the worst loss is a few microseconds.
pub const BAREISS_MAX_DIM: usize = 10;

/// Knobs for [`rank_with`]. `Default` gives the recommended behaviour: certified, every
/// core, and route (a) of the upper bound by Dixon lifting when its cost model says it beats
/// the Hadamard route ([`modular::dixon::kernel_check_if_cheaper`]).
#[derive(Clone, Debug)]
pub struct RankParams {
    /// Which method; `Auto` chooses by size.
    pub method: Method,
    /// `Some(p)`: the rank over GF(p) instead of Q (p must be prime).
    pub modulus: Option<u64>,
    /// Certified (default) or probabilistic with k primes.
    pub certainty: CertaintyGoal,
    /// Worker threads for the modular engine; `None` uses every core.
    pub threads: Option<usize>,
    /// Route (a) of the upper-bound proof (an exact kernel check), tried before the
    /// Hadamard route; see [`crate::modular::KernelCheck`].
    pub kernel_check: Option<modular::KernelCheck>,
}

impl Default for RankParams {
    fn default() -> Self {
        RankParams {
            method: Method::Auto,
            modulus: None,
            certainty: CertaintyGoal::Certified,
            threads: None,
            kernel_check: Some(modular::dixon::kernel_check_if_cheaper),
        }
    }
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
/// A modulus that is not prime (or not below 2⁶³), a thread pool that cannot be built.
///
/// ```
/// use exrank::{rank_with, RankParams, Method, ZMatrix};
/// let a = ZMatrix::from_i64_rows(&[vec![3, 0], vec![0, 1]]).unwrap();
/// let r = rank_with(&a, &RankParams { modulus: Some(3), ..Default::default() }).unwrap();
/// assert_eq!(r.rank, 1);
/// assert!(rank_with(&a, &RankParams { modulus: Some(4), ..Default::default() }).is_err());
/// let q = rank_with(&a, &RankParams { method: Method::Modular, ..Default::default() }).unwrap();
/// assert_eq!((q.rank, q.method), (2, Method::Modular));
/// ```
pub fn rank_with(a: &ZMatrix, params: &RankParams) -> Result<RankResult> {
    on_threads(params.threads, || dispatch(a, params))
}

/// [`rank_with`] of the `rows × cols` row-major machine integers `values` (a file's
/// [`crate::io::Entries::DenseInt`]), taken by value: the modular method then holds them
/// as doubles in their own allocation, so a dense 10000 × 10000 matrix needs that array
/// and one of residues (1.6 GB) rather than 4.5 GiB of GMP integers besides. Other methods,
/// a modulus, and entries of 2⁵¹ or more build the GMP matrix and go through
/// [`rank_with`].
///
/// # Errors
/// As [`rank_with`].
///
/// # Panics
/// If `values.len() != rows * cols`.
///
/// ```
/// use exrank::{rank::rank_of_integers, RankParams, Method};
/// let modular = RankParams { method: Method::Modular, ..Default::default() };
/// let r = rank_of_integers(2, 3, vec![1, 2, 3, 2, 4, 6], &modular).unwrap();
/// assert_eq!((r.rank, r.method), (1, Method::Modular));
/// let tiny = rank_of_integers(1, 1, vec![7], &RankParams::default()).unwrap();
/// assert_eq!((tiny.rank, tiny.method), (1, Method::Bareiss));
/// ```
pub fn rank_of_integers(
    rows: usize,
    cols: usize,
    values: Vec<i64>,
    params: &RankParams,
) -> Result<RankResult> {
    assert_eq!(
        values.len(),
        rows * cols,
        "values must hold rows * cols entries"
    );
    let values =
        if params.modulus.is_none() && resolve(params.method, rows, cols) == Method::Modular {
            match modular::SmallEntries::from_integers(rows, cols, values) {
                Ok(src) => return on_threads(params.threads, || Ok(modular_rank(&src, params))),
                Err(values) => values,
            }
        } else {
            values
        };
    let a = crate::io::Parsed {
        rows,
        cols,
        entries: crate::io::Entries::DenseInt(values),
    }
    .to_zmatrix();
    rank_with(&a, params)
}

/// Runs `f` on a pool of `threads` workers, or on the current pool for `None`.
fn on_threads<T: Send>(threads: Option<usize>, f: impl FnOnce() -> Result<T> + Send) -> Result<T> {
    match threads {
        None => f(),
        Some(t) => rayon::ThreadPoolBuilder::new()
            .num_threads(t)
            .build()
            .map_err(|e| Error::Invalid(format!("cannot start {t} threads: {e}")))?
            .install(f),
    }
}

/// The method `Auto` stands for at this shape; other methods stand for themselves.
fn resolve(method: Method, rows: usize, cols: usize) -> Method {
    match method {
        Method::Auto if rows.max(cols) <= BAREISS_MAX_DIM => Method::Bareiss,
        Method::Auto => Method::Modular,
        m => m,
    }
}

fn dispatch(a: &ZMatrix, params: &RankParams) -> Result<RankResult> {
    if let Some(p) = params.modulus {
        let mut residues = modular::reduce_zmatrix(a, check_modulus(p)?);
        return Ok(rank_of_residues(&mut residues, a.rows(), a.cols(), p));
    }
    match resolve(params.method, a.rows(), a.cols()) {
        Method::Bareiss => Ok(bareiss_rank(a)),
        Method::Sparse => crate::sparse::rank_parsed(
            &crate::io::Parsed::from(a),
            &crate::sparse::SparseParams::quiet(),
        ),
        _ => Ok(modular_rank(&modular::SmallEntries::new(a), params)),
    }
}

/// `p` if it is a prime below 2⁶³, else the error the CLI prints.
///
/// # Errors
/// [`Error::Invalid`] for a composite, 0, 1, or p ≥ 2⁶³.
///
/// ```
/// assert_eq!(exrank::rank::check_modulus(2).unwrap(), 2);
/// assert!(exrank::rank::check_modulus(1).is_err());
/// assert!(exrank::rank::check_modulus(u64::MAX).is_err());
/// ```
pub fn check_modulus(p: u64) -> Result<u64> {
    if p >= 1 << 63 {
        return Err(Error::Invalid(format!(
            "modulus {p} is too large (must be below 2^63)"
        )));
    }
    if !modular::prime::is_prime(p) {
        return Err(Error::Invalid(format!(
            "modulus {p} is not prime (rank over Z/nZ for composite n is not one number)"
        )));
    }
    Ok(p)
}

/// Rank over GF(p) of the row-major residues in `residues` (overwritten): the entry for
/// inputs already reduced mod p, such as rational matrices through
/// [`modular::reduce_parsed`]. Checks that p is a prime below 2⁶³.
///
/// # Errors
/// A modulus that is not a prime below 2⁶³.
///
/// # Panics
/// If `residues.len() != rows * cols` or an entry is not below p.
///
/// ```
/// let mut res = vec![1, 2, 2, 4];
/// let r = exrank::rank::rank_mod_residues(&mut res, 2, 2, 7).unwrap();
/// assert_eq!((r.rank, r.field), (1, exrank::Field::Prime(7)));
/// ```
pub fn rank_mod_residues(
    residues: &mut [u64],
    rows: usize,
    cols: usize,
    p: u64,
) -> Result<RankResult> {
    Ok(rank_of_residues(residues, rows, cols, check_modulus(p)?))
}

fn rank_of_residues(residues: &mut [u64], rows: usize, cols: usize, p: u64) -> RankResult {
    let e = modular::rank_residues(residues, rows, cols, p, faer::Par::rayon(0));
    RankResult {
        rank: e.rank,
        rows,
        cols,
        field: Field::Prime(p),
        method: Method::Modular,
        certainty: Certainty::Certified,
        pivot_rows: e.pivot_rows,
        pivot_cols: e.pivot_cols,
    }
}

fn bareiss_rank(a: &ZMatrix) -> RankResult {
    let e = bareiss::eliminate(a);
    RankResult {
        rank: e.rank,
        rows: a.rows(),
        cols: a.cols(),
        field: Field::Rationals,
        method: Method::Bareiss,
        certainty: Certainty::Certified,
        pivot_rows: e.pivot_rows,
        pivot_cols: e.pivot_cols,
    }
}

fn modular_rank(src: &modular::SmallEntries, params: &RankParams) -> RankResult {
    let goal = match params.certainty {
        CertaintyGoal::Certified => modular::Goal::Certified,
        CertaintyGoal::Probabilistic { primes } => modular::Goal::Probabilistic { primes },
    };
    let opts = modular::Options {
        goal,
        kernel_check: params.kernel_check,
        seed: None,
    };
    let r = modular::multimodular::rank_over_q_of(src, &opts);
    RankResult {
        rank: r.rank,
        rows: src.rows(),
        cols: src.cols(),
        field: Field::Rationals,
        method: Method::Modular,
        certainty: r.certainty(),
        pivot_rows: r.pivot_rows,
        pivot_cols: r.pivot_cols,
    }
}
