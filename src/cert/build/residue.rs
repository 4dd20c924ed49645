//! The producer's word-size arithmetic: determinant and linear solve modulo a prime, and
//! Chinese remaindering into symmetric residues. (The verifier has its own, on purpose.)

use crate::modular::prime::pow_mod;
use rug::Integer;

/// a·b mod p for a, b < p; the producer's primes are below 2^26, so u64 suffices.
#[inline]
pub(super) fn mul_mod(a: u64, b: u64, p: u64) -> u64 {
    debug_assert!(p < 1 << 32);
    a * b % p
}

/// x mod p in [0, p) (the producer may share the engine's reduction; the verifier has its
/// own on purpose).
pub(super) fn mod_p(x: &Integer, p: u64) -> u64 {
    crate::modular::residue(x, p)
}

/// Row-major residues of `a[rows, cols]` modulo `p`, each in `[0, p)`.
pub(super) fn residues(a: &crate::ZMatrix, rows: &[usize], cols: &[usize], p: u64) -> Vec<u64> {
    let mut out = Vec::with_capacity(rows.len() * cols.len());
    for &i in rows {
        for &j in cols {
            out.push(mod_p(&a[(i, j)], p));
        }
    }
    out
}

/// Reduces the leading `r × r` block of the row-major `r × w` matrix `m` to the identity
/// by Gauss–Jordan modulo `p`, applying the same operations to the other columns.
/// Returns det of that block mod p (0, with `m` partly reduced, if it is singular).
pub(super) fn gauss_jordan(m: &mut [u64], r: usize, w: usize, p: u64) -> u64 {
    let mut det = 1u64;
    for k in 0..r {
        let Some(q) = (k..r).find(|&i| m[i * w + k] != 0) else {
            return 0;
        };
        if q != k {
            for c in 0..w {
                m.swap(k * w + c, q * w + c);
            }
            det = (p - det) % p;
        }
        let piv = m[k * w + k];
        det = mul_mod(det, piv, p);
        let inv = pow_mod(piv, p - 2, p);
        for c in k..w {
            m[k * w + c] = mul_mod(m[k * w + c], inv, p);
        }
        for i in 0..r {
            let f = m[i * w + k];
            if i == k || f == 0 {
                continue;
            }
            for c in k..w {
                let s = mul_mod(f, m[k * w + c], p);
                let x = m[i * w + c];
                m[i * w + c] = if x >= s { x - s } else { x + p - s };
            }
        }
    }
    det
}

/// det of the `r × r` row-major residue matrix modulo `p`.
pub(super) fn det_mod_p(mut m: Vec<u64>, r: usize, p: u64) -> u64 {
    gauss_jordan(&mut m, r, r, p)
}

/// Incremental Chinese remaindering of many values at once: after each prime the values
/// are known modulo the product `modulus`, as symmetric residues in (−modulus/2, modulus/2].
pub(super) struct Crt {
    pub modulus: Integer,
    pub values: Vec<Integer>,
}

impl Crt {
    pub fn new(len: usize) -> Self {
        Crt {
            modulus: Integer::from(1),
            values: vec![Integer::new(); len],
        }
    }

    /// Folds in `residues` (each in `[0, p)`) modulo a new prime `p`.
    pub fn add(&mut self, residues: &[u64], p: u64) {
        let m_mod_p = mod_p(&self.modulus, p);
        let inv = pow_mod(m_mod_p, p - 2, p);
        let new_modulus = Integer::from(&self.modulus * p);
        let half = Integer::from(&new_modulus >> 1);
        for (x, &r) in self.values.iter_mut().zip(residues) {
            let x_mod_p = mod_p(x, p);
            let diff = if r >= x_mod_p {
                r - x_mod_p
            } else {
                r + p - x_mod_p
            };
            let t = mul_mod(diff, inv, p);
            *x += Integer::from(&self.modulus * t);
            if *x > half {
                *x -= &new_modulus;
            }
        }
        self.modulus = new_modulus;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crt_recovers_negative_values() {
        let vals = [Integer::from(-12345678901234567890_i128), Integer::from(7)];
        let mut crt = Crt::new(2);
        for p in [1_000_000_007_u64, 998_244_353, 1_000_000_009] {
            let r: Vec<u64> = vals.iter().map(|v| mod_p(v, p)).collect();
            crt.add(&r, p);
        }
        assert_eq!(crt.values, vals);
    }

    #[test]
    fn det_mod_small_prime_matches_hand_value() {
        // det [[2, 1], [7, 4]] = 1; det [[0, 1], [1, 0]] = -1 ≡ 4 (mod 5).
        assert_eq!(det_mod_p(vec![2, 1, 7, 4], 2, 5), 1);
        assert_eq!(det_mod_p(vec![0, 1, 1, 0], 2, 5), 4);
    }
}
