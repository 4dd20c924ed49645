//! Every malformed input through the binary: `exrank rank FILE` must exit 2 and say
//! `FILE:LINE: problem` on stderr, with nothing on stdout (no rank printed for a bad file).

use std::path::PathBuf;
use std::process::{Command, Stdio};

struct Case {
    name: &'static str,
    file: &'static str,
    content: &'static [u8],
    line: usize,
    /// A phrase the message must contain.
    says: &'static str,
}

const fn case(
    name: &'static str,
    file: &'static str,
    content: &'static [u8],
    line: usize,
    says: &'static str,
) -> Case {
    Case {
        name,
        file,
        content,
        line,
        says,
    }
}

const MM_COORD: &str = "%%MatrixMarket matrix coordinate integer general";

const CASES: &[Case] = &[
    // Plain text / CSV.
    case(
        "ragged rows",
        "ragged.txt",
        b"1 2 3\n4 5 6\n7 8\n",
        3,
        "row has 2 entries, the first row (line 1) has 3",
    ),
    case(
        "ragged csv",
        "ragged.csv",
        b"1,2\n3,4,5\n",
        2,
        "row has 3 entries, the first row (line 1) has 2",
    ),
    case(
        "non-number token",
        "word.txt",
        b"1 2\n3 four\n",
        2,
        "`four` is not a number",
    ),
    case(
        "float spelling inf",
        "inf.txt",
        b"1 inf\n",
        1,
        "`inf` is not a number",
    ),
    case(
        "zero denominator",
        "zeroden.txt",
        b"1 2\n1/0 3\n",
        2,
        "`1/0` has denominator zero",
    ),
    case("empty file", "empty.txt", b"", 1, "empty input"),
    case(
        "only comments",
        "comments.txt",
        b"# nothing\n\n",
        1,
        "empty input",
    ),
    case(
        "empty csv field",
        "hole.csv",
        b"1,2,3\n4,,6\n",
        2,
        "empty field",
    ),
    case(
        "exponent bomb",
        "bomb.txt",
        b"1 1e999999999\n",
        1,
        "exponent beyond",
    ),
    // Matrix Market.
    case(
        "mm too few entries",
        "few.mtx",
        b"%%MatrixMarket matrix coordinate integer general\n3 3 3\n1 1 1\n2 2 1\n",
        4,
        "input ends after 2 of the 3 entries",
    ),
    case(
        "mm too many entries",
        "many.mtx",
        b"%%MatrixMarket matrix coordinate integer general\n3 3 1\n1 1 1\n2 2 1\n",
        4,
        "more entries than the 1",
    ),
    case(
        "mm array too few",
        "afew.mtx",
        b"%%MatrixMarket matrix array integer general\n2 2\n1\n2\n3\n",
        5,
        "input ends after 3 of the 4 entries",
    ),
    case(
        "mm array too many",
        "amany.mtx",
        b"%%MatrixMarket matrix array integer general\n1 2\n1\n2\n3\n",
        5,
        "more entries than the 2",
    ),
    case(
        "mm index out of range",
        "range.mtx",
        b"%%MatrixMarket matrix coordinate integer general\n3 3 1\n4 1 1\n",
        3,
        "row index 4 is outside 1..=3",
    ),
    case(
        "mm zero index",
        "zero.mtx",
        b"%%MatrixMarket matrix coordinate integer general\n3 3 1\n1 0 1\n",
        3,
        "column index 0 is outside 1..=3",
    ),
    case(
        "mm negative index",
        "neg.mtx",
        b"%%MatrixMarket matrix coordinate integer general\n3 3 1\n-2 1 1\n",
        3,
        "row index -2 is outside 1..=3",
    ),
    case(
        "mm duplicate coordinate",
        "dup.mtx",
        b"%%MatrixMarket matrix coordinate integer general\n3 3 2\n2 3 1\n2 3 5\n",
        4,
        "entry (2, 3) appears again (first on line 3)",
    ),
    case(
        "mm dense 1e9 x 1e9",
        "huge.mtx",
        b"%%MatrixMarket matrix array integer general\n1000000000 1000000000\n1\n",
        2,
        "dense 1000000000×1000000000 matrix",
    ),
    case(
        "mm more entries than cells",
        "cells.mtx",
        b"%%MatrixMarket matrix coordinate integer general\n2 2 5\n",
        2,
        "stores at most 4",
    ),
    case(
        "mm nnz overflow",
        "nnz.mtx",
        b"%%MatrixMarket matrix coordinate integer general\n10 10 99999999999999999999999\n",
        2,
        "entries",
    ),
    case(
        "mm non-number",
        "word.mtx",
        b"%%MatrixMarket matrix coordinate integer general\n2 2 1\n1 1 x\n",
        3,
        "`x` is not a number",
    ),
    case(
        "mm real in integer file",
        "real.mtx",
        b"%%MatrixMarket matrix coordinate integer general\n2 2 1\n1 1 0.5\n",
        3,
        "expected an integer",
    ),
    case(
        "mm symmetric upper triangle",
        "upper.mtx",
        b"%%MatrixMarket matrix coordinate integer symmetric\n3 3 1\n1 2 5\n",
        3,
        "above the diagonal",
    ),
    case(
        "mm skew nonzero diagonal",
        "skew.mtx",
        b"%%MatrixMarket matrix coordinate integer skew-symmetric\n3 3 1\n2 2 5\n",
        3,
        "must be zero",
    ),
    case(
        "mm complex",
        "complex.mtx",
        b"%%MatrixMarket matrix coordinate complex general\n1 1 1\n1 1 1 0\n",
        1,
        "complex",
    ),
    case(
        "mm hermitian",
        "herm.mtx",
        b"%%MatrixMarket matrix coordinate real hermitian\n1 1 1\n1 1 1\n",
        1,
        "hermitian",
    ),
    case(
        "mm missing banner",
        "nobanner.mtx",
        b"2 2 1\n1 1 1\n",
        1,
        "%%MatrixMarket",
    ),
    case(
        "mm missing size line",
        "nosize.mtx",
        b"%%MatrixMarket matrix coordinate integer general\n% only a comment\n",
        1,
        "size line is missing",
    ),
    case("mm empty", "empty.mtx", b"", 1, "empty input"),
    case(
        "mm wrong token count",
        "tokens.mtx",
        b"%%MatrixMarket matrix coordinate integer general\n2 2 1\n1 1\n",
        3,
        "found 2 tokens",
    ),
    // SMS.
    case(
        "sms index out of range",
        "range.sms",
        b"3 3 M\n1 4 1\n0 0 0\n",
        2,
        "column index 4 is outside 1..=3",
    ),
    case(
        "sms zero index",
        "zero.sms",
        b"3 3 M\n0 2 1\n0 0 0\n",
        2,
        "row index 0 is outside 1..=3",
    ),
    case(
        "sms negative index",
        "neg.sms",
        b"3 3 M\n1 -1 1\n0 0 0\n",
        2,
        "column index -1 is outside 1..=3",
    ),
    case(
        "sms duplicate coordinate",
        "dup.sms",
        b"3 3 M\n1 1 1\n2 2 2\n1 1 3\n0 0 0\n",
        4,
        "entry (1, 1) appears again (first on line 2)",
    ),
    case(
        "sms non-number",
        "word.sms",
        b"3 3 M\n1 1 one\n0 0 0\n",
        2,
        "`one` is not a number",
    ),
    case(
        "sms zero denominator",
        "zeroden.sms",
        b"3 3 M\n1 1 2/0\n0 0 0\n",
        2,
        "`2/0` has denominator zero",
    ),
    case(
        "sms short line",
        "short.sms",
        b"3 3 M\n1 1\n0 0 0\n",
        2,
        "found 2 tokens",
    ),
    case(
        "sms missing terminator",
        "trunc.sms",
        b"3 3 M\n1 1 1\n2 2 1\n",
        3,
        "without the `0 0 0` terminator",
    ),
    case(
        "sms data after terminator",
        "after.sms",
        b"3 3 M\n1 1 1\n0 0 0\n2 2 1\n",
        4,
        "after the `0 0 0` terminator",
    ),
    case("sms empty", "empty.sms", b"", 1, "empty input"),
    case(
        "sms huge dimension",
        "huge.sms",
        b"10000000000 3 M\n0 0 0\n",
        1,
        "past the limit",
    ),
    case(
        "sms bad header",
        "head.sms",
        b"3 3 X\n0 0 0\n",
        1,
        "`rows cols M`",
    ),
];

fn dir() -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("io_bad_input");
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn run(args: &[&str], stdin: &[u8]) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_exrank"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), stdin).unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn every_bad_input_exits_2_naming_file_and_line() {
    let d = dir();
    let mut failures = Vec::new();
    for c in CASES {
        let path = d.join(c.file);
        std::fs::write(&path, c.content).unwrap();
        let p = path.to_str().unwrap();
        let (code, stdout, stderr) = run(&["rank", p], b"");
        let where_ = format!("{p}:{}: ", c.line);
        if code != 2 || !stdout.is_empty() || !stderr.contains(&where_) || !stderr.contains(c.says)
        {
            failures.push(format!(
                "{}: exit {code}, stdout {stdout:?}, stderr {stderr:?}; wanted `{where_}` and `{}`",
                c.name, c.says
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn stdin_is_named_dash() {
    let (code, _, stderr) = run(&["rank", "-"], b"1 2\n3\n");
    assert_eq!(code, 2);
    assert!(stderr.contains("-:2: row has 1 entries"), "{stderr}");
    let (code, stdout, _) = run(
        &["rank", "-"],
        b"%%MatrixMarket matrix array integer general\n2 2\n1\n2\n2\n4\n",
    );
    assert_eq!(code, 0);
    assert!(stdout.starts_with("rank 1\n"), "{stdout}");
}

#[test]
fn missing_file_exits_2() {
    let p = dir().join("does-not-exist.mtx");
    let (code, _, stderr) = run(&["rank", p.to_str().unwrap()], b"");
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot read"), "{stderr}");
}

#[test]
fn huge_sparse_file_is_read_but_dense_conversion_is_refused() {
    // 10^6 x 10^6 with two entries parses (it stays coordinates); the dense rank path
    // refuses it with a size message instead of allocating 10^12 entries.
    let path = dir().join("sparse-huge.mtx");
    std::fs::write(
        &path,
        format!(
            "{}\n1000000 1000000 2\n1 1 3\n1000000 1000000 4\n",
            MM_COORD
        ),
    )
    .unwrap();
    // Forced onto dense storage it is refused with the size, not allocated.
    let (code, stdout, stderr) = run(&["rank", "--storage", "dense", path.to_str().unwrap()], b"");
    assert_eq!(code, 2, "{stdout}");
    assert!(
        stderr.contains("1000000×1000000") && stderr.contains("past the limit"),
        "{stderr}"
    );
    // Left to choose, exrank keeps it sparse and answers.
    let (code, stdout, stderr) = run(&["rank", path.to_str().unwrap()], b"");
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("rank 2\n"), "{stdout}");
}

#[test]
fn good_files_in_each_format_give_the_rank() {
    let d = dir();
    // The same rank-2 matrix [1 2 3; 2 4 6; 0 1 1/2] in each format.
    let files: [(&str, &[u8]); 4] = [
        ("good.txt", b"1 2 3\n2, 4, 6\n0 1 1/2  # halves\n"),
        ("good.csv", b"1,2,3\n2,4,6\n0,1,0.5\n"),
        ("good.sms", b"3 3 M\n1 1 1\n1 2 2\n1 3 3\n2 1 2\n2 2 4\n2 3 6\n3 2 1\n3 3 1/2\n0 0 0\n"),
        ("good.mtx", b"%%MatrixMarket matrix coordinate real general\n3 3 8\n1 1 1\n1 2 2\n1 3 3\n2 1 2\n2 2 4\n2 3 6\n3 2 1\n3 3 0.5\n"),
    ];
    for (name, content) in files {
        let path = d.join(name);
        std::fs::write(&path, content).unwrap();
        let (code, stdout, stderr) = run(&["rank", path.to_str().unwrap()], b"");
        assert_eq!(code, 0, "{name}: {stderr}");
        assert!(
            stdout.starts_with("rank 2\nshape 3x3\n"),
            "{name}: {stdout}"
        );
    }
}
