//! The PromQL parser: a hand-written Pratt parser over the lexer's tokens,
//! reproducing the grammar of Prometheus' `generated_parser.y`.
//!
//! Binary operators use the yacc precedences (`or` < `and`/`unless` <
//! comparisons < `+ -` < `* / % atan2` < `^`, all left-associative but `^`).
//! Unary `-`/`+` has the precedence of `*`, so `-a ^ b` is `-(a ^ b)` and
//! `-a * b` is `(-a) * b`; a sign before a number literal is folded into it.
//! The postfix modifiers (`[range]`, `[range:step]`, `offset`, `@`,
//! `anchored`, `smoothed`) bind tighter than any operator and attach to the
//! primary expression right before them. Syntax errors stop the parse (as
//! upstream reports its first); semantic errors found while parsing (unknown
//! functions, bad matchers) are collected and parsing goes on. When there is
//! no error, [`crate::parser::check`] runs upstream's `checkAST`.

mod call;
mod check;
mod duration;
mod selector;

pub(crate) use selector::compile_regex;

use crate::ParseOptions;
use crate::Parsed;
use crate::ast::*;
use crate::codes;
use crate::lexer::{Keyword, Token, TokenKind, lex_with_errors};
use crate::number::parse_number;
use crate::strings::unquote_string;
use promplay_diagnostics::{Diagnostic, Span};

/// Marks a syntax error that ends the parse; the diagnostic is already recorded.
#[derive(Debug)]
pub(crate) struct Abort;

pub(crate) type PResult<T> = Result<T, Abort>;

/// The longest query accepted (spans are `u32`).
const MAX_INPUT: usize = 16 * 1024 * 1024;

/// Parses `input` with `options`; see [`crate::parse_with`].
pub(crate) fn parse(input: &str, options: &ParseOptions) -> Parsed {
    if input.len() > MAX_INPUT {
        let d = Diagnostic::error(codes::TOO_LONG, "query is too long")
            .with_label(Span::new(0, 0), "")
            .with_help(format!("queries are limited to {MAX_INPUT} bytes"));
        return Parsed { expr: None, diagnostics: vec![d] };
    }
    let (tokens, lex_errors) = lex_with_errors(input);
    let mut p = Parser {
        input,
        // Comments matter to the highlighter only; the grammar never sees them.
        toks: tokens.into_iter().filter(|t| t.kind != TokenKind::Comment).collect(),
        pos: 0,
        opts: options,
        diags: Vec::new(),
        depth: 0,
    };
    // Lexical errors come first: a bad character usually explains the
    // syntax error that follows, and the parser stays silent at error tokens.
    for e in lex_errors {
        let code = if e.message.starts_with("unterminated") {
            codes::UNTERMINATED_STRING
        } else if e.message.contains("escape") {
            codes::BAD_ESCAPE
        } else if e.message.starts_with("bad number") {
            codes::BAD_NUMBER
        } else {
            codes::LEX_ERROR
        };
        let mut d = Diagnostic::error(code, e.message).with_label(e.span, "");
        if let Some(help) = input.get(e.span.range()).and_then(lookalike_help) {
            d = d.with_help(help);
        }
        p.diags.push(d);
    }
    let expr = if p.toks.is_empty() {
        if p.diags.is_empty() {
            p.diags.push(
                Diagnostic::error(codes::EMPTY_QUERY, "no expression found in input")
                    .with_label(Span::at(input.len() as u32), "")
                    .with_help(
                        "type a PromQL expression, such as `up` or `rate(http_requests_total[5m])`",
                    ),
            );
        }
        None
    } else {
        p.top()
    };
    let mut diagnostics = p.diags;
    let expr = match expr {
        // Like upstream, the type checks only run on a syntactically valid tree,
        // so a typo never drowns in follow-up type errors.
        Some(mut e) if diagnostics.is_empty() => {
            check::check(input, &mut e, &mut diagnostics);
            if diagnostics.iter().any(Diagnostic::is_error) { None } else { Some(e) }
        }
        _ => None,
    };
    Parsed { expr, diagnostics }
}

pub(crate) struct Parser<'a> {
    pub(crate) input: &'a str,
    toks: Vec<Token>,
    pos: usize,
    pub(crate) opts: &'a ParseOptions,
    pub(crate) diags: Vec<Diagnostic>,
    depth: usize,
}

impl<'a> Parser<'a> {
    fn top(&mut self) -> Option<Expr> {
        let e = self.expr(0).ok()?;
        match self.peek() {
            None => Some(e),
            Some(t) => {
                match t.kind {
                    TokenKind::RightParen => self.error_at(
                        codes::UNMATCHED_CLOSE,
                        t.span,
                        "unexpected right parenthesis ')'",
                        "no `(` opens this",
                    ),
                    TokenKind::RightBracket => self.error_at(
                        codes::UNMATCHED_CLOSE,
                        t.span,
                        "unexpected right bracket ']'",
                        "no `[` opens this",
                    ),
                    _ => {
                        let _ = self.unexpected("", "");
                    }
                }
                None
            }
        }
    }

    // ---- token access -------------------------------------------------

    pub(crate) fn peek(&self) -> Option<Token> {
        self.toks.get(self.pos).copied()
    }

    pub(crate) fn peek_kind(&self) -> Option<TokenKind> {
        self.peek().map(|t| t.kind)
    }

    pub(crate) fn peek_nth_kind(&self, n: usize) -> Option<TokenKind> {
        self.toks.get(self.pos + n).map(|t| t.kind)
    }

    pub(crate) fn bump(&mut self) -> Token {
        let t = self.toks[self.pos.min(self.toks.len() - 1)];
        self.pos += 1;
        t
    }

    pub(crate) fn at(&self, kind: TokenKind) -> bool {
        self.peek_kind() == Some(kind)
    }

    pub(crate) fn eat(&mut self, kind: TokenKind) -> Option<Token> {
        if self.at(kind) { Some(self.bump()) } else { None }
    }

    pub(crate) fn text(&self, t: Token) -> &'a str {
        &self.input[t.span.range()]
    }

    /// The end of the last consumed token.
    pub(crate) fn last_end(&self) -> u32 {
        self.pos.checked_sub(1).and_then(|i| self.toks.get(i)).map_or(0, |t| t.span.end)
    }

    fn eof_span(&self) -> Span {
        Span::at(self.input.len() as u32)
    }

    // ---- diagnostics --------------------------------------------------

    pub(crate) fn error_at(
        &mut self,
        code: &'static str,
        span: Span,
        message: impl Into<String>,
        label: &str,
    ) {
        self.diags.push(Diagnostic::error(code, message).with_label(span, label));
    }

    pub(crate) fn error_help(
        &mut self,
        code: &'static str,
        span: Span,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.diags.push(Diagnostic::error(code, message).with_label(span, "").with_help(help));
    }

    /// Upstream's `unexpected(context, expected)`: `unexpected <token> in
    /// <context>, expected <expected>`. A lexer error token was already
    /// reported, so it adds nothing then.
    pub(crate) fn unexpected(&mut self, context: &str, expected: &str) -> Abort {
        let tok = self.peek();
        if tok.is_some_and(|t| t.kind == TokenKind::Error) {
            return Abort;
        }
        let mut msg = format!("unexpected {}", self.describe(tok));
        if !context.is_empty() {
            msg.push_str(" in ");
            msg.push_str(context);
        }
        if !expected.is_empty() {
            msg.push_str(", expected ");
            msg.push_str(expected);
        }
        if tok.is_none()
            && let Some((open, paren)) = self.unclosed()
        {
            // Upstream's lexer reports an unclosed bracket before the parser
            // sees the end of input; say the same, pointing at the opener.
            let (msg, what) = if paren {
                ("unclosed left parenthesis", "this `(` is never closed")
            } else {
                ("unclosed left bracket", "this `[` is never closed")
            };
            self.diags.push(
                Diagnostic::error(codes::UNCLOSED, msg)
                    .with_label(self.eof_span(), "")
                    .with_label(open, what),
            );
            return Abort;
        }
        let span = tok.map_or(self.eof_span(), |t| t.span);
        let code = if tok.is_none() { codes::UNEXPECTED_EOF } else { codes::UNEXPECTED_TOKEN };
        let mut d = Diagnostic::error(code, msg).with_label(span, "");
        if tok.is_none() && expected.is_empty() {
            d = d.with_help(
                "the query ends where more is needed, such as the operand of an operator",
            );
        }
        self.diags.push(d);
        Abort
    }

    /// The innermost `(` or `[` left open at the end of the tokens (and
    /// whether it is a parenthesis).
    fn unclosed(&self) -> Option<(Span, bool)> {
        let mut stack: Vec<(Span, bool)> = Vec::new();
        for t in &self.toks {
            match t.kind {
                TokenKind::LeftParen => stack.push((t.span, true)),
                TokenKind::LeftBracket => stack.push((t.span, false)),
                TokenKind::RightParen | TokenKind::RightBracket => {
                    stack.pop();
                }
                _ => {}
            }
        }
        stack.last().copied()
    }

    /// Upstream's `Item.desc()`: `<op:+>`, `<aggr:sum>`, `<by>`,
    /// `identifier "foo"`, `"("`, `end of input`.
    pub(crate) fn describe(&self, tok: Option<Token>) -> String {
        let Some(t) = tok else { return "end of input".into() };
        let text = self.text(t);
        match t.kind {
            TokenKind::Number => format!("number {text:?}"),
            TokenKind::Duration => format!("duration {text:?}"),
            TokenKind::String => format!("string {text:?}"),
            TokenKind::Identifier => format!("identifier {text:?}"),
            TokenKind::MetricIdentifier => format!("metric identifier {text:?}"),
            TokenKind::Keyword(Keyword::And | Keyword::Or | Keyword::Unless | Keyword::Atan2) => {
                format!("<op:{text}>")
            }
            TokenKind::Keyword(_) => format!("<{text}>"),
            TokenKind::Aggregator(_) => format!("<aggr:{text}>"),
            TokenKind::Add
            | TokenKind::Sub
            | TokenKind::Mul
            | TokenKind::Div
            | TokenKind::Mod
            | TokenKind::Pow
            | TokenKind::EqlC
            | TokenKind::Neq
            | TokenKind::Lss
            | TokenKind::Lte
            | TokenKind::Gtr
            | TokenKind::Gte
            | TokenKind::TrimUpper
            | TokenKind::TrimLower
            | TokenKind::EqlRegex
            | TokenKind::NeqRegex
            | TokenKind::At => format!("<op:{text}>"),
            TokenKind::Comment => "comment".into(),
            _ => format!("{text:?}"),
        }
    }

    /// Reports a missing closing bracket: at the end of input as upstream's
    /// "unclosed left parenthesis", else as an unexpected token.
    pub(crate) fn expect_close(
        &mut self,
        kind: TokenKind,
        open: Span,
        context: &str,
    ) -> PResult<Token> {
        if let Some(t) = self.eat(kind) {
            return Ok(t);
        }
        if self.peek().is_none() {
            let (msg, what) = match kind {
                TokenKind::RightParen => ("unclosed left parenthesis", "this `(` is never closed"),
                TokenKind::RightBracket => ("unclosed left bracket", "this `[` is never closed"),
                _ => ("unexpected end of input inside braces", "this `{` is never closed"),
            };
            self.diags.push(
                Diagnostic::error(codes::UNCLOSED, msg)
                    .with_label(self.eof_span(), "")
                    .with_label(open, what),
            );
            return Err(Abort);
        }
        let expected = match kind {
            TokenKind::RightParen => "\")\"",
            TokenKind::RightBracket => "\"]\"",
            _ => "\"}\"",
        };
        Err(self.unexpected(context, expected))
    }

    fn enter(&mut self, span: Span) -> PResult<()> {
        self.depth += 1;
        if self.depth > self.opts.max_depth {
            self.too_deep(span);
            return Err(Abort);
        }
        Ok(())
    }

    fn too_deep(&mut self, span: Span) {
        let max = self.opts.max_depth;
        self.error_help(
            codes::TOO_DEEP,
            span,
            format!("expression is nested too deeply (more than {max} levels)"),
            "simplify the query or split it into recording rules",
        );
    }

    // ---- expressions --------------------------------------------------

    /// Parses an expression whose binary operators bind at least `min_prec`.
    pub(crate) fn expr(&mut self, min_prec: u8) -> PResult<Expr> {
        let here = self.peek().map_or(self.eof_span(), |t| t.span);
        self.enter(here)?;
        let result = self.expr_inner(min_prec);
        self.depth -= 1;
        result
    }

    fn expr_inner(&mut self, min_prec: u8) -> PResult<Expr> {
        let mut lhs = self.unary()?;
        // A left-associative chain (`a + b + c ...`) builds a tree as deep as it
        // is long without recursing here, so its length counts towards the depth
        // limit too: every consumer of the tree recurses on it.
        let mut chain = 0;
        while let Some(op) = self.peek().and_then(binary_op) {
            let prec = op.precedence();
            if prec < min_prec {
                break;
            }
            let op_tok = self.bump();
            let (return_bool, matching) = self.bin_modifiers()?;
            // The right operand binds tighter for left-associative operators, equally
            // tight for `^`; this is the whole of the yacc precedence table.
            let rhs = self.expr(if op.is_right_assoc() { prec } else { prec + 1 })?;
            chain += 1;
            if self.depth + chain > self.opts.max_depth {
                self.too_deep(op_tok.span);
                return Err(Abort);
            }
            lhs = binary_node(lhs, op, op_tok.span, return_bool, matching, rhs);
        }
        Ok(lhs)
    }

    /// `bool`, `on`/`ignoring (...)`, `group_left`/`group_right [(...)]`,
    /// then `fill`/`fill_left`/`fill_right`, in the grammar's order.
    fn bin_modifiers(&mut self) -> PResult<(bool, VectorMatching)> {
        let mut m = VectorMatching {
            card: Cardinality::OneToOne,
            matching_labels: Vec::new(),
            on: false,
            include: Vec::new(),
            fill: FillValues::default(),
        };
        let return_bool = self.eat(TokenKind::Keyword(Keyword::Bool)).is_some();
        // `group_*` is only valid after `on`/`ignoring`; elsewhere the keyword
        // falls through to the operand and is reported as unexpected there.
        let on = self.at(TokenKind::Keyword(Keyword::On));
        if on || self.at(TokenKind::Keyword(Keyword::Ignoring)) {
            self.bump();
            m.on = on;
            m.matching_labels = self.grouping_labels()?;
            for (kw, card) in [
                (Keyword::GroupLeft, Cardinality::ManyToOne),
                (Keyword::GroupRight, Cardinality::OneToMany),
            ] {
                if self.eat(TokenKind::Keyword(kw)).is_some() {
                    m.card = card;
                    // The include list is optional, and a `(` right after `group_left` is
                    // always the list (upstream shifts), never a parenthesized operand.
                    if self.at(TokenKind::LeftParen) {
                        m.include = self.grouping_labels()?;
                    }
                    break;
                }
            }
        }
        let start = self.peek().map(|t| t.span);
        let mut seen_left = false;
        let mut seen_right = false;
        loop {
            match self.peek_kind() {
                Some(TokenKind::Keyword(Keyword::Fill)) if !seen_left && !seen_right => {
                    self.bump();
                    let v = self.fill_value()?;
                    m.fill = FillValues { lhs: Some(v), rhs: Some(v) };
                    break;
                }
                Some(TokenKind::Keyword(Keyword::FillLeft)) if !seen_left => {
                    self.bump();
                    m.fill.lhs = Some(self.fill_value()?);
                    seen_left = true;
                }
                Some(TokenKind::Keyword(Keyword::FillRight)) if !seen_right => {
                    self.bump();
                    m.fill.rhs = Some(self.fill_value()?);
                    seen_right = true;
                }
                _ => break,
            }
        }
        if (m.fill.lhs.is_some() || m.fill.rhs.is_some()) && !self.opts.binop_fill_modifiers {
            let span = start.unwrap_or_default().to(Span::at(self.last_end()));
            self.error_help(
                codes::EXPERIMENTAL_FILL,
                span,
                "binop fill modifiers are experimental and not enabled",
                "enable the binop fill modifiers option (Prometheus: --enable-feature=promql-binop-fill-modifiers)",
            );
        }
        Ok((return_bool, m))
    }

    /// `( [+|-] number )` after `fill`, `fill_left` or `fill_right`.
    fn fill_value(&mut self) -> PResult<f64> {
        let Some(open) = self.eat(TokenKind::LeftParen) else {
            return Err(self.unexpected("fill modifier", "\"(\""));
        };
        let neg = match self.peek_kind() {
            Some(TokenKind::Sub) => {
                self.bump();
                true
            }
            Some(TokenKind::Add) => {
                self.bump();
                false
            }
            _ => false,
        };
        let v = match self.peek_kind() {
            Some(TokenKind::Number | TokenKind::Duration) => {
                let t = self.bump();
                self.literal_value(t)
            }
            _ => return Err(self.unexpected("fill modifier", "number or duration")),
        };
        self.expect_close(TokenKind::RightParen, open.span, "fill modifier")?;
        Ok(if neg { -v } else { v })
    }

    /// The value of a number or duration token (seconds), reporting bad ones.
    pub(crate) fn literal_value(&mut self, t: Token) -> f64 {
        let text = self.text(t);
        if t.kind == TokenKind::Duration {
            match crate::number::parse_duration(text) {
                Ok(ms) => ms as f64 / 1000.0,
                Err(e) => {
                    self.error_help(
                        codes::BAD_DURATION,
                        t.span,
                        e,
                        "durations are integers with units y, w, d, h, m, s, ms from biggest to smallest, like 1h30m",
                    );
                    0.0
                }
            }
        } else {
            match parse_number(text) {
                Ok(v) => v,
                Err(e) => {
                    self.error_at(
                        codes::BAD_NUMBER,
                        t.span,
                        format!("error parsing number: {e}"),
                        "",
                    );
                    0.0
                }
            }
        }
    }

    /// A unary `-`/`+` binds like `*`: its operand takes only `^` and postfix modifiers.
    fn unary(&mut self) -> PResult<Expr> {
        match self.peek_kind() {
            Some(TokenKind::Sub) => self.signed(UnaryOp::Neg),
            Some(TokenKind::Add) => self.signed(UnaryOp::Plus),
            _ => self.postfix(),
        }
    }

    /// The operand of a unary operator, folded into a number literal when it is one.
    fn signed(&mut self, op: UnaryOp) -> PResult<Expr> {
        let op_tok = self.bump();
        // Unary minus has `*`'s precedence in the grammar (`%prec MUL`), so only
        // `^` and the postfix modifiers belong to its operand.
        let operand = self.expr(BinaryOp::Pow.precedence())?;
        let span = op_tok.span.to(operand.span());
        Ok(match operand {
            // `-1` is the literal -1, not an operation on 1, exactly as upstream
            // folds it; printing then writes `-1` and re-parsing agrees.
            Expr::Number(mut n) => {
                if op == UnaryOp::Neg {
                    n.value = -n.value;
                }
                n.span = span;
                Expr::Number(n)
            }
            other => Expr::Unary(UnaryExpr { op, expr: Box::new(other), span }),
        })
    }

    /// A primary expression followed by any postfix modifiers.
    fn postfix(&mut self) -> PResult<Expr> {
        let e = self.primary()?;
        self.modifiers(e)
    }

    /// The postfix modifiers after a primary expression. Kept apart from the
    /// recursive path so that deep nesting uses little stack per level.
    #[inline(never)]
    fn modifiers(&mut self, mut e: Expr) -> PResult<Expr> {
        loop {
            e = match self.peek_kind() {
                Some(TokenKind::LeftBracket) => self.range_or_subquery(e)?,
                Some(TokenKind::Keyword(Keyword::Offset)) => self.offset(e)?,
                Some(TokenKind::At) => self.at_modifier(e)?,
                Some(TokenKind::Keyword(Keyword::Anchored)) => self.extended(e, true)?,
                Some(TokenKind::Keyword(Keyword::Smoothed)) => self.extended(e, false)?,
                _ => return Ok(e),
            };
        }
    }

    fn primary(&mut self) -> PResult<Expr> {
        let Some(t) = self.peek() else { return Err(self.unexpected("", "")) };
        // Words are classified by what follows them, as the LALR grammar does
        // with its lookahead: `sum` is an aggregation before `(`/`by`/`without`
        // and a metric name otherwise; `step` is a function before `(`.
        let next_is_paren = self.peek_nth_kind(1) == Some(TokenKind::LeftParen);
        match t.kind {
            TokenKind::Number | TokenKind::Duration => self.number_literal(),
            TokenKind::String => self.string_literal(),
            TokenKind::LeftParen => self.paren(),
            TokenKind::LeftBrace => self.selector(None),
            TokenKind::Identifier if next_is_paren => self.call(),
            TokenKind::Identifier | TokenKind::MetricIdentifier => {
                self.bump();
                self.selector(Some((self.text(t).to_string(), t.span)))
            }
            TokenKind::Aggregator(op) => {
                let next = self.peek_nth_kind(1);
                if next_is_paren
                    || matches!(next, Some(TokenKind::Keyword(Keyword::By | Keyword::Without)))
                {
                    self.aggregation(op)
                } else {
                    self.bump();
                    self.selector(Some((self.text(t).to_string(), t.span)))
                }
            }
            TokenKind::Keyword(
                Keyword::Start
                | Keyword::End
                | Keyword::Step
                | Keyword::Range
                | Keyword::MinOf
                | Keyword::MaxOf,
            ) if next_is_paren => self.call(),
            TokenKind::Keyword(k) if is_metric_keyword(k) => {
                self.bump();
                self.selector(Some((self.text(t).to_string(), t.span)))
            }
            _ => Err(self.unexpected("", "")),
        }
    }

    #[inline(never)]
    fn number_literal(&mut self) -> PResult<Expr> {
        let t = self.bump();
        let value = self.literal_value(t);
        Ok(Expr::Number(NumberLiteral {
            value,
            duration: t.kind == TokenKind::Duration,
            span: t.span,
        }))
    }

    #[inline(never)]
    fn string_literal(&mut self) -> PResult<Expr> {
        let t = self.bump();
        let value = self.unquote(t);
        // Only escapes that produce invalid UTF-8 need the raw bytes.
        let invalid_utf8 = if value.contains('\u{FFFD}') {
            crate::strings::unquote_bytes(self.text(t))
                .ok()
                .filter(|b| std::str::from_utf8(b).is_err())
        } else {
            None
        };
        Ok(Expr::String(StringLiteral { value, invalid_utf8, span: t.span }))
    }

    fn paren(&mut self) -> PResult<Expr> {
        let open = self.bump();
        let inner = self.expr(0)?;
        self.close_paren(open, inner)
    }

    #[inline(never)]
    fn close_paren(&mut self, open: Token, inner: Expr) -> PResult<Expr> {
        let close =
            self.expect_close(TokenKind::RightParen, open.span, "parenthesized expression")?;
        Ok(Expr::Paren(ParenExpr { expr: Box::new(inner), span: open.span.to(close.span) }))
    }

    pub(crate) fn unquote(&mut self, t: Token) -> String {
        let text = self.text(t);
        match unquote_string(text) {
            Ok(s) => s,
            Err(e) => {
                self.error_at(
                    codes::BAD_ESCAPE,
                    t.span,
                    format!("error unquoting string {text:?}: {e}"),
                    "",
                );
                String::new()
            }
        }
    }
}

/// Builds a binary node; out of line so the recursive parser's frames stay small.
#[inline(never)]
fn binary_node(
    lhs: Expr,
    op: BinaryOp,
    op_span: Span,
    return_bool: bool,
    matching: VectorMatching,
    rhs: Expr,
) -> Expr {
    let span = lhs.span().to(rhs.span());
    Expr::Binary(BinaryExpr {
        op,
        lhs: Box::new(lhs),
        rhs: Box::new(rhs),
        return_bool,
        matching: Some(matching),
        op_span,
        span,
    })
}

/// The binary operator a token stands for in infix position.
fn binary_op(t: Token) -> Option<BinaryOp> {
    Some(match t.kind {
        TokenKind::Add => BinaryOp::Add,
        TokenKind::Sub => BinaryOp::Sub,
        TokenKind::Mul => BinaryOp::Mul,
        TokenKind::Div => BinaryOp::Div,
        TokenKind::Mod => BinaryOp::Mod,
        TokenKind::Pow => BinaryOp::Pow,
        TokenKind::EqlC => BinaryOp::Eql,
        TokenKind::Neq => BinaryOp::Neq,
        TokenKind::Gtr => BinaryOp::Gtr,
        TokenKind::Lss => BinaryOp::Lss,
        TokenKind::Gte => BinaryOp::Gte,
        TokenKind::Lte => BinaryOp::Lte,
        TokenKind::TrimUpper => BinaryOp::TrimUpper,
        TokenKind::TrimLower => BinaryOp::TrimLower,
        TokenKind::Keyword(Keyword::And) => BinaryOp::And,
        TokenKind::Keyword(Keyword::Or) => BinaryOp::Or,
        TokenKind::Keyword(Keyword::Unless) => BinaryOp::Unless,
        TokenKind::Keyword(Keyword::Atan2) => BinaryOp::Atan2,
        _ => return None,
    })
}

/// Keywords the grammar's `metric_identifier` accepts as metric names.
fn is_metric_keyword(k: Keyword) -> bool {
    !matches!(
        k,
        Keyword::On
            | Keyword::Ignoring
            | Keyword::GroupLeft
            | Keyword::GroupRight
            | Keyword::Bool
            | Keyword::Atan2
    )
}

/// Help for characters that sneak in when queries are copied from documents
/// and chat: typographic quotes, dashes and unusual spaces.
fn lookalike_help(text: &str) -> Option<&'static str> {
    let c = text.chars().next()?;
    Some(match c {
        '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{2018}' | '\u{2019}' | '\u{00ab}'
        | '\u{00bb}' => {
            "this is a typographic quote; PromQL strings use straight quotes: \" ' or `"
        }
        '\u{2013}' | '\u{2014}' | '\u{2212}' => "this is a dash, not a minus sign; type `-`",
        '\u{00a0}' | '\u{2007}' | '\u{202f}' | '\u{2009}' | '\u{200b}' | '\u{feff}' => {
            "an invisible or non-breaking space, probably pasted; replace it with a normal space"
        }
        _ => return None,
    })
}
