//! `exrank certify` and `exrank verify` through the binary: exit 0 with `certified rank
//! R`, exit 1 with `rejected: REASON`, exit 2 with `FILE:LINE: problem`.

use std::path::PathBuf;
use std::process::{Command, Output};

fn exrank(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_exrank"))
        .args(args)
        .output()
        .expect("run exrank")
}

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("exrank-cert-cli-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Writes the seed's 4×4 matrix (1..16 column by column, rank 2) and returns its path.
fn seed_matrix(dir: &std::path::Path) -> String {
    let p = dir.join("seed.txt");
    std::fs::write(&p, "1 5 9 13\n2 6 10 14\n3 7 11 15\n4 8 12 16\n").unwrap();
    p.to_str().unwrap().to_string()
}

#[test]
fn certify_then_verify_exits_zero_on_both_routes() {
    let dir = scratch("ok");
    let m = seed_matrix(&dir);
    for route in ["auto", "kernel", "primes"] {
        let c = dir.join(format!("{route}.cert"));
        let c = c.to_str().unwrap();
        let out = exrank(&["certify", &m, "-o", c, "--upper", route]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let out = exrank(&["verify", &m, c]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        assert_eq!(text(&out.stdout), "certified rank 2\n");
    }
    // Without -o the certificate goes to standard output, identical to the file.
    let out = exrank(&["certify", &m, "--upper", "kernel"]);
    assert_eq!(out.status.code(), Some(0));
    let file = std::fs::read(dir.join("kernel.cert")).unwrap();
    assert_eq!(out.stdout, file);
}

#[test]
fn tampered_certificate_exits_one_with_a_reason() {
    let dir = scratch("tamper");
    let m = seed_matrix(&dir);
    let c = dir.join("k.cert");
    let c = c.to_str().unwrap();
    assert_eq!(
        exrank(&["certify", &m, "-o", c, "--upper", "kernel"])
            .status
            .code(),
        Some(0)
    );
    let good = std::fs::read_to_string(c).unwrap();
    // Flip the first entry of the first kernel vector (a column of J: not the identity block).
    let mut flipped = false;
    let bad: String = good
        .lines()
        .map(|l| match l.strip_prefix("kernel ") {
            Some(rest) if !flipped => {
                flipped = true;
                let mut v: Vec<i64> = rest.split(' ').map(|x| x.parse().unwrap()).collect();
                v[0] += 1;
                let v: Vec<String> = v.iter().map(|x| x.to_string()).collect();
                format!("kernel {}\n", v.join(" "))
            }
            _ => format!("{l}\n"),
        })
        .collect();
    let t = dir.join("bad.cert");
    std::fs::write(&t, bad).unwrap();
    let out = exrank(&["verify", &m, t.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let s = text(&out.stdout);
    assert!(
        s.starts_with("rejected: kernel vector 0 not annihilated"),
        "{s}"
    );
    // The certificate against another matrix of the same shape.
    let other = dir.join("other.txt");
    std::fs::write(&other, "1 5 9 13\n2 6 10 14\n3 7 11 15\n4 8 12 17\n").unwrap();
    let out = exrank(&["verify", other.to_str().unwrap(), c]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).starts_with("rejected: fingerprint mismatch"));
}

#[test]
fn malformed_certificate_exits_two_naming_file_and_line() {
    let dir = scratch("parse");
    let m = seed_matrix(&dir);
    let c = dir.join("p.cert");
    let c = c.to_str().unwrap();
    assert_eq!(exrank(&["certify", &m, "-o", c]).status.code(), Some(0));
    let good = std::fs::read_to_string(c).unwrap();
    let line = good.lines().position(|l| l.starts_with("minor ")).unwrap() + 1;
    let t = dir.join("broken.cert");
    std::fs::write(&t, good.replace("minor -4", "minor -4x")).unwrap();
    let t = t.to_str().unwrap();
    let out = exrank(&["verify", &m, t]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains(&format!("{t}:{line}:")), "{err}");
    // A missing certificate file is an error too, not a verdict.
    let out = exrank(&["verify", &m, dir.join("nope.cert").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
}
