//! The versioned text format of a [`Certificate`]: one item per line, big integers in
//! decimal, so two certificates diff line by line. Full description with an example:
//! `docs/certificate-format.md`. In short:
//!
//! ```text
//! exrank-certificate 2
//! # comment lines and blank lines are ignored
//! shape 4 4
//! fingerprint fnv1a64 8c7a3d0e1f2b4a59
//! rank 2
//! rows 0 1
//! cols 0 1
//! minor -4
//! minor-prime 8388593
//! minor-rhs 1 -1
//! minor-solution 4 -11 3
//! upper kernel 2
//! kernel 1 -2 1 0
//! kernel 2 -3 0 1
//! end
//! ```
//!
//! `minor-rhs`/`minor-solution` (version 2, optional, both or neither) say
//! A[I,J]·y = d·b. `upper` is `upper trivial`, `upper kernel K` followed by K `kernel`
//! lines (one kernel vector of n entries each), or `upper primes K` followed by K
//! `prime P` lines. The parser checks syntax only (keywords, order, numbers, declared
//! counts); whether the content proves anything is the verifier's business, so a semantically wrong
//! certificate parses and is then *rejected* (exit 1), while a malformed one is a parse
//! error naming its line (exit 2).

use super::certificate::{
    Certificate, MinorSolution, UpperBound, FORMAT_VERSION, OLDEST_FORMAT_VERSION,
};
use crate::error::{ParseError, ParseErrorKind};
use rug::Integer;
use std::fmt::Write;

/// Writes `cert` in the text format (ends with a newline).
///
/// ```
/// use exrank::{cert, ZMatrix};
/// let a = ZMatrix::from_i64_rows(&[vec![1, 2], vec![2, 4]]).unwrap();
/// let c = cert::build(&a, &cert::CertParams::default()).unwrap();
/// let text = cert::format::write(&c);
/// assert!(text.starts_with("exrank-certificate 2\n"));
/// assert_eq!(cert::format::parse(&text).unwrap(), c);
/// ```
pub fn write(cert: &Certificate) -> String {
    let mut s = String::new();
    let join = |v: &[usize]| {
        v.iter()
            .map(|x| format!(" {x}"))
            .collect::<Vec<_>>()
            .concat()
    };
    // Writing to a String cannot fail; the unwraps below are on fmt::Write for String.
    writeln!(s, "exrank-certificate {FORMAT_VERSION}").unwrap();
    writeln!(
        s,
        "# Proof that rank(A) = {} over Q; check with `exrank verify MATRIX CERT`.",
        cert.rank
    )
    .unwrap();
    writeln!(
        s,
        "# Indices are 0-based; format described in docs/certificate-format.md."
    )
    .unwrap();
    writeln!(s, "shape {} {}", cert.rows, cert.cols).unwrap();
    writeln!(s, "fingerprint fnv1a64 {:016x}", cert.fingerprint).unwrap();
    writeln!(s, "rank {}", cert.rank).unwrap();
    writeln!(s, "rows{}", join(&cert.row_set)).unwrap();
    writeln!(s, "cols{}", join(&cert.col_set)).unwrap();
    writeln!(s, "minor {}", cert.minor).unwrap();
    writeln!(s, "minor-prime {}", cert.minor_prime).unwrap();
    if let Some(sol) = &cert.minor_solution {
        s.push_str("minor-rhs");
        for x in &sol.rhs {
            write!(s, " {x}").unwrap();
        }
        write!(s, "\nminor-solution {}", sol.denominator).unwrap();
        for x in &sol.numerators {
            write!(s, " {x}").unwrap();
        }
        s.push('\n');
    }
    match &cert.upper {
        UpperBound::Trivial => writeln!(s, "upper trivial").unwrap(),
        UpperBound::Kernel(vs) => {
            writeln!(s, "upper kernel {}", vs.len()).unwrap();
            for v in vs {
                s.push_str("kernel");
                for x in v {
                    write!(s, " {x}").unwrap();
                }
                s.push('\n');
            }
        }
        UpperBound::Primes(ps) => {
            writeln!(s, "upper primes {}", ps.len()).unwrap();
            for p in ps {
                writeln!(s, "prime {p}").unwrap();
            }
        }
    }
    s.push_str("end\n");
    s
}

/// The significant lines of the text: (1-based line number, tokens).
struct Lines<'a> {
    inner: std::iter::Enumerate<std::str::Lines<'a>>,
    last: usize,
}

impl<'a> Lines<'a> {
    fn next_item(&mut self) -> Option<(usize, Vec<&'a str>)> {
        for (i, line) in self.inner.by_ref() {
            self.last = i + 1;
            let t = line.trim();
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            return Some((i + 1, t.split_whitespace().collect()));
        }
        None
    }

    /// The next line, which must start with `keyword`; returns its line and other tokens.
    fn expect(&mut self, keyword: &str) -> Result<(usize, Vec<&'a str>), ParseError> {
        match self.next_item() {
            Some((ln, toks)) if toks[0] == keyword => Ok((ln, toks[1..].to_vec())),
            Some((ln, toks)) => Err(ParseError::new(
                ln,
                ParseErrorKind::BadHeader,
                format!("expected a `{keyword}` line, found `{}`", toks[0]),
            )),
            None => Err(ParseError::new(
                self.last,
                ParseErrorKind::CountMismatch,
                format!("certificate ends before its `{keyword}` line (truncated?)"),
            )),
        }
    }
}

impl<'a> Lines<'a> {
    /// The next line, which must start with one of `keywords`; returns its line and all
    /// its tokens (keyword included).
    fn expect_one_of(&mut self, keywords: &[&str]) -> Result<(usize, Vec<&'a str>), ParseError> {
        match self.next_item() {
            Some((ln, toks)) if keywords.contains(&toks[0]) => Ok((ln, toks)),
            Some((ln, toks)) => Err(ParseError::new(
                ln,
                ParseErrorKind::BadHeader,
                format!(
                    "expected a `{}` line, found `{}`",
                    keywords.join("` or `"),
                    toks[0]
                ),
            )),
            None => Err(ParseError::new(
                self.last,
                ParseErrorKind::CountMismatch,
                format!(
                    "certificate ends before its `{}` line (truncated?)",
                    keywords.last().expect("a keyword")
                ),
            )),
        }
    }
}

fn count(ln: usize, what: &str, toks: &[&str], want: usize) -> Result<(), ParseError> {
    if toks.len() == want {
        Ok(())
    } else {
        Err(ParseError::new(
            ln,
            ParseErrorKind::CountMismatch,
            format!("`{what}` takes {want} value(s), found {}", toks.len()),
        ))
    }
}

fn number<T: std::str::FromStr>(ln: usize, tok: &str, what: &str) -> Result<T, ParseError> {
    if !tok.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad_number(ln, tok, what));
    }
    tok.parse().map_err(|_| bad_number(ln, tok, what))
}

fn bad_number(ln: usize, tok: &str, what: &str) -> ParseError {
    ParseError::new(
        ln,
        ParseErrorKind::BadNumber,
        format!("`{tok}` is not a valid {what}"),
    )
}

/// A decimal integer: optional `-`, then digits only (no `+`, `_`, spaces or radix).
fn integer(ln: usize, tok: &str) -> Result<Integer, ParseError> {
    let digits = tok.strip_prefix('-').unwrap_or(tok);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad_number(ln, tok, "decimal integer"));
    }
    Integer::from_str_radix(tok, 10).map_err(|_| bad_number(ln, tok, "decimal integer"))
}

fn indices(ln: usize, toks: &[&str]) -> Result<Vec<usize>, ParseError> {
    toks.iter().map(|t| number(ln, t, "index")).collect()
}

/// Parses the text format. Errors carry the 1-based line and a kind; add the file name
/// with [`ParseError::in_file`].
///
/// ```
/// use exrank::cert::format::parse;
/// let text = "exrank-certificate 1\nshape 1 1\nfingerprint fnv1a64 00000000000000ff\n\
///             rank 1\nrows 0\ncols 0\nminor 5\nminor-prime 2\nupper trivial\nend\n";
/// let c = parse(text).unwrap();
/// assert_eq!((c.rank, c.minor.to_i32()), (1, Some(5)));
/// let e = parse(&text.replace("minor 5", "minor five")).unwrap_err();
/// assert_eq!(e.line, 7);
/// ```
pub fn parse(text: &str) -> Result<Certificate, ParseError> {
    let mut lines = Lines {
        inner: text.lines().enumerate(),
        last: 0,
    };
    let Some((ln, head)) = lines.next_item() else {
        return Err(ParseError::new(
            0,
            ParseErrorKind::Empty,
            "empty certificate",
        ));
    };
    if head[0] != "exrank-certificate" {
        return Err(ParseError::new(
            ln,
            ParseErrorKind::BadHeader,
            "not an exrank certificate (the first line must be `exrank-certificate 1`)",
        ));
    }
    count(ln, "exrank-certificate", &head[1..], 1)?;
    let version = (OLDEST_FORMAT_VERSION..=FORMAT_VERSION).find(|v| head[1] == v.to_string());
    let Some(version) = version else {
        return Err(ParseError::new(
            ln,
            ParseErrorKind::Unsupported,
            format!(
                "certificate format version `{}` is not supported (this exrank reads {OLDEST_FORMAT_VERSION} to {FORMAT_VERSION})",
                head[1]
            ),
        ));
    };
    let (ln, t) = lines.expect("shape")?;
    count(ln, "shape", &t, 2)?;
    let rows = number(ln, t[0], "row count")?;
    let cols = number(ln, t[1], "column count")?;
    let (ln, t) = lines.expect("fingerprint")?;
    count(ln, "fingerprint", &t, 2)?;
    if t[0] != "fnv1a64" {
        return Err(ParseError::new(
            ln,
            ParseErrorKind::Unsupported,
            format!("unknown fingerprint kind `{}` (expected fnv1a64)", t[0]),
        ));
    }
    let fingerprint = if t[1].len() == 16 {
        u64::from_str_radix(t[1], 16).ok()
    } else {
        None
    }
    .ok_or_else(|| bad_number(ln, t[1], "16-digit hexadecimal fingerprint"))?;
    let (ln, t) = lines.expect("rank")?;
    count(ln, "rank", &t, 1)?;
    let rank = number(ln, t[0], "rank")?;
    let (ln, t) = lines.expect("rows")?;
    let row_set = indices(ln, &t)?;
    let (ln, t) = lines.expect("cols")?;
    let col_set = indices(ln, &t)?;
    let (ln, t) = lines.expect("minor")?;
    count(ln, "minor", &t, 1)?;
    let minor = integer(ln, t[0])?;
    let (ln, t) = lines.expect("minor-prime")?;
    count(ln, "minor-prime", &t, 1)?;
    let minor_prime = number(ln, t[0], "prime below 2^64")?;
    let mut minor_solution = None;
    let mut item = lines.expect_one_of(&["minor-rhs", "upper"])?;
    if item.1[0] == "minor-rhs" {
        if version < 2 {
            return Err(ParseError::new(
                item.0,
                ParseErrorKind::BadHeader,
                "`minor-rhs` needs certificate format version 2",
            ));
        }
        let rhs = item.1[1..]
            .iter()
            .map(|x| integer(item.0, x))
            .collect::<Result<_, _>>()?;
        let (ln, t) = lines.expect("minor-solution")?;
        if t.is_empty() {
            count(ln, "minor-solution", &t, 1)?;
        }
        let mut values = t.iter().map(|x| integer(ln, x));
        let denominator = values.next().expect("checked non-empty")?;
        minor_solution = Some(MinorSolution {
            rhs,
            denominator,
            numerators: values.collect::<Result<_, _>>()?,
        });
        item = lines.expect_one_of(&["upper"])?;
    }
    let (ln, t) = (item.0, item.1[1..].to_vec());
    let upper = match t.first().copied() {
        Some("trivial") => {
            count(ln, "upper trivial", &t[1..], 0)?;
            UpperBound::Trivial
        }
        Some(kind @ ("kernel" | "primes")) => {
            count(ln, "upper", &t[1..], 1)?;
            let k: usize = number(ln, t[1], "count")?;
            // The count is a promise checked line by line, never used to allocate.
            if kind == "kernel" {
                let mut vs = Vec::new();
                for _ in 0..k {
                    let (ln, t) = lines.expect("kernel")?;
                    vs.push(t.iter().map(|x| integer(ln, x)).collect::<Result<_, _>>()?);
                }
                UpperBound::Kernel(vs)
            } else {
                let mut ps = Vec::new();
                for _ in 0..k {
                    let (ln, t) = lines.expect("prime")?;
                    count(ln, "prime", &t, 1)?;
                    ps.push(number(ln, t[0], "prime below 2^64")?);
                }
                UpperBound::Primes(ps)
            }
        }
        _ => {
            return Err(ParseError::new(
                ln,
                ParseErrorKind::BadHeader,
                "`upper` must be followed by `trivial`, `kernel K` or `primes K`",
            ))
        }
    };
    let (ln, t) = lines.expect("end")?;
    count(ln, "end", &t, 0)?;
    if let Some((ln, t)) = lines.next_item() {
        return Err(ParseError::new(
            ln,
            ParseErrorKind::CountMismatch,
            format!(
                "`{}` after `end` (more kernel vectors or primes than the `upper` line declares?)",
                t[0]
            ),
        ));
    }
    Ok(Certificate {
        rows,
        cols,
        fingerprint,
        rank,
        row_set,
        col_set,
        minor,
        minor_prime,
        minor_solution,
        upper,
    })
}
