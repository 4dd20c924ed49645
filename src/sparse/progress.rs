//! Progress of a long elimination on the terminal: rows settled, current density of the
//! remaining matrix, estimated time left. Nothing is drawn when stderr is not a terminal
//! (indicatif hides its bar then) or when the caller asked for quiet.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;

/// A progress display for one elimination; a no-op when hidden.
pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// A bar over `total_rows` rows, shown only if `enabled` and stderr is a terminal.
    ///
    /// ```
    /// let p = exrank::sparse::progress::Progress::new(10, "mod 7", false);
    /// assert!(!p.is_visible());
    /// ```
    pub fn new(total_rows: usize, label: &str, enabled: bool) -> Self {
        if !enabled || !std::io::stderr().is_terminal() {
            return Progress { bar: None };
        }
        let bar =
            ProgressBar::with_draw_target(Some(total_rows as u64), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template(
                "{prefix} [{elapsed_precise}] {bar:30} {pos}/{len} rows settled, {msg}, ~{eta} left",
            )
            .expect("valid template"),
        );
        bar.set_prefix(label.to_string());
        Progress { bar: Some(bar) }
    }

    /// True when something is drawn.
    ///
    /// ```
    /// let p = exrank::sparse::progress::Progress::new(10, "mod 7", false);
    /// assert!(!p.is_visible());
    /// ```
    pub fn is_visible(&self) -> bool {
        self.bar.is_some()
    }

    /// Records that `settled` rows are done (pivots found or reduced to zero) and the
    /// density of what remains.
    ///
    /// ```
    /// let p = exrank::sparse::progress::Progress::new(10, "mod 7", false);
    /// p.update(5, 0.01);
    /// ```
    pub fn update(&self, settled: usize, density: f64) {
        if let Some(bar) = &self.bar {
            bar.set_position(settled as u64);
            bar.set_message(format!("density {density:.2e}"));
        }
    }

    /// Records that `settled` rows are done, keeping the last density shown.
    ///
    /// ```
    /// let p = exrank::sparse::progress::Progress::new(10, "mod 7", false);
    /// p.settle(7);
    /// ```
    pub fn settle(&self, settled: usize) {
        if let Some(bar) = &self.bar {
            bar.set_position(settled as u64);
        }
    }

    /// Removes the bar.
    ///
    /// ```
    /// exrank::sparse::progress::Progress::new(10, "mod 7", false).finish();
    /// ```
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
