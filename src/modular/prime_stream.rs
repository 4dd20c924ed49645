//! The primes the multimodular engine works with: all in [2²², 2²³), small enough that the
//! f64 kernel adds 255 centred products before reducing (see [`super::gfp_f64`]), large
//! enough that few are needed. Deterministic (descending from 2²³, for certified runs,
//! reproducible) or uniformly random (for the probabilistic bound, which needs draws
//! independent of the matrix).

use super::prime::is_prime;
use rand::Rng;

/// Smallest candidate prime: every prime the engine uses is at least this.
pub const PRIME_MIN: u64 = 1 << 22;
/// Candidate primes are below this.
pub const PRIME_MAX: u64 = 1 << 23;
/// log₂ of [`PRIME_MIN`]: each prime contributes at least this many bits to a product.
pub const PRIME_MIN_BITS: u64 = 22;
/// The number of primes in [2²², 2²³) (π(2²³) − π(2²²) = 564163 − 295947; a unit test
/// recounts it with a sieve).
pub const PRIME_COUNT: u64 = 268_216;

/// The primes in [2²², 2²³) from the largest down; `None` when exhausted (after 268216
/// primes, far more than any bound this engine meets needs).
///
/// ```
/// let mut s = exrank::modular::prime_stream::DescendingPrimes::new();
/// assert_eq!(s.next(), Some(8_388_593)); // the largest prime below 2^23
/// assert!(s.next().unwrap() < 8_388_593);
/// ```
#[derive(Clone, Debug)]
pub struct DescendingPrimes {
    next: u64,
}

impl DescendingPrimes {
    /// Starts below 2²³.
    ///
    /// ```
    /// assert!(exrank::modular::prime_stream::DescendingPrimes::new().next().is_some());
    /// ```
    pub fn new() -> Self {
        DescendingPrimes {
            next: PRIME_MAX - 1,
        }
    }
}

impl Default for DescendingPrimes {
    fn default() -> Self {
        Self::new()
    }
}

impl Iterator for DescendingPrimes {
    type Item = u64;
    fn next(&mut self) -> Option<u64> {
        while self.next >= PRIME_MIN {
            let c = self.next;
            self.next -= 1;
            if is_prime(c) {
                return Some(c);
            }
        }
        None
    }
}

/// A prime drawn uniformly from the [`PRIME_COUNT`] primes in [2²², 2²³) (rejection
/// sampling: uniform integers until one is prime).
///
/// ```
/// use rand::SeedableRng;
/// let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
/// let p = exrank::modular::prime_stream::random_prime(&mut rng);
/// assert!(exrank::modular::prime::is_prime(p) && (1 << 22..1 << 23).contains(&p));
/// ```
pub fn random_prime<R: Rng>(rng: &mut R) -> u64 {
    loop {
        let c = rng.gen_range(PRIME_MIN..PRIME_MAX);
        if is_prime(c) {
            return c;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prime_count_matches_a_sieve() {
        let n = PRIME_MAX as usize;
        let mut composite = vec![false; n];
        let mut count = 0u64;
        for i in 2..n {
            if !composite[i] {
                if i as u64 >= PRIME_MIN {
                    count += 1;
                }
                let mut k = i * i;
                while k < n {
                    composite[k] = true;
                    k += i;
                }
            }
        }
        assert_eq!(count, PRIME_COUNT);
    }
}
