//! The verifier's exact integer products and residues of A: A[rows, cols] times big
//! integer vectors as one f64 matrix product of digits when A's entries are small
//! ([`Entries::products`]), else row by row with GMP (each term one multiply-add by a
//! word when the entries fit an i64), the work spread over threads by the callers.

use crate::ZMatrix;
use faer::linalg::matmul::matmul;
use faer::{Accum, Mat, Par};
use rug::integer::Order;
use rug::{Assign, Integer};

/// A, with a copy of its entries as i64 when every entry fits.
pub(super) struct Entries<'a> {
    a: &'a ZMatrix,
    small: Option<Vec<i64>>,
    /// Every |entry| < 2^50 (then residues modulo p < 2^26 come from f64 arithmetic).
    below_2_50: bool,
    /// The entries as f64 (exact) when `below_2_50`: converted once, not once per prime.
    as_f64: Option<Vec<f64>>,
}

impl<'a> Entries<'a> {
    pub(super) fn new(a: &'a ZMatrix) -> Self {
        let small: Option<Vec<i64>> = a.as_slice().iter().map(|x| x.to_i64()).collect();
        let below_2_50 = small
            .as_ref()
            .is_some_and(|s| s.iter().all(|x| x.unsigned_abs() < 1 << 50));
        let as_f64 = below_2_50
            .then(|| {
                small
                    .as_ref()
                    .map(|s| s.iter().map(|&x| x as f64).collect())
            })
            .flatten();
        Entries {
            a,
            small,
            below_2_50,
            as_f64,
        }
    }

    pub(super) fn rows(&self) -> usize {
        self.a.rows()
    }

    pub(super) fn cols(&self) -> usize {
        self.a.cols()
    }

    /// Row-major residues of A[rows, cols] modulo p, each in [0, p).
    pub(super) fn residues(&self, rows: &[usize], cols: &[usize], p: u64) -> Vec<u64> {
        let mut out = Vec::with_capacity(rows.len() * cols.len());
        match &self.small {
            Some(s) if self.below_2_50 && p < 1 << 26 => {
                // x − round(x/p)·p with |x| < 2^50: the quotient estimate is off by at
                // most one, every product and difference is an exact f64 integer.
                let (pf, inv) = (p as f64, 1.0 / p as f64);
                let n = self.a.cols();
                for &i in rows {
                    let row = &s[i * n..(i + 1) * n];
                    out.extend(cols.iter().map(|&j| {
                        let x = row[j] as f64;
                        let mut r = x - (x * inv).round() * pf;
                        if r < 0.0 {
                            r += pf;
                        }
                        if r >= pf {
                            r -= pf;
                        }
                        r as u64
                    }));
                }
            }
            _ => {
                for &i in rows {
                    out.extend(cols.iter().map(|&j| self.residue(i, j, p)));
                }
            }
        }
        out
    }

    /// Row-major residues of A[rows, cols] modulo p < 2^26, centred: each is congruent
    /// to its entry and at most (p+1)/2 in magnitude (the f64 elimination's input).
    pub(super) fn residues_f64(&self, rows: &[usize], cols: &[usize], p: u64) -> Vec<f64> {
        debug_assert!((2..1 << 26).contains(&p));
        let mut out = Vec::with_capacity(rows.len() * cols.len());
        match &self.as_f64 {
            Some(s) => {
                // As in `residues`: |x/p − x·(1/p)| ≤ 2^50/p·2^-52 < 1/(2p), so the
                // rounded quotient leaves |x − q·p| ≤ (p+1)/2; 1.5·2^52 added and taken
                // away rounds to the nearest integer (|x/p| < 2^51) without a libm call.
                const ROUND: f64 = 6_755_399_441_055_744.0;
                let (pf, inv) = (p as f64, 1.0 / p as f64);
                let n = self.a.cols();
                let reduce = |x: f64| x - ((x * inv + ROUND) - ROUND) * pf;
                let every_col = cols.len() == n && cols.iter().enumerate().all(|(k, &j)| k == j);
                for &i in rows {
                    let row = &s[i * n..(i + 1) * n];
                    if every_col {
                        out.extend(row.iter().map(|&x| reduce(x))); // contiguous: vectorises
                    } else {
                        out.extend(cols.iter().map(|&j| reduce(row[j])));
                    }
                }
            }
            _ => {
                let half = p / 2;
                for &i in rows {
                    out.extend(cols.iter().map(|&j| {
                        let r = self.residue(i, j, p);
                        if r > half {
                            r as f64 - p as f64
                        } else {
                            r as f64
                        }
                    }));
                }
            }
        }
        out
    }

    /// A[i, j] mod p in [0, p).
    pub(super) fn residue(&self, i: usize, j: usize, p: u64) -> u64 {
        match &self.small {
            // p < 2^63 for every prime the verifier reduces by (minor-prime and listed
            // primes are u64, so guard the cast): i64 remainder, then into [0, p).
            Some(s) if p < 1 << 62 => s[i * self.a.cols() + j].rem_euclid(p as i64) as u64,
            Some(s) => (s[i * self.a.cols() + j] as i128).rem_euclid(p as i128) as u64,
            None => super::modp::residue(&self.a[(i, j)], p),
        }
    }

    /// `out[t][i] = Σₖ A[rows[i], cols[k]]·vs[t][k]` exactly (`cols = None`: every column),
    /// by one floating-point matrix product instead of word-by-bignum GMP steps: each
    /// |vs[t][k]| is cut into D-bit digits (the sign kept on every digit), so
    /// A[rows, cols]·digits is a product of integer matrices whose every partial sum is
    /// below cols·max|A|·2^D ≤ 2^52, hence exact in f64 in any summation order; the digit
    /// sums are then carried into integers in linear time. `None` when the entries of A
    /// are too large for D ≥ 8 (the caller then uses [`Entries::dot`]).
    pub(super) fn products(
        &self,
        rows: &[usize],
        cols: Option<&[usize]>,
        vs: &[&[Integer]],
    ) -> Option<Vec<Vec<Integer>>> {
        let small = self.small.as_ref()?;
        let n = self.a.cols();
        let all: Vec<usize>;
        let cols = match cols {
            Some(c) => c,
            None => {
                all = (0..n).collect();
                &all
            }
        };
        let bits = |x: u64| 64 - x.leading_zeros();
        let amax = rows
            .iter()
            .flat_map(|&i| cols.iter().map(move |&j| small[i * n + j].unsigned_abs()))
            .max()
            .unwrap_or(0);
        let used = bits(amax) + bits(cols.len() as u64);
        if used + 8 > 52 {
            return None;
        }
        let d = (52 - used).min(32);
        debug_assert!(vs.iter().all(|v| v.len() == cols.len()));
        let a = Mat::<f64>::from_fn(rows.len(), cols.len(), |i, k| {
            small[rows[i] * n + cols[k]] as f64
        });
        // Vectors in batches of at most 4096 digit columns (bounded memory).
        let digits_of = |v: &[Integer]| {
            let top = v.iter().map(|x| x.significant_bits()).max().unwrap_or(0);
            top.div_ceil(d).max(1) as usize
        };
        let mut out = Vec::with_capacity(vs.len());
        let mut t0 = 0;
        while t0 < vs.len() {
            let mut t1 = t0;
            let mut width = 0;
            while t1 < vs.len() && (t1 == t0 || width + digits_of(vs[t1]) <= 4096) {
                width += digits_of(vs[t1]);
                t1 += 1;
            }
            let mut dig = Mat::<f64>::zeros(cols.len(), width);
            let mut at = 0;
            for v in &vs[t0..t1] {
                let nd = digits_of(v);
                for (k, x) in v.iter().enumerate() {
                    let sign = if *x < 0 { -1.0 } else { 1.0 };
                    let limbs = x.as_abs().to_digits::<u64>(Order::Lsf);
                    for l in 0..nd {
                        dig[(k, at + l)] = sign * digit(&limbs, l as u32 * d, d) as f64;
                    }
                }
                at += nd;
            }
            let mut sums = Mat::<f64>::zeros(rows.len(), width);
            matmul(
                sums.as_mut(),
                Accum::Replace,
                a.as_ref(),
                dig.as_ref(),
                1.0,
                Par::rayon(0),
            );
            let mut at = 0;
            for v in &vs[t0..t1] {
                let nd = digits_of(v);
                out.push(
                    (0..rows.len())
                        .map(|i| carry((0..nd).map(|l| sums[(i, at + l)] as i64), d))
                        .collect(),
                );
                at += nd;
            }
            t0 = t1;
        }
        Some(out)
    }

    /// `acc = Σₖ A[i, cols[k]]·v[k]` exactly (`cols = None`: every column, in order).
    pub(super) fn dot(&self, i: usize, cols: Option<&[usize]>, v: &[Integer], acc: &mut Integer) {
        acc.assign(0);
        let n = self.a.cols();
        let col = |k: usize| cols.map_or(k, |c| c[k]);
        match &self.small {
            Some(s) => {
                let row = &s[i * n..(i + 1) * n];
                for (k, y) in v.iter().enumerate() {
                    let x = row[col(k)];
                    if x != 0 && *y != 0 {
                        *acc += y * x;
                    }
                }
            }
            None => {
                let row = self.a.row(i);
                for (k, y) in v.iter().enumerate() {
                    let x = &row[col(k)];
                    if *x != 0 && *y != 0 {
                        *acc += x * y;
                    }
                }
            }
        }
    }
}

/// Bits `[at, at + d)` of the little-endian limbs (d ≤ 32).
fn digit(limbs: &[u64], at: u32, d: u32) -> u64 {
    let (w, b) = ((at / 64) as usize, at % 64);
    let lo = limbs.get(w).map_or(0, |&x| x >> b);
    let hi = if b + d > 64 {
        limbs.get(w + 1).map_or(0, |&x| x << (64 - b))
    } else {
        0
    };
    (lo | hi) & ((1u64 << d) - 1)
}

/// Σₗ sₗ·2^(d·l) for signed sₗ with |sₗ| < 2^52, in linear time: carry into base-2^d
/// digits (floor division keeps each in [0, 2^d)), pack those into limbs, add the last
/// carry on top.
fn carry(sums: impl Iterator<Item = i64>, d: u32) -> Integer {
    let mut limbs: Vec<u64> = Vec::new();
    let (mut c, mut pos) = (0i64, 0u32);
    for s in sums {
        let t = s + c; // |t| < 2^52 + 2^(53−d) < 2^63
        c = t >> d;
        let dig = (t - (c << d)) as u64;
        let (w, b) = ((pos / 64) as usize, pos % 64);
        if limbs.len() <= w + 1 {
            limbs.resize(w + 2, 0);
        }
        limbs[w] |= dig << b;
        if b + d > 64 {
            limbs[w + 1] |= dig >> (64 - b);
        }
        pos += d;
    }
    let mut x = Integer::from_digits(&limbs, Order::Lsf);
    x += Integer::from(c) << pos;
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digit_products_agree_with_gmp_dot_products() {
        // Signs, zeros, values just around digit and limb boundaries, and two vectors of
        // 2^70000-sized entries so that the product is split into batches.
        let a = ZMatrix::from_fn(4, 3, |i, j| {
            Integer::from((i as i64 * 5 - 7) * (j as i64 + 2))
        });
        let e = Entries::new(&a);
        let huge = Integer::from(1) << 70_000u32;
        let vs: Vec<Vec<Integer>> = vec![
            vec![Integer::from(-1), Integer::new(), Integer::from(u32::MAX)],
            vec![
                (Integer::from(1) << 64u32) - 1,
                -(Integer::from(1) << 95u32),
                Integer::from(3),
            ],
            vec![
                Integer::from(&huge - 1),
                -Integer::from(&huge * 3),
                Integer::from(&huge + 5),
            ],
            vec![
                -Integer::from(&huge + 1),
                Integer::from(7),
                Integer::from(&huge * &huge),
            ],
        ];
        let refs: Vec<&[Integer]> = vs.iter().map(|v| v.as_slice()).collect();
        let rows = [3, 0, 2];
        for cols in [None, Some(&[2, 0, 1][..])] {
            let got = e.products(&rows, cols, &refs).unwrap();
            let mut acc = Integer::new();
            for (t, v) in vs.iter().enumerate() {
                for (k, &i) in rows.iter().enumerate() {
                    e.dot(i, cols, v, &mut acc);
                    assert_eq!(got[t][k], acc, "vector {t}, row {i}");
                }
            }
        }
        // A realistic size (faer's blocked product, several column panels), entries of
        // 21 bits, vectors of 3000-bit entries with mixed signs.
        let mut seed = 5u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let a = ZMatrix::from_fn(70, 90, |_, _| {
            Integer::from((next() % (1 << 21)) as i64 - (1 << 20))
        });
        let e = Entries::new(&a);
        let vs: Vec<Vec<Integer>> = (0..3)
            .map(|_| {
                (0..90)
                    .map(|_| {
                        let x = (0..47).fold(Integer::new(), |acc, _| (acc << 64u32) + next());
                        if next() % 2 == 0 {
                            -x
                        } else {
                            x
                        }
                    })
                    .collect()
            })
            .collect();
        let refs: Vec<&[Integer]> = vs.iter().map(|v| v.as_slice()).collect();
        let rows: Vec<usize> = (0..70).rev().collect();
        let got = e.products(&rows, None, &refs).unwrap();
        let mut acc = Integer::new();
        for (t, v) in vs.iter().enumerate() {
            for (k, &i) in rows.iter().enumerate() {
                e.dot(i, None, v, &mut acc);
                assert_eq!(got[t][k], acc, "vector {t}, row {i}");
            }
        }
        // Entries whose digits would leave no room: refused, not miscomputed.
        let big = ZMatrix::from_fn(2, 2, |_, _| Integer::from(1i64 << 45));
        assert!(Entries::new(&big)
            .products(&[0], None, &[&vs[0][..2]])
            .is_none());
        assert_eq!(carry([5, -1, 0].into_iter(), 8), Integer::from(5 - 256));
        assert_eq!(digit(&[u64::MAX, 1], 60, 8), 0x1f);
    }

    #[test]
    fn word_and_big_entries_give_the_same_dot_products() {
        let big = Integer::from(1) << 70u32;
        let a = ZMatrix::from_fn(2, 3, |i, j| Integer::from(i as i64 * 3 - j as i64));
        let b = ZMatrix::from_fn(2, 3, |i, j| Integer::from(&big * (i as i64 * 3 - j as i64)));
        let v = [Integer::from(5), -Integer::from(&big), Integer::from(-2)];
        let (ea, eb) = (Entries::new(&a), Entries::new(&b));
        assert!(ea.small.is_some() && eb.small.is_none());
        let (mut x, mut y) = (Integer::new(), Integer::new());
        for i in 0..2 {
            ea.dot(i, None, &v, &mut x);
            eb.dot(i, None, &v, &mut y);
            assert_eq!(Integer::from(&x * &big), y);
        }
        // Row 1 = [3, 2, 1]; columns [2, 0] against [5, -2^70]: 1·5 + 3·(−2^70).
        ea.dot(1, Some(&[2, 0]), &v[..2], &mut x);
        assert_eq!(x, Integer::from(5) - Integer::from(&big * 3));
        assert_eq!(ea.residue(0, 2, 7), 5); // −2 mod 7

        // The f64 path (|entries| < 2^50, p < 2^26) against the integer one.
        let c = ZMatrix::from_fn(3, 4, |i, j| {
            Integer::from(((i as i64 * 7 - 9) * (j as i64 * 1_000_003 + 1)) << 20)
        });
        let ec = Entries::new(&c);
        assert!(ec.below_2_50);
        for p in [2, 3, 65_521, (1 << 26) - 5] {
            let fast = ec.residues(&[0, 1, 2], &[3, 0, 1, 2], p);
            let plain: Vec<u64> = [0, 1, 2]
                .iter()
                .flat_map(|&i| {
                    [3, 0, 1, 2].map(|j| {
                        let r = Integer::from(&c[(i, j)] % p);
                        (if r < 0 { r + p } else { r }).to_u64().unwrap()
                    })
                })
                .collect();
            assert_eq!(fast, plain, "p = {p}");
            // Centred f64 residues, in column order and in all columns (contiguous path),
            // and through the integer path (entries ≥ 2^50 in `b`).
            for cols in [&[3, 0, 1, 2][..], &[0, 1, 2, 3][..]] {
                let centred = ec.residues_f64(&[2, 0, 1], cols, p);
                let plain = ec.residues(&[2, 0, 1], cols, p);
                for (&x, &y) in centred.iter().zip(&plain) {
                    assert!(x.abs() <= (p + 1) as f64 / 2.0, "p = {p}");
                    assert_eq!((x as i64).rem_euclid(p as i64) as u64, y, "p = {p}");
                }
            }
        }
        let wide = eb.residues_f64(&[0, 1], &[0, 1, 2], 65_521);
        let plain = eb.residues(&[0, 1], &[0, 1, 2], 65_521);
        for (&x, &y) in wide.iter().zip(&plain) {
            assert_eq!((x as i64).rem_euclid(65_521) as u64, y);
        }
    }
}
