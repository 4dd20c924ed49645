//! Exact matrix types. [`ZMatrix`] (dense, GMP integers, row-major) is what every exact
//! method works on; [`QMatrix`] (num-rational) is the public interchange type for
//! rationals, reduced to a `ZMatrix` by clearing each row's denominators (which scales
//! rows by nonzero constants and so leaves the rank unchanged).

pub mod convert;
pub mod gen;

use rug::Integer;
use std::fmt;
use std::ops::{Index, IndexMut};

pub use convert::{bigint_to_integer, integer_to_bigint, QMatrix};

/// A dense m×n matrix of arbitrary-precision integers, row-major. Shapes 0×n, m×0 are valid.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ZMatrix {
    rows: usize,
    cols: usize,
    data: Vec<Integer>,
}

impl ZMatrix {
    /// The m×n zero matrix.
    ///
    /// ```
    /// let z = exrank::ZMatrix::zeros(2, 3);
    /// assert_eq!((z.rows(), z.cols()), (2, 3));
    /// ```
    pub fn zeros(rows: usize, cols: usize) -> Self {
        let len = rows.checked_mul(cols).expect("matrix size overflows usize");
        ZMatrix {
            rows,
            cols,
            data: vec![Integer::new(); len],
        }
    }

    /// The n×n identity.
    ///
    /// ```
    /// assert_eq!(exrank::ZMatrix::identity(3).trace(), 3);
    /// ```
    pub fn identity(n: usize) -> Self {
        Self::from_fn(n, n, |i, j| Integer::from((i == j) as u8))
    }

    /// Builds entry (i, j) as `f(i, j)`.
    ///
    /// ```
    /// // The seed's 4×4 example: 1..16 filled column by column.
    /// let a = exrank::ZMatrix::from_fn(4, 4, |i, j| (4 * j + i + 1).into());
    /// assert_eq!(a[(0, 1)], 5);
    /// ```
    pub fn from_fn(rows: usize, cols: usize, mut f: impl FnMut(usize, usize) -> Integer) -> Self {
        let mut data = Vec::with_capacity(rows * cols);
        for i in 0..rows {
            for j in 0..cols {
                data.push(f(i, j));
            }
        }
        ZMatrix { rows, cols, data }
    }

    /// Builds the rows in parallel on the current rayon pool: `fill(i, row)` writes row i,
    /// which starts as zeros. Building a GMP integer costs an allocation per nonzero
    /// entry, the main cost of turning a large file into a matrix; parallel rows get
    /// them from each thread's own allocator arena. Tasks take about 2¹⁴ entries, so
    /// small matrices stay on one thread.
    ///
    /// ```
    /// let a = exrank::ZMatrix::from_rows_par(2, 3, |i, row| row[i] = (i as u32 + 5).into());
    /// assert_eq!(a, exrank::ZMatrix::from_i64_rows(&[vec![5, 0, 0], vec![0, 6, 0]]).unwrap());
    /// ```
    pub fn from_rows_par(
        rows: usize,
        cols: usize,
        fill: impl Fn(usize, &mut [Integer]) + Sync + Send,
    ) -> Self {
        use rayon::prelude::*;
        let len = rows.checked_mul(cols).expect("matrix size overflows usize");
        let mut data: Vec<Integer> = Vec::new();
        data.resize_with(len, Integer::new);
        if cols > 0 {
            data.par_chunks_mut(cols)
                .enumerate()
                .with_min_len((1usize << 14).div_ceil(cols))
                .for_each(|(i, row)| fill(i, row));
        }
        ZMatrix { rows, cols, data }
    }

    /// From a row-major vector of length `rows * cols`.
    ///
    /// # Panics
    /// If the length is not `rows * cols`.
    ///
    /// ```
    /// use rug::Integer;
    /// let a = exrank::ZMatrix::from_vec(1, 2, vec![Integer::from(7), Integer::from(-1)]);
    /// assert_eq!(a[(0, 1)], -1);
    /// ```
    pub fn from_vec(rows: usize, cols: usize, data: Vec<Integer>) -> Self {
        assert_eq!(data.len(), rows * cols, "data length must be rows * cols");
        ZMatrix { rows, cols, data }
    }

    /// From rows of machine integers; `None` if the rows are ragged. `cols` is taken from
    /// the first row (0 for no rows).
    ///
    /// ```
    /// let a = exrank::ZMatrix::from_i64_rows(&[vec![1, 2], vec![3, 4]]).unwrap();
    /// assert_eq!(a[(1, 0)], 3);
    /// assert!(exrank::ZMatrix::from_i64_rows(&[vec![1], vec![1, 2]]).is_none());
    /// ```
    pub fn from_i64_rows(rows: &[Vec<i64>]) -> Option<Self> {
        let cols = rows.first().map_or(0, |r| r.len());
        if rows.iter().any(|r| r.len() != cols) {
            return None;
        }
        Some(Self::from_fn(rows.len(), cols, |i, j| {
            Integer::from(rows[i][j])
        }))
    }

    /// Number of rows.
    ///
    /// ```
    /// assert_eq!(exrank::ZMatrix::zeros(0, 5).rows(), 0);
    /// ```
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Number of columns.
    ///
    /// ```
    /// assert_eq!(exrank::ZMatrix::zeros(0, 5).cols(), 5);
    /// ```
    pub fn cols(&self) -> usize {
        self.cols
    }

    /// Row i as a slice.
    ///
    /// ```
    /// let a = exrank::ZMatrix::identity(2);
    /// assert_eq!(a.row(1)[1], 1);
    /// ```
    pub fn row(&self, i: usize) -> &[Integer] {
        &self.data[i * self.cols..(i + 1) * self.cols]
    }

    /// Row i as a mutable slice.
    ///
    /// ```
    /// let mut a = exrank::ZMatrix::zeros(2, 2);
    /// a.row_mut(0)[1] = 5.into();
    /// assert_eq!(a[(0, 1)], 5);
    /// ```
    pub fn row_mut(&mut self, i: usize) -> &mut [Integer] {
        &mut self.data[i * self.cols..(i + 1) * self.cols]
    }

    /// All entries, row-major.
    ///
    /// ```
    /// assert_eq!(exrank::ZMatrix::identity(2).as_slice().len(), 4);
    /// ```
    pub fn as_slice(&self) -> &[Integer] {
        &self.data
    }

    /// Consumes the matrix, giving its row-major entries.
    ///
    /// ```
    /// assert_eq!(exrank::ZMatrix::identity(2).into_vec()[3], 1);
    /// ```
    pub fn into_vec(self) -> Vec<Integer> {
        self.data
    }

    /// The transpose.
    ///
    /// ```
    /// let a = exrank::ZMatrix::from_i64_rows(&[vec![1, 2, 3]]).unwrap();
    /// assert_eq!(a.transpose().rows(), 3);
    /// ```
    pub fn transpose(&self) -> Self {
        Self::from_fn(self.cols, self.rows, |i, j| self[(j, i)].clone())
    }

    /// The exact product `self · other`.
    ///
    /// # Panics
    /// If the inner dimensions differ.
    ///
    /// ```
    /// let u = exrank::ZMatrix::from_i64_rows(&[vec![1], vec![2], vec![3]]).unwrap();
    /// let v = exrank::ZMatrix::from_i64_rows(&[vec![4, 5, 6]]).unwrap();
    /// assert_eq!(u.mul(&v)[(2, 2)], 18);
    /// ```
    pub fn mul(&self, other: &ZMatrix) -> ZMatrix {
        assert_eq!(self.cols, other.rows, "inner dimensions differ");
        let mut out = ZMatrix::zeros(self.rows, other.cols);
        for i in 0..self.rows {
            for k in 0..self.cols {
                let a = &self[(i, k)];
                if *a == 0 {
                    continue;
                }
                let orow = other.row(k);
                for (o, b) in out.row_mut(i).iter_mut().zip(orow) {
                    *o += a * b;
                }
            }
        }
        out
    }

    /// The exact sum `self + other`.
    ///
    /// # Panics
    /// If the shapes differ.
    ///
    /// ```
    /// let i = exrank::ZMatrix::identity(2);
    /// assert_eq!(i.add(&i)[(1, 1)], 2);
    /// ```
    pub fn add(&self, other: &ZMatrix) -> ZMatrix {
        assert_eq!(
            (self.rows, self.cols),
            (other.rows, other.cols),
            "shapes differ"
        );
        let data = self
            .data
            .iter()
            .zip(&other.data)
            .map(|(a, b)| Integer::from(a + b))
            .collect();
        ZMatrix {
            rows: self.rows,
            cols: self.cols,
            data,
        }
    }

    /// The submatrix on the given rows and columns, in the order given.
    ///
    /// ```
    /// let a = exrank::ZMatrix::from_fn(3, 3, |i, j| (3 * i + j).into());
    /// let s = a.submatrix(&[0, 2], &[1]);
    /// assert_eq!((s[(0, 0)].to_i32(), s[(1, 0)].to_i32()), (Some(1), Some(7)));
    /// ```
    pub fn submatrix(&self, rows: &[usize], cols: &[usize]) -> ZMatrix {
        Self::from_fn(rows.len(), cols.len(), |i, j| {
            self[(rows[i], cols[j])].clone()
        })
    }

    /// Sum of the diagonal.
    ///
    /// ```
    /// assert_eq!(exrank::ZMatrix::identity(4).trace(), 4);
    /// ```
    pub fn trace(&self) -> Integer {
        (0..self.rows.min(self.cols)).map(|i| &self[(i, i)]).sum()
    }

    /// The largest bit length of any entry (0 for the zero matrix).
    ///
    /// ```
    /// let a = exrank::ZMatrix::from_i64_rows(&[vec![-255, 3]]).unwrap();
    /// assert_eq!(a.max_bits(), 8);
    /// ```
    pub fn max_bits(&self) -> u32 {
        self.data
            .iter()
            .map(|x| x.significant_bits())
            .max()
            .unwrap_or(0)
    }

    /// True when every entry is zero (also for empty shapes).
    ///
    /// ```
    /// assert!(exrank::ZMatrix::zeros(3, 0).is_zero());
    /// ```
    pub fn is_zero(&self) -> bool {
        self.data.iter().all(|x| *x == 0)
    }
}

impl Index<(usize, usize)> for ZMatrix {
    type Output = Integer;
    fn index(&self, (i, j): (usize, usize)) -> &Integer {
        assert!(
            i < self.rows && j < self.cols,
            "index ({i}, {j}) out of range"
        );
        &self.data[i * self.cols + j]
    }
}

impl IndexMut<(usize, usize)> for ZMatrix {
    fn index_mut(&mut self, (i, j): (usize, usize)) -> &mut Integer {
        assert!(
            i < self.rows && j < self.cols,
            "index ({i}, {j}) out of range"
        );
        &mut self.data[i * self.cols + j]
    }
}

/// Rows on lines, entries right-aligned in columns.
impl fmt::Display for ZMatrix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let strs: Vec<String> = self.data.iter().map(|x| x.to_string()).collect();
        let width = strs.iter().map(|s| s.len()).max().unwrap_or(1);
        for i in 0..self.rows {
            let line: Vec<String> = (0..self.cols)
                .map(|j| format!("{:>width$}", strs[i * self.cols + j]))
                .collect();
            writeln!(f, "[{}]", line.join(" "))?;
        }
        Ok(())
    }
}
