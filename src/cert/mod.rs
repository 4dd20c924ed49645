//! Certificates for `rank(A) = r` over Q, and their independent verifier.
//!
//! A [`Certificate`] holds a nonzero r×r minor (rows I, columns J, its exact value and a
//! prime that witnesses it is nonzero) for `rank ≥ r`, and evidence for `rank ≤ r`: a
//! kernel basis with an identity block, or primes whose product beats Hadamard's bound
//! on the (r+1)-minors ([`UpperBound`]). [`build`] produces one (using the fast rank
//! kernels); [`verify`] re-checks it with its own, deliberately simple arithmetic and
//! returns [`Verdict::Certified`] or a [`Rejection`] that says what is wrong.
//! [`format`] reads and writes the versioned text form (`docs/certificate-format.md`).
//!
//! ```
//! use exrank::{cert, ZMatrix};
//! let a = ZMatrix::from_fn(4, 4, |i, j| (4 * j + i + 1).into());
//! let c = cert::build(&a, &cert::CertParams::default()).unwrap();
//! let text = cert::format::write(&c);
//! let back = cert::format::parse(&text).unwrap();
//! assert_eq!(cert::verify(&a, &back), cert::Verdict::Certified(2));
//! ```

mod build;
mod certificate;
mod fingerprint;
pub mod format;
mod verify;

pub use build::{build, prime_stream, CertParams, UpperRoute};
pub use certificate::{
    Certificate, MinorSolution, UpperBound, FORMAT_VERSION, OLDEST_FORMAT_VERSION,
};
pub use fingerprint::fingerprint;
pub use verify::{verify, verify_with, IndexSet, Rejection, Verdict, VerifyParams};
