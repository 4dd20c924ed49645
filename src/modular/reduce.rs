//! Reduction of exact matrices to residues mod p. Integers reduce directly; a rational
//! a/b maps to a·b⁻¹ mod p, which does not exist when p divides b — that entry is reported,
//! never dropped (scaling the row by the lcm of its denominators first would be wrong
//! here: the scale itself may vanish mod p).

use super::gfp_f64::{GfpF64, F64_PRIME_LIMIT};
use crate::error::{Error, Result};
use crate::io::{Entries, Parsed, Scalar};
use crate::ZMatrix;
use rayon::prelude::*;
use rug::Integer;

/// The value of `x` as a double if |x| < 2⁵¹, read straight from GMP's representation
/// (a sign-carrying limb count and the limbs): this runs once per entry, and the checked
/// conversions cost more than the elimination of a 1000×1000 matrix modulo one prime.
#[inline]
pub(crate) fn small_value(x: &Integer) -> Option<f64> {
    // SAFETY: `as_raw` points to a valid, initialised mpz_t owned by `x`; with |size| = 1
    // the limb array holds at least one limb.
    let raw = unsafe { &*x.as_raw() };
    let limb = match raw.size {
        0 => return Some(0.0),
        1 | -1 => unsafe { *raw.d.as_ptr() },
        _ => return None,
    };
    if limb >= 1 << 51 {
        return None;
    }
    Some(if raw.size < 0 {
        -(limb as f64)
    } else {
        limb as f64
    })
}

/// Residue of an integer in [0, p), for any modulus p ≥ 1 below 2⁶³. Small values stay in
/// machine arithmetic; big ones take one GMP remainder.
///
/// ```
/// let big: rug::Integer = "-100000000000000000000".parse().unwrap();
/// assert_eq!(exrank::modular::residue(&big, 7), 5); // -10^20 ≡ 5 (mod 7)
/// assert_eq!(exrank::modular::residue(&rug::Integer::from(-1), 5), 4);
/// ```
pub fn residue(x: &Integer, p: u64) -> u64 {
    if let Some(v) = x.to_i64() {
        return v.rem_euclid(p as i64) as u64;
    }
    let pz = Integer::from(p);
    let mut r = Integer::from(x % &pz);
    if r < 0 {
        r += &pz;
    }
    r.to_u64().expect("residue below p fits in u64")
}

/// Every entry of `a` reduced into [0, p), row-major.
///
/// One pass reads each entry's sign and low limb straight from GMP's representation (no
/// call per entry): a magnitude below p (entries of a few bits against a word-sized prime,
/// the usual case) is its own residue or p minus it; below 2⁵¹ with p < 2²⁶,
/// [`GfpF64::reduce`] replaces a division; anything else goes through [`residue`].
///
/// # Panics
/// If `p < 2` or `p >= 2^63`.
///
/// ```
/// let a = exrank::ZMatrix::from_i64_rows(&[vec![-1, 7]]).unwrap();
/// assert_eq!(exrank::modular::reduce::reduce_zmatrix(&a, 5), vec![4, 2]);
/// ```
pub fn reduce_zmatrix(a: &ZMatrix, p: u64) -> Vec<u64> {
    assert!((2..1 << 63).contains(&p), "p = {p} outside [2, 2^63)");
    let f = (p < F64_PRIME_LIMIT).then(|| GfpF64::new(p));
    // In parallel: each entry is a pointer chase to its limb, so one thread mostly waits
    // on memory (10⁶ small entries: 7.5 ms on one thread, 4.5-5.6 ms on two, of a 50 ms
    // rank mod p).
    a.as_slice()
        .par_iter()
        .with_min_len(1 << 12)
        .map(|x| {
            // SAFETY: `as_raw` points to a valid, initialised mpz_t owned by `x`; with
            // |size| = 1 the limb array holds at least one limb.
            let raw = unsafe { &*x.as_raw() };
            if raw.size == 0 {
                return 0;
            }
            if raw.size.unsigned_abs() == 1 {
                let limb = unsafe { *raw.d.as_ptr() };
                if limb < p {
                    return if raw.size < 0 { p - limb } else { limb };
                }
                if let Some(f) = f.filter(|_| limb < 1 << 51) {
                    let v = if raw.size < 0 {
                        -(limb as f64)
                    } else {
                        limb as f64
                    };
                    return f.reduce(v) as u64;
                }
            }
            residue(x, p)
        })
        .collect()
}

/// The entries of a parsed (integer or rational) matrix as residues mod p, row-major,
/// with a/b ↦ a·b⁻¹ mod p. The rank of the result is the rank of the matrix over GF(p).
///
/// # Errors
/// [`Error::Invalid`] naming the first entry (1-based row and column) whose denominator
/// is divisible by p: that entry has no value in GF(p); or a coordinate outside the shape.
///
/// # Panics
/// If `p < 2` or `p >= 2^63`.
///
/// ```
/// use exrank::io::{Entries, Parsed, Scalar};
/// use rug::Rational;
/// let m = Parsed { rows: 1, cols: 2, entries: Entries::Dense(vec![
///     Scalar::Rat(Rational::from((1, 2))), Scalar::Int(3)]) };
/// assert_eq!(exrank::modular::reduce_parsed(&m, 5).unwrap(), vec![3, 3]); // 1/2 = 3 mod 5
/// assert!(exrank::modular::reduce_parsed(&m, 2).unwrap_err().to_string().contains("row 1, column 1"));
/// ```
pub fn reduce_parsed(m: &Parsed, p: u64) -> Result<Vec<u64>> {
    assert!((2..1 << 63).contains(&p), "p = {p} outside [2, 2^63)");
    let len = m
        .rows
        .checked_mul(m.cols)
        .filter(|&len| len <= crate::io::MAX_DENSE_ENTRIES)
        .ok_or_else(|| {
            Error::TooLarge(format!(
                "a dense {}x{} matrix of residues is more than {} entries; use sparse storage",
                m.rows,
                m.cols,
                crate::io::MAX_DENSE_ENTRIES
            ))
        })?;
    let pz = Integer::from(p);
    let small = (p < F64_PRIME_LIMIT).then(|| GfpF64::new(p));
    let int = |v: i64| -> u64 {
        match small {
            Some(f) if v.unsigned_abs() < 1 << 51 => f.reduce(v as f64) as u64,
            _ => v.rem_euclid(p as i64) as u64,
        }
    };
    let scalar = |i: usize, j: usize, s: &Scalar| -> Result<u64> {
        match s {
            Scalar::Int(v) => Ok(int(*v)),
            Scalar::Rat(q) => {
                let num = residue(q.numer(), p);
                let den = residue(q.denom(), p);
                if den == 0 {
                    return Err(Error::Invalid(format!(
                        "entry at row {}, column {} is {q}: its denominator is divisible by {p}, \
                         so it has no value in GF({p})",
                        i + 1,
                        j + 1
                    )));
                }
                let inv = Integer::from(den)
                    .invert(&pz)
                    .expect("nonzero residue is invertible mod a prime");
                Ok(super::prime::mul_mod(
                    num,
                    inv.to_u64().expect("below p"),
                    p,
                ))
            }
        }
    };
    let mut out = vec![0u64; len];
    match &m.entries {
        Entries::Dense(v) => {
            for (k, s) in v.iter().enumerate() {
                out[k] = scalar(k / m.cols.max(1), k % m.cols.max(1), s)?;
            }
        }
        Entries::DenseInt(v) => {
            use rayon::prelude::*;
            out.par_iter_mut()
                .zip(v.par_iter())
                .with_min_len(1 << 14)
                .for_each(|(o, &x)| *o = int(x));
        }
        Entries::Coordinate(t) => {
            for (i, j, s) in t {
                if *i >= m.rows || *j >= m.cols {
                    return Err(Error::Invalid(format!(
                        "entry ({}, {}) lies outside the {}x{} matrix",
                        i + 1,
                        j + 1,
                        m.rows,
                        m.cols
                    )));
                }
                out[i * m.cols + j] = scalar(*i, *j, s)?;
            }
        }
    }
    Ok(out)
}
