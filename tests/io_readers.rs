//! The readers against independent oracles: matrices built in the test, written by
//! writers of the test's own (or the library's), read back and compared entry by entry as
//! exact rationals. Covers every format, symmetric mirroring, exact decimals, big
//! entries, rationals, sparse shapes that must stay sparse, and detection.

use exrank::io::{self, detect, Entries, Format, Parsed, Scalar};
use exrank::ZMatrix;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rug::{Integer, Rational};

/// The matrix as a dense row-major vector of exact rationals.
fn dense(p: &Parsed) -> Vec<Rational> {
    let mut out = vec![Rational::new(); p.rows * p.cols];
    match &p.entries {
        Entries::Dense(_) | Entries::DenseInt(_) => {
            let v = p.entries.dense_scalars().unwrap();
            assert_eq!(v.len(), p.rows * p.cols);
            for (d, x) in out.iter_mut().zip(&v) {
                *d = x.to_rational();
            }
        }
        Entries::Coordinate(t) => {
            for (i, j, x) in t {
                assert!(*i < p.rows && *j < p.cols);
                out[i * p.cols + j] = x.to_rational();
            }
        }
    }
    out
}

/// A random exact entry: often zero, small, huge (up to 300 bits) or a fraction.
fn random_entry(rng: &mut ChaCha8Rng, rationals: bool) -> Rational {
    match rng.gen_range(0..6) {
        0 | 1 => Rational::new(),
        2 => Rational::from(rng.gen_range(-9i64..=9)),
        3 => {
            let bits: u32 = rng.gen_range(60..300);
            let mut v: Integer = Integer::from(1) << bits;
            v -= rng.gen_range(0u64..u64::MAX);
            if rng.gen() {
                v = -v;
            }
            Rational::from(v)
        }
        4 if rationals => Rational::from((rng.gen_range(-50i64..50), rng.gen_range(1i64..40))),
        _ => Rational::from(rng.gen::<i64>()),
    }
}

fn random_matrix(rng: &mut ChaCha8Rng, m: usize, n: usize, rationals: bool) -> Vec<Rational> {
    (0..m * n).map(|_| random_entry(rng, rationals)).collect()
}

fn parsed_of(m: usize, n: usize, q: &[Rational]) -> Parsed {
    let entries = q
        .iter()
        .map(|x| match (x.denom() == &1, x.numer().to_i64()) {
            (true, Some(v)) => Scalar::Int(v),
            _ => Scalar::Rat(x.clone()),
        })
        .collect();
    Parsed {
        rows: m,
        cols: n,
        entries: Entries::Dense(entries),
    }
}

fn zmatrix_of(m: usize, n: usize, q: &[Rational]) -> ZMatrix {
    ZMatrix::from_vec(m, n, q.iter().map(|x| x.numer().clone()).collect())
}

const SHAPES: [(usize, usize); 7] = [(1, 1), (1, 5), (5, 1), (3, 3), (4, 7), (8, 2), (6, 6)];

#[test]
fn matrix_market_writers_round_trip_big_integers() {
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    for &(m, n) in SHAPES.iter().chain(&[(0, 3), (3, 0), (0, 0)]) {
        let q = random_matrix(&mut rng, m, n, false);
        let a = zmatrix_of(m, n, &q);
        for coordinate in [false, true] {
            let mut out = Vec::new();
            if coordinate {
                io::write::matrix_market_coordinate(&mut out, &a).unwrap();
            } else {
                io::write::matrix_market_array(&mut out, &a).unwrap();
            }
            assert_eq!(detect(&out, None), Format::MatrixMarket);
            let p = io::read_bytes(&out, None).unwrap();
            assert_eq!((p.rows, p.cols), (m, n));
            assert_eq!(dense(&p), q, "{m}x{n} coordinate={coordinate}");
            assert_eq!(p.to_zmatrix(), a);
        }
    }
}

#[test]
fn sms_and_text_writers_round_trip_rationals() {
    let mut rng = ChaCha8Rng::seed_from_u64(2);
    for round in 0..20 {
        for &(m, n) in &SHAPES {
            let q = random_matrix(&mut rng, m, n, true);
            let p = parsed_of(m, n, &q);
            let mut sms = Vec::new();
            io::write::sms(&mut sms, &p).unwrap();
            assert_eq!(detect(&sms, None), Format::Sms);
            let back = io::read_bytes(&sms, None).unwrap();
            assert_eq!((back.rows, back.cols), (m, n));
            assert_eq!(dense(&back), q, "sms round {round} {m}x{n}");
            assert_eq!(back.nnz(), q.iter().filter(|x| **x != 0).count());

            let mut txt = Vec::new();
            io::write::text(&mut txt, &p).unwrap();
            assert_eq!(detect(&txt, Some("m.txt")), Format::Text);
            let back = io::read_bytes(&txt, Some("m.txt")).unwrap();
            assert_eq!(dense(&back), q, "text round {round} {m}x{n}");
        }
    }
    // Empty shapes: SMS can say them, text cannot (and says so instead of lying).
    let p = parsed_of(0, 4, &[]);
    let mut sms = Vec::new();
    io::write::sms(&mut sms, &p).unwrap();
    assert_eq!(io::sms::read(&sms).unwrap().cols, 4);
    assert!(io::write::text(&mut Vec::new(), &p).is_err());
}

/// The test's own Matrix Market writer for the symmetric storage schemes: only the lower
/// triangle (strict for skew), lines shuffled, values written as exact decimals or integers.
fn write_mm_triangle(
    q: &[Rational],
    n: usize,
    symmetry: &str,
    coordinate: bool,
    rng: &mut ChaCha8Rng,
) -> Vec<u8> {
    let strict = symmetry == "skew-symmetric";
    let mut cells = Vec::new();
    for j in 0..n {
        for i in j + usize::from(strict)..n {
            cells.push((i, j));
        }
    }
    let mut s = String::new();
    if coordinate {
        cells.retain(|&(i, j)| q[i * n + j] != 0);
        // Shuffle: order is not part of the coordinate format.
        for k in (1..cells.len()).rev() {
            cells.swap(k, rng.gen_range(0..=k));
        }
        s += &format!(
            "%%MatrixMarket matrix coordinate integer {symmetry}\n% test\n{n} {n} {}\n",
            cells.len()
        );
        for (i, j) in cells {
            s += &format!("{} {} {}\n", i + 1, j + 1, q[i * n + j]);
        }
    } else {
        s += &format!("%%MatrixMarket matrix array integer {symmetry}\n{n} {n}\n");
        for (i, j) in cells {
            s += &format!("{}\n", q[i * n + j]);
        }
    }
    s.into_bytes()
}

#[test]
fn symmetric_and_skew_files_are_mirrored() {
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    for n in [1usize, 2, 3, 6, 9] {
        for skew in [false, true] {
            // Build the full matrix in the test: lower triangle random, upper mirrored.
            let mut q = vec![Rational::new(); n * n];
            for i in 0..n {
                for j in 0..=i {
                    if skew && i == j {
                        continue;
                    }
                    let v = random_entry(&mut rng, false);
                    q[j * n + i] = if skew { -v.clone() } else { v.clone() };
                    q[i * n + j] = v;
                }
            }
            let symmetry = if skew { "skew-symmetric" } else { "symmetric" };
            for coordinate in [false, true] {
                let bytes = write_mm_triangle(&q, n, symmetry, coordinate, &mut rng);
                let p = io::matrix_market::read(&bytes).unwrap();
                assert_eq!(dense(&p), q, "n={n} {symmetry} coordinate={coordinate}");
            }
        }
    }
}

#[test]
fn matrix_market_fields() {
    let real = b"%%MatrixMarket matrix array real general\n% exact decimals, not floats\n2 2\n0.1\n-1.5e-3\n1E5\n.25\n";
    let p = io::read_bytes(real, None).unwrap();
    // Column-major: (0,0)=0.1 (1,0)=-1.5e-3 (0,1)=1e5 (1,1)=0.25.
    assert_eq!(
        dense(&p),
        vec![
            Rational::from((1, 10)),
            Rational::from(100_000),
            Rational::from((-3, 2000)),
            Rational::from((1, 4)),
        ]
    );
    let pattern = b"%%MatrixMarket matrix coordinate pattern general\n2 3 2\n1 3\n2 1\n";
    let p = io::read_bytes(pattern, None).unwrap();
    assert_eq!(dense(&p), [0, 0, 1, 1, 0, 0].map(Rational::from).to_vec());
    // Upper-case header words and CRLF line ends are accepted.
    let shouty = b"%%MatrixMarket MATRIX Coordinate Integer General\r\n1 1 1\r\n1 1 7\r\n";
    assert_eq!(
        dense(&io::read_bytes(shouty, None).unwrap()),
        vec![Rational::from(7)]
    );
    // Explicit zeros are valid and hold nothing.
    let zeros = b"%%MatrixMarket matrix coordinate integer general\n3 3 2\n1 1 0\n2 2 4\n";
    assert_eq!(io::read_bytes(zeros, None).unwrap().nnz(), 1);
}

#[test]
fn huge_sparse_shape_stays_sparse() {
    let bytes =
        b"%%MatrixMarket matrix coordinate integer general\n1000000 1000000 3\n1 1 5\n999999 1000000 -2\n500000 7 123456789012345678901234567890\n";
    let p = io::read_bytes(bytes, None).unwrap();
    assert_eq!((p.rows, p.cols, p.nnz()), (1_000_000, 1_000_000, 3));
    assert!(matches!(p.entries, Entries::Coordinate(_)));
    let e = p
        .to_zmatrix_checked(io::DEFAULT_MAX_DENSE_ENTRIES)
        .unwrap_err();
    assert!(matches!(e, exrank::Error::TooLarge(_)), "{e}");
    assert!(e.to_string().contains("1000000×1000000"), "{e}");
}

#[test]
fn to_zmatrix_clears_denominators_row_by_row() {
    // Coordinates out of order, a rational row and an integer row.
    let p = Parsed {
        rows: 2,
        cols: 3,
        entries: Entries::Coordinate(vec![
            (1, 2, Scalar::Int(4)),
            (0, 2, Scalar::Rat(Rational::from((1, 6)))),
            (0, 0, Scalar::Rat(Rational::from((-1, 4)))),
        ]),
    };
    let z = p.to_zmatrix();
    // Row 0 scaled by lcm(6, 4) = 12: [-3, 0, 2]; row 1 unchanged: [0, 0, 4].
    assert_eq!(
        z,
        ZMatrix::from_i64_rows(&[vec![-3, 0, 2], vec![0, 0, 4]]).unwrap()
    );
}

#[test]
fn same_matrix_in_every_text_format_reads_the_same() {
    let txt = b"# 2x3\n1, 0, 1/2\n0 -7 0.25\n";
    let sms = b"2 3 M\n2 2 -7\n1 1 1\n1 3 1/2\n2 3 1/4\n0 0 0\n";
    let mm = b"%%MatrixMarket matrix coordinate real general\n2 3 4\n1 1 1\n1 3 0.5\n2 2 -7\n2 3 2.5e-1\n";
    let a = dense(&io::read_bytes(txt, None).unwrap());
    assert_eq!(a, dense(&io::read_bytes(sms, None).unwrap()));
    assert_eq!(a, dense(&io::read_bytes(mm, None).unwrap()));
    assert_eq!(a[2], Rational::from((1, 2)));
}

#[test]
fn detection_prefers_content_over_extension() {
    assert_eq!(
        detect(
            b"%%MatrixMarket matrix array integer general\n",
            Some("x.txt")
        ),
        Format::MatrixMarket
    );
    assert_eq!(
        detect(
            b"\xEF\xBB\xBF%%MatrixMarket matrix array integer general\n",
            None
        ),
        Format::MatrixMarket
    );
    assert_eq!(detect(b"\x93NUMPY\x01\x00", Some("x.csv")), Format::Npy);
    assert_eq!(detect(b"\n3 4 M\n0 0 0\n", Some("x.txt")), Format::Sms);
    assert_eq!(detect(b"3 4 5\n", None), Format::Text);
    assert_eq!(detect(b"1 2\n", Some("dir.v2/M.SMS")), Format::Sms);
    assert_eq!(detect(b"1 2\n", Some("dir.mtx/plain")), Format::Text);
    // The npy route goes to io::npy::read (whatever its state, an error is not a panic).
    let _ = io::read_bytes(b"\x93NUMPY\x01\x00", None);
}

#[test]
fn read_path_names_the_file_and_reads_each_format() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("io_readers");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("m.sms");
    std::fs::write(&path, "2 2 M\n1 2 3\n0 0 0\n").unwrap();
    let p = io::read_path(path.to_str().unwrap()).unwrap();
    assert_eq!(dense(&p), [0, 3, 0, 0].map(Rational::from).to_vec());
    let bad = dir.join("bad.txt");
    std::fs::write(&bad, "1 2\n3 x\n").unwrap();
    let e = io::read_path(bad.to_str().unwrap()).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "{}:2: `x` is not a number: expected an integer, `p/q` or a decimal",
            bad.display()
        )
    );
}

#[test]
fn error_kinds_are_specific() {
    use exrank::ParseErrorKind as K;
    let mm = "%%MatrixMarket matrix coordinate integer general\n";
    let cases: Vec<(String, K)> = vec![
        ("1 2\n3\n".into(), K::Ragged),
        ("1 x\n".into(), K::BadNumber),
        ("1/0\n".into(), K::ZeroDenominator),
        ("".into(), K::Empty),
        ("1,,2\n".into(), K::BadLine),
        ("1e99999\n".into(), K::TooLarge),
        (format!("{mm}2 2 2\n1 1 1\n"), K::CountMismatch),
        (format!("{mm}2 2 1\n1 1 1\n2 2 2\n"), K::CountMismatch),
        (format!("{mm}2 2 1\n3 1 1\n"), K::IndexOutOfRange),
        (format!("{mm}2 2 1\n0 1 1\n"), K::IndexOutOfRange),
        (format!("{mm}2 2 1\n1 -1 1\n"), K::IndexOutOfRange),
        (format!("{mm}2 2 2\n1 1 1\n1 1 2\n"), K::DuplicateEntry),
        (format!("{mm}2 2 1\n1 1\n"), K::BadLine),
        (format!("{mm}2 2\n"), K::BadHeader),
        (
            "%%MatrixMarket matrix array integer general\n1000000000 1000000000\n".into(),
            K::TooLarge,
        ),
        (
            "%%MatrixMarket matrix coordinate complex general\n1 1 1\n1 1 1 1\n".into(),
            K::Unsupported,
        ),
        (
            "%%MatrixMarket vector coordinate integer general\n1 1\n".into(),
            K::Unsupported,
        ),
        ("2 2 M\n1 1 1\n1 1 1\n0 0 0\n".into(), K::DuplicateEntry),
        ("2 2 M\n1 1 1\n".into(), K::CountMismatch),
        ("2 2 M\n3 1 1\n0 0 0\n".into(), K::IndexOutOfRange),
        ("9999999999 2 M\n0 0 0\n".into(), K::TooLarge),
    ];
    for (input, kind) in cases {
        let e = io::read_bytes(input.as_bytes(), None).unwrap_err();
        assert_eq!(e.kind, kind, "{input:?}: {e}");
        assert!(e.line > 0, "{input:?}: {e}");
    }
}

#[test]
fn the_first_duplicate_in_file_order_is_reported() {
    // (3,1) on lines 3, 6 and 7; (2,2) on lines 4 and 8: line 6 repeats line 3 first.
    let mm = b"%%MatrixMarket matrix coordinate integer general\n3 3 6\n3 1 1\n2 2 1\n1 1 1\n3 1 2\n3 1 3\n2 2 4\n";
    let e = io::read_bytes(mm, None).unwrap_err();
    assert_eq!(e.line, 6, "{e}");
    assert!(
        e.message
            .contains("entry (3, 1) appears again (first on line 3)"),
        "{e}"
    );
    // Also when the repeat of a later cell comes first in the file.
    let sms = b"4 4 M\n4 4 1\n1 1 1\n1 1 2\n4 4 2\n0 0 0\n";
    let e = io::read_bytes(sms, None).unwrap_err();
    assert_eq!(e.line, 4, "{e}");
    assert!(
        e.message
            .contains("entry (1, 1) appears again (first on line 3)"),
        "{e}"
    );
    // An explicit zero counts: a cell listed twice is a broken file whatever the values.
    let zero = b"2 2 M\n1 2 0\n1 2 5\n0 0 0\n";
    assert_eq!(
        io::read_bytes(zero, None).unwrap_err().kind,
        exrank::ParseErrorKind::DuplicateEntry
    );
}

#[test]
fn npy_files_are_routed_by_content() {
    // Written by the .npy writer, found by content whatever the name, read exactly.
    let mut out = Vec::new();
    io::npy::write_f64(&mut out, 2, 2, &[0.1, 2.0, -0.5, 0.0]).unwrap();
    for hint in [None, Some("m.txt"), Some("m.mtx")] {
        assert_eq!(detect(&out, hint), Format::Npy);
        let p = io::read_bytes(&out, hint).unwrap();
        let q = dense(&p);
        // 0.1 as stored in binary64 is not 1/10 but the dyadic 3602879701896397/2^55.
        let stored_tenth = Rational::from((
            Integer::from(3602879701896397u64),
            Integer::from(1) << 55u32,
        ));
        assert_eq!(
            q,
            vec![
                stored_tenth,
                Rational::from(2),
                Rational::from((-1, 2)),
                Rational::new()
            ]
        );
    }
}
