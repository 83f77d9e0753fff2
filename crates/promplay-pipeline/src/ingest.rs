//! The scrape-side preview: what Prometheus would store from one scrape of
//! one target. Every exposed sample gets the target's labels attached
//! (`honor_labels` decides who wins a clash; losers become `exported_…`),
//! then the job's `metric_relabel_configs` run; the result is kept, renamed
//! or dropped (naming the rule), and the totals match the synthetic series
//! Prometheus records (`scrape_samples_scraped`,
//! `scrape_samples_post_metric_relabeling`).

use promplay_diagnostics::{Diagnostic, Span};
use promplay_exposition::ParseOptions;
use promplay_model::{Labels, METRIC_NAME_LABEL};
use promplay_relabel::{Action, RelabelConfig, mutate_sample_labels};
use std::collections::HashMap;

/// The scrape config settings that shape ingestion.
#[derive(Clone, Copy, Debug)]
pub struct IngestOptions {
    /// `honor_labels` (default `false`).
    pub honor_labels: bool,
    /// `honor_timestamps` (default `true`).
    pub honor_timestamps: bool,
}

impl Default for IngestOptions {
    fn default() -> IngestOptions {
        IngestOptions { honor_labels: false, honor_timestamps: true }
    }
}

/// What became of one exposed sample.
#[derive(Clone, Debug, PartialEq)]
pub enum Fate {
    /// Stored with these labels.
    Kept {
        /// The stored label set.
        labels: Labels,
        /// The metric name changed (a relabel rule rewrote `__name__`).
        renamed_from: Option<String>,
    },
    /// Dropped by a metric relabel rule.
    Dropped {
        /// The rule's 0-based index.
        rule: usize,
        /// Its action.
        action: Option<Action>,
    },
    /// Rejected after relabeling (e.g. no metric name left); Prometheus
    /// fails the whole scrape for this.
    Rejected {
        /// Why.
        reason: String,
    },
}

/// One exposed sample and its fate.
#[derive(Clone, Debug)]
pub struct IngestedSample {
    /// The sample line's span in the scrape text.
    pub span: Span,
    /// The labels as exposed, `__name__` included.
    pub exposed: Labels,
    /// The sample value.
    pub value: f64,
    /// The timestamp stored: the exposed one when honored, else `None`
    /// (the scrape time).
    pub timestamp_ms: Option<i64>,
    /// An exposed timestamp that `honor_timestamps: false` discards.
    pub ignored_timestamp_ms: Option<i64>,
    /// Kept, dropped or rejected.
    pub fate: Fate,
    /// Exposed labels stored under another name: (exposed, stored as, value).
    pub exported: Vec<(String, String, String)>,
    /// Target labels not attached because the sample had its own.
    pub honored: Vec<String>,
    /// Another sample before it ended with the same label set (Prometheus
    /// rejects the later one as a duplicate).
    pub duplicate_of: Option<usize>,
}

/// Counts over a whole scrape.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct IngestTotals {
    /// Samples exposed (`scrape_samples_scraped`).
    pub scraped: usize,
    /// Samples left after metric relabeling (`scrape_samples_post_metric_relabeling`).
    pub post_relabeling: usize,
    /// Samples dropped by a rule.
    pub dropped: usize,
    /// Kept samples whose metric name changed.
    pub renamed: usize,
    /// Kept samples with at least one `exported_` label.
    pub with_exported: usize,
    /// Kept samples that duplicate an earlier one.
    pub duplicates: usize,
    /// Samples rejected after relabeling.
    pub rejected: usize,
}

/// The whole preview.
#[derive(Clone, Debug)]
pub struct IngestReport {
    /// One entry per exposed sample, in order.
    pub samples: Vec<IngestedSample>,
    /// The exposition parse diagnostics (spans into the scrape text).
    pub diagnostics: Vec<Diagnostic>,
    /// The totals.
    pub totals: IngestTotals,
    /// The target labels attached to every sample (public labels only).
    pub target_labels: Labels,
}

/// Ingests `scrape` (Prometheus text or OpenMetrics, detected) for a target
/// whose final labels are `target`, with the job's metric relabel `rules`.
pub fn ingest(
    scrape: &str,
    target: &Labels,
    rules: &[RelabelConfig],
    options: IngestOptions,
) -> IngestReport {
    let parse_options = ParseOptions::default().with_experimental_native_histograms(true);
    let parsed = promplay_exposition::parse(scrape, &parse_options);
    let mut samples = Vec::new();
    let mut totals = IngestTotals::default();
    let mut seen: HashMap<Labels, usize> = HashMap::new();
    for family in &parsed.families {
        for sample in &family.samples {
            let mut exposed = Labels::new();
            for pair in parsed.labels_of(sample) {
                exposed.set(&*pair.name, &*pair.value);
            }
            exposed.set(METRIC_NAME_LABEL, &*sample.name);
            let mutated = mutate_sample_labels(&exposed, target, options.honor_labels, rules);
            totals.scraped += 1;
            let fate = match (mutated.dropped_by, mutated.labels) {
                (rule, None) | (rule @ Some(_), Some(_)) => {
                    totals.dropped += 1;
                    Fate::Dropped {
                        rule: rule.unwrap_or(0),
                        action: rule.and_then(|r| rules.get(r)).and_then(|r| r.action),
                    }
                }
                (None, Some(labels)) if labels.metric_name().is_none_or(str::is_empty) => {
                    totals.rejected += 1;
                    Fate::Rejected {
                        reason: "no metric name left after relabeling (`__name__` was removed); Prometheus fails the whole scrape".into(),
                    }
                }
                (None, Some(labels)) => {
                    totals.post_relabeling += 1;
                    let renamed_from = (labels.metric_name() != Some(&*sample.name))
                        .then(|| sample.name.to_string());
                    if renamed_from.is_some() {
                        totals.renamed += 1;
                    }
                    if !mutated.exported.is_empty() {
                        totals.with_exported += 1;
                    }
                    Fate::Kept { labels, renamed_from }
                }
            };
            let duplicate_of = match &fate {
                Fate::Kept { labels, .. } => match seen.get(labels) {
                    Some(&first) => {
                        totals.duplicates += 1;
                        Some(first)
                    }
                    None => {
                        seen.insert(labels.clone(), samples.len());
                        None
                    }
                },
                _ => None,
            };
            let (timestamp_ms, ignored_timestamp_ms) = if options.honor_timestamps {
                (sample.timestamp_ms, None)
            } else {
                (None, sample.timestamp_ms)
            };
            samples.push(IngestedSample {
                span: sample.span,
                exposed,
                value: sample.value,
                timestamp_ms,
                ignored_timestamp_ms,
                fate,
                exported: mutated.exported,
                honored: mutated.honored,
                duplicate_of,
            });
        }
    }
    let target_labels = Labels::from_pairs(
        target
            .iter()
            .filter(|l| !l.name.starts_with("__"))
            .map(|l| (l.name.clone(), l.value.clone())),
    );
    IngestReport { samples, diagnostics: parsed.diagnostics, totals, target_labels }
}

#[cfg(test)]
mod tests {
    use super::*;
    use promplay_relabel::{format_label_set, parse_configs, parse_label_set};

    const SCRAPE: &str = "# TYPE go_gc_duration_seconds summary\n\
go_gc_duration_seconds{quantile=\"0.5\"} 0.001\n\
# TYPE http_requests_total counter\n\
http_requests_total{job=\"checkout\",path=\"/a\",code=\"200\"} 7 1700000000000\n\
http_requests_total{job=\"checkout\",path=\"/b\",code=\"200\"} 3\n\
up 1\n";

    const RULES: &str = "- source_labels: [__name__]\n  regex: go_.*\n  action: drop\n\
- source_labels: [__name__]\n  regex: http_requests_total\n  target_label: __name__\n  replacement: http_server_requests_total\n\
- action: labeldrop\n  regex: path\n";

    fn run(honor_labels: bool, honor_timestamps: bool) -> IngestReport {
        let target = parse_label_set(
            r#"{__address__="10.0.0.1:8080", instance="10.0.0.1:8080", job="api"}"#,
            0,
        )
        .unwrap();
        let rules = parse_configs(RULES);
        assert!(!rules.has_errors(), "{:?}", rules.diagnostics);
        ingest(SCRAPE, &target, &rules.rules, IngestOptions { honor_labels, honor_timestamps })
    }

    fn stored(r: &IngestReport) -> Vec<String> {
        r.samples
            .iter()
            .map(|s| match &s.fate {
                Fate::Kept { labels, .. } => format_label_set(labels),
                Fate::Dropped { rule, .. } => format!("dropped by {rule}"),
                Fate::Rejected { reason } => reason.clone(),
            })
            .collect()
    }

    #[test]
    fn target_labels_win_and_clashes_are_exported() {
        let r = run(false, true);
        assert_eq!(
            stored(&r),
            [
                "dropped by 0",
                r#"{__name__="http_server_requests_total", code="200", exported_job="checkout", instance="10.0.0.1:8080", job="api"}"#,
                r#"{__name__="http_server_requests_total", code="200", exported_job="checkout", instance="10.0.0.1:8080", job="api"}"#,
                r#"{__name__="up", instance="10.0.0.1:8080", job="api"}"#,
            ]
        );
        let t = r.totals;
        assert_eq!(
            (t.scraped, t.post_relabeling, t.dropped, t.renamed, t.with_exported, t.duplicates),
            (4, 3, 1, 2, 2, 1)
        );
        assert_eq!(r.samples[2].duplicate_of, Some(1));
        assert_eq!(r.samples[1].timestamp_ms, Some(1_700_000_000_000));
        assert_eq!(format_label_set(&r.target_labels), r#"{instance="10.0.0.1:8080", job="api"}"#);
    }

    #[test]
    fn honor_labels_and_timestamps() {
        let r = run(true, false);
        assert_eq!(
            stored(&r)[1],
            r#"{__name__="http_server_requests_total", code="200", instance="10.0.0.1:8080", job="checkout"}"#
        );
        assert_eq!(r.samples[1].honored, vec!["job".to_owned()]);
        assert_eq!(
            (r.samples[1].timestamp_ms, r.samples[1].ignored_timestamp_ms),
            (None, Some(1_700_000_000_000))
        );
    }
}
