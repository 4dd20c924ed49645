//! Ranks of boundary matrices against the Betti numbers known in closed form, over Q and
//! mod 2 (where the torsion of the Klein bottle and RP² makes ∂₂ lose one rank).

use exrank::sparse::complexes::Complex;
use exrank::sparse::{rank_parsed, rank_parsed_mod_p, SparseParams};
use exrank::Certainty;

fn cases() -> Vec<Complex> {
    vec![
        Complex::simplex_boundary(2),
        Complex::simplex_boundary(4),
        Complex::simplex_boundary(6),
        Complex::torus(1, 5),
        Complex::torus(2, 3),
        Complex::torus(2, 7),
        Complex::torus(3, 3),
        Complex::torus(3, 4),
        Complex::torus(4, 3),
        Complex::klein_bottle(4),
        Complex::klein_bottle(9),
        Complex::projective_plane(4),
        Complex::projective_plane(8),
    ]
}

#[test]
fn surfaces_are_closed_and_have_the_right_euler_characteristic() {
    for (c, chi) in [
        (Complex::torus(2, 5), 0),
        (Complex::klein_bottle(4), 0),
        (Complex::klein_bottle(7), 0),
        (Complex::projective_plane(4), 1),
        (Complex::projective_plane(7), 1),
    ] {
        assert!(c.is_closed_surface(), "{}", c.name());
        assert_eq!(c.euler_characteristic(), chi, "{}", c.name());
        let alt: i64 = c
            .betti(None)
            .iter()
            .enumerate()
            .map(|(k, b)| if k % 2 == 0 { *b as i64 } else { -(*b as i64) })
            .sum();
        assert_eq!(
            alt,
            chi,
            "{}: Betti numbers vs Euler characteristic",
            c.name()
        );
    }
}

#[test]
fn boundary_ranks_match_betti_numbers_mod_primes() {
    let params = SparseParams::quiet();
    for c in cases() {
        // ∂₀ = 0 so rank ∂₁ = #vertices − β₀ also holds; check every ∂ₖ.
        for k in 1..=c.dim() {
            let d = c.boundary(k);
            for p in [2u64, 3, 65_521, 2_147_483_647] {
                let got = rank_parsed_mod_p(&d, p, &params).unwrap();
                assert_eq!(
                    got.rank,
                    c.boundary_rank_from_betti(k, Some(p)),
                    "{} ∂{k} mod {p}",
                    c.name()
                );
                assert_eq!(got.pivot_rows.len(), got.rank);
                assert_eq!(got.pivot_cols.len(), got.rank);
            }
        }
    }
}

#[test]
fn torsion_drops_the_rank_mod_2_only() {
    let params = SparseParams::quiet();
    for c in [Complex::projective_plane(6), Complex::klein_bottle(6)] {
        let d2 = c.boundary(2);
        let q = rank_parsed(&d2, &params).unwrap().rank;
        let two = rank_parsed_mod_p(&d2, 2, &params).unwrap().rank;
        assert_eq!(q, c.count(2), "{}: ∂₂ injective over Q", c.name());
        assert_eq!(two + 1, q, "{}: one rank lost mod 2", c.name());
    }
}

#[test]
fn ranks_over_q_match_betti_numbers_with_stated_certainty() {
    let params = SparseParams {
        seed: Some(7),
        ..SparseParams::quiet()
    };
    for c in cases() {
        for k in 1..=c.dim() {
            let r = rank_parsed(&c.boundary(k), &params).unwrap();
            assert_eq!(
                r.rank,
                c.boundary_rank_from_betti(k, None),
                "{} ∂{k} over Q",
                c.name()
            );
            match &r.certainty {
                Certainty::Certified => {}
                Certainty::Probabilistic {
                    error_bound,
                    argument,
                } => {
                    assert!(*error_bound <= params.max_error, "{}: {argument}", c.name());
                    assert!(
                        argument.contains("is proved"),
                        "lower bound stated: {argument}"
                    );
                }
            }
        }
    }
}

#[test]
fn small_boundary_matrices_get_a_hadamard_proof() {
    // ∂₂ of the 2-torus with side 3: 27 × 18, rank 17, columns have 3 entries ±1, so
    // H ≤ 3^(18/2) < 2^15 and a single 30-bit prime proves the upper bound.
    let c = Complex::torus(2, 3);
    let r = rank_parsed(
        &c.boundary(2),
        &SparseParams {
            seed: Some(1),
            ..SparseParams::quiet()
        },
    )
    .unwrap();
    assert_eq!(r.rank, 17);
    assert_eq!(r.certainty, Certainty::Certified);
}

#[test]
fn large_ranks_fall_back_to_an_explicit_error_bound() {
    // ∂₂ of the 3-torus with side 6: rank far beyond what 2 proof primes can cover.
    let c = Complex::torus(3, 6);
    let params = SparseParams {
        seed: Some(3),
        max_proof_primes: 2,
        ..SparseParams::quiet()
    };
    let r = rank_parsed(&c.boundary(2), &params).unwrap();
    assert_eq!(r.rank, c.boundary_rank_from_betti(2, None));
    let Certainty::Probabilistic {
        error_bound,
        argument,
    } = r.certainty
    else {
        panic!("a 2-prime budget cannot prove a rank this large");
    };
    assert!(error_bound > 0.0 && error_bound <= 1e-20, "{argument}");
}
