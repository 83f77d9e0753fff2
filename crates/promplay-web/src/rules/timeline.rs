//! The alert timeline: one row per alert (rule and label set) with its
//! state bands — pending, firing, and inactive while Prometheus still keeps
//! a resolved alert — over the evaluated range, drawn as SVG. Hovering or
//! focusing a band shows the alert's labels and the annotations as
//! rendered in that band. Below it, the series the rules wrote, with a
//! button that hands them to the Query workbench.

use super::tasks::{LoadBlock, ProducedView, RulesView};
use crate::engine::Latest;
use crate::query::state as query_state;
use crate::query::time;
use leptos::prelude::*;
use promplay_model::{Labels, format_float};

/// The width of the drawing in SVG units (it scales to the pane).
const W: f64 = 1000.0;

/// The band the pointer is on: (alert index, band index).
type Selected = Option<(usize, usize)>;

#[component]
pub fn Timeline(evaluated: Latest<RulesView>) -> impl IntoView {
    let evaluated = evaluated.output;
    let selected = RwSignal::new(None::<(usize, usize)>);
    let sent = RwSignal::new(None::<String>);
    view! {
        <div class="panel timeline-panel">
            <h2 class="panel-title">"Alert timeline" <span class="panel-hint">"hover a band for labels and annotations"</span></h2>
            {move || evaluated.with(|e| e.as_ref().map(|e| chart(e, selected)))}
            {move || evaluated.with(|e| e.as_ref().and_then(|e| detail(e, selected.get())))}
        </div>
        <div class="panel produced-panel">
            <h2 class="panel-title">
                "Series written by the rules"
                <button class="button small" data-testid="send-to-query" title="Add these series to the Query workbench's data, replacing what was sent before"
                    disabled=move || evaluated.with(|e| e.is_none())
                    on:click=move |_| sent.set(evaluated.with_untracked(|e| e.as_ref().map(|e| send_to_query(&e.load))))>
                    "Use in Query"
                </button>
                <span class="panel-hint">{move || sent.get().unwrap_or_default()}</span>
            </h2>
            {move || evaluated.with(|e| e.as_ref().map(|e| produced_table(&e.produced)))}
        </div>
    }
}

fn x_of(t: i64, start: i64, end: i64) -> f64 {
    let span = (end - start).max(1) as f64;
    ((t - start) as f64 / span * W).clamp(0.0, W)
}

fn chart(e: &RulesView, selected: RwSignal<Selected>) -> AnyView {
    let alerts = &e.alerts;
    if alerts.is_empty() {
        let note = if e.has_alerting {
            "No alert became pending in this range."
        } else {
            "No alerting rules."
        };
        return view! { <p class="empty-note">{note}</p> }.into_any();
    }
    // The axis: ticks spread over the range.
    let (interval, ticks) = time::time_ticks(e.start as f64, e.end as f64, 6);
    let axis = ticks
        .iter()
        .map(|&t| {
            let pct = x_of(t as i64, e.start, e.end) / W * 100.0;
            view! { <span class="tick-label" style=format!("left: {pct:.3}%")>{time::format_tick(t as i64, interval)}</span> }
        })
        .collect_view();
    let rows = alerts
        .iter()
        .enumerate()
        .map(|(ai, a)| {
            let bands = a
                .bands
                .iter()
                .enumerate()
                .map(|(bi, b)| {
                    let x = x_of(b.start, e.start, e.end);
                    let w = (x_of(b.end, e.start, e.end) - x).max(2.0);
                    let state = b.state.as_str();
                    let tip = format!("{state} {} – {}", time::format_time(b.start), time::format_time(b.end));
                    view! {
                        <rect
                            class=format!("band band-{state}")
                            class:selected=move || selected.get() == Some((ai, bi))
                            data-testid="timeline-band"
                            data-state=state
                            x=x y=2 width=w height=16 rx=2
                            tabindex=0
                            on:mouseenter=move |_| selected.set(Some((ai, bi)))
                            on:focus=move |_| selected.set(Some((ai, bi)))
                        >
                            <title>{tip}</title>
                        </rect>
                    }
                })
                .collect_view();
            let short = short_labels(&a.labels);
            view! {
                <div class="timeline-row" data-testid="timeline-row" data-alert=a.alertname.clone()>
                    <div class="timeline-label" title=a.labels.to_string()>
                        <span class="alertname">{a.alertname.clone()}</span>
                        <span class="timeline-labels">{short}</span>
                    </div>
                    <svg class="timeline-bar" viewBox=format!("0 0 {W} 20") preserveAspectRatio="none">
                        <rect class="band-track" x=0 y=2 width=W height=16 />
                        {bands}
                    </svg>
                </div>
            }
        })
        .collect_view();
    view! {
        <div class="timeline">
            <div class="timeline-row timeline-axis">
                <div class="timeline-label timeline-legend">
                    <span class="timeline-legend-item"><span class="timeline-swatch band-pending"></span>"pending"</span>
                    <span class="timeline-legend-item"><span class="timeline-swatch band-firing"></span>"firing"</span>
                    <span class="timeline-legend-item"><span class="timeline-swatch band-inactive"></span>"resolved"</span>
                </div>
                <div class="timeline-axis-ticks">{axis}</div>
            </div>
            {rows}
        </div>
    }
    .into_any()
}

/// The labels other than `alertname`, for the row header.
fn short_labels(labels: &Labels) -> String {
    let parts: Vec<String> = labels
        .iter()
        .filter(|l| l.name != "alertname")
        .map(|l| format!("{}=\"{}\"", l.name, l.value))
        .collect();
    if parts.is_empty() { String::new() } else { format!("{{{}}}", parts.join(", ")) }
}

fn detail(e: &RulesView, selected: Selected) -> Option<AnyView> {
    let (ai, bi) = selected?;
    let a = e.alerts.get(ai)?;
    let b = a.bands.get(bi)?;
    let mut facts = vec![
        ("state", b.state.as_str().to_owned()),
        ("from", time::format_time(b.start)),
        ("until", time::format_time(b.end)),
        ("active since", time::format_time(b.active_at)),
    ];
    if let Some(f) = b.fired_at {
        facts.push(("fired at", time::format_time(f)));
    }
    if let Some(r) = b.resolved_at {
        facts.push(("resolved at", time::format_time(r)));
    }
    if let Some(v) = b.value {
        facts.push(("value", format_float(v)));
    }
    Some(
        view! {
            <div class="band-detail" data-testid="band-detail">
                <div class="band-labels">
                    {a.labels.iter().map(|l| view! {
                        <span class="label-pair"><span class="label-name">{l.name.clone()}</span>"=\""<span class="label-value">{l.value.clone()}</span>"\""</span>
                    }).collect_view()}
                </div>
                <dl class="band-facts">
                    {facts.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
                </dl>
                <dl class="band-annotations">
                    {b.annotations.iter().map(|(k, v)| view! {
                        <dt>{k.clone()}</dt>
                        <dd class:template-error=v.starts_with("<error expanding template")>{v.clone()}</dd>
                    }).collect_view()}
                </dl>
            </div>
        }
        .into_any(),
    )
}

fn produced_table(produced: &[ProducedView]) -> AnyView {
    if produced.is_empty() {
        return view! { <p class="empty-note">"The rules wrote no series in this range."</p> }
            .into_any();
    }
    let rows = produced
        .iter()
        .map(|s| {
            view! {
                <tr data-testid="produced-row">
                    <td class="series-name">{s.labels.clone()}</td>
                    <td class="num">{s.samples}</td>
                    <td>{s.last.clone().unwrap_or_else(|| "stale".to_owned())}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="families produced">
                <thead><tr><th>"series"</th><th class="num">"samples"</th><th>"last value"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// Markers around the block this workbench writes into the Query
/// workbench's series, so sending again replaces it.
const BEGIN: &str = "# --- series written by the Rules workbench (replaced on each send) ---";
const END: &str = "# --- end of the Rules workbench's series ---";

/// Appends the produced series, in load notation, to the Query workbench's
/// saved series (replacing an earlier block); returns a note for the page.
fn send_to_query(load: &LoadBlock) -> String {
    let mut saved = crate::browser::storage_get(query_state::KEY)
        .and_then(|json| serde_json::from_str::<query_state::Saved>(&json).ok())
        .unwrap_or_default();
    let mut series = match (saved.series.find(BEGIN), saved.series.find(END)) {
        (Some(a), Some(b)) if b > a => format!(
            "{}{}",
            &saved.series[..a],
            saved.series[b + END.len()..].trim_start_matches('\n')
        ),
        _ => saved.series.clone(),
    };
    let LoadBlock { text: block, count, skipped } = load;
    if !series.ends_with('\n') && !series.is_empty() {
        series.push('\n');
    }
    series.push_str(BEGIN);
    series.push('\n');
    series.push_str(block);
    series.push_str(END);
    series.push('\n');
    saved.series = series;
    match serde_json::to_string(&saved) {
        Ok(json) if crate::browser::storage_set(query_state::KEY, &json) => {
            let skipped = if *skipped > 0 {
                format!(" ({skipped} irregular series left out)")
            } else {
                String::new()
            };
            format!("{count} series added to the Query workbench's data{skipped}")
        }
        _ => "the Query workbench's data could not be saved (storage full?)".to_owned(),
    }
}
