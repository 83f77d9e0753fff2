//! Scrape jobs for ServiceMonitors, PodMonitors and Probes, in the
//! operator's order and naming (`serviceMonitor/<ns>/<name>/<i>`,
//! `podMonitor/<ns>/<name>/<i>`, `probe/<ns>/<name>`), with the relabeling
//! the operator generates: keep/drop rules for the monitor's selector,
//! port matching, target labels, job labels, scrape-class relabelings,
//! the enforced namespace label and the sharding blocks.

use super::context::{
    Gen, items, map, opt_bool, opt_int, opt_text, present, s, string_list, strs, text,
};
use super::helpers::{
    add_authorization, add_basic_auth, add_oauth2, add_proxy, add_tls,
    merge_safe_authorization_with_class, merge_safe_tls_with_class, merge_tls_with_class,
    relabel_configs, sorted_map,
};
use super::limits::{add_common_limits, body_size_limit};
use super::store::KeyRef;
use crate::select::{LabelSelector, scalar_text};
use crate::value::{Map, Value};

/// A selected object: its namespace, name and manifest.
#[derive(Clone, Copy)]
pub struct Obj<'a> {
    /// Namespace.
    pub namespace: &'a str,
    /// Name.
    pub name: &'a str,
    /// The whole object.
    pub value: &'a Value,
}

impl<'a> Obj<'a> {
    /// The object's `spec`.
    pub fn spec(&self) -> &'a Value {
        static EMPTY: Value = Value::Null;
        self.value.get("spec").unwrap_or(&EMPTY)
    }
}

/// Replaces every character outside `[a-zA-Z0-9_]` with `_`.
pub fn sanitize_label_name(name: &str) -> String {
    name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' }).collect()
}

/// The relabeling every job starts with: the job name into a temporary label.
pub fn init_relabelings() -> Vec<Value> {
    vec![Value::Map(map([
        ("source_labels", strs(["job"])),
        ("target_label", s("__tmp_prometheus_job_name")),
    ]))]
}

fn running_filter() -> Value {
    Value::Map(map([
        ("action", s("drop")),
        ("source_labels", strs(["__meta_kubernetes_pod_phase"])),
        ("regex", s("(Failed|Succeeded)")),
    ]))
}

fn keep_drop(action: &str, sources: Vec<String>, regex: Value) -> Value {
    Value::Map(map([("action", s(action)), ("source_labels", strs(sources)), ("regex", regex)]))
}

/// Keep/drop rules that re-apply a label selector on discovered `kind`
/// (`service`, `pod`, `ingress`) meta labels.
pub fn selector_relabelings(out: &mut Vec<Value>, kind: &str, sel: &LabelSelector) {
    let label = |k: &str| format!("__meta_kubernetes_{kind}_label_{}", sanitize_label_name(k));
    let present =
        |k: &str| format!("__meta_kubernetes_{kind}_labelpresent_{}", sanitize_label_name(k));
    let mut keys: Vec<&(String, String)> = sel.match_labels.iter().collect();
    keys.sort_by(|a, b| a.0.cmp(&b.0));
    for (k, v) in keys {
        out.push(keep_drop("keep", vec![label(k), present(k)], s(format!("({v});true"))));
    }
    for e in &sel.match_expressions {
        let joined = format!("({});true", e.values.join("|"));
        match e.operator.as_str() {
            "In" => out.push(keep_drop("keep", vec![label(&e.key), present(&e.key)], s(joined))),
            "NotIn" => out.push(keep_drop("drop", vec![label(&e.key), present(&e.key)], s(joined))),
            "Exists" => out.push(keep_drop("keep", vec![present(&e.key)], s("true"))),
            "DoesNotExist" => out.push(keep_drop("drop", vec![present(&e.key)], s("true"))),
            _ => {}
        }
    }
}

/// Whether the monitor uses the relabeling selector mechanism (the default).
fn relabel_mechanism(spec: &Value) -> bool {
    opt_text(spec, "selectorMechanism").is_none_or(|m| m == "RelabelSelector")
}

/// The enforced-namespace-label relabeling appended to `rc` unless the object
/// is excluded (`namespacelabeler.GetRelabelingConfigs`).
pub fn enforce_namespace(g: Gen<'_>, kind: &str, obj: Obj<'_>, rc: &[Value]) -> Vec<Value> {
    let mut out = relabel_configs(rc);
    if let Some(label) = enforced_label(g, kind, obj) {
        out.push(Value::Map(map([("target_label", s(label)), ("replacement", s(obj.namespace))])));
    }
    out
}

/// The enforced namespace label when it applies to `obj`.
pub fn enforced_label(g: Gen<'_>, kind: &str, obj: Obj<'_>) -> Option<String> {
    let label = text(g.spec(), "enforcedNamespaceLabel");
    if label.is_empty() {
        return None;
    }
    for r in items(g.spec(), "excludedFromEnforcement") {
        let ns = text(r, "namespace");
        let resource = text(r, "resource");
        let group = text(r, "group");
        let group = if group.is_empty() { "monitoring.coreos.com".to_string() } else { group };
        if ns.is_empty() || resource.is_empty() {
            continue;
        }
        let rkind = match resource.as_str() {
            "servicemonitors" => "ServiceMonitor",
            "podmonitors" => "PodMonitor",
            "probes" => "Probe",
            "scrapeconfigs" => "ScrapeConfig",
            "prometheusrules" => "PrometheusRule",
            _ => continue,
        };
        let name = text(r, "name");
        if ns == obj.namespace
            && rkind == kind
            && group == "monitoring.coreos.com"
            && (name.is_empty() || name == obj.name)
        {
            return None;
        }
    }
    Some(label)
}

/// The sharding relabelings on `__address__`.
pub fn sharding_on_address(g: Gen<'_>, out: &mut Vec<Value>, shards: i64) {
    sharding(g, out, shards, "__address__");
}

/// The sharding relabelings unless a `hashmod` rule is already there.
pub fn sharding_on_address_if_missing(g: Gen<'_>, out: &mut Vec<Value>, shards: i64) {
    let has_hashmod = out.iter().any(|r| {
        r.as_map().is_some_and(|m| m.get("action").and_then(Value::as_str) == Some("hashmod"))
    });
    if !has_hashmod {
        sharding_on_address(g, out, shards);
    }
}

/// `appendShardingRelabelingWithLabel`: the retention-policy guard (feature
/// gate), the topology zone filter (topology mode) and the hashmod block.
pub fn sharding(g: Gen<'_>, out: &mut Vec<Value>, shards: i64, label: &str) {
    let ctx = g.ctx;
    if ctx.retention_policies {
        out.push(Value::Map(map([
            ("target_label", s("__tmp_current_shard")),
            ("replacement", s("$(SHARD)")),
            ("action", s("replace")),
        ])));
        let range = (0..shards).map(|i| i.to_string()).collect::<Vec<_>>().join("|");
        out.push(Value::Map(map([
            ("source_labels", strs(["__tmp_current_shard"])),
            ("regex", s(range)),
            ("action", s("keep")),
        ])));
    }
    let mut modulus = shards;
    let mut env = "SHARD";
    if let Some(zones) = topology_zones(g) {
        modulus = (shards / zones as i64).max(1);
        env = "INZONE_SHARD";
        out.push(Value::Map(map([
            (
                "source_labels",
                strs(["__meta_kubernetes_endpointslice_endpoint_zone", "__tmp_topology"]),
            ),
            ("target_label", s("__tmp_topology")),
            ("regex", s("(.+);")),
            ("replacement", s("$1")),
            ("action", s("replace")),
        ])));
        let (zone, zone_present) = if ctx.pod_topology_labels {
            (
                "__meta_kubernetes_pod_label_topology_kubernetes_io_zone",
                "__meta_kubernetes_pod_labelpresent_topology_kubernetes_io_zone",
            )
        } else {
            (
                "__meta_kubernetes_node_label_topology_kubernetes_io_zone",
                "__meta_kubernetes_node_labelpresent_topology_kubernetes_io_zone",
            )
        };
        out.push(Value::Map(map([
            ("source_labels", strs([zone, zone_present, "__tmp_topology"])),
            ("target_label", s("__tmp_topology")),
            ("regex", s("(.+);true;")),
            ("replacement", s("$1")),
            ("action", s("replace")),
        ])));
        out.push(Value::Map(map([
            ("source_labels", strs(["__tmp_topology", "__tmp_disable_sharding"])),
            ("regex", s("$(TOPOLOGY_ZONE);|.+;.+")),
            ("action", s("keep")),
        ])));
    }
    out.push(Value::Map(map([
        ("source_labels", strs([label, "__tmp_hash"])),
        ("target_label", s("__tmp_hash")),
        ("regex", s("(.+);")),
        ("replacement", s("$1")),
        ("action", s("replace")),
    ])));
    out.push(Value::Map(map([
        ("source_labels", strs(["__tmp_hash"])),
        ("target_label", s("__tmp_hash")),
        ("modulus", Value::Int(modulus)),
        ("action", s("hashmod")),
    ])));
    out.push(Value::Map(map([
        ("source_labels", strs(["__tmp_hash", "__tmp_disable_sharding"])),
        ("regex", s(format!("$({env});|.+;.+"))),
        ("action", s("keep")),
    ])));
}

/// The number of topology zones when topology sharding is active.
pub fn topology_zones(g: Gen<'_>) -> Option<usize> {
    if !g.ctx.topology_sharding {
        return None;
    }
    let ss = present(g.spec(), "shardingStrategy")?;
    if text(ss, "mode") != "Topology" {
        return None;
    }
    let values = items(present(ss, "topology")?, "values");
    (!values.is_empty()).then_some(values.len())
}

/// `attach_metadata` to add: `(minimum version, node)`.
pub type AttachMetadata = Option<(&'static str, bool)>;

fn attach_metadata(
    g: Gen<'_>,
    own: Option<&Value>,
    class: Option<&Value>,
    min: &'static str,
) -> AttachMetadata {
    let am =
        own.filter(|v| !v.is_null()).or_else(|| class.and_then(|c| present(c, "attachMetadata")));
    let merged = am.map(|a| (min, opt_bool(a, "node").unwrap_or(false)));
    // Topology sharding needs the node's zone label unless pods carry it.
    if topology_zones(g).is_none() || g.ctx.pod_topology_labels || merged.is_some_and(|(_, n)| n) {
        return merged;
    }
    Some((min, true))
}

/// The namespaces a monitor's `namespaceSelector` ({any, matchNames}) covers.
pub fn monitor_namespaces(g: Gen<'_>, nsel: Option<&Value>, ns: &str) -> Vec<String> {
    if opt_bool(g.spec(), "ignoreNamespaceSelectors").unwrap_or(false) {
        return vec![ns.to_string()];
    }
    let nsel = nsel.unwrap_or(&Value::Null);
    if opt_bool(nsel, "any").unwrap_or(false) {
        return Vec::new();
    }
    let names = string_list(nsel, "matchNames");
    if names.is_empty() { vec![ns.to_string()] } else { names }
}

/// `generateK8SSDConfig`: a `kubernetes_sd_configs` value with one entry.
#[allow(clippy::too_many_arguments)]
pub fn k8s_sd_config(
    g: Gen<'_>,
    store_ns: &str,
    namespaces: Vec<String>,
    role: &str,
    attach: AttachMetadata,
    role_selectors: Option<(&[&str], String)>,
) -> Value {
    let mut sd = map([("role", s(role))]);
    if !namespaces.is_empty() {
        sd.insert("namespaces", Value::Map(map([("names", strs(namespaces))])));
    }
    if let Some(api) = present(g.spec(), "apiserverConfig") {
        let ns = store_ns;
        sd.insert("api_server", s(text(api, "host")));
        add_basic_auth(g, &mut sd, ns, present(api, "basicAuth"));
        let token = text(api, "bearerToken");
        if !token.is_empty() {
            sd.insert("bearer_token", s(token));
        }
        let token_file = text(api, "bearerTokenFile");
        if !token_file.is_empty() {
            sd.insert("bearer_token_file", s(token_file));
        }
        add_authorization(g, &mut sd, ns, present(api, "authorization"));
        add_tls(g, &mut sd, ns, present(api, "tlsConfig"));
        add_proxy(g, &mut sd, ns, api);
    }
    if let Some((min, node)) = attach {
        let gated = match min {
            "2.35.0" => g.min("2.35.0"),
            _ => g.min("2.37.0"),
        };
        gated.append(&mut sd, "attach_metadata", Value::Map(map([("node", Value::Bool(node))])));
    }
    if g.ctx.daemon_set {
        let own_node = map([("role", s("pod")), ("field", s("spec.nodeName=$(NODE_NAME)"))]);
        g.append(&mut sd, "selectors", Value::Seq(vec![Value::Map(own_node)]));
    }
    if let Some((roles, label)) = role_selectors {
        let mut selectors: Vec<Value> = roles
            .iter()
            .map(|r| Value::Map(map([("role", s(*r)), ("label", s(label.clone()))])))
            .collect();
        // Role selectors join the DaemonSet's node selector when it is there.
        if let Some(Value::Seq(existing)) = sd.get("selectors") {
            let mut all = existing.clone();
            all.append(&mut selectors);
            sd.insert("selectors", Value::Seq(all));
        } else {
            g.append(&mut sd, "selectors", Value::Seq(selectors));
        }
    }
    Value::Seq(vec![Value::Map(sd)])
}

/// `endpointRoleFlavor`: `endpointslice` only when the cluster and the
/// version support it and it is asked for.
pub fn endpoint_role(g: Gen<'_>, requested: Option<&Value>) -> &'static str {
    if !g.ctx.endpointslice_supported || g.ctx.version.lt("2.21.0") {
        return "endpoints";
    }
    match requested.and_then(Value::as_str) {
        Some("EndpointSlice") => "endpointslice",
        _ => "endpoints",
    }
}

fn honor_labels(g: Gen<'_>, cfg: &mut Map, honor: bool) {
    let honor = honor && !opt_bool(g.spec(), "overrideHonorLabels").unwrap_or(false);
    g.append(cfg, "honor_labels", Value::Bool(honor));
}

/// `AddHonorTimestamps`.
pub fn honor_timestamps(g: Gen<'_>, cfg: &mut Map, user: Option<bool>) {
    let over = opt_bool(g.spec(), "overrideHonorTimestamps").unwrap_or(false);
    if user.is_none() && !over {
        return;
    }
    let honor = user.unwrap_or(false) && !over;
    g.min("2.9.0").append(cfg, "honor_timestamps", Value::Bool(honor));
}

/// `AddTrackTimestampsStaleness`.
pub fn track_timestamps_staleness(g: Gen<'_>, cfg: &mut Map, v: Option<bool>) {
    if let Some(v) = v {
        g.min("2.48.0").append(cfg, "track_timestamps_staleness", Value::Bool(v));
    }
}

fn bearer_token_secret(g: Gen<'_>, cfg: &mut Map, ns: &str, holder: &Value) {
    if let Some(sel) = KeyRef::from_value(holder.get("bearerTokenSecret"))
        && !sel.name.is_empty()
        && let Ok(token) = g.ctx.store.secret(ns, &sel)
    {
        cfg.insert("bearer_token", s(token));
    }
}

fn intervals_and_paths(cfg: &mut Map, ep: &Value) {
    for (field, key) in [
        ("interval", "scrape_interval"),
        ("scrapeTimeout", "scrape_timeout"),
        ("path", "metrics_path"),
    ] {
        let v = text(ep, field);
        if !v.is_empty() {
            cfg.insert(key, s(v));
        }
    }
    if let Some(params) = present(ep, "params").and_then(Value::as_map) {
        cfg.insert("params", Value::Map(sorted_map(params)));
    }
    if let Some(scheme) = opt_text(ep, "scheme") {
        cfg.insert("scheme", s(scheme.to_lowercase()));
    }
}

fn pod_target_labels(g: Gen<'_>, out: &mut Vec<Value>, own: &Value) {
    let mut labels = string_list(own, "podTargetLabels");
    labels.extend(string_list(g.spec(), "podTargetLabels"));
    for l in labels {
        out.push(Value::Map(map([
            (
                "source_labels",
                strs([format!("__meta_kubernetes_pod_label_{}", sanitize_label_name(&l))]),
            ),
            ("target_label", s(sanitize_label_name(&l))),
            ("regex", s("(.+)")),
            ("replacement", s("${1}")),
        ])));
    }
}

/// `metric_relabel_configs`: the scrape class' rules, then the object's
/// with the enforced namespace label.
pub fn metric_relabelings(
    g: Gen<'_>,
    cfg: &mut Map,
    kind: &str,
    obj: Obj<'_>,
    class: Option<&Value>,
    own: &[Value],
) {
    let mut all: Vec<Value> =
        class.map(|c| relabel_configs(items(c, "metricRelabelings"))).unwrap_or_default();
    all.extend(enforce_namespace(g, kind, obj, own));
    if !all.is_empty() {
        cfg.insert("metric_relabel_configs", Value::Seq(all));
    }
}

fn target_port_text(tp: &Value) -> String {
    scalar_text(tp)
}

/// The scrape job of endpoint `i` of a ServiceMonitor.
pub fn service_monitor_job(g: Gen<'_>, m: Obj<'_>, ep: &Value, i: usize, shards: i64) -> Value {
    let spec = m.spec();
    let class = g.scrape_class(spec.get("scrapeClass"));
    let ns = m.namespace;
    let mut cfg = map([("job_name", s(format!("serviceMonitor/{}/{}/{i}", m.namespace, m.name)))]);
    honor_labels(g, &mut cfg, opt_bool(ep, "honorLabels").unwrap_or(false));
    honor_timestamps(g, &mut cfg, opt_bool(ep, "honorTimestamps"));
    track_timestamps_staleness(g, &mut cfg, opt_bool(ep, "trackTimestampsStaleness"));
    let attach = attach_metadata(g, spec.get("attachMetadata"), class, "2.37.0");

    let role = match present(spec, "serviceDiscoveryRole") {
        Some(r) => endpoint_role(g, Some(r)),
        None => endpoint_role(g, g.spec().get("serviceDiscoveryRole")),
    };
    let selector = LabelSelector::from_value(spec.get("selector").unwrap_or(&Value::Null));
    let relabel = relabel_mechanism(spec);
    let roles = [role, "service"];
    let role_sel = (!relabel).then(|| (&roles[..], selector.to_selector_string()));
    let namespaces = monitor_namespaces(g, spec.get("namespaceSelector"), ns);
    cfg.insert("kubernetes_sd_configs", k8s_sd_config(g, ns, namespaces, role, attach, role_sel));

    intervals_and_paths(&mut cfg, ep);
    if let Some(b) = opt_bool(ep, "followRedirects") {
        g.min("2.26.0").append(&mut cfg, "follow_redirects", Value::Bool(b));
    }
    if let Some(b) = opt_bool(ep, "enableHttp2") {
        g.min("2.35.0").append(&mut cfg, "enable_http2", Value::Bool(b));
    }
    add_proxy(g, &mut cfg, ns, ep);
    add_oauth2(g, &mut cfg, ns, present(ep, "oauth2"));
    let tls = merge_tls_with_class(present(ep, "tlsConfig"), class);
    add_tls(g, &mut cfg, ns, tls.as_ref());
    let token_file = text(ep, "bearerTokenFile");
    if !token_file.is_empty() {
        cfg.insert("bearer_token_file", s(token_file));
    }
    bearer_token_secret(g, &mut cfg, ns, ep);
    add_basic_auth(g, &mut cfg, ns, present(ep, "basicAuth"));
    let auth = merge_safe_authorization_with_class(present(ep, "authorization"), class);
    add_authorization(g, &mut cfg, ns, auth.as_ref());

    let mut r = init_relabelings();
    if relabel {
        selector_relabelings(&mut r, "service", &selector);
    }
    let port = text(ep, "port");
    let target_port = present(ep, "targetPort");
    if !port.is_empty() {
        let src = if role == "endpointslice" {
            "__meta_kubernetes_endpointslice_port_name"
        } else {
            "__meta_kubernetes_endpoint_port_name"
        };
        r.push(keep_drop("keep", vec![src.to_string()], s(port.clone())));
    } else if let Some(tp) = target_port {
        match tp {
            Value::Int(n) if *n != 0 => r.push(keep_drop(
                "keep",
                vec!["__meta_kubernetes_pod_container_port_number".to_string()],
                Value::Int(*n),
            )),
            Value::String(name) if !name.is_empty() => r.push(keep_drop(
                "keep",
                vec!["__meta_kubernetes_pod_container_port_name".to_string()],
                s(name.clone()),
            )),
            _ => {}
        }
    }
    let (kind_l, name_l) = if role == "endpointslice" {
        (
            "__meta_kubernetes_endpointslice_address_target_kind",
            "__meta_kubernetes_endpointslice_address_target_name",
        )
    } else {
        (
            "__meta_kubernetes_endpoint_address_target_kind",
            "__meta_kubernetes_endpoint_address_target_name",
        )
    };
    for (regex, target) in [("Node;(.*)", "node"), ("Pod;(.*)", "pod")] {
        r.push(Value::Map(map([
            ("source_labels", strs([kind_l, name_l])),
            ("separator", s(";")),
            ("regex", s(regex)),
            ("replacement", s("${1}")),
            ("target_label", s(target)),
        ])));
    }
    for (src, target) in [
        ("__meta_kubernetes_namespace", "namespace"),
        ("__meta_kubernetes_service_name", "service"),
        ("__meta_kubernetes_pod_name", "pod"),
        ("__meta_kubernetes_pod_container_name", "container"),
    ] {
        r.push(Value::Map(map([("source_labels", strs([src])), ("target_label", s(target))])));
    }
    if opt_bool(ep, "filterRunning").unwrap_or(true) {
        r.push(running_filter());
    }
    for l in string_list(spec, "targetLabels") {
        r.push(Value::Map(map([
            (
                "source_labels",
                strs([format!("__meta_kubernetes_service_label_{}", sanitize_label_name(&l))]),
            ),
            ("target_label", s(sanitize_label_name(&l))),
            ("regex", s("(.+)")),
            ("replacement", s("${1}")),
        ])));
    }
    pod_target_labels(g, &mut r, spec);
    r.push(Value::Map(map([
        ("source_labels", strs(["__meta_kubernetes_service_name"])),
        ("target_label", s("job")),
        ("replacement", s("${1}")),
    ])));
    let job_label = text(spec, "jobLabel");
    if !job_label.is_empty() {
        r.push(Value::Map(map([
            (
                "source_labels",
                strs([format!(
                    "__meta_kubernetes_service_label_{}",
                    sanitize_label_name(&job_label)
                )]),
            ),
            ("target_label", s("job")),
            ("regex", s("(.+)")),
            ("replacement", s("${1}")),
        ])));
    }
    if !port.is_empty() {
        r.push(Value::Map(map([("target_label", s("endpoint")), ("replacement", s(port))])));
    } else if let Some(tp) = target_port.map(target_port_text).filter(|t| !t.is_empty()) {
        r.push(Value::Map(map([("target_label", s("endpoint")), ("replacement", s(tp))])));
    }
    if let Some(c) = class {
        r.extend(relabel_configs(items(c, "relabelings")));
    }
    r.extend(enforce_namespace(g, "ServiceMonitor", m, items(ep, "relabelings")));
    sharding_on_address(g, &mut r, shards);
    cfg.insert("relabel_configs", Value::Seq(r));

    add_common_limits(g, &mut cfg, spec);
    if let Some(limit) = body_size_limit(g, spec) {
        g.min("2.28.0").append(&mut cfg, "body_size_limit", s(limit));
    }
    metric_relabelings(g, &mut cfg, "ServiceMonitor", m, class, items(ep, "metricRelabelings"));
    Value::Map(cfg)
}

/// The scrape job of endpoint `i` of a PodMonitor.
pub fn pod_monitor_job(g: Gen<'_>, m: Obj<'_>, ep: &Value, i: usize, shards: i64) -> Value {
    let spec = m.spec();
    let class = g.scrape_class(spec.get("scrapeClass"));
    let ns = m.namespace;
    let mut cfg = map([("job_name", s(format!("podMonitor/{}/{}/{i}", m.namespace, m.name)))]);
    honor_labels(g, &mut cfg, opt_bool(ep, "honorLabels").unwrap_or(false));
    honor_timestamps(g, &mut cfg, opt_bool(ep, "honorTimestamps"));
    track_timestamps_staleness(g, &mut cfg, opt_bool(ep, "trackTimestampsStaleness"));
    let attach = attach_metadata(g, spec.get("attachMetadata"), class, "2.35.0");
    let selector = LabelSelector::from_value(spec.get("selector").unwrap_or(&Value::Null));
    let relabel = relabel_mechanism(spec);
    let roles = ["pod"];
    let role_sel = (!relabel).then(|| (&roles[..], selector.to_selector_string()));
    let namespaces = monitor_namespaces(g, spec.get("namespaceSelector"), ns);
    cfg.insert("kubernetes_sd_configs", k8s_sd_config(g, ns, namespaces, "pod", attach, role_sel));

    intervals_and_paths(&mut cfg, ep);
    http_config(g, &mut cfg, ns, ep, class);
    bearer_token_secret(g, &mut cfg, ns, ep);
    add_basic_auth(g, &mut cfg, ns, present(ep, "basicAuth"));
    add_oauth2(g, &mut cfg, ns, present(ep, "oauth2"));
    add_proxy(g, &mut cfg, ns, ep);
    let auth = merge_safe_authorization_with_class(present(ep, "authorization"), class);
    add_authorization(g, &mut cfg, ns, auth.as_ref());

    let mut r = init_relabelings();
    if opt_bool(ep, "filterRunning").unwrap_or(true) {
        r.push(running_filter());
    }
    if relabel {
        selector_relabelings(&mut r, "pod", &selector);
    }
    let port = text(ep, "port");
    let port_number = opt_int(ep, "portNumber").unwrap_or(0);
    let target_port = present(ep, "targetPort");
    if !port.is_empty() {
        r.push(keep_drop(
            "keep",
            vec!["__meta_kubernetes_pod_container_port_name".into()],
            s(port.clone()),
        ));
    } else if port_number != 0 {
        r.push(keep_drop(
            "keep",
            vec!["__meta_kubernetes_pod_container_port_number".into()],
            Value::Int(port_number),
        ));
    } else if let Some(tp) = target_port {
        match tp {
            Value::String(name) if !name.is_empty() => r.push(keep_drop(
                "keep",
                vec!["__meta_kubernetes_pod_container_port_name".into()],
                s(name.clone()),
            )),
            Value::Int(n) if *n != 0 => r.push(keep_drop(
                "keep",
                vec!["__meta_kubernetes_pod_container_port_number".into()],
                Value::Int(*n),
            )),
            _ => {}
        }
    }
    for (src, target) in [
        ("__meta_kubernetes_namespace", "namespace"),
        ("__meta_kubernetes_pod_container_name", "container"),
        ("__meta_kubernetes_pod_name", "pod"),
    ] {
        r.push(Value::Map(map([("source_labels", strs([src])), ("target_label", s(target))])));
    }
    pod_target_labels(g, &mut r, spec);
    r.push(Value::Map(map([
        ("target_label", s("job")),
        ("replacement", s(format!("{}/{}", m.namespace, m.name))),
    ])));
    let job_label = text(spec, "jobLabel");
    if !job_label.is_empty() {
        r.push(Value::Map(map([
            (
                "source_labels",
                strs([format!("__meta_kubernetes_pod_label_{}", sanitize_label_name(&job_label))]),
            ),
            ("target_label", s("job")),
            ("regex", s("(.+)")),
            ("replacement", s("${1}")),
        ])));
    }
    if !port.is_empty() {
        r.push(Value::Map(map([("target_label", s("endpoint")), ("replacement", s(port))])));
    } else if let Some(tp) = target_port.map(target_port_text).filter(|t| !t.is_empty()) {
        r.push(Value::Map(map([("target_label", s("endpoint")), ("replacement", s(tp))])));
    }
    if let Some(c) = class {
        r.extend(relabel_configs(items(c, "relabelings")));
    }
    r.extend(enforce_namespace(g, "PodMonitor", m, items(ep, "relabelings")));
    if !g.ctx.daemon_set {
        sharding_on_address(g, &mut r, shards);
    }
    cfg.insert("relabel_configs", Value::Seq(r));

    add_common_limits(g, &mut cfg, spec);
    if let Some(limit) = body_size_limit(g, spec) {
        g.min("2.28.0").append(&mut cfg, "body_size_limit", s(limit));
    }
    metric_relabelings(g, &mut cfg, "PodMonitor", m, class, items(ep, "metricRelabelings"));
    Value::Map(cfg)
}

/// `addHTTPConfigToYAML`: follow redirects, HTTP/2 and the TLS config merged
/// with the scrape class.
pub fn http_config(g: Gen<'_>, cfg: &mut Map, ns: &str, holder: &Value, class: Option<&Value>) {
    if let Some(b) = opt_bool(holder, "followRedirects") {
        g.min("2.26.0").append(cfg, "follow_redirects", Value::Bool(b));
    }
    if let Some(b) = opt_bool(holder, "enableHttp2") {
        g.min("2.35.0").append(cfg, "enable_http2", Value::Bool(b));
    }
    let tls = merge_safe_tls_with_class(present(holder, "tlsConfig"), class);
    add_tls(g, cfg, ns, tls.as_ref());
}
