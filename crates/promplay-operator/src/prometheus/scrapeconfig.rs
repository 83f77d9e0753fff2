//! Scrape jobs from ScrapeConfig objects (monitoring.coreos.com/v1alpha1),
//! one job `scrapeConfig/<namespace>/<name>` per object, written as the
//! operator's `generateScrapeConfig` writes them: the job settings, every
//! service-discovery kind of the CRD in the operator's order (static, file,
//! HTTP, Kubernetes, Consul, DNS, EC2, Azure, GCE, OpenStack, DigitalOcean,
//! Kuma, Eureka, Docker, Linode, Hetzner, Nomad, Docker Swarm, PuppetDB,
//! Lightsail, OVHcloud, Scaleway, IONOS) with their authentication, TLS and
//! proxy settings and Secret values, then relabelings, sharding and metric
//! relabelings. Every field carries the operator's version gate.

use super::context::{Gen, items, map, opt_bool, opt_text, present, s};
use super::helpers::{
    add_authorization, add_basic_auth, add_oauth2, add_proxy, add_tls,
    merge_safe_authorization_with_class, merge_safe_tls_with_class, relabel_configs,
};
use super::limits::{add_limits, add_native_histograms, add_scrape_protocols, body_size_limit};
use super::monitors::{
    Obj, enforce_namespace, honor_timestamps, init_relabelings, sharding_on_address_if_missing,
    track_timestamps_staleness,
};
use crate::alertmanager::gofmt::key_cmp;

mod check;
mod sd;
#[cfg(test)]
mod tests;

use crate::value::{Map, Value};
pub use check::check;

/// The scrape jobs of the selected ScrapeConfigs, ordered by
/// `<namespace>/<name>` as the operator sorts them.
pub fn scrape_config_jobs(g: Gen<'_>, objs: &[Obj<'_>], shards: i64) -> Result<Vec<Value>, String> {
    let mut sorted: Vec<&Obj<'_>> = objs.iter().collect();
    sorted.sort_by(|a, b| {
        format!("{}/{}", a.namespace, a.name).cmp(&format!("{}/{}", b.namespace, b.name))
    });
    sorted.iter().map(|o| scrape_config_job(g, **o, shards)).collect()
}

/// `generateScrapeConfig` for one object.
pub fn scrape_config_job(g: Gen<'_>, sc: Obj<'_>, shards: i64) -> Result<Value, String> {
    let spec = sc.spec();
    let ns = sc.namespace;
    let class = g.scrape_class(spec.get("scrapeClass"));
    let job = format!("scrapeConfig/{}/{}", sc.namespace, sc.name);
    let mut cfg = map([("job_name", s(job.clone()))]);

    let mut relabelings = init_relabelings();
    if let Some(c) = class {
        relabelings.extend(relabel_configs(items(c, "relabelings")));
    }
    if let Some(name) = present(spec, "jobName") {
        relabelings.push(Value::Map(map([
            ("target_label", s("job")),
            ("action", s("replace")),
            ("replacement", name.clone()),
        ])));
    }

    if let Some(h) = opt_bool(spec, "honorTimestamps") {
        honor_timestamps(g, &mut cfg, Some(h));
    }
    track_timestamps_staleness(g, &mut cfg, opt_bool(spec, "trackTimestampsStaleness"));
    if let Some(h) = opt_bool(spec, "honorLabels") {
        let h = h && !opt_bool(g.spec(), "overrideHonorLabels").unwrap_or(false);
        g.append(&mut cfg, "honor_labels", Value::Bool(h));
    }
    if let Some(p) = opt_text(spec, "metricsPath") {
        cfg.insert("metrics_path", s(p));
    }
    if let Some(Value::Map(params)) = present(spec, "params")
        && !params.is_empty()
    {
        cfg.insert("params", sorted_labels(Some(params)));
    }
    if let Some(b) = opt_bool(spec, "enableCompression") {
        g.min("2.49.0").append(&mut cfg, "enable_compression", Value::Bool(b));
    }
    if let Some(b) = opt_bool(spec, "enableHTTP2") {
        g.min("2.35.0").append(&mut cfg, "enable_http2", Value::Bool(b));
    }
    if let Some(v) = opt_text(spec, "scrapeInterval") {
        cfg.insert("scrape_interval", s(v));
    }
    if let Some(v) = opt_text(spec, "scrapeTimeout") {
        cfg.insert("scrape_timeout", s(v));
    }
    add_scrape_protocols(g, &mut cfg, spec);
    let fallback = opt_text(spec, "fallbackScrapeProtocol")
        .or_else(|| class.and_then(|c| opt_text(c, "fallbackScrapeProtocol")));
    if let Some(p) = fallback {
        g.min("3.0.0").append(&mut cfg, "fallback_scrape_protocol", s(p));
    }
    if let Some(scheme) = opt_text(spec, "scheme") {
        cfg.insert("scheme", s(scheme.to_lowercase()));
    }
    add_proxy(g, &mut cfg, ns, spec);
    add_basic_auth(g, &mut cfg, ns, present(spec, "basicAuth"));
    let auth = merge_safe_authorization_with_class(present(spec, "authorization"), class);
    add_authorization(g, &mut cfg, ns, auth.as_ref());
    add_oauth2(g, &mut cfg, ns, present(spec, "oauth2"));
    let tls = merge_safe_tls_with_class(present(spec, "tlsConfig"), class);
    add_tls(g, &mut cfg, ns, tls.as_ref());

    add_limits(g, &mut cfg, spec);
    add_native_histograms(g, &mut cfg, spec);
    if let Some(limit) = body_size_limit(g, spec) {
        g.min("2.28.0").append(&mut cfg, "body_size_limit", s(limit));
    }

    sd::service_discovery(g, &mut cfg, spec, ns, &job)?;

    if !items(spec, "relabelings").is_empty() {
        relabelings.extend(enforce_namespace(g, "ScrapeConfig", sc, items(spec, "relabelings")));
    }
    if shards != 1 {
        sharding_on_address_if_missing(g, &mut relabelings, shards);
    }
    cfg.insert("relabel_configs", Value::Seq(relabelings));

    let mut metric =
        class.map(|c| relabel_configs(items(c, "metricRelabelings"))).unwrap_or_default();
    metric.extend(enforce_namespace(g, "ScrapeConfig", sc, items(spec, "metricRelabelings")));
    if !metric.is_empty() {
        cfg.insert("metric_relabel_configs", Value::Seq(metric));
    }

    if let Some(v) = opt_text(spec, "nameValidationScheme") {
        g.min("3.0.0").append(&mut cfg, "metric_name_validation_scheme", s(v.to_lowercase()));
    }
    super::global::add_name_escaping_scheme(g, &mut cfg, spec);
    Ok(Value::Map(cfg))
}

/// A Go map as go-yaml writes it: keys in go-yaml's natural order.
pub(super) fn sorted_labels(m: Option<&Map>) -> Value {
    let mut entries: Vec<(String, Value)> =
        m.map(|m| m.iter().map(|(k, v)| (k.to_string(), v.clone())).collect()).unwrap_or_default();
    entries.sort_by(|a, b| key_cmp(&a.0, &b.0));
    Value::Map(entries.into_iter().collect())
}
