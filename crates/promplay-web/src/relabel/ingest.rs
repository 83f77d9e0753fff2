//! `IngestPreview`: what Prometheus would store from one scrape of one
//! target — each exposed sample kept (with the target labels attached and
//! `exported_` renames), renamed, or dropped by a `metric_relabel_configs`
//! rule — with the totals Prometheus itself records. Used by the Relabel
//! workbench and embeddable elsewhere (the Targets workbench).
//!
//! DOM contract: `ingest-preview`, `ingest-totals` (`data-scraped`,
//! `data-stored`, `data-dropped`, `data-renamed`, `data-exported`,
//! `data-duplicates`, `data-rejected`), `ingest-row[data-fate]`
//! (`kept`, `renamed`, `dropped`, `rejected`).

use std::sync::Arc;

use leptos::prelude::*;
use promplay_model::Labels;
use promplay_pipeline::ingest::{Fate, IngestOptions, IngestReport, ingest};
use promplay_pipeline::relabel::{RelabelConfig, format_label_set};

/// How many samples are listed before "show more".
const PAGE: usize = 100;

/// The preview for one scrape of one target.
#[component]
pub fn IngestPreview(
    /// The exposition text of one scrape (Prometheus text or OpenMetrics).
    #[prop(into)]
    scrape: Signal<String>,
    /// The target's labels after `relabel_configs` (names starting with `__` are not attached).
    #[prop(into)]
    target: Signal<Labels>,
    /// The job's `metric_relabel_configs`, read already.
    // Interim while the component moves to the engine worker (helper
    // "relabel"): the Relabel workbench still passes `rules`, the Targets
    // workbench passes `rules_yaml`; the worker version takes only the latter.
    #[prop(optional, into)]
    rules: Option<Signal<Arc<Vec<RelabelConfig>>>>,
    /// The job's `metric_relabel_configs` list as YAML, as in prometheus.yaml
    /// (empty: none).
    #[prop(optional, into)]
    rules_yaml: Option<Signal<String>>,
    /// The job's `honor_labels`.
    #[prop(into)]
    honor_labels: Signal<bool>,
    /// The job's `honor_timestamps`.
    #[prop(into)]
    honor_timestamps: Signal<bool>,
) -> impl IntoView {
    let rules: Signal<Arc<Vec<RelabelConfig>>> = match (rules, rules_yaml) {
        (Some(rules), _) => rules,
        (None, Some(yaml)) => Signal::derive(move || {
            let select = promplay_pipeline::relabel::Select::default();
            Arc::new(yaml.with(|y| promplay_pipeline::relabel::parse_rules(y, select, &[]).rules))
        }),
        (None, None) => Signal::derive(|| Arc::new(Vec::new())),
    };
    let report = Memo::new_with_compare(
        move |_| {
            let options = IngestOptions {
                honor_labels: honor_labels.get(),
                honor_timestamps: honor_timestamps.get(),
            };
            Arc::new(scrape.with(|s| target.with(|t| rules.with(|r| ingest(s, t, r, options)))))
        },
        |_, _| true,
    );
    let limit = RwSignal::new(PAGE);
    let rows = move || {
        let limit = limit.get();
        report.with(|r| {
            r.samples
                .iter()
                .take(limit)
                .enumerate()
                .map(|(i, s)| sample_row(r, i, s))
                .collect_view()
        })
    };
    let total = move || report.with(|r| r.samples.len());
    view! {
        <div class="ingest-preview" data-testid="ingest-preview">
            <Totals report=report />
            <p class="ingest-target">
                "Target labels attached to every sample: "
                <code>{move || report.with(|r| format_label_set(&r.target_labels))}</code>
                {move || (honor_labels.get()).then(|| view! { <span class="pill">"honor_labels: exposed labels win"</span> })}
                {move || (!honor_timestamps.get()).then(|| view! { <span class="pill">"honor_timestamps: false — exposed timestamps ignored"</span> })}
            </p>
            {move || {
                report.with(|r| r.diagnostics.iter().any(|d| d.is_error())).then(|| view! {
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
fn Totals(report: Memo<Arc<IngestReport>>) -> impl IntoView {
    let t = move || report.with(|r| r.totals);
    view! {
        <dl
            class="stats ingest-totals"
            data-testid="ingest-totals"
            data-scraped=move || t().scraped.to_string()
            data-stored=move || t().post_relabeling.to_string()
            data-dropped=move || t().dropped.to_string()
            data-renamed=move || t().renamed.to_string()
            data-exported=move || t().with_exported.to_string()
            data-duplicates=move || t().duplicates.to_string()
            data-rejected=move || t().rejected.to_string()
        >
            <div class="stat" title="scrape_samples_scraped"><dt>"Scraped"</dt><dd>{move || t().scraped}</dd></div>
            <div class="stat" title="scrape_samples_post_metric_relabeling"><dt>"Stored"</dt><dd>{move || t().post_relabeling}</dd></div>
            <div class="stat"><dt>"Dropped"</dt><dd>{move || t().dropped}</dd></div>
            <div class="stat"><dt>"Renamed"</dt><dd>{move || t().renamed}</dd></div>
            <div class="stat stat-warnings" class:nonzero=move || t().with_exported != 0 title="samples with an exposed label renamed to exported_…">
                <dt>"exported_"</dt><dd>{move || t().with_exported}</dd>
            </div>
            <div class="stat stat-errors" class:nonzero=move || t().duplicates + t().rejected != 0 title="duplicates and samples without a metric name are rejected">
                <dt>"Rejected"</dt><dd>{move || t().duplicates + t().rejected}</dd>
            </div>
        </dl>
    }
}

fn sample_row(
    report: &IngestReport,
    _index: usize,
    s: &promplay_pipeline::ingest::IngestedSample,
) -> impl IntoView + use<> {
    let exposed = format_label_set(&s.exposed);
    let value = promplay_model::format_float(s.value);
    let ignored = s.ignored_timestamp_ms.map(|t| format!("timestamp {t} ignored"));
    let (fate, stored) = match &s.fate {
        Fate::Kept { labels, renamed_from } => {
            let fate = if renamed_from.is_some() { "renamed" } else { "kept" };
            let mut notes = Vec::new();
            if let Some(from) = renamed_from {
                notes.push(format!("renamed from {from}"));
            }
            for (name, stored_as, value) in &s.exported {
                notes.push(format!("exposed {name}=\"{value}\" kept as {stored_as}"));
            }
            if !s.honored.is_empty() {
                notes.push(format!("exposed {} kept (honor_labels)", s.honored.join(", ")));
            }
            if let Some(first) = s.duplicate_of {
                notes.push(format!("duplicate of sample {} — rejected", first + 1));
            }
            let html = stored_html(labels, &report.target_labels, &s.exported);
            (fate, view! {
                <code class="stored" inner_html=html></code>
                {(!notes.is_empty()).then(|| view! { <span class="ingest-notes">{notes.join("; ")}</span> })}
            }.into_any())
        }
        Fate::Dropped { rule, action } => {
            let action = action.map_or("?", |a| a.as_str());
            ("dropped", view! { <span class="dropped-by">{format!("dropped by rule #{} ({action})", rule + 1)}</span> }.into_any())
        }
        Fate::Rejected { reason } => {
            ("rejected", view! { <span class="dropped-by">{reason.clone()}</span> }.into_any())
        }
    };
    view! {
        <tr class=format!("ingest-row {fate}") data-testid="ingest-row" data-fate=fate>
            <td><code>{exposed}</code>" " <span class="value">{value}</span>{ignored.map(|t| view! { <span class="ingest-notes">{t}</span> })}</td>
            <td>{stored}</td>
        </tr>
    }
}

/// The stored label set with attached target labels and `exported_` renames marked.
fn stored_html(labels: &Labels, target: &Labels, exported: &[(String, String, String)]) -> String {
    let parts: Vec<String> = labels
        .iter()
        .map(|l| {
            let text = format_label_set(&Labels::from_pairs([(l.name.as_str(), l.value.as_str())]));
            let text = text.trim_start_matches('{').trim_end_matches('}').to_owned();
            let text = text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
            if exported.iter().any(|(_, stored, _)| *stored == l.name) {
                format!("<span class=\"lbl-exported\" title=\"an exposed label renamed because the target has the same label\">{text}</span>")
            } else if target.get(&l.name) == Some(l.value.as_str()) {
                format!("<span class=\"lbl-target\" title=\"attached from the target\">{text}</span>")
            } else {
                text
            }
        })
        .collect();
    format!("{{{}}}", parts.join(", "))
}
