//! The certificate text format: round trips, and every malformed input is a parse error
//! that names its line (never a panic, never a silent default).

use exrank::cert::{self, format, CertParams, UpperRoute};
use exrank::matrix::gen::randrank;
use exrank::ParseErrorKind;

fn sample(route: UpperRoute) -> String {
    let a = randrank(4, 6, 3, 30, 30, 5);
    format::write(
        &cert::build(
            &a,
            &CertParams {
                upper: route,
                ..Default::default()
            },
        )
        .unwrap(),
    )
}

/// Parses `text` expecting an error of `kind` on line `line`.
fn fails(text: &str, kind: ParseErrorKind, line: usize) {
    let e = format::parse(text).unwrap_err();
    assert_eq!((e.kind.clone(), e.line), (kind, line), "{e}\n{text}");
}

/// Replaces the first line starting with `prefix` by `with`.
fn edit(text: &str, prefix: &str, with: &str) -> String {
    let mut done = false;
    text.lines()
        .map(|l| {
            if !done && l.starts_with(prefix) {
                done = true;
                with.to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn line_of(text: &str, prefix: &str) -> usize {
    text.lines().position(|l| l.starts_with(prefix)).unwrap() + 1
}

#[test]
fn written_certificates_parse_back_identically() {
    for route in [UpperRoute::Kernel, UpperRoute::Primes] {
        let text = sample(route);
        let c = format::parse(&text).unwrap();
        assert_eq!(format::write(&c), text);
        // Comments and blank lines anywhere are ignored.
        let spaced = text.replace('\n', "\n\n# note\n");
        assert_eq!(format::parse(&spaced).unwrap(), c);
    }
}

#[test]
fn header_problems() {
    let text = sample(UpperRoute::Kernel);
    fails("", ParseErrorKind::Empty, 0);
    fails(
        &edit(&text, "exrank-certificate", "exrank-certificate 3"),
        ParseErrorKind::Unsupported,
        1,
    );
    fails(
        &edit(&text, "exrank-certificate", "%%MatrixMarket matrix"),
        ParseErrorKind::BadHeader,
        1,
    );
    let ln = line_of(&text, "fingerprint");
    fails(
        &edit(&text, "fingerprint", "fingerprint md5 00"),
        ParseErrorKind::Unsupported,
        ln,
    );
    fails(
        &edit(&text, "fingerprint", "fingerprint fnv1a64 xyz"),
        ParseErrorKind::BadNumber,
        ln,
    );
}

#[test]
fn field_problems_name_their_line() {
    let text = sample(UpperRoute::Kernel);
    let ln = line_of(&text, "shape");
    fails(
        &edit(&text, "shape", "shape 4"),
        ParseErrorKind::CountMismatch,
        ln,
    );
    fails(
        &edit(&text, "shape", "shape 4 -6"),
        ParseErrorKind::BadNumber,
        ln,
    );
    let ln = line_of(&text, "rank");
    fails(
        &edit(&text, "rank", "rank 99999999999999999999999"),
        ParseErrorKind::BadNumber,
        ln,
    );
    fails(
        &edit(&text, "rank", "rows 0 1 2"),
        ParseErrorKind::BadHeader,
        ln,
    );
    let ln = line_of(&text, "cols");
    fails(
        &edit(&text, "cols", "cols 0 1 +2"),
        ParseErrorKind::BadNumber,
        ln,
    );
    let ln = line_of(&text, "minor ");
    fails(
        &edit(&text, "minor ", "minor 1_000"),
        ParseErrorKind::BadNumber,
        ln,
    );
    fails(
        &edit(&text, "minor ", "minor -"),
        ParseErrorKind::BadNumber,
        ln,
    );
    let ln = line_of(&text, "minor-prime");
    fails(
        &edit(&text, "minor-prime", "minor-prime 18446744073709551616"),
        ParseErrorKind::BadNumber,
        ln,
    );
    let ln = line_of(&text, "kernel ");
    fails(
        &edit(&text, "kernel ", "kernel 1 2 x"),
        ParseErrorKind::BadNumber,
        ln,
    );
    let ln = line_of(&text, "upper");
    fails(
        &edit(&text, "upper", "upper kernels 3"),
        ParseErrorKind::BadHeader,
        ln,
    );
}

#[test]
fn declared_counts_are_checked_without_trusting_them() {
    let text = sample(UpperRoute::Primes);
    let k: usize = text.lines().find(|l| l.starts_with("upper")).unwrap()[13..]
        .parse()
        .unwrap();
    let end = line_of(&text, "end");
    // One prime more declared than listed: `end` arrives where a prime was promised.
    fails(
        &edit(&text, "upper", &format!("upper primes {}", k + 1)),
        ParseErrorKind::BadHeader,
        end,
    );
    // One fewer declared: the last prime stands where `end` should be.
    fails(
        &edit(&text, "upper", &format!("upper primes {}", k - 1)),
        ParseErrorKind::BadHeader,
        end - 1,
    );
    // A huge declared count is not an allocation: it fails where the lines run out.
    fails(
        &edit(&text, "upper", "upper primes 18446744073709551615"),
        ParseErrorKind::BadHeader,
        end,
    );
    // Truncated before `end`, and text after it.
    let cut: String = text
        .lines()
        .take(end - 1)
        .map(|l| format!("{l}\n"))
        .collect();
    fails(&cut, ParseErrorKind::CountMismatch, end - 1);
    fails(
        &format!("{text}prime 7\n"),
        ParseErrorKind::CountMismatch,
        end + 1,
    );
}
