//! `nearest_f64` is correctly rounded: checked against Rust's own correctly rounded
//! decimal parser, against the definition (no f64 is nearer; ties go to even), and by
//! round-tripping f64 bit patterns including subnormals.

use exrank::float::nearest_f64;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rug::{Integer, Rational};

fn exact(x: f64) -> Rational {
    Rational::from_f64(x).unwrap()
}

#[test]
fn agrees_with_rusts_decimal_parser() {
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    for _ in 0..3000 {
        let digits: u64 = rng.gen_range(1..10_000_000_000_000_000_000);
        let exp: i32 = rng.gen_range(-340..300);
        let text = format!("{digits}e{exp}");
        let q = if exp >= 0 {
            Rational::from(Integer::from(digits) * Integer::from(Integer::u_pow_u(10, exp as u32)))
        } else {
            Rational::from((
                Integer::from(digits),
                Integer::from(Integer::u_pow_u(10, (-exp) as u32)),
            ))
        };
        assert_eq!(nearest_f64(&q), text.parse::<f64>().unwrap(), "{text}");
        assert_eq!(nearest_f64(&-q), -text.parse::<f64>().unwrap(), "-{text}");
    }
}

#[test]
fn round_trips_every_kind_of_f64() {
    let mut rng = ChaCha8Rng::seed_from_u64(8);
    for _ in 0..3000 {
        let x =
            f64::from_bits(rng.gen::<u64>() & !(0x7ff << 52) | (rng.gen_range(0..0x7ffu64) << 52));
        assert_eq!(nearest_f64(&exact(x)).to_bits(), x.to_bits(), "{x:e}");
    }
    for x in [
        f64::MIN_POSITIVE,
        f64::from_bits(1),
        f64::MAX,
        0.5,
        1.0 / 3.0,
    ] {
        assert_eq!(nearest_f64(&exact(x)), x);
    }
}

#[test]
fn nothing_is_nearer_and_ties_go_to_even() {
    let mut rng = ChaCha8Rng::seed_from_u64(9);
    for _ in 0..2000 {
        let num = Integer::from(rng.gen::<u64>()) * Integer::from(rng.gen::<u64>());
        let den = Integer::from(rng.gen_range(1..u64::MAX)) << rng.gen_range(0..80u32);
        let q = Rational::from((num, den));
        let x = nearest_f64(&q);
        let d = (q.clone() - exact(x)).abs();
        for y in [
            f64::from_bits(x.to_bits() + 1),
            f64::from_bits(x.to_bits() - 1),
        ] {
            let dy = (q.clone() - exact(y)).abs();
            assert!(
                d < dy || (d == dy && x.to_bits().is_multiple_of(2)),
                "{q} -> {x:e}"
            );
        }
    }
    // Exact halfway cases: 1 + 2^-53 is a tie between 1 and 1 + 2^-52 → 1 (even).
    let half = Rational::from(1) + Rational::from((1, Integer::from(1) << 53u32));
    assert_eq!(nearest_f64(&half), 1.0);
    let half_up = Rational::from(1) + Rational::from((3, Integer::from(1) << 53u32));
    assert_eq!(nearest_f64(&half_up), 1.0 + 2.0 * f64::EPSILON);
    // Beyond the range: ±∞; below half the smallest subnormal: 0.
    assert_eq!(
        nearest_f64(&Rational::from(Integer::from(1) << 1024u32)),
        f64::INFINITY
    );
    assert_eq!(
        nearest_f64(&Rational::from((1, Integer::from(1) << 1076u32))),
        0.0
    );
    assert_eq!(
        nearest_f64(&Rational::from((3, Integer::from(1) << 1076u32))),
        f64::from_bits(1)
    );
}
