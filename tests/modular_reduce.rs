//! Rational matrices modulo p: a/b ↦ a·b⁻¹, an entry with p | b is named, and the rank of
//! the residues is the GF(p) rank of the rational matrix (cross-checked by clearing
//! denominators when p does not divide them).

use exrank::io::{Entries, Parsed, Scalar};
use exrank::modular::{gfp, rank_residues, reduce_parsed, reduce_zmatrix};
use rug::Rational;

fn q(a: i64, b: i64) -> Scalar {
    Scalar::Rat(Rational::from((a, b)))
}

#[test]
fn halves_mod_two_are_reported_with_their_position() {
    let m = Parsed {
        rows: 2,
        cols: 2,
        entries: Entries::Dense(vec![
            Scalar::Int(1),
            Scalar::Int(0),
            Scalar::Int(0),
            q(1, 2),
        ]),
    };
    let err = reduce_parsed(&m, 2).unwrap_err().to_string();
    assert!(
        err.contains("row 2, column 2") && err.contains("1/2"),
        "{err}"
    );
    // Clearing denominators would scale row 2 by 2 ≡ 0 and silently report rank 1.
    let mut res = reduce_parsed(&m, 3).unwrap();
    assert_eq!(res, vec![1, 0, 0, 2]);
    assert_eq!(rank_residues(&mut res, 2, 2, 3, faer::Par::Seq).rank, 2);
}

#[test]
fn coordinate_entries_and_big_rationals() {
    let big = Rational::from((rug::Integer::from(1) << 100, 3));
    let m = Parsed {
        rows: 2,
        cols: 3,
        entries: Entries::Coordinate(vec![(0, 2, Scalar::Rat(big.clone())), (1, 0, q(-5, 7))]),
    };
    let p = 1_000_003;
    let res = reduce_parsed(&m, p).unwrap();
    let pz = rug::Integer::from(p);
    let want = |x: &Rational| -> u64 {
        let inv = x.denom().clone().invert(&pz).unwrap();
        let v = (x.numer().clone() * inv) % &pz;
        let v = if v < 0 { v + &pz } else { v };
        v.to_u64().unwrap()
    };
    assert_eq!(
        res,
        vec![0, 0, want(&big), want(&Rational::from((-5, 7))), 0, 0]
    );
    let err = reduce_parsed(&m, 7).unwrap_err().to_string();
    assert!(err.contains("row 2, column 1"), "{err}");
}

#[test]
fn rank_of_residues_equals_rank_of_cleared_matrix_when_p_misses_denominators() {
    // Rows scaled by 1/2, 1/3, 1/5 and a dependent row: rank 3 over Q and mod 101.
    let vals = [[1, 2, 3], [4, 5, 6], [7, 8, 10], [5, 7, 9]];
    let dens = [2, 3, 5, 1];
    let mut e = Vec::new();
    for (row, &d) in vals.iter().zip(&dens) {
        e.extend(row.iter().map(|&x| q(x, d)));
    }
    let m = Parsed {
        rows: 4,
        cols: 3,
        entries: Entries::Dense(e),
    };
    let z = m.to_zmatrix();
    for p in [7, 101, 8_388_593] {
        let mut res = reduce_parsed(&m, p).unwrap();
        let got = rank_residues(&mut res, 4, 3, p, faer::Par::Seq);
        assert_eq!(got, gfp::rank_mod_p(&z, p), "p = {p}");
        assert_eq!(reduce_zmatrix(&z, p), gfp::reduce(&z, p));
    }
}
