//! Conversions between the GMP kernel type and the num-* interchange types, and the
//! rational matrix [`QMatrix`] with its row-wise reduction to integers.

use super::ZMatrix;
use num_bigint::{BigInt, Sign};
use num_rational::BigRational;
use num_traits::One;
#[cfg(test)]
use num_traits::Zero;
use rug::integer::Order;
use rug::Integer;

/// num-bigint → rug, exactly.
///
/// ```
/// let b: num_bigint::BigInt = "-123456789012345678901234567890".parse().unwrap();
/// assert_eq!(exrank::matrix::bigint_to_integer(&b).to_string(), b.to_string());
/// ```
pub fn bigint_to_integer(b: &BigInt) -> Integer {
    let (sign, mag) = b.to_bytes_le();
    let v = Integer::from_digits(&mag, Order::Lsf);
    if sign == Sign::Minus {
        -v
    } else {
        v
    }
}

/// rug → num-bigint, exactly.
///
/// ```
/// let i = rug::Integer::from(-42);
/// assert_eq!(exrank::matrix::integer_to_bigint(&i), num_bigint::BigInt::from(-42));
/// ```
pub fn integer_to_bigint(i: &Integer) -> BigInt {
    let mag = i.to_digits::<u8>(Order::Lsf);
    let sign = match i.cmp0() {
        std::cmp::Ordering::Less => Sign::Minus,
        std::cmp::Ordering::Equal => Sign::NoSign,
        std::cmp::Ordering::Greater => Sign::Plus,
    };
    BigInt::from_bytes_le(sign, &mag)
}

/// A dense rational matrix (num-rational), the public interchange type for Q.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QMatrix {
    rows: usize,
    cols: usize,
    data: Vec<BigRational>,
}

impl QMatrix {
    /// From a row-major vector of length `rows * cols`.
    ///
    /// # Panics
    /// If the length is not `rows * cols`.
    ///
    /// ```
    /// use num_rational::BigRational;
    /// let half = BigRational::new(1.into(), 2.into());
    /// let q = exrank::QMatrix::from_vec(1, 1, vec![half]);
    /// assert_eq!(q.rows(), 1);
    /// ```
    pub fn from_vec(rows: usize, cols: usize, data: Vec<BigRational>) -> Self {
        assert_eq!(data.len(), rows * cols, "data length must be rows * cols");
        QMatrix { rows, cols, data }
    }

    /// Number of rows.
    ///
    /// ```
    /// assert_eq!(exrank::QMatrix::from_vec(0, 3, vec![]).rows(), 0);
    /// ```
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Number of columns.
    ///
    /// ```
    /// assert_eq!(exrank::QMatrix::from_vec(0, 3, vec![]).cols(), 3);
    /// ```
    pub fn cols(&self) -> usize {
        self.cols
    }

    /// Entry (i, j).
    ///
    /// ```
    /// let q = exrank::QMatrix::from_vec(1, 1, vec![num_rational::BigRational::from_integer(5.into())]);
    /// assert_eq!(q.get(0, 0).to_integer(), 5.into());
    /// ```
    pub fn get(&self, i: usize, j: usize) -> &BigRational {
        assert!(
            i < self.rows && j < self.cols,
            "index ({i}, {j}) out of range"
        );
        &self.data[i * self.cols + j]
    }

    /// Row-wise reduction to integers: each row is multiplied by the lcm of its
    /// denominators. Scaling a row by a nonzero constant does not change the rank, so
    /// `rank(to_zmatrix_rowwise()) == rank(self)`; minors and kernels of the result relate
    /// to those of `self` by the row scales.
    ///
    /// ```
    /// use num_rational::BigRational;
    /// let r = |p: i64, q: i64| BigRational::new(p.into(), q.into());
    /// let q = exrank::QMatrix::from_vec(1, 2, vec![r(1, 2), r(1, 3)]);
    /// let z = q.to_zmatrix_rowwise();
    /// assert_eq!((z[(0, 0)].to_i32(), z[(0, 1)].to_i32()), (Some(3), Some(2)));
    /// ```
    pub fn to_zmatrix_rowwise(&self) -> ZMatrix {
        let mut data = Vec::with_capacity(self.data.len());
        for i in 0..self.rows {
            let row = &self.data[i * self.cols..(i + 1) * self.cols];
            let mut lcm = Integer::from(1);
            for x in row {
                let d = bigint_to_integer(x.denom());
                lcm.lcm_mut(&d);
            }
            for x in row {
                let n = bigint_to_integer(x.numer());
                let d = bigint_to_integer(x.denom());
                data.push(n * Integer::from(lcm.div_exact_ref(&d)));
            }
        }
        ZMatrix::from_vec(self.rows, self.cols, data)
    }

    /// The rational matrix with the same entries as an integer one.
    ///
    /// ```
    /// let q = exrank::QMatrix::from_zmatrix(&exrank::ZMatrix::identity(2));
    /// assert!(num_traits::One::is_one(q.get(1, 1)));
    /// ```
    pub fn from_zmatrix(z: &ZMatrix) -> Self {
        let data = z
            .as_slice()
            .iter()
            .map(|x| BigRational::from_integer(integer_to_bigint(x)))
            .collect();
        QMatrix {
            rows: z.rows(),
            cols: z.cols(),
            data,
        }
    }

    /// True when every entry is an integer.
    ///
    /// ```
    /// let q = exrank::QMatrix::from_zmatrix(&exrank::ZMatrix::identity(2));
    /// assert!(q.is_integral());
    /// ```
    pub fn is_integral(&self) -> bool {
        self.data.iter().all(|x| x.denom().is_one())
    }

    /// All entries, row-major.
    ///
    /// ```
    /// assert!(exrank::QMatrix::from_vec(0, 0, vec![]).as_slice().is_empty());
    /// ```
    pub fn as_slice(&self) -> &[BigRational] {
        &self.data
    }
}

impl ZMatrix {
    /// From rows of num-bigint integers; `None` if ragged.
    ///
    /// ```
    /// let a = exrank::ZMatrix::from_bigint_rows(&[vec![1.into(), 2.into()]]).unwrap();
    /// assert_eq!(a[(0, 1)], 2);
    /// ```
    pub fn from_bigint_rows(rows: &[Vec<BigInt>]) -> Option<ZMatrix> {
        let cols = rows.first().map_or(0, |r| r.len());
        if rows.iter().any(|r| r.len() != cols) {
            return None;
        }
        Some(ZMatrix::from_fn(rows.len(), cols, |i, j| {
            bigint_to_integer(&rows[i][j])
        }))
    }

    /// Rows of num-bigint integers.
    ///
    /// ```
    /// let rows = exrank::ZMatrix::identity(2).to_bigint_rows();
    /// assert_eq!(rows[0][0], 1.into());
    /// ```
    pub fn to_bigint_rows(&self) -> Vec<Vec<BigInt>> {
        (0..self.rows())
            .map(|i| self.row(i).iter().map(integer_to_bigint).collect())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bigint_round_trip_signs_and_sizes() {
        for s in [
            "0",
            "1",
            "-1",
            "18446744073709551616",
            "-340282366920938463463374607431768211457",
        ] {
            let b: BigInt = s.parse().unwrap();
            let i = bigint_to_integer(&b);
            assert_eq!(i.to_string(), s);
            assert_eq!(integer_to_bigint(&i), b);
        }
        assert!(integer_to_bigint(&Integer::new()).is_zero());
    }
}
