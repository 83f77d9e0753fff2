//! Selectors and the postfix modifiers: `{matchers}`, `[range]`,
//! `[range:step]`, `offset`, `@`, `anchored` and `smoothed`, with upstream's
//! rules on what each may follow (`addOffset`, `setTimestamp`,
//! `setAnchored`, ... in `parse.go`).

use super::{Abort, PResult, Parser};
use crate::ast::*;
use crate::codes;
use crate::lexer::{Keyword, TokenKind};
use crate::number::seconds_to_ms;
use promplay_diagnostics::{Diagnostic, Span};

impl Parser<'_> {
    /// A vector selector: an optional metric name, then optional `{...}`.
    pub(crate) fn selector(&mut self, name: Option<(String, Span)>) -> PResult<Expr> {
        let mut matchers = Vec::new();
        let mut span = name.as_ref().map(|n| n.1);
        if let Some(open) = self.eat(TokenKind::LeftBrace) {
            span = Some(span.unwrap_or(open.span));
            self.matchers(open.span, &mut matchers)?;
        }
        let span = span.unwrap_or_default().to(Span::at(self.last_end()));
        for m in &matchers {
            if matches!(m.op, MatchOp::Regex | MatchOp::NotRegex)
                && let Err(e) = compile_regex(&m.value)
            {
                self.error_help(
                    codes::BAD_REGEX,
                    m.span,
                    format!("error parsing regexp: {e}"),
                    "label matchers use RE2 syntax and are anchored at both ends",
                );
            }
        }
        // Upstream appends the name matcher last; the engine and printer rely
        // on that order to tell the written name from a `__name__` matcher.
        if let Some((n, nspan)) = &name {
            matchers.push(LabelMatcher {
                name: "__name__".into(),
                op: MatchOp::Equal,
                value: n.clone(),
                span: *nspan,
            });
        }
        Ok(Expr::VectorSelector(VectorSelector {
            name: name.map(|n| n.0),
            matchers,
            offset_ms: 0,
            offset_expr: None,
            at: None,
            anchored: false,
            smoothed: false,
            span,
        }))
    }

    /// The matchers between `{` and `}` (the `{` is consumed).
    fn matchers(&mut self, open: Span, out: &mut Vec<LabelMatcher>) -> PResult<()> {
        loop {
            if self.eat(TokenKind::RightBrace).is_some() {
                return Ok(());
            }
            let Some(t) = self.peek() else {
                return self
                    .expect_close(TokenKind::RightBrace, open, "label matching")
                    .map(|_| ());
            };
            let (name, quoted) = match t.kind {
                TokenKind::Identifier => (self.text(t).to_string(), false),
                TokenKind::String => (self.unquote(t), true),
                _ => return Err(self.unexpected("label matching", "identifier or \"}\"")),
            };
            self.bump();
            let op = match self.peek_kind() {
                Some(TokenKind::Eql) => Some(MatchOp::Equal),
                Some(TokenKind::Neq) => Some(MatchOp::NotEqual),
                Some(TokenKind::EqlRegex) => Some(MatchOp::Regex),
                Some(TokenKind::NeqRegex) => Some(MatchOp::NotRegex),
                _ => None,
            };
            match op {
                Some(op) => {
                    self.bump();
                    let Some(v) = self.eat(TokenKind::String) else {
                        return Err(self.unexpected("label matching", "string"));
                    };
                    let value = self.unquote(v);
                    out.push(LabelMatcher { name, op, value, span: t.span.to(v.span) });
                }
                // A quoted name alone is the metric name: `{"my.metric"}`.
                None if quoted => {
                    out.push(LabelMatcher {
                        name: "__name__".into(),
                        op: MatchOp::Equal,
                        value: name,
                        span: t.span,
                    });
                }
                None => return Err(self.unexpected("label matching", "label matching operator")),
            }
            if self.eat(TokenKind::Comma).is_none() && !self.at(TokenKind::RightBrace) {
                if self.peek().is_none() {
                    return self
                        .expect_close(TokenKind::RightBrace, open, "label matching")
                        .map(|_| ());
                }
                return Err(self.unexpected("label matching", "\",\" or \"}\""));
            }
        }
    }

    /// `[range]` after a vector selector, or `[range:step]` after anything.
    pub(crate) fn range_or_subquery(&mut self, e: Expr) -> PResult<Expr> {
        let open = self.bump();
        if self.peek().is_none() {
            // Upstream's lexer is inside its duration-expression state here.
            self.diags.push(
                Diagnostic::error(
                    codes::UNCLOSED,
                    "unexpected end of input in duration expression",
                )
                .with_label(Span::at(self.input.len() as u32), "")
                .with_label(open.span, "this `[` is never closed")
                .with_help("write a range such as `[5m]` or a subquery such as `[5m:1m]`"),
            );
            return Err(Abort);
        }
        let range = self.positive_duration(
            "subquery or range selector",
            "number, duration, step(), or range()",
        )?;
        if self.eat(TokenKind::Colon).is_some() {
            let step = if self.at(TokenKind::RightBracket) {
                None
            } else {
                Some(self.positive_duration(
                    "subquery selector",
                    "number, duration, step(), range(), or \"]\"",
                )?)
            };
            let close =
                self.expect_close(TokenKind::RightBracket, open.span, "subquery selector")?;
            let (range_ms, range_expr) = split(range);
            let (step_ms, step_expr) = step.map_or((0, None), split);
            let span = e.span().to(close.span);
            return Ok(Expr::Subquery(SubqueryExpr {
                expr: Box::new(e),
                range_ms,
                range_expr,
                step_ms,
                step_expr,
                offset_ms: 0,
                offset_expr: None,
                at: None,
                span,
            }));
        }
        if !self.at(TokenKind::RightBracket) && self.peek().is_some() {
            return Err(self.unexpected("subquery or range", "\":\" or \"]\""));
        }
        let close = self.expect_close(TokenKind::RightBracket, open.span, "subquery or range")?;
        let brackets = open.span.to(close.span);
        let (range_ms, range_expr) = split(range);
        // A range needs a bare selector: `(x)[5m]` or `sum(x)[5m]` are errors
        // (a subquery `[5m:]` is what the user wants there).
        let Expr::VectorSelector(vs) = e else {
            self.error_help(
                codes::BAD_MODIFIER,
                brackets,
                "ranges only allowed for vector selectors",
                "to select a range of an expression's results, use a subquery such as `[5m:1m]`",
            );
            return Err(Abort);
        };
        if vs.offset_ms != 0 || vs.offset_expr.is_some() {
            self.error_help(
                codes::BAD_MODIFIER,
                brackets,
                "no offset modifiers allowed before range",
                "write the offset after the range: `x[5m] offset 1h`",
            );
        } else if vs.at.is_some() {
            self.error_help(
                codes::BAD_MODIFIER,
                brackets,
                "no @ modifiers allowed before range",
                "write the @ modifier after the range: `x[5m] @ 1700000000`",
            );
        }
        let span = vs.span.to(close.span);
        Ok(Expr::MatrixSelector(MatrixSelector { selector: vs, range_ms, range_expr, span }))
    }

    /// `offset <duration>`: literals with an optional sign, or (experimental)
    /// `step()`, `range()`, `min_of`/`max_of` and parenthesized expressions.
    pub(crate) fn offset(&mut self, mut e: Expr) -> PResult<Expr> {
        let kw = self.bump();
        let d = self.offset_duration()?;
        let end = Span::at(self.last_end());
        let (ms, expr) = split(d);
        let whole = e.span().to(end);
        let (slot_ms, slot_expr, span) = match &mut e {
            Expr::VectorSelector(vs) => (&mut vs.offset_ms, &mut vs.offset_expr, &mut vs.span),
            // As upstream, a range selector's offset lives on its inner selector.
            Expr::MatrixSelector(ms) => {
                (&mut ms.selector.offset_ms, &mut ms.selector.offset_expr, &mut ms.span)
            }
            Expr::Subquery(sq) => (&mut sq.offset_ms, &mut sq.offset_expr, &mut sq.span),
            _ => {
                self.error_help(
                    codes::BAD_MODIFIER,
                    e.span().to(kw.span),
                    "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery",
                    "to shift a whole expression in time, move the offset onto each selector inside it, or use a subquery: `(expr)[5m:] offset 1h`",
                );
                return Err(Abort);
            }
        };
        if *slot_ms != 0 || slot_expr.is_some() {
            self.error_help(
                codes::DUPLICATE_MODIFIER,
                kw.span.to(end),
                "offset may not be set multiple times",
                "combine the offsets into one, such as `offset 3m` for `offset 1m offset 2m`",
            );
            return Err(Abort);
        }
        *slot_ms = ms;
        *slot_expr = expr;
        *span = whole;
        Ok(e)
    }

    /// `@ <timestamp>`, `@ start()`, `@ end()`.
    pub(crate) fn at_modifier(&mut self, mut e: Expr) -> PResult<Expr> {
        let at_tok = self.bump();
        let at = match self.peek_kind() {
            Some(TokenKind::Keyword(k @ (Keyword::Start | Keyword::End))) => {
                self.bump();
                if self.eat(TokenKind::LeftParen).is_none() {
                    return Err(self.unexpected("@", "\"(\""));
                }
                if self.eat(TokenKind::RightParen).is_none() {
                    return Err(self.unexpected("@", "\")\""));
                }
                if k == Keyword::Start { AtModifier::Start } else { AtModifier::End }
            }
            Some(TokenKind::Add | TokenKind::Sub | TokenKind::Number | TokenKind::Duration) => {
                let neg = self.eat(TokenKind::Sub).is_some();
                if !neg {
                    self.eat(TokenKind::Add);
                }
                let Some(t) = self
                    .peek()
                    .filter(|t| matches!(t.kind, TokenKind::Number | TokenKind::Duration))
                else {
                    return Err(self.unexpected("@", "timestamp"));
                };
                self.bump();
                let v = self.literal_value(t);
                let ts = if neg { -v } else { v };
                if !ts.is_finite() || ts >= i64::MAX as f64 || ts <= i64::MIN as f64 {
                    self.error_help(
                        codes::BAD_TIMESTAMP,
                        at_tok.span.to(t.span),
                        format!("timestamp out of bounds for @ modifier: {}", go_f(ts)),
                        "use a Unix timestamp in seconds, such as `@ 1700000000`",
                    );
                    return Err(Abort);
                }
                // `timestamp.FromFloatSeconds`: round half away from zero to milliseconds.
                AtModifier::Timestamp((ts * 1000.0).round() as i64)
            }
            _ => return Err(self.unexpected("@", "timestamp")),
        };
        let end = Span::at(self.last_end());
        let (slot, span) = match &mut e {
            Expr::VectorSelector(vs) => (&mut vs.at, &mut vs.span),
            Expr::MatrixSelector(ms) => (&mut ms.selector.at, &mut ms.span),
            Expr::Subquery(sq) => (&mut sq.at, &mut sq.span),
            _ => {
                self.error_help(
                    codes::BAD_MODIFIER,
                    e.span().to(at_tok.span),
                    "@ modifier must be preceded by an instant vector selector or range vector selector or a subquery",
                    "put the @ modifier on each selector, or use a subquery: `(expr)[5m:] @ end()`",
                );
                return Err(Abort);
            }
        };
        if slot.is_some() {
            self.error_help(
                codes::DUPLICATE_MODIFIER,
                at_tok.span.to(end),
                "@ <timestamp> may not be set multiple times",
                "keep one @ modifier",
            );
            return Err(Abort);
        }
        *slot = Some(at);
        *span = span.to(end);
        Ok(e)
    }

    /// `anchored` or `smoothed` (experimental extended range selectors).
    pub(crate) fn extended(&mut self, mut e: Expr, anchored: bool) -> PResult<Expr> {
        let kw = self.bump();
        let word = if anchored { "anchored" } else { "smoothed" };
        let whole = e.span().to(kw.span);
        if !self.opts.extended_range_selectors {
            self.error_help(
                codes::EXPERIMENTAL_RANGE_SELECTOR,
                whole,
                format!("{word} modifier is experimental and not enabled"),
                "enable extended range selectors (Prometheus: --enable-feature=promql-extended-range-selectors)",
            );
            return Err(Abort);
        }
        let target = match &mut e {
            Expr::VectorSelector(vs) => vs,
            Expr::MatrixSelector(ms) => &mut ms.selector,
            Expr::Subquery(_) => {
                self.error_at(
                    codes::BAD_MODIFIER,
                    whole,
                    format!("{word} modifier is not supported for subqueries"),
                    "",
                );
                return Err(Abort);
            }
            _ => {
                self.error_help(
                    codes::BAD_MODIFIER,
                    whole,
                    format!("{word} modifier not implemented"),
                    format!("`{word}` applies to range selectors such as `x[5m] {word}`"),
                );
                return Err(Abort);
            }
        };
        if anchored {
            target.anchored = true;
        } else {
            target.smoothed = true;
        }
        let both = target.anchored && target.smoothed;
        match &mut e {
            Expr::VectorSelector(vs) => vs.span = whole,
            Expr::MatrixSelector(ms) => ms.span = whole,
            _ => {}
        }
        if both {
            self.error_at(
                codes::BAD_MODIFIER,
                whole,
                "anchored and smoothed modifiers cannot be used together",
                "",
            );
            return Err(Abort);
        }
        Ok(e)
    }
}

/// A parsed duration as (constant milliseconds, expression): literals become
/// constants, anything else stays an expression for the engine to resolve.
fn split(d: DurationExpr) -> (i64, Option<DurationExpr>) {
    match d {
        DurationExpr::Number { seconds, .. } => (seconds_to_ms(seconds), None),
        other => (0, Some(other)),
    }
}

/// Go's `%f`: six decimals.
fn go_f(v: f64) -> String {
    if v.is_nan() {
        "NaN".into()
    } else if v.is_infinite() {
        if v > 0.0 { "+Inf".into() } else { "-Inf".into() }
    } else {
        format!("{v:.6}")
    }
}

/// Validates a label-matcher regex the way Prometheus compiles it
/// (`^(?s:<re>)$`). `Ok(None)` means "accepted, but not analysable here".
// The regex is only validated here; compiling it for matching is the
// engine's business, and the tree keeps the source text. regex-syntax is
// stricter than Go's RE2 in two places, where Go reads the text literally:
// braces that are no repetition (`/api/{id}`) and `\Q...\E` quoting. Those
// are accepted rather than rejecting a query Prometheus runs.
pub(crate) fn compile_regex(re: &str) -> Result<Option<regex_syntax::hir::Hir>, String> {
    use regex_syntax::ast::ErrorKind;
    let mut p = regex_syntax::ParserBuilder::new().dot_matches_new_line(true).build();
    match p.parse(&crate::regex::go_regex_to_rust(re)) {
        // Go's RE2 caps repeat counts at 1000; regex-syntax allows more.
        Ok(h) if repeats_too_large(&h) => {
            Err(format!("invalid repeat count: `{}`", large_repeat_text(re)))
        }
        Ok(h) => Ok(Some(h)),
        Err(regex_syntax::Error::Parse(e))
            if matches!(
                e.kind(),
                ErrorKind::RepetitionCountInvalid
                    | ErrorKind::RepetitionCountDecimalEmpty
                    | ErrorKind::RepetitionCountUnclosed
            ) || (matches!(e.kind(), ErrorKind::EscapeUnrecognized) && re.contains("\\Q")) =>
        {
            Ok(None)
        }
        Err(e) => {
            // regex-syntax renders a multi-line error with a caret diagram;
            // the last line is the message itself.
            let s = e.to_string();
            Err(s
                .lines()
                .rev()
                .find(|l| l.starts_with("error:"))
                .map_or(s.clone(), |l| l.trim_start_matches("error: ").to_string()))
        }
    }
}

/// Whether any repetition in `h` has a bound above Go's limit of 1000.
fn repeats_too_large(h: &regex_syntax::hir::Hir) -> bool {
    use regex_syntax::hir::HirKind;
    match h.kind() {
        HirKind::Repetition(r) => {
            r.min > 1000 || r.max.is_some_and(|m| m > 1000) || repeats_too_large(&r.sub)
        }
        HirKind::Capture(c) => repeats_too_large(&c.sub),
        HirKind::Concat(hs) | HirKind::Alternation(hs) => hs.iter().any(repeats_too_large),
        _ => false,
    }
}

/// The first `{n}`, `{n,}` or `{n,m}` in `re` with a count above 1000, for
/// the error message (Go quotes the repeat operator).
fn large_repeat_text(re: &str) -> &str {
    let mut from = 0;
    while let Some(open) = re[from..].find('{').map(|i| i + from) {
        let Some(close) = re[open..].find('}').map(|i| i + open) else { break };
        let inner = &re[open + 1..close];
        let counts_ok =
            inner.split(',').all(|n| n.is_empty() || n.parse::<u64>().is_ok_and(|n| n <= 1000));
        if !inner.is_empty() && inner.bytes().all(|b| b.is_ascii_digit() || b == b',') && !counts_ok
        {
            return &re[open..=close];
        }
        from = open + 1;
    }
    re
}

/// Whether a matcher accepts the empty string (upstream's `Matches("")`).
pub(crate) fn matches_empty(m: &LabelMatcher) -> bool {
    match m.op {
        MatchOp::Equal => m.value.is_empty(),
        MatchOp::NotEqual => !m.value.is_empty(),
        MatchOp::Regex => regex_matches_empty(&m.value),
        MatchOp::NotRegex => !regex_matches_empty(&m.value),
    }
}

fn regex_matches_empty(re: &str) -> bool {
    // A regex can match "" when its shortest match is empty; look-around
    // assertions that fail on "" (like `\b`) are rare enough in selectors.
    match compile_regex(re) {
        Ok(Some(h)) => h.properties().minimum_len() == Some(0),
        // Unanalysable or invalid: assume it needs at least one character,
        // which never produces a false "matches everything" error.
        _ => false,
    }
}
