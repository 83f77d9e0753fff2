//! Typed reading of the position-keeping YAML tree, with go-yaml's rules:
//! a scalar of any type reads into a string field as its text, `null` leaves
//! a field at its zero value, unknown keys are errors in strict mode (as
//! `yaml.UnmarshalStrict` and rulefmt's `KnownFields(true)`), and a repeated
//! key is an error. Every problem becomes a diagnostic at the node it is
//! about; decoding goes on, so one pass reports everything.

use promplay_diagnostics::{Diagnostic, Span, closest};
use promplay_promql_engine::load::parse_duration_ms;

use crate::codes;
use crate::yaml::{Node, NodeKind};

/// Collects diagnostics while fields are read.
pub(crate) struct Decoder<'a> {
    /// The input text (spans index it).
    pub text: &'a str,
    /// Everything found so far.
    pub diagnostics: Vec<Diagnostic>,
    /// Report unknown keys as errors (`false`: skip them silently, as
    /// `--ignore-unknown-fields`).
    pub strict: bool,
}

impl<'a> Decoder<'a> {
    pub fn new(text: &'a str, strict: bool) -> Decoder<'a> {
        Decoder { text, diagnostics: Vec::new(), strict }
    }

    pub fn error(&mut self, code: &'static str, span: Span, message: String, label: &str) {
        self.diagnostics.push(Diagnostic::error(code, message).with_label(span, label));
    }

    /// The entries of a mapping with the keys a Go struct `type_name` has;
    /// `None` (after a diagnostic) when `node` is not a mapping. A null
    /// node is an empty mapping. Merge keys (`<<`) are applied.
    pub fn fields<'n>(
        &mut self,
        node: &'n Node,
        type_name: &str,
        known: &[&str],
    ) -> Option<Fields<'n>> {
        if node.is_null() {
            return Some(Fields { entries: Vec::new() });
        }
        let Some(map) = node.as_map() else {
            self.error(
                codes::TYPE,
                node.span,
                format!("expected a mapping ({type_name}), found {}", node.describe()),
                "this should be a mapping",
            );
            return None;
        };
        let mut entries: Vec<(&'n str, &'n Node, &'n Node)> = Vec::new();
        let mut push = |this: &mut Decoder, k: &'n Node, v: &'n Node, merged: bool| {
            let Some(key) = k.as_scalar() else {
                this.error(codes::TYPE, k.span, "expected a string key".into(), "this key");
                return;
            };
            if entries.iter().any(|(n, _, _)| *n == key) {
                if !merged {
                    this.error(
                        codes::DUPLICATE_KEY,
                        k.span,
                        format!("key `{key}` is given more than once"),
                        "repeated here",
                    );
                }
                return;
            }
            if !known.contains(&key) {
                if this.strict {
                    let mut d = Diagnostic::error(
                        codes::UNKNOWN_FIELD,
                        format!("field {key} not found in type {type_name}"),
                    )
                    .with_label(k.span, "unknown field");
                    if let Some(close) = closest(key, known) {
                        d = d.with_help(format!("did you mean `{close}`?"));
                    } else {
                        d = d.with_help(format!("the known fields are {}", known.join(", ")));
                    }
                    this.diagnostics.push(d);
                }
                return;
            }
            entries.push((key, k, v));
        };
        for (k, v) in map {
            if k.as_scalar() == Some("<<") && matches!(k.kind, NodeKind::Scalar { plain: true, .. })
            {
                continue;
            }
            push(self, k, v, false);
        }
        // Merged entries come after the mapping's own keys, which win.
        for (k, v) in map {
            if k.as_scalar() != Some("<<") {
                continue;
            }
            let sources: Vec<&Node> = match &v.kind {
                NodeKind::Seq(items) => items.iter().collect(),
                _ => vec![v],
            };
            for source in sources {
                if let Some(m) = source.as_map() {
                    for (mk, mv) in m {
                        push(self, mk, mv, true);
                    }
                }
            }
        }
        Some(Fields { entries })
    }

    /// A string field: any scalar's text (go-yaml gives a string field the
    /// scalar as written); null is empty.
    pub fn string(&mut self, node: &Node) -> Option<String> {
        if node.is_null() {
            return Some(String::new());
        }
        match &node.kind {
            NodeKind::Scalar { text, .. } => Some(text.clone()),
            _ => {
                self.error(
                    codes::TYPE,
                    node.span,
                    format!("expected a string, found {}", node.describe()),
                    "this should be a string",
                );
                None
            }
        }
    }

    /// A Prometheus duration (`model.Duration`: `1h30m`, `5m`, `0`); null is 0.
    pub fn duration(&mut self, node: &Node) -> Option<i64> {
        let s = self.string(node)?;
        if node.is_null() {
            return Some(0);
        }
        match parse_duration_ms(&s) {
            Some(ms) => Some(ms),
            None => {
                let message = if s.is_empty() {
                    "empty duration string".to_owned()
                } else {
                    format!("not a valid duration string: {s:?}")
                };
                self.diagnostics.push(
                    Diagnostic::error(codes::DURATION, message)
                        .with_label(node.span, "expected a duration")
                        .with_help("write a duration like `30s`, `5m`, `1h30m` or `1d`"),
                );
                None
            }
        }
    }

    /// An integer (go-yaml's int); null is 0.
    pub fn int(&mut self, node: &Node) -> Option<i64> {
        let s = self.string(node)?;
        if node.is_null() {
            return Some(0);
        }
        match parse_yaml_int(&s) {
            Some(i) if matches!(node.kind, NodeKind::Scalar { plain: true, .. }) => Some(i),
            _ => {
                self.error(
                    codes::TYPE,
                    node.span,
                    format!("expected an integer, found {s:?}"),
                    "this should be an integer",
                );
                None
            }
        }
    }

    /// A float (go-yaml's float64: also `.inf`, `-.Inf`, `.nan`); null is 0.
    pub fn float(&mut self, node: &Node) -> Option<f64> {
        let s = self.string(node)?;
        if node.is_null() {
            return Some(0.0);
        }
        let plain = matches!(node.kind, NodeKind::Scalar { plain: true, .. });
        match parse_yaml_float(&s).filter(|_| plain) {
            Some(f) => Some(f),
            None => {
                self.error(
                    codes::TYPE,
                    node.span,
                    format!("expected a number, found {s:?}"),
                    "this should be a number",
                );
                None
            }
        }
    }

    /// A boolean (YAML 1.1 words as go-yaml v2 reads them); null is false.
    pub fn bool(&mut self, node: &Node) -> Option<bool> {
        let s = self.string(node)?;
        if node.is_null() {
            return Some(false);
        }
        match s.as_str() {
            "true" | "True" | "TRUE" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "y" | "Y" => {
                Some(true)
            }
            "false" | "False" | "FALSE" | "no" | "No" | "NO" | "off" | "Off" | "OFF" | "n"
            | "N" => Some(false),
            _ => {
                self.error(
                    codes::TYPE,
                    node.span,
                    format!("expected true or false, found {s:?}"),
                    "this should be a boolean",
                );
                None
            }
        }
    }

    /// A sequence's items; null is empty.
    pub fn seq<'n>(&mut self, node: &'n Node) -> Option<&'n [Node]> {
        if node.is_null() {
            return Some(&[]);
        }
        match &node.kind {
            NodeKind::Seq(items) => Some(items),
            _ => {
                self.error(
                    codes::TYPE,
                    node.span,
                    format!("expected a sequence, found {}", node.describe()),
                    "this should be a list",
                );
                None
            }
        }
    }

    /// A `map[string]string`: entries in input order with their nodes.
    pub fn string_map<'n>(&mut self, node: &'n Node) -> Vec<MapEntry<'n>> {
        let mut out: Vec<MapEntry<'n>> = Vec::new();
        if node.is_null() {
            return out;
        }
        let Some(map) = node.as_map() else {
            self.error(
                codes::TYPE,
                node.span,
                format!("expected a mapping of strings, found {}", node.describe()),
                "this should be a mapping",
            );
            return out;
        };
        for (k, v) in map {
            let (Some(key), Some(value)) = (self.string(k), self.string(v)) else { continue };
            if out.iter().any(|e| e.key == key) {
                self.error(
                    codes::DUPLICATE_KEY,
                    k.span,
                    format!("key `{key}` is given more than once"),
                    "repeated here",
                );
                continue;
            }
            out.push(MapEntry { key, value, key_node: k, value_node: v });
        }
        out
    }
}

/// The known entries of a mapping.
pub(crate) struct Fields<'n> {
    entries: Vec<(&'n str, &'n Node, &'n Node)>,
}

impl<'n> Fields<'n> {
    /// The value of `key`, if given.
    pub fn get(&self, key: &str) -> Option<&'n Node> {
        self.entries.iter().find(|(k, _, _)| *k == key).map(|(_, _, v)| *v)
    }

    /// The key node of `key`, if given.
    pub fn key(&self, key: &str) -> Option<&'n Node> {
        self.entries.iter().find(|(k, _, _)| *k == key).map(|(_, k, _)| *k)
    }
}

/// One entry of a string map.
#[derive(Clone, Debug)]
pub(crate) struct MapEntry<'n> {
    pub key: String,
    pub value: String,
    pub key_node: &'n Node,
    pub value_node: &'n Node,
}

/// go-yaml's integer forms: decimal with sign, `0x`, `0o`/leading `0`
/// octal, `0b`, underscores.
fn parse_yaml_int(s: &str) -> Option<i64> {
    let t: String = s.chars().filter(|&c| c != '_').collect();
    let (neg, body) = match t.as_bytes().first()? {
        b'-' => (true, &t[1..]),
        b'+' => (false, &t[1..]),
        _ => (false, t.as_str()),
    };
    let v = if let Some(h) = body.strip_prefix("0x") {
        i64::from_str_radix(h, 16).ok()?
    } else if let Some(b) = body.strip_prefix("0b") {
        i64::from_str_radix(b, 2).ok()?
    } else if let Some(o) = body.strip_prefix("0o") {
        i64::from_str_radix(o, 8).ok()?
    } else if body.len() > 1 && body.starts_with('0') {
        i64::from_str_radix(&body[1..], 8).ok()?
    } else {
        if body.is_empty() || !body.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        body.parse().ok()?
    };
    Some(if neg { -v } else { v })
}

/// go-yaml's float forms: decimal and exponent notation, integers, and
/// `.inf`/`.nan` in their three spellings.
pub(crate) fn parse_yaml_float(s: &str) -> Option<f64> {
    match s {
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => return Some(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return Some(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Some(f64::NAN),
        _ => {}
    }
    if let Some(i) = parse_yaml_int(s) {
        return Some(i as f64);
    }
    let t: String = s.chars().filter(|&c| c != '_').collect();
    let ok = !t.is_empty()
        && t.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
        && t.bytes().any(|b| b.is_ascii_digit());
    if !ok {
        return None;
    }
    t.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(parse_yaml_int("0x1f"), Some(31));
        assert_eq!(parse_yaml_int("-12"), Some(-12));
        assert_eq!(parse_yaml_int("1.5"), None);
        assert_eq!(parse_yaml_float("2.9999999999999996"), Some(2.9999999999999996));
        assert_eq!(parse_yaml_float("-.inf"), Some(f64::NEG_INFINITY));
        assert_eq!(parse_yaml_float("1e3"), Some(1000.0));
        assert_eq!(parse_yaml_float("abc"), None);
    }
}
