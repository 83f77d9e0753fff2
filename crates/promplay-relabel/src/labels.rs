//! The label-set notation the playground reads and prints:
//! `{a="b", "utf8.name"="v"}`, optionally with a metric name in front
//! (`up{job="x"}`), or a JSON object (`{"a": "b"}`) as the API prints it.

use crate::codes;
use promplay_diagnostics::{Diagnostic, Span};
use promplay_model::{Labels, escape_label_value, is_valid_legacy_label_name};

/// Reads one label set. `offset` is added to every span, so a caller that
/// reads one line of a larger text gets spans into that text.
pub fn parse_label_set(text: &str, offset: u32) -> Result<Labels, Diagnostic> {
    let mut p = Reader { text, pos: 0, offset };
    p.skip_ws();
    let mut labels = Labels::new();
    let name_start = p.pos;
    while p.peek().is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':') {
        p.bump();
    }
    if p.pos > name_start {
        labels.set("__name__", &text[name_start..p.pos]);
        p.skip_ws();
        if p.peek().is_none() {
            return Ok(labels);
        }
    }
    p.expect('{', "`{` to open the label set")?;
    loop {
        p.skip_ws();
        if p.eat('}') {
            break;
        }
        let start = p.pos;
        let name = match p.peek() {
            Some('"' | '\'') => p.string()?,
            Some(c) if c.is_alphabetic() || c == '_' => {
                while p
                    .peek()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.' || c == '-')
                {
                    p.bump();
                }
                text[start..p.pos].to_owned()
            }
            _ => return Err(p.error("a label name or `}`")),
        };
        p.skip_ws();
        if !p.eat('=') && !p.eat(':') {
            return Err(p.error("`=` after the label name"));
        }
        p.skip_ws();
        let value = match p.peek() {
            Some('"' | '\'') => p.string()?,
            _ => return Err(p.error("a quoted label value")),
        };
        if labels.get(&name).is_some() {
            let span = p.span(start, p.pos);
            return Err(Diagnostic::error(
                codes::LABEL_SET,
                format!("label {name:?} appears twice in the label set"),
            )
            .with_label(span, "second occurrence"));
        }
        labels.set(name, value);
        p.skip_ws();
        if p.eat(',') {
            continue;
        }
        p.expect('}', "`,` or `}` after a label")?;
        break;
    }
    p.skip_ws();
    if p.pos < text.len() {
        return Err(p.error("the end of the label set"));
    }
    Ok(labels)
}

/// Prints every label, `__name__` included, as `{a="b", "x.y"="z"}`.
pub fn format_label_set(labels: &Labels) -> String {
    let parts: Vec<String> = labels
        .iter()
        .map(|l| {
            let value = escape_label_value(&l.value);
            if is_valid_legacy_label_name(&l.name) {
                format!("{}=\"{value}\"", l.name)
            } else {
                format!("\"{}\"=\"{value}\"", escape_label_value(&l.name))
            }
        })
        .collect();
    format!("{{{}}}", parts.join(", "))
}

struct Reader<'a> {
    text: &'a str,
    pos: usize,
    offset: u32,
}

impl Reader<'_> {
    fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    fn bump(&mut self) {
        if let Some(c) = self.peek() {
            self.pos += c.len_utf8();
        }
    }

    fn eat(&mut self, c: char) -> bool {
        let hit = self.peek() == Some(c);
        if hit {
            self.bump();
        }
        hit
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.bump();
        }
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span::from_range(start + self.offset as usize..end + self.offset as usize)
    }

    fn error(&self, expected: &str) -> Diagnostic {
        let found = match self.peek() {
            None => "the end of the line".to_owned(),
            Some(c) => format!("`{c}`"),
        };
        let end = self.pos + self.peek().map_or(0, char::len_utf8);
        Diagnostic::error(codes::LABEL_SET, format!("expected {expected}, found {found}"))
            .with_label(self.span(self.pos, end), format!("expected {expected}"))
    }

    fn expect(&mut self, c: char, what: &str) -> Result<(), Diagnostic> {
        if self.eat(c) { Ok(()) } else { Err(self.error(what)) }
    }

    /// A quoted string with `\\`, `\"`, `\'`, `\n`, `\t` escapes.
    fn string(&mut self) -> Result<String, Diagnostic> {
        let start = self.pos;
        let quote = self.peek().unwrap_or('"');
        self.bump();
        let mut out = String::new();
        loop {
            match self.peek() {
                None => {
                    return Err(Diagnostic::error(codes::LABEL_SET, "unterminated quoted string")
                        .with_label(self.span(start, self.pos), "the string starts here"));
                }
                Some(c) if c == quote => {
                    self.bump();
                    return Ok(out);
                }
                Some('\\') => {
                    self.bump();
                    match self.peek() {
                        Some('n') => out.push('\n'),
                        Some('t') => out.push('\t'),
                        Some(c @ ('\\' | '"' | '\'')) => out.push(c),
                        _ => return Err(self.error("an escape (`\\\\`, `\\\"`, `\\n`)")),
                    }
                    self.bump();
                }
                Some(c) => {
                    out.push(c);
                    self.bump();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_sets() {
        let ok = [
            (r#"{a="b", c="d"}"#, r#"{a="b", c="d"}"#),
            (r#"up{job="x",}"#, r#"{__name__="up", job="x"}"#),
            (r#"{"a.b"="1", x='y\n'}"#, r#"{"a.b"="1", x="y\n"}"#),
            (r#"{"a": "b"}"#, r#"{a="b"}"#),
            ("{}", "{}"),
            ("up", r#"{__name__="up"}"#),
        ];
        for (input, want) in ok {
            assert_eq!(format_label_set(&parse_label_set(input, 0).unwrap()), want, "{input}");
        }
        let bad = [
            (r#"{a="b""#, "expected `,` or `}` after a label, found the end of the line"),
            (r#"{a=b}"#, "expected a quoted label value, found `b`"),
            (r#"{a="b", a="c"}"#, "label \"a\" appears twice in the label set"),
            (r#"{a="b"} x"#, "expected the end of the label set, found `x`"),
        ];
        for (input, want) in bad {
            assert_eq!(parse_label_set(input, 0).unwrap_err().message, want, "{input}");
        }
    }
}
