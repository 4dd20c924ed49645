//! Dixon lifting with one matrix–vector product a step instead of two, for a few
//! right-hand sides (the r = n − 1 case, where lifting streams matrices from memory and
//! bytes per step are the whole cost).
//!
//! Plain Dixon keeps the residual R and per step computes X = C·R mod p (C = B⁻¹ mod p,
//! centred) and R ← (R − B·X)/p: it streams both C and B. Here C·B = I + p·F is formed
//! once, exactly over Z (one f64 GEMM, every sum an integer below 2⁵²), and the lifting
//! tracks Z = C·R instead of R:
//!
//! X = Z cmod p, H = (Z − X)/p, Z ← H − F·X,
//!
//! because C·(R − B·X)/p = (Z − X − p·F·X)/p. Only F is streamed. The digits X are those
//! of plain Dixon, and the identity b − B·u = pᵏ·R (with R integral) that
//! [`super::dixon`]'s proof rests on still holds: the divisibility of C·B − I by p is
//! checked entry by entry when F is formed, so B·C ≡ I (mod p) (square matrices over the
//! ring Z/pZ, prime or not), hence B·X ≡ R (mod p) at every step and each R stays
//! integral; Z = C·R holds exactly because every operation below is exact by the range
//! analysis in [`Folded::new`]. A wrong inverse is refused there, before any step.

use super::byte_plane_product::{BytePlanes, PANEL_ROWS};
use super::dixon::{mat_multi_vec, step_tasks, Lifting, ModI64};
use faer::{Accum, MatMut, MatRef, Par};
use rayon::prelude::*;

/// F in the form its product with the digits is fastest in: byte planes on CPUs with
/// AVX-512 VNNI, else i32 rows.
enum Product {
    Bytes(BytePlanes),
    Words(Vec<i32>),
}

/// |Z| stays below this bound (and every i64 intermediate below 2⁶³): checked before the
/// first step, kept by each step (see [`Folded::new`]).
const Z_LIMIT: i128 = 1 << 62;

/// Sums of f64 products are exact below this.
const F64_EXACT: f64 = 4_503_599_627_370_496.0; // 2^52

/// The folded lifting state: F (r × r) and Z (r × s, row-major i64).
pub(super) struct Folded {
    f: Product,
    z: Vec<i64>,
    m: ModI64,
    r: usize,
    s: usize,
}

impl Folded {
    /// From B (r × r, row-major, integers as doubles), the right-hand sides (r × s,
    /// row-major), C = B⁻¹ mod p (centred, row-major f64) and p < 2²³. `None` when C·B ≢ I (mod p) (the pivots or
    /// the inverse were wrong) or when the entries are too large for the ranges below
    /// (the caller then lifts the plain way).
    ///
    /// Ranges: with ρ = maxᵢ Σⱼ|F_ij| and h = (p − 1)/2, |F·X| ≤ ρ·h; if |Z| < L = 2⁶²
    /// then |H| ≤ L/p + 1 and the next |Z| ≤ L/p + 1 + ρ·h, below L when ρ·h < L − L/p − 1,
    /// which is checked. Z₀ = C·b is formed in i64 once maxᵢ Σₜ|C_it|·max|b| < 4·10¹⁸ < L
    /// (every partial sum is below that).
    pub(super) fn new(
        b: &[f64],
        rhs: &[i64],
        binv: &[f64],
        p: u64,
        r: usize,
        s: usize,
    ) -> Option<Self> {
        Self::with_kernel(b, rhs, binv, p, r, s, true, FOLD_PANEL_ROWS)
    }

    /// [`Self::new`], with the byte-plane product only if `bytes`, C·B formed `panel`
    /// rows at a time (tests run both products and small panels).
    #[allow(clippy::too_many_arguments)]
    fn with_kernel(
        b: &[f64],
        rhs: &[i64],
        binv: &[f64],
        p: u64,
        r: usize,
        s: usize,
        bytes: bool,
        panel: usize,
    ) -> Option<Self> {
        assert!(p < 1 << 23, "digits must stay below 2^22");
        let half = (p as i64 - 1) / 2;
        // maxᵢ Σₜ|C_it| (exact in f64: below r·2²²) bounds both C·B and Z₀ = C·b; max|C|
        // sizes the inner chunks of C·B when the row sums are too large for one product.
        let (row_sum_max, max_c) = binv
            .par_chunks_exact(r)
            .map(|row| {
                row.iter()
                    .fold((0.0f64, 0.0f64), |(s, m), v| (s + v.abs(), m.max(v.abs())))
            })
            .reduce(|| (0.0, 0.0), |a, b| (a.0.max(b.0), a.1.max(b.1)));
        let (f, rho) = fold(b, binv, row_sum_max, max_c, p, r, panel)?;
        if rho * i128::from(half) >= Z_LIMIT - Z_LIMIT / i128::from(p) - 1 {
            return None;
        }
        let max_rhs = rhs.iter().map(|v| v.unsigned_abs()).max().unwrap_or(0) as f64;
        if row_sum_max * max_rhs >= 4.0e18 {
            return None; // Z₀ may reach 2⁶²
        }
        // |Z₀| ≤ row sum · max|b| < 2⁶²: exact in i64. Rows in parallel.
        let mut z = vec![0i64; r * s];
        z.par_chunks_mut(s)
            .zip(binv.par_chunks_exact(r))
            .for_each(|(zi, row)| {
                for (c, out) in zi.iter_mut().enumerate() {
                    *out = row
                        .iter()
                        .enumerate()
                        .map(|(t, &x)| x as i64 * rhs[t * s + c])
                        .sum();
                }
            });
        let planes = if bytes {
            BytePlanes::new(&f, r, r)
        } else {
            None
        };
        let f = match planes {
            Some(bp) => Product::Bytes(bp),
            None => Product::Words(f),
        };
        Some(Folded {
            f,
            z,
            m: ModI64::new(p),
            r,
            s,
        })
    }
}

/// F = (C·B − I)/p as i32, exactly, with ρ = maxᵢ Σⱼ|F_ij| (`row_sum_max` = maxᵢ Σₜ|C_it|,
/// `max_c` = max|C_it|), or `None` when some entry of C·B − I is not divisible by p or F
/// does not fit i32 or C·B may reach 2⁶². C·B is one f64 GEMM when every row sum
/// Σ|C_it|·max|B| is below 2⁵², else a sum of GEMMs over inner chunks that are,
/// accumulated in i64.
fn fold(
    b: &[f64],
    binv: &[f64],
    row_sum_max: f64,
    max_c: f64,
    p: u64,
    r: usize,
    panel: usize,
) -> Option<(Vec<i32>, i128)> {
    let max_b = b
        .par_chunks(r.max(1))
        .map(|row| row.iter().fold(0.0f64, |m, v| m.max(v.abs())))
        .reduce(|| 0.0, f64::max);
    if max_b >= F64_EXACT || max_c * max_b * r as f64 >= 4.0e18 {
        return None; // C·B may leave i64
    }
    // Inner chunk: kc·max|C|·max|B| < 2⁵² (or all of r when the row sums allow).
    let kc = if row_sum_max * max_b < F64_EXACT {
        r
    } else {
        ((F64_EXACT / (max_c.max(1.0) * max_b.max(1.0))) as usize).clamp(1, r)
    };
    let par = if r >= 256 { Par::rayon(0) } else { Par::Seq };
    let mut f = vec![0i32; r * r];
    // C·B is formed `panel` rows at a time, each panel turned into F's rows at once: the
    // product buffer is a panel, not a second r² array.
    let panel = panel.clamp(1, r.max(1));
    let mut prod = vec![0.0f64; panel * r];
    let mut acc: Vec<i64> = if kc < r {
        vec![0; panel * r]
    } else {
        Vec::new()
    };
    let (mut ok, mut rho) = (true, 0i64);
    for (i0, f_rows) in (0..r).step_by(panel).zip(f.chunks_mut(panel * r)) {
        let h = panel.min(r - i0);
        let prod = &mut prod[..h * r];
        acc.iter_mut().for_each(|x| *x = 0);
        let mut t0 = 0;
        while t0 < r {
            let k = kc.min(r - t0);
            let cv = MatRef::from_row_major_slice_with_stride(&binv[i0 * r + t0..], h, k, r);
            let bv = MatRef::from_row_major_slice(&b[t0 * r..(t0 + k) * r], k, r);
            let pv = MatMut::from_row_major_slice_mut(prod, h, r);
            faer::linalg::matmul::matmul(pv, Accum::Replace, cv, bv, 1.0, par);
            if kc == r {
                break;
            }
            acc.par_iter_mut()
                .zip(&*prod)
                .for_each(|(x, &v)| *x += v as i64);
            t0 += k;
        }
        let (panel_ok, panel_rho) = if kc == r {
            exact_quotients(prod, i0, r, p, f_rows)
        } else {
            let a = &mut acc[..h * r];
            for i in 0..h {
                a[i * r + i0 + i] -= 1;
            }
            word_quotients(a, r, p, f_rows)
        };
        ok &= panel_ok;
        rho = rho.max(panel_rho);
    }
    ok.then_some((f, i128::from(rho)))
}

/// Rows of C·B formed at a time by [`fold`]: 1024 · r doubles (80 MB at r = 10 000, a
/// tenth of an r² array; the whole product at r ≤ 1024). Measured at n = 1000
/// (`low_1000_999`, 3 × best of 5): one panel 130–137 ms, panels of 256 rows 132–144 ms.
const FOLD_PANEL_ROWS: usize = 1024;

/// Rows of F from the same rows of C·B − I summed in i64 (`v`, r columns), written to
/// `out`, rows in parallel. Returns whether every division was exact with an i32
/// quotient (else C is not B⁻¹ mod p, or F leaves i32) and maxᵢ Σⱼ|F_ij| over the rows.
fn word_quotients(v: &[i64], r: usize, p: u64, out: &mut [i32]) -> (bool, i64) {
    let m = ModI64::new(p);
    out.par_chunks_mut(r)
        .zip(v.par_chunks(r))
        .map(|(out, row)| {
            // No early exit: the loop stays branch-free.
            let (mut ok, mut sum) = (true, 0i64);
            for (o, &x) in out.iter_mut().zip(row) {
                let (q, rem) = m.div_centred(x);
                ok &= rem == 0 && i32::try_from(q).is_ok();
                *o = q as i32;
                sum += (q as i32 as i64).abs();
            }
            (ok, sum)
        })
        .reduce(|| (true, 0), |x, y| (x.0 & y.0, x.1.max(y.1)))
}

/// [`word_quotients`] for rows `first..` of C·B held as exact f64 integers below 2⁵² (the
/// diagonal's 1 is subtracted here): q = round(v/p) is the quotient when p | v (the
/// estimate is within 2⁻²⁰ of it), and q·p == v (exact, below 2⁵³) checks it. One
/// branch-free pass.
fn exact_quotients(prod: &[f64], first: usize, r: usize, p: u64, out: &mut [i32]) -> (bool, i64) {
    const MAGIC: f64 = 6_755_399_441_055_744.0; // 1.5·2⁵², rounds to an integer
    const LIMIT: f64 = 2_147_483_647.0;
    let (pf, pinv) = (p as f64, 1.0 / p as f64);
    out.par_chunks_mut(r)
        .zip(prod.par_chunks(r))
        .enumerate()
        .with_min_len(8)
        .map(|(i, (out, row))| {
            let (mut ok, mut sum) = (true, 0i64);
            for (j, (o, &x)) in out.iter_mut().zip(row).enumerate() {
                let v = if first + i == j { x - 1.0 } else { x };
                let q = (v * pinv + MAGIC) - MAGIC;
                let clamped = q.clamp(-LIMIT, LIMIT);
                ok &= (q * pf == v) & (clamped == q);
                let qi = clamped as i32;
                *o = qi;
                sum += i64::from(qi).abs();
            }
            (ok, sum)
        })
        .reduce(|| (true, 0), |x, y| (x.0 & y.0, x.1.max(y.1)))
}

impl Lifting for Folded {
    fn step(&mut self) -> Option<Vec<i32>> {
        let (r, s, m) = (self.r, self.s, self.m);
        // X = Z cmod p, Z ← H (all row-major r × s, like the caller's digits).
        let mut digit = vec![0i32; r * s];
        for (z, d) in self.z.iter_mut().zip(digit.iter_mut()) {
            let (h, x) = m.div_centred(*z);
            *z = h;
            *d = x as i32;
        }
        // Z ← H − F·X.
        let mut fx = vec![0i64; r * s];
        match &self.f {
            Product::Words(f) => {
                let mut cols = vec![0i32; r * s];
                for i in 0..r {
                    for c in 0..s {
                        cols[c * r + i] = digit[i * s + c];
                    }
                }
                mat_multi_vec(f, &cols, &mut fx, r, &|dots, out| {
                    out.copy_from_slice(dots);
                    true
                });
            }
            Product::Bytes(bp) => {
                let digits: Vec<(Vec<i8>, i128)> =
                    (0..s).map(|c| bp.digits(&digit, c, s)).collect();
                let tasks = step_tasks(r * r, r);
                // Tasks start on panel boundaries.
                let per = r.div_ceil(tasks).next_multiple_of(PANEL_ROWS);
                if tasks == 1 {
                    bp.product_rows(0, &digits, &mut fx);
                } else {
                    fx.par_chunks_mut(per * s)
                        .enumerate()
                        .for_each(|(t, o)| bp.product_rows(t * per, &digits, o));
                }
            }
        }
        for (z, &v) in self.z.iter_mut().zip(&fx) {
            *z -= v;
        }
        Some(digit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::modular::inverse_mod_p::inverse_mod_p;

    const P: u64 = 8_388_593;

    /// A pseudo-random r × c matrix with entries in [−b, b].
    fn matrix(r: usize, c: usize, b: i64, seed: u64) -> Vec<i64> {
        let mut x = seed;
        (0..r * c)
            .map(|_| {
                x = x
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                ((x >> 33) % (2 * b as u64 + 1)) as i64 - b
            })
            .collect()
    }

    fn doubles(b: &[i64]) -> Vec<f64> {
        b.iter().map(|&v| v as f64).collect()
    }

    fn inverse(b: &[i64], r: usize) -> Vec<f64> {
        let res: Vec<u64> = b.iter().map(|&v| v.rem_euclid(P as i64) as u64).collect();
        inverse_mod_p(&res, r, P).expect("invertible mod P")
    }

    /// Plain Dixon in i128 (the oracle): X = C·R cmod p, R ← (R − B·X)/p, checked exact.
    fn plain_digits(
        b: &[i64],
        rhs: &[i64],
        c: &[f64],
        r: usize,
        s: usize,
        steps: usize,
    ) -> Vec<Vec<i32>> {
        let p = P as i128;
        let mut res: Vec<i128> = rhs.iter().map(|&v| v.into()).collect(); // row-major r × s
        let mut out = Vec::new();
        for _ in 0..steps {
            let mut x = vec![0i128; r * s];
            for i in 0..r {
                for col in 0..s {
                    let v: i128 = (0..r)
                        .map(|t| c[i * r + t] as i128 * res[t * s + col])
                        .sum();
                    let mut d = v.rem_euclid(p);
                    if d > p / 2 {
                        d -= p;
                    }
                    x[i * s + col] = d;
                }
            }
            for i in 0..r {
                for col in 0..s {
                    let v = res[i * s + col]
                        - (0..r)
                            .map(|t| i128::from(b[i * r + t]) * x[t * s + col])
                            .sum::<i128>();
                    assert_eq!(v % p, 0, "the oracle's division must be exact");
                    res[i * s + col] = v / p;
                }
            }
            out.push(x.iter().map(|&v| v as i32).collect());
        }
        out
    }

    #[test]
    fn digits_match_plain_dixon() {
        // The last case has row sums Σ|C|·max|B| above 2⁵²: C·B is summed in inner chunks.
        let cases = [
            (1, 1, 5, 1),
            (7, 1, 100, 2),
            (40, 2, 1000, 3),
            (90, 3, 1 << 20, 4),
            (300, 1, 1 << 24, 5),
        ];
        for (r, s, bound, seed) in cases {
            let b = matrix(r, r, bound, seed);
            let rhs = matrix(r, s, bound, seed + 100);
            let c = inverse(&b, r);
            let want = plain_digits(&b, &rhs, &c, r, s, 12);
            // Both products: byte planes (where the CPU has VNNI) and i32 rows; C·B in one
            // panel and in panels of 7 rows (a ragged last one).
            for (bytes, panel) in [(true, FOLD_PANEL_ROWS), (false, FOLD_PANEL_ROWS), (true, 7)] {
                let mut folded = Folded::with_kernel(&doubles(&b), &rhs, &c, P, r, s, bytes, panel)
                    .expect("in range");
                for (k, w) in want.iter().enumerate() {
                    assert_eq!(
                        &folded.step().unwrap(),
                        w,
                        "r = {r}, s = {s}, step {k}, bytes {bytes}, panel {panel}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_wrong_inverse_is_refused_before_any_step() {
        let r = 20;
        let b = matrix(r, r, 100, 7);
        let rhs = matrix(r, 1, 100, 8);
        let mut c = inverse(&b, r);
        assert!(Folded::new(&doubles(&b), &rhs, &c, P, r, 1).is_some());
        c[r + 3] += 1.0; // one entry off: C·B ≢ I (mod p)
        assert!(Folded::new(&doubles(&b), &rhs, &c, P, r, 1).is_none());
        // The inverse modulo another prime is not an inverse modulo P either.
        let other = 8_388_587u64;
        let res: Vec<u64> = b
            .iter()
            .map(|&v| v.rem_euclid(other as i64) as u64)
            .collect();
        let c2 = inverse_mod_p(&res, r, other).unwrap();
        assert!(Folded::new(&doubles(&b), &rhs, &c2, P, r, 1).is_none());
    }

    #[test]
    fn entries_beyond_the_exact_ranges_are_refused() {
        let r = 6;
        let mut b = matrix(r, r, 100, 9);
        b[0] = 1 << 45; // C·B would leave the exact f64/i64 ranges
        let c = inverse(&b, r);
        assert!(Folded::new(&doubles(&b), &matrix(r, 1, 9, 10), &c, P, r, 1).is_none());
        let b = matrix(r, r, 100, 11);
        let c = inverse(&b, r);
        let huge = vec![1i64 << 45; r]; // Z₀ = C·b may reach 2⁶²
        assert!(Folded::new(&doubles(&b), &huge, &c, P, r, 1).is_none());
    }
}
