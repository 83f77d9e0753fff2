//! `alerting`, `remote_write` and `remote_read`: Alertmanager endpoints
//! discovered through Kubernetes SD with their HTTP settings and version
//! gates, the replica-label drop rule, the additional alert relabel configs
//! and Alertmanager configs from Secrets, and the remote storage endpoints.

use super::context::{Gen, items, map, opt_bool, opt_int, opt_text, present, s, strs, text};
use super::global::replica_label_name;
use super::helpers::{
    add_authorization, add_basic_auth, add_oauth2, add_proxy, add_safe_authorization, add_sigv4,
    add_tls, relabel_configs, sorted_string_map,
};
use super::monitors::{endpoint_role, k8s_sd_config};
use crate::value::{Map, Value};

/// Go's `regexp.QuoteMeta`.
pub fn quote_meta(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\.+*?()|[]{}^$".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `alerting`, when the spec or a Secret asks for it. `relabel` and
/// `alertmanagers` are the parsed additional configs (`None` when their
/// Secret reference is unset).
pub fn alerting(
    g: Gen<'_>,
    cfg: &mut Map,
    relabel: Option<Vec<Value>>,
    alertmanagers: Option<Vec<Value>>,
) {
    let spec_alerting = present(g.spec(), "alerting");
    if spec_alerting.is_none() && relabel.is_none() && alertmanagers.is_none() {
        return;
    }
    let mut ams: Vec<Value> = spec_alerting
        .map(|a| items(a, "alertmanagers").iter().map(|am| alertmanager(g, am)).collect())
        .unwrap_or_default();
    ams.extend(alertmanagers.unwrap_or_default());
    let mut relabels = Vec::new();
    let replica = replica_label_name(g);
    if !replica.is_empty() {
        relabels.push(Value::Map(map([
            ("action", s("labeldrop")),
            ("regex", s(quote_meta(&replica))),
        ])));
    }
    relabels.extend(relabel.unwrap_or_default());
    cfg.insert(
        "alerting",
        Value::Map(map([
            ("alert_relabel_configs", Value::Seq(relabels)),
            ("alertmanagers", Value::Seq(ams)),
        ])),
    );
}

fn alertmanager(g: Gen<'_>, am: &Value) -> Value {
    let ns = g.ctx.namespace;
    let mut cfg = Map::new();
    if let Some(scheme) = opt_text(am, "scheme") {
        g.append(&mut cfg, "scheme", s(scheme.to_lowercase()));
    }
    if let Some(prefix) = opt_text(am, "pathPrefix") {
        g.append(&mut cfg, "path_prefix", s(prefix));
    }
    if let Some(timeout) = opt_text(am, "timeout") {
        cfg.insert("timeout", s(timeout));
    }
    if let Some(b) = opt_bool(am, "enableHttp2") {
        g.min("2.35.0").append(&mut cfg, "enable_http2", Value::Bool(b));
    }
    add_tls(g, &mut cfg, ns, present(am, "tlsConfig"));
    add_proxy(g, &mut cfg, ns, am);
    let am_ns = opt_text(am, "namespace").unwrap_or_else(|| ns.to_string());
    let role = endpoint_role(g, g.spec().get("serviceDiscoveryRole"));
    // The operator passes an empty namespace selector, so even with
    // ignoreNamespaceSelectors the Alertmanager's namespace is the only one.
    let namespaces = vec![am_ns];
    cfg.insert("kubernetes_sd_configs", k8s_sd_config(g, ns, namespaces, role, None, None));
    let token_file = text(am, "bearerTokenFile");
    if !token_file.is_empty() {
        cfg.insert("bearer_token_file", s(token_file));
    }
    add_basic_auth(g.min("2.26.0"), &mut cfg, ns, present(am, "basicAuth"));
    add_safe_authorization(g, &mut cfg, ns, present(am, "authorization"));
    add_sigv4(g.min("2.48.0"), &mut cfg, ns, present(am, "sigv4"));
    if let Some(api) = opt_text(am, "apiVersion") {
        let gated = g.min("2.11.0");
        match api.to_uppercase().as_str() {
            "V1" if g.ctx.version.major <= 2 => {
                gated.append(&mut cfg, "api_version", s(api.to_lowercase()));
            }
            "V2" => gated.append(&mut cfg, "api_version", s(api.to_lowercase())),
            _ => {}
        }
    }
    let mut relabelings = vec![Value::Map(map([
        ("action", s("keep")),
        ("source_labels", strs(["__meta_kubernetes_service_name"])),
        ("regex", s(text(am, "name"))),
    ]))];
    match present(am, "port") {
        Some(Value::String(port)) if !port.is_empty() => {
            let src = if role == "endpointslice" {
                "__meta_kubernetes_endpointslice_port_name"
            } else {
                "__meta_kubernetes_endpoint_port_name"
            };
            relabelings.push(Value::Map(map([
                ("action", s("keep")),
                ("source_labels", strs([src])),
                ("regex", s(port.clone())),
            ])));
        }
        Some(Value::Int(n)) if *n != 0 => {
            relabelings.push(Value::Map(map([
                ("action", s("keep")),
                ("source_labels", strs(["__meta_kubernetes_pod_container_port_number"])),
                ("regex", s(n.to_string())),
            ])));
        }
        _ => {}
    }
    relabelings.extend(relabel_configs(items(am, "relabelings")));
    cfg.insert("relabel_configs", Value::Seq(relabelings));
    let alert_relabelings = items(am, "alertRelabelings");
    if !alert_relabelings.is_empty() {
        g.min("2.51.0").append(
            &mut cfg,
            "alert_relabel_configs",
            Value::Seq(relabel_configs(alert_relabelings)),
        );
    }
    Value::Map(cfg)
}

/// `remote_write`.
pub fn remote_write(g: Gen<'_>, cfg: &mut Map) {
    let rws = items(g.spec(), "remoteWrite");
    if rws.is_empty() {
        return;
    }
    let ns = g.ctx.namespace;
    let mut out = Vec::new();
    for spec in rws {
        let mut c = map([("url", s(text(spec, "url")))]);
        if let Some(t) = opt_text(spec, "remoteTimeout") {
            c.insert("remote_timeout", s(t));
        }
        if let Some(h) = present(spec, "headers").and_then(Value::as_map)
            && !h.is_empty()
        {
            g.min("2.15.0").append(&mut c, "headers", Value::Map(sorted_string_map(h)));
        }
        if let Some(name) = opt_text(spec, "name").filter(|n| !n.is_empty()) {
            g.min("2.15.0").append(&mut c, "name", s(name));
        }
        let message_version = opt_text(spec, "messageVersion");
        if let Some(mv) = &message_version {
            let proto = if mv == "V2.0" {
                "io.prometheus.write.v2.Request"
            } else {
                "prometheus.WriteRequest"
            };
            g.min("2.54.0").append(&mut c, "protobuf_message", s(proto));
        }
        if let Some(b) = opt_bool(spec, "sendExemplars") {
            g.min("2.27.0").append(&mut c, "send_exemplars", Value::Bool(b));
        }
        if let Some(b) = opt_bool(spec, "sendNativeHistograms") {
            g.min("2.40.0").append(&mut c, "send_native_histograms", Value::Bool(b));
        }
        let relabels = relabel_configs(items(spec, "writeRelabelConfigs"));
        if !relabels.is_empty() {
            c.insert("write_relabel_configs", Value::Seq(relabels));
        }
        add_basic_auth(g, &mut c, ns, present(spec, "basicAuth"));
        deprecated_tokens(&mut c, spec);
        add_oauth2(g, &mut c, ns, present(spec, "oauth2"));
        add_tls(g, &mut c, ns, present(spec, "tlsConfig"));
        add_authorization(g, &mut c, ns, present(spec, "authorization"));
        add_proxy(g, &mut c, ns, spec);
        add_sigv4(g.min("2.26.0"), &mut c, ns, present(spec, "sigv4"));
        if let Some(az) = present(spec, "azureAd") {
            c = azure_ad(g, c, ns, az);
        }
        if let Some(b) = opt_bool(spec, "followRedirects") {
            g.min("2.26.0").append(&mut c, "follow_redirects", Value::Bool(b));
        }
        if let Some(b) = opt_bool(spec, "enableHTTP2") {
            g.min("2.35.0").append(&mut c, "enable_http2", Value::Bool(b));
        }
        if let Some(q) = present(spec, "queueConfig") {
            c.insert("queue_config", Value::Map(queue_config(g, q)));
        }
        if let Some(m) = present(spec, "metadataConfig") {
            let send = if message_version.as_deref() == Some("V2.0") {
                false
            } else {
                opt_bool(m, "send").unwrap_or(false)
            };
            let mut mc = map([("send", Value::Bool(send))]);
            let interval = text(m, "sendInterval");
            if !interval.is_empty() {
                mc.insert("send_interval", s(interval));
            }
            if let Some(n) = opt_int(m, "maxSamplesPerSend") {
                g.min("2.29.0").append(&mut mc, "max_samples_per_send", Value::Int(n));
            }
            g.min("2.23.0").append(&mut c, "metadata_config", Value::Map(mc));
        }
        if let Some(b) = opt_bool(spec, "roundRobinDNS") {
            g.min("3.1.0").append(&mut c, "round_robin_dns", Value::Bool(b));
        }
        out.push(Value::Map(c));
    }
    cfg.insert("remote_write", Value::Seq(out));
}

fn deprecated_tokens(c: &mut Map, spec: &Value) {
    let token = text(spec, "bearerToken");
    if !token.is_empty() {
        c.insert("bearer_token", s(token));
    }
    let file = text(spec, "bearerTokenFile");
    if !file.is_empty() {
        c.insert("bearer_token_file", s(file));
    }
}

fn queue_config(g: Gen<'_>, q: &Value) -> Map {
    let mut out = Map::new();
    let int = |k: &str| opt_int(q, k).filter(|n| *n != 0);
    if let Some(n) = int("capacity") {
        out.insert("capacity", Value::Int(n));
    }
    if let Some(n) = int("minShards") {
        g.min("2.6.0").append(&mut out, "min_shards", Value::Int(n));
    }
    if let Some(n) = int("maxShards") {
        out.insert("max_shards", Value::Int(n));
    }
    if let Some(n) = int("maxSamplesPerSend") {
        out.insert("max_samples_per_send", Value::Int(n));
    }
    if let Some(d) = opt_text(q, "batchSendDeadline") {
        out.insert("batch_send_deadline", s(d));
    }
    if let Some(n) = int("maxRetries") {
        g.max("2.11.0").append(&mut out, "max_retries", Value::Int(n));
    }
    if let Some(d) = opt_text(q, "minBackoff") {
        out.insert("min_backoff", s(d));
    }
    if let Some(d) = opt_text(q, "maxBackoff") {
        out.insert("max_backoff", s(d));
    }
    if opt_bool(q, "retryOnRateLimit") == Some(true) {
        g.min("2.26.0").append(&mut out, "retry_on_http_429", Value::Bool(true));
    }
    if let Some(d) = opt_text(q, "sampleAgeLimit") {
        g.min("2.50.0").append(&mut out, "sample_age_limit", s(d));
    }
    out
}

fn azure_ad(g: Gen<'_>, mut c: Map, ns: &str, az: &Value) -> Map {
    let mut out = Map::new();
    if let Some(mi) = present(az, "managedIdentity") {
        let mut m = Map::new();
        if let Some(id) = opt_text(mi, "clientId").filter(|x| !x.is_empty()) {
            m.insert("client_id", s(id));
        }
        out.insert("managed_identity", Value::Map(m));
    }
    if let Some(o) = present(az, "oauth")
        && let Some(sel) = super::store::KeyRef::from_value(o.get("clientSecret"))
        && let Ok(secret) = g.ctx.store.secret(ns, &sel)
    {
        g.min("2.48.0").append(
            &mut out,
            "oauth",
            Value::Map(map([
                ("client_id", s(text(o, "clientId"))),
                ("client_secret", s(secret)),
                ("tenant_id", s(text(o, "tenantId"))),
            ])),
        );
    }
    if let Some(sdk) = present(az, "sdk") {
        g.min("2.52.0").append(
            &mut out,
            "sdk",
            Value::Map(map([("tenant_id", s(text(sdk, "tenantId")))])),
        );
    }
    if let Some(wi) = present(az, "workloadIdentity") {
        g.min("3.7.0").append(
            &mut out,
            "workload_identity",
            Value::Map(map([
                ("client_id", s(text(wi, "clientId"))),
                ("tenant_id", s(text(wi, "tenantId"))),
            ])),
        );
    }
    if let Some(cloud) = opt_text(az, "cloud") {
        out.insert("cloud", s(cloud));
    }
    if let Some(scope) = opt_text(az, "scope").filter(|x| !x.is_empty()) {
        g.min("3.9.0").append(&mut out, "scope", s(scope));
    }
    g.min("2.45.0").append(&mut c, "azuread", Value::Map(out));
    c
}

/// `remote_read`.
pub fn remote_read(g: Gen<'_>, cfg: &mut Map) {
    let rrs = items(g.spec(), "remoteRead");
    if rrs.is_empty() {
        return;
    }
    let ns = g.ctx.namespace;
    let mut out = Vec::new();
    for spec in rrs {
        let mut c = map([("url", s(text(spec, "url")))]);
        if let Some(t) = opt_text(spec, "remoteTimeout") {
            c.insert("remote_timeout", s(t));
        }
        if let Some(h) = present(spec, "headers").and_then(Value::as_map)
            && !h.is_empty()
        {
            g.min("2.26.0").append(&mut c, "headers", Value::Map(sorted_string_map(h)));
        }
        let name = text(spec, "name");
        if !name.is_empty() {
            g.min("2.15.0").append(&mut c, "name", s(name));
        }
        if let Some(m) = present(spec, "requiredMatchers").and_then(Value::as_map)
            && !m.is_empty()
        {
            c.insert("required_matchers", Value::Map(sorted_string_map(m)));
        }
        if opt_bool(spec, "readRecent") == Some(true) {
            c.insert("read_recent", Value::Bool(true));
        }
        add_basic_auth(g, &mut c, ns, present(spec, "basicAuth"));
        deprecated_tokens(&mut c, spec);
        add_oauth2(g, &mut c, ns, present(spec, "oauth2"));
        add_tls(g, &mut c, ns, present(spec, "tlsConfig"));
        add_authorization(g, &mut c, ns, present(spec, "authorization"));
        add_proxy(g, &mut c, ns, spec);
        if let Some(b) = opt_bool(spec, "followRedirects") {
            g.min("2.26.0").append(&mut c, "follow_redirects", Value::Bool(b));
        }
        if let Some(b) = opt_bool(spec, "filterExternalLabels") {
            g.min("2.34.0").append(&mut c, "filter_external_labels", Value::Bool(b));
        }
        out.push(Value::Map(c));
    }
    cfg.insert("remote_read", Value::Seq(out));
}
