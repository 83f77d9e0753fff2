//! Function calls, aggregations and grouping clauses: upstream's
//! `function_call`, `aggregate_expr` and `grouping_labels` rules, with the
//! argument checks of `newAggregateExpr` and a "did you mean" for unknown
//! function names.

use super::{Abort, PResult, Parser};
use crate::ast::*;
use crate::codes;
use crate::functions::Function;
use crate::functions::{FUNCTIONS, function};
use crate::lexer::{Keyword, Token, TokenKind};
use promplay_diagnostics::{Diagnostic, Span};

impl Parser<'_> {
    /// `name(args)`; unknown and disabled experimental functions are reported.
    pub(crate) fn call(&mut self) -> PResult<Expr> {
        let name_tok = self.bump();
        let func = self.check_function_name(name_tok);
        // Arguments are parsed even for an unknown function, so one pass
        // reports every unknown name and bad literal in the query.
        let args = self.call_args()?;
        Ok(self.call_node(name_tok, func, args))
    }

    /// Looks the function up and reports unknown or disabled ones; out of
    /// line (like the other non-recursive helpers here) so the recursive
    /// path keeps small stack frames.
    #[inline(never)]
    fn check_function_name(&mut self, name_tok: Token) -> Option<&'static Function> {
        let name = self.text(name_tok);
        let func = function(name);
        match func {
            None => {
                let mut d = Diagnostic::error(
                    codes::UNKNOWN_FUNCTION,
                    format!("unknown function with name {name:?}"),
                )
                .with_label(name_tok.span, "");
                if let Some(s) = suggest(name) {
                    d = d.with_help(format!("did you mean `{s}`?"));
                } else if crate::ast::AggregateOp::from_keyword(name).is_none() {
                    d = d.with_help("see the FUNCTIONS list for every function PromQL knows");
                }
                self.diags.push(d);
            }
            Some(f) if f.experimental && !self.opts.experimental_functions => {
                self.error_help(
                    codes::EXPERIMENTAL_FUNCTION,
                    name_tok.span,
                    format!("function {name:?} is not enabled"),
                    "it is experimental: enable experimental functions (Prometheus: --enable-feature=promql-experimental-functions)",
                );
            }
            Some(_) => {}
        }
        func
    }

    #[inline(never)]
    fn call_node(
        &mut self,
        name_tok: Token,
        func: Option<&'static Function>,
        args: Vec<Expr>,
    ) -> Expr {
        let span = name_tok.span.to(Span::at(self.last_end()));
        match func {
            Some(func) => Expr::Call(Call { func, args, span }),
            // Keep parsing for more errors with a stand-in node; the query
            // is rejected anyway because of the diagnostic above.
            None => Expr::Number(NumberLiteral { value: f64::NAN, duration: false, span }),
        }
    }

    /// `( expr, ... )`; a trailing comma is reported like upstream.
    pub(crate) fn call_args(&mut self) -> PResult<Vec<Expr>> {
        let Some(open) = self.eat(TokenKind::LeftParen) else {
            return Err(self.unexpected("function call", "\"(\""));
        };
        let mut args = Vec::new();
        if self.eat(TokenKind::RightParen).is_some() {
            return Ok(args);
        }
        loop {
            args.push(self.expr(0)?);
            if let Some(comma) = self.eat(TokenKind::Comma) {
                if self.at(TokenKind::RightParen) {
                    return Err(self.trailing_comma(comma.span));
                }
                continue;
            }
            self.expect_close(TokenKind::RightParen, open.span, "function call arguments")?;
            return Ok(args);
        }
    }

    #[inline(never)]
    fn trailing_comma(&mut self, span: Span) -> Abort {
        self.error_at(
            codes::TRAILING_COMMA,
            span,
            "trailing commas not allowed in function call args",
            "remove this comma",
        );
        Abort
    }

    /// `op [by|without (...)] (args) [by|without (...)]`.
    pub(crate) fn aggregation(&mut self, op: AggregateOp) -> PResult<Expr> {
        let op_tok = self.bump();
        let mut grouping: Option<(Vec<String>, bool)> = None;
        if let Some(TokenKind::Keyword(k @ (Keyword::By | Keyword::Without))) = self.peek_kind() {
            self.bump();
            grouping = Some((self.grouping_labels()?, k == Keyword::Without));
        }
        if !self.at(TokenKind::LeftParen) {
            return Err(self.unexpected("aggregation", ""));
        }
        let args = self.call_args()?;
        self.finish_aggregation(op, op_tok, grouping, args)
    }

    /// The trailing grouping clause and upstream's argument checks.
    #[inline(never)]
    fn finish_aggregation(
        &mut self,
        op: AggregateOp,
        op_tok: Token,
        mut grouping: Option<(Vec<String>, bool)>,
        mut args: Vec<Expr>,
    ) -> PResult<Expr> {
        if grouping.is_none()
            && let Some(TokenKind::Keyword(k @ (Keyword::By | Keyword::Without))) = self.peek_kind()
        {
            self.bump();
            grouping = Some((self.grouping_labels()?, k == Keyword::Without));
        }
        let span = op_tok.span.to(Span::at(self.last_end()));
        let (grouping, without) = grouping.unwrap_or_default();
        let name = op.as_str();
        if args.is_empty() {
            self.error_at(
                codes::BAD_AGGREGATION,
                span,
                "no arguments for aggregate expression provided",
                "",
            );
            return Err(Abort);
        }
        // The parameter comes first (`topk(5, x)`); only these operators take one.
        let mut desired = 1;
        if op.has_param() {
            if op.is_experimental() && !self.opts.experimental_functions {
                self.error_help(
                    codes::EXPERIMENTAL_FUNCTION,
                    span,
                    format!("{name}() is experimental and must be enabled with --enable-feature=promql-experimental-functions"),
                    "enable experimental functions in the parse options",
                );
                return Err(Abort);
            }
            desired = 2;
        }
        if args.len() != desired {
            let help = if desired == 2 {
                format!("{name} takes a parameter and a vector: {name}(<parameter>, <vector>)")
            } else {
                format!("{name} takes one vector: {name}(<vector>)")
            };
            self.error_help(
                codes::BAD_AGGREGATION,
                span,
                format!(
                    "wrong number of arguments for aggregate expression provided, expected {desired}, got {}",
                    args.len()
                ),
                help,
            );
            return Err(Abort);
        }
        let expr = Box::new(args.pop().unwrap_or_else(|| unreachable_number(span)));
        let param = args.pop().map(Box::new);
        Ok(Expr::Aggregate(AggregateExpr { op, expr, param, grouping, without, span }))
    }

    /// `( label, ... )` of `by`, `without`, `on`, `ignoring`, `group_*`.
    pub(crate) fn grouping_labels(&mut self) -> PResult<Vec<String>> {
        let Some(open) = self.eat(TokenKind::LeftParen) else {
            return Err(self.unexpected("grouping opts", "\"(\""));
        };
        let mut labels = Vec::new();
        loop {
            if self.eat(TokenKind::RightParen).is_some() {
                return Ok(labels);
            }
            let Some(t) = self.peek() else {
                return self
                    .expect_close(TokenKind::RightParen, open.span, "grouping opts")
                    .map(|_| labels);
            };
            let label = match t.kind {
                TokenKind::Identifier | TokenKind::MetricIdentifier | TokenKind::Aggregator(_) => {
                    self.text(t).to_string()
                }
                // Keywords are fine as label names here (`by (on, offset)`), except
                // `without`, which the grammar's `maybe_label` leaves out.
                TokenKind::Keyword(k) if k != Keyword::Without => self.text(t).to_string(),
                TokenKind::String => {
                    let s = self.unquote(t);
                    // In UTF-8 mode any non-empty string is a valid label name.
                    if s.is_empty() {
                        self.error_at(
                            codes::BAD_LABEL,
                            t.span,
                            format!("invalid label name for grouping: {s:?}"),
                            "label names must not be empty",
                        );
                    }
                    s
                }
                _ => return Err(self.unexpected("grouping opts", "label")),
            };
            self.bump();
            labels.push(label);
            if self.eat(TokenKind::Comma).is_none() && !self.at(TokenKind::RightParen) {
                if self.peek().is_none() {
                    return self
                        .expect_close(TokenKind::RightParen, open.span, "grouping opts")
                        .map(|_| labels);
                }
                return Err(self.unexpected("grouping opts", "\",\" or \")\""));
            }
        }
    }
}

/// A placeholder for the impossible case of an empty argument list after
/// the length check, so no `unwrap` can panic.
fn unreachable_number(span: Span) -> Expr {
    Expr::Number(NumberLiteral { value: f64::NAN, duration: false, span })
}

/// The closest function name within a small edit distance, for "did you mean".
fn suggest(name: &str) -> Option<&'static str> {
    /// The functions people type most; they win ties (`rat` is `rate`, not `rad`).
    const POPULAR: &[&str] = &[
        "rate",
        "irate",
        "increase",
        "histogram_quantile",
        "sum_over_time",
        "avg_over_time",
        "max_over_time",
        "label_replace",
        "absent",
        "delta",
    ];
    let lower = name.to_ascii_lowercase();
    FUNCTIONS
        .iter()
        .map(|f| (edit_distance(&lower, f.name), f.name))
        .filter(|&(d, n)| d <= 2.max(n.len() / 4))
        .min_by_key(|&(d, n)| (d, !n.starts_with(&lower), !POPULAR.contains(&n), n))
        .map(|(_, n)| n)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}
