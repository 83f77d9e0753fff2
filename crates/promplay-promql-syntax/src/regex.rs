//! Label-matcher regexes: Prometheus uses Go's RE2 syntax, which reads a
//! few things literally that Rust's regex syntax rejects. [`go_regex_to_rust`]
//! rewrites those so the `regex` crate accepts what Prometheus accepts.

use std::borrow::Cow;

/// Why Go's RE2 would reject `source`, in Go's words after `error parsing
/// regexp: ` (e.g. ``invalid repeat count: `{1001}` ``); `None` when Go
/// accepts it. For regexes that are checked at evaluation time
/// (`label_replace`), where Rust's `regex` crate is more lenient.
pub fn go_regex_error(source: &str) -> Option<String> {
    crate::parser::compile_regex(source).err()
}

/// Rewrites a Go (RE2) regex for Rust's `regex` crate.
///
/// Go treats a `{` that does not start a valid repetition (`{2}`, `{2,}`,
/// `{2,5}`) as a literal brace, so `/api/{id}` matches the text `{id}`;
/// Rust rejects it. Go also supports `\Q...\E` literal quoting. Both are
/// turned into escaped literals. Inside a character class Go reads `[`
/// literally (`[[]`) and knows no set operators (`[&&]`, `[~~]`), so those
/// are escaped too; everything else is returned unchanged.
///
/// ```
/// use promplay_promql_syntax::go_regex_to_rust;
/// assert_eq!(go_regex_to_rust("/api/{id}"), r"/api/\{id\}");
/// assert_eq!(go_regex_to_rust(r"a\Q.*\E+"), r"a\.\*+");
/// assert_eq!(go_regex_to_rust("a{2,3}"), "a{2,3}");
/// assert_eq!(go_regex_to_rust("[[]"), r"[\[]");
/// assert_eq!(go_regex_to_rust("[a&&~~b]"), r"[a\&\&\~\~b]");
/// assert_eq!(go_regex_to_rust("[[:alpha:]_]"), "[[:alpha:]_]");
/// ```
pub fn go_regex_to_rust(source: &str) -> Cow<'_, str> {
    if !source.contains(['{', '[']) && !source.contains("\\Q") {
        return Cow::Borrowed(source);
    }
    let mut out = String::with_capacity(source.len() + 8);
    let mut chars = source.char_indices().peekable();
    let mut in_class = false;
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some((_, 'Q')) => {
                    // Everything up to `\E` (or the end) is literal text.
                    let rest = &source[i + 2..];
                    let end = rest.find("\\E").unwrap_or(rest.len());
                    for lit in rest[..end].chars() {
                        push_literal(&mut out, lit, in_class);
                    }
                    let skip = end + if end < rest.len() { 2 } else { 0 };
                    while chars.peek().is_some_and(|&(j, _)| j < i + 2 + skip) {
                        chars.next();
                    }
                }
                Some((_, e)) => {
                    out.push('\\');
                    out.push(e);
                }
                None => out.push('\\'),
            },
            '[' if !in_class => {
                in_class = true;
                out.push(c);
                // A `]` right after `[` or `[^` is a literal member.
                if chars.peek().is_some_and(|&(_, n)| n == '^') {
                    out.push('^');
                    chars.next();
                }
                if chars.peek().is_some_and(|&(_, n)| n == ']') {
                    out.push(']');
                    chars.next();
                }
            }
            // Inside a class Go reads `[` literally (except a POSIX class
            // like `[:alpha:]`) and has no `&&`/`~~` set operators; Rust
            // nests classes and has both, so those characters are escaped.
            '[' if in_class => {
                let rest = &source[i..];
                match rest.strip_prefix("[:").and_then(|r| r.find(":]")) {
                    Some(end) => {
                        out.push_str(&rest[..end + 4]);
                        while chars.peek().is_some_and(|&(j, _)| j < i + end + 4) {
                            chars.next();
                        }
                    }
                    None => out.push_str("\\["),
                }
            }
            '&' | '~' if in_class => {
                out.push('\\');
                out.push(c);
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            '{' if !in_class => {
                let rest = &source[i..];
                match repetition_len(rest) {
                    Some(len) => {
                        out.push_str(&rest[..len]);
                        while chars.peek().is_some_and(|&(j, _)| j < i + len) {
                            chars.next();
                        }
                    }
                    None => out.push_str("\\{"),
                }
            }
            '}' if !in_class => out.push_str("\\}"),
            _ => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The length of a valid repetition `{n}`, `{n,}` or `{n,m}` at the start of `s`.
fn repetition_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = 1;
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i > start
    };
    if !digits(&mut i) {
        return None;
    }
    if b.get(i) == Some(&b',') {
        i += 1;
        digits(&mut i);
    }
    (b.get(i) == Some(&b'}')).then_some(i + 1)
}

fn push_literal(out: &mut String, c: char, in_class: bool) {
    let special = if in_class { "\\]^-[&~" } else { "\\.+*?()|[]{}^$" };
    if special.contains(c) {
        out.push('\\');
    }
    out.push(c);
}
