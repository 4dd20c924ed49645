#![no_main]
// The text reader on arbitrary bytes; see common.rs for the checks.
use libfuzzer_sys::fuzz_target;
mod common;

fuzz_target!(|data: &[u8]| {
    common::check(exrank::io::text::read(data));
});
