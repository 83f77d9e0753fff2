//! PromQL syntax as Prometheus 3.14 reads it: the lexer, the parser and its
//! AST (every node carries a byte span into the query), the type checks
//! Prometheus' parser performs (`checkAST`), `Display` printing valid PromQL,
//! and a pretty-printer in the style of `promtool promql format`.
//!
//! ```
//! use promplay_promql_syntax::{parse, Expr};
//!
//! let parsed = parse("sum by (job) (rate(http_requests_total[5m]))");
//! assert!(parsed.diagnostics.is_empty());
//! let expr = parsed.expr.unwrap();
//! assert!(matches!(expr, Expr::Aggregate(_)));
//! assert_eq!(expr.to_string(), "sum by (job) (rate(http_requests_total[5m]))");
//!
//! let bad = parse("rate(up)");
//! assert_eq!(
//!     bad.diagnostics[0].message,
//!     "expected type range vector in call to function \"rate\", got instant vector"
//! );
//! ```

mod ast;
pub mod codes;
mod durations;
mod functions;
mod highlight;
mod lexer;
mod number;
mod parser;
mod printer;
mod regex;
mod strings;

pub use ast::*;
pub use functions::{FUNCTIONS, Function, function};
pub use highlight::{Highlight, highlight};
pub use lexer::{Keyword, LexError, Token, TokenKind, lex, lex_with_errors};
pub use number::{format_duration, format_number, parse_duration, parse_number};
pub use printer::{format, format_with_width};
pub use regex::{go_regex_error, go_regex_to_rust};
pub use strings::{quote_bytes, quote_string, unquote_bytes, unquote_string};

use promplay_diagnostics::Diagnostic;

/// What the parser accepts beyond stable PromQL; Prometheus' feature flags.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseOptions {
    /// Experimental functions and aggregations (`--enable-feature=promql-experimental-functions`).
    pub experimental_functions: bool,
    /// Duration expressions such as `[5m+step()]` (`promql-duration-expr`).
    pub duration_expressions: bool,
    /// `anchored` and `smoothed` range selectors (`promql-extended-range-selectors`).
    pub extended_range_selectors: bool,
    /// `fill`, `fill_left`, `fill_right` binary-operator modifiers (`promql-binop-fill-modifiers`).
    pub binop_fill_modifiers: bool,
    /// The deepest nesting of expressions accepted, protecting every
    /// recursive consumer of the AST from stack exhaustion.
    pub max_depth: usize,
}

impl Default for ParseOptions {
    /// Stable PromQL only, as a default Prometheus server, nesting up to 128.
    fn default() -> ParseOptions {
        ParseOptions {
            experimental_functions: false,
            duration_expressions: false,
            extended_range_selectors: false,
            binop_fill_modifiers: false,
            max_depth: 128,
        }
    }
}

impl ParseOptions {
    /// Every experimental feature on, as the promqltest conformance scripts run.
    pub fn all() -> ParseOptions {
        ParseOptions {
            experimental_functions: true,
            duration_expressions: true,
            extended_range_selectors: true,
            binop_fill_modifiers: true,
            ..ParseOptions::default()
        }
    }
}

/// The result of parsing: the expression when there are no errors, and
/// every diagnostic (spans are byte ranges into the parsed text).
#[derive(Clone, Debug, PartialEq)]
pub struct Parsed {
    /// The expression; `Some` exactly when `diagnostics` holds no error.
    pub expr: Option<Expr>,
    /// Errors, in source order of discovery.
    pub diagnostics: Vec<Diagnostic>,
}

impl Parsed {
    /// The first error's message as Prometheus would print it (without position).
    pub fn first_error(&self) -> Option<&str> {
        self.diagnostics.iter().find(|d| d.is_error()).map(|d| d.message.as_str())
    }
}

/// Parses a PromQL expression with the default (stable-only) options.
pub fn parse(input: &str) -> Parsed {
    parse_with(input, &ParseOptions::default())
}

/// Parses a PromQL expression with the given options.
pub fn parse_with(input: &str, options: &ParseOptions) -> Parsed {
    parser::parse(input, options)
}

/// Every keyword, for autocomplete: aggregation operators, binary-operator
/// keywords and modifiers.
pub fn keywords() -> Vec<&'static str> {
    let mut v: Vec<&'static str> = AggregateOp::ALL.iter().map(|a| a.as_str()).collect();
    v.extend(Keyword::ALL.iter().map(|k| k.as_str()));
    v.extend(["inf", "nan"]);
    v
}
