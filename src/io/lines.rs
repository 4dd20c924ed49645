//! Line and token splitting on bytes, shared by the text readers. Lines end at `\n`; a
//! trailing `\r` is dropped so files written on Windows read the same.

/// The lines of `bytes` with their 1-based numbers, `\r\n` or `\n` terminated.
pub(crate) fn numbered(bytes: &[u8]) -> impl Iterator<Item = (usize, &[u8])> {
    let body = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    let empty = bytes.is_empty();
    body.split(|&b| b == b'\n')
        .filter(move |_| !empty)
        .enumerate()
        .map(|(k, line)| (k + 1, line.strip_suffix(b"\r").unwrap_or(line)))
}

/// The whitespace-separated tokens of a line.
pub(crate) fn tokens(line: &[u8]) -> impl Iterator<Item = &[u8]> {
    line.split(|b| b.is_ascii_whitespace())
        .filter(|t| !t.is_empty())
}

/// True when the line holds only whitespace.
pub(crate) fn is_blank(line: &[u8]) -> bool {
    line.iter().all(u8::is_ascii_whitespace)
}

/// The number of the last line (at least 1), where "input ends early" errors point.
pub(crate) fn last_line(bytes: &[u8]) -> usize {
    numbered(bytes).last().map_or(1, |(k, _)| k)
}

/// The first `N` tokens of a line and the total number of tokens, without allocating
/// (the per-entry path of the coordinate readers).
pub(crate) fn first_tokens<const N: usize>(line: &[u8]) -> ([&[u8]; N], usize) {
    let mut out: [&[u8]; N] = [&[]; N];
    let mut count = 0;
    for t in tokens(line) {
        if count < N {
            out[count] = t;
        }
        count += 1;
    }
    (out, count)
}

/// The offset in `bytes` just past `line` and its `\n` (`line` is a subslice of `bytes`,
/// as [`numbered`] yields them): where the body after a header line starts.
pub(crate) fn offset_after(bytes: &[u8], line: &[u8]) -> usize {
    let end = line.as_ptr() as usize - bytes.as_ptr() as usize + line.len();
    match bytes[end..].iter().position(|&b| b == b'\n') {
        Some(k) => end + k + 1,
        None => bytes.len(),
    }
}
