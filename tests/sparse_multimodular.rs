//! What the rank over Q claims, with an unlucky prime planted: the maximum over primes
//! is a proved lower bound, and the upper bound is only claimed with a proof or a stated
//! error probability.

use exrank::io::{Entries, Parsed, Scalar};
use exrank::sparse::{rank_parsed, SparseParams};
use exrank::Certainty;

const P1: u64 = 1_073_741_827; // prime, just above 2^30
const P2: u64 = 1_073_741_831; // prime

fn diag(a: i64, b: i64) -> Parsed {
    Parsed {
        rows: 2,
        cols: 2,
        entries: Entries::Coordinate(vec![(0, 0, Scalar::Int(a)), (1, 1, Scalar::Int(b))]),
    }
}

#[test]
fn an_unlucky_prime_alone_proves_only_the_lower_bound() {
    // diag(P1, 1) has rank 2; mod P1 it has rank 1.
    let params = SparseParams {
        primes: Some(vec![P1]),
        ..SparseParams::quiet()
    };
    let r = rank_parsed(&diag(P1 as i64, 1), &params).unwrap();
    assert_eq!(r.rank, 1);
    let Certainty::Probabilistic {
        error_bound,
        argument,
    } = r.certainty
    else {
        panic!("an unlucky prime must not certify");
    };
    assert_eq!(error_bound, 1.0);
    assert!(
        argument.contains("rank ≥ 1 is proved") && argument.contains("chosen by the user"),
        "{argument}"
    );
}

#[test]
fn a_second_prime_recovers_and_certifies() {
    let params = SparseParams {
        primes: Some(vec![P1, P2]),
        ..SparseParams::quiet()
    };
    let r = rank_parsed(&diag(P1 as i64, 1), &params).unwrap();
    assert_eq!((r.rank, r.certainty), (2, Certainty::Certified));
}

#[test]
fn hadamard_proof_needs_the_product_of_primes_above_the_bound() {
    // [[3, 3], [1, 1]]: rank 1; Hadamard bounds the 2-minor by √18·√2 = 6, so one
    // 30-bit prime proves rank ≤ 1.
    let e = vec![
        (0, 0, Scalar::Int(3)),
        (0, 1, Scalar::Int(3)),
        (1, 0, Scalar::Int(1)),
        (1, 1, Scalar::Int(1)),
    ];
    let parsed = Parsed {
        rows: 2,
        cols: 2,
        entries: Entries::Coordinate(e),
    };
    let r = rank_parsed(
        &parsed,
        &SparseParams {
            primes: Some(vec![P1]),
            ..SparseParams::quiet()
        },
    )
    .unwrap();
    assert_eq!((r.rank, r.certainty), (1, Certainty::Certified));
    // With a zero proof budget the same answer is only probabilistic (random primes).
    let params = SparseParams {
        max_proof_primes: 0,
        seed: Some(5),
        ..SparseParams::quiet()
    };
    let r = rank_parsed(&parsed, &params).unwrap();
    assert_eq!(r.rank, 1);
    assert!(
        matches!(r.certainty, Certainty::Probabilistic { error_bound, .. } if error_bound <= 1e-20)
    );
}
