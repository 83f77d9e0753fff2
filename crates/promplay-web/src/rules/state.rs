//! The Rules workbench's inputs, autosaved to `localStorage` as one JSON
//! document (`promplay.v1.rules`) shortly after every change and when the
//! page is hidden, like the other workbenches.

use super::examples::EXAMPLES;
use crate::browser;
use leptos::leptos_dom::helpers::TimeoutHandle;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// The storage key of the saved state.
const KEY: &str = "promplay.v1.rules";
/// How long typing must pause before the state is saved.
const SAVE_DELAY: Duration = Duration::from_millis(300);

/// Which editor is in front.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// The rule file or PrometheusRule manifests.
    #[default]
    Rules,
    /// The promtool unit-test file.
    Tests,
    /// alertmanager.yaml, or Alertmanager manifests.
    Alertmanager,
}

/// Which result panel is in front.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum View {
    /// Alert timeline and recorded series.
    #[default]
    Timeline,
    /// promtool unit-test results.
    Tests,
    /// Routing tree, route tester and inhibition.
    Routing,
}

/// The saved form of [`RulesInput`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Saved {
    /// The rules text.
    pub rules: String,
    /// The unit-test text.
    pub tests: String,
    /// The Alertmanager text.
    pub alertmanager: String,
    /// The route tester's label set (`{severity="critical", job="api"}`).
    pub route_labels: String,
    /// Firing alerts for the inhibition check, one label set per line.
    pub inhibit_alerts: String,
    /// First evaluation as typed; empty for the start of the data.
    pub start: String,
    /// Last evaluation as typed; empty for the end of the data.
    pub end: String,
    /// The global evaluation interval as typed.
    pub interval: String,
    /// `--web.external-url`.
    pub external_url: String,
    /// The editor in front.
    pub source: Source,
    /// The result panel in front.
    pub view: View,
}

impl Default for Saved {
    fn default() -> Saved {
        let e = &EXAMPLES[0];
        Saved {
            rules: e.rules.to_owned(),
            tests: e.tests.to_owned(),
            alertmanager: e.alertmanager.to_owned(),
            route_labels: e.route_labels.to_owned(),
            inhibit_alerts: e.inhibit_alerts.to_owned(),
            start: String::new(),
            end: String::new(),
            interval: "1m".to_owned(),
            external_url: "http://localhost:9090".to_owned(),
            source: Source::Rules,
            view: View::Timeline,
        }
    }
}

/// Everything the Rules workbench's controls hold; cheap to copy.
#[derive(Clone, Copy, Debug)]
pub struct RulesInput {
    pub rules: RwSignal<String>,
    pub tests: RwSignal<String>,
    pub alertmanager: RwSignal<String>,
    pub route_labels: RwSignal<String>,
    pub inhibit_alerts: RwSignal<String>,
    pub start: RwSignal<String>,
    pub end: RwSignal<String>,
    pub interval: RwSignal<String>,
    pub external_url: RwSignal<String>,
    pub source: RwSignal<Source>,
    pub view: RwSignal<View>,
}

impl RulesInput {
    /// Signals holding `saved`.
    pub fn new(saved: Saved) -> RulesInput {
        RulesInput {
            rules: RwSignal::new(saved.rules),
            tests: RwSignal::new(saved.tests),
            alertmanager: RwSignal::new(saved.alertmanager),
            route_labels: RwSignal::new(saved.route_labels),
            inhibit_alerts: RwSignal::new(saved.inhibit_alerts),
            start: RwSignal::new(saved.start),
            end: RwSignal::new(saved.end),
            interval: RwSignal::new(saved.interval),
            external_url: RwSignal::new(saved.external_url),
            source: RwSignal::new(saved.source),
            view: RwSignal::new(saved.view),
        }
    }

    /// The saved state, or the first example on a first visit.
    pub fn restore() -> RulesInput {
        let saved = browser::storage_get(KEY)
            .and_then(|json| serde_json::from_str::<Saved>(&json).ok())
            .unwrap_or_default();
        RulesInput::new(saved)
    }

    /// The current state (tracked inside an effect).
    pub fn snapshot(&self) -> Saved {
        Saved {
            rules: self.rules.get(),
            tests: self.tests.get(),
            alertmanager: self.alertmanager.get(),
            route_labels: self.route_labels.get(),
            inhibit_alerts: self.inhibit_alerts.get(),
            start: self.start.get(),
            end: self.end.get(),
            interval: self.interval.get(),
            external_url: self.external_url.get(),
            source: self.source.get(),
            view: self.view.get(),
        }
    }

    /// Saves shortly after every change and at once when the page is
    /// hidden or the workbench is left. Call once inside the workbench.
    pub fn autosave(self) {
        let pending = StoredValue::new_local(None::<TimeoutHandle>);
        let save = move || {
            let saved = untrack(|| self.snapshot());
            if let Ok(json) = serde_json::to_string(&saved) {
                browser::storage_set(KEY, &json);
            }
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
            save();
        });
    }
}
