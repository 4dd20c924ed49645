//! Seeded generators of integer matrices whose rank is known by construction (FLINT's
//! `randrank` + `randops`): r random nonzero entries on a diagonal, then random unimodular
//! row and column operations to densify without changing the rank.

use crate::ZMatrix;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rug::Integer;

/// A random integer with at most `bits` bits (and the given sign freedom), nonzero.
fn random_nonzero(rng: &mut ChaCha8Rng, bits: u32) -> Integer {
    loop {
        let x = random_signed(rng, bits);
        if x != 0 {
            return x;
        }
    }
}

/// A random integer in (-2^bits, 2^bits).
///
/// ```
/// use rand::SeedableRng;
/// let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
/// let x = exrank::matrix::gen::random_signed(&mut rng, 100);
/// assert!(x.significant_bits() <= 100);
/// ```
pub fn random_signed(rng: &mut ChaCha8Rng, bits: u32) -> Integer {
    let mut x = Integer::new();
    let mut left = bits;
    while left > 0 {
        let take = left.min(32);
        x <<= take;
        x += rng.gen::<u32>() >> (32 - take);
        left -= take;
    }
    if rng.gen::<bool>() {
        -x
    } else {
        x
    }
}

/// An m×n integer matrix of rank exactly `r` (≤ min(m, n)), reproducible from `seed`.
/// `bits` sets the size of the diagonal entries; `ops` how many random unimodular row and
/// column operations (adding ±row/column to another) densify it.
///
/// # Panics
/// If `r > min(m, n)`.
///
/// ```
/// let a = exrank::matrix::gen::randrank(5, 7, 3, 8, 60, 42);
/// assert_eq!(exrank::bareiss::rank(&a), 3);
/// ```
pub fn randrank(m: usize, n: usize, r: usize, bits: u32, ops: usize, seed: u64) -> ZMatrix {
    assert!(r <= m.min(n), "rank {r} exceeds min({m}, {n})");
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut a = ZMatrix::zeros(m, n);
    for i in 0..r {
        a[(i, i)] = random_nonzero(&mut rng, bits.max(1));
    }
    randops(&mut a, ops, &mut rng);
    a
}

/// Applies `count` random unimodular operations (row or column i += ±row or column j,
/// i ≠ j) to `a`; the rank is unchanged.
///
/// ```
/// use rand::SeedableRng;
/// let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
/// let mut a = exrank::ZMatrix::identity(4);
/// exrank::matrix::gen::randops(&mut a, 30, &mut rng);
/// assert_eq!(exrank::bareiss::det(&a).abs(), 1); // unimodular operations
/// ```
pub fn randops(a: &mut ZMatrix, count: usize, rng: &mut ChaCha8Rng) {
    let (m, n) = (a.rows(), a.cols());
    for _ in 0..count {
        let on_rows = rng.gen::<bool>();
        let len = if on_rows { m } else { n };
        if len < 2 {
            continue;
        }
        let i = rng.gen_range(0..len);
        let mut j = rng.gen_range(0..len - 1);
        if j >= i {
            j += 1;
        }
        let neg = rng.gen::<bool>();
        if on_rows {
            for k in 0..n {
                let v = a[(j, k)].clone();
                if neg {
                    a[(i, k)] -= v;
                } else {
                    a[(i, k)] += v;
                }
            }
        } else {
            for k in 0..m {
                let v = a[(k, j)].clone();
                if neg {
                    a[(k, i)] -= v;
                } else {
                    a[(k, i)] += v;
                }
            }
        }
    }
}

/// A matrix with entries uniform in [-bound, bound], reproducible from `seed`.
///
/// ```
/// let a = exrank::matrix::gen::uniform(3, 3, 100, 1);
/// assert!(a.as_slice().iter().all(|x| x.clone().abs() <= 100));
/// ```
pub fn uniform(m: usize, n: usize, bound: i64, seed: u64) -> ZMatrix {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    ZMatrix::from_fn(m, n, |_, _| Integer::from(rng.gen_range(-bound..=bound)))
}

/// A matrix with entries uniform in (−2^bits, 2^bits), reproducible from `seed`: the
/// benchmarks' "64-bit entries".
///
/// ```
/// let a = exrank::matrix::gen::uniform_bits(2, 3, 64, 9);
/// assert!(a.max_bits() <= 64);
/// ```
pub fn uniform_bits(m: usize, n: usize, bits: u32, seed: u64) -> ZMatrix {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    ZMatrix::from_fn(m, n, |_, _| random_signed(&mut rng, bits))
}
