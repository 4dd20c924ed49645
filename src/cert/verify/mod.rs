//! The independent verifier: re-derives every claim of a [`Certificate`] from the matrix
//! and the certificate alone. It shares no code with the producer ([`crate::cert::build`],
//! [`crate::bareiss`], [`crate::modular`]): its modular arithmetic, primality test,
//! exact products and Hadamard bounds are its own; only third-party crates (GMP, faer's
//! floating-point matrix product, rayon) are shared. Every fast path states why it is
//! exact and is tested against a plain one.
//!
//! What is checked, in order (the first failure is the verdict):
//! 1. shape, then fingerprint (cheap early "wrong matrix"; not relied upon);
//! 2. r ≤ min(m, n); I and J have r entries each, in range, without repeats;
//! 3. lower bound: the minor is not claimed zero; `minor-prime` is prime and
//!    det A[I, J] mod it is nonzero — so det A[I, J] ≠ 0 over Z and rank ≥ r;
//! 4. the minor's *value*, exactly: D² ≤ H² (Hadamard, squared, exact integers), and
//!    ≤ U² for the tighter bound U of Hadamard after orthogonalising the rows in floating
//!    point with a rigorous error term (`hadamard::det_bound_sq`); a
//!    divisor e of det A[I, J]: 1, or, from the optional solution B·y = d·b (checked
//!    exactly, d > 0), e = d / gcd(d, y) — B is nonsingular (step 3) so x = y/d = B⁻¹b
//!    and det B·x = adj(B)·b is integral, hence e | det B; then e | D, and
//!    det A[I, J] ≡ D modulo primes q ∤ e (minor-prime and the verifier's own) with
//!    (e·∏q)² > 4U²: det/e and D/e are integers in [−U/e, U/e] congruent modulo
//!    ∏q > 2U/e, so they are equal. Cost: the product B·y (r² word-by-bignum
//!    multiply-adds, done as one f64 product of digits for small entries) and, when e
//!    is close to |det| as it is for a random b, a determinant mod a prime or two;
//!    without a solution ≈ log₂(2U)/25 of them, as much as computing the minor. [`VerifyParams::minor_value`] skips this step when
//!    only the rank is in question (step 3 already proves the minor nonzero);
//! 5. upper bound: `trivial` needs r = min(m, n); `kernel`: N is n×(n−r), its rows on
//!    the free columns (those not in J, ascending) form a diagonal with nonzero diagonal
//!    (so rank N = n − r), and A·N = 0 exactly (m·n·(n−r) multiply-adds of an entry of
//!    A by a big integer: one f64 product of digits for small entries, else GMP with
//!    (vector, row block) tasks spread over threads);
//!    `primes`: each is prime and listed once, (∏p)² > H² for Hadamard's bound H on
//!    every (r+1)-minor (exact), and rank(A mod p) ≤ r for each (O(m·n·r) per prime in
//!    blocked f64 elimination, which stops once the trailing block is zero; primes
//!    spread over threads).

mod exact;
mod hadamard;
mod modp;

use super::certificate::{Certificate, MinorSolution, UpperBound};
use super::fingerprint::fingerprint;
use crate::ZMatrix;
use exact::Entries;
use rayon::prelude::*;
use rug::Integer;
use std::fmt;

/// The outcome of [`verify`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Every check passed: rank(A) is this number.
    Certified(usize),
    /// The first check that failed.
    Rejected(Rejection),
}

/// Which index set of the certificate a problem is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IndexSet {
    /// I, the rows of the minor.
    Rows,
    /// J, the columns of the minor.
    Cols,
}

impl fmt::Display for IndexSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            IndexSet::Rows => "row set I",
            IndexSet::Cols => "column set J",
        })
    }
}

/// Why a certificate was rejected. Each variant names what was found, so the message
/// alone tells the user which line of the certificate (or which matrix) is at fault.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Rejection {
    /// The certificate is for another shape.
    ShapeMismatch {
        /// (rows, cols) in the certificate.
        certificate: (usize, usize),
        /// (rows, cols) of the matrix.
        matrix: (usize, usize),
    },
    /// The matrix entries differ from those the certificate was made for.
    FingerprintMismatch {
        /// In the certificate.
        certificate: u64,
        /// Of the matrix.
        matrix: u64,
    },
    /// r > min(m, n).
    RankExceedsShape {
        /// The claimed rank.
        rank: usize,
    },
    /// I or J does not have r entries.
    WrongIndexCount {
        /// Which set.
        set: IndexSet,
        /// How many it has.
        count: usize,
        /// The claimed rank.
        rank: usize,
    },
    /// An index is not below the number of rows (columns).
    IndexOutOfRange {
        /// Which set.
        set: IndexSet,
        /// The index.
        index: usize,
        /// The number of rows (columns).
        limit: usize,
    },
    /// An index appears twice.
    DuplicateIndex {
        /// Which set.
        set: IndexSet,
        /// The index.
        index: usize,
    },
    /// The certificate's minor value is 0, which proves nothing.
    MinorClaimedZero,
    /// `minor-prime` is not prime.
    MinorPrimeNotPrime {
        /// The number.
        p: u64,
    },
    /// det A[I, J] is zero modulo `minor-prime` (but not modulo every prime).
    MinorZeroModPrime {
        /// The prime.
        p: u64,
    },
    /// det A[I, J] is exactly zero: zero modulo `minor-prime` and modulo primes whose
    /// product exceeds twice its Hadamard bound.
    MinorIsZero {
        /// How many primes (besides `minor-prime`) confirmed it.
        primes: usize,
    },
    /// |D| is larger than Hadamard's bound for A[I, J], so it cannot be the determinant.
    MinorExceedsBound,
    /// det A[I, J] differs from D modulo this prime.
    MinorValueWrong {
        /// A prime where they differ.
        p: u64,
    },
    /// The minor-solution line is malformed (`row: None`: lengths differ from r, or
    /// d ≤ 0) or A[I, J]·y ≠ d·b at this row of A.
    MinorSolutionWrong {
        /// The row of A (in I) where the product differs.
        row: Option<usize>,
    },
    /// D is not a multiple of d / gcd(d, y), which the solution proves divides det A[I, J].
    MinorNotMultipleOfDivisor,
    /// The exact value of D could not be checked: its Hadamard bound exceeds the product
    /// of all primes below 2^32. Not a proof of anything; `--rank-only` still checks the
    /// rank.
    MinorTooLargeToCheck,
    /// `upper trivial` although r < min(m, n).
    TrivialNotApplicable {
        /// The claimed rank.
        rank: usize,
    },
    /// Fewer kernel vectors than n − r.
    KernelRankTooSmall {
        /// Vectors given.
        vectors: usize,
        /// n − r.
        needed: usize,
    },
    /// More kernel vectors than n − r, or a vector whose length is not n.
    KernelWrongShape {
        /// The vector (0-based) at fault, or `None` for the count.
        vector: Option<usize>,
        /// What was expected.
        expected: usize,
        /// What was found.
        found: usize,
    },
    /// Kernel vector `vector` is zero on its own free column or nonzero on another one.
    KernelIdentityBroken {
        /// The vector, 0-based.
        vector: usize,
        /// The free column of A where the identity block fails.
        column: usize,
    },
    /// (A·N)[row, vector] ≠ 0.
    KernelNotAnnihilated {
        /// The kernel vector (column of N), 0-based.
        vector: usize,
        /// The first row of A it does not annihilate.
        row: usize,
    },
    /// A listed upper-bound prime is not prime.
    PrimeNotPrime {
        /// The number.
        p: u64,
    },
    /// A prime is listed twice (it would count twice in the product).
    DuplicatePrime {
        /// The prime.
        p: u64,
    },
    /// The product of the primes does not exceed Hadamard's bound on the (r+1)-minors.
    BoundTooSmall {
        /// Bits of the product.
        product_bits: u32,
        /// Bits of the bound.
        bound_bits: u32,
    },
    /// rank(A mod p) > r, so r is too small (or the matrix is not the certified one).
    RankModPrimeExceeds {
        /// The prime.
        p: u64,
        /// rank(A mod p).
        rank_mod_p: usize,
        /// The claimed rank.
        rank: usize,
    },
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Rejection::*;
        match self {
            ShapeMismatch { certificate: (a, b), matrix: (c, d) } => {
                write!(f, "shape mismatch: the certificate is for a {a}x{b} matrix, the matrix is {c}x{d}")
            }
            FingerprintMismatch { certificate, matrix } => write!(
                f,
                "fingerprint mismatch: the certificate is for a matrix with fingerprint {certificate:016x}, this one has {matrix:016x} (a different matrix)"
            ),
            RankExceedsShape { rank } => {
                write!(f, "rank {rank} exceeds the smaller dimension of the matrix")
            }
            WrongIndexCount { set, count, rank } => {
                write!(f, "wrong count: {set} has {count} indices, the rank is {rank}")
            }
            IndexOutOfRange { set, index, limit } => {
                write!(f, "index out of range: {set} contains {index}, must be below {limit}")
            }
            DuplicateIndex { set, index } => write!(f, "duplicate index: {set} lists {index} twice"),
            MinorClaimedZero => f.write_str("the minor is given as 0, which proves no lower bound"),
            MinorPrimeNotPrime { p } => write!(f, "minor-prime {p} is not prime"),
            MinorZeroModPrime { p } => write!(f, "minor is zero modulo minor-prime {p}"),
            MinorIsZero { primes } => write!(
                f,
                "minor is zero: det A[I,J] vanishes modulo minor-prime and {primes} other primes whose product exceeds twice its Hadamard bound"
            ),
            MinorExceedsBound => f.write_str(
                "minor value wrong: it exceeds Hadamard's bound for A[I,J], so it cannot be that determinant",
            ),
            MinorValueWrong { p } => write!(f, "minor value wrong: det A[I,J] differs from it modulo {p}"),
            MinorSolutionWrong { row: None } => f.write_str(
                "minor solution wrong: y and b must have r entries and d must be positive",
            ),
            MinorSolutionWrong { row: Some(i) } => write!(
                f,
                "minor solution wrong: A[I,J]·y differs from d·b at row {i} of A"
            ),
            MinorNotMultipleOfDivisor => f.write_str(
                "minor value wrong: it is not a multiple of d/gcd(d, y), which divides det A[I,J]",
            ),
            MinorTooLargeToCheck => f.write_str(
                "the minor's exact value cannot be checked: its Hadamard bound exceeds the product of all primes below 2^32 (check the rank alone with --rank-only)",
            ),
            TrivialNotApplicable { rank } => write!(
                f,
                "upper bound `trivial` needs rank = min(rows, cols), but the rank is {rank}"
            ),
            KernelRankTooSmall { vectors, needed } => write!(
                f,
                "kernel rank too small: {vectors} kernel vectors, n - r = {needed} are needed"
            ),
            KernelWrongShape { vector: None, expected, found } => write!(
                f,
                "kernel has wrong shape: {found} vectors, expected n - r = {expected}"
            ),
            KernelWrongShape { vector: Some(t), expected, found } => write!(
                f,
                "kernel has wrong shape: vector {t} has {found} entries, expected n = {expected}"
            ),
            KernelIdentityBroken { vector, column } => write!(
                f,
                "kernel identity block broken: vector {vector} at free column {column} (must be nonzero on its own free column, zero on the others)"
            ),
            KernelNotAnnihilated { vector, row } => write!(
                f,
                "kernel vector {vector} not annihilated: row {row} of A times it is nonzero"
            ),
            PrimeNotPrime { p } => write!(f, "listed prime {p} is not prime"),
            DuplicatePrime { p } => write!(f, "prime {p} is listed twice"),
            BoundTooSmall { product_bits, bound_bits } => write!(
                f,
                "bound too small: the primes' product has {product_bits} bits, Hadamard's bound on the (r+1)-minors has {bound_bits}"
            ),
            RankModPrimeExceeds { p, rank_mod_p, rank } => {
                write!(f, "rank of A mod {p} is {rank_mod_p}, more than the claimed rank {rank}")
            }
        }
    }
}

impl std::error::Error for Rejection {}

/// How much [`verify_with`] checks. `Default` checks everything.
#[derive(Clone, Debug)]
pub struct VerifyParams {
    /// Re-derive the exact value of det A[I, J] (step 4). The rank claim does not need
    /// it — step 3 proves the minor nonzero — and it costs about as much as computing
    /// the minor, so `false` makes verification of the rank alone much cheaper.
    pub minor_value: bool,
}

impl Default for VerifyParams {
    fn default() -> Self {
        VerifyParams { minor_value: true }
    }
}

/// Checks `cert` against `a` from scratch, everything included (see the module docs for
/// what and at what cost).
///
/// ```
/// use exrank::{cert, ZMatrix};
/// let a = ZMatrix::from_i64_rows(&[vec![1, 2, 3], vec![2, 4, 6]]).unwrap();
/// let mut c = cert::build(&a, &cert::CertParams::default()).unwrap();
/// assert_eq!(cert::verify(&a, &c), cert::Verdict::Certified(1));
/// c.minor += 1; // tamper
/// assert!(matches!(cert::verify(&a, &c), cert::Verdict::Rejected(_)));
/// ```
pub fn verify(a: &ZMatrix, cert: &Certificate) -> Verdict {
    verify_with(a, cert, &VerifyParams::default())
}

/// Checks `cert` against `a`, optionally skipping the exact minor value.
///
/// ```
/// use exrank::{cert, ZMatrix};
/// let a = ZMatrix::from_fn(4, 4, |i, j| (4 * j + i + 1).into());
/// let c = cert::build(&a, &cert::CertParams::default()).unwrap();
/// let rank_only = cert::VerifyParams { minor_value: false };
/// assert_eq!(cert::verify_with(&a, &c, &rank_only), cert::Verdict::Certified(2));
/// ```
pub fn verify_with(a: &ZMatrix, cert: &Certificate, params: &VerifyParams) -> Verdict {
    // On a worker of the pool: parallel calls from outside it each pay a cross-thread
    // wake-up (written out here, not shared: the verifier uses no producer code).
    if rayon::current_thread_index().is_none() {
        return rayon::scope(|_| verify_with(a, cert, params));
    }
    match check(a, cert, params) {
        Ok(()) => Verdict::Certified(cert.rank),
        Err(why) => Verdict::Rejected(why),
    }
}

fn check(a: &ZMatrix, c: &Certificate, params: &VerifyParams) -> Result<(), Rejection> {
    let (m, n) = (a.rows(), a.cols());
    if (c.rows, c.cols) != (m, n) {
        return Err(Rejection::ShapeMismatch {
            certificate: (c.rows, c.cols),
            matrix: (m, n),
        });
    }
    let fp = fingerprint(a);
    if c.fingerprint != fp {
        return Err(Rejection::FingerprintMismatch {
            certificate: c.fingerprint,
            matrix: fp,
        });
    }
    let r = c.rank;
    if r > m.min(n) {
        return Err(Rejection::RankExceedsShape { rank: r });
    }
    check_indices(&c.row_set, IndexSet::Rows, r, m)?;
    check_indices(&c.col_set, IndexSet::Cols, r, n)?;
    let e = Entries::new(a);
    check_minor(&e, a, c, params.minor_value)?;
    match &c.upper {
        UpperBound::Trivial if r == m.min(n) => Ok(()),
        UpperBound::Trivial => Err(Rejection::TrivialNotApplicable { rank: r }),
        UpperBound::Kernel(vs) => check_kernel(&e, &c.col_set, vs),
        UpperBound::Primes(ps) => check_primes(&e, a, r, ps),
    }
}

fn check_indices(v: &[usize], set: IndexSet, rank: usize, limit: usize) -> Result<(), Rejection> {
    if v.len() != rank {
        return Err(Rejection::WrongIndexCount {
            set,
            count: v.len(),
            rank,
        });
    }
    let mut seen = vec![false; limit];
    for &index in v {
        if index >= limit {
            return Err(Rejection::IndexOutOfRange { set, index, limit });
        }
        if std::mem::replace(&mut seen[index], true) {
            return Err(Rejection::DuplicateIndex { set, index });
        }
    }
    Ok(())
}

/// Steps 3 and 4: det A[I, J] ≠ 0 (lower bound) and = D exactly.
fn check_minor(
    e: &Entries,
    a: &ZMatrix,
    c: &Certificate,
    exact_value: bool,
) -> Result<(), Rejection> {
    let (rows, cols) = (&c.row_set, &c.col_set);
    if c.minor == 0 {
        return Err(Rejection::MinorClaimedZero);
    }
    let p = c.minor_prime;
    if !modp::is_prime(p) {
        return Err(Rejection::MinorPrimeNotPrime { p });
    }
    let det_p = modp::det_of(e, rows, cols, p, true);
    let h_sq = hadamard::minor_bound_sq(a, rows, cols);
    if det_p == 0 {
        // Zero modulo p: say whether it is zero outright (modulo enough other primes).
        let limit = Integer::from(&h_sq * 4u32);
        let mut product = Integer::from(1);
        for (count, q) in modp::own_primes().filter(|&q| q != p).enumerate() {
            if Integer::from(product.square_ref()) > limit {
                return Err(Rejection::MinorIsZero { primes: count });
            }
            if modp::det_of(e, rows, cols, q, true) != 0 {
                break;
            }
            product *= q;
        }
        return Err(Rejection::MinorZeroModPrime { p });
    }
    if Integer::from(c.minor.square_ref()) > h_sq {
        return Err(Rejection::MinorExceedsBound);
    }
    if modp::residue(&c.minor, p) != det_p {
        return Err(Rejection::MinorValueWrong { p });
    }
    if !exact_value {
        return Ok(());
    }
    // A divisor of det A[I, J], proved by the solution (1 without one).
    let divisor = match &c.minor_solution {
        Some(sol) => check_solution(e, rows, cols, sol)?,
        None => Integer::from(1),
    };
    if !c.minor.is_divisible(&divisor) {
        return Err(Rejection::MinorNotMultipleOfDivisor);
    }
    // |det/e|, |D/e| ≤ U/e for U the orthogonalised Hadamard bound (≤ H, D² ≤ U² too);
    // equal modulo Q with Q·e > 2U, i.e. (Q·e)² > 4U², means equal. minor-prime counts
    // (det ≡ D mod p was checked above) unless it divides e.
    let u_sq = hadamard::det_bound_sq(a, rows, cols);
    if Integer::from(c.minor.square_ref()) > u_sq {
        return Err(Rejection::MinorExceedsBound);
    }
    let limit = Integer::from(&u_sq * 4u32);
    let mut product = divisor.clone();
    if !divisor.is_divisible(&Integer::from(p)) {
        product *= p;
    }
    let mut more = Vec::new();
    for q in modp::own_primes().filter(|&q| q != p) {
        if Integer::from(product.square_ref()) > limit {
            break;
        }
        if !divisor.is_divisible_u(q as u32) {
            product *= q;
            more.push(q);
        }
    }
    if Integer::from(product.square_ref()) <= limit {
        return Err(Rejection::MinorTooLargeToCheck);
    }
    let wrong = more
        .par_iter()
        .find_first(|&&q| modp::det_of(e, rows, cols, q, true) != modp::residue(&c.minor, q));
    match wrong {
        Some(&q) => Err(Rejection::MinorValueWrong { p: q }),
        None => Ok(()),
    }
}

/// A[I, J]·y = d·b exactly with d > 0; returns d / gcd(d, y), a divisor of det A[I, J]
/// once A[I, J] is known to be nonsingular.
fn check_solution(
    e: &Entries,
    rows: &[usize],
    cols: &[usize],
    s: &MinorSolution,
) -> Result<Integer, Rejection> {
    let r = rows.len();
    if s.rhs.len() != r || s.numerators.len() != r || s.denominator <= 0 {
        return Err(Rejection::MinorSolutionWrong { row: None });
    }
    let target = |k: usize| Integer::from(&s.denominator * &s.rhs[k]);
    let bad = match e.products(rows, Some(cols), &[&s.numerators]) {
        Some(out) => (0..r).find(|&k| out[0][k] != target(k)),
        None => (0..r).into_par_iter().find_first(|&k| {
            let mut acc = Integer::new();
            e.dot(rows[k], Some(cols), &s.numerators, &mut acc);
            acc != target(k)
        }),
    };
    if let Some(k) = bad {
        return Err(Rejection::MinorSolutionWrong { row: Some(rows[k]) });
    }
    let mut g = s.denominator.clone();
    for y in &s.numerators {
        g.gcd_mut(y);
    }
    Ok(Integer::from(&s.denominator / &g))
}

/// Kernel route: shape, identity block on the free columns, A·N = 0 exactly.
fn check_kernel(e: &Entries, cols: &[usize], vs: &[Vec<Integer>]) -> Result<(), Rejection> {
    let n = e.cols();
    let needed = n - cols.len();
    if vs.len() < needed {
        return Err(Rejection::KernelRankTooSmall {
            vectors: vs.len(),
            needed,
        });
    }
    if vs.len() > needed {
        return Err(Rejection::KernelWrongShape {
            vector: None,
            expected: needed,
            found: vs.len(),
        });
    }
    if let Some((t, v)) = vs.iter().enumerate().find(|(_, v)| v.len() != n) {
        return Err(Rejection::KernelWrongShape {
            vector: Some(t),
            expected: n,
            found: v.len(),
        });
    }
    let mut in_j = vec![false; n];
    for &j in cols {
        in_j[j] = true;
    }
    let free: Vec<usize> = (0..n).filter(|&j| !in_j[j]).collect();
    for (t, v) in vs.iter().enumerate() {
        for (s, &f) in free.iter().enumerate() {
            if (s == t) == (v[f] == 0) {
                return Err(Rejection::KernelIdentityBroken {
                    vector: t,
                    column: f,
                });
            }
        }
    }
    let m = e.rows();
    let all_rows: Vec<usize> = (0..m).collect();
    let columns: Vec<&[Integer]> = vs.iter().map(|v| v.as_slice()).collect();
    if let Some(out) = e.products(&all_rows, None, &columns) {
        let bad = out
            .iter()
            .enumerate()
            .find_map(|(t, col)| col.iter().position(|x| *x != 0).map(|row| (t, row)));
        return match bad {
            Some((vector, row)) => Err(Rejection::KernelNotAnnihilated { vector, row }),
            None => Ok(()),
        };
    }
    // Entries too large for the f64 product: GMP, in tasks of (vector, block of rows) so
    // that a kernel of one or two vectors (r close to n, the usual kernel route) still
    // uses every thread; the first failure in (vector, row) order is reported.
    let block = m.div_ceil(4 * rayon::current_num_threads()).max(1);
    let tasks: Vec<(usize, usize)> = (0..vs.len())
        .flat_map(|t| (0..m).step_by(block).map(move |i0| (t, i0)))
        .collect();
    let bad = tasks.par_iter().find_map_first(|&(t, i0)| {
        let mut acc = Integer::new();
        (i0..(i0 + block).min(m))
            .find(|&i| {
                e.dot(i, None, &vs[t], &mut acc);
                acc != 0
            })
            .map(|i| (t, i))
    });
    match bad {
        Some((vector, row)) => Err(Rejection::KernelNotAnnihilated { vector, row }),
        None => Ok(()),
    }
}

/// Primes route: each prime is prime and distinct, the product beats Hadamard's bound
/// on the (r+1)-minors, and rank(A mod p) ≤ r for each.
fn check_primes(e: &Entries, a: &ZMatrix, r: usize, ps: &[u64]) -> Result<(), Rejection> {
    let mut sorted = ps.to_vec();
    sorted.sort_unstable();
    if let Some(w) = sorted.windows(2).find(|w| w[0] == w[1]) {
        return Err(Rejection::DuplicatePrime { p: w[0] });
    }
    if let Some(&p) = ps.iter().find(|&&p| !modp::is_prime(p)) {
        return Err(Rejection::PrimeNotPrime { p });
    }
    let product: Integer = ps.iter().map(|&p| Integer::from(p)).product();
    let h_sq = hadamard::all_minors_bound_sq(a, r + 1);
    if Integer::from(product.square_ref()) <= h_sq {
        return Err(Rejection::BoundTooSmall {
            product_bits: product.significant_bits(),
            bound_bits: h_sq.significant_bits().div_ceil(2),
        });
    }
    let (m, n) = (a.rows(), a.cols());
    let (all_rows, all_cols): (Vec<usize>, Vec<usize>) = ((0..m).collect(), (0..n).collect());
    let bad = ps.par_iter().find_map_first(|&p| {
        let rank_mod_p = modp::rank_of(e, &all_rows, &all_cols, p, false);
        (rank_mod_p > r).then_some(Rejection::RankModPrimeExceeds {
            p,
            rank_mod_p,
            rank: r,
        })
    });
    bad.map_or(Ok(()), Err)
}
