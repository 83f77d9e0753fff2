//! The seam between the runner and the PromQL parser and engine: parse a
//! query, add `@` modifiers for the invariance re-runs, run instant and
//! range queries with the settings upstream's test engine uses.

use promplay_promql_engine::{AnnotationKind, EngineOptions, Storage, Value};

/// A query ready to run: its text (annotation positions refer to it).
pub(crate) struct Query {
    pub text: String,
}

/// The outcome of one query, annotations already in the HTTP API's text.
pub(crate) struct Run {
    pub value: Result<Value, String>,
    pub warnings: Vec<String>,
    pub infos: Vec<String>,
}

/// Parses `text` with every experimental feature on, as the scripts assume.
pub(crate) fn parse(text: &str) -> Result<Query, String> {
    Err(format!("cannot parse {text:?}: the PromQL parser is not available yet"))
}

/// The `@`-invariance rewrite of `q` at `t_ms`: every selector and subquery
/// without `@` (and not inside a subquery that has one) gets `@ t`. `None`
/// when the query calls a function whose result depends on the evaluation
/// time (upstream's `AtModifierUnsafeFunctions`), which skips the re-runs.
pub(crate) fn at_rewrite(_q: &Query, _t_ms: i64) -> Option<Result<Query, String>> {
    None
}

/// Runs `q` as an instant query at `t_ms`.
pub(crate) fn instant(_storage: &Storage, _q: &Query, _t_ms: i64) -> Run {
    let _ = options();
    Run {
        value: Err("the PromQL engine is not available yet".to_owned()),
        warnings: Vec::new(),
        infos: Vec::new(),
    }
}

/// Runs `q` as a range query.
pub(crate) fn range(_storage: &Storage, _q: &Query, _start: i64, _end: i64, _step: i64) -> Run {
    Run {
        value: Err("the PromQL engine is not available yet".to_owned()),
        warnings: Vec::new(),
        infos: Vec::new(),
    }
}

/// Upstream's `NewTestEngine` settings.
fn options() -> EngineOptions {
    EngineOptions::for_tests()
}

#[allow(dead_code)]
fn split(
    annotations: &[promplay_promql_engine::Annotation],
    query: &str,
) -> (Vec<String>, Vec<String>) {
    let mut warnings = Vec::new();
    let mut infos = Vec::new();
    for a in annotations {
        match a.kind {
            AnnotationKind::Warning => warnings.push(a.api_text(query)),
            AnnotationKind::Info => infos.push(a.api_text(query)),
        }
    }
    (warnings, infos)
}
