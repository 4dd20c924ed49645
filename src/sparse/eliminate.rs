//! Sparse Gaussian elimination mod p in rounds. Each round picks structural pivots from
//! the pattern (see [`super::pivots`]), then computes the Schur complement of the other
//! rows against them with a sparse triangular solve per row (rows are independent, so
//! they run in parallel). The loop stops when nothing is left, or hands the remaining
//! Schur complement to the dense kernel once it is dense enough (or pivots stop coming),
//! because past that point sparse bookkeeping costs more than it saves.
//!
//! The union over rounds of the pivot rows and columns spans a submatrix that is
//! nonsingular mod p (block triangular with nonsingular diagonal blocks), which is what
//! the lower bound of the rank over Q rests on.

use super::dense_tail::{add_mod, inv_mod, mul_mod, rank_dense_mod_p};
use super::matrix::SparseModMatrix;
use super::pivots::structural_pivots;
use super::progress::Progress;
use super::SparseParams;
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::BinaryHeap;
use std::sync::atomic::{AtomicUsize, Ordering};

/// One sparse round: the matrix it started from, the pivots it found and the Schur
/// complement it left, with the time spent (memo and Schur complement).
#[derive(Clone, Debug, PartialEq)]
pub struct RoundStats {
    /// Rows at the start of the round.
    pub rows: usize,
    /// Columns that still hold a nonzero.
    pub live_cols: usize,
    /// Nonzeros at the start of the round.
    pub nnz: usize,
    /// Structural pivots found.
    pub pivots: usize,
    /// Nonzero rows of the Schur complement.
    pub schur_rows: usize,
    /// Nonzeros of the Schur complement.
    pub schur_nnz: usize,
    /// Wall-clock seconds.
    pub seconds: f64,
}

/// What sparse elimination mod p found.
#[derive(Clone, Debug, PartialEq)]
pub struct SparseElimination {
    /// The prime.
    pub p: u64,
    /// Rank over GF(p).
    pub rank: usize,
    /// Pivot rows, ascending; with `pivot_cols` they index a submatrix that is
    /// nonsingular mod p.
    pub pivot_rows: Vec<usize>,
    /// Pivot columns, ascending (an independent set of columns, not necessarily the
    /// lexicographically first one).
    pub pivot_cols: Vec<usize>,
    /// Number of sparse pivoting rounds.
    pub rounds: usize,
    /// What each sparse round did (for tuning and the benchmark driver).
    pub log: Vec<RoundStats>,
    /// Shape (rows, columns) of the Schur complement handed to the dense kernel, if any.
    pub dense_tail: Option<(usize, usize)>,
}

const NONE: u32 = u32::MAX;

/// Scratch space for reducing one row against the pivots: a dense accumulator over the
/// columns and a stamp saying which accumulator slots belong to the current row.
struct Workspace {
    acc: Vec<u64>,
    stamp: Vec<u32>,
    generation: u32,
    heap: BinaryHeap<u32>,
    pattern: Vec<u32>,
}

impl Workspace {
    fn new(cols: usize) -> Self {
        Workspace {
            acc: vec![0; cols],
            stamp: vec![0; cols],
            generation: 0,
            heap: BinaryHeap::new(),
            pattern: Vec::new(),
        }
    }
}

/// Largest memoised reduced pivot row (entries). Pivot rows whose reduced form stays
/// this short are applied in one step; longer ones are expanded through the raw row
/// each time, which costs time but no memory. At most 64·12 bytes per pivot. Measured
/// with `benches/sparse_vs_linbox.sh` (2-core machine under load): without the memo,
/// 2-torus ∂₂ at 10⁶ rows took 60 s, with it 0.7 s; on 3-torus ∂₂ at 10⁶ rows a cap of
/// 64 took 13.6 s of CPU against 17.8 s for a cap of 16.
const MEMO_CAP: usize = 64;

/// The pivots of one round, indexed by pivot number k, with the memo of reduced pivot
/// rows: Uₖ = (row rₖ reduced by pivots l < k) / its pivot value, restricted to the
/// non-pivot columns. Applying Uₖ removes a row's entry in cₖ without touching any other
/// pivot column, so a chain of pivots collapses into one step.
struct RoundPivots<'a> {
    m: &'a SparseModMatrix,
    rows: Vec<usize>,
    cols: Vec<u32>,
    inv: Vec<u64>,
    pivot_of_col: Vec<u32>,
    memo_range: Vec<Option<(usize, usize)>>,
    memo_cols: Vec<u32>,
    memo_vals: Vec<u64>,
}

impl RoundPivots<'_> {
    fn memo(&self, k: usize) -> Option<(&[u32], &[u64])> {
        let (a, b) = (*self.memo_range.get(k)?)?;
        Some((&self.memo_cols[a..b], &self.memo_vals[a..b]))
    }

    /// Builds the memo in increasing pivot order (each Uₖ only needs l < k).
    fn build_memo(&mut self, w: &mut Workspace) {
        let (mut c, mut v) = (Vec::new(), Vec::new());
        for k in 0..self.rows.len() {
            c.clear();
            v.clear();
            reduce_row(self.rows[k], self, w, Some(self.cols[k]), &mut c, &mut v);
            if c.len() <= MEMO_CAP {
                let (s, p) = (self.inv[k], self.m.p);
                let a = self.memo_cols.len();
                self.memo_cols.extend_from_slice(&c);
                self.memo_vals.extend(v.iter().map(|&x| mul_mod(x, s, p)));
                self.memo_range.push(Some((a, self.memo_cols.len())));
            } else {
                self.memo_range.push(None);
            }
        }
    }
}

/// Reduces row `i` of `m` against the pivots, largest pivot number first (the triangular
/// order makes that fill-free among pivots), and appends the surviving entries. With
/// `skip = Some(c)` the entry in column c is left out (used to build the memo).
fn reduce_row(
    i: usize,
    piv: &RoundPivots,
    w: &mut Workspace,
    skip: Option<u32>,
    out_c: &mut Vec<u32>,
    out_v: &mut Vec<u64>,
) {
    let p = piv.m.p;
    w.generation = w.generation.wrapping_add(1);
    if w.generation == 0 {
        w.stamp.iter_mut().for_each(|s| *s = 0);
        w.generation = 1;
    }
    let g = w.generation;
    w.pattern.clear();
    let (c, v) = piv.m.row(i);
    for (&j, &x) in c.iter().zip(v) {
        if Some(j) == skip {
            continue;
        }
        w.acc[j as usize] = x;
        w.stamp[j as usize] = g;
        match piv.pivot_of_col[j as usize] {
            NONE => w.pattern.push(j),
            k => w.heap.push(k),
        }
    }
    while let Some(k) = w.heap.pop() {
        let ck = piv.cols[k as usize] as usize;
        let lead = w.acc[ck];
        if lead == 0 {
            continue;
        }
        w.acc[ck] = 0;
        let (pc, pv, f) = match piv.memo(k as usize) {
            Some((mc, mv)) => (mc, mv, p - lead),
            None => {
                let (rc, rv) = piv.m.row(piv.rows[k as usize]);
                (rc, rv, p - mul_mod(lead, piv.inv[k as usize], p))
            }
        };
        for (&j, &x) in pc.iter().zip(pv) {
            let ju = j as usize;
            if ju == ck {
                continue;
            }
            if w.stamp[ju] != g {
                w.stamp[ju] = g;
                w.acc[ju] = 0;
                match piv.pivot_of_col[ju] {
                    NONE => w.pattern.push(j),
                    l => w.heap.push(l),
                }
            }
            w.acc[ju] = add_mod(w.acc[ju], mul_mod(f, x, p), p);
        }
    }
    for &j in &w.pattern {
        let x = w.acc[j as usize];
        if x != 0 {
            out_c.push(j);
            out_v.push(x);
        }
    }
}

/// One parallel chunk of the Schur complement: row ids, row lengths, columns, values.
type SchurPiece = (Vec<usize>, Vec<usize>, Vec<u32>, Vec<u64>);

/// The Schur complement of the non-pivot rows (nonzero rows only) and their row ids.
fn schur_complement(
    piv: &RoundPivots,
    others: &[usize],
    row_ids: &[usize],
    progress: &Progress,
    settled: &AtomicUsize,
) -> (SparseModMatrix, Vec<usize>) {
    let m = piv.m;
    const CHUNK: usize = 2048;
    let pieces: Vec<SchurPiece> = others
        .par_chunks(CHUNK)
        .map_init(
            || Workspace::new(m.cols),
            |w, chunk| {
                let (mut ids, mut lens, mut cs, mut vs) =
                    (Vec::new(), Vec::new(), Vec::new(), Vec::new());
                for &i in chunk {
                    let before = cs.len();
                    reduce_row(i, piv, w, None, &mut cs, &mut vs);
                    if cs.len() > before {
                        ids.push(row_ids[i]);
                        lens.push(cs.len() - before);
                    } else {
                        settled.fetch_add(1, Ordering::Relaxed);
                    }
                }
                progress.settle(settled.load(Ordering::Relaxed));
                (ids, lens, cs, vs)
            },
        )
        .collect();
    let nnz: usize = pieces.iter().map(|x| x.2.len()).sum();
    let nrows: usize = pieces.iter().map(|x| x.0.len()).sum();
    let mut ids = Vec::with_capacity(nrows);
    let mut row_ptr = Vec::with_capacity(nrows + 1);
    row_ptr.push(0);
    let mut col_idx = Vec::with_capacity(nnz);
    let mut vals = Vec::with_capacity(nnz);
    for (pi, pl, pc, pv) in pieces {
        ids.extend(pi);
        for l in pl {
            row_ptr.push(row_ptr.last().unwrap() + l);
        }
        col_idx.extend(pc);
        vals.extend(pv);
    }
    let s = SparseModMatrix {
        rows: nrows,
        cols: m.cols,
        p: m.p,
        row_ptr,
        col_idx,
        vals,
    };
    (s, ids)
}

/// Rank mod p of a sparse matrix, with pivot rows and columns.
///
/// ```
/// use exrank::io::{Parsed, Entries, Scalar};
/// use exrank::sparse::{SparseModMatrix, SparseParams, eliminate::eliminate_mod_p};
/// // Boundary of a triangle: rank 2 over every field.
/// let e = vec![(0,0,-1),(1,0,1),(0,1,-1),(2,1,1),(1,2,-1),(2,2,1)]
///     .into_iter().map(|(i, j, v)| (i, j, Scalar::Int(v))).collect();
/// let m = SparseModMatrix::from_parsed(&Parsed { rows: 3, cols: 3, entries: Entries::Coordinate(e) }, 2).unwrap();
/// let r = eliminate_mod_p(&m, &SparseParams { progress: false, ..Default::default() });
/// assert_eq!(r.rank, 2);
/// ```
pub fn eliminate_mod_p(m: &SparseModMatrix, params: &SparseParams) -> SparseElimination {
    let p = m.p;
    let progress = Progress::new(m.rows, &format!("rank mod {p}"), params.progress);
    let settled =
        AtomicUsize::new(m.rows - (0..m.rows).filter(|&i| !m.row(i).0.is_empty()).count());
    let mut cur: Cow<SparseModMatrix> = Cow::Borrowed(m);
    let mut row_ids: Vec<usize> = (0..m.rows).collect();
    let mut pivot_rows = Vec::new();
    let mut pivot_cols = Vec::new();
    let mut rounds = 0;
    let mut log = Vec::new();
    let mut dense_tail = None;
    let mut stalled = false;
    let mut seen = vec![false; m.cols];
    while cur.nnz() > 0 {
        // Which columns are still alive, and how dense is what remains?
        let mut live: Vec<u32> = Vec::new();
        for &j in &cur.col_idx {
            if !seen[j as usize] {
                seen[j as usize] = true;
                live.push(j);
            }
        }
        live.iter().for_each(|&j| seen[j as usize] = false);
        let cells = cur.rows as u128 * live.len() as u128;
        let density = cur.nnz() as f64 / cells as f64;
        progress.update(settled.load(Ordering::Relaxed), density);
        let fits = cells * 8 <= params.dense_tail_max_bytes as u128;
        if fits && (density >= params.dense_switch_density || cells <= 1 << 14 || stalled) {
            live.sort_unstable();
            let t = dense_finish(&cur, &live);
            pivot_rows.extend(t.pivot_rows.iter().map(|&i| row_ids[i]));
            pivot_cols.extend(t.pivot_cols.iter().map(|&j| live[j] as usize));
            dense_tail = Some((cur.rows, live.len()));
            break;
        }
        rounds += 1;
        let piv = structural_pivots(&cur);
        let mut pivot_of_col = vec![NONE; cur.cols];
        let mut is_pivot = vec![false; cur.rows];
        for (k, &(r, c)) in piv.iter().enumerate() {
            pivot_of_col[c as usize] = k as u32;
            is_pivot[r] = true;
            pivot_rows.push(row_ids[r]);
            pivot_cols.push(c as usize);
        }
        settled.fetch_add(piv.len(), Ordering::Relaxed);
        let t0 = std::time::Instant::now();
        let mut rp = RoundPivots {
            m: &cur,
            inv: piv
                .iter()
                .map(|&(r, c)| inv_mod(cur.get(r, c as usize), p))
                .collect(),
            rows: piv.iter().map(|x| x.0).collect(),
            cols: piv.iter().map(|x| x.1).collect(),
            pivot_of_col,
            memo_range: Vec::new(),
            memo_cols: Vec::new(),
            memo_vals: Vec::new(),
        };
        rp.build_memo(&mut Workspace::new(cur.cols));
        let others: Vec<usize> = (0..cur.rows)
            .filter(|&i| !is_pivot[i] && !cur.row(i).0.is_empty())
            .collect();
        stalled = piv.len() * 50 < others.len();
        let (s, ids) = schur_complement(&rp, &others, &row_ids, &progress, &settled);
        log.push(RoundStats {
            rows: cur.rows,
            live_cols: live.len(),
            nnz: cur.nnz(),
            pivots: piv.len(),
            schur_rows: s.rows,
            schur_nnz: s.nnz(),
            seconds: t0.elapsed().as_secs_f64(),
        });
        drop(rp);
        cur = Cow::Owned(s);
        row_ids = ids;
    }
    progress.finish();
    let rank = pivot_rows.len();
    pivot_rows.sort_unstable();
    pivot_cols.sort_unstable();
    SparseElimination {
        p,
        rank,
        pivot_rows,
        pivot_cols,
        rounds,
        log,
        dense_tail,
    }
}

/// Copies the remaining rows onto the `live` columns densely and eliminates there.
fn dense_finish(cur: &SparseModMatrix, live: &[u32]) -> super::dense_tail::DenseTail {
    let nc = live.len();
    let mut local = vec![NONE; cur.cols];
    for (k, &j) in live.iter().enumerate() {
        local[j as usize] = k as u32;
    }
    let mut buf = vec![0u64; cur.rows * nc];
    for i in 0..cur.rows {
        let (c, v) = cur.row(i);
        for (&j, &x) in c.iter().zip(v) {
            buf[i * nc + local[j as usize] as usize] = x;
        }
    }
    rank_dense_mod_p(&mut buf, cur.rows, nc, cur.p)
}
