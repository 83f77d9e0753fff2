//! Parser and linter for the Prometheus text format 0.0.4 and OpenMetrics 1.0.
//!
//! [`parse`] turns text into metric families with every element spanned,
//! plus diagnostics; [`parse_bytes`] does the same for raw bytes and reports
//! invalid UTF-8; [`lint`] reports what `promtool check metrics` would.
//! Parsing never fails and never panics: problems are diagnostics whose
//! spans are byte ranges into the input, and a bad line is skipped so that
//! every problem shows at once.
//!
//! ```
//! use promplay_exposition::{parse, Format, MetricType, ParseOptions};
//!
//! let text = "# TYPE http_requests_total counter\n\
//!             http_requests_total{method=\"get\",code=\"200\"} 1027 1395066363000\n\
//!             up{job=\"node\" 1\n";
//! let parsed = parse(text, &ParseOptions::default());
//! assert_eq!(parsed.format, Format::Prometheus);
//! let family = &parsed.families[0];
//! assert_eq!(family.kind, MetricType::Counter);
//! let sample = &family.samples[0];
//! assert_eq!(sample.value, 1027.0);
//! assert_eq!(sample.timestamp_ms, Some(1_395_066_363_000));
//! assert_eq!(parsed.labels_of(sample)[0].value, "get");
//! // The third line is broken; it is reported with its position and skipped.
//! let error = &parsed.diagnostics[0];
//! assert_eq!(error.code, "EXP0106");
//! assert_eq!(error.message, "expected `,` or `}` after the label value, found `1`");
//! ```

mod ast;
pub mod codes;
mod lint;
mod meta;
mod native;
mod om_strict;
mod owned;
mod parser;
mod sample;
mod scan;
mod strings;
mod text_strict;

pub use ast::*;
pub use lint::{LintFinding, codes as lint_codes, lint, lint_findings};
pub use parser::detect as detect_format;
pub use strings::Str;

use promplay_diagnostics::Diagnostic;

/// Parses exposition `text`. Never fails and never panics: problems are
/// diagnostics whose spans are byte ranges into `text`.
pub fn parse<'a>(text: &'a str, options: &ParseOptions) -> Parsed<'a> {
    parser::parse_text(text, options)
}

/// Parses exposition bytes, reporting invalid UTF-8 with its position.
///
/// Valid UTF-8 is parsed in place, borrowing from `bytes`. Otherwise every
/// invalid byte sequence is reported (code `EXP0001`; an error, except in a
/// text-format comment unless strict, where Prometheus does not look) and
/// replaced by `?` for the rest of the parse, so all other spans still point
/// at the same bytes; the result then owns its strings.
pub fn parse_bytes<'a>(bytes: &'a [u8], options: &ParseOptions) -> Parsed<'a> {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return parse(text, options);
    }
    let mut fixed = Vec::with_capacity(bytes.len());
    let mut invalid = Vec::new();
    for chunk in bytes.utf8_chunks() {
        fixed.extend_from_slice(chunk.valid().as_bytes());
        let bad = chunk.invalid();
        if !bad.is_empty() {
            let start = fixed.len();
            let shown: Vec<String> = bad.iter().map(|b| format!("\\x{b:02x}")).collect();
            invalid.push(
                Diagnostic::error(
                    codes::INVALID_UTF8,
                    format!("invalid UTF-8: byte sequence `{}`", shown.concat()),
                )
                .with_label(
                    promplay_diagnostics::Span::from_range(start..start + bad.len()),
                    "not UTF-8",
                )
                .with_help("the exposition formats are UTF-8 text"),
            );
            fixed.extend(std::iter::repeat_n(b'?', bad.len()));
        }
    }
    let text = String::from_utf8(fixed).unwrap_or_default();
    let mut parsed = parse(&text, options).into_owned();
    if parsed.format == Format::Prometheus && options.strictness != Strictness::Strict {
        // Prometheus never looks inside comments, so bad bytes there are
        // only worth a warning.
        for d in &mut invalid {
            let at = d.primary_span().unwrap_or_default();
            if parsed.comments.iter().any(|c| c.span.start <= at.start && at.end <= c.span.end) {
                d.severity = promplay_diagnostics::Severity::Warning;
                d.message.push_str(" in a comment (Prometheus ignores comments)");
            }
        }
    }
    parsed.diagnostics.extend(invalid);
    parsed.diagnostics.sort_by_key(|d| d.primary_span().map_or(u32::MAX, |s| s.start));
    parsed
}
