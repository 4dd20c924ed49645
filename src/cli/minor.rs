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
use crate::io::{self, Entries, Parsed};
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

/// Runs `exrank minor`.
pub fn run(args: Args) -> Result<i32> {
    let parsed = io::read_path(&args.file)?;
    let a = parsed.to_zmatrix();
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
    let mut scale = Integer::from(1);
    for &i in &minor.rows {
        scale *= row_denominator_lcm(parsed, i);
    }
    if scale == 1 {
        return minor.value.to_string();
    }
    Rational::from((minor.value.clone(), scale)).to_string()
}

/// The lcm of the denominators in row `i` (what [`Parsed::to_zmatrix`] scales it by).
fn row_denominator_lcm(parsed: &Parsed, i: usize) -> Integer {
    let mut lcm = Integer::from(1);
    match &parsed.entries {
        Entries::Dense(v) => {
            for s in &v[i * parsed.cols..(i + 1) * parsed.cols] {
                lcm.lcm_mut(s.to_rational().denom());
            }
        }
        Entries::Coordinate(t) => {
            for (_, _, s) in t.iter().filter(|(r, _, _)| *r == i) {
                lcm.lcm_mut(s.to_rational().denom());
            }
        }
    }
    lcm
}
