//! `exrank certify FILE [-o CERT] [--upper auto|kernel|primes]`: writes a certificate
//! for the rank of the matrix in FILE (format: `docs/certificate-format.md`), to CERT or
//! to standard output.

use crate::cert::{self, CertParams, UpperRoute};
use crate::error::{Error, Result};
use crate::io;

/// Arguments of `exrank certify`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Matrix file; `-` for standard input.
    pub file: String,
    /// Where to write the certificate (standard output if absent).
    #[arg(short = 'o', long = "output", value_name = "CERT")]
    pub output: Option<String>,
    /// Upper-bound evidence: auto (the cheaper to verify), kernel, primes.
    #[arg(long, default_value = "auto", value_parser = parse_route)]
    pub upper: UpperRoute,
}

fn parse_route(s: &str) -> std::result::Result<UpperRoute, String> {
    match s {
        "auto" => Ok(UpperRoute::Auto),
        "kernel" => Ok(UpperRoute::Kernel),
        "primes" => Ok(UpperRoute::Primes),
        _ => Err(format!("unknown route `{s}` (auto, kernel, primes)")),
    }
}

/// Runs `exrank certify`: exit 0 with the certificate written, 2 on bad input.
///
/// ```
/// use exrank::cli::certify::{run, Args};
/// let dir = std::env::temp_dir().join(format!("exrank-doc-certify-{}", std::process::id()));
/// std::fs::create_dir_all(&dir).unwrap();
/// std::fs::write(dir.join("m.txt"), "1 2\n2 4\n").unwrap();
/// let cert = dir.join("m.cert");
/// let args = Args {
///     file: dir.join("m.txt").to_str().unwrap().into(),
///     output: Some(cert.to_str().unwrap().into()),
///     upper: exrank::cert::UpperRoute::Kernel,
/// };
/// assert_eq!(run(args).unwrap(), 0);
/// assert!(std::fs::read_to_string(&cert).unwrap().contains("\nrank 1\n"));
/// ```
pub fn run(args: Args) -> Result<i32> {
    let a = io::read_path(&args.file)?.to_zmatrix_checked(io::DEFAULT_MAX_DENSE_ENTRIES)?;
    let c = cert::build(
        &a,
        &CertParams {
            upper: args.upper,
            ..Default::default()
        },
    )?;
    let text = cert::format::write(&c);
    match &args.output {
        Some(path) => {
            std::fs::write(path, text)
                .map_err(|e| Error::Io(format!("{path}: cannot write certificate: {e}")))?;
            eprintln!(
                "wrote {path}: rank {} ({} upper bound)",
                c.rank,
                c.upper.name()
            );
        }
        None => print!("{text}"),
    }
    Ok(super::EXIT_OK)
}
