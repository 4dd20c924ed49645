//! The fast dense scans against the line-by-line readers (same `Result`, value for value
//! and error for error) on random bodies mixing plain integers with every edge the fast
//! path hands back: i64 boundaries, 19+ digit integers, signs, leading zeros, `-0`,
//! fractions, decimals, junk, comments, CSV commas, CRLF and stray spaces. Integer-only
//! The coordinate scans (SMS, Matrix Market `coordinate`) likewise, with indices out of
//! range, duplicates, wrong token counts, terminators and symmetric triangles.
//! Integer-only dense bodies are also checked against a naive oracle (each token parsed by GMP on its own),
//! which covers the column-major transposition of Matrix Market arrays independently.

use super::{matrix_market, read_bytes, sms, text, Parsed};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rug::{Integer, Rational};

/// Integer tokens, including every boundary of the inline path (18 digits) and of i64.
const INTEGERS: &[&str] = &[
    "0",
    "-0",
    "+0",
    "7",
    "+7",
    "-7",
    "007",
    "-007",
    "+00",
    "999999999999999999",
    "-999999999999999999",
    "1000000000000000000",
    "-1000000000000000000",
    "9223372036854775807",
    "-9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "-9223372036854775809",
    "18446744073709551616",
    "0000000000000000000000000000000000000042",
    "-123456789012345678901234567890123456789",
];

/// Tokens that are numbers only where `p/q` or decimals are allowed.
const RATIONALS: &[&str] = &["3/4", "-6/4", "+8/2", "0.5", "-1.5e-3", "1e3", "2.0", ".5"];

/// Tokens no format accepts.
const JUNK: &[&str] = &["x", "1-", "--1", "-", "+", "1/0", "0x10", "1e", "nan", "½"];

fn token(rng: &mut ChaCha8Rng, junk_rate: f64, rationals: bool) -> String {
    let r: f64 = rng.gen();
    if r < junk_rate {
        JUNK.choose(rng).unwrap().to_string()
    } else if rationals && r < junk_rate + 0.05 {
        RATIONALS.choose(rng).unwrap().to_string()
    } else if r < junk_rate + 0.15 {
        INTEGERS.choose(rng).unwrap().to_string()
    } else {
        rng.gen_range(-100i64..=100).to_string()
    }
}

fn separator(rng: &mut ChaCha8Rng, newline: bool) -> &'static str {
    if newline {
        ["\n", "\r\n", " \n", "\t\r\n", "\n\n", "\n  \n"]
            .choose(rng)
            .unwrap()
    } else {
        [" ", "  ", "\t", " \t "].choose(rng).unwrap()
    }
}

/// The exact value of an integer token, by GMP alone.
fn oracle(tok: &str) -> Rational {
    Rational::from(Integer::from_str_radix(tok.trim_start_matches('+'), 10).unwrap())
}

fn dense(p: &Parsed) -> Vec<Rational> {
    match p.entries.dense_scalars() {
        Some(v) => v.iter().map(|x| x.to_rational()).collect(),
        None => panic!("a dense reader gave coordinates"),
    }
}

#[test]
fn matrix_market_arrays_read_as_line_by_line() {
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    let (mut fast_ok, mut errors) = (0, 0);
    for case in 0..3000 {
        let (rows, cols) = (rng.gen_range(0..6usize), rng.gen_range(0..6usize));
        let field = ["integer", "real", "double"].choose(&mut rng).unwrap();
        let junk_rate = [0.0, 0.0, 0.01, 0.05].choose(&mut rng).copied().unwrap();
        // Mostly the declared count, sometimes one entry short or one too many.
        let count = match rng.gen_range(0..10) {
            0 => (rows * cols).saturating_sub(1),
            1 => rows * cols + 1,
            _ => rows * cols,
        };
        let mut body = String::new();
        let mut tokens = Vec::new();
        for k in 0..count {
            let t = token(&mut rng, junk_rate, *field != "integer");
            body += &t;
            tokens.push(t);
            let last = k + 1 == count;
            let newline = rng.gen_bool(0.8) || last;
            body += separator(&mut rng, newline);
            if rng.gen_bool(0.01) {
                body += "% a comment line\n";
            }
        }
        if !body.is_empty() && rng.gen_bool(0.2) {
            body.pop(); // no final newline
        }
        let file = format!("%%MatrixMarket matrix array {field} general\n{rows} {cols}\r\n{body}");
        let fast = matrix_market::read(file.as_bytes());
        let slow = matrix_market::read_line_by_line(file.as_bytes());
        assert_eq!(fast, slow, "case {case}: {file:?}");
        match &fast {
            Ok(p) => {
                fast_ok += 1;
                if tokens
                    .iter()
                    .all(|t| INTEGERS.contains(&t.as_str()) || t.parse::<i64>().is_ok())
                {
                    // Column-major in the file, row-major in memory.
                    let got = dense(p);
                    for (k, t) in tokens.iter().enumerate() {
                        let (i, j) = (k % rows, k / rows);
                        assert_eq!(got[i * cols + j], oracle(t), "case {case}, token {k}");
                    }
                }
            }
            Err(_) => errors += 1,
        }
        // Through detection too (the `.mtx` name is only a hint here).
        assert_eq!(read_bytes(file.as_bytes(), Some("m.mtx")), fast);
    }
    // Both outcomes were exercised in quantity.
    assert!(
        fast_ok > 1000 && errors > 300,
        "{fast_ok} read, {errors} refused"
    );
}

#[test]
fn text_and_csv_read_as_line_by_line() {
    let mut rng = ChaCha8Rng::seed_from_u64(12);
    let (mut read_ok, mut errors) = (0, 0);
    for case in 0..3000 {
        let (rows, cols) = (rng.gen_range(1..6usize), rng.gen_range(1..6usize));
        let csv = rng.gen_bool(0.3);
        let junk_rate = [0.0, 0.0, 0.01, 0.05].choose(&mut rng).copied().unwrap();
        let mut file = String::new();
        let mut tokens = Vec::new();
        if rng.gen_bool(0.2) {
            file += "# header comment, with a comma\n";
        }
        for _ in 0..rows {
            // Mostly the right length, sometimes ragged.
            let n = if rng.gen_bool(0.05) { cols + 1 } else { cols };
            for k in 0..n {
                if k > 0 {
                    file += if !csv {
                        separator(&mut rng, false)
                    } else if rng.gen_bool(0.02) {
                        ",," // an empty field
                    } else {
                        [",", ", ", " ,", ",\t"].choose(&mut rng).unwrap()
                    };
                }
                let t = token(&mut rng, junk_rate, true);
                file += &t;
                tokens.push(t);
            }
            match rng.gen_range(0..20) {
                0 => file += " # trailing comment",
                1 if csv => file += ",", // an empty last field
                2 => file += "   ",
                _ => {}
            }
            file += separator(&mut rng, true);
        }
        let fast = text::read(file.as_bytes());
        let slow = text::read_lines(file.as_bytes());
        assert_eq!(fast, slow, "case {case}: {file:?}");
        match &fast {
            Ok(p) => {
                read_ok += 1;
                if tokens
                    .iter()
                    .all(|t| INTEGERS.contains(&t.as_str()) || t.parse::<i64>().is_ok())
                {
                    let want: Vec<Rational> = tokens.iter().map(|t| oracle(t)).collect();
                    assert_eq!(dense(p), want, "case {case}");
                }
            }
            Err(_) => errors += 1,
        }
    }
    assert!(
        read_ok > 1000 && errors > 300,
        "{read_ok} read, {errors} refused"
    );
}

#[test]
fn lying_array_headers_allocate_nothing_and_are_named() {
    // 2^14 × 2^14 = 2^28 cells (at the dense limit) with a four-entry body: the fast path
    // refuses before allocating, and the line-by-line reader names the shortfall.
    let file = b"%%MatrixMarket matrix array integer general\n16384 16384\n1\n2\n3\n4\n";
    let e = matrix_market::read(file).unwrap_err();
    assert_eq!(e, matrix_market::read_line_by_line(file).unwrap_err());
    assert!(e.to_string().contains("4 of the 268435456"), "{e}");
}

/// An index token: mostly in 1..=bound, sometimes 0, past the bound, signed or padded.
fn index(rng: &mut ChaCha8Rng, bound: usize) -> String {
    match rng.gen_range(0..40) {
        0 => "0".into(),
        1 => (bound + 1).to_string(),
        2 => format!("+{}", rng.gen_range(1..=bound.max(1))),
        3 => format!("0{}", rng.gen_range(1..=bound.max(1))),
        4 => "-1".into(),
        5 => "1.0".into(),
        6 => "99999999999999999999".into(),
        _ => rng.gen_range(1..=bound.max(1)).to_string(),
    }
}

/// A coordinate line `i j v` (or `i j` for patterns), sometimes with a token too many or
/// too few, a comment instead, or junk spacing.
fn coordinate_line(
    rng: &mut ChaCha8Rng,
    rows: usize,
    cols: usize,
    value: bool,
    junk: f64,
) -> String {
    let mut line = format!(
        "{}{}{}",
        index(rng, rows),
        separator(rng, false),
        index(rng, cols)
    );
    if value {
        line += separator(rng, false);
        line += &token(rng, junk, true);
    }
    match rng.gen_range(0..60) {
        0 => line += " 5",
        1 => line = index(rng, rows),
        2 => line = "% comment".into(),
        3 => line += " ",
        _ => {}
    }
    line + separator(rng, true)
}

#[test]
fn sms_reads_as_line_by_line() {
    let mut rng = ChaCha8Rng::seed_from_u64(13);
    let (mut read_ok, mut errors) = (0, 0);
    for case in 0..3000 {
        let (rows, cols) = (rng.gen_range(1..7usize), rng.gen_range(1..7usize));
        let junk = [0.0, 0.0, 0.02].choose(&mut rng).copied().unwrap();
        let mut file = format!("\n{rows} {cols} M\r\n");
        for _ in 0..rng.gen_range(0..8) {
            file += &coordinate_line(&mut rng, rows, cols, true, junk);
        }
        match rng.gen_range(0..12) {
            0 => {}                        // no terminator
            1 => file += "0 0 0\n1 1 1\n", // data after it
            2 => file += "0 0 0.0\n",      // not an integer zero
            3 => file += "00 -0 +0\n\n  \n",
            4 => file += "0 0 7\n",
            _ => file += "0 0 0",
        }
        if rng.gen_bool(0.2) {
            file = file.trim_end().to_string(); // no final newline
        }
        let fast = sms::read(file.as_bytes());
        assert_eq!(
            fast,
            sms::read_line_by_line(file.as_bytes()),
            "case {case}: {file:?}"
        );
        assert_eq!(read_bytes(file.as_bytes(), None), fast, "case {case}");
        if fast.is_ok() {
            read_ok += 1
        } else {
            errors += 1
        }
    }
    assert!(
        read_ok > 500 && errors > 500,
        "{read_ok} read, {errors} refused"
    );
}

#[test]
fn matrix_market_coordinates_read_as_line_by_line() {
    let mut rng = ChaCha8Rng::seed_from_u64(14);
    let (mut read_ok, mut errors) = (0, 0);
    for case in 0..3000 {
        let field = ["integer", "real", "pattern"].choose(&mut rng).unwrap();
        let symmetry = ["general", "general", "symmetric", "skew-symmetric"]
            .choose(&mut rng)
            .unwrap();
        let rows = rng.gen_range(1..7usize);
        let cols = if *symmetry == "general" {
            rng.gen_range(1..7usize)
        } else {
            rows
        };
        let junk = [0.0, 0.0, 0.02].choose(&mut rng).copied().unwrap();
        let lines: Vec<String> = (0..rng.gen_range(0..8))
            .map(|_| coordinate_line(&mut rng, rows, cols, *field != "pattern", junk))
            .collect();
        let declared = match rng.gen_range(0..10) {
            0 => lines.len() + 1,
            1 => lines.len().saturating_sub(1),
            _ => lines.len(),
        };
        let mut file = format!(
            "%%MatrixMarket matrix coordinate {field} {symmetry}\n% c\n{rows} {cols} {declared}\n{}",
            lines.concat()
        );
        if rng.gen_bool(0.3) {
            file = file.trim_end().to_string(); // no final newline
        }
        let fast = matrix_market::read(file.as_bytes());
        let slow = matrix_market::read_line_by_line(file.as_bytes());
        assert_eq!(fast, slow, "case {case}: {file:?}");
        if fast.is_ok() {
            read_ok += 1
        } else {
            errors += 1
        }
    }
    assert!(
        read_ok > 300 && errors > 500,
        "{read_ok} read, {errors} refused"
    );
}
