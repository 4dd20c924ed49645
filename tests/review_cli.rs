//! Regressions found by the adversarial review, through the binary: each test is a bad
//! input that once aborted or allocated without bound, and must now be a clear error
//! (exit 2) that names what is wrong.

use std::path::PathBuf;
use std::process::{Command, Output};

fn exrank(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_exrank"))
        .args(args)
        .output()
        .expect("binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn temp_file(name: &str, bytes: &[u8]) -> PathBuf {
    let p = std::env::temp_dir().join(format!("exrank-review-{}-{name}", std::process::id()));
    std::fs::write(&p, bytes).unwrap();
    p
}

/// A little-endian float64 .npy file of shape rows×cols in C order.
fn npy_f64(rows: usize, cols: usize, data: &[f64]) -> Vec<u8> {
    let mut header =
        format!("{{'descr': '<f8', 'fortran_order': False, 'shape': ({rows}, {cols}), }}");
    while (10 + header.len() + 1) % 64 != 0 {
        header.push(' ');
    }
    header.push('\n');
    let mut v = b"\x93NUMPY\x01\x00".to_vec();
    v.extend_from_slice(&(header.len() as u16).to_le_bytes());
    v.extend_from_slice(header.as_bytes());
    for x in data {
        v.extend_from_slice(&x.to_le_bytes());
    }
    v
}

#[test]
fn family_sizes_past_the_cap_are_refused_before_allocating() {
    // `--sizes 100000` used to abort (exit 134) asking for 160 GB for one Hilbert matrix;
    // `1..99999999999` would have collected ~800 GB of sizes before starting.
    for sizes in ["100000", "1..99999999999", "1025", "1000..1025"] {
        let o = exrank(&["compare", "--family", "hilbert", "--sizes", sizes]);
        assert_eq!(o.status.code(), Some(2), "--sizes {sizes}: {}", stderr(&o));
        let e = stderr(&o);
        assert!(
            e.contains("--sizes") && e.contains("1024") && !e.contains("panicked"),
            "--sizes {sizes}: {e}"
        );
    }
    // The cap itself is accepted (parsing only: a cheap family at the edge).
    assert!(exrank::cli::compare::parse_sizes("1024").is_ok());
}

#[test]
fn a_spectrum_near_f64_max_is_rescaled_and_beyond_f64_names_the_file() {
    // [[1e308, 1e308], [1e308, -1e308]] used to make the SVD fail (exit 2). The float
    // side now rescales by an exact power of two (float::rescale): it is compared.
    let path = temp_file("huge.npy", &npy_f64(2, 2, &[1e308, 1e308, 1e308, -1e308]));
    let p = path.to_str().unwrap();
    let o = exrank(&["compare", p, "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        (
            v["exact_rank"].as_u64(),
            v["rules"]["numpy"]["rank"].as_u64()
        ),
        (Some(2), Some(2))
    );
    let _ = std::fs::remove_file(&path);
    // An exact entry no f64 holds (1e400) has no float image at all: still an error
    // that names the file.
    let path = temp_file("beyond.txt", b"1e400 1\n1 1\n");
    let p = path.to_str().unwrap();
    let o = exrank(&["compare", p]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains(p), "no file named: {}", stderr(&o));
    let _ = std::fs::remove_file(&path);
}

#[test]
fn a_closed_output_pipe_ends_quietly() {
    // `exrank certify M | head -1`: the reader goes away while exrank still writes. It used
    // to panic in println! ("failed printing to stdout: Broken pipe", exit 101).
    use std::io::{BufRead, BufReader, Read};
    use std::process::Stdio;
    // Two equal rows of 400 ones: rank 1, so the kernel certificate has 399 vectors.
    let row = vec!["1"; 400].join(" ") + "\n";
    let path = temp_file("ones.txt", row.repeat(2).as_bytes());
    let mut child = Command::new(env!("CARGO_BIN_EXE_exrank"))
        .args(["certify", "--upper", "kernel", path.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary runs");
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.starts_with("exrank-certificate "), "{first}"); // the rest (~400 KB) is never read
    let status = child.wait().unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert_ne!(status.code(), Some(101), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let _ = std::fs::remove_file(&path);
}

/// A corpus directory whose manifest holds one entry, with `files` and shape as given.
fn corpus_with_entry(name: &str, files: &str, rows: usize, cols: usize, rank: usize) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("exrank-review-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("m.txt"), "1 2\n2 4\n").unwrap();
    let manifest = format!(
        r#"{{"generator": "test", "matrices": [{{"name": "m", "family": "consecutive",
           "n": 2, "rows": {rows}, "cols": {cols}, "exact_rank": {rank}, "dtype": "int64",
           "files": {files}}}]}}"#
    );
    std::fs::write(dir.join("manifest.json"), manifest).unwrap();
    dir
}

#[test]
fn a_manifest_entry_without_files_is_an_error() {
    // Used to panic: index out of bounds in compare's directory mode (exit 101).
    let dir = corpus_with_entry("nofiles", "[]", 2, 2, 1);
    let o = exrank(&["compare", dir.to_str().unwrap(), "--routine", "echo 1"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("manifest.json") && stderr(&o).contains("lists no files"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_manifest_that_misstates_the_matrix_is_an_error() {
    // The 2x2 matrix of m.txt listed as 3x3 of rank 2 used to be judged against rank 2
    // (and shown as 3x3): every routine answering the true rank 1 was called wrong.
    let dir = corpus_with_entry("shape", r#"["m.txt"]"#, 3, 3, 2);
    let o = exrank(&["compare", dir.to_str().unwrap(), "--routine", "echo 1"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("holds a 2x2 matrix"), "{}", stderr(&o));
    // A rank above min(rows, cols) is not a rank.
    let dir2 = corpus_with_entry("rank", r#"["m.txt"]"#, 2, 2, 3);
    let o = exrank(&["compare", dir2.to_str().unwrap(), "--routine", "echo 1"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("claims rank 3"), "{}", stderr(&o));
    // The same manifest with the truth in it is accepted, and `echo 1` agrees.
    let good = corpus_with_entry("good", r#"["m.txt"]"#, 2, 2, 1);
    std::fs::write(good.join("one.sh"), "echo 1\n").unwrap();
    let routine = format!("sh {} {{}}", good.join("one.sh").display());
    let o = exrank(&["compare", good.to_str().unwrap(), "--routine", &routine]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for d in [dir, dir2, good] {
        let _ = std::fs::remove_dir_all(&d);
    }
}
