//! The data panel: series in load notation, the Metrics workbench's text as
//! a scrape at a chosen time, and further scrapes, each with what the
//! loader said about it.

use super::Loaded;
use super::examples::DEFAULT;
use super::protocol::SourceProblem;
use super::state::{QueryInput, Scrape};
use super::time;
use leptos::prelude::*;
use promplay_diagnostics::LineIndex;

/// The panel. Source 0 is the series editor, then the Metrics scrape when
/// used, then the extra scrapes (the order the page sends them in).
#[component]
pub fn DataPanel(
    input: QueryInput,
    loaded: RwSignal<Loaded>,
    has_metrics: bool,
    /// Ctrl+Enter in a data editor: load the data now and run the query.
    on_run: Callback<()>,
) -> impl IntoView {
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
            ev.prevent_default();
            on_run.run(());
        } else {
            crate::editing::keydown(&ev, crate::editing::Lang::Hash);
        }
    };
    let problems_of = move |index: usize| {
        Signal::derive(move || loaded.with(|l| l.problems.get(index).cloned().unwrap_or_default()))
    };
    let metrics_index = 1;
    let extra_base = move || if input.use_metrics.get() { 2 } else { 1 };
    let summary = move || {
        loaded.with(|l| {
            let m = &l.meta;
            let span = match (m.min_t, m.max_t) {
                (Some(a), Some(b)) => {
                    format!(", {} to {}", time::format_time(a), time::format_time(b))
                }
                _ => String::new(),
            };
            format!("{} series, {} samples{span}", m.series, m.samples)
        })
    };
    view! {
        <aside class="pane q-data" aria-label="Data">
            <div class="panel-title">
                "Data"
                <span class="panel-hint" data-testid="data-summary">{summary}</span>
            </div>
            <section class="q-source">
                <div class="q-source-head">
                    <span class="field-label">"Series (load notation)"</span>
                    <button
                        type="button"
                        class="link-button"
                        title="Replace the series with the example"
                        on:click=move |_| input.series.set(DEFAULT.series.to_owned())
                    >
                        "Example"
                    </button>
                </div>
                <textarea
                    class="q-source-text"
                    data-testid="series-input"
                    aria-label="Series in promqltest load notation"
                    spellcheck="false"
                    wrap="off"
                    rows="12"
                    prop:value=move || input.series.get()
                    on:input=move |ev| input.series.set(event_target_value(&ev))
                    on:keydown=on_keydown
                    aria-keyshortcuts="Control+Enter Tab Shift+Tab Control+/"
                    aria-describedby=crate::keys::EDITOR_HELP_ID
                ></textarea>
                <SourceProblems text=input.series.into() problems=problems_of(0) />
            </section>
            {has_metrics.then(|| view! {
                <section class="q-source">
                    <label class="toggle">
                        <input
                            type="checkbox"
                            data-testid="use-metrics"
                            prop:checked=move || input.use_metrics.get()
                            on:change=move |ev| input.use_metrics.set(event_target_checked(&ev))
                        />
                        <span>"Metrics workbench text as a scrape at"</span>
                    </label>
                    <input
                        class="q-field"
                        data-testid="metrics-at"
                        aria-label="Scrape time of the Metrics workbench text"
                        prop:value=move || input.metrics_at.get()
                        class:invalid=move || time::parse_time(&input.metrics_at.get()).is_none()
                        on:change=move |ev| input.metrics_at.set(event_target_value(&ev))
                    />
                    {move || input.use_metrics.get().then(|| {
                        let text = use_context::<crate::Workspace>().map(|w| w.metrics.text);
                        view! {
                            <SourceProblems
                                text=Signal::derive(move || text.map(|t| t.get()).unwrap_or_default())
                                problems=problems_of(metrics_index)
                            />
                        }
                    })}
                </section>
            })}
            {move || {
                let count = input.scrapes.with(Vec::len);
                (0..count)
                    .map(|i| {
                        let text = Signal::derive(move || input.scrapes.with(|s| s.get(i).map(|s| s.text.clone()).unwrap_or_default()));
                        let at = move || input.scrapes.with(|s| s.get(i).map(|s| s.at.clone()).unwrap_or_default());
                        view! {
                            <section class="q-source" data-testid="scrape">
                                <div class="q-source-head">
                                    <span class="field-label">{format!("Scrape {}", i + 1)}" at"</span>
                                    <input
                                        class="q-field"
                                        data-testid="scrape-at"
                                        prop:value=at
                                        class:invalid=move || time::parse_time(&at()).is_none()
                                        on:change=move |ev| {
                                            let v = event_target_value(&ev);
                                            input.scrapes.update(|s| if let Some(s) = s.get_mut(i) { s.at = v });
                                        }
                                    />
                                    <button
                                        type="button"
                                        class="link-button"
                                        on:click=move |_| input.scrapes.update(|s| { if i < s.len() { s.remove(i); } })
                                    >
                                        "Remove"
                                    </button>
                                </div>
                                <textarea
                                    class="q-source-text"
                                    data-testid="scrape-input"
                                    aria-label="Exposition text"
                                    spellcheck="false"
                                    wrap="off"
                                    rows="6"
                                    placeholder="# Paste Prometheus or OpenMetrics exposition text"
                                    prop:value=move || text.get()
                                    on:input=move |ev| {
                                        let v = event_target_value(&ev);
                                        input.scrapes.update(|s| if let Some(s) = s.get_mut(i) { s.text = v });
                                    }
                                    on:keydown=on_keydown
                                    aria-keyshortcuts="Control+Enter Tab Shift+Tab Control+/"
                                    aria-describedby=crate::keys::EDITOR_HELP_ID
                                ></textarea>
                                <SourceProblems text=text problems=Signal::derive(move || { let k = extra_base() + i; loaded.with(|l| l.problems.get(k).cloned().unwrap_or_default()) }) />
                            </section>
                        }
                    })
                    .collect_view()
            }}
            <button
                type="button"
                class="button"
                data-testid="add-scrape"
                on:click=move |_| {
                    input.scrapes.update(|s| {
                        // A new scrape comes one interval after the last one.
                        let at = s
                            .last()
                            .and_then(|l| time::parse_time(&l.at))
                            .map_or_else(|| "1h".to_owned(), |t| time::format_time(t + 15_000));
                        s.push(Scrape { text: String::new(), at });
                    });
                }
            >
                "+ Add a scrape"
            </button>
            <label class="toggle q-nhcb" title="Like Prometheus' scrape option convert_classic_histograms_to_nhcb: each classic histogram X_bucket/X_count/X_sum is also loaded as a native histogram X with custom buckets">
                <input
                    type="checkbox"
                    data-testid="classic-to-nhcb"
                    prop:checked=move || input.classic_to_nhcb.get()
                    on:change=move |ev| input.classic_to_nhcb.set(event_target_checked(&ev))
                />
                <span>"Scrapes' classic histograms also as native (NHCB)"</span>
            </label>
        </aside>
    }
}

/// What the loader said about one source, with line and column.
#[component]
fn SourceProblems(text: Signal<String>, problems: Signal<Vec<SourceProblem>>) -> impl IntoView {
    move || {
        let problems = problems.get();
        if problems.is_empty() {
            return ().into_any();
        }
        let text = text.get();
        let index = LineIndex::new(&text);
        let shown = problems.len().min(20);
        let more = problems.len() - shown;
        view! {
            <ul class="q-source-problems" data-testid="source-problems">
                {problems[..shown]
                    .iter()
                    .map(|p| {
                        let lc = index.line_col(&text, p.start.min(text.len() as u32));
                        view! {
                            <li class:error=p.is_error data-testid="source-problem">
                                <span class="position">{format!("{}:{}", lc.line, lc.col)}</span>
                                " "
                                {p.message.clone()}
                            </li>
                        }
                    })
                    .collect_view()}
                {(more > 0).then(|| view! { <li>{format!("… and {more} more")}</li> })}
            </ul>
        }
        .into_any()
    }
}
