//! `exrank minor`: placeholder until its issue lands; reports an error (exit 2).

use crate::error::{Error, Result};

/// Arguments of `exrank minor`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Arguments (none are accepted yet).
    #[arg(trailing_var_arg = true, allow_hyphen_values = true, hide = true)]
    pub rest: Vec<String>,
}

/// Runs `exrank minor`.
pub fn run(_args: Args) -> Result<i32> {
    Err(Error::Invalid(
        "`exrank minor` is not available in this build yet".into(),
    ))
}
