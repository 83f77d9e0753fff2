//! The Metrics workbench: exposition text in, families, problems and counts out.
//!
//! The analysis re-runs on every edit. Small inputs are analyzed at once;
//! inputs above [`DEBOUNCE_ABOVE_BYTES`] wait for a short pause in typing, so
//! a multi-megabyte paste stays editable while the results catch up;
//! Ctrl+Enter (⌘Enter) in the editor analyzes at once.

use crate::analysis::Analysis;
use crate::browser;
use crate::editor::{Editor, EditorHandle};
use crate::examples::{self, EXAMPLES};
use crate::families::Families;
use crate::problems::Problems;
use crate::workspace::{FormatChoice, MetricsInput, Workspace};
use leptos::leptos_dom::helpers::TimeoutHandle;
use leptos::prelude::*;
use promplay_pipeline::exposition::Format;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use web_sys::HtmlInputElement;

/// Inputs larger than this are analyzed after a pause in typing.
const DEBOUNCE_ABOVE_BYTES: usize = 256 * 1024;
/// The pause for large inputs.
const DEBOUNCE: Duration = Duration::from_millis(250);

/// The Metrics workbench, bound to the workspace's metrics input.
#[component]
pub fn MetricsWorkbench(input: MetricsInput) -> impl IntoView {
    let editor = EditorHandle::new(input.text);
    // Outside the app (in tests) there is no persisted workspace.
    let storage_full = use_context::<Workspace>().map(|w| w.storage_full);
    let storage_warning = move || {
        storage_full.is_some_and(|full| full.get()).then(|| {
            view! {
                <p class="notice storage-full" role="alert">
                    "This text is too large for the browser's storage: a reload would bring back an earlier text. Keep a copy in a file."
                </p>
            }
        })
    };
    let expanded = RwSignal::new(HashMap::<String, usize>::new());

    // The text the results are computed from: the editor's text, immediately
    // for small inputs and after a pause for large ones.
    let source: RwSignal<Arc<str>> =
        RwSignal::new(input.text.with_untracked(|t| Arc::from(t.as_str())));
    let pending = StoredValue::new(None::<TimeoutHandle>);
    on_cleanup(move || {
        if let Some(handle) = pending.try_update_value(Option::take).flatten() {
            handle.clear();
        }
    });
    Effect::new(move |first: Option<()>| {
        let large = input.text.with(|t| t.len() > DEBOUNCE_ABOVE_BYTES);
        if first.is_none() {
            return;
        }
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        let update = move || {
            pending.try_update_value(|p| *p = None);
            source.set(input.text.with_untracked(|t| Arc::from(t.as_str())));
        };
        if large {
            pending.set_value(set_timeout_with_handle(update, DEBOUNCE).ok());
        } else {
            update();
        }
    });

    // Ctrl+Enter: skip the pause.
    let analyze_now = move || {
        if let Some(handle) = pending.try_update_value(Option::take).flatten() {
            handle.clear();
            source.set(input.text.with_untracked(|t| Arc::from(t.as_str())));
        }
    };

    let analysis = Memo::new_with_compare(
        move |_| {
            let text = source.get();
            let options = input.options();
            expanded.with(|e| Arc::new(Analysis::compute(text, &options, e, browser::now_ms)))
        },
        // Every run is a new result; comparing two analyses would cost as
        // much as rendering them.
        |_, _| true,
    );

    view! {
        <div class="workbench workbench-metrics">
            <section
                class="pane editor-pane"
                aria-label="Input"
                on:keydown=move |ev: web_sys::KeyboardEvent| {
                    if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
                        ev.prevent_default();
                        analyze_now();
                    }
                }
            >
                <Toolbar input=input editor=editor analysis=analysis />
                <Editor handle=editor analysis=analysis />
                {storage_warning}
                <p class="notice" role="status">{move || editor.notice.get()}</p>
            </section>
            <section class="pane results-pane" aria-label="Results">
                <Stats analysis=analysis />
                <Problems analysis=analysis editor=editor strict=input.strict />
                <Families analysis=analysis expanded=expanded editor=editor />
            </section>
        </div>
    }
}

/// Examples picker, file opener, format select and strict toggle.
#[component]
fn Toolbar(
    input: MetricsInput,
    editor: EditorHandle,
    analysis: Memo<Arc<Analysis>>,
) -> impl IntoView {
    let current_example =
        Memo::new(move |_| input.text.with(|t| examples::find_by_text(t).map(|e| e.id)));
    let on_example = move |ev| {
        if let Some(example) = examples::find_by_id(&event_target_value(&ev)) {
            editor.load(example.text, &format!("the example “{}”", example.title));
        }
    };
    let on_file = move |ev: web_sys::Event| {
        let Some(el) =
            ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<HtmlInputElement>(t).ok())
        else {
            return;
        };
        if let Some(file) = el.files().and_then(|f| f.get(0)) {
            browser::read_text_file(file, move |name, text| {
                editor.load(&text, &format!("“{name}”"));
            });
        }
        // Clearing the value lets the same file be opened again after edits.
        el.set_value("");
    };

    // With auto-detection on, say what was detected, next to the choice.
    let detected = move || {
        (input.format.get() == FormatChoice::Auto).then(|| {
            let name = match analysis.with(|a| a.format) {
                Some(Format::OpenMetrics) => "OpenMetrics",
                Some(Format::Prometheus) | None => "Prometheus text",
            };
            view! { <span class="detected" data-testid="detected-format">"detected: " {name}</span> }
        })
    };

    view! {
        <div class="toolbar" role="toolbar" aria-label="Input options">
            <label class="field">
                <span class="field-label">"Example"</span>
                <select data-testid="example-select" on:change=on_example>
                    <option value="" disabled=true prop:selected=move || current_example.get().is_none()>
                        "Your text"
                    </option>
                    {EXAMPLES
                        .iter()
                        .map(|e| {
                            view! {
                                <option value=e.id prop:selected=move || current_example.get() == Some(e.id)>
                                    {e.title}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <label class="button file-button" title="Open a text file (or drop one onto the editor)">
                "Open file…"
                <input
                    type="file"
                    class="visually-hidden"
                    data-testid="open-file"
                    accept=".prom,.txt,.metrics,.om,text/plain"
                    on:change=on_file
                />
            </label>
            <label class="field">
                <span class="field-label">"Format"</span>
                <select
                    data-testid="format-select"
                    on:change=move |ev| input.format.set(FormatChoice::from_str_or_auto(&event_target_value(&ev)))
                >
                    {FormatChoice::ALL
                        .into_iter()
                        .map(|c| {
                            view! {
                                <option value=c.as_str() prop:selected=move || input.format.get() == c>
                                    {c.label()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
                {detected}
            </label>
            <label class="toggle" title="Enforce the specifications to the letter instead of what Prometheus accepts">
                <input
                    type="checkbox"
                    data-testid="strict-toggle"
                    prop:checked=move || input.strict.get()
                    on:change=move |ev| input.strict.set(event_target_checked(&ev))
                />
                <span>"Strict"</span>
            </label>
        </div>
    }
}

/// The counts line: families, samples, problems, size and parse time.
#[component]
fn Stats(analysis: Memo<Arc<Analysis>>) -> impl IntoView {
    let a = move || analysis.get();
    view! {
        <dl
            class="stats"
            data-testid="stats"
            data-parse-ms=move || format!("{:.3}", a().parse_ms)
            data-bytes=move || a().text.len().to_string()
            data-families=move || a().families.len().to_string()
            data-samples=move || a().samples.to_string()
            data-errors=move || a().errors.to_string()
            data-warnings=move || a().warnings.to_string()
        >
            <div class="stat">
                <dt>"Families"</dt>
                <dd>{move || group_digits(a().families.len())}</dd>
            </div>
            <div class="stat">
                <dt>"Samples"</dt>
                <dd>{move || group_digits(a().samples)}</dd>
            </div>
            <div class="stat stat-errors" class:nonzero=move || a().errors != 0>
                <dt>"Errors"</dt>
                <dd>{move || group_digits(a().errors)}</dd>
            </div>
            <div class="stat stat-warnings" class:nonzero=move || a().warnings != 0>
                <dt>"Warnings"</dt>
                <dd>{move || group_digits(a().warnings)}</dd>
            </div>
            <div class="stat">
                <dt>"Size"</dt>
                <dd>{move || format_bytes(a().text.len())}</dd>
            </div>
            <div class="stat">
                <dt>"Parse"</dt>
                <dd>{move || format!("{:.1} ms", a().parse_ms)}</dd>
            </div>
        </dl>
    }
}

/// `10584` → `10,584`, so large counts read at a glance.
fn group_digits(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `1234567` → `1.2 MB` (decimal units, as file managers show them).
fn format_bytes(n: usize) -> String {
    match n {
        0..1_000 => format!("{n} B"),
        1_000..1_000_000 => format!("{:.1} kB", n as f64 / 1e3),
        _ => format!("{:.1} MB", n as f64 / 1e6),
    }
}
