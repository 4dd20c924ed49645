//! Which reader a file needs. Content decides; the file name is only a hint for inputs
//! whose content does not say (a `.mtx` without its banner goes to the Matrix Market
//! reader, which then explains what is missing, rather than to the text reader).
//!
//! Order: `%%MatrixMarket` banner → Matrix Market; `\x93NUMPY` magic → `.npy`; a first
//! non-blank line shaped `rows cols M` → SMS; then the extension (`.mtx`/`.mm`, `.sms`,
//! `.npy`, anything else); otherwise plain text.

use super::lines::{is_blank, numbered};
use super::sms;

/// A matrix file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Matrix Market (`array` or `coordinate`).
    MatrixMarket,
    /// SMS (`rows cols M`, `i j v` triples, `0 0 0`).
    Sms,
    /// NumPy `.npy`.
    Npy,
    /// Plain text / CSV.
    Text,
}

/// The format of `bytes`; `hint` is a file name or path whose extension is used only when
/// the content is not decisive.
///
/// ```
/// use exrank::io::detect::{detect, Format};
/// assert_eq!(detect(b"%%MatrixMarket matrix array integer general\n1 1\n5\n", None), Format::MatrixMarket);
/// assert_eq!(detect(b"2 2 M\n0 0 0\n", None), Format::Sms);
/// assert_eq!(detect(b"1 2\n3 4\n", Some("a.txt")), Format::Text);
/// assert_eq!(detect(b"1 2\n3 4\n", Some("a.mtx")), Format::MatrixMarket);
/// ```
pub fn detect(bytes: &[u8], hint: Option<&str>) -> Format {
    let start = skip_bom(bytes);
    if start.len() >= 14 && start[..14].eq_ignore_ascii_case(b"%%MatrixMarket") {
        return Format::MatrixMarket;
    }
    if bytes.starts_with(b"\x93NUMPY") {
        return Format::Npy;
    }
    let first = numbered(start).map(|(_, l)| l).find(|l| !is_blank(l));
    if first.is_some_and(sms::looks_like_header) {
        return Format::Sms;
    }
    match hint.and_then(extension).as_deref() {
        Some("mtx" | "mm") => Format::MatrixMarket,
        Some("sms") => Format::Sms,
        Some("npy") => Format::Npy,
        _ => Format::Text,
    }
}

/// Drops a UTF-8 byte-order mark, which some editors write.
pub(crate) fn skip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

fn extension(name: &str) -> Option<String> {
    let base = name.rsplit(['/', '\\']).next()?;
    let (_, ext) = base.rsplit_once('.')?;
    Some(ext.to_ascii_lowercase())
}
