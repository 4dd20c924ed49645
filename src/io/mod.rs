//! Matrix readers and writers. Each parser works on bytes ([`read_bytes`], or one
//! format's `read`); the file variant [`read_path`] is a thin wrapper that adds the file
//! name to errors. The format is detected from content, with the extension as a hint
//! ([`detect()`]).
//!
//! | format | module | shape from | entries |
//! |---|---|---|---|
//! | Matrix Market | [`matrix_market`] | header | integer, exact decimal, pattern |
//! | SMS | [`sms`] | header | integers (also `p/q`, decimals) |
//! | plain text / CSV | [`text`] | the rows | integers, `p/q`, exact decimals |
//! | NumPy | [`npy`] | header | int, float64 (exact dyadic) |
//!
//! Every reader yields a [`Parsed`] matrix: exact entries (a decimal such as `0.1` is
//! 1/10; a float64 from `.npy` is the exact dyadic rational it stores), dense or as
//! coordinates, so sparse inputs never materialise a dense copy.
//!
//! Bad input is an error naming the line, never a panic. A header is never trusted with
//! memory: shapes past [`MAX_DIMENSION`] or dense sizes past [`MAX_DENSE_ENTRIES`] are
//! refused before the body is read, and buffers grow with the entries actually read
//! (reservations are capped at [`RESERVE_CAP`]). Duplicated coordinates are rejected.

mod coordinates;
mod dense_scan;
#[cfg(test)]
mod dense_scan_tests;
pub mod detect;
pub(crate) mod lines;
pub mod matrix_market;
pub mod npy;
pub mod number;
pub mod sms;
pub mod text;
pub mod write;

pub use detect::{detect, Format};

use crate::error::{Error, ParseError, ParseErrorKind};
use crate::ZMatrix;
use rug::{Integer, Rational};

/// Largest accepted row or column count (2³² − 1). A coordinate matrix this large with a
/// few entries is fine; the cap only keeps index arithmetic downstream far from overflow.
pub const MAX_DIMENSION: usize = u32::MAX as usize;

/// Largest dense shape (rows × cols) a file may declare: 2²⁸ entries, several GB of text.
/// A header claiming more (say 10⁹ × 10⁹) is refused before reading the body.
pub const MAX_DENSE_ENTRIES: usize = 1 << 28;

/// Largest number of stored entries a coordinate header may declare (2³¹).
pub const MAX_STORED_ENTRIES: usize = 1 << 31;

/// Most elements reserved up front from a count a header declares; beyond it, buffers grow
/// as entries are read, so a lying header costs nothing.
pub const RESERVE_CAP: usize = 1 << 16;

/// Default limit for [`Parsed::to_zmatrix_checked`] in the CLI: 2²⁷ entries (a
/// 11585 × 11585 dense matrix, so the 10000 × 10000 case fits). As GMP integers that is
/// about 48 bytes an entry (6 GiB); `exrank rank` on a file of machine integers never
/// builds them ([`Entries::DenseInt`] goes to the engine as doubles, 16 bytes an entry
/// with the residues) but keeps the same limit, so both paths refuse the same files.
pub const DEFAULT_MAX_DENSE_ENTRIES: usize = 1 << 27;

/// Capacity to reserve for `declared` elements read from `input_len` bytes: never more
/// than [`RESERVE_CAP`], nor more than the input could hold (each entry takes at least two
/// bytes, a digit and a separator).
pub(crate) fn reserve_hint(declared: usize, input_len: usize) -> usize {
    declared.min(RESERVE_CAP).min(input_len / 2)
}

/// A header dimension: an unsigned integer at most [`MAX_DIMENSION`] (line 0; the caller
/// places it).
pub(crate) fn parse_dimension(tok: &[u8], what: &str) -> Result<usize, ParseError> {
    let bad = || {
        ParseError::new(
            0,
            ParseErrorKind::BadHeader,
            format!(
                "the number of {what} `{}` is not an unsigned integer",
                number::shown(tok)
            ),
        )
    };
    if tok.is_empty() || !tok.iter().all(u8::is_ascii_digit) {
        return Err(bad());
    }
    match number::parse(tok, number::Syntax::Integer) {
        Ok(Scalar::Int(v)) if v as u64 <= MAX_DIMENSION as u64 => Ok(v as usize),
        Ok(_) => Err(ParseError::new(
            0,
            ParseErrorKind::TooLarge,
            format!(
                "the number of {what} {} is past the limit of {MAX_DIMENSION}",
                number::shown(tok)
            ),
        )),
        Err(_) => Err(bad()),
    }
}

/// rows × cols for a dense body, refused past [`MAX_DENSE_ENTRIES`] (line 0).
pub(crate) fn dense_size(rows: usize, cols: usize) -> Result<usize, ParseError> {
    match rows.checked_mul(cols) {
        Some(n) if n <= MAX_DENSE_ENTRIES => Ok(n),
        _ => Err(ParseError::new(
            0,
            ParseErrorKind::TooLarge,
            format!(
                "the header declares a dense {rows}×{cols} matrix ({} entries), past the limit of {MAX_DENSE_ENTRIES} entries for a dense file; refused before reading",
                (rows as u128) * (cols as u128)
            ),
        )),
    }
}

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
    /// Row-major, `rows * cols` entries, at least one of them not a machine integer.
    Dense(Vec<Scalar>),
    /// Row-major, `rows * cols` machine integers: the compact form of `Dense` (8 bytes
    /// an entry instead of a [`Scalar`]'s 32), which is what lets a dense 10000 × 10000
    /// file be read and ranked in a few GiB. The readers build it whenever every entry is
    /// an integer fitting i64 (see [`Entries::dense`]), so the same matrix always reads
    /// to the same variant.
    DenseInt(Vec<i64>),
    /// (row, col, value), 0-based; absent entries are zero. Duplicates are rejected by
    /// the readers, so each coordinate appears at most once; the readers also drop
    /// explicit zeros and return the triples in (row, col) order.
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

impl Entries {
    /// Dense row-major entries in canonical form: [`Entries::DenseInt`] when every value
    /// is a machine integer, else [`Entries::Dense`].
    ///
    /// ```
    /// use exrank::io::{Entries, Scalar};
    /// assert_eq!(Entries::dense(vec![Scalar::Int(1), Scalar::Int(-2)]), Entries::DenseInt(vec![1, -2]));
    /// let half = Scalar::Rat(rug::Rational::from((1, 2)));
    /// assert!(matches!(Entries::dense(vec![Scalar::Int(1), half]), Entries::Dense(_)));
    /// ```
    pub fn dense(values: Vec<Scalar>) -> Entries {
        let ints: Option<Vec<i64>> = values
            .iter()
            .map(|x| match x {
                Scalar::Int(v) => Some(*v),
                Scalar::Rat(_) => None,
            })
            .collect();
        match ints {
            Some(v) => Entries::DenseInt(v),
            None => Entries::Dense(values),
        }
    }

    /// The dense entries as scalars, whichever dense variant holds them (a copy); `None`
    /// for coordinates.
    ///
    /// ```
    /// use exrank::io::{Entries, Scalar};
    /// assert_eq!(Entries::DenseInt(vec![4]).dense_scalars(), Some(vec![Scalar::Int(4)]));
    /// assert_eq!(Entries::Coordinate(vec![]).dense_scalars(), None);
    /// ```
    pub fn dense_scalars(&self) -> Option<Vec<Scalar>> {
        match self {
            Entries::Dense(v) => Some(v.clone()),
            Entries::DenseInt(v) => Some(v.iter().map(|&x| Scalar::Int(x)).collect()),
            Entries::Coordinate(_) => None,
        }
    }

    /// How many entries are stored: rows × cols when dense, the triples otherwise.
    ///
    /// ```
    /// assert_eq!(exrank::io::Entries::DenseInt(vec![0, 5]).len(), 2);
    /// ```
    pub fn len(&self) -> usize {
        match self {
            Entries::Dense(v) => v.len(),
            Entries::DenseInt(v) => v.len(),
            Entries::Coordinate(t) => t.len(),
        }
    }

    /// True when nothing is stored.
    ///
    /// ```
    /// assert!(exrank::io::Entries::Coordinate(vec![]).is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Parsed {
    /// The number of nonzero entries (explicit zeros in a file are not counted).
    ///
    /// ```
    /// let p = exrank::io::read_bytes(b"1 0\n0 3\n", None).unwrap();
    /// assert_eq!(p.nnz(), 2);
    /// ```
    pub fn nnz(&self) -> usize {
        match &self.entries {
            Entries::Dense(v) => v.iter().filter(|x| !x.is_zero()).count(),
            Entries::DenseInt(v) => v.iter().filter(|x| **x != 0).count(),
            Entries::Coordinate(t) => t.iter().filter(|(_, _, x)| !x.is_zero()).count(),
        }
    }

    /// The number of nonzero entries, counted only up to `cap`: `min(nnz, cap)`. Enough
    /// for a threshold test such as [`crate::sparse::prefers_sparse`] (monotone in the
    /// count) without reading every entry of a dense matrix.
    ///
    /// ```
    /// let p = exrank::io::read_bytes(b"1 2 0\n3 4 5\n", None).unwrap();
    /// assert_eq!((p.nnz_capped(3), p.nnz_capped(9)), (3, 5));
    /// ```
    pub fn nnz_capped(&self, cap: usize) -> usize {
        match &self.entries {
            Entries::Dense(v) => v.iter().filter(|x| !x.is_zero()).take(cap).count(),
            Entries::DenseInt(v) => v.iter().filter(|x| **x != 0).take(cap).count(),
            Entries::Coordinate(t) => t.iter().filter(|(_, _, x)| !x.is_zero()).take(cap).count(),
        }
    }

    /// The factor [`Parsed::to_zmatrix`] multiplies each row by: the lcm of the row's
    /// denominators (1 for an all-integer row). One pass over the entries; callers that
    /// need to undo the scaling (the value of a minor of the matrix as given) use these.
    ///
    /// ```
    /// use exrank::io::{Parsed, Entries, Scalar};
    /// let half = Scalar::Rat(rug::Rational::from((1, 2)));
    /// let third = Scalar::Rat(rug::Rational::from((1, 3)));
    /// let p = Parsed { rows: 3, cols: 2, entries: Entries::Coordinate(vec![
    ///     (0, 0, half.clone()), (0, 1, third), (2, 1, half), (1, 0, Scalar::Int(4))]) };
    /// assert_eq!(p.row_scales(), vec![6, 1, 2]);
    /// ```
    pub fn row_scales(&self) -> Vec<Integer> {
        let mut scales = vec![Integer::from(1); self.rows];
        let mut take = |i: usize, s: &Scalar| {
            if let Scalar::Rat(q) = s {
                scales[i].lcm_mut(q.denom());
            }
        };
        match &self.entries {
            Entries::Dense(v) => {
                for (i, row) in v.chunks(self.cols.max(1)).enumerate() {
                    row.iter().for_each(|s| take(i, s));
                }
            }
            Entries::DenseInt(_) => {}
            Entries::Coordinate(t) => t.iter().for_each(|(i, _, s)| take(*i, s)),
        }
        scales
    }

    /// The dense integer matrix with the same rank: each row scaled by the lcm of its
    /// denominators (see [`crate::QMatrix::to_zmatrix_rowwise`]). Allocates rows × cols
    /// entries whatever the input: for files, prefer [`Parsed::to_zmatrix_checked`].
    ///
    /// ```
    /// use exrank::io::{Parsed, Entries, Scalar};
    /// let p = Parsed { rows: 1, cols: 2, entries: Entries::Dense(vec![
    ///     Scalar::Rat(rug::Rational::from((1, 2))), Scalar::Int(1)]) };
    /// let z = p.to_zmatrix();
    /// assert_eq!((z[(0, 0)].to_i32(), z[(0, 1)].to_i32()), (Some(1), Some(2)));
    /// ```
    pub fn to_zmatrix(&self) -> ZMatrix {
        let (m, n) = (self.rows, self.cols);
        let t = match &self.entries {
            Entries::Dense(v) => return dense_to_zmatrix(m, n, v),
            Entries::DenseInt(v) => return integers_to_zmatrix(m, n, v),
            Entries::Coordinate(t) => t,
        };
        let scales = self.row_scales();
        let mut data: Vec<Integer> = Vec::with_capacity(m * n);
        // Row by row, in (row, col) order, whatever order the triples came in.
        let mut order: Vec<usize> = (0..t.len()).collect();
        order.sort_unstable_by_key(|&k| (t[k].0, t[k].1));
        let mut next = 0;
        for (i, scale) in scales.iter().enumerate() {
            let start = next;
            while next < order.len() && t[order[next]].0 == i {
                next += 1;
            }
            let row = order[start..next].iter().map(|&k| (t[k].1, &t[k].2));
            push_scaled_row(&mut data, n, scale, row);
        }
        ZMatrix::from_vec(m, n, data)
    }

    /// [`Parsed::to_zmatrix`], refused with [`Error::TooLarge`] when rows × cols exceeds
    /// `max_entries` (the CLI uses [`DEFAULT_MAX_DENSE_ENTRIES`]): a 10⁶ × 10⁶ coordinate
    /// file with a handful of entries reads fine, but must not silently become 10¹²
    /// dense big integers.
    ///
    /// ```
    /// let p = exrank::io::read_bytes(b"1000000 1000000 M\n5 7 1\n0 0 0\n", None).unwrap();
    /// assert_eq!(p.nnz(), 1);
    /// let e = p.to_zmatrix_checked(1 << 20).unwrap_err();
    /// assert!(e.to_string().contains("1000000×1000000"));
    /// assert_eq!(exrank::io::read_bytes(b"1 2\n", None).unwrap().to_zmatrix_checked(4).unwrap().cols(), 2);
    /// ```
    pub fn to_zmatrix_checked(&self, max_entries: usize) -> Result<ZMatrix, Error> {
        self.check_dense_size(max_entries)?;
        Ok(self.to_zmatrix())
    }

    /// The refusal of [`Parsed::to_zmatrix_checked`] alone: [`Error::TooLarge`] when
    /// rows × cols exceeds `max_entries`, for callers that go dense without GMP.
    ///
    /// ```
    /// let p = exrank::io::read_bytes(b"1 2\n3 4\n", None).unwrap();
    /// assert!(p.check_dense_size(4).is_ok());
    /// assert!(p.check_dense_size(3).is_err());
    /// ```
    pub fn check_dense_size(&self, max_entries: usize) -> Result<(), Error> {
        match self.rows.checked_mul(self.cols) {
            Some(cells) if cells <= max_entries => Ok(()),
            _ => Err(Error::TooLarge(format!(
                "a {}×{} matrix ({} nonzero entries) would need {} dense entries, past the limit of {max_entries}",
                self.rows,
                self.cols,
                self.nnz(),
                (self.rows as u128) * (self.cols as u128)
            ))),
        }
    }
}

/// The dense branch of [`Parsed::to_zmatrix`], rows in parallel
/// ([`ZMatrix::from_rows_par`]): each task finds its row's scale itself, and a row of
/// integers (scale 1) copies its values without a multiplication.
fn dense_to_zmatrix(m: usize, n: usize, v: &[Scalar]) -> ZMatrix {
    ZMatrix::from_rows_par(m, n, |i, out| {
        let row = &v[i * n..(i + 1) * n];
        let mut lcm = Integer::from(1);
        for x in row {
            if let Scalar::Rat(q) = x {
                lcm.lcm_mut(q.denom());
            }
        }
        let unscaled = lcm == 1;
        for (o, x) in out.iter_mut().zip(row) {
            *o = match x {
                Scalar::Int(0) => continue,
                Scalar::Int(k) if unscaled => Integer::from(*k),
                Scalar::Int(k) => Integer::from(*k) * &lcm,
                Scalar::Rat(q) if unscaled => q.numer().clone(),
                Scalar::Rat(q) => q.numer() * Integer::from(lcm.div_exact_ref(q.denom())),
            };
        }
    })
}

/// The [`Entries::DenseInt`] branch of [`Parsed::to_zmatrix`]: rows in parallel, zeros
/// left unallocated.
fn integers_to_zmatrix(m: usize, n: usize, v: &[i64]) -> ZMatrix {
    ZMatrix::from_rows_par(m, n, |i, out| {
        for (o, &x) in out.iter_mut().zip(&v[i * n..(i + 1) * n]) {
            if x != 0 {
                *o = Integer::from(x);
            }
        }
    })
}

/// Appends one row of `n` integers: the entries (column, value) multiplied by `lcm` (the
/// row's scale from [`Parsed::row_scales`]), zeros elsewhere.
fn push_scaled_row<'a>(
    data: &mut Vec<Integer>,
    n: usize,
    lcm: &Integer,
    row: impl Iterator<Item = (usize, &'a Scalar)>,
) {
    let start = data.len();
    data.resize(start + n, Integer::new());
    for (j, x) in row {
        data[start + j] = match x {
            Scalar::Int(v) => Integer::from(*v) * lcm,
            Scalar::Rat(q) => q.numer() * Integer::from(lcm.div_exact_ref(q.denom())),
        };
    }
}

/// Reads a matrix from bytes in any supported format, detected by [`detect()`] (`hint`: a
/// file name whose extension helps when the content does not decide).
///
/// ```
/// let p = exrank::io::read_bytes(b"%%MatrixMarket matrix array real general\n1 2\n0.1\n2\n", None).unwrap();
/// assert_eq!(p.to_zmatrix().row(0)[1], 20); // [1/10, 2] scaled by 10
/// ```
pub fn read_bytes(bytes: &[u8], hint: Option<&str>) -> Result<Parsed, ParseError> {
    let format = detect(bytes, hint);
    if format == Format::Npy {
        return npy::read(bytes);
    }
    let text = detect::skip_bom(bytes);
    match format {
        Format::MatrixMarket => matrix_market::read(text),
        Format::Sms => sms::read(text),
        Format::Text | Format::Npy => text::read(text),
    }
}

/// Reads the plain-text format only (one row per line; see [`text`]). Kept for callers
/// that know their input is text; [`read_bytes`] detects the format.
///
/// ```
/// let p = exrank::io::read_text(b"1 2\n3 4\n").unwrap();
/// assert_eq!((p.rows, p.cols), (2, 2));
/// ```
pub fn read_text(bytes: &[u8]) -> Result<Parsed, ParseError> {
    text::read(bytes)
}

/// Reads a matrix file in any supported format (`-` for standard input); errors name the
/// file.
///
/// ```
/// let e = exrank::io::read_path("/nonexistent/m.mtx").unwrap_err();
/// assert!(e.to_string().starts_with("/nonexistent/m.mtx: cannot read"));
/// ```
pub fn read_path(path: &str) -> Result<Parsed, ParseError> {
    let bytes = if path == "-" {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut v).map_err(|e| {
            ParseError::new(0, ParseErrorKind::Io, format!("cannot read: {e}")).in_file(path)
        })?;
        v
    } else {
        std::fs::read(path).map_err(|e| {
            ParseError::new(0, ParseErrorKind::Io, format!("cannot read: {e}")).in_file(path)
        })?
    };
    let hint = (path != "-").then_some(path);
    read_bytes(&bytes, hint).map_err(|e| e.in_file(path))
}
