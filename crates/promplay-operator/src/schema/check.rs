//! Checks one object against its schema the way the API server does for a
//! structural schema: prunes unknown fields (a warning each, then dropped),
//! drops `null` values of non-nullable fields, and reports wrong types,
//! missing required fields, values outside an enum, pattern mismatches and
//! bounds as errors, each at the node's place in the text.

use std::collections::HashMap;
use std::sync::Mutex;

use promplay_diagnostics::Diagnostic;

use super::table::{Node, Table, Ty};
use super::{KindSchema, builtin};
use crate::intake::codes;
use crate::intake::spans::Spans;
use crate::value::Value;

/// Checks and prunes `value` (a whole object at `prefix` in its document),
/// appending diagnostics. The object's `apiVersion` must be served.
pub fn check(
    schema: &KindSchema,
    value: &mut Value,
    spans: &Spans,
    prefix: &str,
    out: &mut Vec<Diagnostic>,
) {
    let api_version = value.get("apiVersion").and_then(Value::as_str).unwrap_or("").to_owned();
    let Some(root) = schema.root(&api_version) else { return };
    let meta = super::lookup("Secret").map(|s| s.table);
    let mut walker = Walker { table: schema.table, meta, spans, prefix, kind: &schema.kind, out };
    walker.walk(root, value, "", true);
}

struct Walker<'a> {
    table: &'static Table,
    /// The built-in table, which holds ObjectMeta.
    meta: Option<&'static Table>,
    spans: &'a Spans,
    prefix: &'a str,
    kind: &'a str,
    out: &'a mut Vec<Diagnostic>,
}

impl Walker<'_> {
    fn full(&self, path: &str) -> String {
        match (self.prefix.is_empty(), path.is_empty()) {
            (true, _) => path.to_owned(),
            (false, true) => self.prefix.to_owned(),
            (false, false) => format!("{}.{path}", self.prefix),
        }
    }

    fn value_span(&self, path: &str) -> promplay_diagnostics::Span {
        self.spans.value_span(&self.full(path))
    }

    fn key_span(&self, path: &str) -> promplay_diagnostics::Span {
        self.spans.key_span(&self.full(path))
    }

    /// Checks `value` against node `index`; returns false when the value
    /// is to be dropped (a null the schema does not allow).
    fn walk(&mut self, index: u32, value: &mut Value, path: &str, root: bool) -> bool {
        let table = self.table;
        let node = table.node(index);
        if value.is_null() {
            return node.nullable || root || node.ty == Ty::Any;
        }
        if !self.type_ok(node, value, path) {
            return true;
        }
        match value {
            Value::Map(map) => {
                let is_object_meta_parent = root;
                let mut drop = Vec::new();
                let keys: Vec<String> = map.iter().map(|(k, _)| k.to_owned()).collect();
                for key in keys {
                    let child = join(path, &key);
                    let Some(v) = map_get_mut(map, &key) else { continue };
                    if is_object_meta_parent && key == "metadata" && self.meta.is_some() {
                        let saved = self.table;
                        self.table = self.meta.unwrap_or(saved);
                        let keep = self.walk(builtin::OBJECT_META, v, &child, false);
                        self.table = saved;
                        if !keep {
                            drop.push(key);
                        }
                        continue;
                    }
                    let target = node
                        .properties
                        .iter()
                        .find(|(k, _)| *k == key)
                        .map(|(_, n)| Some(*n))
                        .or(node.additional);
                    match target {
                        Some(Some(n)) => {
                            if !self.walk(n, v, &child, false) {
                                drop.push(key);
                            }
                        }
                        Some(None) => {}
                        None if node.preserve_unknown || node.ty == Ty::Any => {}
                        None => {
                            self.unknown_field(node, &child, &key);
                            drop.push(key);
                        }
                    }
                }
                for key in drop {
                    map.remove(&key);
                }
                for required in &node.required {
                    if map.get(required).is_none() {
                        let what = if path.is_empty() {
                            self.kind.to_owned()
                        } else {
                            format!("`{path}`")
                        };
                        let span = if path.is_empty() {
                            self.spans.value_span(&self.full("kind"))
                        } else {
                            self.key_span(path)
                        };
                        self.out.push(
                            Diagnostic::error(
                                codes::MISSING_REQUIRED,
                                format!("{what} is missing the required field `{required}`"),
                            )
                            .with_label(span, format!("`{required}` is required here")),
                        );
                    }
                }
            }
            Value::Seq(items) => {
                if let Some(item) = node.items {
                    let mut drop = Vec::new();
                    for (i, v) in items.iter_mut().enumerate() {
                        if !self.walk(item, v, &format!("{path}[{i}]"), false) {
                            drop.push(i);
                        }
                    }
                    for i in drop.into_iter().rev() {
                        items.remove(i);
                    }
                }
                let n = items.len() as u64;
                if node.min_items.is_some_and(|m| n < m) || node.max_items.is_some_and(|m| n > m) {
                    let bound = match (node.min_items, node.max_items) {
                        (Some(a), Some(b)) => format!("between {a} and {b} items"),
                        (Some(a), None) => {
                            format!("at least {a} item{}", if a == 1 { "" } else { "s" })
                        }
                        (None, Some(b)) => format!("at most {b} items"),
                        (None, None) => String::new(),
                    };
                    self.range_error(path, &format!("`{path}` must have {bound}, found {n}"));
                }
            }
            _ => self.check_scalar(node, value, path),
        }
        true
    }

    /// Reports a type mismatch; returns whether the value has an acceptable
    /// type. Integral floats are accepted (and stored) as integers.
    fn type_ok(&mut self, node: &Node, value: &mut Value, path: &str) -> bool {
        let ok = match (node.ty, &*value) {
            (Ty::Any, _) => true,
            (Ty::Object, Value::Map(_)) | (Ty::Array, Value::Seq(_)) => true,
            (Ty::String, Value::String(_)) | (Ty::Boolean, Value::Bool(_)) => true,
            (Ty::Integer | Ty::IntOrString | Ty::Number, Value::Int(_)) => true,
            (Ty::IntOrString, Value::String(_)) | (Ty::Number, Value::Float(_)) => true,
            // kubectl reads YAML 1.1, where a plain `yes`/`no`/`on`/`off`
            // is a boolean; serde's YAML 1.2 reader keeps it a string.
            (Ty::Boolean, Value::String(s)) if yaml11_bool(s).is_some() && self.plain(path) => {
                *value = Value::Bool(yaml11_bool(s).unwrap_or(false));
                true
            }
            (Ty::Integer | Ty::IntOrString, Value::Float(f))
                if f.fract() == 0.0 && f.abs() < 9e15 =>
            {
                *value = Value::Int(*f as i64);
                true
            }
            _ => false,
        };
        if !ok {
            let want = match node.ty {
                Ty::Object => "an object (a mapping)",
                Ty::Array => "a list",
                Ty::String => "a string",
                Ty::Integer => "an integer",
                Ty::Number => "a number",
                Ty::Boolean => "a boolean",
                Ty::IntOrString => "an integer or a string",
                Ty::Any => "anything",
            };
            let found = describe(value);
            let mut d = Diagnostic::error(
                codes::WRONG_TYPE,
                format!("`{path}` must be {want}, found {found}"),
            )
            .with_label(self.value_span(path), format!("{found} here"));
            if let Some(help) = type_help(node.ty, value) {
                d = d.with_help(help);
            }
            self.out.push(d);
        }
        ok
    }

    /// Whether the node at `path` was written as a plain (unquoted) scalar.
    /// Asked only for a YAML 1.1 boolean spelling, so that clean input
    /// never pays for indexing positions.
    fn plain(&self, path: &str) -> bool {
        self.spans.doc().and_then(|d| d.nodes.get(&self.full(path))).is_some_and(|n| n.plain)
    }

    fn check_scalar(&mut self, node: &Node, value: &Value, path: &str) {
        // Borrowed: a ConfigMap value can be a megabyte of dashboard JSON.
        let text: std::borrow::Cow<'_, str> = match value {
            Value::String(s) => s.as_str().into(),
            Value::Int(i) => i.to_string().into(),
            Value::Float(f) => promplay_model::format_float(*f).into(),
            Value::Bool(b) => b.to_string().into(),
            _ => return,
        };
        if !node.enumeration.is_empty() && !node.enumeration.iter().any(|e| *e == *text) {
            let mut allowed: Vec<String> =
                node.enumeration.iter().map(|e| format!("`{e}`")).collect();
            if allowed.len() > 12 {
                allowed.truncate(12);
                allowed.push("…".to_owned());
            }
            let mut d = Diagnostic::error(
                codes::NOT_IN_ENUM,
                format!("`{path}` must be one of {}, found `{text}`", allowed.join(", ")),
            )
            .with_label(self.value_span(path), "not an allowed value");
            if let Some(close) = node.enumeration.iter().find(|e| e.eq_ignore_ascii_case(&text)) {
                d = d.with_help(format!("values are case-sensitive: write `{close}`"));
            }
            self.out.push(d);
        }
        if let (Some(pattern), Value::String(s)) = (&node.pattern, value)
            && !pattern_matches(pattern, s)
        {
            let d = if pattern.contains("([0-9]+)ms") {
                Diagnostic::error(
                    codes::PATTERN_MISMATCH,
                    format!("`{path}` is not a duration: {s:?}"),
                )
                .with_label(self.value_span(path), "not a duration")
                .with_help("write a Prometheus duration such as `30s`, `1m` or `1h30m`")
            } else {
                Diagnostic::error(
                    codes::PATTERN_MISMATCH,
                    format!("`{path}` does not match the pattern `{pattern}`"),
                )
                .with_label(self.value_span(path), "does not match")
            };
            self.out.push(d);
        }
        if let Value::String(s) = value
            && (node.min_length.is_some() || node.max_length.is_some())
        {
            let n = s.chars().count() as u64;
            if let Some(m) = node.min_length.filter(|&m| n < m) {
                let msg = if m == 1 {
                    format!("`{path}` must not be empty")
                } else {
                    format!("`{path}` must be at least {m} characters long")
                };
                self.range_error(path, &msg);
            }
            if let Some(m) = node.max_length.filter(|&m| n > m) {
                self.range_error(path, &format!("`{path}` must be at most {m} characters long"));
            }
        }
        let number = match value {
            Value::Int(i) => Some(*i as f64),
            Value::Float(f) => Some(*f),
            _ => None,
        };
        if let Some(x) = number {
            if let Some(m) = node.minimum.filter(|&m| x < m) {
                self.range_error(path, &format!("`{path}` must be at least {m}, found {text}"));
            }
            if let Some(m) = node.maximum.filter(|&m| x > m) {
                self.range_error(path, &format!("`{path}` must be at most {m}, found {text}"));
            }
        }
    }

    fn range_error(&mut self, path: &str, message: &str) {
        let span = self.value_span(path);
        self.out.push(Diagnostic::error(codes::OUT_OF_RANGE, message).with_label(span, "here"));
    }

    fn unknown_field(&mut self, node: &Node, path: &str, key: &str) {
        let mut d = Diagnostic::warning(
            codes::UNKNOWN_FIELD,
            format!("unknown field `{path}` in {}; the API server drops it", self.kind),
        )
        .with_label(self.key_span(path), "not in the schema");
        let names = node.properties.iter().map(|(k, _)| k.as_str());
        if let Some(close) = closest(key, names) {
            d = d.with_help(format!("did you mean `{close}`?"));
        } else if !path.contains('.') {
            d = d.with_help("fields of the object belong under `spec`");
        }
        self.out.push(d);
    }
}

/// YAML 1.1's spellings of booleans (beyond `true`/`false`).
fn yaml11_bool(s: &str) -> Option<bool> {
    match s {
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" => Some(true),
        "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" => Some(false),
        _ => None,
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_owned() } else { format!("{path}.{key}") }
}

fn map_get_mut<'m>(map: &'m mut crate::value::Map, key: &str) -> Option<&'m mut Value> {
    map.get_mut(key)
}

fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Int(i) => format!("the number {i}"),
        Value::Float(f) => format!("the number {}", promplay_model::format_float(*f)),
        Value::String(s) if s.chars().count() <= 30 => format!("the string {s:?}"),
        Value::String(_) => "a string".to_owned(),
        Value::Seq(_) => "a list".to_owned(),
        Value::Map(_) => "a mapping".to_owned(),
    }
}

fn type_help(want: Ty, value: &Value) -> Option<String> {
    match (want, value) {
        (Ty::String, Value::Int(_) | Value::Float(_) | Value::Bool(_)) => {
            Some("YAML reads this as a number or boolean; quote it to make it a string".to_owned())
        }
        (Ty::Integer | Ty::Number, Value::String(s)) if s.trim().parse::<f64>().is_ok() => {
            Some("remove the quotes to make it a number".to_owned())
        }
        (Ty::Boolean, Value::String(s)) if matches!(s.as_str(), "true" | "false") => {
            Some("remove the quotes to make it a boolean".to_owned())
        }
        (Ty::Array, Value::Map(_)) => Some("start each item with `- `".to_owned()),
        (Ty::Array, _) => Some("write a list: `[a, b]` or one `- item` per line".to_owned()),
        _ => None,
    }
}

/// Go's regexp (RE2) and `regex-lite` agree on every pattern in the CRDs;
/// compiled patterns are cached.
fn pattern_matches(pattern: &str, text: &str) -> bool {
    static CACHE: Mutex<Option<HashMap<String, Option<regex_lite::Regex>>>> = Mutex::new(None);
    let Ok(mut guard) = CACHE.lock() else { return true };
    let cache = guard.get_or_insert_with(HashMap::new);
    let re =
        cache.entry(pattern.to_owned()).or_insert_with(|| regex_lite::Regex::new(pattern).ok());
    re.as_ref().is_none_or(|re| re.is_match(text))
}

/// The known name closest to `key` (edit distance at most 2, or a
/// case-insensitive match).
fn closest<'n>(key: &str, names: impl Iterator<Item = &'n str>) -> Option<&'n str> {
    let mut best: Option<(usize, &str)> = None;
    for name in names {
        let d = if name.eq_ignore_ascii_case(key) { 0 } else { distance(key, name) };
        if d <= 2 && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, name));
        }
    }
    best.map(|(_, n)| n)
}

fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}
