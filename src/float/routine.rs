//! Running someone else's float rank routine: a command template such as
//! `python3 numpy_rank.py {}` is split like a shell would split it (quotes and
//! backslashes, but no expansion and no shell), `{}` becomes the matrix path, and the
//! integer the command prints is its answer.

use crate::error::{Error, Result};
use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Splits `cmd` into words the way a POSIX shell does for plain words, single quotes,
/// double quotes (with `\"`, `\\`, `\$`, `` \` `` escapes) and backslash escapes.
///
/// # Errors
/// An unterminated quote or a trailing backslash, or an empty command.
///
/// ```
/// let w = exrank::float::routine::split_command(r#"python3 "my script.py" --x 'a b' {}"#).unwrap();
/// assert_eq!(w, ["python3", "my script.py", "--x", "a b", "{}"]);
/// assert!(exrank::float::routine::split_command("echo 'oops").is_err());
/// ```
pub fn split_command(cmd: &str) -> Result<Vec<String>> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = cmd.chars();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => cur.push(c),
                        None => return Err(Error::Invalid(format!("unterminated ' in `{cmd}`"))),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(e @ ('"' | '\\' | '$' | '`')) => cur.push(e),
                            Some(e) => {
                                cur.push('\\');
                                cur.push(e);
                            }
                            None => {
                                return Err(Error::Invalid(format!("unterminated \" in `{cmd}`")))
                            }
                        },
                        Some(c) => cur.push(c),
                        None => return Err(Error::Invalid(format!("unterminated \" in `{cmd}`"))),
                    }
                }
            }
            '\\' => {
                in_word = true;
                match chars.next() {
                    Some(e) => cur.push(e),
                    None => return Err(Error::Invalid(format!("trailing backslash in `{cmd}`"))),
                }
            }
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    if words.is_empty() {
        return Err(Error::Invalid("the routine command is empty".into()));
    }
    Ok(words)
}

/// The command for one matrix: every `{}` in every word replaced by `path`; if no word
/// has a `{}`, the path is appended as the last argument.
///
/// ```
/// let t = vec!["rank".to_string(), "--in={}".to_string()];
/// assert_eq!(exrank::float::routine::instantiate(&t, "m.npy"), ["rank", "--in=m.npy"]);
/// assert_eq!(exrank::float::routine::instantiate(&t[..1], "m.npy"), ["rank", "m.npy"]);
/// ```
pub fn instantiate(template: &[String], path: &str) -> Vec<String> {
    let mut words: Vec<String> = template.iter().map(|w| w.replace("{}", path)).collect();
    if !template.iter().any(|w| w.contains("{}")) {
        words.push(path.to_string());
    }
    words
}

/// The rank a routine printed: its last non-empty output line, which must be a
/// non-negative integer (a float such as `4.0` is accepted when integral).
///
/// ```
/// use exrank::float::routine::parse_rank;
/// assert_eq!(parse_rank("loading...\n4\n"), Ok(4));
/// assert!(parse_rank("four").is_err());
/// ```
pub fn parse_rank(stdout: &str) -> std::result::Result<usize, String> {
    let line = stdout
        .lines()
        .map(str::trim)
        .rfind(|l| !l.is_empty())
        .ok_or_else(|| "printed nothing".to_string())?;
    if let Ok(r) = line.parse::<usize>() {
        return Ok(r);
    }
    match line.parse::<f64>() {
        Ok(x) if x >= 0.0 && x.fract() == 0.0 && x < 1e15 => Ok(x as usize),
        _ => Err(format!("last line `{line}` is not a rank")),
    }
}

/// How long a routine may run on one matrix before it is killed and counted as giving
/// no answer (`compare --routine-timeout` overrides it).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(300);

/// Runs the routine on one matrix file and returns the rank it printed, or why there is
/// none (failed to start, nonzero exit, unreadable output, killed after
/// [`DEFAULT_TIMEOUT`]).
///
/// ```
/// // `sh -c SCRIPT PATH` runs SCRIPT with $0 = PATH: a routine that always says 3.
/// let t = exrank::float::routine::split_command("sh -c 'echo 3' {}").unwrap();
/// assert_eq!(exrank::float::routine::run(&t, "m.npy"), Ok(3));
/// let t = exrank::float::routine::split_command("echo 3").unwrap(); // prints "3 m.npy"
/// assert!(exrank::float::routine::run(&t, "m.npy").is_err());
/// ```
pub fn run(template: &[String], path: &str) -> std::result::Result<usize, String> {
    run_with_timeout(template, path, DEFAULT_TIMEOUT)
}

/// [`run`] with an explicit time limit: a routine that hangs is killed when `limit` has
/// passed, so one bad routine cannot stall a whole corpus run.
///
/// ```
/// use std::time::Duration;
/// let t = exrank::float::routine::split_command("sh -c 'sleep 5' {}").unwrap();
/// let err = exrank::float::routine::run_with_timeout(&t, "m.npy", Duration::from_millis(200));
/// assert!(err.unwrap_err().contains("timed out"));
/// ```
pub fn run_with_timeout(
    template: &[String],
    path: &str,
    limit: Duration,
) -> std::result::Result<usize, String> {
    let words = instantiate(template, path);
    let mut child = Command::new(&words[0])
        .args(&words[1..])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run `{}`: {e}", words[0]))?;
    // Drain both pipes on threads so a chatty routine cannot block on a full pipe.
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(mut p) = pipe {
                let _ = p.read_to_end(&mut buf);
            }
            buf
        })
    };
    let out = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let err = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if start.elapsed() >= limit => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "timed out after {:.1} s (killed)",
                    limit.as_secs_f64()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => return Err(format!("cannot wait for `{}`: {e}", words[0])),
        }
    };
    let stdout = out.join().unwrap_or_default();
    let stderr = err.join().unwrap_or_default();
    if !status.success() {
        let err = String::from_utf8_lossy(&stderr);
        return Err(format!(
            "exited with {}: {}",
            status,
            err.lines().last().unwrap_or("").trim()
        ));
    }
    parse_rank(&String::from_utf8_lossy(&stdout))
}

/// Disagreements a maintainer has accepted: one per line, `FILE` (any answer allowed)
/// or `FILE RANK` (that answer allowed); `#` starts a comment.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AllowList {
    entries: Vec<(String, Option<usize>)>,
}

impl AllowList {
    /// Parses the allow-list text; `source` names it in errors.
    ///
    /// # Errors
    /// A line whose second word is not a rank, or with more than two words.
    ///
    /// ```
    /// let a = exrank::float::routine::AllowList::parse("hilbert-15.npy 12  # known\n", "allow").unwrap();
    /// assert!(a.allows("hilbert-15.npy", Some(12)) && !a.allows("hilbert-15.npy", Some(11)));
    /// ```
    pub fn parse(text: &str, source: &str) -> Result<AllowList> {
        let mut entries = Vec::new();
        for (ln, line) in text.lines().enumerate() {
            let words: Vec<&str> = line
                .split('#')
                .next()
                .unwrap_or("")
                .split_whitespace()
                .collect();
            match words.as_slice() {
                [] => {}
                [f] => entries.push((f.to_string(), None)),
                [f, r] => {
                    let r = r.parse().map_err(|_| {
                        Error::Invalid(format!("{source}:{}: `{r}` is not a rank", ln + 1))
                    })?;
                    entries.push((f.to_string(), Some(r)));
                }
                _ => {
                    return Err(Error::Invalid(format!(
                        "{source}:{}: expected `FILE` or `FILE RANK`",
                        ln + 1
                    )))
                }
            }
        }
        Ok(AllowList { entries })
    }

    /// True when `file` answering `answer` (None: the routine failed) is allowed.
    ///
    /// ```
    /// let a = exrank::float::routine::AllowList::parse("x.mtx\n", "allow").unwrap();
    /// assert!(a.allows("x.mtx", None) && !a.allows("y.mtx", Some(1)));
    /// ```
    pub fn allows(&self, file: &str, answer: Option<usize>) -> bool {
        self.entries
            .iter()
            .any(|(f, r)| f == file && (r.is_none() || *r == answer))
    }
}
