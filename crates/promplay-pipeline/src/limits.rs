//! How much text the playground accepts in one input, and the message that
//! says so. The engines bound their own work (PromQL nesting depth, steps and
//! samples, regex program size, load-notation expansion); this bounds what
//! reaches them at all, so a 200 MB paste or a dropped disk image ends in a
//! clear message instead of a frozen tab. The web UI checks every paste, drop
//! and opened file against it; the CLI checks the files it reads.
//!
//! ```
//! use promplay_pipeline::limits::{MAX_INPUT_BYTES, input_too_large};
//!
//! assert!(input_too_large("“scrape.prom”", 1_000).is_none());
//! let message = input_too_large("“dump.prom”", 200_000_000).unwrap();
//! assert_eq!(
//!     message,
//!     "“dump.prom” is 200.0 MB; promplay reads at most 16.0 MB per input, \
//!      so it was not loaded: trim it or split it into smaller parts"
//! );
//! assert!(input_too_large("x", MAX_INPUT_BYTES).is_none());
//! ```

/// The most bytes one input (an editor's text, an opened or dropped file, a
/// paste) may have: a large node_exporter scrape is about 0.5 MB, a full
/// kube-prometheus manifest set about 2 MB, so this leaves ample room while
/// keeping every analysis well under a second or two in the browser.
pub const MAX_INPUT_BYTES: usize = 16_000_000;

/// The message for an input of `len` bytes named `what` (a file name in
/// quotes, "the pasted text"), or `None` when it is within
/// [`MAX_INPUT_BYTES`].
pub fn input_too_large(what: &str, len: usize) -> Option<String> {
    (len > MAX_INPUT_BYTES).then(|| {
        format!(
            "{what} is {}; promplay reads at most {} per input, so it was not loaded: \
             trim it or split it into smaller parts",
            megabytes(len),
            megabytes(MAX_INPUT_BYTES)
        )
    })
}

/// `n` bytes as megabytes (1 MB = 1,000,000 bytes) with one decimal.
pub fn megabytes(n: usize) -> String {
    format!("{:.1} MB", n as f64 / 1e6)
}
