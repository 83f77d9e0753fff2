//! Which sub-expressions are step-invariant, following upstream's
//! `preprocessExprHelper`: an expression whose selectors and subqueries are
//! all pinned with `@` (and that calls no time-dependent function) gives the
//! same value at every step, so a range query evaluates it once and copies
//! the result to every step. Besides saving work this matters for
//! semantics: functions that read the step time see the query's start.

use std::collections::HashSet;

use promplay_promql_syntax::Expr;

/// Functions whose result depends on the evaluation time itself (upstream's
/// `AtModifierUnsafeFunctions`, minus the query-context functions, which
/// the preprocessor folds into numbers first).
const AT_UNSAFE: &[&str] = &[
    "days_in_month",
    "day_of_month",
    "day_of_week",
    "day_of_year",
    "hour",
    "minute",
    "month",
    "year",
    "predict_linear",
    "time",
    "timestamp",
];

/// Functions folded into number literals before evaluation.
pub(crate) const QUERY_CONTEXT: &[&str] = &["start", "end", "range", "step"];

/// The nodes upstream wraps in a `StepInvariantExpr`, by address.
pub(crate) fn wrapped_nodes(expr: &Expr) -> HashSet<*const Expr> {
    let mut set = HashSet::new();
    let (_, wrap) = helper(expr, &mut set);
    if wrap {
        set.insert(expr as *const Expr);
    }
    set
}

/// Returns (is step-invariant, should be wrapped).
fn helper(e: &Expr, set: &mut HashSet<*const Expr>) -> (bool, bool) {
    match e {
        Expr::VectorSelector(vs) => (vs.at.is_some(), vs.at.is_some()),
        Expr::Aggregate(a) => helper(a.expr.unparen(), set),
        Expr::Binary(b) => {
            let (li, lw) = helper(&b.lhs, set);
            let (ri, rw) = helper(&b.rhs, set);
            if li && ri {
                return (true, true);
            }
            if lw {
                set.insert(&*b.lhs as *const Expr);
            }
            if rw {
                set.insert(&*b.rhs as *const Expr);
            }
            (false, false)
        }
        Expr::Call(c) => {
            if QUERY_CONTEXT.contains(&c.func.name) {
                return (true, false);
            }
            let mut invariant = !AT_UNSAFE.contains(&c.func.name);
            let mut timestamp_safe = c.func.name == "timestamp";
            let mut wraps = Vec::with_capacity(c.args.len());
            for arg in &c.args {
                let arg = arg.unparen();
                let (ai, aw) = helper(arg, set);
                invariant &= ai;
                if !ai || !matches!(arg, Expr::VectorSelector(_)) {
                    timestamp_safe = false;
                }
                wraps.push((arg, aw));
            }
            if invariant || timestamp_safe {
                return (true, true);
            }
            for (arg, w) in wraps {
                if w {
                    set.insert(arg as *const Expr);
                }
            }
            (false, false)
        }
        Expr::MatrixSelector(ms) => (ms.selector.at.is_some(), false),
        Expr::Subquery(sq) => {
            let (inner, _) = helper(&sq.expr, set);
            if inner {
                set.insert(&*sq.expr as *const Expr);
            }
            (sq.at.is_some(), false)
        }
        Expr::Paren(p) => helper(&p.expr, set),
        Expr::Unary(u) => helper(&u.expr, set),
        Expr::String(_) | Expr::Number(_) => (true, false),
    }
}
