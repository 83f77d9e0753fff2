//! The Relabel workbench (`#/relabel`): paste relabel rules (a list, a
//! `relabel_configs` mapping or a whole prometheus.yml with a job chosen) and
//! label sets, one a line; step through the rules as a per-rule diff, see
//! the final labels or the rule that dropped them, and preview what a scrape
//! of the resulting target would store. Everything comes from
//! `promplay_pipeline::relabel` / `ingest`, the calls `promplay relabel` makes.
//!
//! DOM contract (for tests/e2e): `relabel-rules`, `relabel-labels`,
//! `relabel-example`, `relabel-job`, `relabel-mode` (`target`/`metric`),
//! `relabel-sample`, `relabel-stats` (`data-rules`, `data-sets`, `data-kept`,
//! `data-dropped`, `data-errors`), `relabel-problem[data-start][data-end]`,
//! `relabel-set[data-index][data-outcome]`, `relabel-step[data-rule][data-outcome]`,
//! `relabel-prev`, `relabel-next`, `relabel-result[data-dropped]`,
//! `relabel-step-labels`, `change[data-kind]`, plus the ingest preview's.

pub(crate) mod examples;
mod ingest;
mod marked;
mod state;
mod trace;

use std::sync::Arc;

use leptos::html::Textarea;
use leptos::prelude::*;
use promplay_diagnostics::{Diagnostic, LineIndex};
use promplay_model::Labels;
use promplay_pipeline::relabel::{RELOADER_ENV, RelabelConfig, RelabelReport, Select, relabel};

pub use ingest::IngestPreview;
use marked::{Mark, MarkedEditor, select_span};
pub use state::RelabelInput;

use crate::workspace::Workspace;

/// The Relabel workbench.
#[component]
pub fn RelabelWorkbench(input: RelabelInput) -> impl IntoView {
    let rules_area = NodeRef::<Textarea>::new();
    let labels_area = NodeRef::<Textarea>::new();
    let report = Memo::new_with_compare(
        move |_| {
            let job = input.job.get();
            let select = Select {
                job: (!job.is_empty()).then_some(job.as_str()),
                metric: input.metric.get(),
            };
            Arc::new(
                input.rules.with(|r| input.labels.with(|l| relabel(r, select, RELOADER_ENV, l))),
            )
        },
        |_, _| true,
    );
    // A new text may hold fewer label sets or rules than the selection.
    Effect::new(move |_| {
        let sets = report.with(|r| r.inputs.iter().filter(|i| i.result.is_ok()).count());
        if input.selected.get_untracked() >= sets.max(1) {
            input.selected.set(0);
        }
        input.step.set(None);
    });
    let rule_marks = Signal::derive(move || report.with(|r| marks(&r.rules.diagnostics)));
    let label_marks = Signal::derive(move || {
        report.with(|r| marks(&r.label_errors().cloned().collect::<Vec<_>>()))
    });

    view! {
        <div class="workbench workbench-relabel">
            <section class="pane editor-pane" aria-label="Rules and label sets">
                <Toolbar input=input report=report />
                <h2 class="editor-title">"Rules"</h2>
                <MarkedEditor text=input.rules marks=rule_marks textarea=rules_area testid="relabel-rules" label="Relabel rules (YAML)" />
                <div class="editor-title-row">
                    <h2 class="editor-title">"Label sets " <span class="hint">"one " <code>"{name=\"value\", …}"</code> " per line"</span></h2>
                    <SamplePicker input=input />
                </div>
                <MarkedEditor text=input.labels marks=label_marks textarea=labels_area testid="relabel-labels" label="Label sets, one per line" />
            </section>
            <section class="pane results-pane relabel-results" aria-label="Relabeling">
                <Stats report=report />
                <Problems report=report rules_area=rules_area labels_area=labels_area />
                <trace::Traces input=input report=report rules_area=rules_area />
                <IngestPanel input=input report=report />
            </section>
        </div>
    }
}

fn marks(diagnostics: &[Diagnostic]) -> Vec<Mark> {
    diagnostics
        .iter()
        .filter_map(|d| {
            d.primary_span().map(|s| Mark { start: s.start, end: s.end, error: d.is_error() })
        })
        .collect()
}

#[component]
fn Toolbar(input: RelabelInput, report: Memo<Arc<RelabelReport>>) -> impl IntoView {
    let current = Memo::new(move |_| {
        input.rules.with(|r| examples::EXAMPLES.iter().find(|e| e.rules == r).map(|e| e.id))
    });
    let on_example = move |ev| {
        if let Some(e) = examples::find(&event_target_value(&ev)) {
            input.rules.set(e.rules.to_owned());
            input.labels.set(e.labels.to_owned());
            input.job.set(e.job.to_owned());
            input.metric.set(e.metric);
            input.selected.set(0);
            input.step.set(None);
        }
    };
    let jobs = move || report.with(|r| r.rules.jobs.clone());
    view! {
        <div class="toolbar" role="toolbar" aria-label="Relabel options">
            <label class="field">
                <span class="field-label">"Example"</span>
                <select data-testid="relabel-example" on:change=on_example>
                    <option value="" disabled=true prop:selected=move || current.get().is_none()>"Your rules"</option>
                    {examples::EXAMPLES
                        .iter()
                        .map(|e| view! { <option value=e.id prop:selected=move || current.get() == Some(e.id)>{e.title}</option> })
                        .collect_view()}
                </select>
            </label>
            <Show when=move || !jobs().is_empty()>
                <label class="field">
                    <span class="field-label">"Job"</span>
                    <select data-testid="relabel-job" on:change=move |ev| input.job.set(event_target_value(&ev))>
                        <option value="" prop:selected=move || input.job.get().is_empty()>"(choose a scrape config)"</option>
                        {move || {
                            jobs()
                                .into_iter()
                                .map(|j| {
                                    let selected = j.clone();
                                    let label = j.clone();
                                    view! { <option value=j prop:selected=move || input.job.get() == selected>{label}</option> }
                                })
                                .collect_view()
                        }}
                    </select>
                </label>
            </Show>
            <label class="field" title="Which rules of a prometheus.yml or a mapping to apply">
                <span class="field-label">"Apply"</span>
                <select
                    data-testid="relabel-mode"
                    on:change=move |ev| input.metric.set(event_target_value(&ev) == "metric")
                >
                    <option value="target" prop:selected=move || !input.metric.get()>"relabel_configs (targets)"</option>
                    <option value="metric" prop:selected=move || input.metric.get()>"metric_relabel_configs (samples)"</option>
                </select>
            </label>
        </div>
    }
}

/// Appends a typical discovered-target label set to the label sets.
#[component]
fn SamplePicker(input: RelabelInput) -> impl IntoView {
    let on_pick = move |ev| {
        let id = event_target_value(&ev);
        if let Some((_, set)) = SAMPLE_TARGETS.iter().find(|(title, _)| *title == id) {
            input.labels.update(|l| {
                if !l.is_empty() && !l.ends_with('\n') {
                    l.push('\n');
                }
                l.push_str(set);
                l.push('\n');
            });
        }
    };
    view! {
        <select class="sample-picker" data-testid="relabel-sample" on:change=on_pick prop:value="">
            <option value="" selected=true>"Add a discovered target…"</option>
            {SAMPLE_TARGETS.iter().map(|(title, _)| view! { <option value=*title>{*title}</option> }).collect_view()}
        </select>
    }
}

/// Typical label sets as Prometheus' service discovery produces them.
const SAMPLE_TARGETS: &[(&str, &str)] = &[
    (
        "kubernetes endpoints",
        r#"{__address__="10.244.0.12:8080", job="serviceMonitor/default/app/0", __meta_kubernetes_namespace="default", __meta_kubernetes_service_name="app", __meta_kubernetes_service_label_app="app", __meta_kubernetes_service_labelpresent_app="true", __meta_kubernetes_endpoint_port_name="web", __meta_kubernetes_endpoint_ready="true", __meta_kubernetes_endpoint_address_target_kind="Pod", __meta_kubernetes_endpoint_address_target_name="app-6b7c-9x8z", __meta_kubernetes_pod_name="app-6b7c-9x8z", __meta_kubernetes_pod_container_name="app", __meta_kubernetes_pod_phase="Running", __meta_kubernetes_pod_label_app="app"}"#,
    ),
    (
        "kubernetes pod",
        r#"{__address__="10.244.0.13:9102", job="podMonitor/default/app/0", __meta_kubernetes_namespace="default", __meta_kubernetes_pod_name="app-6b7c-9x8z", __meta_kubernetes_pod_ip="10.244.0.13", __meta_kubernetes_pod_container_name="app", __meta_kubernetes_pod_container_port_name="metrics", __meta_kubernetes_pod_container_port_number="9102", __meta_kubernetes_pod_node_name="node-a", __meta_kubernetes_pod_phase="Running", __meta_kubernetes_pod_ready="true", __meta_kubernetes_pod_label_app="app", __meta_kubernetes_pod_labelpresent_app="true"}"#,
    ),
    (
        "kubernetes node",
        r#"{__address__="192.168.1.10:10250", job="kubelet", __meta_kubernetes_node_name="node-a", __meta_kubernetes_node_address_InternalIP="192.168.1.10", __meta_kubernetes_node_label_kubernetes_io_os="linux", __meta_kubernetes_node_label_topology_kubernetes_io_zone="eu-west-1a"}"#,
    ),
    (
        "static target",
        r#"{__address__="localhost:9090", job="prometheus", __scheme__="http", __metrics_path__="/metrics"}"#,
    ),
    (
        "consul service",
        r#"{__address__="10.1.2.3:8080", job="consul", __meta_consul_service="billing", __meta_consul_dc="dc1", __meta_consul_tags=",prod,http,", __meta_consul_service_metadata_team="payments"}"#,
    ),
];

#[component]
fn Stats(report: Memo<Arc<RelabelReport>>) -> impl IntoView {
    let count = move |f: fn(&promplay_pipeline::relabel::Input) -> bool| {
        report.with(|r| r.inputs.iter().filter(|i| f(i)).count())
    };
    let kept = move || count(|i| i.result.as_ref().is_ok_and(|t| t.output.is_some()));
    let dropped = move || count(|i| i.result.as_ref().is_ok_and(|t| t.output.is_none()));
    let errors = move || {
        report.with(|r| {
            r.rules.diagnostics.iter().filter(|d| d.is_error()).count() + r.label_errors().count()
        })
    };
    let rules = move || report.with(|r| r.rules.rules.len());
    let sets = move || report.with(|r| r.inputs.len());
    view! {
        <dl
            class="stats"
            data-testid="relabel-stats"
            data-rules=move || rules().to_string()
            data-sets=move || sets().to_string()
            data-kept=move || kept().to_string()
            data-dropped=move || dropped().to_string()
            data-errors=move || errors().to_string()
        >
            <div class="stat"><dt>"Rules"</dt><dd>{rules}</dd></div>
            <div class="stat"><dt>"Label sets"</dt><dd>{sets}</dd></div>
            <div class="stat"><dt>"Kept"</dt><dd>{kept}</dd></div>
            <div class="stat"><dt>"Dropped"</dt><dd>{dropped}</dd></div>
            <div class="stat stat-errors" class:nonzero=move || errors() != 0><dt>"Errors"</dt><dd>{errors}</dd></div>
        </dl>
    }
}

#[component]
fn Problems(
    report: Memo<Arc<RelabelReport>>,
    rules_area: NodeRef<Textarea>,
    labels_area: NodeRef<Textarea>,
) -> impl IntoView {
    let items = move || {
        report.with(|r| {
            let rule_text = rules_area.get_untracked().map(|t| t.value()).unwrap_or_default();
            let label_text = labels_area.get_untracked().map(|t| t.value()).unwrap_or_default();
            let rules = r.rules.diagnostics.iter().map(|d| (d.clone(), true));
            let labels = r.label_errors().map(|d| (d.clone(), false));
            rules
                .chain(labels)
                .map(|(d, in_rules)| {
                    let span = d.primary_span().unwrap_or_default();
                    let text = if in_rules { &rule_text } else { &label_text };
                    let pos = LineIndex::new(text).line_col(text, span.start);
                    let area = if in_rules { rules_area } else { labels_area };
                    let place = if in_rules { "rules" } else { "labels" };
                    let severity = d.severity.as_str();
                    view! {
                        <li class=format!("problem {severity}") data-testid="relabel-problem" data-start=span.start.to_string() data-end=span.end.to_string()>
                            <button class="problem-jump" title="Show this place" on:click=move |_| select_span(area, span.start, span.end)>
                                <span class="severity-badge">{severity}</span>
                                <span class="position">{format!("{place} {}:{}", pos.line, pos.col)}</span>
                                <span class="message">{d.message.clone()}</span>
                                <code class="code">{d.code}</code>
                            </button>
                            {d.help.clone().map(|h| view! { <p class="problem-help">"help: " {h}</p> })}
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let total = move || report.with(|r| r.rules.diagnostics.len() + r.label_errors().count());
    let rejected = move || report.with(|r| r.has_rule_errors());
    view! {
        <Show when=move || { total() > 0 }>
            <section class="panel problems-panel" aria-labelledby="relabel-problems-heading">
                <h2 id="relabel-problems-heading" class="panel-title">
                    "Problems " <span class="count">{total}</span>
                    {move || rejected().then(|| view! { <span class="verdict rejected">"Prometheus would refuse this configuration"</span> })}
                </h2>
                <ol class="problems">{items}</ol>
            </section>
        </Show>
    }
}

/// The ingest preview for the selected label set's final labels, with the
/// rules text's `metric_relabel_configs` (if any).
#[component]
fn IngestPanel(input: RelabelInput, report: Memo<Arc<RelabelReport>>) -> impl IntoView {
    let metrics_text = use_context::<Workspace>().map(|w| w.metrics.text);
    let metric_rules = Memo::new_with_compare(
        move |_| {
            let job = input.job.get();
            let select = Select { job: (!job.is_empty()).then_some(job.as_str()), metric: true };
            let set = input
                .rules
                .with(|r| promplay_pipeline::relabel::parse_rules(r, select, RELOADER_ENV));
            (
                Arc::new(set.rules),
                set.job.map(|j| (j.honor_labels, j.honor_timestamps)),
                set.field.is_some(),
            )
        },
        |_, _| true,
    );
    let rules: Signal<Arc<Vec<RelabelConfig>>> =
        Signal::derive(move || metric_rules.with(|m| Arc::clone(&m.0)));
    let job_flags = move || metric_rules.with(|m| m.1);
    let honor_labels =
        Signal::derive(move || job_flags().map_or_else(|| input.honor_labels.get(), |f| f.0));
    let honor_timestamps =
        Signal::derive(move || job_flags().map_or_else(|| input.honor_timestamps.get(), |f| f.1));
    let target = Signal::derive(move || {
        let selected = input.selected.get();
        report.with(|r| {
            r.inputs
                .iter()
                .filter_map(|i| i.result.as_ref().ok())
                .nth(selected)
                .and_then(|t| t.output.clone())
                .unwrap_or_else(Labels::new)
        })
    });
    let has_target = move || {
        report.with(|r| {
            r.inputs
                .iter()
                .filter_map(|i| i.result.as_ref().ok())
                .nth(input.selected.get())
                .is_some_and(|t| t.output.is_some())
        })
    };
    let scrape = Signal::derive(move || {
        if input.scrape_own.get() || metrics_text.is_none() {
            input.scrape.get()
        } else {
            metrics_text.map(|t| t.get()).unwrap_or_default()
        }
    });
    let rule_count = move || metric_rules.with(|m| (m.0.len(), m.2));
    view! {
        <section class="panel ingest-panel" aria-labelledby="ingest-heading">
            <h2 id="ingest-heading" class="panel-title">"Ingest: what a scrape of this target stores"</h2>
            <Show
                when=move || !input.metric.get() && has_target()
                fallback=move || view! {
                    <p class="empty-note">
                        {move || if input.metric.get() {
                            "Switch the rules to relabel_configs (targets) to preview a scrape: the label sets are then targets."
                        } else {
                            "The selected label set was dropped, so nothing is scraped from it."
                        }}
                    </p>
                }
            >
                <div class="toolbar ingest-options">
                    <label class="toggle" title="Use a scrape of your own instead of the Metrics workbench's text">
                        <input type="checkbox" data-testid="ingest-own-scrape" prop:checked=move || input.scrape_own.get() on:change=move |ev| input.scrape_own.set(event_target_checked(&ev)) />
                        <span>"Own scrape text"</span>
                    </label>
                    <label class="toggle" title="honor_labels: exposed labels win over the target's (from the job when the rules are a prometheus.yml)">
                        <input type="checkbox" data-testid="ingest-honor-labels" prop:checked=move || honor_labels.get() prop:disabled=move || job_flags().is_some() on:change=move |ev| input.honor_labels.set(event_target_checked(&ev)) />
                        <span>"honor_labels"</span>
                    </label>
                    <label class="toggle" title="honor_timestamps: keep timestamps the target exposes">
                        <input type="checkbox" data-testid="ingest-honor-timestamps" prop:checked=move || honor_timestamps.get() prop:disabled=move || job_flags().is_some() on:change=move |ev| input.honor_timestamps.set(event_target_checked(&ev)) />
                        <span>"honor_timestamps"</span>
                    </label>
                    <span class="hint">{move || match rule_count() {
                        (_, false) => "no metric_relabel_configs in the rules: samples only get the target labels".to_owned(),
                        (n, true) => format!("{n} metric_relabel_configs rule{} applied", if n == 1 { "" } else { "s" }),
                    }}</span>
                </div>
                <Show when=move || input.scrape_own.get() || metrics_text.is_none()>
                    <textarea class="ingest-scrape" data-testid="ingest-scrape" aria-label="Scrape text" spellcheck="false" wrap="off"
                        prop:value=move || input.scrape.get() on:input=move |ev| input.scrape.set(event_target_value(&ev))
                        placeholder="# Paste what the target's /metrics returns"></textarea>
                </Show>
                <IngestPreview scrape=scrape target=target rules=rules honor_labels=honor_labels honor_timestamps=honor_timestamps />
            </Show>
        </section>
    }
}
