//! The producer's size bounds, in bits: Hadamard's inequality |det B| ≤ ∏ ‖row of B‖₂,
//! with each row norm rounded up to a power of two so the sum of exponents bounds log₂.

use crate::ZMatrix;
use rug::Integer;

/// ⌈log₂⌉-style exponent e with ‖v‖₂ ≤ 2^e for the entries `v` (0 for a zero vector).
fn norm_bits<'a>(v: impl Iterator<Item = &'a Integer>) -> u64 {
    let mut s = Integer::new();
    for x in v {
        s += x.square_ref();
    }
    // s < 2^bits(s), so sqrt(s) < 2^(bits(s)/2) ≤ 2^ceil(bits(s)/2).
    (s.significant_bits() as u64).div_ceil(2)
}

/// B with |det A[rows, cols]| ≤ 2^B.
pub(super) fn minor_bits(a: &ZMatrix, rows: &[usize], cols: &[usize]) -> u64 {
    rows.iter()
        .map(|&i| norm_bits(cols.iter().map(|&j| &a[(i, j)])))
        .sum()
}

/// B with |every k×k minor of A| ≤ 2^B: the k largest row bounds, or the k largest
/// column bounds, whichever is smaller (a minor's rows are pieces of A's rows). 0 when A
/// has no k×k minor.
pub(super) fn all_minors_bits(a: &ZMatrix, k: usize) -> u64 {
    let (m, n) = (a.rows(), a.cols());
    if k > m || k > n {
        return 0;
    }
    let top = |mut v: Vec<u64>| -> u64 {
        v.sort_unstable_by(|x, y| y.cmp(x));
        v[..k].iter().sum()
    };
    let rows = top((0..m).map(|i| norm_bits(a.row(i).iter())).collect());
    let cols = top((0..n)
        .map(|j| norm_bits((0..m).map(|i| &a[(i, j)])))
        .collect());
    rows.min(cols)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_cover_the_determinant() {
        // det [[3, 4], [4, -3]] = -25 and both rows have norm exactly 5 ≤ 2^3.
        let a = ZMatrix::from_i64_rows(&[vec![3, 4], vec![4, -3]]).unwrap();
        assert_eq!(minor_bits(&a, &[0, 1], &[0, 1]), 6);
        assert_eq!(all_minors_bits(&a, 2), 6);
        assert_eq!(all_minors_bits(&a, 3), 0);
    }
}
