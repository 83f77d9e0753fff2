//! Scrape jobs from ScrapeConfig objects (monitoring.coreos.com/v1alpha1),
//! one job `scrapeConfig/<namespace>/<name>` per object, written as the
//! operator's `generateScrapeConfig` writes them: the job settings, every
//! service-discovery kind of the CRD in the operator's order (static, file,
//! HTTP, Kubernetes, Consul, DNS, EC2, Azure, GCE, OpenStack, DigitalOcean,
//! Kuma, Eureka, Docker, Linode, Hetzner, Nomad, Docker Swarm, PuppetDB,
//! Lightsail, OVHcloud, Scaleway, IONOS) with their authentication, TLS and
//! proxy settings and Secret values, then relabelings, sharding and metric
//! relabelings. Every field carries the operator's version gate.

use super::context::{
    Gen, items, map, opt_bool, opt_int, opt_text, present, s, string_list, strs, text,
};
use super::helpers::{
    add_authorization, add_basic_auth, add_oauth2, add_proxy, add_safe_authorization, add_safe_tls,
    add_tls, merge_safe_authorization_with_class, merge_safe_tls_with_class, relabel_configs,
};
use super::limits::{add_native_histograms, add_scrape_protocols, body_size_limit};
use super::monitors::{
    Obj, enforce_namespace, honor_timestamps, init_relabelings, sharding_on_address_if_missing,
    track_timestamps_staleness,
};
use super::store::{KeyRef, Store};
use super::validate as v;
use crate::alertmanager::gofmt::key_cmp;
use crate::value::{Map, Value};

/// The scrape jobs of the selected ScrapeConfigs, ordered by
/// `<namespace>/<name>` as the operator sorts them.
pub fn scrape_config_jobs(g: Gen<'_>, objs: &[Obj<'_>], shards: i64) -> Result<Vec<Value>, String> {
    let mut sorted: Vec<&Obj<'_>> = objs.iter().collect();
    sorted.sort_by(|a, b| {
        format!("{}/{}", a.namespace, a.name).cmp(&format!("{}/{}", b.namespace, b.name))
    });
    sorted.iter().map(|o| scrape_config_job(g, **o, shards)).collect()
}

/// The service-discovery checks of `checkScrapeConfig` (the common ones
/// are made by the selection): `Err((field path, reason))` rejects the
/// object.
///
/// The operator (0.93) rejects every ScrapeConfig when the Prometheus is
/// older than the oldest version some SD kind needs (HTTP 2.28, Linode
/// 2.28, OVHcloud 2.40, ...), even when the object uses none of those
/// kinds; this checks each gate only when the object uses the kind, which
/// is what the gates are meant for and what the conformance goldens show.
pub fn check(g: Gen<'_>, store: &Store, obj: Obj<'_>) -> Result<(), (String, String)> {
    let spec = obj.spec();
    let ns = obj.namespace;
    let version = &g.ctx.version;
    let ver = &g.ctx.version_text;
    let kinds: [(&str, &str, Option<&str>); 23] = [
        ("staticConfigs", "staticConfigs", None),
        ("fileSDConfigs", "fileSDConfigs", None),
        ("httpSDConfigs", "httpSDConfigs", Some("2.28.0")),
        ("kubernetesSDConfigs", "kubernetesSDConfigs", None),
        ("consulSDConfigs", "consulSDConfigs", None),
        ("dnsSDConfigs", "dnsSDConfigs", None),
        ("ec2SDConfigs", "ec2SDConfigs", None),
        ("azureSDConfigs", "azureSDConfigs", None),
        ("gceSDConfigs", "gceSDConfigs", None),
        ("openstackSDConfigs", "openstackSDConfigs", None),
        ("digitalOceanSDConfigs", "digitalOceanSDConfigs", Some("2.20.0")),
        ("kumaSDConfigs", "kumaSDConfigs", None),
        ("eurekaSDConfigs", "eurekaSDConfigs", None),
        ("dockerSDConfigs", "dockerSDConfigs", None),
        ("linodeSDConfigs", "linodeSDConfigs", Some("2.28.0")),
        ("hetznerSDConfigs", "hetznerSDConfigs", None),
        ("nomadSDConfigs", "nomadSDConfigs", None),
        ("dockerSwarmSDConfigs", "dockerswarmSDConfigs", Some("2.20.0")),
        ("puppetDBSDConfigs", "puppetDBSDConfigs", Some("2.31.0")),
        ("lightSailSDConfigs", "lightSailSDConfigs", Some("2.27.0")),
        ("ovhcloudSDConfigs", "OVHCloudSDConfigs", Some("2.40.0")),
        ("scalewaySDConfigs", "ScalewaySDConfigs", Some("2.26.0")),
        ("ionosSDConfigs", "IonosSDConfigs", Some("2.36.0")),
    ];
    for (field, label, min) in kinds {
        let list = items(spec, field);
        if list.is_empty() {
            continue;
        }
        let fail = |i: Option<usize>, e: String| {
            let path = match i {
                Some(i) => format!("spec.{field}[{i}]"),
                None => format!("spec.{field}"),
            };
            let msg = match i {
                Some(i) => format!("{label}: [{i}]: {e}"),
                None => format!("{label}: {e}"),
            };
            (path, msg)
        };
        if let Some(min) = min
            && version.lt(min)
        {
            return Err(fail(
                None,
                format!(
                    "this service discovery is only supported for Prometheus version >= {min} (spec.version is {ver})"
                ),
            ));
        }
        for (i, c) in list.iter().enumerate() {
            let at = |r: Result<(), String>| r.map_err(|e| fail(Some(i), e));
            let secret = |f: &str| -> Result<(), String> {
                match KeyRef::from_value(present(c, f)) {
                    Some(sel) => store.secret(ns, &sel).map(|_| ()),
                    None => Ok(()),
                }
            };
            // The HTTP-client settings every kind may carry.
            at(v::add_basic_auth(store, ns, present(c, "basicAuth")))?;
            at(v::add_safe_authorization(store, ns, present(c, "authorization")))?;
            at(v::add_oauth2(store, ns, present(c, "oauth2")))?;
            at(v::add_safe_tls(store, ns, present(c, "tlsConfig")))?;
            at(v::add_proxy(store, ns, c))?;
            let need = |cond: bool, min: &str, what: &str| -> Result<(), String> {
                if cond && version.lt(min) {
                    return Err(format!(
                        "field `{what}` is only supported for Prometheus version >= {min}"
                    ));
                }
                Ok(())
            };
            match field {
                "kubernetesSDConfigs" => {
                    let role = text(c, "role").to_lowercase();
                    at(need(role == "endpointslice", "2.21.0", "role: EndpointSlice"))?;
                    if present(c, "apiServer").is_some()
                        && present(c, "namespaces").and_then(|n| opt_bool(n, "ownNamespace"))
                            == Some(true)
                    {
                        at(Err(
                            "cannot use 'apiServer' and 'namespaces.ownNamespace' simultaneously"
                                .into(),
                        ))?;
                    }
                    let allowed: &[&str] = match role.as_str() {
                        "pod" => &["pod"],
                        "service" => &["service"],
                        "endpointslice" => &["pod", "service", "endpointslice"],
                        "endpoints" => &["pod", "service", "endpoints"],
                        "node" => &["node"],
                        "ingress" => &["ingress"],
                        _ => &[],
                    };
                    for sel in items(c, "selectors") {
                        let sr = text(sel, "role").to_lowercase();
                        if allowed.is_empty() {
                            at(Err(format!(
                                "invalid role: {sr:?}, expecting one of: pod, service, endpoints, endpointslice, node or ingress"
                            )))?;
                        }
                        if !allowed.contains(&sr.as_str()) {
                            at(Err(format!(
                                "{} role supports only {} selectors",
                                text(c, "role"),
                                allowed.join(", ")
                            )))?;
                        }
                    }
                }
                "consulSDConfigs" => {
                    at(need(present(c, "pathPrefix").is_some(), "2.45.0", "pathPrefix"))?;
                    at(need(present(c, "namespace").is_some(), "2.28.0", "namespace"))?;
                    at(need(present(c, "filter").is_some(), "3.0.0", "filter"))?;
                    at(need(present(c, "healthFilter").is_some(), "3.11.2", "healthFilter"))?;
                    at(secret("tokenRef"))?;
                }
                "dnsSDConfigs" => {
                    if let Some(t) = opt_text(c, "type")
                        && t != "SRV"
                        && present(c, "port").is_none()
                    {
                        at(Err(format!("port required for record type {t:?}")))?;
                    }
                }
                "ec2SDConfigs" | "lightSailSDConfigs" => {
                    at(secret("accessKey"))?;
                    at(secret("secretKey"))?;
                }
                "azureSDConfigs" => {
                    let method = text(c, "authenticationMethod");
                    at(need(method == "SDK", "2.52.0", "authenticationMethod: SDK"))?;
                    at(need(
                        method == "WorkloadIdentity",
                        "3.11.0",
                        "authenticationMethod: WorkloadIdentity",
                    ))?;
                    at(need(present(c, "resourceGroup").is_some(), "2.35.0", "resourceGroup"))?;
                    if !matches!(method.as_str(), "ManagedIdentity" | "SDK" | "WorkloadIdentity") {
                        if text(c, "tenantID").is_empty() {
                            at(Err("configuration requires a tenantID".into()))?;
                        }
                        if text(c, "clientID").is_empty() {
                            at(Err("configuration requires a clientID".into()))?;
                        }
                        if present(c, "clientSecret").is_none() {
                            at(Err("configuration requires a clientSecret".into()))?;
                        }
                        at(secret("clientSecret"))?;
                    }
                }
                "openstackSDConfigs" => {
                    at(need(text(c, "role") == "LoadBalancer", "3.2.0", "role: LoadBalancer"))?;
                    at(secret("password"))?;
                    at(secret("applicationCredentialSecret"))?;
                }
                "kumaSDConfigs" => {
                    at(need(present(c, "clientID").is_some(), "2.50.0", "clientID"))?;
                }
                "dockerSDConfigs" => {
                    let set = present(c, "matchFirstNetwork").is_some();
                    at(need(set, "2.54.1", "matchFirstNetwork"))?;
                }
                "hetznerSDConfigs" => {
                    at(need(present(c, "labelSelector").is_some(), "3.5.0", "labelSelector"))?;
                }
                "puppetDBSDConfigs" => {
                    let url = text(c, "url");
                    match url.split_once("://") {
                        Some((scheme, _)) if scheme != "http" && scheme != "https" => {
                            at(Err("URL scheme must be 'http' or 'https'".into()))?;
                        }
                        Some((_, rest)) if rest.split('/').next().unwrap_or("").is_empty() => {
                            at(Err("host is missing in URL".into()))?;
                        }
                        None => at(Err("URL scheme must be 'http' or 'https'".into()))?,
                        _ => {}
                    }
                }
                "ovhcloudSDConfigs" => {
                    at(secret("applicationSecret"))?;
                    at(secret("consumerKey"))?;
                }
                "scalewaySDConfigs" => at(secret("secretKey"))?,
                _ => {}
            }
        }
    }
    Ok(())
}

/// The six per-job limits in the operator's order: spec field, enforced
/// field of the Prometheus, YAML key, minimum version.
const LIMITS: [(&str, &str, &str, Option<&str>); 6] = [
    ("sampleLimit", "enforcedSampleLimit", "sample_limit", None),
    ("targetLimit", "enforcedTargetLimit", "target_limit", Some("2.21.0")),
    ("labelLimit", "enforcedLabelLimit", "label_limit", Some("2.27.0")),
    (
        "labelNameLengthLimit",
        "enforcedLabelNameLengthLimit",
        "label_name_length_limit",
        Some("2.27.0"),
    ),
    (
        "labelValueLengthLimit",
        "enforcedLabelValueLengthLimit",
        "label_value_length_limit",
        Some("2.27.0"),
    ),
    ("keepDroppedTargets", "enforcedKeepDroppedTargets", "keep_dropped_targets", Some("2.47.0")),
];

/// `getLimit`: the job's limit against the enforced one (from 2.45 an
/// enforced limit without a job limit lives in the global section).
fn final_limit(g: Gen<'_>, user: Option<i64>, enforced: Option<i64>) -> Option<i64> {
    if enforced.unwrap_or(0) == 0 {
        return user;
    }
    if user.unwrap_or(0) == 0 {
        return if g.ctx.version.gte("2.45.0") { None } else { enforced };
    }
    if enforced > user { user } else { enforced }
}

fn gate<'a>(g: Gen<'a>, min: Option<&'static str>) -> Gen<'a> {
    match min {
        Some(v) => g.min(v),
        None => g,
    }
}

/// One service-discovery entry under construction.
struct Sd<'a, 'g> {
    g: Gen<'g>,
    ns: &'a str,
    c: &'a Value,
    out: Map,
    job: &'a str,
}

impl<'a, 'g> Sd<'a, 'g> {
    fn new(g: Gen<'g>, ns: &'a str, c: &'a Value, job: &'a str) -> Self {
        Sd { g, ns, c, out: Map::new(), job }
    }

    fn basic_auth(&mut self) {
        add_basic_auth(self.g, &mut self.out, self.ns, present(self.c, "basicAuth"));
    }

    fn authorization(&mut self) {
        add_safe_authorization(self.g, &mut self.out, self.ns, present(self.c, "authorization"));
    }

    fn oauth2(&mut self) {
        add_oauth2(self.g, &mut self.out, self.ns, present(self.c, "oauth2"));
    }

    fn proxy(&mut self) {
        add_proxy(self.g, &mut self.out, self.ns, self.c);
    }

    fn tls(&mut self) {
        add_safe_tls(self.g, &mut self.out, self.ns, present(self.c, "tlsConfig"));
    }

    /// The four HTTP-client settings most kinds start with.
    fn http_client(&mut self) {
        self.basic_auth();
        self.authorization();
        self.oauth2();
        self.proxy();
    }

    /// `key: <field>` when the field is set, keeping its type.
    fn opt(&mut self, key: &str, field: &str) {
        if let Some(v) = present(self.c, field) {
            self.out.insert(key, v.clone());
        }
    }

    /// `key: <field>` always (Go's non-pointer fields), `""` when absent.
    fn always(&mut self, key: &str, field: &str) {
        let v = present(self.c, field).cloned().unwrap_or_else(|| s(""));
        self.out.insert(key, v);
    }

    /// `key: <field>` lower-cased, always.
    fn lower(&mut self, key: &str, field: &str) {
        self.out.insert(key, s(text(self.c, field).to_lowercase()));
    }

    /// `key: <list>` when the list is not empty.
    fn list(&mut self, key: &str, field: &str) {
        let l = items(self.c, field);
        if !l.is_empty() {
            self.out.insert(key, Value::Seq(l.to_vec()));
        }
    }

    fn redirects_http2(&mut self) {
        self.opt("follow_redirects", "followRedirects");
        self.opt("enable_http2", "enableHTTP2");
    }

    /// A Secret value; a missing one fails the whole configuration.
    fn secret(&mut self, key: &str, field: &str, what: &str) -> Result<(), String> {
        let Some(sel) = KeyRef::from_value(present(self.c, field)) else { return Ok(()) };
        let v = self
            .g
            .ctx
            .store
            .secret(self.ns, &sel)
            .map_err(|e| format!("failed to read {} {what} {}: {e}", sel.name, self.job))?;
        self.out.insert(key, s(v));
        Ok(())
    }

    /// A Secret value read without checking errors (`""` when missing), as
    /// the operator does for OVHcloud and Scaleway.
    fn secret_lenient(&mut self, key: &str, field: &str) {
        let v = KeyRef::from_value(present(self.c, field))
            .and_then(|sel| self.g.ctx.store.secret(self.ns, &sel).ok())
            .unwrap_or_default();
        self.out.insert(key, s(v));
    }

    /// `access_key`/`secret_key` when both selectors are set.
    fn aws_keys(&mut self) -> Result<(), String> {
        if present(self.c, "accessKey").is_some() && present(self.c, "secretKey").is_some() {
            self.secret("access_key", "accessKey", "access key")?;
            self.secret("secret_key", "secretKey", "access key")?;
        }
        Ok(())
    }

    /// `filters`, sorted by name.
    fn filters(&mut self, g: Gen<'_>) {
        let mut filters: Vec<&Value> = items(self.c, "filters").iter().collect();
        if filters.is_empty() {
            return;
        }
        filters.sort_by_key(|f| text(f, "name"));
        let list = filters
            .iter()
            .map(|f| {
                Value::Map(map([
                    ("name", s(text(f, "name"))),
                    ("values", strs(string_list(f, "values"))),
                ]))
            })
            .collect();
        g.append(&mut self.out, "filters", Value::Seq(list));
    }

    fn done(self) -> Value {
        Value::Map(self.out)
    }
}

/// Builds the list of one SD kind when the spec has entries for it.
fn sd_list(
    cfg: &mut Map,
    spec: &Value,
    field: &str,
    key: &str,
    mut f: impl FnMut(&Value) -> Result<Value, String>,
) -> Result<(), String> {
    let list = items(spec, field);
    if list.is_empty() {
        return Ok(());
    }
    let out = list.iter().map(&mut f).collect::<Result<Vec<_>, String>>()?;
    cfg.insert(key, Value::Seq(out));
    Ok(())
}

fn sorted_labels(m: Option<&Map>) -> Value {
    let mut entries: Vec<(String, Value)> =
        m.map(|m| m.iter().map(|(k, v)| (k.to_string(), v.clone())).collect()).unwrap_or_default();
    entries.sort_by(|a, b| key_cmp(&a.0, &b.0));
    Value::Map(entries.into_iter().collect())
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

    for (field, enforced, key, min) in LIMITS {
        if let Some(limit) = final_limit(g, opt_int(spec, field), opt_int(g.spec(), enforced)) {
            gate(g, min).append(&mut cfg, key, Value::Int(limit));
        }
    }
    add_native_histograms(g, &mut cfg, spec);
    if let Some(limit) = body_size_limit(g, spec) {
        g.min("2.28.0").append(&mut cfg, "body_size_limit", s(limit));
    }

    service_discovery(g, &mut cfg, spec, ns, &job)?;

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
    if let Some(v) = opt_text(spec, "nameEscapingScheme") {
        let mapped = match v.as_str() {
            "AllowUTF8" => Some("allow-utf-8"),
            "Underscores" => Some("underscores"),
            "Dots" => Some("dots"),
            "Values" => Some("values"),
            _ => None,
        };
        if let Some(m) = mapped {
            g.min("3.4.0").append(&mut cfg, "metric_name_escaping_scheme", s(m));
        }
    }
    Ok(Value::Map(cfg))
}

/// Every `*_sd_configs` list, in the operator's order.
fn service_discovery(
    g: Gen<'_>,
    cfg: &mut Map,
    spec: &Value,
    ns: &str,
    job: &str,
) -> Result<(), String> {
    sd_list(cfg, spec, "staticConfigs", "static_configs", |c| {
        Ok(Value::Map(map([
            ("targets", strs(string_list(c, "targets"))),
            ("labels", sorted_labels(present(c, "labels").and_then(Value::as_map))),
        ])))
    })?;
    sd_list(cfg, spec, "fileSDConfigs", "file_sd_configs", |c| {
        let mut sd = Sd::new(g, ns, c, job);
        sd.out.insert("files", strs(string_list(c, "files")));
        sd.opt("refresh_interval", "refreshInterval");
        Ok(sd.done())
    })?;
    sd_list(cfg, spec, "httpSDConfigs", "http_sd_configs", |c| {
        let mut sd = Sd::new(g, ns, c, job);
        sd.basic_auth();
        sd.authorization();
        sd.tls();
        sd.proxy();
        sd.oauth2();
        sd.always("url", "url");
        sd.opt("refresh_interval", "refreshInterval");
        sd.redirects_http2();
        Ok(sd.done())
    })?;
    sd_list(cfg, spec, "kubernetesSDConfigs", "kubernetes_sd_configs", |c| {
        Ok(kubernetes_sd(g, ns, c, job))
    })?;
    sd_list(cfg, spec, "consulSDConfigs", "consul_sd_configs", |c| {
        let mut sd = Sd::new(g, ns, c, job);
        sd.http_client();
        sd.tls();
        sd.always("server", "server");
        sd.opt("path_prefix", "pathPrefix");
        sd.secret("token", "tokenRef", "secret")?;
        sd.opt("datacenter", "datacenter");
        sd.opt("namespace", "namespace");
        sd.opt("partition", "partition");
        if let Some(scheme) = opt_text(c, "scheme") {
            sd.out.insert("scheme", s(scheme.to_lowercase()));
        }
        sd.list("services", "services");
        sd.list("tags", "tags");
        sd.opt("tag_separator", "tagSeparator");
        if let Some(Value::Map(m)) = present(c, "nodeMeta")
            && !m.is_empty()
        {
            sd.out.insert("node_meta", sorted_labels(Some(m)));
        }
        sd.opt("filter", "filter");
        sd.opt("health_filter", "healthFilter");
        sd.opt("allow_stale", "allowStale");
        sd.opt("refresh_interval", "refreshInterval");
        sd.redirects_http2();
        Ok(sd.done())
    })?;
    sd_list(cfg, spec, "dnsSDConfigs", "dns_sd_configs", |c| {
        let mut sd = Sd::new(g, ns, c, job);
        sd.out.insert("names", strs(string_list(c, "names")));
        sd.opt("refresh_interval", "refreshInterval");
        if let Some(t) = present(c, "type") {
            let tg = match t.as_str() {
                Some("NS") => g.min("2.49.0"),
                Some("MX") => g.min("2.38.0"),
                _ => g,
            };
            tg.append(&mut sd.out, "type", t.clone());
        }
        sd.opt("port", "port");
        Ok(sd.done())
    })?;
    sd_list(cfg, spec, "ec2SDConfigs", "ec2_sd_configs", |c| {
        let mut sd = Sd::new(g, ns, c, job);
        sd.proxy();
        sd.opt("region", "region");
        sd.aws_keys()?;
        sd.opt("role_arn", "roleARN");
        sd.opt("refresh_interval", "refreshInterval");
        sd.opt("port", "port");
        sd.filters(g.min("2.3.0"));
        let hc = g.min("2.41.0");
        for (key, field) in
            [("follow_redirects", "followRedirects"), ("enable_http2", "enableHTTP2")]
        {
            if let Some(v) = present(c, field) {
                hc.append(&mut sd.out, key, v.clone());
            }
        }
        if present(c, "tlsConfig").is_some() {
            add_safe_tls(hc, &mut sd.out, ns, present(c, "tlsConfig"));
        }
        Ok(sd.done())
    })?;
    sd_list(cfg, spec, "azureSDConfigs", "azure_sd_configs", |c| {
        let mut sd = Sd::new(g, ns, c, job);
        sd.http_client();
        if let Some(env) = present(c, "environment") {
            // The operator starts the entry afresh here, dropping the
            // HTTP-client settings written before it.
            sd.out = map([("environment", env.clone())]);
        }
        sd.opt("authentication_method", "authenticationMethod");
        if !text(c, "subscriptionID").is_empty() {
            sd.opt("subscription_id", "subscriptionID");
        }
        sd.opt("tenant_id", "tenantID");
        sd.opt("client_id", "clientID");
        sd.secret("client_secret", "clientSecret", "client secret")?;
        sd.opt("resource_group", "resourceGroup");
        sd.opt("refresh_interval", "refreshInterval");
        sd.opt("port", "port");
        Ok(sd.done())
    })?;
    sd_list(cfg, spec, "gceSDConfigs", "gce_sd_configs", |c| {
        let mut sd = Sd::new(g, ns, c, job);
        sd.always("project", "project");
        sd.always("zone", "zone");
        sd.opt("filter", "filter");
        sd.opt("refresh_interval", "refreshInterval");
        sd.opt("port", "port");
        sd.opt("tag_separator", "tagSeparator");
        Ok(sd.done())
    })?;
    sd_list(cfg, spec, "openstackSDConfigs", "openstack_sd_configs", |c| {
        let mut sd = Sd::new(g, ns, c, job);
        sd.lower("role", "role");
        sd.always("region", "region");
        sd.opt("identity_endpoint", "identityEndpoint");
        sd.opt("username", "username");
        sd.opt("userid", "userid");
        sd.secret("password", "password", "secret")?;
        sd.opt("domain_name", "domainName");
        sd.opt("domain_id", "domainID");
        sd.opt("project_name", "projectName");
        sd.opt("project_id", "projectID");
        sd.opt("application_credential_name", "applicationCredentialName");
        sd.opt("application_credential_id", "applicationCredentialId");
        sd.secret("application_credential_secret", "applicationCredentialSecret", "secret")?;
        sd.opt("all_tenants", "allTenants");
        sd.opt("refresh_interval", "refreshInterval");
        sd.opt("port", "port");
        sd.opt("availability", "availability");
        sd.tls();
        Ok(sd.done())
    })?;
    sd_list(cfg, spec, "digitalOceanSDConfigs", "digitalocean_sd_configs", |c| {
        let mut sd = Sd::new(g, ns, c, job);
        sd.authorization();
        sd.oauth2();
        sd.proxy();
        sd.redirects_http2();
        sd.tls();
        sd.opt("port", "port");
        sd.opt("refresh_interval", "refreshInterval");
        Ok(sd.done())
    })?;
    more_service_discovery(g, cfg, spec, ns, job)
}

fn kubernetes_sd(g: Gen<'_>, ns: &str, c: &Value, job: &str) -> Value {
    let mut sd = Sd::new(g, ns, c, job);
    sd.opt("api_server", "apiServer");
    let role = text(c, "role").to_lowercase();
    let rg = if role == "endpointslice" { g.min("2.21.0") } else { g };
    rg.append(&mut sd.out, "role", s(role.clone()));
    sd.http_client();
    sd.redirects_http2();
    sd.tls();
    if let Some(nsd) = present(c, "namespaces") {
        let mut m = map([("names", strs(string_list(nsd, "names")))]);
        if let Some(own) = present(nsd, "ownNamespace") {
            m.insert("own_namespace", own.clone());
        }
        sd.out.insert("namespaces", Value::Map(m));
    }
    let selectors = items(c, "selectors");
    if !selectors.is_empty() {
        let list = selectors
            .iter()
            .map(|sel| {
                let mut m = map([("role", s(text(sel, "role").to_lowercase()))]);
                if let Some(l) = present(sel, "label") {
                    m.insert("label", l.clone());
                }
                if let Some(f) = present(sel, "field") {
                    m.insert("field", f.clone());
                }
                Value::Map(m)
            })
            .collect();
        g.min("2.17.0").append(&mut sd.out, "selectors", Value::Seq(list));
    }
    if let Some(am) = present(c, "attachMetadata") {
        let ag = match role.as_str() {
            "pod" => Some(g.min("2.35.0")),
            "endpoints" | "endpointslice" => Some(g.min("2.37.0")),
            _ => None,
        };
        match ag {
            Some(ag) => {
                let mut m = Map::new();
                if let Some(n) = present(am, "node") {
                    m.insert("node", n.clone());
                }
                ag.append(&mut sd.out, "attach_metadata", Value::Map(m));
            }
            None => g.warn("attachMetadata"),
        }
    }
    sd.done()
}

fn more_service_discovery(
    g: Gen<'_>,
    cfg: &mut Map,
    spec: &Value,
    ns: &str,
    job: &str,
) -> Result<(), String> {
    sd_list(cfg, spec, "kumaSDConfigs", "kuma_sd_configs", |c| {
        let mut sd = Sd::new(g, ns, c, job);
        sd.http_client();
        sd.always("server", "server");
        sd.redirects_http2();
        sd.tls();
        sd.opt("refresh_interval", "refreshInterval");
        sd.opt("fetch_timeout", "fetchTimeout");
        sd.opt("client_id", "clientID");
        Ok(sd.done())
    })?;
    sd_list(cfg, spec, "eurekaSDConfigs", "eureka_sd_configs", |c| {
        let mut sd = Sd::new(g, ns, c, job);
        sd.http_client();
        sd.redirects_http2();
        sd.tls();
        sd.opt("refresh_interval", "refreshInterval");
        if !text(c, "server").is_empty() {
            sd.opt("server", "server");
        }
        Ok(sd.done())
    })?;
    sd_list(cfg, spec, "dockerSDConfigs", "docker_sd_configs", |c| {
        let mut sd = Sd::new(g, ns, c, job);
        sd.authorization();
        sd.oauth2();
        sd.proxy();
        sd.basic_auth();
        sd.filters(g);
        sd.always("host", "host");
        sd.tls();
        sd.opt("port", "port");
        sd.opt("host_networking_host", "hostNetworkingHost");
        if let Some(v) = present(c, "matchFirstNetwork") {
            g.min("2.54.1").append(&mut sd.out, "match_first_network", v.clone());
        }
        sd.opt("refresh_interval", "refreshInterval");
        sd.redirects_http2();
        Ok(sd.done())
    })?;
    sd_list(cfg, spec, "linodeSDConfigs", "linode_sd_configs", |c| {
        let mut sd = Sd::new(g, ns, c, job);
        sd.authorization();
        sd.oauth2();
        sd.proxy();
        sd.tls();
        sd.opt("port", "port");
        sd.opt("region", "region");
        sd.opt("enable_http2", "enableHTTP2");
        sd.opt("tag_separator", "tagSeparator");
        sd.opt("refresh_interval", "refreshInterval");
        sd.opt("follow_redirects", "followRedirects");
        Ok(sd.done())
    })?;
    sd_list(cfg, spec, "hetznerSDConfigs", "hetzner_sd_configs", |c| {
        let mut sd = Sd::new(g, ns, c, job);
        sd.http_client();
        sd.lower("role", "role");
        sd.redirects_http2();
        sd.tls();
        sd.opt("port", "port");
        sd.opt("refresh_interval", "refreshInterval");
        if let Some(l) = opt_text(c, "labelSelector").filter(|l| !l.is_empty()) {
            g.min("3.5.0").append(&mut sd.out, "label_selector", s(l));
        }
        Ok(sd.done())
    })?;
    sd_list(cfg, spec, "nomadSDConfigs", "nomad_sd_configs", |c| {
        let mut sd = Sd::new(g, ns, c, job);
        sd.http_client();
        sd.always("server", "server");
        sd.opt("allow_stale", "allowStale");
        sd.opt("namespace", "namespace");
        sd.opt("refresh_interval", "refreshInterval");
        sd.opt("region", "region");
        sd.opt("tag_separator", "tagSeparator");
        sd.redirects_http2();
        sd.tls();
        Ok(sd.done())
    })?;
    sd_list(cfg, spec, "dockerSwarmSDConfigs", "dockerswarm_sd_configs", |c| {
        let mut sd = Sd::new(g, ns, c, job);
        sd.http_client();
        sd.filters(g);
        sd.always("host", "host");
        sd.tls();
        sd.lower("role", "role");
        sd.opt("port", "port");
        sd.opt("refresh_interval", "refreshInterval");
        sd.redirects_http2();
        Ok(sd.done())
    })?;
    sd_list(cfg, spec, "puppetDBSDConfigs", "puppetdb_sd_configs", |c| {
        let mut sd = Sd::new(g, ns, c, job);
        sd.http_client();
        sd.always("url", "url");
        sd.always("query", "query");
        sd.opt("include_parameters", "includeParameters");
        sd.opt("port", "port");
        sd.opt("refresh_interval", "refreshInterval");
        sd.opt("follow_redirects", "followRedirects");
        sd.tls();
        sd.opt("enable_http2", "enableHTTP2");
        Ok(sd.done())
    })?;
    sd_list(cfg, spec, "lightSailSDConfigs", "lightsail_sd_configs", |c| {
        let mut sd = Sd::new(g, ns, c, job);
        sd.basic_auth();
        sd.authorization();
        sd.proxy();
        sd.oauth2();
        sd.opt("region", "region");
        sd.opt("endpoint", "endpoint");
        sd.opt("port", "port");
        sd.opt("refresh_interval", "refreshInterval");
        sd.aws_keys()?;
        sd.opt("role_arn", "roleARN");
        sd.tls();
        sd.redirects_http2();
        Ok(sd.done())
    })?;
    sd_list(cfg, spec, "ovhcloudSDConfigs", "ovhcloud_sd_configs", |c| {
        let mut sd = Sd::new(g, ns, c, job);
        sd.always("application_key", "applicationKey");
        sd.secret_lenient("application_secret", "applicationSecret");
        sd.secret_lenient("consumer_key", "consumerKey");
        match text(c, "service").as_str() {
            "VPS" => {
                sd.out.insert("service", s("vps"));
            }
            "DedicatedServer" => {
                sd.out.insert("service", s("dedicated_server"));
            }
            _ => g.warn("service"),
        }
        sd.opt("endpoint", "endpoint");
        sd.opt("refresh_interval", "refreshInterval");
        Ok(sd.done())
    })?;
    sd_list(cfg, spec, "scalewaySDConfigs", "scaleway_sd_configs", |c| {
        let mut sd = Sd::new(g, ns, c, job);
        sd.always("access_key", "accessKey");
        sd.secret_lenient("secret_key", "secretKey");
        sd.always("project_id", "projectID");
        sd.lower("role", "role");
        sd.opt("port", "port");
        sd.opt("api_url", "apiURL");
        sd.opt("zone", "zone");
        sd.opt("name_filter", "nameFilter");
        sd.list("tags_filter", "tagsFilter");
        sd.opt("refresh_interval", "refreshInterval");
        sd.proxy();
        sd.tls();
        sd.redirects_http2();
        Ok(sd.done())
    })?;
    sd_list(cfg, spec, "ionosSDConfigs", "ionos_sd_configs", |c| {
        let mut sd = Sd::new(g, ns, c, job);
        if present(c, "oauth2").is_none() {
            add_safe_authorization(
                g,
                &mut sd.out,
                ns,
                Some(c.get("authorization").unwrap_or(&Value::Null)),
            );
        }
        sd.oauth2();
        sd.proxy();
        sd.tls();
        sd.always("datacenter_id", "datacenterID");
        sd.redirects_http2();
        sd.opt("port", "port");
        sd.opt("refresh_interval", "refreshInterval");
        Ok(sd.done())
    })?;
    Ok(())
}
