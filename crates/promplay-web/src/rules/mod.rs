//! The Rules workbench (`#/rules`): recording and alerting rules, promtool
//! unit tests and an Alertmanager configuration side by side with the
//! Query workbench's data; out come the alert timeline (state bands per
//! alert, with labels and rendered annotations), the recorded series (which
//! can be sent to the Query workbench), unit-test results with got-versus-
//! expected diffs, and the routing tree with a route tester and an
//! inhibition check.
//!
//! Everything comes from `promplay_pipeline::rules` and
//! `promplay_pipeline::alertmanager`, the calls `promplay rules eval`,
//! `promplay test rules` and `promplay am route` make. They run in the
//! engine worker (`tasks.rs` defines the tasks and their views, `work.rs`
//! runs them), never on the page: a long evaluation does not freeze the
//! tab, a newer input cancels the run it supersedes, and the page's own
//! wasm does not link the engines. The previous result stays on screen
//! while a newer one is computed (`data-busy` on `rules-stats` and on the
//! result panel).
//!
//! DOM contract (for tests/e2e): `rules-example`, `rules-source-tab[data-source]`,
//! `rules-input`, `rules-stats` (`data-alerts`, `data-produced`, `data-errors`),
//! `rules-problem`, `rules-view-tab[data-view]`, `timeline-row[data-alert]`,
//! `timeline-band[data-state]`, `band-detail`, `produced-row`, `send-to-query`,
//! `test-group[data-passed]`, `test-diff`, `route-node[data-visit]`,
//! `route-labels`, `route-result`, `inhibit-alerts`, `inhibit-row[data-muted]`.

pub(crate) mod examples;
mod routing;
mod state;
pub(crate) mod tasks;
mod timeline;
mod unittests;
pub(crate) mod work;

use crate::analysis::{Analysis, Problem};
use crate::editing::Lang;
use crate::editor::{Editor, EditorHandle};
use crate::engine::{self, Latest};
use crate::query::state as query_state;
use crate::query::time;
use leptos::prelude::*;
use promplay_diagnostics::{Diagnostic, LineIndex, Severity};
use state::{RulesInput, Source, View};
use std::sync::Arc;
use tasks::{AnalyzeAlertmanager, BandState, DataSources, EvalRules, RulesView, RunUnitTests};

/// The Query workbench's data as it last saved it (its default example on
/// a first visit), as texts for the engine worker to load.
fn query_sources(metrics_text: Option<String>) -> DataSources {
    let saved = crate::browser::storage_get(query_state::KEY)
        .and_then(|json| serde_json::from_str::<query_state::Saved>(&json).ok())
        .unwrap_or_default();
    let mut scrapes = Vec::new();
    if saved.use_metrics
        && let Some(text) = metrics_text
    {
        scrapes.push((text, time::parse_time(&saved.metrics_at).unwrap_or(0)));
    }
    for s in saved.scrapes {
        let at = time::parse_time(&s.at).unwrap_or(0);
        scrapes.push((s.text, at));
    }
    DataSources { series: saved.series, scrapes }
}

/// The Rules workbench.
#[component]
pub fn RulesWorkbench() -> impl IntoView {
    let input = RulesInput::restore();
    input.autosave();
    let metrics_text = use_context::<crate::Workspace>().map(|w| w.metrics.text.get_untracked());
    let sources = StoredValue::new(query_sources(metrics_text));

    // The engines run in the engine worker: each task reruns when the
    // inputs it reads change, and a newer run supersedes (cancels) an older one.
    let evaluated = engine::latest(move || {
        Some(EvalRules {
            sources: sources.get_value(),
            rules: input.rules.get(),
            start: input.start.get(),
            end: input.end.get(),
            interval: input.interval.get(),
            external_url: input.external_url.get(),
        })
    });
    let tests_report = engine::latest(move || {
        Some(RunUnitTests { tests: input.tests.get(), rules: input.rules.get() })
    });
    let am = engine::latest(move || {
        Some(AnalyzeAlertmanager {
            text: input.alertmanager.get(),
            route_labels: input.route_labels.get(),
            inhibit_alerts: input.inhibit_alerts.get(),
        })
    });

    let rules_handle = EditorHandle::new(input.rules);
    let tests_handle = EditorHandle::new(input.tests);
    let am_handle = EditorHandle::new(input.alertmanager);
    // The editors' underlines: the newest result's diagnostics over the
    // text as it is now (spans are clamped while a newer run is under way).
    let rules_analysis = Memo::new_with_compare(
        move |_| {
            let text = input.rules.get();
            evaluated.output.with(|e| analysis(&text, e.iter().flat_map(|e| e.diagnostics.iter())))
        },
        |_, _| true,
    );
    let tests_analysis = Memo::new_with_compare(
        move |_| {
            let text = input.tests.get();
            tests_report
                .output
                .with(|r| analysis(&text, r.iter().flat_map(|r| r.diagnostics.iter())))
        },
        |_, _| true,
    );
    let am_analysis = Memo::new_with_compare(
        move |_| {
            let text = input.alertmanager.get();
            am.output.with(|a| analysis(&text, a.iter().flat_map(|a| a.input_diagnostics.iter())))
        },
        |_, _| true,
    );

    let load_example = move |id: String| {
        let Some(e) = examples::EXAMPLES.iter().find(|e| e.id == id) else { return };
        // Quickest first: the tasks queue in the order their inputs change,
        // so the routing and the unit tests are not kept waiting behind a
        // long rule evaluation.
        input.route_labels.set(e.route_labels.to_owned());
        input.inhibit_alerts.set(e.inhibit_alerts.to_owned());
        am_handle.load(e.alertmanager, "example");
        input.alertmanager.set(e.alertmanager.to_owned());
        tests_handle.load(e.tests, "example");
        input.tests.set(e.tests.to_owned());
        rules_handle.load(e.rules, "example");
        input.rules.set(e.rules.to_owned());
    };

    let source_tab = move |s: Source, label: &'static str| {
        view! {
            <button
                class="q-tab"
                class:active=move || input.source.get() == s
                data-testid="rules-source-tab"
                data-source=label
                on:click=move |_| input.source.set(s)
            >
                {label}
            </button>
        }
    };
    let view_tab = move |v: View, label: &'static str, id: &'static str| {
        view! {
            <button
                class="q-tab"
                class:active=move || input.view.get() == v
                data-testid="rules-view-tab"
                data-view=id
                on:click=move |_| input.view.set(v)
            >
                {label}
            </button>
        }
    };
    let data_note = move || {
        evaluated.output.with(|e| {
            let Some(d) = e.as_ref().map(|e| &e.data) else { return "loading…".to_owned() };
            let range = d.range.map_or("no samples".to_owned(), |(a, b)| {
                format!("{} to {}", time::format_time(a), time::format_time(b))
            });
            let problems = if d.problems > 0 {
                format!(", {} problem(s) — see the Query workbench", d.problems)
            } else {
                String::new()
            };
            format!("{} series, {range}{problems}", d.series)
        })
    };

    let view_busy = move || match input.view.get() {
        View::Timeline => evaluated.busy.get(),
        View::Tests => tests_report.busy.get(),
        View::Routing => am.busy.get(),
    };

    view! {
        <div class="workbench workbench-rules">
            <section class="pane editor-pane" aria-label="Rules, unit tests and Alertmanager configuration">
                <div class="toolbar">
                    <label class="field">
                        <span class="field-label">"Example"</span>
                        <select
                            data-testid="rules-example"
                            on:change=move |ev| load_example(event_target_value(&ev))
                        >
                            <option value="" selected>"Load an example…"</option>
                            {examples::EXAMPLES
                                .iter()
                                .map(|e| view! { <option value=e.id>{e.title}</option> })
                                .collect_view()}
                        </select>
                    </label>
                </div>
                <div class="q-tabs" role="tablist">
                    {source_tab(Source::Rules, "rules")}
                    {source_tab(Source::Tests, "unit tests")}
                    {source_tab(Source::Alertmanager, "alertmanager")}
                </div>
                <div class="rules-editor" data-testid="rules-input" data-source=move || format!("{:?}", input.source.get())>
                    {move || match input.source.get() {
                        Source::Rules => view! { <Editor handle=rules_handle analysis=rules_analysis lang=Lang::Yaml /> }.into_any(),
                        Source::Tests => view! { <Editor handle=tests_handle analysis=tests_analysis lang=Lang::Yaml /> }.into_any(),
                        Source::Alertmanager => view! { <Editor handle=am_handle analysis=am_analysis lang=Lang::Yaml /> }.into_any(),
                    }}
                </div>
            </section>
            <section class="pane results-pane" aria-label="Evaluation">
                <div class="toolbar rules-settings">
                    <span class="detected" title="The Query workbench's series and scrapes">
                        "Data: " {data_note} " · " <a href="#/query">"edit in Query"</a>
                    </span>
                    <label class="field">
                        <span class="field-label">"From"</span>
                        <input class="q-field short" placeholder="data start" prop:value=move || input.start.get() on:input=move |ev| input.start.set(event_target_value(&ev)) />
                    </label>
                    <label class="field">
                        <span class="field-label">"to"</span>
                        <input class="q-field short" placeholder="data end" prop:value=move || input.end.get() on:input=move |ev| input.end.set(event_target_value(&ev)) />
                    </label>
                    <label class="field" title="global.evaluation_interval: groups without their own interval use it">
                        <span class="field-label">"Interval"</span>
                        <input class="q-field short" prop:value=move || input.interval.get() on:input=move |ev| input.interval.set(event_target_value(&ev)) />
                    </label>
                    <label class="field" title="--web.external-url ($externalURL in templates)">
                        <span class="field-label">"External URL"</span>
                        <input class="q-field" prop:value=move || input.external_url.get() on:input=move |ev| input.external_url.set(event_target_value(&ev)) />
                    </label>
                </div>
                <Stats evaluated=evaluated />
                <ProblemList evaluated=evaluated rules_handle=rules_handle input=input />
                <div class="q-tabs" role="tablist">
                    {view_tab(View::Timeline, "Alert timeline", "timeline")}
                    {view_tab(View::Tests, "Unit tests", "tests")}
                    {view_tab(View::Routing, "Alertmanager routing", "routing")}
                </div>
                <div
                    class="rules-view"
                    data-busy=move || view_busy().to_string()
                    // A run that takes a while dims the previous result; a
                    // quick one (most keystrokes) never does.
                    style=move || if view_busy() { "opacity: 0.55; transition: opacity 0.2s 0.3s" } else { "" }
                >
                    {move || match input.view.get() {
                        View::Timeline => view! { <timeline::Timeline evaluated=evaluated /> }.into_any(),
                        View::Tests => view! { <unittests::Results report=tests_report input=input /> }.into_any(),
                        View::Routing => view! { <routing::Routing am=am input=input /> }.into_any(),
                    }}
                </div>
            </section>
        </div>
    }
}

/// The evaluation's numbers, once there is an evaluation; while a newer
/// one runs, a spinner beside the previous numbers.
#[component]
fn Stats(evaluated: Latest<RulesView>) -> impl IntoView {
    move || {
        let busy = evaluated.busy.get();
        let ms = evaluated.ms.get();
        evaluated.output.with(|e| {
            let Some(e) = e else {
                return view! {
                    <p class="q-status running" role="status">
                        <span class="spinner" aria-hidden="true"></span>"Evaluating the rules…"
                    </p>
                }
                .into_any();
            };
            let firing = e
                .alerts
                .iter()
                .filter(|a| a.bands.iter().any(|b| b.state == BandState::Firing))
                .count();
            let errors = e.diagnostics.iter().filter(|d| d.severity == Severity::Error).count()
                + e.rule_errors.len();
            let took = if busy {
                view! { <span class="spinner" aria-hidden="true" title="evaluating…"></span> }.into_any()
            } else {
                format!("{ms:.0} ms").into_any()
            };
            view! {
                <dl class="stats" data-testid="rules-stats" data-alerts=e.alerts.len() data-produced=e.produced.len() data-errors=errors data-busy=busy.to_string()>
                    <div class="stat"><dt>"groups / rules"</dt><dd>{e.groups}" / "{e.rules}</dd></div>
                    <div class="stat"><dt>"evaluations"</dt><dd>{e.evaluations}</dd></div>
                    <div class="stat"><dt>"alerts / fired"</dt><dd>{e.alerts.len()}" / "{firing}</dd></div>
                    <div class="stat"><dt>"series written"</dt><dd>{e.produced.len()}</dd></div>
                    <div class="stat" class:stat-errors=true class:nonzero=errors != 0><dt>"errors"</dt><dd>{errors}</dd></div>
                    <div class="stat" title="round trip to the engine worker"><dt>"took"</dt><dd>{took}</dd></div>
                </dl>
            }
            .into_any()
        })
    }
}

#[component]
fn ProblemList(
    evaluated: Latest<RulesView>,
    rules_handle: EditorHandle,
    input: RulesInput,
) -> impl IntoView {
    move || {
        let failure = evaluated.error.get();
        evaluated.output.with(|e| {
            let text = input.rules.get_untracked();
            let index = LineIndex::new(&text);
            let mut items: Vec<AnyView> = Vec::new();
            if let Some(f) = failure {
                items.push(view! { <li class="problem problem-error" data-testid="rules-problem"><span class="message">{format!("the rules could not be evaluated: {f}")}</span></li> }.into_any());
            }
            let Some(e) = e else {
                return (!items.is_empty()).then(|| view! { <ul class="problems rules-problems">{items}</ul> });
            };
            if let Some(p) = &e.problem {
                items.push(view! { <li class="problem problem-warning" data-testid="rules-problem"><span class="message">{p.clone()}</span></li> }.into_any());
            }
            let len = text.len() as u32;
            for d in &e.diagnostics {
                let span = d.labels.first().map(|l| l.span).unwrap_or_default();
                let (start, end) = (span.start.min(len), span.end.min(len));
                let at = index.line_col(&text, start);
                let sev = if d.severity == Severity::Error { "error" } else { "warning" };
                items.push(
                    view! {
                        <li class=format!("problem problem-{sev}") data-testid="rules-problem">
                            <button class="problem-jump" on:click=move |_| { input.source.set(Source::Rules); rules_handle.reveal(start, end); }>
                                <span class=format!("severity-badge severity-{sev}")>{sev}</span>
                                <span class="position">{format!("{}:{}", at.line, at.col)}</span>
                                <span class="message">{d.message.clone()}</span>
                            </button>
                        </li>
                    }
                    .into_any(),
                );
            }
            for msg in &e.rule_errors {
                items.push(view! { <li class="problem problem-error" data-testid="rules-problem"><span class="message">{msg.clone()}</span></li> }.into_any());
            }
            (!items.is_empty()).then(|| view! { <ul class="problems rules-problems">{items}</ul> })
        })
    }
}

/// An editor [`Analysis`] (underlines, line numbers) for `text` and its diagnostics.
fn analysis<'a>(text: &str, diagnostics: impl Iterator<Item = &'a Diagnostic>) -> Arc<Analysis> {
    let lines = LineIndex::new(text);
    let len = text.len() as u32;
    let problems: Vec<Problem> = diagnostics
        .filter(|d| d.severity != Severity::Info)
        .map(|d| {
            let span = d.labels.first().map(|l| l.span).unwrap_or_default();
            let (start, end) = (span.start.min(len), span.end.min(len));
            let at = lines.line_col(text, start);
            Problem {
                is_error: d.severity == Severity::Error,
                code: d.code,
                message: d.message.clone(),
                note: d.labels.first().map(|l| l.message.clone()).filter(|m| !m.is_empty()),
                help: d.help.clone(),
                start,
                end,
                line: at.line,
                col: at.col,
            }
        })
        .collect();
    let errors = problems.iter().filter(|p| p.is_error).count();
    let warnings = problems.len() - errors;
    Arc::new(Analysis {
        text: Arc::from(text),
        lines,
        format: None,
        families: Vec::new(),
        problems,
        samples: 0,
        errors,
        warnings,
        parse_ms: 0.0,
    })
}
