//! `exrank demo`: the seeds' worked examples, exactly.

use crate::error::Result;
use crate::{bareiss, ZMatrix};

/// Arguments of `exrank demo` (none).
#[derive(clap::Args, Debug)]
pub struct Args {}

/// The seed's 4×4 example: entries 1..16 filled column by column.
///
/// ```
/// let a = exrank::cli::demo::higham_4x4();
/// assert_eq!(a.row(0).iter().map(|x| x.to_i32().unwrap()).collect::<Vec<_>>(), [1, 5, 9, 13]);
/// ```
pub fn higham_4x4() -> ZMatrix {
    ZMatrix::from_fn(4, 4, |i, j| (4 * j + i + 1).into())
}

/// Runs `exrank demo`.
pub fn run(_args: Args) -> Result<i32> {
    let a = higham_4x4();
    let e = bareiss::eliminate(&a);
    let k = bareiss::kernel_basis(&a);
    println!("The 4x4 matrix with entries 1..16 filled column by column:");
    print!("{a}");
    println!(
        "exact rank {} (certified: fraction-free elimination, no threshold)",
        e.rank
    );
    println!(
        "pivot rows {:?}, pivot columns {:?} (0-based)",
        e.pivot_rows, e.pivot_cols
    );
    println!(
        "nonzero {0}x{0} minor det A[{1:?}, {2:?}] = {3}",
        e.rank, e.pivot_rows, e.pivot_cols, e.minor
    );
    println!("kernel basis (columns; A times each is exactly zero):");
    print!("{k}");
    println!();
    let examples: [(&str, ZMatrix); 3] = [
        ("outer product [1,2,3]^T [4,5,6]", {
            let u = ZMatrix::from_i64_rows(&[vec![1], vec![2], vec![3]]).expect("rect");
            let v = ZMatrix::from_i64_rows(&[vec![4, 5, 6]]).expect("rect");
            u.mul(&v)
        }),
        ("3x3 identity", ZMatrix::identity(3)),
        (
            "third row = first + second",
            ZMatrix::from_i64_rows(&[vec![1, 2, 3], vec![4, 5, 6], vec![5, 7, 9]]).expect("rect"),
        ),
    ];
    for (name, m) in examples {
        println!("{name}: rank {}", bareiss::rank(&m));
        print!("{m}");
    }
    Ok(super::EXIT_OK)
}
