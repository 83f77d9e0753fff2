//! The YAML emitter: writes a [`Value`] byte-for-byte the way
//! prometheus-operator's `yaml.Marshal` (gopkg.in/yaml.v2, a Go port of
//! libyaml's emitter) does. No Rust YAML crate reproduces its choices, and the
//! conformance corpus compares bytes, so this is a faithful port of the parts
//! of `encode.go`, `resolve.go` and `emitterc.go` that block-style output
//! reaches: the quoting decision (a string that would read back as a bool,
//! number, null or timestamp is double-quoted; one that is not a valid plain
//! scalar is single-quoted; one that cannot be single-quoted is
//! double-quoted), the 80-column folding of long plain and quoted scalars,
//! literal block scalars (`|-`, `|`, `|+`) for multi-line strings, indentless
//! sequences inside mappings and `[]` / `{}` for empty collections.

use crate::value::{Map, Value};

#[path = "emit_resolve.rs"]
mod resolve;

use resolve::{is_base60_float, resolves_to_str};

/// Writes `value` as go-yaml v2's `yaml.Marshal` would, including the final
/// line break.
pub fn to_yaml(value: &Value) -> String {
    to_yaml_with_flow_keys(value, &[])
}

/// Like [`to_yaml`], but a sequence or mapping that is the value of a key in
/// `flow_keys` is written in flow style (`[a, b]`), as go-yaml does for
/// struct fields tagged `yaml:",flow"` (Alertmanager's time intervals:
/// `weekdays`, `days_of_month`, `months`, `years`).
pub fn to_yaml_with_flow_keys(value: &Value, flow_keys: &[&str]) -> String {
    let mut e = Emitter::new(flow_keys);
    e.node(value, Context::default());
    // The implicit document end writes an indent, which breaks the last
    // line; go-yaml's `finish` clears `open_ended`, so no `...` follows.
    e.write_indent();
    e.out
}

/// Whether go-yaml v2 writes `s` as a plain scalar when it is a mapping value
/// in block context (used by callers that need to predict quoting).
pub fn is_plain(s: &str) -> bool {
    !s.contains('\n') && resolves_to_str(s) && analyze(s).block_plain_allowed
}

/// The column after which libyaml breaks long scalars at a space.
const BEST_WIDTH: usize = 80;
/// The indentation step.
const BEST_INDENT: i32 = 2;

/// The scalar styles of libyaml that the encoder can reach.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
}

/// Where a node is written, as libyaml's `emit_node` flags record it.
#[derive(Clone, Copy, Debug, Default)]
struct Context {
    mapping: bool,
    simple_key: bool,
}

/// The emitter state: output, cursor column and libyaml's layout flags.
struct Emitter<'k> {
    flow_keys: &'k [&'k str],
    /// The next collection is written in flow style (go-yaml's `e.flow`).
    flow_next: bool,
    out: String,
    /// Column in characters (libyaml counts one per UTF-8 character).
    column: usize,
    /// The last thing written was whitespace (so no separating space is needed).
    whitespace: bool,
    /// Only indentation has been written on this line so far.
    indention: bool,
    indent: i32,
    indents: Vec<i32>,
    flow_level: u32,
    ctx: Context,
}

impl<'k> Emitter<'k> {
    fn new(flow_keys: &'k [&'k str]) -> Emitter<'k> {
        Emitter {
            flow_keys,
            flow_next: false,
            out: String::new(),
            column: 0,
            whitespace: true,
            indention: true,
            indent: -1,
            indents: Vec::new(),
            flow_level: 0,
            ctx: Context::default(),
        }
    }

    fn node(&mut self, value: &Value, ctx: Context) {
        self.ctx = ctx;
        match value {
            Value::Null => self.scalar("null", Style::Plain),
            Value::Bool(b) => self.scalar(if *b { "true" } else { "false" }, Style::Plain),
            Value::Int(i) => self.scalar(&i.to_string(), Style::Plain),
            Value::Float(f) => self.scalar(&format_float(*f), Style::Plain),
            Value::String(s) => self.string(s),
            Value::Seq(items) => self.sequence(items),
            Value::Map(map) => self.mapping(map),
        }
    }

    /// `encoder.stringv`: the style the encoder asks for.
    fn string(&mut self, s: &str) {
        let style = if s.contains('\n') {
            Style::Literal
        } else if resolves_to_str(s) && !is_base60_float(s) {
            Style::Plain
        } else {
            Style::DoubleQuoted
        };
        self.scalar(s, style);
    }

    fn sequence(&mut self, items: &[Value]) {
        if items.is_empty() || self.flow_level > 0 || std::mem::take(&mut self.flow_next) {
            self.write_indicator("[", true, true, false);
            self.increase_indent(true, false);
            self.flow_level += 1;
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    self.write_indicator(",", false, false, false);
                }
                if self.column > BEST_WIDTH {
                    self.write_indent();
                }
                self.node(item, Context::default());
            }
            self.flow_level -= 1;
            self.pop_indent();
            self.write_indicator("]", false, false, false);
            return;
        }
        let indentless = self.ctx.mapping && !self.indention;
        self.increase_indent(false, indentless);
        for item in items {
            self.write_indent();
            self.write_indicator("-", true, false, true);
            self.node(item, Context::default());
        }
        self.pop_indent();
    }

    fn mapping(&mut self, map: &Map) {
        if map.is_empty() || self.flow_level > 0 || std::mem::take(&mut self.flow_next) {
            self.write_indicator("{", true, true, false);
            self.increase_indent(true, false);
            self.flow_level += 1;
            for (i, (key, value)) in map.iter().enumerate() {
                if i > 0 {
                    self.write_indicator(",", false, false, false);
                }
                if self.column > BEST_WIDTH {
                    self.write_indent();
                }
                if is_simple_key(key) {
                    self.node(&Value::String(key.to_owned()), key_context());
                    self.write_indicator(":", false, false, false);
                } else {
                    self.write_indicator("?", true, false, false);
                    self.node(&Value::String(key.to_owned()), value_context());
                    if self.column > BEST_WIDTH {
                        self.write_indent();
                    }
                    self.write_indicator(":", true, false, false);
                }
                self.node(value, value_context());
            }
            self.flow_level -= 1;
            self.pop_indent();
            self.write_indicator("}", false, false, false);
            return;
        }
        self.increase_indent(false, false);
        for (key, value) in map.iter() {
            self.write_indent();
            if is_simple_key(key) {
                self.node(&Value::String(key.to_owned()), key_context());
                self.write_indicator(":", false, false, false);
            } else {
                self.write_indicator("?", true, false, true);
                self.node(&Value::String(key.to_owned()), value_context());
                self.write_indent();
                self.write_indicator(":", true, false, true);
            }
            self.flow_next = self.flow_keys.contains(&key);
            self.node(value, value_context());
        }
        self.pop_indent();
    }

    /// `yaml_emitter_emit_scalar`: choose the final style, then write.
    fn scalar(&mut self, value: &str, requested: Style) {
        let a = analyze(value);
        let mut style = requested;
        if self.ctx.simple_key && a.multiline {
            style = Style::DoubleQuoted;
        }
        if style == Style::Plain {
            let allowed =
                if self.flow_level > 0 { a.flow_plain_allowed } else { a.block_plain_allowed };
            if !allowed || (value.is_empty() && (self.flow_level > 0 || self.ctx.simple_key)) {
                style = Style::SingleQuoted;
            }
        }
        if style == Style::SingleQuoted && !a.single_quoted_allowed {
            style = Style::DoubleQuoted;
        }
        if style == Style::Literal
            && (!a.block_allowed || self.flow_level > 0 || self.ctx.simple_key)
        {
            style = Style::DoubleQuoted;
        }
        self.increase_indent(true, false);
        let allow_breaks = !self.ctx.simple_key;
        match style {
            Style::Plain => self.write_plain(value, allow_breaks),
            Style::SingleQuoted => self.write_single_quoted(value, allow_breaks),
            Style::DoubleQuoted => self.write_double_quoted(value, allow_breaks),
            Style::Literal => self.write_literal(value),
        }
        self.pop_indent();
    }

    fn increase_indent(&mut self, flow: bool, indentless: bool) {
        self.indents.push(self.indent);
        if self.indent < 0 {
            self.indent = if flow { BEST_INDENT } else { 0 };
        } else if !indentless {
            self.indent += BEST_INDENT;
        }
    }

    fn pop_indent(&mut self) {
        self.indent = self.indents.pop().unwrap_or(-1);
    }

    fn put(&mut self, c: char) {
        self.out.push(c);
        self.column += 1;
    }

    fn put_break(&mut self) {
        self.out.push('\n');
        self.column = 0;
    }

    /// `write_break`: a `\n` is written as the configured break; other break
    /// characters are copied and reset the column.
    fn write_break(&mut self, c: char) {
        if c == '\n' {
            self.put_break();
        } else {
            self.out.push(c);
            self.column = 0;
        }
    }

    fn write_indent(&mut self) {
        let indent = self.indent.max(0) as usize;
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        while self.column < indent {
            self.put(' ');
        }
        self.whitespace = true;
        self.indention = true;
    }

    fn write_indicator(
        &mut self,
        indicator: &str,
        need_whitespace: bool,
        is_whitespace: bool,
        is_indention: bool,
    ) {
        if need_whitespace && !self.whitespace {
            self.put(' ');
        }
        for c in indicator.chars() {
            self.put(c);
        }
        self.whitespace = is_whitespace;
        self.indention = self.indention && is_indention;
    }

    fn write_plain(&mut self, value: &str, allow_breaks: bool) {
        if !self.whitespace {
            self.put(' ');
        }
        // Most plain scalars are one ASCII word: nothing to fold or break.
        if !value.bytes().any(|b| b == b' ' || b == b'\n' || b == b'\r' || b >= 0x80) {
            self.out.push_str(value);
            self.column += value.len();
            self.whitespace = false;
            self.indention = false;
            return;
        }
        let mut chars = value.chars().peekable();
        let mut spaces = false;
        let mut breaks = false;
        while let Some(c) = chars.next() {
            if c == ' ' {
                let next_space = chars.peek() == Some(&' ');
                if allow_breaks && !spaces && self.column > BEST_WIDTH && !next_space {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else if is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.put(c);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        self.whitespace = false;
        self.indention = false;
    }

    fn write_single_quoted(&mut self, value: &str, allow_breaks: bool) {
        self.write_indicator("'", true, false, false);
        let mut chars = value.chars().peekable();
        let mut spaces = false;
        let mut breaks = false;
        let mut first = true;
        while let Some(c) = chars.next() {
            let i_gt_0 = !std::mem::take(&mut first);
            if c == ' ' {
                let next = chars.peek().copied();
                if allow_breaks
                    && !spaces
                    && self.column > BEST_WIDTH
                    && i_gt_0
                    && next.is_some()
                    && next != Some(' ')
                {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else if is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                if c == '\'' {
                    self.put('\'');
                }
                self.put(c);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        self.write_indicator("'", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_double_quoted(&mut self, value: &str, allow_breaks: bool) {
        self.write_indicator("\"", true, false, false);
        let mut chars = value.chars().peekable();
        let mut spaces = false;
        let mut first = true;
        while let Some(c) = chars.next() {
            let i_gt_0 = !std::mem::take(&mut first);
            if !is_printable(c) || c == '\u{FEFF}' || is_break(c) || c == '"' || c == '\\' {
                self.put('\\');
                match c {
                    '\0' => self.put('0'),
                    '\u{07}' => self.put('a'),
                    '\u{08}' => self.put('b'),
                    '\t' => self.put('t'),
                    '\n' => self.put('n'),
                    '\u{0B}' => self.put('v'),
                    '\u{0C}' => self.put('f'),
                    '\r' => self.put('r'),
                    '\u{1B}' => self.put('e'),
                    '"' => self.put('"'),
                    '\\' => self.put('\\'),
                    '\u{85}' => self.put('N'),
                    '\u{A0}' => self.put('_'),
                    '\u{2028}' => self.put('L'),
                    '\u{2029}' => self.put('P'),
                    _ => {
                        let v = c as u32;
                        let (letter, width) = if v <= 0xFF {
                            ('x', 2)
                        } else if v <= 0xFFFF {
                            ('u', 4)
                        } else {
                            ('U', 8)
                        };
                        self.put(letter);
                        for k in (0..width).rev() {
                            let digit = (v >> (k * 4)) & 0xF;
                            self.put(
                                char::from_digit(digit, 16).unwrap_or('0').to_ascii_uppercase(),
                            );
                        }
                    }
                }
                spaces = false;
            } else if c == ' ' {
                if allow_breaks
                    && !spaces
                    && self.column > BEST_WIDTH
                    && i_gt_0
                    && chars.peek().is_some()
                {
                    self.write_indent();
                    if chars.peek() == Some(&' ') {
                        self.put('\\');
                    }
                } else {
                    self.put(c);
                }
                spaces = true;
            } else {
                self.put(c);
                spaces = false;
            }
        }
        self.write_indicator("\"", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_literal(&mut self, value: &str) {
        self.write_indicator("|", true, false, false);
        self.write_block_hints(value);
        self.put_break();
        self.indention = true;
        self.whitespace = true;
        let mut breaks = true;
        for c in value.chars() {
            if is_break(c) {
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.put(c);
                self.indention = false;
                breaks = false;
            }
        }
    }

    /// The indentation hint (when the text starts with a space or break) and
    /// the chomping indicator: `-` without a final break, `+` with more
    /// than one, none with exactly one.
    fn write_block_hints(&mut self, value: &str) {
        let mut chars = value.chars();
        if chars.clone().next().is_some_and(|c| c == ' ' || is_break(c)) {
            let hint = char::from_digit(BEST_INDENT as u32, 10).unwrap_or('2');
            self.write_indicator(&hint.to_string(), false, false, false);
        }
        let last = chars.next_back();
        let chomp = match last {
            None => Some('-'),
            Some(c) if !is_break(c) => Some('-'),
            Some(_) => match chars.next_back() {
                None => Some('+'),
                Some(c) if is_break(c) => Some('+'),
                Some(_) => None,
            },
        };
        if let Some(c) = chomp {
            self.write_indicator(&c.to_string(), false, false, false);
        }
    }
}

fn key_context() -> Context {
    Context { mapping: true, simple_key: true }
}

fn value_context() -> Context {
    Context { mapping: true, ..Context::default() }
}

/// `yaml_emitter_check_simple_key` for a string key: single-line and at most
/// 128 bytes.
fn is_simple_key(key: &str) -> bool {
    !analyze(key).multiline && key.len() <= 128
}

/// Go's `strconv.FormatFloat(f, 'g', -1, 64)` with YAML's spellings of the
/// special values.
fn format_float(f: f64) -> String {
    if f.is_nan() {
        ".nan".to_owned()
    } else if f == f64::INFINITY {
        ".inf".to_owned()
    } else if f == f64::NEG_INFINITY {
        "-.inf".to_owned()
    } else {
        promplay_model::format_float(f)
    }
}

/// What `yaml_emitter_analyze_scalar` finds out about a scalar.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Analysis {
    multiline: bool,
    flow_plain_allowed: bool,
    block_plain_allowed: bool,
    single_quoted_allowed: bool,
    block_allowed: bool,
}

fn analyze(value: &str) -> Analysis {
    if value.is_empty() {
        return Analysis {
            multiline: false,
            flow_plain_allowed: false,
            block_plain_allowed: true,
            single_quoted_allowed: true,
            block_allowed: false,
        };
    }
    if is_unremarkable(value) {
        return Analysis {
            multiline: false,
            flow_plain_allowed: true,
            block_plain_allowed: true,
            single_quoted_allowed: true,
            block_allowed: true,
        };
    }
    analyze_chars(value)
}

/// libyaml's `yaml_emitter_analyze_scalar`, character by character.
fn analyze_chars(value: &str) -> Analysis {
    let mut block_indicators = false;
    let mut flow_indicators = false;
    let mut line_breaks = false;
    let mut special_characters = false;
    let mut leading_space = false;
    let mut leading_break = false;
    let mut trailing_space = false;
    let mut trailing_break = false;
    let mut break_space = false;
    let mut space_break = false;
    let mut previous_space = false;
    let mut previous_break = false;

    if value.starts_with("---") || value.starts_with("...") {
        block_indicators = true;
        flow_indicators = true;
    }
    let mut chars = value.chars().peekable();
    let mut preceded_by_whitespace = true;
    let mut first = true;
    while let Some(c) = chars.next() {
        let is_first = std::mem::take(&mut first);
        let next = chars.peek().copied();
        let last = next.is_none();
        let followed_by_whitespace = next.is_none_or(is_blank);
        if is_first {
            match c {
                '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\'' | '"'
                | '%' | '@' | '`' => {
                    flow_indicators = true;
                    block_indicators = true;
                }
                '?' | ':' => {
                    flow_indicators = true;
                    if followed_by_whitespace {
                        block_indicators = true;
                    }
                }
                '-' if followed_by_whitespace => {
                    flow_indicators = true;
                    block_indicators = true;
                }
                _ => {}
            }
        } else {
            match c {
                ',' | '?' | '[' | ']' | '{' | '}' => flow_indicators = true,
                ':' => {
                    flow_indicators = true;
                    if followed_by_whitespace {
                        block_indicators = true;
                    }
                }
                '#' if preceded_by_whitespace => {
                    flow_indicators = true;
                    block_indicators = true;
                }
                _ => {}
            }
        }
        if !is_printable(c) {
            special_characters = true;
        }
        if c == ' ' {
            if is_first {
                leading_space = true;
            }
            if last {
                trailing_space = true;
            }
            if previous_break {
                break_space = true;
            }
            previous_space = true;
            previous_break = false;
        } else if is_break(c) {
            line_breaks = true;
            if is_first {
                leading_break = true;
            }
            if last {
                trailing_break = true;
            }
            if previous_space {
                space_break = true;
            }
            previous_space = false;
            previous_break = true;
        } else {
            previous_space = false;
            previous_break = false;
        }
        preceded_by_whitespace = is_blank(c) || is_break(c) || c == '\0';
    }

    let mut a = Analysis {
        multiline: line_breaks,
        flow_plain_allowed: true,
        block_plain_allowed: true,
        single_quoted_allowed: true,
        block_allowed: true,
    };
    if leading_space || leading_break || trailing_space || trailing_break {
        a.flow_plain_allowed = false;
        a.block_plain_allowed = false;
    }
    if trailing_space {
        a.block_allowed = false;
    }
    if break_space {
        a.flow_plain_allowed = false;
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
    }
    if space_break || special_characters {
        a.flow_plain_allowed = false;
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
        a.block_allowed = false;
    }
    if line_breaks {
        a.flow_plain_allowed = false;
        a.block_plain_allowed = false;
    }
    if flow_indicators {
        a.flow_plain_allowed = false;
    }
    if block_indicators {
        a.block_plain_allowed = false;
    }
    a
}

/// A fast path for [`analyze`]: most scalars (names, label values, PromQL
/// expressions on one line) are printable ASCII on one line, with no
/// indicator character, no leading or trailing space and no `---`/`...`
/// prefix; every style is allowed for them, which is what the full
/// character-by-character analysis would conclude too.
fn is_unremarkable(value: &str) -> bool {
    let bytes = value.as_bytes();
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else { return false };
    if matches!(
        first,
        b'#' | b','
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'\''
            | b'"'
            | b'%'
            | b'@'
            | b'`'
            | b'-'
            | b'.'
            | b' '
    ) || last == b' '
    {
        return false;
    }
    bytes.iter().all(|&b| {
        (0x20..0x7F).contains(&b)
            && !matches!(b, b'#' | b':' | b',' | b'?' | b'[' | b']' | b'{' | b'}')
    })
}

/// libyaml's `is_printable` for one character: the YAML printable set
/// restricted to what its byte test admits (no characters outside the Basic
/// Multilingual Plane).
fn is_printable(c: char) -> bool {
    matches!(c as u32, 0x0A | 0x20..=0x7E | 0xA0..=0xD7FF | 0xE000..=0xFFFD) && c != '\u{FEFF}'
}

fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

#[cfg(test)]
#[path = "emit_tests.rs"]
mod tests;
