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
    /// with the 1-based line and column of the span's start in `query`.
    pub fn api_text(&self, query: &str) -> String {
        let prefix = match self.kind {
            AnnotationKind::Warning => "PromQL warning",
            AnnotationKind::Info => "PromQL info",
        };
        let start = (self.span.start as usize).min(query.len());
        let before = query.get(..start).unwrap_or(query);
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        format!("{prefix}: {} ({line}:{col})", self.message)
    }
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
