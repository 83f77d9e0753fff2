//! Duration expressions (experimental in Prometheus 3.14): what may stand
//! where a duration is expected (`[5m+step()]`, `offset (1h*2)`), and their
//! evaluation with upstream's rules (`promql/durations.go`), which the
//! engine runs per query because `step()` and `range()` depend on it.

use crate::ast::{BinaryOp, UnaryOp};
use promplay_diagnostics::Span;

/// A duration expression (experimental in Prometheus 3.14), found where a
/// duration is expected: ranges, subquery steps, offsets.
#[derive(Clone, Debug, PartialEq)]
pub enum DurationExpr {
    /// A number or duration literal, in seconds.
    Number {
        /// Seconds.
        seconds: f64,
        /// Whether it was written as a duration (`5m`) rather than a number.
        duration: bool,
        /// Where.
        span: Span,
    },
    /// `step()`: the query's step.
    Step {
        /// Where.
        span: Span,
    },
    /// `range()`: the query's range (end - start).
    Range {
        /// Where.
        span: Span,
    },
    /// `min_of(a, b)` / `max_of(a, b)`.
    MinMax {
        /// `true` for `max_of`.
        max: bool,
        /// First argument.
        lhs: Box<DurationExpr>,
        /// Second argument.
        rhs: Box<DurationExpr>,
        /// Where.
        span: Span,
    },
    /// `-d` or `+d`.
    Unary {
        /// The operator.
        op: UnaryOp,
        /// The operand.
        expr: Box<DurationExpr>,
        /// Where.
        span: Span,
    },
    /// `a + b`, `a - b`, `a * b`, `a / b`, `a % b`, `a ^ b`.
    Binary {
        /// One of `Add`, `Sub`, `Mul`, `Div`, `Mod`, `Pow`.
        op: BinaryOp,
        /// Left operand.
        lhs: Box<DurationExpr>,
        /// Right operand.
        rhs: Box<DurationExpr>,
        /// Where.
        span: Span,
    },
    /// `( d )`.
    Paren {
        /// The inner expression.
        expr: Box<DurationExpr>,
        /// Including the parentheses.
        span: Span,
    },
}

impl DurationExpr {
    /// Where the expression is written.
    pub fn span(&self) -> Span {
        match self {
            DurationExpr::Number { span, .. }
            | DurationExpr::Step { span }
            | DurationExpr::Range { span }
            | DurationExpr::MinMax { span, .. }
            | DurationExpr::Unary { span, .. }
            | DurationExpr::Binary { span, .. }
            | DurationExpr::Paren { span, .. } => *span,
        }
    }

    /// Evaluates the expression in seconds, given the query's step and range
    /// in milliseconds (as upstream's `durationVisitor`).
    pub fn eval_seconds(&self, step_ms: i64, range_ms: i64) -> Result<f64, String> {
        Ok(match self {
            DurationExpr::Number { seconds, .. } => *seconds,
            DurationExpr::Step { .. } => step_ms as f64 / 1000.0,
            DurationExpr::Range { .. } => range_ms as f64 / 1000.0,
            DurationExpr::MinMax { max, lhs, rhs, .. } => {
                let (a, b) =
                    (lhs.eval_seconds(step_ms, range_ms)?, rhs.eval_seconds(step_ms, range_ms)?);
                // Go's math.Min/Max propagate NaN, unlike f64::min/max.
                if a.is_nan() || b.is_nan() {
                    f64::NAN
                } else if *max {
                    a.max(b)
                } else {
                    a.min(b)
                }
            }
            DurationExpr::Unary { op, expr, .. } => {
                let v = expr.eval_seconds(step_ms, range_ms)?;
                if *op == UnaryOp::Neg { -v } else { v }
            }
            DurationExpr::Paren { expr, .. } => expr.eval_seconds(step_ms, range_ms)?,
            DurationExpr::Binary { op, lhs, rhs, span } => {
                let a = lhs.eval_seconds(step_ms, range_ms)?;
                let b = rhs.eval_seconds(step_ms, range_ms)?;
                match op {
                    BinaryOp::Add => a + b,
                    BinaryOp::Sub => a - b,
                    BinaryOp::Mul => a * b,
                    BinaryOp::Div if b == 0.0 => {
                        return Err(format!("{}:{}: division by zero", span.start, span.end));
                    }
                    BinaryOp::Div => a / b,
                    BinaryOp::Mod if b == 0.0 => {
                        return Err(format!("{}:{}: modulo by zero", span.start, span.end));
                    }
                    BinaryOp::Mod => a % b,
                    BinaryOp::Pow => crate::number::go_pow(a, b),
                    other => {
                        return Err(format!(
                            "unexpected duration expression operator {:?}",
                            other.as_str()
                        ));
                    }
                }
            }
        })
    }

    /// Resolves the expression to milliseconds like upstream's
    /// `calculateDuration`: NaN/infinite and out-of-range results are errors,
    /// and so are non-positive ones unless `allow_negative` (offsets).
    pub fn resolve(
        &self,
        step_ms: i64,
        range_ms: i64,
        allow_negative: bool,
    ) -> Result<i64, String> {
        let d = self.eval_seconds(step_ms, range_ms)?;
        let span = self.span();
        if d.is_nan() || d.is_infinite() {
            return Err(format!("{}:{}: duration is NaN or infinite", span.start, span.end));
        }
        if d <= 0.0 && !allow_negative {
            return Err(format!("{}:{}: duration must be greater than 0", span.start, span.end));
        }
        if !(-9_223_372_036.854_776..=9_223_372_036.854_776).contains(&d) {
            return Err(format!("{}:{}: duration is out of range", span.start, span.end));
        }
        // Go truncates `time.Duration(duration*1000)` toward zero.
        Ok((d * 1000.0) as i64)
    }
}
