//! Rule files from PrometheusRule objects, as the operator writes them into
//! the ConfigMaps `prometheus-<name>-rulefiles-<n>`: fields the Prometheus
//! version does not know are dropped, `partial_response_strategy` (Thanos
//! only) is removed, the enforced namespace label is added to every rule and
//! every selector of its expression, and the spec is serialised like
//! `sigs.k8s.io/yaml` does (JSON field names, keys sorted as go-yaml sorts
//! them). A PrometheusRule whose rules do not validate (PromQL, label names,
//! record/alert shape) is rejected and writes no file.

use crate::alertmanager::gofmt::{AmVersion, key_cmp};
use crate::emit::to_yaml;
use crate::value::{Map, Value};

/// The most bytes of rule files one ConfigMap holds (half of a Secret's 1 MiB).
pub const MAX_CONFIGMAP_DATA_SIZE: usize = 1024 * 1024 / 2;

/// One rule file: the ConfigMap it lives in, its key there and its text.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleFile {
    /// `prometheus-<name>-rulefiles-<n>`.
    pub configmap: String,
    /// `<namespace>-<name>-<uid>.yaml`.
    pub key: String,
    /// The YAML content.
    pub content: String,
}

/// A PrometheusRule the operator did not turn into a rule file.
#[derive(Clone, Debug, PartialEq)]
pub struct RejectedRule {
    /// Its namespace.
    pub namespace: String,
    /// Its name.
    pub name: String,
    /// Why, as the operator logs it, followed by the validation errors.
    pub reason: String,
}

/// The rule files of one Prometheus.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RuleFiles {
    /// Every file, ordered by ConfigMap then key.
    pub files: Vec<RuleFile>,
    /// The ConfigMap names the Prometheus mounts: the ones written, padded
    /// with `-1`, `-2` to at least three, as the operator does.
    pub configmaps: Vec<String>,
    /// Rejected PrometheusRules.
    pub rejected: Vec<RejectedRule>,
    /// Dropped fields and similar notes.
    pub warnings: Vec<String>,
}

impl RuleFiles {
    /// The `rule_files` globs of prometheus.yaml.
    pub fn rule_file_globs(&self) -> Vec<String> {
        self.configmaps.iter().map(|c| format!("/etc/prometheus/rules/{c}/*.yaml")).collect()
    }
}

/// What the rule files depend on besides the PrometheusRules.
pub struct RuleContext<'a> {
    /// Name of the Prometheus (ConfigMaps are `prometheus-<name>-rulefiles-<n>`).
    pub prometheus_name: &'a str,
    /// `spec.version`, or the operator's default.
    pub version: &'a str,
    /// `spec.enforcedNamespaceLabel` (empty: none).
    pub enforced_namespace_label: &'a str,
    /// `spec.excludedFromEnforcement` plus the deprecated
    /// `prometheusRulesExcludedFromEnforce`, as `(namespace, name)` pairs of
    /// PrometheusRules; an empty name excludes the whole namespace.
    pub excluded: Vec<(String, String)>,
    /// `spec.enableFeatures`, for the PromQL parser options.
    pub features: Vec<String>,
}

impl<'a> RuleContext<'a> {
    /// Reads the context from a Prometheus object.
    pub fn from_prometheus(prometheus: &'a Value, default_version: &'a str) -> RuleContext<'a> {
        let spec = prometheus.get("spec").unwrap_or(&Value::Null);
        let s = |k: &str| spec.get(k).and_then(Value::as_str).unwrap_or("");
        let mut excluded = Vec::new();
        for r in spec.get("excludedFromEnforcement").and_then(Value::as_seq).unwrap_or(&[]) {
            let group = r.get("group").and_then(Value::as_str).unwrap_or("monitoring.coreos.com");
            let resource = r.get("resource").and_then(Value::as_str).unwrap_or("");
            let ns = r.get("namespace").and_then(Value::as_str).unwrap_or("");
            if group == "monitoring.coreos.com" && resource == "prometheusrules" && !ns.is_empty() {
                excluded.push((
                    ns.to_string(),
                    r.get("name").and_then(Value::as_str).unwrap_or("").to_string(),
                ));
            }
        }
        for r in
            spec.get("prometheusRulesExcludedFromEnforce").and_then(Value::as_seq).unwrap_or(&[])
        {
            let ns = r.get("ruleNamespace").and_then(Value::as_str).unwrap_or("");
            if !ns.is_empty() {
                excluded.push((
                    ns.to_string(),
                    r.get("ruleName").and_then(Value::as_str).unwrap_or("").to_string(),
                ));
            }
        }
        let version = match s("version") {
            "" => default_version,
            v => v,
        };
        RuleContext {
            prometheus_name: prometheus
                .path(&["metadata", "name"])
                .and_then(Value::as_str)
                .unwrap_or(""),
            version,
            enforced_namespace_label: s("enforcedNamespaceLabel"),
            excluded,
            features: spec
                .get("enableFeatures")
                .and_then(Value::as_seq)
                .unwrap_or(&[])
                .iter()
                .filter_map(|f| f.as_str().map(str::to_string))
                .collect(),
        }
    }
}

/// Turns the selected PrometheusRules into rule files and ConfigMaps.
pub fn make_rule_files(cx: &RuleContext, rules: &[&Value]) -> RuleFiles {
    let mut out = RuleFiles::default();
    let version = match AmVersion::parse(cx.version) {
        Ok(v) => v,
        Err(e) => {
            out.warnings.push(format!("failed to parse version: {e}"));
            return out;
        }
    };
    let mut contents: Vec<(String, String)> = Vec::new();
    for rule in rules {
        let ns = rule.path(&["metadata", "namespace"]).and_then(Value::as_str).unwrap_or("default");
        let name = rule.path(&["metadata", "name"]).and_then(Value::as_str).unwrap_or("");
        let uid = rule.path(&["metadata", "uid"]).and_then(Value::as_str).unwrap_or("");
        static EMPTY: Value = Value::Null;
        let mut spec = std::borrow::Cow::Borrowed(rule.get("spec").unwrap_or(&EMPTY));
        if !cx.enforced_namespace_label.is_empty() && !excluded(cx, ns, name) {
            // The operator skips a PrometheusRule silently when the label
            // cannot be injected; report it anyway, a silent drop helps nobody.
            if let Err(e) = enforce_namespace(spec.to_mut(), cx.enforced_namespace_label, ns, cx) {
                out.rejected.push(RejectedRule {
                    namespace: ns.into(),
                    name: name.into(),
                    reason: e,
                });
                continue;
            }
        }
        let sanitized = sanitize(&spec, &version, &format!("{ns}/{name}"), &mut out.warnings);
        let content = to_yaml(&sanitized);
        match validate(&sanitized, &version, cx, content.len()) {
            Ok(()) => contents.push((format!("{ns}-{name}-{uid}.yaml"), content)),
            Err(errors) => out.rejected.push(RejectedRule {
                namespace: ns.into(),
                name: name.into(),
                reason: format!("invalid rule: {}", errors.join("; ")),
            }),
        }
    }
    contents.sort_by(|a, b| a.0.cmp(&b.0));
    contents.dedup_by(|a, b| a.0 == b.0);
    let mut bucket = 0;
    let mut size = 0;
    for (key, content) in contents {
        if size + content.len() > MAX_CONFIGMAP_DATA_SIZE && size > 0 {
            bucket += 1;
            size = 0;
        }
        size += content.len();
        out.files.push(RuleFile {
            configmap: configmap_name(cx.prometheus_name, bucket),
            key,
            content,
        });
    }
    let written = if out.files.is_empty() { 1 } else { bucket + 1 };
    out.configmaps = (0..written.max(3)).map(|i| configmap_name(cx.prometheus_name, i)).collect();
    out.rejected.sort_by(|a, b| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)));
    out
}

/// `prometheus-<name>-rulefiles-<i>`.
pub fn configmap_name(prometheus: &str, i: usize) -> String {
    format!("prometheus-{prometheus}-rulefiles-{i}")
}

fn excluded(cx: &RuleContext, ns: &str, name: &str) -> bool {
    cx.excluded.iter().any(|(n, m)| n == ns && (m.is_empty() || m == name))
}

fn groups_mut(spec: &mut Value) -> Vec<&mut Map> {
    match spec.as_map_mut().and_then(|m| m.get_mut("groups")) {
        Some(Value::Seq(groups)) => groups.iter_mut().filter_map(Value::as_map_mut).collect(),
        _ => Vec::new(),
    }
}

fn rules_mut(group: &mut Map) -> Vec<&mut Map> {
    match group.get_mut("rules") {
        Some(Value::Seq(rules)) => rules.iter_mut().filter_map(Value::as_map_mut).collect(),
        _ => Vec::new(),
    }
}

/// The expression as `IntOrString.String()` gives it.
fn expr_text(rule: &Map) -> String {
    match rule.get("expr") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Int(i)) => i.to_string(),
        Some(Value::Float(f)) => promplay_model::format_float(*f),
        _ => String::new(),
    }
}

/// `namespacelabeler.EnforceNamespaceLabel`.
fn enforce_namespace(
    spec: &mut Value,
    label: &str,
    ns: &str,
    cx: &RuleContext,
) -> Result<(), String> {
    for group in groups_mut(spec) {
        for rule in rules_mut(group) {
            let mut labels =
                rule.get("labels").and_then(Value::as_map).cloned().unwrap_or_default();
            labels.insert(label, Value::String(ns.to_string()));
            rule.insert("labels", Value::Map(labels));
            let expr = expr_text(rule);
            let rewritten = promql::enforce(&expr, label, ns, &cx.features)?;
            rule.insert("expr", Value::String(rewritten));
        }
    }
    Ok(())
}

/// `sanitizePrometheusRulesSpec` plus the serialisation shape: JSON field
/// names with `omitempty`, keys sorted.
fn sanitize(spec: &Value, version: &AmVersion, object: &str, warnings: &mut Vec<String>) -> Value {
    let mut groups_out = Vec::new();
    for group in spec.get("groups").and_then(Value::as_seq).unwrap_or(&[]) {
        let gname = group.get("name").and_then(Value::as_str).unwrap_or("");
        let mut dropped = |field: &str, min: &str| {
            let w = format!(
                "PrometheusRule {object}, group {gname:?}: `{field}` needs Prometheus >= {min}, so the operator leaves it out of the rule file"
            );
            if !warnings.contains(&w) {
                warnings.push(w);
            }
        };
        let mut g = Map::new();
        g.insert(
            "name",
            Value::String(group.get("name").and_then(Value::as_str).unwrap_or("").to_string()),
        );
        if let Some(Value::Map(l)) = group.get("labels")
            && !l.is_empty()
        {
            if version.lt(3, 0, 0) {
                dropped("labels", "3.0.0");
            } else {
                g.insert("labels", sorted(l));
            }
        }
        if let Some(v) = group.get("interval").filter(|v| !v.is_null()) {
            g.insert("interval", v.clone());
        }
        if let Some(v) = group.get("query_offset").filter(|v| !v.is_null()) {
            if version.lt(2, 53, 0) {
                dropped("query_offset", "2.53.0");
            } else {
                g.insert("query_offset", v.clone());
            }
        }
        if let Some(v) = group.get("limit").filter(|v| !v.is_null()) {
            if version.lt(2, 31, 0) {
                dropped("limit", "2.31.0");
            } else {
                g.insert("limit", v.clone());
            }
        }
        let mut rules_out = Vec::new();
        for rule in group.get("rules").and_then(Value::as_seq).unwrap_or(&[]) {
            let mut r = Map::new();
            for key in ["record", "alert"] {
                if let Some(s) = rule.get(key).and_then(Value::as_str).filter(|s| !s.is_empty()) {
                    r.insert(key, Value::String(s.to_string()));
                }
            }
            r.insert("expr", rule.get("expr").cloned().unwrap_or(Value::String(String::new())));
            if let Some(v) = rule.get("for").filter(|v| !v.is_null()) {
                r.insert("for", v.clone());
            }
            if let Some(v) = rule.get("keep_firing_for").filter(|v| !v.is_null()) {
                if version.lt(2, 42, 0) {
                    dropped("keep_firing_for", "2.42.0");
                } else {
                    r.insert("keep_firing_for", v.clone());
                }
            }
            for key in ["labels", "annotations"] {
                if let Some(Value::Map(m)) = rule.get(key)
                    && !m.is_empty()
                {
                    r.insert(key, sorted(m));
                }
            }
            rules_out.push(sort_map(r));
        }
        if !rules_out.is_empty() {
            g.insert("rules", Value::Seq(rules_out));
        }
        groups_out.push(sort_map(g));
    }
    let mut out = Map::new();
    if !groups_out.is_empty() {
        out.insert("groups", Value::Seq(groups_out));
    }
    Value::Map(out)
}

fn sorted(m: &Map) -> Value {
    sort_map(m.clone())
}

fn sort_map(m: Map) -> Value {
    let mut entries: Vec<(String, Value)> =
        m.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
    entries.sort_by(|a, b| key_cmp(&a.0, &b.0));
    Value::Map(entries.into_iter().collect())
}

/// `ValidateRule`: the size limit and Prometheus' `rulefmt` checks.
fn validate(
    spec: &Value,
    version: &AmVersion,
    cx: &RuleContext,
    size: usize,
) -> Result<(), Vec<String>> {
    if size > MAX_CONFIGMAP_DATA_SIZE {
        return Err(vec![format!(
            "the length of rendered Prometheus Rule is {size} bytes which is above the maximum limit of {MAX_CONFIGMAP_DATA_SIZE} bytes"
        )]);
    }
    let utf8 = version.gte(3, 0, 0);
    let label_ok = |n: &str| {
        if utf8 {
            promplay_model::is_valid_label_name(n)
        } else {
            promplay_model::is_valid_legacy_label_name(n)
        }
    };
    let metric_ok = |n: &str| {
        if utf8 {
            promplay_model::is_valid_metric_name(n)
        } else {
            promplay_model::is_valid_legacy_metric_name(n)
        }
    };
    let mut errors = Vec::new();
    let mut names: Vec<&str> = Vec::new();
    for group in spec.get("groups").and_then(Value::as_seq).unwrap_or(&[]) {
        let gname = group.get("name").and_then(Value::as_str).unwrap_or("");
        if gname.is_empty() {
            errors.push("Groupname must not be empty".to_string());
        } else if names.contains(&gname) {
            errors.push(format!("groupname: \"{gname}\" is repeated in the same file"));
        }
        names.push(gname);
        for (k, _) in group
            .get("labels")
            .and_then(Value::as_map)
            .map(|m| m.iter().collect::<Vec<_>>())
            .unwrap_or_default()
        {
            if !label_ok(k) {
                errors.push(format!("group {gname:?}: invalid label name: {k}"));
            }
        }
        for (i, rule) in
            group.get("rules").and_then(Value::as_seq).unwrap_or(&[]).iter().enumerate()
        {
            let at = |e: String| format!("group {gname:?}, rule {}: {e}", i + 1);
            let record = rule.get("record").and_then(Value::as_str).unwrap_or("");
            let alert = rule.get("alert").and_then(Value::as_str).unwrap_or("");
            if !record.is_empty() && !alert.is_empty() {
                errors.push(at("only one of 'record' and 'alert' must be set".into()));
            } else if record.is_empty() && alert.is_empty() {
                errors.push(at("one of 'record' or 'alert' must be set".into()));
            }
            let expr = rule.as_map().map(expr_text).unwrap_or_default();
            if expr.is_empty() {
                errors.push(at("field 'expr' must be set in rule".into()));
            } else if let Err(e) = promql::check(&expr, &cx.features) {
                errors.push(at(format!("could not parse expression: {e}")));
            }
            if !record.is_empty() {
                if rule.get("annotations").is_some() {
                    errors.push(at("invalid field 'annotations' in recording rule".into()));
                }
                if rule.get("for").and_then(Value::as_str).is_some_and(|s| !s.is_empty()) {
                    errors.push(at("invalid field 'for' in recording rule".into()));
                }
                if rule.get("keep_firing_for").is_some() {
                    errors.push(at("invalid field 'keep_firing_for' in recording rule".into()));
                }
                if !metric_ok(record) {
                    errors.push(at(format!("invalid recording rule name: {record}")));
                }
            }
            for (k, _) in rule
                .get("labels")
                .and_then(Value::as_map)
                .map(|m| m.iter().collect::<Vec<_>>())
                .unwrap_or_default()
            {
                if !label_ok(k) || k == "__name__" {
                    errors.push(at(format!("invalid label name: {k}")));
                }
            }
            for (k, _) in rule
                .get("annotations")
                .and_then(Value::as_map)
                .map(|m| m.iter().collect::<Vec<_>>())
                .unwrap_or_default()
            {
                if !label_ok(k) {
                    errors.push(at(format!("invalid annotation name: {k}")));
                }
            }
        }
    }
    if errors.is_empty() { Ok(()) } else { Err(errors) }
}

mod promql {
    //! The PromQL parser behind rule validation and namespace enforcement:
    //! parse with the Prometheus' feature flags, and inject a label matcher
    //! into every selector as prom-label-proxy's enforcer does, then print the
    //! expression back in Prometheus' canonical form.

    use promplay_diagnostics::Span;
    use promplay_promql_syntax::{
        Expr, LabelMatcher, MatchOp, ParseOptions, VectorSelector, parse_with,
    };

    fn options(features: &[String]) -> ParseOptions {
        let on = |f: &str| features.iter().any(|x| x == f);
        ParseOptions {
            experimental_functions: on("promql-experimental-functions"),
            duration_expressions: on("promql-duration-expr"),
            extended_range_selectors: on("promql-extended-range-selectors"),
            binop_fill_modifiers: on("promql-binop-fill-modifiers"),
            ..ParseOptions::default()
        }
    }

    /// Parses `expr`; the parser's first error when it is invalid.
    pub fn check(expr: &str, features: &[String]) -> Result<(), String> {
        let parsed = parse_with(expr, &options(features));
        match parsed.first_error() {
            Some(e) => Err(e.to_string()),
            None if parsed.expr.is_none() => Err("invalid expression".to_string()),
            None => Ok(()),
        }
    }

    /// Adds `label="value"` to every selector of `expr` (replacing any
    /// matcher on that label) and prints it again. The operator parses with
    /// the default options here, whatever the Prometheus enables.
    pub fn enforce(
        expr: &str,
        label: &str,
        value: &str,
        _features: &[String],
    ) -> Result<String, String> {
        let parsed = parse_with(expr, &ParseOptions::default());
        let Some(mut e) = parsed.expr else {
            let why = parsed.first_error().unwrap_or("invalid expression");
            return Err(format!("failed to parse promql expression: {why}"));
        };
        inject(&mut e, label, value);
        Ok(e.to_string())
    }

    fn inject_selector(v: &mut VectorSelector, label: &str, value: &str) {
        v.matchers.retain(|m| m.name != label);
        v.matchers.push(LabelMatcher {
            name: label.to_string(),
            op: MatchOp::Equal,
            value: value.to_string(),
            span: Span::default(),
        });
    }

    fn inject(e: &mut Expr, label: &str, value: &str) {
        match e {
            Expr::VectorSelector(v) => inject_selector(v, label, value),
            Expr::MatrixSelector(m) => inject_selector(&mut m.selector, label, value),
            Expr::Subquery(s) => inject(&mut s.expr, label, value),
            Expr::Call(c) => c.args.iter_mut().for_each(|a| inject(a, label, value)),
            Expr::Aggregate(a) => inject(&mut a.expr, label, value),
            Expr::Binary(b) => {
                inject(&mut b.lhs, label, value);
                inject(&mut b.rhs, label, value);
            }
            Expr::Unary(u) => inject(&mut u.expr, label, value),
            Expr::Paren(p) => inject(&mut p.expr, label, value),
            Expr::Number(_) | Expr::String(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    //! A local loop over the shared `rules-*` conformance cases until the
    //! operator conformance runner covers rule files.

    use super::*;
    use std::path::PathBuf;

    /// One PrometheusRule with `groups` (YAML) through a Prometheus of `version`.
    fn one(version: &str, groups: &str) -> RuleFiles {
        let prom = crate::intake::yaml::parse_one(&format!(
            "metadata: {{name: p, namespace: ns}}\nspec: {{version: {version}}}"
        ))
        .unwrap();
        let rule = crate::intake::yaml::parse_one(&format!(
            "metadata: {{name: r, namespace: ns, uid: u}}\nspec:\n  groups:\n{}",
            groups.lines().map(|l| format!("  {l}\n")).collect::<String>()
        ))
        .unwrap();
        make_rule_files(&RuleContext::from_prometheus(&prom, "v3.13.2"), &[&rule])
    }

    #[test]
    fn fields_the_version_does_not_know_are_dropped() {
        let groups = "- name: g\n  limit: 5\n  query_offset: 1m\n  labels: {a: b}\n  rules:\n  - alert: A\n    expr: up\n    keep_firing_for: 5m";
        for (version, want) in [
            ("v2.30.0", "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up\n"),
            (
                "v2.53.0",
                "groups:\n- limit: 5\n  name: g\n  query_offset: 1m\n  rules:\n  - alert: A\n    expr: up\n    keep_firing_for: 5m\n",
            ),
        ] {
            let out = one(version, groups);
            assert_eq!(out.files[0].content, want, "{version}");
            if version == "v2.30.0" {
                assert_eq!(out.warnings.len(), 4, "{:?}", out.warnings);
                assert_eq!(
                    out.warnings[0],
                    "PrometheusRule ns/r, group \"g\": `labels` needs Prometheus >= 3.0.0, so the operator leaves it out of the rule file"
                );
            }
            assert_eq!(out.files[0].key, "ns-r-u.yaml");
            assert_eq!(out.files[0].configmap, "prometheus-p-rulefiles-0");
        }
    }

    #[test]
    fn rule_files_are_packed_into_configmaps_of_half_a_mebibyte() {
        let prom = crate::intake::yaml::parse_one("metadata: {name: p, namespace: ns}").unwrap();
        let big = format!("up{{job=\"{}\"}}", "x".repeat(200_000));
        let rules: Vec<Value> = ["a", "b", "c"]
            .iter()
            .map(|n| {
                crate::intake::yaml::parse_one(&format!(
                    "metadata: {{name: {n}, namespace: ns, uid: u}}\nspec:\n  groups:\n  - name: g\n    rules:\n    - record: r\n      expr: '{big}'"
                ))
                .unwrap()
            })
            .collect();
        let refs: Vec<&Value> = rules.iter().collect();
        let out = make_rule_files(&RuleContext::from_prometheus(&prom, "v3.13.2"), &refs);
        let placed: Vec<(&str, &str)> =
            out.files.iter().map(|f| (f.configmap.as_str(), f.key.as_str())).collect();
        assert_eq!(
            placed,
            [
                ("prometheus-p-rulefiles-0", "ns-a-u.yaml"),
                ("prometheus-p-rulefiles-0", "ns-b-u.yaml"),
                ("prometheus-p-rulefiles-1", "ns-c-u.yaml"),
            ]
        );
        assert_eq!(out.configmaps.len(), 3);
    }

    #[test]
    fn invalid_rules_are_rejected() {
        for (version, groups) in [
            (
                "v2.55.0",
                "- name: g\n  rules:\n  - alert: A\n    expr: up\n    labels: {invalid/label: x}",
            ),
            ("v3.0.0", "- name: g\n  rules:\n  - record: 'a b'\n    expr: up\n    for: 5m"),
            ("v3.0.0", "- name: g\n  rules:\n  - expr: up"),
            ("v3.0.0", "- name: g\n  rules:\n  - alert: A\n    expr: 'sum(up'"),
            (
                "v3.0.0",
                "- name: g\n  rules: [{alert: A, expr: up}]\n- name: g\n  rules: [{alert: B, expr: up}]",
            ),
        ] {
            let out = one(version, groups);
            assert!(out.files.is_empty() && out.rejected.len() == 1, "{groups}: {out:?}");
        }
    }

    #[test]
    fn namespace_enforcement_rewrites_every_selector() {
        for (input, want) in [
            ("up == 0", r#"up{namespace="ns"} == 0"#),
            (
                r#"rate(x{namespace="other",job="a"}[5m]) / sum(y)"#,
                r#"rate(x{job="a",namespace="ns"}[5m]) / sum(y{namespace="ns"})"#,
            ),
            ("vector(1)", "vector(1)"),
            ("max_over_time(z[1h:5m])", r#"max_over_time(z{namespace="ns"}[1h:5m])"#),
        ] {
            assert_eq!(promql::enforce(input, "namespace", "ns", &[]).unwrap(), want, "{input}");
        }
        assert!(promql::enforce("invalidfn(1)", "namespace", "ns", &[]).is_err());
        assert!(promql::check("rate(x[5m])", &[]).is_ok());
        assert!(promql::check("sum(", &[]).is_err());
    }

    #[test]
    fn shared_rule_cases() {
        let dir = std::env::var("PROMPLAY_CONFORMANCE_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|_| PathBuf::from("/work/shared/conformance"));
        let cases = dir.join("operator/cases");
        let Ok(entries) = std::fs::read_dir(&cases) else { return };
        let mut names: Vec<String> =
            entries.filter_map(|e| e.ok()?.file_name().into_string().ok()).collect();
        names.sort();
        let (mut passed, mut failed) = (0, Vec::new());
        for name in names {
            let case = cases.join(&name);
            let meta = std::fs::read_to_string(case.join("case.json")).unwrap_or_default();
            if !meta.contains("\"rule-files\"") {
                continue;
            }
            let (docs, _) = crate::intake::yaml::parse_stream(
                &std::fs::read_to_string(case.join("input.yaml")).unwrap(),
            );
            let prom = docs
                .iter()
                .find(|d| d.get("kind").and_then(Value::as_str) == Some("Prometheus"))
                .unwrap();
            let rules: Vec<&Value> = docs
                .iter()
                .filter(|d| d.get("kind").and_then(Value::as_str) == Some("PrometheusRule"))
                .collect();
            let cx = RuleContext::from_prometheus(prom, "v3.13.2");
            let got = make_rule_files(&cx, &rules);
            let expected = std::fs::read_to_string(case.join("expected.yaml")).unwrap();
            let ok = if meta.contains("\"expect_error\": true") {
                got.files.is_empty() && !got.rejected.is_empty()
            } else {
                got.files.len() == 1 && got.files[0].content == expected
            };
            if ok {
                passed += 1;
            } else {
                failed.push(format!("{name}: {got:?}\nwant {expected:?}"));
            }
        }
        assert!(failed.is_empty() && passed > 0, "{passed} passed\n{}", failed.join("\n\n"));
    }
}
