//! Sparse matrices and sparse elimination modulo p for homology-scale inputs: 10⁵–10⁶
//! rows, a few nonzeros per row, entries mostly ±1.
//!
//! Pipeline: coordinate entries ([`crate::io::Parsed`]) → [`SparseZMatrix`] (row-scaled
//! integers) or [`SparseModMatrix`] (residues), memory ∝ nnz → rounds of structural
//! pivots and Schur complements ([`eliminate`]) → a dense tail ([`dense_tail`]) → rank,
//! pivot rows and columns. Over Q, several primes ([`multimodular`]) with the proof
//! where affordable and an explicit error bound otherwise.
//!
//! [`complexes`] generates boundary matrices of simplicial complexes whose homology is
//! known in closed form, for tests and benchmarks.

pub mod complexes;
pub mod dense_tail;
pub mod eliminate;
pub mod matrix;
pub mod multimodular;
pub mod pivots;
pub mod progress;

pub use matrix::{SparseModMatrix, SparseZMatrix};

use crate::error::{Error, Result};
use crate::io::{Entries, Parsed, Scalar};
use crate::{Certainty, Field, Method, RankResult};

/// Knobs for sparse rank. `Default` gives the recommended behaviour.
#[derive(Clone, Debug)]
pub struct SparseParams {
    /// Primes to use over Q; `None` draws random primes from [2³⁰, 2³¹) (needed for the
    /// probabilistic bound to mean anything).
    pub primes: Option<Vec<u64>>,
    /// Seed for the random primes; `None` seeds from the operating system. A fixed seed
    /// keeps runs reproducible; the error bound then assumes the seed was not chosen
    /// with the matrix in mind.
    pub seed: Option<u64>,
    /// Certainty goal over Q: the largest acceptable error probability when the upper
    /// bound cannot be proved (default 10⁻²⁰).
    pub max_error: f64,
    /// How many primes the Hadamard proof of the upper bound may cost before falling
    /// back to the probabilistic bound (default 16).
    pub max_proof_primes: usize,
    /// Draw a progress bar on a terminal (never when stderr is not a terminal).
    pub progress: bool,
    /// Worker threads; `None` uses rayon's global pool (all cores).
    pub threads: Option<usize>,
    /// Largest dense Schur complement, in bytes of u64 residues (default 1 GiB).
    pub dense_tail_max_bytes: usize,
    /// Density of the remaining matrix at which elimination turns dense (default 0.05).
    pub dense_switch_density: f64,
}

impl Default for SparseParams {
    fn default() -> Self {
        SparseParams {
            primes: None,
            seed: None,
            max_error: 1e-20,
            max_proof_primes: 16,
            progress: true,
            threads: None,
            dense_tail_max_bytes: 1 << 30,
            dense_switch_density: 0.05,
        }
    }
}

impl SparseParams {
    /// Default parameters without a progress bar (for libraries and tests).
    ///
    /// ```
    /// assert!(!exrank::sparse::SparseParams::quiet().progress);
    /// ```
    pub fn quiet() -> Self {
        SparseParams {
            progress: false,
            ..Default::default()
        }
    }

    fn install<T: Send>(&self, f: impl FnOnce() -> T + Send) -> Result<T> {
        match self.threads {
            None => Ok(f()),
            Some(t) => rayon::ThreadPoolBuilder::new()
                .num_threads(t)
                .build()
                .map(|pool| pool.install(f))
                .map_err(|e| Error::Invalid(format!("cannot start {t} threads: {e}"))),
        }
    }
}

/// The coordinate form of `parsed`: borrowed when it already is one, else the nonzeros
/// of the dense entries (so `--storage sparse` works on any input).
fn coordinates(parsed: &Parsed) -> std::borrow::Cow<'_, Parsed> {
    let cols = parsed.cols.max(1);
    let triples = match &parsed.entries {
        Entries::Coordinate(_) => return std::borrow::Cow::Borrowed(parsed),
        Entries::Dense(values) => values
            .iter()
            .enumerate()
            .filter(|(_, s)| !s.is_zero())
            .map(|(k, s)| (k / cols, k % cols, s.clone()))
            .collect(),
        Entries::DenseInt(values) => values
            .iter()
            .enumerate()
            .filter(|(_, x)| **x != 0)
            .map(|(k, x)| (k / cols, k % cols, Scalar::Int(*x)))
            .collect(),
    };
    std::borrow::Cow::Owned(Parsed {
        rows: parsed.rows,
        cols: parsed.cols,
        entries: Entries::Coordinate(triples),
    })
}

/// Whether the sparse route should handle a `rows × cols` matrix with `nnz` nonzeros.
///
/// Rule: sparse when at most 5% of the entries are nonzero and the matrix has at least
/// 10⁴ cells, or whenever a dense copy would exceed 2²⁸ cells (2 GiB of u64 residues,
/// beyond what the dense kernels should be asked to hold). Source: below 5% density
/// the structural pivots of homology-style matrices settle most rows without fill-in
/// (the `sparse_vs_linbox` benchmark's boundary matrices are all below 0.1%), while
/// dense elimination pays rows·cols·rank regardless; the 5% figure is also where this
/// module's own eliminator hands its Schur complement to the dense kernel.
///
/// ```
/// use exrank::sparse::prefers_sparse;
/// assert!(prefers_sparse(1_000_000, 1_000_000, 3_000_000));
/// assert!(!prefers_sparse(100, 100, 9_000));
/// ```
pub fn prefers_sparse(rows: usize, cols: usize, nnz: usize) -> bool {
    let cells = rows as u128 * cols as u128;
    cells > 1 << 28 || (cells >= 10_000 && (nnz as u128) * 20 <= cells)
}

/// Exact rank over Q of a coordinate-form matrix (rational entries allowed: each row is
/// scaled by the lcm of its denominators). The certainty says what is proved.
///
/// # Errors
/// Shapes too wide for sparse storage, indices past the shape. (Dense entries are taken
/// as their nonzeros.)
///
/// ```
/// use exrank::sparse::{complexes::Complex, rank_parsed, SparseParams};
/// // ∂₂ of the boundary of the 3-simplex (a 2-sphere): rank 3 = C(3, 2).
/// let d2 = Complex::simplex_boundary(3).boundary(2);
/// let r = rank_parsed(&d2, &SparseParams::quiet()).unwrap();
/// assert_eq!(r.rank, 3);
/// assert_eq!(r.certainty, exrank::Certainty::Certified);
/// ```
pub fn rank_parsed(parsed: &Parsed, params: &SparseParams) -> Result<RankResult> {
    let z = SparseZMatrix::from_parsed(&coordinates(parsed))?;
    params.install(|| multimodular::rank_over_q(&z, params))?
}

/// Rank over GF(p) of a coordinate-form matrix; a fraction a/b is a·b⁻¹ mod p.
///
/// # Errors
/// `p` not a prime below 2⁶³; an entry whose denominator p divides (named); indices
/// past the shape. (Dense entries are taken as their nonzeros.)
///
/// ```
/// use exrank::sparse::{complexes::Complex, rank_parsed_mod_p, SparseParams};
/// // RP²: ∂₂ loses one rank mod 2 (H₁ = Z/2).
/// let rp2 = Complex::projective_plane(4);
/// let d2 = rp2.boundary(2);
/// let q = rank_parsed_mod_p(&d2, 3, &SparseParams::quiet()).unwrap().rank;
/// let two = rank_parsed_mod_p(&d2, 2, &SparseParams::quiet()).unwrap().rank;
/// assert_eq!(q, two + 1);
/// ```
pub fn rank_parsed_mod_p(parsed: &Parsed, p: u64, params: &SparseParams) -> Result<RankResult> {
    if p >= 1 << 63 {
        return Err(Error::Invalid(format!("modulus {p} is not below 2^63")));
    }
    let m = SparseModMatrix::from_parsed(&coordinates(parsed), p)?;
    let e = params.install(|| eliminate::eliminate_mod_p(&m, params))?;
    Ok(RankResult {
        rank: e.rank,
        rows: parsed.rows,
        cols: parsed.cols,
        field: Field::Prime(p),
        method: Method::Sparse,
        certainty: Certainty::Certified,
        pivot_rows: e.pivot_rows,
        pivot_cols: e.pivot_cols,
    })
}
