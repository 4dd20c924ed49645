//! Arithmetic modulo word-size primes: rank mod p with pivots, and exact rank over Q from
//! several primes.
//!
//! | file | operation |
//! |---|---|
//! | `prime.rs` | primality, modular powers |
//! | `prime_stream.rs` | the primes in [2²², 2²³) the multimodular engine uses |
//! | `reduce.rs` | integer and rational matrices → residues mod p |
//! | `small_entries.rs` | a matrix's small entries read once as doubles (shared by elimination and kernel check) |
//! | `dense.rs` | rank mod p entry points, kernel choice by the size of p |
//! | `column_recursive.rs` | the recursive elimination shared by the two kernels below |
//! | `gfp_f64.rs` | p < 2²⁶: doubles, delayed reduction, recursive elimination on GEMM |
//! | `gfp_u64.rs` | p < 2⁶³: u64 residues, GEMM on 21-bit digits, Shoup row operations |
//! | `gfp.rs` | the plain reference elimination, kept as the test oracle |
//! | `dixon.rs` | rank ≤ r proved by an integer kernel basis (Dixon lifting, exact check) |
//! | `digit_scaling.rs` | the numerators d·u mod pᵏ of every coordinate from its p-adic digits, as one f64 product |
//! | `folded_lifting.rs` | Dixon steps streaming one matrix F = (B⁻¹·B − I)/p instead of two |
//! | `byte_plane_product.rs` | F times digit vectors as byte planes (AVX-512 VNNI) |
//! | `rational_reconstruction.rs` | fractions from residues: Lehmer scalar, lattice vector (common denominator) |
//! | `hadamard.rs` | exact Hadamard bounds on minors |
//! | `multimodular.rs` | rank over Q: max over primes, proof or error bound |

mod byte_plane_product;
mod column_recursive;
pub mod dense;
pub mod det_mod_p;
pub mod digit_scaling;
pub mod dixon;
mod folded_lifting;
pub mod gfp;
pub mod gfp_f64;
pub mod gfp_u64;
pub mod hadamard;
pub mod inverse_mod_p;
pub mod multimodular;
pub mod prime;
pub mod prime_stream;
pub mod rational_reconstruction;
pub mod reduce;
mod small_entries;

pub use dense::{rank_mod_p, rank_residues, ModElimination};
pub use multimodular::{rank_over_q, Goal, KernelCheck, MultimodularRank, Options, UpperBound};
pub use reduce::{reduce_parsed, reduce_zmatrix, residue};
pub use small_entries::SmallEntries;
