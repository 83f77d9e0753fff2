//! Upstream reads native histograms through a `HistogramStatsIterator` when
//! only their count and sum matter (a selector under `histogram_count`,
//! `histogram_sum` or `histogram_avg`). That iterator re-derives the
//! counter-reset hint of every sample whose stored hint is "unknown" by
//! comparing it with the sample before it, which changes which counter-reset
//! annotations aggregations raise. These helpers let the evaluator do the
//! same: which selectors qualify, and the hint such a sample gets.

use promplay_diagnostics::Span;
use promplay_promql_syntax::{BinaryOp, Expr};

use super::hist_ops::detect_reset;
use crate::value::{CounterResetHint, FloatHistogram};

/// The spans of the vector selectors (alone or inside a matrix selector)
/// that upstream's `detectHistogramStatsDecoding` marks for statistics-only
/// reading: below `histogram_count`/`histogram_sum`/`histogram_avg`, with no
/// subquery, `histogram_quantile(s)`, `histogram_fraction` or trim operator
/// (`</`, `>/`) between the selector and that function.
pub fn histogram_stats_selectors(expr: &Expr) -> Vec<Span> {
    let mut out = Vec::new();
    walk(expr, false, &mut out);
    out
}

fn walk(e: &Expr, stats: bool, out: &mut Vec<Span>) {
    match e {
        Expr::VectorSelector(vs) => {
            if stats {
                out.push(vs.span);
            }
        }
        Expr::MatrixSelector(ms) => {
            if stats {
                out.push(ms.selector.span);
            }
        }
        // Counter-reset detection inside a subquery needs the buckets.
        Expr::Subquery(sq) => walk(&sq.expr, false, out),
        Expr::Call(c) => {
            let stats = match c.func.name {
                "histogram_count" | "histogram_sum" | "histogram_avg" => true,
                "histogram_quantile" | "histogram_quantiles" | "histogram_fraction" => false,
                _ => stats,
            };
            c.args.iter().for_each(|a| walk(a, stats, out));
        }
        Expr::Aggregate(a) => {
            if let Some(p) = &a.param {
                walk(p, stats, out);
            }
            walk(&a.expr, stats, out);
        }
        Expr::Binary(b) => {
            let stats = stats && !matches!(b.op, BinaryOp::TrimUpper | BinaryOp::TrimLower);
            walk(&b.lhs, stats, out);
            walk(&b.rhs, stats, out);
        }
        Expr::Unary(u) => walk(&u.expr, stats, out),
        Expr::Paren(p) => walk(&p.expr, stats, out),
        Expr::Number(_) | Expr::String(_) => {}
    }
}

/// The hint a histogram gets when read for statistics only: a stored hint
/// other than "unknown" is kept; an unknown one becomes `CounterReset` or
/// `NotCounterReset` by comparison with the previously read histogram, and
/// stays unknown without one.
pub fn stats_hint(cur: &FloatHistogram, prev: Option<&FloatHistogram>) -> CounterResetHint {
    if cur.counter_reset_hint != CounterResetHint::Unknown {
        return cur.counter_reset_hint;
    }
    match prev {
        None => CounterResetHint::Unknown,
        Some(p) if detect_reset(cur, p) => CounterResetHint::CounterReset,
        Some(_) => CounterResetHint::NotCounterReset,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(q: &str) -> Vec<String> {
        let expr = promplay_promql_syntax::parse(q).expr.expect("query parses");
        histogram_stats_selectors(&expr)
            .iter()
            .map(|s| q[s.start as usize..s.end as usize].to_string())
            .collect()
    }

    #[test]
    fn selectors_read_for_statistics() {
        let cases: &[(&str, &[&str])] = &[
            ("histogram_count(sum(m))", &["m"]),
            ("histogram_count(sum_over_time(m[5m]))", &["m"]),
            ("histogram_count(increase(m[40m:9m]))", &[]),
            ("histogram_sum(histogram_quantile(0.5, m))", &[]),
            ("histogram_count(m >/ 1)", &[]),
            ("sum(m) + histogram_avg(n)", &["n"]),
            ("m", &[]),
        ];
        for (q, want) in cases {
            assert_eq!(marked(q), *want, "{q}");
        }
    }

    #[test]
    fn hints_from_the_previous_sample() {
        let h = |count: f64| FloatHistogram { count, ..FloatHistogram::default() };
        assert_eq!(stats_hint(&h(2.0), Some(&h(3.0))), CounterResetHint::CounterReset);
        assert_eq!(stats_hint(&h(3.0), Some(&h(2.0))), CounterResetHint::NotCounterReset);
        assert_eq!(stats_hint(&h(3.0), None), CounterResetHint::Unknown);
    }
}
