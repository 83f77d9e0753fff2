//! Which ServiceMonitors, PodMonitors, Probes and ScrapeConfigs a
//! Prometheus uses (`ResourceSelector`): the label and namespace selectors,
//! then the per-kind checks (`checkServiceMonitor`, `checkPodMonitor`,
//! `checkProbe`, `checkScrapeConfig`) that reject invalid objects with the
//! operator's reason. Also the checks of the Prometheus' own references
//! (remote read/write, API server, Alertmanager endpoints, scrape classes).

use super::context::{Gen, items, opt_text, present, text};
use super::monitors::Obj;
use super::store::{KeyRef, Store};
use super::validate as v;
use super::{CODE_REJECTED, Cluster, Finding, Input};
use crate::select::{
    KindSelector, LabelSelector, Outcome, SelectionEntry, SelectionReport, select_namespaces,
};
use crate::value::Value;

/// The valid objects of every kind, sorted by `<namespace>/<name>`.
pub struct Selected<'a> {
    /// ServiceMonitors.
    pub service_monitors: Vec<Obj<'a>>,
    /// PodMonitors.
    pub pod_monitors: Vec<Obj<'a>>,
    /// Probes.
    pub probes: Vec<Obj<'a>>,
    /// ScrapeConfigs.
    pub scrape_configs: Vec<Obj<'a>>,
    /// The decision for every candidate.
    pub report: SelectionReport,
}

/// A rejection: the field path inside the object and the operator's reason.
pub type Reject = (String, String);

const KINDS: [(&str, &str, &str, &str); 4] = [
    (
        "ServiceMonitor",
        "serviceMonitorSelector",
        "serviceMonitorNamespaceSelector",
        "ServiceMonitors",
    ),
    ("PodMonitor", "podMonitorSelector", "podMonitorNamespaceSelector", "PodMonitors"),
    ("Probe", "probeSelector", "probeNamespaceSelector", "Probes"),
    ("ScrapeConfig", "scrapeConfigSelector", "scrapeConfigNamespaceSelector", "ScrapeConfigs"),
];

/// Selects and checks every kind; an error aborts the whole Prometheus.
pub fn select_all<'a>(
    g: Gen<'_>,
    cluster: &Cluster<'a>,
    prom: Input<'_>,
    findings: &mut Vec<Finding>,
) -> Result<Selected<'a>, String> {
    let spec = g.spec();
    let options = cluster.options;
    let watched: Vec<_> =
        cluster.namespaces.iter().filter(|n| options.namespace_watched(&n.name)).cloned().collect();
    let mut out = Selected {
        service_monitors: Vec::new(),
        pod_monitors: Vec::new(),
        probes: Vec::new(),
        scrape_configs: Vec::new(),
        report: SelectionReport::default(),
    };
    for (kind, field, ns_field, plural) in KINDS {
        let selector = LabelSelector::from_field(spec.get(field));
        let ns_selector = LabelSelector::from_field(spec.get(ns_field));
        if let Some(ns_sel) = &ns_selector {
            select_namespaces(prom.namespace, Some(ns_sel), &watched).map_err(|e| {
                format!("selecting {plural} failed: failed to convert namespace label selector to selector: {e}")
            })?;
        }
        if let Some(sel) = &selector {
            sel.validate().map_err(|e| format!("selecting {plural} failed: {e}"))?;
        }
        let ks = KindSelector {
            kind,
            own_namespace: prom.namespace,
            field: &format!("spec.{field}"),
            selector,
            namespace_field: &format!("spec.{ns_field}"),
            namespace_selector: ns_selector,
        };
        let mut candidates: Vec<&Input<'a>> =
            cluster.objects.iter().filter(|o| o.kind == kind).collect();
        candidates.sort_by(|a, b| (a.namespace, a.name).cmp(&(b.namespace, b.name)));
        for c in candidates {
            let labels = crate::select::object_labels(c.value);
            let outcome = match ks.decide(
                c.namespace,
                &labels,
                &watched,
                options.namespace_exclusion(c.namespace),
            ) {
                Err(why) => Outcome::NotSelected(why),
                Ok(()) => {
                    let o = super::obj(c);
                    let checked = match kind {
                        "ServiceMonitor" => check_service_monitor(g, cluster, o),
                        "PodMonitor" => check_pod_monitor(g, cluster, o),
                        "Probe" => check_probe(g, cluster, o),
                        _ => check_scrape_config(g, cluster, o),
                    };
                    match checked {
                        Ok(()) => {
                            match kind {
                                "ServiceMonitor" => out.service_monitors.push(o),
                                "PodMonitor" => out.pod_monitors.push(o),
                                "Probe" => out.probes.push(o),
                                _ => out.scrape_configs.push(o),
                            }
                            Outcome::Selected
                        }
                        Err((path, reason)) => {
                            findings.push(Finding {
                                kind: kind.into(),
                                namespace: c.namespace.into(),
                                name: c.name.into(),
                                path,
                                code: CODE_REJECTED,
                                severity: promplay_diagnostics::Severity::Warning,
                                message: format!(
                                    "{}/{} was rejected by Prometheus {}/{} due to invalid configuration: {reason}",
                                    c.namespace, c.name, prom.namespace, prom.name
                                ),
                            });
                            Outcome::Rejected(reason)
                        }
                    }
                }
            };
            out.report.entries.push(SelectionEntry {
                kind: kind.into(),
                namespace: c.namespace.into(),
                name: c.name.into(),
                outcome,
            });
        }
    }
    Ok(out)
}

fn scrape_class_exists(g: Gen<'_>, spec: &Value) -> Result<(), String> {
    let Some(name) = opt_text(spec, "scrapeClass").filter(|n| !n.is_empty()) else {
        return Ok(());
    };
    if items(g.spec(), "scrapeClasses").iter().any(|c| text(c, "name") == name) {
        return Ok(());
    }
    Err(format!("scrapeClass {name:?} not found in Prometheus scrapeClasses"))
}

fn selector_mechanism(g: Gen<'_>, spec: &Value) -> Result<(), Reject> {
    if opt_text(spec, "selectorMechanism").as_deref() == Some("RoleSelector")
        && g.ctx.version.lt("2.17.0")
    {
        return Err((
            "spec.selectorMechanism".into(),
            "RoleSelector selectorMechanism is only supported in Prometheus 2.17.0 and newer"
                .into(),
        ));
    }
    Ok(())
}

fn at<T>(path: String, r: Result<T, String>) -> Result<T, Reject> {
    r.map_err(|e| (path, e))
}

fn check_service_monitor(g: Gen<'_>, cluster: &Cluster<'_>, m: Obj<'_>) -> Result<(), Reject> {
    let spec = m.spec();
    let store = &cluster.store;
    let ns = m.namespace;
    let selector = LabelSelector::from_value(spec.get("selector").unwrap_or(&Value::Null));
    at("spec.selector".into(), selector.validate())?;
    selector_mechanism(g, spec)?;
    let deny_fs = present(g.spec(), "arbitraryFSAccessThroughSMs")
        .and_then(|a| a.get("deny"))
        .and_then(Value::as_bool)
        .unwrap_or(false);
    for (i, ep) in items(spec, "endpoints").iter().enumerate() {
        let p = format!("spec.endpoints[{i}]");
        let e = |m: String| format!("endpoints[{i}]: {m}");
        if deny_fs {
            if !text(ep, "bearerTokenFile").is_empty() {
                return Err((
                    format!("{p}.bearerTokenFile"),
                    e("it accesses file system via bearer token file which Prometheus specification prohibits".into()),
                ));
            }
            if let Some(tls) = present(ep, "tlsConfig")
                && ["caFile", "certFile", "keyFile"].iter().any(|f| !text(tls, f).is_empty())
            {
                return Err((
                    format!("{p}.tlsConfig"),
                    e("it accesses file system via tls config which Prometheus specification prohibits".into()),
                ));
            }
        }
        at(p.clone(), v::auth_conflicts(ep).map_err(e))?;
        if let Some(tls) = present(ep, "tlsConfig") {
            at(
                format!("{p}.tlsConfig"),
                v::tls_config(tls).map_err(|m| e(format!("tlsConfig: {m}"))),
            )?;
        }
        at(p.clone(), v::proxy_config(ep).map_err(e))?;
        if let Some(sel) = KeyRef::from_value(ep.get("bearerTokenSecret"))
            && !sel.name.is_empty()
        {
            at(
                format!("{p}.bearerTokenSecret"),
                store
                    .secret(ns, &sel)
                    .map(|_| ())
                    .map_err(|m| e(format!("bearerTokenSecret: {m}"))),
            )?;
        }
        at(
            format!("{p}.basicAuth"),
            v::add_basic_auth(store, ns, present(ep, "basicAuth"))
                .map_err(|m| e(format!("basicAuth: {m}"))),
        )?;
        at(
            format!("{p}.tlsConfig"),
            v::add_tls(store, ns, present(ep, "tlsConfig"))
                .map_err(|m| e(format!("tlsConfig: {m}"))),
        )?;
        at(
            format!("{p}.oauth2"),
            v::add_oauth2(store, ns, present(ep, "oauth2")).map_err(|m| e(format!("oauth2: {m}"))),
        )?;
        at(
            format!("{p}.authorization"),
            v::add_safe_authorization(store, ns, present(ep, "authorization"))
                .map_err(|m| e(format!("authorization: {m}"))),
        )?;
        check_timeout_and_relabelings(g, ep, &p, i)?;
        at(format!("{p}.proxyConnectHeader"), v::add_proxy(store, ns, ep))?;
    }
    at(
        "spec.scrapeClass".into(),
        scrape_class_exists(g, spec).map_err(|m| format!("scrapeClassName: {m}")),
    )
}

/// The checks every ServiceMonitor and PodMonitor endpoint shares: the
/// scrape timeout against the interval, then both relabeling lists.
fn check_timeout_and_relabelings(g: Gen<'_>, ep: &Value, p: &str, i: usize) -> Result<(), Reject> {
    let e = |m: String| format!("endpoint[{i}]: {m}");
    let version = &g.ctx.version;
    at(
        format!("{p}.scrapeTimeout"),
        v::scrape_interval_and_timeout(g.spec(), &text(ep, "interval"), &text(ep, "scrapeTimeout"))
            .map_err(e),
    )?;
    at(
        format!("{p}.relabelings"),
        v::relabel_configs(version, items(ep, "relabelings"))
            .map_err(|m| e(format!("relabelConfigs: {m}"))),
    )?;
    at(
        format!("{p}.metricRelabelings"),
        v::relabel_configs(version, items(ep, "metricRelabelings"))
            .map_err(|m| e(format!("metricRelabelConfigs: {m}"))),
    )
}

fn check_pod_monitor(g: Gen<'_>, cluster: &Cluster<'_>, m: Obj<'_>) -> Result<(), Reject> {
    let spec = m.spec();
    let store = &cluster.store;
    let ns = m.namespace;
    let selector = LabelSelector::from_value(spec.get("selector").unwrap_or(&Value::Null));
    at(
        "spec.selector".into(),
        selector.validate().map_err(|m| format!("failed to parse label selector: {m}")),
    )?;
    selector_mechanism(g, spec)?;
    for (i, ep) in items(spec, "podMetricsEndpoints").iter().enumerate() {
        let p = format!("spec.podMetricsEndpoints[{i}]");
        let e = |m: String| format!("endpoint[{i}]: {m}");
        check_timeout_and_relabelings(g, ep, &p, i)?;
        http_config_store(store, ns, ep, &p).map_err(|(path, m)| (path, e(m)))?;
    }
    at(
        "spec.scrapeClass".into(),
        scrape_class_exists(g, spec).map_err(|m| format!("scrapeClassName: {m}")),
    )
}

/// `addHTTPConfigToStore` (PodMonitor endpoints).
fn http_config_store(store: &Store, ns: &str, h: &Value, p: &str) -> Result<(), Reject> {
    at(p.to_string(), v::auth_conflicts(h))?;
    if let Some(o) = present(h, "oauth2") {
        at(
            format!("{p}.oauth2"),
            v::add_oauth2(&Store::new(), ns, Some(o)).or_else(oauth2_shape_only),
        )?;
    }
    if let Some(tls) = present(h, "tlsConfig") {
        at(
            format!("{p}.tlsConfig"),
            v::safe_tls_config(tls).map_err(|m| format!("tlsConfig: {m}")),
        )?;
    }
    at(p.to_string(), v::proxy_config(h))?;
    if let Some(sel) = KeyRef::from_value(h.get("bearerTokenSecret"))
        && !sel.name.is_empty()
        && !sel.key.is_empty()
    {
        at(
            format!("{p}.bearerTokenSecret"),
            store.secret(ns, &sel).map(|_| ()).map_err(|m| format!("bearerTokenSecret: {m}")),
        )?;
    }
    at(
        format!("{p}.basicAuth"),
        v::add_basic_auth(store, ns, present(h, "basicAuth"))
            .map_err(|m| format!("basicAuth: {m}")),
    )?;
    at(
        format!("{p}.tlsConfig"),
        v::add_safe_tls(store, ns, present(h, "tlsConfig")).map_err(|m| format!("tlsConfig: {m}")),
    )?;
    at(
        format!("{p}.oauth2"),
        v::add_oauth2(store, ns, present(h, "oauth2")).map_err(|m| format!("oauth2: {m}")),
    )?;
    at(
        format!("{p}.authorization"),
        v::add_safe_authorization(store, ns, present(h, "authorization"))
            .map_err(|m| format!("authorization: {m}")),
    )?;
    at(
        format!("{p}.proxyConnectHeader"),
        v::add_proxy(store, ns, h).map_err(|m| format!("proxyConfig: {m}")),
    )
}

/// Shape errors of an OAuth2 block are reported by the store pass later;
/// this first pass only catches the messages `OAuth2.Validate` gives.
fn oauth2_shape_only(e: String) -> Result<(), String> {
    if e.starts_with("failed to get") { Ok(()) } else { Err(format!("oauth2: {e}")) }
}

fn check_probe(g: Gen<'_>, cluster: &Cluster<'_>, m: Obj<'_>) -> Result<(), Reject> {
    let spec = m.spec();
    let store = &cluster.store;
    let ns = m.namespace;
    let version = &g.ctx.version;
    at(
        "spec.scrapeClass".into(),
        scrape_class_exists(g, spec).map_err(|m| format!("scrapeClassName: {m}")),
    )?;
    let targets = spec.get("targets").unwrap_or(&Value::Null);
    let static_config = present(targets, "staticConfig");
    let ingress = present(targets, "ingress");
    if static_config.is_none() && ingress.is_none() {
        return Err((
            "spec.targets".into(),
            "at least one of .spec.targets.staticConfig and .spec.targets.ingress is required"
                .into(),
        ));
    }
    if let Some(sel) = KeyRef::from_value(spec.get("bearerTokenSecret")) {
        at(
            "spec.bearerTokenSecret".into(),
            store.secret(ns, &sel).map(|_| ()).map_err(|m| format!("bearerTokenSecret: {m}")),
        )?;
    }
    at(
        "spec.basicAuth".into(),
        v::add_basic_auth(store, ns, present(spec, "basicAuth"))
            .map_err(|m| format!("basicAuth: {m}")),
    )?;
    at(
        "spec.tlsConfig".into(),
        v::add_safe_tls(store, ns, present(spec, "tlsConfig"))
            .map_err(|m| format!("tlsConfig: {m}")),
    )?;
    at(
        "spec.authorization".into(),
        v::add_safe_authorization(store, ns, present(spec, "authorization"))
            .map_err(|m| format!("authorization: {m}")),
    )?;
    at(
        "spec.oauth2".into(),
        v::add_oauth2(store, ns, present(spec, "oauth2")).map_err(|m| format!("oauth2: {m}")),
    )?;
    at(
        "spec.scrapeTimeout".into(),
        v::scrape_interval_and_timeout(
            g.spec(),
            &text(spec, "interval"),
            &text(spec, "scrapeTimeout"),
        ),
    )?;
    at(
        "spec.metricRelabelings".into(),
        v::relabel_configs(version, items(spec, "metricRelabelings"))
            .map_err(|m| format!("metricRelabelConfigs: {m}")),
    )?;
    if let Some(sc) = static_config {
        at(
            "spec.targets.staticConfig.labels".into(),
            v::static_labels(version, present(sc, "labels"))
                .map_err(|m| format!("targets.staticConfig.labels: {m}")),
        )?;
        at(
            "spec.targets.staticConfig.relabelingConfigs".into(),
            v::relabel_configs(version, items(sc, "relabelingConfigs"))
                .map_err(|m| format!("targets.staticConfig.relabelConfigs: {m}")),
        )?;
    }
    if let Some(ing) = ingress {
        at(
            "spec.targets.ingress.relabelingConfigs".into(),
            v::relabel_configs(version, items(ing, "relabelingConfigs"))
                .map_err(|m| format!("targets.ingress.relabelConfigs: {m}")),
        )?;
    }
    let prober = spec.get("prober").unwrap_or(&Value::Null);
    at(
        "spec.prober".into(),
        v::add_proxy(store, ns, prober).map_err(|m| format!("proxy configuration: {m}")),
    )?;
    let url = text(prober, "url");
    at(
        "spec.prober.url".into(),
        v::prober_url(&url).map_err(|m| {
            format!("{url:?} url specified in proberSpec is invalid, it should be of the format `hostname` or `hostname:port`: {m}")
        }),
    )
}

fn check_scrape_config(g: Gen<'_>, cluster: &Cluster<'_>, m: Obj<'_>) -> Result<(), Reject> {
    let spec = m.spec();
    let store = &cluster.store;
    let ns = m.namespace;
    let version = &g.ctx.version;
    at("spec.scrapeClass".into(), scrape_class_exists(g, spec))?;
    at(
        "spec.relabelings".into(),
        v::relabel_configs(version, items(spec, "relabelings"))
            .map_err(|m| format!("relabelConfigs: {m}")),
    )?;
    at(
        "spec.basicAuth".into(),
        v::add_basic_auth(store, ns, present(spec, "basicAuth"))
            .map_err(|m| format!("basicAuth: {m}")),
    )?;
    at(
        "spec.authorization".into(),
        v::add_safe_authorization(store, ns, present(spec, "authorization"))
            .map_err(|m| format!("authorization: {m}")),
    )?;
    at(
        "spec.oauth2".into(),
        v::add_oauth2(store, ns, present(spec, "oauth2")).map_err(|m| format!("oauth2: {m}")),
    )?;
    at(
        "spec.tlsConfig".into(),
        v::add_safe_tls(store, ns, present(spec, "tlsConfig"))
            .map_err(|m| format!("tlsConfig: {m}")),
    )?;
    at(
        "spec.scrapeTimeout".into(),
        v::scrape_interval_and_timeout(
            g.spec(),
            &text(spec, "scrapeInterval"),
            &text(spec, "scrapeTimeout"),
        ),
    )?;
    at("spec.proxyUrl".into(), v::add_proxy(store, ns, spec))?;
    at(
        "spec.metricRelabelings".into(),
        v::relabel_configs(version, items(spec, "metricRelabelings"))
            .map_err(|m| format!("metricRelabelConfigs: {m}")),
    )?;
    for (i, sc) in items(spec, "staticConfigs").iter().enumerate() {
        at(
            format!("spec.staticConfigs[{i}].labels"),
            v::static_labels(version, present(sc, "labels"))
                .map_err(|m| format!("staticConfigs: [{i}]: {m}")),
        )?;
    }
    super::scrapeconfig::check(g, store, m)
}

/// The checks of the Prometheus' own references before generation; an
/// error means no configuration is generated.
pub fn check_prometheus(g: Gen<'_>, store: &Store) -> Result<(), Reject> {
    let spec = g.spec();
    let ns = g.ctx.namespace;
    for (i, rr) in items(spec, "remoteRead").iter().enumerate() {
        let p = format!("spec.remoteRead[{i}]");
        let e = |m: String| format!("remoteRead[{i}]: {m}");
        at(
            format!("{p}.basicAuth"),
            v::add_basic_auth(store, ns, present(rr, "basicAuth")).map_err(e),
        )?;
        at(format!("{p}.oauth2"), v::add_oauth2(store, ns, present(rr, "oauth2")).map_err(e))?;
        at(format!("{p}.tlsConfig"), v::add_tls(store, ns, present(rr, "tlsConfig")).map_err(e))?;
        at(
            format!("{p}.authorization"),
            v::add_authorization(store, ns, present(rr, "authorization")).map_err(e),
        )?;
        at(p.clone(), v::add_proxy(store, ns, rr).map_err(e))?;
    }
    for (i, rw) in items(spec, "remoteWrite").iter().enumerate() {
        let p = format!("spec.remoteWrite[{i}]");
        let e = |m: String| format!("remoteWrite[{i}]: {m}");
        at(p.clone(), remote_write_spec(g, rw).map_err(e))?;
        at(
            format!("{p}.basicAuth"),
            v::add_basic_auth(store, ns, present(rw, "basicAuth")).map_err(e),
        )?;
        at(format!("{p}.oauth2"), v::add_oauth2(store, ns, present(rw, "oauth2")).map_err(e))?;
        at(format!("{p}.tlsConfig"), v::add_tls(store, ns, present(rw, "tlsConfig")).map_err(e))?;
        at(
            format!("{p}.authorization"),
            v::add_authorization(store, ns, present(rw, "authorization")).map_err(e),
        )?;
        at(format!("{p}.sigv4"), v::add_sigv4(store, ns, present(rw, "sigv4")).map_err(e))?;
        if let Some(sel) = present(rw, "azureAd")
            .and_then(|a| present(a, "oauth"))
            .and_then(|o| KeyRef::from_value(o.get("clientSecret")))
        {
            at(
                format!("{p}.azureAd.oauth.clientSecret"),
                store
                    .secret(ns, &sel)
                    .map(|_| ())
                    .map_err(|m| e(format!("failed to read AzureOAuth clientSecret: {m}"))),
            )?;
        }
        at(p.clone(), v::add_proxy(store, ns, rw).map_err(e))?;
    }
    if let Some(api) = present(spec, "apiserverConfig") {
        let e = |m: String| format!("apiserver config: {m}");
        at(
            "spec.apiserverConfig.basicAuth".into(),
            v::add_basic_auth(store, ns, present(api, "basicAuth")).map_err(e),
        )?;
        at(
            "spec.apiserverConfig.authorization".into(),
            v::add_authorization(store, ns, present(api, "authorization")).map_err(e),
        )?;
        at(
            "spec.apiserverConfig.tlsConfig".into(),
            v::add_tls(store, ns, present(api, "tlsConfig")).map_err(e),
        )?;
        at("spec.apiserverConfig".into(), v::add_proxy(store, ns, api).map_err(e))?;
    }
    if let Some(alerting) = present(spec, "alerting") {
        let ams = items(alerting, "alertmanagers");
        for (i, am) in ams.iter().enumerate() {
            let p = format!("spec.alerting.alertmanagers[{i}]");
            let e = |m: String| format!("alertmanager {i}: {m}");
            let mut set = Vec::new();
            if !text(am, "bearerTokenFile").is_empty() {
                set.push("\"bearerTokenFile\"");
            }
            for (field, shown) in [
                ("basicAuth", "\"basicAuth\""),
                ("authorization", "\"authorization\""),
                ("sigv4", "\"sigv4\""),
            ] {
                if present(am, field).is_some() {
                    set.push(shown);
                }
            }
            if set.len() > 1 {
                return Err((
                    p,
                    e(format!(
                        "{} can't be set at the same time, at most one of them must be defined",
                        set.join(" and ")
                    )),
                ));
            }
            at(
                format!("{p}.relabelings"),
                v::relabel_configs(&g.ctx.version, items(am, "relabelings"))
                    .map_err(|m| e(format!("invalid relabelings: {m}"))),
            )?;
            at(
                format!("{p}.alertRelabelings"),
                v::relabel_configs(&g.ctx.version, items(am, "alertRelabelings"))
                    .map_err(|m| e(format!("invalid alertRelabelings: {m}"))),
            )?;
        }
        for (i, am) in ams.iter().enumerate() {
            let p = format!("spec.alerting.alertmanagers[{i}]");
            let e = |m: String| format!("alertmanager {i}: {m}");
            at(
                format!("{p}.basicAuth"),
                v::add_basic_auth(store, ns, present(am, "basicAuth")).map_err(e),
            )?;
            at(
                format!("{p}.authorization"),
                v::add_safe_authorization(store, ns, present(am, "authorization")).map_err(e),
            )?;
            at(format!("{p}.sigv4"), v::add_sigv4(store, ns, present(am, "sigv4")).map_err(e))?;
            at(
                format!("{p}.tlsConfig"),
                v::add_tls(store, ns, present(am, "tlsConfig")).map_err(e),
            )?;
            at(p.clone(), v::add_proxy(store, ns, am).map_err(e))?;
        }
    }
    for (i, c) in items(spec, "scrapeClasses").iter().enumerate() {
        at(
            format!("spec.scrapeClasses[{i}].tlsConfig"),
            v::add_tls(store, ns, present(c, "tlsConfig")).map_err(|m| {
                format!("failed to process scrape classes: scrape class {:?}: {m}", text(c, "name"))
            }),
        )?;
    }
    Ok(())
}

/// `validateRemoteWriteSpec`: one authentication method, a consistent Azure AD block.
fn remote_write_spec(g: Gen<'_>, rw: &Value) -> Result<(), String> {
    let set: Vec<String> = ["basicAuth", "oauth2", "authorization", "sigv4", "azureAd"]
        .iter()
        .filter(|f| present(rw, f).is_some())
        .map(|f| format!("{f:?}"))
        .collect();
    if set.len() > 1 {
        return Err(format!(
            "{} can't be set at the same time, at most one of them must be defined",
            set.join(" and ")
        ));
    }
    if let Some(az) = present(rw, "azureAd") {
        let mi = present(az, "managedIdentity").is_some();
        let oauth = present(az, "oauth");
        let sdk = present(az, "sdk").is_some();
        let wi = present(az, "workloadIdentity");
        if !mi && oauth.is_none() && !sdk && wi.is_none() {
            return Err("must provide Azure Managed Identity, Azure OAuth, Azure SDK, or Azure Workload Identity in the Azure AD config".into());
        }
        let pairs = [
            (mi && oauth.is_some(), "Azure Managed Identity and Azure OAuth"),
            (oauth.is_some() && sdk, "Azure OAuth and Azure SDK"),
            (mi && sdk, "Azure Managed Identity and Azure SDK"),
            (mi && wi.is_some(), "Azure Managed Identity and Azure Workload Identity"),
            (oauth.is_some() && wi.is_some(), "Azure OAuth and Azure Workload Identity"),
            (sdk && wi.is_some(), "Azure SDK and Azure Workload Identity"),
        ];
        if let Some((_, what)) = pairs.iter().find(|(hit, _)| *hit) {
            return Err(format!("cannot provide both {what} in the Azure AD config"));
        }
        if mi
            && g.ctx.version.lt("3.5.0")
            && present(az, "managedIdentity")
                .and_then(|m| opt_text(m, "clientId"))
                .unwrap_or_default()
                .is_empty()
        {
            return Err(format!(
                "managedIdentidy: clientId is required with Prometheus < 3.5.0, current = {}",
                g.ctx.version
            ));
        }
        if let Some(o) = oauth {
            if g.ctx.version.lt("2.48.0") {
                return Err("azureAD.oauth requires Prometheus >= v2.48.0".into());
            }
            if !is_uuid(&text(o, "clientId")) {
                return Err("the provided Azure OAuth clientId is invalid".into());
            }
        }
        if sdk && g.ctx.version.lt("2.52.0") {
            return Err("azureAD.sdk requires Prometheus >= v2.52.0".into());
        }
        if let Some(w) = wi {
            if g.ctx.version.lt("3.7.0") {
                return Err("azureAD.workloadIdentity requires Prometheus >= v3.7.0".into());
            }
            if !is_uuid(&text(w, "clientId")) {
                return Err("the provided Azure Workload Identity clientId is invalid".into());
            }
            if !is_uuid(&text(w, "tenantId")) {
                return Err("the provided Azure Workload Identity tenantId is invalid".into());
            }
        }
    }
    v::proxy_config(rw)
}

fn is_uuid(s: &str) -> bool {
    let s = s.strip_prefix("urn:uuid:").unwrap_or(s);
    let s = s.strip_prefix('{').and_then(|x| x.strip_suffix('}')).unwrap_or(s);
    let hex: String = s.chars().filter(|c| *c != '-').collect();
    let dashes_ok = s.len() == 32
        || (s.len() == 36 && [8, 13, 18, 23].iter().all(|i| s.as_bytes()[*i] == b'-'));
    dashes_ok && hex.len() == 32 && hex.chars().all(|c| c.is_ascii_hexdigit())
}
