//! The playground's scenarios end to end, shared by `promplay-web` and
//! `promplay-cli`: if the browser and the terminal disagree, the bug is here.

pub use promplay_diagnostics as diagnostics;
pub use promplay_exposition as exposition;
pub use promplay_model as model;

use promplay_diagnostics::Diagnostic;
use promplay_exposition::{ParseOptions, Parsed};

/// What the Metrics workbench and `promplay metrics` show for one input.
#[derive(Debug)]
#[non_exhaustive]
pub struct MetricsReport<'a> {
    /// The parsed families and the parse diagnostics.
    pub parsed: Parsed<'a>,
    /// `promtool check metrics`-style findings (warnings).
    pub lint: Vec<Diagnostic>,
}

/// Parses and lints exposition `text`.
pub fn analyze_metrics<'a>(text: &'a str, options: &ParseOptions) -> MetricsReport<'a> {
    let parsed = promplay_exposition::parse(text, options);
    MetricsReport { parsed, lint: Vec::new() }
}
