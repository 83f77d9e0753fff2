//! The parser of `#` lines: `# HELP`, `# TYPE`, `# UNIT`, `# EOF` and comments.
//!
//! These lines are rare next to samples, so they are written with nom
//! combinators for clarity. The text format is lenient (blanks after `#`,
//! any other `#` line is a comment); OpenMetrics wants exactly
//! `# KEYWORD name text` with single spaces and knows no comments.

use crate::codes;
use crate::sample::{char_span, error, found, span};
use crate::scan::{self, Escapes};
use promplay_diagnostics::{Diagnostic, Span};
use std::borrow::Cow;

use nom::branch::alt;
use nom::bytes::complete::{tag, take_while1};
use nom::combinator::{eof, value};
use nom::{IResult, Parser};

/// Which metadata keyword a line has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum MetaKind {
    /// `# HELP`.
    Help,
    /// `# TYPE`.
    Type,
    /// `# UNIT` (OpenMetrics).
    Unit,
}

impl MetaKind {
    /// The keyword as written.
    pub(crate) fn keyword(self) -> &'static str {
        match self {
            MetaKind::Help => "HELP",
            MetaKind::Type => "TYPE",
            MetaKind::Unit => "UNIT",
        }
    }
}

/// A metadata line with its parts.
#[derive(Clone, Debug)]
pub(crate) struct Meta<'a> {
    /// HELP, TYPE or UNIT.
    pub kind: MetaKind,
    /// The (unquoted, unescaped) metric family name.
    pub name: Cow<'a, str>,
    /// Where the name is (inside the quotes when quoted).
    pub name_span: Span,
    /// The raw text after the name and its separator.
    pub text: &'a str,
    /// Where the text is.
    pub text_span: Span,
    /// Whether anything (even a lone separator) followed the name.
    pub has_text: bool,
}

/// What a `#` line is.
#[derive(Clone, Debug)]
pub(crate) enum HashLine<'a> {
    /// HELP, TYPE or UNIT.
    Meta(Meta<'a>),
    /// A comment (text format only).
    Comment,
    /// `# EOF` (OpenMetrics only).
    Eof,
}

fn blanks1(input: &str) -> IResult<&str, &str> {
    take_while1(|c| c == ' ' || c == '\t').parse(input)
}

fn keyword(input: &str) -> IResult<&str, MetaKind> {
    alt((
        value(MetaKind::Help, tag("HELP")),
        value(MetaKind::Type, tag("TYPE")),
        value(MetaKind::Unit, tag("UNIT")),
    ))
    .parse(input)
}

/// `# KEYWORD` followed by a blank, in the text format (TYPE and HELP only).
fn text_format_keyword(input: &str) -> IResult<&str, MetaKind> {
    let (rest, (_, _, kind, _)) = (tag("#"), blanks1, keyword, blanks1).parse(input)?;
    Ok((rest, kind))
}

/// `# KEYWORD ` with single spaces, in OpenMetrics.
fn openmetrics_keyword(input: &str) -> IResult<&str, MetaKind> {
    let (rest, (_, kind, _)) = (tag("# "), keyword, tag(" ")).parse(input)?;
    Ok((rest, kind))
}

/// `# EOF` and nothing else.
fn eof_line(input: &str) -> IResult<&str, ()> {
    value((), (tag("# EOF"), eof)).parse(input)
}

/// Parses the `#` line `text[start..end]`.
pub(crate) fn parse_hash_line(
    text: &str,
    start: usize,
    end: usize,
    om: bool,
    strict: bool,
) -> Result<HashLine<'_>, Diagnostic> {
    let line = &text[start..end];
    let offset = |rest: &str| end - rest.len();
    if om {
        if eof_line(line).is_ok() {
            return Ok(HashLine::Eof);
        }
        let Ok((rest, kind)) = openmetrics_keyword(line) else {
            let message = if line.starts_with("# EOF") {
                "`# EOF` must be alone on its line".to_owned()
            } else if line.starts_with("# ") && !line[2..].starts_with([' ', '\t']) {
                let word = line[2..].split([' ', '\t']).next().unwrap_or_default();
                format!(
                    "unknown metadata line `# {}`: OpenMetrics allows only `# HELP`, `# TYPE`, `# UNIT` and `# EOF`, and no comments",
                    word.escape_debug()
                )
            } else {
                "expected `# HELP`, `# TYPE`, `# UNIT` or `# EOF` with single spaces".to_owned()
            };
            return Err(error(
                codes::UNKNOWN_METADATA,
                message,
                span(start, end),
                "not a valid OpenMetrics line",
            ));
        };
        return metadata(text, offset(rest), end, kind, true, strict).map(HashLine::Meta);
    }
    match text_format_keyword(line) {
        // Only HELP and TYPE are metadata in the text format; `# UNIT` is a comment.
        Ok((rest, kind)) if kind != MetaKind::Unit => {
            metadata(text, offset(rest), end, kind, false, strict).map(HashLine::Meta)
        }
        _ => Ok(HashLine::Comment),
    }
}

/// The name and text of a metadata line, from `i` (just after the keyword).
fn metadata(
    text: &str,
    i: usize,
    end: usize,
    kind: MetaKind,
    om: bool,
    strict: bool,
) -> Result<Meta<'_>, Diagnostic> {
    let b = text.as_bytes();
    let keyword = kind.keyword();
    let (name, name_span, after) = if i < end && scan::is_metric_start(b[i]) {
        let e = scan::metric_name_end(b, i + 1, end);
        (Cow::Borrowed(&text[i..e]), span(i, e), e)
    } else if i < end && b[i] == b'"' {
        let Ok((e, escaped)) = scan::scan_quoted(b, i, end) else {
            return Err(error(
                codes::UNTERMINATED_STRING,
                format!("the quoted metric name in `# {keyword}` is not terminated"),
                span(i, end),
                "unterminated string",
            ));
        };
        let inner = &text[i + 1..e - 1];
        let mode = if strict && !om { Escapes::Strict } else { Escapes::Lenient };
        let name = if escaped {
            scan::unescape(inner, mode).map_err(|_| {
                error(
                    codes::INVALID_ESCAPE,
                    "invalid escape sequence in the quoted metric name".into(),
                    span(i, e),
                    "here",
                )
            })?
        } else {
            Cow::Borrowed(inner)
        };
        (name, span(i + 1, e - 1), e)
    } else {
        let message =
            format!("expected a metric name after `# {keyword}`, found {}", found(text, i, end));
        return Err(error(
            codes::METADATA_SYNTAX,
            message,
            char_span(text, i, end),
            "expected a metric name",
        ));
    };
    if after >= end {
        if om {
            let what = match kind {
                MetaKind::Help => "help text",
                MetaKind::Type => "type",
                MetaKind::Unit => "unit",
            };
            let message =
                format!("expected a space and the {what} after the metric name in `# {keyword}`");
            return Err(error(codes::METADATA_SYNTAX, message, span(end, end), "line ends here"));
        }
        return Ok(Meta {
            kind,
            name,
            name_span,
            text: "",
            text_span: span(end, end),
            has_text: false,
        });
    }
    let sep_ok = if om { b[after] == b' ' } else { b[after] == b' ' || b[after] == b'\t' };
    if !sep_ok {
        let message = format!(
            "expected a space after the metric name in `# {keyword}`, found {}",
            found(text, after, end)
        );
        return Err(error(
            codes::METADATA_SYNTAX,
            message,
            char_span(text, after, end),
            "expected a space",
        ));
    }
    // The text starts right after one separator; further blanks belong to it,
    // as in both upstream parsers.
    let tstart = after + 1;
    let rest = &text[tstart..end];
    Ok(Meta { kind, name, name_span, text: rest, text_span: span(tstart, end), has_text: true })
}
