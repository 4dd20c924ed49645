//! Collecting coordinate entries (Matrix Market `coordinate`, SMS). Duplicates are found
//! by one sort once the body is read, not by hashing each entry as it arrives: the sort is
//! needed anyway for row order, and it is several times faster than a hash set on
//! millions of entries. A body already in (row, col) order needs neither.

use super::matrix_market::negate;
use super::Scalar;
use crate::error::{ParseError, ParseErrorKind};

/// Coordinate entries (row, col, value), 0-based, as [`super::Entries::Coordinate`] holds
/// them.
pub(crate) type Triples = Vec<(usize, usize, Scalar)>;

/// How stored entries stand for their mirror images.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Mirror {
    /// Each entry is itself only.
    None,
    /// (i, j, v) also stands for (j, i, v).
    Symmetric,
    /// (i, j, v) also stands for (j, i, -v).
    Skew,
}

/// Entries as read, in file order, with the line of each. Files are usually written in
/// (row, col) order: while they are, nothing more is kept and the entries are already the
/// result (strictly increasing cells cannot repeat). Otherwise [`Collector::finish`] sorts
/// 16-byte keys (row and column packed in a u64 — both are below 2^32 — plus the
/// position), not whole entries.
pub(crate) struct Collector {
    entries: Vec<(usize, usize, Scalar)>,
    lines: Vec<usize>,
    in_order: bool,
}

impl Collector {
    pub(crate) fn with_capacity(n: usize) -> Self {
        Collector {
            entries: Vec::with_capacity(n),
            lines: Vec::with_capacity(n),
            in_order: true,
        }
    }

    /// Adds entry (i, j) (0-based, each at most [`super::MAX_DIMENSION`]) read on `line`.
    #[inline]
    pub(crate) fn push(&mut self, i: usize, j: usize, line: usize, v: Scalar) {
        if let Some(&(pi, pj, _)) = self.entries.last() {
            self.in_order &= (pi, pj) < (i, j);
        }
        self.entries.push((i, j, v));
        self.lines.push(line);
    }

    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// The nonzero entries in (row, col) order with mirrors added, or the first duplicate
    /// in file order (the error is on the line that repeats an earlier one).
    pub(crate) fn finish(mut self, mirror: Mirror) -> Result<Triples, ParseError> {
        if !self.in_order {
            self.entries = self.sorted()?;
        }
        let mut out = self.entries;
        // An explicit zero is valid but holds nothing.
        out.retain(|(_, _, v)| !v.is_zero());
        if mirror != Mirror::None {
            let mirrored: Vec<(usize, usize, Scalar)> = out
                .iter()
                .filter(|(i, j, _)| i != j)
                .map(|(i, j, v)| match mirror {
                    Mirror::Skew => (*j, *i, negate(v)),
                    _ => (*j, *i, v.clone()),
                })
                .collect();
            out.extend(mirrored);
            out.sort_unstable_by_key(|&(i, j, _)| (i, j));
        }
        Ok(out)
    }

    /// The entries in (row, col) order, or the first duplicate in file order.
    fn sorted(&mut self) -> Result<Triples, ParseError> {
        let mut keys: Vec<(u64, usize)> = self
            .entries
            .iter()
            .enumerate()
            .map(|(k, &(i, j, _))| (((i as u64) << 32) | j as u64, k))
            .collect();
        keys.sort_unstable();
        // Within a run of equal cells positions ascend, so w[0] is the earlier line.
        let mut repeat: Option<(usize, usize, u64)> = None; // (line, first line, cell)
        for w in keys.windows(2) {
            if w[0].0 == w[1].0 {
                let (line, first) = (self.lines[w[1].1], self.lines[w[0].1]);
                // The smallest repeat line of a run comes from its first window, whose
                // w[0] is the run's first line.
                if repeat.is_none_or(|(l, ..)| line < l) {
                    repeat = Some((line, first, w[0].0));
                }
            }
        }
        if let Some((line, first, cell)) = repeat {
            let (i, j) = (cell >> 32, cell & 0xFFFF_FFFF);
            return Err(ParseError::new(
                line,
                ParseErrorKind::DuplicateEntry,
                format!(
                    "entry ({}, {}) appears again (first on line {first}); duplicates are rejected, not summed",
                    i + 1,
                    j + 1
                ),
            ));
        }
        Ok(keys
            .iter()
            .map(|&(_, k)| {
                let (i, j, v) = &mut self.entries[k];
                (*i, *j, std::mem::replace(v, Scalar::Int(0)))
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};
    use std::collections::BTreeMap;

    /// A naive oracle: the first repeated cell in file order, else the nonzeros by cell.
    fn oracle(entries: &[(usize, usize, i64)], mirror: Mirror) -> Result<Triples, (usize, usize)> {
        let mut seen: BTreeMap<(usize, usize), usize> = BTreeMap::new();
        for (line, &(i, j, _)) in entries.iter().enumerate() {
            if let Some(&first) = seen.get(&(i, j)) {
                return Err((line + 1, first));
            }
            seen.insert((i, j), line + 1);
        }
        let mut out = BTreeMap::new();
        for &(i, j, v) in entries.iter().filter(|e| e.2 != 0) {
            out.insert((i, j), v);
            match mirror {
                Mirror::None => {}
                _ if i == j => {}
                Mirror::Symmetric => drop(out.insert((j, i), v)),
                Mirror::Skew => drop(out.insert((j, i), -v)),
            }
        }
        Ok(out
            .into_iter()
            .map(|((i, j), v)| (i, j, Scalar::Int(v)))
            .collect())
    }

    #[test]
    fn ordered_and_shuffled_bodies_match_a_naive_oracle() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(15);
        for case in 0..2000 {
            let mirror = [Mirror::None, Mirror::Symmetric, Mirror::Skew][case % 3];
            let n = rng.gen_range(1..6usize);
            let mut cells: Vec<(usize, usize)> = (0..n)
                .flat_map(|i| (0..n).map(move |j| (i, j)))
                .filter(|&(i, j)| mirror == Mirror::None || i >= j)
                .filter(|_| rng.gen_bool(0.5))
                .collect();
            match rng.gen_range(0..4) {
                0 => cells.reverse(),
                1 if !cells.is_empty() => {
                    let k = rng.gen_range(0..cells.len()); // a duplicate
                    cells.insert(rng.gen_range(0..=cells.len()), cells[k]);
                }
                2 if cells.len() > 1 => {
                    let (a, b) = (rng.gen_range(0..cells.len()), rng.gen_range(0..cells.len()));
                    cells.swap(a, b);
                }
                _ => {} // in order
            }
            let entries: Vec<(usize, usize, i64)> = cells
                .iter()
                .map(|&(i, j)| (i, j, rng.gen_range(-2..=2)))
                .collect();
            let mut c = Collector::with_capacity(0);
            for (line, &(i, j, v)) in entries.iter().enumerate() {
                c.push(i, j, line + 1, Scalar::Int(v));
            }
            let got = c.finish(mirror).map_err(|e| {
                let first = e.message.split("first on line ").nth(1).unwrap();
                (e.line, first.split(')').next().unwrap().parse().unwrap())
            });
            assert_eq!(got, oracle(&entries, mirror), "case {case}: {entries:?}");
        }
    }
}
