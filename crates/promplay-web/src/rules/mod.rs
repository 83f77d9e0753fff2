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
//! `promplay test rules` and `promplay am route` make.
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
mod timeline;
mod unittests;

use crate::analysis::{Analysis, Problem};
use crate::editor::{Editor, EditorHandle};
use crate::query::state as query_state;
use crate::query::time;
use leptos::prelude::*;
use promplay_diagnostics::{Diagnostic, LineIndex, Severity};
use promplay_pipeline::query::QueryData;
use promplay_pipeline::rules::{RulesEvalOptions, RulesOutcome, evaluate_rules};
use state::{RulesInput, Source, View};
use std::sync::Arc;

/// Lines of the series editor before any `load` header are this far apart
/// (the Query workbench's default).
const DEFAULT_INTERVAL_MS: i64 = 15_000;

/// The Query workbench's data, as it last saved it.
pub(crate) struct DataSet {
    data: QueryData,
    /// The time range of the samples.
    range: Option<(i64, i64)>,
    series: usize,
    problems: usize,
}

/// Loads the Query workbench's saved series and scrapes (its default
/// example on a first visit).
fn load_query_data(metrics_text: Option<String>) -> DataSet {
    let saved = crate::browser::storage_get(query_state::KEY)
        .and_then(|json| serde_json::from_str::<query_state::Saved>(&json).ok())
        .unwrap_or_default();
    let mut data = QueryData::new();
    let mut problems = data.add_series(&saved.series, DEFAULT_INTERVAL_MS).len();
    if saved.use_metrics
        && let Some(text) = metrics_text
    {
        problems += data.add_scrape(&text, time::parse_time(&saved.metrics_at).unwrap_or(0)).len();
    }
    for s in &saved.scrapes {
        problems += data.add_scrape(&s.text, time::parse_time(&s.at).unwrap_or(0)).len();
    }
    let range = data.time_range();
    let series = data.storage().series_count();
    DataSet { data, range, series, problems }
}

/// The evaluation on screen and the settings it used.
pub(crate) struct Evaluated {
    pub outcome: RulesOutcome,
    pub start: i64,
    pub end: i64,
    pub ms: f64,
    pub problem: Option<String>,
}

/// The Rules workbench.
#[component]
pub fn RulesWorkbench() -> impl IntoView {
    let input = RulesInput::restore();
    input.autosave();
    let metrics_text = use_context::<crate::Workspace>().map(|w| w.metrics.text.get_untracked());
    let data = StoredValue::new_local(load_query_data(metrics_text));

    let evaluated = Memo::new_with_compare(
        move |_| {
            let rules = input.rules.get();
            let (start_t, end_t, interval_t, url) = (
                input.start.get(),
                input.end.get(),
                input.interval.get(),
                input.external_url.get(),
            );
            data.with_value(|d| {
                let (lo, hi) = d.range.unwrap_or((0, 3_600_000));
                let mut problem = None;
                let mut parse = |text: &str, what: &str, default: i64| {
                    if text.trim().is_empty() {
                        return default;
                    }
                    time::parse_time(text).unwrap_or_else(|| {
                        problem = Some(format!(
                            "cannot read the {what} time {text:?}; using {}",
                            time::format_time(default)
                        ));
                        default
                    })
                };
                let start = parse(&start_t, "start", lo);
                let end = parse(&end_t, "end", hi).max(start);
                let mut options = RulesEvalOptions::range(start, end);
                match time::parse_duration(&interval_t) {
                    Some(ms) if ms > 0 => options.eval.default_interval_ms = ms,
                    _ => {
                        problem = Some(format!(
                            "cannot read the evaluation interval {interval_t:?}; using 1m"
                        ));
                    }
                }
                options.eval.external_url = url;
                let t0 = crate::browser::now_ms();
                let outcome = evaluate_rules(&d.data, &rules, &options);
                let ms = crate::browser::now_ms() - t0;
                Arc::new(Evaluated { outcome, start, end, ms, problem })
            })
        },
        |_, _| true,
    );

    let rules_handle = EditorHandle::new(input.rules);
    let tests_handle = EditorHandle::new(input.tests);
    let am_handle = EditorHandle::new(input.alertmanager);
    let rules_analysis = Memo::new_with_compare(
        move |_| {
            let text = input.rules.get();
            evaluated.with(|e| analysis(&text, e.outcome.diagnostics()))
        },
        |_, _| true,
    );
    let tests_report = Memo::new_with_compare(
        move |_| Arc::new(unittests::run(&input.tests.get(), &input.rules.get())),
        |_, _| true,
    );
    let tests_analysis = Memo::new_with_compare(
        move |_| {
            let text = input.tests.get();
            tests_report.with(|r| {
                analysis(
                    &text,
                    r.diagnostics.iter().filter(|(p, _)| p == unittests::TEST_PATH).map(|(_, d)| d),
                )
            })
        },
        |_, _| true,
    );
    let am = Memo::new_with_compare(
        move |_| Arc::new(routing::analyze(&input.alertmanager.get())),
        |_, _| true,
    );
    let am_analysis = Memo::new_with_compare(
        move |_| {
            let text = input.alertmanager.get();
            am.with(|a| analysis(&text, a.input_diagnostics.iter()))
        },
        |_, _| true,
    );

    let load_example = move |id: String| {
        let Some(e) = examples::EXAMPLES.iter().find(|e| e.id == id) else { return };
        rules_handle.load(e.rules, "example");
        tests_handle.load(e.tests, "example");
        am_handle.load(e.alertmanager, "example");
        input.rules.set(e.rules.to_owned());
        input.tests.set(e.tests.to_owned());
        input.alertmanager.set(e.alertmanager.to_owned());
        input.route_labels.set(e.route_labels.to_owned());
        input.inhibit_alerts.set(e.inhibit_alerts.to_owned());
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
    let data_note = data.with_value(|d| {
        let range = d.range.map_or("no samples".to_owned(), |(a, b)| {
            format!("{} to {}", time::format_time(a), time::format_time(b))
        });
        let problems = if d.problems > 0 {
            format!(", {} problem(s) — see the Query workbench", d.problems)
        } else {
            String::new()
        };
        format!("{} series, {range}{problems}", d.series)
    });

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
                        Source::Rules => view! { <Editor handle=rules_handle analysis=rules_analysis /> }.into_any(),
                        Source::Tests => view! { <Editor handle=tests_handle analysis=tests_analysis /> }.into_any(),
                        Source::Alertmanager => view! { <Editor handle=am_handle analysis=am_analysis /> }.into_any(),
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
                <div class="rules-view">
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

#[component]
fn Stats(evaluated: Memo<Arc<Evaluated>>) -> impl IntoView {
    move || {
        evaluated.with(|e| {
            let ev = &e.outcome.evaluation;
            let firing = ev
                .alerts
                .iter()
                .filter(|a| a.bands.iter().any(|b| b.state == promplay_pipeline::rules::AlertState::Firing))
                .count();
            let errors = e.outcome.diagnostics().filter(|d| d.severity == Severity::Error).count()
                + ev.rules.iter().map(|r| r.errors.len()).sum::<usize>();
            let groups = e.outcome.parsed.file.groups.len();
            let rules: usize = e.outcome.parsed.file.groups.iter().map(|g| g.rules.len()).sum();
            view! {
                <dl class="stats" data-testid="rules-stats" data-alerts=ev.alerts.len() data-produced=ev.produced.len() data-errors=errors>
                    <div class="stat"><dt>"groups / rules"</dt><dd>{groups}" / "{rules}</dd></div>
                    <div class="stat"><dt>"evaluations"</dt><dd>{ev.evaluations.len()}</dd></div>
                    <div class="stat"><dt>"alerts / fired"</dt><dd>{ev.alerts.len()}" / "{firing}</dd></div>
                    <div class="stat"><dt>"series written"</dt><dd>{ev.produced.len()}</dd></div>
                    <div class="stat" class:stat-errors=true class:nonzero=errors != 0><dt>"errors"</dt><dd>{errors}</dd></div>
                    <div class="stat"><dt>"took"</dt><dd>{format!("{:.0} ms", e.ms)}</dd></div>
                </dl>
            }
        })
    }
}

#[component]
fn ProblemList(
    evaluated: Memo<Arc<Evaluated>>,
    rules_handle: EditorHandle,
    input: RulesInput,
) -> impl IntoView {
    move || {
        evaluated.with(|e| {
            let text = input.rules.get_untracked();
            let index = LineIndex::new(&text);
            let mut items: Vec<AnyView> = Vec::new();
            if let Some(p) = &e.problem {
                items.push(view! { <li class="problem problem-warning" data-testid="rules-problem"><span class="message">{p.clone()}</span></li> }.into_any());
            }
            for d in e.outcome.diagnostics() {
                let span = d.labels.first().map(|l| l.span).unwrap_or_default();
                let at = index.line_col(&text, span.start);
                let (start, end) = (span.start, span.end);
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
            for r in &e.outcome.evaluation.rules {
                for run in &r.errors {
                    let msg = format!(
                        "rule {} failed {} time(s) from {} to {}: {}",
                        r.name,
                        run.count,
                        time::format_time(run.first),
                        time::format_time(run.last),
                        run.message
                    );
                    items.push(view! { <li class="problem problem-error" data-testid="rules-problem"><span class="message">{msg}</span></li> }.into_any());
                }
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
