//! Empty and zero matrices through every merged route (the binary cannot read 0×n files
//! until the text reader can, so these go through the library): each must answer rank 0
//! with an empty minor, and the certificate must round-trip and verify.

use exrank::cert::{self, CertParams, UpperRoute, Verdict};
use exrank::minors::{self, exhaustive, max_abs, LexOrder};
use exrank::ZMatrix;

fn shapes() -> Vec<ZMatrix> {
    vec![
        ZMatrix::zeros(0, 0),
        ZMatrix::zeros(0, 3),
        ZMatrix::zeros(3, 0),
        ZMatrix::zeros(1, 1),
        ZMatrix::zeros(2, 5),
    ]
}

#[test]
fn every_minor_route_gives_the_empty_minor() {
    for a in shapes() {
        let shape = (a.rows(), a.cols());
        let routes = [
            minors::from_pivots(&a).unwrap(),
            minors::lex_first(&a, LexOrder::Rows).unwrap(),
            minors::lex_first(&a, LexOrder::Cols).unwrap(),
            max_abs::max_abs(&a, u64::MAX).unwrap(),
            exhaustive::largest_nonzero(&a, LexOrder::Rows, u64::MAX)
                .unwrap()
                .minor,
        ];
        for m in routes {
            assert_eq!(m.size, 0, "{shape:?}");
            assert!(m.rows.is_empty() && m.cols.is_empty(), "{shape:?}");
            assert_eq!(m.value, 1, "{shape:?}: the empty determinant is 1");
        }
    }
}

#[test]
fn certificates_of_rank_zero_round_trip_and_verify() {
    for a in shapes() {
        for upper in [UpperRoute::Auto, UpperRoute::Kernel, UpperRoute::Primes] {
            let params = CertParams {
                upper,
                ..Default::default()
            };
            let c = cert::build(&a, &params).unwrap();
            let shape = (a.rows(), a.cols());
            assert_eq!(c.rank, 0, "{shape:?} {upper:?}");
            let text = cert::format::write(&c);
            let back = cert::format::parse(&text).unwrap();
            assert_eq!(back, c, "{shape:?} {upper:?}");
            assert_eq!(
                cert::verify(&a, &back),
                Verdict::Certified(0),
                "{shape:?} {upper:?}"
            );
            // Claiming rank 1 of a zero matrix must not verify.
            let mut lie = back.clone();
            lie.rank = 1;
            assert_ne!(cert::verify(&a, &lie), Verdict::Certified(1), "{shape:?}");
        }
    }
}
