//! The registry of PromQL syntax diagnostic codes.
//!
//! Codes are stable: once published, a code keeps its meaning. Lexical
//! problems are `PQL00xx`, grammar problems `PQL01xx`, literals `PQL02xx`,
//! type and arity checks (upstream's `checkAST`) `PQL03xx`, experimental
//! features that are not enabled `PQL04xx`, limits `PQL05xx`.

/// A character or literal the lexer cannot read.
pub const LEX_ERROR: &str = "PQL0001";
/// A string literal without its closing quote.
pub const UNTERMINATED_STRING: &str = "PQL0002";
/// A bad escape sequence in a string literal.
pub const BAD_ESCAPE: &str = "PQL0003";

/// A token where the grammar does not allow it.
pub const UNEXPECTED_TOKEN: &str = "PQL0101";
/// The input ended in the middle of an expression.
pub const UNEXPECTED_EOF: &str = "PQL0102";
/// The query is empty (or only comments).
pub const EMPTY_QUERY: &str = "PQL0103";
/// A `(`, `{` or `[` that is never closed.
pub const UNCLOSED: &str = "PQL0104";
/// A closing `)`, `}` or `]` without its opening one.
pub const UNMATCHED_CLOSE: &str = "PQL0105";
/// A call to a function that does not exist.
pub const UNKNOWN_FUNCTION: &str = "PQL0106";
/// A trailing comma in a function call's arguments.
pub const TRAILING_COMMA: &str = "PQL0107";
/// A modifier (`offset`, `@`, range, `anchored`, `smoothed`) on something that cannot take it.
pub const BAD_MODIFIER: &str = "PQL0108";
/// A modifier given twice.
pub const DUPLICATE_MODIFIER: &str = "PQL0109";
/// A bad label matcher or grouping label.
pub const BAD_LABEL: &str = "PQL0110";
/// A bad aggregation (missing or surplus arguments).
pub const BAD_AGGREGATION: &str = "PQL0111";

/// A malformed number.
pub const BAD_NUMBER: &str = "PQL0201";
/// A malformed or out-of-range duration.
pub const BAD_DURATION: &str = "PQL0202";
/// A bad `@` timestamp.
pub const BAD_TIMESTAMP: &str = "PQL0203";
/// A range or step that must be positive is not.
pub const NON_POSITIVE_DURATION: &str = "PQL0204";
/// Division or modulo by zero in a duration expression.
pub const DURATION_DIVISION_BY_ZERO: &str = "PQL0205";
/// A regex in a label matcher that does not compile.
pub const BAD_REGEX: &str = "PQL0206";

/// An argument or operand of the wrong type.
pub const TYPE_MISMATCH: &str = "PQL0301";
/// The wrong number of arguments in a function call.
pub const WRONG_ARITY: &str = "PQL0302";
/// Comparison between scalars without `bool`.
pub const SCALAR_COMPARISON: &str = "PQL0303";
/// A misused `bool`, `on`/`ignoring`, `group_*` or `fill*` modifier.
pub const BAD_VECTOR_MATCHING: &str = "PQL0304";
/// A selector that could match every series (all matchers match the empty string).
pub const EMPTY_SELECTOR: &str = "PQL0305";
/// The metric name given twice in one selector.
pub const DUPLICATE_METRIC_NAME: &str = "PQL0306";

/// An experimental function or aggregation that is not enabled.
pub const EXPERIMENTAL_FUNCTION: &str = "PQL0401";
/// A duration expression while they are not enabled.
pub const EXPERIMENTAL_DURATION_EXPR: &str = "PQL0402";
/// `anchored`/`smoothed` while extended range selectors are not enabled.
pub const EXPERIMENTAL_RANGE_SELECTOR: &str = "PQL0403";
/// `fill`/`fill_left`/`fill_right` while binop fill modifiers are not enabled.
pub const EXPERIMENTAL_FILL: &str = "PQL0404";

/// The expression nests deeper than [`crate::ParseOptions::max_depth`].
pub const TOO_DEEP: &str = "PQL0501";
/// The query is longer than the parser accepts.
pub const TOO_LONG: &str = "PQL0502";

/// Every code with a one-line summary, for documentation and tests.
pub const ALL: &[(&str, &str)] = &[
    (LEX_ERROR, "unreadable character or literal"),
    (UNTERMINATED_STRING, "unterminated string"),
    (BAD_ESCAPE, "bad escape sequence"),
    (UNEXPECTED_TOKEN, "unexpected token"),
    (UNEXPECTED_EOF, "unexpected end of input"),
    (EMPTY_QUERY, "no expression found"),
    (UNCLOSED, "unclosed bracket"),
    (UNMATCHED_CLOSE, "unmatched closing bracket"),
    (UNKNOWN_FUNCTION, "unknown function"),
    (TRAILING_COMMA, "trailing comma in call"),
    (BAD_MODIFIER, "modifier not allowed here"),
    (DUPLICATE_MODIFIER, "modifier set twice"),
    (BAD_LABEL, "bad label matcher or grouping label"),
    (BAD_AGGREGATION, "bad aggregation"),
    (BAD_NUMBER, "bad number"),
    (BAD_DURATION, "bad duration"),
    (BAD_TIMESTAMP, "bad @ timestamp"),
    (NON_POSITIVE_DURATION, "duration must be greater than 0"),
    (DURATION_DIVISION_BY_ZERO, "division by zero in duration"),
    (BAD_REGEX, "bad regular expression"),
    (TYPE_MISMATCH, "type mismatch"),
    (WRONG_ARITY, "wrong number of arguments"),
    (SCALAR_COMPARISON, "scalar comparison without bool"),
    (BAD_VECTOR_MATCHING, "bad vector matching"),
    (EMPTY_SELECTOR, "selector matches everything"),
    (DUPLICATE_METRIC_NAME, "metric name set twice"),
    (EXPERIMENTAL_FUNCTION, "experimental function not enabled"),
    (EXPERIMENTAL_DURATION_EXPR, "duration expressions not enabled"),
    (EXPERIMENTAL_RANGE_SELECTOR, "anchored/smoothed not enabled"),
    (EXPERIMENTAL_FILL, "fill modifiers not enabled"),
    (TOO_DEEP, "nesting too deep"),
    (TOO_LONG, "query too long"),
];

#[cfg(test)]
mod tests {
    /// Every `codes::NAME` the sources use is listed in [`super::ALL`], and
    /// codes are unique and well-formed.
    #[test]
    fn registry_is_complete_and_unique() {
        let mut seen = std::collections::HashSet::new();
        for (code, summary) in super::ALL {
            assert!(code.len() == 7 && code.starts_with("PQL"), "{code}");
            assert!(seen.insert(*code), "duplicate {code}");
            assert!(!summary.is_empty());
        }
        let this = include_str!("codes.rs");
        let declared =
            this.lines().filter(|l| l.starts_with("pub const ") && l.contains(": &str")).count();
        assert_eq!(declared, super::ALL.len(), "a code is missing from ALL");
    }
}
