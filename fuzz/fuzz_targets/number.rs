#![no_main]
// The number parser: never panics; an accepted token's value is canonical and, when the
// token is a plain integer, agrees with an independent parse.
use exrank::io::number::{parse, Syntax};
use exrank::io::Scalar;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for syntax in [Syntax::Integer, Syntax::Decimal, Syntax::Any] {
        if let Ok(v) = parse(data, syntax) {
            if let Scalar::Rat(q) = &v {
                // Canonical: a Rat is never an integer that fits in i64.
                assert!(!(*q.denom() == 1 && q.numer().to_i64().is_some()));
            }
            if syntax == Syntax::Integer {
                let s = std::str::from_utf8(data).unwrap();
                let s = s.strip_prefix('+').unwrap_or(s);
                let oracle = rug::Integer::from_str_radix(s, 10).unwrap();
                assert_eq!(v.to_rational(), oracle);
            }
        }
    }
});
