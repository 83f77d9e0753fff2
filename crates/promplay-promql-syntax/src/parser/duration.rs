//! Durations where the grammar expects them: inside `[...]` (ranges and
//! subquery steps, where Prometheus 3.14 accepts full duration expressions)
//! and after `offset` (a signed literal, or an experimental `step()`,
//! `range()`, `min_of`/`max_of` or parenthesized expression).
//!
//! A lone literal is a constant; anything else is an experimental duration
//! expression and needs [`crate::ParseOptions::duration_expressions`].

use super::{Abort, PResult, Parser};
use crate::ast::{BinaryOp, DurationExpr, UnaryOp};
use crate::codes;
use crate::lexer::{Keyword, TokenKind};
use promplay_diagnostics::Span;

/// The largest duration in seconds that fits Go's `time.Duration`.
const MAX_SECONDS: f64 = 9_223_372_036.854_775;

impl Parser<'_> {
    /// A range or step: any duration expression; a literal must be > 0.
    pub(crate) fn positive_duration(
        &mut self,
        context: &str,
        expected: &str,
    ) -> PResult<DurationExpr> {
        if !self.starts_duration() {
            return Err(self.unexpected(context, expected));
        }
        let errors_before = self.diags.len();
        let d = self.dur_expr(0)?;
        match &d {
            // A literal that failed to parse was reported already.
            DurationExpr::Number { .. } if self.diags.len() > errors_before => return Err(Abort),
            DurationExpr::Number { seconds, span, .. } => {
                if *seconds <= 0.0 {
                    self.error_help(
                        codes::NON_POSITIVE_DURATION,
                        *span,
                        "duration must be greater than 0",
                        "ranges and steps are positive durations such as 5m",
                    );
                    return Err(Abort);
                }
            }
            other => self.require_duration_exprs(other.span()),
        }
        Ok(d)
    }

    /// The duration after `offset`.
    pub(crate) fn offset_duration(&mut self) -> PResult<DurationExpr> {
        // Outside brackets a binary operator after the literal belongs to the
        // outer expression: `x offset 5s - 8` subtracts 8 from the selector.
        let sign = match self.peek_kind() {
            Some(TokenKind::Sub) => Some((UnaryOp::Neg, self.bump())),
            Some(TokenKind::Add) => Some((UnaryOp::Plus, self.bump())),
            _ => None,
        };
        let inner = match self.peek_kind() {
            Some(TokenKind::Number | TokenKind::Duration) => self.dur_literal()?,
            Some(TokenKind::LeftParen) => self.dur_primary()?,
            Some(TokenKind::Keyword(
                Keyword::Step | Keyword::Range | Keyword::MinOf | Keyword::MaxOf,
            )) => self.dur_primary()?,
            _ => return Err(self.unexpected("offset", "number, duration, step(), or range()")),
        };
        let d = match sign {
            None => inner,
            Some((op, t)) => self.apply_sign(op, t.span, inner)?,
        };
        if !matches!(d, DurationExpr::Number { .. }) {
            self.require_duration_exprs(d.span());
        }
        Ok(d)
    }

    fn require_duration_exprs(&mut self, span: Span) {
        if !self.opts.duration_expressions {
            self.error_help(
                codes::EXPERIMENTAL_DURATION_EXPR,
                span,
                "experimental duration expression is not enabled",
                "enable duration expressions (Prometheus: --enable-feature=promql-duration-expr), or write a plain duration such as 5m",
            );
        }
    }

    fn starts_duration(&self) -> bool {
        matches!(
            self.peek_kind(),
            Some(
                TokenKind::Number
                    | TokenKind::Duration
                    | TokenKind::LeftParen
                    | TokenKind::Add
                    | TokenKind::Sub
                    | TokenKind::Keyword(
                        Keyword::Step | Keyword::Range | Keyword::MinOf | Keyword::MaxOf
                    )
            )
        )
    }

    /// Pratt loop over `+ - * / % ^` with the same precedences as PromQL's operators.
    fn dur_expr(&mut self, min_prec: u8) -> PResult<DurationExpr> {
        let here = self.peek().map_or(Span::at(self.input.len() as u32), |t| t.span);
        self.enter(here)?;
        let r = self.dur_expr_inner(min_prec);
        self.depth -= 1;
        r
    }

    fn dur_expr_inner(&mut self, min_prec: u8) -> PResult<DurationExpr> {
        let mut lhs = self.dur_unary()?;
        loop {
            let op = match self.peek_kind() {
                Some(TokenKind::Add) => BinaryOp::Add,
                Some(TokenKind::Sub) => BinaryOp::Sub,
                Some(TokenKind::Mul) => BinaryOp::Mul,
                Some(TokenKind::Div) => BinaryOp::Div,
                Some(TokenKind::Mod) => BinaryOp::Mod,
                Some(TokenKind::Pow) => BinaryOp::Pow,
                _ => return Ok(lhs),
            };
            let prec = op.precedence();
            if prec < min_prec {
                return Ok(lhs);
            }
            let op_tok = self.bump();
            if !self.starts_duration() {
                return Err(
                    self.unexpected("duration expression", "number, duration, step(), or range()")
                );
            }
            let rhs = self.dur_expr(if op.is_right_assoc() { prec } else { prec + 1 })?;
            // Upstream rejects only a literal zero divisor while parsing; one that
            // comes from step() or range() is the engine's error at evaluation.
            if let DurationExpr::Number { seconds, .. } = rhs
                && seconds == 0.0
                && matches!(op, BinaryOp::Div | BinaryOp::Mod)
            {
                let msg = if op == BinaryOp::Div { "division by zero" } else { "modulo by zero" };
                self.error_at(codes::DURATION_DIVISION_BY_ZERO, op_tok.span, msg, "");
                return Err(Abort);
            }
            let span = lhs.span().to(rhs.span());
            lhs = DurationExpr::Binary { op, lhs: Box::new(lhs), rhs: Box::new(rhs), span };
        }
    }

    /// A sign binds like `*`, so `-1^2` is `-(1^2)`; on a literal it folds.
    fn dur_unary(&mut self) -> PResult<DurationExpr> {
        let op = match self.peek_kind() {
            Some(TokenKind::Sub) => UnaryOp::Neg,
            Some(TokenKind::Add) => UnaryOp::Plus,
            _ => return self.dur_primary(),
        };
        let t = self.bump();
        if !self.starts_duration() {
            return Err(
                self.unexpected("duration expression", "number, duration, step(), or range()")
            );
        }
        let operand = self.dur_expr(BinaryOp::Pow.precedence())?;
        self.apply_sign(op, t.span, operand)
    }

    fn apply_sign(
        &mut self,
        op: UnaryOp,
        op_span: Span,
        operand: DurationExpr,
    ) -> PResult<DurationExpr> {
        let span = op_span.to(operand.span());
        Ok(match operand {
            DurationExpr::Number { seconds, duration, .. } => {
                let seconds = if op == UnaryOp::Neg { -seconds } else { seconds };
                DurationExpr::Number { seconds, duration, span }
            }
            // Upstream drops a unary plus on an expression.
            other if op == UnaryOp::Plus => other,
            other => DurationExpr::Unary { op, expr: Box::new(other), span },
        })
    }

    fn dur_literal(&mut self) -> PResult<DurationExpr> {
        let t = self.bump();
        let seconds = self.literal_value(t);
        if !(-MAX_SECONDS..=MAX_SECONDS).contains(&seconds) && !seconds.is_nan() {
            self.error_at(codes::BAD_DURATION, t.span, "duration out of range", "");
            return Err(Abort);
        }
        Ok(DurationExpr::Number { seconds, duration: t.kind == TokenKind::Duration, span: t.span })
    }

    fn dur_primary(&mut self) -> PResult<DurationExpr> {
        match self.peek_kind() {
            Some(TokenKind::Number | TokenKind::Duration) => self.dur_literal(),
            Some(TokenKind::LeftParen) => {
                let open = self.bump();
                if !self.starts_duration() {
                    return Err(self.unexpected(
                        "duration expression",
                        "number, duration, step(), or range()",
                    ));
                }
                let inner = self.dur_expr(0)?;
                let close =
                    self.expect_close(TokenKind::RightParen, open.span, "duration expression")?;
                Ok(DurationExpr::Paren { expr: Box::new(inner), span: open.span.to(close.span) })
            }
            Some(TokenKind::Keyword(k @ (Keyword::Step | Keyword::Range))) => {
                let t = self.bump();
                let Some(open) = self.eat(TokenKind::LeftParen) else {
                    // Upstream's grammar reports this from the enclosing rule.
                    return Err(self.unexpected(
                        "subquery or range selector",
                        "number, duration, step(), or range()",
                    ));
                };
                let close =
                    self.expect_close(TokenKind::RightParen, open.span, "duration expression")?;
                let span = t.span.to(close.span);
                Ok(if k == Keyword::Step {
                    DurationExpr::Step { span }
                } else {
                    DurationExpr::Range { span }
                })
            }
            Some(TokenKind::Keyword(k @ (Keyword::MinOf | Keyword::MaxOf))) => {
                let t = self.bump();
                let Some(open) = self.eat(TokenKind::LeftParen) else {
                    return Err(self.unexpected("duration expression", "\"(\""));
                };
                if !self.starts_duration() {
                    return Err(self.unexpected(
                        "duration expression",
                        "number, duration, step(), or range()",
                    ));
                }
                let lhs = self.dur_expr(0)?;
                if self.eat(TokenKind::Comma).is_none() {
                    return Err(self.unexpected("duration expression", "\",\""));
                }
                if !self.starts_duration() {
                    return Err(self.unexpected(
                        "duration expression",
                        "number, duration, step(), or range()",
                    ));
                }
                let rhs = self.dur_expr(0)?;
                let close =
                    self.expect_close(TokenKind::RightParen, open.span, "duration expression")?;
                Ok(DurationExpr::MinMax {
                    max: k == Keyword::MaxOf,
                    lhs: Box::new(lhs),
                    rhs: Box::new(rhs),
                    span: t.span.to(close.span),
                })
            }
            _ => {
                Err(self.unexpected("duration expression", "number, duration, step(), or range()"))
            }
        }
    }
}
