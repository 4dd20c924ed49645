//! Rank over GF(p) for p < 2²⁶ in `f64`, the FFLAS-FFPACK way: residues are exact small
//! integers in doubles, products of two residues stay below 2⁵², and most of the work is a
//! floating-point matrix product (faer's SIMD GEMM) followed by one reduction.
//!
//! The elimination is column-recursive ([`super::column_recursive`], which also fixes the
//! pivot order to that of the reference [`super::gfp`]); this file supplies the f64
//! arithmetic: the row-by-row base case and the exact product modulo p.
//!
//! Delayed reduction: a matrix product of inner dimension k with centred operands
//! (|x| ≤ (p−1)/2) added to an entry in [0, p) stays below p + k·((p−1)/2)² in absolute
//! value; [`GfpF64::chunk`] is the largest k keeping that below 2⁵², so every sum is an exact
//! integer in f64. For p > 2²³ that k is small, so the right factor is split as
//! `U = 2¹³·U_hi + U_lo` and the 2¹³ is folded into the left factor mod p: one product of
//! twice the inner dimension (see `sub_product` below).

use super::column_recursive::{self, BlockKernel};
use super::dense::ModElimination;
use super::prime::pow_mod;
use faer::{Accum, MatMut, MatRef, Par};

/// Largest prime (exclusive bound) this kernel accepts.
pub const F64_PRIME_LIMIT: u64 = 1 << 26;

/// Columns below this width are eliminated row by row: the row-by-row part then costs
/// about m·n·16/2 operations in all, a small share of the m·n·min(m,n) total, while GEMM
/// calls stay wide enough to amortise their set-up. `modular_speed --reps=7 one_full_1000
/// one_low_400_200 one_full_400` (one thread, shared machine): 8 and 16 equal within
/// noise (35–52 ms at n = 1000), 32 slower (67 ms).
const BASE_WIDTH: usize = 16;

/// Inner-dimension chunk of the split product: terms below 2²⁵·2¹³ = 2³⁸, and with an
/// entry in [0, p) added, 2¹³ of them (2k with k ≤ 2¹²) stay below 2⁵².
const HALF_CHUNK: usize = 1 << 12;

/// Exactness budget: every intermediate is an integer below this in absolute value.
const EXACT: f64 = (1u64 << 52) as f64;

/// Arithmetic modulo p on doubles holding integers in [0, p).
#[derive(Clone, Copy, Debug)]
pub struct GfpF64 {
    p: f64,
    pinv: f64,
    half: f64,
}

impl GfpF64 {
    /// The field GF(p), p prime below 2²⁶.
    ///
    /// # Panics
    /// If `p >= 2^26` or `p < 2`.
    ///
    /// ```
    /// let f = exrank::modular::gfp_f64::GfpF64::new(7);
    /// assert_eq!(f.reduce(-1.0), 6.0);
    /// ```
    pub fn new(p: u64) -> Self {
        assert!(
            (2..F64_PRIME_LIMIT).contains(&p),
            "p = {p} outside [2, 2^26)"
        );
        let pf = p as f64;
        GfpF64 {
            p: pf,
            pinv: 1.0 / pf,
            half: ((p - 1) / 2) as f64,
        }
    }

    /// `x mod p` in [0, p) for an integer-valued `x` with |x| < 2⁵².
    ///
    /// Why it is exact: `q` is x/p rounded to nearest (up to one ulp of error), so
    /// |x − q·p| ≤ p/2 + tiny; q·p and the difference are integers below 2⁵³.
    ///
    /// ```
    /// let f = exrank::modular::gfp_f64::GfpF64::new(5);
    /// assert_eq!(f.reduce(4503599627370495.0), 0.0); // 2^52 - 1 = 5 · 900719925474099
    /// ```
    #[inline(always)]
    pub fn reduce(&self, x: f64) -> f64 {
        // Round to nearest without a libm call: adding 1.5·2⁵² forces rounding to an integer.
        const MAGIC: f64 = 6755399441055744.0;
        let q = (x * self.pinv + MAGIC) - MAGIC;
        let r = x - q * self.p;
        if r < 0.0 {
            r + self.p
        } else {
            r
        }
    }

    /// The centred representative of a residue in [0, p): in [−(p−1)/2, (p−1)/2].
    #[inline(always)]
    fn centre(&self, x: f64) -> f64 {
        if x > self.half {
            x - self.p
        } else {
            x
        }
    }

    /// True when `BASE_WIDTH` unreduced row operations fit the exact range:
    /// p + (BASE_WIDTH − 1)·(p − 1)² < 2⁵² (p below about 2²³·⁹).
    fn lazy_base(&self) -> bool {
        let q = self.p - 1.0;
        self.p + (BASE_WIDTH as f64 - 1.0) * q * q < EXACT
    }

    /// Largest inner dimension k of a product with centred operands that may be added to
    /// residues in [0, p) without leaving the exact range (see the module docs).
    ///
    /// ```
    /// let f = exrank::modular::gfp_f64::GfpF64::new(8_388_593); // just below 2^23
    /// assert!(f.chunk() >= 255);
    /// ```
    pub fn chunk(&self) -> usize {
        let h = self.half.max(1.0);
        (((EXACT - self.p) / (h * h)).floor() as usize).max(1)
    }
}

/// Rank of the row-major `rows × cols` matrix of residues in [0, p) held in `a` (destroyed).
/// `par` lets the matrix products use several threads.
///
/// # Panics
/// If `a.len() != rows * cols`, p is out of range, or an entry is not a residue.
///
/// ```
/// use exrank::modular::gfp_f64::rank_f64;
/// let mut a = vec![1.0, 2.0, 2.0, 4.0]; // [[1, 2], [2, 4]] has rank 1 mod any p
/// let e = rank_f64(&mut a, 2, 2, 101, faer::Par::Seq);
/// assert_eq!((e.rank, e.pivot_cols), (1, vec![0]));
/// ```
pub fn rank_f64(a: &mut [f64], rows: usize, cols: usize, p: u64, par: Par) -> ModElimination {
    assert_eq!(a.len(), rows * cols, "buffer length must be rows * cols");
    let f = GfpF64::new(p);
    assert!(
        // A non-short-circuiting fold vectorises.
        a.iter().fold(true, |ok, &x| ok & (x >= 0.0) & (x < f.p)),
        "entries must be residues in [0, p)"
    );
    debug_assert!(
        a.iter().all(|&x| x.fract() == 0.0),
        "entries must be integers"
    );
    column_recursive::eliminate(f, p, a, rows, cols, par)
}

impl BlockKernel for GfpF64 {
    type Elem = f64;
    const BASE_WIDTH: usize = BASE_WIDTH;

    /// Row-by-row elimination of a narrow column block. When `lazy`, row operations skip
    /// the reduction (at most `BASE_WIDTH − 1` products below p² pile up per entry, kept
    /// below 2⁵² by [`GfpF64::lazy_base`]); a column is reduced just before its pivot
    /// search, the pivot row before it is used, and the whole block at the end.
    fn eliminate_base(
        &self,
        a: &mut [f64],
        m: usize,
        n: usize,
        r0: usize,
        c0: usize,
        c1: usize,
        perm: &mut [usize],
        pivot_cols: &mut Vec<usize>,
    ) -> usize {
        let f = *self;
        let lazy = f.lazy_base();
        let mut r = r0;
        for j in c0..c1 {
            if r == m {
                break;
            }
            if lazy {
                for i in r..m {
                    a[i * n + j] = f.reduce(a[i * n + j]);
                }
            }
            let Some(q) = (r..m).find(|&i| a[i * n + j] != 0.0) else {
                continue;
            };
            if q != r {
                let (top, bot) = a.split_at_mut(q * n);
                top[r * n..r * n + n].swap_with_slice(&mut bot[..n]);
                perm.swap(r, q);
            }
            let inv = pow_mod(a[r * n + j] as u64, f.p as u64 - 2, f.p as u64) as f64;
            if lazy {
                reduce_slice(&mut a[r * n + j + 1..r * n + c1], f);
            }
            let (top, rest) = a.split_at_mut((r + 1) * n);
            let prow = &top[r * n + j + 1..r * n + c1];
            for row in rest.chunks_exact_mut(n) {
                let x = row[j];
                if x == 0.0 {
                    continue;
                }
                let mult = f.reduce(x * inv);
                row[j] = mult; // L is stored in place, below the pivot
                if lazy {
                    axpy(&mut row[j + 1..c1], mult, prow);
                } else {
                    axpy_reduce(&mut row[j + 1..c1], mult, prow, f);
                }
            }
            pivot_cols.push(j);
            r += 1;
        }
        if lazy {
            reduce_block(&mut a[r0 * n + c0..], m - r0, c1 - c0, n, &f);
        }
        r - r0
    }

    /// Lazy as in `eliminate_base`: a row is reduced once it is final (before it is used),
    /// the others take at most k − 1 unreduced updates.
    fn solve_base(&self, a: &mut [f64], n: usize, r0: usize, piv: &[usize], c0: usize, c1: usize) {
        let f = *self;
        let lazy = f.lazy_base();
        let k = piv.len();
        for t in 0..k {
            if lazy {
                reduce_slice(&mut a[(r0 + t) * n + c0..(r0 + t) * n + c1], f);
            }
            for s in t + 1..k {
                let l = a[(r0 + s) * n + piv[t]];
                if l == 0.0 {
                    continue;
                }
                let (top, bot) = a.split_at_mut((r0 + s) * n);
                let src = &top[(r0 + t) * n + c0..(r0 + t) * n + c1];
                if lazy {
                    axpy(&mut bot[c0..c1], l, src);
                } else {
                    axpy_reduce(&mut bot[c0..c1], l, src, f);
                }
            }
        }
    }

    /// Centred U when the direct chunk is long enough; otherwise, per chunk of 2¹² rows,
    /// the 13-bit halves `[U_hi; U_lo]` (see `sub_product`).
    type Right = Vec<f64>;

    fn prepare_right(&self, u: &[f64], stride: usize, k: usize, w: usize) -> Vec<f64> {
        let split = self.chunk() < 32;
        let mut out = Vec::with_capacity(if split { 2 } else { 1 } * k * w);
        let rows = |t: std::ops::Range<usize>| t.map(move |t| &u[t * stride..t * stride + w]);
        if !split {
            for row in rows(0..k) {
                out.extend(row.iter().map(|&x| self.centre(x)));
            }
            return out;
        }
        let mut t0 = 0;
        while t0 < k {
            let kc = HALF_CHUNK.min(k - t0);
            let at = out.len();
            out.resize(at + 2 * kc * w, 0.0);
            let (hi, lo) = out[at..].split_at_mut(kc * w);
            for ((row, h), l) in rows(t0..t0 + kc)
                .zip(hi.chunks_exact_mut(w))
                .zip(lo.chunks_exact_mut(w))
            {
                split_13(row, h, l);
            }
            t0 += kc;
        }
        out
    }

    /// `dst −= L · U` mod p with L centred (see [`GfpF64::gather`]), in exact chunks of
    /// the inner dimension.
    ///
    /// When that chunk is too short (p above about 2²³·⁵), U is split as 2¹³·U_hi + U_lo
    /// and, since only the value mod p matters, the factor 2¹³ moves onto L:
    /// `L·U ≡ L'·U_hi + L·U_lo` with L' = 2¹³·L mod p, centred. That is one product
    /// `[L' | L] · [U_hi; U_lo]` of inner dimension 2k whose terms are below 2²⁵·2¹³, so
    /// 2k up to 2¹³ terms stay exact: twice the multiply work, but no extra pass.
    fn sub_product(
        &self,
        dst: &mut [f64],
        n: usize,
        rows: usize,
        w: usize,
        l: &[f64],
        u: &Vec<f64>,
        k: usize,
        par: Par,
    ) {
        let f = *self;
        let chunk = f.chunk();
        if chunk >= 32 {
            let mut t0 = 0;
            while t0 < k {
                let kc = chunk.min(k - t0);
                let lv = MatRef::from_row_major_slice_with_stride(&l[t0..], rows, kc, k);
                let uv = MatRef::from_row_major_slice(&u[t0 * w..(t0 + kc) * w], kc, w);
                let dv = row_major_mut(&mut *dst, rows, w, n);
                faer::linalg::matmul::matmul(dv, Accum::Add, lv, uv, -1.0, par);
                reduce_block(dst, rows, w, n, &f);
                t0 += kc;
            }
            return;
        }
        let shift_mod = f.reduce(8192.0);
        let mut t0 = 0;
        while t0 < k {
            let kc = HALF_CHUNK.min(k - t0);
            let mut ll = Vec::with_capacity(rows * 2 * kc);
            for row in l.chunks_exact(k) {
                let part = &row[t0..t0 + kc];
                ll.extend(part.iter().map(|&x| f.centre(f.reduce(x * shift_mod))));
                ll.extend_from_slice(part);
            }
            let lv = MatRef::from_row_major_slice(&ll, rows, 2 * kc);
            let uv = MatRef::from_row_major_slice(&u[2 * t0 * w..2 * (t0 + kc) * w], 2 * kc, w);
            let dv = row_major_mut(&mut *dst, rows, w, n);
            faer::linalg::matmul::matmul(dv, Accum::Add, lv, uv, -1.0, par);
            reduce_block(dst, rows, w, n, &f);
            t0 += kc;
        }
    }

    /// Multipliers enter the product centred, so the product's terms are half as large.
    #[inline(always)]
    fn gather(&self, x: f64) -> f64 {
        self.centre(x)
    }
}

/// A row-major strided view. (faer 0.24.4's `from_row_major_slice_with_stride_mut` swaps
/// the strides, so the view is built as the transpose of a column-major one.)
fn row_major_mut(dst: &mut [f64], rows: usize, w: usize, n: usize) -> MatMut<'_, f64> {
    MatMut::from_column_major_slice_with_stride_mut(dst, w, rows, n).transpose_mut()
}

/// Reduces a strided block (rows × w, row stride n) into [0, p).
fn reduce_block(dst: &mut [f64], rows: usize, w: usize, n: usize, f: &GfpF64) {
    for i in 0..rows {
        reduce_slice(&mut dst[i * n..i * n + w], *f);
    }
}

/// Defines `$name` calling `$body` compiled for AVX-512, AVX2 or the baseline, chosen at
/// run time: these elementwise loops vectorise only with the wider instruction sets.
/// `$portable` is the baseline version, which tests compare against.
macro_rules! simd_versions {
    ($(#[$doc:meta])* $name:ident / $portable:ident ($($arg:ident: $ty:ty),*) $body:block) => {
        $(#[$doc])*
        pub fn $name($($arg: $ty),*) {
            #[cfg(target_arch = "x86_64")]
            {
                #[target_feature(enable = "avx512f,avx512dq")]
                unsafe fn wide($($arg: $ty),*) { $portable($($arg),*) }
                #[target_feature(enable = "avx2,fma")]
                unsafe fn avx2($($arg: $ty),*) { $portable($($arg),*) }
                if std::arch::is_x86_feature_detected!("avx512dq") {
                    // SAFETY: the CPU supports the features `wide` was compiled for.
                    return unsafe { wide($($arg),*) };
                }
                if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma") {
                    // SAFETY: as above.
                    return unsafe { avx2($($arg),*) };
                }
            }
            $portable($($arg),*)
        }

        /// The baseline x86-64 (or other target) version of the function above.
        #[inline(always)]
        fn $portable($($arg: $ty),*) $body
    };
}

simd_versions! {
    /// `d[i] = (d[i] − mult·u[i]) mod p` for residues `d`, `u` and `mult` in [0, p).
    ///
    /// ```
    /// use exrank::modular::gfp_f64::{axpy_reduce, GfpF64};
    /// let mut d = [1.0, 2.0];
    /// axpy_reduce(&mut d, 3.0, &[1.0, 4.0], GfpF64::new(7));
    /// assert_eq!(d, [5.0, 4.0]); // 1 − 3 = −2 ≡ 5, 2 − 12 = −10 ≡ 4
    /// ```
    axpy_reduce / axpy_reduce_portable(d: &mut [f64], mult: f64, u: &[f64], f: GfpF64) {
        for (x, &y) in d.iter_mut().zip(u) {
            *x = f.reduce(*x - mult * y);
        }
    }
}

simd_versions! {
    /// `d[i] −= mult·u[i]` without reduction (the caller keeps the result below 2⁵²).
    ///
    /// ```
    /// let mut d = [1.0, 2.0];
    /// exrank::modular::gfp_f64::axpy(&mut d, 3.0, &[1.0, 4.0]);
    /// assert_eq!(d, [-2.0, -10.0]);
    /// ```
    axpy / axpy_portable(d: &mut [f64], mult: f64, u: &[f64]) {
        for (x, &y) in d.iter_mut().zip(u) {
            *x -= mult * y;
        }
    }
}

simd_versions! {
    /// `d[i] = d[i] mod p` for integers |d[i]| < 2⁵².
    ///
    /// ```
    /// use exrank::modular::gfp_f64::{reduce_slice, GfpF64};
    /// let mut d = [-1.0, 15.0];
    /// reduce_slice(&mut d, GfpF64::new(7));
    /// assert_eq!(d, [6.0, 1.0]);
    /// ```
    reduce_slice / reduce_slice_portable(d: &mut [f64], f: GfpF64) {
        for x in d.iter_mut() {
            *x = f.reduce(*x);
        }
    }
}

simd_versions! {
    /// Splits integers `u` in [0, 2²⁶) as `u = 2¹³·hi + lo` with hi, lo in [0, 2¹³).
    ///
    /// ```
    /// let (mut hi, mut lo) = ([0.0; 2], [0.0; 2]);
    /// exrank::modular::gfp_f64::split_13(&[8193.0, 5.0], &mut hi, &mut lo);
    /// assert_eq!((hi, lo), ([1.0, 0.0], [1.0, 5.0]));
    /// ```
    split_13 / split_13_portable(u: &[f64], hi: &mut [f64], lo: &mut [f64]) {
        for ((&x, h), l) in u.iter().zip(hi.iter_mut()).zip(lo.iter_mut()) {
            // x / 2^13 is exact; truncation toward zero is the floor for x ≥ 0.
            let q = (x * (1.0 / 8192.0)) as i64 as f64;
            *h = q;
            *l = x - q * 8192.0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Checks `sub_product` (L gathered centred, as the recursion passes it) on rows × w
    /// with inner dimension k against u128 arithmetic.
    fn check_product(p: u64, rows: usize, w: usize, k: usize, pick: impl Fn(usize) -> u64) {
        let f = GfpF64::new(p);
        let l: Vec<u64> = (0..rows * k).map(&pick).collect();
        let u: Vec<u64> = (0..k * w).map(|i| pick(i + 7919)).collect();
        let d0: Vec<u64> = (0..rows * w).map(|i| pick(i + 104_729)).collect();
        let lc: Vec<f64> = l.iter().map(|&x| f.gather(x as f64)).collect();
        let uf: Vec<f64> = u.iter().map(|&x| x as f64).collect();
        let right = f.prepare_right(&uf, w, k, w);
        let mut d: Vec<f64> = d0.iter().map(|&x| x as f64).collect();
        f.sub_product(&mut d, w, rows, w, &lc, &right, k, Par::Seq);
        for i in 0..rows {
            for c in 0..w {
                let s = (0..k).fold(0u128, |s, t| {
                    (s + l[i * k + t] as u128 * u[t * w + c] as u128) % p as u128
                });
                let want = ((d0[i * w + c] as u128 + p as u128 - s) % p as u128) as f64;
                assert_eq!(d[i * w + c], want, "p = {p}, k = {k}, entry ({i}, {c})");
            }
        }
    }

    #[test]
    fn product_is_exact_for_the_largest_residues_past_one_chunk() {
        // p near 2^26 takes the split path (2^12 terms per round), 2^23 the direct one
        // (2^8 per round); (p ± 1)/2 are the centred extremes, p − 1 the largest residue.
        for p in [67_108_859, 33_554_393, 8_388_593, 65_521] {
            let half = p / 2;
            let extremes = [p - 1, half, half + 1, 8191, 8192 * 8191 % p];
            check_product(p, 3, 2, 4096 + 300, |i| extremes[i % extremes.len()]);
            check_product(p, 4, 5, 100, |i| (i as u64 * 2_654_435_761) % p);
        }
    }

    #[test]
    fn wide_and_portable_loops_agree() {
        let f = GfpF64::new(67_108_859);
        let u: Vec<f64> = (0..100u64)
            .map(|i| ((i * 2_654_435_761) % 67_108_859) as f64)
            .collect();
        let (mut hi, mut lo, mut hi2, mut lo2) = (
            vec![0.0; 100],
            vec![0.0; 100],
            vec![0.0; 100],
            vec![0.0; 100],
        );
        split_13(&u, &mut hi, &mut lo);
        split_13_portable(&u, &mut hi2, &mut lo2);
        assert_eq!((&hi, &lo), (&hi2, &lo2));
        assert!(u.iter().zip(hi.iter().zip(&lo)).all(|(&x, (&h, &l))| {
            x == h * 8192.0 + l && (0.0..8192.0).contains(&h) && (0.0..8192.0).contains(&l)
        }));
        let mut d: Vec<f64> = u.iter().map(|&x| x - 1.0).collect();
        let mut d2 = d.clone();
        axpy_reduce(&mut d, 12345.0, &u, f);
        axpy_reduce_portable(&mut d2, 12345.0, &u, f);
        assert_eq!(d, d2);
        let mut e: Vec<f64> = u.iter().map(|&x| x * 3.0e7 - 1.0e15).collect();
        let mut e2 = e.clone();
        reduce_slice(&mut e, f);
        reduce_slice_portable(&mut e2, f);
        assert_eq!(e, e2);
        axpy(&mut e, 3.0, &u);
        axpy_portable(&mut e2, 3.0, &u);
        assert_eq!(e, e2);
    }
}
