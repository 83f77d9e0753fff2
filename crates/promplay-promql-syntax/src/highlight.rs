//! Token classes for syntax highlighting: the lexer's tokens with
//! identifiers told apart by context (function names before `(`, label
//! names inside `{...}` and grouping clauses, metric names elsewhere).

use crate::lexer::{Keyword, TokenKind, lex};
use promplay_diagnostics::Span;

/// What a stretch of a query is, for colouring.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Highlight {
    /// A number literal.
    Number,
    /// A duration literal (`5m`).
    Duration,
    /// A string literal (label values, function arguments).
    String,
    /// A metric name.
    Metric,
    /// A label name (in matchers and grouping clauses).
    Label,
    /// A function name.
    Function,
    /// An aggregation operator.
    Aggregator,
    /// A keyword (`by`, `offset`, `bool`, `and`, ...).
    Keyword,
    /// An operator or matcher symbol.
    Operator,
    /// Brackets, commas and colons.
    Punctuation,
    /// A comment.
    Comment,
    /// Text that is not a token.
    Error,
}

impl Highlight {
    /// A short lowercase name, usable as a CSS class suffix.
    pub fn as_str(self) -> &'static str {
        match self {
            Highlight::Number => "number",
            Highlight::Duration => "duration",
            Highlight::String => "string",
            Highlight::Metric => "metric",
            Highlight::Label => "label",
            Highlight::Function => "function",
            Highlight::Aggregator => "aggregator",
            Highlight::Keyword => "keyword",
            Highlight::Operator => "operator",
            Highlight::Punctuation => "punctuation",
            Highlight::Comment => "comment",
            Highlight::Error => "error",
        }
    }
}

/// Classifies every token of `input` (whitespace is not covered). Never fails.
pub fn highlight(input: &str) -> Vec<(Span, Highlight)> {
    let tokens = lex(input);
    let mut out = Vec::with_capacity(tokens.len());
    let mut in_braces = false;
    // Set after `by`, `without`, `on`, `ignoring`, `group_left`,
    // `group_right` until the grouping list's `)`.
    let mut grouping = false;
    let mut grouping_open = false;
    for (i, t) in tokens.iter().enumerate() {
        let next = tokens.get(i + 1).map(|n| n.kind);
        let class = match t.kind {
            TokenKind::Number => Highlight::Number,
            TokenKind::Duration => Highlight::Duration,
            TokenKind::String if in_braces && matches!(next, Some(k) if is_match_op(k)) => {
                Highlight::Label
            }
            TokenKind::String if grouping_open => Highlight::Label,
            TokenKind::String => Highlight::String,
            TokenKind::Identifier
            | TokenKind::MetricIdentifier
            | TokenKind::Aggregator(_)
            | TokenKind::Keyword(_)
                if in_braces || grouping_open =>
            {
                Highlight::Label
            }
            TokenKind::Identifier if next == Some(TokenKind::LeftParen) => Highlight::Function,
            TokenKind::Identifier | TokenKind::MetricIdentifier => Highlight::Metric,
            TokenKind::Aggregator(_) => Highlight::Aggregator,
            TokenKind::Keyword(
                Keyword::Start
                | Keyword::End
                | Keyword::Step
                | Keyword::Range
                | Keyword::MinOf
                | Keyword::MaxOf,
            ) if next == Some(TokenKind::LeftParen) => Highlight::Function,
            TokenKind::Keyword(_) => Highlight::Keyword,
            TokenKind::Comment => Highlight::Comment,
            TokenKind::Error => Highlight::Error,
            TokenKind::LeftParen
            | TokenKind::RightParen
            | TokenKind::LeftBrace
            | TokenKind::RightBrace
            | TokenKind::LeftBracket
            | TokenKind::RightBracket
            | TokenKind::Comma
            | TokenKind::Colon => Highlight::Punctuation,
            _ => Highlight::Operator,
        };
        match t.kind {
            TokenKind::LeftBrace => in_braces = true,
            TokenKind::RightBrace => in_braces = false,
            TokenKind::Keyword(
                Keyword::By
                | Keyword::Without
                | Keyword::On
                | Keyword::Ignoring
                | Keyword::GroupLeft
                | Keyword::GroupRight,
            ) => grouping = true,
            TokenKind::LeftParen if grouping => {
                grouping = false;
                grouping_open = true;
            }
            TokenKind::RightParen => grouping_open = false,
            TokenKind::Comment => {}
            _ => grouping = false,
        }
        out.push((t.span, class));
    }
    out
}

fn is_match_op(k: TokenKind) -> bool {
    matches!(k, TokenKind::Eql | TokenKind::Neq | TokenKind::EqlRegex | TokenKind::NeqRegex)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        let q = r#"sum by (job) (rate(http_requests_total{code=~"5.."}[5m])) > bool 1"#;
        let got: Vec<(&str, &str)> =
            highlight(q).into_iter().map(|(s, h)| (&q[s.range()], h.as_str())).collect();
        let want = [
            ("sum", "aggregator"),
            ("by", "keyword"),
            ("(", "punctuation"),
            ("job", "label"),
            (")", "punctuation"),
            ("(", "punctuation"),
            ("rate", "function"),
            ("(", "punctuation"),
            ("http_requests_total", "metric"),
            ("{", "punctuation"),
            ("code", "label"),
            ("=~", "operator"),
            ("\"5..\"", "string"),
            ("}", "punctuation"),
            ("[", "punctuation"),
            ("5m", "duration"),
            ("]", "punctuation"),
            (")", "punctuation"),
            (")", "punctuation"),
            (">", "operator"),
            ("bool", "keyword"),
            ("1", "number"),
        ];
        assert_eq!(got, want);
    }
}
