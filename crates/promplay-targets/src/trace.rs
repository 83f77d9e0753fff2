//! Targets of one Prometheus: every job's discovery (Kubernetes through
//! `promplay-k8s-sd`, `static_configs` directly), the labels before
//! relabeling, the traced relabeling (`promplay-relabel`) and the final
//! labels, as the scrape manager would hold them once discovery has synced.

use std::collections::HashMap;

use promplay_k8s_sd::{Discovered, SdConfig, discover};
use promplay_model::Labels;
use promplay_operator::Value;
use promplay_operator::intake::Inventory;
use promplay_relabel::{Action, Change, NameValidationScheme, Regex, RelabelConfig};

use crate::job::{self, JobConfig, text};
use crate::populate::{after_relabel, before_relabel, public, scrape_url};
use crate::{Job, ObjectRef, Outcome, PrometheusInput, PrometheusTargets, Rule, Step, Target};

/// The shard whose configuration is shown: the config reloader replaces
/// `$(SHARD)` with the pod's shard number, and shard 0 always exists.
const SHARD: &str = "0";

/// Every job of one Prometheus.
pub fn prometheus(inventory: &Inventory, p: &PrometheusInput<'_>) -> PrometheusTargets {
    let mut out = PrometheusTargets {
        kind: p.kind.to_string(),
        namespace: p.namespace.to_string(),
        name: p.name.to_string(),
        note: None,
        jobs: Vec::new(),
    };
    let Some(config) = p.config else {
        out.note = Some(match p.error {
            Some(e) => format!("the operator could not generate the configuration: {e}"),
            None => "the configuration is not managed by the operator (no monitor selector is set), so there are no jobs".into(),
        });
        return out;
    };
    // Generated jobs often share one discovery configuration (every
    // ServiceMonitor of a namespace: role endpoints, the same namespaces),
    // and discovery does not depend on the job: run each distinct one once.
    let mut cache: Vec<(SdConfig, Discovered)> = Vec::new();
    let mut regexes = Regexes::new();
    for jc in job::jobs(config) {
        out.jobs.push(run_job(inventory, p.namespace, jc, &mut cache, &mut regexes));
    }
    out
}

fn run_job(
    inventory: &Inventory,
    own_namespace: &str,
    jc: JobConfig<'_>,
    cache: &mut Vec<(SdConfig, Discovered)>,
    regexes: &mut Regexes,
) -> Job {
    let source = job_source(&jc.name);
    let monitor = source.as_ref().and_then(|(o, _)| inventory.get(&o.kind, &o.namespace, &o.name));
    let mut problems = jc.errors.clone();
    let mut rules = Vec::new();
    let mut compiled = Vec::new();
    for (i, v) in jc.relabel_configs.and_then(Value::as_seq).unwrap_or(&[]).iter().enumerate() {
        let (cfg, error) = match relabel_config(v, regexes) {
            Ok(cfg) => {
                let err = promplay_relabel::validate(&cfg, NameValidationScheme::Utf8).err();
                (Some(cfg), err)
            }
            Err(e) => (None, Some(e)),
        };
        if let Some(e) = &error {
            problems.push(format!("relabel_configs[{i}]: {e}"));
        }
        let summary =
            cfg.as_ref().map_or_else(|| "invalid rule".to_string(), RelabelConfig::summary);
        let origin = match (&source, monitor) {
            (Some((o, ep)), Some(m)) => crate::origin::origin(inventory, o, m, *ep, v),
            _ => None,
        };
        rules.push(Rule { summary, origin, error });
        compiled.push(cfg.unwrap_or_else(RelabelConfig::zero));
    }
    // Prometheus refuses to load a configuration with an invalid rule; the
    // job then has no targets at all.
    let rules_ok = rules.iter().all(|r| r.error.is_none());
    let mut discovery = Vec::new();
    let mut groups: Vec<(String, Labels, Vec<Labels>)> = Vec::new();
    for (i, sd) in jc.kubernetes_sd.iter().enumerate() {
        match SdConfig::from_value(sd) {
            Ok(cfg) => {
                discovery.push(describe_sd(&cfg, own_namespace));
                let found = match cache.iter().find(|(c, _)| *c == cfg) {
                    Some((_, d)) => d.clone(),
                    None => {
                        let d = discover(inventory, &cfg, own_namespace);
                        cache.push((cfg.clone(), d.clone()));
                        d
                    }
                };
                problems
                    .extend(found.notes.iter().map(|n| format!("kubernetes_sd_configs[{i}]: {n}")));
                groups.extend(found.groups.into_iter().map(|g| (g.source, g.labels, g.targets)));
            }
            Err(e) => problems.push(format!("kubernetes_sd_configs[{i}]: {e}")),
        }
    }
    for (i, sc) in jc.static_configs.iter().enumerate() {
        let targets: Vec<Labels> = sc
            .get("targets")
            .and_then(Value::as_seq)
            .unwrap_or(&[])
            .iter()
            .filter_map(|t| text(Some(t)))
            .map(|t| Labels::from_pairs([("__address__", t)]))
            .collect();
        let labels = Labels::from_pairs(
            sc.get("labels")
                .and_then(Value::as_map)
                .map(|m| {
                    m.iter().filter_map(|(k, v)| Some((k.to_string(), text(Some(v))?))).collect()
                })
                .unwrap_or_else(Vec::<(String, String)>::new),
        );
        discovery.push(format!("static_configs[{i}]: {} target(s)", targets.len()));
        groups.push((i.to_string(), labels, targets));
    }
    for kind in &jc.other_sd {
        problems.push(format!(
            "{kind} cannot be simulated here: its targets come from outside the manifests"
        ));
    }
    for (i, v) in
        jc.metric_relabel_configs.and_then(Value::as_seq).unwrap_or(&[]).iter().enumerate()
    {
        let checked = relabel_config(v, regexes)
            .and_then(|cfg| promplay_relabel::validate(&cfg, NameValidationScheme::Utf8));
        if let Err(e) = checked {
            problems.push(format!("metric_relabel_configs[{i}]: {e}"));
        }
    }
    let mut targets = Vec::new();
    if rules_ok {
        for (source, group_labels, group_targets) in &groups {
            for t in group_targets {
                targets.push(run_target(&jc, source, t, group_labels, &compiled));
            }
        }
    }
    Job {
        name: jc.name.clone(),
        source,
        settings: jc.settings.clone(),
        discovery,
        rules,
        metric_relabel_configs: jc.metric_relabel_configs.cloned(),
        metric_rules: jc
            .metric_relabel_configs
            .and_then(Value::as_seq)
            .unwrap_or(&[])
            .iter()
            .filter_map(|v| relabel_config(v, regexes).ok())
            .collect(),
        relabel_rules: compiled,
        targets,
        problems,
    }
}

fn run_target(
    jc: &JobConfig<'_>,
    group: &str,
    target: &Labels,
    group_labels: &Labels,
    rules: &[RelabelConfig],
) -> Target {
    let discovered = before_relabel(&jc.name, &jc.settings, target, group_labels);
    // The untraced run is several times cheaper; only a dropped target is
    // run again, traced, to learn which rule dropped it (it stops there).
    let outcome = match promplay_relabel::process(&discovered, rules) {
        Some(labels) => match after_relabel(labels) {
            Ok(full) => Outcome::Active {
                address: full.get("__address__").unwrap_or("").to_string(),
                url: scrape_url(&full),
                labels: public(&full),
            },
            Err(message) => Outcome::Invalid { message },
        },
        None => Outcome::Dropped {
            rule: promplay_relabel::process_traced(&discovered, rules)
                .dropped_by()
                .unwrap_or(rules.len().saturating_sub(1)),
        },
    };
    Target { group: group.to_string(), discovered, outcome }
}

/// The relabeling of `target`, rule by rule (computed on demand: a job can
/// have thousands of targets, and people look at one at a time).
pub fn steps(job: &Job, target: &Target) -> Vec<Step> {
    let trace = promplay_relabel::process_traced(&target.discovered, &job.relabel_rules);
    trace
        .steps
        .iter()
        .map(|s| Step {
            rule: s.rule,
            changes: s
                .changes
                .iter()
                .map(|c| match c {
                    Change::Added { name, value } => (name.clone(), None, Some(value.clone())),
                    Change::Changed { name, old, new } => {
                        (name.clone(), Some(old.clone()), Some(new.clone()))
                    }
                    Change::Removed { name, old } => (name.clone(), Some(old.clone()), None),
                })
                .collect(),
            dropped: matches!(s.outcome, promplay_relabel::Outcome::Dropped),
            reason: s.reason.clone(),
        })
        .collect()
}

/// `serviceMonitor/<ns>/<name>/<i>` and friends → the object and endpoint.
fn job_source(job: &str) -> Option<(ObjectRef, Option<usize>)> {
    let parts: Vec<&str> = job.split('/').collect();
    let kind = match *parts.first()? {
        "serviceMonitor" => "ServiceMonitor",
        "podMonitor" => "PodMonitor",
        "probe" => "Probe",
        "scrapeConfig" => "ScrapeConfig",
        _ => return None,
    };
    let (ns, name) = (parts.get(1)?, parts.get(2)?);
    let endpoint = parts.get(3).and_then(|i| i.parse().ok());
    Some((ObjectRef { kind: kind.into(), namespace: (*ns).into(), name: (*name).into() }, endpoint))
}

/// Compiled regexes by source: the operator writes the same few regexes
/// into every job (`(.*)`, `Node;(.*)`, `(Failed|Succeeded)`), and
/// compiling one costs far more than applying it.
pub(crate) struct Regexes {
    default: Regex,
    seen: HashMap<String, Regex>,
}

impl Regexes {
    pub(crate) fn new() -> Regexes {
        Regexes { default: Regex::default_regex(), seen: HashMap::new() }
    }

    fn get(&mut self, source: &str) -> Result<Regex, String> {
        if let Some(r) = self.seen.get(source) {
            return Ok(r.clone());
        }
        let r = Regex::new(source)?;
        self.seen.insert(source.to_string(), r.clone());
        Ok(r)
    }
}

/// One `relabel_configs` entry as Prometheus unmarshals it: defaults for
/// absent keys, the action lower-cased, the regex compiled anchored.
fn relabel_config(v: &Value, regexes: &mut Regexes) -> Result<RelabelConfig, String> {
    let mut cfg = RelabelConfig {
        separator: ";".into(),
        regex: Some(regexes.default.clone()),
        replacement: "$1".into(),
        action: Some(Action::Replace),
        ..RelabelConfig::zero()
    };
    let shard = |s: String| s.replace("$(SHARD)", SHARD);
    if let Some(src) = v.get("source_labels").and_then(Value::as_seq) {
        cfg.source_labels = Some(src.iter().filter_map(|s| text(Some(s))).collect());
    }
    if let Some(s) = text(v.get("separator")) {
        cfg.separator = s;
    }
    if let Some(r) = text(v.get("regex")) {
        cfg.regex = Some(regexes.get(&shard(r))?);
    }
    if let Some(m) = v.get("modulus").and_then(Value::as_i64) {
        cfg.modulus = u64::try_from(m).map_err(|_| format!("invalid modulus {m}"))?;
    }
    if let Some(t) = text(v.get("target_label")) {
        cfg.target_label = t;
    }
    if let Some(r) = text(v.get("replacement")) {
        cfg.replacement = shard(r);
    }
    if let Some(a) = text(v.get("action")) {
        cfg.action = Some(
            Action::parse(&a.to_lowercase())
                .ok_or_else(|| format!("unknown relabel action {a:?}"))?,
        );
    }
    Ok(cfg)
}

fn describe_sd(cfg: &SdConfig, own_namespace: &str) -> String {
    let scopes: Vec<String> = cfg
        .namespaces
        .scopes(own_namespace)
        .into_iter()
        .map(|s| s.unwrap_or_else(|| "all namespaces".into()))
        .collect();
    let mut s =
        format!("kubernetes_sd role={} namespaces=[{}]", cfg.role.as_str(), scopes.join(", "));
    for sel in &cfg.selectors {
        s.push_str(&format!(" selector({}: {}{})", sel.role.as_str(), sel.label, sel.field));
    }
    s
}
