//! The determinant used by the minors routes: direct formulas up to 3×3, Gaussian
//! elimination over Q (with fractions) up to [`MULTIMODULAR_FROM`]−1, and beyond that the
//! determinant modulo primes below 2^31 recombined by the Chinese remainder theorem until
//! the modulus exceeds twice Hadamard's bound. Deliberately *not* [`crate::bareiss`] (nor
//! [`crate::modular`]): the exhaustive checker and the pivot route's double check are
//! meant to be independent oracles for Bareiss, so they must not share its arithmetic.
//!
//! Why two general paths: over Q every step reduces fractions by gcds of ever longer
//! numbers, so a 100×100 minor of 60-bit entries took ~10 s and a 200×200 one minutes
//! (`exrank minor` spent nearly all its time here); the modular path costs
//! O(n³ · log H / 31) word operations.

use crate::ZMatrix;
use rug::{Integer, Rational};

/// From this size on, [`determinant`] works modulo primes instead of over Q (below it,
/// the fractions stay short and the exhaustive tier's many tiny minors stay cheap).
pub const MULTIMODULAR_FROM: usize = 9;

/// The exact determinant of a square integer matrix (1 for 0×0).
///
/// # Panics
/// If `a` is not square.
///
/// ```
/// let a = exrank::ZMatrix::from_i64_rows(&[vec![2, 1, 0], vec![7, 4, 0], vec![0, 0, 5]]).unwrap();
/// assert_eq!(exrank::minors::determinant(&a), 5);
/// ```
pub fn determinant(a: &ZMatrix) -> Integer {
    assert_eq!(a.rows(), a.cols(), "determinant of a non-square matrix");
    let e = |i, j| &a[(i, j)];
    match a.rows() {
        0 => Integer::from(1),
        1 => e(0, 0).clone(),
        2 => Integer::from(e(0, 0) * e(1, 1)) - Integer::from(e(0, 1) * e(1, 0)),
        3 => {
            // Cofactor expansion along the first row.
            let m = |i1, j1, i2, j2| {
                Integer::from(e(i1, j1) * e(i2, j2)) - Integer::from(e(i1, j2) * e(i2, j1))
            };
            e(0, 0) * m(1, 1, 2, 2) - e(0, 1) * m(1, 0, 2, 2) + e(0, 2) * m(1, 0, 2, 1)
        }
        n if n < MULTIMODULAR_FROM => gauss_over_q(a),
        _ => multimodular(a),
    }
}

/// Row reduction over Q: det = (−1)^swaps · product of the pivots.
fn gauss_over_q(a: &ZMatrix) -> Integer {
    let n = a.rows();
    let mut w: Vec<Vec<Rational>> = (0..n)
        .map(|i| a.row(i).iter().map(Rational::from).collect())
        .collect();
    let mut det = Rational::from(1);
    for k in 0..n {
        let Some(p) = (k..n).find(|&i| w[i][k] != 0) else {
            return Integer::new();
        };
        if p != k {
            w.swap(p, k);
            det = -det;
        }
        let (top, rest) = w.split_at_mut(k + 1);
        let pivot_row = &top[k];
        for row in rest.iter_mut() {
            if row[k] == 0 {
                continue;
            }
            let f = Rational::from(&row[k] / &pivot_row[k]);
            for j in k..n {
                row[j] -= Rational::from(&f * &pivot_row[j]);
            }
        }
        det *= &pivot_row[k];
    }
    let (num, den) = det.into_numer_denom();
    debug_assert_eq!(den, 1, "a determinant of an integer matrix is an integer");
    num
}

/// det A from det A mod p for primes p < 2^31 (largest first), recombined until the
/// product M exceeds 2H, Hadamard's bound H² = Π_i Σ_j a_ij²: |det| ≤ H, so the symmetric
/// residue modulo M is det itself.
fn multimodular(a: &ZMatrix) -> Integer {
    let n = a.rows();
    let mut h_sq = Integer::from(1);
    for i in 0..n {
        let row_sq: Integer = a.row(i).iter().map(|x| Integer::from(x.square_ref())).sum();
        if row_sq == 0 {
            return Integer::new();
        }
        h_sq *= row_sq;
    }
    let limit = h_sq * 4u32; // M² > 4H² ⇔ M > 2H
    let mut modulus = Integer::from(1);
    let mut value = Integer::new(); // symmetric residue of det modulo `modulus`
    let mut p: u64 = 1 << 31;
    while Integer::from(modulus.square_ref()) <= limit {
        p = previous_prime(p);
        let d = det_mod(a, p);
        // value' ≡ value (mod M), value' ≡ d (mod p): value' = value + M·t.
        let m_mod_p = u64::from(modulus.mod_u(p as u32));
        let v_mod_p = u64::from(value.mod_u(p as u32));
        let t = (d + p - v_mod_p) % p * inverse_mod(m_mod_p, p) % p;
        value += Integer::from(&modulus * t);
        modulus *= p;
        if Integer::from(&value * 2u32) > modulus {
            value -= &modulus;
        }
    }
    value
}

/// The largest prime below `p` (trial division: p < 2^31, so at most √p ≈ 46341).
fn previous_prime(mut p: u64) -> u64 {
    loop {
        p -= 1;
        if p >= 2
            && (2..)
                .take_while(|d| d * d <= p)
                .all(|d| !p.is_multiple_of(d))
        {
            return p;
        }
    }
}

fn inverse_mod(x: u64, p: u64) -> u64 {
    // Fermat: x^(p−2) mod p (p prime, x ≠ 0 mod p).
    let (mut acc, mut b, mut e) = (1u64, x % p, p - 2);
    while e > 0 {
        if e & 1 == 1 {
            acc = acc * b % p;
        }
        b = b * b % p;
        e >>= 1;
    }
    acc
}

/// det A mod p by Gaussian elimination on residues (p < 2^31, so products fit in u64).
fn det_mod(a: &ZMatrix, p: u64) -> u64 {
    let n = a.rows();
    let mut w: Vec<u64> = a
        .as_slice()
        .iter()
        .map(|x| u64::from(x.mod_u(p as u32)))
        .collect();
    let mut det = 1u64;
    for k in 0..n {
        let Some(q) = (k..n).find(|&i| w[i * n + k] != 0) else {
            return 0;
        };
        if q != k {
            for j in 0..n {
                w.swap(k * n + j, q * n + j);
            }
            det = (p - det) % p;
        }
        let pivot = w[k * n + k];
        det = det * pivot % p;
        let inv = inverse_mod(pivot, p);
        for i in k + 1..n {
            let f = w[i * n + k] * inv % p;
            if f == 0 {
                continue;
            }
            for j in k..n {
                let y = w[k * n + j] * f % p;
                w[i * n + j] = (w[i * n + j] + p - y) % p;
            }
        }
    }
    det
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matrix::gen::uniform;

    /// Laplace expansion along the first row: the textbook definition, exponential.
    fn laplace(a: &ZMatrix) -> Integer {
        let n = a.rows();
        if n == 0 {
            return Integer::from(1);
        }
        let mut sum = Integer::new();
        for j in 0..n {
            let rows: Vec<usize> = (1..n).collect();
            let cols: Vec<usize> = (0..n).filter(|&c| c != j).collect();
            let term = &a[(0, j)] * laplace(&a.submatrix(&rows, &cols));
            if j % 2 == 0 {
                sum += term;
            } else {
                sum -= term;
            }
        }
        sum
    }

    #[test]
    fn agrees_with_laplace_expansion() {
        for n in 0..=6 {
            for seed in 0..40 {
                let a = uniform(n, n, if seed % 2 == 0 { 2 } else { 1_000_000 }, seed);
                assert_eq!(determinant(&a), laplace(&a), "n {n} seed {seed}");
                // The general path must agree with the direct formulas too.
                if n > 0 {
                    assert_eq!(gauss_over_q(&a), laplace(&a), "n {n} seed {seed}");
                }
            }
        }
    }

    #[test]
    fn multimodular_agrees_with_gaussian_elimination_over_q() {
        // Two independent general methods on the same matrices: sizes on both sides of
        // MULTIMODULAR_FROM, entries from 1 to 200 bits (many primes, carries in the CRT),
        // singular ones (a repeated row) and a zero row.
        for n in 1..=14 {
            for (seed, bits) in [(0u64, 1u32), (1, 20), (2, 64), (3, 200)] {
                let a = crate::matrix::gen::uniform_bits(n, n, bits, 100 * n as u64 + seed);
                assert_eq!(multimodular(&a), gauss_over_q(&a), "n {n} bits {bits}");
                if bits >= 64 {
                    assert_ne!(
                        multimodular(&a),
                        0,
                        "n {n} bits {bits}: expected nonsingular"
                    );
                }
                if n >= 2 {
                    let mut s = a.clone();
                    for j in 0..n {
                        s[(n - 1, j)] = a[(0, j)].clone();
                    }
                    assert_eq!(multimodular(&s), 0, "n {n}: repeated row");
                    s.row_mut(0).iter_mut().for_each(|x| *x = Integer::new());
                    assert_eq!(multimodular(&s), 0, "n {n}: zero row");
                }
            }
        }
        // Small values: the determinant of the identity and of a sign flip.
        let i = ZMatrix::identity(12);
        assert_eq!(multimodular(&i), 1);
        let mut j = i.clone();
        j[(0, 0)] = Integer::from(-1);
        assert_eq!(multimodular(&j), -1);
    }

    #[test]
    fn singular_and_swapped() {
        let a = ZMatrix::from_i64_rows(&[
            vec![0, 1, 0, 0],
            vec![1, 0, 0, 0],
            vec![0, 0, 0, 1],
            vec![0, 0, 1, 0],
        ])
        .unwrap();
        assert_eq!(determinant(&a), 1);
        let s = ZMatrix::from_fn(4, 4, |i, j| (4 * j + i + 1).into());
        assert_eq!(determinant(&s), 0);
    }
}
