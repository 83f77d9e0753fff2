//! The generation context: the Prometheus object being compiled, its
//! version, the operator options that shape the output, the asset store,
//! and version gating. [`Gen::min`] / [`Gen::max`] mirror the operator's
//! `WithMinimumVersion` / `WithMaximumVersion`: a gated generator appends
//! nothing and records a warning instead, and the gate carries through every
//! helper it is passed to.

use std::cell::RefCell;

use super::store::Store;
use super::version::Version;
use crate::select::scalar_text;
use crate::value::{Map, Value};

/// Everything generation needs about one Prometheus object.
pub struct Ctx<'a> {
    /// The parsed `spec.version` (or the operator default).
    pub version: Version,
    /// The version text as written or defaulted, for messages.
    pub version_text: String,
    /// The Prometheus object.
    pub prom: &'a Value,
    /// Its `spec` (an empty map when absent).
    pub spec: &'a Value,
    /// Its namespace.
    pub namespace: &'a str,
    /// Its name.
    pub name: &'a str,
    /// Secrets and ConfigMaps.
    pub store: &'a Store,
    /// The cluster serves EndpointSlices.
    pub endpointslice_supported: bool,
    /// Feature gate PrometheusTopologySharding.
    pub topology_sharding: bool,
    /// Feature gate PrometheusShardRetentionPolicy.
    pub retention_policies: bool,
    /// Pods carry topology labels (k8s >= 1.35).
    pub pod_topology_labels: bool,
    /// Scrape classes by name, in spec order.
    pub scrape_classes: Vec<(String, &'a Value)>,
    /// The default scrape class, if one is marked `default: true`.
    pub default_scrape_class: Option<String>,
    /// Settings dropped because the version does not support them.
    pub warnings: RefCell<Vec<String>>,
    /// Whether the object is a PrometheusAgent (agent configuration).
    pub agent: bool,
    /// A PrometheusAgent in DaemonSet mode (feature gate
    /// PrometheusAgentDaemonSet and `spec.mode: DaemonSet`): every pod scrapes
    /// its own node, PodMonitors only, no sharding.
    pub daemon_set: bool,
    /// The object whose job is being generated (`ServiceMonitor ns/name`),
    /// named in version-gate warnings.
    pub current: RefCell<Option<String>>,
}

/// A generator handle: the context plus an optional version gate.
#[derive(Clone, Copy)]
pub struct Gen<'a> {
    /// The context.
    pub ctx: &'a Ctx<'a>,
    gate: Option<Gate>,
}

#[derive(Clone, Copy)]
enum Gate {
    Min(&'static str),
    Max(&'static str),
}

impl<'a> Gen<'a> {
    /// An ungated generator.
    pub fn new(ctx: &'a Ctx<'a>) -> Gen<'a> {
        Gen { ctx, gate: None }
    }

    /// Gated on `version >= min` (an existing gate stays in force).
    pub fn min(self, min: &'static str) -> Gen<'a> {
        if self.gate.is_some() || self.ctx.version.gte(min) {
            return self;
        }
        Gen { ctx: self.ctx, gate: Some(Gate::Min(min)) }
    }

    /// Gated on `version < max`.
    pub fn max(self, max: &'static str) -> Gen<'a> {
        if self.gate.is_some() || self.ctx.version.lt(max) {
            return self;
        }
        Gen { ctx: self.ctx, gate: Some(Gate::Max(max)) }
    }

    /// Whether the gate (if any) lets settings through.
    pub fn compatible(&self) -> bool {
        self.gate.is_none()
    }

    /// Appends `key: value` unless gated, in which case a warning is recorded.
    pub fn append(&self, cfg: &mut Map, key: &str, value: Value) {
        if self.gate.is_some() {
            self.warn(key);
            return;
        }
        cfg.insert(key, value);
    }

    /// Records that `field` was dropped because of the version gate.
    pub fn warn(&self, field: &str) {
        let why = match self.gate {
            Some(Gate::Min(v)) => format!("it requires Prometheus >= v{v}"),
            Some(Gate::Max(v)) => format!("it is not supported by Prometheus >= v{v}"),
            None => "it is not supported by this Prometheus version".to_string(),
        };
        let mut msg =
            format!("ignoring {field:?}: {why} and spec.version is {}", self.ctx.version_text);
        if let Some(current) = self.ctx.current.borrow().as_deref() {
            msg = format!("{current}: {msg}");
        }
        let mut w = self.ctx.warnings.borrow_mut();
        if !w.contains(&msg) {
            w.push(msg);
        }
    }

    /// The Prometheus spec.
    pub fn spec(&self) -> &'a Value {
        self.ctx.spec
    }

    /// The scrape class named `name`, else the default one, else none.
    pub fn scrape_class(&self, name: Option<&Value>) -> Option<&'a Value> {
        if let Some(name) = name.and_then(Value::as_str)
            && let Some((_, class)) = self.ctx.scrape_classes.iter().find(|(n, _)| n == name)
        {
            return Some(class);
        }
        let default = self.ctx.default_scrape_class.as_deref()?;
        self.ctx.scrape_classes.iter().find(|(n, _)| n == default).map(|(_, c)| *c)
    }
}

/// A string value.
pub fn s(text: impl Into<String>) -> Value {
    Value::String(text.into())
}

/// A sequence of strings.
pub fn strs<I, S>(items: I) -> Value
where
    I: IntoIterator<Item = S>,
    S: Into<String>,
{
    Value::Seq(items.into_iter().map(|x| Value::String(x.into())).collect())
}

/// Builds a map from `(key, value)` pairs in order.
pub fn map<const N: usize>(pairs: [(&str, Value); N]) -> Map {
    let mut m = Map::new();
    for (k, v) in pairs {
        m.insert(k, v);
    }
    m
}

/// A field that Go reads as a plain `string`: the text, or `""` when absent.
pub fn text(v: &Value, key: &str) -> String {
    v.get(key).map(scalar_text).unwrap_or_default()
}

/// A field that Go reads as `*string`: `None` when absent or null.
pub fn opt_text(v: &Value, key: &str) -> Option<String> {
    match v.get(key) {
        None | Some(Value::Null) => None,
        Some(x) => Some(scalar_text(x)),
    }
}

/// A field that Go reads as `*bool`.
pub fn opt_bool(v: &Value, key: &str) -> Option<bool> {
    v.get(key).and_then(Value::as_bool)
}

/// A field that Go reads as an integer pointer.
pub fn opt_int(v: &Value, key: &str) -> Option<i64> {
    match v.get(key) {
        Some(Value::Int(i)) => Some(*i),
        Some(Value::Float(f)) if f.fract() == 0.0 => Some(*f as i64),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A present, non-null field.
pub fn present<'v>(v: &'v Value, key: &str) -> Option<&'v Value> {
    match v.get(key) {
        None | Some(Value::Null) => None,
        Some(x) => Some(x),
    }
}

/// The items of a sequence field (empty when absent).
pub fn items<'v>(v: &'v Value, key: &str) -> &'v [Value] {
    v.get(key).and_then(Value::as_seq).unwrap_or(&[])
}

/// A sequence of strings field.
pub fn string_list(v: &Value, key: &str) -> Vec<String> {
    items(v, key).iter().map(scalar_text).collect()
}

/// Whether a value is Go's zero value for a struct (absent, null or a map
/// whose fields are all zero).
pub fn is_zero(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => true,
        Some(Value::Map(m)) => m.iter().all(|(_, x)| is_zero_scalar(x)),
        Some(_) => false,
    }
}

fn is_zero_scalar(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Map(_) => is_zero(Some(v)),
        // Pointers to false/0 and empty slices are not zero in Go, but the
        // API server drops empty lists, so treat `[]` as absent.
        Value::Seq(items) => items.is_empty(),
        _ => false,
    }
}

/// A Kubernetes quantity (`"0.5"`, `500m`, `1`) as a float, like
/// `AsApproximateFloat64`.
pub fn quantity(v: &Value) -> Option<f64> {
    match v {
        Value::Int(i) => Some(*i as f64),
        Value::Float(f) => Some(*f),
        Value::String(s) => parse_quantity(s),
        _ => None,
    }
}

fn parse_quantity(text: &str) -> Option<f64> {
    let t = text.trim();
    let suffixes: [(&str, f64); 14] = [
        ("Ki", 1024.0),
        ("Mi", 1024f64.powi(2)),
        ("Gi", 1024f64.powi(3)),
        ("Ti", 1024f64.powi(4)),
        ("Pi", 1024f64.powi(5)),
        ("Ei", 1024f64.powi(6)),
        ("n", 1e-9),
        ("u", 1e-6),
        ("m", 1e-3),
        ("k", 1e3),
        ("M", 1e6),
        ("G", 1e9),
        ("T", 1e12),
        ("P", 1e15),
    ];
    for (suffix, mul) in suffixes {
        if let Some(num) = t.strip_suffix(suffix) {
            return num.parse::<f64>().ok().map(|n| n * mul);
        }
    }
    if let Some(num) = t.strip_suffix('E') {
        return num.parse::<f64>().ok().map(|n| n * 1e18);
    }
    t.parse().ok()
}
