//! Every certificate the producer writes verifies, through the text format, for every
//! rank of many shapes, small and big entries, both upper-bound routes; the certified
//! rank is cross-checked against Bareiss and the generator's known rank.

use exrank::cert::{self, CertParams, UpperBound, UpperRoute, Verdict};
use exrank::matrix::gen::randrank;
use exrank::{bareiss, ZMatrix};
use rug::Integer;

const ROUTES: [UpperRoute; 3] = [UpperRoute::Auto, UpperRoute::Kernel, UpperRoute::Primes];

/// Builds, writes, parses back and verifies; returns the certificate.
fn certify_and_check(a: &ZMatrix, route: UpperRoute, expected: usize) -> cert::Certificate {
    let c = cert::build(
        a,
        &CertParams {
            upper: route,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(c.rank, expected, "route {route:?} on\n{a}");
    let text = cert::format::write(&c);
    let back = cert::format::parse(&text).unwrap();
    assert_eq!(back, c, "text round trip");
    assert_eq!(
        cert::verify(a, &back),
        Verdict::Certified(expected),
        "{text}"
    );
    let full = expected == a.rows().min(a.cols());
    match (&c.upper, route) {
        (UpperBound::Trivial, _) => assert!(full),
        (UpperBound::Kernel(_), UpperRoute::Kernel | UpperRoute::Auto) => assert!(!full),
        (UpperBound::Primes(_), UpperRoute::Primes | UpperRoute::Auto) => assert!(!full),
        (u, r) => panic!("route {r:?} produced {} evidence", u.name()),
    }
    c
}

#[test]
fn every_rank_of_every_shape_verifies() {
    let shapes = [
        (0, 0),
        (0, 3),
        (3, 0),
        (1, 1),
        (1, 4),
        (4, 1),
        (3, 5),
        (5, 3),
        (6, 6),
        (7, 4),
    ];
    let mut seed = 0;
    for (m, n) in shapes {
        for r in 0..=m.min(n) {
            for bits in [3, 70] {
                seed += 1;
                let a = randrank(m, n, r, bits, 4 * (m + n), seed);
                assert_eq!(bareiss::rank(&a), r, "generator");
                for route in ROUTES {
                    certify_and_check(&a, route, r);
                }
            }
        }
    }
}

#[test]
fn larger_rank_deficient_and_full_rank_matrices_verify() {
    for (m, n, r, bits) in [
        (20, 20, 20, 8),
        (20, 20, 11, 8),
        (15, 25, 9, 100),
        (25, 12, 12, 30),
    ] {
        let a = randrank(m, n, r, bits, 6 * (m + n), (m * n + r) as u64);
        for route in ROUTES {
            certify_and_check(&a, route, r);
        }
    }
}

#[test]
fn rank_dropping_modulo_the_first_primes_is_not_believed() {
    // diag(p1·p2, 1, 1, 0) has rank 3 over Q but only 2 modulo the producer's first two
    // primes: the kernel check (or a later prime) must catch the unlucky candidate.
    let p: Vec<u64> = cert::prime_stream().take(2).collect();
    let mut a = ZMatrix::zeros(4, 4);
    a[(0, 0)] = Integer::from(p[0]) * p[1];
    a[(1, 1)] = Integer::from(1);
    a[(2, 2)] = Integer::from(1);
    let mut ops = a.clone();
    // Mix columns so the rank drop is not just one visible diagonal entry.
    for i in 0..4 {
        let t = ops[(i, 0)].clone();
        ops[(i, 1)] += t;
    }
    for a in [a, ops] {
        assert_eq!(bareiss::rank(&a), 3);
        for route in [UpperRoute::Kernel, UpperRoute::Primes] {
            certify_and_check(&a, route, 3);
        }
    }
}

#[test]
fn seed_example_has_rank_two_with_the_expected_minor() {
    let a = ZMatrix::from_fn(4, 4, |i, j| (4 * j + i + 1).into());
    let c = certify_and_check(&a, UpperRoute::Kernel, 2);
    // The minor is recomputed here by Bareiss, independently of both sides.
    assert_eq!(c.minor, bareiss::det(&a.submatrix(&c.row_set, &c.col_set)));
    let UpperBound::Kernel(vs) = &c.upper else {
        unreachable!()
    };
    for v in vs {
        let col = ZMatrix::from_vec(4, 1, v.clone());
        assert!(a.mul(&col).is_zero());
    }
}

#[test]
fn heavy_sweep_when_asked() {
    if std::env::var_os("EXRANK_HEAVY").is_none() {
        return;
    }
    let mut seed = 1000;
    for (m, n) in [(12, 12), (9, 16), (16, 9), (30, 30)] {
        for r in 0..=m.min(n) {
            for bits in [1, 20, 200] {
                seed += 1;
                let a = randrank(m, n, r, bits, 8 * (m + n), seed);
                for route in ROUTES {
                    certify_and_check(&a, route, r);
                }
            }
        }
    }
}

#[test]
fn pivot_hints_are_used_but_never_trusted() {
    let a = randrank(7, 9, 5, 20, 60, 99);
    let e = bareiss::eliminate(&a);
    let hinted = |rows: Vec<usize>, cols: Vec<usize>, route| {
        let params = CertParams {
            upper: route,
            pivots: Some((rows, cols)),
        };
        let c = cert::build(&a, &params).unwrap();
        assert_eq!(cert::verify(&a, &c), Verdict::Certified(5));
        c
    };
    for route in ROUTES {
        // The exact pivots are taken as they are.
        let c = hinted(e.pivot_rows.clone(), e.pivot_cols.clone(), route);
        assert_eq!(
            (c.row_set, c.col_set),
            (e.pivot_rows.clone(), e.pivot_cols.clone())
        );
        // Too few pivots: a smaller nonsingular minor, corrected up to the true rank.
        hinted(
            e.pivot_rows[..3].to_vec(),
            e.pivot_cols[..3].to_vec(),
            route,
        );
        // Nonsense hints (singular, repeated, out of range, ragged) are ignored.
        hinted(vec![0, 1, 2, 3, 4, 5], vec![0, 1, 2, 3, 4, 5], route);
        hinted(vec![0, 0], vec![1, 2], route);
        hinted(vec![0, 70], vec![1, 2], route);
        hinted(vec![0, 1], vec![1], route);
    }
}

#[test]
fn bounds_beyond_the_primes_are_refused_not_miscomputed() {
    // One entry of 9·10^7 + 2 bits: its determinant needs more than the producer's primes.
    let a = ZMatrix::from_vec(1, 1, vec![Integer::from(1) << 90_000_001u32]);
    match cert::build(&a, &CertParams::default()) {
        Err(exrank::Error::TooLarge(msg)) => assert!(msg.contains("Hadamard"), "{msg}"),
        other => panic!("expected a too-large error, got {other:?}"),
    }
}

#[test]
fn exact_minor_and_kernel_agree_with_bareiss() {
    // Minors from the solve-and-few-primes route (ranks up to 40, entries up to 60 bits)
    // against Bareiss' determinant; kernels against Bareiss' rank of [A; N^T] rows.
    for (m, n, r, bits, seed) in [
        (30, 30, 30, 8, 1),
        (24, 30, 17, 60, 2),
        (40, 41, 40, 20, 3),
        (35, 35, 20, 5, 4),
    ] {
        let a = randrank(m, n, r, bits, 4 * (m + n), seed);
        for route in ROUTES {
            let c = certify_and_check(&a, route, r);
            let b = a.submatrix(&c.row_set, &c.col_set);
            assert_eq!(c.minor, bareiss::det(&b), "{m}x{n} rank {r}, {bits} bits");
            if r > 2 {
                assert!(c.minor_solution.is_some(), "a solve for a {r}x{r} minor");
            }
            if let UpperBound::Kernel(vs) = &c.upper {
                let k = ZMatrix::from_fn(n, vs.len(), |i, t| vs[t][i].clone());
                assert!(a.mul(&k).is_zero());
                // Independent and spanning: rank N = n - r, which Bareiss confirms.
                assert_eq!(bareiss::rank(&k), n - r);
            }
        }
    }
}
