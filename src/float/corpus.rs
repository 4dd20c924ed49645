//! A regression corpus: matrices with known exact rank written as Matrix Market and
//! NumPy `.npy`, plus `manifest.json` saying, per matrix, its shape, exact rank, family
//! and files. The exact rank is of what the *file stores* (computed, never assumed).

use super::exact::exact_rank;
use super::families::{Case, Family};
use super::F64Matrix;
use crate::error::{Error, Result};
use crate::io;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The manifest's file name inside a corpus directory.
pub const MANIFEST: &str = "manifest.json";

/// One matrix of the corpus.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Base name (files are `NAME.mtx` / `NAME.npy`).
    pub name: String,
    /// The family it came from.
    pub family: String,
    /// The family's size parameter.
    pub n: usize,
    /// Rows.
    pub rows: usize,
    /// Columns.
    pub cols: usize,
    /// The exact rank over Q of the stored matrix.
    pub exact_rank: usize,
    /// `int64` (the files hold the exact integer matrix) or `float64` (the `.npy` holds
    /// float64 values; their exact dyadic values have rank `exact_rank`).
    pub dtype: String,
    /// The files holding this matrix, relative to the corpus directory; all hold the same
    /// matrix.
    pub files: Vec<String>,
}

/// The default corpus: every family at a few modest sizes, plus the float64 Hilbert
/// matrices a NumPy user would hold (the LoRA family is left out: its 768×768 case is
/// large and its small cases tell nothing new).
///
/// ```
/// let cases = exrank::float::corpus::default_cases();
/// assert!(cases.iter().any(|c| c.name == "hilbert-15"));
/// ```
pub fn default_cases() -> Vec<Case> {
    let sizes: &[(Family, &[usize])] = &[
        (Family::Consecutive, &[3, 4, 5, 8, 12]),
        (Family::Magic, &[3, 4, 5, 6, 8, 10, 12]),
        (Family::Hilbert, &[4, 8, 12, 15]),
        (Family::Pascal, &[5, 10, 15]),
        (Family::Vandermonde, &[5, 8, 12]),
        (Family::Lauchli, &[3, 5]),
        (Family::LowRank, &[6, 10, 20]),
        (Family::RandRank, &[6, 10, 16]),
    ];
    sizes
        .iter()
        .flat_map(|(f, ns)| ns.iter().flat_map(move |&n| f.cases(n)))
        .collect()
}

fn io_err(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |e| Error::Io(format!("{}: {e}", path.display()))
}

/// Writes `cases` into `dir` (created if missing) and the manifest; returns the entries.
/// A case whose exact integers fit in i64 is written as `.mtx` and `<i8` `.npy` (the same
/// matrix); otherwise as `.mtx` only. Hilbert cases also get `NAME-f64.npy`, the float64
/// matrix itself, whose stored values have their own exact rank.
///
/// # Errors
/// A file cannot be written.
///
/// ```
/// let dir = std::env::temp_dir().join("exrank-doc-corpus");
/// let cases = exrank::float::Family::Consecutive.cases(4);
/// let entries = exrank::float::corpus::write(&dir, &cases).unwrap();
/// assert_eq!((entries[0].exact_rank, entries[0].files.len()), (2, 2));
/// assert!(dir.join("manifest.json").exists());
/// ```
pub fn write(dir: &Path, cases: &[Case]) -> Result<Vec<Entry>> {
    std::fs::create_dir_all(dir).map_err(io_err(dir))?;
    let mut entries = Vec::new();
    for c in cases {
        let a = &c.exact;
        let mtx = format!("{}.mtx", c.name);
        let path = dir.join(&mtx);
        let mut out = Vec::new();
        io::write::matrix_market_array(&mut out, a).map_err(io_err(&path))?;
        std::fs::write(&path, out).map_err(io_err(&path))?;
        let mut files = vec![mtx];
        let small: Option<Vec<i64>> = a.as_slice().iter().map(|x| x.to_i64()).collect();
        if let Some(v) = small {
            let npy = format!("{}.npy", c.name);
            let path = dir.join(&npy);
            let mut out = Vec::new();
            io::npy::write_i64(&mut out, a.rows(), a.cols(), &v).map_err(io_err(&path))?;
            std::fs::write(&path, out).map_err(io_err(&path))?;
            files.push(npy);
        }
        entries.push(Entry {
            name: c.name.clone(),
            family: c.family.to_string(),
            n: c.n,
            rows: a.rows(),
            cols: a.cols(),
            exact_rank: exact_rank(a).rank,
            dtype: "int64".into(),
            files,
        });
        if c.family == "hilbert" {
            let name = format!("{}-f64", c.name);
            let npy = format!("{name}.npy");
            let path = dir.join(&npy);
            let f = &c.float;
            let mut out = Vec::new();
            io::npy::write_f64(&mut out, f.rows, f.cols, &f.data).map_err(io_err(&path))?;
            std::fs::write(&path, out).map_err(io_err(&path))?;
            entries.push(Entry {
                name,
                family: c.family.to_string(),
                n: c.n,
                rows: f.rows,
                cols: f.cols,
                exact_rank: exact_rank(&f.to_exact_zmatrix()).rank,
                dtype: "float64".into(),
                files: vec![npy],
            });
        }
    }
    let manifest = serde_json::json!({ "generator": "exrank corpus", "matrices": entries });
    let path = dir.join(MANIFEST);
    std::fs::write(
        &path,
        serde_json::to_string_pretty(&manifest).expect("serialisable") + "\n",
    )
    .map_err(io_err(&path))?;
    Ok(entries)
}

/// Reads `DIR/manifest.json`.
///
/// # Errors
/// A missing or malformed manifest.
///
/// ```
/// let dir = std::env::temp_dir().join("exrank-doc-manifest");
/// exrank::float::corpus::write(&dir, &exrank::float::Family::Pascal.cases(3)).unwrap();
/// assert_eq!(exrank::float::corpus::read_manifest(&dir).unwrap()[0].exact_rank, 3);
/// ```
pub fn read_manifest(dir: &Path) -> Result<Vec<Entry>> {
    let path = dir.join(MANIFEST);
    let text = std::fs::read_to_string(&path).map_err(|e| {
        Error::Invalid(format!(
            "{}: cannot read the corpus manifest ({e}); write one with `exrank corpus --out DIR`",
            path.display()
        ))
    })?;
    #[derive(Deserialize)]
    struct Manifest {
        matrices: Vec<Entry>,
    }
    let m: Manifest = serde_json::from_str(&text)
        .map_err(|e| Error::Invalid(format!("{}: malformed manifest: {e}", path.display())))?;
    // What later code indexes or compares against must hold: an entry with no file used
    // to panic (`files[0]`), and a rank above min(rows, cols) cannot be a rank.
    for e in &m.matrices {
        let problem = if e.files.is_empty() {
            Some("lists no files".to_string())
        } else if e.exact_rank > e.rows.min(e.cols) {
            Some(format!(
                "claims rank {} for a {}x{} matrix",
                e.exact_rank, e.rows, e.cols
            ))
        } else {
            None
        };
        if let Some(p) = problem {
            return Err(Error::Invalid(format!(
                "{}: malformed manifest: matrix `{}` {p}",
                path.display(),
                e.name
            )));
        }
    }
    Ok(m.matrices)
}

/// The 1-based line of each `"exact_rank"` key in a manifest's text, in order: one per
/// entry for a manifest `exrank corpus` wrote (or any JSON with one such key per
/// matrix), so an error about an entry's rank can name the line to look at.
///
/// ```
/// let text = "{\"matrices\": [\n {\"exact_rank\": 2},\n {\"name\": \"exact_rank\",\n  \"exact_rank\" : 3}]}";
/// assert_eq!(exrank::float::corpus::exact_rank_lines(text), vec![2, 4]);
/// ```
pub fn exact_rank_lines(text: &str) -> Vec<usize> {
    const KEY: &str = "\"exact_rank\"";
    let mut lines = Vec::new();
    let mut from = 0;
    while let Some(k) = text[from..].find(KEY) {
        let at = from + k;
        from = at + KEY.len();
        // A key is followed by a colon; the same word as a string value is not.
        if text[from..].trim_start().starts_with(':') {
            lines.push(text[..at].matches('\n').count() + 1);
        }
    }
    lines
}

/// Recomputes the exact rank of every file of `entry` (under `dir`) with the library's
/// certified rank ([`crate::rank::rank`]) and checks it against the manifest: the
/// manifest is input, and a corpus whose ranks were edited or whose files were swapped
/// must not pass as an oracle. `manifest_line` (from [`exact_rank_lines`]) is named in
/// the error.
///
/// # Errors
/// A file that cannot be read, has another shape than the manifest says, or whose rank
/// differs from the manifest's (the message names the file, the manifest line and both
/// ranks).
///
/// ```
/// let dir = std::env::temp_dir().join("exrank-doc-recompute");
/// let entries = exrank::float::corpus::write(&dir, &exrank::float::Family::Magic.cases(4)).unwrap();
/// let r = exrank::float::corpus::recompute_rank(&dir, &entries[0], None).unwrap();
/// assert_eq!((r.rank, r.certainty.label()), (3, "certified"));
/// let mut lie = entries[0].clone();
/// lie.exact_rank = 4;
/// let e = exrank::float::corpus::recompute_rank(&dir, &lie, Some(12)).unwrap_err();
/// assert!(e.to_string().contains("manifest.json:12"));
/// ```
pub fn recompute_rank(
    dir: &Path,
    entry: &Entry,
    manifest_line: Option<usize>,
) -> Result<crate::RankResult> {
    let manifest = dir.join(MANIFEST);
    let at = match manifest_line {
        Some(l) => format!("{}:{l}", manifest.display()),
        None => manifest.display().to_string(),
    };
    let mut result = None;
    for f in &entry.files {
        let path = dir.join(f);
        let shown = path.to_string_lossy();
        let parsed = read_matrix(&shown)?;
        if (parsed.rows, parsed.cols) != (entry.rows, entry.cols) {
            return Err(Error::Invalid(format!(
                "{shown}: holds a {}x{} matrix, but {at} says `{}` is {}x{}",
                parsed.rows, parsed.cols, entry.name, entry.rows, entry.cols
            )));
        }
        let z = parsed
            .to_zmatrix_checked(io::DEFAULT_MAX_DENSE_ENTRIES)
            .map_err(|e| Error::Invalid(format!("{shown}: {e}")))?;
        let r = crate::rank::rank(&z);
        if r.rank != entry.exact_rank {
            return Err(Error::Invalid(format!(
                "{shown}: exact rank {} ({}, {}), but {at} says `{}` has rank {}",
                r.rank,
                r.method.name(),
                r.certainty.label(),
                entry.name,
                entry.exact_rank
            )));
        }
        result = Some(r);
    }
    result.ok_or_else(|| {
        Error::Invalid(format!(
            "{at}: malformed manifest: matrix `{}` lists no files",
            entry.name
        ))
    })
}

/// Reads a matrix file as exact entries: `.npy` by its own reader, anything else by
/// [`crate::io::read_path`].
///
/// # Errors
/// The file is unreadable or malformed (the error names it).
///
/// ```
/// let path = std::env::temp_dir().join("exrank-doc-read.npy");
/// let mut out = Vec::new();
/// exrank::io::npy::write_f64(&mut out, 1, 2, &[0.5, 2.0]).unwrap();
/// std::fs::write(&path, out).unwrap();
/// let p = exrank::float::corpus::read_matrix(path.to_str().unwrap()).unwrap();
/// assert_eq!(exrank::float::F64Matrix::from_parsed(&p).data, vec![0.5, 2.0]);
/// ```
pub fn read_matrix(path: &str) -> Result<io::Parsed> {
    if path.ends_with(".npy") {
        let bytes = std::fs::read(path).map_err(|e| {
            crate::error::ParseError::new(0, crate::ParseErrorKind::Io, format!("cannot read: {e}"))
                .in_file(path)
        })?;
        Ok(io::npy::read(&bytes).map_err(|e| e.in_file(path))?)
    } else {
        Ok(io::read_path(path)?)
    }
}

/// The float image of a file's matrix (see [`read_matrix`]).
///
/// # Errors
/// As [`read_matrix`].
///
/// ```
/// let path = std::env::temp_dir().join("exrank-doc-float.npy");
/// let mut out = Vec::new();
/// exrank::io::npy::write_i64(&mut out, 1, 1, &[7]).unwrap();
/// std::fs::write(&path, out).unwrap();
/// assert_eq!(exrank::float::corpus::read_float(path.to_str().unwrap()).unwrap().data, vec![7.0]);
/// ```
pub fn read_float(path: &str) -> Result<F64Matrix> {
    Ok(F64Matrix::from_parsed(&read_matrix(path)?))
}
