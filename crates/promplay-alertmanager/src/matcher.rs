//! Alertmanager's label matchers: the type (`pkg/labels/matcher.go`), the
//! UTF-8 parser (`matcher/parse`), the classic parser
//! (`pkg/labels/parse.go`) and the fallback between them that Alertmanager
//! and amtool use by default (`matcher/compat`): the UTF-8 parser is tried
//! first; when it fails and the classic parser succeeds, the classic result
//! is used and a warning says how to make the input forward compatible.

use promplay_promql_syntax::{go_regex_to_rust, quote_string, unquote_string};
use std::fmt;

/// The operator of a matcher.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MatchType {
    /// `=`
    Equal,
    /// `!=`
    NotEqual,
    /// `=~`
    Regexp,
    /// `!~`
    NotRegexp,
}

impl MatchType {
    /// The operator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchType::Equal => "=",
            MatchType::NotEqual => "!=",
            MatchType::Regexp => "=~",
            MatchType::NotRegexp => "!~",
        }
    }
}

/// One label matcher, with its regular expression compiled.
#[derive(Clone, Debug)]
pub struct Matcher {
    /// The operator.
    pub kind: MatchType,
    /// The label name.
    pub name: String,
    /// The value or the regular expression (unanchored, as written).
    pub value: String,
    re: Option<regex::Regex>,
}

impl PartialEq for Matcher {
    fn eq(&self, other: &Matcher) -> bool {
        self.kind == other.kind && self.name == other.name && self.value == other.value
    }
}

impl Matcher {
    /// `labels.NewMatcher`: compiles `^(?:value)$` for the regex operators.
    pub fn new(kind: MatchType, name: &str, value: &str) -> Result<Matcher, String> {
        let re = match kind {
            MatchType::Regexp | MatchType::NotRegexp => Some(compile_anchored(value)?),
            _ => None,
        };
        Ok(Matcher { kind, name: name.to_owned(), value: value.to_owned(), re })
    }

    /// Whether the matcher accepts label value `s` (absent labels are `""`).
    pub fn matches(&self, s: &str) -> bool {
        match self.kind {
            MatchType::Equal => s == self.value,
            MatchType::NotEqual => s != self.value,
            MatchType::Regexp => self.re.as_ref().is_some_and(|re| re.is_match(s)),
            MatchType::NotRegexp => !self.re.as_ref().is_some_and(|re| re.is_match(s)),
        }
    }

    /// `labels.Matchers.Less`: by name, then value, then operator.
    pub fn sort_key(&self) -> (&str, &str, MatchType) {
        (&self.name, &self.value, self.kind)
    }
}

/// A matcher whose regex is compiled later (by [`compile_all`]): the
/// fallback parser reads every input twice and compiles only the reading
/// it keeps.
fn make(kind: MatchType, name: &str, value: &str, compile: bool) -> Result<Matcher, String> {
    if compile {
        return Matcher::new(kind, name, value);
    }
    Ok(Matcher { kind, name: name.to_owned(), value: value.to_owned(), re: None })
}

/// Compiles the regexes of matchers made without them.
fn compile_all(ms: Vec<Matcher>) -> Result<Vec<Matcher>, String> {
    ms.into_iter().map(|m| Matcher::new(m.kind, &m.name, &m.value)).collect()
}

/// Compiles a Go regular expression anchored at both ends, as
/// Alertmanager does for `=~`, `!~` and `match_re`.
pub fn compile_anchored(value: &str) -> Result<regex::Regex, String> {
    let rust = go_regex_to_rust(value);
    regex::Regex::new(&format!("^(?:{rust})$")).map_err(|e| {
        // The first line of the regex crate's message is the most useful part.
        let text = e.to_string();
        let line = text.lines().rfind(|l| l.starts_with("error:")).unwrap_or(&text).to_owned();
        format!("error parsing regexp {value:?}: {}", line.trim_start_matches("error: "))
    })
}

/// `Matcher.String()`: the name quoted only when it holds a reserved
/// character, the value always quoted with OpenMetrics escaping.
impl fmt::Display for Matcher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.name.chars().any(is_reserved) {
            write!(
                f,
                "{}{}{}",
                quote_string(&self.name),
                self.kind.as_str(),
                quote_string(&self.value)
            )
        } else {
            let escaped =
                self.value.replace('\\', "\\\\").replace('\n', "\\n").replace('"', "\\\"");
            write!(f, "{}{}\"{}\"", self.name, self.kind.as_str(), escaped)
        }
    }
}

/// `labels.Matchers.String()`: `{a="b",c=~"d"}`.
pub fn matchers_string(ms: &[Matcher]) -> String {
    let inner: Vec<String> = ms.iter().map(Matcher::to_string).collect();
    format!("{{{}}}", inner.join(","))
}

/// Sorts matchers the way `sort.Sort(labels.Matchers)` does.
pub fn sort_matchers(ms: &mut [Matcher]) {
    ms.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}

/// Whether every matcher accepts the label set (`labels.Matchers.Matches`).
pub fn all_match(ms: &[Matcher], get: impl Fn(&str) -> Option<String>) -> bool {
    ms.iter().all(|m| m.matches(get(&m.name).as_deref().unwrap_or("")))
}

fn is_reserved(c: char) -> bool {
    c.is_whitespace() || "{}!=~,\\\"'`".contains(c)
}

/// Which parser produced the matchers of one input.
#[derive(Clone, Debug, PartialEq)]
pub enum Parsed {
    /// The UTF-8 parser accepted the input.
    Utf8(Vec<Matcher>),
    /// Only the classic parser accepted it; `utf8_error` says why the
    /// UTF-8 parser did not and `suggestion` is the compatible spelling.
    Classic {
        /// The classic parser's matchers.
        matchers: Vec<Matcher>,
        /// The UTF-8 parser's error.
        utf8_error: String,
        /// The input rewritten for the UTF-8 parser.
        suggestion: String,
    },
    /// Both accepted it but read it differently; the classic reading wins.
    Disagreement {
        /// The classic parser's matchers.
        matchers: Vec<Matcher>,
        /// The UTF-8 parser's matchers.
        utf8: Vec<Matcher>,
    },
}

impl Parsed {
    /// The matchers Alertmanager uses.
    pub fn matchers(&self) -> &[Matcher] {
        match self {
            Parsed::Utf8(m) => m,
            Parsed::Classic { matchers, .. } | Parsed::Disagreement { matchers, .. } => matchers,
        }
    }
}

/// `compat.FallbackMatchersParser`: zero or more matchers, UTF-8 first.
pub fn parse_matchers_fallback(input: &str) -> Result<Parsed, String> {
    let utf8 = parse_utf8_with(input, false);
    let classic = parse_classic_with(input, false);
    choose(utf8, classic)
}

/// The fallback's decision, then the regexes of the kept reading compiled
/// (an invalid regex fails both parsers upstream; the classic error wins).
fn choose(
    utf8: Result<Vec<Matcher>, String>,
    classic: Result<Vec<Matcher>, String>,
) -> Result<Parsed, String> {
    let classic_ok = classic.is_ok();
    let compile = |ms: Vec<Matcher>, from_utf8: bool| {
        compile_all(ms).map_err(|e| {
            if from_utf8 && !classic_ok { format!("failed to create matcher: {e}") } else { e }
        })
    };
    match (utf8, classic) {
        (Err(_), Err(c)) => Err(c),
        (Err(n), Ok(c)) => {
            let matchers = compile(c, false)?;
            let suggestion = matchers.iter().map(Matcher::to_string).collect::<Vec<_>>().join(",");
            Ok(Parsed::Classic { matchers, utf8_error: n, suggestion })
        }
        (Ok(n), Ok(c)) if n != c => {
            Ok(Parsed::Disagreement { matchers: compile(c, false)?, utf8: compile_all(n)? })
        }
        (Ok(n), _) => Ok(Parsed::Utf8(compile(n, true)?)),
    }
}

/// `compat.FallbackMatcherParser`: exactly one matcher, no braces.
pub fn parse_matcher_fallback(input: &str) -> Result<Parsed, String> {
    if input.starts_with('{') || input.ends_with('}') {
        return Err(format!("unexpected open or close brace: {input}"));
    }
    let one = |r: Result<Vec<Matcher>, String>| {
        r.and_then(|ms| match ms.len() {
            1 => Ok(ms),
            0 => Err("no matchers".to_owned()),
            n => Err(format!("expected 1 matcher, found {n}")),
        })
    };
    let utf8 = one(parse_utf8_with(input, false));
    let classic = parse_classic_one_with(input, false).map(|m| vec![m]);
    choose(utf8, classic)
}

// ---------------------------------------------------------------------------
// The classic parser (pkg/labels/parse.go).

/// `labels.ParseMatchers`: optional braces, commas outside quotes split.
pub fn parse_classic(input: &str) -> Result<Vec<Matcher>, String> {
    parse_classic_with(input, true)
}

fn parse_classic_with(input: &str, compile: bool) -> Result<Vec<Matcher>, String> {
    let s = input.strip_prefix('{').unwrap_or(input);
    let s = s.strip_suffix('}').unwrap_or(s);
    let mut tokens = Vec::new();
    let mut token = String::new();
    let (mut inside_quotes, mut escaped) = (false, false);
    for c in s.chars() {
        match c {
            ',' if !inside_quotes => {
                tokens.push(std::mem::take(&mut token));
                continue;
            }
            ',' => {}
            '"' => {
                if !escaped {
                    inside_quotes = !inside_quotes;
                } else {
                    escaped = false;
                }
            }
            '\\' => escaped = !escaped,
            _ => escaped = false,
        }
        token.push(c);
    }
    let last = token.trim();
    if !last.is_empty() {
        tokens.push(last.to_owned());
    }
    tokens.iter().map(|t| parse_classic_one_with(t, compile)).collect()
}

/// `labels.ParseMatcher`: `name op value` with tolerant quoting.
pub fn parse_classic_one(s: &str) -> Result<Matcher, String> {
    parse_classic_one_with(s, true)
}

fn parse_classic_one_with(s: &str, compile: bool) -> Result<Matcher, String> {
    let bad = || format!("bad matcher format: {s}");
    // The regex `^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(=~|=|!=|!~)\s*((?s).*?)\s*$`.
    let rest = s.trim_start_matches(is_go_space);
    let name_len = rest
        .char_indices()
        .find(|&(i, c)| {
            !(c.is_ascii_alphabetic() || c == '_' || c == ':' || (i > 0 && c.is_ascii_digit()))
        })
        .map_or(rest.len(), |(i, _)| i);
    if name_len == 0 {
        return Err(bad());
    }
    let name = &rest[..name_len];
    let rest = rest[name_len..].trim_start_matches(is_go_space);
    let (kind, rest) = if let Some(r) = rest.strip_prefix("=~") {
        (MatchType::Regexp, r)
    } else if let Some(r) = rest.strip_prefix('=') {
        (MatchType::Equal, r)
    } else if let Some(r) = rest.strip_prefix("!=") {
        (MatchType::NotEqual, r)
    } else if let Some(r) = rest.strip_prefix("!~") {
        (MatchType::NotRegexp, r)
    } else {
        return Err(bad());
    };
    let raw_full = rest.trim_matches(is_go_space);
    let (mut raw, mut expect_quote) = (raw_full, false);
    if let Some(r) = raw.strip_prefix('"') {
        raw = r;
        expect_quote = true;
    }
    let mut value = String::new();
    let mut escaped = false;
    let bytes = raw.len();
    for (i, c) in raw.char_indices() {
        if escaped {
            escaped = false;
            match c {
                'n' => value.push('\n'),
                '"' | '\\' => value.push(c),
                _ => {
                    value.push('\\');
                    value.push(c);
                }
            }
            continue;
        }
        match c {
            '\\' if i < bytes - 1 => escaped = true,
            '\\' => value.push('\\'),
            '"' => {
                if !expect_quote || i < bytes - 1 {
                    return Err(format!(
                        "matcher value contains unescaped double quote: {raw_full}"
                    ));
                }
                expect_quote = false;
            }
            _ => value.push(c),
        }
    }
    if expect_quote {
        return Err(format!("matcher value contains unescaped double quote: {raw_full}"));
    }
    make(kind, name, &value, compile)
}

/// Go's `\s` in RE2: space, tab, newline, form feed, carriage return
/// (vertical tab is not included).
fn is_go_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\x0c' | '\r')
}

// ---------------------------------------------------------------------------
// The UTF-8 parser (matcher/parse).

#[derive(Clone, Copy, Debug, PartialEq)]
enum Tok {
    Eof,
    Open,
    Close,
    Comma,
    Eq,
    Ne,
    Re,
    Nre,
    Quoted,
    Unquoted,
}

#[derive(Clone, Copy, Debug)]
struct Token<'a> {
    kind: Tok,
    value: &'a str,
    col_start: usize,
    col_end: usize,
}

struct Lexer<'a> {
    input: &'a str,
    start: usize,
    pos: usize,
    width: usize,
    column: usize,
    cols: usize,
    err: Option<String>,
}

impl<'a> Lexer<'a> {
    fn next(&mut self) -> Option<char> {
        match self.input[self.pos..].chars().next() {
            None => {
                self.width = 0;
                None
            }
            Some(c) => {
                self.width = c.len_utf8();
                self.pos += self.width;
                self.cols += 1;
                Some(c)
            }
        }
    }

    fn rewind(&mut self) {
        self.pos -= self.width;
        if self.width > 0 {
            self.cols -= 1;
        }
    }

    fn emit(&mut self, kind: Tok) -> Token<'a> {
        let t = Token {
            kind,
            value: &self.input[self.start..self.pos],
            col_start: self.column,
            col_end: self.cols,
        };
        self.start = self.pos;
        self.column = self.cols;
        t
    }

    fn accept(&mut self, valid: &str) -> bool {
        match self.next() {
            Some(c) if valid.contains(c) => true,
            _ => {
                self.rewind();
                false
            }
        }
    }

    fn expected(&self, expected: &str) -> String {
        if self.pos >= self.input.len() {
            format!(
                "{}:{}: unexpected end of input, expected one of '{expected}'",
                self.column, self.cols
            )
        } else {
            format!(
                "{}:{}: {}: expected one of '{expected}'",
                self.column,
                self.cols,
                &self.input[self.start..self.pos]
            )
        }
    }

    fn scan(&mut self) -> Result<Token<'a>, String> {
        if let Some(e) = &self.err {
            return Err(e.clone());
        }
        let eof = Token { kind: Tok::Eof, value: "", col_start: 0, col_end: 0 };
        while let Some(c) = self.next() {
            let result = match c {
                '{' => Ok(self.emit(Tok::Open)),
                '}' => Ok(self.emit(Tok::Close)),
                ',' => Ok(self.emit(Tok::Comma)),
                '=' | '!' => {
                    self.rewind();
                    self.scan_operator()
                }
                '"' => {
                    self.rewind();
                    self.scan_quoted()
                }
                c if !is_reserved(c) => {
                    self.rewind();
                    while let Some(c) = self.next() {
                        if is_reserved(c) {
                            self.rewind();
                            break;
                        }
                    }
                    Ok(self.emit(Tok::Unquoted))
                }
                c if c.is_whitespace() => {
                    self.start = self.pos;
                    self.column = self.cols;
                    continue;
                }
                _ => Err(format!(
                    "{}:{}: {}: invalid input",
                    self.column,
                    self.cols,
                    &self.input[self.start..self.pos]
                )),
            };
            if let Err(e) = &result {
                self.err = Some(e.clone());
            }
            return result;
        }
        Ok(eof)
    }

    fn scan_operator(&mut self) -> Result<Token<'a>, String> {
        if self.accept("!") {
            if self.accept("=") {
                return Ok(self.emit(Tok::Ne));
            }
            if self.accept("~") {
                return Ok(self.emit(Tok::Nre));
            }
            return Err(self.expected("=~"));
        }
        if self.accept("=") {
            if self.accept("~") {
                return Ok(self.emit(Tok::Re));
            }
            return Ok(self.emit(Tok::Eq));
        }
        Err(self.expected("!="))
    }

    fn scan_quoted(&mut self) -> Result<Token<'a>, String> {
        if !self.accept("\"") {
            return Err(self.expected("\""));
        }
        let mut escaped = false;
        while let Some(c) = self.next() {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                self.rewind();
                break;
            }
        }
        if !self.accept("\"") {
            return Err(format!(
                "{}:{}: {}: missing end \"",
                self.column,
                self.cols,
                &self.input[self.start..self.pos]
            ));
        }
        Ok(self.emit(Tok::Quoted))
    }

    fn peek(&mut self) -> Result<Token<'a>, String> {
        let saved = (self.start, self.pos, self.width, self.column, self.cols);
        let t = self.scan();
        (self.start, self.pos, self.width, self.column, self.cols) = saved;
        t
    }
}

enum PeekError {
    Eof,
    Other(String),
}

/// `parse.Matchers`: the UTF-8 matchers grammar, with upstream's messages.
pub fn parse_utf8(input: &str) -> Result<Vec<Matcher>, String> {
    parse_utf8_with(input, true)
}

fn parse_utf8_with(input: &str, compile: bool) -> Result<Vec<Matcher>, String> {
    let mut l = Lexer { input, start: 0, pos: 0, width: 0, column: 0, cols: 0, err: None };
    let mut out = Vec::new();
    let expect_peek = |l: &mut Lexer<'_>, kinds: &[Tok]| -> Result<(), PeekError> {
        let t = l.peek().map_err(PeekError::Other)?;
        if t.kind == Tok::Eof {
            return Err(PeekError::Eof);
        }
        if !kinds.contains(&t.kind) {
            return Err(PeekError::Other(format!(
                "{}:{}: unexpected {}",
                t.col_start, t.col_end, t.value
            )));
        }
        Ok(())
    };
    let wrap = |e: PeekError, what: &str| match e {
        PeekError::Eof => format!("end of input: {what}"),
        PeekError::Other(s) => format!("{s}: {what}"),
    };
    // parseOpenBrace.
    let first = l.peek()?;
    if first.kind == Tok::Eof {
        return parse_eof(&mut l).map(|()| out);
    }
    let has_open = first.kind == Tok::Open;
    if has_open {
        l.scan()?;
    }
    let mut state = match l.peek()? {
        t if t.kind == Tok::Eof => State::Close,
        t if t.kind == Tok::Close => State::Close,
        _ => State::Matcher,
    };
    loop {
        state = match state {
            State::Matcher => {
                expect_peek(&mut l, &[Tok::Quoted, Tok::Unquoted])
                    .map_err(|e| wrap(e, "expected label name"))?;
                let t = l.scan()?;
                let name = unquote(&t)?;
                expect_peek(&mut l, &[Tok::Eq, Tok::Ne, Tok::Re, Tok::Nre])
                    .map_err(|e| wrap(e, "expected an operator such as '=', '!=', '=~' or '!~'"))?;
                let op = l.scan()?;
                let kind = match op.kind {
                    Tok::Eq => MatchType::Equal,
                    Tok::Ne => MatchType::NotEqual,
                    Tok::Re => MatchType::Regexp,
                    _ => MatchType::NotRegexp,
                };
                expect_peek(&mut l, &[Tok::Unquoted, Tok::Quoted])
                    .map_err(|e| wrap(e, "expected label value"))?;
                let t = l.scan()?;
                let value = unquote(&t)?;
                let m = make(kind, &name, &value, compile)
                    .map_err(|e| format!("failed to create matcher: {e}"))?;
                out.push(m);
                match expect_peek(&mut l, &[Tok::Comma, Tok::Close]) {
                    Err(PeekError::Eof) => State::Close,
                    Err(e) => return Err(wrap(e, "expected a comma or close brace")),
                    Ok(()) if l.peek()?.kind == Tok::Comma => State::Comma,
                    Ok(()) => State::Close,
                }
            }
            State::Comma => {
                l.scan()?;
                match expect_peek(&mut l, &[Tok::Close, Tok::Unquoted, Tok::Quoted]) {
                    Err(PeekError::Eof) => State::Close,
                    Err(e) => return Err(wrap(e, "expected a matcher or close brace after comma")),
                    Ok(()) if l.peek()?.kind == Tok::Close => State::Close,
                    Ok(()) => State::Matcher,
                }
            }
            State::Close => {
                let t = l.peek()?;
                if has_open {
                    if t.kind != Tok::Close {
                        let inner = if t.kind == Tok::Eof {
                            "end of input".to_owned()
                        } else {
                            format!("{}:{}: unexpected {}", t.col_start, t.col_end, t.value)
                        };
                        return Err(format!("0:{}: {inner}: expected close brace", l.cols));
                    }
                    l.scan()?;
                } else if t.kind == Tok::Close {
                    l.scan()?;
                    return Err(format!("0:{}: }}: expected opening brace", l.cols));
                }
                parse_eof(&mut l)?;
                return Ok(out);
            }
        }
    }
}

enum State {
    Matcher,
    Comma,
    Close,
}

fn parse_eof(l: &mut Lexer<'_>) -> Result<(), String> {
    let t = l.scan().map_err(|e| format!("{e}: expected end of input"))?;
    if t.kind != Tok::Eof {
        return Err(format!("{}:{}: {}: expected end of input", t.col_start, t.col_end, t.value));
    }
    Ok(())
}

fn unquote(t: &Token<'_>) -> Result<String, String> {
    if t.kind != Tok::Quoted {
        return Ok(t.value.to_owned());
    }
    unquote_string(t.value)
        .map_err(|_| format!("{}:{}: {}: invalid input", t.col_start, t.col_end, t.value))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(r: Result<Vec<Matcher>, String>) -> String {
        match r {
            Ok(ms) => matchers_string(&ms),
            Err(e) => format!("error: {e}"),
        }
    }

    #[test]
    fn utf8_parser() {
        let cases = [
            ("", "{}"),
            ("{}", "{}"),
            ("foo=bar", r#"{foo="bar"}"#),
            (r#"{foo="bar", baz!~"q.*",}"#, r#"{foo="bar",baz!~"q.*"}"#),
            (r#""service name"="my svc""#, r#"{"service name"="my svc"}"#),
            ("foo=🙂", r#"{foo="🙂"}"#),
            ("{foo=bar", "error: 0:8: end of input: expected close brace"),
            ("foo=bar}", "error: 0:8: }: expected opening brace"),
            ("foo", "error: end of input: expected an operator such as '=', '!=', '=~' or '!~'"),
            ("foo=", "error: end of input: expected label value"),
            (
                "foo!bar",
                "error: 3:4: !: expected one of '=~': expected an operator such as '=', '!=', '=~' or '!~'",
            ),
            (r#"foo="bar"#, "error: 4:8: \"bar: missing end \": expected label value"),
            ("foo=bar baz=qux", "error: 8:11: unexpected baz: expected a comma or close brace"),
            ("foo=(a|b)", r#"{foo="(a|b)"}"#),
            ("foo=`x`", "error: 4:5: `: invalid input: expected label value"),
        ];
        for (input, want) in cases {
            assert_eq!(show(parse_utf8(input)), want, "input {input:?}");
        }
    }

    #[test]
    fn classic_parser() {
        let cases = [
            ("foo=bar,dings!=bums", r#"{foo="bar",dings!="bums"}"#),
            (r#"{quote="a \"b\", c"}"#, r#"{quote="a \"b\", c"}"#),
            ("statuscode=~5..", r#"{statuscode=~"5.."}"#),
            ("foo=bar baz", r#"{foo="bar baz"}"#),
            ("1foo=bar", "error: bad matcher format: 1foo=bar"),
            (r#"foo="bar"#, "error: matcher value contains unescaped double quote: \"bar"),
        ];
        for (input, want) in cases {
            assert_eq!(show(parse_classic(input)), want, "input {input:?}");
        }
    }

    #[test]
    fn fallback_prefers_utf8_and_reports_classic_only_inputs() {
        assert!(matches!(parse_matchers_fallback("a=b").unwrap(), Parsed::Utf8(_)));
        let p = parse_matchers_fallback("foo=bar baz").unwrap();
        let Parsed::Classic { suggestion, .. } = p else { panic!("classic") };
        assert_eq!(suggestion, r#"foo="bar baz""#);
        assert!(parse_matchers_fallback("=bar").is_err());
    }

    #[test]
    fn matching_and_display() {
        let m = Matcher::new(MatchType::Regexp, "sev", "crit|warn").unwrap();
        assert!(m.matches("warn") && !m.matches("warning"));
        let m = Matcher::new(MatchType::NotEqual, "a b", "x\"y").unwrap();
        assert_eq!(m.to_string(), r#""a b"!="x\"y""#);
        assert!(Matcher::new(MatchType::Regexp, "a", "(").is_err());
    }
}
