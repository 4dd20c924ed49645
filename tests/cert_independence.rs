//! The verifier must share no code with the producer beyond the certificate type, its
//! format (fingerprint included) and the matrix type (third-party crates such as GMP and
//! rayon are fine). This reads the verifier's sources and fails if they reach for the
//! producer, Bareiss or the modular engine.

use std::path::Path;

#[test]
fn verifier_sources_use_only_the_certificate_format_and_the_matrix_type() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/cert/verify");
    let mut files = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let src = std::fs::read_to_string(&path).unwrap();
        files += 1;
        for (ln, line) in src.lines().enumerate() {
            let code = line.split("//").next().unwrap();
            for forbidden in [
                "bareiss",
                "modular",
                "build::",
                "crate::rank",
                "crate::minors",
                "crate::cert",
                "super::super",
            ] {
                assert!(
                    !code.contains(forbidden),
                    "{}:{}: the verifier must not use `{forbidden}`: {line}",
                    path.display(),
                    ln + 1
                );
            }
            if let Some(rest) = code.trim_start().strip_prefix("use ") {
                let allowed = [
                    "super::certificate::",
                    "super::fingerprint::",
                    "crate::ZMatrix",
                    "rug::",
                    "rayon::",
                    "faer::",
                    "std::",
                    "super::exact::",
                    "exact::",
                    "super::*",
                    "Rejection::*",
                ];
                assert!(
                    allowed.iter().any(|a| rest.starts_with(a)),
                    "{}:{}: unexpected import `{rest}`",
                    path.display(),
                    ln + 1
                );
            }
        }
    }
    assert_eq!(files, 4, "mod.rs, modp.rs, hadamard.rs, exact.rs");
}
