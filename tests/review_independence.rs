//! The minors module's determinant is documented as independent of the engines it is
//! used to check (Bareiss, the modular engine, the certificate code): the pivot route's
//! double check and the exhaustive oracle mean nothing otherwise. This backs that claim
//! by reading the source, as tests/cert_independence.rs does for the verifier.

#[test]
fn the_minors_determinant_uses_no_engine_it_checks() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/minors/determinant.rs");
    let src = std::fs::read_to_string(&path).unwrap();
    let mut code_lines = 0;
    // The unit tests below `#[cfg(test)]` may use anything.
    let body = src.split("#[cfg(test)]").next().unwrap();
    for (ln, line) in body.lines().enumerate() {
        let code = line.split("//").next().unwrap();
        if code.trim().is_empty() {
            continue;
        }
        code_lines += 1;
        for forbidden in [
            "bareiss::",
            "modular::",
            "crate::cert",
            "crate::rank",
            "super::",
        ] {
            assert!(
                !code.contains(forbidden),
                "{}:{}: the determinant must not use `{forbidden}`: {line}",
                path.display(),
                ln + 1
            );
        }
    }
    assert!(
        code_lines > 50,
        "read only {code_lines} lines of code: wrong file?"
    );
}
