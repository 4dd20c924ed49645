//! rank(AB) ≠ rank(BA) in general (both products defined), over any field.
//!
//! Why: AB and BA share their nonzero eigenvalues, not their rank. The seed's example:
//! A = e₁e₂ᵀ, B = e₁e₁ᵀ gives AB = e₁(e₂ᵀe₁)e₁ᵀ = 0 but BA = e₁e₂ᵀ ≠ 0. What does hold:
//! both are ≤ min(rank A, rank B), and for n×n, rank(AB) ≥ rank A + rank B − n (Sylvester)
//! and the same for BA, so the two differ by at most min(rank A, rank B) − max(0, rank A +
//! rank B − n): at most 1 for n ≤ 3 (the searches below reach it), 2 for the 4×4 example.
//!
//! Checked: the seed's example and its rectangular cousin (x yᵀ vs yᵀx with x ⊥ y); an
//! exhaustive search over every pair of 2×2 {−1,0,1} matrices and every pair of 3×3 {0,1}
//! matrices (3×3 {−1,0,1} pairs, 387 million, are out of reach; 2×2 {−1,0,1} pairs over
//! GF(2) and GF(3) too), reporting how many pairs differ and the largest gap; 1×1 pairs
//! never differ (multiplication of scalars commutes), which shows the search can say no.

mod common;
use common::*;
use exrank::ZMatrix;

fn m(rows: &[Vec<i64>]) -> ZMatrix {
    ZMatrix::from_i64_rows(rows).unwrap()
}

#[test]
fn the_seed_examples() {
    let a = m(&[vec![0, 1], vec![0, 0]]);
    let b = m(&[vec![1, 0], vec![0, 0]]);
    assert!(a.mul(&b).is_zero());
    assert_eq!(
        (rank_q_checked(&a.mul(&b)), rank_q_checked(&b.mul(&a))),
        (0, 1)
    );
    assert_eq!(b.mul(&a), a);
    // A = x (3×1), B = yᵀ (1×3) with x ⊥ y: AB = x yᵀ has rank 1, BA = yᵀx = 0.
    let x = m(&[vec![1], vec![2], vec![3]]);
    let yt = m(&[vec![3, 0, -1]]);
    assert_eq!(
        (rank_q_checked(&x.mul(&yt)), rank_q_checked(&yt.mul(&x))),
        (1, 0)
    );
    // A gap of 2 needs n ≥ 4: A = e₁e₂ᵀ + e₃e₄ᵀ, B = e₁e₁ᵀ + e₃e₃ᵀ give AB = 0, BA = A.
    let e = |i: usize, j: usize| ZMatrix::from_fn(4, 4, |r, c| u8::from((r, c) == (i, j)).into());
    let a4 = e(0, 1).add(&e(2, 3));
    let b4 = e(0, 0).add(&e(2, 2));
    assert!(a4.mul(&b4).is_zero());
    assert_eq!((rank_q(&a4.mul(&b4)), rank_q(&b4.mul(&a4))), (0, 2));
}

/// Every pair from `all` (ranks by `rank`): (pairs, pairs that differ, largest gap, first).
fn search(
    all: &[ZMatrix],
    rank: &dyn Fn(&ZMatrix) -> usize,
) -> (u64, u64, usize, Option<(ZMatrix, ZMatrix)>) {
    let (mut pairs, mut differ, mut gap, mut first) = (0, 0, 0, None);
    for a in all {
        let ra = rank(a);
        for b in all {
            let (rab, rba) = (rank(&a.mul(b)), rank(&b.mul(a)));
            let rb = rank(b);
            let n = a.rows();
            let floor = (ra + rb).saturating_sub(n);
            assert!(
                rab.max(rba) <= ra.min(rb) && rab.min(rba) >= floor,
                "A =\n{a}B =\n{b}"
            );
            if rab != rba {
                differ += 1;
                gap = gap.max(rab.abs_diff(rba));
                first.get_or_insert((a.clone(), b.clone()));
            }
            pairs += 1;
        }
    }
    (pairs, differ, gap, first)
}

#[test]
fn search_over_small_domains() {
    let one_by_one = all_matrices(1, 1, &[-3, -2, -1, 0, 1, 2, 3]).collect::<Vec<_>>();
    let (pairs, differ, _, _) = search(&one_by_one, &rank_q_checked);
    assert_eq!((pairs, differ), (49, 0));
    report(
        "rank(AB) != rank(BA) over Q",
        "every pair of 1x1 in {-3..3}: 0 differ",
        pairs,
    );

    let (pairs, differ, gap, first) = search(&sign_matrices(2, 2), &rank_q_checked);
    let (a, b) = first.expect("the seed says some pair differs");
    println!(
        "[proof] first differing 2x2 {{-1,0,1}} pair in lexicographic order:\nA =\n{a}B =\n{b}\
         AB =\n{}BA =\n{}",
        a.mul(&b),
        b.mul(&a)
    );
    assert_eq!(gap, 1);
    report(
        "rank(AB) != rank(BA) over Q",
        &format!("every pair of 2x2 {{-1,0,1}} matrices: {differ} differ, largest gap {gap}"),
        pairs,
    );

    let (pairs, differ, gap, _) = search(&all_matrices(3, 3, &[0, 1]).collect::<Vec<_>>(), &rank_q);
    assert!(differ > 0);
    report(
        "rank(AB) != rank(BA) over Q",
        &format!("every pair of 3x3 {{0,1}} matrices: {differ} differ, largest gap {gap}"),
        pairs,
    );

    for p in [2u64, 3] {
        let (pairs, differ, gap, _) = search(&field_matrices(2, 2, p), &|a| rank_p(a, p));
        assert!(differ > 0 && gap == 1);
        report(
            "rank(AB) != rank(BA) over GF(p)",
            &format!("every pair of 2x2 over GF({p}): {differ} differ, largest gap {gap}"),
            pairs,
        );
    }
}
