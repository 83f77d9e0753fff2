//! The workspace: everything a person typed or chose, shared by the workbenches.
//!
//! One [`Workspace`] value is created by the app and handed to each
//! workbench; a new workbench adds its own input struct as a field. The
//! workspace is what survives a reload: [`Workspace::autosave`] writes it to
//! `localStorage` shortly after each change and once more when the page is
//! hidden, so the last keystrokes before closing a tab are not lost.

use crate::browser;
use crate::examples::DEFAULT_EXAMPLE;
use leptos::leptos_dom::helpers::TimeoutHandle;
use leptos::prelude::*;
use promplay_pipeline::exposition::{Format, ParseOptions, Strictness};
use std::time::Duration;

/// How long typing must pause before the workspace is written to storage.
const AUTOSAVE_DELAY: Duration = Duration::from_millis(400);

/// Storage keys, versioned so a future layout change can migrate or ignore them.
pub(crate) const KEY_METRICS_TEXT: &str = "promplay.v1.metrics.text";
const KEY_METRICS_FORMAT: &str = "promplay.v1.metrics.format";
const KEY_METRICS_STRICT: &str = "promplay.v1.metrics.strict";

/// The state of every workbench; cheap to copy (it holds signals).
#[derive(Clone, Copy, Debug)]
pub struct Workspace {
    /// The Metrics workbench's input and settings.
    pub metrics: MetricsInput,
    /// The Relabel workbench's rules, label sets and settings.
    pub relabel: crate::relabel::RelabelInput,
    /// Set when the last save did not fit into `localStorage`, so the page
    /// can say that a reload would bring back an older text.
    pub storage_full: RwSignal<bool>,
}

/// What the Metrics workbench analyzes: the exposition text and how to parse it.
#[derive(Clone, Copy, Debug)]
pub struct MetricsInput {
    /// The editor's text, exactly as typed.
    pub text: RwSignal<String>,
    /// Which format to parse the text as.
    pub format: RwSignal<FormatChoice>,
    /// Whether to enforce the specifications to the letter.
    pub strict: RwSignal<bool>,
}

/// The format select's choices.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FormatChoice {
    /// Detect the format from the text.
    #[default]
    Auto,
    /// The Prometheus text format 0.0.4.
    Prometheus,
    /// OpenMetrics 1.0.
    OpenMetrics,
}

impl FormatChoice {
    /// Every choice, in select order.
    pub const ALL: [FormatChoice; 3] =
        [FormatChoice::Auto, FormatChoice::Prometheus, FormatChoice::OpenMetrics];

    /// The select option value (and the stored form).
    pub fn as_str(self) -> &'static str {
        match self {
            FormatChoice::Auto => "auto",
            FormatChoice::Prometheus => "prometheus",
            FormatChoice::OpenMetrics => "openmetrics",
        }
    }

    /// The option label.
    pub fn label(self) -> &'static str {
        match self {
            FormatChoice::Auto => "Auto-detect",
            FormatChoice::Prometheus => "Prometheus text 0.0.4",
            FormatChoice::OpenMetrics => "OpenMetrics 1.0",
        }
    }

    /// Parses an option value; unknown values fall back to `Auto`.
    pub fn from_str_or_auto(value: &str) -> FormatChoice {
        FormatChoice::ALL.into_iter().find(|c| c.as_str() == value).unwrap_or_default()
    }

    /// The parser's `format` option.
    pub fn format(self) -> Option<Format> {
        match self {
            FormatChoice::Auto => None,
            FormatChoice::Prometheus => Some(Format::Prometheus),
            FormatChoice::OpenMetrics => Some(Format::OpenMetrics),
        }
    }
}

impl MetricsInput {
    /// An input holding `text` with default settings (auto-detect, lenient).
    pub fn new(text: impl Into<String>) -> MetricsInput {
        MetricsInput {
            text: RwSignal::new(text.into()),
            format: RwSignal::new(FormatChoice::Auto),
            strict: RwSignal::new(false),
        }
    }

    /// The parse options the current settings stand for (tracked).
    pub fn options(&self) -> ParseOptions {
        let strictness =
            if self.strict.get() { Strictness::Strict } else { Strictness::Prometheus };
        ParseOptions::new(self.format.get().format(), strictness)
    }
}

impl Workspace {
    /// A workspace that lives only in memory, for tests and embedding.
    pub fn in_memory(metrics_text: impl Into<String>) -> Workspace {
        Workspace {
            metrics: MetricsInput::new(metrics_text),
            relabel: crate::relabel::RelabelInput::new("", ""),
            storage_full: RwSignal::new(false),
        }
    }

    /// The workspace saved in `localStorage`, or the default example on a first visit.
    pub fn restore() -> Workspace {
        let text = browser::storage_get(KEY_METRICS_TEXT)
            .unwrap_or_else(|| DEFAULT_EXAMPLE.text.to_owned());
        let mut workspace = Workspace::in_memory(text);
        workspace.relabel = crate::relabel::RelabelInput::restore();
        if let Some(format) = browser::storage_get(KEY_METRICS_FORMAT) {
            workspace.metrics.format.set(FormatChoice::from_str_or_auto(&format));
        }
        if let Some(strict) = browser::storage_get(KEY_METRICS_STRICT) {
            workspace.metrics.strict.set(strict == "true");
        }
        workspace
    }

    /// Writes the workspace to `localStorage` now. Returns whether every
    /// value fit (a multi-megabyte text can exceed the storage quota).
    pub fn save(&self) -> bool {
        let m = &self.metrics;
        let settings = browser::storage_set(KEY_METRICS_FORMAT, m.format.get_untracked().as_str())
            && browser::storage_set(KEY_METRICS_STRICT, &m.strict.get_untracked().to_string());
        let text = m.text.with_untracked(|t| browser::storage_set(KEY_METRICS_TEXT, t));
        let relabel = self.relabel.save();
        self.storage_full.set(!text || !relabel);
        settings && text && relabel
    }

    /// Saves the workspace after every change (debounced) and when the page
    /// is hidden or closed. Call once, inside the app's reactive owner.
    pub fn autosave(self) {
        let pending = StoredValue::new_local(None::<TimeoutHandle>);
        Effect::new(move |first: Option<()>| {
            // Track every persisted signal; cloning the text is avoided.
            self.metrics.text.track();
            self.metrics.format.track();
            self.metrics.strict.track();
            self.relabel.track();
            if first.is_none() {
                return;
            }
            if let Some(handle) = pending.try_update_value(Option::take).flatten() {
                handle.clear();
            }
            let handle = set_timeout_with_handle(
                move || {
                    // A text that does not fit is reported through
                    // `storage_full`; it stays in the editor meanwhile.
                    let _ = self.save();
                },
                AUTOSAVE_DELAY,
            )
            .ok();
            pending.set_value(handle);
        });
        let listener = window_event_listener_untyped("pagehide", move |_| {
            let _ = self.save();
        });
        on_cleanup(move || {
            listener.remove();
            if let Some(handle) = pending.try_update_value(Option::take).flatten() {
                handle.clear();
            }
        });
    }
}
