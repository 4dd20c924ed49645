//! `exrank demo`: the seeds' worked examples, exactly.

use crate::error::Result;
use crate::float::{compare, F64Matrix, Options, Report};
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
///
/// ```
/// assert_eq!(exrank::cli::demo::run(exrank::cli::demo::Args {}).unwrap(), 0);
/// ```
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
    print!("{}", float_part(&higham_4x4_report()?));
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

/// The 4×4 example compared in floating point: the NumPy, MATLAB, Julia, absolute and
/// pivoted-QR rules, plus tolerance 0 (every nonzero computed singular value counts).
///
/// ```
/// let r = exrank::cli::demo::higham_4x4_report().unwrap();
/// assert_eq!(r.rule("numpy").unwrap().rank, 2);
/// assert_eq!(r.rule("tol").unwrap().rank, 4);
/// ```
pub fn higham_4x4_report() -> Result<Report> {
    let a = higham_4x4();
    let opts = Options {
        tol: Some(0.0),
        ..Options::default()
    };
    compare("4x4", &a, &F64Matrix::from_zmatrix(&a), &opts)
}

/// `x` as MATLAB prints it in `format short e`: `3.8623e+01`.
///
/// ```
/// assert_eq!(exrank::cli::demo::matlab_e(38.6226), "3.8623e+01");
/// assert_eq!(exrank::cli::demo::matlab_e(1.3459e-16), "1.3459e-16");
/// ```
pub fn matlab_e(x: f64) -> String {
    let s = format!("{x:.4e}");
    match s.split_once('e') {
        Some((m, e)) => {
            let (sign, digits) = match e.strip_prefix('-') {
                Some(d) => ('-', d),
                None => ('+', e),
            };
            format!("{m}e{sign}{digits:0>2}")
        }
        None => s,
    }
}

/// The float half of the demo, as text.
fn float_part(r: &Report) -> String {
    let mut s =
        String::from("The same matrix in floating point (f64; singular values from faer's SVD):\n");
    for &x in &r.singular_values {
        s += &format!("  {}\n", matlab_e(x));
    }
    s += "The exact values are 0 for the last two: what is left is rounding noise, and it\n";
    s += "depends on the library (MATLAB in the seed: 1.5326e-15 and 1.3459e-16; NumPy:\n";
    s += "1.1349e-15 and 2.5094e-16); the exact zeros do not.\n";
    s += "rank under each convention (count of singular values above the threshold):\n";
    for o in &r.rules {
        let name = match o.rule.key() {
            "tol" => "tol = 0".to_string(),
            k => k.to_string(),
        };
        s += &format!(
            "  {name:<9} threshold {:<11} rank {}  ({}; {})\n",
            matlab_e(o.threshold),
            o.rank,
            o.rule.formula(),
            o.verdict.name()
        );
    }
    s
}
