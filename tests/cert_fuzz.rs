//! Soundness under random tampering: whatever is changed in a genuine certificate, the
//! verifier either rejects it or certifies a claim that is true — the rank equals the
//! Bareiss rank and the minor equals the Bareiss determinant of A[I, J] (both computed
//! here independently of the producer and the verifier).

use exrank::cert::{self, CertParams, Certificate, UpperBound, UpperRoute, Verdict};
use exrank::matrix::gen::randrank;
use exrank::{bareiss, ZMatrix};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rug::Integer;

fn mutate(c: &mut Certificate, rng: &mut ChaCha8Rng) {
    let small = |rng: &mut ChaCha8Rng| Integer::from(rng.gen_range(-3i64..=3));
    match rng.gen_range(0..8) {
        0 => c.rank = (c.rank + rng.gen_range(1..3)) % (c.rows.min(c.cols) + 2),
        1 if !c.row_set.is_empty() => {
            let k = rng.gen_range(0..c.row_set.len());
            c.row_set[k] = rng.gen_range(0..c.rows + 1);
        }
        2 if !c.col_set.is_empty() => {
            let k = rng.gen_range(0..c.col_set.len());
            c.col_set[k] = rng.gen_range(0..c.cols + 1);
        }
        3 => c.minor += small(rng),
        4 => c.minor_prime = rng.gen_range(2..100),
        5 => match &mut c.upper {
            UpperBound::Kernel(vs) if !vs.is_empty() => {
                let t = rng.gen_range(0..vs.len());
                let j = rng.gen_range(0..vs[t].len());
                vs[t][j] += small(rng);
            }
            UpperBound::Primes(ps) if !ps.is_empty() => {
                let k = rng.gen_range(0..ps.len());
                ps[k] = rng.gen_range(2..1 << 20);
            }
            _ => c.upper = UpperBound::Primes(vec![rng.gen_range(2..1000)]),
        },
        6 => match &mut c.upper {
            UpperBound::Kernel(vs) => {
                vs.pop();
            }
            UpperBound::Primes(ps) => {
                ps.pop();
            }
            UpperBound::Trivial => c.upper = UpperBound::Kernel(vec![]),
        },
        _ => {
            c.rank = c.rank.saturating_sub(1);
            c.row_set.pop();
            c.col_set.pop();
        }
    }
}

fn claim_is_true(a: &ZMatrix, c: &Certificate) -> bool {
    bareiss::rank(a) == c.rank && bareiss::det(&a.submatrix(&c.row_set, &c.col_set)) == c.minor
}

#[test]
fn random_tampering_never_certifies_a_false_claim() {
    let mut rng = ChaCha8Rng::seed_from_u64(2026);
    let (mut rejected, mut trials) = (0, 0);
    for case in 0..60u64 {
        let (m, n) = (rng.gen_range(1..6), rng.gen_range(1..6));
        let r = rng.gen_range(0..=m.min(n));
        let a = randrank(m, n, r, rng.gen_range(1..12), 3 * (m + n), case);
        for route in [UpperRoute::Kernel, UpperRoute::Primes] {
            let genuine = cert::build(
                &a,
                &CertParams {
                    upper: route,
                    ..Default::default()
                },
            )
            .unwrap();
            for _ in 0..25 {
                let mut c = genuine.clone();
                for _ in 0..rng.gen_range(1..3) {
                    mutate(&mut c, &mut rng);
                }
                trials += 1;
                match cert::verify(&a, &c) {
                    Verdict::Certified(rank) => {
                        assert_eq!(rank, c.rank);
                        assert!(claim_is_true(&a, &c), "false claim certified:\n{a}\n{c:?}");
                    }
                    Verdict::Rejected(_) => rejected += 1,
                }
            }
        }
    }
    // Most mutations break the proof; some are harmless and rightly accepted (another
    // minor-prime not dividing the minor, a prime list with slack to spare).
    assert!(
        rejected * 3 > trials * 2,
        "only {rejected} of {trials} rejected"
    );
}
