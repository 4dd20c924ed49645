//! Dense rank over GF(p): the entry points. Picks the kernel by the size of p — doubles with
//! delayed reduction and GEMM below 2²⁶ ([`super::gfp_f64`]), u64 residues with a
//! digit-split GEMM up to 2⁶³ ([`super::gfp_u64`]) — and returns pivots in the caller's
//! indices.

use super::gfp_f64::{rank_f64, F64_PRIME_LIMIT};
use super::gfp_u64::rank_u64;
use super::reduce::reduce_zmatrix;
use crate::ZMatrix;
use faer::Par;
use rayon::prelude::*;

/// What elimination modulo p found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModElimination {
    /// The prime.
    pub p: u64,
    /// Rank over GF(p).
    pub rank: usize,
    /// Pivot rows, 0-based, ascending. A[pivot_rows, pivot_cols] is invertible mod p.
    pub pivot_rows: Vec<usize>,
    /// Pivot columns, 0-based, ascending (the column rank profile over GF(p)).
    pub pivot_cols: Vec<usize>,
}

/// Rank of `a` modulo the prime `p < 2^63` (the caller has checked that p is prime), on
/// one thread. Use [`rank_residues`] with `Par::rayon(0)` to spread one large
/// elimination over all cores.
///
/// # Panics
/// If `p < 2` or `p >= 2^63`.
///
/// ```
/// let a = exrank::ZMatrix::from_i64_rows(&[vec![2, 0], vec![0, 1]]).unwrap();
/// assert_eq!(exrank::modular::rank_mod_p(&a, 2).rank, 1);
/// assert_eq!(exrank::modular::rank_mod_p(&a, 3).rank, 2);
/// ```
pub fn rank_mod_p(a: &ZMatrix, p: u64) -> ModElimination {
    let mut res = reduce_zmatrix(a, p);
    rank_residues(&mut res, a.rows(), a.cols(), p, Par::Seq)
}

/// Rank of the row-major `rows × cols` matrix of residues in [0, p) in `a` (overwritten),
/// p prime below 2⁶³. The residue-level entry, for callers that already hold residues
/// (a sparse eliminator's dense Schur complement, a reduced rational matrix).
/// `par` spreads the matrix products over threads (`faer::Par::Seq`
/// for one).
///
/// # Panics
/// If `a.len() != rows * cols`, an entry is not below p, or p is outside [2, 2⁶³).
///
/// ```
/// use exrank::modular::rank_residues;
/// let mut a = vec![1, 1, 1, 1]; // [[1, 1], [1, 1]]
/// let e = rank_residues(&mut a, 2, 2, 3, faer::Par::Seq);
/// assert_eq!((e.rank, e.pivot_rows, e.pivot_cols), (1, vec![0], vec![0]));
/// ```
pub fn rank_residues(a: &mut [u64], rows: usize, cols: usize, p: u64, par: Par) -> ModElimination {
    crate::pool::on_worker(|| rank_residues_on_worker(a, rows, cols, p, par))
}

fn rank_residues_on_worker(
    a: &mut [u64],
    rows: usize,
    cols: usize,
    p: u64,
    par: Par,
) -> ModElimination {
    assert_eq!(a.len(), rows * cols, "buffer length must be rows * cols");
    // Checked (and for the f64 kernel converted) in one parallel pass: on one thread the
    // check and the conversion took 2.8 ms of the 40 ms at n = 1000. max() vectorises
    // where a short-circuiting all() does not.
    const CHUNK: usize = 1 << 14;
    let chunk_max = |x: &[u64]| x.iter().copied().max().unwrap_or(0);
    let (converted, max) = if p < F64_PRIME_LIMIT {
        let mut d = vec![0.0f64; a.len()];
        let max = d
            .par_chunks_mut(CHUNK)
            .zip(a.par_chunks(CHUNK))
            .map(|(out, x)| {
                // Residues below 2^26 convert through u32, which vectorises on any x86-64
                // (a larger entry fails the check before its truncation matters).
                for (o, &v) in out.iter_mut().zip(x) {
                    *o = v as u32 as f64;
                }
                chunk_max(x)
            })
            .max();
        (Some(d), max)
    } else {
        (None, a.par_chunks(CHUNK).map(chunk_max).max())
    };
    assert!(
        max.is_none_or(|m| m < p),
        "entries must be residues below p"
    );
    match converted {
        Some(mut d) => rank_f64(&mut d, rows, cols, p, par),
        None => rank_u64(a, rows, cols, p, par),
    }
}
