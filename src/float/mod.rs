//! The float side: SVD rank under the common threshold rules, beside the exact rank.
//!
//! Numerical rank answers a question about a *nearby ideal* matrix ("how many
//! directions stand out above the noise?"); exact rank answers one about the *stored*
//! matrix. This module puts both side by side so the difference is visible:
//!
//! - [`convert`]: exact → nearest f64 (and stored f64 → exact dyadic);
//! - [`svd`] / [`qr`]: singular values and pivoted-QR diagonals via faer, after
//!   [`rescale`] divides by an exact power of two when entries are extreme; [`scaled`]
//!   holds values beyond the f64 range;
//! - [`rules`]: the NumPy, MATLAB, Julia, absolute and user conventions as formulas;
//! - [`exact`] and [`report`]: one matrix compared under every rule;
//! - [`families`]: named matrices with known rank; [`corpus`] writes them to disk;
//! - [`routine`]: runs someone's float rank routine over a corpus; [`plot`]: SVG pictures.
//!
//! ```
//! use exrank::float::{compare, F64Matrix, Options};
//! let a = exrank::cli::demo::higham_4x4();
//! let r = compare("4x4", &a, &F64Matrix::from_zmatrix(&a), &Options::default()).unwrap();
//! assert_eq!((r.exact.rank, r.rule("numpy").unwrap().rank), (2, 2));
//! ```

pub mod convert;
pub mod corpus;
pub mod exact;
pub mod families;
pub mod plot;
pub mod qr;
pub mod report;
pub mod rescale;
pub mod routine;
pub mod rules;
pub mod scaled;
pub mod svd;

pub use convert::{nearest_f64, F64Matrix};
pub use exact::{exact_rank, ExactRank};
pub use families::{Case, Family};
pub use report::{compare, compare_with_rank, Options, Report, RuleOutcome};
pub use rules::{Rule, Verdict};
pub use scaled::Scaled;
pub use svd::singular_values;
