//! One `scrape_configs` entry of a generated prometheus.yaml, read from the
//! operator's value tree with Prometheus' defaults filled in as
//! `config.Load` does (`ScrapeConfig.Validate`): the interval and timeout
//! fall back to the global ones, the timeout never exceeds the interval,
//! `scheme` is `http` and `metrics_path` `/metrics` when unset.

use promplay_operator::Value;
use promplay_promql_syntax::{format_duration, parse_duration};

/// Prometheus' global defaults (`DefaultGlobalConfig`).
const DEFAULT_INTERVAL_MS: i64 = 60_000;
const DEFAULT_TIMEOUT_MS: i64 = 10_000;

/// The scrape settings that become target labels or that the ingest preview needs.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// `scrape_interval`, formatted as `model.Duration` prints it.
    pub interval: String,
    /// `scrape_timeout`, formatted likewise.
    pub timeout: String,
    /// `scheme`.
    pub scheme: String,
    /// `metrics_path`.
    pub metrics_path: String,
    /// `params`: the first value of each, sorted by name (only the first
    /// becomes a `__param_<name>` label).
    pub params: Vec<(String, String)>,
    /// `honor_labels`.
    pub honor_labels: bool,
    /// `honor_timestamps` (default true).
    pub honor_timestamps: bool,
}

/// A scrape configuration as the targets analysis reads it.
#[derive(Clone, Debug)]
pub struct JobConfig<'a> {
    /// `job_name`.
    pub name: String,
    /// Settings with defaults applied.
    pub settings: Settings,
    /// `relabel_configs` (a sequence), if any.
    pub relabel_configs: Option<&'a Value>,
    /// `metric_relabel_configs` (a sequence), if any.
    pub metric_relabel_configs: Option<&'a Value>,
    /// `kubernetes_sd_configs` entries.
    pub kubernetes_sd: Vec<&'a Value>,
    /// `static_configs` entries.
    pub static_configs: Vec<&'a Value>,
    /// Other service discovery kinds the playground cannot simulate (`dns_sd_configs`, ...).
    pub other_sd: Vec<String>,
    /// Problems reading the configuration, as Prometheus would report them
    /// when loading it.
    pub errors: Vec<String>,
}

/// Reads every job of a prometheus.yaml tree.
pub fn jobs(config: &Value) -> Vec<JobConfig<'_>> {
    let global = config.get("global");
    let global_interval = global
        .and_then(|g| g.get("scrape_interval"))
        .and_then(|v| duration(v).ok())
        .filter(|ms| *ms > 0)
        .unwrap_or(DEFAULT_INTERVAL_MS);
    let global_timeout = global
        .and_then(|g| g.get("scrape_timeout"))
        .and_then(|v| duration(v).ok())
        .filter(|ms| *ms > 0)
        .unwrap_or(DEFAULT_TIMEOUT_MS.min(global_interval));
    config
        .get("scrape_configs")
        .and_then(Value::as_seq)
        .unwrap_or(&[])
        .iter()
        .map(|sc| job(sc, global_interval, global_timeout))
        .collect()
}

fn job(sc: &Value, global_interval: i64, global_timeout: i64) -> JobConfig<'_> {
    let mut errors = Vec::new();
    let name = text(sc.get("job_name")).unwrap_or_default();
    let mut read = |key: &str| match sc.get(key).map(duration) {
        None => None,
        Some(Ok(ms)) => Some(ms),
        Some(Err(e)) => {
            errors.push(format!("{key}: {e}"));
            None
        }
    };
    let interval = read("scrape_interval").filter(|ms| *ms > 0).unwrap_or(global_interval);
    let timeout = match read("scrape_timeout").filter(|ms| *ms > 0) {
        Some(t) => t,
        None => global_timeout.min(interval),
    };
    if timeout > interval {
        errors.push(format!(
            "scrape timeout greater than scrape interval for scrape config with job name {name:?}"
        ));
    }
    let mut params: Vec<(String, String)> = sc
        .get("params")
        .and_then(Value::as_map)
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| {
                    let first = v.as_seq().and_then(|s| s.first()).and_then(|f| text(Some(f)))?;
                    Some((k.to_string(), first))
                })
                .collect()
        })
        .unwrap_or_default();
    params.sort();
    let settings = Settings {
        interval: format_duration(interval),
        timeout: format_duration(timeout),
        scheme: text(sc.get("scheme")).filter(|s| !s.is_empty()).unwrap_or_else(|| "http".into()),
        metrics_path: text(sc.get("metrics_path"))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "/metrics".into()),
        params,
        honor_labels: sc.get("honor_labels").and_then(Value::as_bool).unwrap_or(false),
        honor_timestamps: sc.get("honor_timestamps").and_then(Value::as_bool).unwrap_or(true),
    };
    let seq = |key: &str| -> Vec<&Value> {
        sc.get(key).and_then(Value::as_seq).map(|s| s.iter().collect()).unwrap_or_default()
    };
    let other_sd = sc
        .as_map()
        .map(|m| {
            m.iter()
                .map(|(k, _)| k)
                .filter(|k| {
                    k.ends_with("_sd_configs") && *k != "kubernetes_sd_configs"
                        || *k == "file_sd_configs"
                })
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    JobConfig {
        name,
        settings,
        relabel_configs: sc.get("relabel_configs"),
        metric_relabel_configs: sc.get("metric_relabel_configs"),
        kubernetes_sd: seq("kubernetes_sd_configs"),
        static_configs: seq("static_configs"),
        other_sd,
        errors,
    }
}

/// A scalar as text.
pub(crate) fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Int(i) => Some(i.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Float(f) => Some(f.to_string()),
        _ => None,
    }
}

fn duration(v: &Value) -> Result<i64, String> {
    match v {
        Value::String(s) => parse_duration(s),
        Value::Int(0) => Ok(0),
        other => Err(format!("not a valid duration string: {other:?}")),
    }
}
