//! `exrank minor` end to end through the binary: output formats, routes, the cap, errors.

use std::process::Command;

fn exrank(args: &[&str], input: &str) -> (i32, String, String) {
    let dir = std::env::temp_dir().join(format!("exrank-minor-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("m{}.txt", input.len() * 31 + args.len()));
    std::fs::write(&path, input).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_exrank"))
        .arg("minor")
        .arg(&path)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

const SEED_4X4: &str = "1 5 9 13\n2 6 10 14\n3 7 11 15\n4 8 12 16\n";

#[test]
fn text_output_is_one_based() {
    let (code, out, _) = exrank(&[], SEED_4X4);
    assert_eq!(code, 0);
    assert!(
        out.starts_with("size 2\nrows 1 2\ncols 1 2\nvalue -4\n"),
        "{out}"
    );
}

#[test]
fn json_output_is_zero_based_with_a_string_value() {
    let (code, out, _) = exrank(&["--json"], SEED_4X4);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["size"], 2);
    assert_eq!(v["rows"], serde_json::json!([0, 1]));
    assert_eq!(v["cols"], serde_json::json!([0, 1]));
    assert_eq!(v["value"], "-4");
    assert_eq!(v["index_base"], 0);
}

#[test]
fn every_route_finds_the_rank() {
    // Row 1 = 2·row 0; column 0 is zero except in row 2.
    let input = "0 1 2\n0 2 4\n5 1 1\n";
    for (args, rows, cols, value) in [
        // Elimination swaps row 2 up for the first pivot, so its rows are not lex-first.
        (vec![], "[1,2]", "[0,1]", "-10"),
        (vec!["--lex", "rows"], "[0,2]", "[0,1]", "-5"),
        (vec!["--lex", "cols"], "[0,2]", "[0,1]", "-5"),
        (vec!["--exhaustive"], "[0,2]", "[0,1]", "-5"),
        (
            vec!["--exhaustive", "--lex", "cols"],
            "[0,2]",
            "[0,1]",
            "-5",
        ),
        (vec!["--max-abs"], "[1,2]", "[0,2]", "-20"),
    ] {
        let mut a = args.clone();
        a.push("--json");
        let (code, out, err) = exrank(&a, input);
        assert_eq!(code, 0, "{args:?}: {err}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["size"], 2, "{args:?}");
        assert_eq!(v["rows"].to_string(), rows, "{args:?}");
        assert_eq!(v["cols"].to_string(), cols, "{args:?}");
        assert_eq!(v["value"], value, "{args:?}");
    }
}

#[test]
fn zero_matrix_has_the_empty_minor() {
    let (code, out, _) = exrank(&["--json"], "0 0\n0 0\n");
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (v["size"].clone(), v["value"].clone()),
        (0.into(), "1".into())
    );
}

#[test]
fn the_cap_refuses_with_the_count() {
    let (code, out, err) = exrank(&["--exhaustive", "--max-minors", "68"], SEED_4X4);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.contains("69 minors") && err.contains("--max-minors 69"),
        "{err}"
    );
    let (code, _, _) = exrank(&["--exhaustive", "--max-minors", "69"], SEED_4X4);
    assert_eq!(code, 0);
    let (code, _, err) = exrank(&["--max-abs", "--max-minors", "35"], SEED_4X4);
    assert_eq!(code, 2);
    assert!(err.contains("36 minors"), "{err}");
}

#[test]
fn bad_input_is_exit_two_with_file_and_line() {
    let (code, _, err) = exrank(&[], "1 2\n3 x\n");
    assert_eq!(code, 2);
    assert!(err.contains(":2:") && err.contains("`x`"), "{err}");
    let (code, _, _) = exrank(&["--lex", "diagonal"], SEED_4X4);
    assert_eq!(code, 2);
}
