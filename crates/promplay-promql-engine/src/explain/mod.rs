//! The explain tree: a query taken apart node by node, each node evaluated on
//! its own at one instant, so a reader can see where series appear, vanish or
//! fail to match.
//!
//! Every node carries its own result (series count and the full value, which
//! callers trim for display), the deterministic work its sub-tree did (samples
//! read, points produced), the annotations raised by the node itself rather
//! than by its children, and two analyses: for binary operators between
//! vectors, how the two sides matched and which `on`/`ignoring`/`group_*`
//! would fix a bad match ([`matching`]); for selectors that selected nothing,
//! why not ([`selector`]).
//!
//! Each node is evaluated with [`instant_query`] on its own sub-expression,
//! which re-evaluates its children: the cost is the depth of the tree times
//! the query's cost, a fair price for a debugging view and the only way to
//! show exactly what that sub-expression means when written alone. Parentheses
//! are not nodes of their own; they would only repeat their content.
//!
//! The engine reads no clock. A caller that wants wall time per node passes
//! its own clock as a function (milliseconds, any origin).

pub mod matching;
pub mod selector;

use promplay_diagnostics::Span;
use promplay_model::TimestampMs;
use promplay_promql_syntax::{AtModifier, Expr, UnaryOp, ValueType};

use crate::eval::instant_query;
use crate::options::EngineOptions;
use crate::result::{Annotation, QueryError};
use crate::storage::Storage;
use crate::value::Value;

pub use matching::{MatchConflict, MatchGroup, MatchReport, MatchSuggestion, Side};
pub use selector::{EmptyReason, SelectionReport};

/// A clock in milliseconds, supplied by the caller (the engine has none).
pub type Clock<'a> = &'a mut dyn FnMut() -> f64;

/// One node of the explain tree.
#[derive(Clone, Debug, PartialEq)]
pub struct ExplainNode {
    /// What kind of expression this is.
    pub kind: NodeKind,
    /// A short title: the operator, function or selector, e.g. `sum by (job)`,
    /// `rate`, `/ on (instance) group_left`, `up{job="api"}[5m]`.
    pub title: String,
    /// Where the node is written in the query.
    pub span: Span,
    /// The node's static type.
    pub value_type: ValueType,
    /// The node's value evaluated alone at the explain time, or its error.
    pub value: Result<Value, QueryError>,
    /// Warnings and infos raised by this node itself (not by its children).
    pub annotations: Vec<Annotation>,
    /// The work the node's sub-tree did.
    pub cost: NodeCost,
    /// For a binary operator between two instant vectors: how the sides matched.
    pub matching: Option<MatchReport>,
    /// For a selector that selected nothing: why.
    pub selection: Option<SelectionReport>,
    /// The operands, in source order.
    pub children: Vec<ExplainNode>,
}

impl ExplainNode {
    /// Series (or, for scalars and strings, 1; for errors, 0) in the node's value.
    pub fn series_count(&self) -> usize {
        match &self.value {
            Ok(Value::Vector(v)) => v.len(),
            Ok(Value::Matrix(m)) => m.len(),
            Ok(_) => 1,
            Err(_) => 0,
        }
    }

    fn collect_annotations<'a>(&'a self, out: &mut Vec<&'a Annotation>) {
        out.extend(self.annotations.iter());
        for c in &self.children {
            c.collect_annotations(out);
        }
    }

    /// This node and every descendant, parents first.
    pub fn walk(&self, f: &mut dyn FnMut(&ExplainNode)) {
        f(self);
        for c in &self.children {
            c.walk(f);
        }
    }
}

/// The kinds of nodes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeKind {
    /// A number literal.
    Number,
    /// A string literal.
    String,
    /// An instant vector selector.
    Selector,
    /// A range vector selector.
    RangeSelector,
    /// A subquery.
    Subquery,
    /// A function call.
    Call,
    /// An aggregation.
    Aggregate,
    /// A binary operation.
    Binary,
    /// A unary minus or plus.
    Unary,
}

impl NodeKind {
    /// A lowercase word for the kind (`selector`, `binary`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Number => "number",
            NodeKind::String => "string",
            NodeKind::Selector => "selector",
            NodeKind::RangeSelector => "range selector",
            NodeKind::Subquery => "subquery",
            NodeKind::Call => "function",
            NodeKind::Aggregate => "aggregation",
            NodeKind::Binary => "binary operator",
            NodeKind::Unary => "unary operator",
        }
    }
}

/// Deterministic work counters for a node's sub-tree, plus wall time when the
/// caller supplied a clock.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct NodeCost {
    /// Samples read from the store and intermediate results by the sub-tree
    /// (Prometheus' `totalQueryableSamples`).
    pub samples: u64,
    /// The most samples the sub-tree held at once.
    pub peak_samples: usize,
    /// Points (float or histogram) in the node's own value.
    pub points: usize,
    /// Wall time of the node's evaluation by the caller's clock, in ms.
    pub wall_ms: Option<f64>,
}

/// Explains `expr` (parsed from `query`, whose text the spans index) over
/// `storage` at time `t`. `clock`, when given, times each node.
pub fn explain(
    storage: &Storage,
    query: &str,
    expr: &Expr,
    t: TimestampMs,
    opts: &EngineOptions,
    mut clock: Option<Clock<'_>>,
) -> ExplainNode {
    let ctx = Ctx { storage, query, t, opts };
    ctx.node(expr, &mut clock)
}

/// What every node's evaluation shares.
pub(crate) struct Ctx<'a> {
    pub(crate) storage: &'a Storage,
    pub(crate) query: &'a str,
    pub(crate) t: TimestampMs,
    pub(crate) opts: &'a EngineOptions,
}

impl Ctx<'_> {
    fn node(&self, expr: &Expr, clock: &mut Option<Clock<'_>>) -> ExplainNode {
        let expr = expr.unparen();
        let children: Vec<ExplainNode> = match expr {
            // A range selector's inner selector is not a node of its own: it
            // cannot be evaluated as written.
            Expr::MatrixSelector(_) => Vec::new(),
            _ => expr.children().into_iter().map(|c| self.node(c, clock)).collect(),
        };
        let started = clock.as_mut().map(|c| c());
        let result = instant_query(self.storage, expr, self.t, self.opts);
        let wall_ms = started.and_then(|s| clock.as_mut().map(|c| c() - s));
        let mut inherited: Vec<&Annotation> = Vec::new();
        for c in &children {
            c.collect_annotations(&mut inherited);
        }
        let annotations: Vec<Annotation> =
            result.annotations.iter().filter(|a| !inherited.contains(a)).cloned().collect();
        let points = match &result.value {
            Ok(Value::Vector(v)) => v.len(),
            Ok(Value::Matrix(m)) => crate::eval::points(m),
            Ok(Value::Scalar { .. }) => 1,
            _ => 0,
        };
        let cost = NodeCost {
            samples: result.stats.samples,
            peak_samples: result.stats.peak_samples,
            points,
            wall_ms,
        };
        let matching = match expr {
            Expr::Binary(b)
                if b.lhs.value_type() == ValueType::Vector
                    && b.rhs.value_type() == ValueType::Vector =>
            {
                match (&children[0].value, &children[1].value) {
                    (Ok(l), Ok(r)) => Some(matching::report(self, b, l, r)),
                    _ => None,
                }
            }
            _ => None,
        };
        let selection = match (&result.value, expr) {
            (Ok(v), Expr::VectorSelector(vs)) if is_empty(v) => Some(selector::report(self, vs, 0)),
            (Ok(v), Expr::MatrixSelector(ms)) if is_empty(v) => {
                Some(selector::report(self, &ms.selector, ms.range_ms))
            }
            _ => None,
        };
        ExplainNode {
            kind: kind(expr),
            title: title(self.query, expr),
            span: expr.span(),
            value_type: expr.value_type(),
            value: result.value,
            annotations,
            cost,
            matching,
            selection,
            children,
        }
    }
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Vector(v) => v.is_empty(),
        Value::Matrix(m) => m.is_empty(),
        _ => false,
    }
}

fn kind(expr: &Expr) -> NodeKind {
    match expr {
        Expr::Number(_) => NodeKind::Number,
        Expr::String(_) => NodeKind::String,
        Expr::VectorSelector(_) => NodeKind::Selector,
        Expr::MatrixSelector(_) => NodeKind::RangeSelector,
        Expr::Subquery(_) => NodeKind::Subquery,
        Expr::Call(_) => NodeKind::Call,
        Expr::Aggregate(_) => NodeKind::Aggregate,
        Expr::Binary(_) => NodeKind::Binary,
        Expr::Unary(_) | Expr::Paren(_) => NodeKind::Unary,
    }
}

/// The node's title: leaves as written, inner nodes by their operator with
/// its modifiers (the operands are the children).
fn title(query: &str, expr: &Expr) -> String {
    let text = |s: Span| query.get(s.start as usize..s.end as usize).unwrap_or("").to_owned();
    match expr {
        Expr::Number(_)
        | Expr::String(_)
        | Expr::VectorSelector(_)
        | Expr::MatrixSelector(_)
        | Expr::Paren(_) => text(expr.span()),
        Expr::Subquery(sq) => {
            // The text after the inner expression: `[30m:1m] offset 5m`.
            let tail = query.get(sq.expr.span().end as usize..sq.span.end as usize).unwrap_or("");
            let tail = tail.trim_start_matches(|c: char| c == ')' || c.is_whitespace());
            format!("subquery {}", tail.trim())
        }
        Expr::Call(c) => c.func.name.to_owned(),
        Expr::Aggregate(a) => {
            let mut s = a.op.as_str().to_owned();
            if !a.grouping.is_empty() || a.without {
                let word = if a.without { "without" } else { "by" };
                s.push_str(&format!(" {word} ({})", a.grouping.join(", ")));
            }
            s
        }
        Expr::Binary(b) => {
            // The operator with `bool` and its matching modifiers as written.
            let between =
                query.get(b.lhs.span().end as usize..b.rhs.span().start as usize).unwrap_or("");
            let words: Vec<&str> = between.split_whitespace().collect();
            let s = words.join(" ");
            if s.is_empty() { b.op.as_str().to_owned() } else { s }
        }
        Expr::Unary(u) => match u.op {
            UnaryOp::Neg => "-".to_owned(),
            UnaryOp::Plus => "+".to_owned(),
        },
    }
}

/// The `@` of a selector, for messages about where it looked.
pub(crate) fn at_text(at: Option<AtModifier>) -> Option<String> {
    at.map(|a| match a {
        AtModifier::Timestamp(t) => format!("@ {}", promplay_model::format_float(t as f64 / 1e3)),
        AtModifier::Start => "@ start()".to_owned(),
        AtModifier::End => "@ end()".to_owned(),
    })
}

#[cfg(test)]
mod tests;
