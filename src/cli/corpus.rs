//! `exrank corpus --out DIR`: writes matrices with known exact rank (Matrix Market and
//! `.npy`) and `manifest.json`, a test oracle for float rank routines.

use crate::error::Result;
use crate::float::corpus;
use std::path::PathBuf;

/// Arguments of `exrank corpus`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The directory to write (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

/// Runs `exrank corpus`.
///
/// ```
/// let out = std::env::temp_dir().join("exrank-doc-corpus-run");
/// assert_eq!(exrank::cli::corpus::run(exrank::cli::corpus::Args { out: out.clone() }).unwrap(), 0);
/// assert!(out.join("manifest.json").exists() && out.join("hilbert-15-f64.npy").exists());
/// ```
pub fn run(args: Args) -> Result<i32> {
    let entries = corpus::write(&args.out, &corpus::default_cases())?;
    let files: usize = entries.iter().map(|e| e.files.len()).sum();
    println!(
        "wrote {} matrices ({files} files) and {} to {}",
        entries.len(),
        corpus::MANIFEST,
        args.out.display()
    );
    Ok(super::EXIT_OK)
}
