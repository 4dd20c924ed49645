//! y = d·u mod M (centred) for every coordinate u = Σⱼ Xⱼ·pʲ of a lifting's solution,
//! M = pᵏ, as one f64 matrix product instead of r big-integer conversions.
//!
//! Why: when Dixon lifting stops early it has the common denominator d and must form
//! every numerator y = d·u mod M. Per coordinate that is a base-p to binary conversion
//! of k digits, a k-digit multiplication and a division by M: at r = 1000 and
//! k ≈ 460 (≈ 10⁴ bits) about 25 ms, a tenth of the whole rank computation.
//!
//! With Dⱼ = d·pʲ mod M (k numbers, each one multiplication by p and a small reduction
//! from the previous), y ≡ Σⱼ Xⱼ·Dⱼ (mod M). Cut every Dⱼ into chunks of b bits; then
//! Y = X·D, with X the r × k digit matrix and D the k × L chunk matrix, holds every
//! coordinate's Σⱼ Xⱼ·Dⱼ as L chunk sums. The digits are below 2²² and b is chosen with
//! k·max|X|·2ᵇ < 2⁵³, so every partial sum is an integer below 2⁵³ in absolute value
//! and the f64 product is exact in any summation order. Carrying the chunk sums into
//! limbs and one reduction with a small quotient finish each coordinate.

use faer::{Accum, MatMut, MatRef, Par};
use rayon::prelude::*;
use rug::integer::Order;
use rug::Integer;

/// Coordinates handled per matrix product (bounds the f64 buffers to a few MB).
const ROW_BLOCK: usize = 256;

/// Chunks narrower than this are not worth the product (only when k is astronomically
/// large); the caller then converts coordinate by coordinate.
const MIN_CHUNK_BITS: u32 = 8;

/// For each row i of the digits, y_i = d·Σⱼ digits[j][i·stride + col]·pʲ reduced into
/// (−M/2, M/2] with M = p^k, k = `digits.len()`; `None` when some |digit| > `half`, the
/// sizes leave no chunk width (see the module docs), or `col` is not below `stride`.
///
/// ```
/// use exrank::modular::digit_scaling::scaled_coordinates;
/// use rug::Integer;
/// // u = 3 + 2·7 = 17 and u = −1 + 1·7 = 6 (digits mod 7 centred), d = 5, M = 49:
/// // 85 mod 49 = 36 → −13, 30 mod 49 = 30 → −19.
/// let digits = vec![vec![3, -1], vec![2, 1]];
/// let y = scaled_coordinates(&digits, 7, 3, 1, 0, &Integer::from(5)).unwrap();
/// assert_eq!(y, vec![Integer::from(-13), Integer::from(-19)]);
/// ```
pub fn scaled_coordinates<D: AsRef<[i32]>>(
    digits: &[D],
    p: u64,
    half: u64,
    stride: usize,
    col: usize,
    d: &Integer,
) -> Option<Vec<Integer>> {
    if stride == 0 || col >= stride || p < 2 {
        return None;
    }
    let k = digits.len();
    let r = digits.first().map_or(0, |x| x.as_ref().len() / stride);
    let modulus = Integer::from(Integer::u_pow_u(
        u32::try_from(p).ok()?,
        u32::try_from(k).ok()?,
    ));
    if k == 0 {
        return Some(vec![Integer::new(); r]);
    }
    // k·half·2^b < 2⁵³ with b = 53 − bits(k·half).
    let weight = (k as u128) * u128::from(half.max(1));
    let b = 53u32.checked_sub(128 - weight.leading_zeros())?;
    if b < MIN_CHUNK_BITS {
        return None;
    }
    if digits.iter().any(|x| {
        x.as_ref()
            .iter()
            .skip(col)
            .step_by(stride)
            .any(|v| u64::from(v.unsigned_abs()) > half)
    }) {
        return None;
    }
    let chunk_cols = (modulus.significant_bits().div_ceil(b)) as usize + 1;
    let chunks = scaled_power_chunks(d, p, k, &modulus, b, chunk_cols);
    let dm = MatRef::from_row_major_slice(&chunks, k, chunk_cols);
    let half_m = Integer::from(&modulus >> 1u32);
    let mut out = Vec::with_capacity(r);
    let mut x = vec![0.0f64; ROW_BLOCK.min(r) * k];
    let mut y = vec![0.0f64; ROW_BLOCK.min(r) * chunk_cols];
    for i0 in (0..r).step_by(ROW_BLOCK) {
        let rows = ROW_BLOCK.min(r - i0);
        for (j, dj) in digits.iter().enumerate() {
            for t in 0..rows {
                x[t * k + j] = f64::from(dj.as_ref()[(i0 + t) * stride + col]);
            }
        }
        let par = if rows * k * chunk_cols >= 1 << 20 {
            Par::rayon(0)
        } else {
            Par::Seq
        };
        faer::linalg::matmul::matmul(
            MatMut::from_row_major_slice_mut(&mut y[..rows * chunk_cols], rows, chunk_cols),
            Accum::Replace,
            MatRef::from_row_major_slice(&x[..rows * k], rows, k),
            dm,
            1.0,
            par,
        );
        let block: Vec<Integer> = y[..rows * chunk_cols]
            .par_chunks(chunk_cols)
            .map(|sums| centred(from_chunk_sums(sums, b), &modulus, &half_m))
            .collect();
        out.extend(block);
    }
    Some(out)
}

/// Dⱼ = d·pʲ mod M for j < k, each cut into `cols` chunks of `b` bits (least significant
/// first), row-major k × cols as f64.
fn scaled_power_chunks(
    d: &Integer,
    p: u64,
    k: usize,
    modulus: &Integer,
    b: u32,
    cols: usize,
) -> Vec<f64> {
    let mut out = vec![0.0f64; k * cols];
    let mut dj = Integer::from(d % modulus);
    if dj < 0 {
        dj += modulus;
    }
    let mask = (1u64 << b) - 1;
    for row in out.chunks_exact_mut(cols) {
        let limbs = dj.to_digits::<u64>(Order::Lsf);
        for (t, o) in row.iter_mut().enumerate() {
            let bit = t as u64 * u64::from(b);
            let (w, off) = ((bit / 64) as usize, bit % 64);
            let lo = limbs.get(w).copied().unwrap_or(0) >> off;
            let hi = if off + u64::from(b) > 64 {
                limbs.get(w + 1).copied().unwrap_or(0) << (64 - off)
            } else {
                0
            };
            *o = ((lo | hi) & mask) as f64;
        }
        dj *= p;
        dj %= modulus; // a quotient below p: linear time
    }
    out
}

/// Σₜ sums[t]·2^(b·t) for exact integer-valued doubles (|sums[t]| < 2⁵³): carried in i128
/// into b-bit digits, packed into limbs, with the final signed carry added on top.
fn from_chunk_sums(sums: &[f64], b: u32) -> Integer {
    let mask = (1i128 << b) - 1;
    let mut limbs: Vec<u64> = vec![0; (sums.len() * b as usize).div_ceil(64) + 1];
    let mut carry = 0i128;
    for (t, &v) in sums.iter().enumerate() {
        let total = carry + v as i64 as i128;
        let digit = (total & mask) as u64; // total mod 2^b, in [0, 2^b)
        carry = total >> b; // floor division: total = carry·2^b + digit
        let bit = t * b as usize;
        let (w, off) = (bit / 64, bit % 64);
        limbs[w] |= digit << off;
        if off + b as usize > 64 {
            limbs[w + 1] |= digit >> (64 - off);
        }
    }
    let mut v = Integer::from_digits(&limbs, Order::Lsf);
    if carry != 0 {
        v += Integer::from(carry) << (sums.len() as u32 * b);
    }
    v
}

/// v mod M in (−M/2, M/2], with `half` = ⌊M/2⌋ (shared with [`super::dixon`], which
/// centres its reconstructions the same way).
pub(super) fn centred(mut v: Integer, modulus: &Integer, half: &Integer) -> Integer {
    v %= modulus;
    if v < 0 {
        v += modulus;
    }
    if v > *half {
        v -= modulus;
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The oracle: Σ digits·pʲ, times d, centred mod pᵏ, with plain big integers.
    fn naive(digits: &[Vec<i32>], p: u64, stride: usize, col: usize, d: &Integer) -> Vec<Integer> {
        let k = digits.len();
        let r = digits[0].len() / stride;
        let m = Integer::from(Integer::u_pow_u(p as u32, k as u32));
        let half = Integer::from(&m >> 1u32);
        (0..r)
            .map(|i| {
                let mut u = Integer::new();
                for dj in digits.iter().rev() {
                    u *= p;
                    u += dj[i * stride + col];
                }
                centred(u * d, &m, &half)
            })
            .collect()
    }

    fn lcg(x: &mut u64) -> u64 {
        *x = x
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        *x >> 11
    }

    #[test]
    fn equals_the_big_integer_conversion() {
        // Sizes around the row block; chunk widths from 41 bits (p = 3) down to 21.
        let cases: [(u64, usize, usize, usize); 6] = [
            (7, 1, 1, 1),
            (101, 5, 2, 3),
            (8_388_593, 40, 3, 2),
            (8_388_593, 300, 1, 257),
            (8_388_593, 700, 2, 30),
            (3, 3000, 1, 5),
        ];
        let mut x = 9u64;
        for (p, k, stride, r) in cases {
            let half = (p - 1) / 2;
            let digits: Vec<Vec<i32>> = (0..k)
                .map(|_| {
                    (0..r * stride)
                        .map(|_| (lcg(&mut x) % p) as i64 - half as i64)
                        .map(|v| v as i32)
                        .collect()
                })
                .collect();
            for (col, dbits) in [(0, 5u32), (stride - 1, 40), (0, 20 * k as u32)] {
                let mut d = Integer::from(lcg(&mut x)) << dbits.saturating_sub(53);
                d += 1 + lcg(&mut x) % 1000;
                let got = scaled_coordinates(&digits, p, half, stride, col, &d).unwrap();
                assert_eq!(
                    got,
                    naive(&digits, p, stride, col, &d),
                    "p {p} k {k} r {r} col {col}"
                );
            }
        }
    }

    #[test]
    fn digits_above_half_are_refused() {
        let digits = vec![vec![4, 0], vec![1, 1]];
        assert!(scaled_coordinates(&digits, 7, 3, 1, 0, &Integer::from(1)).is_none());
        assert!(scaled_coordinates(&digits, 11, 5, 1, 0, &Integer::from(1)).is_some());
    }
}
