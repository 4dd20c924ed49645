//! The verifier's exact integer products: row i of A times an integer vector, with A's
//! entries held as i64 when they all fit (then each term is one GMP multiply-add by a
//! word), and the work spread over threads by the callers.

use crate::ZMatrix;
use rug::{Assign, Integer};

/// A, with a copy of its entries as i64 when every entry fits.
pub(super) struct Entries<'a> {
    a: &'a ZMatrix,
    small: Option<Vec<i64>>,
    /// Every |entry| < 2^50 (then residues modulo p < 2^26 come from f64 arithmetic).
    below_2_50: bool,
}

impl<'a> Entries<'a> {
    pub(super) fn new(a: &'a ZMatrix) -> Self {
        let small: Option<Vec<i64>> = a.as_slice().iter().map(|x| x.to_i64()).collect();
        let below_2_50 = small
            .as_ref()
            .is_some_and(|s| s.iter().all(|x| x.unsigned_abs() < 1 << 50));
        Entries {
            a,
            small,
            below_2_50,
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
        match &self.small {
            Some(s) if self.below_2_50 => {
                // As in `residues`: |x/p − x·(1/p)| ≤ 2^50/p·2^-52 < 1/(2p), so the
                // rounded quotient leaves |x − q·p| ≤ (p+1)/2; 1.5·2^52 added and taken
                // away rounds to the nearest integer (|x/p| < 2^51) without a libm call.
                const ROUND: f64 = 6_755_399_441_055_744.0;
                let (pf, inv) = (p as f64, 1.0 / p as f64);
                let n = self.a.cols();
                let reduce = |x: i64| {
                    let x = x as f64;
                    x - ((x * inv + ROUND) - ROUND) * pf
                };
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

#[cfg(test)]
mod tests {
    use super::*;

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
