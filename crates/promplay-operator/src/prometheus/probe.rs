//! The scrape job of a Probe (`probe/<ns>/<name>`): the prober as
//! `__address__`, static targets or Ingresses discovered through Kubernetes
//! SD as `__param_target`, module and params, and sharding on the target.

use super::context::{Gen, items, map, opt_text, present, s, string_list, strs, text};
use super::helpers::{
    add_authorization, add_basic_auth, add_oauth2, add_proxy, merge_safe_authorization_with_class,
    relabel_configs, sorted_string_map,
};
use super::limits::add_common_limits;
use super::monitors::{
    Obj, enforce_namespace, honor_timestamps, http_config, init_relabelings, k8s_sd_config,
    metric_relabelings, monitor_namespaces, selector_relabelings, sharding,
};
use super::store::KeyRef;
use crate::select::LabelSelector;
use crate::value::{Map, Value};

/// The scrape job of a Probe.
pub fn probe_job(g: Gen<'_>, m: Obj<'_>, shards: i64) -> Value {
    let spec = m.spec();
    let class = g.scrape_class(spec.get("scrapeClass"));
    let ns = m.namespace;
    let prober = spec.get("prober").unwrap_or(&Value::Null);
    let mut cfg = map([("job_name", s(format!("probe/{}/{}", m.namespace, m.name)))]);
    honor_timestamps(g, &mut cfg, Some(true));
    cfg.insert("metrics_path", s(text(prober, "path")));
    for (field, key) in [("interval", "scrape_interval"), ("scrapeTimeout", "scrape_timeout")] {
        let v = text(spec, field);
        if !v.is_empty() {
            cfg.insert(key, s(v));
        }
    }
    if let Some(scheme) = opt_text(prober, "scheme") {
        cfg.insert("scheme", s(scheme.to_lowercase()));
    }
    let module = text(spec, "module");
    let mut params = Map::new();
    if !module.is_empty() {
        params.insert("module", strs([module.clone()]));
    }
    for p in items(spec, "params") {
        let name = text(p, "name");
        if !module.is_empty() && name == "module" {
            continue;
        }
        params.insert(name, strs(string_list(p, "values")));
    }
    if !params.is_empty() {
        cfg.insert("params", Value::Map(params));
    }
    add_common_limits(g, &mut cfg, spec);
    let enforced_body = text(g.spec(), "enforcedBodySizeLimit");
    if !enforced_body.is_empty() {
        g.min("2.28.0").append(&mut cfg, "body_size_limit", s(enforced_body));
    }

    let mut r = init_relabelings();
    let job_name = text(spec, "jobName");
    if !job_name.is_empty() {
        r.push(Value::Map(map([("target_label", s("job")), ("replacement", s(job_name))])));
    }
    add_proxy(g, &mut cfg, ns, prober);
    http_config(g, &mut cfg, ns, spec, class);

    let targets = spec.get("targets").unwrap_or(&Value::Null);
    let url = text(prober, "url");
    if let Some(sc) = present(targets, "staticConfig") {
        let mut labels = present(sc, "labels").and_then(Value::as_map).cloned().unwrap_or_default();
        if labels.get("namespace").is_none() {
            labels.insert("namespace", s(m.namespace));
        }
        let static_config = map([
            ("targets", strs(string_list(sc, "static"))),
            ("labels", Value::Map(sorted_string_map(&labels))),
        ]);
        cfg.insert("static_configs", Value::Seq(vec![Value::Map(static_config)]));
        r.push(Value::Map(map([
            ("source_labels", strs(["__address__"])),
            ("target_label", s("__param_target")),
        ])));
        r.push(Value::Map(map([
            ("source_labels", strs(["__param_target"])),
            ("target_label", s("instance")),
        ])));
        r.push(Value::Map(map([("target_label", s("__address__")), ("replacement", s(url))])));
        if let Some(c) = class {
            r.extend(relabel_configs(items(c, "relabelings")));
        }
        r.extend(enforce_namespace(g, "Probe", m, items(sc, "relabelingConfigs")));
    } else if let Some(ing) = present(targets, "ingress") {
        let selector = LabelSelector::from_value(ing.get("selector").unwrap_or(&Value::Null));
        selector_relabelings(&mut r, "ingress", &selector);
        let namespaces = monitor_namespaces(g, ing.get("namespaceSelector"), ns);
        cfg.insert(
            "kubernetes_sd_configs",
            k8s_sd_config(g, ns, namespaces, "ingress", None, None),
        );
        r.push(Value::Map(map([
            (
                "source_labels",
                strs([
                    "__meta_kubernetes_ingress_scheme",
                    "__address__",
                    "__meta_kubernetes_ingress_path",
                ]),
            ),
            ("separator", s(";")),
            ("regex", s("(.+);(.+);(.+)")),
            ("target_label", s("__param_target")),
            ("replacement", s("${1}://${2}${3}")),
            ("action", s("replace")),
        ])));
        r.push(Value::Map(map([
            ("source_labels", strs(["__meta_kubernetes_namespace"])),
            ("target_label", s("namespace")),
        ])));
        r.push(Value::Map(map([
            ("source_labels", strs(["__meta_kubernetes_ingress_name"])),
            ("target_label", s("ingress")),
        ])));
        r.push(Value::Map(map([
            ("source_labels", strs(["__address__"])),
            ("separator", s(";")),
            ("regex", s("(.*)")),
            ("target_label", s("__tmp_ingress_address")),
            ("replacement", s("$1")),
            ("action", s("replace")),
        ])));
        r.push(Value::Map(map([
            ("source_labels", strs(["__param_target"])),
            ("target_label", s("instance")),
        ])));
        r.push(Value::Map(map([("target_label", s("__address__")), ("replacement", s(url))])));
        if let Some(c) = class {
            r.extend(relabel_configs(items(c, "relabelings")));
        }
        r.extend(enforce_namespace(g, "Probe", m, items(ing, "relabelingConfigs")));
    }
    sharding(g, &mut r, shards, "__param_target");
    cfg.insert("relabel_configs", Value::Seq(r));

    if let Some(sel) = KeyRef::from_value(spec.get("bearerTokenSecret"))
        && let Ok(token) = g.ctx.store.secret(ns, &sel)
    {
        cfg.insert("bearer_token", s(token));
    }
    add_basic_auth(g, &mut cfg, ns, present(spec, "basicAuth"));
    add_oauth2(g, &mut cfg, ns, present(spec, "oauth2"));
    let auth = merge_safe_authorization_with_class(present(spec, "authorization"), class);
    add_authorization(g, &mut cfg, ns, auth.as_ref());
    metric_relabelings(g, &mut cfg, "Probe", m, class, items(spec, "metricRelabelings"));
    Value::Map(cfg)
}
