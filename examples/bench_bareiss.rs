//! Times Bareiss on the benchmark matrices and writes each matrix to a text file so a peer
//! (FLINT, through `benches/bareiss_vs_flint.py`) can time the identical input.
//!
//! Usage: `cargo run --release --example bench_bareiss -- OUT_DIR [CASE...]`, where a
//! CASE is `dense:N:BOUND` (entries uniform in [−BOUND, BOUND]), `bits:N:BITS` (entries
//! uniform in (−2^BITS, 2^BITS)) or `small:N:BOUND` (per-call time of the word-size path
//! over many repetitions). Prints one line per case:
//! `case file seconds_auto seconds_single rank` (median seconds per call; for `small` cases
//! the second time is GMP-only, single thread). With `BENCH_GMP=1` it also prints, on
//! stderr, the GMP kernel and the truncated limb kernel alone on one thread, which is how
//! the kernels were compared.

use exrank::bareiss::{self, eliminate_big, Threads};
use exrank::matrix::gen::{uniform, uniform_bits};
use exrank::ZMatrix;
use std::io::Write;
use std::time::Instant;

fn write_matrix(a: &ZMatrix, path: &std::path::Path) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).expect("create matrix file"));
    for i in 0..a.rows() {
        let row: Vec<String> = a.row(i).iter().map(|x| x.to_string()).collect();
        writeln!(f, "{}", row.join(" ")).unwrap();
    }
}

/// Median seconds per call of `f`, calling it in batches of at least ~50 ms.
fn time_per_call(mut f: impl FnMut() -> usize, batches: usize) -> (f64, usize) {
    let t = Instant::now();
    let rank = f();
    let once = t.elapsed().as_secs_f64();
    let reps = ((0.05 / once.max(1e-9)) as usize).clamp(1, 1_000_000);
    let mut per_call: Vec<f64> = (0..batches)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..reps {
                std::hint::black_box(f());
            }
            t.elapsed().as_secs_f64() / reps as f64
        })
        .collect();
    per_call.sort_by(f64::total_cmp);
    (per_call[per_call.len() / 2], rank)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(out) = args.first() else {
        eprintln!("usage: bench_bareiss OUT_DIR [dense:N:BOUND | bits:N:BITS | small:N:BOUND ...]");
        std::process::exit(2);
    };
    let out = std::path::Path::new(out);
    std::fs::create_dir_all(out).expect("create output directory");
    let default: Vec<String> = [
        "dense:50:100",
        "dense:100:100",
        "dense:200:100",
        "bits:50:64",
        "bits:100:64",
    ]
    .map(String::from)
    .to_vec();
    let cases = if args.len() > 1 {
        args[1..].to_vec()
    } else {
        default
    };
    for case in cases {
        let parts: Vec<&str> = case.split(':').collect();
        let (kind, n, p) = match parts.as_slice() {
            [k, n, p] => (*k, n.parse::<usize>().unwrap(), p.parse::<i64>().unwrap()),
            _ => panic!("bad case {case}"),
        };
        let seed = n as u64 * 1000 + p as u64;
        let a = match kind {
            "dense" | "small" => uniform(n, n, p, seed),
            "bits" => uniform_bits(n, n, p as u32, seed),
            _ => panic!("bad case kind {kind}"),
        };
        let file = out.join(format!("{kind}_{n}_{p}.txt"));
        write_matrix(&a, &file);
        // Big cases: few repetitions (n = 400 takes tens of seconds per call).
        let batches = if n >= 300 {
            1
        } else if n >= 150 {
            3
        } else {
            5
        };
        let (t_fast, t_other, rank) = if kind == "small" {
            let (t1, r) = time_per_call(|| bareiss::rank(&a), 7);
            let (t2, _) = time_per_call(|| eliminate_big(&a, Threads::Single).rank, 7);
            if std::env::var_os("BENCH_GMP").is_some() {
                // Restarting in the limb kernel after an overflow costs at least this.
                let (t3, _) =
                    time_per_call(|| bareiss::eliminate_truncated(&a, Threads::Single).rank, 7);
                let (t4, _) = time_per_call(|| bareiss::eliminate(&a).rank, 7);
                eprintln!("{case}: eliminate {t4:.3e}; limb kernel from the start {t3:.3e}");
            }
            (t1, t2, r)
        } else {
            let (t1, r) =
                time_per_call(|| bareiss::eliminate_with(&a, Threads::Auto).rank, batches);
            let (t2, _) = time_per_call(
                || bareiss::eliminate_with(&a, Threads::Single).rank,
                batches,
            );
            if std::env::var_os("BENCH_GMP").is_some() {
                let (t3, _) = time_per_call(|| eliminate_big(&a, Threads::Single).rank, batches);
                let (t4, _) = time_per_call(
                    || bareiss::eliminate_truncated(&a, Threads::Single).rank,
                    batches,
                );
                eprintln!("{case}: GMP kernel, one thread {t3:.3e}; truncated kernel, one thread {t4:.3e}");
            }
            (t1, t2, r)
        };
        println!(
            "{case} {} {t_fast:.6e} {t_other:.6e} {rank}",
            file.display()
        );
    }
}
