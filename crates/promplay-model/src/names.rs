//! The rules for metric and label names, legacy and UTF-8.

/// The label that holds the metric name.
pub const METRIC_NAME_LABEL: &str = "__name__";

/// Whether `name` matches `[a-zA-Z_:][a-zA-Z0-9_:]*`, the legacy metric name rule.
pub fn is_valid_legacy_metric_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    matches!(bytes.next(), Some(b'a'..=b'z' | b'A'..=b'Z' | b'_' | b':'))
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b':')
}

/// Whether `name` matches `[a-zA-Z_][a-zA-Z0-9_]*`, the legacy label name rule.
pub fn is_valid_legacy_label_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    matches!(bytes.next(), Some(b'a'..=b'z' | b'A'..=b'Z' | b'_'))
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// Whether `name` is a valid metric name under Prometheus 3's UTF-8 rules:
/// any non-empty valid UTF-8 string (a `&str` is always valid UTF-8).
pub fn is_valid_metric_name(name: &str) -> bool {
    !name.is_empty()
}

/// Whether `name` is a valid label name under Prometheus 3's UTF-8 rules.
pub fn is_valid_label_name(name: &str) -> bool {
    !name.is_empty()
}

/// Escapes a label value for printing inside double quotes: `\\`, `\"`, `\n`.
pub fn escape_label_value(value: &str) -> std::borrow::Cow<'_, str> {
    if !value.bytes().any(|b| matches!(b, b'\\' | b'"' | b'\n')) {
        return std::borrow::Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len() + 4);
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}
