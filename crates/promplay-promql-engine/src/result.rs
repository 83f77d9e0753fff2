//! What a query returns: the value or an error, the annotations (warnings and
//! infos, each pointing at the sub-expression it is about) and statistics.

use promplay_diagnostics::Span;

use crate::value::Value;

/// The outcome of one query.
#[derive(Clone, Debug, PartialEq)]
pub struct QueryResult {
    /// The result value, or the error that stopped evaluation.
    pub value: Result<Value, QueryError>,
    /// Warnings and infos, deduplicated, in the order they were raised.
    pub annotations: Vec<Annotation>,
    /// Counters about the work done.
    pub stats: QueryStats,
}

/// An evaluation error with Prometheus' text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryError {
    /// The message as Prometheus prints it (without any `Error executing query:` prefix).
    pub message: String,
    /// The sub-expression the error is about, when known.
    pub span: Option<Span>,
}

impl QueryError {
    /// An error without a position.
    pub fn new(message: impl Into<String>) -> QueryError {
        QueryError { message: message.into(), span: None }
    }

    /// An error about the sub-expression at `span`.
    pub fn at(span: Span, message: impl Into<String>) -> QueryError {
        QueryError { message: message.into(), span: Some(span) }
    }
}

impl std::fmt::Display for QueryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for QueryError {}

/// Whether an annotation is a warning or an info.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AnnotationKind {
    /// Prometheus' `PromQL warning:` annotations: the result may be wrong.
    Warning,
    /// Prometheus' `PromQL info:` annotations: the query may not mean what it says.
    Info,
}

/// A warning or info raised during evaluation.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Annotation {
    /// Warning or info.
    pub kind: AnnotationKind,
    /// Prometheus' text without the `PromQL warning: ` / `PromQL info: ` prefix.
    pub message: String,
    /// The sub-expression the annotation is about.
    pub span: Span,
}

impl Annotation {
    /// A warning.
    pub fn warning(span: Span, message: impl Into<String>) -> Annotation {
        Annotation { kind: AnnotationKind::Warning, message: message.into(), span }
    }

    /// An info.
    pub fn info(span: Span, message: impl Into<String>) -> Annotation {
        Annotation { kind: AnnotationKind::Info, message: message.into(), span }
    }

    /// The text the HTTP API shows, e.g.
    /// `PromQL warning: encountered a mix of histograms and floats for aggregation (1:5)`,
    /// with the position as upstream's `PositionRange.StartPosInput` writes it:
    /// the 1-based line and the column in bytes after the last line break,
    /// `unknown position` for an empty query, `invalid position` past its end.
    pub fn api_text(&self, query: &str) -> String {
        let prefix = match self.kind {
            AnnotationKind::Warning => "PromQL warning",
            AnnotationKind::Info => "PromQL info",
        };
        format!("{prefix}: {} ({})", self.message, start_position(query, self.span.start as usize))
    }
}

/// Upstream's `StartPosInput(query, 0)`.
fn start_position(query: &str, pos: usize) -> String {
    if query.is_empty() {
        return "unknown position".to_owned();
    }
    if pos > query.len() {
        return "invalid position".to_owned();
    }
    let before = &query.as_bytes()[..pos];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let last_break = before.iter().rposition(|&b| b == b'\n').map_or(-1, |i| i as i64);
    format!("{line}:{}", pos as i64 - last_break)
}

/// How many warnings and how many infos the HTTP API lists (`AsStrings(query, 10, 10)`);
/// the rest are counted in a last `N more … annotations omitted` line.
pub const API_ANNOTATION_LIMIT: usize = 10;

/// The annotations as the HTTP API lists them: (warnings, infos), each at
/// most [`API_ANNOTATION_LIMIT`] texts plus `N more warning annotations
/// omitted` / `N more info annotations omitted` when there were more.
pub fn api_texts(annotations: &[Annotation], query: &str) -> (Vec<String>, Vec<String>) {
    let mut warnings = Vec::new();
    let mut infos = Vec::new();
    let (mut warn_skipped, mut info_skipped) = (0, 0);
    for a in annotations {
        let (list, skipped) = match a.kind {
            AnnotationKind::Warning => (&mut warnings, &mut warn_skipped),
            AnnotationKind::Info => (&mut infos, &mut info_skipped),
        };
        if list.len() < API_ANNOTATION_LIMIT {
            list.push(a.api_text(query));
        } else {
            *skipped += 1;
        }
    }
    if warn_skipped > 0 {
        warnings.push(format!("{warn_skipped} more warning annotations omitted"));
    }
    if info_skipped > 0 {
        infos.push(format!("{info_skipped} more info annotations omitted"));
    }
    (warnings, infos)
}

/// Counters about one query.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct QueryStats {
    /// Series in the result.
    pub series: usize,
    /// Samples read from the store and intermediate results, summed over steps
    /// (Prometheus' `totalQueryableSamples`).
    pub samples: u64,
    /// The most samples held in memory at once (Prometheus' `peakSamples`).
    pub peak_samples: usize,
}
