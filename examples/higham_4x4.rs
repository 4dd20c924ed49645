//! The seed's 4×4 example through the library API: exact rank 2, the f64 singular values
//! (≈ 38.62, ≈ 2.07 and two rounding-noise values), and the rank under each convention.
//!
//! Run: `cargo run --example higham_4x4`

use exrank::float::{compare, F64Matrix, Options};
use exrank::ZMatrix;

fn main() {
    // rank([1 5 9 13; 2 6 10 14; 3 7 11 15; 4 8 12 16]): 1..16 filled column by column.
    let a = ZMatrix::from_fn(4, 4, |i, j| (4 * j + i + 1).into());
    let exact = exrank::rank(&a);
    println!("exact rank {} ({})", exact.rank, exact.certainty.label());

    let opts = Options {
        tol: Some(0.0), // tolerance 0: every nonzero computed singular value counts
        ..Options::default()
    };
    let report = compare("4x4", &a, &F64Matrix::from_zmatrix(&a), &opts).expect("finite matrix");
    println!("singular values (f64):");
    for s in &report.singular_values {
        println!("  {s:.4e}");
    }
    for o in &report.rules {
        println!(
            "{:<9} threshold {:.4e}  rank {}  {}",
            o.rule.key(),
            o.threshold,
            o.rank,
            o.verdict.name()
        );
    }
}
