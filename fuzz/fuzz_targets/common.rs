// Shared oracle for the reader targets: whatever the bytes, a reader returns Ok or Err
// (never panics, never allocates from a header), and an Ok matrix is well formed and
// survives a write -> read round trip unchanged.

use exrank::io::{self, Entries, Parsed};

pub fn check(parsed: Result<Parsed, exrank::ParseError>) {
    let p = match parsed {
        Ok(p) => p,
        Err(e) => {
            // Errors must render (they end up on stderr) and be short.
            assert!(e.to_string().len() < 1000, "overlong message: {e}");
            return;
        }
    };
    match &p.entries {
        Entries::Dense(v) => assert_eq!(v.len(), p.rows * p.cols),
        Entries::Coordinate(t) => {
            for (i, j, _) in t {
                assert!(
                    *i < p.rows && *j < p.cols,
                    "({i},{j}) outside {}x{}",
                    p.rows,
                    p.cols
                );
            }
            // Readers promise (row, col) order, no zeros, no repeats.
            assert!(
                t.windows(2).all(|w| (w[0].0, w[0].1) < (w[1].0, w[1].1)),
                "unsorted"
            );
            assert!(t.iter().all(|(_, _, x)| !x.is_zero()), "explicit zero kept");
            let mut cells: Vec<(usize, usize)> = t.iter().map(|(i, j, _)| (*i, *j)).collect();
            cells.sort_unstable();
            let n = cells.len();
            cells.dedup();
            assert_eq!(n, cells.len(), "duplicate coordinates survived");
        }
    }
    // Round trip through SMS (any shape) and text (non-empty shapes): same entries.
    let mut sms = Vec::new();
    io::write::sms(&mut sms, &p).unwrap();
    let back = io::sms::read(&sms).expect("SMS writer output must read back");
    assert_eq!(dense_key(&back), dense_key(&p));
    if p.rows > 0 && p.cols > 0 && p.rows.saturating_mul(p.cols) <= 1 << 16 {
        let mut txt = Vec::new();
        io::write::text(&mut txt, &p).unwrap();
        let back = io::text::read(&txt).expect("text writer output must read back");
        assert_eq!(dense_key(&back), dense_key(&p));
        // Dense conversion of small matrices must not panic either.
        let z = p.to_zmatrix_checked(1 << 16).unwrap();
        assert_eq!((z.rows(), z.cols()), (p.rows, p.cols));
    }
}

/// Shape plus sorted nonzeros as exact rationals: equal iff the matrices are equal.
fn dense_key(p: &Parsed) -> (usize, usize, Vec<(usize, usize, rug::Rational)>) {
    let mut nz: Vec<(usize, usize, rug::Rational)> = match &p.entries {
        Entries::Dense(v) => v
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
