//! Upstream's `checkAST`: the type and arity checks that run once the query
//! parsed without syntax errors, with Prometheus' messages (and help text).
//! It also normalizes vector matching the way upstream does: set operators
//! become many-to-many, and matching is dropped when a side is a scalar.

use super::selector::matches_empty;
use crate::ast::*;
use crate::codes;
use promplay_diagnostics::{Diagnostic, Span};

/// Checks `expr` in place, appending errors to `diags`.
pub(crate) fn check(input: &str, expr: &mut Expr, diags: &mut Vec<Diagnostic>) {
    let mut c = Checker { input, diags };
    c.check(expr, false);
}

struct Checker<'a, 'd> {
    input: &'a str,
    diags: &'d mut Vec<Diagnostic>,
}

impl Checker<'_, '_> {
    fn err(&mut self, code: &'static str, span: Span, msg: String) {
        self.diags.push(Diagnostic::error(code, msg).with_label(span, ""));
    }

    fn err_help(&mut self, code: &'static str, span: Span, msg: String, help: impl Into<String>) {
        self.diags.push(Diagnostic::error(code, msg).with_label(span, "").with_help(help));
    }

    fn expect_type(&mut self, e: &mut Expr, want: ValueType, context: &str) {
        let t = self.check(e, false);
        if t != want {
            let msg =
                format!("expected type {} in {context}, got {}", want.documented(), t.documented());
            let help = conversion_help(t, want);
            match help {
                Some(h) => self.err_help(codes::TYPE_MISMATCH, e.span(), msg, h),
                None => self.err(codes::TYPE_MISMATCH, e.span(), msg),
            }
        }
    }

    /// Checks a node and returns its type; `bypass_empty` skips the
    /// empty-matcher check (the second argument of `info`).
    fn check(&mut self, e: &mut Expr, bypass_empty: bool) -> ValueType {
        let typ = e.value_type();
        let span = e.span();
        match e {
            Expr::Aggregate(a) => {
                self.expect_type(&mut a.expr, ValueType::Vector, "aggregation expression");
                if let Some(p) = a.param.as_deref_mut() {
                    let want = if a.op == AggregateOp::CountValues {
                        ValueType::String
                    } else {
                        ValueType::Scalar
                    };
                    self.expect_type(p, want, "aggregation parameter");
                }
            }
            Expr::Binary(b) => self.binary(b),
            Expr::Call(c) => self.call(c, span),
            Expr::Paren(p) => {
                self.check(&mut p.expr, false);
            }
            Expr::Unary(u) => {
                let t = self.check(&mut u.expr, false);
                if t != ValueType::Scalar && t != ValueType::Vector {
                    self.err(
                        codes::TYPE_MISMATCH,
                        span,
                        format!(
                            "unary expression only allowed on expressions of type scalar or instant vector, got {:?}",
                            t.documented()
                        ),
                    );
                }
            }
            Expr::Subquery(s) => {
                let t = self.check(&mut s.expr, false);
                if t != ValueType::Vector {
                    self.err_help(
                        codes::TYPE_MISMATCH,
                        span,
                        format!(
                            "subquery is only allowed on instant vector, got {} instead",
                            raw_name(t)
                        ),
                        "a subquery evaluates an instant-vector expression at each step",
                    );
                }
            }
            Expr::MatrixSelector(m) => self.selector(&m.selector, false),
            Expr::VectorSelector(v) => self.selector(v, bypass_empty),
            Expr::Number(_) | Expr::String(_) => {}
        }
        typ
    }

    fn selector(&mut self, v: &VectorSelector, bypass_empty: bool) {
        if let Some(name) = &v.name {
            let n = v.matchers.len().saturating_sub(1);
            for m in &v.matchers[..n] {
                if m.name == "__name__" {
                    self.err(
                        codes::DUPLICATE_METRIC_NAME,
                        v.span,
                        format!("metric name must not be set twice: {name:?} or {:?}", m.value),
                    );
                }
            }
            return;
        }
        if !bypass_empty && v.matchers.iter().all(matches_empty) {
            self.err_help(
                codes::EMPTY_SELECTOR,
                v.span,
                "vector selector must contain at least one non-empty matcher".into(),
                "add a metric name or a matcher that does not match the empty string, such as {job=~\".+\"}",
            );
        }
    }

    fn call(&mut self, c: &mut Call, span: Span) {
        let f = c.func;
        let nargs = f.arg_types.len();
        let name = f.name;
        if f.variadic == 0 {
            if nargs != c.args.len() {
                let msg = format!(
                    "expected {nargs} argument(s) in call to {name:?}, got {}",
                    c.args.len()
                );
                self.err_help(codes::WRONG_ARITY, span, msg, f.signature());
            }
        } else {
            let na = nargs - 1;
            if na > c.args.len() {
                let msg = format!(
                    "expected at least {na} argument(s) in call to {name:?}, got {}",
                    c.args.len()
                );
                self.err_help(codes::WRONG_ARITY, span, msg, f.signature());
            } else if f.variadic > 0 && na + (f.variadic as usize) < c.args.len() {
                let max = na + f.variadic as usize;
                let msg = format!(
                    "expected at most {max} argument(s) in call to {name:?}, got {}",
                    c.args.len()
                );
                self.err_help(codes::WRONG_ARITY, span, msg, f.signature());
            }
        }
        // `info`'s second argument is a selector of data labels and may match
        // everything, so it skips the empty-matcher check.
        let mut bypass_second = false;
        if name == "info" && c.args.len() > 1 {
            let t = c.args[1].value_type();
            if t != ValueType::Vector {
                self.err(
                    codes::TYPE_MISMATCH,
                    span,
                    format!(
                        "expected type instant vector in call to function \"info\", got {}",
                        t.documented()
                    ),
                );
            }
            match &c.args[1] {
                Expr::VectorSelector(v) if v.name.is_some() => self.err_help(
                    codes::TYPE_MISMATCH,
                    c.args[1].span(),
                    "expected label selectors only, got vector selector instead".into(),
                    "write the data-label selector without a metric name: info(x, {k8s_cluster_id=~\".+\"})",
                ),
                Expr::VectorSelector(_) => bypass_second = true,
                other => self.err(codes::TYPE_MISMATCH, other.span(), "expected label selectors only".into()),
            }
        }
        for (i, arg) in c.args.iter_mut().enumerate() {
            // Surplus arguments of a variadic function take the last listed type.
            let idx = if i >= nargs {
                if f.variadic == 0 || nargs == 0 {
                    break;
                }
                nargs - 1
            } else {
                i
            };
            let want = f.arg_types[idx];
            let t = self.check(arg, bypass_second && i == 1);
            if t != want {
                let msg = format!(
                    "expected type {} in call to function {name:?}, got {}",
                    want.documented(),
                    t.documented()
                );
                match conversion_help(t, want) {
                    Some(h) => self.err_help(codes::TYPE_MISMATCH, arg.span(), msg, h),
                    None => self.err(codes::TYPE_MISMATCH, arg.span(), msg),
                }
            }
        }
    }

    fn binary(&mut self, b: &mut BinaryExpr) {
        let lt = self.check(&mut b.lhs, false);
        let rt = self.check(&mut b.rhs, false);
        let op_span = self.op_range(b);
        let span = b.span;
        let op = b.op;
        if b.return_bool && !op.is_comparison() {
            self.err(
                codes::BAD_VECTOR_MATCHING,
                op_span,
                "bool modifier can only be used on comparison operators".into(),
            );
        }
        if op.is_comparison()
            && !b.return_bool
            && lt == ValueType::Scalar
            && rt == ValueType::Scalar
        {
            self.err_help(
                codes::SCALAR_COMPARISON,
                op_span,
                "comparisons between scalars must use BOOL modifier".into(),
                format!("write `{} bool` to get 0 or 1", op.as_str()),
            );
        }
        let Some(m) = b.matching.as_mut() else { return };
        // Set operators always match many-to-many; upstream records it here so
        // the engine need not special-case them.
        if op.is_set_operator() && m.card == Cardinality::OneToOne {
            m.card = Cardinality::ManyToMany;
        }
        if m.on {
            let dup: Vec<String> =
                m.matching_labels.iter().filter(|l| m.include.contains(l)).cloned().collect();
            for l in dup {
                self.err(
                    codes::BAD_VECTOR_MATCHING,
                    op_span,
                    format!("label {l:?} must not occur in ON and GROUP clause at once"),
                );
            }
        }
        let is_fill = m.fill.lhs.is_some() || m.fill.rhs.is_some();
        let bad_side = |t: ValueType| t != ValueType::Scalar && t != ValueType::Vector;
        if bad_side(lt) {
            self.err_help(
                codes::TYPE_MISMATCH,
                b.lhs.span(),
                "binary expression must contain only scalar and instant vector types".into(),
                side_help(lt),
            );
        }
        if bad_side(rt) {
            self.err_help(
                codes::TYPE_MISMATCH,
                b.rhs.span(),
                "binary expression must contain only scalar and instant vector types".into(),
                side_help(rt),
            );
        }
        if lt != ValueType::Vector || rt != ValueType::Vector {
            if !m.matching_labels.is_empty() {
                self.err(
                    codes::BAD_VECTOR_MATCHING,
                    span,
                    "vector matching only allowed between instant vectors".into(),
                );
            }
            if is_fill {
                self.err(
                    codes::BAD_VECTOR_MATCHING,
                    span,
                    "filling in missing series only allowed between instant vectors".into(),
                );
            }
            // With a scalar side there is nothing to match; dropping the matching
            // mirrors upstream, whose engine takes this as the scalar path.
            b.matching = None;
        } else if op.is_set_operator() {
            if matches!(m.card, Cardinality::OneToMany | Cardinality::ManyToOne) {
                self.err(
                    codes::BAD_VECTOR_MATCHING,
                    span,
                    format!("no grouping allowed for {:?} operation", op.as_str()),
                );
            }
            if m.card != Cardinality::ManyToMany {
                self.err(
                    codes::BAD_VECTOR_MATCHING,
                    span,
                    "set operations must always be many-to-many".into(),
                );
            }
            if is_fill {
                self.err(
                    codes::BAD_VECTOR_MATCHING,
                    span,
                    "filling in missing series not allowed for set operators".into(),
                );
            }
        }
        if (lt == ValueType::Scalar || rt == ValueType::Scalar) && op.is_set_operator() {
            self.err(
                codes::TYPE_MISMATCH,
                span,
                format!("set operator {:?} not allowed in binary scalar expression", op.as_str()),
            );
        }
    }

    /// The operator with its modifiers, between the operands (upstream's `opRange`).
    // Upstream's version ends one byte early; this one covers the operator
    // and its modifiers exactly.
    fn op_range(&self, b: &BinaryExpr) -> Span {
        let bytes = self.input.as_bytes();
        let mut start = b.lhs.span().end as usize;
        let mut end = b.rhs.span().start as usize;
        while start < end && bytes.get(start).is_some_and(|c| c.is_ascii_whitespace()) {
            start += 1;
        }
        while end > start && bytes.get(end - 1).is_some_and(|c| c.is_ascii_whitespace()) {
            end -= 1;
        }
        if start >= end { b.op_span } else { Span::from_range(start..end) }
    }
}

/// Upstream prints `ValueType` with `%s` in one message: the raw names.
fn raw_name(t: ValueType) -> &'static str {
    match t {
        ValueType::None => "none",
        ValueType::Scalar => "scalar",
        ValueType::Vector => "vector",
        ValueType::Matrix => "matrix",
        ValueType::String => "string",
    }
}

fn conversion_help(got: ValueType, want: ValueType) -> Option<String> {
    match (got, want) {
        (ValueType::Vector, ValueType::Matrix) => Some(
            "add a range to the selector, such as `[5m]`, or use a subquery such as `[5m:1m]`".into(),
        ),
        (ValueType::Matrix, ValueType::Vector) => Some(
            "a range vector must first go through a function such as rate(), increase() or avg_over_time()".into(),
        ),
        (ValueType::Vector, ValueType::Scalar) => Some("use scalar(<vector>) to convert a one-element vector".into()),
        (ValueType::Scalar, ValueType::Vector) => Some("use vector(<scalar>) to convert a scalar".into()),
        (ValueType::String, ValueType::Scalar) | (ValueType::Scalar, ValueType::String) => {
            Some(format!("this argument must be a {}", want.documented()))
        }
        _ => None,
    }
}

fn side_help(t: ValueType) -> String {
    match t {
        ValueType::Matrix => {
            "apply a function such as rate() or avg_over_time() to the range vector first".into()
        }
        _ => format!("a {} cannot be an operand", t.documented()),
    }
}
