//! Each rejection reason, produced by a targeted change to a genuine certificate (or a
//! forged one for a wrong rank). A tampered certificate must never verify.

use exrank::cert::{
    self, fingerprint, CertParams, Certificate, IndexSet, Rejection, UpperBound, UpperRoute,
    Verdict,
};
use exrank::matrix::gen::randrank;
use exrank::{bareiss, ZMatrix};
use rug::Integer;

fn build(a: &ZMatrix, upper: UpperRoute) -> Certificate {
    let c = cert::build(
        a,
        &CertParams {
            upper,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        cert::verify(a, &c),
        Verdict::Certified(c.rank),
        "genuine certificate"
    );
    c
}

fn rejection(a: &ZMatrix, c: &Certificate) -> Rejection {
    match cert::verify(a, c) {
        Verdict::Rejected(why) => {
            assert!(!why.to_string().is_empty());
            why
        }
        Verdict::Certified(r) => panic!("tampered certificate verified with rank {r}"),
    }
}

/// 6×8 of rank 4 with 40-bit entries: room for every kind of tampering.
fn deficient() -> ZMatrix {
    randrank(6, 8, 4, 40, 60, 7)
}

fn kernel_of(c: &mut Certificate) -> &mut Vec<Vec<Integer>> {
    match &mut c.upper {
        UpperBound::Kernel(vs) => vs,
        u => panic!("expected kernel evidence, got {}", u.name()),
    }
}

fn primes_of(c: &mut Certificate) -> &mut Vec<u64> {
    match &mut c.upper {
        UpperBound::Primes(ps) => ps,
        u => panic!("expected prime evidence, got {}", u.name()),
    }
}

/// The free columns (not in J), ascending, as the format defines them.
fn free_cols(c: &Certificate) -> Vec<usize> {
    (0..c.cols).filter(|j| !c.col_set.contains(j)).collect()
}

#[test]
fn different_shape_is_rejected() {
    let a = deficient();
    let c = build(&a, UpperRoute::Auto);
    let b = randrank(6, 9, 4, 40, 60, 7);
    assert!(matches!(
        rejection(&b, &c),
        Rejection::ShapeMismatch {
            certificate: (6, 8),
            matrix: (6, 9)
        }
    ));
}

#[test]
fn different_matrix_is_rejected_by_fingerprint_and_without_it() {
    let a = deficient();
    let c = build(&a, UpperRoute::Kernel);
    let mut b = a.clone();
    b[(5, 7)] += 1;
    assert!(matches!(
        rejection(&b, &c),
        Rejection::FingerprintMismatch { .. }
    ));
    // Even with a matching fingerprint the changed entry is caught by the real checks.
    let mut forged = c.clone();
    forged.fingerprint = fingerprint(&b);
    let why = rejection(&b, &forged);
    assert!(
        !matches!(why, Rejection::FingerprintMismatch { .. }),
        "{why}"
    );
    let mut forged = build(&a, UpperRoute::Primes);
    forged.fingerprint = fingerprint(&b);
    rejection(&b, &forged);
}

#[test]
fn index_set_problems_are_named() {
    let a = deficient();
    let c = build(&a, UpperRoute::Auto);
    let mut t = c.clone();
    t.row_set.pop();
    assert_eq!(
        rejection(&a, &t),
        Rejection::WrongIndexCount {
            set: IndexSet::Rows,
            count: 3,
            rank: 4
        }
    );
    let mut t = c.clone();
    t.col_set[2] = 8;
    assert_eq!(
        rejection(&a, &t),
        Rejection::IndexOutOfRange {
            set: IndexSet::Cols,
            index: 8,
            limit: 8
        }
    );
    let mut t = c.clone();
    t.row_set[1] = t.row_set[0];
    assert_eq!(
        rejection(&a, &t),
        Rejection::DuplicateIndex {
            set: IndexSet::Rows,
            index: c.row_set[0]
        }
    );
    let mut t = c.clone();
    t.rank = 7;
    assert_eq!(rejection(&a, &t), Rejection::RankExceedsShape { rank: 7 });
}

#[test]
fn minor_problems_are_named() {
    let a = deficient();
    let c = build(&a, UpperRoute::Auto);
    let mut t = c.clone();
    t.minor = Integer::new();
    assert_eq!(rejection(&a, &t), Rejection::MinorClaimedZero);
    let mut t = c.clone();
    t.minor_prime = 91; // 7 · 13
    assert_eq!(rejection(&a, &t), Rejection::MinorPrimeNotPrime { p: 91 });
    let mut t = c.clone();
    t.minor += 1;
    assert_eq!(
        rejection(&a, &t),
        Rejection::MinorValueWrong { p: c.minor_prime }
    );
    let mut t = c.clone();
    t.minor = -t.minor.clone();
    assert!(matches!(
        rejection(&a, &t),
        Rejection::MinorValueWrong { .. }
    ));
    // Right modulo minor-prime, wrong over Z: caught by the divisor the solution proves,
    // and without a solution by the verifier's own primes.
    let mut t = c.clone();
    t.minor += c.minor_prime;
    assert!(c.minor_solution.is_some());
    assert_eq!(rejection(&a, &t), Rejection::MinorNotMultipleOfDivisor);
    t.minor_solution = None;
    match rejection(&a, &t) {
        Rejection::MinorValueWrong { p } => assert_ne!(p, c.minor_prime),
        why => panic!("{why}"),
    }
    let mut t = c.clone();
    t.minor = Integer::from(1) << 10_000u32;
    assert_eq!(rejection(&a, &t), Rejection::MinorExceedsBound);
}

#[test]
fn zero_minor_is_rejected_exactly_and_modulo_a_prime() {
    // Columns 0 and 2 are equal, so A[{0,1}, {0,2}] is singular.
    let a = ZMatrix::from_i64_rows(&[vec![1, 2, 1], vec![3, 5, 3]]).unwrap();
    let c = build(&a, UpperRoute::Auto);
    let mut t = c.clone();
    t.col_set = vec![0, 2];
    assert!(matches!(rejection(&a, &t), Rejection::MinorIsZero { primes } if primes > 0));
    // det [[3, 0], [0, 1]] = 3 vanishes modulo 3 only.
    let b = ZMatrix::from_i64_rows(&[vec![3, 0], vec![0, 1]]).unwrap();
    let mut t = build(&b, UpperRoute::Auto);
    t.minor_prime = 3;
    assert_eq!(rejection(&b, &t), Rejection::MinorZeroModPrime { p: 3 });
}

#[test]
fn kernel_problems_are_named() {
    let a = deficient();
    let c = build(&a, UpperRoute::Kernel);
    let free = free_cols(&c);
    let j0 = c.col_set[0];

    let mut t = c.clone();
    kernel_of(&mut t)[1][j0] += 1; // flip an entry off the identity block
    assert_eq!(
        rejection(&a, &t),
        Rejection::KernelNotAnnihilated { vector: 1, row: 0 }
    );

    let mut t = c.clone();
    kernel_of(&mut t).pop();
    assert_eq!(
        rejection(&a, &t),
        Rejection::KernelRankTooSmall {
            vectors: 3,
            needed: 4
        }
    );

    let mut t = c.clone();
    let extra = kernel_of(&mut t)[0].clone();
    kernel_of(&mut t).push(extra);
    assert_eq!(
        rejection(&a, &t),
        Rejection::KernelWrongShape {
            vector: None,
            expected: 4,
            found: 5
        }
    );

    let mut t = c.clone();
    kernel_of(&mut t)[2].pop();
    assert_eq!(
        rejection(&a, &t),
        Rejection::KernelWrongShape {
            vector: Some(2),
            expected: 8,
            found: 7
        }
    );

    let mut t = c.clone();
    kernel_of(&mut t)[0][free[0]] = Integer::new();
    assert_eq!(
        rejection(&a, &t),
        Rejection::KernelIdentityBroken {
            vector: 0,
            column: free[0]
        }
    );

    // Two equal kernel vectors annihilate A but are dependent: the block catches it.
    let mut t = c.clone();
    let v0 = kernel_of(&mut t)[0].clone();
    kernel_of(&mut t)[1] = v0;
    assert_eq!(
        rejection(&a, &t),
        Rejection::KernelIdentityBroken {
            vector: 1,
            column: free[0]
        }
    );

    let mut t = c.clone();
    t.upper = UpperBound::Trivial;
    assert_eq!(
        rejection(&a, &t),
        Rejection::TrivialNotApplicable { rank: 4 }
    );
}

#[test]
fn prime_list_problems_are_named() {
    let a = deficient();
    let c = build(&a, UpperRoute::Primes);
    let mut t = c.clone();
    let n = primes_of(&mut t).len();
    assert!(n >= 4, "40-bit entries need several primes");
    primes_of(&mut t).truncate(n / 2);
    assert!(matches!(rejection(&a, &t), Rejection::BoundTooSmall { .. }));

    let mut t = c.clone();
    primes_of(&mut t)[1] = (1 << 62) - 1; // 3 · 715827883 · 2147483647
    assert_eq!(
        rejection(&a, &t),
        Rejection::PrimeNotPrime { p: (1 << 62) - 1 }
    );

    let mut t = c.clone();
    let p0 = primes_of(&mut t)[0];
    primes_of(&mut t).push(p0);
    assert_eq!(rejection(&a, &t), Rejection::DuplicatePrime { p: p0 });
}

/// A forged certificate claiming rank r − 1: a genuine (r−1)-minor (value from Bareiss)
/// and upper evidence of the requested kind that a cheater would have to supply.
fn forge_lower(a: &ZMatrix, c: &Certificate, route: UpperRoute) -> Certificate {
    let mut f = c.clone();
    f.rank -= 1;
    f.row_set.pop();
    f.col_set.pop();
    f.minor_solution = None; // optional; the genuine one is for the r×r minor
    f.minor = bareiss::det(&a.submatrix(&f.row_set, &f.col_set));
    assert_ne!(f.minor, 0);
    f.minor_prime = cert::prime_stream()
        .find(|&p| !f.minor.is_divisible(&Integer::from(p)))
        .unwrap();
    f.upper = match route {
        UpperRoute::Primes => UpperBound::Primes(cert::prime_stream().take(40).collect()),
        _ => {
            // The true kernel plus the unit vector of the newly free column.
            let mut vs = match &c.upper {
                UpperBound::Kernel(vs) => vs.clone(),
                _ => panic!("kernel certificate expected"),
            };
            let dropped = c.col_set[c.rank - 1];
            let mut e = vec![Integer::new(); a.cols()];
            e[dropped] = Integer::from(1);
            let free: Vec<usize> = (0..a.cols()).filter(|j| !f.col_set.contains(j)).collect();
            let pos = free.iter().position(|&j| j == dropped).unwrap();
            // Listed in free-column order, and made zero on `dropped` so that the identity
            // block looks right: the forgery can then only fail on A·N = 0.
            for v in vs.iter_mut() {
                v[dropped] = Integer::new();
            }
            vs.insert(pos, e);
            UpperBound::Kernel(vs)
        }
    };
    f
}

#[test]
fn wrong_rank_certificates_are_rejected() {
    let a = deficient();
    // r − 1 with primes: some listed prime sees rank 4 > 3.
    let c = build(&a, UpperRoute::Primes);
    let f = forge_lower(&a, &c, UpperRoute::Primes);
    assert!(matches!(
        rejection(&a, &f),
        Rejection::RankModPrimeExceeds {
            rank_mod_p: 4,
            rank: 3,
            ..
        }
    ));
    // r − 1 with a kernel: the extra unit vector is not in the kernel.
    let c = build(&a, UpperRoute::Kernel);
    let f = forge_lower(&a, &c, UpperRoute::Kernel);
    assert!(matches!(
        rejection(&a, &f),
        Rejection::KernelNotAnnihilated { .. }
    ));
    // r + 1: any 5×5 minor of a rank-4 matrix is zero, whatever value is claimed.
    for route in [UpperRoute::Primes, UpperRoute::Kernel] {
        let mut f = build(&a, route);
        f.rank += 1;
        f.row_set
            .push((0..6).find(|i| !f.row_set.contains(i)).unwrap());
        f.col_set
            .push((0..8).find(|j| !f.col_set.contains(j)).unwrap());
        f.minor = Integer::from(12345);
        f.upper = UpperBound::Primes(cert::prime_stream().take(40).collect());
        assert!(matches!(rejection(&a, &f), Rejection::MinorIsZero { .. }));
    }
    // Full rank claimed one too low on a square nonsingular matrix: a genuine nonzero
    // 4×4 minor exists (the Laplace expansion of a nonzero det has a nonzero term).
    let b = randrank(5, 5, 5, 10, 40, 3);
    let c = build(&b, UpperRoute::Auto);
    let minor4 = (0..5)
        .map(|k| {
            (
                (0..4).collect::<Vec<usize>>(),
                (0..5).filter(|&j| j != k).collect::<Vec<usize>>(),
            )
        })
        .map(|(i, j)| (bareiss::det(&b.submatrix(&i, &j)), i, j))
        .find(|(d, _, _)| *d != 0)
        .unwrap();
    let mut f = c.clone();
    (f.minor, f.row_set, f.col_set) = minor4;
    f.rank = 4;
    f.minor_prime = cert::prime_stream()
        .find(|&p| !f.minor.is_divisible(&Integer::from(p)))
        .unwrap();
    f.upper = UpperBound::Trivial;
    assert_eq!(
        rejection(&b, &f),
        Rejection::TrivialNotApplicable { rank: 4 }
    );
    f.upper = UpperBound::Primes(cert::prime_stream().take(40).collect());
    assert!(matches!(
        rejection(&b, &f),
        Rejection::RankModPrimeExceeds { rank_mod_p: 5, .. }
    ));
}

#[test]
fn minor_solution_problems_are_named() {
    let a = deficient();
    let c = build(&a, UpperRoute::Auto);
    let sol = c
        .minor_solution
        .clone()
        .expect("a solution for a 4x4 minor of 40-bit entries");
    // Without the optional solution (a version 1 certificate) it still verifies.
    let mut t = c.clone();
    t.minor_solution = None;
    assert_eq!(cert::verify(&a, &t), Verdict::Certified(c.rank));
    // A numerator changed: B·y ≠ d·b at some row of I.
    let mut t = c.clone();
    t.minor_solution.as_mut().unwrap().numerators[1] += 1;
    assert!(matches!(
        rejection(&a, &t),
        Rejection::MinorSolutionWrong { row: Some(i) } if c.row_set.contains(&i)
    ));
    // A right-hand side changed.
    let mut t = c.clone();
    t.minor_solution.as_mut().unwrap().rhs[0] += 1;
    assert_eq!(
        rejection(&a, &t),
        Rejection::MinorSolutionWrong {
            row: Some(c.row_set[0])
        }
    );
    // Wrong lengths, zero or negative d (B·0 = 0·b would prove nothing).
    let mut t = c.clone();
    t.minor_solution.as_mut().unwrap().numerators.pop();
    assert_eq!(
        rejection(&a, &t),
        Rejection::MinorSolutionWrong { row: None }
    );
    let mut t = c.clone();
    let s = t.minor_solution.as_mut().unwrap();
    s.denominator = Integer::new();
    s.numerators.iter_mut().for_each(|y| *y = Integer::new());
    assert_eq!(
        rejection(&a, &t),
        Rejection::MinorSolutionWrong { row: None }
    );
    let mut t = c.clone();
    let s = t.minor_solution.as_mut().unwrap();
    s.denominator = -s.denominator.clone();
    s.rhs.iter_mut().for_each(|b| *b = -b.clone());
    assert_eq!(
        rejection(&a, &t),
        Rejection::MinorSolutionWrong { row: None }
    );
    // A scaled solution is still a solution: the verifier divides by gcd(d, y).
    let mut t = c.clone();
    let s = t.minor_solution.as_mut().unwrap();
    s.denominator *= 6;
    s.numerators.iter_mut().for_each(|y| *y *= 6);
    assert_eq!(cert::verify(&a, &t), Verdict::Certified(c.rank));
    // The rank alone does not look at the solution.
    let mut t = c.clone();
    t.minor_solution.as_mut().unwrap().rhs[0] += 1;
    let rank_only = cert::VerifyParams { minor_value: false };
    assert_eq!(
        cert::verify_with(&a, &t, &rank_only),
        Verdict::Certified(c.rank)
    );
    assert_eq!(sol.rhs.len(), c.rank);
}
