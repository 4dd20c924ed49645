//! Where the time of `exrank rank FILE` goes before and after the arithmetic: times each
//! phase of the command's dense path in-process (file read, parse, conversion to the
//! integer matrix, rank, freeing) and prints one line per phase. Usage:
//! `read_speed FILE [REPS] [--no-rank | --parse-only]` (min over REPS runs, default 5).

use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = args.get(1).expect("usage: read_speed FILE [REPS]");
    let reps: usize = args.get(2).map_or(5, |s| s.parse().expect("REPS"));
    let skip_rank = args.iter().any(|a| a == "--no-rank");
    if args.iter().any(|a| a == "--parse-only") {
        // For `perf stat`: the parse alone, REPS times.
        let bytes = std::fs::read(path).expect("read");
        for _ in 0..reps {
            std::hint::black_box(exrank::io::read_bytes(&bytes, Some(path)).expect("parse"));
        }
        return;
    }
    let names = ["fs::read", "parse", "to_zmatrix", "rank", "drop"];
    let mut best = [f64::INFINITY; 5];
    for _ in 0..reps {
        let mut t = [0.0; 5];
        let s = Instant::now();
        let bytes = std::fs::read(path).expect("read");
        t[0] = s.elapsed().as_secs_f64();
        let s = Instant::now();
        let parsed = exrank::io::read_bytes(&bytes, Some(path)).expect("parse");
        t[1] = s.elapsed().as_secs_f64();
        let s = Instant::now();
        let z = parsed
            .to_zmatrix_checked(exrank::io::DEFAULT_MAX_DENSE_ENTRIES)
            .expect("size");
        t[2] = s.elapsed().as_secs_f64();
        let s = Instant::now();
        let r = if skip_rank {
            z.rows()
        } else {
            exrank::rank(&z).rank
        };
        t[3] = s.elapsed().as_secs_f64();
        let s = Instant::now();
        drop((bytes, parsed, z));
        t[4] = s.elapsed().as_secs_f64();
        std::hint::black_box(r);
        for k in 0..5 {
            best[k] = best[k].min(t[k]);
        }
    }
    for k in 0..5 {
        println!("{:<11} {:.4} s", names[k], best[k]);
    }
}
