//! The matrix–vector product of the folded lifting ([`super::folded_lifting`]) on
//! AVX-512 VNNI: F (integers below 2³¹ in absolute value) stored as 1–4 byte planes,
//! the vector as three signed byte digits, every product by `vpdpbusd` (64 byte products
//! per instruction, summed exactly in i32 lanes).
//!
//! Why: one lifting step streams F once, and at n = 1000 an i32 F (4 MB) does not fit
//! the two cores' L2 (2 MB each); the benchmark's F has 23-bit entries, so three planes
//! (3 MB) do, and the byte products need a fifth of the instructions of i64 lanes.
//!
//! Layout: u = F + 2^(8·P − 1) ∈ [0, 2^(8·P)) split into P bytes, row i holding plane a
//! at `data[(i·P + a)·rp ..][..rp]` (rows padded with zeros to rp, a multiple of 64).
//! The vector x (|x| < 2²², the digits of a prime below 2²³) is x₀ + 2⁸·x₁ + 2¹⁶·x₂ with balanced digits in [−128, 127].
//! Then F·x = Σ_{a,b} 2^(8(a+b))·(u_a·x_b) − 2^(8P−1)·Σx. Lane bounds: one `vpdpbusd`
//! adds at most 4·255·128 to a lane, an accumulator gets at most 3 of them per 64
//! columns, so rp ≤ [`MAX_PADDED`] keeps every lane below 2³¹. The planes are combined
//! in i64 lanes when every partial sum Σ|u·x| ≤ rp·2^(8P+23) is below 2⁶², else in i128.

use rayon::prelude::*;

/// Longest padded row the i32 lanes take without overflow (see the module docs).
pub(super) const MAX_PADDED: usize = 1 << 17;

/// F as byte planes (see the module docs).
pub(super) struct BytePlanes {
    planes: usize,
    /// Whether every partial sum of a row product stays below 2⁶² (rp·2^(8P+23) < 2⁶²),
    /// so the kernel may combine the planes in i64 lanes.
    word_sums: bool,
    rp: usize,
    rows: usize,
    data: Vec<u8>,
}

impl BytePlanes {
    /// The planes of the row-major `rows × cols` matrix `f`, or `None` when the CPU lacks
    /// AVX-512 VNNI or the rows are too long.
    pub(super) fn new(f: &[i32], rows: usize, cols: usize) -> Option<Self> {
        if !vnni_available() {
            return None;
        }
        Self::build(f, rows, cols)
    }

    fn build(f: &[i32], rows: usize, cols: usize) -> Option<Self> {
        let rp = cols.div_ceil(64).max(1) * 64;
        if rp > MAX_PADDED {
            return None;
        }
        let max = f.iter().map(|v| v.unsigned_abs()).max().unwrap_or(0);
        // The smallest P with max < 2^(8P − 1).
        let planes = (1..=4usize).find(|&p| u64::from(max) < 1u64 << (8 * p - 1))?;
        let offset = 1i64 << (8 * planes - 1);
        let mut data = vec![0u8; rows * planes * rp];
        data.par_chunks_mut(planes * rp)
            .zip(f.par_chunks_exact(cols))
            .for_each(|(out, row)| {
                for (a, plane) in out.chunks_exact_mut(rp).enumerate() {
                    for (o, &v) in plane.iter_mut().zip(row) {
                        *o = ((i64::from(v) + offset) as u64 >> (8 * a)) as u8;
                    }
                }
            });
        Some(BytePlanes {
            planes,
            word_sums: (rp as u128) << (8 * planes + 23) < 1u128 << 62,
            rp,
            rows,
            data,
        })
    }

    /// The three balanced byte digits of the vector x = (v[first], v[first + stride], …)
    /// (cols entries, |x| < 2²²), each plane padded to rp, and the correction 2^(8P−1)·Σx.
    pub(super) fn digits(&self, v: &[i32], first: usize, stride: usize) -> (Vec<i8>, i128) {
        let rp = self.rp;
        let mut d = vec![0i8; 3 * rp];
        let (d0, rest) = d.split_at_mut(rp);
        let (d1, d2) = rest.split_at_mut(rp);
        let mut sum = 0i64; // at most rp·2²² < 2⁴⁰
        for (j, &x) in v.iter().skip(first).step_by(stride).enumerate() {
            debug_assert!(j < rp && x.unsigned_abs() < 1 << 22);
            sum += i64::from(x);
            // Truncation to i8 is the balanced digit: x ≡ (x as i8) (mod 256).
            let b0 = x as i8;
            let x1 = (x - i32::from(b0)) >> 8;
            let b1 = x1 as i8;
            let x2 = (x1 - i32::from(b1)) >> 8;
            debug_assert!((-128..128).contains(&x2));
            (d0[j], d1[j], d2[j]) = (b0, b1, x2 as i8);
        }
        (d, i128::from(sum) << (8 * self.planes - 1))
    }

    /// `out[i·s + c] = (F·x_c)_i` for the rows `first..first + out.len()/s` and the s
    /// vectors whose [`Self::digits`] are given (each row streams from memory once; the
    /// other vectors find it in L1).
    ///
    /// # Panics
    /// If the rows are out of range or `out.len()` is not a multiple of s.
    pub(super) fn product_rows(&self, first: usize, digits: &[(Vec<i8>, i128)], out: &mut [i64]) {
        let s = digits.len();
        assert!(s > 0 && out.len().is_multiple_of(s) && first + out.len() / s <= self.rows);
        let stride = self.planes * self.rp;
        let rows = out.len() / s;
        let data = &self.data[first * stride..(first + rows) * stride];
        for (row, o) in data.chunks_exact(stride).zip(out.chunks_exact_mut(s)) {
            for (d, oc) in digits.iter().zip(o.iter_mut()) {
                *oc = self.row_product(row, d);
            }
        }
    }

    /// One row's product with one vector.
    #[inline]
    fn row_product(&self, row: &[u8], digits: &(Vec<i8>, i128)) -> i64 {
        #[cfg(target_arch = "x86_64")]
        if vnni_available() {
            // SAFETY: the CPU has the features the kernels were compiled for.
            return unsafe {
                match self.planes {
                    1 => vnni::row::<1>(row, self.rp, &digits.0, digits.1, self.word_sums),
                    2 => vnni::row::<2>(row, self.rp, &digits.0, digits.1, self.word_sums),
                    3 => vnni::row::<3>(row, self.rp, &digits.0, digits.1, self.word_sums),
                    _ => vnni::row::<4>(row, self.rp, &digits.0, digits.1, self.word_sums),
                }
            };
        }
        portable_row(row, self.planes, self.rp, &digits.0, digits.1)
    }
}

/// Whether the CPU runs the VNNI kernels.
fn vnni_available() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("avx512f")
            && std::arch::is_x86_feature_detected!("avx512bw")
            && std::arch::is_x86_feature_detected!("avx512vnni")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// The same sum in plain integers (the reference the tests compare the kernels with).
fn portable_row(row: &[u8], planes: usize, rp: usize, x: &[i8], sub: i128) -> i64 {
    let mut total = 0i128;
    for a in 0..planes {
        for b in 0..3 {
            let s: i64 = (0..rp)
                .map(|j| i64::from(row[a * rp + j]) * i64::from(x[b * rp + j]))
                .sum();
            total += i128::from(s) << (8 * (a + b));
        }
    }
    (total - sub) as i64
}

#[cfg(target_arch = "x86_64")]
mod vnni {
    use std::arch::x86_64::*;

    /// Σ of the 16 i32 lanes, widened so the sum cannot wrap.
    #[inline]
    #[target_feature(enable = "avx512f")]
    unsafe fn lane_sum(v: __m512i) -> i64 {
        let lo = _mm512_cvtepi32_epi64(_mm512_castsi512_si256(v));
        let hi = _mm512_cvtepi32_epi64(_mm512_extracti64x4_epi64::<1>(v));
        _mm512_reduce_add_epi64(_mm512_add_epi64(lo, hi))
    }

    /// [`super::portable_row`] with P planes, 64 columns per iteration.
    #[target_feature(enable = "avx512f,avx512bw,avx512vnni")]
    pub(super) unsafe fn row<const P: usize>(
        row: &[u8],
        rp: usize,
        x: &[i8],
        sub: i128,
        word_sums: bool,
    ) -> i64 {
        debug_assert!(x.len() == 3 * rp && row.len() == P * rp);
        let (xp, rowp) = (x.as_ptr(), row.as_ptr());
        // One accumulator per (plane, digit) pair: each is updated once per 64 columns, so
        // the `vpdpbusd` latency chains run side by side instead of three deep.
        let mut pairs = [[_mm512_setzero_si512(); 3]; P];
        let mut j = 0;
        while j < rp {
            // SAFETY: j + 64 ≤ rp and every plane has rp bytes.
            let x0 = _mm512_loadu_si512(xp.add(j).cast());
            let x1 = _mm512_loadu_si512(xp.add(rp + j).cast());
            let x2 = _mm512_loadu_si512(xp.add(2 * rp + j).cast());
            for (a, pa) in pairs.iter_mut().enumerate() {
                let u = _mm512_loadu_si512(rowp.add(a * rp + j).cast());
                pa[0] = _mm512_dpbusd_epi32(pa[0], u, x0);
                pa[1] = _mm512_dpbusd_epi32(pa[1], u, x1);
                pa[2] = _mm512_dpbusd_epi32(pa[2], u, x2);
            }
            j += 64;
        }
        // Pairs with the same a + b share a weight 2^(8(a+b)); their sum stays in i32 (at
        // most 3 of them, each below 2³¹/3 by the bound on rp).
        let mut acc = [_mm512_setzero_si512(); 6];
        for (a, pa) in pairs.iter().enumerate() {
            for (b, v) in pa.iter().enumerate() {
                acc[a + b] = _mm512_add_epi32(acc[a + b], *v);
            }
        }
        if word_sums {
            // Every partial sum is at most rp·2^(8P+23) < 2⁶² (checked by the caller): the
            // planes combine in i64 lanes and one horizontal sum is left.
            let mut lanes = _mm512_setzero_si512();
            for (k, a) in acc.iter().enumerate().take(P + 2) {
                let shift = _mm512_set1_epi64(8 * k as i64);
                let lo = _mm512_cvtepi32_epi64(_mm512_castsi512_si256(*a));
                let hi = _mm512_cvtepi32_epi64(_mm512_extracti64x4_epi64::<1>(*a));
                lanes = _mm512_add_epi64(lanes, _mm512_sllv_epi64(_mm512_add_epi64(lo, hi), shift));
            }
            return (i128::from(_mm512_reduce_add_epi64(lanes)) - sub) as i64;
        }
        let mut total = 0i128;
        for k in (0..P + 2).rev() {
            total = (total << 8) + i128::from(lane_sum(acc[k]));
        }
        (total - sub) as i64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(len: usize, bits: u32, seed: u64) -> Vec<i32> {
        let mut s = seed;
        (0..len)
            .map(|_| {
                s = s
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                let m = (1i64 << bits) - 1;
                ((s >> 20) as i64 % (2 * m + 1) - m) as i32
            })
            .collect()
    }

    /// F·x in i64, row by row (F row-major with x.len() columns).
    fn naive(f: &[i32], x: &[i32]) -> Vec<i64> {
        let dot = |row: &[i32]| {
            row.iter()
                .zip(x)
                .map(|(&a, &b)| i64::from(a) * i64::from(b))
                .sum()
        };
        f.chunks_exact(x.len()).map(dot).collect()
    }

    #[test]
    fn kernels_equal_naive_products_for_every_plane_count() {
        // Entry sizes for 1, 2, 3 and 4 planes; row lengths around multiples of 64.
        for (bits, cols, seed) in [
            (6, 5, 1),
            (14, 64, 2),
            (22, 130, 3),
            (30, 300, 4),
            (23, 999, 5),
        ] {
            let rows = 7;
            let f = values(rows * cols, bits, seed);
            let x = values(cols, 22, seed + 9);
            let bp = BytePlanes::build(&f, rows, cols).unwrap();
            assert_eq!(bp.planes, (bits as usize + 1).div_ceil(8), "bits = {bits}");
            let want = naive(&f, &x);
            let digits = bp.digits(&x, 0, 1);
            let stride = bp.planes * bp.rp;
            let got: Vec<i64> = bp
                .data
                .chunks_exact(stride)
                .map(|row| portable_row(row, bp.planes, bp.rp, &digits.0, digits.1))
                .collect();
            assert_eq!(got, want, "portable, bits = {bits}, cols = {cols}");
            // Dispatched (VNNI where available), rows 2.., two vectors: x and −x.
            let neg: Vec<i32> = x.iter().map(|v| -v).collect();
            let mut got = vec![0i64; 2 * (rows - 2)];
            bp.product_rows(2, &[digits, bp.digits(&neg, 0, 1)], &mut got);
            let pairs: Vec<i64> = want[2..].iter().flat_map(|&w| [w, -w]).collect();
            assert_eq!(got, pairs, "dispatched, bits = {bits}, cols = {cols}");
        }
    }

    #[test]
    fn extreme_entries_and_digits_are_exact() {
        // Four planes (sums combined in i128) and three planes (in i64 lanes), at the
        // largest entries and digits each allows.
        for (cols, top) in [(70, i32::MAX), (999, (1 << 23) - 1)] {
            extreme(cols, top);
        }
    }

    fn extreme(cols: usize, top: i32) {
        let f: Vec<i32> = (0..2 * cols)
            .map(|j| if j % 2 == 0 { top } else { -top })
            .collect();
        let x: Vec<i32> = (0..cols)
            .map(|j| {
                if j % 3 == 0 {
                    (1 << 22) - 1
                } else {
                    -(1 << 22) + 1
                }
            })
            .collect();
        let bp = BytePlanes::build(&f, 2, cols).unwrap();
        let mut got = vec![0i64; 2];
        bp.product_rows(0, &[bp.digits(&x, 0, 1)], &mut got);
        assert_eq!(got, naive(&f, &x));
    }
}
