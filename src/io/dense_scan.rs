//! Fast scanning of dense bodies (Matrix Market `array`, plain text / CSV): one pass over
//! the bytes, no per-line or per-token allocation, plain decimal integers of up to 18
//! digits parsed inline (the usual file holds only those). Any other token (a big integer,
//! `p/q`, a decimal) goes through [`number::parse`], so values are exactly those of the
//! general readers.
//!
//! The scanners never report errors: `None` means "not the simple case" (a bad token, a
//! ragged row, an empty CSV field, a comment line in a Matrix Market body, more entries
//! than allowed), and the caller then runs its general line-by-line reader, which accepts
//! what is valid and names the file, line and problem of what is not. Valid files thus
//! read the same either way, and error messages have a single source.

use super::number::{self, Syntax};
use super::{Entries, Scalar};

/// Whitespace as the line readers see it: [`u8::is_ascii_whitespace`] (a `\r` before a
/// `\n` is stripped there, and is whitespace here: the same tokens either way).
#[inline]
fn is_space(b: u8) -> bool {
    SPACE[b as usize]
}

/// [`u8::is_ascii_whitespace`] as a table: one load per byte instead of five compares.
static SPACE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = (b as u8).is_ascii_whitespace();
        b += 1;
    }
    t
};

/// The end of the token starting at `i` (a byte that is not a delimiter), and its value
/// when it is an optionally signed run of 1 to 18 digits (below 10¹⁸ < 2⁶³: no overflow).
/// Digits are accumulated while the token is scanned, so the common token is read once.
#[inline(always)]
fn read_token(body: &[u8], mut i: usize, ends: impl Fn(u8) -> bool) -> (usize, Option<i64>) {
    let n = body.len();
    let negative = body[i] == b'-';
    if negative || body[i] == b'+' {
        i += 1;
    }
    let digits_start = i;
    let mut v: i64 = 0;
    while i < n {
        let d = body[i].wrapping_sub(b'0');
        if d > 9 {
            break;
        }
        v = v.wrapping_mul(10).wrapping_add(i64::from(d));
        i += 1;
    }
    if (i == n || ends(body[i])) && (1..=18).contains(&(i - digits_start)) {
        return (i, Some(if negative { -v } else { v }));
    }
    while i < n && !ends(body[i]) {
        i += 1;
    }
    (i, None)
}

/// Where scanned values go, in order: machine integers through [`Values::int`] (kept
/// as i64, a quarter of a [`Scalar`]: the scanners are memory-bound), anything else through
/// [`Values::other`], from which on every value is a `Scalar`.
#[derive(Default)]
pub(crate) struct Values {
    small: Vec<i64>,
    mixed: Option<Vec<Scalar>>,
}

impl Values {
    /// Room for `n` values up front (callers bound `n` by the input's length).
    pub(crate) fn with_capacity(n: usize) -> Self {
        Values {
            small: Vec::with_capacity(n),
            mixed: None,
        }
    }

    #[inline]
    pub(crate) fn int(&mut self, v: i64) {
        match &mut self.mixed {
            None => self.small.push(v),
            Some(all) => all.push(Scalar::Int(v)),
        }
    }

    #[cold]
    #[inline(never)]
    pub(crate) fn other(&mut self, v: Scalar) {
        let all = self.mixed.get_or_insert_with(|| {
            let mut all = Vec::with_capacity(self.small.capacity());
            all.extend(self.small.drain(..).map(Scalar::Int));
            all
        });
        all.push(v);
    }

    pub(crate) fn len(&self) -> usize {
        self.mixed.as_ref().map_or(self.small.len(), Vec::len)
    }

    /// The values in order, in canonical form ([`Entries::dense`]).
    pub(crate) fn into_entries(self) -> Entries {
        match self.mixed {
            Some(all) => Entries::dense(all),
            None => Entries::DenseInt(self.small),
        }
    }

    /// The row-major entries of a column-major `rows × cols` array of values (rows × cols
    /// of them), in canonical form. Machine integers, the common case, go through
    /// [`transpose_blocks`].
    pub(crate) fn transposed(self, rows: usize, cols: usize) -> Entries {
        let cells = rows * cols;
        assert_eq!(
            self.len(),
            cells,
            "a {rows}×{cols} array needs {cells} values"
        );
        match self.mixed {
            None => Entries::DenseInt(transpose_blocks(&self.small, rows, cols)),
            // Rare (a big integer or a fraction in an array body): a plain gather.
            Some(mut all) => {
                let mut out: Vec<Scalar> = Vec::with_capacity(cells);
                for i in 0..rows {
                    for j in 0..cols {
                        out.push(std::mem::replace(&mut all[j * rows + i], Scalar::Int(0)));
                    }
                }
                Entries::dense(out)
            }
        }
    }
}

/// Rows written at once by [`Values::transposed`].
const TRANSPOSE_BLOCK: usize = 8;

/// The row-major copy of the column-major `rows × cols` machine integers `src`. Eight
/// rows are written at once, so each column's cache line of values is read once and the
/// writes are eight sequential streams (a plain scatter or gather misses the cache and the
/// TLB on every entry once a column is longer than a page); blocks of rows go to the
/// current rayon pool.
fn transpose_blocks(src: &[i64], rows: usize, cols: usize) -> Vec<i64> {
    use rayon::prelude::*;
    let mut out = vec![0i64; rows * cols];
    if out.is_empty() {
        return out;
    }
    let min_blocks = (1usize << 14).div_ceil(TRANSPOSE_BLOCK * cols);
    out.par_chunks_mut(TRANSPOSE_BLOCK * cols)
        .enumerate()
        .with_min_len(min_blocks)
        .for_each(|(b, block)| {
            let i0 = b * TRANSPOSE_BLOCK;
            let height = block.len() / cols;
            for j in 0..cols {
                let column = &src[j * rows + i0..j * rows + i0 + height];
                for (r, &x) in column.iter().enumerate() {
                    block[r * cols + j] = x;
                }
            }
        });
    out
}

/// The whitespace-separated tokens of `body` in order, appended to `out`; line
/// structure is ignored (a Matrix Market `array` body lists one value per line, but any
/// spacing is valid). `None` when a token is not a number of `syntax`, when a token starts
/// with `%` (a comment line: the general reader skips those), or when there are more than
/// `limit` tokens. Returns the number of tokens.
pub(crate) fn scan_stream(
    body: &[u8],
    syntax: Syntax,
    limit: usize,
    out: &mut Values,
) -> Option<usize> {
    let mut count = 0usize;
    let mut i = 0;
    let n = body.len();
    while i < n {
        if is_space(body[i]) {
            i += 1;
            continue;
        }
        if count == limit {
            return None;
        }
        let start = i;
        let (end, v) = read_token(body, i, is_space);
        i = end;
        match v {
            Some(v) => out.int(v),
            None if body[start] == b'%' => return None,
            None => out.other(number::parse(&body[start..end], syntax).ok()?),
        }
        count += 1;
    }
    Some(count)
}

/// A plain text / CSV body (see [`super::text`]): one row per line, tokens separated by
/// whitespace or commas, `#` to the end of a line a comment, blank lines skipped. Returns
/// the row-major entries, the number of rows and columns; `None` for an input with no
/// rows, a ragged row, an empty CSV field, a token that is not a number, or more than
/// `limit` entries.
pub(crate) fn scan_rows(body: &[u8], limit: usize) -> Option<(Entries, usize, usize)> {
    let ends = |b: u8| is_space(b) || b == b',' || b == b'#';
    let mut values = Values::default();
    let mut cols: Option<usize> = None;
    let mut rows = 0usize;
    let n = body.len();
    let mut i = 0;
    // Per line: entries so far, whether it has a comma, tokens in the current CSV field.
    let (mut in_line, mut csv, mut in_field) = (0usize, false, 0usize);
    loop {
        let b = if i < n { body[i] } else { b'\n' };
        match b {
            b'\n' => {
                if csv && in_field == 0 {
                    return None; // trailing comma: an empty field
                }
                if in_line > 0 {
                    match cols {
                        None => cols = Some(in_line),
                        Some(c) if c != in_line => return None,
                        Some(_) => {}
                    }
                    rows += 1;
                }
                (in_line, csv, in_field) = (0, false, 0);
                if i >= n {
                    break;
                }
                i += 1;
            }
            b'#' => {
                // The comment runs to the end of the line; the newline closes the row.
                i += body[i..].iter().position(|&c| c == b'\n').unwrap_or(n - i);
            }
            b',' => {
                if in_field == 0 {
                    return None; // `1,,2` or a leading comma
                }
                (csv, in_field) = (true, 0);
                i += 1;
            }
            _ if is_space(b) => i += 1,
            _ => {
                if values.len() == limit {
                    return None;
                }
                let start = i;
                let (end, v) = read_token(body, i, ends);
                i = end;
                match v {
                    Some(v) => values.int(v),
                    None => values.other(number::parse(&body[start..end], Syntax::Any).ok()?),
                }
                in_line += 1;
                in_field += 1;
            }
        }
    }
    cols.map(|c| (values.into_entries(), rows, c))
}

/// What a coordinate line's consumer says: go on, stop after this line (the SMS
/// terminator), or give up (the line needs the general reader).
pub(crate) enum Next {
    Go,
    Stop,
    GiveUp,
}

/// The lines `i j v` (`i j` when `with_value` is false) of a coordinate body, each passed
/// to `put` with its 1-based line number (`first_line` for the body's first line): indices
/// as written (plain integers of up to 18 digits), the value in `syntax` and its token
/// (empty for a pattern line). Blank lines are
/// skipped. Returns the offset just past the line where `put` said [`Next::Stop`], or the
/// body's length; `None` when `put` gives up or a line is not of that shape (a comment,
/// a token count other than 2 or 3, an index that is not a plain integer, a bad value).
pub(crate) fn scan_triples(
    body: &[u8],
    first_line: usize,
    with_value: bool,
    syntax: Syntax,
    mut put: impl FnMut(i64, i64, usize, Scalar, &[u8]) -> Next,
) -> Option<usize> {
    let n = body.len();
    let mut i = 0;
    let mut line = first_line;
    let in_line_space = |b: u8| b != b'\n' && is_space(b);
    loop {
        while i < n && in_line_space(body[i]) {
            i += 1;
        }
        if i >= n {
            return Some(n);
        }
        if body[i] == b'\n' {
            (i, line) = (i + 1, line + 1);
            continue;
        }
        let (end, row) = read_token(body, i, is_space);
        i = end;
        while i < n && in_line_space(body[i]) {
            i += 1;
        }
        if i == n || body[i] == b'\n' {
            return None; // one token on the line
        }
        let (end, col) = read_token(body, i, is_space);
        i = end;
        let mut token: &[u8] = &[];
        let value = if with_value {
            while i < n && in_line_space(body[i]) {
                i += 1;
            }
            if i == n || body[i] == b'\n' {
                return None;
            }
            let start = i;
            let (end, v) = read_token(body, i, is_space);
            i = end;
            token = &body[start..end];
            match v {
                Some(v) => Scalar::Int(v),
                None => number::parse(token, syntax).ok()?,
            }
        } else {
            Scalar::Int(1)
        };
        while i < n && in_line_space(body[i]) {
            i += 1;
        }
        if i < n && body[i] != b'\n' {
            return None; // more tokens than the shape allows
        }
        match put(row?, col?, line, value, token) {
            Next::Go => {}
            Next::Stop => return Some((i + 1).min(n)),
            Next::GiveUp => return None,
        }
        (i, line) = (i + 1, line + 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Dense entries as scalars, whichever variant holds them.
    fn scalars(e: Entries) -> Vec<Scalar> {
        match e {
            Entries::Dense(v) => v,
            Entries::DenseInt(v) => v.into_iter().map(Scalar::Int).collect(),
            Entries::Coordinate(_) => panic!("dense entries expected"),
        }
    }

    fn stream(body: &[u8], syntax: Syntax, limit: usize) -> Option<Vec<Scalar>> {
        let mut v = Values::default();
        scan_stream(body, syntax, limit, &mut v)?;
        Some(scalars(v.into_entries()))
    }

    #[test]
    fn tokens_at_the_fast_path_edges() {
        let t = b"0 -0 +007 999999999999999999 -999999999999999999 1000000000000000000";
        let v = stream(t, Syntax::Integer, 9).unwrap();
        let want = [
            0,
            0,
            7,
            999_999_999_999_999_999,
            -999_999_999_999_999_999,
            10i64.pow(18),
        ];
        assert_eq!(v, want.map(Scalar::Int));
        // Past i64 the exact parser gives a big integer, whatever comes first.
        let v = stream(b"9223372036854775808 1", Syntax::Integer, 9).unwrap();
        assert_eq!(
            v[0].to_rational(),
            rug::Rational::from(rug::Integer::from(i64::MAX) + 1)
        );
        assert_eq!(v[1], Scalar::Int(1));
        for bad in [&b"-"[..], b"+", b"1a", b"--1", b"1-", b"1.0"] {
            assert_eq!(
                stream(bad, Syntax::Integer, 9),
                None,
                "{:?}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    #[test]
    fn stream_counts_limits_and_refusals() {
        let v = stream(b" 1\r\n-2\n\n+3 4\t5", Syntax::Integer, 5).unwrap();
        assert_eq!(v, [1, -2, 3, 4, 5].map(Scalar::Int));
        assert_eq!(stream(b"1 2 3", Syntax::Integer, 2), None);
        assert_eq!(stream(b"1\n% c\n2", Syntax::Integer, 9), None);
        assert_eq!(stream(b"1\n0.5\n", Syntax::Integer, 9), None);
        assert_eq!(
            stream(b"1\n0.5\n", Syntax::Decimal, 9).map(|v| v.len()),
            Some(2)
        );
        assert_eq!(stream(b"", Syntax::Integer, 9), Some(vec![]));
    }

    #[test]
    fn transposition_of_small_and_mixed_values() {
        let half = Scalar::Rat(rug::Rational::from((1, 2)));
        for body in [&b"1 2 3 4 5 6"[..], b"1 2 3 4 5 6 "] {
            let mut v = Values::default();
            scan_stream(body, Syntax::Any, 6, &mut v).unwrap();
            assert_eq!(
                v.transposed(2, 3),
                Entries::DenseInt(vec![1, 3, 5, 2, 4, 6])
            );
        }
        let mut v = Values::default();
        scan_stream(b"1 2 3 1/2 5 6", Syntax::Any, 6, &mut v).unwrap();
        let t = scalars(v.transposed(3, 2));
        assert_eq!(t.len(), 6);
        assert_eq!(t[3], Scalar::Int(5)); // row 1 is (2, 5)
        assert_eq!(t[1], half);
        assert_eq!(t[0], Scalar::Int(1));
        assert_eq!(t[5], Scalar::Int(6));
    }

    #[test]
    fn rows_shape_comments_and_csv() {
        let (v, r, c) = scan_rows(b"# head\n1, 2 ,3\r\n\n 4 5 6 # tail, 7\n", 100).unwrap();
        assert_eq!((r, c), (2, 3));
        assert_eq!(v, Entries::DenseInt(vec![1, 2, 3, 4, 5, 6]));
        for bad in [
            &b"1 2\n3\n"[..],
            b"1,,2\n",
            b"1,2,\n",
            b",1\n",
            b"1 x\n",
            b"",
            b"# only\n",
        ] {
            assert!(
                scan_rows(bad, 100).is_none(),
                "{:?}",
                String::from_utf8_lossy(bad)
            );
        }
        assert!(scan_rows(b"1 2\n3 4\n", 3).is_none());
        assert!(scan_rows(b"1 2\n3 4\n", 4).is_some());
    }
}
