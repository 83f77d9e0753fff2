//! Putting an example into a workbench, and putting the person's own input
//! back.
//!
//! Each workbench keeps its input its own way, and the gallery goes through
//! the same doors its "load example" paths use: the Metrics and Relabel
//! inputs live in the [`Workspace`] signals, the Operator files in the
//! [`OperatorInput`] signals (both in context); the Query and Rules
//! workbenches restore their state from `localStorage` when they mount, so
//! the gallery writes those keys while they are not mounted (it is itself
//! the page shown) and merges only the example's fields into what is there.
//!
//! Before an example replaces anything, the workbench's current input is
//! captured as an [`Input`] and kept as the [`Undo`] (in storage, so it
//! survives a reload) until the person restores or dismisses it.

use crate::browser;
use crate::operator::{ManifestFile, OperatorInput};
use crate::workspace::{FormatChoice, Workspace};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Where the undo is kept (never shared: see `share::document::PUT_ASIDE_KEYS`).
pub(crate) const KEY_UNDO: &str = "promplay.v1.gallery.undo";
/// The Rules workbench's storage key (`rules::state`).
const KEY_RULES: &str = "promplay.v1.rules";

/// A workbench's input, as the gallery puts it in or takes it out.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Input {
    /// The Metrics text and settings.
    Metrics {
        /// The exposition text.
        text: String,
        /// `auto`, `prometheus` or `openmetrics`.
        format: String,
        /// Strict mode.
        strict: bool,
    },
    /// A Query example (merged into the stored state).
    QueryExample {
        /// The query.
        expr: String,
        /// The graph range.
        range: String,
        /// The series in load notation.
        series: String,
    },
    /// A Rules example (merged into the stored state).
    RulesExample {
        /// The rule file.
        rules: String,
        /// The unit tests.
        tests: String,
        /// The Alertmanager configuration.
        alertmanager: String,
        /// The route tester's labels.
        route_labels: String,
        /// The inhibition check's alerts.
        inhibit_alerts: String,
    },
    /// A workbench's whole stored state, as it was (`None`: nothing stored).
    Stored {
        /// The storage key.
        key: String,
        /// Its value.
        value: Option<String>,
    },
    /// The Operator (and Targets) workbench's files.
    Operator {
        /// `(name, text)` of each file.
        files: Vec<(String, String)>,
    },
    /// The Relabel workbench's rules and label sets.
    Relabel {
        /// The rules text.
        rules: String,
        /// The label sets.
        labels: String,
        /// The job, for a prometheus.yml.
        job: String,
        /// Metric relabeling.
        metric: bool,
    },
}

/// The person's input an example replaced, and what replaced it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Undo {
    /// The workbench's slug.
    pub workbench: String,
    /// The example's title.
    pub title: String,
    /// The input before.
    pub previous: Input,
}

/// The pending undo, if any.
pub fn undo() -> Option<Undo> {
    browser::storage_get(KEY_UNDO).and_then(|json| serde_json::from_str(&json).ok())
}

/// Forgets the undo.
pub fn clear_undo() {
    browser::storage_set(KEY_UNDO, "");
}

/// The inputs the gallery writes into, taken from context when a component
/// is set up (event handlers and timers run outside of any context).
#[derive(Clone, Copy, Debug)]
pub struct Doors {
    workspace: Workspace,
    operator: OperatorInput,
}

impl Doors {
    /// The app's inputs (call while setting up a component).
    pub fn here() -> Doors {
        Doors { workspace: expect_context(), operator: expect_context() }
    }

    /// See [`apply`].
    pub fn apply(&self, input: &Input) {
        apply(*self, input);
    }

    /// See [`open`].
    pub fn open(&self, input: &Input, title: &str, workbench: crate::Workbench) {
        open(*self, input, title, workbench);
    }
}

/// The current input of the workbench `input` would go into, in the same shape.
fn capture(doors: Doors, input: &Input) -> Input {
    match input {
        Input::Metrics { .. } => {
            let m = doors.workspace.metrics;
            Input::Metrics {
                text: m.text.get_untracked(),
                format: m.format.get_untracked().as_str().to_owned(),
                strict: m.strict.get_untracked(),
            }
        }
        Input::QueryExample { .. } => stored(crate::query::state::KEY),
        Input::RulesExample { .. } => stored(KEY_RULES),
        Input::Stored { key, .. } => stored(key),
        Input::Operator { .. } => {
            let o = doors.operator;
            let files = o
                .files
                .with_untracked(|f| f.iter().map(|f| (f.name.clone(), f.text.clone())).collect());
            Input::Operator { files }
        }
        Input::Relabel { .. } => {
            let r = doors.workspace.relabel;
            Input::Relabel {
                rules: r.rules.get_untracked(),
                labels: r.labels.get_untracked(),
                job: r.job.get_untracked(),
                metric: r.metric.get_untracked(),
            }
        }
    }
}

fn stored(key: &str) -> Input {
    Input::Stored { key: key.to_owned(), value: browser::storage_get(key) }
}

/// Puts `input` into its workbench (which must not be mounted: a mounted
/// workbench would overwrite a stored state, and its editor keeps its text).
fn apply(doors: Doors, input: &Input) {
    match input {
        Input::Metrics { text, format, strict } => {
            let m = doors.workspace.metrics;
            m.text.set(text.clone());
            m.format.set(FormatChoice::from_str_or_auto(format));
            m.strict.set(*strict);
        }
        Input::QueryExample { expr, range, series } => merge(
            crate::query::state::KEY,
            &[
                ("expr", expr.as_str().into()),
                ("range", range.as_str().into()),
                ("series", series.as_str().into()),
                ("tab", "graph".into()),
                ("end", "".into()),
                ("step", "".into()),
                ("use_metrics", false.into()),
                ("scrapes", serde_json::Value::Array(Vec::new())),
            ],
        ),
        Input::RulesExample { rules, tests, alertmanager, route_labels, inhibit_alerts } => merge(
            KEY_RULES,
            &[
                ("rules", rules.as_str().into()),
                ("tests", tests.as_str().into()),
                ("alertmanager", alertmanager.as_str().into()),
                ("route_labels", route_labels.as_str().into()),
                ("inhibit_alerts", inhibit_alerts.as_str().into()),
            ],
        ),
        Input::Stored { key, value } => {
            // An empty value reads as "nothing saved": the workbench starts
            // from its default, as it did before.
            browser::storage_set(key, value.as_deref().unwrap_or_default());
        }
        Input::Operator { files } => {
            let o = doors.operator;
            o.files.set(
                files
                    .iter()
                    .map(|(name, text)| ManifestFile { name: name.clone(), text: text.clone() })
                    .collect(),
            );
            o.active.set(0);
            o.save();
        }
        Input::Relabel { rules, labels, job, metric } => {
            let r = doors.workspace.relabel;
            r.rules.set(rules.clone());
            r.labels.set(labels.clone());
            r.job.set(job.clone());
            r.metric.set(*metric);
            r.selected.set(0);
            r.step.set(None);
        }
    }
}

/// Sets `fields` in the JSON object stored under `key`, keeping the others.
fn merge(key: &str, fields: &[(&str, serde_json::Value)]) {
    let mut value = browser::storage_get(key)
        .and_then(|json| serde_json::from_str::<serde_json::Value>(&json).ok())
        .filter(serde_json::Value::is_object)
        .unwrap_or_else(|| serde_json::Value::Object(Default::default()));
    if let Some(object) = value.as_object_mut() {
        for (k, v) in fields {
            object.insert((*k).to_owned(), v.clone());
        }
    }
    browser::storage_set(key, &value.to_string());
}

/// Opens `input` (titled `title`) in `workbench`: keeps what it replaces as
/// the undo (unless it is the same), applies it and navigates there.
fn open(doors: Doors, input: &Input, title: &str, workbench: crate::Workbench) {
    let previous = capture(doors, input);
    let same = match (&previous, input) {
        (Input::Stored { .. }, _) => false,
        (a, b) => a == b,
    };
    if !same {
        let undo =
            Undo { workbench: workbench.slug().to_owned(), title: title.to_owned(), previous };
        // An undo that does not fit in storage (a previous input of
        // megabytes, storage nearly full) must not leave an older undo
        // behind, whose banner would offer the wrong input back.
        let kept =
            serde_json::to_string(&undo).is_ok_and(|json| browser::storage_set(KEY_UNDO, &json));
        if !kept {
            browser::storage_remove(KEY_UNDO);
        }
    }
    apply(doors, input);
    go(workbench);
}

/// Navigates to `workbench` (a history entry, so Back returns to the gallery).
pub fn go(workbench: crate::Workbench) {
    if let Some(window) = web_sys::window() {
        let _ = window.location().set_hash(&format!("/{}", workbench.slug()));
    }
}
