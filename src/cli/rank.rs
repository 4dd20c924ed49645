//! `exrank rank FILE`: prints `rank R` first, then shape, field, method, certainty, time.

use crate::error::Result;
use crate::{io, modular, rank, rank_with, Certainty, CertaintyGoal, Method, RankParams};
use std::time::Instant;

/// Arguments of `exrank rank`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Matrix file (Matrix Market, SMS, text/CSV, .npy); `-` for standard input.
    pub file: String,
    /// Algorithm: auto, bareiss, modular, sparse.
    #[arg(long, default_value = "auto", value_parser = parse_method)]
    pub method: Method,
    /// Rank over GF(P) instead of Q (P must be prime, below 2^63).
    #[arg(long = "mod", value_name = "P")]
    pub modulus: Option<u64>,
    /// How sure the answer over Q must be: `certified` (a proof) or `probabilistic`
    /// (stop after --primes agreeing random primes; the error bound is printed).
    #[arg(long, default_value = "certified", value_parser = ["certified", "probabilistic"])]
    pub certainty: String,
    /// Agreeing random primes for `--certainty probabilistic`.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u64).range(1..=64))]
    pub primes: u64,
    /// Worker threads (default: every core).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub threads: Option<u64>,
    /// Storage: `auto` (sparse when the matrix is large and at most 5% nonzero; see
    /// `exrank::sparse::prefers_sparse`), `dense` or `sparse`.
    #[arg(long, default_value = "auto", value_parser = ["auto", "dense", "sparse"])]
    pub storage: String,
    /// No progress bar (it is drawn only on a terminal anyway).
    #[arg(long)]
    pub quiet: bool,
    /// One JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Whether to eliminate on sparse storage: an explicit `--storage` or `--method sparse`
/// wins; the dense-only methods (bareiss, modular) mean dense; otherwise the density rule.
fn use_sparse(args: &Args, parsed: &io::Parsed) -> Result<bool> {
    let dense_method = matches!(args.method, Method::Bareiss | Method::Modular);
    match (args.storage.as_str(), args.method) {
        ("sparse", _) if dense_method => Err(crate::Error::Invalid(format!(
            "--method {} works on dense storage; drop --storage sparse or use --method sparse",
            args.method.name()
        ))),
        ("dense", Method::Sparse) => Err(crate::Error::Invalid(
            "--method sparse needs sparse storage; drop --storage dense".into(),
        )),
        ("sparse", _) | (_, Method::Sparse) => Ok(true),
        ("dense", _) => Ok(false),
        _ if dense_method => Ok(false),
        _ => {
            // The rule is monotone in the count: counting past 5% of the cells (plus one)
            // cannot change it, and stops early on a dense matrix.
            let cells = parsed.rows as u128 * parsed.cols as u128;
            let cap = usize::try_from(cells / 20 + 1).unwrap_or(usize::MAX);
            Ok(crate::sparse::prefers_sparse(
                parsed.rows,
                parsed.cols,
                parsed.nnz_capped(cap),
            ))
        }
    }
}

/// Frees a large value on a thread of its own: dropping the 10⁶ GMP integers of a
/// 1000 × 1000 matrix one by one takes 15–20 ms that the answer need not wait for (when
/// the process exits first, the OS reclaims the memory at once). Values of fewer than
/// 2¹⁶ `entries`, and any value when no thread can be started, are dropped here as usual.
fn drop_in_background<T: Send + 'static>(value: T, entries: usize) {
    if entries >= 1 << 16 {
        let _ = std::thread::Builder::new().spawn(move || drop(value));
    }
}

fn parse_method(s: &str) -> std::result::Result<Method, String> {
    match s {
        "auto" => Ok(Method::Auto),
        "bareiss" => Ok(Method::Bareiss),
        "modular" => Ok(Method::Modular),
        "sparse" => Ok(Method::Sparse),
        _ => Err(format!(
            "unknown method `{s}` (auto, bareiss, modular, sparse)"
        )),
    }
}

/// Runs `exrank rank`: prints the rank and its evidence, returns the exit code (0) or an
/// error (exit 2: unreadable file, non-prime modulus, a rational entry with no value mod p).
///
/// ```
/// use exrank::cli::rank::{run, Args};
/// let path = std::env::temp_dir().join("exrank-rank-doc.txt");
/// std::fs::write(&path, "1 2\n2 4\n").unwrap();
/// let args = |modulus, certainty: &str| Args {
///     file: path.display().to_string(),
///     method: exrank::Method::Modular,
///     modulus,
///     certainty: certainty.into(),
///     primes: 3,
///     threads: Some(1),
///     storage: "auto".into(),
///     quiet: true,
///     json: true,
/// };
/// assert_eq!(run(args(None, "probabilistic")).unwrap(), 0); // {"rank":1,...,"certainty":"probabilistic",...}
/// assert_eq!(run(args(Some(5), "certified")).unwrap(), 0);
/// assert!(run(args(Some(6), "certified")).is_err()); // 6 is not prime
/// ```
pub fn run(args: Args) -> Result<i32> {
    let parsed = io::read_path(&args.file)?;
    let params = RankParams {
        method: args.method,
        modulus: args.modulus,
        certainty: match args.certainty.as_str() {
            "probabilistic" => CertaintyGoal::Probabilistic {
                primes: args.primes as usize,
            },
            _ => CertaintyGoal::Certified,
        },
        threads: None, // the pool below covers both the Q and the GF(p) paths
        // Dixon kernel basis when the cost model prefers it (see `RankParams::default`).
        kernel_check: RankParams::default().kernel_check,
    };
    let sparse = use_sparse(&args, &parsed)?;
    let sparse_params = crate::sparse::SparseParams {
        progress: !args.quiet && !args.json,
        ..Default::default()
    };
    let (file, modulus) = (args.file.as_str(), args.modulus);
    // Owns `parsed`: a dense all-integer matrix is handed to the engine by value.
    let mut parsed = parsed;
    let compute = move || -> Result<(crate::RankResult, f64)> {
        let start = Instant::now();
        let entries = parsed.entries.len();
        let (r, seconds) = match modulus {
            Some(p) if sparse => {
                let p = rank::check_modulus(p)?;
                let r = crate::sparse::rank_parsed_mod_p(&parsed, p, &sparse_params)?;
                (r, start.elapsed().as_secs_f64())
            }
            None if sparse => {
                let r = crate::sparse::rank_parsed(&parsed, &sparse_params)?;
                (r, start.elapsed().as_secs_f64())
            }
            // Over GF(p) each entry a/b is a·b⁻¹ mod p; clearing denominators first would be
            // wrong when p divides a row's lcm. An entry with p | b is an error naming it.
            Some(p) => {
                let mut residues = modular::reduce_parsed(&parsed, rank::check_modulus(p)?)
                    .map_err(|e| crate::Error::Invalid(format!("{file}: {e}")))?;
                // The residues replace the entries: free those before eliminating.
                let spent =
                    std::mem::replace(&mut parsed.entries, io::Entries::Coordinate(Vec::new()));
                drop_in_background(spent, entries);
                let start = Instant::now();
                let r = rank::rank_mod_residues(&mut residues, parsed.rows, parsed.cols, p)?;
                (r, start.elapsed().as_secs_f64())
            }
            None => {
                // The GMP path's limit on either path, so both refuse the same files.
                parsed.check_dense_size(io::DEFAULT_MAX_DENSE_ENTRIES)?;
                match parsed.entries {
                    io::Entries::DenseInt(values) => {
                        let start = Instant::now();
                        let r = rank::rank_of_integers(parsed.rows, parsed.cols, values, &params)?;
                        return Ok((r, start.elapsed().as_secs_f64()));
                    }
                    _ => {
                        let a = parsed.to_zmatrix_checked(io::DEFAULT_MAX_DENSE_ENTRIES)?;
                        let start = Instant::now();
                        let r = rank_with(&a, &params)?;
                        let seconds = start.elapsed().as_secs_f64();
                        drop_in_background(a, entries);
                        (r, seconds)
                    }
                }
            }
        };
        drop_in_background(parsed, entries);
        Ok((r, seconds))
    };
    let (r, seconds) = match args.threads {
        None => compute()?,
        Some(t) => rayon::ThreadPoolBuilder::new()
            .num_threads(t as usize)
            .build()
            .map_err(|e| crate::Error::Invalid(format!("cannot start {t} threads: {e}")))?
            .install(compute)?,
    };
    if args.json {
        let mut v = serde_json::json!({
            "rank": r.rank,
            "rows": r.rows,
            "cols": r.cols,
            "field": r.field.to_string(),
            "method": r.method.name(),
            "certainty": r.certainty.label(),
            "pivot_rows": r.pivot_rows,
            "pivot_cols": r.pivot_cols,
            "seconds": seconds,
        });
        if let Certainty::Probabilistic {
            error_bound,
            argument,
        } = &r.certainty
        {
            v["error_bound"] = serde_json::json!(error_bound);
            v["argument"] = serde_json::json!(argument);
        }
        println!("{v}");
    } else {
        println!("rank {}", r.rank);
        println!("shape {}x{}", r.rows, r.cols);
        println!("field {}", r.field);
        println!("method {}", r.method.name());
        match &r.certainty {
            Certainty::Certified => println!("certainty certified"),
            Certainty::Probabilistic {
                error_bound,
                argument,
            } => {
                println!("certainty probabilistic (error < {error_bound:e}: {argument})")
            }
        }
        println!("time {seconds:.6} s");
    }
    Ok(super::EXIT_OK)
}
