//! Entries near the ends of the f64 range (~1e300, ~1e-300, subnormals, and both in one
//! matrix): the comparison rescales by an exact power of two before the SVD, so it must
//! give the same ranks as an unscaled copy, report values in the matrix's own units
//! without `inf`, apply absolute tolerances in those units, and keep the exact rank
//! right (checked against a rational-elimination oracle written here).

use exrank::float::{compare, compare_with_rank, exact_rank, F64Matrix, Family, Options, Scaled};
use num_rational::BigRational;
use num_traits::{FromPrimitive, Zero};
use std::process::Command;

/// Rank over Q of the exact values of the stored floats, by plain Gaussian elimination
/// on rationals: the oracle, sharing nothing with the library's rank code.
fn oracle_rank(a: &F64Matrix) -> usize {
    let mut m: Vec<Vec<BigRational>> = (0..a.rows)
        .map(|i| {
            (0..a.cols)
                .map(|j| BigRational::from_f64(a.get(i, j)).expect("finite"))
                .collect()
        })
        .collect();
    let mut rank = 0;
    for c in 0..a.cols {
        let Some(p) = (rank..a.rows).find(|&r| !m[r][c].is_zero()) else {
            continue;
        };
        m.swap(rank, p);
        let pivot = m[rank].clone();
        for row in m.iter_mut().skip(rank + 1) {
            if !row[c].is_zero() {
                let f = &row[c] / &pivot[c];
                for (x, y) in row[c..].iter_mut().zip(&pivot[c..]) {
                    *x -= &f * y;
                }
            }
        }
        rank += 1;
    }
    rank
}

/// 2^k for k in [-1074, 1023], from the bits (`powi` underflows early for k < -1022).
fn pow2(k: i32) -> f64 {
    assert!((-1074..=1023).contains(&k));
    if k >= -1022 {
        f64::from_bits(((k + 1023) as u64) << 52)
    } else {
        f64::from_bits(1u64 << (k + 1074))
    }
}

/// `a` times 2^k, entry by entry (exact when no entry leaves the range).
fn times_pow2(a: &F64Matrix, k: i32) -> F64Matrix {
    let f = |x: f64| {
        // Two steps keep each factor in range; scaling up both are exact, scaling down
        // the first is (the values stay normal) and the second rounds once.
        let first = k.clamp(-1000, 1000);
        x * pow2(first) * pow2(k - first)
    };
    F64Matrix::from_fn(a.rows, a.cols, |i, j| f(a.get(i, j)))
}

fn floor_log2(x: f64) -> i32 {
    x.abs().log2().floor() as i32
}

fn close(a: Scaled, b: Scaled) -> bool {
    (a.ln() - b.ln()).abs() < 1e-12 || (a.is_zero() && b.is_zero())
}

/// The matrix at its own scale, and moved by an exact power of two to the top of the
/// range, near 1e-300, and (integers only) into the subnormals: every rule gives the same
/// rank, the singular values and tolerances are the unscaled ones times that power.
#[test]
fn power_of_two_copies_rank_like_the_original() {
    let opts = Options {
        tol: Some(1e-12),
        rtol: Some(1e-9),
        ..Options::default()
    };
    for (family, n) in [
        (Family::Consecutive, 4),
        (Family::Magic, 6),
        (Family::Hilbert, 8),
        (Family::RandRank, 7),
        (Family::Pascal, 9),
    ] {
        for c in family.cases(n) {
            let base = compare(&c.name, &c.exact, &c.float, &opts).unwrap();
            assert_eq!(base.scale_log2, 0);
            let top = c.float.data.iter().fold(0.0f64, |m, x| m.max(x.abs()));
            let integral = c
                .float
                .data
                .iter()
                .all(|x| x.fract() == 0.0 && x.abs() < pow2(52));
            let mut shifts = vec![1020 - floor_log2(top), -1000 - floor_log2(top)];
            if integral {
                shifts.push(-1074); // every entry an exact subnormal multiple of 2^-1074
            }
            for k in shifts {
                let moved = times_pow2(&c.float, k);
                assert_eq!(times_pow2(&moved, -k), c.float, "{} 2^{k} is exact", c.name);
                let exact = exact_rank(&moved.to_exact_zmatrix());
                assert_eq!(exact.rank, oracle_rank(&moved), "{} 2^{k}", c.name);
                assert_eq!(exact.rank, base.exact.rank, "{} 2^{k}", c.name);
                let r = compare_with_rank(&c.name, exact, &moved, &opts).unwrap();
                assert_ne!(r.scale_log2, 0, "{} 2^{k} was rescaled", c.name);
                for (x, y) in r.singular_values.iter().zip(&base.singular_values) {
                    assert!(
                        close(r.unscaled(*x), Scaled::new(*y, k as i64)),
                        "{} 2^{k}: σ {} vs {y}·2^{k}",
                        c.name,
                        r.unscaled(*x)
                    );
                }
                for (o, b) in r.rules.iter().zip(&base.rules) {
                    let key = o.rule.key();
                    if matches!(key, "absolute" | "tol") {
                        // An absolute tolerance does not move with the matrix.
                        assert_eq!(o.tolerance, b.tolerance, "{} {key}", c.name);
                        continue;
                    }
                    assert_eq!(o.rank, b.rank, "{} 2^{k} {key}", c.name);
                    assert_eq!(o.verdict, b.verdict, "{} 2^{k} {key}", c.name);
                    assert!(
                        close(o.tolerance, Scaled::new(b.threshold, k as i64)),
                        "{} 2^{k} {key}: {} vs {}·2^{k}",
                        c.name,
                        o.tolerance,
                        b.threshold
                    );
                }
            }
        }
    }
}

/// An absolute tolerance is compared with the singular values in the matrix's units:
/// diag(4, 2, 1)·2^k has σ = 2^(k+2), 2^(k+1), 2^k exactly, so the count is known for
/// tolerances on either side of each, at the top of the range and in the subnormals.
#[test]
fn absolute_tolerances_count_in_the_matrix_units() {
    for k in [1000, 1021, -1000, -1074] {
        let a = F64Matrix::from_fn(
            3,
            3,
            |i, j| if i == j { pow2(k + 2 - i as i32) } else { 0.0 },
        );
        let next_down = |x: f64| f64::from_bits(x.to_bits() - 1);
        for (tol, want) in [
            (0.0, 3),
            (pow2(k), 2),
            (next_down(pow2(k)), 3),
            (pow2(k + 1), 1),
            (pow2(k + 2), 0),
            (next_down(pow2(k + 2)), 1),
        ] {
            let e = exact_rank(&a.to_exact_zmatrix());
            assert_eq!(e.rank, 3);
            let opts = Options {
                tol: Some(tol),
                ..Options::default()
            };
            let r = compare_with_rank("diag", e, &a, &opts).unwrap();
            let o = r.rule("tol").unwrap();
            assert_eq!(o.rank, want, "2^{k}, tol {tol:e}");
            assert_eq!(o.tolerance.to_f64(), Some(tol));
            // The nearest value's ratio is exact here: powers of two.
            if tol > 0.0 {
                let (near, ratio) = o.margin.unwrap();
                let expect = r.unscaled(near).ratio(&Scaled::from_f64(tol)).unwrap();
                assert_eq!(ratio, expect);
            }
        }
    }
}

/// σ_max of a 4×4 matrix of f64::MAX/2 entries is 2·f64::MAX: no f64 holds it. The
/// report says so in decimal (JSON string, text), never `inf`, and the rank is 1.
#[test]
fn singular_values_beyond_f64_are_printed_not_infinite() {
    let c = f64::MAX / 2.0;
    let a = F64Matrix::from_fn(4, 4, |_, _| c);
    let r = compare("big", &a.to_exact_zmatrix(), &a, &Options::default()).unwrap();
    assert_eq!(r.exact.rank, 1);
    assert_eq!(oracle_rank(&a), 1);
    let smax = r.unscaled(r.singular_values[0]);
    assert_eq!(smax.to_f64(), None, "beyond f64");
    assert!(close(smax, Scaled::new(c, 2)));
    for key in ["numpy", "matlab", "julia", "qr"] {
        assert_eq!(r.rule(key).unwrap().rank, 1, "{key}");
    }
    let v = r.to_json();
    let s0 = v["singular_values"][0].as_str().expect("a decimal string");
    assert!(
        s0.starts_with("3.5953862697246") && s0.ends_with("e308"),
        "{s0}"
    );
    let text = r.to_text();
    assert!(text.contains("3.5954e308"), "{text}");
    assert!(!text.contains("inf") && !text.contains("NaN"), "{text}");
    // Every numeric CSV field is a decimal number, never inf or NaN.
    for line in r.csv_rows() {
        for f in line.split(',').skip(5) {
            let word = ["agrees", "overestimates", "underestimates"].contains(&f);
            let number = f.parse::<f64>().is_ok() && !f.contains("inf") && !f.contains("NaN");
            assert!(f.is_empty() || word || number, "{line}");
        }
    }
}

/// diag(1e300, 1e-300): exact rank 2. In floating point σ₂ = 1e-300 is 2^1993 times below
/// σ₁, beyond any relative threshold; after rescaling it underflows to 0, as it does in
/// LAPACK's own scaling (NumPy prints σ = [1e300, 0] for this matrix). Every rule says 1
/// and no tolerance interval exists: the float side cannot see the second direction.
#[test]
fn mixed_extremes_keep_the_exact_rank() {
    let a = F64Matrix::from_fn(2, 2, |i, j| match (i, j) {
        (0, 0) => 1e300,
        (1, 1) => 1e-300,
        _ => 0.0,
    });
    let r = compare("mixed", &a.to_exact_zmatrix(), &a, &Options::default()).unwrap();
    assert_eq!((r.exact.rank, oracle_rank(&a)), (2, 2));
    assert!(r.rules.iter().all(|o| o.rank == 1), "{}", r.to_text());
    // A rank-1 block of ~1e300 entries beside an independent 1e-300 column: exact rank
    // 2 (the oracle agrees), float rank 1 under every relative rule.
    let b = F64Matrix::from_fn(3, 3, |i, j| {
        if j == 2 {
            [0.0, 0.0, 1e-300][i]
        } else {
            [1e300, 2e299, 3e298][i] * [1.0, 0.5][j]
        }
    });
    let e = exact_rank(&b.to_exact_zmatrix());
    assert_eq!((e.rank, oracle_rank(&b)), (2, 2));
    let r = compare_with_rank("mixed-b", e, &b, &Options::default()).unwrap();
    for key in ["numpy", "matlab", "julia", "qr"] {
        assert_eq!(r.rule(key).unwrap().rank, 1, "{key}");
    }
}

fn exrank(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_exrank"))
        .args(args)
        .output()
        .expect("binary runs")
}

/// Through the binary: text files with entries ~1e300, ~1e-300, subnormal and mixed;
/// exit 0, the exact rank, the rescaling reported, no `inf`/`NaN` anywhere.
#[test]
fn binary_compares_files_with_extreme_entries() {
    let dir = std::env::temp_dir().join(format!("exrank-float-extreme-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cases: [(&str, &str, usize, usize); 5] = [
        // name, text, exact rank, NumPy-rule rank
        (
            "big",
            "1e300 2e300 3e300\n4e300 5e300 6e300\n7e300 8e300 9e300\n",
            2,
            2,
        ),
        ("top", "1e308 1e308\n1e308 -1e308\n", 2, 2),
        ("tiny", "1e-300 2e-300\n3e-300 4e-300\n", 2, 2),
        ("sub", "1e-320 2e-320\n3e-320 6e-320\n", 1, 1),
        ("mixed", "1e300 0\n0 1e-300\n", 2, 1),
    ];
    for (name, text, exact, numpy) in cases {
        let path = dir.join(format!("{name}.txt"));
        std::fs::write(&path, text).unwrap();
        let p = path.to_str().unwrap();
        let o = exrank(&["compare", p, "--json", "--tol", "1e-310"]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{name}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let out = String::from_utf8_lossy(&o.stdout);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["exact_rank"], exact, "{name}");
        assert_eq!(v["rules"]["numpy"]["rank"], numpy, "{name}");
        assert_ne!(v["scale_log2"], 0, "{name} was rescaled");
        assert!(!out.contains("null") || name == "mixed", "{name}: {out}");
        for fmt in [&[][..], &["--csv"][..]] {
            let mut args = vec!["compare", p, "--tol", "1e-310"];
            args.extend_from_slice(fmt);
            let o = exrank(&args);
            assert_eq!(o.status.code(), Some(0));
            let out = String::from_utf8_lossy(&o.stdout).to_lowercase();
            assert!(
                !out.contains("inf") && !out.contains("nan"),
                "{name}: {out}"
            );
        }
        // The exact rank through `exrank rank` agrees (the certified library path).
        let o = exrank(&["rank", p]);
        assert!(String::from_utf8_lossy(&o.stdout).contains(&exact.to_string()));
    }
    // The absolute tolerance is in the file's units: 1e-310 keeps both 1e-300-scale
    // singular values of `tiny`; 1e-320 keeps the subnormal σ₁ ≈ 7.07e-320 of `sub`.
    let tiny = exrank(&[
        "compare",
        dir.join("tiny.txt").to_str().unwrap(),
        "--json",
        "--tol",
        "1e-310",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&tiny.stdout).unwrap();
    assert_eq!(v["rules"]["tol"]["rank"], 2);
    assert_eq!(
        v["rules"]["absolute"]["rank"], 0,
        "1e-10 is above every σ ~ 1e-300"
    );
    let sub = exrank(&[
        "compare",
        dir.join("sub.txt").to_str().unwrap(),
        "--json",
        "--tol",
        "1e-320",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&sub.stdout).unwrap();
    assert_eq!(v["rules"]["tol"]["rank"], 1, "σ₁ ≈ 7.07e-320 > 1e-320");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn decimal_form_of_values_beyond_f64_is_exact() {
    // 2^1024 = 179769313486231590772930519078902473361797697894230657273430081157732675805500963…
    assert_eq!(Scaled::new(1.0, 1024).sci(17), "1.7976931348623159e308");
    assert_eq!(Scaled::new(1.0, 1024).sci(5), "1.7977e308");
    // 2^-1100 = 7.36215182902286267…e-332 and (2 - 2^-52)·2^1100 = 2.71659705809877139…e331
    // (Python's decimal module at 60 digits).
    assert_eq!(Scaled::new(1.0, -1100).sci(5), "7.3622e-332");
    assert_eq!(
        Scaled::new(2.0 - f64::EPSILON, 1100).sci(17),
        "2.7165970580987714e331"
    );
    assert!(Scaled::new(1.0, 1024) > Scaled::from_f64(f64::MAX));
    assert!(Scaled::new(1.0, -1075) < Scaled::from_f64(f64::from_bits(1)));
    assert!(Scaled::ZERO < Scaled::new(1.0, -5000));
}

/// Library callers get an error, not a panic or a silent rank, for a tolerance that is
/// not a finite non-negative number; a huge `rtol` whose threshold overflows f64 is
/// formed exactly (and counts nothing).
#[test]
fn tolerances_are_validated_and_huge_rtol_is_exact() {
    let a = F64Matrix::from_fn(2, 2, |i, j| if i == j { 1e300 } else { 0.0 });
    let z = a.to_exact_zmatrix();
    for bad in [f64::NAN, f64::INFINITY, -1.0] {
        for opts in [
            Options {
                tol: Some(bad),
                ..Options::default()
            },
            Options {
                rtol: Some(bad),
                ..Options::default()
            },
            Options {
                absolute: bad,
                ..Options::default()
            },
        ] {
            assert!(compare("bad", &z, &a, &opts).is_err(), "{opts:?}");
        }
    }
    let opts = Options {
        rtol: Some(1e300),
        ..Options::default()
    };
    let r = compare("huge-rtol", &z, &a, &opts).unwrap();
    let o = r.rule("rtol").unwrap();
    assert_eq!(o.rank, 0);
    assert!(close(
        o.tolerance,
        Scaled::from_f64(1e300).times(&Scaled::from_f64(1e300))
    ));
    assert_eq!(o.tolerance.sci(3), "1.00e600");
}
