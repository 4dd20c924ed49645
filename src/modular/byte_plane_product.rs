//! The matrix–vector product of the folded lifting ([`super::folded_lifting`]) on
//! AVX-512 VNNI: F (integers below 2³¹ in absolute value) stored as 1–4 byte planes,
//! the vector as three signed byte digits, every product by `vpdpbusd` (64 byte products
//! per instruction, summed exactly in i32 lanes).
//!
//! Why: one lifting step streams F once, and at n = 1000 an i32 F (4 MB) does not fit
//! the two cores' L2 (2 MB each); the benchmark's F has 23-bit entries, so three planes
//! (3 MB) do, and the byte products need a fifth of the instructions of i64 lanes.
//!
//! Layout: u = F + 2^(8·P − 1) ∈ [0, 2^(8·P)) split into P bytes. Rows go in panels of
//! 16, one row per i32 lane: for column group g (columns 4g .. 4g + 3) and plane a, the
//! 64 bytes at `data[((panel·G + g)·P + a)·64 ..]` hold byte a of those 4 entries of each
//! of the panel's 16 rows (zeros past the matrix). Each `vpdpbusd` then multiplies 16
//! rows by the same 4 digits (broadcast), so a lane ends as one row's sum and no
//! horizontal reduction is left (per-row reductions were a third of the step).
//! The vector x (|x| < 2²², the digits of a prime below 2²³) is x₀ + 2⁸·x₁ + 2¹⁶·x₂ with
//! balanced digits in [−128, 127]. Then F·x = Σ_{a,b} 2^(8(a+b))·(u_a·x_b) − 2^(8P−1)·Σx.
//! Lane bounds: one `vpdpbusd` adds at most 4·255·128 to a lane and a weight a + b gets
//! at most 3 pairs, so [`BLOCK_GROUPS`] groups keep every lane below 2³¹; longer rows are
//! summed block by block. Rows combine the weights in i64 when every partial sum
//! Σ|u·x| ≤ cols·2^(8P+23) is below 2⁶², else in i128.

use rayon::prelude::*;

/// Rows per panel: one per i32 lane of a 512-bit register.
pub(super) const PANEL_ROWS: usize = 16;

/// Column groups (of 4) summed in i32 lanes before they are flushed to the row totals:
/// 3·4·255·128·4096 < 2³¹ (see the module docs).
const BLOCK_GROUPS: usize = 4096;

/// F as byte planes in row panels (see the module docs).
pub(super) struct BytePlanes {
    planes: usize,
    /// Whether every partial sum of a row product stays below 2⁶² (cols·2^(8P+23) < 2⁶²),
    /// so rows may combine the weights in i64.
    word_sums: bool,
    /// Column groups of 4 (the vector's digit planes are padded to 4·groups bytes).
    groups: usize,
    rows: usize,
    /// The panels, each 64-byte line aligned (a load crossing two cache lines costs two).
    data: Vec<Line>,
}

/// One cache line of a panel.
#[derive(Clone, Copy)]
#[repr(C, align(64))]
struct Line([u8; 64]);

impl BytePlanes {
    /// The planes of the row-major `rows × cols` matrix `f`, or `None` when the CPU lacks
    /// AVX-512 VNNI.
    pub(super) fn new(f: &[i32], rows: usize, cols: usize) -> Option<Self> {
        if !vnni_available() {
            return None;
        }
        Self::build(f, rows, cols)
    }

    fn build(f: &[i32], rows: usize, cols: usize) -> Option<Self> {
        let groups = cols.div_ceil(4).max(1);
        let max = f
            .par_chunks(1 << 14)
            .map(|c| c.iter().map(|v| v.unsigned_abs()).max().unwrap_or(0))
            .max()
            .unwrap_or(0);
        // The smallest P with max < 2^(8P − 1).
        let planes = (1..=4usize).find(|&p| u64::from(max) < 1u64 << (8 * p - 1))?;
        let mut data = vec![Line([0; 64]); rows.div_ceil(PANEL_ROWS) * groups * planes];
        let fill = match planes {
            1 => fill_panel::<1>,
            2 => fill_panel::<2>,
            3 => fill_panel::<3>,
            _ => fill_panel::<4>,
        };
        data.par_chunks_mut(groups * planes)
            .enumerate()
            .for_each(|(panel, lines)| {
                let first = panel * PANEL_ROWS;
                let lanes = PANEL_ROWS.min(rows - first);
                fill(lines, &f[first * cols..(first + lanes) * cols], cols);
            });
        Some(BytePlanes {
            planes,
            word_sums: (cols.max(1) as u128) << (8 * planes + 23) < 1u128 << 62,
            groups,
            rows,
            data,
        })
    }

    /// The bytes of panel `k`.
    fn panel(&self, k: usize) -> &[u8] {
        let lines = &self.data[k * self.groups * self.planes..][..self.groups * self.planes];
        // SAFETY: `Line` is a `repr(C)` wrapper of 64 bytes without padding, so the lines
        // are 64·len contiguous initialised bytes.
        unsafe { std::slice::from_raw_parts(lines.as_ptr().cast::<u8>(), 64 * lines.len()) }
    }

    /// The three balanced byte digits of the vector x = (v[first], v[first + stride], …)
    /// (|x| < 2²²), each plane padded with zeros to 4·groups bytes, and the correction
    /// 2^(8P−1)·Σx.
    pub(super) fn digits(&self, v: &[i32], first: usize, stride: usize) -> (Vec<i8>, i128) {
        let len = 4 * self.groups;
        let mut d = vec![0i8; 3 * len];
        let (d0, rest) = d.split_at_mut(len);
        let (d1, d2) = rest.split_at_mut(len);
        let mut sum = 0i64; // at most len·2²² < 2⁶⁰
        for (j, &x) in v.iter().skip(first).step_by(stride).enumerate() {
            debug_assert!(j < len && x.unsigned_abs() < 1 << 22);
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
    /// vectors whose [`Self::digits`] are given. Each panel is read from memory once; the
    /// other vectors find it in L1.
    ///
    /// # Panics
    /// If `first` is not a multiple of [`PANEL_ROWS`], the rows are out of range or
    /// `out.len()` is not a multiple of s.
    pub(super) fn product_rows(&self, first: usize, digits: &[(Vec<i8>, i128)], out: &mut [i64]) {
        self.product_rows_with(first, digits, out, vnni_available());
    }

    /// [`Self::product_rows`] on the VNNI kernel if `vnni` (the CPU has it), else in
    /// plain integers (tests run both).
    fn product_rows_with(
        &self,
        first: usize,
        digits: &[(Vec<i8>, i128)],
        out: &mut [i64],
        vnni: bool,
    ) {
        let s = digits.len();
        assert!(s > 0 && out.len().is_multiple_of(s) && first.is_multiple_of(PANEL_ROWS));
        let rows = out.len() / s;
        assert!(first + rows <= self.rows);
        #[cfg(target_arch = "x86_64")]
        if vnni && self.word_sums && self.groups <= BLOCK_GROUPS {
            // One block, sums in i64: the weights combine in registers.
            let mut lanes = [0i64; PANEL_ROWS];
            for (k, o) in out.chunks_mut(PANEL_ROWS * s).enumerate() {
                let panel = self.panel(first / PANEL_ROWS + k);
                for (c, (x, sub)) in digits.iter().enumerate() {
                    // SAFETY: as in `block_weights`; the caller's bound keeps every partial
                    // sum and the correction below 2⁶².
                    unsafe {
                        match self.planes {
                            1 => vnni::panel_sums::<1>(panel, x, self.groups, &mut lanes),
                            2 => vnni::panel_sums::<2>(panel, x, self.groups, &mut lanes),
                            3 => vnni::panel_sums::<3>(panel, x, self.groups, &mut lanes),
                            _ => vnni::panel_sums::<4>(panel, x, self.groups, &mut lanes),
                        }
                    }
                    let sub = *sub as i64;
                    for (lane, t) in lanes.iter().take(o.len() / s).enumerate() {
                        o[lane * s + c] = t - sub;
                    }
                }
            }
            return;
        }
        let mut weights = [[0i32; PANEL_ROWS]; 6];
        let mut totals = [0i128; PANEL_ROWS];
        for (k, o) in out.chunks_mut(PANEL_ROWS * s).enumerate() {
            let panel = self.panel(first / PANEL_ROWS + k);
            let lanes = o.len() / s;
            for (c, (x, sub)) in digits.iter().enumerate() {
                totals.fill(0);
                for g0 in (0..self.groups).step_by(BLOCK_GROUPS) {
                    let g1 = (g0 + BLOCK_GROUPS).min(self.groups);
                    self.block_weights(panel, x, g0, g1, &mut weights, vnni);
                    for (lane, t) in totals.iter_mut().enumerate() {
                        *t += self.combine(&weights, lane);
                    }
                }
                for (lane, t) in totals.iter().take(lanes).enumerate() {
                    o[lane * s + c] = (t - sub) as i64;
                }
            }
        }
    }

    /// Σ_k 2^(8k)·weights[k][lane] (in i64 when `word_sums` allows).
    #[inline]
    fn combine(&self, weights: &[[i32; PANEL_ROWS]; 6], lane: usize) -> i128 {
        let top = self.planes + 2;
        if self.word_sums {
            let mut t = 0i64;
            for w in weights[..top].iter().rev() {
                t = (t << 8) + i64::from(w[lane]);
            }
            i128::from(t)
        } else {
            let mut t = 0i128;
            for w in weights[..top].iter().rev() {
                t = (t << 8) + i128::from(w[lane]);
            }
            t
        }
    }

    /// weights[a + b][lane] = Σ over groups [g0, g1) of u_a·x_b for the panel's rows, by
    /// the VNNI kernel if `vnni`.
    fn block_weights(
        &self,
        panel: &[u8],
        x: &[i8],
        g0: usize,
        g1: usize,
        weights: &mut [[i32; PANEL_ROWS]; 6],
        vnni: bool,
    ) {
        debug_assert!(g1 - g0 <= BLOCK_GROUPS && x.len() == 12 * self.groups);
        #[cfg(target_arch = "x86_64")]
        if vnni {
            // SAFETY: the CPU has the features the kernels were compiled for; the panel
            // holds groups·P·64 bytes and each digit plane 4·groups.
            unsafe {
                match self.planes {
                    1 => vnni::block::<1>(panel, x, self.groups, g0, g1, weights),
                    2 => vnni::block::<2>(panel, x, self.groups, g0, g1, weights),
                    3 => vnni::block::<3>(panel, x, self.groups, g0, g1, weights),
                    _ => vnni::block::<4>(panel, x, self.groups, g0, g1, weights),
                }
            }
            return;
        }
        portable_block(panel, self.planes, x, self.groups, g0, g1, weights);
    }
}

/// One panel's lines (zeroed, P per column group) from its rows of F (row-major, `cols`
/// columns): byte a of u = F + 2^(8P − 1) of row `lane`, column 4g + t goes to line
/// g·P + a at byte 4·lane + t.
fn fill_panel<const P: usize>(lines: &mut [Line], rows: &[i32], cols: usize) {
    // u < 2^(8P) ≤ 2³²: the sum wraps into u32 exactly.
    let offset = 1u32 << (8 * P - 1);
    for (lane, row) in rows.chunks_exact(cols).enumerate() {
        for (group, quad) in lines.chunks_exact_mut(P).zip(row.chunks(4)) {
            for (t, &v) in quad.iter().enumerate() {
                let u = (v as u32).wrapping_add(offset);
                for (a, line) in group.iter_mut().enumerate() {
                    line.0[lane * 4 + t] = (u >> (8 * a)) as u8;
                }
            }
        }
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

/// The same weights in plain integers (the reference the tests compare the kernels with).
fn portable_block(
    panel: &[u8],
    planes: usize,
    x: &[i8],
    groups: usize,
    g0: usize,
    g1: usize,
    weights: &mut [[i32; PANEL_ROWS]; 6],
) {
    *weights = [[0; PANEL_ROWS]; 6];
    for g in g0..g1 {
        for a in 0..planes {
            let u = &panel[(g * planes + a) * 64..][..64];
            for b in 0..3 {
                let xb = &x[b * 4 * groups + 4 * g..][..4];
                for (lane, w) in weights[a + b].iter_mut().enumerate() {
                    let dot: i32 = (0..4)
                        .map(|t| i32::from(u[lane * 4 + t]) * i32::from(xb[t]))
                        .sum();
                    *w += dot;
                }
            }
        }
    }
}

#[cfg(target_arch = "x86_64")]
mod vnni {
    use super::PANEL_ROWS;
    use std::arch::x86_64::*;

    /// [`super::portable_block`] with P planes: per group, the 4 digits of each digit
    /// plane are broadcast and multiplied with the P planes of the panel's 16 rows.
    #[target_feature(enable = "avx512f,avx512bw,avx512vnni")]
    pub(super) unsafe fn block<const P: usize>(
        panel: &[u8],
        x: &[i8],
        groups: usize,
        g0: usize,
        g1: usize,
        weights: &mut [[i32; PANEL_ROWS]; 6],
    ) {
        let acc = accumulate::<P>(panel, x, groups, g0, g1);
        for (w, a) in weights.iter_mut().zip(acc.iter()) {
            _mm512_storeu_si512(w.as_mut_ptr().cast(), *a);
        }
    }

    /// The panel's 16 row sums Σ_k 2^(8k)·weight_k over all groups, in i64 (the caller
    /// checked that every partial sum stays below 2⁶² and that the groups fit one block).
    #[target_feature(enable = "avx512f,avx512bw,avx512vnni")]
    pub(super) unsafe fn panel_sums<const P: usize>(
        panel: &[u8],
        x: &[i8],
        groups: usize,
        out: &mut [i64; PANEL_ROWS],
    ) {
        let acc = accumulate::<P>(panel, x, groups, 0, groups);
        let (mut lo, mut hi) = (_mm512_setzero_si512(), _mm512_setzero_si512());
        for (k, a) in acc.iter().enumerate().take(P + 2) {
            let shift = _mm512_set1_epi64(8 * k as i64);
            let l = _mm512_cvtepi32_epi64(_mm512_castsi512_si256(*a));
            let h = _mm512_cvtepi32_epi64(_mm512_extracti64x4_epi64::<1>(*a));
            lo = _mm512_add_epi64(lo, _mm512_sllv_epi64(l, shift));
            hi = _mm512_add_epi64(hi, _mm512_sllv_epi64(h, shift));
        }
        _mm512_storeu_si512(out.as_mut_ptr().cast(), lo);
        _mm512_storeu_si512(out.as_mut_ptr().add(8).cast(), hi);
    }

    /// The weight accumulators (index a + b) over groups [g0, g1).
    #[inline]
    #[target_feature(enable = "avx512f,avx512bw,avx512vnni")]
    unsafe fn accumulate<const P: usize>(
        panel: &[u8],
        x: &[i8],
        groups: usize,
        g0: usize,
        g1: usize,
    ) -> [__m512i; 6] {
        debug_assert!(panel.len() == groups * P * 64 && x.len() == 12 * groups && g1 <= groups);
        let (xp, up) = (x.as_ptr(), panel.as_ptr());
        let plane = 4 * groups;
        // One accumulator per (plane, digit) pair: 3·P independent `vpdpbusd` chains.
        let mut pairs = [[_mm512_setzero_si512(); 3]; P];
        for g in g0..g1 {
            // SAFETY: g < groups, so every read below is inside the panel and the digits.
            let at = 4 * g;
            let x0 = _mm512_set1_epi32(xp.add(at).cast::<i32>().read_unaligned());
            let x1 = _mm512_set1_epi32(xp.add(plane + at).cast::<i32>().read_unaligned());
            let x2 = _mm512_set1_epi32(xp.add(2 * plane + at).cast::<i32>().read_unaligned());
            for (a, pa) in pairs.iter_mut().enumerate() {
                let u = _mm512_loadu_si512(up.add((g * P + a) * 64).cast());
                pa[0] = _mm512_dpbusd_epi32(pa[0], u, x0);
                pa[1] = _mm512_dpbusd_epi32(pa[1], u, x1);
                pa[2] = _mm512_dpbusd_epi32(pa[2], u, x2);
            }
        }
        // Pairs with the same a + b share a weight; their sum stays in i32 (at most 3 of
        // them, each below 2³¹/3 by BLOCK_GROUPS).
        let mut acc = [_mm512_setzero_si512(); 6];
        for (a, pa) in pairs.iter().enumerate() {
            for (b, v) in pa.iter().enumerate() {
                acc[a + b] = _mm512_add_epi32(acc[a + b], *v);
            }
        }
        acc
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

    /// F·x by both kernels (VNNI where the CPU has it) for rows `first..` and the
    /// vectors x and −x, checked against the naive product.
    fn check(f: &[i32], rows: usize, cols: usize, x: &[i32], first: usize, what: &str) {
        let bp = BytePlanes::build(f, rows, cols).unwrap();
        let want = naive(f, x);
        let neg: Vec<i32> = x.iter().map(|v| -v).collect();
        let digits = [bp.digits(x, 0, 1), bp.digits(&neg, 0, 1)];
        let pairs: Vec<i64> = want[first..].iter().flat_map(|&w| [w, -w]).collect();
        for vnni in [false, vnni_available()] {
            let mut got = vec![0i64; 2 * (rows - first)];
            bp.product_rows_with(first, &digits, &mut got, vnni);
            assert_eq!(got, pairs, "{what}, vnni {vnni}");
        }
    }

    #[test]
    fn kernels_equal_naive_products_for_every_plane_count() {
        // Entry sizes for 1, 2, 3 and 4 planes; row lengths around multiples of 4 and
        // row counts around panels.
        for (bits, rows, cols, seed) in [
            (6, 7, 5, 1),
            (14, 16, 64, 2),
            (22, 17, 130, 3),
            (30, 40, 301, 4),
            (23, 33, 999, 5),
        ] {
            let f = values(rows * cols, bits, seed);
            let x = values(cols, 22, seed + 9);
            let bp = BytePlanes::build(&f, rows, cols).unwrap();
            assert_eq!(bp.planes, (bits as usize + 1).div_ceil(8), "bits = {bits}");
            for first in (0..rows).step_by(PANEL_ROWS) {
                check(
                    &f,
                    rows,
                    cols,
                    &x,
                    first,
                    &format!("bits {bits}, cols {cols}, first {first}"),
                );
            }
        }
    }

    /// `len` entries ±`top`, + where `plus(j)`.
    fn plus_minus(len: usize, top: i32, plus: impl Fn(usize) -> bool) -> Vec<i32> {
        (0..len).map(|j| if plus(j) { top } else { -top }).collect()
    }

    #[test]
    fn rows_longer_than_a_block_are_summed_block_by_block() {
        // 4·BLOCK_GROUPS + 37 columns: two blocks, the lanes at their largest.
        let cols = 4 * BLOCK_GROUPS + 37;
        let f = plus_minus(3 * cols, (1 << 23) - 1, |j| j % 2 == 0);
        let x = plus_minus(cols, (1 << 22) - 1, |j| j % 5 < 3);
        check(&f, 3, cols, &x, 0, "long rows");
    }

    #[test]
    fn extreme_entries_and_digits_are_exact() {
        // Four planes (sums combined in i128) and three planes (in i64), at the largest
        // entries and digits each allows.
        for (cols, top) in [(70, i32::MAX), (999, (1 << 23) - 1)] {
            let f = plus_minus(2 * cols, top, |j| j % 2 == 0);
            let x = plus_minus(cols, (1 << 22) - 1, |j| j % 3 == 0);
            check(&f, 2, cols, &x, 0, &format!("extreme, cols {cols}"));
        }
    }
}
