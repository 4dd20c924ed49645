//! The blocked GF(p) kernels against the reference elimination (`modular::gfp`): rank,
//! pivot rows and pivot columns must be identical, for primes at every boundary the
//! kernels care about (f64 direct products below ~2²³·⁵, the f64 split path up to 2²⁶,
//! the u64 digit path above), on shapes around the recursion's base width, on
//! rank-deficient matrices and on matrices whose rank drops modulo p only.

use exrank::matrix::gen::{randrank, uniform, uniform_bits};
use exrank::modular::{self, gfp, gfp_u64::rank_u64, reduce_zmatrix};
use exrank::ZMatrix;
use rug::Integer;

const PRIMES: [u64; 11] = [
    2,
    3,
    101,
    8_388_593,                 // largest prime below 2^23: f64, direct products
    33_554_393,                // largest prime below 2^25: f64, split
    67_108_859,                // largest prime below 2^26: f64, split
    2_147_483_647,             // 2^31 − 1: u64
    4_294_967_291,             // largest prime below 2^32
    4_294_967_311,             // smallest prime above 2^32
    4_611_686_018_427_387_847, // near 2^62
    9_223_372_036_854_775_783, // 2^63 − 25, the largest prime below 2^63
];

/// The dispatched kernel (one thread and two) and, for every p, the u64 kernel forced.
fn check(a: &ZMatrix, p: u64) {
    let want = gfp::rank_mod_p(a, p);
    let what = format!("p = {p}, shape {}x{}", a.rows(), a.cols());
    assert_eq!(modular::rank_mod_p(a, p), want, "{what}");
    let mut res = reduce_zmatrix(a, p);
    let par = modular::rank_residues(&mut res, a.rows(), a.cols(), p, faer::Par::rayon(2));
    assert_eq!(par, want, "{what}, two threads");
    let mut res = reduce_zmatrix(a, p);
    let forced = rank_u64(&mut res, a.rows(), a.cols(), p, faer::Par::Seq);
    assert_eq!(forced, want, "{what}, u64 kernel");
}

#[test]
fn every_prime_is_prime() {
    for p in PRIMES {
        assert!(modular::prime::is_prime(p), "{p}");
    }
}

#[test]
fn kernels_match_reference_across_shapes_and_ranks() {
    // 16 is the base width: 17 and 33 force one and two levels of recursion with odd
    // halves; 100 × 130 several, with ragged right edges.
    let shapes = [
        (1, 1),
        (16, 16),
        (17, 17),
        (17, 40),
        (40, 17),
        (33, 33),
        (100, 130),
    ];
    for (s, &(m, n)) in shapes.iter().enumerate() {
        let min: usize = m.min(n);
        let mut ranks = vec![0, 1, min / 2, min.saturating_sub(1), min];
        ranks.dedup();
        for r in ranks {
            let a = randrank(m, n, r, 30, 3 * (m + n), 500 + 10 * s as u64 + r as u64);
            for p in PRIMES {
                check(&a, p);
            }
        }
    }
}

#[test]
fn kernels_match_reference_on_large_entries() {
    // Residues spread over all of [0, p), for every p, including 62-bit ones.
    for (seed, &(m, n)) in [(90, 90), (64, 120)].iter().enumerate() {
        let a = uniform_bits(m, n, 70, 40 + seed as u64);
        for p in PRIMES {
            check(&a, p);
        }
        let low = uniform_bits(m, 30, 40, 50 + seed as u64).mul(&uniform(30, n, 5, 60));
        for p in PRIMES {
            check(&low, p);
        }
    }
}

#[test]
fn rank_drops_modulo_p_are_found_not_assumed() {
    for p in PRIMES {
        let n = 45;
        // Column 30 = column 3 + p·(old column 30): independent over Q (Bareiss
        // says), equal to column 3 modulo p. Row 40 = p·row 40.
        let base = uniform(n, n, 50, p % 1000);
        let b = |i: usize, j: usize| base.as_slice()[i * n + j].clone();
        let a = ZMatrix::from_fn(n, n, |i, j| {
            let x = if j == 30 {
                b(i, 3) + Integer::from(p) * b(i, 30)
            } else {
                b(i, j)
            };
            if i == 40 {
                x * Integer::from(p)
            } else {
                x
            }
        });
        let over_q = exrank::bareiss::rank(&a);
        let e = modular::rank_mod_p(&a, p);
        assert!(e.rank < over_q, "p = {p}: {} vs {}", e.rank, over_q);
        assert!(
            !e.pivot_cols.contains(&30) && !e.pivot_rows.contains(&40),
            "p = {p}"
        );
        check(&a, p);
        // diag(p, 1, …, 1) has rank n − 1 modulo p.
        let d = ZMatrix::from_fn(20, 20, |i, j| match (i == j, i) {
            (true, 0) => Integer::from(p),
            (true, _) => Integer::from(1),
            _ => Integer::new(),
        });
        assert_eq!(modular::rank_mod_p(&d, p).rank, 19, "p = {p}");
        check(&d, p);
    }
}

#[test]
fn parallel_row_blocks_match_reference() {
    // Large enough that updates are cut into row blocks of at least 64 rows on two
    // threads (rows below the first pivots ≥ 129), full rank and rank-deficient.
    let full = uniform(290, 300, 1000, 71);
    let low = uniform(290, 140, 30, 72).mul(&uniform(140, 300, 30, 73));
    for a in [&full, &low] {
        for p in [8_388_593, 67_108_859, 9_223_372_036_854_775_783] {
            let want = gfp::rank_mod_p(a, p);
            let mut res = reduce_zmatrix(a, p);
            let got = modular::rank_residues(&mut res, a.rows(), a.cols(), p, faer::Par::rayon(2));
            assert_eq!(got, want, "p = {p}, rank {}", want.rank);
        }
    }
}

/// Deeper recursion (n = 600: top updates of inner dimension 300) against the reference;
/// about 10 s, so only with `EXRANK_HEAVY=1`.
#[test]
fn heavy_sweep_deep_recursion() {
    if std::env::var("EXRANK_HEAVY").as_deref() != Ok("1") {
        return;
    }
    let full = uniform_bits(600, 600, 64, 81);
    let low = uniform(600, 250, 100, 82).mul(&uniform(250, 600, 100, 83));
    for a in [&full, &low] {
        for p in [
            67_108_859,
            4_611_686_018_427_387_847,
            9_223_372_036_854_775_783,
        ] {
            check(a, p);
        }
    }
}

/// Oracle for the word fast path of `reduce_zmatrix`: i128 remainders for values that fit,
/// GMP's Euclidean remainder otherwise (neither is `residue`).
fn oracle_residue(x: &Integer, p: u64) -> u64 {
    match x.to_i128() {
        Some(v) => v.rem_euclid(p as i128) as u64,
        None => x.clone().div_rem_euc(Integer::from(p)).1.to_u64().unwrap(),
    }
}

#[test]
fn reduce_zmatrix_word_path_matches_residue_at_every_boundary() {
    // Magnitudes around p (the add-p branch), 2^51 (the f64 branch), 2^63 (the i64 limit:
    // −2^63 is a word, +2^63 is not), 2^64 and beyond; placed so that the first big entry
    // lands mid-matrix (word prefix, then `residue` for the rest) or nowhere at all.
    let pow = |e: u32| Integer::from(1) << e;
    for p in [
        2u64,
        5,
        65_521,
        67_108_859,
        2_147_483_647,
        (1 << 61) - 1,
        9_223_372_036_854_775_783,
    ] {
        let mut around: Vec<Integer> = vec![0.into(), 1.into(), 100.into()];
        for c in [Integer::from(p), pow(51), pow(63), pow(64), pow(100)] {
            for d in [-1, 0, 1] {
                around.push(Integer::from(&c + d));
            }
        }
        around.push(Integer::from(i64::MAX));
        around.push(Integer::from(i64::MIN));
        let signed: Vec<Integer> = around
            .iter()
            .flat_map(|x| [x.clone(), Integer::from(-x)])
            .collect();
        let fits = |x: &Integer| x.to_i64().is_some();
        let below = |b: Integer| move |x: &Integer| x.clone().abs() < b;
        let sets: [Vec<Integer>; 4] = [
            signed
                .iter()
                .filter(|x| below(Integer::from(p))(x))
                .cloned()
                .collect(),
            signed
                .iter()
                .filter(|x| below(pow(51))(x))
                .cloned()
                .collect(),
            signed.iter().filter(|x| fits(x)).cloned().collect(),
            signed.clone(),
        ];
        for set in sets {
            // Two columns: a cyclic shift keeps big entries away from the first position.
            let n = set.len();
            let data: Vec<Integer> = (0..2 * n).map(|k| set[(k + n / 2) % n].clone()).collect();
            let a = ZMatrix::from_vec(n, 2, data);
            let got = reduce_zmatrix(&a, p);
            for (x, &r) in a.as_slice().iter().zip(&got) {
                assert_eq!(r, oracle_residue(x, p), "p = {p}, x = {x}");
                assert_eq!(r, modular::residue(x, p), "p = {p}, x = {x}");
            }
        }
    }
}
