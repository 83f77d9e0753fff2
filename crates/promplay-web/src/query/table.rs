//! The Table view: an instant query's value, one row per series.

use super::protocol::{WireSample, WireValue};
use super::time::format_time;
use leptos::prelude::*;
use promplay_model::{Labels, escape_label_value, format_float};

/// Rows shown before "show all".
const FIRST_ROWS: usize = 500;

/// The table for `value`.
#[component]
pub fn Table(value: WireValue) -> impl IntoView {
    let show_all = RwSignal::new(false);
    match value {
        WireValue::Scalar { v, .. } => view! {
            <table class="q-table" data-testid="result-table">
                <thead><tr><th>"scalar"</th></tr></thead>
                <tbody><tr data-testid="result-row"><td class="value mono">{format_float(v.0)}</td></tr></tbody>
            </table>
        }
        .into_any(),
        WireValue::String { s, .. } => view! {
            <table class="q-table" data-testid="result-table">
                <thead><tr><th>"string"</th></tr></thead>
                <tbody><tr data-testid="result-row"><td class="value mono">{format!("{s:?}")}</td></tr></tbody>
            </table>
        }
        .into_any(),
        WireValue::Vector { samples } => {
            let total = samples.len();
            let samples = std::sync::Arc::new(samples);
            let rows = move || {
                let n = if show_all.get() { total } else { total.min(FIRST_ROWS) };
                samples[..n].iter().map(vector_row).collect_view()
            };
            view! {
                <table class="q-table" data-testid="result-table">
                    <thead><tr><th>"Series"</th><th class="col-value">"Value"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
                {more(total, show_all)}
            }
            .into_any()
        }
        WireValue::Matrix { series } => {
            let total = series.len();
            let series = std::sync::Arc::new(series);
            let rows = move || {
                let n = if show_all.get() { total } else { total.min(FIRST_ROWS) };
                series[..n]
                    .iter()
                    .map(|s| {
                        // Histograms in a range vector are listed as Prometheus prints them.
                        let mut points: Vec<(i64, String)> = s
                            .ts
                            .iter()
                            .zip(&s.vs)
                            .map(|(t, v)| (*t, format_float(v.0)))
                            .chain(s.hs.iter().map(|(t, h)| (*t, h.text())))
                            .collect();
                        points.sort_by_key(|p| p.0);
                        view! {
                            <tr data-testid="result-row">
                                <td class="series-cell">{labels_view(&s.label_set())}</td>
                                <td class="value mono">
                                    {points
                                        .into_iter()
                                        .map(|(t, v)| view! { <div>{v} " @" {format_time(t)}</div> })
                                        .collect_view()}
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()
            };
            view! {
                <table class="q-table" data-testid="result-table">
                    <thead><tr><th>"Series"</th><th class="col-value">"Values"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
                {more(total, show_all)}
            }
            .into_any()
        }
    }
}

fn vector_row(s: &WireSample) -> impl IntoView + use<> {
    let value = match (&s.v, &s.h) {
        (Some(v), _) => view! { <span>{format_float(v.0)}</span> }.into_any(),
        (None, Some(h)) => super::explain::histogram_cell(h).into_any(),
        (None, None) => ().into_any(),
    };
    view! {
        <tr data-testid="result-row">
            <td class="series-cell">{labels_view(&s.label_set())}</td>
            <td class="value mono">{value}</td>
        </tr>
    }
}

fn more(total: usize, show_all: RwSignal<bool>) -> impl IntoView {
    move || {
        (total > FIRST_ROWS && !show_all.get()).then(|| {
            view! {
                <button type="button" class="show-more" on:click=move |_| show_all.set(true)>
                    {format!("Show all {total} series")}
                </button>
            }
        })
    }
}

/// A label set as `name{a="b", …}` with the parts coloured.
pub fn labels_view(labels: &Labels) -> impl IntoView + use<> {
    let name = labels.metric_name().map(str::to_owned);
    let pairs: Vec<(String, String)> = labels
        .iter()
        .filter(|l| l.name != "__name__")
        .map(|l| (l.name.clone(), escape_label_value(&l.value).into_owned()))
        .collect();
    let braces = !pairs.is_empty() || name.is_none();
    let count = pairs.len();
    view! {
        <span class="mono">
            {name.map(|n| view! { <span class="series-name">{n}</span> })}
            {braces.then_some("{")}
            {pairs
                .into_iter()
                .enumerate()
                .map(|(i, (n, v))| {
                    view! {
                        <span class="label-pair">
                            <span class="label-name">{n}</span>
                            "=\""
                            <span class="label-value">{v}</span>
                            "\""
                            {(i + 1 < count).then_some(", ")}
                        </span>
                    }
                })
                .collect_view()}
            {braces.then_some("}")}
        </span>
    }
}
