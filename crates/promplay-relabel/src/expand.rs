//! Go's `regexp.Expand`: `$1`, `${1}`, `$name`, `${name}` and `$$` in a
//! replacement template, with Go's exact reading of names.
//!
//! The differences from Rust's `Captures::expand` matter: Go takes the longest
//! run of letters, digits and `_` after `$` as the name, so `$1x` is the
//! group *named* `1x` (empty unless such a group exists); a number with a
//! leading zero (`$01`) is a name, not an index; a `$` that starts no valid
//! name is copied literally.

/// Expands `template` with the groups of `caps` (matched by `re`) and
/// appends the result to `out`.
pub fn expand(re: &regex::Regex, caps: &regex::Captures<'_>, template: &str, out: &mut String) {
    let mut rest = template;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        rest = &rest[at + 1..];
        if let Some(after) = rest.strip_prefix('$') {
            out.push('$');
            rest = after;
            continue;
        }
        let Some((name, num, after)) = extract(rest) else {
            // Malformed: the `$` is plain text.
            out.push('$');
            continue;
        };
        rest = after;
        match num {
            Some(n) => {
                if let Some(m) = caps.get(n) {
                    out.push_str(m.as_str());
                }
            }
            None => {
                // The first participating group with that name, as Go's loop finds it.
                let found = re
                    .capture_names()
                    .enumerate()
                    .filter(|(_, n)| *n == Some(name))
                    .find_map(|(i, _)| caps.get(i));
                if let Some(m) = found {
                    out.push_str(m.as_str());
                }
            }
        }
    }
    out.push_str(rest);
}

/// Go's `extract`: the name after `$` (with or without braces), its group
/// number when it is a plain decimal without a leading zero, and the rest.
fn extract(s: &str) -> Option<(&str, Option<usize>, &str)> {
    let (brace, body) = match s.strip_prefix('{') {
        Some(b) => (true, b),
        None => (false, s),
    };
    let len: usize = body
        .chars()
        .take_while(|c| c.is_alphabetic() || c.is_numeric() && is_go_digit(*c) || *c == '_')
        .map(char::len_utf8)
        .sum();
    if len == 0 {
        return None;
    }
    let name = &body[..len];
    let mut rest = &body[len..];
    if brace {
        rest = rest.strip_prefix('}')?;
    }
    let mut num: Option<usize> = Some(0);
    for b in name.bytes() {
        num = match num {
            Some(n) if b.is_ascii_digit() && n < 100_000_000 => {
                Some(n * 10 + usize::from(b - b'0'))
            }
            _ => None,
        };
    }
    if name.len() > 1 && name.starts_with('0') {
        num = None;
    }
    Some((name, num, rest))
}

/// Go's `unicode.IsDigit` is the `Nd` category only; Rust's `is_numeric`
/// also takes `Nl` and `No` (`²`, `Ⅷ`, `①`). `char` has no category API, so
/// the `Nl`/`No` blocks that users could plausibly type are excluded here.
fn is_go_digit(c: char) -> bool {
    !matches!(c,
        '\u{B2}' | '\u{B3}' | '\u{B9}' | '\u{BC}'..='\u{BE}'
        | '\u{2070}'..='\u{2079}' | '\u{2080}'..='\u{2089}'
        | '\u{2150}'..='\u{218B}' | '\u{2460}'..='\u{24FF}'
        | '\u{2776}'..='\u{2793}' | '\u{3007}' | '\u{3021}'..='\u{3029}'
        | '\u{3038}'..='\u{303A}' | '\u{3192}'..='\u{3195}' | '\u{3220}'..='\u{3229}'
        | '\u{3248}'..='\u{324F}' | '\u{3251}'..='\u{325F}' | '\u{3280}'..='\u{3289}'
        | '\u{32B1}'..='\u{32BF}' | '\u{16EE}'..='\u{16F0}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(re: &str, text: &str, template: &str) -> String {
        let re = regex::Regex::new(re).unwrap();
        let caps = re.captures(text).unwrap();
        let mut out = String::new();
        expand(&re, &caps, template, &mut out);
        out
    }

    #[test]
    fn go_expand_semantics() {
        let cases = [
            ("f(.*)", "foo", "ch${1}-ch${1}", "choo-choo"),
            ("f(.*)", "foo", "$1x", ""),
            ("f(.*)", "foo", "${1}x", "oox"),
            ("f(.*)", "foo", "$$1", "$1"),
            ("f(.*)", "foo", "$", "$"),
            ("f(.*)", "foo", "a$-b", "a$-b"),
            ("f(.*)", "foo", "${1", "${1"),
            ("f(.*)", "foo", "$01", ""),
            ("f(.*)", "foo", "$2", ""),
            ("f(?P<rest>.*)", "foo", "<$rest>", "<oo>"),
            ("f(?P<rest>.*)", "foo", "${rest}", "oo"),
            ("(a)|(b)", "b", "[$1][$2]", "[][b]"),
            ("f(.*)", "foo", "$0", "foo"),
        ];
        for (re, text, template, want) in cases {
            assert_eq!(run(re, text, template), want, "{re} {text} {template}");
        }
    }
}
