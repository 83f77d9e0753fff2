//! `promtool check metrics`' checks, as warnings with spans.

use crate::Parsed;
use promplay_diagnostics::Diagnostic;

/// Lints a parsed exposition the way `promtool check metrics` does.
/// `text` is the input `parsed` was parsed from.
pub fn lint(text: &str, parsed: &Parsed<'_>) -> Vec<Diagnostic> {
    let _ = (text, parsed);
    Vec::new()
}
