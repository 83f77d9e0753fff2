//! `promtool check metrics`' checks, as warnings with spans.
//!
//! The rules, their order and their message texts are those of client_golang's
//! `prometheus/testutil/promlint` (the linter behind `promtool check metrics`),
//! as of client_golang 1.20, which Prometheus 3 ships. Each finding becomes a
//! [`Severity::Warning`](promplay_diagnostics::Severity::Warning) diagnostic
//! whose message is promlint's text verbatim, so output can be compared with
//! promtool's line for line; the code comes from [`codes`] and the help text
//! is ours.
//!
//! promlint sees the text format through Go's `expfmt` decoder, which shapes
//! what it reports, and this module mirrors that view:
//!
//! - Families with the same name are one family (the scrape parser allows a
//!   name to come back later; expfmt merges the samples), and a family
//!   without samples is not linted at all.
//! - Label checks run once per *metric* as expfmt builds them: one per sample
//!   line for counters, gauges and untyped families, one per label set
//!   (ignoring `le` and `quantile`) for histograms and summaries. promtool
//!   prints a finding as often as it occurs, and so do we, each time pointing
//!   at the offending label.
//! - OpenMetrics input is linted as its text-format equivalent: a counter
//!   family `x` is the metric `x_total`, an info family `x` is the gauge
//!   `x_info`, a stateset is a gauge, a gauge histogram a histogram, `unknown`
//!   is untyped, and `_created` samples are metadata rather than series. So
//!   OpenMetrics counters never get the `_total` finding: the format adds it.
//!
//! Differences from promtool, on purpose: findings come in input order rather
//! than sorted by name; `metric not unique` compares label sets as sets (Go
//! compares them in the order written); and a name with two unit words
//! reports the first one (promtool 2.x picked one at random).

use crate::{Family, Format, MetricType, Parsed, Sample};
use promplay_diagnostics::{Diagnostic, Span};
use std::collections::HashMap;

/// Stable codes of the lint findings. Never reuse a code.
pub mod codes {
    /// `no help text`.
    pub const NO_HELP: &str = "LNT0001";
    /// `use base unit "seconds" instead of "milliseconds"`.
    pub const NON_BASE_UNIT: &str = "LNT0002";
    /// `counter metrics should have "_total" suffix`.
    pub const COUNTER_WITHOUT_TOTAL: &str = "LNT0003";
    /// `non-counter metrics should not have "_total" suffix`.
    pub const NON_COUNTER_WITH_TOTAL: &str = "LNT0004";
    /// `non-histogram metrics should not have "_bucket" suffix`.
    pub const RESERVED_BUCKET_SUFFIX: &str = "LNT0005";
    /// `non-histogram and non-summary metrics should not have "_count" suffix`.
    pub const RESERVED_COUNT_SUFFIX: &str = "LNT0006";
    /// `non-histogram and non-summary metrics should not have "_sum" suffix`.
    pub const RESERVED_SUM_SUFFIX: &str = "LNT0007";
    /// `non-histogram metrics should not have "le" label`.
    pub const RESERVED_LE_LABEL: &str = "LNT0008";
    /// `non-summary metrics should not have "quantile" label`.
    pub const RESERVED_QUANTILE_LABEL: &str = "LNT0009";
    /// `metric name should not include type 'gauge'`.
    pub const TYPE_IN_NAME: &str = "LNT0010";
    /// `metric names should not contain ':'`.
    pub const RESERVED_CHARS: &str = "LNT0011";
    /// `metric names should be written in 'snake_case' not 'camelCase'`.
    pub const CAMEL_CASE_METRIC: &str = "LNT0012";
    /// `label names should be written in 'snake_case' not 'camelCase'`.
    pub const CAMEL_CASE_LABEL: &str = "LNT0013";
    /// `metric names should not contain abbreviated units`.
    pub const ABBREVIATED_UNIT: &str = "LNT0014";
    /// `metric not unique`.
    pub const NOT_UNIQUE: &str = "LNT0015";
}

/// One lint finding: the metric promtool would name, and the diagnostic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LintFinding {
    /// The metric family name as promtool prints it (the text-format name,
    /// so `x_total` for an OpenMetrics counter family `x`).
    pub metric: String,
    /// The warning, its message being promlint's text.
    pub diagnostic: Diagnostic,
}

/// Lints a parsed exposition the way `promtool check metrics` does.
/// `text` is the input `parsed` was parsed from.
pub fn lint(text: &str, parsed: &Parsed<'_>) -> Vec<Diagnostic> {
    lint_findings(text, parsed).into_iter().map(|f| f.diagnostic).collect()
}

/// Like [`lint`], but keeps the metric name of each finding, which the CLI
/// prints as promtool does (`metric: message`).
pub fn lint_findings(text: &str, parsed: &Parsed<'_>) -> Vec<LintFinding> {
    // The spans in `parsed` are all that is needed; `text` stays in the
    // signature so a future rule can look at the source.
    let _ = text;
    let mut findings = Vec::new();
    for family in merge_families(parsed) {
        lint_family(parsed, &family, &mut findings);
    }
    // Input order reads better than promtool's alphabetical order; the
    // stable sort keeps the rule order for findings at the same place.
    findings.sort_by_key(|f| f.diagnostic.primary_span().map_or(0, |s| s.start));
    findings
}

/// The types promlint distinguishes (client_model's `MetricType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LintType {
    Counter,
    Gauge,
    Histogram,
    Summary,
    Untyped,
}

impl LintType {
    /// The lowercase type name, as the type-in-name rule looks for it.
    fn word(self) -> &'static str {
        match self {
            LintType::Counter => "counter",
            LintType::Gauge => "gauge",
            LintType::Histogram => "histogram",
            LintType::Summary => "summary",
            LintType::Untyped => "untyped",
        }
    }
}

/// A family as expfmt would hand it to promlint.
struct LintFamily<'p, 'a> {
    /// The text-format name.
    name: String,
    kind: LintType,
    has_help: bool,
    /// Where the name first appears.
    name_span: Span,
    /// The samples that make up series (no OpenMetrics `_created`).
    samples: Vec<&'p Sample<'a>>,
}

/// Groups the parsed families by text-format name, in input order.
fn merge_families<'p, 'a>(parsed: &'p Parsed<'a>) -> Vec<LintFamily<'p, 'a>> {
    let mut out: Vec<LintFamily<'p, 'a>> = Vec::new();
    let mut by_name: HashMap<String, usize> = HashMap::new();
    for family in &parsed.families {
        let (name, kind) = text_equivalent(parsed.format, family);
        let created = format!("{}_created", family.name);
        let samples = family
            .samples
            .iter()
            .filter(|s| parsed.format == Format::Prometheus || s.name != created.as_str());
        match by_name.get(&name) {
            Some(&i) => {
                let merged = &mut out[i];
                merged.has_help |= family.help.is_some();
                merged.samples.extend(samples);
            }
            None => {
                by_name.insert(name.clone(), out.len());
                out.push(LintFamily {
                    name,
                    kind,
                    has_help: family.help.is_some(),
                    name_span: family.name_span,
                    samples: samples.collect(),
                });
            }
        }
    }
    // expfmt drops families without samples before promlint sees them.
    out.retain(|f| !f.samples.is_empty());
    out
}

/// The name and type promtool would see for `family` in the text format.
fn text_equivalent(format: Format, family: &Family<'_>) -> (String, LintType) {
    let name = family.name.as_ref();
    match (format, family.kind) {
        (Format::OpenMetrics, MetricType::Counter) => (format!("{name}_total"), LintType::Counter),
        (Format::OpenMetrics, MetricType::Info) => (format!("{name}_info"), LintType::Gauge),
        (_, MetricType::Counter) => (name.to_owned(), LintType::Counter),
        (_, MetricType::Gauge | MetricType::Info | MetricType::StateSet) => {
            (name.to_owned(), LintType::Gauge)
        }
        (_, MetricType::Histogram | MetricType::GaugeHistogram) => {
            (name.to_owned(), LintType::Histogram)
        }
        (_, MetricType::Summary) => (name.to_owned(), LintType::Summary),
        (_, MetricType::Unknown) => (name.to_owned(), LintType::Untyped),
    }
}

/// Runs every rule on one family, in promlint's order.
fn lint_family(parsed: &Parsed<'_>, family: &LintFamily<'_, '_>, out: &mut Vec<LintFinding>) {
    let name = family.name.as_str();
    let span = family.name_span;
    let mut push = |code: &'static str, message: String, label: String, help: String| {
        let diagnostic = Diagnostic::warning(code, message).with_label(span, label).with_help(help);
        out.push(LintFinding { metric: name.to_owned(), diagnostic });
    };

    if !family.has_help {
        push(
            codes::NO_HELP,
            "no help text".into(),
            "this metric has no `# HELP` line".into(),
            format!("add `# HELP {name} <what it measures>` so people know what it means"),
        );
    }

    if let Some((unit, base)) = metric_unit(name)
        && unit != base
    {
        let renamed = name.split('_').map(|s| if s == unit { base } else { s }).collect::<Vec<_>>();
        push(
            codes::NON_BASE_UNIT,
            format!("use base unit \"{base}\" instead of \"{unit}\""),
            format!("`{unit}` is not a base unit"),
            format!("Prometheus uses base units: expose `{}` in {base}", renamed.join("_")),
        );
    }

    let has_total = name.ends_with("_total");
    match family.kind {
        LintType::Counter if !has_total => push(
            codes::COUNTER_WITHOUT_TOTAL,
            "counter metrics should have \"_total\" suffix".into(),
            "a counter without `_total`".into(),
            format!("rename the counter to `{name}_total`"),
        ),
        LintType::Gauge | LintType::Histogram | LintType::Summary if has_total => push(
            codes::NON_COUNTER_WITH_TOTAL,
            "non-counter metrics should not have \"_total\" suffix".into(),
            format!("a {} named like a counter", family.kind.word()),
            "`_total` marks counters: drop the suffix, or declare the metric as a counter".into(),
        ),
        _ => {}
    }

    lint_reserved_suffixes(family, &mut push);

    if family.kind != LintType::Untyped {
        let lower = name.to_lowercase();
        let word = family.kind.word();
        if lower.contains(&format!("_{word}_")) || lower.ends_with(&format!("_{word}")) {
            push(
                codes::TYPE_IN_NAME,
                format!("metric name should not include type '{word}'"),
                format!("`{word}` in the name"),
                format!("`# TYPE` already says it is a {word}: drop `_{word}` from the name"),
            );
        }
    }

    if name.contains(':') {
        push(
            codes::RESERVED_CHARS,
            "metric names should not contain ':'".into(),
            "a colon in the name".into(),
            "colons are reserved for recording rules (`level:metric:operations`); use `_`".into(),
        );
    }

    if is_camel_case(name) {
        push(
            codes::CAMEL_CASE_METRIC,
            "metric names should be written in 'snake_case' not 'camelCase'".into(),
            "camelCase in the name".into(),
            format!("use snake_case, e.g. `{}`", to_snake_case(name)),
        );
    }

    let lower = name.to_lowercase();
    for abbreviation in UNIT_ABBREVIATIONS {
        if lower.contains(&format!("_{abbreviation}_"))
            || lower.ends_with(&format!("_{abbreviation}"))
        {
            push(
                codes::ABBREVIATED_UNIT,
                "metric names should not contain abbreviated units".into(),
                format!("`{abbreviation}` looks like an abbreviated unit"),
                "write the unit out in full, as a base unit such as `seconds` or `bytes`".into(),
            );
        }
    }

    lint_labels(parsed, family, out);
}

/// The `_bucket`, `_count` and `_sum` suffixes, reserved for histograms and summaries.
fn lint_reserved_suffixes(
    family: &LintFamily<'_, '_>,
    push: &mut impl FnMut(&'static str, String, String, String),
) {
    // promlint does not apply these rules to untyped metrics.
    let kind = family.kind;
    if kind == LintType::Untyped {
        return;
    }
    let name = family.name.as_str();
    let is_histogram = kind == LintType::Histogram;
    let is_summary = kind == LintType::Summary;
    if !is_histogram && name.ends_with("_bucket") {
        push(
            codes::RESERVED_BUCKET_SUFFIX,
            "non-histogram metrics should not have \"_bucket\" suffix".into(),
            format!("a {} named like a histogram bucket", kind.word()),
            "`_bucket` is reserved for the buckets of histograms".into(),
        );
    }
    for suffix in ["count", "sum"] {
        if !is_histogram && !is_summary && name.ends_with(&format!("_{suffix}")) {
            let code = if suffix == "count" {
                codes::RESERVED_COUNT_SUFFIX
            } else {
                codes::RESERVED_SUM_SUFFIX
            };
            push(
                code,
                format!(
                    "non-histogram and non-summary metrics should not have \"_{suffix}\" suffix"
                ),
                format!("a {} named like part of a histogram or summary", kind.word()),
                format!("`_{suffix}` is reserved for histograms and summaries"),
            );
        }
    }
}

/// The per-metric label rules (`le`, `quantile`, camelCase) and uniqueness.
fn lint_labels(parsed: &Parsed<'_>, family: &LintFamily<'_, '_>, out: &mut Vec<LintFinding>) {
    let kind = family.kind;
    let is_histogram = kind == LintType::Histogram;
    let is_summary = kind == LintType::Summary;
    // expfmt consumes `le` of histograms and `quantile` of summaries: they
    // select a bucket or quantile of one metric rather than being labels.
    let consumed =
        |label: &str| (is_histogram && label == "le") || (is_summary && label == "quantile");
    let grouped = is_histogram || is_summary;

    let mut seen: HashMap<Vec<(&str, &str)>, Span> = HashMap::new();
    for sample in &family.samples {
        let pairs = parsed.labels_of(sample);
        let mut key: Vec<(&str, &str)> = pairs
            .iter()
            .filter(|p| !consumed(&p.name))
            .map(|p| (p.name.as_ref(), p.value.as_ref()))
            .collect();
        key.sort_unstable();
        if let Some(&first) = seen.get(&key) {
            // For histograms and summaries the same label set is the same
            // metric, already checked. For other types every sample is a
            // metric of its own, and this one repeats an earlier one.
            if grouped {
                continue;
            }
            let diagnostic = Diagnostic::warning(codes::NOT_UNIQUE, "metric not unique")
                .with_label(sample.series_span, "this series appears twice")
                .with_label(first, "first appearance")
                .with_help(
                    "each series may appear once per scrape; Prometheus drops the repeated sample",
                );
            out.push(LintFinding { metric: family.name.clone(), diagnostic });
        } else {
            seen.insert(key, sample.series_span);
        }

        for pair in pairs.iter().filter(|p| !consumed(&p.name)) {
            let mut push = |code: &'static str, message: &str, label: String, help: String| {
                let diagnostic = Diagnostic::warning(code, message)
                    .with_label(pair.name_span, label)
                    .with_help(help);
                out.push(LintFinding { metric: family.name.clone(), diagnostic });
            };
            // Like the reserved suffixes, these do not apply to untyped metrics.
            let typed = kind != LintType::Untyped;
            if typed && !is_histogram && pair.name == "le" {
                push(
                    codes::RESERVED_LE_LABEL,
                    "non-histogram metrics should not have \"le\" label",
                    format!("`le` on a {}", kind.word()),
                    "`le` is the bucket bound of histograms; rename the label".into(),
                );
            }
            if typed && !is_summary && pair.name == "quantile" {
                push(
                    codes::RESERVED_QUANTILE_LABEL,
                    "non-summary metrics should not have \"quantile\" label",
                    format!("`quantile` on a {}", kind.word()),
                    "`quantile` is reserved for the quantiles of summaries; rename the label"
                        .into(),
                );
            }
            if is_camel_case(&pair.name) {
                push(
                    codes::CAMEL_CASE_LABEL,
                    "label names should be written in 'snake_case' not 'camelCase'",
                    "camelCase label name".into(),
                    format!("use snake_case, e.g. `{}`", to_snake_case(&pair.name)),
                );
            }
        }
    }
}

/// promlint's camelCase test: a lowercase ASCII letter followed by an uppercase one.
fn is_camel_case(name: &str) -> bool {
    name.as_bytes().windows(2).any(|w| w[0].is_ascii_lowercase() && w[1].is_ascii_uppercase())
}

/// `MemFree_bytes` → `mem_free_bytes`, for the help text.
fn to_snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    let mut prev: Option<char> = None;
    for c in name.chars() {
        if c.is_ascii_uppercase()
            && prev.is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit())
        {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
        prev = Some(c);
    }
    out
}

/// The first `_`-separated word of `name` that is a known unit, optionally
/// with an SI or binary prefix, and its base unit.
fn metric_unit(name: &str) -> Option<(&str, &'static str)> {
    name.split('_').find_map(|word| {
        let base_of = |unit: &str| UNITS.iter().find(|(u, _)| *u == unit).map(|&(_, base)| base);
        base_of(word)
            .or_else(|| UNIT_PREFIXES.iter().find_map(|p| word.strip_prefix(p).and_then(base_of)))
            .map(|base| (word, base))
    })
}

/// Units promlint knows, each with its base unit.
const UNITS: &[(&str, &str)] = &[
    ("amperes", "amperes"),
    ("bytes", "bytes"),
    // Celsius is allowed because it is common in Prometheus use.
    ("celsius", "celsius"),
    ("grams", "grams"),
    ("joules", "joules"),
    ("kelvin", "kelvin"),
    // Both the American and the international spelling are allowed.
    ("meters", "meters"),
    ("metres", "metres"),
    ("seconds", "seconds"),
    ("volts", "volts"),
    ("minutes", "seconds"),
    ("hours", "seconds"),
    ("days", "seconds"),
    ("weeks", "seconds"),
    ("kelvins", "kelvin"),
    ("fahrenheit", "celsius"),
    ("rankine", "celsius"),
    ("inches", "meters"),
    ("yards", "meters"),
    ("miles", "meters"),
    ("bits", "bytes"),
    ("calories", "joules"),
    ("pounds", "grams"),
    ("ounces", "grams"),
];

/// Unit prefixes promlint recognises (`mibi` is its spelling).
const UNIT_PREFIXES: &[&str] = &[
    "pico", "nano", "micro", "milli", "centi", "deci", "deca", "hecto", "kilo", "kibi", "mega",
    "mibi", "giga", "gibi", "tera", "tebi", "peta", "pebi",
];

/// Abbreviated units promlint discourages, in its order.
const UNIT_ABBREVIATIONS: &[&str] =
    &["s", "ms", "us", "ns", "sec", "b", "kb", "mb", "gb", "tb", "pb", "m", "h", "d"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_and_names() {
        assert_eq!(metric_unit("x_milliseconds"), Some(("milliseconds", "seconds")));
        assert_eq!(metric_unit("x_thermometers"), None);
        assert_eq!(metric_unit("x_kilometers_minutes"), Some(("kilometers", "meters")));
        assert_eq!(metric_unit("node_entropy_available_bits"), Some(("bits", "bytes")));
        assert!(is_camel_case("node_memory_MemFree_bytes"));
        assert!(!is_camel_case("node_memory_HUGE"));
        assert_eq!(to_snake_case("node_memory_MemFree_bytes"), "node_memory_mem_free_bytes");
    }
}
