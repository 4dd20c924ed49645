//! The inverse of a square matrix modulo a prime p < 2²³ by recursive 2 × 2 block
//! inversion (Schur complements), so that almost all the work is large f64 matrix
//! products (faer's GEMM), the FFLAS-FFPACK way.
//!
//! For A = [A₁₁ A₁₂; A₂₁ A₂₂] with X = A₁₁⁻¹ (recursively), T₂ = X·A₁₂, the Schur
//! complement S = A₂₂ − A₂₁·T₂ (whose inverse is again computed recursively) and
//! T₁ = A₂₁·X,
//!
//! A⁻¹ = [X − C₁₂·T₁, C₁₂; C₂₁, S⁻¹] with C₁₂ = −T₂·S⁻¹ and C₂₁ = −S⁻¹·T₁:
//!
//! six products per level, r³ multiply-adds in all (as many as Gauss–Jordan, whatever the
//! split), but the top level's products are (r/2)³, where GEMM runs near its peak, and
//! there is no r × 2r augmented matrix. Everything happens in place (A's blocks turn into
//! those of A⁻¹ one by one), with one workspace for T₂ and then T₁ (r²/3 entries for all
//! levels). Blocks of at most [`BASE`] rows are inverted by Gauss–Jordan with lazy
//! reduction. `modular_speed --inverse=N` (min of 5 interleaved runs, shared 2-core
//! machine): 1.9 ms at N = 400, 20.4 ms at N = 1000 (98 GFLOP/s, with faer's GEMM at 118
//! in the same run), 188 ms at N = 2000, against 5.0, 37 and 436 ms for the blocked
//! Gauss–Jordan on [B | I] this replaced.
//!
//! Pivoting: A₁₁ may be singular although A is not (never for random matrices, often for
//! structured ones). Then h₁ independent rows of the left column block [A₁₁; A₂₁] are
//! found by an elimination ([`rank_f64`]) and moved to the top: for that P·A the leading
//! block is invertible, S is invertible iff A is (det A = ± det A₁₁·det S), and
//! A⁻¹ = (P·A)⁻¹·P is a permutation of the columns. This needs A₁₁ as it was: a singular
//! leaf leaves its block untouched, but a block found singular only at its own Schur
//! complement has been overwritten. Then the whole inversion starts again with a copy of
//! every leading block kept until it is inverted (rare: it takes a singular leading block
//! whose own leading block is not).
//!
//! Exactness: residues are kept centred (|x| ≤ (p−1)/2) and every product's inner
//! dimension is cut into pieces of at most [`GfpF64::chunk`] (256 for p just below 2²³),
//! each added to a reduced result, so every sum is an integer below 2⁵² and exact in f64.
//! Nothing here needs to be trusted by a proof: [`super::dixon`] only uses B⁻¹ to guess
//! digits and checks every step exactly.
//!
//! Layout: the row-major B is read as the column-major Bᵀ, and the column-major (Bᵀ)⁻¹
//! written in its place is the row-major B⁻¹, so no transposition is ever made.

use super::gfp_f64::{rank_f64, GfpF64};
use super::prime::pow_mod;
use faer::prelude::{Reborrow, ReborrowMut};
use faer::{Accum, Mat, MatMut, MatRef, Par};

/// Blocks up to this size are inverted by Gauss–Jordan. `modular_speed --inverse=N`, min
/// of 5 interleaved runs (shared machine): 16, 24, 32, 48, 64 took 2.11, 1.99, 1.89, 2.02,
/// 2.09 ms at N = 400 and 21.1, 20.6, 21.1, 21.1, 21.6 ms at N = 1000.
const BASE: usize = 32;

/// Products with at least this many multiply-adds are split over all threads (below,
/// the split costs more than it saves at N = 400).
const PAR_MIN: usize = 1 << 20;

/// Products whose inner dimension is cut into pieces go by column panels of about this
/// many entries of the result (2 MB, the L2 cache of this machine's cores), so that each
/// piece's reduction finds the panel in cache: 200 instead of 215 ms at N = 2000.
const PANEL_ENTRIES: usize = 1 << 18;

/// B⁻¹ mod p for the row-major r × r matrix of residues `b` (entries in [0, p)), with
/// entries centred in [−(p−1)/2, (p−1)/2] as f64, row-major; `None` when B is singular
/// modulo p.
///
/// # Panics
/// If p is not in [3, 2²³) or `b.len() != r * r`.
///
/// ```
/// use exrank::modular::inverse_mod_p::inverse_mod_p;
/// let inv = inverse_mod_p(&[2, 1, 1, 1], 2, 7).unwrap(); // [[2, 1], [1, 1]]⁻¹ = [[1, −1], [−1, 2]]
/// assert_eq!(inv, vec![1.0, -1.0, -1.0, 2.0]);
/// assert!(inverse_mod_p(&[1, 2, 2, 4], 2, 7).is_none()); // singular
/// ```
pub fn inverse_mod_p(b: &[u64], r: usize, p: u64) -> Option<Vec<f64>> {
    assert!((3..1 << 23).contains(&p), "p = {p} outside [3, 2^23)");
    assert_eq!(b.len(), r * r, "b must be r × r");
    let f = GfpF64::new(p);
    let mut ws = vec![0.0f64; workspace(r)];
    for careful in [false, true] {
        let mut a = centred(b, p);
        match invert_in_place(
            MatMut::from_column_major_slice_mut(&mut a, r, r),
            &mut ws,
            f,
            careful,
        ) {
            Ok(()) => return Some(a),
            Err(Failure::Restart) => continue,
            Err(Failure::Untouched | Failure::Overwritten) => return None,
        }
    }
    unreachable!("the careful pass restores every block it needs again")
}

/// Why a block was not inverted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Failure {
    /// The block is singular and still holds its entries.
    Untouched,
    /// The block is singular and was overwritten.
    Overwritten,
    /// A leading block needed other rows after it was overwritten (only without
    /// `careful`): the work must start again with backups.
    Restart,
}

/// Replaces the square block `a` by its inverse (centred residues); on failure, says why.
/// `ws` holds at least [`workspace`] of its size. With `careful`, every leading block is
/// copied before its inversion, so a singular one can be restored and pivoted, and
/// [`Failure::Restart`] cannot happen.
fn invert_in_place(
    mut a: MatMut<'_, f64>,
    ws: &mut [f64],
    f: GfpF64,
    careful: bool,
) -> Result<(), Failure> {
    let n = a.nrows();
    if n <= BASE {
        return invert_base(a, f);
    }
    let (h1, h2) = (split_point(n), n - split_point(n));
    let perm = invert_leading_block(a.rb_mut(), h1, ws, f, careful)?;
    {
        let (mut a11, mut a12, mut a21, mut a22) = a.rb_mut().split_at_mut(h1, h1);
        let (w, rest) = ws.split_at_mut(h1 * h2);
        let t2 = MatMut::from_column_major_slice_mut(&mut *w, h1, h2);
        mul_mod(t2, false, 1.0, a11.rb(), a12.rb(), f); // T₂ = X·A₁₂
        let t2 = MatRef::from_column_major_slice(w, h1, h2);
        mul_mod(a22.rb_mut(), true, -1.0, a21.rb(), t2, f); // S = A₂₂ − A₂₁·T₂
        match invert_in_place(a22.rb_mut(), rest, f, careful) {
            Ok(()) => {}
            Err(Failure::Restart) => return Err(Failure::Restart),
            // det A = ± det A₁₁ · det S.
            Err(_) => return Err(Failure::Overwritten),
        }
        mul_mod(a12.rb_mut(), false, -1.0, t2, a22.rb(), f); // C₁₂ = −T₂·S⁻¹
                                                             // T₂ is not needed any more: T₁ takes its room.
        let t1 = MatMut::from_column_major_slice_mut(&mut *w, h2, h1);
        mul_mod(t1, false, 1.0, a21.rb(), a11.rb(), f); // T₁ = A₂₁·X
        let t1 = MatRef::from_column_major_slice(w, h2, h1);
        mul_mod(a21.rb_mut(), false, -1.0, a22.rb(), t1, f); // C₂₁ = −S⁻¹·T₁
        mul_mod(a11.rb_mut(), true, -1.0, a12.rb(), t1, f); // C₁₁ = X − C₁₂·T₁
    }
    if let Some(perm) = perm {
        // (P·A)⁻¹ was computed; A⁻¹ = (P·A)⁻¹·P moves column t to perm[t].
        let inv = a.rb().to_owned();
        for (t, &j) in perm.iter().enumerate() {
            a.rb_mut().col_mut(j).copy_from(inv.col(t));
        }
    }
    Ok(())
}

/// Replaces the leading h1 × h1 block A₁₁ of `a` by its inverse. When A₁₁ is singular,
/// h1 independent rows of the left column block are first moved to the top (permuting
/// the rows of all of `a`), and the permutation is returned: row t of `a` is now the old
/// row perm[t]. Fails with [`Failure::Untouched`] when there are no such rows (`a` is
/// singular).
fn invert_leading_block(
    mut a: MatMut<'_, f64>,
    h1: usize,
    ws: &mut [f64],
    f: GfpF64,
    careful: bool,
) -> Result<Option<Vec<usize>>, Failure> {
    let backup = careful.then(|| a.rb().submatrix(0, 0, h1, h1).to_owned());
    match invert_in_place(a.rb_mut().submatrix_mut(0, 0, h1, h1), ws, f, careful) {
        Ok(()) => return Ok(None),
        Err(Failure::Untouched) => {}
        Err(Failure::Overwritten | Failure::Restart) => match &backup {
            Some(copy) => a.rb_mut().submatrix_mut(0, 0, h1, h1).copy_from(copy),
            None => return Err(Failure::Restart),
        },
    }
    let perm = independent_rows(a.rb().subcols(0, h1), f).ok_or(Failure::Untouched)?;
    let permuted = Mat::<f64>::from_fn(a.nrows(), a.ncols(), |i, j| a[(perm[i], j)]);
    a.copy_from(&permuted);
    match invert_in_place(a.submatrix_mut(0, 0, h1, h1), ws, f, careful) {
        Ok(()) => Ok(Some(perm)),
        // The chosen rows are independent, so A₁₁ is invertible now; a failure here
        // could only mean the block must be pivoted deeper after being overwritten.
        Err(_) if !careful => Err(Failure::Restart),
        Err(_) => unreachable!("independent rows give an invertible block"),
    }
}

/// A row order putting first h independent rows of the n × h column block `left`
/// (ascending, then the others ascending); `None` when its rank is below h.
fn independent_rows(left: MatRef<'_, f64>, f: GfpF64) -> Option<Vec<usize>> {
    let (n, h) = (left.nrows(), left.ncols());
    let mut res: Vec<f64> = (0..n)
        .flat_map(|i| (0..h).map(move |j| f.reduce(left[(i, j)])))
        .collect();
    let p = f.reduce(-1.0) as u64 + 1;
    let e = rank_f64(&mut res, n, h, p, Par::Seq);
    if e.rank < h {
        return None;
    }
    let mut chosen = vec![false; n];
    for &i in &e.pivot_rows {
        chosen[i] = true;
    }
    Some(
        e.pivot_rows
            .iter()
            .copied()
            .chain((0..n).filter(|&i| !chosen[i]))
            .collect(),
    )
}

/// Where a block of n rows is split: about half, a multiple of 8 for aligned columns.
fn split_point(n: usize) -> usize {
    (n / 2).div_ceil(8) * 8
}

/// The workspace [`invert_in_place`] needs for an n × n block: T₂ (h1 × h2) stays alive
/// while S is inverted, then T₁ (h2 × h1) takes its room.
fn workspace(n: usize) -> usize {
    if n <= BASE {
        return 0;
    }
    let (h1, h2) = (split_point(n), n - split_point(n));
    workspace(h1).max(h1 * h2 + workspace(h2))
}

/// The centred residues of `b` as f64, in one pass compiled for AVX-512 (whose
/// u64 → f64 conversion is a vector instruction) when the CPU has it.
fn centred(b: &[u64], p: u64) -> Vec<f64> {
    let mut out = vec![0.0f64; b.len()];
    let (pf, half) = (p as f64, ((p - 1) / 2) as f64);
    #[cfg(target_arch = "x86_64")]
    {
        #[target_feature(enable = "avx512f,avx512dq")]
        unsafe fn wide(out: &mut [f64], b: &[u64], pf: f64, half: f64) {
            centred_portable(out, b, pf, half)
        }
        if std::arch::is_x86_feature_detected!("avx512dq") {
            // SAFETY: the CPU supports the features `wide` was compiled for.
            unsafe { wide(&mut out, b, pf, half) };
            return out;
        }
    }
    centred_portable(&mut out, b, pf, half);
    out
}

/// The body of [`centred`] (also its fallback).
#[inline(always)]
fn centred_portable(out: &mut [f64], b: &[u64], pf: f64, half: f64) {
    for (o, &v) in out.iter_mut().zip(b) {
        let x = v as f64;
        *o = if x > half { x - pf } else { x };
    }
}

/// dst = (dst if `add`, else 0) + alpha·a·b reduced to centred residues, with alpha = ±1.
/// Large products are split by columns of dst into one task per thread, each with its
/// own reductions, which so run in parallel too (faer's own parallel product leaves them
/// serial and synchronises more: 25.5 instead of 20.8 ms at N = 1000).
fn mul_mod(
    dst: MatMut<'_, f64>,
    add: bool,
    alpha: f64,
    a: MatRef<'_, f64>,
    b: MatRef<'_, f64>,
    f: GfpF64,
) {
    let big = dst.nrows() * dst.ncols() * a.ncols() >= PAR_MIN;
    let tasks = if big { rayon::current_num_threads() } else { 1 };
    mul_mod_tasks(dst, add, alpha, a, b, f, tasks);
}

/// [`mul_mod`] on `tasks` column blocks of dst in parallel.
fn mul_mod_tasks(
    mut dst: MatMut<'_, f64>,
    add: bool,
    alpha: f64,
    a: MatRef<'_, f64>,
    b: MatRef<'_, f64>,
    f: GfpF64,
    tasks: usize,
) {
    let n = dst.ncols();
    if tasks > 1 && n >= 16 {
        let left = tasks / 2;
        let cut = (n * left / tasks).div_ceil(8) * 8;
        let (d0, d1) = dst.split_at_col_mut(cut);
        let (b0, b1) = b.split_at_col(cut);
        rayon::join(
            || mul_mod_tasks(d0, add, alpha, a, b0, f, left),
            || mul_mod_tasks(d1, add, alpha, a, b1, f, tasks - left),
        );
        return;
    }
    // Cut the inner dimension into equal pieces of at most `chunk`: each piece's product
    // is added to the reduced sum of the previous ones, so every sum stays exact. With
    // several pieces, go by column panels that stay in cache between a piece's product
    // and its reduction.
    let k = a.ncols();
    let pieces = k.div_ceil(f.chunk()).max(1);
    let step = k.div_ceil(pieces).max(1);
    let width = if pieces > 1 {
        (PANEL_ENTRIES / dst.nrows().max(1)).max(16)
    } else {
        n
    };
    for j0 in (0..n).step_by(width.max(1)) {
        let wj = width.min(n - j0);
        let mut panel = dst.rb_mut().subcols_mut(j0, wj);
        for k0 in (0..k).step_by(step) {
            let len = step.min(k - k0);
            let accum = if add || k0 > 0 {
                Accum::Add
            } else {
                Accum::Replace
            };
            faer::linalg::matmul::matmul(
                panel.rb_mut(),
                accum,
                a.subcols(k0, len),
                b.submatrix(k0, j0, len, wj),
                alpha,
                Par::Seq,
            );
            reduce_mat(panel.rb_mut(), f);
        }
    }
}

/// Reduces every entry of a column-major view to its centred residue.
fn reduce_mat(mut m: MatMut<'_, f64>, f: GfpF64) {
    for j in 0..m.ncols() {
        let col = m
            .rb_mut()
            .col_mut(j)
            .try_as_col_major_mut()
            .expect("unit row stride");
        reduce_centre(col.as_slice_mut(), f);
    }
}

/// Replaces the block `a` by its inverse (centred) by in-place Gauss–Jordan on a copy;
/// a singular block is left untouched. The copy holds Aᵀ row by row (A's columns are
/// contiguous), and (Aᵀ)⁻¹ written back the same way is A⁻¹.
fn invert_base(mut a: MatMut<'_, f64>, f: GfpF64) -> Result<(), Failure> {
    let w = a.nrows();
    let mut m = vec![0.0f64; w * w];
    for (j, row) in m.chunks_exact_mut(w.max(1)).enumerate() {
        for (i, x) in row.iter_mut().enumerate() {
            *x = a[(i, j)];
        }
    }
    if !gauss_jordan(&mut m, w, f) {
        return Err(Failure::Untouched);
    }
    for (j, row) in m.chunks_exact(w.max(1)).enumerate() {
        for (i, &x) in row.iter().enumerate() {
            a[(i, j)] = x;
        }
    }
    Ok(())
}

/// Inverts the row-major w × w matrix of centred residues `m` in place (false, with `m`
/// spoilt, when it is singular), compiled for AVX-512 or AVX2 when the CPU has them.
fn gauss_jordan(m: &mut [f64], w: usize, f: GfpF64) -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        #[target_feature(enable = "avx512f,avx512dq")]
        unsafe fn wide(m: &mut [f64], w: usize, f: GfpF64) -> bool {
            gauss_jordan_portable(m, w, f)
        }
        #[target_feature(enable = "avx2,fma")]
        unsafe fn avx2(m: &mut [f64], w: usize, f: GfpF64) -> bool {
            gauss_jordan_portable(m, w, f)
        }
        if std::arch::is_x86_feature_detected!("avx512dq") {
            // SAFETY: the CPU supports the features `wide` was compiled for.
            return unsafe { wide(m, w, f) };
        }
        if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma")
        {
            // SAFETY: as above.
            return unsafe { avx2(m, w, f) };
        }
    }
    gauss_jordan_portable(m, w, f)
}

/// The body of [`gauss_jordan`]: the textbook in-place inversion with row swaps (undone as
/// column swaps at the end) and lazy reduction. Each step adds one product of two centred
/// residues to an entry, so w ≤ [`GfpF64::chunk`] steps stay exact; only the pivot
/// column and row are reduced before they are used, the rest once at the end.
#[inline(always)]
fn gauss_jordan_portable(m: &mut [f64], w: usize, f: GfpF64) -> bool {
    assert!(w <= f.chunk(), "block too wide for lazy reduction");
    let p = f.reduce(-1.0) as u64 + 1;
    let (pf, half) = (p as f64, ((p - 1) / 2) as f64);
    let centre = |x: f64| {
        let r = f.reduce(x);
        if r > half {
            r - pf
        } else {
            r
        }
    };
    let mut swaps = vec![0usize; w];
    for k in 0..w {
        for i in 0..w {
            m[i * w + k] = centre(m[i * w + k]);
        }
        let Some(q) = (k..w).find(|&i| m[i * w + k] != 0.0) else {
            return false;
        };
        swaps[k] = q;
        if q != k {
            let (top, bot) = m.split_at_mut(q * w);
            top[k * w..(k + 1) * w].swap_with_slice(&mut bot[..w]);
        }
        let (top, rest) = m.split_at_mut(k * w);
        let (pivot, bot) = rest.split_at_mut(w);
        let inv = pow_mod(f.reduce(pivot[k]) as u64, p - 2, p) as f64;
        pivot[k] = 1.0;
        for x in pivot.iter_mut() {
            *x = centre(centre(*x) * inv);
        }
        for row in top.chunks_exact_mut(w).chain(bot.chunks_exact_mut(w)) {
            let mult = row[k];
            if mult != 0.0 {
                row[k] = 0.0;
                for (x, &y) in row.iter_mut().zip(pivot.iter()) {
                    *x -= mult * y;
                }
            }
        }
    }
    for x in m.iter_mut() {
        *x = centre(*x);
    }
    for k in (0..w).rev() {
        if swaps[k] != k {
            for row in m.chunks_exact_mut(w) {
                row.swap(k, swaps[k]);
            }
        }
    }
    true
}

/// Reduces integer-valued entries (|x| < 2⁵²) to centred residues, in one pass compiled
/// for AVX-512 or AVX2 when the CPU has them: x − round(x/p)·p is within 2 of the centred
/// range (the quotient is off by at most 2⁻²² for these sizes), and one select fixes it.
fn reduce_centre(v: &mut [f64], f: GfpF64) {
    let p = f.reduce(-1.0) + 1.0;
    reduce_centre_with(v, p, 1.0 / p, (p - 1.0) / 2.0)
}

/// The portable body of [`reduce_centre_with`] (also the fallback without AVX2).
#[inline(always)]
fn reduce_centre_portable(v: &mut [f64], p: f64, pinv: f64, half: f64) {
    // Adding 1.5·2⁵² rounds to an integer without a libm call.
    const MAGIC: f64 = 6755399441055744.0;
    for x in v.iter_mut() {
        let q = (*x * pinv + MAGIC) - MAGIC;
        let r = *x - q * p;
        let r = if r > half { r - p } else { r };
        *x = if r < -half { r + p } else { r };
    }
}

fn reduce_centre_with(v: &mut [f64], p: f64, pinv: f64, half: f64) {
    use reduce_centre_portable as body;
    #[cfg(target_arch = "x86_64")]
    {
        #[target_feature(enable = "avx512f,avx512dq")]
        unsafe fn wide(v: &mut [f64], p: f64, pinv: f64, half: f64) {
            body(v, p, pinv, half)
        }
        #[target_feature(enable = "avx2,fma")]
        unsafe fn avx2(v: &mut [f64], p: f64, pinv: f64, half: f64) {
            body(v, p, pinv, half)
        }
        if std::arch::is_x86_feature_detected!("avx512dq") {
            // SAFETY: the CPU supports the features `wide` was compiled for.
            return unsafe { wide(v, p, pinv, half) };
        }
        if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma")
        {
            // SAFETY: as above.
            return unsafe { avx2(v, p, pinv, half) };
        }
    }
    body(v, p, pinv, half)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::modular::gfp;
    use crate::ZMatrix;

    const BIG_P: u64 = 8_388_593; // the largest prime below 2²³

    fn lcg(n: usize, seed: u64, p: u64) -> Vec<u64> {
        let mut s = seed;
        (0..n)
            .map(|_| {
                s = s
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                (s >> 33) % p
            })
            .collect()
    }

    /// B·C = I mod p by plain integer arithmetic (the oracle): with p < 2²³ and r < 2¹¹
    /// every row-column sum of products is below 2⁵⁷, so one `%` per entry suffices.
    fn is_inverse(b: &[u64], inv: &[f64], r: usize, p: u64) -> bool {
        let half = ((p - 1) / 2) as f64;
        if inv.len() != r * r || inv.iter().any(|&v| v.fract() != 0.0 || v.abs() > half) {
            return false; // not centred residues
        }
        let c: Vec<u64> = inv
            .iter()
            .map(|&v| (v as i64).rem_euclid(p as i64) as u64)
            .collect();
        let mut row = vec![0u64; r];
        (0..r).all(|i| {
            row.iter_mut().for_each(|x| *x = 0);
            for t in 0..r {
                let bit = b[i * r + t];
                for (x, &y) in row.iter_mut().zip(&c[t * r..(t + 1) * r]) {
                    *x += bit * y;
                }
            }
            row.iter()
                .enumerate()
                .all(|(j, &x)| x % p == u64::from(i == j))
        })
    }

    /// Invertibility by the reference scalar elimination of [`gfp`] (a second method).
    fn invertible(b: &[u64], r: usize, p: u64) -> bool {
        let rows: Vec<Vec<i64>> = b
            .chunks(r)
            .map(|x| x.iter().map(|&v| v as i64).collect())
            .collect();
        gfp::rank_mod_p(&ZMatrix::from_i64_rows(&rows).unwrap(), p).rank == r
    }

    /// The inverse is right when B is invertible, `None` when it is not.
    fn check(b: &[u64], r: usize, p: u64, what: &str) {
        match inverse_mod_p(b, r, p) {
            Some(inv) => assert!(
                is_inverse(b, &inv, r, p),
                "{what}: wrong inverse, r = {r}, p = {p}"
            ),
            None => assert!(
                !invertible(b, r, p),
                "{what}: None for an invertible B, r = {r}, p = {p}"
            ),
        }
    }

    #[test]
    fn inverts_random_matrices_of_many_sizes() {
        let sizes = [
            1, 2, 31, 32, 33, 47, 48, 49, 97, 127, 128, 129, 255, 257, 300, 513,
        ];
        for (seed, &r) in sizes.iter().enumerate() {
            let b = lcg(r * r, seed as u64 + 1, BIG_P);
            let inv = inverse_mod_p(&b, r, BIG_P).expect("random is invertible");
            assert!(is_inverse(&b, &inv, r, BIG_P), "r = {r}");
        }
    }

    #[test]
    fn tiny_primes_agree_with_the_reference_rank() {
        // Mod 3 and 5 many leading blocks are singular (pivoting at every level) and
        // about half of the matrices are singular themselves.
        let (mut some, mut none) = (0, 0);
        for p in [3, 5] {
            for (seed, r) in [1, 2, 3, 8, 49, 50, 64, 97, 100, 130]
                .into_iter()
                .enumerate()
            {
                for t in 0..3 {
                    let b = lcg(r * r, 100 * p + 10 * seed as u64 + t, p);
                    check(&b, r, p, "random mod a tiny prime");
                    if inverse_mod_p(&b, r, p).is_some() {
                        some += 1;
                    } else {
                        none += 1;
                    }
                }
            }
        }
        assert!(
            some > 10 && none > 10,
            "both outcomes exercised: {some} / {none}"
        );
    }

    #[test]
    fn pivots_when_leading_blocks_are_singular() {
        let p = 1_000_003;
        // Anti-diagonal-heavy: every leading block singular, rows must move at every level.
        for r in [2, 7, 64, 65, 130, 200] {
            let mut b = vec![0u64; r * r];
            for i in 0..r {
                b[i * r + (r - 1 - i)] = (i as u64 + 2) % p;
                if i + 1 < r {
                    b[i * r + (r - 2 - i)] = 5;
                }
            }
            check(&b, r, p, "anti-triangular");
            assert!(inverse_mod_p(&b, r, p).is_some());
        }
        // Scaled permutation matrices.
        for (seed, r) in [(1, 50), (2, 129), (3, 260)] {
            let mut perm: Vec<usize> = (0..r).collect();
            let rnd = lcg(2 * r, seed, BIG_P);
            for i in (1..r).rev() {
                perm.swap(i, rnd[i] as usize % (i + 1));
            }
            let mut b = vec![0u64; r * r];
            for i in 0..r {
                b[i * r + perm[i]] = 1 + rnd[r + i] % (BIG_P - 1);
            }
            check(&b, r, BIG_P, "permutation");
            assert!(inverse_mod_p(&b, r, BIG_P).is_some());
        }
        // Zero or rank-one leading z × z blocks in otherwise random ones (invertible for
        // 2z ≤ r).
        for (r, z, seed) in [
            (150, 64, 9),
            (150, 75, 10),
            (300, 150, 11),
            (300, 40, 12),
            (257, 128, 13),
        ] {
            let mut b = lcg(r * r, seed, BIG_P);
            for i in 0..z {
                for j in 0..z {
                    b[i * r + j] = 0;
                }
            }
            check(&b, r, BIG_P, "zero leading block");
            assert!(inverse_mod_p(&b, r, BIG_P).is_some());
            // Leading z × z block of rank 1 (rows proportional).
            let mut b = lcg(r * r, seed + 50, BIG_P);
            for i in 1..z {
                for j in 0..z {
                    b[i * r + j] = b[j] * (i as u64 + 1) % BIG_P;
                }
            }
            check(&b, r, BIG_P, "rank-one leading block");
            assert!(inverse_mod_p(&b, r, BIG_P).is_some());
        }
        // Block anti-diagonal [0 B₁; B₂ 0] with unequal blocks.
        let r = 200;
        let mut b = lcg(r * r, 21, BIG_P);
        for i in 0..r {
            for j in 0..r {
                if (i < 77) == (j < 123) {
                    b[i * r + j] = 0;
                }
            }
        }
        check(&b, r, BIG_P, "block anti-diagonal");
        assert!(inverse_mod_p(&b, r, BIG_P).is_some());
    }

    #[test]
    fn restarts_carefully_when_an_overwritten_block_needs_pivots() {
        // r = 200 splits as 104 + 96 and the leading 104 block as 56 + 48. Rows 103 and
        // 60 agree on the first 104 columns: that block is singular although its leading
        // 56 block is not, so it is found singular only after being overwritten.
        let r = 200;
        assert_eq!((split_point(r), split_point(split_point(r))), (104, 56));
        let mut b = lcg(r * r, 31, BIG_P);
        for j in 0..104 {
            b[103 * r + j] = b[60 * r + j];
        }
        let f = GfpF64::new(BIG_P);
        let mut ws = vec![0.0; workspace(r)];
        for careful in [false, true] {
            let mut a = centred(&b, BIG_P);
            let got = invert_in_place(
                MatMut::from_column_major_slice_mut(&mut a, r, r),
                &mut ws,
                f,
                careful,
            );
            if careful {
                assert_eq!(got, Ok(()));
                assert!(is_inverse(&b, &a, r, BIG_P));
            } else {
                assert_eq!(got, Err(Failure::Restart));
            }
        }
        check(&b, r, BIG_P, "restart");
        assert!(inverse_mod_p(&b, r, BIG_P).is_some());
        // The same with B singular (two equal columns): the careful pass says so.
        for i in 0..r {
            b[i * r + 199] = b[i * r + 150];
        }
        assert!(inverse_mod_p(&b, r, BIG_P).is_none());
        let mut a = centred(&b, BIG_P);
        let m = MatMut::from_column_major_slice_mut(&mut a, r, r);
        assert_eq!(invert_in_place(m, &mut ws, f, false), Err(Failure::Restart));
    }

    #[test]
    fn refuses_singular_matrices() {
        let p = 101;
        let r = 70;
        let mut b = lcg(r * r, 11, p);
        for j in 0..r {
            b[69 * r + j] = (b[3 * r + j] * 2 + b[68 * r + j]) % p; // row 69 = 2·row 3 + row 68
        }
        assert!(inverse_mod_p(&b, r, p).is_none());
        assert!(inverse_mod_p(&[0; 9], 3, p).is_none());
        // Singular only in the Schur complement: the leading half is invertible, a late
        // column repeats an early one (large prime, several levels).
        for r in [100, 257, 300] {
            let mut b = lcg(r * r, r as u64, BIG_P);
            for i in 0..r {
                b[i * r + r - 1] = b[i * r + 5];
            }
            assert!(inverse_mod_p(&b, r, BIG_P).is_none(), "r = {r}");
            // Singular left half: the pivot search finds too few independent rows.
            let mut b = lcg(r * r, r as u64 + 1, BIG_P);
            for i in 0..r {
                b[i * r + 7] = (b[i * r + 2] + 3 * b[i * r + 1]) % BIG_P;
            }
            assert!(inverse_mod_p(&b, r, BIG_P).is_none(), "r = {r}");
        }
    }

    #[test]
    fn leaf_and_conversion_portable_and_dispatched_agree() {
        for (w, p) in [(1, BIG_P), (7, 5), (32, BIG_P), (45, 1_000_003)] {
            let b = lcg(w * w, w as u64, p);
            let a = centred(&b, p);
            let mut want = vec![0.0; w * w];
            centred_portable(&mut want, &b, p as f64, ((p - 1) / 2) as f64);
            assert_eq!(a, want);
            let f = GfpF64::new(p);
            let (mut x, mut y) = (a.clone(), a);
            let ok = gauss_jordan(&mut x, w, f);
            assert_eq!(ok, gauss_jordan_portable(&mut y, w, f));
            assert_eq!(ok, invertible(&b, w, p), "w = {w}, p = {p}");
            if ok {
                assert_eq!(x, y);
                assert!(is_inverse(&b, &x, w, p), "w = {w}, p = {p}");
            }
        }
    }

    #[test]
    fn centred_reduction_portable_and_dispatched_agree_with_integers() {
        let p = 8_388_593i64;
        let xs: Vec<i64> = (0..1000i64)
            .map(|i| (i * 4_503_599_627_370_449 / 1000) * if i % 2 == 0 { 1 } else { -1 })
            .collect();
        let want: Vec<f64> = xs
            .iter()
            .map(|&x| {
                let c = x.rem_euclid(p);
                (if c > (p - 1) / 2 { c - p } else { c }) as f64
            })
            .collect();
        let mut a: Vec<f64> = xs.iter().map(|&x| x as f64).collect();
        let mut b = a.clone();
        let pf = p as f64;
        reduce_centre_portable(&mut a, pf, 1.0 / pf, (pf - 1.0) / 2.0);
        reduce_centre(&mut b, GfpF64::new(p as u64));
        assert_eq!(a, want);
        assert_eq!(b, want);
    }
}
