//! Named matrix families with known exact rank, each as an exact integer matrix beside
//! the f64 matrix a float code would hold. Where the two differ beyond rounding of the
//! entries (Läuchli's AᵀA formed in floats, the LoRA product), [`Case::note`] says so.

use super::F64Matrix;
use crate::float::nearest_f64;
use crate::ZMatrix;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rug::{Integer, Rational};

/// One matrix of a family.
#[derive(Clone, Debug)]
pub struct Case {
    /// `family-n` (plus a variant suffix for families with two matrices per size).
    pub name: String,
    /// The family's name.
    pub family: &'static str,
    /// The size parameter.
    pub n: usize,
    /// The exact matrix (integers; rationals scaled by a constant, which keeps the rank).
    pub exact: ZMatrix,
    /// What a float code holds.
    pub float: F64Matrix,
    /// The rank theory predicts, when it does.
    pub known_rank: Option<usize>,
    /// What the case shows, for people.
    pub note: &'static str,
}

/// The built-in families.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    /// Entries 1..n² filled column by column (the seed's 4×4 example): rank 2 for n ≥ 2.
    Consecutive,
    /// MATLAB's `magic(n)`: rank n (odd), 3 (n ≡ 0 mod 4), n/2 + 2 (n ≡ 2 mod 4, n > 2).
    Magic,
    /// Hilbert 1/(i+j−1): nonsingular, and famously ill-conditioned.
    Hilbert,
    /// Symmetric Pascal C(i+j, i): determinant 1.
    Pascal,
    /// Vandermonde on nodes 1..n: nonsingular (distinct nodes).
    Vandermonde,
    /// Läuchli [1ᵀ; δI] with δ = 2^-27: rank(A) = rank(AᵀA) = n exactly, but fl(AᵀA) = J.
    Lauchli,
    /// U·V, rank min(3, n), with factor columns scaled by 1, 2^24, 2^48.
    LowRank,
    /// Random integer matrix of rank ⌊n/2⌋ (FLINT-style randrank).
    RandRank,
    /// The seed's LoRA update B·A, B n×4 and A 4×n Gaussian·0.01 stored as f64.
    Lora,
}

const ALL: [Family; 9] = [
    Family::Consecutive,
    Family::Magic,
    Family::Hilbert,
    Family::Pascal,
    Family::Vandermonde,
    Family::Lauchli,
    Family::LowRank,
    Family::RandRank,
    Family::Lora,
];

impl Family {
    /// Every family, in a fixed order.
    ///
    /// ```
    /// assert_eq!(exrank::float::Family::all().len(), 9);
    /// ```
    pub fn all() -> &'static [Family] {
        &ALL
    }

    /// The name used on the command line.
    ///
    /// ```
    /// assert_eq!(exrank::float::Family::Magic.name(), "magic");
    /// ```
    pub fn name(&self) -> &'static str {
        match self {
            Family::Consecutive => "consecutive",
            Family::Magic => "magic",
            Family::Hilbert => "hilbert",
            Family::Pascal => "pascal",
            Family::Vandermonde => "vandermonde",
            Family::Lauchli => "lauchli",
            Family::LowRank => "lowrank",
            Family::RandRank => "randrank",
            Family::Lora => "lora",
        }
    }

    /// The family with this name.
    ///
    /// ```
    /// assert_eq!(exrank::float::Family::parse("hilbert"), Some(exrank::float::Family::Hilbert));
    /// assert_eq!(exrank::float::Family::parse("nope"), None);
    /// ```
    pub fn parse(name: &str) -> Option<Family> {
        ALL.iter().copied().find(|f| f.name() == name)
    }

    /// The matrices of size parameter `n ≥ 1` (two for Läuchli and LoRA).
    ///
    /// ```
    /// let cases = exrank::float::Family::Consecutive.cases(4);
    /// assert_eq!(cases[0].known_rank, Some(2));
    /// assert_eq!(cases[0].exact[(0, 1)], 5);
    /// ```
    pub fn cases(&self, n: usize) -> Vec<Case> {
        assert!(n >= 1, "size parameter must be at least 1");
        let case = |exact: ZMatrix, known: Option<usize>, note: &'static str| {
            let float = F64Matrix::from_zmatrix(&exact);
            Case {
                name: format!("{}-{n}", self.name()),
                family: self.name(),
                n,
                exact,
                float,
                known_rank: known,
                note,
            }
        };
        match self {
            Family::Consecutive => vec![case(
                ZMatrix::from_fn(n, n, |i, j| Integer::from(n * j + i + 1)),
                Some(n.min(2)),
                "entries 1..n^2: exact rank 2",
            )],
            Family::Magic => vec![case(magic(n), Some(magic_rank(n)), "MATLAB magic(n)")],
            Family::Hilbert => vec![hilbert(n)],
            Family::Pascal => vec![case(pascal(n), Some(n), "Pascal: det 1")],
            Family::Vandermonde => vec![case(
                ZMatrix::from_fn(n, n, |i, j| {
                    Integer::from(Integer::u_pow_u(i as u32 + 1, j as u32))
                }),
                Some(n),
                "Vandermonde on nodes 1..n",
            )],
            Family::Lauchli => lauchli(n),
            Family::LowRank => vec![low_rank(n)],
            Family::RandRank => vec![case(
                crate::matrix::gen::randrank(n, n, n / 2, 8, 4 * n, n as u64),
                Some(n / 2),
                "random integer matrix of rank n/2",
            )],
            Family::Lora => lora(n),
        }
    }
}

/// MATLAB's `magic(n)` (its odd, doubly-even and singly-even constructions).
///
/// ```
/// let m = exrank::float::families::magic(3);
/// assert_eq!(m.row(0).iter().map(|x| x.to_i32().unwrap()).collect::<Vec<_>>(), [8, 1, 6]);
/// ```
pub fn magic(n: usize) -> ZMatrix {
    let v = magic_i64(n);
    ZMatrix::from_fn(n, n, |i, j| Integer::from(v[i][j]))
}

fn magic_i64(n: usize) -> Vec<Vec<i64>> {
    let ni = n as i64;
    if n % 2 == 1 {
        // [J,I] = meshgrid(1:n); A = mod(I+J-(n+3)/2, n); B = mod(I+2J-2, n); M = n*A+B+1.
        (1..=ni)
            .map(|i| {
                (1..=ni)
                    .map(|j| {
                        let a = (i + j - (ni + 3) / 2).rem_euclid(ni);
                        let b = (i + 2 * j - 2).rem_euclid(ni);
                        ni * a + b + 1
                    })
                    .collect()
            })
            .collect()
    } else if n.is_multiple_of(4) {
        // Row-major 1..n², entries with fix(mod(I,4)/2) == fix(mod(J,4)/2) flipped.
        (1..=ni)
            .map(|i| {
                (1..=ni)
                    .map(|j| {
                        let v = (i - 1) * ni + j;
                        if (i % 4) / 2 == (j % 4) / 2 {
                            ni * ni + 1 - v
                        } else {
                            v
                        }
                    })
                    .collect()
            })
            .collect()
    } else {
        // Singly even: four shifted copies of magic(p), then LUX-style swaps.
        let p = n / 2;
        let small = magic_i64(p);
        let pp = (p * p) as i64;
        let mut m = vec![vec![0i64; n]; n];
        for i in 0..p {
            for j in 0..p {
                let v = small[i][j];
                m[i][j] = v;
                m[i][j + p] = v + 2 * pp;
                m[i + p][j] = v + 3 * pp;
                m[i + p][j + p] = v + pp;
            }
        }
        if n == 2 {
            return m;
        }
        let k = (n - 2) / 4;
        // Columns (1-based) 1..k and n-k+2..n, as 0-based indices.
        let cols: Vec<usize> = (0..k).chain(n - k + 1..n).collect();
        for i in 0..p {
            for &j in &cols {
                let t = m[i][j];
                m[i][j] = m[i + p][j];
                m[i + p][j] = t;
            }
        }
        for &j in &[0, k] {
            let t = m[k][j];
            m[k][j] = m[k + p][j];
            m[k + p][j] = t;
        }
        m
    }
}

/// The rank of `magic(n)`: n for odd n, 3 for n ≡ 0 (mod 4), n/2 + 2 for n ≡ 2 (mod 4)
/// (and 2 for n = 2). Tests confirm it by exact elimination.
///
/// ```
/// assert_eq!(exrank::float::families::magic_rank(6), 5);
/// ```
pub fn magic_rank(n: usize) -> usize {
    match n {
        1 | 2 => n,
        _ if n % 2 == 1 => n,
        _ if n.is_multiple_of(4) => 3,
        _ => n / 2 + 2,
    }
}

/// The n×n symmetric Pascal matrix C(i+j, i) (0-based).
///
/// ```
/// assert_eq!(exrank::float::families::pascal(3)[(2, 2)], 6);
/// ```
pub fn pascal(n: usize) -> ZMatrix {
    let mut p = ZMatrix::zeros(n, n);
    for i in 0..n {
        for j in 0..n {
            p[(i, j)] = if i == 0 || j == 0 {
                Integer::from(1)
            } else {
                Integer::from(&p[(i - 1, j)] + &p[(i, j - 1)])
            };
        }
    }
    p
}

fn hilbert(n: usize) -> Case {
    // L = lcm(1..2n-1) makes L·H an integer matrix with the same rank.
    let mut l = Integer::from(1);
    for k in 1..2 * n {
        l.lcm_u_mut(k as u32);
    }
    let exact = ZMatrix::from_fn(n, n, |i, j| Integer::from(&l / (i + j + 1) as u32));
    let float = F64Matrix::from_fn(n, n, |i, j| {
        nearest_f64(&Rational::from((1, (i + j + 1) as u32)))
    });
    Case {
        name: format!("hilbert-{n}"),
        family: "hilbert",
        n,
        exact,
        float,
        known_rank: Some(n),
        note: "exact: lcm(1..2n-1)·H; float: the nearest f64 of 1/(i+j-1)",
    }
}

fn lauchli(n: usize) -> Vec<Case> {
    let delta = 2f64.powi(-27);
    let two27 = Integer::from(1) << 27u32;
    // A = [1ᵀ; δI]; exact form 2^27·A = [2^27·1ᵀ; I].
    let a_exact = ZMatrix::from_fn(n + 1, n, |i, j| {
        if i == 0 {
            two27.clone()
        } else {
            Integer::from((i == j + 1) as u8)
        }
    });
    let a_float = F64Matrix::from_fn(n + 1, n, |i, j| {
        if i == 0 {
            1.0
        } else if i == j + 1 {
            delta
        } else {
            0.0
        }
    });
    // AᵀA = J + δ²I; exact form 2^54·AᵀA = 2^54·J + I. fl(AᵀA) rounds 1 + 2^-54 to 1.
    let ata_exact = a_exact.transpose().mul(&a_exact);
    let ata_float = a_float.transpose().mul(&a_float);
    vec![
        Case {
            name: format!("lauchli-{n}-A"),
            family: "lauchli",
            n,
            exact: a_exact,
            float: a_float,
            known_rank: Some(n),
            note: "Läuchli A = [1ᵀ; δI], δ = 2^-27",
        },
        Case {
            name: format!("lauchli-{n}-AtA"),
            family: "lauchli",
            n,
            exact: ata_exact,
            float: ata_float,
            known_rank: Some(n),
            note: "AᵀA: exact J + δ²I (rank n); the float side forms AᵀA in f64, getting J",
        },
    ]
}

fn low_rank(n: usize) -> Case {
    let r = n.min(3);
    let mut rng = ChaCha8Rng::seed_from_u64(0x10_0000 + n as u64);
    let mut digit = || {
        let v: i64 = rng.gen_range(1..=9);
        if rng.gen::<bool>() {
            -v
        } else {
            v
        }
    };
    let u = ZMatrix::from_fn(n, r, |_, k| Integer::from(digit()) << (24 * k as u32));
    let v = ZMatrix::from_fn(r, n, |_, _| Integer::from(digit()));
    // rank(UV) = r when U and V both have rank r (relation (4) of the seed).
    let known = (crate::bareiss::rank(&u) == r && crate::bareiss::rank(&v) == r).then_some(r);
    let exact = u.mul(&v);
    let float = F64Matrix::from_zmatrix(&exact);
    Case {
        name: format!("lowrank-{n}"),
        family: "lowrank",
        n,
        exact,
        float,
        known_rank: known,
        note: "U·V, U's columns scaled by 1, 2^24, 2^48",
    }
}

/// A standard normal sample by Box–Muller (rand 0.8 has no normal distribution without
/// another crate).
fn gaussian(rng: &mut ChaCha8Rng) -> f64 {
    let u1: f64 = 1.0 - rng.gen::<f64>(); // (0, 1]
    let u2: f64 = rng.gen();
    (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
}

/// The seed's LoRA factors: B (n×r) and A (r×n), Gaussian·0.01 as f64, r = min(4, n),
/// reproducible from `seed`.
///
/// ```
/// let (b, a) = exrank::float::families::lora_factors(8, 1);
/// assert_eq!((b.rows, b.cols, a.rows, a.cols), (8, 4, 4, 8));
/// ```
pub fn lora_factors(n: usize, seed: u64) -> (F64Matrix, F64Matrix) {
    let r = n.min(4);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let b = F64Matrix::from_fn(n, r, |_, _| gaussian(&mut rng) * 0.01);
    let a = F64Matrix::from_fn(r, n, |_, _| gaussian(&mut rng) * 0.01);
    (b, a)
}

fn lora(n: usize) -> Vec<Case> {
    let (b, a) = lora_factors(n, 768);
    let stored = b.mul(&a); // what `B @ A` leaves in memory: every entry rounded
    let (zb, _) = b.to_scaled_integers();
    let (za, _) = a.to_scaled_integers();
    let r = n.min(4);
    let known = (crate::bareiss::rank(&zb) == r && crate::bareiss::rank(&za) == r).then_some(r);
    vec![
        Case {
            name: format!("lora-{n}-ideal"),
            family: "lora",
            n,
            exact: zb.mul(&za), // 2^k · (B·A) exactly: the product of the stored factors
            float: stored.clone(),
            known_rank: known,
            note: "exact: the exact product of the stored factors; float: fl(B@A)",
        },
        Case {
            name: format!("lora-{n}-stored"),
            family: "lora",
            n,
            exact: stored.to_exact_zmatrix(),
            float: stored,
            known_rank: None,
            note: "exact: the rounded product fl(B@A) exactly as stored; float: the same",
        },
    ]
}
