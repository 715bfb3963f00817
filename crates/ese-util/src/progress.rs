//! A progress bar on stderr for the long subcommands.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::time::{Duration, Instant};

/// A progress bar on stderr that shows itself only on a terminal, and only once
/// the work has run for a second.
pub(crate) struct Progress {
    bar: ProgressBar,
    started: Instant,
    shown: bool,
}

impl Progress {
    /// A bar of `total` steps, labelled `what`, hidden for its first second.
    pub(crate) fn new(total: u64, what: &str) -> Progress {
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden());
        let style = ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
        bar.set_style(style);
        bar.set_message(what.to_string());
        Progress {
            bar,
            started: Instant::now(),
            shown: false,
        }
    }
    /// Moves the bar `n` steps on.
    pub(crate) fn inc(&mut self, n: u64) {
        self.bar.inc(n);
        if !self.shown && self.started.elapsed() > Duration::from_secs(1) {
            self.shown = true;
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }
    /// Moves the bar to `pos`.
    pub(crate) fn set_position(&mut self, pos: u64) {
        self.inc(pos.saturating_sub(self.bar.position()));
    }
    /// Says what the work is on now.
    pub(crate) fn set_message(&mut self, what: String) {
        self.bar.set_message(what);
    }
    /// Takes the bar off the terminal.
    pub(crate) fn finish(self) {
        self.bar.finish_and_clear();
    }
}
