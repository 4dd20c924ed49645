//! `exrank compare`: exact rank beside float rank under every convention.
//!
//! - `exrank compare FILE` — one matrix: report (text, `--json`, `--csv`), `--plot` spectrum;
//! - `exrank compare --family NAME --sizes A..B` — a sweep over a built-in family;
//! - `exrank compare DIR --routine 'CMD {}'` — runs a float rank routine over a corpus
//!   written by `exrank corpus` and reports every disagreement (exit 1 unless allowed).
//!   The exact ranks are recomputed from the files (certified) and a manifest that
//!   disagrees is an error (exit 2); `--trust-manifest` skips that and says so.

use crate::error::{Error, Result};
use crate::float::corpus::{self, Entry};
use crate::float::routine::{self, AllowList};
use crate::float::{compare, compare_with_rank, plot, ExactRank, Family, Options, Report, Verdict};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// Arguments of `exrank compare`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// A matrix file (Matrix Market, text, .npy), or a corpus directory.
    pub path: Option<String>,
    /// Sweep a built-in family instead: consecutive, magic, hilbert, pascal, vandermonde,
    /// lauchli, lowrank, randrank, lora.
    #[arg(long, value_name = "NAME", conflicts_with = "path")]
    pub family: Option<String>,
    /// Sizes for --family, `A..B` (inclusive) or `N`.
    #[arg(long, value_name = "A..B", default_value = "2..12")]
    pub sizes: String,
    /// JSON output.
    #[arg(long)]
    pub json: bool,
    /// CSV output (one line per matrix and rule).
    #[arg(long, conflicts_with = "json")]
    pub csv: bool,
    /// Write an SVG plot: the spectrum and thresholds (one matrix) or ranks against n
    /// (a sweep).
    #[arg(long, value_name = "FILE.svg")]
    pub plot: Option<PathBuf>,
    /// An extra rule: absolute tolerance T.
    #[arg(long, value_name = "T")]
    pub tol: Option<f64>,
    /// An extra rule: relative tolerance R (threshold R·σ_max).
    #[arg(long, value_name = "R")]
    pub rtol: Option<f64>,
    /// The fixed absolute tolerance of the `absolute` rule (the default is
    /// `float::rules::DEFAULT_ABSOLUTE`).
    #[arg(long, value_name = "A", default_value = "1e-10")]
    pub atol: f64,
    /// With a corpus directory: the float rank routine to test; `{}` is the matrix path.
    #[arg(long, value_name = "CMD")]
    pub routine: Option<String>,
    /// Disagreements to accept: lines `FILE` or `FILE RANK`.
    #[arg(long, value_name = "FILE", requires = "routine")]
    pub allow: Option<PathBuf>,
    /// Seconds a routine may run on one matrix before it is killed and counted as
    /// giving no answer.
    #[arg(long, value_name = "SECONDS", default_value_t = 300.0, requires = "routine",
          value_parser = parse_timeout)]
    pub routine_timeout: f64,
    /// With a corpus directory: take each exact rank from the manifest instead of
    /// recomputing it from the files (faster; the output says where the ranks came from).
    #[arg(long)]
    pub trust_manifest: bool,
}

fn parse_timeout(s: &str) -> std::result::Result<f64, String> {
    match s.parse::<f64>() {
        Ok(t) if t > 0.0 && t <= 86_400.0 => Ok(t),
        _ => Err(format!("`{s}` is not a number of seconds in (0, 86400]")),
    }
}

/// Runs `exrank compare`; exit code 1 only in routine mode, for a disagreement that the
/// allow-list does not accept.
///
/// ```
/// use clap::Parser;
/// #[derive(Parser)]
/// struct Cli { #[command(flatten)] args: exrank::cli::compare::Args }
/// let cli = Cli::parse_from(["compare", "--family", "consecutive", "--sizes", "4", "--csv"]);
/// assert_eq!(exrank::cli::compare::run(cli.args).unwrap(), 0);
/// ```
pub fn run(args: Args) -> Result<i32> {
    for (name, v) in [
        ("--tol", args.tol),
        ("--rtol", args.rtol),
        ("--atol", Some(args.atol)),
    ] {
        if let Some(v) = v {
            if !(v >= 0.0 && v.is_finite()) {
                return Err(Error::Invalid(format!(
                    "{name} must be a finite non-negative number, not {v}"
                )));
            }
        }
    }
    let opts = Options {
        absolute: args.atol,
        tol: args.tol,
        rtol: args.rtol,
    };
    if let Some(name) = &args.family {
        return sweep(name, &args, &opts);
    }
    let Some(path) = args.path.as_deref() else {
        return Err(Error::Invalid(
            "give a matrix file, a corpus directory, or --family NAME".into(),
        ));
    };
    if Path::new(path).is_dir() {
        return directory(Path::new(path), &args, &opts);
    }
    if args.routine.is_some() {
        return Err(Error::Invalid(
            "--routine needs a corpus directory (write one with `exrank corpus --out DIR`)".into(),
        ));
    }
    let parsed = corpus::read_matrix(path)?;
    let float = crate::float::F64Matrix::from_parsed(&parsed);
    let exact = parsed.to_zmatrix_checked(crate::io::DEFAULT_MAX_DENSE_ENTRIES)?;
    // The report's own failures (no f64 spectrum: entries beyond f64 range, an SVD that
    // does not converge on entries near it) are about this file: name it.
    let report = compare(path, &exact, &float, &opts).map_err(|e| match e {
        Error::Invalid(m) => Error::Invalid(format!("{path}: {m}")),
        e => e,
    })?;
    if args.json {
        println!("{}", report.to_json());
    } else if args.csv {
        println!("{}", Report::csv_header());
        for l in report.csv_rows() {
            println!("{l}");
        }
    } else {
        print!("{}", report.to_text());
    }
    if let Some(svg) = &args.plot {
        plot::spectrum(&report, svg)?;
    }
    Ok(super::EXIT_OK)
}

/// The largest size `--sizes` accepts. Families build dense n×n matrices (Vandermonde's
/// entries grow to n·log₂n bits), so an unchecked size is an unbounded allocation:
/// `--sizes 100000` used to abort asking for 160 GB.
pub const MAX_FAMILY_SIZE: usize = 1024;

/// Parses `A..B` (inclusive), `A..=B` or `N`, with 1 ≤ A ≤ B ≤ [`MAX_FAMILY_SIZE`].
///
/// ```
/// use exrank::cli::compare::parse_sizes;
/// assert_eq!(parse_sizes("2..4").unwrap(), vec![2, 3, 4]);
/// assert_eq!(parse_sizes("768").unwrap(), vec![768]);
/// assert!(parse_sizes("0..3").is_err());
/// assert!(parse_sizes("1..100000").is_err());
/// ```
pub fn parse_sizes(s: &str) -> Result<Vec<usize>> {
    let bad = || {
        Error::Invalid(format!(
            "--sizes `{s}`: expected A..B or N with 1 <= A <= B <= {MAX_FAMILY_SIZE}"
        ))
    };
    let (a, b) = match s.split_once("..") {
        Some((a, b)) => (a, b.trim_start_matches('=')),
        None => (s, s),
    };
    let a: usize = a.trim().parse().map_err(|_| bad())?;
    let b: usize = b.trim().parse().map_err(|_| bad())?;
    if a == 0 || a > b || b > MAX_FAMILY_SIZE {
        return Err(bad());
    }
    Ok((a..=b).collect())
}

fn progress(len: usize) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len as u64);
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} {msg} [{elapsed}]") {
        bar.set_style(style);
    }
    bar
}

fn mark(v: Verdict) -> &'static str {
    match v {
        Verdict::Agrees => "=",
        Verdict::Overestimates => "+",
        Verdict::Underestimates => "-",
    }
}

fn sweep(name: &str, args: &Args, opts: &Options) -> Result<i32> {
    let family = Family::parse(name).ok_or_else(|| {
        let names: Vec<_> = Family::all().iter().map(|f| f.name()).collect();
        Error::Invalid(format!("unknown family `{name}` ({})", names.join(", ")))
    })?;
    let sizes = parse_sizes(&args.sizes)?;
    let bar = progress(sizes.len());
    let mut rows: Vec<(usize, String, Report)> = Vec::new();
    for &n in &sizes {
        bar.set_message(format!("{name} n={n}"));
        for case in family.cases(n) {
            let report = compare(&case.name, &case.exact, &case.float, opts)?;
            rows.push((n, case.name.clone(), report));
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    if args.json {
        let v: Vec<_> = rows.iter().map(|r| r.2.to_json()).collect();
        println!("{}", serde_json::Value::Array(v));
    } else if args.csv {
        println!("{}", Report::csv_header());
        for r in &rows {
            for l in r.2.csv_rows() {
                println!("{l}");
            }
        }
    } else {
        let keys: Vec<&str> = opts.rules().iter().map(|r| r.key()).collect();
        print!("{:<22} {:>9} {:>6}", "case", "shape", "exact");
        for k in &keys {
            print!(" {k:>9}");
        }
        println!();
        for (_, case, r) in &rows {
            let exact = if r.exact.exact {
                r.exact.rank.to_string()
            } else {
                format!(">={}", r.exact.rank)
            };
            print!(
                "{case:<22} {:>9} {exact:>6}",
                format!("{}x{}", r.rows, r.cols)
            );
            for o in &r.rules {
                print!(" {:>9}", format!("{}{}", o.rank, mark(o.verdict)));
            }
            println!();
        }
        println!("(= agrees with the exact rank, + overestimates, - underestimates)");
    }
    if let Some(svg) = &args.plot {
        // One picture per variant (Läuchli A / AᵀA, LoRA ideal / stored).
        let mut variants: Vec<String> = Vec::new();
        for (n, case, _) in &rows {
            let v = variant(case, name, *n);
            if !variants.contains(&v) {
                variants.push(v);
            }
        }
        for v in &variants {
            let points: Vec<(usize, Report)> = rows
                .iter()
                .filter(|(n, case, _)| variant(case, name, *n) == *v)
                .map(|(n, _, r)| (*n, r.clone()))
                .collect();
            let (file, title) = if variants.len() == 1 {
                (svg.clone(), name.to_string())
            } else {
                let stem = svg.file_stem().and_then(|s| s.to_str()).unwrap_or("plot");
                (
                    svg.with_file_name(format!("{stem}-{v}.svg")),
                    format!("{name} {v}"),
                )
            };
            plot::sweep(&title, &points, &file)?;
            if variants.len() > 1 {
                eprintln!("wrote {}", file.display());
            }
        }
    }
    Ok(super::EXIT_OK)
}

/// The part of a case name after `family-n-` (empty for single-matrix families).
fn variant(case: &str, family: &str, n: usize) -> String {
    case.strip_prefix(&format!("{family}-{n}"))
        .unwrap_or("")
        .trim_start_matches('-')
        .to_string()
}

/// One file of a corpus, run through the routine.
struct Outcome {
    file: String,
    entry: Entry,
    conventions: Report,
    answer: std::result::Result<usize, String>,
    allowed: bool,
}

/// Where the exact ranks of a corpus run came from, for people and for JSON.
fn rank_source(trusted: bool) -> &'static str {
    if trusted {
        "taken from the manifest, not recomputed (--trust-manifest)"
    } else {
        "recomputed from every file (certified) and checked against the manifest"
    }
}

fn directory(dir: &Path, args: &Args, opts: &Options) -> Result<i32> {
    let entries = corpus::read_manifest(dir)?;
    // read_manifest has just read it; a failure here is a race, and only costs the
    // line numbers in a later error.
    let lines = std::fs::read_to_string(dir.join(corpus::MANIFEST))
        .map(|t| corpus::exact_rank_lines(&t))
        .unwrap_or_default();
    let lines: Vec<Option<usize>> = if lines.len() == entries.len() {
        lines.into_iter().map(Some).collect()
    } else {
        vec![None; entries.len()]
    };
    let routine_timeout = std::time::Duration::from_secs_f64(args.routine_timeout);
    let template = args
        .routine
        .as_deref()
        .map(routine::split_command)
        .transpose()?;
    let allow = match &args.allow {
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .map_err(|e| Error::Invalid(format!("{}: cannot read: {e}", p.display())))?;
            AllowList::parse(&text, &p.display().to_string())?
        }
        None => AllowList::default(),
    };
    let total: usize = entries.iter().map(|e| e.files.len()).sum();
    let bar = progress(total);
    let mut outcomes = Vec::new();
    for (e, line) in entries.iter().zip(&lines) {
        let exact = if args.trust_manifest {
            ExactRank {
                rank: e.exact_rank,
                exact: true,
                how: "from the corpus manifest (--trust-manifest)".into(),
            }
        } else {
            bar.set_message(format!("exact rank of {}", e.name));
            let r = corpus::recompute_rank(dir, e, *line)?;
            ExactRank {
                rank: r.rank,
                exact: true,
                how: format!(
                    "recomputed: {} ({}), matches the manifest",
                    r.method.name(),
                    r.certainty.label()
                ),
            }
        };
        // All files of an entry hold the same matrix; the conventions are computed once,
        // from the file exrank reads itself (`.npy` when present).
        let source = e
            .files
            .iter()
            .find(|f| f.ends_with(".npy"))
            .unwrap_or(&e.files[0]);
        let source_path = dir.join(source);
        let float = corpus::read_float(&source_path.to_string_lossy())?;
        if (float.rows, float.cols) != (e.rows, e.cols) {
            // The manifest's rank belongs to the shape it states; a file of another shape
            // is another matrix, and judging a routine against that rank would be wrong.
            return Err(Error::Invalid(format!(
                "{}: holds a {}x{} matrix, but {} says `{}` is {}x{}",
                source_path.display(),
                float.rows,
                float.cols,
                dir.join(corpus::MANIFEST).display(),
                e.name,
                e.rows,
                e.cols
            )));
        }
        let conventions = compare_with_rank(&e.name, exact, &float, opts)?;
        for f in &e.files {
            bar.set_message(f.clone());
            let path = dir.join(f);
            let answer = match &template {
                Some(t) => routine::run_with_timeout(t, &path.to_string_lossy(), routine_timeout),
                None => Err("no routine given".into()),
            };
            let agrees = answer.as_ref().ok() == Some(&e.exact_rank);
            let allowed = !agrees && allow.allows(f, answer.as_ref().ok().copied());
            outcomes.push(Outcome {
                file: f.clone(),
                entry: e.clone(),
                conventions: conventions.clone(),
                answer,
                allowed,
            });
            bar.inc(1);
        }
    }
    bar.finish_and_clear();
    let has_routine = template.is_some();
    let failing = outcomes
        .iter()
        .filter(|o| {
            has_routine && o.answer.as_ref().ok() != Some(&o.entry.exact_rank) && !o.allowed
        })
        .count();
    if args.json {
        let v: Vec<_> = outcomes
            .iter()
            .map(|o| {
                let mut conv = serde_json::Map::new();
                for r in &o.conventions.rules {
                    conv.insert(r.rule.key().into(), serde_json::json!(r.rank));
                }
                serde_json::json!({
                    "file": o.file,
                    "family": o.entry.family,
                    "rows": o.entry.rows,
                    "cols": o.entry.cols,
                    "exact_rank": o.entry.exact_rank,
                    "routine_rank": o.answer.as_ref().ok(),
                    "routine_error": o.answer.as_ref().err(),
                    "agrees": o.answer.as_ref().ok() == Some(&o.entry.exact_rank),
                    "allowed": o.allowed,
                    "conventions": conv,
                })
            })
            .collect();
        println!(
            "{}",
            serde_json::json!({
                "exact_rank_source": rank_source(args.trust_manifest),
                "files": v,
                "unallowed_disagreements": failing,
            })
        );
    } else {
        let keys: Vec<&str> = opts.rules().iter().map(|r| r.key()).collect();
        println!("exact ranks: {}", rank_source(args.trust_manifest));
        print!(
            "{:<26} {:>9} {:>6} {:>8}",
            "file", "shape", "exact", "routine"
        );
        for k in &keys {
            print!(" {k:>8}");
        }
        println!("  status");
        for o in &outcomes {
            let ans = match &o.answer {
                Ok(r) => r.to_string(),
                Err(_) if !has_routine => "-".into(),
                Err(_) => "failed".into(),
            };
            print!(
                "{:<26} {:>9} {:>6} {:>8}",
                o.file,
                format!("{}x{}", o.entry.rows, o.entry.cols),
                o.entry.exact_rank,
                ans
            );
            for r in &o.conventions.rules {
                print!(" {:>8}", r.rank);
            }
            let status = match &o.answer {
                _ if !has_routine => String::new(),
                Ok(r) if *r == o.entry.exact_rank => "ok".into(),
                Ok(_) if o.allowed => "DISAGREES (allowed)".into(),
                Ok(_) => "DISAGREES".into(),
                Err(e) if o.allowed => format!("FAILED (allowed): {e}"),
                Err(e) => format!("FAILED: {e}"),
            };
            println!("  {status}");
        }
        if has_routine {
            let same_as = |key: &str| {
                outcomes
                    .iter()
                    .filter(|o| {
                        o.conventions.rule(key).map(|r| r.rank) == o.answer.as_ref().ok().copied()
                    })
                    .count()
            };
            let agree = outcomes
                .iter()
                .filter(|o| o.answer.as_ref().ok() == Some(&o.entry.exact_rank))
                .count();
            let allowed = outcomes.iter().filter(|o| o.allowed).count();
            println!(
                "{} files: {agree} agree with the exact rank, {} disagree ({allowed} allowed, {failing} not)",
                outcomes.len(),
                outcomes.len() - agree
            );
            let conv: Vec<String> = keys
                .iter()
                .map(|k| format!("{k} {}/{}", same_as(k), outcomes.len()))
                .collect();
            println!("routine matches the conventions: {}", conv.join(", "));
        }
    }
    Ok(if failing > 0 {
        super::EXIT_NEGATIVE
    } else {
        super::EXIT_OK
    })
}
