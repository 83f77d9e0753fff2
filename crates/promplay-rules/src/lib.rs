//! Prometheus rules as a pure function: rule files (and PrometheusRule
//! manifests) read with positions and validated like `promtool check
//! rules`; recording and alerting rules evaluated over a series store with
//! the semantics of Prometheus' rule manager (in-order writes, staleness,
//! the alert state machine with `for` and `keep_firing_for`, templated
//! labels and annotations, `ALERTS` and `ALERTS_FOR_STATE`); and promtool's
//! rule unit tests (`promtool test rules`), with its verdicts and messages.
//!
//! Nothing here reads a clock or a file: times are arguments, and a unit
//! test gets its rule files as a map from path to text.
//!
//! ```
//! use promplay_rules::{EvalOptions, RuleFileOptions, evaluate_range, parse_rule_file};
//! use promplay_promql_engine::Storage;
//!
//! let text = "groups:\n- name: g\n  rules:\n  - alert: Always\n    expr: vector(1)\n    for: 2m\n";
//! let parsed = parse_rule_file(text, &RuleFileOptions::default());
//! assert!(parsed.diagnostics.is_empty());
//! let mut storage = Storage::new();
//! let eval = evaluate_range(&[parsed.file], &mut storage, 0, 300_000, &EvalOptions::default(), &[text]);
//! let states: Vec<&str> = eval.alerts[0].bands.iter().map(|b| b.state.as_str()).collect();
//! assert_eq!(states, ["pending", "firing"]);
//! ```

mod alerting;
pub mod codes;
mod decode;
mod eval;
mod range;
mod rulefile;
pub mod unittest;
pub mod yaml;

pub use alerting::{Alert, AlertState, RESOLVED_RETENTION_MS};
pub use eval::{
    EvalOptions, GroupEval, GroupState, RuleEngine, RuleState, TemplateFailure, Written, is_stale,
};
pub use range::{
    AlertPoint, AlertTimeline, Evaluation, MAX_GROUP_EVALUATIONS, ProducedSeries, RuleErrorRun,
    RuleRef, RuleReport, StateBand, evaluate_range,
};
pub use rulefile::{
    ParsedRules, Rule, RuleFile, RuleFileOptions, RuleGroup, RuleKind, TextField, parse_manifests,
    parse_rule_file, parse_rules_auto, raw_labels,
};
