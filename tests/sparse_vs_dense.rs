//! The sparse route agrees with the dense references (`modular::rank_mod_p`, Bareiss) on
//! every generator case small enough for dense, and on random sparse integer matrices;
//! the sparse pivots index a submatrix that is nonsingular (checked with Bareiss).

use exrank::io::{Entries, Parsed, Scalar};
use exrank::sparse::complexes::Complex;
use exrank::sparse::{rank_parsed, rank_parsed_mod_p, SparseParams};
use rand::{Rng, SeedableRng};

fn random_sparse(rows: usize, cols: usize, per_row: usize, bound: i64, seed: u64) -> Parsed {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let mut e = Vec::new();
    for i in 0..rows {
        let mut cs: Vec<usize> = (0..per_row).map(|_| rng.gen_range(0..cols)).collect();
        cs.sort_unstable();
        cs.dedup();
        for j in cs {
            e.push((i, j, Scalar::Int(rng.gen_range(-bound..=bound))));
        }
    }
    Parsed {
        rows,
        cols,
        entries: Entries::Coordinate(e),
    }
}

fn check_pivots_nonsingular(parsed: &Parsed, rows: &[usize], cols: &[usize]) {
    let a = parsed.to_zmatrix().submatrix(rows, cols);
    assert_eq!(
        exrank::bareiss::rank(&a),
        rows.len(),
        "pivot submatrix is singular"
    );
}

fn agree(parsed: &Parsed, what: &str) {
    let params = SparseParams {
        seed: Some(11),
        ..SparseParams::quiet()
    };
    let z = parsed.to_zmatrix();
    for p in [2u64, 3, 7, 1_000_003] {
        let dense = exrank::modular::rank_mod_p(&z, p).rank;
        let sparse = rank_parsed_mod_p(parsed, p, &params).unwrap();
        assert_eq!(sparse.rank, dense, "{what} mod {p}");
        let a = z.submatrix(&sparse.pivot_rows, &sparse.pivot_cols);
        assert_eq!(
            exrank::modular::rank_mod_p(&a, p).rank,
            sparse.rank,
            "{what}: pivots mod {p}"
        );
    }
    let q = rank_parsed(parsed, &params).unwrap();
    assert_eq!(q.rank, exrank::bareiss::rank(&z), "{what} over Q");
    check_pivots_nonsingular(parsed, &q.pivot_rows, &q.pivot_cols);
}

#[test]
fn generators_agree_with_dense_routes() {
    for c in [
        Complex::simplex_boundary(4),
        Complex::torus(2, 4),
        Complex::torus(3, 3),
        Complex::klein_bottle(5),
        Complex::projective_plane(5),
    ] {
        for k in 1..=c.dim() {
            agree(&c.boundary(k), &format!("{} ∂{k}", c.name()));
        }
    }
}

#[test]
fn random_sparse_matrices_agree_with_dense_routes() {
    for seed in 0..12u64 {
        let rows = 20 + (seed as usize * 7) % 40;
        let cols = 15 + (seed as usize * 11) % 45;
        let per_row = 1 + seed as usize % 5;
        let bound = [1i64, 3, 1000][seed as usize % 3];
        agree(
            &random_sparse(rows, cols, per_row, bound, seed),
            &format!("random seed {seed}"),
        );
    }
}

#[test]
fn dense_tail_is_exercised_and_agrees() {
    // Density above the switch from the start: the whole matrix goes to the dense tail.
    let parsed = random_sparse(60, 50, 20, 5, 99);
    let params = SparseParams {
        dense_switch_density: 0.0,
        ..SparseParams::quiet()
    };
    let m = exrank::sparse::SparseModMatrix::from_parsed(&parsed, 101).unwrap();
    let e = exrank::sparse::eliminate::eliminate_mod_p(&m, &params);
    assert!(e.dense_tail.is_some());
    assert_eq!(
        e.rank,
        exrank::modular::rank_mod_p(&parsed.to_zmatrix(), 101).rank
    );
    // And never: sparse rounds all the way down.
    let params = SparseParams {
        dense_switch_density: 2.0,
        dense_tail_max_bytes: 0,
        ..SparseParams::quiet()
    };
    let e = exrank::sparse::eliminate::eliminate_mod_p(&m, &params);
    assert!(e.dense_tail.is_none() && e.rounds >= 1);
    assert_eq!(
        e.rank,
        exrank::modular::rank_mod_p(&parsed.to_zmatrix(), 101).rank
    );
}

#[test]
fn rational_entries_map_to_residues_and_bad_denominators_are_named() {
    let half = Scalar::Rat(rug::Rational::from((1, 2)));
    let parsed = Parsed {
        rows: 2,
        cols: 2,
        entries: Entries::Coordinate(vec![
            (0, 0, half.clone()),
            (0, 1, Scalar::Int(1)),
            (1, 0, Scalar::Int(1)),
            (1, 1, Scalar::Int(2)),
        ]),
    };
    // [1/2 1; 1 2] has rank 1 over Q and mod every odd prime.
    assert_eq!(
        rank_parsed(&parsed, &SparseParams::quiet()).unwrap().rank,
        1
    );
    assert_eq!(
        rank_parsed_mod_p(&parsed, 5, &SparseParams::quiet())
            .unwrap()
            .rank,
        1
    );
    let err = rank_parsed_mod_p(&parsed, 2, &SparseParams::quiet())
        .unwrap_err()
        .to_string();
    assert!(err.contains("(1, 1)") && err.contains("1/2"), "{err}");
    assert!(rank_parsed_mod_p(&parsed, 4, &SparseParams::quiet()).is_err());
}

#[test]
fn bad_shapes_are_errors_not_panics() {
    let parsed = Parsed {
        rows: 2,
        cols: 2,
        entries: Entries::Coordinate(vec![(2, 0, Scalar::Int(1))]),
    };
    assert!(rank_parsed(&parsed, &SparseParams::quiet()).is_err());
    let dense = Parsed {
        rows: 1,
        cols: 1,
        entries: Entries::Dense(vec![Scalar::Int(1)]),
    };
    // Dense entries are taken as their nonzeros (so `--storage sparse` works on any file).
    assert_eq!(rank_parsed(&dense, &SparseParams::quiet()).unwrap().rank, 1);
    let empty = Parsed {
        rows: 0,
        cols: 3,
        entries: Entries::Coordinate(vec![]),
    };
    assert_eq!(rank_parsed(&empty, &SparseParams::quiet()).unwrap().rank, 0);
}

#[test]
fn structural_pivots_are_triangular() {
    for seed in 0..6u64 {
        let parsed = random_sparse(80, 60, 3, 2, seed);
        let m = exrank::sparse::SparseModMatrix::from_parsed(&parsed, 7).unwrap();
        let piv = exrank::sparse::pivots::structural_pivots(&m);
        assert!(!piv.is_empty());
        assert!(
            exrank::sparse::pivots::check_triangular(&m, &piv),
            "seed {seed}"
        );
    }
}
