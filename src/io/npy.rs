//! NumPy `.npy` reader and writer.
//!
//! A float64 is an exact dyadic rational, so reading a `<f8` array gives the exact matrix
//! *as stored*; its rank is a fact about those bits, not about a nearby ideal matrix.
//! Accepted: integers `i1 i2 i4 i8 u1 u2 u4 u8` and float64, either byte order, C or
//! Fortran order, 1-D (read as one row) or 2-D. The header is parsed strictly (exactly the
//! three keys NumPy writes, each once), and the size it declares must match the bytes that
//! follow before anything is allocated.

use super::{Parsed, Scalar};
use crate::error::{ParseError, ParseErrorKind};
use rug::{Integer, Rational};
use std::io::{self, Write};

const MAGIC: &[u8] = b"\x93NUMPY";

/// The element types the reader understands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Dtype {
    Signed(usize),
    Unsigned(usize),
    Float64,
}

impl Dtype {
    fn size(self) -> usize {
        match self {
            Dtype::Signed(s) | Dtype::Unsigned(s) => s,
            Dtype::Float64 => 8,
        }
    }
}

/// What the header says.
struct Header {
    dtype: Dtype,
    big_endian: bool,
    fortran: bool,
    shape: Vec<usize>,
}

fn bad(kind: ParseErrorKind, msg: impl Into<String>) -> ParseError {
    ParseError::new(1, kind, msg)
}

/// Reads a `.npy` file's bytes into an exact matrix.
///
/// # Errors
/// A [`ParseError`] whose kind says what is wrong: `BadHeader` (magic, header dict),
/// `Unsupported` (dtype, rank > 2), `CountMismatch` (data length differs from the
/// shape), `TooLarge` (shape overflows), `BadNumber` (NaN or infinity).
///
/// ```
/// let mut bytes = Vec::new();
/// exrank::io::npy::write_i64(&mut bytes, 2, 2, &[1, 2, 2, 4]).unwrap();
/// let p = exrank::io::npy::read(&bytes).unwrap();
/// assert_eq!((p.rows, p.cols), (2, 2));
/// assert!(exrank::io::npy::read(b"not npy").is_err());
/// ```
pub fn read(bytes: &[u8]) -> Result<Parsed, ParseError> {
    let (header, data) = split_header(bytes)?;
    let h = parse_header(header)?;
    let (rows, cols) = match h.shape.as_slice() {
        [n] => (1, *n),
        [m, n] => (*m, *n),
        _ => {
            return Err(bad(
                ParseErrorKind::Unsupported,
                format!(
                    "array has {} dimensions; only 1-D and 2-D arrays are matrices",
                    h.shape.len()
                ),
            ))
        }
    };
    let count = rows.checked_mul(cols).ok_or_else(|| {
        bad(
            ParseErrorKind::TooLarge,
            format!("shape {rows}x{cols} overflows"),
        )
    })?;
    let need = count.checked_mul(h.dtype.size()).ok_or_else(|| {
        bad(
            ParseErrorKind::TooLarge,
            format!("shape {rows}x{cols} overflows"),
        )
    })?;
    if need != data.len() {
        return Err(bad(
            ParseErrorKind::CountMismatch,
            format!(
                "header declares {rows}x{cols} entries of {} bytes ({need} bytes) but {} data bytes follow",
                h.dtype.size(),
                data.len()
            ),
        ));
    }
    // Machine integers stay unboxed (`Values`), so a big integer array reads compactly.
    let mut values = super::dense_scan::Values::with_capacity(count);
    for (k, chunk) in data.chunks_exact(h.dtype.size()).enumerate() {
        match decode(chunk, h.dtype, h.big_endian) {
            Ok(Scalar::Int(v)) => values.int(v),
            Ok(other) => values.other(other),
            Err(msg) => {
                return Err(ParseError::new(
                    0,
                    ParseErrorKind::BadNumber,
                    format!("entry {k}: {msg}"),
                ))
            }
        }
    }
    let entries = if h.fortran {
        // Column-major storage: entry (i, j) is at j * rows + i.
        values.transposed(rows, cols)
    } else {
        values.into_entries()
    };
    Ok(Parsed {
        rows,
        cols,
        entries,
    })
}

/// Splits magic + version + length prefix from the data; returns (header text, data).
fn split_header(bytes: &[u8]) -> Result<(&str, &[u8]), ParseError> {
    if bytes.len() < 10 || &bytes[..6] != MAGIC {
        return Err(bad(
            ParseErrorKind::BadHeader,
            "not a .npy file (missing \\x93NUMPY magic)",
        ));
    }
    let (major, minor) = (bytes[6], bytes[7]);
    let (len, start) = match major {
        1 => (u16::from_le_bytes([bytes[8], bytes[9]]) as usize, 10usize),
        2 | 3 => {
            if bytes.len() < 12 {
                return Err(bad(ParseErrorKind::BadHeader, "truncated header length"));
            }
            (
                u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]) as usize,
                12,
            )
        }
        _ => {
            return Err(bad(
                ParseErrorKind::Unsupported,
                format!(".npy format version {major}.{minor} is not supported (1.0 to 3.0 are)"),
            ))
        }
    };
    let end = start
        .checked_add(len)
        .filter(|&e| e <= bytes.len())
        .ok_or_else(|| {
            bad(
                ParseErrorKind::BadHeader,
                format!(
                    "header length {len} runs past the end of the file ({} bytes)",
                    bytes.len()
                ),
            )
        })?;
    let text = std::str::from_utf8(&bytes[start..end])
        .map_err(|_| bad(ParseErrorKind::BadHeader, "header is not text"))?;
    if !text.ends_with('\n') {
        return Err(bad(
            ParseErrorKind::BadHeader,
            "header does not end with a newline",
        ));
    }
    Ok((text, &bytes[end..]))
}

/// A tiny strict tokenizer for the header's Python dict literal.
struct Cursor<'a> {
    s: &'a [u8],
    i: usize,
}

impl<'a> Cursor<'a> {
    fn ws(&mut self) {
        while self.i < self.s.len() && (self.s[self.i] == b' ' || self.s[self.i] == b'\n') {
            self.i += 1;
        }
    }
    fn eat(&mut self, c: u8) -> bool {
        self.ws();
        if self.s.get(self.i) == Some(&c) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    fn expect(&mut self, c: u8) -> Result<(), ParseError> {
        if self.eat(c) {
            Ok(())
        } else {
            Err(bad(
                ParseErrorKind::BadHeader,
                format!("header: expected `{}` at byte {}", c as char, self.i),
            ))
        }
    }
    fn string(&mut self) -> Result<&'a str, ParseError> {
        self.ws();
        let q = match self.s.get(self.i) {
            Some(&q @ (b'\'' | b'"')) => q,
            _ => {
                return Err(bad(
                    ParseErrorKind::BadHeader,
                    format!("header: expected a quoted string at byte {}", self.i),
                ))
            }
        };
        let start = self.i + 1;
        let len = self.s[start..]
            .iter()
            .position(|&c| c == q)
            .ok_or_else(|| bad(ParseErrorKind::BadHeader, "header: unterminated string"))?;
        self.i = start + len + 1;
        Ok(std::str::from_utf8(&self.s[start..start + len]).expect("header is UTF-8"))
    }
    fn word(&mut self) -> &'a str {
        self.ws();
        let start = self.i;
        while self.i < self.s.len() && self.s[self.i].is_ascii_alphanumeric() {
            self.i += 1;
        }
        std::str::from_utf8(&self.s[start..self.i]).expect("ASCII")
    }
}

fn parse_header(text: &str) -> Result<Header, ParseError> {
    let mut c = Cursor {
        s: text.as_bytes(),
        i: 0,
    };
    c.expect(b'{')?;
    let (mut descr, mut fortran, mut shape) = (None, None, None);
    loop {
        if c.eat(b'}') {
            break;
        }
        let key = c.string()?;
        c.expect(b':')?;
        match key {
            "descr" if descr.is_none() => descr = Some(parse_descr(c.string()?)?),
            "fortran_order" if fortran.is_none() => {
                fortran = Some(match c.word() {
                    "True" => true,
                    "False" => false,
                    w => {
                        return Err(bad(
                            ParseErrorKind::BadHeader,
                            format!("header: fortran_order must be True or False, not `{w}`"),
                        ))
                    }
                })
            }
            "shape" if shape.is_none() => shape = Some(parse_shape(&mut c)?),
            "descr" | "fortran_order" | "shape" => {
                return Err(bad(
                    ParseErrorKind::BadHeader,
                    format!("header: key `{key}` appears twice"),
                ))
            }
            _ => {
                return Err(bad(
                    ParseErrorKind::BadHeader,
                    format!("header: unexpected key `{key}`"),
                ))
            }
        }
        if !c.eat(b',') {
            c.expect(b'}')?;
            break;
        }
    }
    c.ws();
    if c.i != c.s.len() {
        return Err(bad(
            ParseErrorKind::BadHeader,
            "header: text after the closing `}`",
        ));
    }
    let missing = |k: &str| {
        bad(
            ParseErrorKind::BadHeader,
            format!("header: missing key `{k}`"),
        )
    };
    let (dtype, big_endian) = descr.ok_or_else(|| missing("descr"))?;
    Ok(Header {
        dtype,
        big_endian,
        fortran: fortran.ok_or_else(|| missing("fortran_order"))?,
        shape: shape.ok_or_else(|| missing("shape"))?,
    })
}

fn parse_shape(c: &mut Cursor) -> Result<Vec<usize>, ParseError> {
    c.expect(b'(')?;
    let mut dims = Vec::new();
    loop {
        if c.eat(b')') {
            break;
        }
        let w = c.word();
        let d: usize = w.parse().map_err(|_| {
            bad(
                ParseErrorKind::BadHeader,
                format!("header: shape entry `{w}` is not a non-negative integer"),
            )
        })?;
        dims.push(d);
        if !c.eat(b',') {
            c.expect(b')')?;
            break;
        }
    }
    Ok(dims)
}

fn parse_descr(d: &str) -> Result<(Dtype, bool), ParseError> {
    let unsupported = || {
        bad(
            ParseErrorKind::Unsupported,
            format!("dtype `{d}` is not supported (integers i1..i8, u1..u8 and float64 are)"),
        )
    };
    let b = d.as_bytes();
    if b.len() != 3 {
        return Err(unsupported());
    }
    let big_endian = match b[0] {
        b'<' | b'|' => false,
        b'>' => true,
        b'=' => cfg!(target_endian = "big"),
        _ => return Err(unsupported()),
    };
    let size = match b[2] {
        b'1' => 1,
        b'2' => 2,
        b'4' => 4,
        b'8' => 8,
        _ => return Err(unsupported()),
    };
    let dtype = match (b[1], size) {
        (b'i', s) => Dtype::Signed(s),
        (b'u', s) => Dtype::Unsigned(s),
        (b'f', 8) => Dtype::Float64,
        _ => return Err(unsupported()),
    };
    if b[0] == b'|' && size != 1 {
        return Err(unsupported());
    }
    Ok((dtype, big_endian))
}

fn decode(chunk: &[u8], dtype: Dtype, big_endian: bool) -> Result<Scalar, String> {
    let mut buf = [0u8; 8];
    let s = chunk.len();
    if big_endian {
        for (k, &byte) in chunk.iter().rev().enumerate() {
            buf[k] = byte;
        }
    } else {
        buf[..s].copy_from_slice(chunk);
    }
    let raw = u64::from_le_bytes(buf);
    Ok(match dtype {
        Dtype::Signed(_) => {
            // Sign-extend from s bytes.
            let shift = 64 - 8 * s as u32;
            Scalar::Int(((raw << shift) as i64) >> shift)
        }
        Dtype::Unsigned(_) => match i64::try_from(raw) {
            Ok(v) => Scalar::Int(v),
            Err(_) => Scalar::Rat(Rational::from(Integer::from(raw))),
        },
        Dtype::Float64 => {
            let x = f64::from_bits(raw);
            if !x.is_finite() {
                return Err(format!("{x} has no exact value"));
            }
            if x.fract() == 0.0 && x.abs() < 9.2e18 {
                Scalar::Int(x as i64)
            } else {
                Scalar::Rat(Rational::from_f64(x).expect("finite"))
            }
        }
    })
}

/// Writes the `.npy` version 1.0 preamble for a C-order 2-D array of `descr`.
fn write_header<W: Write>(w: &mut W, descr: &str, rows: usize, cols: usize) -> io::Result<()> {
    let mut dict =
        format!("{{'descr': '{descr}', 'fortran_order': False, 'shape': ({rows}, {cols}), }}");
    // Magic (6) + version (2) + length (2) + header, padded with spaces to a multiple of
    // 64 and ending in a newline, as NumPy writes it.
    let total = 10 + dict.len() + 1;
    dict.push_str(&" ".repeat((64 - total % 64) % 64));
    dict.push('\n');
    w.write_all(MAGIC)?;
    w.write_all(&[1, 0])?;
    w.write_all(&(dict.len() as u16).to_le_bytes())?;
    w.write_all(dict.as_bytes())
}

/// Writes a row-major `rows × cols` int64 matrix as `.npy` (`<i8`, C order).
///
/// # Panics
/// If `data.len() != rows * cols`.
///
/// ```
/// let mut out = Vec::new();
/// exrank::io::npy::write_i64(&mut out, 1, 2, &[3, -4]).unwrap();
/// assert_eq!(out.len() % 64, 16); // 64-byte preamble, then 2 × 8 bytes
/// ```
pub fn write_i64<W: Write>(w: &mut W, rows: usize, cols: usize, data: &[i64]) -> io::Result<()> {
    assert_eq!(data.len(), rows * cols, "data length must be rows * cols");
    write_header(w, "<i8", rows, cols)?;
    for v in data {
        w.write_all(&v.to_le_bytes())?;
    }
    Ok(())
}

/// Writes a row-major `rows × cols` float64 matrix as `.npy` (`<f8`, C order).
///
/// # Panics
/// If `data.len() != rows * cols`.
///
/// ```
/// let mut out = Vec::new();
/// exrank::io::npy::write_f64(&mut out, 1, 1, &[0.1]).unwrap();
/// let p = exrank::io::npy::read(&out).unwrap();
/// let exrank::io::Entries::Dense(v) = p.entries else { unreachable!() };
/// assert_eq!(v[0].to_rational(), rug::Rational::from_f64(0.1).unwrap());
/// ```
pub fn write_f64<W: Write>(w: &mut W, rows: usize, cols: usize, data: &[f64]) -> io::Result<()> {
    assert_eq!(data.len(), rows * cols, "data length must be rows * cols");
    write_header(w, "<f8", rows, cols)?;
    for v in data {
        w.write_all(&v.to_le_bytes())?;
    }
    Ok(())
}
