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
fn a_spectrum_beyond_f64_names_the_file() {
    // σ_max of [[1e308, 1e308], [1e308, -1e308]] is √2·1e308 > f64::MAX: the SVD fails.
    // The error used to be a bare "the SVD did not converge" with no file named.
    let path = temp_file("huge.npy", &npy_f64(2, 2, &[1e308, 1e308, 1e308, -1e308]));
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
    assert_eq!(first, "exrank-certificate 1\n"); // the rest (~400 KB) is never read
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
