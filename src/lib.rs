//! # exrank — exact matrix rank, with proofs
//!
//! Exact rank of integer, rational and GF(p) matrices with no threshold: fraction-free
//! Bareiss over big integers, modular rank over word-size primes, certificates an
//! independent verifier re-checks, and a harness that compares exact rank with
//! floating-point SVD rank under the usual threshold rules.
//!
//! ```
//! // rank([1 5 9 13; 2 6 10 14; 3 7 11 15; 4 8 12 16]) = 2, exactly.
//! let a = exrank::ZMatrix::from_fn(4, 4, |i, j| (4 * j + i + 1).into());
//! assert_eq!(exrank::rank(&a).rank, 2);
//! ```

pub mod bareiss;
pub mod cert;
pub mod cli;
pub mod error;
pub mod float;
pub mod io;
pub mod matrix;
pub mod minors;
pub mod modular;
mod pool;
pub mod rank;
pub mod sparse;

pub use error::{Error, ParseError, ParseErrorKind};
pub use matrix::{QMatrix, ZMatrix};
pub use rank::{rank, rank_with, Certainty, CertaintyGoal, Field, Method, RankParams, RankResult};
