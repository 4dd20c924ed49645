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

/// Parses the command line, runs the subcommand and returns the exit code.
pub fn main() -> i32 {
    let cli = Cli::parse();
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
