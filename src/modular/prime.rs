//! Primality for user-given moduli (deterministic Miller–Rabin for all u64).

/// Multiplies modulo `p` without overflow.
///
/// ```
/// assert_eq!(exrank::modular::prime::mul_mod(u64::MAX - 1, 3, 7), ((u64::MAX - 1) % 7 * 3) % 7);
/// ```
#[inline]
pub fn mul_mod(a: u64, b: u64, p: u64) -> u64 {
    ((a as u128 * b as u128) % p as u128) as u64
}

/// `base^exp mod p`.
///
/// ```
/// assert_eq!(exrank::modular::prime::pow_mod(3, 4, 7), 4);
/// ```
pub fn pow_mod(mut base: u64, mut exp: u64, p: u64) -> u64 {
    let mut acc = 1 % p;
    base %= p;
    while exp > 0 {
        if exp & 1 == 1 {
            acc = mul_mod(acc, base, p);
        }
        base = mul_mod(base, base, p);
        exp >>= 1;
    }
    acc
}

/// Deterministic primality test for every u64 (Miller–Rabin with the first 12 primes as
/// bases, which is exact below 3.3·10²⁴).
///
/// ```
/// use exrank::modular::prime::is_prime;
/// assert!(is_prime(2) && is_prime(67_108_859) && is_prime((1 << 61) - 1));
/// assert!(!is_prime(1) && !is_prime(561) && !is_prime(1 << 40));
/// ```
pub fn is_prime(n: u64) -> bool {
    const BASES: [u64; 12] = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37];
    if n < 2 {
        return false;
    }
    for &p in &BASES {
        if n.is_multiple_of(p) {
            return n == p;
        }
    }
    let mut d = n - 1;
    let mut s = 0;
    while d.is_multiple_of(2) {
        d /= 2;
        s += 1;
    }
    'witness: for &a in &BASES {
        let mut x = pow_mod(a, d, n);
        if x == 1 || x == n - 1 {
            continue;
        }
        for _ in 1..s {
            x = mul_mod(x, x, n);
            if x == n - 1 {
                continue 'witness;
            }
        }
        return false;
    }
    true
}
