//! Every family gives the exact rank theory predicts, checked two ways: the harness's
//! exact route (full rank mod p, else the dispatcher) and the reference Bareiss directly.

use exrank::float::families::{magic, pascal};
use exrank::float::{exact_rank, Family};

#[test]
fn every_family_has_its_known_exact_rank() {
    let sizes: &[(Family, std::ops::RangeInclusive<usize>)] = &[
        (Family::Consecutive, 1..=9),
        (Family::Magic, 1..=16),
        (Family::Hilbert, 1..=15),
        (Family::Pascal, 1..=12),
        (Family::Vandermonde, 1..=12),
        (Family::Lauchli, 1..=6),
        (Family::LowRank, 1..=12),
        (Family::RandRank, 1..=10),
        (Family::Lora, 4..=12),
    ];
    for (family, ns) in sizes {
        for n in ns.clone() {
            for case in family.cases(n) {
                let fast = exact_rank(&case.exact);
                let reference = exrank::bareiss::rank(&case.exact);
                assert!(fast.exact, "{}: not exact", case.name);
                assert_eq!(fast.rank, reference, "{}: two methods disagree", case.name);
                if let Some(k) = case.known_rank {
                    assert_eq!(reference, k, "{}: {}", case.name, case.note);
                }
                assert_eq!(
                    (case.float.rows, case.float.cols),
                    (case.exact.rows(), case.exact.cols())
                );
            }
        }
    }
}

#[test]
fn the_families_that_should_know_their_rank_do() {
    for f in Family::all() {
        let cases = f.cases(8);
        if *f == Family::Lora {
            // The stored rounded product's rank is what we find out, not what we assume.
            assert!(cases[0].known_rank == Some(4) && cases[1].known_rank.is_none());
        } else {
            assert!(cases.iter().all(|c| c.known_rank.is_some()), "{}", f.name());
        }
    }
}

#[test]
fn magic_squares_are_matlabs() {
    // MATLAB's magic(6) and magic(4), verbatim.
    let m6: Vec<Vec<i64>> = vec![
        vec![35, 1, 6, 26, 19, 24],
        vec![3, 32, 7, 21, 23, 25],
        vec![31, 9, 2, 22, 27, 20],
        vec![8, 28, 33, 17, 10, 15],
        vec![30, 5, 34, 12, 14, 16],
        vec![4, 36, 29, 13, 18, 11],
    ];
    assert_eq!(magic(6), exrank::ZMatrix::from_i64_rows(&m6).unwrap());
    let m4 = vec![
        vec![16, 2, 3, 13],
        vec![5, 11, 10, 8],
        vec![9, 7, 6, 12],
        vec![4, 14, 15, 1],
    ];
    assert_eq!(magic(4), exrank::ZMatrix::from_i64_rows(&m4).unwrap());
    // Every construction is a magic square of 1..n².
    for n in 3..=14 {
        let m = magic(n);
        let target = (n * (n * n + 1) / 2) as i64;
        let mut seen: Vec<i64> = m.as_slice().iter().map(|x| x.to_i64().unwrap()).collect();
        seen.sort();
        assert_eq!(seen, (1..=(n * n) as i64).collect::<Vec<_>>(), "n={n}");
        for i in 0..n {
            let row: i64 = (0..n).map(|j| m[(i, j)].to_i64().unwrap()).sum();
            let col: i64 = (0..n).map(|j| m[(j, i)].to_i64().unwrap()).sum();
            assert_eq!((row, col), (target, target), "n={n}");
        }
        let d: i64 = (0..n).map(|i| m[(i, i)].to_i64().unwrap()).sum();
        let a: i64 = (0..n).map(|i| m[(i, n - 1 - i)].to_i64().unwrap()).sum();
        assert_eq!((d, a), (target, target), "n={n}");
    }
}

#[test]
fn pascal_has_determinant_one() {
    for n in 1..=8 {
        assert_eq!(exrank::bareiss::det(&pascal(n)), 1);
    }
}

#[test]
fn lauchli_rank_of_ata_equals_rank_of_a_exactly_but_not_in_floats() {
    for n in 2..=6 {
        let cases = Family::Lauchli.cases(n);
        let (a, ata) = (&cases[0], &cases[1]);
        assert_eq!(exrank::bareiss::rank(&a.exact), n);
        assert_eq!(exrank::bareiss::rank(&ata.exact), n);
        // The float AᵀA is J: every entry rounded to exactly 1.
        assert!(ata.float.data.iter().all(|&x| x == 1.0));
        let r =
            exrank::float::compare(&ata.name, &ata.exact, &ata.float, &Default::default()).unwrap();
        assert_eq!(r.rule("numpy").unwrap().rank, 1);
        let r = exrank::float::compare(&a.name, &a.exact, &a.float, &Default::default()).unwrap();
        assert_eq!(r.rule("numpy").unwrap().rank, n);
    }
}

#[test]
fn hilbert_15_numpy_rule_rank_is_below_15() {
    let c = &Family::Hilbert.cases(15)[0];
    let r = exrank::float::compare(&c.name, &c.exact, &c.float, &Default::default()).unwrap();
    assert_eq!(r.exact.rank, 15);
    let numpy = r.rule("numpy").unwrap();
    assert!(numpy.rank < 15);
    assert_eq!(
        numpy.rank, 12,
        "NumPy itself says 12 for the f64 Hilbert matrix of order 15"
    );
}

#[test]
fn lora_stored_product_has_more_exact_rank_than_its_factors() {
    let n = 24;
    let cases = Family::Lora.cases(n);
    let (ideal, stored) = (&cases[0], &cases[1]);
    let ri = exrank::float::compare(&ideal.name, &ideal.exact, &ideal.float, &Default::default())
        .unwrap();
    let rs = exrank::float::compare(
        &stored.name,
        &stored.exact,
        &stored.float,
        &Default::default(),
    )
    .unwrap();
    assert_eq!(ri.exact.rank, 4);
    assert_eq!(exrank::bareiss::rank(&stored.exact), rs.exact.rank);
    assert!(
        rs.exact.rank > 4,
        "the rounded product is not rank 4 as stored"
    );
    assert_eq!(rs.rule("numpy").unwrap().rank, 4);
    // The ideal case's exact matrix is a power-of-two multiple of B·A computed exactly.
    let (b, a) = exrank::float::families::lora_factors(n, 768);
    let prod = |i: usize, j: usize| {
        (0..4).fold(rug::Rational::new(), |s, k| {
            s + rug::Rational::from_f64(b.get(i, k)).unwrap()
                * rug::Rational::from_f64(a.get(k, j)).unwrap()
        })
    };
    let scale = rug::Rational::from(&ideal.exact[(0, 0)]) / prod(0, 0);
    for (i, j) in [(1, 2), (5, 7), (n - 1, n - 1)] {
        assert_eq!(
            rug::Rational::from(&ideal.exact[(i, j)]),
            prod(i, j) * &scale
        );
    }
}

/// The seed's full-size LoRA case (768×768; a few seconds): run with `EXRANK_HEAVY=1`.
#[test]
fn lora_768_heavy() {
    if std::env::var("EXRANK_HEAVY").as_deref() != Ok("1") {
        println!("SKIPPED: set EXRANK_HEAVY=1 for the 768x768 LoRA case");
        return;
    }
    let cases = Family::Lora.cases(768);
    let (ideal, stored) = (&cases[0], &cases[1]);
    let ri = exrank::float::compare(&ideal.name, &ideal.exact, &ideal.float, &Default::default())
        .unwrap();
    let rs = exrank::float::compare(
        &stored.name,
        &stored.exact,
        &stored.float,
        &Default::default(),
    )
    .unwrap();
    assert_eq!((ri.exact.rank, ri.exact.exact), (4, true));
    assert_eq!((rs.exact.rank, rs.exact.exact), (768, true));
    for r in [&ri, &rs] {
        assert_eq!(r.rule("numpy").unwrap().rank, 4);
    }
}
