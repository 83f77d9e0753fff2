//! Rule evaluation as Prometheus' rule manager does it (`rules/group.go`,
//! `recording.go`, `alerting.go`): a group's rules run in order at one
//! timestamp, each rule's output is appended to the store before the next
//! rule runs (so later rules and groups see it), series a rule stops
//! producing get a staleness marker, and alerting rules keep their alerts'
//! state from one evaluation to the next.
//!
//! The store is a [`Storage`] owned by the caller; time is an argument.

use promplay_model::{Labels, TimestampMs, is_stale_nan};
use promplay_promql_engine::{EngineOptions, SampleValue, Storage, Value, instant_query, load};
use promplay_promql_syntax::{Expr, ValueType};
use rustc_hash::{FxHashMap, FxHashSet};

use crate::alerting::{self, Alert};
use crate::rulefile::{RuleFile, RuleGroup, RuleKind};

/// Settings of an evaluation.
#[derive(Clone, Debug, PartialEq)]
pub struct EvalOptions {
    /// The PromQL engine's settings (lookback, limits, the default subquery
    /// step, which Prometheus sets to the global evaluation interval).
    pub engine: EngineOptions,
    /// The global `evaluation_interval` (groups without `interval` use it), in ms.
    pub default_interval_ms: i64,
    /// `global.external_labels` (`$externalLabels` in templates).
    pub external_labels: Labels,
    /// `--web.external-url` (`$externalURL`).
    pub external_url: String,
    /// Allow the `@` modifier (on in Prometheus 3; promtool's tests can turn it off).
    pub enable_at_modifier: bool,
    /// Allow negative offsets (on in Prometheus 3).
    pub enable_negative_offset: bool,
}

impl Default for EvalOptions {
    /// A default Prometheus 3 server: 1m evaluation interval.
    fn default() -> EvalOptions {
        EvalOptions {
            engine: EngineOptions::default(),
            default_interval_ms: 60_000,
            external_labels: Labels::new(),
            external_url: String::new(),
            enable_at_modifier: true,
            enable_negative_offset: true,
        }
    }
}

/// The run-time state of every loaded group.
#[derive(Clone, Debug)]
pub struct RuleEngine {
    /// The groups, in load order: file by file, group by group.
    pub groups: Vec<GroupState>,
    /// The settings.
    pub options: EvalOptions,
}

/// One group and its rules' state.
#[derive(Clone, Debug)]
pub struct GroupState {
    /// Index of the rule file (in the order given to [`RuleEngine::new`]).
    pub file: usize,
    /// The group as read.
    pub group: RuleGroup,
    /// Its evaluation interval in ms.
    pub interval_ms: i64,
    /// One state per rule, in order.
    pub rules: Vec<RuleState>,
}

/// The state one rule keeps between evaluations.
#[derive(Clone, Debug, Default)]
pub struct RuleState {
    /// The series the last evaluation wrote (to mark vanished ones stale).
    previous: FxHashSet<Labels>,
    /// Alerting rules: the alerts by label set (pending, firing, and
    /// resolved ones kept for 15 minutes).
    pub active: FxHashMap<Labels, Alert>,
    /// The last evaluation's error.
    pub last_error: Option<String>,
    /// Why the rule can never run (`@ modifier is disabled`, ...).
    blocked: Option<&'static str>,
    /// Parsed label and annotation templates, by `label:NAME` /
    /// `annotation:NAME` (`None`: it does not parse, expand the slow way
    /// for the exact error).
    templates: FxHashMap<String, Option<promplay_template::Template>>,
}

/// One sample a rule evaluation wrote into the store.
#[derive(Clone, Debug, PartialEq)]
pub struct Written {
    /// Index of the rule in its group.
    pub rule: usize,
    /// The series.
    pub labels: Labels,
    /// Its timestamp (evaluation time minus the group's query offset).
    pub t: TimestampMs,
    /// The value (a staleness marker for a series that vanished).
    pub value: SampleValue,
}

/// A template that failed to expand during an evaluation.
#[derive(Clone, Debug, PartialEq)]
pub struct TemplateFailure {
    /// Index of the rule in its group.
    pub rule: usize,
    /// `label` or `annotation`.
    pub what: &'static str,
    /// The label or annotation name.
    pub name: String,
    /// The error (its span points into the template text).
    pub error: promplay_template::TemplateError,
}

/// What evaluating a group once did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GroupEval {
    /// Samples appended to the store, in order.
    pub written: Vec<Written>,
    /// Rules that failed: (rule index, error text as Prometheus logs it).
    pub errors: Vec<(usize, String)>,
    /// Templates that failed to expand.
    pub template_failures: Vec<TemplateFailure>,
}

impl RuleEngine {
    /// Loads the groups of `files` (rules whose expression did not parse
    /// are kept but never evaluate).
    pub fn new(files: &[RuleFile], options: EvalOptions) -> RuleEngine {
        let mut groups = Vec::new();
        for (file, f) in files.iter().enumerate() {
            for g in &f.groups {
                let rules = g
                    .rules
                    .iter()
                    .map(|r| RuleState {
                        templates: FxHashMap::default(),
                        blocked: r.parsed.as_ref().and_then(|e| feature_error(e, &options)),
                        ..RuleState::default()
                    })
                    .collect();
                groups.push(GroupState {
                    file,
                    group: g.clone(),
                    interval_ms: g.interval_ms.unwrap_or(options.default_interval_ms).max(1),
                    rules,
                });
            }
        }
        RuleEngine { groups, options }
    }

    /// Evaluates group `g` at `ts` (ms): every rule in order, each rule's
    /// output appended to `storage` before the next rule runs.
    pub fn eval_group(&mut self, g: usize, storage: &mut Storage, ts: TimestampMs) -> GroupEval {
        let mut out = GroupEval::default();
        let Some(state) = self.groups.get_mut(g) else { return out };
        let offset = state.group.query_offset_ms.unwrap_or(0);
        let limit = state.group.limit;
        for (i, rule) in state.group.rules.iter().enumerate() {
            let rs = &mut state.rules[i];
            let Some(expr) = &rule.parsed else {
                rs.last_error = Some("the rule's expression does not parse".into());
                continue;
            };
            let result = match rs.blocked {
                Some(reason) => Err(reason.to_owned()),
                None => query(storage, expr, ts - offset, &self.options.engine),
            };
            let vector = match result {
                Err(e) => Err(e),
                Ok(samples) => match rule.kind {
                    RuleKind::Recording => alerting::record(rule, samples, limit, ts - offset),
                    RuleKind::Alerting => {
                        let backend = StorageBackend { storage, engine: &self.options.engine };
                        let cx = alerting::AlertContext {
                            external_labels: &self.options.external_labels,
                            external_url: &self.options.external_url,
                            backend: &backend,
                            rule_index: i,
                            failures: &mut out.template_failures,
                            templates: &mut rs.templates,
                        };
                        alerting::eval(rule, &mut rs.active, samples, ts, offset, limit, cx)
                    }
                },
            };
            let samples = match vector {
                Ok(v) => v,
                Err(e) => {
                    rs.last_error = Some(e.clone());
                    out.errors.push((i, e));
                    continue;
                }
            };
            rs.last_error = None;
            let mut returned = FxHashSet::default();
            for (labels, t, value) in samples {
                storage.add(labels.clone(), t, value.clone());
                out.written.push(Written { rule: i, labels: labels.clone(), t, value });
                returned.insert(labels);
            }
            // Series the rule no longer produces are marked stale, unless
            // another sample already sits at that time (upstream's append
            // then fails as a duplicate and the marker is dropped).
            let stale_t = ts - offset;
            let mut vanished: Vec<&Labels> =
                rs.previous.iter().filter(|l| !returned.contains(*l)).collect();
            vanished.sort();
            for labels in vanished {
                let occupied = storage
                    .get(labels)
                    .is_some_and(|s| s.binary_search_by_key(&stale_t, |x| x.t).is_ok());
                let newer =
                    storage.get(labels).and_then(|s| s.last()).is_some_and(|x| x.t > stale_t);
                if occupied || newer {
                    continue;
                }
                let value = SampleValue::Float(load::stale_nan());
                storage.add(labels.clone(), stale_t, value.clone());
                out.written.push(Written { rule: i, labels: labels.clone(), t: stale_t, value });
            }
            rs.previous = returned;
        }
        out
    }
}

/// Runs a rule's query like `rules.EngineQueryFunc`: an instant vector as
/// is, a scalar as one sample without labels, anything else an error.
pub(crate) fn query(
    storage: &Storage,
    expr: &Expr,
    t: TimestampMs,
    engine: &EngineOptions,
) -> Result<Vec<(Labels, SampleValue)>, String> {
    let result = instant_query(storage, expr, t, engine);
    match result.value {
        Err(e) => Err(e.message),
        Ok(Value::Vector(samples)) => {
            Ok(samples.into_iter().map(|s| (s.labels, s.value)).collect())
        }
        Ok(Value::Scalar { v, .. }) => Ok(vec![(Labels::new(), SampleValue::Float(v))]),
        Ok(_) => Err("rule result is not a vector or scalar".into()),
    }
}

/// The engine's refusal of a query that uses a disabled feature
/// (`engine.go`'s `validateOpts`).
pub(crate) fn feature_error(expr: &Expr, options: &EvalOptions) -> Option<&'static str> {
    if options.enable_at_modifier && options.enable_negative_offset {
        return None;
    }
    let mut error = None;
    expr.walk(&mut |node| {
        if error.is_some() {
            return;
        }
        let (at, offset) = match node {
            Expr::VectorSelector(v) => (v.at.is_some(), v.offset_ms < 0),
            Expr::MatrixSelector(m) => (m.selector.at.is_some(), m.selector.offset_ms < 0),
            Expr::Subquery(s) => (s.at.is_some(), s.offset_ms < 0),
            _ => (false, false),
        };
        if at && !options.enable_at_modifier {
            error = Some("@ modifier is disabled");
        } else if offset && !options.enable_negative_offset {
            error = Some("negative offset is disabled");
        }
    });
    error
}

/// The template function `query` over the store.
pub(crate) struct StorageBackend<'a> {
    pub storage: &'a Storage,
    pub engine: &'a EngineOptions,
}

impl promplay_template::QueryBackend for StorageBackend<'_> {
    fn query(&self, expr: &str, ts_ms: i64) -> Result<Vec<promplay_template::QuerySample>, String> {
        let parsed = promplay_promql_syntax::parse(expr);
        let Some(e) = parsed.expr else {
            return Err(parsed.first_error().unwrap_or("parse error").to_owned());
        };
        if !matches!(e.value_type(), ValueType::Vector | ValueType::Scalar) {
            return Err("rule result is not a vector or scalar".into());
        }
        let samples = query(self.storage, &e, ts_ms, self.engine)?;
        Ok(samples
            .into_iter()
            .map(|(labels, value)| promplay_template::QuerySample {
                labels: labels.iter().map(|l| (l.name.clone(), l.value.clone())).collect(),
                value: alerting::template_value(&value),
            })
            .collect())
    }
}

/// Whether a written value is a staleness marker.
pub fn is_stale(value: &SampleValue) -> bool {
    matches!(value, SampleValue::Float(f) if is_stale_nan(*f))
}
