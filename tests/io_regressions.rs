//! Reader regressions: inputs found by fuzzing (fuzz/, `cargo fuzz run TARGET`) pinned
//! here so they stay fixed, plus a seeded mutation smoke test over the fixtures in
//! tests/data/io that runs the fuzz targets' oracle inside `cargo test`.

use exrank::io::{self, Entries, Parsed};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The fuzz targets' oracle: no panic; an Ok matrix is well formed (dense length matches,
/// coordinates in range and unique) and reads back unchanged from the SMS writer.
fn check(bytes: &[u8], hint: Option<&str>) {
    let p = match io::read_bytes(bytes, hint) {
        Ok(p) => p,
        Err(e) => {
            // Every text-format error points at a line (.npy is binary: no lines).
            if io::detect(bytes, hint) != io::Format::Npy {
                assert!(e.line > 0, "error without a line: {e:?}");
            }
            return;
        }
    };
    match &p.entries {
        Entries::Dense(v) => {
            assert_eq!(v.len(), p.rows * p.cols);
            // Canonical: all-machine-integer dense entries are the compact variant.
            assert!(v.iter().any(|x| matches!(x, io::Scalar::Rat(_))));
        }
        Entries::DenseInt(v) => assert_eq!(v.len(), p.rows * p.cols),
        Entries::Coordinate(t) => {
            // Readers promise (row, col) order, no zeros, no repeats.
            assert!(t.windows(2).all(|w| (w[0].0, w[0].1) < (w[1].0, w[1].1)));
            assert!(t.iter().all(|(_, _, x)| !x.is_zero()));
            let mut cells: Vec<(usize, usize)> = t.iter().map(|(i, j, _)| (*i, *j)).collect();
            assert!(cells.iter().all(|&(i, j)| i < p.rows && j < p.cols));
            cells.sort_unstable();
            let n = cells.len();
            cells.dedup();
            assert_eq!(n, cells.len(), "duplicates survived");
        }
    }
    let mut out = Vec::new();
    io::write::sms(&mut out, &p).unwrap();
    assert_eq!(key(&io::sms::read(&out).unwrap()), key(&p));
}

fn key(p: &Parsed) -> (usize, usize, Vec<(usize, usize, rug::Rational)>) {
    let mut nz: Vec<_> = match &p.entries {
        Entries::Dense(_) | Entries::DenseInt(_) => p
            .entries
            .dense_scalars()
            .unwrap()
            .iter()
            .enumerate()
            .filter(|(_, x)| !x.is_zero())
            .map(|(k, x)| (k / p.cols, k % p.cols, x.to_rational()))
            .collect(),
        Entries::Coordinate(t) => t
            .iter()
            .filter(|(_, _, x)| !x.is_zero())
            .map(|(i, j, x)| (*i, *j, x.to_rational()))
            .collect(),
    };
    nz.sort();
    (p.rows, p.cols, nz)
}

const FIXTURES: [&str; 5] = [
    "symmetric.mtx",
    "skew_array.mtx",
    "pattern.mtx",
    "sample.sms",
    "sample.csv",
];

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/data/io/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

#[test]
fn fixtures_read_as_expected() {
    let sym = io::read_bytes(&fixture("symmetric.mtx"), None).unwrap();
    // 6 stored, 3 of them off the diagonal and mirrored.
    assert_eq!((sym.rows, sym.nnz()), (4, 9));
    let skew = io::read_bytes(&fixture("skew_array.mtx"), None).unwrap();
    assert_eq!(
        skew.to_zmatrix(),
        exrank::ZMatrix::from_i64_rows(&[vec![0, -1, 2], vec![1, 0, -3], vec![-2, 3, 0]]).unwrap()
    );
    assert_eq!(
        io::read_bytes(&fixture("pattern.mtx"), None).unwrap().nnz(),
        4
    );
    assert_eq!(
        io::read_bytes(&fixture("sample.sms"), None).unwrap().nnz(),
        4
    );
    let csv = io::read_bytes(&fixture("sample.csv"), None).unwrap();
    assert_eq!(exrank::rank(&csv.to_zmatrix()).rank, 2);
}

/// Byte-level mutations of the fixtures (the moves libFuzzer makes most): flip, insert a
/// significant byte, delete, duplicate or drop a line. 4000 inputs, seeded.
#[test]
fn mutated_fixtures_never_panic() {
    const BYTES: &[u8] = b"0123456789 -+./eE,\n%#M";
    let mut rng = ChaCha8Rng::seed_from_u64(0x10);
    for name in FIXTURES {
        let base = fixture(name);
        for _ in 0..800 {
            let mut b = base.clone();
            for _ in 0..rng.gen_range(1..4) {
                let k = rng.gen_range(0..b.len().max(1));
                match rng.gen_range(0..5) {
                    0 if !b.is_empty() => b[k] ^= 1 << rng.gen_range(0..8),
                    1 => b.insert(k.min(b.len()), BYTES[rng.gen_range(0..BYTES.len())]),
                    2 if !b.is_empty() => {
                        b.remove(k);
                    }
                    3 => {
                        let lines: Vec<&[u8]> = b.split(|&c| c == b'\n').collect();
                        let l = rng.gen_range(0..lines.len());
                        let mut v = lines.clone();
                        v.insert(l, lines[l]);
                        b = v.join(&b'\n');
                    }
                    _ => {
                        let mut lines: Vec<&[u8]> = b.split(|&c| c == b'\n').collect();
                        lines.remove(rng.gen_range(0..lines.len()));
                        b = lines.join(&b'\n');
                    }
                }
            }
            check(&b, Some(name));
            check(&b, None);
        }
    }
}
