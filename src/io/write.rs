//! Writers: Matrix Market (coordinate or array, integer), so any matrix exrank builds
//! can be handed to other tools and read back exactly.

use crate::ZMatrix;
use std::io::{self, Write};

/// Writes `a` as a Matrix Market `array integer general` file (column-major, as the
/// format requires).
///
/// ```
/// let mut out = Vec::new();
/// exrank::io::write::matrix_market_array(&mut out, &exrank::ZMatrix::identity(2)).unwrap();
/// assert!(String::from_utf8(out).unwrap().starts_with("%%MatrixMarket matrix array integer general\n2 2\n1\n0\n"));
/// ```
pub fn matrix_market_array<W: Write>(w: &mut W, a: &ZMatrix) -> io::Result<()> {
    writeln!(w, "%%MatrixMarket matrix array integer general")?;
    writeln!(w, "{} {}", a.rows(), a.cols())?;
    for j in 0..a.cols() {
        for i in 0..a.rows() {
            writeln!(w, "{}", a[(i, j)])?;
        }
    }
    Ok(())
}

/// Writes `a` as a Matrix Market `coordinate integer general` file (nonzeros only,
/// 1-based indices).
///
/// ```
/// let mut out = Vec::new();
/// exrank::io::write::matrix_market_coordinate(&mut out, &exrank::ZMatrix::identity(2)).unwrap();
/// assert!(String::from_utf8(out).unwrap().ends_with("2 2 2\n1 1 1\n2 2 1\n"));
/// ```
pub fn matrix_market_coordinate<W: Write>(w: &mut W, a: &ZMatrix) -> io::Result<()> {
    let nnz = a.as_slice().iter().filter(|x| **x != 0).count();
    writeln!(w, "%%MatrixMarket matrix coordinate integer general")?;
    writeln!(w, "{} {} {}", a.rows(), a.cols(), nnz)?;
    for i in 0..a.rows() {
        for (j, x) in a.row(i).iter().enumerate() {
            if *x != 0 {
                writeln!(w, "{} {} {}", i + 1, j + 1, x)?;
            }
        }
    }
    Ok(())
}
