//! Matrix Market reader (`%%MatrixMarket matrix <format> <field> <symmetry>`).
//!
//! Supported: format `array` (dense, column-major) and `coordinate` (1-based `i j v`);
//! field `integer`, `real` (also spelled `double`) and `pattern` (every listed entry is 1;
//! coordinate only); symmetry `general`, `symmetric` and `skew-symmetric`. `complex`,
//! `hermitian` and `vector` objects are refused as [`ParseErrorKind::Unsupported`]: exrank
//! works over Q. Header words are case-insensitive, as in most readers.
//!
//! Choices this reader makes, each refused with the line it happened on:
//! - A `real` entry is the exact decimal it spells (`0.1` is 1/10), never a float; an
//!   `integer` entry must be an integer.
//! - `symmetric` and `skew-symmetric` files store the lower triangle only (the standard
//!   says so): an entry above the diagonal is an error, not silently mirrored twice. The
//!   reader mirrors each entry (with a sign change for skew-symmetric). A skew-symmetric
//!   diagonal must be zero: an explicit `0` there is accepted, anything else refused.
//! - **Duplicated coordinates are rejected**, not summed: two lines for the same cell are
//!   far more often a broken file than an intended sum, and summing would hide it.
//! - The body must hold exactly the number of entries the header declares, and nothing
//!   else (blank lines are skipped; `%` comment lines are allowed anywhere).
//! - Sizes from the header are checked before anything is allocated: dimensions past
//!   [`super::MAX_DIMENSION`], a dense shape past [`super::MAX_DENSE_ENTRIES`] or an entry
//!   count past [`super::MAX_STORED_ENTRIES`] (or past the number of cells) are refused;
//!   memory grows with what the body really holds, never with what the header claims.

use super::coordinates::{Collector, Mirror, Triples};
use super::dense_scan::{self, Next};
use super::lines::{first_tokens, is_blank, last_line, numbered, offset_after, tokens};
use super::number::{self, Syntax};
use super::MAX_STORED_ENTRIES;
use super::{dense_size, parse_dimension, reserve_hint, Entries, Parsed, Scalar};
use crate::error::{ParseError, ParseErrorKind};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Layout {
    Array,
    Coordinate,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Field {
    Integer,
    Real,
    Pattern,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Symmetry {
    General,
    Symmetric,
    SkewSymmetric,
}

impl std::fmt::Display for Symmetry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Symmetry::General => "general",
            Symmetry::Symmetric => "symmetric",
            Symmetry::SkewSymmetric => "skew-symmetric",
        })
    }
}

/// Reads a Matrix Market file's bytes.
///
/// ```
/// let text = b"%%MatrixMarket matrix coordinate real symmetric\n2 2 2\n1 1 0.5\n2 1 3\n";
/// let p = exrank::io::matrix_market::read(text).unwrap();
/// assert_eq!((p.rows, p.cols, p.nnz()), (2, 2, 3)); // (2,1) is mirrored to (1,2)
/// assert!(exrank::io::matrix_market::read(b"%%MatrixMarket matrix array integer general\n2 2\n1\n").is_err());
/// ```
pub fn read(bytes: &[u8]) -> Result<Parsed, ParseError> {
    read_with(bytes, true)
}

/// [`read`] without the fast path for `array general` bodies: the reference the fast path
/// is tested against.
#[cfg(test)]
pub(crate) fn read_line_by_line(bytes: &[u8]) -> Result<Parsed, ParseError> {
    read_with(bytes, false)
}

fn read_with(bytes: &[u8], fast: bool) -> Result<Parsed, ParseError> {
    let mut lines = numbered(bytes).peekable();
    let (header_no, header) = match lines.next() {
        None => return Err(ParseError::new(1, ParseErrorKind::Empty, "empty input")),
        Some(l) => l,
    };
    let (layout, field, symmetry) = parse_banner(header).map_err(|e| e.at_line(header_no))?;

    // The size line: the first line that is neither a comment nor blank.
    let (size_no, size_line) = loop {
        match lines.next() {
            None => {
                return Err(ParseError::new(
                    header_no,
                    ParseErrorKind::BadHeader,
                    "the size line is missing after the %%MatrixMarket header",
                ))
            }
            Some((_, l)) if l.starts_with(b"%") || is_blank(l) => continue,
            Some(l) => break l,
        }
    };
    let size: Vec<&[u8]> = tokens(size_line).collect();
    let want = match layout {
        Layout::Array => 2,
        Layout::Coordinate => 3,
    };
    if size.len() != want {
        let what = match layout {
            Layout::Array => "`rows cols`",
            Layout::Coordinate => "`rows cols entries`",
        };
        return Err(ParseError::new(
            size_no,
            ParseErrorKind::BadHeader,
            format!(
                "the size line must be {what} ({want} numbers), found {} tokens",
                size.len()
            ),
        ));
    }
    let rows = parse_dimension(size[0], "rows").map_err(|e| e.at_line(size_no))?;
    let cols = parse_dimension(size[1], "columns").map_err(|e| e.at_line(size_no))?;
    if symmetry != Symmetry::General && rows != cols {
        return Err(ParseError::new(
            size_no,
            ParseErrorKind::BadHeader,
            format!("a {symmetry} matrix must be square, the header says {rows}×{cols}"),
        ));
    }
    let syntax = match field {
        Field::Integer => Syntax::Integer,
        Field::Real | Field::Pattern => Syntax::Decimal,
    };
    // One-pass scans of the body for the common shapes; `None` means the general
    // line-by-line readers below decide (they own every error message).
    let body_bytes = &bytes[offset_after(bytes, size_line)..];
    if fast && layout == Layout::Array && symmetry == Symmetry::General {
        let cells = dense_size(rows, cols).map_err(|e| e.at_line(size_no))?;
        if let Some(dense) = scan_general_array(body_bytes, rows, cols, cells, syntax) {
            return Ok(Parsed {
                rows,
                cols,
                entries: dense,
            });
        }
    }
    let body = lines.filter(|(_, l)| !l.starts_with(b"%") && !is_blank(l));
    match layout {
        Layout::Array => read_array(body, rows, cols, symmetry, syntax, size_no, bytes),
        Layout::Coordinate => {
            let declared = parse_dimension(size[2], "entries").map_err(|e| e.at_line(size_no))?;
            let shape = Shape {
                rows,
                cols,
                declared,
                field,
                symmetry,
                syntax,
            };
            check_coordinate_header(&shape, size_no)?;
            if fast {
                if let Some(entries) = scan_coordinate(body_bytes, size_no + 1, &shape) {
                    return Ok(Parsed {
                        rows,
                        cols,
                        entries: Entries::Coordinate(entries?),
                    });
                }
            }
            read_coordinate(body, &shape, bytes)
        }
    }
}

fn parse_banner(line: &[u8]) -> Result<(Layout, Field, Symmetry), ParseError> {
    let words: Vec<String> = tokens(line)
        .map(|t| String::from_utf8_lossy(t).to_ascii_lowercase())
        .collect();
    let header_err = |m: String| ParseError::new(0, ParseErrorKind::BadHeader, m);
    if words.first().map(String::as_str) != Some("%%matrixmarket") {
        return Err(header_err(
            "expected a `%%MatrixMarket matrix <format> <field> <symmetry>` header".into(),
        ));
    }
    if words.len() != 5 {
        return Err(header_err(format!(
            "the header must have 5 words (`%%MatrixMarket matrix <format> <field> <symmetry>`), found {}",
            words.len()
        )));
    }
    if words[1] != "matrix" {
        return Err(ParseError::new(
            0,
            ParseErrorKind::Unsupported,
            format!(
                "object `{}` is not supported, only `matrix`",
                number::shown(words[1].as_bytes())
            ),
        ));
    }
    let layout = match words[2].as_str() {
        "array" => Layout::Array,
        "coordinate" => Layout::Coordinate,
        w => {
            return Err(header_err(format!(
                "format `{}` is not `array` or `coordinate`",
                number::shown(w.as_bytes())
            )))
        }
    };
    let field = match words[3].as_str() {
        "integer" => Field::Integer,
        "real" | "double" => Field::Real,
        "pattern" => Field::Pattern,
        "complex" => {
            return Err(ParseError::new(
                0,
                ParseErrorKind::Unsupported,
                "field `complex` is not supported: exrank computes rank over Q (integer, real, pattern)",
            ))
        }
        w => {
            return Err(header_err(format!(
                "field `{}` is not integer, real or pattern",
                number::shown(w.as_bytes())
            )))
        }
    };
    let symmetry = match words[4].as_str() {
        "general" => Symmetry::General,
        "symmetric" => Symmetry::Symmetric,
        "skew-symmetric" => Symmetry::SkewSymmetric,
        "hermitian" => {
            return Err(ParseError::new(
                0,
                ParseErrorKind::Unsupported,
                "symmetry `hermitian` is not supported: it needs complex entries",
            ))
        }
        w => {
            return Err(header_err(format!(
                "symmetry `{}` is not general, symmetric or skew-symmetric",
                number::shown(w.as_bytes())
            )))
        }
    };
    if layout == Layout::Array && field == Field::Pattern {
        return Err(header_err(
            "`pattern` is only defined for the `coordinate` format".into(),
        ));
    }
    Ok((layout, field, symmetry))
}

/// The cells an `array` body lists, column by column, as (row, col).
fn array_cells(
    rows: usize,
    cols: usize,
    symmetry: Symmetry,
) -> impl Iterator<Item = (usize, usize)> {
    (0..cols).flat_map(move |j| {
        let first = match symmetry {
            Symmetry::General => 0,
            Symmetry::Symmetric => j,
            Symmetry::SkewSymmetric => j + 1,
        };
        (first..rows).map(move |i| (i, j))
    })
}

/// The fast path for a `general` array body ([`dense_scan::scan_stream`]): values go
/// straight to their row-major cells. `None` sends the caller to [`read_array`], which
/// reads what is valid and names the line of what is not. The `cells` entries are
/// allocated only when the body is long enough to hold them (each entry takes at least one
/// byte and a separator), so a lying header cannot make this path allocate either.
fn scan_general_array(
    body: &[u8],
    rows: usize,
    cols: usize,
    cells: usize,
    syntax: Syntax,
) -> Option<Entries> {
    if cells > body.len().div_ceil(2) {
        return None;
    }
    // File order is column-major.
    let mut values = dense_scan::Values::with_capacity(cells);
    let count = dense_scan::scan_stream(body, syntax, cells, &mut values)?;
    (count == cells).then(|| values.transposed(rows, cols))
}

fn read_array<'a>(
    body: impl Iterator<Item = (usize, &'a [u8])>,
    rows: usize,
    cols: usize,
    symmetry: Symmetry,
    syntax: Syntax,
    size_no: usize,
    input: &[u8],
) -> Result<Parsed, ParseError> {
    let cells = dense_size(rows, cols).map_err(|e| e.at_line(size_no))?;
    let expected = match symmetry {
        Symmetry::General => cells,
        Symmetry::Symmetric => triangle_with_diagonal(rows),
        Symmetry::SkewSymmetric => triangle_with_diagonal(rows) - rows,
    };
    // Values in file order (column-major over the stored cells).
    let mut values: Vec<Scalar> = Vec::with_capacity(reserve_hint(expected, input.len()));
    for (no, line) in body {
        for tok in tokens(line) {
            if values.len() == expected {
                return Err(ParseError::new(
                    no,
                    ParseErrorKind::CountMismatch,
                    format!("more entries than the {expected} the header declares"),
                ));
            }
            values.push(number::parse(tok, syntax).map_err(|e| e.at_line(no))?);
        }
    }
    if values.len() < expected {
        return Err(ParseError::new(
            last_line(input),
            ParseErrorKind::CountMismatch,
            format!(
                "input ends after {} of the {expected} entries the header declares",
                values.len()
            ),
        ));
    }
    let mut dense = vec![Scalar::Int(0); cells];
    for ((i, j), v) in array_cells(rows, cols, symmetry).zip(values) {
        match symmetry {
            Symmetry::General => dense[i * cols + j] = v,
            Symmetry::Symmetric => {
                dense[j * cols + i] = v.clone();
                dense[i * cols + j] = v;
            }
            Symmetry::SkewSymmetric => {
                dense[j * cols + i] = negate(&v);
                dense[i * cols + j] = v;
            }
        }
    }
    Ok(Parsed {
        rows,
        cols,
        entries: Entries::dense(dense),
    })
}

/// n(n+1)/2 for an n whose square fits in usize.
fn triangle_with_diagonal(n: usize) -> usize {
    if n.is_multiple_of(2) {
        n / 2 * (n + 1)
    } else {
        n.div_ceil(2) * n
    }
}

/// What a coordinate header declares, as the body readers need it.
struct Shape {
    rows: usize,
    cols: usize,
    declared: usize,
    field: Field,
    symmetry: Symmetry,
    syntax: Syntax,
}

impl Shape {
    fn mirror(&self) -> Mirror {
        match self.symmetry {
            Symmetry::General => Mirror::None,
            Symmetry::Symmetric => Mirror::Symmetric,
            Symmetry::SkewSymmetric => Mirror::Skew,
        }
    }
}

/// Refuses a declared entry count the shape cannot hold, or past [`MAX_STORED_ENTRIES`].
fn check_coordinate_header(shape: &Shape, size_no: usize) -> Result<(), ParseError> {
    let &Shape {
        rows,
        cols,
        declared,
        symmetry,
        ..
    } = shape;
    let cells = (rows as u128) * (cols as u128);
    // Skew-symmetric files may list explicit zeros on the diagonal, so both store at most
    // the lower triangle with its diagonal.
    let storable = match symmetry {
        Symmetry::General => cells,
        Symmetry::Symmetric | Symmetry::SkewSymmetric => (rows as u128) * (rows as u128 + 1) / 2,
    };
    if declared as u128 > storable {
        return Err(ParseError::new(
            size_no,
            ParseErrorKind::BadHeader,
            format!("the header declares {declared} entries but a {rows}×{cols} {symmetry} matrix stores at most {storable}"),
        ));
    }
    if declared > MAX_STORED_ENTRIES {
        return Err(ParseError::new(
            size_no,
            ParseErrorKind::TooLarge,
            format!(
                "the header declares {declared} entries, past the limit of {MAX_STORED_ENTRIES}"
            ),
        ));
    }
    Ok(())
}

/// The fast path for coordinate bodies ([`dense_scan::scan_triples`]): `None` when any
/// line needs [`read_coordinate`] (which then names the line and the problem); otherwise
/// the entries, or the duplicate that [`Collector::finish`] finds, reported exactly as
/// `read_coordinate` would (the collector sees the same entries and lines).
fn scan_coordinate(
    body: &[u8],
    first_line: usize,
    shape: &Shape,
) -> Option<Result<Triples, ParseError>> {
    let mut entries = Collector::with_capacity(reserve_hint(shape.declared, body.len()));
    let (rows, cols) = (shape.rows as u64, shape.cols as u64);
    let with_value = shape.field != Field::Pattern;
    let in_range = |k: i64, bound: u64| k >= 1 && k as u64 <= bound;
    dense_scan::scan_triples(
        body,
        first_line,
        with_value,
        shape.syntax,
        |i, j, line, v, _| {
            if entries.len() == shape.declared || !in_range(i, rows) || !in_range(j, cols) {
                return Next::GiveUp;
            }
            let (i, j) = (i as usize - 1, j as usize - 1);
            let refused = match shape.symmetry {
                Symmetry::General => false,
                Symmetry::Symmetric => i < j,
                Symmetry::SkewSymmetric => i < j || (i == j && !v.is_zero()),
            };
            if refused {
                return Next::GiveUp;
            }
            entries.push(i, j, line, v);
            Next::Go
        },
    )?;
    (entries.len() == shape.declared).then(|| entries.finish(shape.mirror()))
}

fn read_coordinate<'a>(
    body: impl Iterator<Item = (usize, &'a [u8])>,
    shape: &Shape,
    input: &[u8],
) -> Result<Parsed, ParseError> {
    let &Shape {
        rows,
        cols,
        declared,
        field,
        symmetry,
        syntax,
    } = shape;
    let per_line = if field == Field::Pattern { 2 } else { 3 };
    let mut entries = Collector::with_capacity(reserve_hint(declared, input.len()));
    let mut count = 0usize;
    for (no, line) in body {
        let (toks, found) = first_tokens::<3>(line);
        if count == declared {
            return Err(ParseError::new(
                no,
                ParseErrorKind::CountMismatch,
                format!("more entries than the {declared} the header declares"),
            ));
        }
        if found != per_line {
            let form = if per_line == 2 {
                "`i j`"
            } else {
                "`i j value`"
            };
            return Err(ParseError::new(
                no,
                ParseErrorKind::BadLine,
                format!("expected {form} ({per_line} tokens), found {found} tokens"),
            ));
        }
        let i = parse_index(toks[0], rows, "row").map_err(|e| e.at_line(no))?;
        let j = parse_index(toks[1], cols, "column").map_err(|e| e.at_line(no))?;
        let v = if field == Field::Pattern {
            Scalar::Int(1)
        } else {
            number::parse(toks[2], syntax).map_err(|e| e.at_line(no))?
        };
        count += 1;
        match symmetry {
            Symmetry::General => {}
            Symmetry::Symmetric | Symmetry::SkewSymmetric if i < j => {
                return Err(ParseError::new(
                    no,
                    ParseErrorKind::IndexOutOfRange,
                    format!(
                        "entry ({}, {}) is above the diagonal; a {symmetry} file stores only the lower triangle",
                        i + 1,
                        j + 1
                    ),
                ))
            }
            Symmetry::SkewSymmetric if i == j && !v.is_zero() => {
                return Err(ParseError::new(
                    no,
                    ParseErrorKind::BadNumber,
                    format!("diagonal entry ({}, {}) of a skew-symmetric matrix must be zero", i + 1, j + 1),
                ))
            }
            _ => {}
        }
        entries.push(i, j, no, v);
    }
    if count < declared {
        return Err(ParseError::new(
            last_line(input),
            ParseErrorKind::CountMismatch,
            format!("input ends after {count} of the {declared} entries the header declares"),
        ));
    }
    Ok(Parsed {
        rows,
        cols,
        entries: Entries::Coordinate(entries.finish(shape.mirror())?),
    })
}

/// A 1-based index in `1..=bound`, returned 0-based.
pub(crate) fn parse_index(tok: &[u8], bound: usize, what: &str) -> Result<usize, ParseError> {
    let out_of_range = |shown: String| {
        ParseError::new(
            0,
            ParseErrorKind::IndexOutOfRange,
            format!("{what} index {shown} is outside 1..={bound}"),
        )
    };
    match number::parse(tok, Syntax::Integer) {
        Ok(Scalar::Int(k)) if k >= 1 && (k as u64) <= bound as u64 => Ok(k as usize - 1),
        Ok(Scalar::Int(k)) => Err(out_of_range(k.to_string())),
        Ok(Scalar::Rat(_)) => Err(out_of_range(number::shown(tok))),
        Err(_) => Err(ParseError::new(
            0,
            ParseErrorKind::BadNumber,
            format!("{what} index `{}` is not an integer", number::shown(tok)),
        )),
    }
}

pub(crate) fn negate(v: &Scalar) -> Scalar {
    match v {
        Scalar::Int(k) => match k.checked_neg() {
            Some(n) => Scalar::Int(n),
            None => Scalar::Rat(-rug::Rational::from(*k)),
        },
        Scalar::Rat(q) => Scalar::Rat(-q.clone()),
    }
}
