//! Collecting coordinate entries (Matrix Market `coordinate`, SMS). Duplicates are found
//! by one sort once the body is read, not by hashing each entry as it arrives: the sort is
//! needed anyway for row order, and it is several times faster than a hash set on
//! millions of entries.

use super::matrix_market::negate;
use super::Scalar;
use crate::error::{ParseError, ParseErrorKind};

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

/// Entries as read, in file order: the line and value of each, and a sort key per entry
/// (row and column packed in a u64 — both are below 2^32 — plus its position), so the sort
/// moves 16-byte keys rather than whole entries.
pub(crate) struct Collector {
    stored: Vec<(usize, Scalar)>,
    keys: Vec<(u64, usize)>,
}

impl Collector {
    pub(crate) fn with_capacity(n: usize) -> Self {
        Collector {
            stored: Vec::with_capacity(n),
            keys: Vec::with_capacity(n),
        }
    }

    /// Adds entry (i, j) (0-based, each at most [`super::MAX_DIMENSION`]) read on `line`.
    pub(crate) fn push(&mut self, i: usize, j: usize, line: usize, v: Scalar) {
        self.keys
            .push((((i as u64) << 32) | j as u64, self.stored.len()));
        self.stored.push((line, v));
    }

    pub(crate) fn len(&self) -> usize {
        self.stored.len()
    }

    /// The nonzero entries in (row, col) order with mirrors added, or the first duplicate
    /// in file order (the error is on the line that repeats an earlier one).
    pub(crate) fn finish(
        mut self,
        mirror: Mirror,
    ) -> Result<Vec<(usize, usize, Scalar)>, ParseError> {
        self.keys.sort_unstable();
        // Within a run of equal cells positions ascend, so w[0] is the earlier line.
        let mut repeat: Option<(usize, usize, u64)> = None; // (line, first line, cell)
        for w in self.keys.windows(2) {
            if w[0].0 == w[1].0 {
                let (line, first) = (self.stored[w[1].1].0, self.stored[w[0].1].0);
                // The smallest repeat line of a run comes from its first window, whose
                // w[0] is the run's first line.
                if repeat.map_or(true, |(l, ..)| line < l) {
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
        let mut out: Vec<(usize, usize, Scalar)> = Vec::with_capacity(self.stored.len());
        for &(cell, k) in &self.keys {
            let v = std::mem::replace(&mut self.stored[k].1, Scalar::Int(0));
            if v.is_zero() {
                continue; // an explicit zero is valid but holds nothing
            }
            let (i, j) = ((cell >> 32) as usize, (cell & 0xFFFF_FFFF) as usize);
            if i != j {
                match mirror {
                    Mirror::None => {}
                    Mirror::Symmetric => out.push((j, i, v.clone())),
                    Mirror::Skew => out.push((j, i, negate(&v))),
                }
            }
            out.push((i, j, v));
        }
        if mirror != Mirror::None {
            out.sort_unstable_by_key(|&(i, j, _)| (i, j));
        }
        Ok(out)
    }
}
