//! The producer's word-size helpers: reduction modulo a prime and Chinese remaindering
//! into symmetric residues. (The verifier has its own, on purpose.)

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
}
