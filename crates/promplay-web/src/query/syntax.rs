//! The syntax crate as the editor uses it: tokens with a CSS class each for
//! highlighting and the function list with docs for autocomplete. Parse
//! errors come from the worker ([`super::backend::parse_marks`]), which keeps
//! the parser (and its regex tables) out of the page's wasm.

use super::complete::FunctionDoc;
use promplay_promql_syntax::{FUNCTIONS, Keyword, TokenKind, lex};
use std::sync::LazyLock;

/// A highlighted stretch of the query.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// Start byte.
    pub start: usize,
    /// End byte.
    pub end: usize,
    /// The CSS class (`t-function`, `t-string`, …).
    pub class: &'static str,
}

/// Every function with its one-line doc, in the syntax crate's order.
pub static FUNCTION_DOCS: LazyLock<Vec<FunctionDoc>> = LazyLock::new(|| {
    FUNCTIONS
        .iter()
        .map(|f| FunctionDoc { name: f.name, doc: f.doc, experimental: f.experimental })
        .collect()
});

/// The tokens of `text` that get a colour. Identifiers are told apart by
/// where they stand: before `(` a function, inside `{…}` or a grouping
/// clause a label name, elsewhere a metric name.
pub fn tokens(text: &str) -> Vec<Token> {
    let tokens = lex(text);
    let mut out = Vec::with_capacity(tokens.len());
    let mut in_braces = false;
    // For each open parenthesis: whether it is a grouping clause's label list.
    let mut parens: Vec<bool> = Vec::new();
    let mut previous_grouping = false;
    for (i, t) in tokens.iter().enumerate() {
        let next_is_paren = tokens.get(i + 1).is_some_and(|n| n.kind == TokenKind::LeftParen);
        let class = match t.kind {
            TokenKind::Number => Some("t-number"),
            TokenKind::Duration => Some("t-duration"),
            TokenKind::String => Some("t-string"),
            TokenKind::Comment => Some("t-comment"),
            TokenKind::Error => Some("t-error"),
            TokenKind::Aggregator(_) => Some("t-aggregation"),
            TokenKind::Keyword(_) => Some("t-keyword"),
            TokenKind::Identifier | TokenKind::MetricIdentifier => {
                Some(if in_braces || parens.last().copied().unwrap_or(false) {
                    "t-label"
                } else if next_is_paren {
                    "t-function"
                } else {
                    "t-metric"
                })
            }
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
            | TokenKind::EqlRegex
            | TokenKind::NeqRegex
            | TokenKind::Eql
            | TokenKind::TrimUpper
            | TokenKind::TrimLower
            | TokenKind::At => Some("t-operator"),
            _ => None,
        };
        match t.kind {
            TokenKind::LeftBrace => in_braces = true,
            TokenKind::RightBrace => in_braces = false,
            TokenKind::LeftParen => parens.push(previous_grouping),
            TokenKind::RightParen => {
                parens.pop();
            }
            _ => {}
        }
        previous_grouping = matches!(
            t.kind,
            TokenKind::Keyword(
                Keyword::By
                    | Keyword::Without
                    | Keyword::On
                    | Keyword::Ignoring
                    | Keyword::GroupLeft
                    | Keyword::GroupRight
            )
        );
        if let Some(class) = class {
            out.push(Token { start: t.span.start as usize, end: t.span.end as usize, class });
        }
    }
    out
}
