//! Reading YAML text into [`Value`]s with the serde_yaml API (the maintained
//! `serde_norway` fork): every document of a stream, anchors and aliases
//! resolved, merge keys (`<<`) applied, tags dropped. Positions come from
//! the span indexer in `spans.rs`; this module only produces values.

use serde::Deserialize;

use crate::value::{Map, Value};

/// A YAML syntax error with its byte offset into the text.
#[derive(Clone, Debug, PartialEq)]
pub struct YamlError {
    /// What is wrong, as the parser says it.
    pub message: String,
    /// Byte offset of the problem, when the parser knows it.
    pub offset: Option<usize>,
}

/// Parses every document of a YAML (or JSON) stream. Parsing stops at the
/// first syntax error, which is returned after the documents before it.
pub fn parse_stream(text: &str) -> (Vec<Value>, Option<YamlError>) {
    let mut docs = Vec::new();
    for de in serde_norway::Deserializer::from_str(text) {
        match serde_norway::Value::deserialize(de) {
            Ok(mut v) => {
                if let Err(e) = v.apply_merge() {
                    return (docs, Some(error(&e)));
                }
                docs.push(convert(v));
            }
            Err(e) => return (docs, Some(error(&e))),
        }
    }
    (docs, None)
}

/// Parses text that holds exactly one document.
pub fn parse_one(text: &str) -> Result<Value, YamlError> {
    let (mut docs, err) = parse_stream(text);
    if let Some(e) = err {
        return Err(e);
    }
    Ok(if docs.is_empty() { Value::Null } else { docs.swap_remove(0) })
}

fn error(e: &serde_norway::Error) -> YamlError {
    let message = e.to_string();
    // The fork appends " at line L column C" to its messages; the offset
    // carries the position, so keep the message short.
    let message = match message.find(" at line ") {
        Some(at) => message[..at].to_owned(),
        None => message,
    };
    YamlError { message, offset: e.location().map(|l| l.index()) }
}

fn convert(v: serde_norway::Value) -> Value {
    use serde_norway::Value as Y;
    match v {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::Int(i)
            } else {
                Value::Float(n.as_f64().unwrap_or(f64::NAN))
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Seq(items.into_iter().map(convert).collect()),
        Y::Mapping(m) => {
            let mut map = Map::new();
            for (k, v) in m {
                map.insert(key_string(k), convert(v));
            }
            Value::Map(map)
        }
        Y::Tagged(t) => convert(t.value),
    }
}

/// Mapping keys become strings, as Kubernetes' YAML-to-JSON conversion does.
fn key_string(k: serde_norway::Value) -> String {
    use serde_norway::Value as Y;
    match k {
        Y::String(s) => s,
        Y::Null => "null".to_owned(),
        Y::Bool(b) => b.to_string(),
        Y::Number(n) => n.to_string(),
        Y::Tagged(t) => key_string(t.value),
        other => serde_norway::to_string(&other).unwrap_or_default().trim_end().to_owned(),
    }
}
