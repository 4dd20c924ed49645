//! The `exrank` command line: one file per subcommand, each with its `Args` and `run`.
//! Exit codes: 0 success, 1 a negative verdict (certificate rejected, disagreement
//! found), 2 an error (bad input, bad option).

pub mod certify;
pub mod compare;
pub mod corpus;
pub mod demo;
pub mod minor;
pub mod rank;
pub mod verify;

use clap::{Parser, Subcommand};

/// Exit code for success.
pub const EXIT_OK: i32 = 0;
/// Exit code for a negative verdict.
pub const EXIT_NEGATIVE: i32 = 1;
/// Exit code for an error.
pub const EXIT_ERROR: i32 = 2;

/// Exact matrix rank, with proofs.
#[derive(Parser, Debug)]
#[command(name = "exrank", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Exact rank of a matrix file (over Q, or over GF(p) with --mod).
    Rank(rank::Args),
    /// Write a certificate for the rank of a matrix file.
    Certify(certify::Args),
    /// Re-check a certificate against a matrix file, independently.
    Verify(verify::Args),
    /// The largest nonzero minor: size, rows, columns, exact value.
    Minor(minor::Args),
    /// Exact rank against floating-point rank under the common threshold rules.
    Compare(compare::Args),
    /// Write a corpus of matrices with known exact rank.
    Corpus(corpus::Args),
    /// The seeds' worked examples: the 4×4 matrix of 1..16 and friends.
    Demo(demo::Args),
}

/// Parses the process's command line, runs the subcommand and returns the exit code.
///
/// ```no_run
/// std::process::exit(exrank::cli::main());
/// ```
pub fn main() -> i32 {
    run_from(std::env::args_os())
}

/// Runs exrank on an explicit argument list (the first item is the program name) and
/// returns the exit code: 0 success, 1 negative verdict, 2 error (usage errors included).
///
/// ```
/// assert_eq!(exrank::cli::run_from(["exrank", "demo"]), 0);
/// assert_eq!(exrank::cli::run_from(["exrank", "rank", "/no/such/file"]), 2);
/// ```
pub fn run_from<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version are not errors; everything else clap rejects is.
            let code = if e.use_stderr() { EXIT_ERROR } else { EXIT_OK };
            let _ = e.print();
            return code;
        }
    };
    let outcome = match cli.command {
        Command::Rank(a) => rank::run(a),
        Command::Certify(a) => certify::run(a),
        Command::Verify(a) => verify::run(a),
        Command::Minor(a) => minor::run(a),
        Command::Compare(a) => compare::run(a),
        Command::Corpus(a) => corpus::run(a),
        Command::Demo(a) => demo::run(a),
    };
    match outcome {
        Ok(code) => code,
        Err(e) => {
            eprintln!("exrank: error: {e}");
            EXIT_ERROR
        }
    }
}
