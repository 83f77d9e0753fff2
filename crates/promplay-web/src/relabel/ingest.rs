//! `IngestPreview`: what Prometheus would store from one scrape of one
//! target — each exposed sample kept (with the target labels attached and
//! `exported_` renames), renamed, or dropped by a `metric_relabel_configs`
//! rule — with the totals Prometheus itself records. Used by the Relabel
//! workbench and embeddable elsewhere (the Targets workbench).
//!
//! DOM contract: `ingest-preview`, `ingest-totals` (`data-scraped`,
//! `data-stored`, `data-dropped`, `data-renamed`, `data-exported`,
//! `data-duplicates`, `data-rejected`), `ingest-row[data-fate]`
//! (`kept`, `renamed`, `dropped`, `rejected`); `ingest-preview` has
//! `aria-busy="true"` while the engine worker computes, and
//! `ingest-engine-error` appears if it fails. Totals appear with the first result.

use std::sync::Arc;

use leptos::prelude::*;
use promplay_model::Labels;

use super::task::{IngestRow, IngestTask, IngestView, LabelOrigin, RowFate};
use crate::engine;

/// How many samples are listed before "show more".
const PAGE: usize = 100;

/// The preview for one scrape of one target. Parsing the rules and the
/// scrape runs in the engine worker; while a run is under way the previous
/// result stays on screen.
#[component]
pub fn IngestPreview(
    /// The exposition text of one scrape (Prometheus text or OpenMetrics).
    #[prop(into)]
    scrape: Signal<String>,
    /// The target's labels after `relabel_configs` (names starting with `__` are not attached).
    #[prop(into)]
    target: Signal<Labels>,
    /// The job's `metric_relabel_configs` as YAML, as in prometheus.yaml: a
    /// list of rules (or a mapping, or a whole prometheus.yml, they are taken
    /// from); empty = none.
    #[prop(into)]
    rules_yaml: Signal<String>,
    /// The job's `honor_labels`.
    #[prop(into)]
    honor_labels: Signal<bool>,
    /// The job's `honor_timestamps`.
    #[prop(into)]
    honor_timestamps: Signal<bool>,
    /// When `rules_yaml` is a whole prometheus.yml: the scrape config whose
    /// rules apply (none = the only one).
    #[prop(optional, into)]
    job: MaybeProp<String>,
) -> impl IntoView {
    // A memo, so an input that is recomputed but equal starts no new run.
    let task = Memo::new(move |_| IngestTask {
        scrape: scrape.get(),
        target: target.get(),
        rules: rules_yaml.get(),
        job: job.get().unwrap_or_default(),
        honor_labels: honor_labels.get(),
        honor_timestamps: honor_timestamps.get(),
    });
    let run = engine::latest(move || Some(task.get()));
    let report = Memo::new_with_compare(move |_| run.output.get().unwrap_or_default(), |_, _| true);
    let limit = RwSignal::new(PAGE);
    let rows = move || {
        let limit = limit.get();
        report.with(|r| r.rows.iter().take(limit).map(sample_row).collect_view())
    };
    let total = move || report.with(|r| r.rows.len());
    view! {
        <div class="ingest-preview" data-testid="ingest-preview" class:busy=move || run.busy.get() aria-busy=move || run.busy.get().to_string()>
            {move || run.error.get().map(|e| view! {
                <p class="notice error" data-testid="ingest-engine-error">{format!("The preview could not be computed: {e}")}</p>
            })}
            <Show when=move || run.output.with(Option::is_some) fallback=|| view! { <p class="empty-note">"Reading the scrape…"</p> }>
                <Totals report=report />
            </Show>
            <p class="ingest-target">
                "Target labels attached to every sample: "
                <code>{move || report.with(|r| r.target_text.clone())}</code>
                {move || (honor_labels.get()).then(|| view! { <span class="pill">"honor_labels: exposed labels win"</span> })}
                {move || (!honor_timestamps.get()).then(|| view! { <span class="pill">"honor_timestamps: false — exposed timestamps ignored"</span> })}
            </p>
            {move || report.with(|r| r.rules_error.clone()).map(|e| view! {
                <p class="notice error ingest-rules-error">{format!("The metric_relabel_configs have an error, so Prometheus would refuse them: {e}")}</p>
            })}
            {move || {
                report.with(|r| r.parse_errors).then(|| view! {
                    <p class="notice ingest-parse-errors">"Some lines of the scrape do not parse and are left out (see the Metrics workbench)."</p>
                })
            }}
            <div class="table-wrap">
                <table class="ingest-table">
                    <thead>
                        <tr><th>"Exposed"</th><th>"Stored as"</th></tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <Show when=move || { total() > limit.get() }>
                <button class="show-more" on:click=move |_| limit.update(|l| *l += PAGE)>
                    {move || format!("Show more ({} of {} listed)", limit.get(), total())}
                </button>
            </Show>
        </div>
    }
}

#[component]
fn Totals(report: Memo<Arc<IngestView>>) -> impl IntoView {
    let t = move || report.with(|r| r.totals);
    view! {
        <dl
            class="stats ingest-totals"
            data-testid="ingest-totals"
            data-scraped=move || t().scraped.to_string()
            data-stored=move || t().stored.to_string()
            data-dropped=move || t().dropped.to_string()
            data-renamed=move || t().renamed.to_string()
            data-exported=move || t().exported.to_string()
            data-duplicates=move || t().duplicates.to_string()
            data-rejected=move || t().rejected.to_string()
        >
            <div class="stat" title="scrape_samples_scraped"><dt>"Scraped"</dt><dd>{move || t().scraped}</dd></div>
            <div class="stat" title="scrape_samples_post_metric_relabeling"><dt>"Stored"</dt><dd>{move || t().stored}</dd></div>
            <div class="stat"><dt>"Dropped"</dt><dd>{move || t().dropped}</dd></div>
            <div class="stat"><dt>"Renamed"</dt><dd>{move || t().renamed}</dd></div>
            <div class="stat stat-warnings" class:nonzero=move || t().exported != 0 title="samples with an exposed label renamed to exported_…">
                <dt>"exported_"</dt><dd>{move || t().exported}</dd>
            </div>
            <div class="stat stat-errors" class:nonzero=move || t().duplicates + t().rejected != 0 title="duplicates and samples without a metric name are rejected">
                <dt>"Rejected"</dt><dd>{move || t().duplicates + t().rejected}</dd>
            </div>
        </dl>
    }
}

fn sample_row(row: &IngestRow) -> impl IntoView + use<> {
    let fate = row.fate.as_str();
    let stored = match row.fate {
        RowFate::Kept | RowFate::Renamed => {
            let last = row.stored.len().saturating_sub(1);
            let labels = row
                .stored
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    let sep = if i < last { ", " } else { "" };
                    let text = l.text.clone();
                    let label = match l.origin {
                        LabelOrigin::Exported => view! { <span class="lbl-exported" title="an exposed label renamed because the target has the same label">{text}</span> }.into_any(),
                        LabelOrigin::Target => view! { <span class="lbl-target" title="attached from the target">{text}</span> }.into_any(),
                        LabelOrigin::Exposed => text.into_any(),
                    };
                    view! { {label}{sep} }
                })
                .collect_view();
            let notes = (!row.notes.is_empty()).then(|| row.notes.join("; "));
            view! {
                <code class="stored">"{"{labels}"}"</code>
                {notes.map(|n| view! { <span class="ingest-notes">{n}</span> })}
            }
            .into_any()
        }
        RowFate::Dropped | RowFate::Rejected => {
            view! { <span class="dropped-by">{row.notes.join("; ")}</span> }.into_any()
        }
    };
    view! {
        <tr class=format!("ingest-row {fate}") data-testid="ingest-row" data-fate=fate>
            <td><code>{row.exposed.clone()}</code>" " <span class="value">{row.value.clone()}</span>{row.ignored.clone().map(|t| view! { <span class="ingest-notes">{t}</span> })}</td>
            <td>{stored}</td>
        </tr>
    }
}
