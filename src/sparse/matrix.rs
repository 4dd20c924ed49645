//! Row-compressed sparse matrices over Z and over GF(p), built straight from the
//! coordinate entries of a [`Parsed`] matrix. Memory is proportional to the number of
//! nonzeros plus one offset per row; no dense copy is ever made.

use crate::error::{Error, Result};
use crate::io::{Entries, Parsed, Scalar};
use crate::modular::prime::{is_prime, pow_mod};
use rug::{Integer, Rational};

/// Column indices are stored as `u32` to halve the index memory; wider inputs are
/// refused up front.
pub const MAX_SPARSE_COLS: usize = u32::MAX as usize;

/// One integer entry: small values stay unboxed (boundary matrices hold only ±1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ZEntry {
    /// A value that fits in i64.
    Small(i64),
    /// Anything larger.
    Big(Box<Integer>),
}

impl ZEntry {
    /// The residue in `[0, p)`.
    ///
    /// ```
    /// use exrank::sparse::matrix::ZEntry;
    /// assert_eq!(ZEntry::Small(-1).residue(7), 6);
    /// ```
    pub fn residue(&self, p: u64) -> u64 {
        match self {
            ZEntry::Small(v) => (*v as i128).rem_euclid(p as i128) as u64,
            ZEntry::Big(b) => crate::modular::residue(b, p),
        }
    }

    /// The square of the value, exactly.
    ///
    /// ```
    /// use exrank::sparse::matrix::ZEntry;
    /// assert_eq!(ZEntry::Small(-3).square(), 9);
    /// ```
    pub fn square(&self) -> Integer {
        match self {
            ZEntry::Small(v) => Integer::from(*v) * Integer::from(*v),
            ZEntry::Big(b) => Integer::from(b.as_ref() * b.as_ref()),
        }
    }
}

/// Counting sort of coordinates by row: returns the row offsets and, for each stored
/// slot, the index of the coordinate that fills it. O(rows + nnz) memory.
fn row_buckets(rows: usize, coords: &[(usize, usize, Scalar)]) -> (Vec<usize>, Vec<usize>) {
    let mut row_ptr = vec![0usize; rows + 1];
    for (i, _, _) in coords {
        row_ptr[i + 1] += 1;
    }
    for i in 0..rows {
        row_ptr[i + 1] += row_ptr[i];
    }
    let mut next = row_ptr.clone();
    let mut order = vec![0usize; coords.len()];
    for (k, (i, _, _)) in coords.iter().enumerate() {
        order[next[*i]] = k;
        next[*i] += 1;
    }
    (row_ptr, order)
}

/// Refuses shapes and coordinates the sparse structures cannot hold.
fn check_shape(parsed: &Parsed) -> Result<&[(usize, usize, Scalar)]> {
    let Entries::Coordinate(coords) = &parsed.entries else {
        return Err(Error::Invalid(
            "sparse storage needs coordinate entries (a dense input should use the dense route)"
                .into(),
        ));
    };
    if parsed.cols > MAX_SPARSE_COLS {
        return Err(Error::TooLarge(format!(
            "{} columns exceed the sparse limit of {MAX_SPARSE_COLS}",
            parsed.cols
        )));
    }
    for (i, j, _) in coords {
        if *i >= parsed.rows || *j >= parsed.cols {
            return Err(Error::Invalid(format!(
                "entry ({}, {}) lies outside the {}x{} shape",
                i + 1,
                j + 1,
                parsed.rows,
                parsed.cols
            )));
        }
    }
    Ok(coords)
}

/// A sparse integer matrix in compressed-row form. Rational inputs are scaled row by row
/// by the lcm of the row's denominators, which leaves the rank over Q unchanged.
#[derive(Clone, Debug)]
pub struct SparseZMatrix {
    rows: usize,
    cols: usize,
    row_ptr: Vec<usize>,
    col_idx: Vec<u32>,
    vals: Vec<ZEntry>,
}

impl SparseZMatrix {
    /// Builds from coordinate entries (zeros are dropped).
    ///
    /// # Errors
    /// Dense entries, more than [`MAX_SPARSE_COLS`] columns, an index past the shape.
    ///
    /// ```
    /// use exrank::io::{Parsed, Entries, Scalar};
    /// use exrank::sparse::SparseZMatrix;
    /// let p = Parsed { rows: 2, cols: 3, entries: Entries::Coordinate(vec![
    ///     (0, 2, Scalar::Int(5)), (1, 0, Scalar::Rat(rug::Rational::from((1, 2)))),
    ///     (1, 1, Scalar::Rat(rug::Rational::from((1, 3))))]) };
    /// let z = SparseZMatrix::from_parsed(&p).unwrap();
    /// assert_eq!(z.nnz(), 3);
    /// // Row 1 scaled by lcm(2, 3) = 6: entries 3 and 2.
    /// assert_eq!(z.row_norm_squared(1), 13);
    /// ```
    pub fn from_parsed(parsed: &Parsed) -> Result<Self> {
        let coords = check_shape(parsed)?;
        let (row_ptr_all, order) = row_buckets(parsed.rows, coords);
        let mut row_ptr = Vec::with_capacity(parsed.rows + 1);
        row_ptr.push(0);
        let mut col_idx = Vec::with_capacity(coords.len());
        let mut vals = Vec::with_capacity(coords.len());
        for i in 0..parsed.rows {
            let slots = &order[row_ptr_all[i]..row_ptr_all[i + 1]];
            let mut lcm = Integer::from(1);
            for &k in slots {
                if let Scalar::Rat(q) = &coords[k].2 {
                    lcm.lcm_mut(q.denom());
                }
            }
            for &k in slots {
                let (_, j, s) = &coords[k];
                let v = match s {
                    Scalar::Int(0) => continue,
                    Scalar::Int(v) if lcm == 1 => ZEntry::Small(*v),
                    _ => {
                        let q: Rational = s.to_rational();
                        if q == 0 {
                            continue;
                        }
                        let scaled: Integer =
                            q.numer() * Integer::from(lcm.div_exact_ref(q.denom()));
                        match scaled.to_i64() {
                            Some(v) => ZEntry::Small(v),
                            None => ZEntry::Big(Box::new(scaled)),
                        }
                    }
                };
                col_idx.push(*j as u32);
                vals.push(v);
            }
            row_ptr.push(col_idx.len());
        }
        Ok(SparseZMatrix {
            rows: parsed.rows,
            cols: parsed.cols,
            row_ptr,
            col_idx,
            vals,
        })
    }

    /// Number of rows.
    ///
    /// ```
    /// # use exrank::io::{Parsed, Entries};
    /// let p = Parsed { rows: 4, cols: 2, entries: Entries::Coordinate(vec![]) };
    /// assert_eq!(exrank::sparse::SparseZMatrix::from_parsed(&p).unwrap().rows(), 4);
    /// ```
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Number of columns.
    ///
    /// ```
    /// # use exrank::io::{Parsed, Entries};
    /// let p = Parsed { rows: 4, cols: 2, entries: Entries::Coordinate(vec![]) };
    /// assert_eq!(exrank::sparse::SparseZMatrix::from_parsed(&p).unwrap().cols(), 2);
    /// ```
    pub fn cols(&self) -> usize {
        self.cols
    }

    /// Number of stored (nonzero) entries.
    ///
    /// ```
    /// # use exrank::io::{Parsed, Entries, Scalar};
    /// let p = Parsed { rows: 1, cols: 2, entries: Entries::Coordinate(vec![(0, 1, Scalar::Int(0))]) };
    /// assert_eq!(exrank::sparse::SparseZMatrix::from_parsed(&p).unwrap().nnz(), 0);
    /// ```
    pub fn nnz(&self) -> usize {
        self.col_idx.len()
    }

    /// Bytes held by the structure (offsets, indices, values and boxed big values):
    /// `8·(rows+1) + 20·nnz` plus the big values.
    ///
    /// ```
    /// # use exrank::io::{Parsed, Entries, Scalar};
    /// let p = Parsed { rows: 1, cols: 1_000_000, entries: Entries::Coordinate(vec![(0, 7, Scalar::Int(1))]) };
    /// assert!(exrank::sparse::SparseZMatrix::from_parsed(&p).unwrap().heap_bytes() < 100);
    /// ```
    pub fn heap_bytes(&self) -> usize {
        let big: usize = self
            .vals
            .iter()
            .map(|v| match v {
                ZEntry::Big(b) => {
                    std::mem::size_of::<Integer>() + 8 * b.significant_digits::<u64>()
                }
                ZEntry::Small(_) => 0,
            })
            .sum();
        8 * self.row_ptr.len()
            + 4 * self.col_idx.len()
            + std::mem::size_of::<ZEntry>() * self.vals.len()
            + big
    }

    /// Row `i` as parallel slices of column indices and values.
    ///
    /// ```
    /// # use exrank::io::{Parsed, Entries, Scalar};
    /// let p = Parsed { rows: 1, cols: 3, entries: Entries::Coordinate(vec![(0, 2, Scalar::Int(-1))]) };
    /// let z = exrank::sparse::SparseZMatrix::from_parsed(&p).unwrap();
    /// assert_eq!(z.row(0).0, &[2]);
    /// ```
    pub fn row(&self, i: usize) -> (&[u32], &[ZEntry]) {
        let (a, b) = (self.row_ptr[i], self.row_ptr[i + 1]);
        (&self.col_idx[a..b], &self.vals[a..b])
    }

    /// The squared Euclidean norm of row `i`, exactly.
    ///
    /// ```
    /// # use exrank::io::{Parsed, Entries, Scalar};
    /// let p = Parsed { rows: 1, cols: 3, entries: Entries::Coordinate(vec![
    ///     (0, 0, Scalar::Int(3)), (0, 2, Scalar::Int(-4))]) };
    /// assert_eq!(exrank::sparse::SparseZMatrix::from_parsed(&p).unwrap().row_norm_squared(0), 25);
    /// ```
    pub fn row_norm_squared(&self, i: usize) -> Integer {
        self.row(i).1.iter().map(ZEntry::square).sum()
    }

    /// Squared Euclidean norms of all columns, exactly.
    ///
    /// ```
    /// # use exrank::io::{Parsed, Entries, Scalar};
    /// let p = Parsed { rows: 2, cols: 2, entries: Entries::Coordinate(vec![
    ///     (0, 0, Scalar::Int(1)), (1, 0, Scalar::Int(2))]) };
    /// let n = exrank::sparse::SparseZMatrix::from_parsed(&p).unwrap().col_norms_squared();
    /// assert_eq!((n[0].to_i32(), n[1].to_i32()), (Some(5), Some(0)));
    /// ```
    pub fn col_norms_squared(&self) -> Vec<Integer> {
        let mut out = vec![Integer::new(); self.cols];
        for (j, v) in self.col_idx.iter().zip(&self.vals) {
            out[*j as usize] += v.square();
        }
        out
    }

    /// The matrix modulo the prime `p`.
    ///
    /// # Panics
    /// If `p ≥ 2⁶³` (the eliminator adds residues in 64 bits); primality is the caller's.
    ///
    /// ```
    /// # use exrank::io::{Parsed, Entries, Scalar};
    /// let p = Parsed { rows: 1, cols: 2, entries: Entries::Coordinate(vec![
    ///     (0, 0, Scalar::Int(3)), (0, 1, Scalar::Int(-1))]) };
    /// let m = exrank::sparse::SparseZMatrix::from_parsed(&p).unwrap().reduce(3);
    /// assert_eq!(m.nnz(), 1);
    /// ```
    pub fn reduce(&self, p: u64) -> SparseModMatrix {
        assert!(p < 1 << 63, "modulus {p} is not below 2^63");
        let mut row_ptr = Vec::with_capacity(self.rows + 1);
        row_ptr.push(0);
        let mut col_idx = Vec::with_capacity(self.nnz());
        let mut vals = Vec::with_capacity(self.nnz());
        for i in 0..self.rows {
            let (c, v) = self.row(i);
            for (j, x) in c.iter().zip(v) {
                let r = x.residue(p);
                if r != 0 {
                    col_idx.push(*j);
                    vals.push(r);
                }
            }
            row_ptr.push(col_idx.len());
        }
        SparseModMatrix {
            rows: self.rows,
            cols: self.cols,
            p,
            row_ptr,
            col_idx,
            vals,
        }
    }
}

/// A sparse matrix over GF(p) in compressed-row form, residues in `[0, p)`.
#[derive(Clone, Debug)]
pub struct SparseModMatrix {
    pub(crate) rows: usize,
    pub(crate) cols: usize,
    pub(crate) p: u64,
    pub(crate) row_ptr: Vec<usize>,
    pub(crate) col_idx: Vec<u32>,
    pub(crate) vals: Vec<u64>,
}

impl SparseModMatrix {
    /// Builds directly from coordinates modulo the prime `p`; a fraction a/b maps to
    /// a·b⁻¹ mod p.
    ///
    /// # Errors
    /// `p` not prime; a denominator divisible by `p` (the entry is named); dense entries;
    /// an index past the shape.
    ///
    /// ```
    /// use exrank::io::{Parsed, Entries, Scalar};
    /// use exrank::sparse::SparseModMatrix;
    /// let half = Scalar::Rat(rug::Rational::from((1, 2)));
    /// let p = Parsed { rows: 1, cols: 1, entries: Entries::Coordinate(vec![(0, 0, half)]) };
    /// assert_eq!(SparseModMatrix::from_parsed(&p, 7).unwrap().get(0, 0), 4); // 2·4 ≡ 1
    /// assert!(SparseModMatrix::from_parsed(&p, 2).is_err());
    /// ```
    pub fn from_parsed(parsed: &Parsed, p: u64) -> Result<Self> {
        if !is_prime(p) || p >= 1 << 63 {
            return Err(Error::Invalid(format!(
                "modulus {p} is not a prime below 2^63"
            )));
        }
        let coords = check_shape(parsed)?;
        let (row_ptr_all, order) = row_buckets(parsed.rows, coords);
        let mut row_ptr = Vec::with_capacity(parsed.rows + 1);
        row_ptr.push(0);
        let mut col_idx = Vec::with_capacity(coords.len());
        let mut vals = Vec::with_capacity(coords.len());
        for i in 0..parsed.rows {
            for &k in &order[row_ptr_all[i]..row_ptr_all[i + 1]] {
                let (_, j, s) = &coords[k];
                let r = scalar_mod_p(s, p).ok_or_else(|| {
                    Error::Invalid(format!(
                        "entry ({}, {}) = {} has a denominator divisible by {p}, so it has no value mod {p}",
                        i + 1,
                        j + 1,
                        s.to_rational()
                    ))
                })?;
                if r != 0 {
                    col_idx.push(*j as u32);
                    vals.push(r);
                }
            }
            row_ptr.push(col_idx.len());
        }
        Ok(SparseModMatrix {
            rows: parsed.rows,
            cols: parsed.cols,
            p,
            row_ptr,
            col_idx,
            vals,
        })
    }

    /// Number of rows.
    ///
    /// ```
    /// # use exrank::io::{Parsed, Entries};
    /// let p = Parsed { rows: 3, cols: 2, entries: Entries::Coordinate(vec![]) };
    /// assert_eq!(exrank::sparse::SparseModMatrix::from_parsed(&p, 5).unwrap().rows(), 3);
    /// ```
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Number of columns.
    ///
    /// ```
    /// # use exrank::io::{Parsed, Entries};
    /// let p = Parsed { rows: 3, cols: 2, entries: Entries::Coordinate(vec![]) };
    /// assert_eq!(exrank::sparse::SparseModMatrix::from_parsed(&p, 5).unwrap().cols(), 2);
    /// ```
    pub fn cols(&self) -> usize {
        self.cols
    }

    /// The prime.
    ///
    /// ```
    /// # use exrank::io::{Parsed, Entries};
    /// let p = Parsed { rows: 3, cols: 2, entries: Entries::Coordinate(vec![]) };
    /// assert_eq!(exrank::sparse::SparseModMatrix::from_parsed(&p, 5).unwrap().modulus(), 5);
    /// ```
    pub fn modulus(&self) -> u64 {
        self.p
    }

    /// Number of stored (nonzero mod p) entries.
    ///
    /// ```
    /// # use exrank::io::{Parsed, Entries, Scalar};
    /// let p = Parsed { rows: 1, cols: 1, entries: Entries::Coordinate(vec![(0, 0, Scalar::Int(5))]) };
    /// assert_eq!(exrank::sparse::SparseModMatrix::from_parsed(&p, 5).unwrap().nnz(), 0);
    /// ```
    pub fn nnz(&self) -> usize {
        self.col_idx.len()
    }

    /// Bytes held: `8·(rows+1) + 12·nnz`.
    ///
    /// ```
    /// # use exrank::io::{Parsed, Entries, Scalar};
    /// let p = Parsed { rows: 2, cols: 1 << 20, entries: Entries::Coordinate(vec![(1, 9, Scalar::Int(1))]) };
    /// assert_eq!(exrank::sparse::SparseModMatrix::from_parsed(&p, 5).unwrap().heap_bytes(), 24 + 12);
    /// ```
    pub fn heap_bytes(&self) -> usize {
        8 * self.row_ptr.len() + 4 * self.col_idx.len() + 8 * self.vals.len()
    }

    /// Row `i` as parallel slices of column indices and residues.
    ///
    /// ```
    /// # use exrank::io::{Parsed, Entries, Scalar};
    /// let p = Parsed { rows: 1, cols: 3, entries: Entries::Coordinate(vec![(0, 1, Scalar::Int(-1))]) };
    /// let m = exrank::sparse::SparseModMatrix::from_parsed(&p, 5).unwrap();
    /// assert_eq!(m.row(0), (&[1u32][..], &[4u64][..]));
    /// ```
    pub fn row(&self, i: usize) -> (&[u32], &[u64]) {
        let (a, b) = (self.row_ptr[i], self.row_ptr[i + 1]);
        (&self.col_idx[a..b], &self.vals[a..b])
    }

    /// Entry (i, j), 0 when absent (a linear scan of row i: for tests and examples).
    ///
    /// ```
    /// # use exrank::io::{Parsed, Entries, Scalar};
    /// let p = Parsed { rows: 1, cols: 3, entries: Entries::Coordinate(vec![(0, 1, Scalar::Int(8))]) };
    /// let m = exrank::sparse::SparseModMatrix::from_parsed(&p, 5).unwrap();
    /// assert_eq!((m.get(0, 1), m.get(0, 2)), (3, 0));
    /// ```
    pub fn get(&self, i: usize, j: usize) -> u64 {
        let (c, v) = self.row(i);
        c.iter().position(|&x| x as usize == j).map_or(0, |k| v[k])
    }
}

/// The residue of an exact scalar mod p, `None` when p divides the denominator.
fn scalar_mod_p(s: &Scalar, p: u64) -> Option<u64> {
    match s {
        Scalar::Int(v) => Some((*v as i128).rem_euclid(p as i128) as u64),
        Scalar::Rat(q) => {
            let num = ZEntry::Big(Box::new(q.numer().clone())).residue(p);
            let den = ZEntry::Big(Box::new(q.denom().clone())).residue(p);
            if den == 0 {
                return None;
            }
            Some(crate::modular::prime::mul_mod(
                num,
                pow_mod(den, p - 2, p),
                p,
            ))
        }
    }
}
