//! What the Relabel workbench keeps: the rules text, the label sets, the
//! job and target/metric choice, the scrape used by the ingest preview, and
//! which label set and step are shown. Part of the autosaved workspace.

use crate::browser;
use leptos::prelude::*;

pub(crate) const KEY_RULES: &str = "promplay.v1.relabel.rules";
pub(crate) const KEY_LABELS: &str = "promplay.v1.relabel.labels";
const KEY_JOB: &str = "promplay.v1.relabel.job";
const KEY_METRIC: &str = "promplay.v1.relabel.metric";
const KEY_SCRAPE: &str = "promplay.v1.relabel.scrape";
const KEY_SCRAPE_OWN: &str = "promplay.v1.relabel.scrape_own";
const KEY_HONOR_LABELS: &str = "promplay.v1.relabel.honor_labels";
const KEY_HONOR_TIMESTAMPS: &str = "promplay.v1.relabel.honor_timestamps";

/// The Relabel workbench's input; cheap to copy (signals).
#[derive(Clone, Copy, Debug)]
pub struct RelabelInput {
    /// The rules: a YAML list, a `relabel_configs` mapping or a prometheus.yml.
    pub rules: RwSignal<String>,
    /// Label sets, one `{a="b"}` a line.
    pub labels: RwSignal<String>,
    /// The scrape config to use when the rules are a prometheus.yml ("" = the only one).
    pub job: RwSignal<String>,
    /// Apply `metric_relabel_configs` instead of `relabel_configs`.
    pub metric: RwSignal<bool>,
    /// The ingest preview's own scrape text.
    pub scrape: RwSignal<String>,
    /// Whether the preview uses its own scrape text rather than the Metrics workbench's.
    pub scrape_own: RwSignal<bool>,
    /// `honor_labels` for the preview (a prometheus.yml job's own setting wins).
    pub honor_labels: RwSignal<bool>,
    /// `honor_timestamps` for the preview (a prometheus.yml job's own setting wins).
    pub honor_timestamps: RwSignal<bool>,
    /// The label set shown in the trace (index among the readable ones).
    pub selected: RwSignal<usize>,
    /// The highlighted step of the trace (0-based rule index).
    pub step: RwSignal<Option<usize>>,
}

impl RelabelInput {
    /// An input holding `rules` and `labels`, with default settings.
    pub fn new(rules: &str, labels: &str) -> RelabelInput {
        RelabelInput {
            rules: RwSignal::new(rules.to_owned()),
            labels: RwSignal::new(labels.to_owned()),
            job: RwSignal::new(String::new()),
            metric: RwSignal::new(false),
            scrape: RwSignal::new(String::new()),
            scrape_own: RwSignal::new(false),
            honor_labels: RwSignal::new(false),
            honor_timestamps: RwSignal::new(true),
            selected: RwSignal::new(0),
            step: RwSignal::new(None),
        }
    }

    /// The saved input, or the first example on a first visit.
    pub fn restore() -> RelabelInput {
        let example = &super::examples::EXAMPLES[0];
        let input = RelabelInput::new(
            &browser::storage_get(KEY_RULES).unwrap_or_else(|| example.rules.to_owned()),
            &browser::storage_get(KEY_LABELS).unwrap_or_else(|| example.labels.to_owned()),
        );
        let flag =
            |key: &str, default: bool| browser::storage_get(key).map_or(default, |v| v == "true");
        input.job.set(browser::storage_get(KEY_JOB).unwrap_or_default());
        input.metric.set(flag(KEY_METRIC, false));
        input.scrape.set(browser::storage_get(KEY_SCRAPE).unwrap_or_default());
        input.scrape_own.set(flag(KEY_SCRAPE_OWN, false));
        input.honor_labels.set(flag(KEY_HONOR_LABELS, false));
        input.honor_timestamps.set(flag(KEY_HONOR_TIMESTAMPS, true));
        input
    }

    /// Tracks every saved signal (for the autosave effect).
    pub fn track(&self) {
        self.rules.track();
        self.labels.track();
        self.job.track();
        self.metric.track();
        self.scrape.track();
        self.scrape_own.track();
        self.honor_labels.track();
        self.honor_timestamps.track();
    }

    /// Writes the input to `localStorage`; whether everything fit.
    pub fn save(&self) -> bool {
        let text =
            |key: &str, s: RwSignal<String>| s.with_untracked(|t| browser::storage_set(key, t));
        let flag = |key: &str, s: RwSignal<bool>| {
            browser::storage_set(key, &s.get_untracked().to_string())
        };
        let results = [
            text(KEY_RULES, self.rules),
            text(KEY_LABELS, self.labels),
            text(KEY_JOB, self.job),
            flag(KEY_METRIC, self.metric),
            text(KEY_SCRAPE, self.scrape),
            flag(KEY_SCRAPE_OWN, self.scrape_own),
            flag(KEY_HONOR_LABELS, self.honor_labels),
            flag(KEY_HONOR_TIMESTAMPS, self.honor_timestamps),
        ];
        results.iter().all(|ok| *ok)
    }
}
