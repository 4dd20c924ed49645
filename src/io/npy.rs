//! NumPy `.npy` reader (placeholder: owned by the comparison-harness work).

use super::Parsed;
use crate::error::{ParseError, ParseErrorKind};

/// Reads a `.npy` file's bytes into an exact matrix.
///
/// ```
/// assert!(exrank::io::npy::read(b"not npy").is_err());
/// ```
pub fn read(_bytes: &[u8]) -> Result<Parsed, ParseError> {
    Err(ParseError::new(
        0,
        ParseErrorKind::Unsupported,
        ".npy reading is not available yet",
    ))
}
