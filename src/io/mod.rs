//! Matrix readers and writers. Each parser works on bytes; the file variant is a thin
//! wrapper that adds the file name to errors. The format is detected from content, with
//! the extension as a hint.
//!
//! Every reader yields a [`Parsed`] matrix: exact entries (a decimal such as `0.1` is
//! 1/10; a float64 from `.npy` is the exact dyadic rational it stores), dense or as
//! coordinates, so sparse inputs never materialise a dense copy.

pub mod npy;
pub mod write;

use crate::error::{ParseError, ParseErrorKind};
use crate::ZMatrix;
use rug::{Integer, Rational};

/// One exact entry: small integers stay unboxed (most files hold only those).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scalar {
    /// An integer that fits in i64.
    Int(i64),
    /// Any other rational (big integer, fraction, exact decimal, dyadic from a float).
    Rat(Rational),
}

impl Scalar {
    /// The exact value as a rug rational.
    ///
    /// ```
    /// assert_eq!(exrank::io::Scalar::Int(3).to_rational(), 3);
    /// ```
    pub fn to_rational(&self) -> Rational {
        match self {
            Scalar::Int(v) => Rational::from(*v),
            Scalar::Rat(q) => q.clone(),
        }
    }

    /// True for zero.
    ///
    /// ```
    /// assert!(exrank::io::Scalar::Int(0).is_zero());
    /// ```
    pub fn is_zero(&self) -> bool {
        match self {
            Scalar::Int(v) => *v == 0,
            Scalar::Rat(q) => *q == 0,
        }
    }
}

/// The entries of a parsed matrix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entries {
    /// Row-major, `rows * cols` entries.
    Dense(Vec<Scalar>),
    /// (row, col, value), 0-based; absent entries are zero. Duplicates are rejected by
    /// the readers, so each coordinate appears at most once.
    Coordinate(Vec<(usize, usize, Scalar)>),
}

/// A matrix as read from a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parsed {
    /// Number of rows.
    pub rows: usize,
    /// Number of columns.
    pub cols: usize,
    /// The entries.
    pub entries: Entries,
}

impl Parsed {
    /// The dense integer matrix with the same rank: each row scaled by the lcm of its
    /// denominators (see [`crate::QMatrix::to_zmatrix_rowwise`]).
    ///
    /// ```
    /// use exrank::io::{Parsed, Entries, Scalar};
    /// let p = Parsed { rows: 1, cols: 2, entries: Entries::Dense(vec![
    ///     Scalar::Rat(rug::Rational::from((1, 2))), Scalar::Int(1)]) };
    /// let z = p.to_zmatrix();
    /// assert_eq!((z[(0, 0)].to_i32(), z[(0, 1)].to_i32()), (Some(1), Some(2)));
    /// ```
    pub fn to_zmatrix(&self) -> ZMatrix {
        let mut q: Vec<Rational> = vec![Rational::new(); self.rows * self.cols];
        match &self.entries {
            Entries::Dense(v) => {
                for (d, s) in q.iter_mut().zip(v) {
                    *d = s.to_rational();
                }
            }
            Entries::Coordinate(t) => {
                for (i, j, s) in t {
                    q[i * self.cols + j] = s.to_rational();
                }
            }
        }
        let mut data = Vec::with_capacity(q.len());
        for i in 0..self.rows {
            let row = &q[i * self.cols..(i + 1) * self.cols];
            let mut lcm = Integer::from(1);
            for x in row {
                lcm.lcm_mut(x.denom());
            }
            for x in row {
                data.push(Integer::from(
                    x.numer() * Integer::from(lcm.div_exact_ref(x.denom())),
                ));
            }
        }
        ZMatrix::from_vec(self.rows, self.cols, data)
    }
}

/// Reads the plain-text format (one row per line, whitespace- or comma-separated integers;
/// `#` comments). Reference reader until the full set lands.
///
/// ```
/// let p = exrank::io::read_text(b"1 2\n3 4\n").unwrap();
/// assert_eq!((p.rows, p.cols), (2, 2));
/// ```
pub fn read_text(bytes: &[u8]) -> Result<Parsed, ParseError> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| ParseError::new(0, ParseErrorKind::BadNumber, "input is not UTF-8 text"))?;
    let mut rows: Vec<Vec<Scalar>> = Vec::new();
    for (ln, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("");
        let toks: Vec<&str> = line
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|t| !t.is_empty())
            .collect();
        if toks.is_empty() {
            continue;
        }
        let mut row = Vec::with_capacity(toks.len());
        for t in toks {
            let v: i64 = t.parse().map_err(|_| {
                ParseError::new(
                    ln + 1,
                    ParseErrorKind::BadNumber,
                    format!("`{t}` is not an integer"),
                )
            })?;
            row.push(Scalar::Int(v));
        }
        if let Some(first) = rows.first() {
            if first.len() != row.len() {
                return Err(ParseError::new(
                    ln + 1,
                    ParseErrorKind::Ragged,
                    format!(
                        "row has {} entries, the first row has {}",
                        row.len(),
                        first.len()
                    ),
                ));
            }
        }
        rows.push(row);
    }
    if rows.is_empty() {
        return Err(ParseError::new(
            0,
            ParseErrorKind::Empty,
            "no matrix rows in input",
        ));
    }
    let (m, n) = (rows.len(), rows[0].len());
    Ok(Parsed {
        rows: m,
        cols: n,
        entries: Entries::Dense(rows.into_iter().flatten().collect()),
    })
}

/// Reads a matrix file (`-` for standard input); errors name the file.
pub fn read_path(path: &str) -> Result<Parsed, ParseError> {
    let bytes = if path == "-" {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut v)
            .map_err(|e| ParseError::new(0, ParseErrorKind::Io, e.to_string()).in_file(path))?;
        v
    } else {
        std::fs::read(path).map_err(|e| {
            ParseError::new(0, ParseErrorKind::Io, format!("cannot read: {e}")).in_file(path)
        })?
    };
    read_text(&bytes).map_err(|e| e.in_file(path))
}
