//! `exrank verify FILE CERT`: re-checks a certificate against the matrix, independently
//! of the code that made it. Prints `certified rank R` (exit 0) or `rejected: REASON`
//! (exit 1); a malformed certificate or matrix is an error naming file and line (exit 2).

use crate::cert::{self, Verdict, VerifyParams};
use crate::error::{Error, ParseError, ParseErrorKind, Result};
use crate::io;

/// Arguments of `exrank verify`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Matrix file; `-` for standard input.
    pub file: String,
    /// Certificate file written by `exrank certify`.
    pub cert: String,
    /// Check the rank only: skip re-deriving the exact minor value (it is still checked
    /// nonzero, and consistent, modulo minor-prime). Much cheaper on large minors.
    #[arg(long)]
    pub rank_only: bool,
}

/// Runs `exrank verify`: 0 when certified, 1 when rejected, an error (exit 2) when the
/// matrix or the certificate cannot be read.
///
/// ```
/// use exrank::{cert, cli::verify::{run, Args}, ZMatrix};
/// let dir = std::env::temp_dir().join(format!("exrank-doc-verify-{}", std::process::id()));
/// std::fs::create_dir_all(&dir).unwrap();
/// std::fs::write(dir.join("m.txt"), "1 2\n2 4\n").unwrap();
/// let a = ZMatrix::from_i64_rows(&[vec![1, 2], vec![2, 4]]).unwrap();
/// let mut c = cert::build(&a, &cert::CertParams::default()).unwrap();
/// let path = |f: &str| dir.join(f).to_str().unwrap().to_string();
/// std::fs::write(path("good.cert"), cert::format::write(&c)).unwrap();
/// c.minor += 1;
/// std::fs::write(path("bad.cert"), cert::format::write(&c)).unwrap();
/// let args = |f: &str| Args { file: path("m.txt"), cert: path(f), rank_only: false };
/// assert_eq!(run(args("good.cert")).unwrap(), 0);
/// assert_eq!(run(args("bad.cert")).unwrap(), 1);
/// assert!(run(args("missing.cert")).is_err());
/// ```
pub fn run(args: Args) -> Result<i32> {
    let a = io::read_path(&args.file)?.to_zmatrix_checked(io::DEFAULT_MAX_DENSE_ENTRIES)?;
    let bytes = std::fs::read(&args.cert).map_err(|e| {
        ParseError::new(0, ParseErrorKind::Io, format!("cannot read: {e}")).in_file(&args.cert)
    })?;
    let text = std::str::from_utf8(&bytes).map_err(|_| {
        Error::from(
            ParseError::new(
                0,
                ParseErrorKind::BadHeader,
                "certificate is not UTF-8 text",
            )
            .in_file(&args.cert),
        )
    })?;
    let c = cert::format::parse(text).map_err(|e| e.in_file(&args.cert))?;
    let params = VerifyParams {
        minor_value: !args.rank_only,
    };
    match cert::verify_with(&a, &c, &params) {
        Verdict::Certified(r) => {
            println!("certified rank {r}");
            Ok(super::EXIT_OK)
        }
        Verdict::Rejected(why) => {
            println!("rejected: {why}");
            Ok(super::EXIT_NEGATIVE)
        }
    }
}
