//! The verifier's own arithmetic modulo a prime below 2^64, written independently of the
//! producer's kernels so that a bug there cannot hide itself here. Primes below 2^26
//! (all the producer's) are eliminated in f64 with delayed reduction and a blocked,
//! register-tiled update ([`echelon_f64`]), since one elimination per listed prime is
//! the whole cost of the primes route; larger ones by plain Gaussian elimination in u64
//! (lazy reduction for p < 2^32) or u128, which also serve as the f64 path's oracle.

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
    if let Some(&b) = BASES.iter().find(|&&b| n.is_multiple_of(b)) {
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

/// Rank of the `m × n` residue matrix over GF(p) (the integer path, any p; kept for
/// primes of 26 bits and more and as the oracle of the f64 path in tests).
fn rank_mod(mut w: Vec<u64>, m: usize, n: usize, p: u64) -> usize {
    echelon(&mut w, m, n, p).0
}

/// Determinant of the `r × r` residue matrix over GF(p) (1 for r = 0).
fn det_mod(mut w: Vec<u64>, r: usize, p: u64) -> u64 {
    match echelon(&mut w, r, r, p) {
        (rank, det) if rank == r => det,
        _ => 0,
    }
}

/// rank(A[rows, cols] mod p), in f64 ([`echelon_f64`]) when p < 2^26, else in u64.
/// `parallel`: spread the row updates over threads (for a single large elimination;
/// callers that already run one prime per thread pass `false`).
pub(super) fn rank_of(
    e: &Entries,
    rows: &[usize],
    cols: &[usize],
    p: u64,
    parallel: bool,
) -> usize {
    let (m, n) = (rows.len(), cols.len());
    match Fp::new(p) {
        Some(fp) => echelon_f64(&mut e.residues_f64(rows, cols, p), m, n, fp, parallel).0,
        None => rank_mod(e.residues(rows, cols, p), m, n, p),
    }
}

/// det A[rows, cols] mod p in [0, p) for a square index pair (1 when empty), by the
/// same two paths as [`rank_of`].
pub(super) fn det_of(e: &Entries, rows: &[usize], cols: &[usize], p: u64, parallel: bool) -> u64 {
    let r = rows.len();
    debug_assert_eq!(r, cols.len());
    match Fp::new(p) {
        Some(fp) => match echelon_f64(&mut e.residues_f64(rows, cols, p), r, r, fp, parallel) {
            (rank, det) if rank == r => det,
            _ => 0,
        },
        None => det_mod(e.residues(rows, cols, p), r, p),
    }
}

/// 1.5·2^52: adding and subtracting it rounds an f64 below 2^51 in magnitude to the
/// nearest integer, without a libm call (baseline x86-64 has no `roundpd`).
const ROUND: f64 = 6_755_399_441_055_744.0;

/// Every f64 value the f64 path stores or accumulates stays below this in magnitude, so
/// it is an exact integer, `x·(1/p)` rounds correctly with [`ROUND`], and `q·p` in
/// [`Fp::reduce`] is exact.
const F64_EXACT: f64 = 2_251_799_813_685_248.0; // 2^51

/// Arithmetic modulo a prime p < 2^26 on integers held in f64 (the FFLAS-FFPACK idea):
/// residues are kept *centred*, |x| ≤ h = (p+1)/2, so a product is at most h² < 2^50
/// and `budget` products can be summed exactly before one reduction.
#[derive(Clone, Copy, Debug)]
struct Fp {
    p: u64,
    pf: f64,
    inv: f64,
    /// How many products (each ≤ half²) may be added to a reduced value and stay below
    /// [`F64_EXACT`]; at least 1.
    budget: usize,
}

impl Fp {
    /// `None` when p is too large (≥ 2^26) for the f64 path, or below 2.
    fn new(p: u64) -> Option<Fp> {
        if !(2..1 << 26).contains(&p) {
            return None;
        }
        let pf = p as f64;
        let half = (p + 1) as f64 / 2.0;
        let budget = ((F64_EXACT - half) / (half * half)).floor() as usize;
        (budget >= 1).then_some(Fp {
            p,
            pf,
            inv: 1.0 / pf,
            budget,
        })
    }

    /// An integer x with |x| ≤ 2^51 to a congruent one with |result| ≤ (p+1)/2.
    ///
    /// The computed x·(1/p) is within |x/p|·2^-52 ≤ 1/(2p) of x/p, so its nearest integer
    /// q has |x − q·p| ≤ p/2 + 1/2; q·p ≤ |x| + p < 2^53 and the difference are exact.
    #[inline(always)]
    fn reduce(self, x: f64) -> f64 {
        let q = (x * self.inv + ROUND) - ROUND;
        x - q * self.pf
    }

    /// The residue in [0, p) of a reduced value.
    fn to_u64(self, x: f64) -> u64 {
        (x as i64).rem_euclid(self.p as i64) as u64
    }

    /// A reduced (centred) representative of x ∈ [0, p).
    fn centred(self, x: u64) -> f64 {
        if x > self.p / 2 {
            x as f64 - self.pf
        } else {
            x as f64
        }
    }

    /// x⁻¹ for a reduced x ≢ 0, reduced.
    fn inverse(self, x: f64) -> f64 {
        let r = self.to_u64(x);
        self.centred(power(r, self.p - 2, self.p))
    }
}

/// Largest number of pivots eliminated together in [`echelon_f64`] (also capped by the
/// prime's budget).
const PANEL: usize = 24;

/// Panel width when the matrix does not fit in a core's L2 cache (more than
/// [`L2_ENTRIES`] entries): each panel's update streams the whole trailing matrix from
/// memory, so fewer, wider panels win although each costs more to factor.
const WIDE_PANEL: usize = 64;

/// 2 MiB of f64.
const L2_ENTRIES: usize = 1 << 18;

/// Row echelon form of the row-major `m × n` matrix `w` of reduced residues modulo
/// `fp.p`, by blocked right-looking Gaussian elimination; returns the rank and the
/// product of the pivots with the sign of the row swaps (the determinant when m = n and
/// the rank is full).
///
/// Pivots are found panel by panel (up to [`PANEL`] columns, eliminated only inside the
/// panel, reduced after every step, so the pivot search sees exact residues). The rest
/// of the pivot rows then takes the panel's updates among themselves (a triangular
/// solve, one reduction per row), and every row below takes them all at once:
/// C −= L·U with k ≤ `fp.budget` products per entry, summed exactly in f64 and reduced
/// once ([`update`]). That last step is almost all of the work and runs at matrix-product
/// speed; it is the delayed reduction of FFLAS-FFPACK, written out here independently.
fn echelon_f64(w: &mut [f64], m: usize, n: usize, fp: Fp, parallel: bool) -> (usize, u64) {
    #[cfg(target_arch = "x86_64")]
    {
        #[target_feature(enable = "avx512f,fma")]
        unsafe fn wide(w: &mut [f64], m: usize, n: usize, fp: Fp, parallel: bool) -> (usize, u64) {
            echelon_f64_body::<true>(w, m, n, fp, parallel)
        }
        #[target_feature(enable = "avx2,fma")]
        unsafe fn avx2(w: &mut [f64], m: usize, n: usize, fp: Fp, parallel: bool) -> (usize, u64) {
            echelon_f64_body::<true>(w, m, n, fp, parallel)
        }
        match simd_level() {
            // SAFETY: the CPU has the features `wide` was compiled for.
            Simd::Avx512 => return unsafe { wide(w, m, n, fp, parallel) },
            // SAFETY: as above.
            Simd::Avx2 => return unsafe { avx2(w, m, n, fp, parallel) },
            Simd::Baseline => {}
        }
    }
    echelon_f64_body::<false>(w, m, n, fp, parallel)
}

/// Which compiled variant of the f64 kernels this CPU runs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Simd {
    Avx512,
    Avx2,
    Baseline,
}

fn simd_level() -> Simd {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("fma") {
            if std::arch::is_x86_feature_detected!("avx512f") {
                return Simd::Avx512;
            }
            if std::arch::is_x86_feature_detected!("avx2") {
                return Simd::Avx2;
            }
        }
    }
    Simd::Baseline
}

/// The body of [`echelon_f64`]. Inside a panel, rows below the pivot take each pivot's
/// update unreduced (at most `width` ≤ budget products per entry); a column is reduced
/// just before its pivot search, a pivot row's panel part just before it is used.
#[inline(always)]
fn echelon_f64_body<const FUSED: bool>(
    w: &mut [f64],
    m: usize,
    n: usize,
    fp: Fp,
    parallel: bool,
) -> (usize, u64) {
    let panel = if m * n > L2_ENTRIES {
        WIDE_PANEL
    } else {
        PANEL
    };
    let width = panel.min(fp.budget).max(1);
    let mut rank = 0;
    let mut det = 1 % fp.p;
    let mut col = 0;
    let mut lbuf = Vec::new();
    while rank < m && col < n {
        let base = rank;
        let end = (col + width).min(n);
        let mut pcols = Vec::with_capacity(width);
        for c in col..end {
            if rank == m {
                break;
            }
            let Some(q) = (rank..m).find(|&i| {
                let x = fp.reduce(w[i * n + c]);
                w[i * n + c] = x;
                x != 0.0
            }) else {
                continue;
            };
            if q != rank {
                let (top, bot) = w.split_at_mut(q * n);
                top[rank * n..rank * n + n].swap_with_slice(&mut bot[..n]);
                det = (fp.p - det) % fp.p;
            }
            let (top, rest) = w.split_at_mut((rank + 1) * n);
            let prow = &mut top[rank * n..];
            for x in prow[c + 1..end].iter_mut() {
                *x = fp.reduce(*x);
            }
            let prow = &prow[..];
            det = mul(det, fp.to_u64(prow[c]), fp.p);
            let inv = fp.inverse(prow[c]);
            // The search reduced column c in rows up to q only.
            for row in rest[..(m - rank - 1) * n].chunks_exact_mut(n) {
                let l = fp.reduce(fp.reduce(row[c]) * inv);
                row[c] = l;
                if l != 0.0 {
                    for (x, &y) in row[c + 1..end].iter_mut().zip(&prow[c + 1..end]) {
                        *x = sub_mul::<FUSED>(*x, l, y);
                    }
                }
            }
            pcols.push(c);
            rank += 1;
        }
        col = end;
        let k = pcols.len();
        if k == 0 || end == n {
            continue;
        }
        // Pivot rows: row t takes the updates of pivots 0..t on columns end..n.
        for t in 1..k {
            let (top, rest) = w.split_at_mut((base + t) * n);
            let row = &mut rest[..n];
            for (s, &c) in pcols[..t].iter().enumerate() {
                let l = row[c];
                if l != 0.0 {
                    let src = &top[(base + s) * n + end..(base + s + 1) * n];
                    for (x, &y) in row[end..].iter_mut().zip(src) {
                        *x = sub_mul::<FUSED>(*x, l, y);
                    }
                }
            }
            for x in row[end..].iter_mut() {
                *x = fp.reduce(*x);
            }
        }
        // Rows below: C −= L·U, L the multipliers (gathered), U the pivot rows.
        if rank < m {
            lbuf.clear();
            for i in rank..m {
                lbuf.extend(pcols.iter().map(|&c| w[i * n + c]));
            }
            let (top, rest) = w.split_at_mut(rank * n);
            let u = &top[base * n..];
            update(
                &mut rest[..(m - rank) * n],
                n,
                end,
                &lbuf,
                k,
                u,
                fp,
                parallel,
            );
            // Rank reached: the trailing block (reduced by `update`) is zero. The scan
            // stops at the first nonzero entry, at once when the rank is not reached.
            if rest[..(m - rank) * n]
                .chunks_exact(n)
                .all(|row| row[end..].iter().all(|&x| x == 0.0))
            {
                break;
            }
        }
    }
    (rank, det)
}

/// Rows of `c` (row stride `ld`, columns `from..ld`) −= `l`·U and reduce, for `l`
/// row-major with `k` multipliers per row and U the k rows of `u` (row stride `ld`, the
/// same columns). k ≤ `fp.budget`, entries reduced on entry: every partial sum is an
/// integer below 2^51, exact in f64 whatever the order. Compiled for AVX-512 and
/// AVX2+FMA as well as the baseline, chosen at run time; rows spread over threads when
/// `parallel` and the product is large.
#[allow(clippy::too_many_arguments)]
fn update(
    c: &mut [f64],
    ld: usize,
    from: usize,
    l: &[f64],
    k: usize,
    u: &[f64],
    fp: Fp,
    parallel: bool,
) {
    let rows = c.len() / ld;
    if parallel && rows * (ld - from) * k > 1 << 21 && rows >= 16 {
        use rayon::prelude::*;
        let chunk = rows.div_ceil(4 * rayon::current_num_threads()).max(8);
        c.par_chunks_mut(chunk * ld)
            .zip(l.par_chunks(chunk * k))
            .for_each(|(c, l)| update(c, ld, from, l, k, u, fp, false));
        return;
    }
    #[cfg(target_arch = "x86_64")]
    {
        #[target_feature(enable = "avx512f,fma")]
        unsafe fn wide(
            c: &mut [f64],
            ld: usize,
            from: usize,
            l: &[f64],
            k: usize,
            u: &[f64],
            fp: Fp,
        ) {
            update_kernel::<true>(c, ld, from, l, k, u, fp)
        }
        #[target_feature(enable = "avx2,fma")]
        unsafe fn avx2(
            c: &mut [f64],
            ld: usize,
            from: usize,
            l: &[f64],
            k: usize,
            u: &[f64],
            fp: Fp,
        ) {
            update_kernel::<true>(c, ld, from, l, k, u, fp)
        }
        match simd_level() {
            // SAFETY: the CPU has the features `wide` was compiled for.
            Simd::Avx512 => return unsafe { wide(c, ld, from, l, k, u, fp) },
            // SAFETY: as above.
            Simd::Avx2 => return unsafe { avx2(c, ld, from, l, k, u, fp) },
            Simd::Baseline => {}
        }
    }
    update_kernel::<false>(c, ld, from, l, k, u, fp)
}

/// Columns per tile of [`update_kernel`]: a tile of U (k × TILE) stays in L1 while every
/// row of C streams past it, and a row's TILE accumulators stay in registers.
const TILE: usize = 32;

/// Rows per group of [`update_kernel`]: GROUP × TILE / 8 independent accumulators (16
/// AVX-512 registers) hide the latency of the multiply-adds, and each loaded piece of U
/// serves GROUP rows.
const GROUP: usize = 4;

/// `acc − f·y`, fused when `FUSED` (only in builds where that is one instruction; the
/// result is the same here, every value being an exact integer below 2^51).
#[inline(always)]
fn sub_mul<const FUSED: bool>(acc: f64, f: f64, y: f64) -> f64 {
    if FUSED {
        (-f).mul_add(y, acc)
    } else {
        acc - f * y
    }
}

/// The body of [`update`].
#[inline(always)]
fn update_kernel<const FUSED: bool>(
    c: &mut [f64],
    ld: usize,
    from: usize,
    l: &[f64],
    k: usize,
    u: &[f64],
    fp: Fp,
) {
    let rows = c.len() / ld;
    // The multipliers of each GROUP of rows, interleaved: one load per pivot.
    let mut packed = vec![[0.0f64; GROUP]; (rows / GROUP) * k];
    for q in 0..rows / GROUP {
        for g in 0..GROUP {
            let lr = &l[(q * GROUP + g) * k..(q * GROUP + g + 1) * k];
            for (dst, &x) in packed[q * k..(q + 1) * k].iter_mut().zip(lr) {
                dst[g] = x;
            }
        }
    }
    let mut j0 = from;
    while j0 < ld {
        let w = TILE.min(ld - j0);
        let mut i = 0;
        if w == TILE {
            while i + GROUP <= rows {
                let mut acc = [[0.0f64; TILE]; GROUP];
                for (g, a) in acc.iter_mut().enumerate() {
                    a.copy_from_slice(&c[(i + g) * ld + j0..(i + g) * ld + j0 + TILE]);
                }
                let fs = &packed[(i / GROUP) * k..(i / GROUP + 1) * k];
                for (t, f) in fs.iter().enumerate() {
                    let ut: &[f64; TILE] = u[t * ld + j0..t * ld + j0 + TILE].try_into().unwrap();
                    for (a, &f) in acc.iter_mut().zip(f) {
                        for x in 0..TILE {
                            a[x] = sub_mul::<FUSED>(a[x], f, ut[x]);
                        }
                    }
                }
                for (g, a) in acc.iter().enumerate() {
                    let ci = &mut c[(i + g) * ld + j0..(i + g) * ld + j0 + TILE];
                    for x in 0..TILE {
                        ci[x] = fp.reduce(a[x]);
                    }
                }
                i += GROUP;
            }
        }
        for i in i..rows {
            let li = &l[i * k..i * k + k];
            let ci = &mut c[i * ld + j0..i * ld + j0 + w];
            for (t, &f) in li.iter().enumerate() {
                let ut = &u[t * ld + j0..t * ld + j0 + w];
                for (x, &y) in ci.iter_mut().zip(ut) {
                    *x = sub_mul::<FUSED>(*x, f, y);
                }
            }
            for x in ci.iter_mut() {
                *x = fp.reduce(*x);
            }
        }
        j0 += w;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn primality_agrees_with_trial_division_on_small_numbers() {
        let naive = |n: u64| {
            n >= 2
                && (2..n)
                    .take_while(|d| d * d <= n)
                    .all(|d| !n.is_multiple_of(d))
        };
        for n in 0..5000 {
            assert_eq!(is_prime(n), naive(n), "n = {n}");
        }
        // Strong pseudoprimes to several bases, and large known primes.
        assert!(!is_prime(3_215_031_751) && !is_prime(3_825_123_056_546_413_051));
        assert!(is_prime((1 << 61) - 1) && is_prime(18_446_744_073_709_551_557));
    }

    /// A xorshift64 stream from `seed` (reproducible test matrices).
    fn xorshift(mut seed: u64) -> impl FnMut() -> u64 {
        move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        }
    }

    /// W = U·V mod p (row-major m × n) for random U (m × r) and V (r × n): rank ≤ r.
    fn low_rank(m: usize, n: usize, r: usize, p: u64, next: &mut impl FnMut() -> u64) -> Vec<u64> {
        let u: Vec<u64> = (0..m * r).map(|_| next() % p).collect();
        let v: Vec<u64> = (0..r * n).map(|_| next() % p).collect();
        (0..m * n)
            .map(|k| {
                let (i, j) = (k / n, k % n);
                (0..r).fold(0, |acc, t| (acc + mul(u[i * r + t], v[t * n + j], p)) % p)
            })
            .collect()
    }

    #[test]
    fn delayed_reduction_agrees_with_immediate_reduction() {
        // Primes from 2 to just below 2^32 (where the budget is a handful of pivots),
        // rank-deficient and full-rank matrices, compared against the u128 path.
        let mut next = xorshift(7);
        for p in [2, 3, 65_521, (1 << 26) - 5, 2_147_483_647, 4_294_967_291] {
            for (m, n, r) in [
                (9, 9, 9),
                (12, 7, 5),
                (6, 15, 6),
                (20, 20, 13),
                (40, 37, 29),
                (33, 50, 33),
            ] {
                let w = low_rank(m, n, r, p, &mut next);
                let (mut a, mut b, mut c) = (w.clone(), w.clone(), w);
                let wide = echelon_wide(&mut b, m, n, p);
                assert_eq!(echelon_lazy(&mut a, m, n, p), wide, "p = {p}");
                assert_eq!(echelon_blocked(&mut c, m, n, p), wide, "p = {p}");
            }
        }
    }

    #[test]
    fn f64_elimination_agrees_with_the_integer_one() {
        // Every compiled variant (the dispatcher picks the widest this CPU has; the
        // baseline body is called directly so CI machines without AVX test it too), the
        // threaded update (300 × 300), both panel widths, and budgets from 1 pivot (p
        // near 2^26) to WIDE_PANEL.
        let mut next = xorshift(11);
        for p in [2, 3, 5, 65_521, 8_388_593, (1 << 26) - 5] {
            let fp = Fp::new(p).unwrap();
            for (m, n, r) in [
                (1, 1, 1),
                (9, 9, 0),
                (9, 9, 9),
                (40, 37, 29),
                (70, 75, 50),
                (80, 45, 45),
                (300, 300, 200),
                (530, 500, 130), // above L2_ENTRIES: the wide panels
            ] {
                if m >= 300 && p < 1 << 20 || m > 300 && p != 8_388_593 {
                    continue; // one large case per budget regime is enough
                }
                let w = low_rank(m, n, r, p, &mut next);
                let want = echelon_wide(&mut w.clone(), m, n, p);
                let centred: Vec<f64> = w.iter().map(|&x| fp.centred(x)).collect();
                for parallel in [false, true] {
                    let got = echelon_f64(&mut centred.clone(), m, n, fp, parallel);
                    assert_eq!(got, want, "p = {p}, {m}x{n} rank {r}, parallel {parallel}");
                }
                let plain = echelon_f64_body::<false>(&mut centred.clone(), m, n, fp, false);
                assert_eq!(plain, want, "baseline, p = {p}, {m}x{n} rank {r}");
            }
        }
    }

    #[test]
    fn f64_reduction_stays_centred_and_congruent() {
        for p in [2u64, 3, 8_388_593, (1 << 26) - 5] {
            let fp = Fp::new(p).unwrap();
            let bound = (p + 1) as f64 / 2.0;
            for x in [
                0i64,
                1,
                -1,
                p as i64,
                1 << 51,
                -(1 << 51),
                (1 << 51) - 12_345,
                987_654_321,
            ] {
                let r = fp.reduce(x as f64);
                assert!(r.abs() <= bound && r == r.trunc(), "p = {p}, x = {x}: {r}");
                assert_eq!((x - r as i64).rem_euclid(p as i64), 0, "p = {p}, x = {x}");
            }
        }
        assert!(Fp::new(1 << 26).is_none() && Fp::new(1).is_none());
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
