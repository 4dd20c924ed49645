//! Route (a) of the rank upper bound: an integer kernel basis found by Dixon p-adic lifting
//! and checked exactly.
//!
//! Given pivots I, J from a prime p with B = A[I, J] invertible mod p, every free column f
//! (not in J) gets the solution x of B·x = A[I, f] over Q: B⁻¹ mod p is computed once, then
//! each lifting step takes a digit X = B⁻¹·R mod p (symmetric residues) and replaces the
//! residual R by (R − B·X)/p, which is exact. After k steps Σ Xᵢ pⁱ ≡ x mod pᵏ, and once
//! pᵏ > 2·N·D (D bounds |det B|, N the Cramer numerators, both by Hadamard) rational
//! reconstruction recovers x = y/d. The kernel vector of f is v = (y on J, −d on f, 0 on
//! the other free columns), so A·v = d·(A[:, J]·x − A[:, f]).
//!
//! **The proof is the last step only**: A·v = 0 is checked in exact integer arithmetic on
//! *every* row of A, and each v is nonzero exactly on its own free column among the free
//! columns, so the n − r vectors are independent and rank(A) ≤ r. Anything that goes wrong
//! before (a tampered pivot set, a composite "prime", a failed reconstruction) can only make
//! that check fail, and the answer is then "not proved", never a false proof.
//!
//! Cost: about r³ (the inverse) + k·r²·(n − r)·2 (the lifting) + m·(r + 1)·(n − r) products
//! of a small entry by a k·log₂p-bit integer (the check), against the Hadamard route's
//! ≈ k/2 full eliminations; [`dixon_is_cheaper`] compares the two.

use super::dense::ModElimination;
use super::gfp_f64::{axpy_reduce, GfpF64};
use super::prime::pow_mod;
use crate::ZMatrix;
use faer::{Accum, MatMut, MatRef, Par};
use rayon::prelude::*;
use rug::{Assign, Complete, Integer};

/// The lifting prime used when the elimination's own prime is too large for the f64
/// kernels (the largest prime below 2²³).
const FALLBACK_PRIME: u64 = 8_388_593;

/// Refuses (returns "not tried") when the digits of the expansion would take more memory
/// than this many bytes.
const DIGIT_MEMORY_LIMIT: f64 = 1.0e9;

/// `true` only if rank(`a`) ≤ `e.rank` was proved by an exactly checked kernel basis of
/// dimension n − r (see the module docs). Fits [`super::KernelCheck`].
///
/// ```
/// use exrank::modular::{dixon, rank_mod_p};
/// let a = exrank::ZMatrix::from_fn(4, 4, |i, j| (4 * j + i + 1).into()); // rank 2
/// assert!(dixon::kernel_check(&a, &rank_mod_p(&a, 8_388_593)));
/// let mut lie = rank_mod_p(&a, 8_388_593);
/// lie.rank = 1; lie.pivot_rows.pop(); lie.pivot_cols.pop();
/// assert!(!dixon::kernel_check(&a, &lie)); // rank 1 cannot be proved: it is false
/// ```
pub fn kernel_check(a: &ZMatrix, e: &ModElimination) -> bool {
    kernel_basis(a, e).is_some()
}

/// [`kernel_check`] when [`dixon_is_cheaper`] says lifting beats the Hadamard route, else
/// `false` (so the caller uses primes). The default route (a) of [`crate::RankParams`].
///
/// ```
/// use exrank::modular::{dixon, rank_mod_p};
/// let a = exrank::matrix::gen::randrank(200, 200, 199, 8, 800, 2); // one free column
/// assert!(dixon::kernel_check_if_cheaper(&a, &rank_mod_p(&a, 8_388_593)));
/// let b = exrank::matrix::gen::randrank(60, 60, 30, 8, 200, 1); // 30 free columns
/// assert!(!dixon::kernel_check_if_cheaper(&b, &rank_mod_p(&b, 8_388_593))); // primes win
/// ```
pub fn kernel_check_if_cheaper(a: &ZMatrix, e: &ModElimination) -> bool {
    dixon_is_cheaper(a, e.rank) && kernel_check(a, e)
}

/// Cost model: true when proving rank ≤ `rank` by lifting is expected to take fewer word
/// operations than the Hadamard route (≈ one elimination per 22 bits of the bound on
/// (r+1)-minors). Both estimates use the same log₂ of row norms.
///
/// ```
/// let a = exrank::matrix::gen::randrank(200, 200, 199, 8, 800, 2);
/// assert!(exrank::modular::dixon::dixon_is_cheaper(&a, 199)); // one free column
/// ```
pub fn dixon_is_cheaper(a: &ZMatrix, rank: usize) -> bool {
    let (m, n) = (a.rows() as f64, a.cols() as f64);
    let r = rank as f64;
    let s = n - r;
    if rank == 0 || s <= 0.0 {
        return false;
    }
    // log₂ of the row norms, largest first.
    let mut logs: Vec<f64> = (0..a.rows())
        .map(|i| {
            let sq: f64 = a.row(i).iter().map(|x| x.to_f64().powi(2)).sum();
            sq.max(1.0).log2() / 2.0
        })
        .collect();
    logs.sort_unstable_by(|x, y| y.total_cmp(x));
    let hadamard_bits: f64 = logs.iter().take(rank + 1).sum();
    let primes = (hadamard_bits / 22.0).ceil().max(1.0);
    let hadamard = primes * m * n * r;
    // 2·N·D has about twice the bits of the r-minor bound; digits have log₂ p ≈ 22.9 bits.
    let bits = 2.0 * logs.iter().take(rank).sum::<f64>() + 2.0;
    let k = bits / 22.9;
    if k * r * s * 4.0 > DIGIT_MEMORY_LIMIT {
        return false;
    }
    // Weights: word operations per second of each part relative to the GEMM-based
    // elimination (≈ 25·10⁹/s here), measured with `modular_speed --dixon/--hadamard` on
    // low_400_{300,340,370,390,399} and low_1000_999 (2 cores, 2026-11-22): lifting and
    // the Gauss–Jordan inverse run near 3·10⁹/s, the GMP check near 4·10⁹ limbs/s.
    let lift = 16.0 * k * r * r * s;
    let inverse = 12.0 * r * r * r;
    let check = 6.0 * m * (r + 1.0) * s * (bits / 64.0 + 1.0);
    let dixon = inverse + lift + check;
    dixon < hadamard
}

/// A basis of the rational kernel of `a` as the columns of an n × (n − r) integer matrix,
/// one column per free column f (ascending) with −d (d > 0) in row f, zero in the other
/// free rows and A·column = 0 checked exactly; `None` when it could not be obtained from
/// `e` (which then does not describe a rank-r elimination of `a`, or entries are beyond
/// the lifting's i128 range).
///
/// ```
/// use exrank::modular::{dixon, rank_mod_p};
/// let a = exrank::ZMatrix::from_i64_rows(&[vec![1, 2, 3], vec![2, 4, 6]]).unwrap();
/// let k = dixon::kernel_basis(&a, &rank_mod_p(&a, 101)).unwrap();
/// assert_eq!((k.rows(), k.cols()), (3, 2));
/// assert!(a.mul(&k).is_zero());
/// ```
pub fn kernel_basis(a: &ZMatrix, e: &ModElimination) -> Option<ZMatrix> {
    let (m, n) = (a.rows(), a.cols());
    let r = e.rank;
    let valid = |v: &[usize], lim: usize| {
        v.len() == r && v.windows(2).all(|w| w[0] < w[1]) && v.last().map_or(true, |&x| x < lim)
    };
    if !valid(&e.pivot_rows, m) || !valid(&e.pivot_cols, n) {
        return None;
    }
    let mut is_pivot = vec![false; n];
    for &j in &e.pivot_cols {
        is_pivot[j] = true;
    }
    let free: Vec<usize> = (0..n).filter(|&j| !is_pivot[j]).collect();
    if free.is_empty() {
        return Some(ZMatrix::zeros(n, 0));
    }
    if r == 0 {
        // Rank 0 is proved by A = 0; the kernel is everything.
        return a
            .is_zero()
            .then(|| ZMatrix::from_fn(n, n, |i, j| if i == j { (-1).into() } else { 0.into() }));
    }
    let p = if (3..1 << 23).contains(&e.p) {
        e.p
    } else {
        FALLBACK_PRIME
    };
    let sol = solve(a, &e.pivot_rows, &e.pivot_cols, &free, p)?;
    let mut k = ZMatrix::zeros(n, free.len());
    for (c, (y, d)) in sol.into_iter().enumerate() {
        for (&j, v) in e.pivot_cols.iter().zip(y) {
            k[(j, c)] = v;
        }
        k[(free[c], c)] = -d;
    }
    verify(a, &k, &free).then_some(k)
}

/// A·K = 0 over every row, exactly, and K[free, :] = −diag(d) with every d > 0.
fn verify(a: &ZMatrix, k: &ZMatrix, free: &[usize]) -> bool {
    for c in 0..free.len() {
        for (c2, &f2) in free.iter().enumerate() {
            let x = &k[(f2, c)];
            if (c == c2 && *x >= 0) || (c != c2 && *x != 0) {
                return false;
            }
        }
    }
    let (n, s) = (a.cols(), k.cols());
    (0..a.rows()).into_par_iter().all(|i| {
        let row = a.row(i);
        let mut acc = Integer::new();
        (0..s).all(|c| {
            acc.assign(0);
            for (j, x) in row.iter().enumerate().take(n) {
                if *x == 0 {
                    continue;
                }
                let v = &k[(j, c)];
                if *v == 0 {
                    continue;
                }
                match x.to_i64() {
                    Some(small) => acc += v * small,
                    None => acc += v * x,
                }
            }
            acc == 0
        })
    })
}

/// The residual R and B in the widest cheap representation: doubles when every
/// intermediate of R − B·X is an integer below 2⁵², else i128.
enum Residual {
    F64 { b: Vec<f64>, res: Vec<f64> },
    I128 { b: Vec<i128>, res: Vec<i128> },
}

/// For each free column, (y, d) with B·y = d·A[I, f], d > 0, or `None`.
fn solve(
    a: &ZMatrix,
    rows: &[usize],
    cols: &[usize],
    free: &[usize],
    p: u64,
) -> Option<Vec<(Vec<Integer>, Integer)>> {
    let r = rows.len();
    let s = free.len();
    let f = GfpF64::new(p);
    // B⁻¹ mod p, centred, row-major.
    let binv = inverse_mod(a, rows, cols, f, p)?;
    let (num_sq, den_sq) = bounds_sq(a, rows, cols, free);
    // p^k > 2·N·D  ⇐  (k·(bits(p) − 1)) ≥ bits(4·N²·D²)/2 + 1.
    let target = Integer::from(&num_sq * &den_sq) << 2u32;
    let need = u64::from(target.significant_bits()) / 2 + 1;
    let digit_bits = u64::from(64 - p.leading_zeros()) - 1;
    let steps = need.div_ceil(digit_bits) as usize;
    if steps as f64 * r as f64 * s as f64 * 4.0 > DIGIT_MEMORY_LIMIT {
        return None;
    }
    let max_b = max_abs_bits(
        rows.iter().flat_map(|&i| cols.iter().map(move |&j| (i, j))),
        a,
    );
    let max_rhs = max_abs_bits(
        rows.iter().flat_map(|&i| free.iter().map(move |&j| (i, j))),
        a,
    );
    // |R| stays below max(rhs, r·|B|) and R − B·X below that plus r·|B|·p/2.
    let log_r = f64::from(usize::BITS - r.leading_zeros());
    let rb = log_r + f64::from(max_b);
    let worst = rb.max(f64::from(max_rhs)) + 1.0;
    let update = rb + f64::from(digit_bits as u32);
    let fits = |limit: f64| worst.max(update) + 1.0 < limit;
    let digits = if s < NARROW && max_b < 31 && r < 1 << 17 && fits(62.0) {
        lift_narrow(a, rows, cols, free, &binv, p, steps)?
    } else {
        lift_wide(a, rows, cols, free, &binv, p, steps, &fits)?
    };
    let modulus = Integer::u_pow_u(p as u32, steps as u32).complete();
    let num = num_sq.sqrt() + 1u32;
    let den = den_sq.sqrt() + 1u32;
    let powers = square_powers(p, steps);
    let mut out = Vec::with_capacity(s);
    for c in 0..s {
        let xs: Vec<Integer> = (0..r)
            .into_par_iter()
            .map(|i| {
                let ds: Vec<i64> = digits.iter().map(|d| i64::from(d[i * s + c])).collect();
                combine(&ds, &powers)
            })
            .collect();
        out.push(common_denominator(&xs, &modulus, &num, &den)?);
    }
    Some(out)
}

/// Below this many free columns the lifting runs column by column on i32 dot products
/// (matrix–vector work, where GEMM has nothing to block).
const NARROW: usize = 16;

/// The lifting for a few right-hand sides with entries that fit the integer kernel:
/// B⁻¹ and B as i32, digits centred (|x| < 2²²), every dot product exact in i64 (the
/// caller checked r·|B|·p/2 and r·p²/4 below 2⁶²). Digits are r × s row-major per step.
fn lift_narrow(
    a: &ZMatrix,
    rows: &[usize],
    cols: &[usize],
    free: &[usize],
    binv: &[f64],
    p: u64,
    steps: usize,
) -> Option<Vec<Vec<i32>>> {
    let (r, s) = (rows.len(), free.len());
    let binv: Vec<i32> = binv.iter().map(|&v| v as i32).collect();
    let b: Vec<i32> = gather(a, rows, cols, |x| x.to_i32().expect("checked bits"));
    // Column-major residuals: one contiguous vector per free column.
    let mut res: Vec<Vec<i64>> = free
        .iter()
        .map(|&j| {
            rows.iter()
                .map(|&i| a[(i, j)].to_i64().expect("checked bits"))
                .collect()
        })
        .collect();
    let (pi, half) = (p as i64, (p as i64 - 1) / 2);
    let centre = |v: i64| {
        let v = v.rem_euclid(pi);
        (if v > half { v - pi } else { v }) as i32
    };
    let mut rm = vec![0i32; r];
    let mut x = vec![0i32; r];
    let mut dots = vec![0i64; r];
    let mut digits = Vec::with_capacity(steps);
    for _ in 0..steps {
        let mut step = vec![0i32; r * s];
        for (c, rc) in res.iter_mut().enumerate() {
            for (o, &v) in rm.iter_mut().zip(rc.iter()) {
                *o = centre(v);
            }
            mat_vec_i32(&binv, &rm, &mut dots);
            for (o, &v) in x.iter_mut().zip(&dots) {
                *o = centre(v);
            }
            mat_vec_i32(&b, &x, &mut dots);
            for (i, (v, &d)) in rc.iter_mut().zip(&dots).enumerate() {
                let w = *v - d;
                if w % pi != 0 {
                    return None; // B⁻¹ was not an inverse: the pivots lied
                }
                *v = w / pi;
                step[i * s + c] = x[i];
            }
        }
        digits.push(step);
    }
    Some(digits)
}

/// `out[i] = Σₜ m[i·n + t]·v[t]` in i64 (n = v.len()), compiled for AVX-512 or AVX2 when
/// the CPU has them: this loop is the whole cost of narrow lifting.
fn mat_vec_i32(m: &[i32], v: &[i32], out: &mut [i64]) {
    #[inline(always)]
    fn body(m: &[i32], v: &[i32], out: &mut [i64]) {
        let n = v.len();
        for (o, row) in out.iter_mut().zip(m.chunks_exact(n)) {
            *o = row
                .iter()
                .zip(v)
                .map(|(&x, &y)| i64::from(x) * i64::from(y))
                .sum();
        }
    }
    #[cfg(target_arch = "x86_64")]
    {
        #[target_feature(enable = "avx512f,avx512dq,avx512bw,avx512vl")]
        unsafe fn wide(m: &[i32], v: &[i32], out: &mut [i64]) {
            body(m, v, out)
        }
        #[target_feature(enable = "avx2")]
        unsafe fn avx2(m: &[i32], v: &[i32], out: &mut [i64]) {
            body(m, v, out)
        }
        if std::arch::is_x86_feature_detected!("avx512dq") {
            // SAFETY: the CPU supports the features `wide` was compiled for.
            return unsafe { wide(m, v, out) };
        }
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: as above.
            return unsafe { avx2(m, v, out) };
        }
    }
    body(m, v, out)
}

/// The lifting for many right-hand sides (or wide entries): digits by f64 matrix products
/// in exact chunks; residual in doubles when exact, else in i128. Digits are r × s
/// row-major per step.
#[allow(clippy::too_many_arguments)]
fn lift_wide(
    a: &ZMatrix,
    rows: &[usize],
    cols: &[usize],
    free: &[usize],
    binv: &[f64],
    p: u64,
    steps: usize,
    fits: &dyn Fn(f64) -> bool,
) -> Option<Vec<Vec<i32>>> {
    let (r, s) = (rows.len(), free.len());
    let f = GfpF64::new(p);
    let mut residual = if fits(52.0) {
        Residual::F64 {
            b: gather(a, rows, cols, |x| x.to_f64()),
            res: gather(a, rows, free, |x| x.to_f64()),
        }
    } else if fits(125.0) {
        Residual::I128 {
            b: gather(a, rows, cols, |x| x.to_i128().expect("checked bits")),
            res: gather(a, rows, free, |x| x.to_i128().expect("checked bits")),
        }
    } else {
        return None;
    };
    let mut digits: Vec<Vec<i32>> = Vec::with_capacity(steps);
    let mut rm = vec![0.0f64; r * s];
    let mut x = vec![0.0f64; r * s];
    let half = ((p - 1) / 2) as f64;
    let centre = |v: f64| if v > half { v - p as f64 } else { v };
    let chunk = f.chunk();
    for _ in 0..steps {
        // rm = R mod p, centred.
        match &residual {
            Residual::F64 { res, .. } => {
                for (o, &v) in rm.iter_mut().zip(res) {
                    *o = centre(f.reduce(v));
                }
            }
            Residual::I128 { res, .. } => {
                for (o, &v) in rm.iter_mut().zip(res) {
                    *o = centre(v.rem_euclid(p as i128) as f64);
                }
            }
        }
        // X = B⁻¹·rm mod p, in exact chunks of the inner dimension.
        x.iter_mut().for_each(|v| *v = 0.0);
        let mut t0 = 0;
        while t0 < r {
            let kc = chunk.min(r - t0);
            let lv = MatRef::from_row_major_slice_with_stride(&binv[t0..], r, kc, r);
            let rv = MatRef::from_row_major_slice(&rm[t0 * s..(t0 + kc) * s], kc, s);
            let xv = MatMut::from_row_major_slice_mut(&mut x, r, s);
            faer::linalg::matmul::matmul(xv, Accum::Add, lv, rv, 1.0, Par::Seq);
            for v in x.iter_mut() {
                *v = f.reduce(*v);
            }
            t0 += kc;
        }
        for v in x.iter_mut() {
            *v = centre(*v);
        }
        // R ← (R − B·X)/p, exactly.
        match &mut residual {
            Residual::F64 { b, res } => {
                let bv = MatRef::from_row_major_slice(b, r, r);
                let xv = MatRef::from_row_major_slice(&x, r, s);
                let dv = MatMut::from_row_major_slice_mut(res, r, s);
                faer::linalg::matmul::matmul(dv, Accum::Add, bv, xv, -1.0, Par::Seq);
                let pf = p as f64;
                for v in res.iter_mut() {
                    let q = (*v / pf).round();
                    if *v - q * pf != 0.0 {
                        return None; // B⁻¹ was not an inverse: the pivots lied
                    }
                    *v = q;
                }
            }
            Residual::I128 { b, res } => {
                let xi: Vec<i128> = x.iter().map(|&v| v as i128).collect();
                for i in 0..r {
                    let brow = &b[i * r..(i + 1) * r];
                    for c in 0..s {
                        let mut acc = res[i * s + c];
                        for (t, &bv) in brow.iter().enumerate() {
                            acc -= bv * xi[t * s + c];
                        }
                        if acc.rem_euclid(p as i128) != 0 {
                            return None;
                        }
                        res[i * s + c] = acc / p as i128;
                    }
                }
            }
        }
        digits.push(x.iter().map(|&v| v as i32).collect());
    }
    Some(digits)
}

/// Entries A[i, j] for i in `rows`, j in `cols`, row-major, converted by `conv`.
fn gather<T>(a: &ZMatrix, rows: &[usize], cols: &[usize], conv: impl Fn(&Integer) -> T) -> Vec<T> {
    rows.iter()
        .flat_map(|&i| cols.iter().map(move |&j| (i, j)))
        .map(|(i, j)| conv(&a[(i, j)]))
        .collect()
}

fn max_abs_bits(idx: impl Iterator<Item = (usize, usize)>, a: &ZMatrix) -> u32 {
    idx.map(|(i, j)| a[(i, j)].significant_bits())
        .max()
        .unwrap_or(0)
}

/// (N², D²): D bounds |det B|, N every Cramer numerator det(B with one column replaced by
/// a free column). Both by Hadamard, by rows and by columns, whichever is smaller; N uses
/// the r largest column norms among J ∪ free and, by rows, each row's norm over J plus its
/// largest free entry, so one bound serves every free column.
fn bounds_sq(a: &ZMatrix, rows: &[usize], cols: &[usize], free: &[usize]) -> (Integer, Integer) {
    let r = rows.len();
    let sq = |x: &Integer| Integer::from(x.square_ref());
    let col_sq = |j: usize| -> Integer { rows.iter().map(|&i| sq(&a[(i, j)])).sum() };
    let mut jcols: Vec<Integer> = cols.iter().map(|&j| col_sq(j)).collect();
    let fcols: Vec<Integer> = free.iter().map(|&j| col_sq(j)).collect();
    let den_cols: Integer = jcols.iter().product();
    let mut row_j = Vec::with_capacity(r);
    let mut row_jf = Vec::with_capacity(r);
    for &i in rows {
        let base: Integer = cols.iter().map(|&j| sq(&a[(i, j)])).sum();
        let extra = free
            .iter()
            .map(|&j| sq(&a[(i, j)]))
            .max()
            .unwrap_or_default();
        row_jf.push(Integer::from(&base + &extra));
        row_j.push(base);
    }
    let den_rows: Integer = row_j.iter().product();
    let num_rows: Integer = row_jf.iter().product();
    jcols.extend(fcols);
    jcols.sort_unstable_by(|x, y| y.cmp(x));
    let num_cols: Integer = jcols.iter().take(r).product();
    (num_rows.min(num_cols), den_rows.min(den_cols))
}

/// B⁻¹ mod p (centred, row-major) by Gauss–Jordan on [B | I] in doubles; `None` when B is
/// singular mod p.
fn inverse_mod(a: &ZMatrix, rows: &[usize], cols: &[usize], f: GfpF64, p: u64) -> Option<Vec<f64>> {
    let r = rows.len();
    let w = 2 * r;
    let mut g = vec![0.0f64; r * w];
    for (ii, &i) in rows.iter().enumerate() {
        for (jj, &j) in cols.iter().enumerate() {
            g[ii * w + jj] = a[(i, j)].mod_u(p as u32) as f64;
        }
        g[ii * w + r + ii] = 1.0;
    }
    // In the right half, row i starts as the unit vector of its original index and only
    // ever gains multiples of pivot rows, so every pivot row is zero outside the columns
    // r + [lo, hi] spanned by the original indices of the pivots so far: row operations
    // skip the rest (r³ instead of 1.5·r³ when few rows are swapped).
    let mut orig: Vec<usize> = (0..r).collect();
    let (mut lo, mut hi) = (usize::MAX, 0);
    for c in 0..r {
        let q = (c..r).find(|&i| g[i * w + c] != 0.0)?;
        if q != c {
            let (top, bot) = g.split_at_mut(q * w);
            top[c * w..(c + 1) * w].swap_with_slice(&mut bot[..w]);
            orig.swap(c, q);
        }
        lo = lo.min(orig[c]);
        hi = hi.max(orig[c]);
        let inv = pow_mod(g[c * w + c] as u64, p - 2, p) as f64;
        for v in &mut g[c * w + c..(c + 1) * w] {
            *v = f.reduce(*v * inv);
        }
        let left: Vec<f64> = g[c * w + c..c * w + r].to_vec();
        let right: Vec<f64> = g[c * w + r + lo..=c * w + r + hi].to_vec();
        let update = |(i, row): (usize, &mut [f64])| {
            if i == c {
                return;
            }
            let mult = row[c];
            if mult != 0.0 {
                axpy_reduce(&mut row[c..r], mult, &left, f);
                axpy_reduce(&mut row[r + lo..=r + hi], mult, &right, f);
            }
        };
        if r >= 256 {
            g.par_chunks_mut(w).enumerate().for_each(update);
        } else {
            g.chunks_mut(w).enumerate().for_each(update);
        }
    }
    let half = ((p - 1) / 2) as f64;
    Some(
        g.chunks(w)
            .flat_map(|row| {
                row[r..]
                    .iter()
                    .map(move |&v| if v > half { v - p as f64 } else { v })
            })
            .collect(),
    )
}

/// p^(2^j) for every j with 2^j < `steps`.
fn square_powers(p: u64, steps: usize) -> Vec<Integer> {
    let mut out = vec![Integer::from(p)];
    while (1usize << out.len()) < steps {
        let last = out.last().expect("nonempty");
        out.push(last.square_ref().complete());
    }
    out
}

/// Σ dᵢ pⁱ by halves: low + p^(2^j)·high with 2^j the largest power of two below the length.
fn combine(ds: &[i64], powers: &[Integer]) -> Integer {
    if ds.len() <= 2 {
        return match ds {
            [] => Integer::new(),
            [d] => Integer::from(*d),
            [d0, d1] => Integer::from(*d1) * &powers[0] + *d0,
            _ => unreachable!(),
        };
    }
    let j = (usize::BITS - 1 - (ds.len() - 1).leading_zeros()) as usize;
    let h = 1usize << j;
    let low = combine(&ds[..h], powers);
    let high = combine(&ds[h..], powers);
    high * &powers[j] + low
}

/// From x ≡ y/d mod M (each coordinate), d > 0 the common denominator: reconstruct the
/// first coordinate that `d` does not make small, multiply it in, repeat. Returns (y, d)
/// with every |yᵢ| ≤ `num` and d ≤ `den`, or `None`.
fn common_denominator(
    xs: &[Integer],
    modulus: &Integer,
    num: &Integer,
    den: &Integer,
) -> Option<(Vec<Integer>, Integer)> {
    let half = Integer::from(modulus >> 1u32);
    let sym = |v: Integer| -> Integer {
        let mut v = v % modulus;
        if v < 0 {
            v += modulus;
        }
        if v > half {
            v -= modulus;
        }
        v
    };
    let mut d = Integer::from(1);
    'refine: for _ in 0..64 {
        let mut ys = Vec::with_capacity(xs.len());
        for x in xs {
            let y = sym(Integer::from(x * &d));
            if y.cmp_abs(num) == std::cmp::Ordering::Greater {
                let extra = reconstruct_denominator(&y, modulus, num)?;
                d *= extra;
                if d > *den {
                    return None;
                }
                continue 'refine;
            }
            ys.push(y);
        }
        return Some((ys, d));
    }
    None
}

/// The denominator b > 0 of the fraction a/b ≡ u (mod M) with |a| ≤ `num`, from the
/// extended Euclidean algorithm on (M, u) stopped at the first remainder ≤ `num`.
fn reconstruct_denominator(u: &Integer, modulus: &Integer, num: &Integer) -> Option<Integer> {
    let mut r0 = modulus.clone();
    let mut r1 = Integer::from(u % modulus);
    if r1 < 0 {
        r1 += modulus;
    }
    let mut t0 = Integer::new();
    let mut t1 = Integer::from(1);
    while r1 > *num {
        let (q, rem) = r0.div_rem_floor_ref(&r1).complete();
        r0 = std::mem::replace(&mut r1, rem);
        let t2 = t0 - &q * &t1;
        t0 = std::mem::replace(&mut t1, t2);
    }
    let b = t1.abs();
    (b != 0).then_some(b)
}
