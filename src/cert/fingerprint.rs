//! The matrix fingerprint a certificate names, part of the format's definition (so the
//! producer and the verifier both use it; it proves nothing, it only makes "this is a
//! certificate for another matrix" a clear, early rejection).
//!
//! Definition (easy to recompute elsewhere): 64-bit FNV-1a over the ASCII text
//! `"{rows} {cols}\n"` followed by every entry of the integer matrix in row-major order,
//! each written in decimal (leading `-` for negatives) and followed by one `\n`.

use crate::ZMatrix;

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

fn fnv1a(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

/// The fingerprint of `a` (see the module docs for the exact definition).
///
/// ```
/// use exrank::{cert::fingerprint, ZMatrix};
/// let a = ZMatrix::from_i64_rows(&[vec![1, 2], vec![3, 4]]).unwrap();
/// let b = ZMatrix::from_i64_rows(&[vec![1, 2], vec![3, 5]]).unwrap();
/// assert_eq!(fingerprint(&a), fingerprint(&a.clone()));
/// assert_ne!(fingerprint(&a), fingerprint(&b));
/// ```
pub fn fingerprint(a: &ZMatrix) -> u64 {
    let mut h = fnv1a(
        FNV_OFFSET,
        format!("{} {}\n", a.rows(), a.cols()).as_bytes(),
    );
    let mut buf = String::new();
    for x in a.as_slice() {
        buf.clear();
        use std::fmt::Write;
        writeln!(buf, "{x}").expect("writing to a String cannot fail");
        h = fnv1a(h, buf.as_bytes());
    }
    h
}
