//! The kernel route's fallback when the p-adic lifting declines (entries beyond its i128
//! range): D·A[I,J]⁻¹·A[I,F] (F = free columns) by Chinese remaindering over primes whose
//! product exceeds twice the Hadamard bound on the r×r minors of A[I, :] (Cramer's rule
//! makes every entry such a minor), one Gauss–Jordan elimination per prime. Slow
//! (r²·n word operations per prime) but independent of entry size.

use super::residue::{mod_p, mul_mod, Crt};
use super::{bound, next_prime, power_of_two, prime_stream, Candidate};
use crate::error::Result;
use crate::modular::prime::pow_mod;
use crate::ZMatrix;
use rug::Integer;

/// Primitive kernel vectors with a scaled identity block on the free columns, or `None`
/// when A·N ≠ 0 (the candidate rank is too small).
pub(super) fn kernel_by_remaindering(
    a: &ZMatrix,
    cand: &Candidate,
) -> Result<Option<Vec<Vec<Integer>>>> {
    let (m, n, r) = (a.rows(), a.cols(), cand.rank);
    let free: Vec<usize> = (0..n).filter(|c| !cand.cols.contains(c)).collect();
    let order: Vec<usize> = cand.cols.iter().chain(&free).copied().collect();
    let all_cols: Vec<usize> = (0..n).collect();
    // D and X = D·A[I,J]⁻¹·A[I,F]: by Cramer each is an r×r minor of A[I, :], so all are
    // determined by residues modulo a product above twice that Hadamard bound.
    let limit = power_of_two(bound::minor_bits(a, &cand.rows, &all_cols) + 1)?;
    let w = n - r;
    // Slot 0 is D, then X row-major.
    let mut crt = Crt::new(1 + r * w);
    let mut primes = prime_stream();
    while crt.modulus <= limit {
        let p = next_prime(&mut primes)?;
        let mut aug = residues(a, &cand.rows, &order, p);
        let d = gauss_jordan(&mut aug, r, n, p);
        if d == 0 {
            continue; // p divides D: skip it.
        }
        let mut values = Vec::with_capacity(1 + r * w);
        values.push(d);
        for k in 0..r {
            for t in 0..w {
                values.push(mul_mod(aug[k * n + r + t], d, p));
            }
        }
        crt.add(&values, p);
    }
    let minor = crt.values[0].clone();
    let x = &crt.values[1..];
    let mut vectors = Vec::with_capacity(w);
    for (t, &f) in free.iter().enumerate() {
        let mut v = vec![Integer::new(); n];
        for (k, &j) in cand.cols.iter().enumerate() {
            v[j] = Integer::from(-&x[k * w + t]);
        }
        v[f] = minor.clone();
        let mut g = Integer::new();
        for x in &v {
            g.gcd_mut(x);
        }
        if v[f] < 0 {
            g = -g; // a positive entry on the identity block reads best
        }
        for x in v.iter_mut() {
            x.div_exact_mut(&g);
        }
        // Rows in I are annihilated by construction; the others prove the rank.
        for i in (0..m).filter(|i| !cand.rows.contains(i)) {
            let mut s = Integer::new();
            for (x, y) in a.row(i).iter().zip(&v) {
                s += x * y;
            }
            if s != 0 {
                return Ok(None);
            }
        }
        vectors.push(v);
    }
    Ok(Some(vectors))
}

/// Row-major residues of `a[rows, cols]` modulo `p`, each in `[0, p)`.
fn residues(a: &crate::ZMatrix, rows: &[usize], cols: &[usize], p: u64) -> Vec<u64> {
    let mut out = Vec::with_capacity(rows.len() * cols.len());
    for &i in rows {
        for &j in cols {
            out.push(mod_p(&a[(i, j)], p));
        }
    }
    out
}

/// Reduces the leading `r × r` block of the row-major `r × w` matrix `m` to the identity
/// by Gauss–Jordan modulo `p`, applying the same operations to the other columns.
/// Returns det of that block mod p (0, with `m` partly reduced, if it is singular).
fn gauss_jordan(m: &mut [u64], r: usize, w: usize, p: u64) -> u64 {
    let mut det = 1u64;
    for k in 0..r {
        let Some(q) = (k..r).find(|&i| m[i * w + k] != 0) else {
            return 0;
        };
        if q != k {
            for c in 0..w {
                m.swap(k * w + c, q * w + c);
            }
            det = (p - det) % p;
        }
        let piv = m[k * w + k];
        det = mul_mod(det, piv, p);
        let inv = pow_mod(piv, p - 2, p);
        for c in k..w {
            m[k * w + c] = mul_mod(m[k * w + c], inv, p);
        }
        for i in 0..r {
            let f = m[i * w + k];
            if i == k || f == 0 {
                continue;
            }
            for c in k..w {
                let s = mul_mod(f, m[k * w + c], p);
                let x = m[i * w + c];
                m[i * w + c] = if x >= s { x - s } else { x + p - s };
            }
        }
    }
    det
}
