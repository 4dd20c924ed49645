//! Dense elimination mod p for the Schur complement left once sparse pivoting stops
//! paying. Kept behind the single function [`rank_dense_mod_p`] so a faster dense kernel
//! can replace it without touching the sparse code.

use rayon::prelude::*;

/// `a·b mod p`; a single 64-bit remainder when `p < 2³²`, else a 128-bit product.
#[inline(always)]
pub(crate) fn mul_mod(a: u64, b: u64, p: u64) -> u64 {
    if p <= u32::MAX as u64 {
        a * b % p
    } else {
        ((a as u128 * b as u128) % p as u128) as u64
    }
}

/// `a + b mod p` for `a, b < p < 2⁶³`.
#[inline(always)]
pub(crate) fn add_mod(a: u64, b: u64, p: u64) -> u64 {
    let s = a + b;
    if s >= p {
        s - p
    } else {
        s
    }
}

/// Shoup's precomputed quotient for multiplying by the fixed `w < p`: ⌊w·2⁶⁴/p⌋.
#[inline(always)]
fn shoup(w: u64, p: u64) -> u64 {
    (((w as u128) << 64) / p as u128) as u64
}

/// `a·w mod p` for `a < p < 2⁶³` with `wp = shoup(w, p)`: the high product estimates
/// the quotient within one, so a single conditional subtraction finishes (no division).
#[inline(always)]
fn mul_shoup(a: u64, w: u64, wp: u64, p: u64) -> u64 {
    let q = ((a as u128 * wp as u128) >> 64) as u64;
    let r = a.wrapping_mul(w).wrapping_sub(q.wrapping_mul(p));
    if r >= p {
        r - p
    } else {
        r
    }
}

/// `a⁻¹ mod p` for a prime p and `a ≠ 0`.
#[inline]
pub(crate) fn inv_mod(a: u64, p: u64) -> u64 {
    crate::modular::prime::pow_mod(a, p - 2, p)
}

/// What dense elimination found, in local (buffer) indices.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DenseTail {
    /// Rank of the buffer over GF(p).
    pub rank: usize,
    /// Local pivot rows (indices into the buffer's rows), ascending.
    pub pivot_rows: Vec<usize>,
    /// Local pivot columns, ascending (the column rank profile of the buffer).
    pub pivot_cols: Vec<usize>,
}

/// Rank of the row-major `rows × cols` buffer of residues in `[0, p)` (overwritten).
/// Rows below the pivot are updated in parallel. For p < 2²⁶ the arithmetic is done in
/// f64 (products stay below 2⁵³, so exact, and the loop vectorises); otherwise in u64
/// with Shoup's trick (one 128-bit division per row and pivot instead of per entry).
///
/// ```
/// use exrank::sparse::dense_tail::rank_dense_mod_p;
/// let mut a = vec![1, 2, 2, 4]; // rank 1 over every field
/// assert_eq!(rank_dense_mod_p(&mut a, 2, 2, 5).rank, 1);
/// let mut b = vec![1, 2, 3, 4];
/// assert_eq!(rank_dense_mod_p(&mut b, 2, 2, (1 << 61) - 1).rank, 2);
/// ```
pub fn rank_dense_mod_p(buf: &mut [u64], rows: usize, cols: usize, p: u64) -> DenseTail {
    assert_eq!(buf.len(), rows * cols, "buffer shape");
    if p < 1 << 26 {
        let mut f: Vec<f64> = buf.iter().map(|&x| x as f64).collect();
        let pf = p as f64;
        let pinv = 1.0 / pf;
        return eliminate_rows(
            &mut f,
            rows,
            cols,
            0.0,
            |x| inv_mod(x as u64, p),
            |row, prow, j, inv| {
                let f = (p - mul_mod(row[j] as u64, inv, p)) as f64;
                row[j] = 0.0;
                for (x, &y) in row[j + 1..].iter_mut().zip(&prow[j + 1..]) {
                    *x = reduce_f64(*x + f * y, pf, pinv);
                }
            },
        );
    }
    eliminate_rows(
        buf,
        rows,
        cols,
        0,
        |x| inv_mod(x, p),
        |row, prow, j, inv| {
            let f = p - mul_mod(row[j], inv, p);
            let fp = shoup(f, p);
            row[j] = 0;
            for (x, &y) in row[j + 1..].iter_mut().zip(&prow[j + 1..]) {
                *x = add_mod(*x, mul_shoup(y, f, fp, p), p);
            }
        },
    )
}

/// `x mod p` for an integer-valued `0 ≤ x < 2⁵³`: the quotient is rounded to nearest
/// with the 1.5·2⁵² trick (no libm call, so it vectorises), which leaves the remainder
/// within one p of the answer.
#[inline(always)]
fn reduce_f64(x: f64, p: f64, pinv: f64) -> f64 {
    const ROUND: f64 = 6_755_399_441_055_744.0;
    let q = (x * pinv + ROUND) - ROUND;
    let r = x - q * p;
    let r = if r < 0.0 { r + p } else { r };
    if r >= p {
        r - p
    } else {
        r
    }
}

/// Row echelon skeleton: find a pivot, swap it up, let `update(row, pivot_row, j, inv)`
/// clear column j of every row below (called only when `row[j] != zero`; `inv` is
/// `invert(pivot)`, computed once per pivot).
fn eliminate_rows<T: Copy + PartialEq + Send + Sync>(
    buf: &mut [T],
    rows: usize,
    cols: usize,
    zero: T,
    invert: impl Fn(T) -> u64,
    update: impl Fn(&mut [T], &[T], usize, u64) + Sync,
) -> DenseTail {
    let mut order: Vec<usize> = (0..rows).collect();
    let mut pivot_cols = Vec::new();
    let mut r = 0;
    for j in 0..cols {
        if r == rows {
            break;
        }
        let Some(q) = (r..rows).find(|&i| buf[i * cols + j] != zero) else {
            continue;
        };
        if q != r {
            for k in 0..cols {
                buf.swap(r * cols + k, q * cols + k);
            }
            order.swap(r, q);
        }
        let (top, rest) = buf.split_at_mut((r + 1) * cols);
        let prow = &top[r * cols..];
        let inv = invert(prow[j]);
        rest.par_chunks_mut(cols).with_min_len(16).for_each(|row| {
            if row[j] != zero {
                update(row, prow, j, inv);
            }
        });
        pivot_cols.push(j);
        r += 1;
    }
    let mut pivot_rows = order[..r].to_vec();
    pivot_rows.sort_unstable();
    DenseTail {
        rank: r,
        pivot_rows,
        pivot_cols,
    }
}
