//! Driver for the sparse benchmark (`benches/sparse_vs_linbox.sh`): writes generated
//! matrices as SMS files and computes rank mod p of an SMS file with exrank's sparse
//! eliminator, printing `rank R seconds T` (T: elimination only, as the LinBox driver).
//!
//! ```text
//! sparse_rank gen torus2 SIDE OUT.sms        ∂₂ of the 2-torus grid (3·SIDE² rows)
//! sparse_rank gen torus3 SIDE OUT.sms        ∂₂ of the 3-torus grid (7·SIDE³ rows)
//! sparse_rank gen rp2 SIDE OUT.sms           ∂₂ of RP² (3·SIDE² rows)
//! sparse_rank gen chessboard M N K OUT.sms   ∂ₖ of the chessboard complex M_{M,N}
//! sparse_rank gen matching N K OUT.sms       ∂ₖ of the matching complex M_N
//! sparse_rank gen random ROWS COLS SEED OUT.sms   3–5 nonzeros per row, entries ±1..±3
//! sparse_rank rank FILE.sms PRIME [THREADS]
//! sparse_rank rankq FILE.sms                 rank over Q (several primes), with certainty
//! ```

use exrank::io::{Entries, Parsed, Scalar};
use exrank::sparse::complexes::Complex;
use exrank::sparse::{SparseModMatrix, SparseParams};
use rand::{Rng, SeedableRng};
use std::io::{BufRead, BufWriter, Write};

fn write_sms(p: &Parsed, path: &str) -> std::io::Result<()> {
    let mut w = BufWriter::new(std::fs::File::create(path)?);
    writeln!(w, "{} {} M", p.rows, p.cols)?;
    let Entries::Coordinate(e) = &p.entries else {
        panic!("coordinate entries")
    };
    let mut e: Vec<_> = e.iter().collect();
    e.sort_by_key(|x| (x.0, x.1));
    for (i, j, s) in e {
        writeln!(w, "{} {} {}", i + 1, j + 1, s.to_rational())?;
    }
    writeln!(w, "0 0 0")
}

fn read_sms(path: &str) -> Parsed {
    let f = std::io::BufReader::new(std::fs::File::open(path).expect("open"));
    let mut lines = f.lines();
    let head = lines.next().expect("header").expect("read");
    let h: Vec<usize> = head
        .split_whitespace()
        .take(2)
        .map(|t| t.parse().expect("shape"))
        .collect();
    let mut e = Vec::new();
    for line in lines {
        let line = line.expect("read");
        let t: Vec<i64> = line
            .split_whitespace()
            .map(|t| t.parse().expect("entry"))
            .collect();
        if t.len() < 3 || t[0] == 0 {
            break;
        }
        e.push((t[0] as usize - 1, t[1] as usize - 1, Scalar::Int(t[2])));
    }
    Parsed {
        rows: h[0],
        cols: h[1],
        entries: Entries::Coordinate(e),
    }
}

fn random(rows: usize, cols: usize, seed: u64) -> Parsed {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let mut e = Vec::with_capacity(4 * rows);
    for i in 0..rows {
        let k = rng.gen_range(3..=5);
        let mut cs: Vec<usize> = (0..k).map(|_| rng.gen_range(0..cols)).collect();
        cs.sort_unstable();
        cs.dedup();
        for j in cs {
            let v = rng.gen_range(1..=3) * if rng.gen::<bool>() { 1 } else { -1 };
            e.push((i, j, Scalar::Int(v)));
        }
    }
    Parsed {
        rows,
        cols,
        entries: Entries::Coordinate(e),
    }
}

fn main() {
    let a: Vec<String> = std::env::args().collect();
    let arg = |i: usize| {
        a.get(i)
            .unwrap_or_else(|| panic!("missing argument {i}; see the file header"))
            .as_str()
    };
    match (arg(1), arg(2)) {
        ("gen", "torus2") => write_sms(
            &Complex::torus(2, arg(3).parse().unwrap()).boundary(2),
            arg(4),
        )
        .unwrap(),
        ("gen", "torus3") => write_sms(
            &Complex::torus(3, arg(3).parse().unwrap()).boundary(2),
            arg(4),
        )
        .unwrap(),
        ("gen", "rp2") => write_sms(
            &Complex::projective_plane(arg(3).parse().unwrap()).boundary(2),
            arg(4),
        )
        .unwrap(),
        ("gen", "chessboard") => write_sms(
            &Complex::chessboard(arg(3).parse().unwrap(), arg(4).parse().unwrap())
                .boundary(arg(5).parse().unwrap()),
            arg(6),
        )
        .unwrap(),
        ("gen", "matching") => write_sms(
            &Complex::matching(arg(3).parse().unwrap()).boundary(arg(4).parse().unwrap()),
            arg(5),
        )
        .unwrap(),
        ("gen", "random") => {
            let p = random(
                arg(3).parse().unwrap(),
                arg(4).parse().unwrap(),
                arg(5).parse().unwrap(),
            );
            write_sms(&p, arg(6)).unwrap()
        }
        ("rank", file) => {
            let parsed = read_sms(file);
            let p: u64 = arg(3).parse().unwrap();
            let params = SparseParams {
                threads: a.get(4).map(|t| t.parse().unwrap()),
                progress: true,
                ..Default::default()
            };
            let m = SparseModMatrix::from_parsed(&parsed, p).unwrap();
            drop(parsed);
            let t0 = std::time::Instant::now();
            let e = rayon::ThreadPoolBuilder::new()
                .num_threads(params.threads.unwrap_or(0))
                .build()
                .unwrap()
                .install(|| exrank::sparse::eliminate::eliminate_mod_p(&m, &params));
            let secs = t0.elapsed().as_secs_f64();
            for r in &e.log {
                eprintln!("{r:?}");
            }
            eprintln!("dense tail {:?}", e.dense_tail);
            println!("rank {} seconds {secs:.3}", e.rank);
        }
        ("rankq", file) => {
            let parsed = read_sms(file);
            let t0 = std::time::Instant::now();
            let r = exrank::sparse::rank_parsed(&parsed, &SparseParams::default()).unwrap();
            let secs = t0.elapsed().as_secs_f64();
            println!("rank {} seconds {secs:.3} {}", r.rank, r.certainty.label());
            if let exrank::Certainty::Probabilistic { argument, .. } = &r.certainty {
                eprintln!("{argument}");
            }
        }
        _ => panic!("unknown command; see the file header"),
    }
}
