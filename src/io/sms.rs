//! SMS reader: the sparse integer format of LinBox and the sparse integer matrix
//! collections. A header `rows cols M`, then 1-based `i j v` triples, one per line, then
//! the terminator `0 0 0`:
//!
//! ```text
//! 3 3 M
//! 1 1 2
//! 3 2 -5
//! 0 0 0
//! ```
//!
//! Values are exact integers of any size; `p/q` and exact decimals are accepted too (the
//! shared number syntax). Like the Matrix Market reader, this one refuses with the line:
//! an index of zero, negative or past the header's shape; a **duplicated coordinate
//! (rejected, not summed)**; a line that is not three tokens; a missing terminator; and
//! anything but blank lines after it. Dimensions past [`super::MAX_DIMENSION`] are refused
//! before reading the body; the body is the only thing that makes memory grow.

use super::coordinates::{Collector, Mirror, Triples};
use super::dense_scan::{self, Next};
use super::lines::{first_tokens, is_blank, last_line, numbered, offset_after, tokens};
use super::matrix_market::parse_index;
use super::number::{self, Syntax};
use super::{parse_dimension, Entries, Parsed, Scalar, MAX_STORED_ENTRIES};
use crate::error::{ParseError, ParseErrorKind};

/// True when `line` has the shape of an SMS header (`unsigned unsigned M`); detection uses
/// it.
///
/// ```
/// assert!(exrank::io::sms::looks_like_header(b"10 20 M"));
/// assert!(!exrank::io::sms::looks_like_header(b"10 20 30"));
/// ```
pub fn looks_like_header(line: &[u8]) -> bool {
    let t: Vec<&[u8]> = tokens(line).collect();
    t.len() == 3 && t[2] == b"M" && t[..2].iter().all(|x| x.iter().all(u8::is_ascii_digit))
}

/// Reads an SMS file's bytes.
///
/// ```
/// let p = exrank::io::sms::read(b"2 3 M\n1 3 7\n2 1 -1/2\n0 0 0\n").unwrap();
/// assert_eq!((p.rows, p.cols, p.nnz()), (2, 3, 2));
/// assert!(exrank::io::sms::read(b"2 3 M\n1 4 7\n0 0 0\n").is_err()); // column 4 of 3
/// ```
pub fn read(bytes: &[u8]) -> Result<Parsed, ParseError> {
    read_with(bytes, true)
}

/// [`read`] without the one-pass scan: the reference the scan is tested against.
#[cfg(test)]
pub(crate) fn read_line_by_line(bytes: &[u8]) -> Result<Parsed, ParseError> {
    read_with(bytes, false)
}

fn read_with(bytes: &[u8], fast: bool) -> Result<Parsed, ParseError> {
    let mut lines = numbered(bytes).filter(|(_, l)| !is_blank(l));
    let (head_no, head) = match lines.next() {
        None => return Err(ParseError::new(1, ParseErrorKind::Empty, "empty input")),
        Some(l) => l,
    };
    let h: Vec<&[u8]> = tokens(head).collect();
    if h.len() != 3 || h[2] != b"M" {
        return Err(ParseError::new(
            head_no,
            ParseErrorKind::BadHeader,
            "expected the SMS header `rows cols M`",
        ));
    }
    let rows = parse_dimension(h[0], "rows").map_err(|e| e.at_line(head_no))?;
    let cols = parse_dimension(h[1], "columns").map_err(|e| e.at_line(head_no))?;
    let body = &bytes[offset_after(bytes, head)..];
    if let Some(entries) = fast
        .then(|| scan_body(body, head_no + 1, rows, cols))
        .flatten()
    {
        return Ok(Parsed {
            rows,
            cols,
            entries: Entries::Coordinate(entries?),
        });
    }
    read_lines(lines, rows, cols, bytes)
}

/// The fast path ([`dense_scan::scan_triples`]): `None` when any line needs the general
/// loop of [`read_lines`] (which then names the line and the problem); otherwise the
/// entries, or the duplicate that [`Collector::finish`] finds, reported exactly as the
/// general loop would (the collector sees the same entries and lines).
fn scan_body(
    body: &[u8],
    first_line: usize,
    rows: usize,
    cols: usize,
) -> Option<Result<Triples, ParseError>> {
    let mut entries = Collector::with_capacity(0);
    let mut terminated = false;
    let in_range = |k: i64, bound: usize| k >= 1 && k as u64 <= bound as u64;
    let end =
        dense_scan::scan_triples(body, first_line, true, Syntax::Any, |i, j, line, v, tok| {
            if i == 0 && j == 0 && is_zero_token(tok) {
                terminated = true;
                return Next::Stop;
            }
            if !in_range(i, rows) || !in_range(j, cols) || entries.len() >= MAX_STORED_ENTRIES {
                return Next::GiveUp;
            }
            entries.push(i as usize - 1, j as usize - 1, line, v);
            Next::Go
        })?;
    (terminated && is_blank(&body[end..])).then(|| entries.finish(Mirror::None))
}

/// The line-by-line reader of the body after the header.
fn read_lines<'a>(
    mut lines: impl Iterator<Item = (usize, &'a [u8])>,
    rows: usize,
    cols: usize,
    bytes: &[u8],
) -> Result<Parsed, ParseError> {
    let mut entries = Collector::with_capacity(0);
    let mut terminated = false;
    for (no, line) in lines.by_ref() {
        let (t, found) = first_tokens::<3>(line);
        if found != 3 {
            return Err(ParseError::new(
                no,
                ParseErrorKind::BadLine,
                format!("expected `i j value` (3 tokens), found {found} tokens"),
            ));
        }
        if is_zero_token(t[0]) && is_zero_token(t[1]) {
            if !is_zero_token(t[2]) {
                return Err(ParseError::new(
                    no,
                    ParseErrorKind::IndexOutOfRange,
                    "indices are 1-based; `0 0` is only allowed in the terminator `0 0 0`",
                ));
            }
            terminated = true;
            break;
        }
        let i = parse_index(t[0], rows, "row").map_err(|e| e.at_line(no))?;
        let j = parse_index(t[1], cols, "column").map_err(|e| e.at_line(no))?;
        let v = number::parse(t[2], Syntax::Any).map_err(|e| e.at_line(no))?;
        if entries.len() >= MAX_STORED_ENTRIES {
            return Err(ParseError::new(
                no,
                ParseErrorKind::TooLarge,
                format!("more than {MAX_STORED_ENTRIES} entries, the limit for a coordinate file"),
            ));
        }
        entries.push(i, j, no, v);
    }
    if !terminated {
        return Err(ParseError::new(
            last_line(bytes),
            ParseErrorKind::CountMismatch,
            "input ends without the `0 0 0` terminator (truncated file?)",
        ));
    }
    if let Some((no, _)) = lines.next() {
        return Err(ParseError::new(
            no,
            ParseErrorKind::CountMismatch,
            "data after the `0 0 0` terminator",
        ));
    }
    Ok(Parsed {
        rows,
        cols,
        entries: Entries::Coordinate(entries.finish(Mirror::None)?),
    })
}

fn is_zero_token(t: &[u8]) -> bool {
    matches!(number::parse(t, Syntax::Integer), Ok(Scalar::Int(0)))
}
