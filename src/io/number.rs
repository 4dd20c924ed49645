//! Exact number parsing on bytes, shared by every text reader.
//!
//! Accepted forms (ASCII only, optional leading `+` or `-`):
//! - integers of any length: `42`, `-7`, `123456789012345678901234567890`;
//! - fractions `p/q` with `q` a nonzero unsigned integer: `-3/4` (`1/0` is
//!   [`ParseErrorKind::ZeroDenominator`]);
//! - exact decimals and scientific notation: `0.1` is 1/10, `.5`, `5.`, `-1.5e-3` is
//!   -3/2000, `1E5` is 100000.
//!
//! Nothing goes through a float, so a decimal means exactly what it spells. `inf`, `nan`,
//! hexadecimal, digit separators and anything else are [`ParseErrorKind::BadNumber`].
//!
//! A decimal exponent is limited to [`MAX_DECIMAL_EXPONENT`] in absolute value: `1e999999999`
//! is a dozen bytes that would otherwise expand to a billion digits, so it is refused as
//! [`ParseErrorKind::TooLarge`]. Digits that are spelled out are not limited: their cost is
//! proportional to the input.
//!
//! Results are canonical: a value that is an integer fitting in `i64` is [`Scalar::Int`]
//! (`4/2` and `2.0e0` are `Int(2)`), anything else a reduced [`Scalar::Rat`].

use super::Scalar;
use crate::error::{ParseError, ParseErrorKind};
use rug::{Integer, Rational};

/// Largest accepted `|e|` in a decimal exponent (`1e10000` has 10001 digits, about 4 KB).
/// Real-world files hold float64 values, whose exponents stay within ±330.
pub const MAX_DECIMAL_EXPONENT: u32 = 10_000;

/// Which number forms a format allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    /// Integers only (Matrix Market `integer`).
    Integer,
    /// Integers, exact decimals and scientific notation (Matrix Market `real`).
    Decimal,
    /// Everything: integers, `p/q`, decimals (plain text, SMS).
    Any,
}

/// Parses one token as an exact number of the forms `syntax` allows. The error has line 0;
/// readers add the line with [`ParseError::at_line`].
///
/// ```
/// use exrank::io::{number::{parse, Syntax}, Scalar};
/// assert_eq!(parse(b"-12", Syntax::Any).unwrap(), Scalar::Int(-12));
/// assert_eq!(parse(b"-1.5e-3", Syntax::Any).unwrap().to_rational(), rug::Rational::from((-3, 2000)));
/// assert_eq!(parse(b"6/4", Syntax::Any).unwrap().to_rational(), rug::Rational::from((3, 2)));
/// assert!(parse(b"1/0", Syntax::Any).is_err());
/// assert!(parse(b"0.5", Syntax::Integer).is_err());
/// ```
pub fn parse(token: &[u8], syntax: Syntax) -> Result<Scalar, ParseError> {
    // Fast path: short plain integers, the common case.
    if token.len() <= 18 {
        if let Some(v) = small_integer(token) {
            return Ok(Scalar::Int(v));
        }
    }
    let (negative, body) = match token.first() {
        Some(b'-') => (true, &token[1..]),
        Some(b'+') => (false, &token[1..]),
        _ => (false, token),
    };
    if let Some(slash) = body.iter().position(|&b| b == b'/') {
        if syntax != Syntax::Any {
            return Err(bad(token, "a fraction `p/q` is not allowed here"));
        }
        let (p, q) = (&body[..slash], &body[slash + 1..]);
        if !all_digits(p) || !all_digits(q) {
            return Err(bad(token, "expected an integer, `p/q` or a decimal"));
        }
        let q = digits_to_integer(q);
        if q == 0 {
            return Err(ParseError::new(
                0,
                ParseErrorKind::ZeroDenominator,
                format!("`{}` has denominator zero", shown(token)),
            ));
        }
        let mut p = digits_to_integer(p);
        if negative {
            p = -p;
        }
        return Ok(canonical(Rational::from((p, q))));
    }
    // Mantissa `int[.frac]` (at least one digit), then an optional exponent.
    let exp_at = body.iter().position(|&b| b == b'e' || b == b'E');
    let (mantissa, exponent) = match exp_at {
        Some(k) => (&body[..k], Some(&body[k + 1..])),
        None => (body, None),
    };
    let (int_part, frac_part) = match mantissa.iter().position(|&b| b == b'.') {
        Some(k) => (&mantissa[..k], Some(&mantissa[k + 1..])),
        None => (mantissa, None),
    };
    let frac = frac_part.unwrap_or(b"");
    if !all_digits_or_empty(int_part)
        || !all_digits_or_empty(frac)
        || int_part.len() + frac.len() == 0
    {
        return Err(bad(token, "expected an integer, `p/q` or a decimal"));
    }
    let exp: i64 = match exponent {
        None => 0,
        Some(e) => parse_exponent(token, e)?,
    };
    let is_integer_literal = frac_part.is_none() && exponent.is_none();
    if syntax == Syntax::Integer && !is_integer_literal {
        return Err(bad(token, "expected an integer"));
    }
    let mut digits = Vec::with_capacity(int_part.len() + frac.len());
    digits.extend_from_slice(int_part);
    digits.extend_from_slice(frac);
    let mut n = digits_to_integer(&digits);
    if negative {
        n = -n;
    }
    // value = n * 10^(exp - frac.len())
    let shift = exp - frac.len() as i64;
    let value = if shift >= 0 {
        Rational::from(n * Integer::from(Integer::u_pow_u(10, shift as u32)))
    } else {
        // |shift| <= frac.len() + MAX_DECIMAL_EXPONENT: proportional to the input.
        let den = Integer::from(Integer::u_pow_u(10, (-shift) as u32));
        Rational::from((n, den))
    };
    Ok(canonical(value))
}

/// `Some(v)` for an optionally signed run of at most 18 decimal digits.
fn small_integer(token: &[u8]) -> Option<i64> {
    let (neg, digits) = match token.first()? {
        b'-' => (true, &token[1..]),
        b'+' => (false, &token[1..]),
        _ => (false, token),
    };
    if digits.is_empty() || !all_digits(digits) {
        return None;
    }
    let mut v: i64 = 0;
    for &d in digits {
        v = v * 10 + i64::from(d - b'0');
    }
    Some(if neg { -v } else { v })
}

fn parse_exponent(token: &[u8], e: &[u8]) -> Result<i64, ParseError> {
    let (neg, digits) = match e.first() {
        Some(b'-') => (true, &e[1..]),
        Some(b'+') => (false, &e[1..]),
        _ => (false, e),
    };
    if !all_digits(digits) {
        return Err(bad(token, "malformed exponent"));
    }
    let significant = {
        let start = digits
            .iter()
            .position(|&d| d != b'0')
            .unwrap_or(digits.len());
        &digits[start..]
    };
    let mut v: u64 = 0;
    for &d in significant {
        v = v * 10 + u64::from(d - b'0');
        if v > u64::from(MAX_DECIMAL_EXPONENT) {
            return Err(ParseError::new(
                0,
                ParseErrorKind::TooLarge,
                format!(
                    "`{}` has an exponent beyond ±{MAX_DECIMAL_EXPONENT}, the limit for decimal exponents",
                    shown(token)
                ),
            ));
        }
    }
    Ok(if neg { -(v as i64) } else { v as i64 })
}

fn all_digits(s: &[u8]) -> bool {
    !s.is_empty() && s.iter().all(u8::is_ascii_digit)
}

fn all_digits_or_empty(s: &[u8]) -> bool {
    s.iter().all(u8::is_ascii_digit)
}

/// The integer spelled by ASCII digits (checked by the caller).
fn digits_to_integer(digits: &[u8]) -> Integer {
    if digits.len() <= 18 {
        let mut v: i64 = 0;
        for &d in digits {
            v = v * 10 + i64::from(d - b'0');
        }
        return Integer::from(v);
    }
    // The caller guarantees ASCII digits, so this cannot fail.
    let s = std::str::from_utf8(digits).unwrap_or("0");
    Integer::from_str_radix(s, 10).unwrap_or_default()
}

/// Integers that fit become `Int`, so equal values compare equal.
fn canonical(q: Rational) -> Scalar {
    if *q.denom() == 1 {
        if let Some(v) = q.numer().to_i64() {
            return Scalar::Int(v);
        }
    }
    Scalar::Rat(q)
}

fn bad(token: &[u8], why: &str) -> ParseError {
    ParseError::new(
        0,
        ParseErrorKind::BadNumber,
        format!("`{}` is not a number: {why}", shown(token)),
    )
}

/// The token for a message, cut short so a megabyte of junk stays a short message.
pub(crate) fn shown(token: &[u8]) -> String {
    const MAX: usize = 40;
    let s = String::from_utf8_lossy(&token[..token.len().min(MAX)]).into_owned();
    if token.len() > MAX {
        format!("{s}…")
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> Rational {
        parse(s.as_bytes(), Syntax::Any).unwrap().to_rational()
    }

    fn kind(s: &str, syntax: Syntax) -> ParseErrorKind {
        parse(s.as_bytes(), syntax).unwrap_err().kind
    }

    #[test]
    fn integers_small_and_big() {
        assert_eq!(parse(b"0", Syntax::Any).unwrap(), Scalar::Int(0));
        assert_eq!(parse(b"+17", Syntax::Integer).unwrap(), Scalar::Int(17));
        assert_eq!(
            parse(b"-9223372036854775808", Syntax::Integer).unwrap(),
            Scalar::Int(i64::MIN)
        );
        let big = "123456789012345678901234567890";
        match parse(big.as_bytes(), Syntax::Integer).unwrap() {
            Scalar::Rat(r) => assert_eq!(r.to_string(), big),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            q("-9223372036854775809").to_string(),
            "-9223372036854775809"
        );
    }

    #[test]
    fn fractions_are_reduced_and_canonical() {
        assert_eq!(q("-3/4"), Rational::from((-3, 4)));
        assert_eq!(parse(b"4/2", Syntax::Any).unwrap(), Scalar::Int(2));
        assert_eq!(kind("1/0", Syntax::Any), ParseErrorKind::ZeroDenominator);
        assert_eq!(kind("1/000", Syntax::Any), ParseErrorKind::ZeroDenominator);
        assert_eq!(kind("1/2", Syntax::Decimal), ParseErrorKind::BadNumber);
    }

    #[test]
    fn decimals_are_exact() {
        assert_eq!(q("0.1"), Rational::from((1, 10)));
        assert_eq!(q("-1.5e-3"), Rational::from((-3, 2000)));
        assert_eq!(
            parse(b"1E5", Syntax::Decimal).unwrap(),
            Scalar::Int(100_000)
        );
        assert_eq!(q(".5"), Rational::from((1, 2)));
        assert_eq!(q("5."), Rational::from(5));
        assert_eq!(q("2.50e+1"), Rational::from(25));
        assert_eq!(q("1e-0"), Rational::from(1));
        // 0.1 + 0.2 is exactly 0.3 here, unlike in float64.
        assert_eq!(q("0.1") + q("0.2"), q("0.3"));
        assert_eq!(kind("1.5", Syntax::Integer), ParseErrorKind::BadNumber);
        assert_eq!(kind("1e3", Syntax::Integer), ParseErrorKind::BadNumber);
    }

    #[test]
    fn junk_is_rejected() {
        for s in [
            "", "-", "+", ".", "e5", "1e", "1e+", "1.2.3", "1/2/3", "1/-2", "--1", "inf", "-inf",
            "nan", "NaN", "0x10", "1_000", "1,5", "½", "1/2.5", "1.5/2", "1e5.5", " 1", "١",
        ] {
            assert_eq!(kind(s, Syntax::Any), ParseErrorKind::BadNumber, "{s:?}");
        }
    }

    #[test]
    fn huge_exponent_is_refused_not_allocated() {
        assert_eq!(kind("1e999999999", Syntax::Any), ParseErrorKind::TooLarge);
        assert_eq!(
            kind("1e-99999999999999999999999", Syntax::Any),
            ParseErrorKind::TooLarge
        );
        // Leading zeros in the exponent are not a way around the cap, nor counted against it.
        assert_eq!(q("1e0000000000000000002"), Rational::from(100));
        assert_eq!(q("1e10000").numer().to_string().len(), 10_001);
    }
}
