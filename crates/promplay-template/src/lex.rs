//! The lexer of Go's `text/template` (`text/template/parse/lex.go`): text
//! outside actions, and inside `{{ }}` the tokens of pipelines.
//!
//! Trim markers (`{{- ` and ` -}}`) are handled here, as in Go, so the parser
//! never sees the trimmed space; comments (`{{/* */}}`) are skipped. After an
//! error item the lexer only returns EOF, which is how Go's lexer stops.

/// The kinds of tokens, in Go's order (keywords last).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Error,
    Bool,
    Char,
    CharConstant,
    Complex,
    Assign,
    Declare,
    Eof,
    Field,
    Identifier,
    LeftDelim,
    LeftParen,
    Number,
    Pipe,
    RawString,
    RightDelim,
    RightParen,
    Space,
    String,
    Text,
    Variable,
    // Keywords.
    Block,
    Break,
    Continue,
    Dot,
    Define,
    Else,
    End,
    If,
    Nil,
    Range,
    Template,
    With,
}

impl Kind {
    fn is_keyword(self) -> bool {
        matches!(
            self,
            Kind::Block
                | Kind::Break
                | Kind::Continue
                | Kind::Dot
                | Kind::Define
                | Kind::Else
                | Kind::End
                | Kind::If
                | Kind::Nil
                | Kind::Range
                | Kind::Template
                | Kind::With
        )
    }
}

/// One token: its kind, its start byte and its text (for an error, the
/// message).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Item {
    pub kind: Kind,
    pub pos: usize,
    pub val: String,
    /// The 1-based line the item starts on.
    pub line: usize,
}

impl Item {
    /// How Go's `item.String` shows a token in "unexpected X" messages.
    pub fn describe(&self) -> String {
        match self.kind {
            Kind::Eof => "EOF".to_owned(),
            Kind::Error => self.val.clone(),
            k if k.is_keyword() => format!("<{}>", self.val),
            _ if self.val.chars().count() > 10 => {
                let head: String = self.val.chars().take(10).collect();
                format!("{}...", crate::fmt::quote(&head))
            }
            _ => crate::fmt::quote(&self.val),
        }
    }
}

const LEFT: &str = "{{";
const RIGHT: &str = "}}";

/// The scanner state. `next_item` runs the state machine until one item is
/// ready, like Go's `nextItem`.
pub(crate) struct Lexer<'a> {
    input: &'a str,
    pos: usize,
    start: usize,
    inside_action: bool,
    paren_depth: usize,
    done: bool,
}

impl<'a> Lexer<'a> {
    pub fn new(input: &'a str) -> Lexer<'a> {
        Lexer { input, pos: 0, start: 0, inside_action: false, paren_depth: 0, done: false }
    }

    fn line_at(&self, pos: usize) -> usize {
        1 + self.input.as_bytes()[..pos.min(self.input.len())]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
    }

    fn item(&mut self, kind: Kind) -> Item {
        let item = Item {
            kind,
            pos: self.start,
            val: self.input[self.start..self.pos].to_owned(),
            line: self.line_at(self.start),
        };
        self.start = self.pos;
        item
    }

    fn error(&mut self, message: String) -> Item {
        let item = Item {
            kind: Kind::Error,
            pos: self.start,
            val: message,
            line: self.line_at(self.start),
        };
        self.done = true;
        item
    }

    fn peek_char(&self) -> Option<char> {
        self.input[self.pos..].chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek_char()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn rest(&self) -> &'a str {
        &self.input[self.pos..]
    }

    /// Returns the next token.
    pub fn next_item(&mut self) -> Item {
        if self.done {
            return Item {
                kind: Kind::Eof,
                pos: self.pos,
                val: "EOF".into(),
                line: self.line_at(self.pos),
            };
        }
        if self.inside_action { self.lex_inside_action() } else { self.lex_text() }
    }

    fn lex_text(&mut self) -> Item {
        loop {
            if let Some(x) = self.rest().find(LEFT) {
                if x > 0 {
                    self.pos += x;
                    let delim_end = self.pos + LEFT.len();
                    let trim = if has_left_trim_marker(&self.input[delim_end..]) {
                        let text = &self.input[self.start..self.pos];
                        text.len() - text.trim_end_matches(is_space).len()
                    } else {
                        0
                    };
                    self.pos -= trim;
                    let item = self.item(Kind::Text);
                    self.pos += trim;
                    self.start = self.pos;
                    if !item.val.is_empty() {
                        return item;
                    }
                }
                // The left delimiter, possibly a comment.
                self.pos += LEFT.len();
                let trim = has_left_trim_marker(self.rest());
                let after = if trim { 2 } else { 0 };
                if self.input[self.pos + after..].starts_with("/*") {
                    self.pos += after;
                    self.start = self.pos;
                    match self.lex_comment() {
                        Ok(()) => continue,
                        Err(e) => return e,
                    }
                }
                let item = self.item(Kind::LeftDelim);
                self.inside_action = true;
                self.pos += after;
                self.start = self.pos;
                self.paren_depth = 0;
                return item;
            }
            self.pos = self.input.len();
            if self.pos > self.start {
                return self.item(Kind::Text);
            }
            self.done = true;
            return self.item(Kind::Eof);
        }
    }

    fn lex_comment(&mut self) -> Result<(), Item> {
        self.pos += 2;
        let Some(x) = self.rest().find("*/") else {
            return Err(self.error("unclosed comment".into()));
        };
        self.pos += x + 2;
        let (delim, trim) = self.at_right_delim();
        if !delim {
            return Err(self.error("comment ends before closing delimiter".into()));
        }
        if trim {
            self.pos += 2;
        }
        self.pos += RIGHT.len();
        if trim {
            self.pos += left_trim_len(self.rest());
        }
        self.start = self.pos;
        Ok(())
    }

    fn at_right_delim(&self) -> (bool, bool) {
        let rest = self.rest();
        if has_right_trim_marker(rest) && rest[2..].starts_with(RIGHT) {
            return (true, true);
        }
        (rest.starts_with(RIGHT), false)
    }

    fn lex_right_delim(&mut self) -> Item {
        let (_, trim) = self.at_right_delim();
        if trim {
            self.pos += 2;
            self.start = self.pos;
        }
        self.pos += RIGHT.len();
        let item = self.item(Kind::RightDelim);
        if trim {
            self.pos += left_trim_len(self.rest());
            self.start = self.pos;
        }
        self.inside_action = false;
        item
    }

    fn lex_inside_action(&mut self) -> Item {
        let (delim, _) = self.at_right_delim();
        if delim {
            if self.paren_depth == 0 {
                return self.lex_right_delim();
            }
            return self.error("unclosed left paren".into());
        }
        let Some(r) = self.bump() else {
            return self.error("unclosed action".into());
        };
        match r {
            c if is_space(c) => {
                self.pos -= 1;
                self.lex_space()
            }
            '=' => self.item(Kind::Assign),
            ':' => {
                if self.bump() != Some('=') {
                    return self.error("expected :=".into());
                }
                self.item(Kind::Declare)
            }
            '|' => self.item(Kind::Pipe),
            '"' => self.lex_quote(),
            '`' => self.lex_raw_quote(),
            '$' => {
                if self.at_terminator() {
                    return self.item(Kind::Variable);
                }
                self.lex_field_or_variable(Kind::Variable)
            }
            '\'' => self.lex_char(),
            '.' if !self.rest().starts_with(|c: char| c.is_ascii_digit())
                && !self.rest().is_empty() =>
            {
                self.lex_field_or_variable(Kind::Field)
            }
            '.' | '+' | '-' | '0'..='9' => {
                self.pos -= 1;
                self.lex_number()
            }
            c if is_alphanumeric(c) => {
                self.pos -= c.len_utf8();
                self.lex_identifier()
            }
            '(' => {
                self.paren_depth += 1;
                self.item(Kind::LeftParen)
            }
            ')' => {
                if self.paren_depth == 0 {
                    return self.error("unexpected right paren".into());
                }
                self.paren_depth -= 1;
                self.item(Kind::RightParen)
            }
            c if c.is_ascii() && !c.is_ascii_control() => self.item(Kind::Char),
            c => self.error(format!("unrecognized character in action: {}", sharp_u(c))),
        }
    }

    fn lex_space(&mut self) -> Item {
        let mut n = 0;
        while self.peek_char().is_some_and(is_space) {
            self.pos += 1;
            n += 1;
        }
        // A trim-marked right delimiter starts with a space: leave it.
        let before = &self.input[self.pos - 1..];
        if has_right_trim_marker(before) && before[2..].starts_with(RIGHT) {
            self.pos -= 1;
            if n == 1 {
                return self.lex_right_delim();
            }
        }
        self.item(Kind::Space)
    }

    fn lex_identifier(&mut self) -> Item {
        while self.peek_char().is_some_and(is_alphanumeric) {
            self.bump();
        }
        if !self.at_terminator() {
            let r = self.peek_char().unwrap_or('\u{FFFD}');
            return self.error(format!("bad character {}", sharp_u(r)));
        }
        let kind = match &self.input[self.start..self.pos] {
            "block" => Kind::Block,
            "break" => Kind::Break,
            "continue" => Kind::Continue,
            "define" => Kind::Define,
            "else" => Kind::Else,
            "end" => Kind::End,
            "if" => Kind::If,
            "range" => Kind::Range,
            "nil" => Kind::Nil,
            "template" => Kind::Template,
            "with" => Kind::With,
            "true" | "false" => Kind::Bool,
            _ => Kind::Identifier,
        };
        self.item(kind)
    }

    fn lex_field_or_variable(&mut self, kind: Kind) -> Item {
        if self.at_terminator() {
            return self.item(if kind == Kind::Variable { Kind::Variable } else { Kind::Dot });
        }
        while self.peek_char().is_some_and(is_alphanumeric) {
            self.bump();
        }
        if !self.at_terminator() {
            let r = self.peek_char().unwrap_or('\u{FFFD}');
            return self.error(format!("bad character {}", sharp_u(r)));
        }
        self.item(kind)
    }

    fn at_terminator(&self) -> bool {
        match self.peek_char() {
            None => true,
            Some(c) if is_space(c) => true,
            Some('.' | ',' | '|' | ':' | ')' | '(') => true,
            _ => self.rest().starts_with(RIGHT),
        }
    }

    fn lex_char(&mut self) -> Item {
        loop {
            match self.bump() {
                Some('\\') => match self.bump() {
                    None | Some('\n') => {
                        return self.error("unterminated character constant".into());
                    }
                    _ => {}
                },
                None | Some('\n') => return self.error("unterminated character constant".into()),
                Some('\'') => return self.item(Kind::CharConstant),
                _ => {}
            }
        }
    }

    fn lex_number(&mut self) -> Item {
        if !self.scan_number() {
            return self.error(format!(
                "bad number syntax: {}",
                crate::fmt::quote(&self.input[self.start..self.pos])
            ));
        }
        if matches!(self.peek_char(), Some('+' | '-')) {
            if !self.scan_number() || !self.input[..self.pos].ends_with('i') {
                return self.error(format!(
                    "bad number syntax: {}",
                    crate::fmt::quote(&self.input[self.start..self.pos])
                ));
            }
            return self.item(Kind::Complex);
        }
        self.item(Kind::Number)
    }

    fn accept(&mut self, valid: &str) -> bool {
        match self.peek_char() {
            Some(c) if valid.contains(c) => {
                self.pos += c.len_utf8();
                true
            }
            _ => false,
        }
    }

    fn accept_run(&mut self, valid: &str) {
        while self.accept(valid) {}
    }

    fn scan_number(&mut self) -> bool {
        self.accept("+-");
        let mut digits = "0123456789_";
        if self.accept("0") {
            if self.accept("xX") {
                digits = "0123456789abcdefABCDEF_";
            } else if self.accept("oO") {
                digits = "01234567_";
            } else if self.accept("bB") {
                digits = "01_";
            }
        }
        self.accept_run(digits);
        if self.accept(".") {
            self.accept_run(digits);
        }
        if digits.len() == 11 && self.accept("eE") {
            self.accept("+-");
            self.accept_run("0123456789_");
        }
        if digits.len() == 23 && self.accept("pP") {
            self.accept("+-");
            self.accept_run("0123456789_");
        }
        self.accept("i");
        if self.peek_char().is_some_and(is_alphanumeric) {
            self.bump();
            return false;
        }
        true
    }

    fn lex_quote(&mut self) -> Item {
        loop {
            match self.bump() {
                Some('\\') => match self.bump() {
                    None | Some('\n') => return self.error("unterminated quoted string".into()),
                    _ => {}
                },
                None | Some('\n') => return self.error("unterminated quoted string".into()),
                Some('"') => return self.item(Kind::String),
                _ => {}
            }
        }
    }

    fn lex_raw_quote(&mut self) -> Item {
        loop {
            match self.bump() {
                None => return self.error("unterminated raw quoted string".into()),
                Some('`') => return self.item(Kind::RawString),
                _ => {}
            }
        }
    }
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

fn is_alphanumeric(c: char) -> bool {
    c == '_' || c.is_alphabetic() || c.is_numeric()
}

fn has_left_trim_marker(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 2 && b[0] == b'-' && is_space(b[1] as char)
}

fn has_right_trim_marker(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 2 && is_space(b[0] as char) && b[1] == b'-'
}

fn left_trim_len(s: &str) -> usize {
    s.len() - s.trim_start_matches(is_space).len()
}

/// Go's `%#U`: `U+0041 'A'`, or just `U+0007` for an unprintable rune.
pub(crate) fn sharp_u(c: char) -> String {
    if crate::fmt::is_print(c) {
        format!("U+{:04X} '{c}'", c as u32)
    } else {
        format!("U+{:04X}", c as u32)
    }
}
