//! The Operator workbench: Kubernetes manifests (several files, pasted,
//! opened or dropped) in; for every Prometheus its prometheus.yaml, rule
//! files and selection report, for every Alertmanager its
//! alertmanager.yaml, and every diagnostic with a jump to its line, out.
//! Everything comes from `promplay_pipeline::operator`, the same call
//! `promplay compile` makes, run in the engine worker ([`task`]); the page
//! keeps the previous result on screen while a newer one compiles.
//!
//! DOM contract (for tests/e2e): `operator-input`, `operator-example`,
//! `operator-open`, `operator-file-tab[data-name]`, `operator-file-select` (more
//! than six files), `operator-storage-full`, `operator-prometheus-version`,
//! `operator-alertmanager-version`, `operator-options`, `operator-stats`
//! (`data-compile-ms`, `data-objects`, `data-ignored`, `data-errors`,
//! `data-warnings`, `data-busy`; shown once the first compilation is in),
//! `operator-engine-error`, `operator-problem[data-file][data-start][data-end][data-severity]`,
//! `operator-prometheus[data-name]` / `operator-alertmanager[data-name]` with
//! `operator-config`, `operator-copy`, `operator-download`, `operator-rule-file`,
//! `selection-row[data-selected]`.

pub(crate) mod examples;
mod highlight;
mod output;
pub(crate) mod state;
pub(crate) mod task;

use leptos::html::Textarea;
use leptos::prelude::*;
use promplay_diagnostics::LineIndex;
use web_sys::{DragEvent, HtmlInputElement};

use crate::browser;
use crate::engine::{self, Latest};
pub use state::{ManifestFile, OperatorInput};
use task::CompileOutput;

/// The newest compilation from the engine worker (the previous one stays
/// while a newer one runs).
pub(crate) type Compiled = Latest<CompileOutput>;

/// The files of the default scenario.
pub fn default_files() -> Vec<ManifestFile> {
    scenario_files(&examples::SCENARIOS[0])
}

/// The files of the example scenario `id` (`example-app`, `zero-targets`, …).
#[cfg(test)]
pub(crate) fn scenario(id: &str) -> Option<Vec<ManifestFile>> {
    examples::find(id).map(scenario_files)
}

fn scenario_files(s: &examples::Scenario) -> Vec<ManifestFile> {
    s.files
        .iter()
        .map(|(n, t)| ManifestFile { name: (*n).to_owned(), text: (*t).to_owned() })
        .collect()
}

/// The Operator workbench.
#[component]
pub fn OperatorWorkbench(input: OperatorInput) -> impl IntoView {
    let textarea = NodeRef::<Textarea>::new();
    let compiled: Compiled = engine::latest(move || Some(input.task()));
    let options_problem = Signal::derive(move || {
        compiled.output.with(|o| o.as_ref().and_then(|o| o.options_problem.clone()))
    });
    // Save shortly after changes.
    Effect::new(move |first: Option<()>| {
        input.files.track();
        input.prometheus_version.track();
        input.alertmanager_version.track();
        input.options_text.track();
        if first.is_some() {
            input.save();
        }
    });
    // Selecting a span after switching files waits for the new text.
    let pending_select = RwSignal::new(None::<(u32, u32)>);
    Effect::new(move |_| {
        let Some((start, end)) = pending_select.get() else { return };
        input.active.track();
        let Some(el) = textarea.get() else { return };
        let text = el.value();
        select_in(&el, &text, start, end);
        pending_select.set(None);
    });
    let jump = move |file: usize, start: u32, end: u32| {
        if input.active.get_untracked() != file {
            input.active.set(file);
        }
        pending_select.set(Some((start, end)));
    };

    view! {
        <div class="workbench workbench-operator">
            <section class="pane editor-pane" aria-label="Manifests">
                <Toolbar input=input options_problem=options_problem />
                <FileTabs input=input />
                <ManifestEditor input=input textarea=textarea />
            </section>
            <section class="pane results-pane" aria-label="Generated configuration">
                <EngineError error=compiled.error />
                <Stats compiled=compiled />
                <ProblemList compiled=compiled input=input jump=jump />
                <output::Outputs compiled=compiled />
            </section>
        </div>
    }
}

/// Why the engine worker gave no result (it could not start or crashed);
/// the last result stays below it.
#[component]
pub(crate) fn EngineError(error: RwSignal<Option<String>>) -> impl IntoView {
    move || {
        error.get().map(|e| {
            view! {
                <p class="notice error" role="alert" data-testid="operator-engine-error">
                    {format!("The analysis stopped: {e}. Edit the manifests to try again.")}
                </p>
            }
        })
    }
}

/// Reads every file, then adds them all at once, so opening a whole folder
/// of manifests compiles once, not once per file.
fn read_all(files: web_sys::FileList, input: OperatorInput) {
    use std::cell::RefCell;
    use std::rc::Rc;
    let total = files.length() as usize;
    type Slots = Rc<RefCell<Vec<Option<(String, String)>>>>;
    let done: Slots = Rc::new(RefCell::new(vec![None; total]));
    for i in 0..total {
        let Some(file) = files.get(i as u32) else { continue };
        let done = Rc::clone(&done);
        browser::read_text_file(file, move |name, text| {
            let mut slots = done.borrow_mut();
            slots[i] = Some((name, text));
            if slots.iter().all(Option::is_some) {
                input.add_files(slots.drain(..).flatten().collect());
            }
        });
    }
}

/// Selects bytes `start..end` of `text` in the textarea and scrolls there.
pub(crate) fn select_in(el: &web_sys::HtmlTextAreaElement, text: &str, start: u32, end: u32) {
    let index = LineIndex::new(text);
    let line = index.line_col(text, start).line;
    let _ = el.focus();
    let _ = el.set_selection_range(
        LineIndex::utf16_offset(text, start),
        LineIndex::utf16_offset(text, end),
    );
    let top = (f64::from(line.saturating_sub(1)) * crate::editor::line_height_px()
        - f64::from(el.client_height()) / 3.0)
        .max(0.0);
    el.set_scroll_top(top as i32);
}

#[component]
pub(crate) fn Toolbar(
    input: OperatorInput,
    options_problem: Signal<Option<String>>,
) -> impl IntoView {
    let on_example = move |ev| {
        if let Some(s) = examples::find(&event_target_value(&ev)) {
            input.files.set(scenario_files(s));
            input.active.set(0);
        }
    };
    let current = move || {
        input.files.with(|files| {
            examples::SCENARIOS
                .iter()
                .find(|s| {
                    s.files.len() == files.len()
                        && s.files.iter().zip(files).all(|((n, t), f)| *n == f.name && *t == f.text)
                })
                .map(|s| s.id)
        })
    };
    let on_files = move |ev: web_sys::Event| {
        let Some(el) =
            ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<HtmlInputElement>(t).ok())
        else {
            return;
        };
        if let Some(files) = el.files() {
            read_all(files, input);
        }
        el.set_value("");
    };
    const VERSIONS: &[&str] =
        &["v3.13.2", "v3.5.0", "v3.0.0", "v2.55.1", "v2.45.0", "v2.37.0", "v2.26.0"];
    const AM_VERSIONS: &[&str] = &["v0.33.1", "v0.28.1", "v0.27.0", "v0.25.0", "v0.22.2"];
    view! {
        <div class="toolbar" role="toolbar" aria-label="Manifests and operator options">
            <label class="field">
                <span class="field-label">"Example"</span>
                <select data-testid="operator-example" on:change=on_example>
                    <option value="" disabled=true prop:selected=move || current().is_none()>"Your manifests"</option>
                    {examples::SCENARIOS
                        .iter()
                        .map(|s| view! { <option value=s.id prop:selected=move || current() == Some(s.id)>{s.title}</option> })
                        .collect_view()}
                </select>
            </label>
            <label class="button file-button" title="Open manifests (several files at once), or drop them onto the editor">
                "Open files…"
                <input type="file" multiple=true class="visually-hidden" data-testid="operator-open" accept=".yaml,.yml,.json" on:change=on_files />
            </label>
            <label class="field" title="The Prometheus version the operator uses when spec.version is empty">
                <span class="field-label">"Default Prometheus"</span>
                <select data-testid="operator-prometheus-version" on:change=move |ev| input.prometheus_version.set(event_target_value(&ev))>
                    {VERSIONS.iter().map(|v| view! { <option value=*v prop:selected=move || input.prometheus_version.get() == *v>{*v}</option> }).collect_view()}
                </select>
            </label>
            <label class="field" title="The Alertmanager version the operator uses when spec.version is empty">
                <span class="field-label">"Default Alertmanager"</span>
                <select data-testid="operator-alertmanager-version" on:change=move |ev| input.alertmanager_version.set(event_target_value(&ev))>
                    {AM_VERSIONS.iter().map(|v| view! { <option value=*v prop:selected=move || input.alertmanager_version.get() == *v>{*v}</option> }).collect_view()}
                </select>
            </label>
            <details class="operator-options">
                <summary>"Operator options"</summary>
                <textarea
                    data-testid="operator-options"
                    aria-label="Operator options, one flag a line (name=value)"
                    rows="3"
                    spellcheck="false"
                    placeholder="feature-gates=PrometheusShardRetentionPolicy=true\nnamespaces=monitoring,default\ndeny-namespaces=kube-system"
                    prop:value=move || input.options_text.get()
                    on:input=move |ev| input.options_text.set(event_target_value(&ev))
                ></textarea>
                {move || options_problem.get().map(|p| view! { <p class="notice error" role="alert">{p}</p> })}
            </details>
        </div>
    }
}

#[component]
pub(crate) fn FileTabs(input: OperatorInput) -> impl IntoView {
    let add = move |_| {
        let n = input.files.with_untracked(Vec::len) + 1;
        input.add_file(format!("manifests-{n}.yaml"), String::new());
    };
    // With many files (all of kube-prometheus is 85) the tab strip scrolls;
    // the picker lists them all, and the active tab is scrolled into view
    // whichever way it was chosen (picker, problem link, added file).
    let strip = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        input.active.track();
        input.files.with(|_| {});
        set_timeout(move || scroll_active_tab_into_view(strip), std::time::Duration::ZERO);
    });
    let picker = move || {
        let names: Vec<String> =
            input.files.with(|files| files.iter().map(|f| f.name.clone()).collect());
        let total = names.len();
        (total > MANY_FILES).then(|| {
            let options = names
                .into_iter()
                .enumerate()
                .map(|(i, name)| {
                    view! { <option value=i.to_string() prop:selected=move || input.active.get() == i>{name}</option> }
                })
                .collect_view();
            view! {
                <label class="field file-picker">
                    <span class="field-label">"File"</span>
                    <select
                        data-testid="operator-file-select"
                        on:change=move |ev| {
                            if let Ok(i) = event_target_value(&ev).parse::<usize>() {
                                input.active.set(i);
                            }
                        }
                    >
                        {options}
                    </select>
                    <span class="file-picker-count">{move || format!("{} of {total}", input.active.get() + 1)}</span>
                </label>
            }
        })
    };
    view! {
        {picker}
        <div class="file-tabs" role="tablist" aria-label="Manifest files" node_ref=strip>
            {move || {
                input
                    .files
                    .with(|files| files.iter().map(|f| f.name.clone()).collect::<Vec<_>>())
                    .into_iter()
                    .enumerate()
                    .map(|(i, name)| {
                        let selected = move || input.active.get() == i;
                        view! {
                            <span class="file-tab" class:active=selected>
                                <button
                                    role="tab"
                                    data-testid="operator-file-tab"
                                    data-name=name.clone()
                                    aria-selected=move || selected().to_string()
                                    on:click=move |_| input.active.set(i)
                                >
                                    {name.clone()}
                                </button>
                                <button class="file-close" title=format!("Close {name}") aria-label=format!("Close {name}") on:click=move |_| input.remove_file(i)>"×"</button>
                            </span>
                        }
                    })
                    .collect_view()
            }}
            <button class="file-add" title="Add an empty file" on:click=add>"+"</button>
        </div>
        {move || input.storage_full.get().then(|| view! {
            <p class="notice storage-full" role="alert" data-testid="operator-storage-full">
                "These manifests are too large for the browser's storage: a reload would bring back "
                "earlier files. Keep a copy (Share / workspace → Export workspace)."
            </p>
        })}
    }
}

/// Above this many files the workbench adds a picker to the tab strip.
const MANY_FILES: usize = 6;

/// Scrolls the tab strip so that the active tab is visible.
fn scroll_active_tab_into_view(strip: NodeRef<leptos::html::Div>) {
    let Some(strip) = strip.get_untracked() else { return };
    let Ok(Some(tab)) = strip.query_selector(".file-tab.active") else { return };
    let (outer, inner) = (strip.get_bounding_client_rect(), tab.get_bounding_client_rect());
    let before = inner.left() - outer.left();
    let after = inner.right() - outer.right();
    if before < 0.0 {
        strip.set_scroll_left(strip.scroll_left() + before as i32 - 8);
    } else if after > 0.0 {
        strip.set_scroll_left(strip.scroll_left() + after as i32 + 8);
    }
}

#[component]
pub(crate) fn ManifestEditor(input: OperatorInput, textarea: NodeRef<Textarea>) -> impl IntoView {
    let dragging = RwSignal::new(false);
    let text = Memo::new(move |_| {
        let at = input.active.get();
        input.files.with(|f| f.get(at).map(|f| f.text.clone()).unwrap_or_default())
    });
    let on_drop = move |ev: DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        if let Some(files) = ev.data_transfer().and_then(|dt| dt.files()) {
            read_all(files, input);
        }
    };
    view! {
        <div
            class="editor operator-editor"
            class:dragging=move || dragging.get()
            on:dragover=move |ev: DragEvent| {
                ev.prevent_default();
                dragging.set(true);
            }
            on:dragleave=move |_| dragging.set(false)
            on:drop=on_drop
        >
            <textarea
                class="editor-input operator-input"
                data-testid="operator-input"
                aria-label="Kubernetes manifests (YAML or JSON)"
                spellcheck="false"
                autocomplete="off"
                autocapitalize="off"
                wrap="off"
                node_ref=textarea
                prop:value=move || text.get()
                on:input=move |ev| input.set_active_text(event_target_value(&ev))
                on:keydown=move |ev| {
                    crate::editing::keydown(&ev, crate::editing::Lang::Yaml);
                }
                aria-keyshortcuts="Tab Shift+Tab Control+/"
                aria-describedby=crate::keys::EDITOR_HELP_ID
            ></textarea>
            <div class="editor-drop-hint" aria-hidden="true">"Drop manifests to add them"</div>
        </div>
    }
}

#[component]
fn Stats(compiled: Compiled) -> impl IntoView {
    let out = compiled.output;
    let get = move |f: fn(&CompileOutput) -> usize| out.with(|o| o.as_deref().map_or(0, f));
    let busy = move || compiled.busy.get();
    let stats = move || {
        view! {
            <dl
                class="stats"
                data-testid="operator-stats"
                data-compile-ms=move || format!("{:.3}", compiled.ms.get())
                data-objects=move || get(|o| o.objects).to_string()
                data-ignored=move || get(|o| o.ignored.len()).to_string()
                data-errors=move || get(|o| o.errors).to_string()
                data-warnings=move || get(|o| o.warnings).to_string()
                data-busy=move || busy().to_string()
            >
                <div class="stat"><dt>"Objects"</dt><dd>{move || get(|o| o.objects)}</dd></div>
                <div class="stat"><dt>"Ignored"</dt><dd>{move || get(|o| o.ignored.len())}</dd></div>
                <div class="stat stat-errors" class:nonzero=move || get(|o| o.errors) != 0>
                    <dt>"Errors"</dt><dd>{move || get(|o| o.errors)}</dd>
                </div>
                <div class="stat stat-warnings" class:nonzero=move || get(|o| o.warnings) != 0>
                    <dt>"Warnings"</dt><dd>{move || get(|o| o.warnings)}</dd>
                </div>
                <div class="stat" role="status">
                    <dt>"Compiled in"</dt>
                    <dd>{move || if busy() { "compiling…".to_owned() } else { format!("{:.1} ms", compiled.ms.get()) }}</dd>
                </div>
            </dl>
        }
    };
    view! {
        <Show when=move || out.with(Option::is_some) fallback=|| view! { <p class="notice" role="status">"Compiling the manifests…"</p> }>
            {stats}
        </Show>
    }
}

#[component]
fn ProblemList(
    compiled: Compiled,
    input: OperatorInput,
    jump: impl Fn(usize, u32, u32) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let items = move || {
        let names: Vec<String> = input.files.with(|f| f.iter().map(|f| f.name.clone()).collect());
        let several = names.len() > 1;
        compiled.output.with(|o| {
            o.iter()
                .flat_map(|o| &o.problems)
                .map(|p| {
                    let span = p.span;
                    let severity = p.severity.as_str();
                    let file = p.file;
                    let position = format!("{}:{}", p.line, p.col);
                    let file_name = several.then(|| names.get(file).cloned().unwrap_or_default());
                    let message = p.message.clone();
                    let help = p.help.clone();
                    let code = p.code.clone();
                    view! {
                        <li
                            class=format!("problem {severity}")
                            data-testid="operator-problem"
                            data-severity=severity
                            data-file=file.to_string()
                            data-start=span.start.to_string()
                            data-end=span.end.to_string()
                        >
                            <button class="problem-jump" title="Show this place in the manifests" on:click=move |_| jump(file, span.start, span.end)>
                                <span class="severity-badge">{severity}</span>
                                <span class="position">{position}</span>
                                <span class="message">
                                    {file_name.map(|f| view! { <span class="problem-file">{f}</span> })}
                                    {message}
                                </span>
                                <code class="code">{code}</code>
                            </button>
                            {help.map(|h| view! { <p class="problem-help">"help: " {h}</p> })}
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let total = move || compiled.output.with(|o| o.as_ref().map_or(0, |o| o.problems.len()));
    let done = move || compiled.output.with(Option::is_some);
    view! {
        <section class="panel problems-panel" aria-labelledby="operator-problems-heading">
            <h2 id="operator-problems-heading" class="panel-title">"Problems " <span class="count">{total}</span></h2>
            <Show when=move || done() && total() == 0>
                <p class="empty-note ok">"No problems: the API server would accept these manifests."</p>
            </Show>
            <ol class="problems" data-testid="operator-problems">{items}</ol>
        </section>
    }
}
