//! The Query workbench's inputs, kept in `localStorage` and in the URL hash.
//!
//! Everything typed lives in one [`QueryInput`] of signals. It is saved as
//! one JSON document under `promplay.v1.query` shortly after every change and
//! when the page is hidden; the query and the graph range are also written
//! into the URL hash (`#/query?expr=…&range=1h`), without a history entry,
//! so a link shows the same query. On load the stored state comes first and
//! the hash's parts override it: a shared link wins, and the stored series
//! editor and scrapes (too large for a URL) stay.

use super::dom;
use super::examples::DEFAULT;
use crate::browser;
use crate::percent::{decode, encode};
use leptos::leptos_dom::helpers::TimeoutHandle;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// The storage key of the saved state.
pub(crate) const KEY: &str = "promplay.v1.query";
/// How long typing must pause before the state is saved.
const SAVE_DELAY: Duration = Duration::from_millis(300);

/// Which view shows the result.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tab {
    /// An instant query, shown as a table.
    #[default]
    Table,
    /// A range query, drawn as a graph.
    Graph,
    /// The query as a tree, every node evaluated on its own.
    Explain,
}

impl Tab {
    /// The hash and storage form.
    pub fn as_str(self) -> &'static str {
        match self {
            Tab::Table => "table",
            Tab::Graph => "graph",
            Tab::Explain => "explain",
        }
    }
}

/// One extra scrape: exposition text and the time it was taken at (as typed).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scrape {
    /// The exposition text.
    pub text: String,
    /// The scrape time as typed (see `time::parse_time`).
    pub at: String,
}

/// The saved form of [`QueryInput`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Saved {
    /// The query text.
    pub expr: String,
    /// The active view.
    pub tab: Tab,
    /// Graph range as typed (`1h`).
    pub range: String,
    /// Graph end / table evaluation time as typed; empty means "end of the data".
    pub end: String,
    /// Step as typed; empty means automatic.
    pub step: String,
    /// Whether the graph stacks its series.
    pub stacked: bool,
    /// Series in load notation.
    pub series: String,
    /// Whether the Metrics workbench's text is loaded as a scrape.
    pub use_metrics: bool,
    /// When that scrape was taken, as typed.
    pub metrics_at: String,
    /// Further scrapes.
    pub scrapes: Vec<Scrape>,
    /// Whether scrapes' classic histograms are also loaded as native
    /// histograms with custom buckets (Prometheus' `convert_classic_histograms_to_nhcb`).
    pub classic_to_nhcb: bool,
}

impl Default for Saved {
    fn default() -> Saved {
        Saved {
            expr: DEFAULT.expr.to_owned(),
            tab: Tab::Graph,
            range: DEFAULT.range.to_owned(),
            end: String::new(),
            step: String::new(),
            stacked: false,
            series: DEFAULT.series.to_owned(),
            use_metrics: false,
            metrics_at: "1h".to_owned(),
            scrapes: Vec::new(),
            classic_to_nhcb: false,
        }
    }
}

/// Everything the Query workbench's controls hold; cheap to copy.
#[derive(Clone, Copy, Debug)]
pub struct QueryInput {
    /// The query text.
    pub expr: RwSignal<String>,
    /// The active view.
    pub tab: RwSignal<Tab>,
    /// Graph range as typed.
    pub range: RwSignal<String>,
    /// End / evaluation time as typed; empty for "end of the data".
    pub end: RwSignal<String>,
    /// Step as typed; empty for automatic.
    pub step: RwSignal<String>,
    /// Stacked graph.
    pub stacked: RwSignal<bool>,
    /// Series in load notation.
    pub series: RwSignal<String>,
    /// Load the Metrics workbench's text as a scrape.
    pub use_metrics: RwSignal<bool>,
    /// Its scrape time as typed.
    pub metrics_at: RwSignal<String>,
    /// Further scrapes.
    pub scrapes: RwSignal<Vec<Scrape>>,
    /// Scrapes' classic histograms also as native ones (NHCB).
    pub classic_to_nhcb: RwSignal<bool>,
}

impl QueryInput {
    /// Signals holding `saved`.
    pub fn new(saved: Saved) -> QueryInput {
        QueryInput {
            expr: RwSignal::new(saved.expr),
            tab: RwSignal::new(saved.tab),
            range: RwSignal::new(saved.range),
            end: RwSignal::new(saved.end),
            step: RwSignal::new(saved.step),
            stacked: RwSignal::new(saved.stacked),
            series: RwSignal::new(saved.series),
            use_metrics: RwSignal::new(saved.use_metrics),
            metrics_at: RwSignal::new(saved.metrics_at),
            scrapes: RwSignal::new(saved.scrapes),
            classic_to_nhcb: RwSignal::new(saved.classic_to_nhcb),
        }
    }

    /// The state saved in `localStorage` (or the default example), with the
    /// URL hash's query parameters applied on top.
    pub fn restore() -> QueryInput {
        let mut saved = browser::storage_get(KEY)
            .and_then(|json| serde_json::from_str::<Saved>(&json).ok())
            .unwrap_or_default();
        if let Some(hash) = browser::current_hash() {
            apply_hash(&mut saved, &hash);
        }
        QueryInput::new(saved)
    }

    /// The current state (tracked when called inside an effect).
    pub fn snapshot(&self) -> Saved {
        Saved {
            expr: self.expr.get(),
            tab: self.tab.get(),
            range: self.range.get(),
            end: self.end.get(),
            step: self.step.get(),
            stacked: self.stacked.get(),
            series: self.series.get(),
            use_metrics: self.use_metrics.get(),
            metrics_at: self.metrics_at.get(),
            scrapes: self.scrapes.get(),
            classic_to_nhcb: self.classic_to_nhcb.get(),
        }
    }

    /// Saves to `localStorage` and the URL hash shortly after every change,
    /// and at once when the page is hidden. Call once inside the workbench.
    pub fn autosave(self) {
        let pending = StoredValue::new_local(None::<TimeoutHandle>);
        let save = move || {
            let saved = self.snapshot_untracked();
            if let Ok(json) = serde_json::to_string(&saved) {
                browser::storage_set(KEY, &json);
            }
            dom::replace_hash_quietly(&hash_for(&saved));
        };
        Effect::new(move |first: Option<()>| {
            let _ = self.snapshot();
            if first.is_none() {
                return;
            }
            if let Some(handle) = pending.try_update_value(Option::take).flatten() {
                handle.clear();
            }
            pending.set_value(set_timeout_with_handle(save, SAVE_DELAY).ok());
        });
        let listener = window_event_listener_untyped("pagehide", move |_| save());
        on_cleanup(move || {
            listener.remove();
            // A save still waiting would read disposed signals.
            if let Some(handle) = pending.try_update_value(Option::take).flatten() {
                handle.clear();
            }
            // Leaving the workbench (another nav tab) saves what is pending,
            // to storage only: the hash now belongs to the next workbench.
            if let Ok(json) = serde_json::to_string(&self.snapshot_untracked()) {
                browser::storage_set(KEY, &json);
            }
        });
    }

    fn snapshot_untracked(&self) -> Saved {
        untrack(|| self.snapshot())
    }
}

/// The URL hash for `saved`: the workbench, the query and the view settings.
pub fn hash_for(saved: &Saved) -> String {
    let mut hash = format!("#/query?expr={}&tab={}", encode(&saved.expr), saved.tab.as_str());
    for (key, value) in [("range", &saved.range), ("end", &saved.end), ("step", &saved.step)] {
        if !value.is_empty() {
            hash.push_str(&format!("&{key}={}", encode(value)));
        }
    }
    hash
}

/// Applies the parameters of a `#/query?…` hash to `saved`.
pub fn apply_hash(saved: &mut Saved, hash: &str) {
    let Some((_, params)) = hash.split_once('?') else { return };
    for pair in params.split('&') {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let value = decode(value);
        match key {
            "expr" => saved.expr = value,
            "tab" => {
                saved.tab = match value.as_ref() {
                    "table" => Tab::Table,
                    "explain" => Tab::Explain,
                    _ => Tab::Graph,
                }
            }
            "range" => saved.range = value,
            "end" => saved.end = value,
            "step" => saved.step = value,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_round_trip() {
        let saved = Saved {
            expr: "sum by (job) (rate(x{a=\"b c\"}[5m])) / 2 + é".into(),
            range: "6h".into(),
            end: "2026-01-01T00:00:00Z".into(),
            ..Saved::default()
        };
        let hash = hash_for(&saved);
        assert!(!hash.contains(' ') && !hash.contains('"'), "{hash}");
        let mut back = Saved::default();
        apply_hash(&mut back, &hash);
        assert_eq!(back.expr, saved.expr);
        assert_eq!(back.range, "6h");
        assert_eq!(back.end, saved.end);
        assert_eq!(back.tab, Tab::Graph);
        assert_eq!(decode("a%2"), "a%2");
        assert_eq!(decode("%zz+1"), "%zz 1");
    }
}
