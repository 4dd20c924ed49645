#![no_main]
// Detection plus every reader, the .npy one included: the first byte picks a file-name
// hint so the extension paths are exercised too.
use libfuzzer_sys::fuzz_target;
mod common;

const HINTS: [Option<&str>; 6] = [
    None,
    Some("m.mtx"),
    Some("m.sms"),
    Some("m.npy"),
    Some("m.csv"),
    Some("-"),
];

fuzz_target!(|data: &[u8]| {
    let (hint, bytes) = match data.split_first() {
        Some((h, rest)) => (HINTS[*h as usize % HINTS.len()], rest),
        None => (None, data),
    };
    common::check(exrank::io::read_bytes(bytes, hint));
});
