//! The `.npy` reader: values, byte orders, C and Fortran order, strict headers, and a
//! header that lies about its size refused before allocating. When python3 with NumPy is
//! installed, files written by NumPy itself are read back and compared.

use exrank::io::npy;
use exrank::io::Scalar;
use exrank::ParseErrorKind;
use rug::Rational;

fn raw(header: &str, data: &[u8]) -> Vec<u8> {
    let mut dict = header.to_string();
    let total = 10 + dict.len() + 1;
    dict.push_str(&" ".repeat((64 - total % 64) % 64));
    dict.push('\n');
    let mut v = b"\x93NUMPY\x01\x00".to_vec();
    v.extend((dict.len() as u16).to_le_bytes());
    v.extend(dict.as_bytes());
    v.extend(data);
    v
}

fn values(bytes: &[u8]) -> (usize, usize, Vec<Rational>) {
    let p = npy::read(bytes).unwrap();
    let Some(v) = p.entries.dense_scalars() else {
        panic!("dense")
    };
    (p.rows, p.cols, v.iter().map(Scalar::to_rational).collect())
}

fn kind(bytes: &[u8]) -> ParseErrorKind {
    npy::read(bytes).unwrap_err().kind
}

#[test]
fn writers_round_trip_exactly() {
    let xs = [0.1, -2.5, 1e-300, 3.0e-310, 1e300, 7.0];
    let mut out = Vec::new();
    npy::write_f64(&mut out, 2, 3, &xs).unwrap();
    let (m, n, v) = values(&out);
    assert_eq!((m, n), (2, 3));
    for (a, b) in v.iter().zip(xs) {
        assert_eq!(*a, Rational::from_f64(b).unwrap());
    }
    let ints = [i64::MIN, -1, 0, i64::MAX];
    let mut out = Vec::new();
    npy::write_i64(&mut out, 4, 1, &ints).unwrap();
    let (_, _, v) = values(&out);
    assert_eq!(
        v,
        ints.iter().map(|&i| Rational::from(i)).collect::<Vec<_>>()
    );
}

#[test]
fn every_integer_dtype_and_byte_order() {
    let cases: &[(&str, Vec<u8>, i128)] = &[
        ("|i1", vec![0x80], -128),
        ("|u1", vec![0xff], 255),
        ("<i2", vec![0x00, 0x80], -32768),
        (">i2", vec![0x80, 0x00], -32768),
        ("<u2", vec![0xff, 0xff], 65535),
        ("<i4", (-7i32).to_le_bytes().to_vec(), -7),
        (
            ">u4",
            4_000_000_000u32.to_be_bytes().to_vec(),
            4_000_000_000,
        ),
        ("<u8", u64::MAX.to_le_bytes().to_vec(), u64::MAX as i128),
        (">i8", (-5i64).to_be_bytes().to_vec(), -5),
    ];
    for (descr, data, want) in cases {
        let b = raw(
            &format!("{{'descr': '{descr}', 'fortran_order': False, 'shape': (1,), }}"),
            data,
        );
        let (m, n, v) = values(&b);
        assert_eq!((m, n), (1, 1), "{descr}");
        assert_eq!(v[0], Rational::from(rug::Integer::from(*want)), "{descr}");
    }
    let b = raw(
        "{'descr': '>f8', 'fortran_order': False, 'shape': (1,), }",
        &0.1f64.to_be_bytes(),
    );
    assert_eq!(values(&b).2[0], Rational::from_f64(0.1).unwrap());
}

#[test]
fn fortran_order_is_column_major() {
    let data: Vec<u8> = [1i64, 4, 2, 5, 3, 6]
        .iter()
        .flat_map(|x| x.to_le_bytes())
        .collect();
    let b = raw(
        "{'descr': '<i8', 'fortran_order': True, 'shape': (2, 3), }",
        &data,
    );
    let (m, n, v) = values(&b);
    assert_eq!((m, n), (2, 3));
    assert_eq!(v, (1..=6).map(Rational::from).collect::<Vec<_>>());
}

#[test]
fn bad_headers_are_refused_with_a_kind() {
    let d8 = 1.0f64.to_le_bytes();
    assert_eq!(
        kind(b"\x93NUMPX\x01\x00\x00\x00"),
        ParseErrorKind::BadHeader
    );
    let mut v4 = raw(
        "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }",
        &d8,
    );
    v4[6] = 4;
    assert_eq!(kind(&v4), ParseErrorKind::Unsupported);
    for h in [
        "{'descr': '<f8', 'shape': (1,), }",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'extra': 1, }",
        "{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (1,), }",
        "{'descr': '<f8', 'fortran_order': Maybe, 'shape': (1,), }",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (-1,), }",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (1,) } trailing",
        "['descr']",
    ] {
        assert_eq!(kind(&raw(h, &d8)), ParseErrorKind::BadHeader, "{h}");
    }
    for h in [
        "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }",
        "{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }",
        "{'descr': '|i4', 'fortran_order': False, 'shape': (1,), }",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1, 1), }",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (), }",
    ] {
        assert_eq!(kind(&raw(h, &d8)), ParseErrorKind::Unsupported, "{h}");
    }
    // The header length runs past the end of the file.
    let mut short = raw(
        "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }",
        &[],
    );
    short[8] = 0xff;
    assert_eq!(kind(&short), ParseErrorKind::BadHeader);
    // NaN has no exact value.
    let nan = raw(
        "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }",
        &f64::NAN.to_le_bytes(),
    );
    assert_eq!(kind(&nan), ParseErrorKind::BadNumber);
}

#[test]
fn a_header_that_lies_about_its_size_is_refused_before_allocating() {
    // 10^6 x 10^6 float64 would be 8 TB; 8 bytes follow. Refused by comparing sizes.
    let lie = raw(
        "{'descr': '<f8', 'fortran_order': False, 'shape': (1000000, 1000000), }",
        &[0; 8],
    );
    let e = npy::read(&lie).unwrap_err();
    assert_eq!(e.kind, ParseErrorKind::CountMismatch);
    assert!(e.message.contains("8000000000000 bytes"), "{}", e.message);
    let overflow = raw(
        "{'descr': '<f8', 'fortran_order': False, 'shape': (18446744073709551615, 3), }",
        &[0; 8],
    );
    assert_eq!(kind(&overflow), ParseErrorKind::TooLarge);
    let extra = raw(
        "{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }",
        &[0; 9],
    );
    assert_eq!(kind(&extra), ParseErrorKind::CountMismatch);
}

#[test]
fn files_written_by_numpy_read_back_exactly() {
    let script = r#"
import sys, numpy as np
d = sys.argv[1]
a = np.arange(1, 13, dtype=np.float64).reshape(3, 4) / 7
np.save(d + '/c.npy', a)
np.save(d + '/f.npy', np.asfortranarray(a))
np.save(d + '/b.npy', a.astype('>f8'))
np.save(d + '/i.npy', (np.arange(12).reshape(3, 4) - 6).astype(np.int16))
np.save(d + '/v.npy', np.array([1, 2, 3], dtype=np.uint8))
"#;
    let dir = std::env::temp_dir().join(format!("exrank-npy-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let ok = std::process::Command::new("python3")
        .args(["-c", script, dir.to_str().unwrap()])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !ok {
        println!("SKIPPED: python3 with numpy is not available");
        return;
    }
    let want: Vec<Rational> = (1..=12)
        .map(|k| Rational::from_f64(k as f64 / 7.0).unwrap())
        .collect();
    for f in ["c.npy", "f.npy", "b.npy"] {
        let (m, n, v) = values(&std::fs::read(dir.join(f)).unwrap());
        assert_eq!((m, n), (3, 4), "{f}");
        assert_eq!(v, want, "{f}");
    }
    let (_, _, v) = values(&std::fs::read(dir.join("i.npy")).unwrap());
    assert_eq!(v, (-6..6).map(Rational::from).collect::<Vec<_>>());
    let (m, n, _) = values(&std::fs::read(dir.join("v.npy")).unwrap());
    assert_eq!((m, n), (1, 3));
}
