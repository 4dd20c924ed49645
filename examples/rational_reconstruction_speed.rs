//! Rational reconstruction on synthetic data: y, d random with `bits` bits, u = y/d mod
//! M = pᵏ. Prints (1) the scalar Lehmer reconstruction against the plain Euclidean loop
//! (ms per call, speedup) and (2) for c = 1..5 residues sharing d, the smallest modulus
//! (bits, and its ratio to `bits`) at which the common denominator is found, and the
//! time per call there and at a comfortable modulus.
//!
//! Usage: `rational_reconstruction_speed [BITS]` (default 10000).

use exrank::modular::rational_reconstruction::{common_denominator, fraction, fraction_by_euclid};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rug::integer::Order;
use rug::{Complete, Integer};
use std::time::Instant;

const P: u32 = 8_388_593;

fn random_bits(rng: &mut ChaCha8Rng, bits: u32) -> Integer {
    let words: Vec<u64> = (0..bits.div_ceil(64)).map(|_| rng.gen()).collect();
    let mut v = Integer::from_digits(&words, Order::Lsf);
    v.keep_bits_mut(bits);
    v.set_bit(bits - 1, true);
    v
}

/// (residues, d, modulus) for c numerators over one denominator, all of `bits` bits
/// (divided by their common gcd, so d is the reduced common denominator).
fn instance(rng: &mut ChaCha8Rng, c: usize, bits: u32, k: u32) -> (Vec<Integer>, Integer, Integer) {
    let m = Integer::u_pow_u(P, k).complete();
    loop {
        let mut d = random_bits(rng, bits);
        let mut ys: Vec<Integer> = (0..c)
            .map(|_| {
                let y = random_bits(rng, bits);
                if rng.gen::<bool>() {
                    -y
                } else {
                    y
                }
            })
            .collect();
        let g = ys.iter().fold(d.clone(), |g, y| g.gcd(y));
        d /= &g;
        ys.iter_mut().for_each(|y| *y /= &g);
        let Ok(inv) = d.clone().invert(&m) else {
            continue;
        };
        let us = ys.iter().map(|y| Integer::from(y * &inv) % &m).collect();
        return (us, d, m);
    }
}

/// Minimum seconds over `reps` runs of `f`.
fn time<T>(reps: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut best = f64::INFINITY;
    let mut out = None;
    for _ in 0..reps {
        let t = Instant::now();
        let v = f();
        best = best.min(t.elapsed().as_secs_f64());
        out = Some(v);
    }
    (best, out.expect("reps ≥ 1"))
}

fn main() {
    let bits: u32 = std::env::args()
        .nth(1)
        .map(|s| s.parse().expect("BITS"))
        .unwrap_or(10_000);
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    if let Some(c) = std::env::args().nth(2) {
        // `BITS C [MBITS]`: time repeated calls on one instance (for profiling).
        let c: usize = c.parse().expect("C");
        let m_bits: f64 = std::env::args()
            .nth(3)
            .map(|s| s.parse().expect("MBITS"))
            .unwrap_or((1.0 + 1.0 / c as f64) * f64::from(bits) + 40.0);
        let k = (m_bits / f64::from(P).log2()).ceil() as u32;
        let (us, d, m) = instance(&mut rng, c, bits, k);
        let (t, got) = time(10, || common_denominator(&us, &m, bits));
        let verdict = match got {
            Some(x) if x == d => "found d",
            Some(_) => "another candidate",
            None => "none",
        };
        println!(
            "c = {c}, M {} bits: {:.3} ms ({verdict})",
            m.significant_bits(),
            t * 1e3
        );
        return;
    }
    let digit = 23.0f64 - 1e-9; // log2 P ≈ 22.99995
    let lg = f64::from(P).log2();
    println!("scalar reconstruction, |n|, d < 2^{bits}, M = p^k just above 2·N·D:");
    let k = ((2 * bits + 2) as f64 / lg).ceil() as u32;
    let (us, d, m) = instance(&mut rng, 1, bits, k);
    let bound = Integer::from(1u32) << bits;
    let (t_lehmer, a) = time(5, || fraction(&us[0], &m, &bound, &bound));
    let (t_plain, b) = time(3, || fraction_by_euclid(&us[0], &m, &bound, &bound));
    assert_eq!(a, b);
    assert_eq!(a.map(|(_, x)| x), Some(d));
    println!(
        "  M {} bits: Lehmer {:.3} ms, plain loop {:.3} ms, speedup {:.1}",
        m.significant_bits(),
        t_lehmer * 1e3,
        t_plain * 1e3,
        t_plain / t_lehmer
    );
    let _ = digit;
    println!("common denominator of c residues, |y|, d < 2^{bits} (5 instances per modulus):");
    println!("   c  threshold bits  ratio  ms/call@threshold  ms/call@2·bits");
    for c in 2..=5usize {
        // Smallest k (in steps of one digit) at which all 5 instances succeed.
        let start = ((1.0 + 1.0 / c as f64) * f64::from(bits) / lg).floor() as u32 - 4;
        let mut found = None;
        for k in start..start + 200 {
            let insts: Vec<_> = (0..5).map(|_| instance(&mut rng, c, bits, k)).collect();
            let ok = insts
                .iter()
                .all(|(us, d, m)| common_denominator(us, m, bits).as_ref() == Some(d));
            if ok {
                let (t, _) = time(3, || common_denominator(&insts[0].0, &insts[0].2, bits));
                found = Some((k, insts[0].2.significant_bits(), t));
                break;
            }
        }
        let (k_big, _) = (((2 * bits + 2) as f64 / lg).ceil() as u32, ());
        let (us, d, m) = instance(&mut rng, c, bits, k_big);
        let (t_big, got) = time(3, || common_denominator(&us, &m, bits));
        assert_eq!(got, Some(d));
        match found {
            Some((_, mbits, t)) => println!(
                "  {c:2}  {mbits:14}  {:5.3}  {:17.3}  {:14.3}",
                f64::from(mbits) / f64::from(bits),
                t * 1e3,
                t_big * 1e3
            ),
            None => println!("  {c:2}  not found within 200 digits"),
        }
    }
}
