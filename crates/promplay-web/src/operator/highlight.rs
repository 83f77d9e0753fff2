//! A small YAML highlighter for the generated files: keys, strings,
//! numbers and booleans, comments and block-scalar indicators get their own
//! classes. It only has to read what the emitter writes (block style), so a
//! line-by-line scan is enough.

/// The HTML of `text` with `<span class="y-…">` around tokens.
pub fn yaml_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for line in text.split_inclusive('\n') {
        let (body, newline) = match line.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (line, ""),
        };
        highlight_line(body, &mut out);
        out.push_str(newline);
    }
    out
}

fn highlight_line(line: &str, out: &mut String) {
    let trimmed = line.trim_start();
    let indent = &line[..line.len() - trimmed.len()];
    out.push_str(indent);
    if trimmed.starts_with('#') {
        span(out, "y-comment", trimmed);
        return;
    }
    let mut rest = trimmed;
    while let Some(after) = rest.strip_prefix("- ") {
        span(out, "y-dash", "-");
        out.push(' ');
        rest = after;
    }
    if rest == "-" {
        span(out, "y-dash", "-");
        return;
    }
    if let Some((key, value)) = split_key(rest) {
        span(out, "y-key", key);
        out.push(':');
        scalar(value, out);
    } else {
        scalar(rest, out);
    }
}

/// `key: value` → `(key, " value")`, for plain and quoted keys.
fn split_key(s: &str) -> Option<(&str, &str)> {
    let end = match s.as_bytes().first()? {
        b'"' | b'\'' => {
            let q = s.as_bytes()[0] as char;
            s[1..].find(q).map(|i| i + 2)?
        }
        _ => s.find(": ").or_else(|| s.ends_with(':').then(|| s.len() - 1))?,
    };
    let (key, rest) = s.split_at(end);
    let value = rest.strip_prefix(':')?;
    (value.is_empty() || value.starts_with(' ')).then_some((key, value))
}

fn scalar(s: &str, out: &mut String) {
    let lead = &s[..s.len() - s.trim_start().len()];
    out.push_str(lead);
    let v = s.trim_start();
    let class = if v.is_empty() {
        return;
    } else if v.starts_with('"') || v.starts_with('\'') {
        "y-string"
    } else if v.starts_with('|') || v.starts_with('>') {
        "y-block"
    } else if matches!(v, "true" | "false" | "null") || v.parse::<f64>().is_ok() {
        "y-literal"
    } else {
        "y-plain"
    };
    span(out, class, v);
}

fn span(out: &mut String, class: &str, text: &str) {
    out.push_str("<span class=\"");
    out.push_str(class);
    out.push_str("\">");
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out.push_str("</span>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_values_and_escaping() {
        let html = yaml_html("a: 1\n- b: '<x>'\n# c\n");
        assert_eq!(
            html,
            "<span class=\"y-key\">a</span>: <span class=\"y-literal\">1</span>\n<span class=\"y-dash\">-</span> <span class=\"y-key\">b</span>: <span class=\"y-string\">'&lt;x&gt;'</span>\n<span class=\"y-comment\"># c</span>\n"
        );
    }
}
