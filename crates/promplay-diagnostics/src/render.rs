//! The codespan-style text renderer shared by the CLI and the snapshot tests.

use crate::{Diagnostic, LineIndex};
use std::fmt::Write;

/// Renders `diagnostics` about `source` as text frames with `^^^` underlines.
///
/// ```text
/// error[EXP0101]: expected `,` or `}` in label set
///  --> 1:11
///   |
/// 1 | up{job="a" 1
///   |           ^ found a space here
/// ```
///
/// Spans outside `source` are clamped, so rendering never panics.
pub fn render(source: &str, diagnostics: &[Diagnostic]) -> String {
    let index = LineIndex::new(source);
    let mut out = String::new();
    for diag in diagnostics {
        render_one(&mut out, source, &index, diag);
    }
    out
}

fn render_one(out: &mut String, source: &str, index: &LineIndex, diag: &Diagnostic) {
    let _ = writeln!(out, "{}[{}]: {}", diag.severity.as_str(), diag.code, diag.message);
    if let Some(first) = diag.labels.first() {
        let pos = index.line_col(source, first.span.start);
        let _ = writeln!(out, " --> {}:{}", pos.line, pos.col);
        let max_line =
            diag.labels.iter().map(|l| index.line_of(l.span.start) + 1).max().unwrap_or(1);
        let gutter = max_line.to_string().len();
        let _ = writeln!(out, "{:gutter$} |", "");
        for label in &diag.labels {
            let line = index.line_of(label.span.start);
            let range = index.line_range(source, line);
            let text = &source[range.clone()];
            // Columns are measured in characters so the carets line up in a terminal.
            let start_col = index.line_col(source, label.span.start).col as usize - 1;
            let end = (label.span.end as usize).min(range.end).max(label.span.start as usize);
            let end_col = index.line_col(source, end as u32).col as usize - 1;
            let carets = (end_col.saturating_sub(start_col)).max(1);
            let shown: String = text.chars().map(|c| if c == '\t' { ' ' } else { c }).collect();
            let _ = writeln!(out, "{:>gutter$} | {}", line + 1, shown.trim_end_matches('\r'));
            let _ = write!(out, "{:gutter$} | {:start_col$}{}", "", "", "^".repeat(carets));
            if label.message.is_empty() {
                out.push('\n');
            } else {
                let _ = writeln!(out, " {}", label.message);
            }
        }
    }
    if let Some(help) = &diag.help {
        let _ = writeln!(out, " = help: {help}");
    }
    out.push('\n');
}
