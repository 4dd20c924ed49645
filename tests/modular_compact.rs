//! The doubles-only path (a file's machine integers handed to the engine by value, no GMP
//! matrix) must give exactly the answer of the GMP path, which Bareiss checks
//! independently; and on small entries it must not build the GMP matrix after all, which
//! is the memory it exists to save.

use exrank::matrix::gen::{randrank, uniform, uniform_bits};
use exrank::modular::multimodular::{rank_over_q, rank_over_q_of, Goal, Options, UpperBound};
use exrank::modular::{dixon, SmallEntries};
use exrank::rank::rank_of_integers;
use exrank::{bareiss, rank_with, CertaintyGoal, Method, RankParams, ZMatrix};

/// The row-major entries of `a` as machine integers (every test matrix fits).
fn integers(a: &ZMatrix) -> Vec<i64> {
    a.as_slice()
        .iter()
        .map(|x| x.to_i64().expect("test entries fit in i64"))
        .collect()
}

/// Runs both paths with `opts`, checks they agree in every field and with Bareiss, and
/// returns the doubles-only source (to ask whether it built the GMP form) and the answer.
fn both_paths(a: &ZMatrix, opts: &Options) -> (SmallEntries<'static>, UpperBound) {
    let src = SmallEntries::from_integers(a.rows(), a.cols(), integers(a)).unwrap();
    let compact = rank_over_q_of(&src, opts);
    let gmp = rank_over_q(a, opts);
    assert_eq!(compact, gmp, "{}x{}", a.rows(), a.cols());
    assert_eq!(compact.rank, bareiss::rank(a), "{}x{}", a.rows(), a.cols());
    (src, compact.upper_bound)
}

#[test]
fn every_route_agrees_with_the_gmp_path_and_bareiss() {
    let dixon = Options {
        kernel_check: Some(dixon::kernel_check),
        ..Default::default()
    };
    let probabilistic = Options {
        goal: Goal::Probabilistic { primes: 2 },
        seed: Some(7),
        ..Default::default()
    };
    let mut routes = Vec::new();
    for (seed, &(m, n, r)) in [
        (30, 30, 30),
        (30, 30, 29),
        (40, 25, 17),
        (25, 40, 3),
        (12, 12, 0),
        (1, 9, 1),
        (9, 1, 0),
    ]
    .iter()
    .enumerate()
    {
        let a = randrank(m, n, r, 6, 4 * (m + n), seed as u64);
        for opts in [&Options::default(), &dixon, &probabilistic] {
            let (src, route) = both_paths(&a, opts);
            // Small entries: neither the elimination, the Hadamard bound nor the lifting
            // needs the GMP matrix.
            assert!(!src.holds_gmp_matrix(), "{m}x{n} rank {r}: {route:?}");
            routes.push(std::mem::discriminant(&route));
        }
    }
    for route in [
        UpperBound::FullRank,
        UpperBound::Kernel,
        UpperBound::Primes { bound_sq: 0.into() },
    ] {
        assert!(
            routes.contains(&std::mem::discriminant(&route)),
            "{route:?} was not exercised"
        );
    }
}

#[test]
fn wide_entries_fall_back_to_the_gmp_form_and_still_agree() {
    // Entries up to 2⁴⁰: doubles still, but past the lifting's word-size gather.
    let a = uniform_bits(12, 5, 40, 3).mul(&uniform(5, 12, 9, 4));
    let opts = Options {
        kernel_check: Some(dixon::kernel_check),
        ..Default::default()
    };
    let (_, route) = both_paths(&a, &opts);
    assert_eq!(route, UpperBound::Kernel);
}

#[test]
fn entries_past_two_to_the_51_are_handed_back() {
    let v = vec![1, 1 << 51, 0, 2];
    assert_eq!(
        SmallEntries::from_integers(2, 2, v.clone()).err(),
        Some(v.clone())
    );
    // ... and the rank entry takes the GMP route for them.
    let a = ZMatrix::from_i64_rows(&[vec![1, 1 << 51], vec![0, 2]]).unwrap();
    let modular = RankParams {
        method: Method::Modular,
        ..Default::default()
    };
    let r = rank_of_integers(2, 2, v, &modular).unwrap();
    assert_eq!(r, rank_with(&a, &modular).unwrap());
}

#[test]
fn rank_of_integers_matches_rank_with_for_every_method() {
    let a = uniform(20, 4, 50, 1).mul(&uniform(4, 18, 50, 2));
    let params = [
        RankParams::default(),
        RankParams {
            method: Method::Bareiss,
            ..Default::default()
        },
        RankParams {
            method: Method::Sparse,
            ..Default::default()
        },
        RankParams {
            modulus: Some(5),
            ..Default::default()
        },
        RankParams {
            certainty: CertaintyGoal::Probabilistic { primes: 3 },
            threads: Some(1),
            ..Default::default()
        },
    ];
    for p in &params {
        let got = rank_of_integers(a.rows(), a.cols(), integers(&a), p).unwrap();
        let want = rank_with(&a, p).unwrap();
        // Probabilistic primes are random: compare what does not depend on the draw.
        assert_eq!(
            (got.rank, got.method, got.field),
            (want.rank, want.method, want.field)
        );
        assert_eq!(got.certainty.label(), want.certainty.label());
        let independent = match p.modulus {
            Some(q) => exrank::modular::gfp::rank_mod_p(&a, q).rank,
            None => bareiss::rank(&a),
        };
        assert_eq!(got.rank, independent);
    }
}

/// `exrank rank --json` on the same integer matrix written as text, Matrix Market array
/// (column-major, read through the blocked transpose) and .npy: each file takes the
/// doubles-only path, and all give the library's answer on the GMP matrix.
#[test]
fn cli_files_of_machine_integers_give_the_gmp_answer() {
    let a = randrank(40, 33, 17, 8, 300, 9);
    let want = rank_with(&a, &RankParams::default()).unwrap();
    let dir = std::env::temp_dir().join(format!("exrank-compact-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let parsed = exrank::io::Parsed::from(&a);
    assert!(matches!(parsed.entries, exrank::io::Entries::DenseInt(_)));
    let mut files = Vec::new();
    let mut text = Vec::new();
    exrank::io::write::text(&mut text, &parsed).unwrap();
    files.push(("m.txt", text));
    let mut mtx = Vec::new();
    exrank::io::write::matrix_market_array(&mut mtx, &a).unwrap();
    files.push(("m.mtx", mtx));
    let mut npy = Vec::new();
    exrank::io::npy::write_i64(&mut npy, a.rows(), a.cols(), &integers(&a)).unwrap();
    files.push(("m.npy", npy));
    for (name, bytes) in files {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        let read = exrank::io::read_path(path.to_str().unwrap()).unwrap();
        assert_eq!(read.entries, parsed.entries, "{name}");
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_exrank"))
            .args(["rank", "--json", path.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(out.status.success(), "{name}");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["rank"], 17, "{name}");
        assert_eq!(v["certainty"], "certified", "{name}");
        assert_eq!(
            v["pivot_rows"],
            serde_json::json!(want.pivot_rows),
            "{name}"
        );
        assert_eq!(
            v["pivot_cols"],
            serde_json::json!(want.pivot_cols),
            "{name}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
