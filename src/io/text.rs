//! Plain text / CSV reader: one matrix row per line, entries separated by whitespace or
//! commas. Entries are integers of any size, fractions `p/q` or exact decimals (`0.1` is
//! 1/10, `2.5e-3`). `#` starts a comment that runs to the end of the line; blank lines
//! are skipped.
//!
//! ```text
//! # a 2x3 matrix
//! 1, 2, 3
//! 1/2  0.25  -7e2
//! ```
//!
//! Refused, with the line: a row whose length differs from the first row's (the message
//! gives both counts), a token that is not a number, an empty CSV field (`1,,2` or a
//! trailing comma: a missing value is not a zero), and an input with no rows at all. The
//! shape comes from the data itself, so memory grows only with the input, and stops at
//! [`super::MAX_DENSE_ENTRIES`] entries.

use super::dense_scan;
use super::lines::numbered;
use super::number::{self, Syntax};
use super::{Entries, Parsed, Scalar, MAX_DENSE_ENTRIES};
use crate::error::{ParseError, ParseErrorKind};

/// Reads plain text / CSV bytes.
///
/// ```
/// let p = exrank::io::text::read(b"1, 2\n1/2 0.5  # halves\n").unwrap();
/// assert_eq!((p.rows, p.cols, p.nnz()), (2, 2, 4));
/// let e = exrank::io::text::read(b"1 2\n3\n").unwrap_err();
/// assert_eq!(e.line, 2);
/// ```
pub fn read(bytes: &[u8]) -> Result<Parsed, ParseError> {
    // One pass with no per-line allocation; anything unusual (including every error) is
    // left to the line-by-line reader below.
    if let Some((values, rows, cols)) = dense_scan::scan_rows(bytes, MAX_DENSE_ENTRIES) {
        return Ok(Parsed {
            rows,
            cols,
            entries: values,
        });
    }
    read_lines(bytes)
}

/// The line-by-line reader: every input the fast scan does not take, and every error.
pub(crate) fn read_lines(bytes: &[u8]) -> Result<Parsed, ParseError> {
    let mut values: Vec<Scalar> = Vec::new();
    let mut shape: Option<(usize, usize)> = None; // (columns, line of the first row)
    let mut rows = 0usize;
    for (no, line) in numbered(bytes) {
        let line = match line.iter().position(|&b| b == b'#') {
            Some(k) => &line[..k],
            None => line,
        };
        let before = values.len();
        let fields: Vec<&[u8]> = line.split(|&b| b == b',').collect();
        let csv = fields.len() > 1;
        for field in fields {
            let mut toks = field
                .split(|b| b.is_ascii_whitespace())
                .filter(|t| !t.is_empty())
                .peekable();
            if csv && toks.peek().is_none() {
                return Err(ParseError::new(
                    no,
                    ParseErrorKind::BadLine,
                    "empty field between commas (a missing value is not a zero)",
                ));
            }
            for tok in toks {
                values.push(number::parse(tok, Syntax::Any).map_err(|e| e.at_line(no))?);
            }
        }
        let count = values.len() - before;
        if count == 0 {
            continue;
        }
        match shape {
            None => shape = Some((count, no)),
            Some((cols, first)) if cols != count => {
                return Err(ParseError::new(
                    no,
                    ParseErrorKind::Ragged,
                    format!("row has {count} entries, the first row (line {first}) has {cols}"),
                ));
            }
            Some(_) => {}
        }
        rows += 1;
        if values.len() > MAX_DENSE_ENTRIES {
            return Err(ParseError::new(
                no,
                ParseErrorKind::TooLarge,
                format!("more than {MAX_DENSE_ENTRIES} entries, the limit for a dense file"),
            ));
        }
    }
    let (cols, _) = shape
        .ok_or_else(|| ParseError::new(1, ParseErrorKind::Empty, "empty input: no matrix rows"))?;
    Ok(Parsed {
        rows,
        cols,
        entries: Entries::dense(values),
    })
}
