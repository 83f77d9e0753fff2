//! The PromQL lexer: text to tokens, never failing.
//!
//! It follows the three modes of Prometheus' `lex.go`: ordinary statements
//! (keywords are case-insensitive; `fill` is only a keyword before `(`),
//! inside `{...}` (every word is a plain label name), and inside `[...]`
//! (durations, numbers, arithmetic and the duration functions `step`,
//! `range`, `min_of`, `max_of`). Unlexable text becomes an
//! [`TokenKind::Error`] token plus a [`LexError`], and lexing continues, so
//! the editor can highlight a broken query and the parser can report every
//! problem at its place. Token recognizers for literals use nom.

use crate::ast::AggregateOp;
use nom::IResult;
use nom::Parser;
use nom::bytes::complete::{take_while, take_while1};
use nom::character::complete::satisfy;
use nom::combinator::recognize;
use promplay_diagnostics::Span;

/// One token of a query.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// What it is.
    pub kind: TokenKind,
    /// Where it is.
    pub span: Span,
}

/// The kinds of tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// A number (`1`, `0x1F`, `1e3`, `Inf`, `NaN`).
    Number,
    /// A duration (`5m`, `1h30m`).
    Duration,
    /// A quoted string in any of the three quote styles.
    String,
    /// A word without `:` (metric, label or function name).
    Identifier,
    /// A word containing `:` (recording-rule style metric name).
    MetricIdentifier,
    /// A keyword.
    Keyword(Keyword),
    /// An aggregation operator keyword.
    Aggregator(AggregateOp),
    /// `(`
    LeftParen,
    /// `)`
    RightParen,
    /// `{`
    LeftBrace,
    /// `}`
    RightBrace,
    /// `[`
    LeftBracket,
    /// `]`
    RightBracket,
    /// `,`
    Comma,
    /// `:`
    Colon,
    /// `@`
    At,
    /// `=` (label matching)
    Eql,
    /// `=~`
    EqlRegex,
    /// `!~`
    NeqRegex,
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%`
    Mod,
    /// `^`
    Pow,
    /// `==`
    EqlC,
    /// `!=`
    Neq,
    /// `<`
    Lss,
    /// `<=`
    Lte,
    /// `>`
    Gtr,
    /// `>=`
    Gte,
    /// `</`
    TrimUpper,
    /// `>/`
    TrimLower,
    /// A `#` comment up to the end of the line.
    Comment,
    /// Text that is not a token; a [`LexError`] says why.
    Error,
}

/// PromQL's keywords (other than aggregation operators).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Keyword {
    /// `and`
    And,
    /// `or`
    Or,
    /// `unless`
    Unless,
    /// `atan2`
    Atan2,
    /// `by`
    By,
    /// `without`
    Without,
    /// `on`
    On,
    /// `ignoring`
    Ignoring,
    /// `group_left`
    GroupLeft,
    /// `group_right`
    GroupRight,
    /// `bool`
    Bool,
    /// `offset`
    Offset,
    /// `anchored`
    Anchored,
    /// `smoothed`
    Smoothed,
    /// `fill` (only before `(`)
    Fill,
    /// `fill_left` (only before `(`)
    FillLeft,
    /// `fill_right` (only before `(`)
    FillRight,
    /// `start` (in `@ start()`, or the experimental function)
    Start,
    /// `end`
    End,
    /// `step` (duration expressions)
    Step,
    /// `range` (duration expressions)
    Range,
    /// `max_of` (duration expressions)
    MaxOf,
    /// `min_of` (duration expressions)
    MinOf,
}

impl Keyword {
    /// Every keyword.
    pub const ALL: [Keyword; 23] = [
        Keyword::And,
        Keyword::Or,
        Keyword::Unless,
        Keyword::Atan2,
        Keyword::By,
        Keyword::Without,
        Keyword::On,
        Keyword::Ignoring,
        Keyword::GroupLeft,
        Keyword::GroupRight,
        Keyword::Bool,
        Keyword::Offset,
        Keyword::Anchored,
        Keyword::Smoothed,
        Keyword::Fill,
        Keyword::FillLeft,
        Keyword::FillRight,
        Keyword::Start,
        Keyword::End,
        Keyword::Step,
        Keyword::Range,
        Keyword::MaxOf,
        Keyword::MinOf,
    ];

    /// The keyword in lower case.
    pub fn as_str(self) -> &'static str {
        match self {
            Keyword::And => "and",
            Keyword::Or => "or",
            Keyword::Unless => "unless",
            Keyword::Atan2 => "atan2",
            Keyword::By => "by",
            Keyword::Without => "without",
            Keyword::On => "on",
            Keyword::Ignoring => "ignoring",
            Keyword::GroupLeft => "group_left",
            Keyword::GroupRight => "group_right",
            Keyword::Bool => "bool",
            Keyword::Offset => "offset",
            Keyword::Anchored => "anchored",
            Keyword::Smoothed => "smoothed",
            Keyword::Fill => "fill",
            Keyword::FillLeft => "fill_left",
            Keyword::FillRight => "fill_right",
            Keyword::Start => "start",
            Keyword::End => "end",
            Keyword::Step => "step",
            Keyword::Range => "range",
            Keyword::MaxOf => "max_of",
            Keyword::MinOf => "min_of",
        }
    }

    /// Looks a word up case-insensitively, as Prometheus' lexer does.
    pub fn from_word(word: &str) -> Option<Keyword> {
        Keyword::ALL.into_iter().find(|k| k.as_str().eq_ignore_ascii_case(word))
    }

    /// Whether the keyword is one of the duration-expression functions
    /// recognized inside brackets.
    fn is_duration_keyword(self) -> bool {
        matches!(self, Keyword::Step | Keyword::Range | Keyword::MaxOf | Keyword::MinOf)
    }
}

/// A lexing problem: where and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LexError {
    /// The offending text.
    pub span: Span,
    /// Prometheus-style message, such as `unterminated quoted string`.
    pub message: String,
}

/// Splits `input` into tokens (comments included, whitespace skipped).
///
/// Never fails: text that is no token becomes a [`TokenKind::Error`] token.
pub fn lex(input: &str) -> Vec<Token> {
    lex_with_errors(input).0
}

/// Like [`lex`], also returning why each error token is one.
pub fn lex_with_errors(input: &str) -> (Vec<Token>, Vec<LexError>) {
    let mut lx =
        Lexer { input, pos: 0, tokens: Vec::new(), errors: Vec::new(), mode: Mode::Normal };
    lx.run();
    (lx.tokens, lx.errors)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Normal,
    Braces,
    Brackets,
}

struct Lexer<'a> {
    input: &'a str,
    pos: usize,
    tokens: Vec<Token>,
    errors: Vec<LexError>,
    mode: Mode,
}

/// Prometheus' `isSpace`: only these four count as whitespace.
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

fn is_alpha(c: char) -> bool {
    c == '_' || c.is_ascii_alphabetic()
}

fn is_alnum(c: char) -> bool {
    is_alpha(c) || c.is_ascii_digit()
}

/// A word of the statement mode: a letter, `_` or `:`, then also digits.
fn word_with_colons(s: &str) -> IResult<&str, &str> {
    recognize((satisfy(|c| is_alpha(c) || c == ':'), take_while(|c: char| is_alnum(c) || c == ':')))
        .parse(s)
}

/// A label name inside braces: no colons.
fn plain_word(s: &str) -> IResult<&str, &str> {
    recognize((satisfy(is_alpha), take_while(is_alnum))).parse(s)
}

/// A run of the four whitespace characters.
fn spaces(s: &str) -> IResult<&str, &str> {
    take_while1(is_space).parse(s)
}

impl<'a> Lexer<'a> {
    fn rest(&self) -> &'a str {
        &self.input[self.pos..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn push(&mut self, kind: TokenKind, len: usize) {
        let span = Span::from_range(self.pos..self.pos + len);
        self.tokens.push(Token { kind, span });
        self.pos += len;
    }

    fn error(&mut self, len: usize, message: String) {
        let span = Span::from_range(self.pos..self.pos + len);
        self.errors.push(LexError { span, message });
        self.push(TokenKind::Error, len);
    }

    fn run(&mut self) {
        while self.pos < self.input.len() {
            if let Ok((rest, _)) = spaces(self.rest()) {
                self.pos = self.input.len() - rest.len();
                continue;
            }
            if self.rest().starts_with('#') {
                let len = self.rest().find(['\n', '\r']).unwrap_or(self.rest().len());
                self.push(TokenKind::Comment, len);
                continue;
            }
            match self.mode {
                Mode::Normal => self.statement(),
                Mode::Braces => self.inside_braces(),
                Mode::Brackets => self.inside_brackets(),
            }
        }
    }

    /// Two-character operators first, then one-character ones.
    fn operator(&mut self) -> bool {
        let r = self.rest();
        let two = [
            ("==", TokenKind::EqlC),
            ("!=", TokenKind::Neq),
            ("<=", TokenKind::Lte),
            (">=", TokenKind::Gte),
            ("</", TokenKind::TrimUpper),
            (">/", TokenKind::TrimLower),
        ];
        for (text, kind) in two {
            if r.starts_with(text) {
                self.push(kind, 2);
                return true;
            }
        }
        let kind = match r.as_bytes()[0] {
            b'+' => TokenKind::Add,
            b'-' => TokenKind::Sub,
            b'*' => TokenKind::Mul,
            b'/' => TokenKind::Div,
            b'%' => TokenKind::Mod,
            b'^' => TokenKind::Pow,
            b'<' => TokenKind::Lss,
            b'>' => TokenKind::Gtr,
            b',' => TokenKind::Comma,
            b'(' => TokenKind::LeftParen,
            b')' => TokenKind::RightParen,
            b'@' => TokenKind::At,
            _ => return false,
        };
        self.push(kind, 1);
        true
    }

    fn statement(&mut self) {
        let r = self.rest();
        let c = self.peek().unwrap_or('\0');
        if c.is_ascii_digit() || (c == '.' && r[1..].starts_with(|d: char| d.is_ascii_digit())) {
            self.number_or_duration();
        } else if matches!(c, '"' | '\'' | '`') {
            self.string();
        } else if r.starts_with("=~") {
            // Upstream rejects `=~` outside braces with this exact message.
            self.error(2, "unexpected character after '=': '~'".into());
        } else if c == '=' && !r.starts_with("==") {
            self.push(TokenKind::Eql, 1);
        } else if c == '!' && !r.starts_with("!=") {
            let next = r[1..].chars().next();
            let len = 1 + next.map_or(0, char::len_utf8);
            let shown = next.map_or_else(|| "end of input".to_string(), go_char);
            self.error(len, format!("unexpected character after '!': {shown}"));
        } else if self.operator() {
        } else if c == '{' {
            self.push(TokenKind::LeftBrace, 1);
            self.mode = Mode::Braces;
        } else if c == '[' {
            self.push(TokenKind::LeftBracket, 1);
            self.mode = Mode::Brackets;
        } else if c == '}' {
            // A `}` outside a selector is a lexical error upstream.
            self.error(1, "unexpected character: '}'".into());
        } else if c == ']' {
            self.push(TokenKind::RightBracket, 1);
        } else if let Ok((_, word)) = word_with_colons(r) {
            let kind = classify_word(word, &r[word.len()..]);
            self.push(kind, word.len());
        } else {
            self.error(c.len_utf8(), format!("unexpected character: {}", go_char(c)));
        }
    }

    fn inside_braces(&mut self) {
        let r = self.rest();
        let c = self.peek().unwrap_or('\0');
        let (kind, len) = match c {
            ',' => (TokenKind::Comma, 1),
            '}' => (TokenKind::RightBrace, 1),
            '"' | '\'' | '`' => return self.string(),
            '=' if r.starts_with("=~") => (TokenKind::EqlRegex, 2),
            '=' => (TokenKind::Eql, 1),
            '!' if r.starts_with("!~") => (TokenKind::NeqRegex, 2),
            '!' if r.starts_with("!=") => (TokenKind::Neq, 2),
            '!' => {
                let next = r[1..].chars().next();
                let len = 1 + next.map_or(0, char::len_utf8);
                let shown = next.map_or_else(|| "end of input".to_string(), go_char);
                return self
                    .error(len, format!("unexpected character after '!' inside braces: {shown}"));
            }
            '{' => return self.error(1, "unexpected left brace '{'".into()),
            _ => {
                if let Ok((_, word)) = plain_word(r) {
                    (TokenKind::Identifier, word.len())
                } else if matches!(c, ')' | ']' | '(' | '[') {
                    // A closing bracket of an outer construct ends the broken
                    // selector so the rest of the query still lexes normally.
                    self.mode = Mode::Normal;
                    return;
                } else {
                    return self.error(
                        c.len_utf8(),
                        format!("unexpected character inside braces: {}", go_char(c)),
                    );
                }
            }
        };
        if kind == TokenKind::RightBrace {
            self.mode = Mode::Normal;
        }
        self.push(kind, len);
    }

    fn inside_brackets(&mut self) {
        let r = self.rest();
        let c = self.peek().unwrap_or('\0');
        if c.is_ascii_digit() || (c == '.' && r[1..].starts_with(|d: char| d.is_ascii_digit())) {
            return self.number_or_duration();
        }
        match c {
            ']' => {
                self.mode = Mode::Normal;
                return self.push(TokenKind::RightBracket, 1);
            }
            ':' => return self.push(TokenKind::Colon, 1),
            '[' => return self.error(1, "unexpected left bracket '['".into()),
            _ => {}
        }
        if let Ok((_, word)) = plain_word(r) {
            match Keyword::from_word(word) {
                Some(k) if k.is_duration_keyword() => self.push(TokenKind::Keyword(k), word.len()),
                // Right after a duration upstream's lexer expects the `:` of
                // a subquery, and says so.
                _ if matches!(
                    self.tokens.last().map(|t| t.kind),
                    Some(TokenKind::Number | TokenKind::Duration)
                ) =>
                {
                    self.error(
                        word.len(),
                        format!("unexpected character: {}, expected ':'", go_char(c)),
                    );
                }
                _ => self.error(
                    word.len(),
                    format!("unexpected character in duration expression: {}", go_char(c)),
                ),
            }
            return;
        }
        if !matches!(c, '{' | '}' | '=' | '!' | '<' | '>' | '@' | '"' | '\'' | '`')
            && self.operator()
        {
            return;
        }
        if matches!(c, '}' | ')') {
            // Leave bracket mode so an unclosed `[` does not swallow the rest.
            self.mode = Mode::Normal;
            return;
        }
        self.error(
            c.len_utf8(),
            format!("unexpected character in duration expression: {}", go_char(c)),
        );
    }

    /// Numbers and durations, following upstream's `scanNumber` and
    /// `acceptRemainingDuration` so that the same texts are accepted.
    fn number_or_duration(&mut self) {
        let r = self.rest();
        let (ok, end) = scan_number(r);
        if ok {
            return self.push(TokenKind::Number, end);
        }
        let stop = match accept_remaining_duration(r, end) {
            Ok(len) => return self.push(TokenKind::Duration, len),
            Err(stop) => stop,
        };
        // The message quotes what upstream's scanner had read when it gave
        // up; the error token swallows the rest of the malformed literal.
        let len =
            end + r[end..].find(|c: char| !(is_alnum(c) || c == '.')).unwrap_or(r.len() - end);
        let len = len.max(stop).max(1).min(r.len());
        let shown = floor_boundary(r, stop.clamp(1, r.len()));
        self.error(len, format!("bad number or duration syntax: {:?}", &r[..shown]));
    }

    fn string(&mut self) {
        let r = self.rest();
        match scan_string(r) {
            Ok(len) => self.push(TokenKind::String, len),
            Err((len, message)) => {
                // Report at the bad part, but let the error token run to the
                // closing quote so the rest of the string does not lex as code.
                let len = len.max(1);
                let span = Span::from_range(self.pos..self.pos + len);
                self.errors.push(LexError { span, message });
                let quote = r.chars().next().unwrap_or('"');
                let tail = &r[len.min(r.len())..];
                let stop = tail
                    .find([quote, '\n'])
                    .map_or(tail.len(), |i| i + usize::from(tail[i..].starts_with(quote)));
                self.push(TokenKind::Error, len + stop);
            }
        }
    }
}

/// Classifies a word of statement mode; `after` is the text following it.
fn classify_word(word: &str, after: &str) -> TokenKind {
    if word.eq_ignore_ascii_case("inf") || word.eq_ignore_ascii_case("nan") {
        return TokenKind::Number;
    }
    if let Some(op) = AggregateOp::from_keyword(word) {
        return TokenKind::Aggregator(op);
    }
    if let Some(k) = Keyword::from_word(word) {
        let fill = matches!(k, Keyword::Fill | Keyword::FillLeft | Keyword::FillRight);
        if !fill || after.trim_start_matches(is_space).starts_with('(') {
            return TokenKind::Keyword(k);
        }
        return TokenKind::Identifier;
    }
    if word.contains(':') { TokenKind::MetricIdentifier } else { TokenKind::Identifier }
}

/// Upstream's `scanNumber`: returns whether a complete number was read and
/// how far scanning got (the duration scanner continues from there).
fn scan_number(s: &str) -> (bool, usize) {
    let b = s.as_bytes();
    let mut i = 0;
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let mut hex = false;
    if at(0) == b'0' && matches!(at(1), b'x' | b'X') {
        i = 2;
        if at(i) == b'_' {
            i += 1;
        }
        hex = true;
    } else if at(0) == b'0' {
        // Upstream's `accept("0")` consumed it; the digits loop below continues.
        i = 1;
    }
    let is_digit = |c: u8| if hex { c.is_ascii_hexdigit() } else { c.is_ascii_digit() };
    if at(i) == b'.' {
        i += 1;
    }
    if is_digit(at(i)) {
        i += 1;
    }
    let (mut dot, mut exp) = (false, false);
    loop {
        let c = at(i);
        if !(is_digit(c) || c == b'.' || c == b'_' || c == b'e' || c == b'E') {
            break;
        }
        if c == b'.' {
            if dot {
                return (false, i + 1);
            }
            dot = true;
            i += 1;
            if matches!(at(i), b'_' | b'.') {
                return (false, i + 1);
            }
            if hex {
                return (false, i);
            }
            continue;
        }
        if (c == b'e' || c == b'E') && !hex {
            if exp {
                return (false, i + 1);
            }
            exp = true;
            i += 1;
            if matches!(at(i), b'+' | b'-') {
                i += 1;
            }
            if matches!(at(i), b'.' | b'_' | b'e' | b'E') {
                return (false, i + 1);
            }
            if i >= b.len() {
                return (false, i);
            }
            continue;
        }
        if c == b'_' {
            i += 1;
            if matches!(at(i), b'.' | b'_' | b'e' | b'E') {
                return (false, i + 1);
            }
            if i >= b.len() {
                return (false, i);
            }
            continue;
        }
        while is_digit(at(i)) {
            i += 1;
        }
    }
    if i == 0 {
        return (false, 0);
    }
    let next = s[i..].chars().next();
    (!next.is_some_and(is_alnum), i)
}

/// Upstream's `acceptRemainingDuration`, continuing at `from`; returns the
/// length of the duration token, or how far it read before failing.
fn accept_remaining_duration(s: &str, from: usize) -> Result<usize, usize> {
    let b = s.as_bytes();
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let mut i = from;
    if !b"smhdwy".contains(&at(i)) || at(i) == 0 {
        return Err(i);
    }
    i += 1;
    if at(i) == b's' {
        i += 1;
    }
    while at(i).is_ascii_digit() {
        while at(i).is_ascii_digit() {
            i += 1;
        }
        if !b"smhdw".contains(&at(i)) || at(i) == 0 {
            return Err(i);
        }
        i += 1;
        if at(i) == b's' {
            i += 1;
        }
    }
    let next = s[i..].chars().next();
    if next.is_some_and(is_alnum) { Err(i + 1) } else { Ok(i) }
}

/// The largest char boundary of `s` at or before `i`.
fn floor_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Scans a quoted string starting at its opening quote; returns its length
/// or the length of the bad part with a message, as upstream's `lexString`,
/// `lexEscape` and `lexRawString`.
fn scan_string(s: &str) -> Result<usize, (usize, String)> {
    let mut chars = s.char_indices();
    let Some((_, quote)) = chars.next() else { return Err((0, "empty string".into())) };
    if quote == '`' {
        return match s[1..].find('`') {
            Some(i) => Ok(i + 2),
            None => Err((s.len(), "unterminated raw string".into())),
        };
    }
    while let Some((i, c)) = chars.next() {
        if c == quote {
            return Ok(i + 1);
        }
        if c == '\n' {
            return Err((i, "unterminated quoted string".into()));
        }
        if c != '\\' {
            continue;
        }
        let Some((j, e)) = chars.next() else {
            return Err((s.len(), "escape sequence not terminated".into()));
        };
        let (digits, base, max): (usize, u32, u32) = match e {
            'a' | 'b' | 'f' | 'n' | 'r' | 't' | 'v' | '\\' => continue,
            q if q == quote => continue,
            '0'..='7' => (3, 8, 255),
            'x' => (2, 16, 255),
            'u' => (4, 16, 0x10FFFF),
            'U' => (8, 16, 0x10FFFF),
            other => {
                let end = j + other.len_utf8();
                return Err((end, format!("unknown escape sequence {}", go_unicode(other))));
            }
        };
        // Octal escapes start with their first digit; the others after the letter.
        let mut value: u32 = if base == 8 { e.to_digit(8).unwrap_or(0) } else { 0 };
        let need = if base == 8 { digits - 1 } else { digits };
        for _ in 0..need {
            match chars.next() {
                Some((_, d)) if d.is_digit(base) => {
                    value =
                        value.saturating_mul(base).saturating_add(d.to_digit(base).unwrap_or(0));
                }
                Some((k, d)) if d != quote && d != '\n' => {
                    return Err((
                        k + d.len_utf8(),
                        format!("illegal character {} in escape sequence", go_unicode(d)),
                    ));
                }
                Some((k, _)) => return Err((k, "escape sequence not terminated".into())),
                None => return Err((s.len(), "escape sequence not terminated".into())),
            }
        }
        if value > max || (0xD800..0xE000).contains(&value) {
            return Err((j, "escape sequence is an invalid Unicode code point".into()));
        }
    }
    Err((s.len(), "unterminated quoted string".into()))
}

/// Go's `%q` rendering of a character: `'x'`, `'\t'`, `'\u00a0'`.
pub(crate) fn go_char(c: char) -> String {
    match c {
        '\'' => "'\\''".into(),
        '\\' => "'\\\\'".into(),
        '\n' => "'\\n'".into(),
        '\t' => "'\\t'".into(),
        '\r' => "'\\r'".into(),
        c if c.is_control() || c.is_whitespace() && c != ' ' || c == '\u{feff}' => {
            if (c as u32) < 0x10000 {
                format!("'\\u{:04x}'", c as u32)
            } else {
                format!("'\\U{:08x}'", c as u32)
            }
        }
        c => format!("'{c}'"),
    }
}

/// Go's `%#U` rendering of a character: `U+0071 'q'`.
fn go_unicode(c: char) -> String {
    format!("U+{:04X} '{c}'", c as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(s: &str) -> Vec<TokenKind> {
        lex(s).into_iter().map(|t| t.kind).collect()
    }

    #[test]
    fn numbers_and_durations() {
        use TokenKind::*;
        assert_eq!(kinds("1 0x1F 1e3 .5 5. 1_000 Inf nan"), vec![Number; 8]);
        assert_eq!(kinds("5m 1h30m 10ms 1y"), vec![Duration; 4]);
        assert_eq!(kinds("1e"), vec![Error]);
        assert_eq!(
            kinds("x[5m:1m]"),
            vec![Identifier, LeftBracket, Duration, Colon, Duration, RightBracket]
        );
    }

    #[test]
    fn modes() {
        use TokenKind::*;
        assert_eq!(
            kinds(r#"sum{by="x",on!~'y'} by (a)"#),
            vec![
                Aggregator(AggregateOp::Sum),
                LeftBrace,
                Identifier,
                Eql,
                String,
                Comma,
                Identifier,
                NeqRegex,
                String,
                RightBrace,
                Keyword(super::Keyword::By),
                LeftParen,
                Identifier,
                RightParen
            ]
        );
        assert_eq!(
            kinds("fill fill(1)"),
            vec![Identifier, Keyword(super::Keyword::Fill), LeftParen, Number, RightParen]
        );
        assert_eq!(kinds("a </ b # c"), vec![Identifier, TrimUpper, Identifier, Comment]);
    }

    #[test]
    fn strings() {
        assert_eq!(scan_string(r#""a\"b" x"#), Ok(6));
        assert_eq!(scan_string("`a\nb`"), Ok(5));
        assert!(
            scan_string(r#""\q""#).unwrap_err().1.contains("unknown escape sequence U+0071 'q'")
        );
        assert!(scan_string("\"abc").is_err());
    }
}
