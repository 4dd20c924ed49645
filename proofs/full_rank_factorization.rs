//! Full-rank factorization: A (m×n) has rank r iff A = GH with G m×r and H r×n, both of
//! rank r; over any field.
//!
//! Construction checked here (from the pivots): with I, J the pivot rows and columns and
//! M = A[I, J] (nonsingular), take G = A[:, J] (the r independent columns) and
//! H = M⁻¹·A[I, :]. Every column of A is a combination of the columns of G, and the
//! coefficients are fixed by the rows I, where G is M; so GH = A. Over Z: with d = det M
//! and adj(M) = d·M⁻¹, the integer matrix D = adj(M)·A[I, :] satisfies G·D = d·A exactly,
//! and H = D/d (H[:, J] = I_r). rank G = rank H = r is checked, and the converse direction
//! (GH of full-rank factors has rank r) is `full_rank_product.rs`.
//!
//! Checked: every {−1,0,1} matrix up to 3×3 and every matrix over GF(2) and GF(3) up to
//! 3×3; random matrices of prescribed rank up to 12×12 with big entries; the seed's 4×4
//! example printed.

mod common;
use common::*;
use exrank::{bareiss, minors, modular, ZMatrix};
use rand::Rng;
use rug::{Integer, Rational};

/// G, D = d·H and d for A over Q, all checked; returns (G, D, d).
fn factor_over_q(a: &ZMatrix) -> (ZMatrix, ZMatrix, Integer) {
    let e = bareiss::eliminate(a);
    let r = e.rank;
    let all_rows: Vec<usize> = (0..a.rows()).collect();
    let all_cols: Vec<usize> = (0..a.cols()).collect();
    let g = a.submatrix(&all_rows, &e.pivot_cols);
    let m = a.submatrix(&e.pivot_rows, &e.pivot_cols);
    let d = minors::determinant(&m);
    assert_ne!(d, 0, "the pivot block is nonsingular");
    let dh = adjugate(&m).mul(&a.submatrix(&e.pivot_rows, &all_cols));
    assert_eq!(g.mul(&dh), scale(a, &d), "G·(dH) = d·A on\n{a}");
    assert_eq!(
        dh.submatrix(&all_rows[..r], &e.pivot_cols),
        scalar(r, &d),
        "H[:, J] = I"
    );
    assert_eq!(
        (rank_q(&g), rank_q(&dh)),
        (r, r),
        "both factors have rank r"
    );
    (g, dh, d)
}

fn scale(a: &ZMatrix, c: &Integer) -> ZMatrix {
    ZMatrix::from_fn(a.rows(), a.cols(), |i, j| Integer::from(&a[(i, j)] * c))
}

/// The same over GF(p): G = A[:, J], H = M⁻¹ A[I, :] mod p; checks GH ≡ A.
fn factor_over_gf_p(a: &ZMatrix, p: u64) {
    let e = modular::rank_mod_p(a, p);
    let r = e.rank;
    let all_rows: Vec<usize> = (0..a.rows()).collect();
    let all_cols: Vec<usize> = (0..a.cols()).collect();
    let g = a.submatrix(&all_rows, &e.pivot_cols);
    let m = a.submatrix(&e.pivot_rows, &e.pivot_cols);
    let d = det_mod_p(&m, p);
    assert_ne!(d, 0, "pivot block nonsingular mod {p}");
    let d_inv = Integer::from(d)
        .invert(&Integer::from(p))
        .expect("d is a unit");
    let h = reduce(
        &scale(
            &adjugate(&m).mul(&a.submatrix(&e.pivot_rows, &all_cols)),
            &d_inv,
        ),
        p,
    );
    assert_eq!(
        reduce(&g.mul(&h), p),
        reduce(a, p),
        "GH ≡ A mod {p} on\n{a}"
    );
    assert_eq!((rank_p(&g, p), rank_p(&h, p)), (r, r));
}

#[test]
fn the_seed_example_shown() {
    let a = ZMatrix::from_fn(4, 4, |i, j| Integer::from(4 * j + i + 1));
    let (g, dh, d) = factor_over_q(&a);
    let h: Vec<Vec<Rational>> = (0..dh.rows())
        .map(|i| {
            dh.row(i)
                .iter()
                .map(|x| Rational::from((x.clone(), d.clone())))
                .collect()
        })
        .collect();
    println!("[proof] full-rank factorization of the seed's 4x4 (1..16 by columns):\nA =\n{a}G = A[:, J] =\n{g}d = det A[I, J] = {d}\nH = adj(A[I,J])·A[I,:] / d = {h:?}");
    // The integers found by hand: H = [[1, 0, −1, −2], [0, 1, 2, 3]].
    let expected = ZMatrix::from_i64_rows(&[vec![1, 0, -1, -2], vec![0, 1, 2, 3]]).unwrap();
    assert_eq!(dh, scale(&expected, &d));
    assert_eq!(g.mul(&expected), a);
}

#[test]
fn exhaustive_over_sign_matrices() {
    let mut cases = 0;
    for (m, n) in SHAPES_UP_TO_3 {
        for a in sign_matrices(m, n) {
            let (g, _, _) = factor_over_q(&a);
            assert_eq!(g.cols(), rank_q_checked(&a));
            cases += 1;
        }
    }
    assert_eq!(cases, 21_297);
    report(
        "full-rank factorization A = GH over Q",
        "every {-1,0,1} matrix up to 3x3",
        cases,
    );
}

#[test]
fn exhaustive_over_gf_p() {
    let mut cases = 0;
    for p in [2u64, 3] {
        for (m, n) in [(2, 2), (2, 3), (3, 2), (3, 3)] {
            for a in field_matrices(m, n, p) {
                factor_over_gf_p(&a, p);
                cases += 1;
            }
        }
    }
    report(
        "full-rank factorization A = GH over GF(p)",
        "every matrix up to 3x3 over GF(2) and GF(3)",
        cases,
    );
}

#[test]
fn random_big_entries_up_to_12x12() {
    let cases = seeded("full-rank factorization", 120, |_, rng| {
        let (a, r) = random_with_rank(rng, 12, 120);
        let (g, dh, _) = factor_over_q(&a);
        assert_eq!((g.cols(), dh.rows()), (r, r));
        let p = [2u64, 3, 1_000_003][rng.gen_range(0..3)];
        factor_over_gf_p(&a, p);
    });
    report(
        "full-rank factorization A = GH over Q and GF(p)",
        "random rank-r, up to 12x12, 120-bit",
        cases,
    );
}
