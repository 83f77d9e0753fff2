//! String literals: unquoting as Prometheus' `strutil.Unquote` does (Go
//! escapes in `"..."` and `'...'`, none in backquoted raw strings) and
//! quoting as Go's `strconv.Quote` does for printing.

/// Unquotes a PromQL string literal including its quotes.
///
/// Errors carry Go's wording (`invalid syntax`). Escapes that produce bytes
/// (`\xff`, `\377`) which do not form UTF-8 are replaced with U+FFFD, since
/// Rust strings are always UTF-8.
pub fn unquote_string(literal: &str) -> Result<String, String> {
    unquote_bytes(literal).map(|b| match String::from_utf8(b) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    })
}

/// Unquotes like [`unquote_string`] but keeps the exact bytes, which `\x..`
/// and octal escapes can make invalid UTF-8 (as Go strings allow).
pub fn unquote_bytes(literal: &str) -> Result<Vec<u8>, String> {
    let invalid = || "invalid syntax".to_string();
    let mut chars = literal.chars();
    let quote = chars.next().ok_or_else(invalid)?;
    if literal.len() < 2 || !literal.ends_with(quote) || !matches!(quote, '"' | '\'' | '`') {
        return Err(invalid());
    }
    let body = &literal[1..literal.len() - 1];
    if quote == '`' {
        return if body.contains('`') { Err(invalid()) } else { Ok(body.as_bytes().to_vec()) };
    }
    let mut out: Vec<u8> = Vec::with_capacity(body.len());
    let mut it = body.chars().peekable();
    while let Some(c) = it.next() {
        if c == quote || c == '\n' {
            return Err(invalid());
        }
        if c != '\\' {
            let mut buf = [0u8; 4];
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            continue;
        }
        let e = it.next().ok_or_else(invalid)?;
        let simple = match e {
            'a' => Some(7u8),
            'b' => Some(8),
            'f' => Some(12),
            'n' => Some(b'\n'),
            'r' => Some(b'\r'),
            't' => Some(b'\t'),
            'v' => Some(11),
            '\\' => Some(b'\\'),
            q if q == quote => Some(q as u8),
            _ => None,
        };
        if let Some(b) = simple {
            out.push(b);
            continue;
        }
        let (n, base) = match e {
            '0'..='7' => (2, 8),
            'x' => (2, 16),
            'u' => (4, 16),
            'U' => (8, 16),
            _ => return Err(invalid()),
        };
        let mut v: u32 = if base == 8 { e.to_digit(8).unwrap_or(0) } else { 0 };
        for _ in 0..n {
            let d = it.next().and_then(|d| d.to_digit(base)).ok_or_else(invalid)?;
            v = v * base + d;
        }
        match e {
            '0'..='7' | 'x' => {
                let b = u8::try_from(v).map_err(|_| invalid())?;
                out.push(b);
            }
            _ => {
                let c = char::from_u32(v).ok_or_else(invalid)?;
                let mut buf = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
        }
    }
    Ok(out)
}

/// Quotes `s` as Go's `strconv.Quote`: double quotes, `\"` and `\\`,
/// the named control escapes, `\x..` for other control bytes and `\u....`
/// for other non-printable characters.
pub fn quote_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\x07' => out.push_str("\\a"),
            '\x08' => out.push_str("\\b"),
            '\x0c' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\x0b' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c == '\x7f' => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if !is_printable(c) => {
                if (c as u32) < 0x10000 {
                    out.push_str(&format!("\\u{:04x}", c as u32));
                } else {
                    out.push_str(&format!("\\U{:08x}", c as u32));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Quotes bytes as Go's `strconv.Quote` does a Go string: like
/// [`quote_string`] for valid UTF-8, with `\x..` for each invalid byte.
pub fn quote_bytes(bytes: &[u8]) -> String {
    let mut out = String::from("\"");
    for chunk in bytes.utf8_chunks() {
        let q = quote_string(chunk.valid());
        out.push_str(&q[1..q.len() - 1]);
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out.push('"');
    out
}

/// An approximation of Go's `unicode.IsPrint` good enough for printing
/// queries back: controls, format characters and separators other than
/// the ASCII space are escaped.
fn is_printable(c: char) -> bool {
    !(c.is_control()
        || matches!(c as u32, 0xAD | 0x200B..=0x200F | 0x2028..=0x202E | 0x2060..=0x206F | 0xFEFF)
        || (c.is_whitespace() && c != ' '))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unquote() {
        assert_eq!(unquote_string(r#""a\"b\n""#).unwrap(), "a\"b\n");
        assert_eq!(unquote_string(r"'a\'b'").unwrap(), "a'b");
        assert_eq!(unquote_string(r"`a\n`").unwrap(), "a\\n");
        assert_eq!(unquote_string(r#""\u00e9\x41\101""#).unwrap(), "éAA");
        assert_eq!(unquote_string(r#""\xc3\xa9""#).unwrap(), "é");
        assert!(unquote_string(r#""\q""#).is_err());
        assert_eq!(unquote_bytes(r#""a\xc5z""#).unwrap(), b"a\xc5z");
        assert_eq!(quote_bytes(b"a\xc5z\n"), r#""a\xc5z\n""#);
    }

    #[test]
    fn quote() {
        assert_eq!(quote_string("a\"b\\\n\x01é"), r#""a\"b\\\n\x01é""#);
    }
}
