//! The Query workbench (`#/query`): a PromQL editor, the data it runs on,
//! and the result as a table (instant query) or a graph (range query).
//!
//! Evaluation never runs on the page's thread: a web worker (the
//! `promplay-query-worker` binary, see [`host`]) holds the loaded data and
//! evaluates; the page sends it JSON requests through [`client`] and shows
//! the answers. A running query can be cancelled, which terminates the
//! worker and starts a fresh one. The query runs by itself shortly after
//! typing stops, after a change of the data or the view, and on Ctrl+Enter.

mod backend;
mod chart;
pub(crate) mod client;
mod complete;
mod data;
mod dom;
mod editor;
pub(crate) mod examples;
mod explain;
mod graph;
mod heatmap;
pub mod host;
mod protocol;
pub(crate) mod state;
mod syntax;
mod table;
pub(crate) mod time;

use client::WorkerClient;
use data::DataPanel;
use editor::{Mark, QueryEditor};
use graph::{Graph, GraphData};
use leptos::leptos_dom::helpers::{IntervalHandle, TimeoutHandle};
use leptos::prelude::*;
use protocol::{
    DataMeta, Explanation, Mode, Outcome, Request, Response, Source, SourceProblem, WireValue,
};
use state::{QueryInput, Tab};
use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;
use table::Table;

/// How long typing must pause before the query runs by itself.
const AUTO_RUN_DELAY: Duration = Duration::from_millis(350);
/// How long edits of the data must pause before it is reloaded.
const RELOAD_DELAY: Duration = Duration::from_millis(300);

/// The query that is running.
#[derive(Clone, Debug, PartialEq)]
struct Running {
    id: u64,
    started_ms: f64,
}

/// A result on screen and what produced it.
#[derive(Clone, Debug, PartialEq)]
struct Shown {
    expr: String,
    mode: Mode,
    outcome: Arc<Outcome>,
}

/// What the data panel shows about the loaded data.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Loaded {
    /// The generation these belong to.
    pub generation: u64,
    /// Problems per source, in source order.
    pub problems: Vec<Vec<SourceProblem>>,
    /// The summary.
    pub meta: DataMeta,
}

/// The Query workbench.
#[component]
pub fn QueryWorkbench() -> impl IntoView {
    let input = QueryInput::restore();
    input.autosave();
    let metrics_text = use_context::<crate::Workspace>().map(|w| w.metrics.text);

    let loaded = RwSignal::new(Loaded::default());
    let running = RwSignal::new(None::<Running>);
    let shown = RwSignal::new(None::<Shown>);
    // The Explain view's tree and the span of its selected node.
    let explained = RwSignal::new(None::<Arc<Explanation>>);
    let focus = RwSignal::new(None::<(u32, u32)>);
    // The worker's syntax check of the query: the text checked and its marks.
    let checked = RwSignal::new(None::<(String, Vec<Mark>)>);
    let failure = RwSignal::new(None::<String>);
    let cancelled = RwSignal::new(false);
    let now = RwSignal::new(0.0f64);
    let hidden = RwSignal::new(HashSet::<String>::new());
    let zoom_stack = RwSignal::new(Vec::<(String, String)>::new());
    let next_id = StoredValue::new(0u64);
    let generation = StoredValue::new(0u64);
    let ticker = StoredValue::new(None::<IntervalHandle>);

    // The worker's answers arrive here.
    let client = StoredValue::new_local(None::<WorkerClient>);
    let stop_ticker = move || {
        if let Some(h) = ticker.try_update_value(Option::take).flatten() {
            h.clear();
        }
    };
    let on_response = move |response: Response| match response {
        Response::Loaded { generation: g, problems, meta } => {
            if g == generation.get_value() {
                loaded.set(Loaded { generation: g, problems, meta });
            }
        }
        Response::Result { id, outcome } => {
            let Some(r) = running.get_untracked() else { return };
            if r.id != id {
                return;
            }
            let request = pending_request(id);
            running.set(None);
            stop_ticker();
            if let Some((expr, mode)) = request {
                shown.set(Some(Shown { expr, mode, outcome: Arc::new(*outcome) }));
            }
        }
        Response::Explained { id, explanation } => {
            if running.get_untracked().is_none_or(|r| r.id != id) {
                return;
            }
            running.set(None);
            stop_ticker();
            explained.set(Some(Arc::from(explanation)));
        }
        Response::Checked { expr, marks, .. } => {
            if input.expr.with_untracked(|e| *e == expr) {
                checked.set(Some((expr, marks)));
            }
        }
        Response::Ready => {}
    };
    let on_failure = move |message: String| {
        let was_running = running.get_untracked().is_some();
        failure.set(Some(if was_running {
            format!("{message}. This is a bug in promplay; the evaluator was restarted.")
        } else {
            message
        }));
        running.set(None);
        stop_ticker();
        // A worker that crashed mid-query cannot be trusted with the next one.
        // Restart it outside its own error handler (which the restart drops);
        // a worker that never started is not retried in a loop.
        if !was_running {
            return;
        }
        set_timeout(
            move || {
                client.with_value(|c| {
                    if let Some(c) = c {
                        c.restart();
                    }
                });
            },
            Duration::ZERO,
        );
    };
    client.set_value(Some(WorkerClient::start(on_response, on_failure)));
    on_cleanup(move || {
        client.with_value(|c| {
            if let Some(c) = c {
                c.stop();
            }
        });
    });
    let send = move |request: &Request| {
        client.with_value(|c| {
            if let Some(c) = c {
                c.send(request);
            }
        });
    };

    // Every edit of the query is checked by the worker's parser (the page
    // itself only lexes, for colours).
    let check = move || {
        let expr = input.expr.get_untracked();
        let id = next_id.get_value() + 1;
        next_id.set_value(id);
        send(&Request::Check { id, expr });
    };
    Effect::new(move |_| {
        input.expr.track();
        check();
    });

    // The sources, reloaded into the worker after every change.
    let sources = Memo::new(move |_| {
        let mut out = Vec::new();
        let nhcb = input.classic_to_nhcb.get();
        let series = input.series.get();
        out.push(Source::Series { text: series });
        if input.use_metrics.get()
            && let Some(text) = metrics_text
        {
            let t_ms = time::parse_time(&input.metrics_at.get()).unwrap_or(0);
            out.push(Source::Scrape { text: text.get(), t_ms, classic_to_nhcb: nhcb });
        }
        for s in input.scrapes.get() {
            out.push(Source::Scrape {
                t_ms: time::parse_time(&s.at).unwrap_or(0),
                text: s.text,
                classic_to_nhcb: nhcb,
            });
        }
        out
    });
    let reload_pending = StoredValue::new(None::<TimeoutHandle>);
    let load = move |sources: Vec<Source>| {
        let g = generation.get_value() + 1;
        generation.set_value(g);
        send(&Request::Load { generation: g, sources });
    };
    Effect::new(move |first: Option<()>| {
        let sources = sources.get();
        if first.is_none() {
            load(sources);
            return;
        }
        if let Some(h) = reload_pending.get_value() {
            h.clear();
        }
        let reload = move || {
            reload_pending.try_update_value(|p| *p = None);
            load(sources);
        };
        reload_pending.set_value(set_timeout_with_handle(reload, RELOAD_DELAY).ok());
    });
    // Ctrl+Enter does not wait for a pause in the edits of the data: it
    // loads them now, and the query runs as soon as they are loaded.
    let run_when_loaded = StoredValue::new(false);
    let load_now = move || -> bool {
        let Some(h) = reload_pending.try_update_value(Option::take).flatten() else { return false };
        h.clear();
        load(sources.get_untracked());
        run_when_loaded.set_value(true);
        true
    };

    // Resolves the controls into a mode; an error names the bad control.
    let data_end = move || loaded.with(|l| l.meta.max_t.unwrap_or(0));
    let resolve = move || -> Result<Mode, String> {
        let end_text = input.end.get();
        let end = if end_text.trim().is_empty() {
            data_end()
        } else {
            time::parse_time(&end_text).ok_or_else(|| {
                format!("“{end_text}” is not a time: use 2026-01-02T15:04:05Z, Unix seconds or an offset such as 1h")
            })?
        };
        match input.tab.get() {
            Tab::Table | Tab::Explain => Ok(Mode::Instant { t_ms: end }),
            Tab::Graph => {
                let range_text = input.range.get();
                let range = time::parse_duration(&range_text)
                    .filter(|&r| r > 0)
                    .ok_or_else(|| format!("“{range_text}” is not a duration such as 1h or 30m"))?;
                let step_text = input.step.get();
                let step = if step_text.trim().is_empty() {
                    time::auto_step(range)
                } else {
                    time::parse_duration(&step_text)
                        .filter(|&s| s > 0)
                        .ok_or_else(|| format!("“{step_text}” is not a step such as 15s"))?
                };
                Ok(Mode::Range { start_ms: end - range, end_ms: end, step_ms: step })
            }
        }
    };
    let control_error = Memo::new(move |_| resolve().err());

    // What was last sent, so that the automatic run skips a query that has
    // already run on the same data.
    let last_sent = StoredValue::new(None::<(String, Mode, u64, Tab)>);
    let auto_pending = StoredValue::new(None::<TimeoutHandle>);
    // Timers still waiting when the workbench is left would run on disposed
    // signals (a panic): clear them.
    on_cleanup(move || {
        for pending in [reload_pending, auto_pending] {
            if let Some(h) = pending.try_update_value(Option::take).flatten() {
                h.clear();
            }
        }
    });
    let run_with = move |explicit: bool| {
        if let Some(h) = auto_pending.try_update_value(Option::take).flatten() {
            h.clear();
        }
        let Ok(mode) = untrack(resolve) else { return };
        let expr = input.expr.get_untracked();
        if expr.trim().is_empty() {
            return;
        }
        let tab = input.tab.get_untracked();
        let key = (expr.clone(), mode, loaded.with_untracked(|l| l.generation), tab);
        if !explicit && last_sent.with_value(|l| l.as_ref() == Some(&key)) {
            return;
        }
        last_sent.set_value(Some(key));
        if running.get_untracked().is_some() {
            // A new query replaces the one still running.
            client.with_value(|c| {
                if let Some(c) = c {
                    c.restart();
                }
            });
        }
        let id = next_id.get_value() + 1;
        next_id.set_value(id);
        remember_request(id, expr.clone(), mode);
        failure.set(None);
        cancelled.set(false);
        running.set(Some(Running { id, started_ms: crate::browser::now_ms() }));
        now.set(crate::browser::now_ms());
        stop_ticker();
        ticker.set_value(
            set_interval_with_handle(
                move || now.set(crate::browser::now_ms()),
                Duration::from_millis(100),
            )
            .ok(),
        );
        if tab == Tab::Explain {
            send(&Request::Explain { id, expr, mode });
        } else {
            send(&Request::Eval { id, expr, mode });
        }
    };
    let run = move || {
        if !load_now() {
            run_with(true);
        }
    };
    let cancel = move || {
        if running.get_untracked().is_none() {
            return;
        }
        client.with_value(|c| {
            if let Some(c) = c {
                c.restart();
            }
        });
        running.set(None);
        stop_ticker();
        cancelled.set(true);
    };

    // Run once the worker has loaded the data (the default end is the end
    // of the data), and again after every edit of the query, the data or the view.
    Effect::new(move |_| {
        input.expr.track();
        input.tab.track();
        let _ = resolve();
        let current = loaded.with(|l| l.generation);
        if current == 0 {
            return;
        }
        if current == generation.get_value() && run_when_loaded.get_value() {
            run_when_loaded.set_value(false);
            run_with(true);
            return;
        }
        if let Some(h) = auto_pending.get_value() {
            h.clear();
        }
        // Half-typed queries that do not parse are not sent; a query not yet
        // checked waits for its check (which re-runs this effect).
        let parses = checked.with(|c| {
            c.as_ref().is_some_and(|(e, marks)| {
                input.expr.with_untracked(|x| x == e) && marks.iter().all(|m| !m.is_error)
            })
        });
        if parses {
            auto_pending
                .set_value(set_timeout_with_handle(move || run_with(false), AUTO_RUN_DELAY).ok());
        }
    });

    // Marks in the editor: parse errors as typed, else the shown result's
    // error and annotations while the query is unchanged.
    let marks = Signal::derive(move || {
        let expr = input.expr.get();
        let mut marks = checked.with(|c| match c {
            Some((e, marks)) if *e == expr => marks.clone(),
            _ => Vec::new(),
        });
        if marks.is_empty()
            && let Some(s) = shown.get().filter(|s| s.expr == expr)
        {
            if let Err(f) = &s.outcome.result
                && let Some((start, end)) = f.span
            {
                marks.push(Mark { start, end, is_error: true, message: f.message.clone() });
            }
            for a in &s.outcome.annotations {
                if let Some((start, end)) = a.span {
                    marks.push(Mark { start, end, is_error: false, message: a.message.clone() });
                }
            }
        }
        marks
    });
    let meta = Signal::derive(move || loaded.with(|l| l.meta.clone()));
    // The selected explain node's text is highlighted while its tree is on screen.
    let focus_span = Signal::derive(move || {
        let current = input.tab.get() == Tab::Explain
            && explained.with(|e| e.as_ref().is_some_and(|e| input.expr.with(|x| *x == e.query)));
        if current { focus.get() } else { None }
    });
    let on_apply = Callback::new(move |query: String| input.expr.set(query));

    let on_zoom = Callback::new(move |(t0, t1): (i64, i64)| {
        zoom_stack.update(|z| z.push((input.range.get_untracked(), input.end.get_untracked())));
        input.range.set(time::format_duration(t1 - t0));
        input.end.set(time::format_time(t1));
        input.step.set(String::new());
    });
    let reset_zoom = move |_| {
        if let Some((range, end)) = zoom_stack.try_update(Vec::pop).flatten() {
            input.range.set(range);
            input.end.set(end);
        }
    };

    view! {
        <div class="workbench workbench-query">
            <section class="pane q-main" aria-label="Query">
                <div class="q-bar">
                    <QueryEditor text=input.expr marks=marks focus=focus_span meta=meta on_run=Callback::new(move |_| run()) />
                    <div class="q-actions">
                        {move || {
                            if running.get().is_some() {
                                view! {
                                    <button type="button" class="button primary danger" data-testid="cancel-query" on:click=move |_| cancel()>
                                        "Cancel"
                                    </button>
                                }
                                    .into_any()
                            } else {
                                view! {
                                    <button type="button" class="button primary" data-testid="run-query" title="Run (Ctrl+Enter)" on:click=move |_| run()>
                                        "Run"
                                    </button>
                                }
                                    .into_any()
                            }
                        }}
                    </div>
                </div>
                <div class="q-controls" role="toolbar" aria-label="View">
                    <div class="q-tabs" role="tablist">
                        {[Tab::Table, Tab::Graph, Tab::Explain]
                            .into_iter()
                            .map(|tab| {
                                view! {
                                    <button
                                        type="button"
                                        role="tab"
                                        class="q-tab"
                                        data-testid=format!("tab-{}", tab.as_str())
                                        class:active=move || input.tab.get() == tab
                                        aria-selected=move || (input.tab.get() == tab).to_string()
                                        on:click=move |_| input.tab.set(tab)
                                    >
                                        {match tab {
                                            Tab::Table => "Table",
                                            Tab::Graph => "Graph",
                                            Tab::Explain => "Explain",
                                        }}
                                    </button>
                                }
                            })
                            .collect_view()}
                    </div>
                    <Controls input=input data_end=Signal::derive(data_end) />
                    {move || (!zoom_stack.with(Vec::is_empty) && input.tab.get() == Tab::Graph).then(|| view! {
                        <button type="button" class="button" data-testid="reset-zoom" on:click=reset_zoom>"Reset zoom"</button>
                    })}
                </div>
                {move || control_error.get().map(|e| view! { <p class="q-error" role="alert">{e}</p> })}
                <Status running=running now=now shown=shown cancelled=cancelled tab=input.tab />
                {move || failure.get().map(|f| view! { <p class="q-error" role="alert">{f}</p> })}
                {move || if input.tab.get() == Tab::Explain {
                    explained.get().map(|e| view! { <explain::ExplainView explanation=e focus=focus on_apply=on_apply /> }.into_any())
                } else {
                    Some(view! { <Results shown=shown tab=input.tab hidden=hidden stacked=input.stacked on_zoom=on_zoom /> }.into_any())
                }}
            </section>
            <DataPanel input=input loaded=loaded has_metrics=metrics_text.is_some() on_run=Callback::new(move |_| run()) />
        </div>
    }
}

thread_local! {
    /// Requests in flight, by id: the expression and mode of each, so the
    /// answer can be shown with what produced it.
    static REQUESTS: std::cell::RefCell<Vec<(u64, String, Mode)>> = const { std::cell::RefCell::new(Vec::new()) };
}

fn remember_request(id: u64, expr: String, mode: Mode) {
    REQUESTS.with(|r| {
        let mut r = r.borrow_mut();
        r.retain(|(i, _, _)| *i + 32 > id);
        r.push((id, expr, mode));
    });
}

fn pending_request(id: u64) -> Option<(String, Mode)> {
    REQUESTS.with(|r| r.borrow().iter().find(|(i, _, _)| *i == id).map(|(_, e, m)| (e.clone(), *m)))
}

/// Evaluation time (Table) or range, end, step and stacking (Graph).
#[component]
fn Controls(input: QueryInput, data_end: Signal<i64>) -> impl IntoView {
    let end_placeholder = move || format!("end of data ({})", time::format_time(data_end.get()));
    let step_placeholder = move || {
        let range = time::parse_duration(&input.range.get()).unwrap_or(3_600_000);
        format!("auto ({})", time::format_duration(time::auto_step(range)))
    };
    let bad = |text: String, ok: bool| !text.trim().is_empty() && !ok;
    view! {
        {move || (input.tab.get() == Tab::Graph).then(|| view! {
            <label class="field">
                <span class="field-label">"Range"</span>
                <input
                    class="q-field short"
                    data-testid="range-input"
                    list="q-ranges"
                    prop:value=move || input.range.get()
                    class:invalid=move || { let t = input.range.get(); bad(t.clone(), time::parse_duration(&t).is_some_and(|r| r > 0)) }
                    on:change=move |ev| input.range.set(event_target_value(&ev))
                />
                <datalist id="q-ranges">
                    {["5m", "15m", "30m", "1h", "3h", "6h", "12h", "1d", "2d", "1w"].map(|r| view! { <option value=r></option> }).collect_view()}
                </datalist>
            </label>
        })}
        <label class="field">
            <span class="field-label">{move || if input.tab.get() == Tab::Graph { "End" } else { "At" }}</span>
            <input
                class="q-field"
                data-testid="end-input"
                placeholder=end_placeholder
                prop:value=move || input.end.get()
                class:invalid=move || { let t = input.end.get(); bad(t.clone(), time::parse_time(&t).is_some()) }
                on:change=move |ev| input.end.set(event_target_value(&ev))
            />
        </label>
        {move || (input.tab.get() == Tab::Graph).then(|| view! {
            <label class="field">
                <span class="field-label">"Step"</span>
                <input
                    class="q-field short"
                    data-testid="step-input"
                    placeholder=step_placeholder
                    prop:value=move || input.step.get()
                    class:invalid=move || { let t = input.step.get(); bad(t.clone(), time::parse_duration(&t).is_some_and(|s| s > 0)) }
                    on:change=move |ev| input.step.set(event_target_value(&ev))
                />
            </label>
            <label class="toggle" title="Stack the series on top of each other">
                <input
                    type="checkbox"
                    data-testid="stacked-toggle"
                    prop:checked=move || input.stacked.get()
                    on:change=move |ev| input.stacked.set(event_target_checked(&ev))
                />
                <span>"Stacked"</span>
            </label>
        })}
    }
}

/// The line under the controls: progress while running, stats after.
#[component]
fn Status(
    running: RwSignal<Option<Running>>,
    now: RwSignal<f64>,
    shown: RwSignal<Option<Shown>>,
    cancelled: RwSignal<bool>,
    tab: RwSignal<Tab>,
) -> impl IntoView {
    move || {
        if let Some(r) = running.get() {
            let elapsed = (now.get() - r.started_ms).max(0.0) / 1000.0;
            return view! {
                <p class="q-status running" data-testid="query-running" role="status">
                    <span class="spinner" aria-hidden="true"></span>
                    {format!("Evaluating… {elapsed:.1} s")}
                    <span class="q-hint">" · the page stays usable; Cancel stops the evaluation"</span>
                </p>
            }
            .into_any();
        }
        if cancelled.get() {
            return view! {
                <p class="q-status" data-testid="query-cancelled" role="status">
                    "Cancelled. The previous result is shown below."
                </p>
            }
            .into_any();
        }
        let Some(s) = shown.get().filter(|_| tab.get() != Tab::Explain) else {
            return ().into_any();
        };
        let (series, points) = match &s.outcome.result {
            Ok(WireValue::Vector { samples }) => (samples.len(), samples.len()),
            Ok(WireValue::Matrix { series }) => {
                (series.len(), series.iter().map(|s| s.ts.len() + s.hs.len()).sum())
            }
            Ok(_) => (0, 1),
            Err(_) => (0, 0),
        };
        let samples = s.outcome.samples;
        let eval_ms = s.outcome.eval_ms;
        view! {
            <dl
                class="q-stats"
                data-testid="query-stats"
                data-series=series.to_string()
                data-points=points.to_string()
                data-samples=samples.map(|n| n.to_string()).unwrap_or_default()
                data-eval-ms=format!("{eval_ms:.3}")
            >
                <div><dt>"Series"</dt><dd>{series}</dd></div>
                <div><dt>"Points"</dt><dd>{points}</dd></div>
                {samples.map(|n| view! { <div><dt>"Samples read"</dt><dd>{n}</dd></div> })}
                <div><dt>"Evaluation"</dt><dd>{format!("{eval_ms:.1} ms")}</dd></div>
            </dl>
        }
        .into_any()
    }
}

/// Annotations, the error, or the value in the active view.
#[component]
fn Results(
    shown: RwSignal<Option<Shown>>,
    tab: RwSignal<Tab>,
    hidden: RwSignal<HashSet<String>>,
    stacked: RwSignal<bool>,
    on_zoom: Callback<(i64, i64)>,
) -> impl IntoView {
    move || {
        let Some(s) = shown.get() else {
            return view! { <p class="empty-note">"Run a query to see its result."</p> }.into_any();
        };
        let annotations = s
            .outcome
            .annotations
            .iter()
            .map(|a| {
                view! {
                    <li class=format!("annotation {}", a.kind) data-testid="annotation" data-kind=a.kind.clone()>
                        <span class="severity-badge">{a.kind.clone()}</span>
                        " "
                        {a.message.clone()}
                    </li>
                }
            })
            .collect_view();
        let body = match (&s.outcome.result, s.mode) {
            (Err(f), _) => view! {
                <div class="q-failure" data-testid="query-failure" role="alert">
                    <strong>{if f.stage == "parse" { "Syntax error: " } else { "Error: " }}</strong>
                    {f.message.clone()}
                </div>
            }
            .into_any(),
            (Ok(WireValue::Matrix { series }), Mode::Range { start_ms, end_ms, step_ms }) => {
                if tab.get() != Tab::Graph {
                    // The other view's result; this view's query runs in a moment.
                    return ().into_any();
                }
                if series.is_empty() {
                    view! { <p class="empty-note" data-testid="empty-result">"The query returned no series in this range."</p> }.into_any()
                } else {
                    let names: Vec<String> =
                        series.iter().map(|s| s.label_set().to_string()).collect();
                    // Native-histogram series get a heatmap each; the line
                    // graph draws the float series.
                    let heatmaps: Vec<_> = series
                        .iter()
                        .zip(&names)
                        .filter_map(|(s, n)| {
                            heatmap::layout(s, start_ms, end_ms, step_ms).map(|l| (n.clone(), l))
                        })
                        .collect();
                    let any_float = series.iter().any(|s| !s.ts.is_empty());
                    let data = GraphData {
                        series: Arc::new(series.clone()),
                        names: Arc::new(names),
                        start: start_ms,
                        end: end_ms,
                        step: step_ms,
                    };
                    view! {
                        {any_float.then(|| view! { <Graph data=data hidden=hidden stacked=stacked.into() on_zoom=on_zoom /> })}
                        {heatmaps
                            .into_iter()
                            .map(|(name, layout)| view! { <heatmap::Heatmap name=name layout=layout /> })
                            .collect_view()}
                    }
                    .into_any()
                }
            }
            (Ok(value), Mode::Instant { t_ms }) => {
                if tab.get() != Tab::Table {
                    // The other view's result; this view's query runs in a moment.
                    return ().into_any();
                }
                let empty = matches!(value, WireValue::Vector { samples } if samples.is_empty());
                view! {
                    <p class="q-at">"Evaluated at " {time::format_time(t_ms)}</p>
                    {if empty {
                        view! { <p class="empty-note" data-testid="empty-result">"The query returned no series at this time."</p> }.into_any()
                    } else {
                        view! { <div class="table-scroll"><Table value=value.clone() /></div> }.into_any()
                    }}
                }
                .into_any()
            }
            (Ok(_), Mode::Range { .. }) => {
                view! { <p class="empty-note">"A range query returns a matrix."</p> }.into_any()
            }
        };
        view! {
            <ul class="annotations">{annotations}</ul>
            {body}
        }
        .into_any()
    }
}
