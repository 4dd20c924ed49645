//! `exrank minor FILE`: a nonzero minor of the largest size (its size is the rank), with
//! its row set, column set and exact value.
//!
//! Text output is for people and numbers rows and columns from 1 (as PARI and MATLAB do);
//! `--json` is for programs and numbers them from 0 (as `exrank rank --json` does).
//! A rational input is read as the integer matrix whose row i is scaled by d_i, the lcm of
//! its denominators; the index sets are unchanged by that, and the value printed is the
//! minor of the matrix *as given*: det / Π_{i in rows} d_i (printed `p/q` when not an
//! integer).

use crate::error::Result;
use crate::io::{self, Parsed};
use crate::minors::{self, exhaustive, max_abs, LexOrder, Minor, DEFAULT_MAX_MINORS};
use rug::{Integer, Rational};

/// Arguments of `exrank minor`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Matrix file (same formats as `exrank rank`); `-` for standard input.
    pub file: String,
    /// One JSON object: size, rows, cols (0-based), value (decimal string), route.
    #[arg(long)]
    pub json: bool,
    /// Search the definition: every minor from the largest size down, each by an exact
    /// determinant (independent of elimination). Refused past --max-minors.
    #[arg(long)]
    pub exhaustive: bool,
    /// Lexicographically first minor, choosing rows first or columns first (with
    /// --exhaustive: the order of the search).
    #[arg(long, value_enum, value_name = "rows|cols")]
    pub lex: Option<LexOrder>,
    /// The r×r minor of largest absolute value (every r×r minor is evaluated; small
    /// matrices only, refused past --max-minors).
    #[arg(long, conflicts_with_all = ["lex", "exhaustive"])]
    pub max_abs: bool,
    /// Cap on the number of minors --exhaustive or --max-abs may evaluate; the count is
    /// estimated before starting.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_MINORS)]
    pub max_minors: u64,
}

/// Runs `exrank minor`: prints the minor and returns the exit code (0), or an error
/// (exit 2: unreadable file, or a search past the cap).
///
/// ```
/// use exrank::cli::minor::{run, Args};
/// let path = std::env::temp_dir().join("exrank-minor-doc.txt");
/// std::fs::write(&path, "1 2\n2 4\n").unwrap();
/// let args = |exhaustive, max_minors| Args {
///     file: path.display().to_string(),
///     json: true,
///     exhaustive,
///     lex: None,
///     max_abs: false,
///     max_minors,
/// };
/// assert_eq!(run(args(false, 1)).unwrap(), 0); // prints {"size":1,"rows":[0],...}
/// assert!(run(args(true, 1)).is_err()); // a 2×2 search may need 5 minors
/// ```
pub fn run(args: Args) -> Result<i32> {
    let parsed = io::read_path(&args.file)?;
    let a = parsed.to_zmatrix_checked(crate::io::DEFAULT_MAX_DENSE_ENTRIES)?;
    let (minor, route, examined) = if args.exhaustive {
        let order = args.lex.unwrap_or(LexOrder::Rows);
        let f = exhaustive::largest_nonzero(&a, order, args.max_minors)?;
        (f.minor, "exhaustive", Some(f.examined))
    } else if args.max_abs {
        (max_abs::max_abs(&a, args.max_minors)?, "max-abs", None)
    } else if let Some(order) = args.lex {
        let route = match order {
            LexOrder::Rows => "lex-rows",
            LexOrder::Cols => "lex-cols",
        };
        (minors::lex_first(&a, order)?, route, None)
    } else {
        (minors::from_pivots(&a)?, "pivots", None)
    };
    let value = value_as_given(&parsed, &minor);
    if args.json {
        let mut v = serde_json::json!({
            "size": minor.size,
            "rows": minor.rows,
            "cols": minor.cols,
            "value": value,
            "route": route,
            "index_base": 0,
        });
        if let Some(k) = examined {
            v["minors_examined"] = serde_json::json!(k.to_string());
        }
        println!("{v}");
    } else {
        let one_based = |v: &[usize]| {
            v.iter()
                .map(|i| (i + 1).to_string())
                .collect::<Vec<_>>()
                .join(" ")
        };
        println!("size {}", minor.size);
        println!("rows {}", one_based(&minor.rows));
        println!("cols {}", one_based(&minor.cols));
        println!("value {value}");
        println!("route {route}");
        if let Some(k) = examined {
            println!("minors examined {k}");
        }
        println!("(rows and columns numbered from 1; --json numbers them from 0)");
    }
    Ok(super::EXIT_OK)
}

/// The minor's value for the matrix as given: the integer matrix had row i multiplied by
/// d_i (the lcm of that row's denominators), which multiplies the minor by Π d_i.
fn value_as_given(parsed: &Parsed, minor: &Minor) -> String {
    let scales = parsed.row_scales();
    let mut scale = Integer::from(1);
    for &i in &minor.rows {
        scale *= &scales[i];
    }
    if scale == 1 {
        return minor.value.to_string();
    }
    Rational::from((minor.value.clone(), scale)).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::{Entries, Scalar};

    #[test]
    fn rational_rows_report_the_value_of_the_matrix_as_given() {
        // [[1/2, 1], [0, 1/3]]: det = 1/6. Read as [[1, 2], [0, 1]] (rows scaled by 2, 3).
        let half = Scalar::Rat(Rational::from((1, 2)));
        let third = Scalar::Rat(Rational::from((1, 3)));
        for entries in [
            Entries::Dense(vec![
                half.clone(),
                Scalar::Int(1),
                Scalar::Int(0),
                third.clone(),
            ]),
            Entries::Coordinate(vec![(0, 0, half), (0, 1, Scalar::Int(1)), (1, 1, third)]),
        ] {
            let parsed = Parsed {
                rows: 2,
                cols: 2,
                entries,
            };
            let m = minors::from_pivots(&parsed.to_zmatrix()).unwrap();
            assert_eq!(m.value, 1);
            assert_eq!(value_as_given(&parsed, &m), "1/6");
        }
    }
}
