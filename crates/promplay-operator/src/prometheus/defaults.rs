//! The CRD schema defaults the API server fills in when a field is absent,
//! for the fields that reach prometheus.yaml: `scrapeInterval` and
//! `evaluationInterval` (30s; agents only have the former), every relabeling's `action` (`replace`) and a
//! Probe's `prober.path` (`/probe`). Applied to a copy of the object.

use crate::value::{Map, Value};

/// The object with its CRD defaults, or `None` when none applies to `kind`.
pub fn with_defaults(kind: &str, object: &Value) -> Option<Value> {
    let paths: &[&[&str]] = match kind {
        "Prometheus" => &[
            &["scrapeClasses", "*", "relabelings"],
            &["scrapeClasses", "*", "metricRelabelings"],
            &["alerting", "alertmanagers", "*", "relabelings"],
            &["alerting", "alertmanagers", "*", "alertRelabelings"],
            &["remoteWrite", "*", "writeRelabelConfigs"],
        ],
        "PrometheusAgent" => &[
            &["scrapeClasses", "*", "relabelings"],
            &["scrapeClasses", "*", "metricRelabelings"],
            &["remoteWrite", "*", "writeRelabelConfigs"],
        ],
        "ServiceMonitor" => {
            &[&["endpoints", "*", "relabelings"], &["endpoints", "*", "metricRelabelings"]]
        }
        "PodMonitor" => &[
            &["podMetricsEndpoints", "*", "relabelings"],
            &["podMetricsEndpoints", "*", "metricRelabelings"],
        ],
        "Probe" => &[
            &["metricRelabelings"],
            &["targets", "staticConfig", "relabelingConfigs"],
            &["targets", "ingress", "relabelingConfigs"],
        ],
        "ScrapeConfig" => &[&["relabelings"], &["metricRelabelings"]],
        _ => return None,
    };
    let mut out = object.clone();
    let Some(Value::Map(root)) = map_mut(&mut out, "spec") else {
        return Some(out);
    };
    for path in paths {
        default_relabelings(root, path);
    }
    match kind {
        "Prometheus" => {
            for key in ["scrapeInterval", "evaluationInterval"] {
                if root.get(key).is_none() {
                    root.insert(key, Value::String("30s".into()));
                }
            }
        }
        "PrometheusAgent" if root.get("scrapeInterval").is_none() => {
            root.insert("scrapeInterval", Value::String("30s".into()));
        }
        "Probe" => {
            if let Some(Value::Map(prober)) = root_get_mut(root, "prober")
                && prober.get("path").is_none()
            {
                prober.insert("path", Value::String("/probe".into()));
            }
        }
        _ => {}
    }
    Some(out)
}

fn map_mut<'v>(v: &'v mut Value, key: &str) -> Option<&'v mut Value> {
    match v {
        Value::Map(m) => m.get_mut(key),
        _ => None,
    }
}

fn root_get_mut<'m>(m: &'m mut Map, key: &str) -> Option<&'m mut Value> {
    m.get_mut(key)
}

fn default_relabelings(m: &mut Map, path: &[&str]) {
    let Some((first, rest)) = path.split_first() else {
        return;
    };
    let Some(v) = root_get_mut(m, first) else { return };
    match (rest.first(), v) {
        (None, Value::Seq(items)) => {
            for item in items {
                if let Value::Map(rc) = item
                    && rc.get("action").is_none()
                {
                    rc.insert("action", Value::String("replace".into()));
                }
            }
        }
        (Some(&"*"), Value::Seq(items)) => {
            for item in items {
                if let Value::Map(inner) = item {
                    default_relabelings(inner, &rest[1..]);
                }
            }
        }
        (Some(_), Value::Map(inner)) => default_relabelings(inner, rest),
        _ => {}
    }
}
