//! How the operator decides which objects a Prometheus (or Alertmanager)
//! selects: Kubernetes label selectors (`matchLabels` + `matchExpressions`
//! with `In`/`NotIn`/`Exists`/`DoesNotExist`), namespace selectors with the
//! exact nil-vs-`{}` semantics (nil = the owner's namespace only, `{}` = every
//! namespace), the operator's namespace allow/deny lists, and a report that
//! says for every candidate object why it was or was not selected.

use crate::value::Value;

/// One `matchExpressions` entry, as written.
#[derive(Clone, Debug, PartialEq)]
pub struct Expression {
    /// Label key.
    pub key: String,
    /// Operator exactly as written (`In`, `NotIn`, `Exists`, `DoesNotExist`).
    pub operator: String,
    /// Values as written, in order.
    pub values: Vec<String>,
}

/// A Kubernetes `metav1.LabelSelector`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LabelSelector {
    /// `matchLabels` in the order written.
    pub match_labels: Vec<(String, String)>,
    /// `matchExpressions` in the order written.
    pub match_expressions: Vec<Expression>,
}

impl LabelSelector {
    /// Reads a selector object; anything that is not a map reads as `{}`.
    pub fn from_value(value: &Value) -> LabelSelector {
        let mut sel = LabelSelector::default();
        if let Some(Value::Map(labels)) = value.get("matchLabels") {
            for (k, v) in labels.iter() {
                sel.match_labels.push((k.to_string(), scalar_text(v)));
            }
        }
        if let Some(Value::Seq(exprs)) = value.get("matchExpressions") {
            for e in exprs {
                sel.match_expressions.push(Expression {
                    key: e.get("key").map(scalar_text).unwrap_or_default(),
                    operator: e.get("operator").map(scalar_text).unwrap_or_default(),
                    values: e
                        .get("values")
                        .and_then(Value::as_seq)
                        .map(|vs| vs.iter().map(scalar_text).collect())
                        .unwrap_or_default(),
                });
            }
        }
        sel
    }

    /// Reads an optional selector field: `None` (absent or `null`) is the nil
    /// selector, which means something different from `{}` everywhere.
    pub fn from_field(value: Option<&Value>) -> Option<LabelSelector> {
        match value {
            None | Some(Value::Null) => None,
            Some(v) => Some(LabelSelector::from_value(v)),
        }
    }

    /// Whether the selector has no requirement at all (`{}` selects everything).
    pub fn is_empty(&self) -> bool {
        self.match_labels.is_empty() && self.match_expressions.is_empty()
    }

    /// The checks of `metav1.LabelSelectorAsSelector`: known operators, value
    /// counts that fit the operator, valid label keys and values.
    pub fn validate(&self) -> Result<(), String> {
        for (k, v) in &self.match_labels {
            validate_key(k)?;
            validate_value(v)?;
        }
        for e in &self.match_expressions {
            validate_key(&e.key)?;
            match e.operator.as_str() {
                "In" | "NotIn" => {
                    if e.values.is_empty() {
                        return Err(format!(
                            "values: Invalid value: []: for 'in', 'notin' operators, values set can't be empty (key {:?})",
                            e.key
                        ));
                    }
                }
                "Exists" | "DoesNotExist" => {
                    if !e.values.is_empty() {
                        return Err(format!(
                            "values: Invalid value: {:?}: values set must be empty for exists and does not exist (key {:?})",
                            e.values, e.key
                        ));
                    }
                }
                other => return Err(format!("{other:?} is not a valid label selector operator")),
            }
            for v in &e.values {
                validate_value(v)?;
            }
        }
        Ok(())
    }

    /// Whether an object with these labels is selected. An invalid selector
    /// selects nothing (the operator fails on it before listing).
    pub fn matches(&self, labels: &[(String, String)]) -> bool {
        let get = |k: &str| labels.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        self.match_labels.iter().all(|(k, v)| get(k) == Some(v.as_str()))
            && self.match_expressions.iter().all(|e| {
                let have = get(&e.key);
                match e.operator.as_str() {
                    "In" => have.is_some_and(|h| e.values.iter().any(|v| v == h)),
                    "NotIn" => !have.is_some_and(|h| e.values.iter().any(|v| v == h)),
                    "Exists" => have.is_some(),
                    "DoesNotExist" => have.is_none(),
                    _ => false,
                }
            })
    }

    /// The selector in the string form of `labels.Selector.String()`:
    /// requirements sorted by key, `k=v`, `k in (a,b)`, `k notin (a,b)`, `k`, `!k`.
    pub fn to_selector_string(&self) -> String {
        let mut reqs: Vec<(String, String)> = Vec::new();
        for (k, v) in &self.match_labels {
            reqs.push((k.clone(), format!("{k}={v}")));
        }
        for e in &self.match_expressions {
            let mut values = e.values.clone();
            values.sort();
            values.dedup();
            let text = match e.operator.as_str() {
                "In" => format!("{} in ({})", e.key, values.join(",")),
                "NotIn" => format!("{} notin ({})", e.key, values.join(",")),
                "Exists" => e.key.clone(),
                "DoesNotExist" => format!("!{}", e.key),
                _ => continue,
            };
            reqs.push((e.key.clone(), text));
        }
        reqs.sort_by(|a, b| a.0.cmp(&b.0));
        reqs.into_iter().map(|(_, t)| t).collect::<Vec<_>>().join(",")
    }

    /// A short human description, `{}` for the empty selector.
    pub fn describe(&self) -> String {
        if self.is_empty() { "{}".to_string() } else { self.to_selector_string() }
    }
}

/// A namespace known to the compiler, with its labels.
#[derive(Clone, Debug, PartialEq)]
pub struct Namespace {
    /// Name.
    pub name: String,
    /// Labels, including the `kubernetes.io/metadata.name` label that the API
    /// server sets on every namespace.
    pub labels: Vec<(String, String)>,
}

impl Namespace {
    /// A namespace with the API server's automatic name label added.
    pub fn new(name: &str, mut labels: Vec<(String, String)>) -> Namespace {
        if !labels.iter().any(|(k, _)| k == "kubernetes.io/metadata.name") {
            labels.push(("kubernetes.io/metadata.name".to_string(), name.to_string()));
        }
        Namespace { name: name.to_string(), labels }
    }
}

/// The namespaces a namespace selector picks, as `SelectNamespacesFromCache`
/// does: nil → only `own`; otherwise every known namespace whose labels
/// match, sorted. `known` must hold only the namespaces the operator watches.
pub fn select_namespaces(
    own: &str,
    selector: Option<&LabelSelector>,
    known: &[Namespace],
) -> Result<Vec<String>, String> {
    let Some(sel) = selector else {
        return Ok(vec![own.to_string()]);
    };
    sel.validate()?;
    let mut names: Vec<String> =
        known.iter().filter(|ns| sel.matches(&ns.labels)).map(|ns| ns.name.clone()).collect();
    names.sort();
    names.dedup();
    Ok(names)
}

/// The labels of an object (`metadata.labels`), values as text.
pub fn object_labels(object: &Value) -> Vec<(String, String)> {
    object
        .path(&["metadata", "labels"])
        .and_then(Value::as_map)
        .map(|m| m.iter().map(|(k, v)| (k.to_string(), scalar_text(v))).collect())
        .unwrap_or_default()
}

/// What a selection decided for one candidate object.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// Selected and valid: it contributes to the generated configuration.
    Selected,
    /// Selected by the selectors but rejected as invalid; the reason is the
    /// operator's message.
    Rejected(String),
    /// Not selected.
    NotSelected(Exclusion),
}

/// Why an object was not selected.
#[derive(Clone, Debug, PartialEq)]
pub enum Exclusion {
    /// The owner has no selector for this kind (nil selector).
    NoSelector {
        /// The selector field, such as `spec.serviceMonitorSelector`.
        field: String,
    },
    /// The object's labels do not match the label selector.
    LabelSelector {
        /// The selector field.
        field: String,
        /// The selector as text.
        selector: String,
    },
    /// The namespace selector is nil and the object lives in another namespace.
    OtherNamespace {
        /// The namespace selector field.
        field: String,
        /// The owner's namespace.
        own: String,
    },
    /// The namespace selector does not match the object's namespace.
    NamespaceSelector {
        /// The namespace selector field.
        field: String,
        /// The selector as text.
        selector: String,
    },
    /// The operator does not watch the object's namespace.
    NamespaceNotWatched(String),
    /// The owner's selector itself is invalid.
    InvalidSelector(String),
}

impl Exclusion {
    /// One line for people.
    pub fn message(&self) -> String {
        match self {
            Exclusion::NoSelector { field } => {
                format!("{field} is not set, so no object of this kind is selected")
            }
            Exclusion::LabelSelector { field, selector } => {
                format!("labels do not match {field} ({selector})")
            }
            Exclusion::OtherNamespace { field, own } => {
                format!("{field} is not set, so only namespace {own:?} is searched")
            }
            Exclusion::NamespaceSelector { field, selector } => {
                format!("namespace labels do not match {field} ({selector})")
            }
            Exclusion::NamespaceNotWatched(why) => why.clone(),
            Exclusion::InvalidSelector(why) => format!("invalid selector: {why}"),
        }
    }
}

/// One candidate object in a selection report.
#[derive(Clone, Debug, PartialEq)]
pub struct SelectionEntry {
    /// Kind, such as `ServiceMonitor`.
    pub kind: String,
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
    /// What was decided.
    pub outcome: Outcome,
}

/// For one Prometheus or Alertmanager, what happened to every candidate.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SelectionReport {
    /// Entries by kind, then `<namespace>/<name>`.
    pub entries: Vec<SelectionEntry>,
}

impl SelectionReport {
    /// Entries of one kind.
    pub fn of_kind<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a SelectionEntry> + 'a {
        self.entries.iter().filter(move |e| e.kind == kind)
    }

    /// Number of selected (and valid) objects of one kind.
    pub fn selected(&self, kind: &str) -> usize {
        self.of_kind(kind).filter(|e| e.outcome == Outcome::Selected).count()
    }
}

/// The selectors an owner applies to one kind of object.
#[derive(Clone, Debug)]
pub struct KindSelector<'a> {
    /// The object kind.
    pub kind: &'a str,
    /// The owner's namespace.
    pub own_namespace: &'a str,
    /// Field name of the label selector (for messages).
    pub field: &'a str,
    /// The label selector (nil = nothing selected).
    pub selector: Option<LabelSelector>,
    /// Field name of the namespace selector.
    pub namespace_field: &'a str,
    /// The namespace selector (nil = own namespace only).
    pub namespace_selector: Option<LabelSelector>,
}

impl KindSelector<'_> {
    /// Decides for one object in `namespace` with `labels`; `known` holds the
    /// watched namespaces and `watched` says whether the object's namespace is
    /// watched by the operator at all (an explanation when it is not).
    pub fn decide(
        &self,
        namespace: &str,
        labels: &[(String, String)],
        known: &[Namespace],
        unwatched: Option<String>,
    ) -> Result<(), Exclusion> {
        if let Some(why) = unwatched {
            return Err(Exclusion::NamespaceNotWatched(why));
        }
        let Some(sel) = &self.selector else {
            return Err(Exclusion::NoSelector { field: self.field.to_string() });
        };
        if let Some(ns_sel) = &self.namespace_selector {
            ns_sel.validate().map_err(Exclusion::InvalidSelector)?;
        }
        let namespaces =
            select_namespaces(self.own_namespace, self.namespace_selector.as_ref(), known)
                .map_err(Exclusion::InvalidSelector)?;
        if !namespaces.iter().any(|n| n == namespace) {
            return Err(match &self.namespace_selector {
                None => Exclusion::OtherNamespace {
                    field: self.namespace_field.to_string(),
                    own: self.own_namespace.to_string(),
                },
                Some(s) => Exclusion::NamespaceSelector {
                    field: self.namespace_field.to_string(),
                    selector: s.describe(),
                },
            });
        }
        sel.validate().map_err(Exclusion::InvalidSelector)?;
        if !sel.matches(labels) {
            return Err(Exclusion::LabelSelector {
                field: self.field.to_string(),
                selector: sel.describe(),
            });
        }
        Ok(())
    }
}

/// A scalar as text the way Kubernetes would read it into a string field.
pub(crate) fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => promplay_model::format_float(*f),
        Value::Bool(b) => b.to_string(),
        Value::Null => String::new(),
        Value::Seq(_) | Value::Map(_) => String::new(),
    }
}

fn validate_key(key: &str) -> Result<(), String> {
    let (prefix, name) = match key.rsplit_once('/') {
        Some((p, n)) => (Some(p), n),
        None => (None, key),
    };
    if let Some(p) = prefix
        && (p.is_empty() || p.len() > 253 || !p.split('.').all(is_dns_label))
    {
        return Err(format!("invalid label key {key:?}: prefix part must be a DNS subdomain"));
    }
    if name.is_empty() || name.len() > 63 || !is_qualified_name(name) {
        return Err(format!(
            "invalid label key {key:?}: name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
        ));
    }
    Ok(())
}

fn validate_value(value: &str) -> Result<(), String> {
    if value.is_empty() {
        return Ok(());
    }
    if value.len() > 63 || !is_qualified_name(value) {
        return Err(format!(
            "invalid label value {value:?}: a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
        ));
    }
    Ok(())
}

fn is_qualified_name(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b[0].is_ascii_alphanumeric()
        && b[b.len() - 1].is_ascii_alphanumeric()
        && b.iter().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
}

fn is_dns_label(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 63
        && b[0].is_ascii_alphanumeric()
        && b[b.len() - 1].is_ascii_alphanumeric()
        && b.iter().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Map;

    fn labels(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    fn selector(match_labels: &[(&str, &str)], exprs: &[(&str, &str, &[&str])]) -> LabelSelector {
        LabelSelector {
            match_labels: labels(match_labels),
            match_expressions: exprs
                .iter()
                .map(|(k, op, vs)| Expression {
                    key: k.to_string(),
                    operator: op.to_string(),
                    values: vs.iter().map(|v| v.to_string()).collect(),
                })
                .collect(),
        }
    }

    #[test]
    fn matching_follows_kubernetes() {
        let obj = labels(&[("app", "web"), ("tier", "front")]);
        let cases: &[(LabelSelector, bool)] = &[
            (selector(&[], &[]), true),
            (selector(&[("app", "web")], &[]), true),
            (selector(&[("app", "db")], &[]), false),
            (selector(&[], &[("tier", "In", &["front", "back"])]), true),
            (selector(&[], &[("tier", "NotIn", &["front"])]), false),
            (selector(&[], &[("env", "NotIn", &["prod"])]), true),
            (selector(&[], &[("env", "Exists", &[])]), false),
            (selector(&[], &[("env", "DoesNotExist", &[])]), true),
            (selector(&[], &[("app", "Bogus", &[])]), false),
        ];
        for (sel, want) in cases {
            assert_eq!(sel.matches(&obj), *want, "{sel:?}");
        }
    }

    #[test]
    fn selector_strings_sort_by_key() {
        let sel = selector(
            &[("group", "group1")],
            &[("app", "In", &["b", "a"]), ("x", "DoesNotExist", &[]), ("e", "Exists", &[])],
        );
        assert_eq!(sel.to_selector_string(), "app in (a,b),e,group=group1,!x");
    }

    #[test]
    fn validation_rejects_bad_selectors() {
        assert!(selector(&[], &[("a", "In", &[])]).validate().is_err());
        assert!(selector(&[], &[("a", "Exists", &["x"])]).validate().is_err());
        assert!(selector(&[], &[("a", "in", &["x"])]).validate().is_err());
        assert!(selector(&[("bad key!", "x")], &[]).validate().is_err());
        assert!(selector(&[("example.com/app", "x")], &[]).validate().is_ok());
    }

    #[test]
    fn nil_and_empty_namespace_selectors_differ() {
        let known =
            vec![Namespace::new("b", labels(&[("team", "x")])), Namespace::new("a", vec![])];
        assert_eq!(select_namespaces("own", None, &known).unwrap(), ["own"]);
        let all = LabelSelector::default();
        assert_eq!(select_namespaces("own", Some(&all), &known).unwrap(), ["a", "b"]);
        let team = selector(&[("team", "x")], &[]);
        assert_eq!(select_namespaces("own", Some(&team), &known).unwrap(), ["b"]);
        let by_name = selector(&[("kubernetes.io/metadata.name", "a")], &[]);
        assert_eq!(select_namespaces("own", Some(&by_name), &known).unwrap(), ["a"]);
    }

    #[test]
    fn reads_selectors_from_values() {
        assert_eq!(LabelSelector::from_field(None), None);
        assert_eq!(LabelSelector::from_field(Some(&Value::Null)), None);
        let empty = LabelSelector::from_field(Some(&Value::Map(Map::new()))).unwrap();
        assert!(empty.is_empty());
    }

    #[test]
    fn decisions_explain_themselves() {
        let ks = KindSelector {
            kind: "ServiceMonitor",
            own_namespace: "monitoring",
            field: "spec.serviceMonitorSelector",
            selector: Some(selector(&[("team", "a")], &[])),
            namespace_field: "spec.serviceMonitorNamespaceSelector",
            namespace_selector: None,
        };
        let known = vec![Namespace::new("monitoring", vec![]), Namespace::new("apps", vec![])];
        assert!(ks.decide("monitoring", &labels(&[("team", "a")]), &known, None).is_ok());
        assert!(matches!(
            ks.decide("apps", &labels(&[("team", "a")]), &known, None),
            Err(Exclusion::OtherNamespace { .. })
        ));
        assert!(matches!(
            ks.decide("monitoring", &labels(&[]), &known, None),
            Err(Exclusion::LabelSelector { .. })
        ));
    }
}
