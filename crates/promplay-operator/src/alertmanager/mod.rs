//! `alertmanager.yaml` as the operator generates it for an Alertmanager
//! object: the base configuration (Secret `alertmanager-<name>` key
//! `alertmanager.yaml`, the referenced AlertmanagerConfig of
//! `spec.alertmanagerConfiguration`, or the built-in default) plus every
//! selected AlertmanagerConfig, with receivers renamed, routes nested under
//! the root route behind a namespace matcher, inhibit rules scoped to their
//! namespace and everything the Alertmanager version cannot read removed.
//!
//! **API Boundary:** [`generate`] takes the Alertmanager object, the
//! AlertmanagerConfig objects its selectors chose and a [`Store`] for
//! Secrets and ConfigMaps; it never fails as a whole, the error lands in
//! [`Generated::config`] and rejected objects in [`Generated::rejected`].

pub mod check;
pub mod convert;
pub mod gofmt;
pub mod receivers;
pub mod sanitize;
pub mod schema;
pub mod structs;
pub mod timeinterval;

use crate::value::{Map, Value};
use convert::{Ctx, str_of};
use gofmt::AmVersion;

/// The outcome of looking up a key of a Secret or ConfigMap.
#[derive(Clone, Debug, PartialEq)]
pub enum Lookup {
    /// The decoded value.
    Found(String),
    /// No such object.
    NoObject,
    /// The object exists but lacks the key.
    NoKey,
}

/// Read access to Secrets and ConfigMaps (decoded `data` and `stringData`).
pub trait Store {
    /// Key `key` of Secret `namespace/name`.
    fn secret(&self, namespace: &str, name: &str, key: &str) -> Lookup;
    /// Key `key` of ConfigMap `namespace/name`.
    fn config_map(&self, namespace: &str, name: &str, key: &str) -> Lookup;
}

/// What [`generate`] needs.
pub struct Request<'a> {
    /// The Alertmanager object (with `metadata` and `spec`).
    pub alertmanager: &'a Value,
    /// The AlertmanagerConfig objects its selectors chose, in any order.
    pub configs: Vec<&'a Value>,
    /// The AlertmanagerConfig named by `spec.alertmanagerConfiguration.name`
    /// in the Alertmanager's namespace, when it exists.
    pub global_config: Option<&'a Value>,
    /// Secrets and ConfigMaps.
    pub store: &'a dyn Store,
    /// The operator's default Alertmanager version (`v0.33.1` for 0.93).
    pub default_version: &'a str,
}

/// The configuration the operator writes, before serialisation.
#[derive(Clone, Debug, PartialEq)]
pub enum Config {
    /// The Secret's text, passed through unchanged (no selector and no
    /// `alertmanagerConfiguration`: the user manages the configuration).
    Raw(String),
    /// A generated configuration, to be written by the go-yaml emitter.
    Tree(Value),
}

/// The keys whose lists Alertmanager's time intervals write in flow style.
pub const FLOW_KEYS: [&str; 4] = ["weekdays", "days_of_month", "months", "years"];

impl Config {
    /// The text of `alertmanager.yaml`.
    pub fn to_yaml(&self) -> String {
        match self {
            Config::Raw(s) => s.clone(),
            Config::Tree(v) => crate::emit::to_yaml_with_flow_keys(v, &FLOW_KEYS),
        }
    }
}

/// An AlertmanagerConfig the operator rejected, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Rejected {
    /// Its namespace.
    pub namespace: String,
    /// Its name.
    pub name: String,
    /// The operator's reason.
    pub reason: String,
    /// The field the reason is about (`spec.route.receiver`,
    /// `spec.receivers[1]`), for pointing into the manifest.
    pub path: String,
}

/// Where one part of a generated configuration came from: the
/// configuration's field path and the object field it was built from.
#[derive(Clone, Debug, PartialEq)]
pub struct Origin {
    /// The part in alertmanager.yaml: `route`, `route.routes[0]`,
    /// `receivers[2]`, `inhibit_rules[1]`, `mute_time_intervals[0]`; the
    /// empty path for a configuration passed through as a whole.
    pub path: String,
    /// `AlertmanagerConfig` or `Secret`.
    pub kind: &'static str,
    /// The object's namespace.
    pub namespace: String,
    /// The object's name.
    pub name: String,
    /// The object's field (`spec.route`, `spec.receivers[0]`); for the
    /// Secret, the key holding the configuration.
    pub field: String,
    /// The matcher the namespace enforcement added, as written into the
    /// configuration (`namespace="team-a"`).
    pub namespace_matcher: Option<String>,
}

/// The result of [`generate`].
#[derive(Clone, Debug, PartialEq)]
pub struct Generated {
    /// The text of `alertmanager.yaml`, or why the operator could not
    /// generate it.
    pub config: Result<String, String>,
    /// The generated tree (`None` for a passed-through Secret or an error).
    pub tree: Option<Value>,
    /// AlertmanagerConfigs used, as `(namespace, name)`, sorted.
    pub accepted: Vec<(String, String)>,
    /// AlertmanagerConfigs rejected as invalid.
    pub rejected: Vec<Rejected>,
    /// Fields dropped for the Alertmanager version and similar notes.
    pub warnings: Vec<String>,
    /// Where the routes, receivers, inhibit rules and time intervals of
    /// the configuration came from.
    pub origins: Vec<Origin>,
    /// `spec.alertmanagerConfigMatcherStrategy.type` as the operator read
    /// it (`OnNamespace` when unset).
    pub strategy: &'static str,
}

/// The built-in configuration when the Secret or its key is missing or empty.
pub const DEFAULT_CONFIG: &str = "route:\n  receiver: 'null'\nreceivers:\n- name: 'null'";

/// Name of the Secret holding the user's configuration.
pub fn config_secret_name(alertmanager_name: &str) -> String {
    format!("alertmanager-{alertmanager_name}")
}

/// Name of the Secret the operator writes the generated configuration to.
pub fn generated_secret_name(alertmanager_name: &str) -> String {
    format!("alertmanager-{alertmanager_name}-generated")
}

/// Generates the configuration of one Alertmanager.
pub fn generate(req: &Request) -> Generated {
    let mut out = Generated {
        config: Err(String::new()),
        tree: None,
        accepted: Vec::new(),
        rejected: Vec::new(),
        warnings: Vec::new(),
        origins: Vec::new(),
        strategy: Strategy::from_spec(req.alertmanager.get("spec").unwrap_or(&Value::Null)).name(),
    };
    let built = build(req, &mut out);
    out.config = built.as_ref().map(Config::to_yaml).map_err(Clone::clone);
    if let Ok(Config::Tree(v)) = built {
        out.tree = Some(v);
    }
    out
}

/// An AlertmanagerConfig in the stored version (v1alpha1): a v1beta1 object
/// is converted as the operator's conversion webhook does (its
/// `spec.timeIntervals` become `spec.muteTimeIntervals`; every other field
/// it has is named the same in v1alpha1).
pub fn to_v1alpha1(amc: &Value) -> std::borrow::Cow<'_, Value> {
    let beta =
        amc.get("apiVersion").and_then(Value::as_str) == Some("monitoring.coreos.com/v1beta1");
    if !beta {
        return std::borrow::Cow::Borrowed(amc);
    }
    let mut converted = amc.clone();
    if let Some(spec) =
        converted.as_map_mut().and_then(|m| m.get_mut("spec")).and_then(Value::as_map_mut)
        && let Some(intervals) = spec.remove("timeIntervals")
    {
        spec.insert("muteTimeIntervals", intervals);
    }
    std::borrow::Cow::Owned(converted)
}

fn build(req: &Request, out: &mut Generated) -> Result<Config, String> {
    let converted: Vec<std::borrow::Cow<'_, Value>> =
        req.configs.iter().map(|c| to_v1alpha1(c)).collect();
    let global_converted = req.global_config.map(to_v1alpha1);
    let req = &Request {
        alertmanager: req.alertmanager,
        configs: converted.iter().map(|c| c.as_ref()).collect(),
        global_config: global_converted.as_deref(),
        store: req.store,
        default_version: req.default_version,
    };
    let am = req.alertmanager;
    let ns = am.path(&["metadata", "namespace"]).and_then(Value::as_str).unwrap_or("default");
    let name = am.path(&["metadata", "name"]).and_then(Value::as_str).unwrap_or("");
    let spec = am.get("spec").unwrap_or(&Value::Null);
    let version_text = match spec.get("version").and_then(Value::as_str) {
        Some(v) if !v.is_empty() => v,
        _ => req.default_version,
    };
    let version = AmVersion::parse(version_text)
        .map_err(|e| format!("failed to parse alertmanager version: {e}"))?;
    if version.lt(0, 15, 0) || version.major() > 0 {
        return Err(format!("unsupported Alertmanager version {version_text:?}"));
    }
    let selector = spec.get("alertmanagerConfigSelector").filter(|v| !v.is_null());
    let configuration = spec.get("alertmanagerConfiguration").filter(|v| !v.is_null());
    let secret = Base::Secret { namespace: ns.to_string(), name: config_secret_name(name) };
    let secret_base = match req.store.secret(ns, &config_secret_name(name), "alertmanager.yaml") {
        Lookup::Found(s) if !s.is_empty() => secret,
        _ => Base::Default,
    };
    if selector.is_none() && configuration.is_none() {
        if let Base::Secret { namespace, name } = &secret_base {
            out.origins.push(Origin {
                path: String::new(),
                kind: "Secret",
                namespace: namespace.clone(),
                name: name.clone(),
                field: String::new(),
                namespace_matcher: None,
            });
        }
        return Ok(Config::Raw(base_text(req.store, ns, name)));
    }

    let global_name = configuration.map(|c| str_of(c, "name"));
    let mut selected: Vec<&Value> = Vec::new();
    for cfg in &req.configs {
        let (cns, cname) = object_key(cfg);
        if cns == ns && Some(cname) == global_name {
            continue;
        }
        match check::check_config_at(cfg, &version, req.store) {
            Ok(()) => selected.push(cfg),
            Err((path, reason)) => out.rejected.push(Rejected {
                namespace: cns.to_string(),
                name: cname.to_string(),
                reason,
                path,
            }),
        }
    }
    selected.sort_by(|a, b| {
        let (an, am) = object_key(a);
        let (bn, bm) = object_key(b);
        format!("{an}/{am}").cmp(&format!("{bn}/{bm}"))
    });
    selected.dedup_by(|a, b| object_key(a) == object_key(b));
    out.rejected.sort_by(|a, b| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)));

    let mut base = secret_base;
    let mut cfg = match configuration {
        Some(c) => {
            let gname = str_of(c, "name");
            let global = req.global_config.ok_or_else(|| {
                format!("failed to get global AlertmanagerConfig: alertmanagerconfigs.monitoring.coreos.com {gname:?} not found")
            })?;
            let mut cfg = initialize_from_config(
                global,
                c.get("global"),
                &version,
                req.store,
                &mut out.warnings,
            )
            .map_err(|e| format!("failed to initialize from global AlertmanagerConfig: {e}"))?;
            let mut templates = Vec::new();
            for t in c.get("templates").and_then(Value::as_seq).unwrap_or(&[]) {
                for kind in ["configMap", "secret"] {
                    if let Some(sel) = t.get(kind) {
                        templates.push(Value::String(format!(
                            "/etc/alertmanager/templates/{}",
                            str_of(sel, "key")
                        )));
                    }
                }
            }
            cfg.insert("templates", Value::Seq(templates));
            let (gns, gn) = object_key(global);
            base = Base::Config {
                namespace: gns.to_string(),
                name: gn.to_string(),
                beta: is_v1beta1(global),
            };
            cfg
        }
        None => {
            let text = base_text(req.store, ns, name);
            parse_base(&text).map_err(|e| format!("failed to initialize from secret: {e}"))?
        }
    };

    let scope = Scope { am_ns: ns, spec, version: &version, store: req.store, base: &base };
    add_configs(&mut cfg, &selected, &scope, &mut out.origins)
        .map_err(|e| format!("failed to generate Alertmanager configuration: {e}"))?;
    out.accepted = selected
        .iter()
        .map(|c| {
            let (a, b) = object_key(c);
            (a.to_string(), b.to_string())
        })
        .collect();
    let normalized = schema::normalize(&Value::Map(cfg), &structs::CONFIG)
        .map_err(|e| format!("failed to generate Alertmanager configuration: {e}"))?;
    let Value::Map(mut cfg) = normalized else { unreachable!("normalize returns a map") };
    let warnings = sanitize::sanitize(&mut cfg, &version)
        .map_err(|e| format!("failed to generate Alertmanager configuration: {e}"))?;
    out.warnings.extend(warnings);
    Ok(Config::Tree(Value::Map(cfg)))
}

fn object_key(v: &Value) -> (&str, &str) {
    (
        v.path(&["metadata", "namespace"]).and_then(Value::as_str).unwrap_or("default"),
        v.path(&["metadata", "name"]).and_then(Value::as_str).unwrap_or(""),
    )
}

/// The text of the user's configuration, or [`DEFAULT_CONFIG`].
fn base_text(store: &dyn Store, ns: &str, name: &str) -> String {
    match store.secret(ns, &config_secret_name(name), "alertmanager.yaml") {
        Lookup::Found(s) if !s.is_empty() => s,
        _ => DEFAULT_CONFIG.to_string(),
    }
}

/// `alertmanagerConfigFromBytes`: strict decoding plus the root route checks.
pub fn parse_base(text: &str) -> Result<Map, String> {
    let value = yaml::parse(text)?;
    let normalized = schema::normalize(&value, &structs::CONFIG)?;
    let Value::Map(cfg) = normalized else { unreachable!("normalize returns a map") };
    check::check_base(&cfg)?;
    Ok(cfg)
}

fn initialize_from_config(
    amc: &Value,
    global: Option<&Value>,
    version: &AmVersion,
    store: &dyn Store,
    warnings: &mut Vec<String>,
) -> Result<Map, String> {
    let (ns, name) = object_key(amc);
    check::check_config(amc, version, store)?;
    let mut cx = Ctx { namespace: ns, name, version, store, smtp_defaults: (false, false) };
    let mut cfg = Map::new();
    if let Some(g) = global.filter(|g| !g.is_null()) {
        let converted = convert::global_config(g, &cx)?;
        cx.smtp_defaults = smtp_defaults(&converted);
        cfg.insert("global", Value::Map(converted));
    }
    let spec = amc.get("spec").unwrap_or(&Value::Null);
    let rules: Vec<Value> = spec
        .get("inhibitRules")
        .and_then(Value::as_seq)
        .unwrap_or(&[])
        .iter()
        .map(|r| Value::Map(convert::convert_inhibit_rule(r, version)))
        .collect();
    cfg.insert("inhibit_rules", Value::Seq(rules));
    if let Some(r) = spec.get("route").filter(|r| !r.is_null()) {
        cfg.insert("route", Value::Map(convert::convert_route(r, &cx)));
    }
    let mut receivers = Vec::new();
    for r in spec.get("receivers").and_then(Value::as_seq).unwrap_or(&[]) {
        receivers.push(Value::Map(receivers::convert_receiver(r, &cx)?));
    }
    cfg.insert("receivers", Value::Seq(receivers));
    let mut mtis = Vec::new();
    for ti in spec.get("muteTimeIntervals").and_then(Value::as_seq).unwrap_or(&[]) {
        mtis.push(Value::Map(convert::convert_time_interval(ti, &cx)?));
    }
    cfg.insert("mute_time_intervals", Value::Seq(mtis));
    let normalized = schema::normalize(&Value::Map(cfg), &structs::CONFIG)?;
    let Value::Map(mut cfg) = normalized else { unreachable!("normalize returns a map") };
    warnings.extend(sanitize::sanitize(&mut cfg, version)?);
    let route = cfg.get("route").and_then(Value::as_map).cloned().unwrap_or_default();
    check::check_root_route(&route)?;
    Ok(cfg)
}

/// How routes and inhibit rules of an AlertmanagerConfig are scoped.
#[derive(Clone, Copy, PartialEq)]
enum Strategy {
    OnNamespace,
    ExceptAlertmanagerNamespace,
    None,
}

impl Strategy {
    fn from_spec(spec: &Value) -> Strategy {
        match spec.path(&["alertmanagerConfigMatcherStrategy", "type"]).and_then(Value::as_str) {
            Some("None") => Strategy::None,
            Some("OnNamespaceExceptForAlertmanagerNamespace") => {
                Strategy::ExceptAlertmanagerNamespace
            }
            _ => Strategy::OnNamespace,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Strategy::OnNamespace => "OnNamespace",
            Strategy::ExceptAlertmanagerNamespace => "OnNamespaceExceptForAlertmanagerNamespace",
            Strategy::None => "None",
        }
    }
}

/// Where the base configuration (before the selected AlertmanagerConfigs
/// are added) came from.
enum Base {
    /// The operator's built-in default.
    Default,
    /// Key `alertmanager.yaml` of this Secret.
    Secret { namespace: String, name: String },
    /// The AlertmanagerConfig of `spec.alertmanagerConfiguration`.
    Config { namespace: String, name: String, beta: bool },
}

/// What [`add_configs`] needs to know about the Alertmanager.
struct Scope<'a> {
    am_ns: &'a str,
    spec: &'a Value,
    version: &'a AmVersion,
    store: &'a dyn Store,
    base: &'a Base,
}

fn is_v1beta1(amc: &Value) -> bool {
    amc.get("apiVersion").and_then(Value::as_str) == Some("monitoring.coreos.com/v1beta1")
}

fn origin(path: String, amc: &Value, field: String, namespace_matcher: Option<String>) -> Origin {
    let (namespace, name) = object_key(amc);
    Origin {
        path,
        kind: "AlertmanagerConfig",
        namespace: namespace.to_string(),
        name: name.to_string(),
        field,
        namespace_matcher,
    }
}

/// Origins of the base configuration's parts, whose sub-routes now come
/// after the `shift` routes of the AlertmanagerConfigs.
fn base_origins(base: &Base, counts: [usize; 4], shift: usize, out: &mut Vec<Origin>) {
    let (kind, namespace, name, beta) = match base {
        Base::Default => return,
        Base::Secret { namespace, name } => ("Secret", namespace, name, false),
        Base::Config { namespace, name, beta } => ("AlertmanagerConfig", namespace, name, *beta),
    };
    // A Secret's parts are named by their path in its alertmanager.yaml;
    // an AlertmanagerConfig's by its spec fields.
    let secret = kind == "Secret";
    let field = |yaml: String, spec: String| if secret { yaml } else { spec };
    let mut push = |path: String, field: String| {
        out.push(Origin {
            path,
            kind,
            namespace: namespace.clone(),
            name: name.clone(),
            field,
            namespace_matcher: None,
        });
    };
    if secret {
        push(String::new(), String::new());
    }
    push("route".into(), field("route".into(), "spec.route".into()));
    let [routes, receivers, inhibit, intervals] = counts;
    for j in 0..routes {
        push(
            format!("route.routes[{}]", shift + j),
            field(format!("route.routes[{j}]"), format!("spec.route.routes[{j}]")),
        );
    }
    for i in 0..receivers {
        push(
            format!("receivers[{i}]"),
            field(format!("receivers[{i}]"), format!("spec.receivers[{i}]")),
        );
    }
    for i in 0..inhibit {
        push(
            format!("inhibit_rules[{i}]"),
            field(format!("inhibit_rules[{i}]"), format!("spec.inhibitRules[{i}]")),
        );
    }
    let ti = if beta { "timeIntervals" } else { "muteTimeIntervals" };
    for i in 0..intervals {
        push(
            format!("mute_time_intervals[{i}]"),
            field(format!("mute_time_intervals[{i}]"), format!("spec.{ti}[{i}]")),
        );
    }
}

fn add_configs(
    cfg: &mut Map,
    selected: &[&Value],
    scope: &Scope<'_>,
    origins: &mut Vec<Origin>,
) -> Result<(), String> {
    let (am_ns, spec, version, store) = (scope.am_ns, scope.spec, scope.version, scope.store);
    let strategy = Strategy::from_spec(spec);
    let v2 = version.gte(0, 22, 0);
    let smtp_defaults =
        smtp_defaults(cfg.get("global").and_then(Value::as_map).unwrap_or(&Map::new()));
    let mut sub_routes = Vec::new();
    let mut inhibit: Vec<Value> =
        cfg.get("inhibit_rules").and_then(Value::as_seq).map(<[Value]>::to_vec).unwrap_or_default();
    let mut receivers: Vec<Value> =
        cfg.get("receivers").and_then(Value::as_seq).map(<[Value]>::to_vec).unwrap_or_default();
    let mut mtis: Vec<Value> = cfg
        .get("mute_time_intervals")
        .and_then(Value::as_seq)
        .map(<[Value]>::to_vec)
        .unwrap_or_default();
    let base_routes = cfg
        .get("route")
        .and_then(|r| r.get("routes"))
        .and_then(Value::as_seq)
        .map_or(0, <[Value]>::len);
    let counts = [base_routes, receivers.len(), inhibit.len(), mtis.len()];
    for amc in selected {
        let (ns, name) = object_key(amc);
        let enforce = match strategy {
            Strategy::None => false,
            Strategy::ExceptAlertmanagerNamespace => ns != am_ns,
            Strategy::OnNamespace => true,
        };
        let cx = Ctx { namespace: ns, name, version, store, smtp_defaults };
        let spec = amc.get("spec").unwrap_or(&Value::Null);
        // The matcher the enforcement adds, as the configuration shows it.
        let injected = enforce.then(|| {
            if v2 {
                convert::matcher_string("namespace", "=", ns)
            } else {
                format!("namespace: {ns}")
            }
        });
        for (k, ir) in
            spec.get("inhibitRules").and_then(Value::as_seq).unwrap_or(&[]).iter().enumerate()
        {
            let mut rule = convert::convert_inhibit_rule(ir, version);
            if enforce {
                enforce_inhibit_rule(&mut rule, ns, v2);
            }
            let path = format!("inhibit_rules[{}]", inhibit.len());
            origins.push(origin(path, amc, format!("spec.inhibitRules[{k}]"), injected.clone()));
            inhibit.push(Value::Map(rule));
        }
        let Some(r) = spec.get("route").filter(|r| !r.is_null()) else { continue };
        let mut route = convert::convert_route(r, &cx);
        if enforce {
            if v2 {
                push_str(&mut route, "matchers", convert::matcher_string("namespace", "=", ns));
            } else {
                map_insert(&mut route, "match", "namespace", ns);
            }
        }
        route.insert("continue", Value::Bool(true));
        let path = format!("route.routes[{}]", sub_routes.len());
        origins.push(origin(path, amc, "spec.route".into(), injected));
        sub_routes.push(Value::Map(route));
        for (k, rc) in
            spec.get("receivers").and_then(Value::as_seq).unwrap_or(&[]).iter().enumerate()
        {
            origins.push(origin(
                format!("receivers[{}]", receivers.len()),
                amc,
                format!("spec.receivers[{k}]"),
                None,
            ));
            receivers.push(Value::Map(
                receivers::convert_receiver(rc, &cx)
                    .map_err(|e| format!("AlertmanagerConfig {ns}/{name}: {e}"))?,
            ));
        }
        let ti_field = if is_v1beta1(amc) { "timeIntervals" } else { "muteTimeIntervals" };
        for (k, ti) in
            spec.get("muteTimeIntervals").and_then(Value::as_seq).unwrap_or(&[]).iter().enumerate()
        {
            let path = format!("mute_time_intervals[{}]", mtis.len());
            origins.push(origin(path, amc, format!("spec.{ti_field}[{k}]"), None));
            mtis.push(Value::Map(
                convert::convert_time_interval(ti, &cx)
                    .map_err(|e| format!("AlertmanagerConfig {ns}/{name}: {e}"))?,
            ));
        }
    }
    base_origins(scope.base, counts, sub_routes.len(), origins);
    cfg.insert("inhibit_rules", Value::Seq(inhibit));
    cfg.insert("receivers", Value::Seq(receivers));
    cfg.insert("mute_time_intervals", Value::Seq(mtis));
    let mut route = cfg.get("route").and_then(Value::as_map).cloned().unwrap_or_default();
    let existing =
        route.get("routes").and_then(Value::as_seq).map(<[Value]>::to_vec).unwrap_or_default();
    sub_routes.extend(existing);
    route.insert("routes", Value::Seq(sub_routes));
    cfg.insert("route", Value::Map(route));
    Ok(())
}

/// Whether a global section sets `smtp_smarthost` and `smtp_from`.
fn smtp_defaults(global: &Map) -> (bool, bool) {
    let set = |k: &str| global.get(k).and_then(Value::as_str).is_some_and(|s| !s.is_empty());
    (set("smtp_smarthost"), set("smtp_from"))
}

fn push_str(m: &mut Map, key: &str, s: String) {
    let mut list = m.get(key).and_then(Value::as_seq).map(<[Value]>::to_vec).unwrap_or_default();
    list.push(Value::String(s));
    m.insert(key, Value::Seq(list));
}

fn map_insert(m: &mut Map, key: &str, k: &str, v: &str) {
    let mut inner = m.get(key).and_then(Value::as_map).cloned().unwrap_or_default();
    inner.insert(k, Value::String(v.to_string()));
    m.insert(key, Value::Map(inner));
}

fn map_remove(m: &mut Map, key: &str, k: &str) {
    if let Some(mut inner) = m.get(key).and_then(Value::as_map).cloned() {
        inner.remove(k);
        m.insert(key, Value::Map(inner));
    }
}

/// `namespaceEnforcer.processInhibitRule`.
fn enforce_inhibit_rule(rule: &mut Map, ns: &str, v2: bool) {
    map_remove(rule, "source_match_re", "namespace");
    map_remove(rule, "target_match_re", "namespace");
    if !v2 {
        map_insert(rule, "source_match", "namespace", ns);
        map_insert(rule, "target_match", "namespace", ns);
        return;
    }
    let matcher = convert::matcher_string("namespace", "=", ns);
    let squash = |s: &str| s.replace(' ', "");
    for key in ["source_matchers", "target_matchers"] {
        let present = rule
            .get(key)
            .and_then(Value::as_seq)
            .unwrap_or(&[])
            .iter()
            .any(|m| m.as_str().is_some_and(|s| squash(s) == squash(&matcher)));
        if !present {
            push_str(rule, key, matcher.clone());
        }
    }
    map_remove(rule, "source_match", "namespace");
    map_remove(rule, "target_match", "namespace");
}

pub mod yaml {
    //! YAML text to [`Value`] for the base configuration (the intake's reader).

    use crate::value::Value;

    /// Parses one YAML document.
    pub fn parse(text: &str) -> Result<Value, String> {
        crate::intake::yaml::parse_one(text).map_err(|e| format!("yaml: {}", e.message))
    }
}

#[cfg(test)]
mod tests;
