//! Arithmetic modulo word-size primes: rank mod p with pivots, and exact rank over Q from
//! several primes.

pub mod gfp;
pub mod prime;

pub use gfp::{rank_mod_p, ModElimination};
