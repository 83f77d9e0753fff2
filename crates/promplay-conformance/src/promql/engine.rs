//! The seam between the runner and the PromQL parser and engine: parse a
//! query, add `@` modifiers for the invariance re-runs, run instant and
//! range queries with the settings upstream's test engine uses.

use promplay_promql_engine::{AnnotationKind, EngineOptions, QueryResult, Storage, Value};
use promplay_promql_syntax::{AtModifier, Expr, ParseOptions, parse_with};

/// A query ready to run: its text (annotation positions refer to it) and AST.
pub(crate) struct Query {
    pub text: String,
    expr: Expr,
}

/// The outcome of one query, annotations already in the HTTP API's text.
pub(crate) struct Run {
    pub value: Result<Value, String>,
    pub warnings: Vec<String>,
    pub infos: Vec<String>,
}

/// Parses `text` with every experimental feature on, as the scripts assume.
pub(crate) fn parse(text: &str) -> Result<Query, String> {
    let parsed = parse_with(text, &ParseOptions::all());
    match parsed.expr {
        Some(expr) => Ok(Query { text: text.to_owned(), expr }),
        None => Err(format!("parse error: {}", parsed.first_error().unwrap_or("no expression"))),
    }
}

/// Functions whose result depends on the evaluation time even when their
/// arguments do not (upstream's `AtModifierUnsafeFunctions`).
const AT_UNSAFE: [&str; 15] = [
    "days_in_month",
    "day_of_month",
    "day_of_week",
    "day_of_year",
    "end",
    "hour",
    "minute",
    "month",
    "year",
    "predict_linear",
    "range",
    "start",
    "step",
    "time",
    "timestamp",
];

/// The `@`-invariance rewrite of `q` at `t_ms`, done on the AST as
/// upstream's `atModifierTestCases` does: every selector and subquery
/// without a fixed `@` timestamp (and not inside a subquery) gets `@ t`.
/// `None` when the query calls an `@`-unsafe function outside subqueries,
/// which skips the re-runs. Spans stay those of the original text, so
/// annotation positions refer to it.
pub(crate) fn at_rewrite(q: &Query, t_ms: i64) -> Option<Result<Query, String>> {
    let mut expr = q.expr.clone();
    let mut unsafe_call = false;
    inject(&mut expr, t_ms, &mut unsafe_call);
    if unsafe_call {
        return None;
    }
    Some(Ok(Query { text: q.text.clone(), expr }))
}

fn inject(e: &mut Expr, t: i64, unsafe_call: &mut bool) {
    // Upstream only checks for a set timestamp, so `@ start()`/`@ end()` are replaced too.
    let fix = |at: &mut Option<AtModifier>| {
        if !matches!(at, Some(AtModifier::Timestamp(_))) {
            *at = Some(AtModifier::Timestamp(t));
        }
    };
    match e {
        Expr::VectorSelector(vs) => fix(&mut vs.at),
        Expr::MatrixSelector(ms) => fix(&mut ms.selector.at),
        // Nothing inside a subquery is touched once the subquery has an `@`.
        Expr::Subquery(sq) => fix(&mut sq.at),
        Expr::Call(c) => {
            *unsafe_call |= AT_UNSAFE.contains(&c.func.name);
            for a in &mut c.args {
                inject(a, t, unsafe_call);
            }
        }
        Expr::Aggregate(a) => {
            if let Some(p) = &mut a.param {
                inject(p, t, unsafe_call);
            }
            inject(&mut a.expr, t, unsafe_call);
        }
        Expr::Binary(b) => {
            inject(&mut b.lhs, t, unsafe_call);
            inject(&mut b.rhs, t, unsafe_call);
        }
        Expr::Unary(u) => inject(&mut u.expr, t, unsafe_call),
        Expr::Paren(p) => inject(&mut p.expr, t, unsafe_call),
        Expr::Number(_) | Expr::String(_) => {}
    }
}

/// Runs `q` as an instant query at `t_ms`.
pub(crate) fn instant(storage: &Storage, q: &Query, t_ms: i64) -> Run {
    let r = promplay_promql_engine::instant_query(storage, &q.expr, t_ms, &options());
    finish(r, &q.text)
}

/// Runs `q` as a range query.
pub(crate) fn range(storage: &Storage, q: &Query, start: i64, end: i64, step: i64) -> Run {
    let r = promplay_promql_engine::range_query(storage, &q.expr, start, end, step, &options());
    finish(r, &q.text)
}

/// Upstream's `NewTestEngine` settings.
fn options() -> EngineOptions {
    EngineOptions::for_tests()
}

fn finish(r: QueryResult, query: &str) -> Run {
    let mut warnings = Vec::new();
    let mut infos = Vec::new();
    for a in &r.annotations {
        match a.kind {
            AnnotationKind::Warning => warnings.push(a.api_text(query)),
            AnnotationKind::Info => infos.push(a.api_text(query)),
        }
    }
    Run { value: r.value.map_err(|e| e.message), warnings, infos }
}
