//! Writers: Matrix Market (coordinate or array, integer), SMS and plain text, so any
//! matrix exrank builds can be handed to other tools and read back exactly. The SMS and
//! text writers take a [`Parsed`] so rational entries survive (`p/q`, which both readers
//! accept); every writer's output reads back to the same matrix.

use super::{Entries, Parsed, Scalar};
use crate::ZMatrix;
use std::borrow::Cow;
use std::io::{self, Write};

impl From<&ZMatrix> for Parsed {
    /// The dense [`Parsed`] form of an integer matrix (entries that fit in i64 stay small;
    /// canonical, as [`Entries::dense`]).
    ///
    /// ```
    /// let p = exrank::io::Parsed::from(&exrank::ZMatrix::identity(3));
    /// assert_eq!((p.rows, p.nnz()), (3, 3));
    /// ```
    fn from(a: &ZMatrix) -> Parsed {
        let entries = a
            .as_slice()
            .iter()
            .map(|x| match x.to_i64() {
                Some(v) => Scalar::Int(v),
                None => Scalar::Rat(rug::Rational::from(x)),
            })
            .collect();
        Parsed {
            rows: a.rows(),
            cols: a.cols(),
            entries: Entries::dense(entries),
        }
    }
}

/// The nonzero entries of `p` as (row, col, value), 0-based, in row-major order.
fn nonzeros(p: &Parsed) -> Vec<(usize, usize, Cow<'_, Scalar>)> {
    let at = |k: usize| (k / p.cols.max(1), k % p.cols.max(1));
    let mut out: Vec<(usize, usize, Cow<Scalar>)> = match &p.entries {
        Entries::Dense(v) => v
            .iter()
            .enumerate()
            .filter(|(_, x)| !x.is_zero())
            .map(|(k, x)| (at(k).0, at(k).1, Cow::Borrowed(x)))
            .collect(),
        Entries::DenseInt(v) => v
            .iter()
            .enumerate()
            .filter(|(_, x)| **x != 0)
            .map(|(k, x)| (at(k).0, at(k).1, Cow::Owned(Scalar::Int(*x))))
            .collect(),
        Entries::Coordinate(t) => t
            .iter()
            .filter(|(_, _, x)| !x.is_zero())
            .map(|(i, j, x)| (*i, *j, Cow::Borrowed(x)))
            .collect(),
    };
    out.sort_unstable_by_key(|&(i, j, _)| (i, j));
    out
}

fn scalar_text(x: &Scalar) -> String {
    match x {
        Scalar::Int(v) => v.to_string(),
        Scalar::Rat(q) => q.to_string(), // `p/q`, or `p` when the denominator is 1
    }
}

/// Writes `p` in SMS format (`rows cols M`, 1-based `i j v` for each nonzero in row-major
/// order, `0 0 0`). Rational entries are written as `p/q`, which [`super::sms`] reads.
///
/// ```
/// let p = exrank::io::Parsed::from(&exrank::ZMatrix::from_i64_rows(&[vec![0, 5], vec![-2, 0]]).unwrap());
/// let mut out = Vec::new();
/// exrank::io::write::sms(&mut out, &p).unwrap();
/// assert_eq!(String::from_utf8(out).unwrap(), "2 2 M\n1 2 5\n2 1 -2\n0 0 0\n");
/// ```
pub fn sms<W: Write>(w: &mut W, p: &Parsed) -> io::Result<()> {
    writeln!(w, "{} {} M", p.rows, p.cols)?;
    for (i, j, x) in nonzeros(p) {
        writeln!(w, "{} {} {}", i + 1, j + 1, scalar_text(&x))?;
    }
    writeln!(w, "0 0 0")
}

/// Writes `p` as plain text: one row per line, entries separated by a space, rationals as
/// `p/q`. A matrix with no columns has no text form (the reader would see no rows), so
/// that is an `InvalidInput` error rather than a file that reads back differently.
///
/// ```
/// let p = exrank::io::read_bytes(b"1/2 0\n3 -4\n", None).unwrap();
/// let mut out = Vec::new();
/// exrank::io::write::text(&mut out, &p).unwrap();
/// assert_eq!(String::from_utf8(out).unwrap(), "1/2 0\n3 -4\n");
/// ```
pub fn text<W: Write>(w: &mut W, p: &Parsed) -> io::Result<()> {
    if p.rows == 0 || p.cols == 0 {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("a {}×{} matrix has no plain-text form", p.rows, p.cols),
        ));
    }
    let mut row = vec![String::from("0"); p.cols];
    let nz = nonzeros(p);
    let mut next = 0;
    for i in 0..p.rows {
        row.iter_mut().for_each(|s| *s = String::from("0"));
        while next < nz.len() && nz[next].0 == i {
            row[nz[next].1] = scalar_text(&nz[next].2);
            next += 1;
        }
        writeln!(w, "{}", row.join(" "))?;
    }
    Ok(())
}

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
