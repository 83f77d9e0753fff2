//! Reading Kubernetes objects out of the intake's `Value` the way the Go
//! client decodes them: a missing string is `""`, a missing pointer is nil
//! (`None`), a missing list is empty.

use promplay_operator::Value;

/// The string at `path`, `""` when absent (a Go string field's zero value).
pub fn str_at<'v>(v: &'v Value, path: &[&str]) -> &'v str {
    v.path(path).and_then(Value::as_str).unwrap_or("")
}

/// The string at `path` if it is set (a Go `*string`).
pub fn opt_str<'v>(v: &'v Value, path: &[&str]) -> Option<&'v str> {
    match v.path(path) {
        None | Some(Value::Null) => None,
        Some(x) => Some(x.as_str().unwrap_or("")),
    }
}

/// The boolean at `path` if it is set (a Go `*bool`).
pub fn opt_bool(v: &Value, path: &[&str]) -> Option<bool> {
    v.path(path).and_then(Value::as_bool)
}

/// The sequence at `path`, empty when absent.
pub fn seq<'v>(v: &'v Value, path: &[&str]) -> &'v [Value] {
    v.path(path).and_then(Value::as_seq).unwrap_or(&[])
}

/// A port number as the API server stores it (`int32`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Port {
    /// Not given.
    Missing,
    /// A number.
    Number(i64),
    /// Something else (a string, a float): the API server would refuse it.
    Invalid,
}

/// The port number at `key` of `v`.
pub fn port(v: &Value, key: &str) -> Port {
    match v.get(key) {
        None | Some(Value::Null) => Port::Missing,
        Some(Value::Int(i)) => Port::Number(*i),
        Some(_) => Port::Invalid,
    }
}

/// The string entries of the map at `path` (labels, annotations,
/// `deprecatedTopology`), in written order.
pub fn string_map<'v>(v: &'v Value, path: &[&str]) -> Vec<(&'v str, String)> {
    v.path(path)
        .and_then(Value::as_map)
        .map(|m| m.iter().map(|(k, v)| (k, scalar(v))).collect())
        .unwrap_or_default()
}

/// A scalar as text.
pub fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Int(i) => i.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Float(f) => f.to_string(),
        _ => String::new(),
    }
}

/// `net.JoinHostPort`: brackets around a host that contains a colon (IPv6).
pub fn join_host_port(host: &str, port: &str) -> String {
    if host.contains(':') { format!("[{host}]:{port}") } else { format!("{host}:{port}") }
}

/// The first owner reference with `controller: true` (`GetControllerOf`).
pub fn controller_of(v: &Value) -> Option<(&str, &str)> {
    seq(v, &["metadata", "ownerReferences"])
        .iter()
        .find(|r| r.get("controller").and_then(Value::as_bool) == Some(true))
        .map(|r| (str_at(r, &["kind"]), str_at(r, &["name"])))
}
