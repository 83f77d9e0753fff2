//! The parts of prometheus.yaml that come from the Prometheus object itself:
//! `global` (intervals, external labels with the reserved `prometheus` /
//! `prometheus_replica` labels, limits, log files, name schemes), `runtime`,
//! `rule_files`, `storage` (exemplars, TSDB, retention for >= 3.11),
//! `otlp` and `tracing`.

use super::context::{
    Gen, items, map, opt_bool, opt_int, opt_text, present, quantity, s, string_list, strs, text,
};
use super::helpers::{add_tls, sorted_string_map};
use super::limits::add_scrape_protocols;
use super::monitors::topology_zones;
use crate::value::{Map, Value};

/// Default retention when neither time nor size is set.
pub const DEFAULT_RETENTION: &str = "24h";

/// `buildGlobalConfig` plus, for a Prometheus (not an agent), evaluation
/// interval, rule query offset and query log file.
pub fn global(g: Gen<'_>) -> Value {
    let spec = g.spec();
    let mut cfg = Map::new();
    cfg.insert("scrape_interval", s(text(spec, "scrapeInterval")));
    let timeout = text(spec, "scrapeTimeout");
    if !timeout.is_empty() {
        cfg.insert("scrape_timeout", s(timeout));
    }
    add_scrape_protocols(g, &mut cfg, spec);
    cfg.insert("external_labels", Value::Map(external_labels(g)));
    scrape_limits(g, &mut cfg);
    if let Some(file) = opt_text(spec, "scrapeFailureLogFile") {
        g.min("2.55.0").append(&mut cfg, "scrape_failure_log_file", s(log_file_path(&file)));
    }
    if let Some(scheme) = opt_text(spec, "nameValidationScheme") {
        g.min("3.0.0").append(&mut cfg, "metric_name_validation_scheme", s(scheme.to_lowercase()));
    }
    add_name_escaping_scheme(g, &mut cfg, spec);
    if let Some(b) = opt_bool(spec, "convertClassicHistogramsToNHCB") {
        g.min("3.4.0").append(&mut cfg, "convert_classic_histograms_to_nhcb", Value::Bool(b));
    }
    if let Some(b) = opt_bool(spec, "scrapeClassicHistograms") {
        g.min("3.5.0").append(&mut cfg, "always_scrape_classic_histograms", Value::Bool(b));
    }
    if let Some(b) = opt_bool(spec, "scrapeNativeHistograms") {
        g.min("3.8.0").append(&mut cfg, "scrape_native_histograms", Value::Bool(b));
    }
    if g.ctx.agent {
        return Value::Map(cfg);
    }
    cfg.insert("evaluation_interval", s(text(spec, "evaluationInterval")));
    if let Some(offset) = opt_text(spec, "ruleQueryOffset") {
        g.min("2.53.0").append(&mut cfg, "rule_query_offset", s(offset));
    }
    let query_log = text(spec, "queryLogFile");
    if !query_log.is_empty() {
        g.min("2.16.0").append(&mut cfg, "query_log_file", s(log_file_path(&query_log)));
    }
    Value::Map(cfg)
}

/// `logFilePath`: a bare file name goes to the default log volume.
pub fn log_file_path(file: &str) -> String {
    if !file.is_empty() && !file.contains('/') {
        format!("/var/log/prometheus/{file}")
    } else {
        file.to_string()
    }
}

/// The replica label name (`prometheus_replica` unless overridden; may be empty).
pub fn replica_label_name(g: Gen<'_>) -> String {
    opt_text(g.spec(), "replicaExternalLabelName").unwrap_or_else(|| "prometheus_replica".into())
}

/// External labels, sorted by name, the reserved ones winning over the user's.
fn external_labels(g: Gen<'_>) -> Map {
    let spec = g.spec();
    let mut labels: Vec<(String, String)> = Vec::new();
    let prom_label =
        opt_text(spec, "prometheusExternalLabelName").unwrap_or_else(|| "prometheus".into());
    if !prom_label.is_empty() {
        labels.push((prom_label, format!("{}/{}", g.ctx.namespace, g.ctx.name)));
    }
    let replica = replica_label_name(g);
    if !replica.is_empty() {
        labels.retain(|(k, _)| *k != replica);
        labels.push((replica, "$(POD_NAME)".into()));
    }
    if g.ctx.topology_sharding
        && let Some(ss) = present(spec, "shardingStrategy")
        && text(ss, "mode") == "Topology"
        && let Some(topology) = present(ss, "topology")
    {
        let name = opt_text(topology, "externalLabelName").unwrap_or_else(|| "zone".into());
        if !name.is_empty() {
            labels.retain(|(k, _)| *k != name);
            labels.push((name, "$(TOPOLOGY_ZONE)".into()));
        }
    }
    if let Some(user) = present(spec, "externalLabels").and_then(Value::as_map) {
        for (k, v) in user.iter() {
            if labels.iter().any(|(n, _)| n == k) {
                g.ctx
                    .warnings
                    .borrow_mut()
                    .push(format!("ignoring external label {k:?} because it is a reserved key"));
                continue;
            }
            labels.push((k.to_string(), crate::select::scalar_text(v)));
        }
    }
    labels.sort_by(|a, b| a.0.cmp(&b.0));
    labels.into_iter().map(|(k, v)| (k, s(v))).collect()
}

fn scrape_limits(g: Gen<'_>, cfg: &mut Map) {
    let spec = g.spec();
    let body = opt_text(spec, "bodySizeLimit");
    let enforced_body = text(spec, "enforcedBodySizeLimit");
    if let Some(b) = body {
        g.min("2.45.0").append(cfg, "body_size_limit", s(b));
    } else if !enforced_body.is_empty() {
        g.min("2.45.0").append(cfg, "body_size_limit", s(enforced_body));
    }
    let limits: [(&str, &str, &str, &'static str); 6] = [
        ("sampleLimit", "enforcedSampleLimit", "sample_limit", "2.45.0"),
        ("targetLimit", "enforcedTargetLimit", "target_limit", "2.45.0"),
        ("labelLimit", "enforcedLabelLimit", "label_limit", "2.45.0"),
        (
            "labelNameLengthLimit",
            "enforcedLabelNameLengthLimit",
            "label_name_length_limit",
            "2.45.0",
        ),
        (
            "labelValueLengthLimit",
            "enforcedLabelValueLengthLimit",
            "label_value_length_limit",
            "2.45.0",
        ),
        ("keepDroppedTargets", "enforcedKeepDroppedTargets", "keep_dropped_targets", "2.47.0"),
    ];
    for (field, enforced, key, min) in limits {
        let gated = if min == "2.47.0" { g.min("2.47.0") } else { g.min("2.45.0") };
        let limit = opt_int(spec, field).unwrap_or(0);
        let enforced = opt_int(spec, enforced).unwrap_or(0);
        if limit > 0 {
            let v = if enforced > 0 && limit > enforced { enforced } else { limit };
            gated.append(cfg, key, Value::Int(v));
        } else if enforced > 0 {
            gated.append(cfg, key, Value::Int(enforced));
        }
    }
}

/// `runtime` (2.53.0).
pub fn runtime(g: Gen<'_>, cfg: &mut Map) {
    let Some(rt) = present(g.spec(), "runtime") else {
        return;
    };
    if !g.min("2.53.0").compatible() {
        g.min("2.53.0").warn("runtime");
        return;
    }
    let mut out = Map::new();
    if let Some(gogc) = opt_int(rt, "goGC") {
        out.insert("gogc", Value::Int(gogc));
    }
    g.append(cfg, "runtime", Value::Map(out));
}

/// `rule_files` when a rule selector is set: one glob per rule ConfigMap.
pub fn rule_files(g: Gen<'_>, cfg: &mut Map, configmaps: &[String]) {
    if present(g.spec(), "ruleSelector").is_none() {
        return;
    }
    let paths = configmaps.iter().map(|name| format!("/etc/prometheus/rules/{name}/*.yaml"));
    cfg.insert("rule_files", strs(paths));
}

/// `storage` (exemplars, TSDB settings, retention); an error rejects the config.
pub fn storage(g: Gen<'_>, cfg: &mut Map) -> Result<(), String> {
    let spec = g.spec();
    let gated = g.min("2.29.0");
    let tsdb = present(spec, "tsdb");
    if let Some(t) = tsdb
        && let Some(th) = present(t, "staleSeriesCompactionThreshold")
        && let Some(v) = quantity(th)
        && !(0.0..=1.0).contains(&v)
    {
        return Err(format!(
            "`staleSeriesCompactionThreshold` must be between 0 and 1. The current value is {}",
            crate::select::scalar_text(th)
        ));
    }
    let floats = tsdb.and_then(|t| present(t, "chunkEncoding")).and_then(|c| opt_text(c, "floats"));
    if floats.as_deref() == Some("Xor")
        && string_list(spec, "enableFeatures").iter().any(|f| f == "st-storage")
    {
        return Err("chunk encoding \"Xor\" is incompatible with --enable-feature=st-storage (XOR chunks do not store start timestamps)".into());
    }
    let mut storage = Map::new();
    if let Some(max) = present(spec, "exemplars").and_then(|e| opt_int(e, "maxSize")) {
        gated.append(
            &mut storage,
            "exemplars",
            Value::Map(map([("max_exemplars", Value::Int(max))])),
        );
    }
    let mut tsdb_out = Map::new();
    if let Some(t) = tsdb {
        if let Some(w) = opt_text(t, "outOfOrderTimeWindow") {
            g.min("2.39.0").append(&mut tsdb_out, "out_of_order_time_window", s(w));
        }
        if let Some(v) = present(t, "staleSeriesCompactionThreshold").and_then(quantity) {
            g.min("3.10.0").append(
                &mut tsdb_out,
                "stale_series_compaction_threshold",
                Value::Float(v),
            );
        }
        if let Some(f) = &floats {
            g.min("3.13.0").append(
                &mut tsdb_out,
                "chunk_encoding",
                Value::Map(map([("floats", s(f.to_lowercase()))])),
            );
        }
    }
    if g.min("3.11.0").compatible() {
        let retention = text(spec, "retention");
        let size = text(spec, "retentionSize");
        let time = if retention.is_empty() && size.is_empty() {
            DEFAULT_RETENTION.to_string()
        } else {
            retention
        };
        let mut r = Map::new();
        if !time.is_empty() {
            r.insert("time", s(time));
        }
        if !size.is_empty() {
            r.insert("size", s(size));
        }
        tsdb_out.insert("retention", Value::Map(r));
    }
    if !tsdb_out.is_empty() {
        storage.insert("tsdb", Value::Map(tsdb_out));
    }
    if !storage.is_empty() {
        gated.append(cfg, "storage", Value::Map(storage));
    }
    Ok(())
}

/// The agent's `storage`: each TSDB setting behind its own gate, as
/// `GenerateAgentConfiguration` writes it (no retention, no exemplars).
pub fn agent_storage(g: Gen<'_>, cfg: &mut Map) -> Result<(), String> {
    let spec = g.spec();
    let Some(t) = present(spec, "tsdb") else {
        return Ok(());
    };
    if let Some(th) = present(t, "staleSeriesCompactionThreshold")
        && let Some(v) = quantity(th)
        && !(0.0..=1.0).contains(&v)
    {
        return Err(format!(
            "`staleSeriesCompactionThreshold` must be between 0 and 1. The current value is {}",
            crate::select::scalar_text(th)
        ));
    }
    let floats = present(t, "chunkEncoding").and_then(|c| opt_text(c, "floats"));
    if floats.as_deref() == Some("Xor")
        && string_list(spec, "enableFeatures").iter().any(|f| f == "st-storage")
    {
        return Err("chunk encoding \"Xor\" is incompatible with --enable-feature=st-storage (XOR chunks do not store start timestamps)".into());
    }
    let tsdb =
        |key: &str, value: Value| Value::Map(map([("tsdb", Value::Map(map([(key, value)])))]));
    if let Some(w) = opt_text(t, "outOfOrderTimeWindow") {
        g.min("2.54.0").append(cfg, "storage", tsdb("out_of_order_time_window", s(w)));
    }
    if let Some(v) = present(t, "staleSeriesCompactionThreshold").and_then(quantity) {
        g.min("3.10.0").append(
            cfg,
            "storage",
            tsdb("stale_series_compaction_threshold", Value::Float(v)),
        );
    }
    if let Some(f) = floats {
        g.min("3.13.0").append(
            cfg,
            "storage",
            tsdb("chunk_encoding", Value::Map(map([("floats", s(f.to_lowercase()))]))),
        );
    }
    Ok(())
}

/// `otlp`; an error rejects the config.
pub fn otlp(g: Gen<'_>, cfg: &mut Map) -> Result<(), String> {
    let spec = g.spec();
    let Some(o) = present(spec, "otlp") else {
        return Ok(());
    };
    let v = &g.ctx.version;
    let strategy = opt_text(o, "translationStrategy").unwrap_or_default();
    if v.lt("2.55.0") {
        return Err("OTLP configuration is only supported from Prometheus version 2.55.0".into());
    }
    if strategy == "NoUTF8EscapingWithSuffixes" && text(spec, "nameValidationScheme") == "Legacy" {
        return Err("nameValidationScheme \"Legacy\" is not compatible with OTLP translation strategy \"NoUTF8EscapingWithSuffixes\"".into());
    }
    if v.lt("3.4.0") && strategy == "NoTranslation" {
        return Err("nameValidationScheme \"NoTranslation\" is only supported from Prometheus version 3.4.0 ".into());
    }
    if v.lt("3.6.0") && strategy == "UnderscoreEscapingWithoutSuffixes" {
        return Err("nameValidationScheme \"UnderscoreEscapingWithoutSuffixes\" is only supported from Prometheus version 3.6.0 ".into());
    }
    let promote = string_list(o, "promoteResourceAttributes");
    let promote_all = opt_bool(o, "promoteAllResourceAttributes");
    let ignore = string_list(o, "ignoreResourceAttributes");
    if v.gte("3.5.0") {
        if !promote.is_empty() && promote_all == Some(true) {
            return Err("'promoteAllResourceAttributes' cannot be set to 'true' simultaneously with 'promoteResourceAttributes'".into());
        }
        if !ignore.is_empty() && promote_all != Some(true) {
            return Err("'ignoreResourceAttributes' can only be set when 'promoteAllResourceAttributes' is true".into());
        }
    }
    let mut out = Map::new();
    if !promote.is_empty() {
        g.min("2.55.0").append(&mut out, "promote_resource_attributes", strs(promote));
    }
    if let Some(t) = opt_text(o, "translationStrategy") {
        g.min("3.0.0").append(&mut out, "translation_strategy", s(t));
    }
    let bools: [(&str, &str, &'static str); 2] = [
        ("keepIdentifyingResourceAttributes", "keep_identifying_resource_attributes", "3.1.0"),
        ("convertHistogramsToNHCB", "convert_histograms_to_nhcb", "3.4.0"),
    ];
    for (field, key, min) in bools {
        if let Some(b) = opt_bool(o, field) {
            gate(g, min).append(&mut out, key, Value::Bool(b));
        }
    }
    if let Some(b) = promote_all {
        g.min("3.5.0").append(&mut out, "promote_all_resource_attributes", Value::Bool(b));
    }
    if !ignore.is_empty() {
        g.min("3.5.0").append(&mut out, "ignore_resource_attributes", strs(ignore));
    }
    let later: [(&str, &str, &'static str); 3] = [
        ("promoteScopeMetadata", "promote_scope_metadata", "3.6.0"),
        ("labelNameUnderscoreSanitization", "label_name_underscore_sanitization", "3.8.0"),
        (
            "labelNamePreserveMultipleUnderscores",
            "label_name_preserve_multiple_underscores",
            "3.8.0",
        ),
    ];
    for (field, key, min) in later {
        if let Some(b) = opt_bool(o, field) {
            gate(g, min).append(&mut out, key, Value::Bool(b));
        }
    }
    if !out.is_empty() {
        g.append(cfg, "otlp", Value::Map(out));
    }
    Ok(())
}

fn gate<'a>(g: Gen<'a>, min: &'static str) -> Gen<'a> {
    g.min(min)
}

/// `tracing`; an error rejects the config.
pub fn tracing(g: Gen<'_>, cfg: &mut Map) -> Result<(), String> {
    let Some(t) = present(g.spec(), "tracingConfig") else {
        return Ok(());
    };
    if let Some(tls) = present(t, "tlsConfig") {
        super::validate::tls_config(tls)?;
    }
    let fraction = present(t, "samplingFraction").and_then(quantity);
    if let Some(f) = fraction
        && !(0.0..=1.0).contains(&f)
    {
        return Err("`samplingFraction` must be between 0 and 1".into());
    }
    let mut out = map([("endpoint", s(text(t, "endpoint")))]);
    if let Some(c) = opt_text(t, "clientType") {
        out.insert("client_type", s(c.to_lowercase()));
    }
    if let Some(f) = fraction {
        out.insert("sampling_fraction", Value::Float(f));
    }
    if let Some(b) = opt_bool(t, "insecure") {
        out.insert("insecure", Value::Bool(b));
    }
    if let Some(h) = present(t, "headers").and_then(Value::as_map)
        && !h.is_empty()
    {
        out.insert("headers", Value::Map(sorted_string_map(h)));
    }
    if let Some(c) = opt_text(t, "compression") {
        out.insert("compression", s(c.to_lowercase()));
    }
    if let Some(timeout) = opt_text(t, "timeout") {
        out.insert("timeout", s(timeout));
    }
    add_tls(g, &mut out, g.ctx.namespace, present(t, "tlsConfig"));
    cfg.insert("tracing", Value::Map(out));
    Ok(())
}

/// Whether topology sharding is configured (for the zone external label).
pub fn topology_active(g: Gen<'_>) -> bool {
    topology_zones(g).is_some()
}

/// The shard count (`spec.shards`, at least 1).
pub fn shards(g: Gen<'_>) -> i64 {
    opt_int(g.spec(), "shards").filter(|n| *n > 1).unwrap_or(1)
}

/// The items of `spec.<field>` (helper for alerting/remote).
pub fn spec_items<'a>(g: Gen<'a>, field: &str) -> &'a [Value] {
    items(g.spec(), field)
}

/// `metric_name_escaping_scheme` from a Prometheus or ScrapeConfig spec's
/// `nameEscapingScheme` (3.4.0 and later).
pub(super) fn add_name_escaping_scheme(g: Gen<'_>, cfg: &mut Map, spec: &Value) {
    let mapped = match opt_text(spec, "nameEscapingScheme").as_deref() {
        Some("AllowUTF8") => "allow-utf-8",
        Some("Underscores") => "underscores",
        Some("Dots") => "dots",
        Some("Values") => "values",
        _ => return,
    };
    g.min("3.4.0").append(cfg, "metric_name_escaping_scheme", s(mapped));
}
