//! The relabel playground end to end (`promplay relabel`, the `#/relabel`
//! workbench): rules from YAML text (a list, a `*relabel_configs` mapping
//! or a whole `prometheus.yml` with a job chosen), label sets one per line,
//! and a trace per label set.

use promplay_diagnostics::{Diagnostic, LineIndex, Span};
use promplay_model::Labels;
pub use promplay_relabel::{
    Action, Change, Outcome, RelabelConfig, RuleSet, Select, Step, Trace, codes, format_label_set,
};
use std::fmt::Write as _;

/// One label set read from the labels text and what the rules made of it.
#[derive(Clone, Debug)]
pub struct Input {
    /// The 1-based line in the labels text.
    pub line: usize,
    /// The line's span in the labels text.
    pub span: Span,
    /// The trace, or why the line is not a label set.
    pub result: Result<Trace, Diagnostic>,
}

/// Everything the playground shows for one rules text and one labels text.
#[derive(Clone, Debug)]
pub struct RelabelReport {
    /// The rules and their diagnostics (spans into the rules text).
    pub rules: RuleSet,
    /// The label sets in order (blank lines and `#` comments skipped).
    pub inputs: Vec<Input>,
    /// `$(VAR)` placeholders that were replaced (see [`RELOADER_ENV`]).
    pub substituted: Vec<String>,
}

/// The environment prometheus-config-reloader substitutes into an
/// operator-generated configuration for the first pod of the first shard:
/// `$(SHARD)` is the shard number.
pub const RELOADER_ENV: &[(&str, &str)] = &[("SHARD", "0")];

impl RelabelReport {
    /// Whether Prometheus would refuse the rules.
    pub fn has_rule_errors(&self) -> bool {
        self.rules.has_errors()
    }

    /// Label-set lines that could not be read.
    pub fn label_errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.inputs.iter().filter_map(|i| i.result.as_ref().err())
    }
}

/// Reads the rules only (with `$(VAR)` placeholders of `env` replaced), e.g.
/// a job's `metric_relabel_configs` for the ingest preview.
pub fn parse_rules(rules_text: &str, select: Select<'_>, env: &[(&str, &str)]) -> RuleSet {
    let mut rules = promplay_relabel::parse_configs_with(rules_text, select);
    promplay_relabel::substitute_env(&mut rules.rules, env);
    rules
}

/// Reads the rules from `rules_text` (choosing with `select`), replaces the
/// `$(VAR)` placeholders of `env` (e.g. [`RELOADER_ENV`]) and applies the
/// rules to every label set in `labels_text`, one `{a="b"}` a line.
pub fn relabel(
    rules_text: &str,
    select: Select<'_>,
    env: &[(&str, &str)],
    labels_text: &str,
) -> RelabelReport {
    let mut rules = promplay_relabel::parse_configs_with(rules_text, select);
    let substituted = promplay_relabel::substitute_env(&mut rules.rules, env);
    let inputs = read_label_sets(labels_text)
        .into_iter()
        .map(|(line, span, parsed)| Input {
            line,
            span,
            result: parsed.map(|labels| promplay_relabel::process_traced(&labels, &rules.rules)),
        })
        .collect();
    RelabelReport { rules, inputs, substituted }
}

/// The label sets of `text`, one a line; blank lines and lines starting
/// with `#` are skipped. Spans index `text`.
pub fn read_label_sets(text: &str) -> Vec<(usize, Span, Result<Labels, Diagnostic>)> {
    let mut out = Vec::new();
    let mut offset = 0usize;
    for (i, raw) in text.split_inclusive('\n').enumerate() {
        let line = raw.trim_end_matches(['\n', '\r']);
        let start = offset;
        offset += raw.len();
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let span = Span::from_range(start..start + line.len());
        out.push((i + 1, span, promplay_relabel::parse_label_set(line, start as u32)));
    }
    out
}

/// A rule's 1-based line in the rules text, when it was read from text.
pub fn rule_line(rules_text: &str, index: &LineIndex, rule: &RelabelConfig) -> Option<usize> {
    rule.span.map(|s| index.line_col(rules_text, s.start).line as usize)
}

/// The trace as the CLI prints it: the input, one line per rule with what
/// changed (`+` added, `~` changed, `-` removed) or why nothing did, and the
/// result or the rule that dropped the set.
pub fn render_trace(rules_text: &str, rules: &[RelabelConfig], trace: &Trace) -> String {
    let index = LineIndex::new(rules_text);
    let mut out = String::new();
    let _ = writeln!(out, "input  {}", format_label_set(&trace.input));
    for step in &trace.steps {
        let rule = &rules[step.rule];
        let action = step.action.map_or("(no action)", Action::as_str);
        let at =
            rule_line(rules_text, &index, rule).map_or(String::new(), |l| format!(" (line {l})"));
        let head = format!("  #{} {action}{at}:", step.rule + 1);
        match step.outcome {
            Outcome::Dropped => {
                let _ = writeln!(out, "{head} dropped: {}", step.reason);
            }
            Outcome::Unchanged => {
                let filter = matches!(
                    step.action,
                    Some(Action::Keep | Action::Drop | Action::KeepEqual | Action::DropEqual)
                );
                let what = if filter { "kept" } else { "no change" };
                let _ = writeln!(out, "{head} {what}: {}", step.reason);
            }
            Outcome::Changed => {
                let changes: Vec<String> = step.changes.iter().map(describe_change).collect();
                let _ = writeln!(out, "{head} {}", changes.join(", "));
            }
        }
    }
    match (&trace.output, trace.dropped_by()) {
        (Some(labels), _) => {
            let _ = writeln!(out, "result {}", format_label_set(labels));
        }
        (None, Some(i)) => {
            let action = rules[i].action.map_or("(no action)", Action::as_str);
            let _ = writeln!(out, "result dropped by rule #{} (action {action})", i + 1);
        }
        (None, None) => {
            let _ = writeln!(out, "result dropped");
        }
    }
    out
}

/// One change as `+name="v"`, `~name: "old" → "new"` or `-name="old"`.
pub fn describe_change(change: &Change) -> String {
    let name = |n: &str| {
        if promplay_model::is_valid_legacy_label_name(n) { n.to_owned() } else { format!("{n:?}") }
    };
    let quote = |v: &str| format!("\"{}\"", promplay_model::escape_label_value(v));
    match change {
        Change::Added { name: n, value } => format!("+{}={}", name(n), quote(value)),
        Change::Changed { name: n, old, new } => {
            format!("~{}: {} → {}", name(n), quote(old), quote(new))
        }
        Change::Removed { name: n, old } => format!("-{}={}", name(n), quote(old)),
    }
}
