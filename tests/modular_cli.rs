//! `exrank rank` end to end for the modular options: --certainty, --mod, --threads, and
//! the JSON keys a probabilistic answer adds.

use std::process::Command;

fn exrank(args: &[&str], input: &str) -> (i32, String, String) {
    let dir = std::env::temp_dir().join(format!("exrank-modular-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("m{}.txt", input.len()));
    std::fs::write(&path, input).unwrap();
    let mut full: Vec<&str> = vec!["rank"];
    full.extend_from_slice(args);
    let p = path.display().to_string();
    full.push(&p);
    let out = Command::new(env!("CARGO_BIN_EXE_exrank"))
        .args(&full)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// 12×12 of rank 6: rows i and i + 6 are equal (big enough for the modular engine).
fn rank6() -> String {
    let mut s = String::new();
    for i in 0..12 {
        let k = i % 6;
        let row: Vec<String> = (0..12)
            .map(|j| (((k + 1) * (j + 2) * (j + k + 3)) % 17).to_string())
            .collect();
        s += &row.join(" ");
        s += "\n";
    }
    s
}

#[test]
fn probabilistic_json_carries_bound_and_argument() {
    let (code, out, err) = exrank(
        &["--json", "--certainty", "probabilistic", "--primes", "4"],
        &rank6(),
    );
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let bareiss = exrank(&["--json", "--method", "bareiss"], &rank6()).1;
    let b: serde_json::Value = serde_json::from_str(&bareiss).unwrap();
    assert_eq!(v["rank"], b["rank"]);
    assert_eq!(
        (v["method"].as_str(), v["certainty"].as_str()),
        (Some("modular"), Some("probabilistic"))
    );
    assert!(v["error_bound"].as_f64().unwrap() < 1e-12);
    assert!(v["argument"].as_str().unwrap().contains("Hadamard"));
    for key in [
        "rows",
        "cols",
        "field",
        "pivot_cols",
        "pivot_rows",
        "seconds",
    ] {
        assert!(v.get(key).is_some(), "{key}");
    }
}

#[test]
fn certified_text_output_starts_with_rank() {
    let (code, out, err) = exrank(&["--threads", "1"], &rank6());
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "rank 6");
    assert!(
        lines.contains(&"method modular") && lines.contains(&"certainty certified"),
        "{out}"
    );
}

#[test]
fn mod_p_and_bad_moduli() {
    let (code, out, _) = exrank(&["--mod", "2"], "1 1\n1 1\n0 1\n");
    assert_eq!((code, out.lines().next()), (0, Some("rank 2")));
    assert!(out.contains("field GF(2)"));
    for bad in ["1", "9", "18446744073709551557"] {
        let (code, _, err) = exrank(&["--mod", bad], "1 0\n0 1\n");
        assert_eq!(code, 2, "--mod {bad}");
        assert!(err.contains(bad), "{err}");
    }
    let (code, _, err) = exrank(&["--certainty", "maybe"], "1\n");
    assert_eq!(code, 2, "{err}");
}
