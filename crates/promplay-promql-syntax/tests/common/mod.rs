//! Helpers shared by the syntax crate's integration tests.
//!
//! Each test binary uses only some of them, hence the `dead_code` allowance.
#![allow(dead_code)]

use promplay_diagnostics::Diagnostic;
use promplay_promql_syntax::Expr;

/// The messages of `diags`, for assertion output.
pub fn messages(diags: &[Diagnostic]) -> Vec<String> {
    diags.iter().map(|d| format!("{} {}", d.code, d.message)).collect()
}

/// The tree's Debug form with every span removed and matchers sorted, to
/// compare trees parsed from different texts (printing sorts matchers, as
/// upstream does).
pub fn strip(e: &Expr) -> String {
    let mut e = e.clone();
    sort_matchers(&mut e);
    let s = format!("{e:?}");
    let mut out = String::with_capacity(s.len());
    let mut rest = s.as_str();
    while let Some(i) = rest.find("span: Span {") {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let end = after.find('}').map_or(after.len(), |j| j + 1);
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

fn sort_matchers(e: &mut Expr) {
    let key =
        |m: &promplay_promql_syntax::LabelMatcher| (m.name.clone(), m.op.as_str(), m.value.clone());
    match e {
        Expr::VectorSelector(v) => v.matchers.sort_by_key(key),
        Expr::MatrixSelector(m) => m.selector.matchers.sort_by_key(key),
        Expr::Subquery(s) => sort_matchers(&mut s.expr),
        Expr::Call(c) => c.args.iter_mut().for_each(sort_matchers),
        Expr::Aggregate(a) => {
            sort_matchers(&mut a.expr);
            if let Some(p) = a.param.as_deref_mut() {
                sort_matchers(p);
            }
        }
        Expr::Binary(b) => {
            sort_matchers(&mut b.lhs);
            sort_matchers(&mut b.rhs);
        }
        Expr::Unary(u) => sort_matchers(&mut u.expr),
        Expr::Paren(p) => sort_matchers(&mut p.expr),
        Expr::Number(_) | Expr::String(_) => {}
    }
}

/// A fully parenthesized rendering that shows the tree's shape: every
/// binary and unary node in `(...)`, numbers as values, selectors by name,
/// and the postfix modifiers as `<range>`, `<sub>`, `<off>`, `<at>`.
pub fn shape(e: &Expr) -> String {
    match e {
        Expr::Number(n) => promplay_promql_syntax::format_number(n.value),
        Expr::String(s) => format!("{:?}", s.value),
        Expr::VectorSelector(v) => {
            let mut s = v.name.clone().unwrap_or_else(|| "{}".into());
            if v.offset_ms != 0 || v.offset_expr.is_some() {
                s.push_str("<off>");
            }
            if v.at.is_some() {
                s.push_str("<at>");
            }
            s
        }
        Expr::MatrixSelector(m) => {
            format!("{}<range>", shape(&Expr::VectorSelector(m.selector.clone())))
        }
        Expr::Subquery(s) => format!("{}<sub>", shape(&s.expr)),
        Expr::Call(c) => {
            format!("{}({})", c.func.name, c.args.iter().map(shape).collect::<Vec<_>>().join(", "))
        }
        Expr::Aggregate(a) => {
            let p = a.param.as_deref().map(|p| format!("{}, ", shape(p))).unwrap_or_default();
            format!("{}({p}{})", a.op.as_str(), shape(&a.expr))
        }
        Expr::Binary(b) => format!("({} {} {})", shape(&b.lhs), b.op.as_str(), shape(&b.rhs)),
        Expr::Unary(u) => {
            let op = if u.op == promplay_promql_syntax::UnaryOp::Neg { "-" } else { "+" };
            format!("({op}{})", shape(&u.expr))
        }
        Expr::Paren(p) => format!("[{}]", shape(&p.expr)),
    }
}
