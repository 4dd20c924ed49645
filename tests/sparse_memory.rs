//! A coordinate input with 10⁶ rows and a few nonzeros per row builds in memory
//! proportional to the nonzeros (never rows × cols), and a 10⁶-row structured matrix is
//! eliminated. The byte estimates are the structures' own accounting of their buffers.

use exrank::io::{Entries, Parsed, Scalar};
use exrank::sparse::{rank_parsed_mod_p, SparseModMatrix, SparseParams, SparseZMatrix};

const N: usize = 1_000_000;

/// Row i holds (i, i) = 1 and (i, i+1) = −1 (the path's boundary, transposed), plus a
/// third entry far away every other row.
fn bidiagonal_plus() -> Parsed {
    let mut e = Vec::with_capacity(3 * N);
    for i in 0..N {
        e.push((i, i, Scalar::Int(1)));
        if i + 1 < N {
            e.push((i, i + 1, Scalar::Int(-1)));
        }
        if i % 2 == 0 {
            e.push((i, (i * 7919 + 13) % N, Scalar::Int(2)));
        }
    }
    // Drop duplicates the third entry may have produced.
    e.sort_by_key(|x| (x.0, x.1));
    e.dedup_by_key(|x| (x.0, x.1));
    Parsed {
        rows: N,
        cols: N,
        entries: Entries::Coordinate(e),
    }
}

#[test]
fn million_row_coordinate_input_builds_in_memory_proportional_to_nnz() {
    let parsed = bidiagonal_plus();
    let Entries::Coordinate(e) = &parsed.entries else {
        unreachable!()
    };
    let nnz = e.len();
    let z = SparseZMatrix::from_parsed(&parsed).unwrap();
    let m = SparseModMatrix::from_parsed(&parsed, 65_521).unwrap();
    assert_eq!(z.nnz(), nnz);
    assert_eq!(m.nnz(), nnz);
    // Offsets + indices + values; rows × cols would be 10¹² cells.
    assert!(
        m.heap_bytes() <= 8 * (N + 1) + 12 * nnz,
        "{} bytes",
        m.heap_bytes()
    );
    assert!(
        z.heap_bytes() <= 8 * (N + 1) + 20 * nnz,
        "{} bytes",
        z.heap_bytes()
    );
    assert!(m.heap_bytes() < 64 << 20);
}

#[test]
fn million_row_matrix_is_eliminated() {
    // The bidiagonal part alone: upper bidiagonal with unit diagonal, rank N.
    let mut e = Vec::with_capacity(2 * N);
    for i in 0..N {
        e.push((i, i, Scalar::Int(1)));
        if i + 1 < N {
            e.push((i, i + 1, Scalar::Int(-1)));
        }
    }
    let parsed = Parsed {
        rows: N,
        cols: N,
        entries: Entries::Coordinate(e),
    };
    let r = rank_parsed_mod_p(&parsed, 2, &SparseParams::quiet()).unwrap();
    assert_eq!(r.rank, N);
    // Drop the last diagonal entry: the last row keeps nothing → rank N − 1.
    let Entries::Coordinate(mut e) = parsed.entries else {
        unreachable!()
    };
    e.retain(|x| x.0 != N - 1);
    let parsed = Parsed {
        rows: N,
        cols: N,
        entries: Entries::Coordinate(e),
    };
    assert_eq!(
        rank_parsed_mod_p(&parsed, 2, &SparseParams::quiet())
            .unwrap()
            .rank,
        N - 1
    );
}
