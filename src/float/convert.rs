//! Exact → float: every exact entry becomes the nearest f64 (ties to even), which is what
//! a float library would hold. A float64 read from `.npy` is a dyadic rational and comes
//! back bit for bit.

use crate::io::{Entries, Parsed, Scalar};
use crate::ZMatrix;
use rug::{Integer, Rational};

/// A dense row-major f64 matrix: the float side's view of a matrix.
#[derive(Clone, Debug, PartialEq)]
pub struct F64Matrix {
    /// Number of rows.
    pub rows: usize,
    /// Number of columns.
    pub cols: usize,
    /// Row-major entries, `rows * cols` of them.
    pub data: Vec<f64>,
}

impl F64Matrix {
    /// Builds entry (i, j) as `f(i, j)`.
    ///
    /// ```
    /// let a = exrank::float::F64Matrix::from_fn(2, 2, |i, j| (i + j) as f64);
    /// assert_eq!(a.get(1, 1), 2.0);
    /// ```
    pub fn from_fn(rows: usize, cols: usize, mut f: impl FnMut(usize, usize) -> f64) -> Self {
        let mut data = Vec::with_capacity(rows * cols);
        for i in 0..rows {
            for j in 0..cols {
                data.push(f(i, j));
            }
        }
        F64Matrix { rows, cols, data }
    }

    /// Entry (i, j).
    ///
    /// ```
    /// let a = exrank::float::F64Matrix::from_fn(1, 2, |_, j| j as f64);
    /// assert_eq!(a.get(0, 1), 1.0);
    /// ```
    pub fn get(&self, i: usize, j: usize) -> f64 {
        self.data[i * self.cols + j]
    }

    /// The nearest-f64 image of an integer matrix.
    ///
    /// ```
    /// let a = exrank::ZMatrix::identity(2);
    /// assert_eq!(exrank::float::F64Matrix::from_zmatrix(&a).data, vec![1.0, 0.0, 0.0, 1.0]);
    /// ```
    pub fn from_zmatrix(a: &ZMatrix) -> Self {
        Self::from_fn(a.rows(), a.cols(), |i, j| {
            nearest_f64(&Rational::from(&a[(i, j)]))
        })
    }

    /// The nearest-f64 image of a parsed (exact) matrix, *before* any row scaling, so
    /// the float side sees the values as written.
    ///
    /// ```
    /// let p = exrank::io::read_text(b"1 2\n3 4\n").unwrap();
    /// assert_eq!(exrank::float::F64Matrix::from_parsed(&p).get(1, 0), 3.0);
    /// ```
    pub fn from_parsed(p: &Parsed) -> Self {
        let mut data = vec![0.0; p.rows * p.cols];
        let conv = |s: &Scalar| match s {
            Scalar::Int(v) => nearest_f64(&Rational::from(*v)),
            Scalar::Rat(q) => nearest_f64(q),
        };
        match &p.entries {
            Entries::Dense(v) => {
                for (d, s) in data.iter_mut().zip(v) {
                    *d = conv(s);
                }
            }
            Entries::DenseInt(v) => {
                for (d, &x) in data.iter_mut().zip(v) {
                    *d = conv(&Scalar::Int(x));
                }
            }
            Entries::Coordinate(t) => {
                for (i, j, s) in t {
                    data[i * p.cols + j] = conv(s);
                }
            }
        }
        F64Matrix {
            rows: p.rows,
            cols: p.cols,
            data,
        }
    }

    /// The product `self · other` in f64 (plain dot products, left to right): what a
    /// float code holds after multiplying, rounding included.
    ///
    /// # Panics
    /// If the inner dimensions differ.
    ///
    /// ```
    /// let a = exrank::float::F64Matrix::from_fn(2, 1, |i, _| i as f64 + 1.0);
    /// let b = exrank::float::F64Matrix::from_fn(1, 2, |_, j| j as f64 + 1.0);
    /// assert_eq!(a.mul(&b).data, vec![1.0, 2.0, 2.0, 4.0]);
    /// ```
    pub fn mul(&self, other: &F64Matrix) -> F64Matrix {
        assert_eq!(self.cols, other.rows, "inner dimensions differ");
        F64Matrix::from_fn(self.rows, other.cols, |i, j| {
            (0..self.cols).fold(0.0, |s, k| s + self.get(i, k) * other.get(k, j))
        })
    }

    /// The transpose.
    ///
    /// ```
    /// let a = exrank::float::F64Matrix::from_fn(1, 3, |_, j| j as f64);
    /// assert_eq!(a.transpose().rows, 3);
    /// ```
    pub fn transpose(&self) -> F64Matrix {
        F64Matrix::from_fn(self.cols, self.rows, |i, j| self.get(j, i))
    }

    /// The exact matrix these floats *are* (each f64 is a dyadic rational), scaled row
    /// by row to integers; same rank as the stored floats.
    ///
    /// # Panics
    /// If an entry is NaN or infinite.
    ///
    /// ```
    /// let a = exrank::float::F64Matrix::from_fn(1, 2, |_, j| [0.5, 3.0][j]);
    /// let z = a.to_exact_zmatrix();
    /// assert_eq!((z[(0, 0)].to_i32(), z[(0, 1)].to_i32()), (Some(1), Some(6)));
    /// ```
    pub fn to_exact_zmatrix(&self) -> ZMatrix {
        let entries = self
            .data
            .iter()
            .map(|&x| Scalar::Rat(Rational::from_f64(x).expect("finite entry")))
            .collect();
        Parsed {
            rows: self.rows,
            cols: self.cols,
            entries: Entries::Dense(entries),
        }
        .to_zmatrix()
    }
}

/// 2^k as an f64 for k in [-1074, 1023].
fn pow2(k: i64) -> f64 {
    if k >= -1022 {
        f64::from_bits(((k + 1023) as u64) << 52)
    } else {
        f64::from_bits(1u64 << (k + 1074))
    }
}

/// The f64 nearest to `q` (ties to even; overflow gives ±∞, underflow ±0), correctly
/// rounded also in the subnormal range. rug's own `to_f64` truncates, which is not what
/// a float library's parser would hold.
///
/// ```
/// use rug::Rational;
/// assert_eq!(exrank::float::nearest_f64(&Rational::from((1, 3))), 1.0 / 3.0);
/// assert_eq!(exrank::float::nearest_f64(&Rational::from((2, 3))), 2.0 / 3.0);
/// ```
pub fn nearest_f64(q: &Rational) -> f64 {
    if *q == 0 {
        return 0.0;
    }
    let neg = *q < 0;
    let n = Integer::from(q.numer().abs_ref());
    let d = q.denom();
    // e = floor(log2(n / d)).
    let mut e = n.significant_bits() as i64 - d.significant_bits() as i64;
    let below = if e >= 0 {
        n < Integer::from(d << e as u32)
    } else {
        Integer::from(&n << (-e) as u32) < *d
    };
    if below {
        e -= 1;
    }
    let signed = |x: f64| if neg { -x } else { x };
    if e > 1023 {
        return signed(f64::INFINITY);
    }
    // Bits of precision available at this magnitude (fewer for subnormals).
    let p = if e >= -1022 { 53 } else { 53 - (-1022 - e) };
    if p < 0 {
        return signed(0.0);
    }
    // t = floor(q · 2^(s+1)) holds p + 1 bits: p for the result and one rounding bit.
    let s = p - 1 - e;
    let (num, den) = if s + 1 >= 0 {
        (Integer::from(&n << (s + 1) as u32), d.clone())
    } else {
        (n, Integer::from(d << (-(s + 1)) as u32))
    };
    let (t, rem) = num.div_rem(den);
    let t = t.to_u64().expect("p + 1 <= 54 bits");
    let (mut m, round_bit, sticky) = (t >> 1, t & 1 == 1, rem != 0);
    if round_bit && (sticky || m & 1 == 1) {
        m += 1;
    }
    // m < 2^54 is exact; the product is exact when representable and overflows to ∞
    // when rounding carried past the largest finite value.
    signed(m as f64 * pow2(-s))
}

impl F64Matrix {
    /// `(Z, k)` with `self = 2^-k · Z` exactly: every f64 is a dyadic rational, so one
    /// global power of two turns the matrix into integers without changing anything but
    /// scale (unlike row-wise clearing, this keeps products meaningful: the exact product
    /// of two stored factors is `2^-(k1+k2) · Z1·Z2`).
    ///
    /// # Panics
    /// If an entry is NaN or infinite.
    ///
    /// ```
    /// let a = exrank::float::F64Matrix::from_fn(1, 2, |_, j| [0.25, 3.0][j]);
    /// let (z, k) = a.to_scaled_integers();
    /// assert_eq!((z[(0, 0)].to_i32(), z[(0, 1)].to_i32(), k), (Some(1), Some(12), 2));
    /// ```
    pub fn to_scaled_integers(&self) -> (ZMatrix, i64) {
        let parts: Vec<(Integer, i64)> = self
            .data
            .iter()
            .map(|&x| {
                assert!(x.is_finite(), "finite entry");
                let q = Rational::from_f64(x).expect("finite");
                // A dyadic: the denominator is 2^d.
                let d = q.denom().significant_bits() as i64 - 1;
                (q.numer().clone(), d)
            })
            .collect();
        let k = parts.iter().map(|p| p.1).max().unwrap_or(0);
        let data = parts
            .into_iter()
            .map(|(num, d)| num << (k - d) as u32)
            .collect();
        (ZMatrix::from_vec(self.rows, self.cols, data), k)
    }
}
