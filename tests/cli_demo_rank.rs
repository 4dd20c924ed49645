//! End-to-end tests through the `exrank` binary: the demo's exact claims and the `rank`
//! command's output contract (first line, JSON keys, exit codes).

use std::io::Write;
use std::process::{Command, Output};

fn exrank(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_exrank"))
        .args(args)
        .output()
        .expect("binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn temp_file(name: &str, body: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("exrank-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::File::create(&path)
        .unwrap()
        .write_all(body.as_bytes())
        .unwrap();
    path
}

#[test]
fn demo_reproduces_the_seed_examples_exactly() {
    let o = exrank(&["demo"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(
        out.contains("[ 1  5  9 13]"),
        "matrix printed column-major filled:\n{out}"
    );
    assert!(out.contains("exact rank 2"), "{out}");
    assert!(
        out.contains("pivot rows [0, 1], pivot columns [0, 1]"),
        "{out}"
    );
    // det [[1, 5], [2, 6]] = 1*6 - 5*2 = -4.
    assert!(out.contains("= -4"), "{out}");
    assert!(
        out.contains("outer product [1,2,3]^T [4,5,6]: rank 1"),
        "{out}"
    );
    assert!(out.contains("3x3 identity: rank 3"), "{out}");
    assert!(out.contains("third row = first + second: rank 2"), "{out}");
}

#[test]
fn rank_prints_rank_first_then_the_details() {
    let f = temp_file("a.txt", "1 5 9 13\n2 6 10 14\n3 7 11 15\n4 8 12 16\n");
    let o = exrank(&["rank", f.to_str().unwrap()]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "rank 2");
    assert!(lines.contains(&"shape 4x4"), "{out}");
    assert!(lines.contains(&"field Q"), "{out}");
    assert!(lines.contains(&"certainty certified"), "{out}");
    assert!(lines.iter().any(|l| l.starts_with("method ")), "{out}");
    assert!(lines.iter().any(|l| l.starts_with("time ")), "{out}");
}

#[test]
fn rank_json_has_the_documented_keys() {
    let f = temp_file("b.txt", "1 2 3\n2 4 6\n");
    let o = exrank(&["rank", "--json", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("one JSON object");
    assert_eq!(v["rank"], 1);
    assert_eq!(v["rows"], 2);
    assert_eq!(v["cols"], 3);
    assert_eq!(v["certainty"], "certified");
    assert_eq!(v["pivot_cols"], serde_json::json!([0]));
    assert_eq!(v["pivot_rows"], serde_json::json!([0]));
    assert!(v["method"].is_string());
    assert!(v["seconds"].as_f64().unwrap() >= 0.0);
}

#[test]
fn rank_mod_p_and_a_composite_modulus() {
    let f = temp_file("c.txt", "3 0\n0 1\n");
    let o = exrank(&["rank", "--json", "--mod", "3", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["rank"], 1);
    assert_eq!(v["field"], "GF(3)");
    let o = exrank(&["rank", "--mod", "4", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not prime"));
}

#[test]
fn errors_exit_2_naming_the_file() {
    let o = exrank(&["rank", "/nonexistent/matrix.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("/nonexistent/matrix.txt"));
    let o = exrank(&["rank", "--method", "magic", "x"]);
    assert_eq!(o.status.code(), Some(2), "a bad option value is an error");
    let o = exrank(&["no-such-command"]);
    assert_eq!(o.status.code(), Some(2));
}

/// A 10⁶ × 10⁶ coordinate file with three entries: the automatic storage choice goes
/// sparse (a dense copy would be 10¹² entries), and forcing dense is refused up front.
#[test]
fn huge_sparse_input_goes_sparse_and_dense_is_refused() {
    let f = temp_file(
        "huge.mtx",
        "%%MatrixMarket matrix coordinate integer general\n1000000 1000000 3\n1 1 5\n2 2 7\n3 1 10\n",
    );
    let path = f.to_str().unwrap();
    let o = exrank(&["rank", "--json", path]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        (v["rank"].as_u64(), v["method"].as_str()),
        (Some(2), Some("sparse"))
    );
    assert_eq!(v["certainty"], "certified");
    // Mod 7 the entry 7 vanishes and row 3 is twice row 1: rank 1.
    let o = exrank(&["rank", "--json", "--mod", "7", path]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["rank"], 1);
    for forced in [
        &["--storage", "dense"][..],
        &["--mod", "7", "--storage", "dense"][..],
    ] {
        let mut args = vec!["rank"];
        args.extend_from_slice(forced);
        args.push(path);
        let o = exrank(&args);
        assert_eq!(
            o.status.code(),
            Some(2),
            "{forced:?} must be refused, not allocated"
        );
        assert!(
            String::from_utf8_lossy(&o.stderr).contains("1000000"),
            "{forced:?}"
        );
    }
    for cmd in ["minor", "certify"] {
        let o = exrank(&[cmd, path]);
        assert_eq!(
            o.status.code(),
            Some(2),
            "`{cmd}` on a 10^12-cell matrix must exit 2"
        );
    }
}

#[test]
fn storage_and_method_must_agree() {
    let f = temp_file("small.txt", "1 2\n3 4\n");
    let path = f.to_str().unwrap();
    let o = exrank(&["rank", "--method", "bareiss", "--storage", "sparse", path]);
    assert_eq!(o.status.code(), Some(2));
    let o = exrank(&["rank", "--method", "sparse", "--storage", "dense", path]);
    assert_eq!(o.status.code(), Some(2));
    // A dense text file forced onto sparse storage gives the same rank as the dense route.
    for storage in ["sparse", "dense"] {
        let o = exrank(&["rank", "--json", "--storage", storage, path]);
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(v["rank"], 2, "storage {storage}");
    }
}
