//! Shared test helpers: an independent naive oracle (Gaussian elimination over
//! num-rational `BigRational`, written here from scratch and sharing no code with the
//! crate) and a quickcheck matrix wrapper.
#![allow(dead_code)]

use exrank::ZMatrix;
use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Zero};
use quickcheck::{Arbitrary, Gen};

/// A GMP integer as a num-bigint one, through its decimal spelling (deliberately not the
/// crate's own conversion).
pub fn to_bigint(x: &rug::Integer) -> BigInt {
    x.to_string().parse().expect("decimal integer")
}

/// What plain Gaussian elimination over Q finds.
#[derive(Debug)]
pub struct Oracle {
    pub rank: usize,
    /// Column rank profile: a column is a pivot iff it is independent of the columns
    /// before it, which is exactly where row echelon form has a pivot.
    pub pivot_cols: Vec<usize>,
}

fn rational_rows(a: &ZMatrix) -> Vec<Vec<BigRational>> {
    (0..a.rows())
        .map(|i| {
            a.row(i)
                .iter()
                .map(|x| BigRational::from_integer(to_bigint(x)))
                .collect()
        })
        .collect()
}

/// Row echelon form over Q, returning the pivot columns and the row-swap parity and
/// pivots' product (the determinant for a square nonsingular input).
fn echelon(mut w: Vec<Vec<BigRational>>, cols: usize) -> (Vec<usize>, BigRational) {
    let m = w.len();
    let mut r = 0;
    let mut pivots = Vec::new();
    let mut product = BigRational::one();
    for j in 0..cols {
        let Some(p) = (r..m).find(|&i| !w[i][j].is_zero()) else {
            continue;
        };
        if p != r {
            w.swap(p, r);
            product = -product;
        }
        let pivot = w[r][j].clone();
        product *= &pivot;
        for i in r + 1..m {
            if w[i][j].is_zero() {
                continue;
            }
            let f = &w[i][j] / &pivot;
            let (top, bottom) = w.split_at_mut(i);
            for (x, y) in bottom[0][j..].iter_mut().zip(&top[r][j..]) {
                *x -= &f * y;
            }
        }
        pivots.push(j);
        r += 1;
        if r == m {
            break;
        }
    }
    (pivots, product)
}

/// Rank and column rank profile of `a` by Gaussian elimination over Q.
pub fn oracle(a: &ZMatrix) -> Oracle {
    let (pivot_cols, _) = echelon(rational_rows(a), a.cols());
    Oracle {
        rank: pivot_cols.len(),
        pivot_cols,
    }
}

/// The determinant of a square matrix by Gaussian elimination over Q (1 for 0×0).
pub fn oracle_det(a: &ZMatrix) -> BigInt {
    assert_eq!(a.rows(), a.cols());
    let n = a.cols();
    let (pivots, product) = echelon(rational_rows(a), n);
    if pivots.len() < n {
        return BigInt::zero();
    }
    assert!(
        product.is_integer(),
        "a determinant of integers is an integer"
    );
    product.to_integer()
}

/// Checks everything `eliminate` claims against the oracle; panics with the matrix on a
/// mismatch.
pub fn check_elimination(a: &ZMatrix, e: &exrank::bareiss::Elimination) {
    let o = oracle(a);
    assert_eq!(e.rank, o.rank, "rank of\n{a}");
    assert_eq!(e.pivot_cols, o.pivot_cols, "column rank profile of\n{a}");
    assert_eq!(e.pivot_rows.len(), e.rank);
    assert!(
        e.pivot_rows.windows(2).all(|w| w[0] < w[1]),
        "pivot rows sorted"
    );
    assert!(e.pivot_rows.iter().all(|&i| i < a.rows()));
    assert_ne!(e.minor, 0, "pivot minor of\n{a}");
    let sub = a.submatrix(&e.pivot_rows, &e.pivot_cols);
    assert_eq!(to_bigint(&e.minor), oracle_det(&sub), "pivot minor of\n{a}");
}

/// Checks a claimed kernel basis: n × (n − r), annihilated by `a`, and independent because
/// its free-column block is diagonal with nonzero entries.
pub fn check_kernel(a: &ZMatrix, k: &ZMatrix, pivot_cols: &[usize]) {
    let n = a.cols();
    let free: Vec<usize> = (0..n).filter(|c| !pivot_cols.contains(c)).collect();
    assert_eq!(k.rows(), n);
    assert_eq!(k.cols(), free.len(), "kernel dimension n − r");
    assert!(a.mul(k).is_zero(), "A·K ≠ 0 for\n{a}");
    for t in 0..free.len() {
        for (s, &g) in free.iter().enumerate() {
            let x = &k[(g, t)];
            if s == t {
                assert!(*x > 0, "free block diagonal must be positive");
            } else {
                assert_eq!(*x, 0, "free block must be diagonal");
            }
        }
    }
    // And independently of that structure: the oracle agrees the rank of K is n − r.
    assert_eq!(oracle(k).rank, free.len(), "kernel columns independent");
}

/// A small random integer matrix for quickcheck: shapes up to 7×7 including empty ones,
/// entries mostly small with zeros and repeated rows/columns (so ranks are often
/// deficient) and sometimes huge (so both the word-size and the GMP paths run).
#[derive(Clone, Debug)]
pub struct Mat(pub Vec<Vec<rug::Integer>>, pub usize);

impl Mat {
    pub fn to_zmatrix(&self) -> ZMatrix {
        let (m, n) = (self.0.len(), self.1);
        ZMatrix::from_fn(m, n, |i, j| self.0[i][j].clone())
    }
}

fn arbitrary_entry(g: &mut Gen, bits: u32) -> rug::Integer {
    match u8::arbitrary(g) % 4 {
        0 => rug::Integer::new(),
        _ => {
            let mut x = rug::Integer::new();
            let mut left = bits;
            while left > 0 {
                let take = left.min(32);
                x <<= take;
                x += u32::arbitrary(g) >> (32 - take);
                left -= take;
            }
            if bool::arbitrary(g) {
                -x
            } else {
                x
            }
        }
    }
}

impl Arbitrary for Mat {
    fn arbitrary(g: &mut Gen) -> Mat {
        let m = usize::arbitrary(g) % 8;
        let n = usize::arbitrary(g) % 8;
        let bits = *g
            .choose(&[1u32, 2, 3, 8, 31, 62, 63, 64, 100, 300])
            .unwrap();
        let mut rows: Vec<Vec<rug::Integer>> = (0..m)
            .map(|_| (0..n).map(|_| arbitrary_entry(g, bits)).collect())
            .collect();
        // Dependencies: sometimes a row becomes a combination of two others, or a column a
        // copy of another.
        if m >= 3 && bool::arbitrary(g) {
            let (a, b, c) = (
                usize::arbitrary(g) % m,
                usize::arbitrary(g) % m,
                usize::arbitrary(g) % m,
            );
            let s = i64::arbitrary(g) % 5;
            rows[c] = (0..n)
                .map(|j| rug::Integer::from(&rows[a][j] + &rows[b][j] * s))
                .collect();
        }
        if n >= 2 && bool::arbitrary(g) {
            let (a, b) = (usize::arbitrary(g) % n, usize::arbitrary(g) % n);
            for row in rows.iter_mut() {
                row[b] = row[a].clone() * 2;
            }
        }
        Mat(rows, n)
    }

    /// Drops a row, drops a column, or halves every entry (toward zero).
    fn shrink(&self) -> Box<dyn Iterator<Item = Mat>> {
        let mut out = Vec::new();
        let (m, n) = (self.0.len(), self.1);
        for i in 0..m {
            let mut rows = self.0.clone();
            rows.remove(i);
            out.push(Mat(rows, n));
        }
        for j in 0..n {
            let rows = self
                .0
                .iter()
                .map(|r| {
                    r.iter()
                        .enumerate()
                        .filter(|&(k, _)| k != j)
                        .map(|(_, x)| x.clone())
                        .collect()
                })
                .collect();
            out.push(Mat(rows, n - 1));
        }
        if self.0.iter().flatten().any(|x| *x != 0) {
            let rows = self
                .0
                .iter()
                .map(|r| r.iter().map(|x| rug::Integer::from(x / 2)).collect())
                .collect();
            out.push(Mat(rows, n));
        }
        Box::new(out.into_iter())
    }
}
