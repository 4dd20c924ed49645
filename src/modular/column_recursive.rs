//! The column-recursive elimination shared by the fast GF(p) kernels ([`super::gfp_f64`],
//! [`super::gfp_u64`]): eliminate the left half of the columns, turn the pivot rows of the
//! right half into U with a recursive triangular solve, subtract `L21 · U12` from the rows
//! below, then eliminate the right half. Almost all the work lands in that subtraction, a
//! matrix product the kernels compute exactly modulo p in their own way.
//!
//! Pivots are searched column by column, first nonzero row first, with whole-row swaps, so
//! the pivot columns are exactly the column rank profile and the row choices equal those
//! of the reference row-by-row elimination ([`super::gfp`]). The multipliers L are stored
//! in place, in each pivot's column below its row.

use super::dense::ModElimination;
use faer::Par;
use rayon::prelude::*;

/// What a kernel supplies: its entry type, the narrow row-by-row steps, and the product.
pub(crate) trait BlockKernel: Copy + Send + Sync {
    /// A residue in [0, p) as the kernel stores it.
    type Elem: Copy + PartialEq + Default + Send + Sync;

    /// Column blocks at most this wide are eliminated row by row.
    const BASE_WIDTH: usize;

    /// Row-by-row elimination of columns [c0, c1) of rows [r0, m) of the row-major `a`
    /// (row stride n): pushes its pivot columns, swaps rows in `a` and `perm`, stores the
    /// multipliers below each pivot, leaves residues, returns the number of pivots.
    #[allow(clippy::too_many_arguments)]
    fn eliminate_base(
        &self,
        a: &mut [Self::Elem],
        m: usize,
        n: usize,
        r0: usize,
        c0: usize,
        c1: usize,
        perm: &mut [usize],
        pivot_cols: &mut Vec<usize>,
    ) -> usize;

    /// Rows r0 .. r0 + piv.len() of columns [c0, c1) become L11⁻¹·A12 (L11 unit lower
    /// triangular, its entries in the pivot columns `piv` of those rows), row by row.
    fn solve_base(
        &self,
        a: &mut [Self::Elem],
        n: usize,
        r0: usize,
        piv: &[usize],
        c0: usize,
        c1: usize,
    );

    /// The right factor of a product in the form `sub_product` multiplies by.
    type Right: Sync;

    /// Prepares the k × w right factor whose rows start at `u[t·stride]` (residues), once
    /// for all the row blocks of an update.
    fn prepare_right(&self, u: &[Self::Elem], stride: usize, k: usize, w: usize) -> Self::Right;

    /// `dst −= l · u` modulo p, where dst is rows × w with row stride n, l is rows × k
    /// (row-major, gathered with [`BlockKernel::gather`]) and u is k × w, prepared.
    #[allow(clippy::too_many_arguments)]
    fn sub_product(
        &self,
        dst: &mut [Self::Elem],
        n: usize,
        rows: usize,
        w: usize,
        l: &[Self::Elem],
        u: &Self::Right,
        k: usize,
        par: Par,
    );

    /// How a multiplier is copied out of the matrix into the left factor (the f64 kernel
    /// centres it; the default keeps it).
    #[inline(always)]
    fn gather(&self, x: Self::Elem) -> Self::Elem {
        x
    }
}

/// Rank, pivot rows (ascending, original indices) and pivot columns of the row-major
/// `rows × cols` residue matrix `a` (destroyed) over GF(p) with `kernel`.
pub(crate) fn eliminate<K: BlockKernel>(
    kernel: K,
    p: u64,
    a: &mut [K::Elem],
    rows: usize,
    cols: usize,
    par: Par,
) -> ModElimination {
    eliminate_in_blocks(kernel, p, a, rows, cols, par, BLOCK_ENTRIES)
}

/// [`eliminate`] with products cut into blocks of about `block_entries` operand entries
/// (tests use small ones to exercise the blocking on small matrices).
fn eliminate_in_blocks<K: BlockKernel>(
    kernel: K,
    p: u64,
    a: &mut [K::Elem],
    rows: usize,
    cols: usize,
    par: Par,
    block_entries: usize,
) -> ModElimination {
    assert_eq!(a.len(), rows * cols, "buffer length must be rows * cols");
    let mut e = Eliminator {
        kernel,
        a,
        m: rows,
        n: cols,
        perm: (0..rows).collect(),
        pivot_cols: Vec::new(),
        par,
        block_entries,
    };
    let rank = e.eliminate(0, 0, cols);
    let mut pivot_rows = e.perm[..rank].to_vec();
    pivot_rows.sort_unstable();
    ModElimination {
        p,
        rank,
        pivot_rows,
        pivot_cols: e.pivot_cols,
    }
}

struct Eliminator<'a, K: BlockKernel> {
    kernel: K,
    a: &'a mut [K::Elem],
    m: usize,
    n: usize,
    perm: Vec<usize>,
    pivot_cols: Vec<usize>,
    par: Par,
    block_entries: usize,
}

impl<K: BlockKernel> Eliminator<'_, K> {
    /// Eliminates columns [c0, c1) of rows [r0, m); returns how many pivots it found (their
    /// columns are appended to `pivot_cols`, their rows are r0.. r0 + k after swaps).
    fn eliminate(&mut self, r0: usize, c0: usize, c1: usize) -> usize {
        if r0 == self.m || c0 == c1 {
            return 0;
        }
        if c1 - c0 <= K::BASE_WIDTH {
            let (m, n) = (self.m, self.n);
            return self.kernel.eliminate_base(
                self.a,
                m,
                n,
                r0,
                c0,
                c1,
                &mut self.perm,
                &mut self.pivot_cols,
            );
        }
        let cm = c0 + (c1 - c0) / 2;
        let k1 = self.eliminate(r0, c0, cm);
        if k1 > 0 {
            let piv: Vec<usize> = self.pivot_cols[self.pivot_cols.len() - k1..].to_vec();
            self.solve_upper_rows(r0, &piv, cm, c1);
            let below = self.m - r0 - k1;
            if below > 0 {
                self.update(r0 + k1, below, r0, &piv, cm, c1);
            }
        }
        let k2 = self.eliminate(r0 + k1, cm, c1);
        k1 + k2
    }

    /// Turns rows r0 .. r0 + k (k = piv.len()) of columns [c0, c1) into U12 = L11⁻¹ A12,
    /// recursively so the bulk is a matrix product.
    fn solve_upper_rows(&mut self, r0: usize, piv: &[usize], c0: usize, c1: usize) {
        let k = piv.len();
        if k <= K::BASE_WIDTH {
            return self.kernel.solve_base(self.a, self.n, r0, piv, c0, c1);
        }
        let h = k / 2;
        self.solve_upper_rows(r0, &piv[..h], c0, c1);
        self.update(r0 + h, k - h, r0, &piv[..h], c0, c1);
        self.solve_upper_rows(r0 + h, &piv[h..], c0, c1);
    }

    /// Rows [r0, r0 + rows) of columns [c0, c1) −= their multipliers in the pivot columns
    /// `piv` times rows u0 .. u0 + piv.len() of the same columns.
    ///
    /// The product goes by column blocks and row blocks of about `block_entries`
    /// operand entries, so the kernels' temporaries (up to nine f64 digit planes per
    /// entry) stay a bounded multiple of that, whatever n. With several threads the row
    /// blocks run in parallel, each a whole one-thread product (operand preparation,
    /// GEMM, reduction): every pass is parallel and the threads never wait for each other
    /// inside a product.
    fn update(&mut self, r0: usize, rows: usize, u0: usize, piv: &[usize], c0: usize, c1: usize) {
        let n = self.n;
        let k = piv.len();
        let mut l = Vec::with_capacity(rows * k);
        for i in r0..r0 + rows {
            let row = &self.a[i * n..(i + 1) * n];
            l.extend(piv.iter().map(|&c| self.kernel.gather(row[c])));
        }
        let kernel = self.kernel;
        let threads = match self.par {
            Par::Seq => 1,
            Par::Rayon(t) => t.get(),
        };
        let col_block = (self.block_entries / k).max(PARALLEL_MIN_ROWS);
        let mut cb = c0;
        while cb < c1 {
            let w = col_block.min(c1 - cb);
            let u = kernel.prepare_right(&self.a[u0 * n + cb..], n, k, w);
            let dst = &mut self.a[r0 * n + cb..(r0 + rows - 1) * n + cb + w];
            let max_rows = (self.block_entries / (k + w)).max(PARALLEL_MIN_ROWS);
            // In parallel, about two blocks per thread, so that a thread slowed by other
            // work hands its share over.
            let block = rows
                .div_ceil(2 * threads)
                .max(PARALLEL_MIN_ROWS)
                .min(max_rows);
            if threads == 1 || block >= rows || k * w < PARALLEL_MIN_ROWS * PARALLEL_MIN_ROWS {
                let block = rows.min(max_rows);
                for (d, lb) in dst.chunks_mut(block * n).zip(l.chunks(block * k)) {
                    kernel.sub_product(d, n, lb.len() / k, w, lb, &u, k, self.par);
                }
            } else {
                dst.par_chunks_mut(block * n)
                    .zip(l.par_chunks(block * k))
                    .for_each(|(d, lb)| {
                        kernel.sub_product(d, n, lb.len() / k, w, lb, &u, k, Par::Seq);
                    });
            }
            cb += w;
        }
    }
}

/// Row blocks of a parallel update have at least this many rows (and products at least
/// this squared in k·w): smaller ones are not worth a thread hand-off.
const PARALLEL_MIN_ROWS: usize = 64;

/// Operand entries per product block (k·w for the right factor, rows·(k + w) for a row
/// block): 2²² keeps every product at n ≤ 2000 whole, and the temporaries of the 62-bit
/// kernel below a few hundred MiB at any n.
const BLOCK_ENTRIES: usize = 1 << 22;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matrix::gen::{randrank, uniform};
    use crate::modular::gfp_f64::GfpF64;
    use crate::modular::gfp_u64::GfpU64;
    use crate::modular::{gfp, reduce_zmatrix};

    #[test]
    fn blocked_products_match_reference() {
        // Blocks of 4096 entries with at least 64 rows or columns: the 200-wide updates
        // are cut into several column and row blocks, one thread and two.
        let full = uniform(260, 250, 1000, 5);
        let low = randrank(260, 250, 150, 20, 2000, 6);
        for a in [&full, &low] {
            for p in [8_388_593u64, 67_108_859, 4_611_686_018_427_387_847] {
                let want = gfp::rank_mod_p(a, p);
                for par in [Par::Seq, Par::rayon(2)] {
                    let res = reduce_zmatrix(a, p);
                    let (m, n) = (a.rows(), a.cols());
                    let got = if p < 1 << 26 {
                        let mut d: Vec<f64> = res.iter().map(|&x| x as f64).collect();
                        eliminate_in_blocks(GfpF64::new(p), p, &mut d, m, n, par, 4096)
                    } else {
                        let mut d = res;
                        eliminate_in_blocks(GfpU64 { p }, p, &mut d, m, n, par, 4096)
                    };
                    assert_eq!(got, want, "p = {p}, rank {}", want.rank);
                }
            }
        }
    }
}
