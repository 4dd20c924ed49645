//! `exrank compare DIR` does not take the manifest's word for the exact ranks: it
//! recomputes them from the files (certified) and refuses a manifest that disagrees,
//! naming the file and the manifest line (exit 2). `--trust-manifest` skips the check and
//! says that the ranks came from the manifest.

use exrank::float::{corpus, Family};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn exrank(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_exrank"))
        .args(args)
        .output()
        .expect("binary runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A small corpus: the 4×4 consecutive matrix (rank 2), magic(4) (rank 3), Hilbert(6).
fn corpus_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("exrank-manifest-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    let mut cases = Family::Consecutive.cases(4);
    cases.extend(Family::Magic.cases(4));
    cases.extend(Family::Hilbert.cases(6));
    corpus::write(&d, &cases).unwrap();
    d
}

/// Rewrites the `exact_rank` of matrix `name` in the manifest; returns that line (1-based),
/// found here by reading the text line by line (not with the library's helper).
fn tamper_rank(dir: &Path, name: &str, new_rank: usize) -> usize {
    let path = dir.join(corpus::MANIFEST);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let start = lines
        .iter()
        .position(|l| l.contains(&format!("\"name\": \"{name}\"")))
        .expect("entry present");
    // The keys of an entry are written in alphabetical order: `exact_rank` comes before
    // `name` inside the same object, after its opening brace.
    let open = (0..start).rev().find(|&k| lines[k].trim() == "{").unwrap();
    let k = (open..start)
        .find(|&k| lines[k].contains("\"exact_rank\""))
        .expect("the entry has an exact_rank");
    lines[k] = format!("      \"exact_rank\": {new_rank},");
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    k + 1
}

#[test]
fn ranks_are_recomputed_by_default_and_match_an_honest_manifest() {
    let dir = corpus_dir("honest");
    let d = dir.to_str().unwrap();
    let o = exrank(&["compare", d, "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["exact_rank_source"]
        .as_str()
        .unwrap()
        .contains("recomputed"));
    // Each reported rank is the file's rank by fraction-free elimination (a second
    // method: the command used the library's dispatcher).
    for f in v["files"].as_array().unwrap() {
        let name = f["file"].as_str().unwrap();
        let p = corpus::read_matrix(dir.join(name).to_str().unwrap()).unwrap();
        let r = exrank::bareiss::rank(&p.to_zmatrix());
        assert_eq!(f["exact_rank"].as_u64(), Some(r as u64), "{name}");
    }
    let o = exrank(&["compare", d]);
    assert!(
        text(&o.stdout).starts_with("exact ranks: recomputed"),
        "{}",
        text(&o.stdout)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_tampered_rank_is_an_error_naming_file_and_manifest_line() {
    let dir = corpus_dir("tampered");
    let d = dir.to_str().unwrap();
    let line = tamper_rank(&dir, "magic-4", 4);
    for extra in [
        &[][..],
        &["--json"][..],
        &["--routine", "sh -c 'echo 3' {}"][..],
    ] {
        let mut args = vec!["compare", d];
        args.extend_from_slice(extra);
        let o = exrank(&args);
        assert_eq!(o.status.code(), Some(2), "{extra:?}");
        let err = text(&o.stderr);
        assert!(err.contains("magic-4.mtx"), "{err}");
        assert!(
            err.contains(&format!("manifest.json:{line}")),
            "line {line}: {err}"
        );
        assert!(
            err.contains("exact rank 3") && err.contains("rank 4"),
            "{err}"
        );
    }
    // Trusted, the lie goes through, and the output says where the rank came from: a
    // routine answering the true rank 3 is now reported as disagreeing.
    let o = exrank(&["compare", d, "--trust-manifest", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["exact_rank_source"]
        .as_str()
        .unwrap()
        .contains("manifest, not recomputed"));
    let magic: Vec<_> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["file"].as_str().unwrap().starts_with("magic-4"))
        .collect();
    assert!(!magic.is_empty() && magic.iter().all(|f| f["exact_rank"] == 4));
    let o = exrank(&[
        "compare",
        d,
        "--trust-manifest",
        "--routine",
        "sh -c 'echo 3' {}",
    ]);
    let out = text(&o.stdout);
    assert!(
        out.starts_with("exact ranks: taken from the manifest"),
        "{out}"
    );
    assert!(out
        .lines()
        .any(|l| l.starts_with("magic-4.mtx") && l.contains("DISAGREES")));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_swapped_file_is_caught_even_when_the_other_file_matches() {
    // magic-4 has a .mtx and a .npy; replace the .mtx with the 4×4 consecutive matrix
    // (same shape, rank 2): the .npy still matches the manifest, the .mtx does not.
    let dir = corpus_dir("swapped");
    std::fs::copy(dir.join("consecutive-4.mtx"), dir.join("magic-4.mtx")).unwrap();
    let o = exrank(&["compare", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(err.contains("magic-4.mtx: exact rank 2"), "{err}");
    assert!(err.contains("manifest.json:"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
