//! The verifier's own arithmetic modulo a prime below 2^64: deliberately plain (u128
//! products, schoolbook Gaussian elimination) and independent of the producer's kernels,
//! so a bug there cannot hide itself here.

use super::exact::Entries;
use rug::Integer;

/// a·b mod p for a, b < p: in u64 when p < 2^32 (the product fits), else in u128.
fn mul(a: u64, b: u64, p: u64) -> u64 {
    if p >> 32 == 0 {
        a * b % p
    } else {
        ((a as u128 * b as u128) % p as u128) as u64
    }
}

fn power(mut b: u64, mut e: u64, p: u64) -> u64 {
    let mut acc = 1 % p;
    while e > 0 {
        if e & 1 == 1 {
            acc = mul(acc, b, p);
        }
        b = mul(b, b, p);
        e >>= 1;
    }
    acc
}

/// Deterministic primality for every u64: trial division by the primes up to 37, then
/// Miller–Rabin to those 12 bases, which has no counterexample below 3.3·10²⁴ > 2^64.
pub(super) fn is_prime(n: u64) -> bool {
    const BASES: [u64; 12] = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37];
    if n < 2 {
        return false;
    }
    if let Some(&b) = BASES.iter().find(|&&b| n % b == 0) {
        return n == b;
    }
    let s = (n - 1).trailing_zeros();
    let d = (n - 1) >> s;
    BASES.iter().all(|&a| {
        let mut x = power(a, d, n);
        if x == 1 || x == n - 1 {
            return true;
        }
        for _ in 1..s {
            x = mul(x, x, n);
            if x == n - 1 {
                return true;
            }
        }
        false
    })
}

/// The verifier's primes for re-deriving the minor: those below 2^26 first, descending,
/// so that elimination can delay reductions for thousands of pivots (see
/// `echelon_lazy`), then the rest below 2^32 (their product has about 6·10^9 bits).
pub(super) fn own_primes() -> impl Iterator<Item = u64> {
    (2u64..1 << 26)
        .rev()
        .chain((1u64 << 26)..(1 << 32))
        .filter(|&q| is_prime(q))
}

/// x mod p in [0, p).
pub(super) fn residue(x: &Integer, p: u64) -> u64 {
    match x.to_i64() {
        Some(v) => (v as i128).rem_euclid(p as i128) as u64,
        None => {
            let pz = Integer::from(p);
            let mut r = Integer::from(x % &pz);
            if r < 0 {
                r += &pz;
            }
            r.to_u64().expect("a residue is below p")
        }
    }
}

/// Row-major residues of A[rows, cols] (in the order given) modulo p.
pub(super) fn reduce(a: &Entries, rows: &[usize], cols: &[usize], p: u64) -> Vec<u64> {
    a.residues(rows, cols, p)
}

/// Row echelon form by Gaussian elimination mod p on the row-major `m × n` matrix `w`
/// (entries in `[0, p)`); returns the rank and the product of the pivots with the sign
/// of the row swaps.
fn echelon(w: &mut [u64], m: usize, n: usize, p: u64) -> (usize, u64) {
    if p >> 32 == 0 {
        echelon_blocked(w, m, n, p)
    } else {
        echelon_wide(w, m, n, p)
    }
}

/// Schoolbook elimination, every product reduced at once (any p below 2^64).
fn echelon_wide(w: &mut [u64], m: usize, n: usize, p: u64) -> (usize, u64) {
    let mut rank = 0;
    let mut det = 1 % p;
    for j in 0..n {
        if rank == m {
            break;
        }
        let Some(q) = (rank..m).find(|&i| w[i * n + j] != 0) else {
            continue;
        };
        if q != rank {
            for c in 0..n {
                w.swap(rank * n + c, q * n + c);
            }
            det = (p - det) % p;
        }
        let pivot = w[rank * n + j];
        det = mul(det, pivot, p);
        let inv = power(pivot, p - 2, p);
        for i in rank + 1..m {
            let f = mul(w[i * n + j], inv, p);
            if f == 0 {
                continue;
            }
            for c in j..n {
                let s = mul(f, w[rank * n + c], p);
                let x = w[i * n + c];
                w[i * n + c] = if x >= s { x - s } else { x + p - s };
            }
        }
        rank += 1;
    }
    (rank, det)
}

/// The same elimination for p < 2^32 with delayed reduction: a row update adds
/// (p − f)·x with f, x < p, i.e. at most (p−1)², to an entry that is only congruent to
/// its value mod p. An entry that starts below p survives `budget` such additions
/// without overflowing a u64, so the whole active part is reduced once every `budget`
/// pivots (about 4000 for p < 2^26), and the pivot column and pivot row just before use.
/// The update is then one multiply-add, with no division.
#[cfg(test)] // one pivot per pass: kept as a test oracle for `echelon_blocked`
fn echelon_lazy(w: &mut [u64], m: usize, n: usize, p: u64) -> (usize, u64) {
    let largest = (p - 1).max(1);
    let budget = (u64::MAX - largest) / (largest * largest);
    let mut pending = 0;
    let mut rank = 0;
    let mut det = 1 % p;
    for j in 0..n {
        if rank == m {
            break;
        }
        for i in rank..m {
            w[i * n + j] %= p;
        }
        let Some(q) = (rank..m).find(|&i| w[i * n + j] != 0) else {
            continue;
        };
        if q != rank {
            for c in 0..n {
                w.swap(rank * n + c, q * n + c);
            }
            det = (p - det) % p;
        }
        for c in j..n {
            w[rank * n + c] %= p;
        }
        if pending == budget {
            for x in w[(rank + 1) * n..m * n].iter_mut() {
                *x %= p;
            }
            pending = 0;
        }
        let pivot = w[rank * n + j];
        det = mul(det, pivot, p);
        let inv = power(pivot, p - 2, p);
        let (top, rest) = w.split_at_mut((rank + 1) * n);
        let prow = &top[rank * n + j..rank * n + n];
        for row in rest[..(m - rank - 1) * n].chunks_exact_mut(n) {
            let f = mul(row[j], inv, p);
            if f == 0 {
                continue;
            }
            add_multiple(&mut row[j..], (p - f) as u32, prow);
        }
        pending += 1;
        rank += 1;
    }
    (rank, det)
}

/// Pivots per pass of [`echelon_blocked`].
const BLOCK: usize = 8;

/// [`echelon_lazy`] with the row updates of up to [`BLOCK`] consecutive pivots applied
/// in one pass over each remaining row (which then stays in cache), instead of one pass
/// per pivot: the trailing matrix is streamed from memory BLOCK times less often.
///
/// While a block is open, each remaining row i keeps its multipliers (p − fₜ) for the
/// block's pivots t; its value in a column c is the stored entry plus Σₜ (p − fₜ)·Pₜ[c]
/// (mod p), computed on demand for the pivot search and the next multiplier. A new
/// pivot row is brought up to date in full before it is used. The flush adds at most
/// BLOCK products below p² to an entry, so the budget argument of [`echelon_lazy`]
/// holds with `pending` counted in pivots.
fn echelon_blocked(w: &mut [u64], m: usize, n: usize, p: u64) -> (usize, u64) {
    let largest = (p - 1).max(1);
    let budget = ((u64::MAX - largest) / (largest * largest)) as usize;
    let block = BLOCK.min(budget).max(1);
    let mut pending = 0;
    let mut rank = 0;
    let mut det = 1 % p;
    let mut col = 0;
    let mut mult = vec![0u32; m * block];
    while rank < m && col < n {
        if pending + block > budget {
            for x in w[rank * n..m * n].iter_mut() {
                *x %= p;
            }
            pending = 0;
        }
        let base = rank;
        let mut pcols: Vec<usize> = Vec::with_capacity(block);
        while pcols.len() < block && rank < m && col < n {
            let k = pcols.len();
            // Row i's current value at `col`, the block's pending updates included.
            // No overflow: block·(p−1)² + p − 1 ≤ u64::MAX is what `block ≤ budget` says.
            let value = |w: &[u64], mult: &[u32], i: usize| {
                let mut v = w[i * n + col] % p;
                for t in 0..k {
                    v += u64::from(mult[i * block + t]) * w[(base + t) * n + col];
                }
                v % p
            };
            let Some(q) = (rank..m).find(|&i| value(w, &mult, i) != 0) else {
                col += 1;
                continue;
            };
            if q != rank {
                let (top, bot) = w.split_at_mut(q * n);
                top[rank * n..rank * n + n].swap_with_slice(&mut bot[..n]);
                let (mt, mb) = mult.split_at_mut(q * block);
                mt[rank * block..rank * block + block].swap_with_slice(&mut mb[..block]);
                det = (p - det) % p;
            }
            // Bring the pivot row up to date and reduce it.
            let (top, rest) = w.split_at_mut(rank * n);
            let prow = &mut rest[..n];
            for (t, &c) in pcols.iter().enumerate() {
                add_multiple(
                    &mut prow[c..],
                    mult[rank * block + t],
                    &top[(base + t) * n + c..(base + t + 1) * n],
                );
            }
            for x in prow[col..].iter_mut() {
                *x %= p;
            }
            let pivot = prow[col];
            det = mul(det, pivot, p);
            let inv = power(pivot, p - 2, p);
            for i in rank + 1..m {
                let f = mul(value(w, &mult, i), inv, p);
                mult[i * block + k] = ((p - f) % p) as u32;
            }
            pcols.push(col);
            rank += 1;
            col += 1;
        }
        // Flush: every remaining row takes the block's updates in one pass.
        let (top, rest) = w.split_at_mut(rank * n);
        for (off, row) in rest[..(m - rank) * n].chunks_exact_mut(n).enumerate() {
            let i = rank + off;
            for (t, &c) in pcols.iter().enumerate() {
                let f = mult[i * block + t];
                if f != 0 {
                    add_multiple(
                        &mut row[c..],
                        f,
                        &top[(base + t) * n + c..(base + t + 1) * n],
                    );
                }
            }
        }
        pending += pcols.len();
    }
    (rank, det)
}

/// `x[i] += f·y[i]` for residues `y[i] < 2^32` (so each product is 32 × 32 bits, which
/// vectorises), compiled for AVX-512 and AVX2 as well as the baseline and chosen at run
/// time: this loop is the whole cost of an elimination.
fn add_multiple(x: &mut [u64], f: u32, y: &[u64]) {
    #[cfg(target_arch = "x86_64")]
    {
        #[target_feature(enable = "avx512f")]
        unsafe fn wide(x: &mut [u64], f: u32, y: &[u64]) {
            add_multiple_plain(x, f, y)
        }
        #[target_feature(enable = "avx2")]
        unsafe fn avx2(x: &mut [u64], f: u32, y: &[u64]) {
            add_multiple_plain(x, f, y)
        }
        if std::arch::is_x86_feature_detected!("avx512f") {
            // SAFETY: the CPU has the features `wide` was compiled for.
            return unsafe { wide(x, f, y) };
        }
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: as above.
            return unsafe { avx2(x, f, y) };
        }
    }
    add_multiple_plain(x, f, y)
}

/// [`add_multiple`] for any CPU (the portable path, also compiled into the wide ones).
#[inline(always)]
fn add_multiple_plain(x: &mut [u64], f: u32, y: &[u64]) {
    for (x, &y) in x.iter_mut().zip(y) {
        *x += u64::from(f) * u64::from(y as u32);
    }
}

/// Rank of the `m × n` residue matrix over GF(p).
pub(super) fn rank_mod(mut w: Vec<u64>, m: usize, n: usize, p: u64) -> usize {
    echelon(&mut w, m, n, p).0
}

/// Determinant of the `r × r` residue matrix over GF(p) (1 for r = 0).
pub(super) fn det_mod(mut w: Vec<u64>, r: usize, p: u64) -> u64 {
    match echelon(&mut w, r, r, p) {
        (rank, det) if rank == r => det,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn primality_agrees_with_trial_division_on_small_numbers() {
        let naive = |n: u64| n >= 2 && (2..n).take_while(|d| d * d <= n).all(|d| n % d != 0);
        for n in 0..5000 {
            assert_eq!(is_prime(n), naive(n), "n = {n}");
        }
        // Strong pseudoprimes to several bases, and large known primes.
        assert!(!is_prime(3_215_031_751) && !is_prime(3_825_123_056_546_413_051));
        assert!(is_prime((1 << 61) - 1) && is_prime(18_446_744_073_709_551_557));
    }

    #[test]
    fn delayed_reduction_agrees_with_immediate_reduction() {
        // Primes from 2 to just below 2^32 (where the budget is a handful of pivots),
        // rank-deficient and full-rank matrices, compared against the u128 path.
        let mut seed = 7u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for p in [2, 3, 65_521, (1 << 26) - 5, 2_147_483_647, 4_294_967_291] {
            for (m, n, r) in [
                (9, 9, 9),
                (12, 7, 5),
                (6, 15, 6),
                (20, 20, 13),
                (40, 37, 29),
                (33, 50, 33),
            ] {
                // w = U·V with U m×r, V r×n: rank ≤ r.
                let u: Vec<u64> = (0..m * r).map(|_| next() % p).collect();
                let v: Vec<u64> = (0..r * n).map(|_| next() % p).collect();
                let w: Vec<u64> = (0..m * n)
                    .map(|k| {
                        let (i, j) = (k / n, k % n);
                        (0..r).fold(0, |acc, t| (acc + mul(u[i * r + t], v[t * n + j], p)) % p)
                    })
                    .collect();
                let (mut a, mut b, mut c) = (w.clone(), w.clone(), w);
                let wide = echelon_wide(&mut b, m, n, p);
                assert_eq!(echelon_lazy(&mut a, m, n, p), wide, "p = {p}");
                assert_eq!(echelon_blocked(&mut c, m, n, p), wide, "p = {p}");
            }
        }
    }

    #[test]
    fn det_and_rank_on_hand_examples() {
        // det [[0, 1], [1, 0]] = -1 ≡ 6 (mod 7); [[2, 4], [1, 2]] has rank 1.
        assert_eq!(det_mod(vec![0, 1, 1, 0], 2, 7), 6);
        assert_eq!(det_mod(vec![], 0, 7), 1);
        assert_eq!(rank_mod(vec![2, 4, 1, 2], 2, 2, 7), 1);
        assert_eq!(residue(&Integer::from(-1), 7), 6);
        assert_eq!(residue(&(Integer::from(1) << 100u32), 7), 2); // 2^100 = 2^(3·33+1)
    }

    #[test]
    fn add_multiple_matches_the_scalar_formula() {
        // Whatever path the CPU takes (the test also runs where AVX-512 is missing).
        let y: Vec<u64> = (0..37)
            .map(|i| (i * 2_654_435_761u64) % 4_294_967_291)
            .collect();
        let mut x: Vec<u64> = (0..37).map(|i| i * 1000).collect();
        let want: Vec<u64> = x
            .iter()
            .zip(&y)
            .map(|(&a, &b)| a + 4_000_000_000 * b)
            .collect();
        let mut plain = x.clone();
        add_multiple(&mut x, 4_000_000_000, &y);
        add_multiple_plain(&mut plain, 4_000_000_000, &y);
        assert_eq!(x, want);
        assert_eq!(plain, want);
    }
}
