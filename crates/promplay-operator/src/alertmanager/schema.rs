//! The operator's own Alertmanager configuration structs (pkg/alertmanager
//! types.go) as data: every field's YAML key, Go type and `omitempty`, in
//! declaration order. The base configuration is decoded through these
//! tables exactly as `yaml.UnmarshalStrict` would (unknown keys are errors),
//! and the final configuration is re-encoded through them, which gives the
//! key order, the omitted zero values and the canonical durations that
//! go-yaml v2 writes.

use super::gofmt::{format_duration, key_cmp, parse_duration};
use super::timeinterval;
use crate::value::{Map, Value};

/// How a field is decoded and encoded.
#[derive(Clone, Copy, Debug)]
pub enum Kind {
    /// `string` with `omitempty`.
    Str,
    /// `string` without `omitempty` (always written).
    StrKeep,
    /// `*string` with `omitempty` (written when set, even if empty).
    OptStr,
    /// `bool` with `omitempty` (false is omitted).
    Bool,
    /// `bool` without `omitempty`.
    BoolKeep,
    /// `*bool`: written whenever set.
    OptBool,
    /// An integer with `omitempty`.
    Int,
    /// `*int32`: written whenever set.
    OptInt,
    /// `*model.Duration`: written whenever set, canonicalised.
    Dur,
    /// `model.Duration` with `omitempty`: omitted when zero.
    DurVal,
    /// `[]string` with `omitempty`.
    StrList,
    /// `[]string` without `omitempty` (`[]` when empty).
    StrListKeep,
    /// `map[string]string` (keys sorted by go-yaml).
    StrMap,
    /// `map[string][]string`.
    StrListMap,
    /// `map[string]any`, sorted recursively.
    AnyMap,
    /// `any`: written as decoded, maps sorted.
    Any,
    /// `config.HostPort`: written as `host:port`.
    HostPort,
    /// `*commoncfg.URL`.
    Url,
    /// `*commoncfg.Headers`.
    Headers,
    /// A pointer to a struct, omitted when nil.
    Struct(&'static Schema),
    /// A struct value with `omitempty`: omitted when every field is zero.
    StructVal(&'static Schema),
    /// A slice of structs with `omitempty`.
    List(&'static Schema),
    /// A struct inlined into its parent (`yaml:",inline"`).
    Inline(&'static Schema),
    /// `[]timeinterval.TimeInterval` (Alertmanager's own marshaller).
    TimeIntervals,
}

/// A Go struct: its name (for error messages) and its fields in order.
#[derive(Debug)]
pub struct Schema {
    /// Go type name as go-yaml reports it.
    pub name: &'static str,
    /// `(yaml key, kind)` in declaration order.
    pub fields: &'static [(&'static str, Kind)],
}

use super::structs::*;
use Kind::*;

/// Decodes `input` as the Go struct `schema` and encodes it again: keys in
/// declaration order, zero values omitted as `omitempty` says, durations
/// canonical, maps sorted. Unknown keys are errors, as with
/// `yaml.UnmarshalStrict`.
pub fn normalize(input: &Value, schema: &Schema) -> Result<Value, String> {
    match input {
        Value::Null => Ok(Value::Map(Map::new())),
        Value::Map(m) => {
            let mut out = Map::new();
            check_known(m, schema)?;
            encode_fields(m, schema, &mut out)?;
            Ok(Value::Map(out))
        }
        other => Err(format!("cannot unmarshal {} into {}", type_name(other), schema.name)),
    }
}

fn check_known(m: &Map, schema: &Schema) -> Result<(), String> {
    for (k, _) in m.iter() {
        if !has_field(schema, k) {
            return Err(format!("field {k} not found in type {}", schema.name));
        }
    }
    Ok(())
}

fn has_field(schema: &Schema, key: &str) -> bool {
    schema.fields.iter().any(|(name, kind)| match kind {
        Inline(inner) => has_field(inner, key),
        _ => *name == key,
    })
}

fn encode_fields(m: &Map, schema: &Schema, out: &mut Map) -> Result<(), String> {
    for (key, kind) in schema.fields {
        if let Inline(inner) = kind {
            encode_fields(m, inner, out)?;
            continue;
        }
        let v = m.get(key).unwrap_or(&Value::Null);
        let ctx = |e: String| format!("{key}: {e}");
        if let Some(encoded) = encode(v, *kind).map_err(ctx)? {
            out.insert(*key, encoded);
        }
    }
    Ok(())
}

/// Encodes one field; `None` when go-yaml would omit it.
fn encode(v: &Value, kind: Kind) -> Result<Option<Value>, String> {
    let present = !v.is_null();
    Ok(match kind {
        Str => scalar_string(v)?.filter(|s| !s.is_empty()).map(Value::String),
        StrKeep => Some(Value::String(scalar_string(v)?.unwrap_or_default())),
        OptStr => scalar_string(v)?.map(Value::String),
        Bool => match to_bool(v)? {
            Some(true) => Some(Value::Bool(true)),
            _ => None,
        },
        BoolKeep => Some(Value::Bool(to_bool(v)?.unwrap_or(false))),
        OptBool => to_bool(v)?.map(Value::Bool),
        Int => match to_int(v)? {
            Some(0) | None => None,
            Some(i) => Some(Value::Int(i)),
        },
        OptInt => to_int(v)?.map(Value::Int),
        Dur => match scalar_string(v)? {
            None => None,
            Some(s) => Some(Value::String(format_duration(parse_duration(&s)?))),
        },
        DurVal => match scalar_string(v)? {
            None => None,
            Some(s) => match parse_duration(&s)? {
                0 => None,
                ms => Some(Value::String(format_duration(ms))),
            },
        },
        StrList | StrListKeep => {
            let items = match v {
                Value::Null => Vec::new(),
                Value::Seq(items) => items
                    .iter()
                    .map(|i| Ok(Value::String(scalar_string(i)?.unwrap_or_default())))
                    .collect::<Result<Vec<_>, String>>()?,
                other => {
                    return Err(format!("cannot unmarshal {} into []string", type_name(other)));
                }
            };
            if items.is_empty() && matches!(kind, StrList) { None } else { Some(Value::Seq(items)) }
        }
        StrMap => sorted_map(v, |x| Ok(Value::String(scalar_string(x)?.unwrap_or_default())))?,
        StrListMap => sorted_map(v, |x| match x {
            Value::Seq(items) => Ok(Value::Seq(
                items
                    .iter()
                    .map(|i| Ok(Value::String(scalar_string(i)?.unwrap_or_default())))
                    .collect::<Result<Vec<_>, String>>()?,
            )),
            Value::Null => Ok(Value::Seq(Vec::new())),
            other => Err(format!("cannot unmarshal {} into []string", type_name(other))),
        })?,
        AnyMap => sorted_map(v, |x| Ok(sort_any(x)))?,
        Any => present.then(|| sort_any(v)),
        HostPort => match scalar_string(v)? {
            None => None,
            Some(s) if s.is_empty() => None,
            Some(s) => Some(Value::String(host_port(&s)?)),
        },
        Url => scalar_string(v)?.filter(|s| !s.is_empty()).map(Value::String),
        Headers => sorted_map(v, |x| normalize(x, &HTTP_HEADER))?,
        Struct(schema) => {
            if present {
                Some(normalize(v, schema)?)
            } else {
                None
            }
        }
        StructVal(schema) => {
            if present {
                let n = normalize(v, schema)?;
                if n.as_map().is_some_and(Map::is_empty) { None } else { Some(n) }
            } else {
                None
            }
        }
        List(schema) => match v {
            Value::Null => None,
            Value::Seq(items) if items.is_empty() => None,
            Value::Seq(items) => Some(Value::Seq(
                items.iter().map(|i| normalize(i, schema)).collect::<Result<Vec<_>, String>>()?,
            )),
            other => {
                return Err(format!(
                    "cannot unmarshal {} into []{}",
                    type_name(other),
                    schema.name
                ));
            }
        },
        Inline(_) => None,
        TimeIntervals => Some(Value::Seq(match v {
            Value::Null => Vec::new(),
            Value::Seq(items) => {
                items.iter().map(timeinterval::normalize).collect::<Result<Vec<_>, String>>()?
            }
            other => {
                return Err(format!(
                    "cannot unmarshal {} into []timeinterval.TimeInterval",
                    type_name(other)
                ));
            }
        })),
    })
}

/// The scalar as Go reads it into a `string` field (numbers and booleans
/// keep their text); `None` for null.
pub fn scalar_string(v: &Value) -> Result<Option<String>, String> {
    Ok(match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Int(i) => Some(i.to_string()),
        Value::Float(f) => Some(promplay_model::format_float(*f)),
        other => return Err(format!("cannot unmarshal {} into string", type_name(other))),
    })
}

fn to_bool(v: &Value) -> Result<Option<bool>, String> {
    match v {
        Value::Null => Ok(None),
        Value::Bool(b) => Ok(Some(*b)),
        other => Err(format!("cannot unmarshal {} into bool", type_name(other))),
    }
}

fn to_int(v: &Value) -> Result<Option<i64>, String> {
    match v {
        Value::Null => Ok(None),
        Value::Int(i) => Ok(Some(*i)),
        Value::String(s) => {
            s.parse().map(Some).map_err(|_| format!("cannot unmarshal !!str `{s}` into int"))
        }
        other => Err(format!("cannot unmarshal {} into int", type_name(other))),
    }
}

fn sorted_map(
    v: &Value,
    mut f: impl FnMut(&Value) -> Result<Value, String>,
) -> Result<Option<Value>, String> {
    let m = match v {
        Value::Null => return Ok(None),
        Value::Map(m) => m,
        other => return Err(format!("cannot unmarshal {} into map", type_name(other))),
    };
    if m.is_empty() {
        return Ok(None);
    }
    let mut entries: Vec<(String, Value)> = Vec::with_capacity(m.len());
    for (k, x) in m.iter() {
        entries.push((k.to_string(), f(x)?));
    }
    entries.sort_by(|a, b| key_cmp(&a.0, &b.0));
    Ok(Some(Value::Map(entries.into_iter().collect())))
}

/// An `any` value as go-yaml writes it back: maps sorted by key.
pub fn sort_any(v: &Value) -> Value {
    match v {
        Value::Map(m) => {
            let mut entries: Vec<(String, Value)> =
                m.iter().map(|(k, x)| (k.to_string(), sort_any(x))).collect();
            entries.sort_by(|a, b| key_cmp(&a.0, &b.0));
            Value::Map(entries.into_iter().collect())
        }
        Value::Seq(items) => Value::Seq(items.iter().map(sort_any).collect()),
        other => other.clone(),
    }
}

/// `config.HostPort`: split at the last colon (IPv6 in brackets), written
/// back with `net.JoinHostPort`.
pub fn host_port(s: &str) -> Result<String, String> {
    let (host, port) = split_host_port(s)?;
    if port.is_empty() {
        return Err(format!("address {s}: port cannot be empty"));
    }
    Ok(join_host_port(&host, &port))
}

/// Go's `net.SplitHostPort`.
pub fn split_host_port(s: &str) -> Result<(String, String), String> {
    if let Some(rest) = s.strip_prefix('[') {
        let Some((host, after)) = rest.split_once(']') else {
            return Err(format!("address {s}: missing ']' in address"));
        };
        let Some(port) = after.strip_prefix(':') else {
            return Err(format!("address {s}: missing port in address"));
        };
        return Ok((host.to_string(), port.to_string()));
    }
    let Some((host, port)) = s.rsplit_once(':') else {
        return Err(format!("address {s}: missing port in address"));
    };
    if host.contains(':') {
        return Err(format!("address {s}: too many colons in address"));
    }
    Ok((host.to_string(), port.to_string()))
}

/// Go's `net.JoinHostPort`.
pub fn join_host_port(host: &str, port: &str) -> String {
    if host.contains(':') { format!("[{host}]:{port}") } else { format!("{host}:{port}") }
}

/// go-yaml's name for the kind of a value, for error messages.
pub fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "!!null",
        Value::Bool(_) => "!!bool",
        Value::Int(_) => "!!int",
        Value::Float(_) => "!!float",
        Value::String(_) => "!!str",
        Value::Seq(_) => "!!seq",
        Value::Map(_) => "!!map",
    }
}
