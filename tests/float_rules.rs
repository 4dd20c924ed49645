//! Report fields are consistent: thresholds follow the formulas, ranks count singular
//! values above them, verdicts follow ranks, intervals give the exact rank.

use exrank::float::rules::{count_above, exact_interval, spacing};
use exrank::float::{compare, F64Matrix, Family, Options, Rule, Verdict};

fn next_up(x: f64) -> f64 {
    f64::from_bits(x.to_bits() + 1)
}

fn next_down(x: f64) -> f64 {
    f64::from_bits(x.to_bits() - 1)
}

#[test]
fn spacing_is_the_gap_to_the_next_float() {
    for &x in &[1.0, 38.6227, 2.0, 1e-300, 1e300, 3.0e-310, 7.0, 0.1] {
        assert_eq!(spacing(x), next_up(x) - x, "x={x}");
        assert_eq!(spacing(-x), spacing(x));
    }
}

#[test]
fn report_fields_follow_the_formulas() {
    let eps = f64::EPSILON;
    let opts = Options {
        tol: Some(1e-12),
        rtol: Some(1e-9),
        ..Options::default()
    };
    for (family, n) in [
        (Family::Hilbert, 9),
        (Family::Consecutive, 5),
        (Family::Lauchli, 4),
        (Family::LowRank, 17),
        (Family::Magic, 8),
        (Family::Vandermonde, 13),
    ] {
        for c in family.cases(n) {
            let r = compare(&c.name, &c.exact, &c.float, &opts).unwrap();
            let (m, nn) = (r.rows as f64, r.cols as f64);
            let (big, small) = (m.max(nn), m.min(nn));
            let s = &r.singular_values;
            assert!(s.windows(2).all(|w| w[0] >= w[1]), "sorted");
            let expect = |rule: Rule| match rule {
                Rule::Numpy => s[0] * big * eps,
                Rule::Matlab => big * (next_up(s[0]) - s[0]),
                Rule::Julia => small * eps * s[0],
                Rule::Absolute(_) => 1e-10,
                Rule::Tol(_) => 1e-12,
                Rule::Rtol(_) => 1e-9 * s[0],
                Rule::PivotedQr => r.qr_diagonal.iter().copied().fold(0.0, f64::max) * big * eps,
            };
            assert_eq!(r.rules.len(), 7);
            for o in &r.rules {
                assert_eq!(o.threshold, expect(o.rule), "{} {}", c.name, o.rule.key());
                let values = if o.rule == Rule::PivotedQr {
                    &r.qr_diagonal
                } else {
                    s
                };
                let counted = values.iter().filter(|&&v| v > o.threshold).count();
                assert_eq!(o.rank, counted, "{} {}", c.name, o.rule.key());
                let verdict = if o.rank == r.exact.rank {
                    Verdict::Agrees
                } else if o.rank > r.exact.rank {
                    Verdict::Overestimates
                } else {
                    Verdict::Underestimates
                };
                assert_eq!(o.verdict, verdict);
                if let Some((lo, hi)) = o.interval {
                    assert_eq!(count_above(values, lo), r.exact.rank);
                    assert_eq!(count_above(values, next_down(hi)), r.exact.rank);
                    assert_ne!(count_above(values, hi), r.exact.rank);
                    if lo > 0.0 {
                        assert_ne!(count_above(values, next_down(lo)), r.exact.rank);
                    }
                    // A threshold inside the interval is exactly an agreeing verdict.
                    let inside = o.threshold >= lo && o.threshold < hi;
                    assert_eq!(
                        inside,
                        o.verdict == Verdict::Agrees,
                        "{} {}",
                        c.name,
                        o.rule.key()
                    );
                } else {
                    assert_ne!(o.verdict, Verdict::Agrees);
                }
                let (near, ratio) = o.margin.unwrap();
                assert!(values.contains(&near));
                assert_eq!(ratio.to_f64(), Some(near / o.threshold));
            }
        }
    }
}

#[test]
fn seed_4x4_numpy_rank_2_and_tolerance_zero_rank_4() {
    let a = exrank::cli::demo::higham_4x4();
    let opts = Options {
        tol: Some(0.0),
        ..Options::default()
    };
    let r = compare("4x4", &a, &F64Matrix::from_zmatrix(&a), &opts).unwrap();
    assert_eq!(r.exact.rank, 2);
    assert_eq!(r.rule("numpy").unwrap().rank, 2);
    assert_eq!(r.rule("matlab").unwrap().rank, 2);
    assert_eq!(r.rule("julia").unwrap().rank, 2);
    assert_eq!(r.rule("tol").unwrap().rank, 4);
    assert_eq!(r.rule("tol").unwrap().verdict, Verdict::Overestimates);
    let s = &r.singular_values;
    assert!((s[0] - 38.6227).abs() < 1e-3 && (s[1] - 2.0713).abs() < 1e-3);
    assert!(
        s[2] > 1e-17 && s[2] < 1e-14 && s[3] > 1e-17 && s[3] < 1e-14,
        "{s:?}"
    );
    // Any tolerance in [σ3, σ2) would have been right.
    assert_eq!(r.rule("numpy").unwrap().interval, Some((s[2], s[1])));
}

#[test]
fn interval_is_empty_when_no_tolerance_works() {
    // Exact rank 3 but σ3 = 0 in floats: nothing separates.
    assert_eq!(exact_interval(&[2.0, 1.0, 0.0], 3), None);
    assert_eq!(exact_interval(&[2.0, 1.0, 1.0], 2), None); // a tie: 1 or 3, never 2
    assert_eq!(exact_interval(&[2.0, 1.0, 1.0], 1), Some((1.0, 2.0)));
    assert_eq!(exact_interval(&[2.0, 1.0, 0.5], 3), Some((0.0, 0.5)));
}
