//! The certificate as data: what a proof of `rank(A) = r` consists of. Producing it is
//! [`crate::cert::build`]'s job, checking it [`crate::cert::verify`]'s, and reading and
//! writing it [`crate::cert::format`]'s.

use rug::Integer;

/// The version written on the first line (`exrank-certificate 2`). Version 2 added the
/// optional [`MinorSolution`]; a reader accepts versions 1 and 2 (a version 1 file simply
/// has none) and refuses any other, so a future change of meaning is never misread.
pub const FORMAT_VERSION: u32 = 2;

/// The oldest version a reader still accepts.
pub const OLDEST_FORMAT_VERSION: u32 = 1;

/// A proof object for `rank(A) = rank`, checkable from `A` and itself alone.
///
/// *Lower bound* `rank ≥ r`: `det A[row_set, col_set] = minor ≠ 0`, witnessed cheaply by
/// `minor_prime` (a prime with `det A[I, J] mod p ≠ 0`, impossible for a zero minor).
/// *Upper bound* `rank ≤ r`: see [`UpperBound`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Certificate {
    /// Rows of A.
    pub rows: usize,
    /// Columns of A.
    pub cols: usize,
    /// [`crate::cert::fingerprint`] of A: catches "wrong matrix" early with a clear
    /// reason. Soundness never rests on it; every claim is re-checked from A.
    pub fingerprint: u64,
    /// The claimed rank r.
    pub rank: usize,
    /// I: r distinct row indices, 0-based; the minor is taken in the order listed.
    pub row_set: Vec<usize>,
    /// J: r distinct column indices, 0-based; the minor is taken in the order listed.
    pub col_set: Vec<usize>,
    /// det A[I, J], exactly (1 for r = 0, the empty determinant).
    pub minor: Integer,
    /// A prime p with det A[I, J] ≢ 0 (mod p).
    pub minor_prime: u64,
    /// Optional evidence that makes the exact value of the minor cheap to check (format
    /// version 2; `None` in version 1 files).
    pub minor_solution: Option<MinorSolution>,
    /// The evidence for `rank ≤ r`.
    pub upper: UpperBound,
}

/// A solution of A[I, J]·y = d·b: `b` a small right-hand side, `d > 0`, `y` integers.
///
/// Why it helps: once A[I, J] is known to be nonsingular, x = y/d = A[I,J]⁻¹·b, and
/// det A[I,J]·x = adj(A[I,J])·b is integral, so d / gcd(d, y₀, …, y_{r−1}) divides
/// det A[I, J]. For a random b that divisor is usually all of |det| but a small factor,
/// so the verifier needs only a prime or two, not ≈ log₂|det|/25, to pin down the value
/// of the minor. Checking A[I,J]·y = d·b is one exact matrix–vector product.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MinorSolution {
    /// b, r entries.
    pub rhs: Vec<Integer>,
    /// d.
    pub denominator: Integer,
    /// y, r entries, in the order of the column set J.
    pub numerators: Vec<Integer>,
}

/// Evidence that `rank(A) ≤ r`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UpperBound {
    /// Nothing to prove: r = min(rows, cols).
    Trivial,
    /// n − r integer kernel vectors (each of length n = cols). Vector t is zero on every
    /// free column (a column not in J) except the t-th one, where it is nonzero: a scaled
    /// identity block, so the vectors are visibly independent. `A · v = 0` for each.
    Kernel(Vec<Vec<Integer>>),
    /// Distinct primes with rank(A mod p) ≤ r for each and ∏ p greater than Hadamard's
    /// bound on every (r+1)×(r+1) minor: a nonzero such minor would be divisible by all
    /// of them, hence at least their product, which it cannot be.
    Primes(Vec<u64>),
}

impl UpperBound {
    /// The name used in the text format: `trivial`, `kernel` or `primes`.
    ///
    /// ```
    /// assert_eq!(exrank::cert::UpperBound::Primes(vec![3]).name(), "primes");
    /// ```
    pub fn name(&self) -> &'static str {
        match self {
            UpperBound::Trivial => "trivial",
            UpperBound::Kernel(_) => "kernel",
            UpperBound::Primes(_) => "primes",
        }
    }
}
