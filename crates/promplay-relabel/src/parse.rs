//! Reading rules from YAML: a list of rules, a mapping holding one
//! `*relabel_configs` list, or a whole `prometheus.yml`. Fields get
//! upstream's YAML defaults (`Config.UnmarshalYAML`), nulls read as Go's zero
//! values, and every rule is checked with [`crate::validate`] the way the
//! config loader does, each diagnostic pointing at the field it is about.

use crate::codes;
use crate::config::{Action, NameValidationScheme, Regex, RelabelConfig, validate};
use crate::yaml::{self, Kind, Node};
use promplay_diagnostics::{Diagnostic, Span};

/// Rules read from text.
#[derive(Clone, Debug, Default)]
pub struct RuleSet {
    /// One rule per list item, in order (a broken item keeps its place with
    /// defaults for the broken fields, so indices match the text).
    pub rules: Vec<RelabelConfig>,
    /// Everything wrong, with spans into the text.
    pub diagnostics: Vec<Diagnostic>,
    /// The key the rules were read from (`relabel_configs`, …), if any.
    pub field: Option<String>,
    /// For a `prometheus.yml`: every scrape config's `job_name`.
    pub jobs: Vec<String>,
    /// For a `prometheus.yml`: the scrape config the rules came from.
    pub job: Option<ScrapeConfig>,
}

impl RuleSet {
    /// Whether any diagnostic is an error (Prometheus would refuse the config).
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// The parts of a `prometheus.yml` that relabeling concerns.
#[derive(Clone, Debug, Default)]
pub struct PrometheusConfig {
    /// `scrape_configs`, in order.
    pub scrape_configs: Vec<ScrapeConfig>,
    /// The other rule lists: `alerting.alert_relabel_configs`,
    /// `alerting.alertmanagers[].relabel_configs`, `remote_write[].write_relabel_configs`, ….
    pub other_blocks: Vec<RuleBlock>,
    /// Everything wrong, with spans into the text.
    pub diagnostics: Vec<Diagnostic>,
}

/// One scrape config's relabeling settings.
#[derive(Clone, Debug)]
pub struct ScrapeConfig {
    /// `job_name`.
    pub job_name: String,
    /// The span of the whole scrape config.
    pub span: Span,
    /// `honor_labels` (default `false`).
    pub honor_labels: bool,
    /// `honor_timestamps` (default `true`).
    pub honor_timestamps: bool,
    /// The name validation scheme in force for this job.
    pub name_validation_scheme: NameValidationScheme,
    /// `relabel_configs`: applied to discovered targets.
    pub relabel_configs: Vec<RelabelConfig>,
    /// `metric_relabel_configs`: applied to every scraped sample.
    pub metric_relabel_configs: Vec<RelabelConfig>,
}

/// A rule list outside `scrape_configs`.
#[derive(Clone, Debug)]
pub struct RuleBlock {
    /// Where it is: `alerting`, `alerting.alertmanagers[0]`, `remote_write[1]`.
    pub owner: String,
    /// The key: `alert_relabel_configs`, `relabel_configs`, `write_relabel_configs`.
    pub field: String,
    /// The rules.
    pub rules: Vec<RelabelConfig>,
}

/// The keys that hold rule lists, in the order [`parse_configs`] looks for them.
const RULE_KEYS: [&str; 6] = [
    "relabel_configs",
    "metric_relabel_configs",
    "write_relabel_configs",
    "alert_relabel_configs",
    "relabelings",
    "metricRelabelings",
];

/// The keys of one rule.
const RULE_FIELDS: [&str; 7] =
    ["source_labels", "separator", "regex", "modulus", "target_label", "replacement", "action"];

/// Which rules [`parse_configs_with`] picks from a mapping or a whole
/// `prometheus.yml`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Select<'a> {
    /// The scrape config to take rules from (`job_name`); may be omitted
    /// when the file has exactly one.
    pub job: Option<&'a str>,
    /// Take `metric_relabel_configs` (`metricRelabelings`) instead of
    /// `relabel_configs` (`relabelings`).
    pub metric: bool,
}

/// Reads rules from `text`: a YAML list of rules, a mapping with one of the
/// `*relabel_configs` keys (or the operator's `relabelings` /
/// `metricRelabelings`, in camelCase), a single rule, or a `prometheus.yml`
/// with exactly one scrape config (its `relabel_configs`).
pub fn parse_configs(text: &str) -> RuleSet {
    parse_configs_with(text, Select::default())
}

/// [`parse_configs`], choosing the job and the target or metric rules.
pub fn parse_configs_with(text: &str, select: Select<'_>) -> RuleSet {
    let (root, mut diagnostics) = yaml::parse(text);
    let mut set = RuleSet::default();
    let Some(root) = root else {
        set.diagnostics = diagnostics;
        return set;
    };
    let scheme = NameValidationScheme::Utf8;
    match &root.kind {
        Kind::Seq(_) => {
            set.rules =
                read_rules(&root, scheme, false, "empty or null relabeling rule", &mut diagnostics);
        }
        Kind::Map(_) if root.get("scrape_configs").is_some() => {
            let config = parse_prometheus_config(text);
            diagnostics = config.diagnostics;
            set.jobs = config.scrape_configs.iter().map(|s| s.job_name.clone()).collect();
            let span = root.get("scrape_configs").map_or(root.span, |n| n.span);
            let names = || set.jobs.iter().map(|j| format!("{j:?}")).collect::<Vec<_>>().join(", ");
            let chosen = match (select.job, config.scrape_configs.as_slice()) {
                (Some(job), all) => match all.iter().find(|s| s.job_name == job) {
                    Some(s) => Some(s),
                    None => {
                        diagnostics.push(
                            Diagnostic::error(
                                codes::NO_RULES,
                                format!("no scrape config has job_name {job:?}"),
                            )
                            .with_label(span, format!("the jobs here are {}", names()))
                            .with_help(nearest_hint(job, &set.jobs)),
                        );
                        None
                    }
                },
                (None, [one]) => Some(one),
                (None, []) => {
                    diagnostics.push(
                        Diagnostic::error(codes::NO_RULES, "expected a scrape config, found none")
                            .with_label(span, "`scrape_configs` is empty"),
                    );
                    None
                }
                (None, many) => {
                    diagnostics.push(
                        Diagnostic::error(
                            codes::NO_RULES,
                            format!(
                                "expected one scrape config, found {} ({})",
                                many.len(),
                                names()
                            ),
                        )
                        .with_label(span, "choose a job")
                        .with_help(
                            "pick the job whose rules to apply (`--job NAME` on the command line)",
                        ),
                    );
                    None
                }
            };
            if let Some(job) = chosen {
                let field =
                    if select.metric { "metric_relabel_configs" } else { "relabel_configs" };
                set.rules = if select.metric {
                    job.metric_relabel_configs.clone()
                } else {
                    job.relabel_configs.clone()
                };
                set.field = Some(field.into());
                set.job = Some(job.clone());
            }
        }
        Kind::Map(entries) => {
            let wanted: &[&str] = if select.metric {
                &["metric_relabel_configs", "metricRelabelings"]
            } else {
                &RULE_KEYS
            };
            if let Some(key) = wanted.iter().find(|k| root.get(k).is_some()) {
                let camel = *key == "relabelings" || *key == "metricRelabelings";
                let node = root.get(key).expect("key was found");
                set.rules = read_rules(
                    node,
                    scheme,
                    camel,
                    "empty or null relabeling rule",
                    &mut diagnostics,
                );
                set.field = Some((*key).to_owned());
            } else if !select.metric
                && entries.iter().any(|(k, _)| k.scalar().is_some_and(is_rule_key))
            {
                set.rules = read_rules_from(
                    std::slice::from_ref(&root),
                    scheme,
                    false,
                    "",
                    &mut diagnostics,
                );
            } else {
                let what = if select.metric {
                    "expected `metric_relabel_configs`, found a mapping without it"
                } else {
                    "expected relabel rules, found a mapping without any"
                };
                diagnostics.push(
                    Diagnostic::error(codes::NO_RULES, what)
                        .with_label(root.span, "no `relabel_configs`, `metric_relabel_configs` or rule fields here")
                        .with_help("give a YAML list of rules (`- source_labels: [...]`), or a mapping with `relabel_configs:`"),
                );
            }
        }
        Kind::Scalar { .. } => diagnostics.push(root.type_error("[]*relabel.Config")),
    }
    set.diagnostics = diagnostics;
    set
}

/// "did you mean" for a job name: the known job that shares the longest prefix.
fn nearest_hint(job: &str, jobs: &[String]) -> String {
    let common = |j: &str| job.chars().zip(j.chars()).take_while(|(a, b)| a == b).count();
    match jobs.iter().max_by_key(|j| common(j)) {
        Some(best) if common(best) >= 3 => format!("did you mean {best:?}?"),
        _ => format!(
            "the jobs are {}",
            jobs.iter().map(|j| format!("{j:?}")).collect::<Vec<_>>().join(", ")
        ),
    }
}

fn is_rule_key(k: &str) -> bool {
    RULE_FIELDS.contains(&k) || k == "sourceLabels" || k == "targetLabel"
}

/// Reads the relabeling parts of a whole `prometheus.yml`: every scrape
/// config's `relabel_configs` and `metric_relabel_configs` (with its
/// `honor_labels`, `honor_timestamps` and name validation scheme), and the
/// rule lists under `alerting` and `remote_write`.
pub fn parse_prometheus_config(text: &str) -> PrometheusConfig {
    let (root, mut diags) = yaml::parse(text);
    let mut out = PrometheusConfig::default();
    let Some(root) = root else {
        out.diagnostics = diags;
        return out;
    };
    let global = root
        .get("global")
        .and_then(|g| g.get("metric_name_validation_scheme"))
        .and_then(|n| scheme_of(n, &mut diags))
        .unwrap_or_default();
    if let Some(scrapes) = root.get("scrape_configs") {
        for item in seq_items(scrapes, "[]*config.ScrapeConfig", &mut diags) {
            if item.is_null() {
                continue;
            }
            let scheme = item
                .get("metric_name_validation_scheme")
                .and_then(|n| scheme_of(n, &mut diags))
                .unwrap_or(global);
            let job_name =
                item.get("job_name").and_then(|n| n.to_go_string().ok()).unwrap_or_default();
            let flag = |key: &str, default: bool, diags: &mut Vec<Diagnostic>| match item.get(key) {
                None => default,
                Some(n) if n.is_null() => false,
                Some(n) => match n.scalar() {
                    Some("true" | "True" | "TRUE") => true,
                    Some("false" | "False" | "FALSE") => false,
                    _ => {
                        diags.push(n.type_error("bool"));
                        default
                    }
                },
            };
            let honor_labels = flag("honor_labels", false, &mut diags);
            let honor_timestamps = flag("honor_timestamps", true, &mut diags);
            let rules = |key: &str, msg: &str, diags: &mut Vec<Diagnostic>| {
                item.get(key).map(|n| read_rules(n, scheme, false, msg, diags)).unwrap_or_default()
            };
            out.scrape_configs.push(ScrapeConfig {
                job_name,
                span: item.span,
                honor_labels,
                honor_timestamps,
                name_validation_scheme: scheme,
                relabel_configs: rules(
                    "relabel_configs",
                    "empty or null target relabeling rule in scrape config",
                    &mut diags,
                ),
                metric_relabel_configs: rules(
                    "metric_relabel_configs",
                    "empty or null metric relabeling rule in scrape config",
                    &mut diags,
                ),
            });
        }
    }
    if let Some(alerting) = root.get("alerting") {
        if let Some(n) = alerting.get("alert_relabel_configs") {
            let rules =
                read_rules(n, global, false, "empty or null alert relabeling rule", &mut diags);
            out.other_blocks.push(RuleBlock {
                owner: "alerting".into(),
                field: "alert_relabel_configs".into(),
                rules,
            });
        }
        if let Some(ams) = alerting.get("alertmanagers") {
            for (i, am) in
                seq_items(ams, "[]*config.AlertmanagerConfig", &mut diags).iter().enumerate()
            {
                for (field, msg) in [
                    ("relabel_configs", "empty or null Alertmanager target relabeling rule"),
                    ("alert_relabel_configs", "empty or null Alertmanager alert relabeling rule"),
                ] {
                    if let Some(n) = am.get(field) {
                        let rules = read_rules(n, global, false, msg, &mut diags);
                        out.other_blocks.push(RuleBlock {
                            owner: format!("alerting.alertmanagers[{i}]"),
                            field: field.into(),
                            rules,
                        });
                    }
                }
            }
        }
    }
    if let Some(rws) = root.get("remote_write") {
        for (i, rw) in seq_items(rws, "[]*config.RemoteWriteConfig", &mut diags).iter().enumerate()
        {
            if let Some(n) = rw.get("write_relabel_configs") {
                let rules = read_rules(
                    n,
                    global,
                    false,
                    "empty or null relabeling rule in remote write config",
                    &mut diags,
                );
                out.other_blocks.push(RuleBlock {
                    owner: format!("remote_write[{i}]"),
                    field: "write_relabel_configs".into(),
                    rules,
                });
            }
        }
    }
    out.diagnostics = diags;
    out
}

fn scheme_of(n: &Node, diags: &mut Vec<Diagnostic>) -> Option<NameValidationScheme> {
    if n.is_null() {
        return None;
    }
    let s = n.to_go_string().ok()?;
    if s.is_empty() {
        return None;
    }
    let scheme = NameValidationScheme::parse(&s);
    if scheme.is_none() {
        diags.push(
            Diagnostic::error(
                codes::YAML_TYPE,
                format!("invalid metric name validation scheme, {s}"),
            )
            .with_label(n.span, "expected `legacy` or `utf8`"),
        );
    }
    scheme
}

fn seq_items<'a>(n: &'a Node, go_type: &str, diags: &mut Vec<Diagnostic>) -> &'a [Node] {
    match &n.kind {
        Kind::Seq(items) => items,
        _ if n.is_null() => &[],
        _ => {
            diags.push(n.type_error(go_type));
            &[]
        }
    }
}

fn read_rules(
    n: &Node,
    scheme: NameValidationScheme,
    camel: bool,
    empty: &str,
    diags: &mut Vec<Diagnostic>,
) -> Vec<RelabelConfig> {
    let items = seq_items(n, "[]*relabel.Config", diags);
    read_rules_from(items, scheme, camel, empty, diags)
}

fn read_rules_from(
    items: &[Node],
    scheme: NameValidationScheme,
    camel: bool,
    empty: &str,
    diags: &mut Vec<Diagnostic>,
) -> Vec<RelabelConfig> {
    let mut rules = Vec::with_capacity(items.len());
    for item in items {
        if item.is_null() {
            diags.push(
                Diagnostic::error(codes::EMPTY_RULE, empty.to_owned())
                    .with_label(item.span, "this list item is empty")
                    .with_help("remove the `-` or give the rule its fields"),
            );
            let mut rule = RelabelConfig { span: Some(item.span), ..RelabelConfig::default() };
            // An empty item does nothing in the trace: it has no action.
            rule.action = None;
            rules.push(rule);
            continue;
        }
        let (mut rule, ok) = read_rule(item, camel, diags);
        rule.name_validation_scheme = Some(scheme);
        if ok && let Err(message) = validate(&rule, scheme) {
            let (span, label) = validation_span(&rule, &message);
            diags.push(Diagnostic::error(codes::INVALID_RULE, message).with_label(span, label));
        }
        rules.push(rule);
    }
    rules
}

/// The field a `Validate` message is about, to underline it: for "requires
/// only …, and no other fields", the first field that should not be there.
fn validation_span(rule: &RelabelConfig, message: &str) -> (Span, String) {
    let present = |k: &str| rule.key_spans.iter().any(|(key, _)| *key == k);
    let key = if message.contains("no other fields") {
        let allowed: &[&str] = if message.contains("only 'regex'") {
            &["regex", "action"]
        } else {
            &["source_labels", "target_label", "action"]
        };
        rule.key_spans.iter().map(|(k, _)| *k).find(|k| !allowed.contains(k)).unwrap_or("action")
    } else if message.contains("modulus") && present("modulus") {
        "modulus"
    } else if message.contains("'replacement'") && present("replacement") {
        "replacement"
    } else if message.contains("is invalid 'target_label'") {
        "target_label"
    } else {
        "action"
    };
    let label = match (message.contains("no other fields"), rule.action) {
        (true, Some(action)) => format!("`{key}` is not allowed with {action}"),
        _ => "rejected here".to_owned(),
    };
    (rule.span_of(key).unwrap_or_default(), label)
}

/// Reads one rule mapping; `false` when a field could not be read (the
/// rule then keeps the default for it and is not validated further).
fn read_rule(item: &Node, camel: bool, diags: &mut Vec<Diagnostic>) -> (RelabelConfig, bool) {
    let mut rule = RelabelConfig { span: Some(item.span), ..RelabelConfig::default() };
    let Kind::Map(entries) = &item.kind else {
        diags.push(item.type_error("relabel.plain"));
        return (rule, false);
    };
    let mut ok = true;
    let mut seen: Vec<&str> = Vec::new();
    for (k, v) in entries {
        let key = k.scalar().unwrap_or("");
        let field = match (key, camel) {
            ("sourceLabels", true) => "source_labels",
            ("targetLabel", true) => "target_label",
            ("source_labels" | "target_label", true) => "",
            (k, _) => RULE_FIELDS.iter().find(|f| **f == k).copied().unwrap_or(""),
        };
        if field.is_empty() {
            let known = if camel {
                "sourceLabels, separator, regex, modulus, targetLabel, replacement, action"
            } else {
                "source_labels, separator, regex, modulus, target_label, replacement, action"
            };
            diags.push(
                Diagnostic::error(
                    codes::UNKNOWN_FIELD,
                    format!("field {key} not found in type relabel.plain"),
                )
                .with_label(k.span, "unknown field")
                .with_help(format!("a relabel rule has the fields {known}")),
            );
            ok = false;
            continue;
        }
        if seen.contains(&field) {
            diags.push(
                Diagnostic::error(codes::DUPLICATE_KEY, format!("key {key:?} already set in map"))
                    .with_label(k.span, "second occurrence"),
            );
            ok = false;
            continue;
        }
        seen.push(field);
        rule.key_spans.push((field, v.span));
        if let Err(d) = read_field(&mut rule, field, v) {
            diags.push(d);
            ok = false;
        }
    }
    (rule, ok)
}

fn read_field(rule: &mut RelabelConfig, field: &str, v: &Node) -> Result<(), Diagnostic> {
    let string = |v: &Node| if v.is_null() { Ok(String::new()) } else { v.to_go_string() };
    match field {
        "source_labels" => {
            rule.source_labels = match &v.kind {
                _ if v.is_null() => None,
                Kind::Seq(items) => {
                    let mut names = Vec::with_capacity(items.len());
                    for item in items {
                        let name = string(item)?;
                        if name.is_empty() {
                            return Err(Diagnostic::error(
                                codes::BAD_LABEL_NAME,
                                "\"\" is not a valid label name",
                            )
                            .with_label(item.span, "empty label name"));
                        }
                        names.push(name);
                    }
                    Some(names)
                }
                _ => return Err(v.type_error("model.LabelNames")),
            };
        }
        "separator" => rule.separator = string(v)?,
        "target_label" => rule.target_label = string(v)?,
        "replacement" => rule.replacement = string(v)?,
        "regex" => {
            let source = string(v)?;
            rule.regex = Some(Regex::new(&source).map_err(|e| {
                Diagnostic::error(codes::BAD_REGEX, e)
                    .with_label(v.span, "this regex does not compile")
            })?);
        }
        "modulus" => rule.modulus = read_uint(v)?,
        "action" => {
            rule.action = if v.is_null() {
                None
            } else {
                let name = v.to_go_string()?;
                match Action::parse(&name) {
                    Some(a) => Some(a),
                    None => {
                        let all: Vec<&str> = Action::ALL.iter().map(|a| a.as_str()).collect();
                        return Err(Diagnostic::error(
                            codes::UNKNOWN_ACTION,
                            format!("unknown relabel action {name:?}"),
                        )
                        .with_label(v.span, "unknown action")
                        .with_help(format!("the actions are {}", all.join(", "))));
                    }
                }
            };
        }
        _ => {}
    }
    Ok(())
}

/// A `uint64` as go-yaml v2 resolves a plain integer (`0x`, `0o`, `0b`
/// prefixes, `_` separators, a leading `+`).
fn read_uint(v: &Node) -> Result<u64, Diagnostic> {
    if v.is_null() {
        return Ok(0);
    }
    let Kind::Scalar { text, plain: true, tag: None } = &v.kind else {
        return Err(v.type_error("uint64"));
    };
    let t: String = text.chars().filter(|&c| c != '_').collect();
    let t = t.strip_prefix('+').unwrap_or(&t);
    let parsed = if let Some(h) = t.strip_prefix("0x") {
        u64::from_str_radix(h, 16).ok()
    } else if let Some(o) = t.strip_prefix("0o") {
        u64::from_str_radix(o, 8).ok()
    } else if let Some(b) = t.strip_prefix("0b") {
        u64::from_str_radix(b, 2).ok()
    } else {
        t.parse::<u64>().ok()
    };
    parsed.ok_or_else(|| v.type_error("uint64"))
}
