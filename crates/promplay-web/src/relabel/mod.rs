//! The Relabel workbench (`#/relabel`): paste relabel rules (a list, a
//! `relabel_configs` mapping or a whole prometheus.yml with a job chosen) and
//! label sets, one a line; step through the rules as a per-rule diff, see
//! the final labels or the rule that dropped them, and preview what a scrape
//! of the resulting target would store. Everything comes from
//! `promplay_pipeline::relabel` / `ingest`, the calls `promplay relabel` makes,
//! run in the engine worker ([`task`]): the page shows their views and
//! keeps the previous result on screen while a new one is computed.
//!
//! DOM contract (for tests/e2e): `relabel-rules`, `relabel-labels`,
//! `relabel-example`, `relabel-job`, `relabel-mode` (`target`/`metric`),
//! `relabel-sample`, `relabel-stats` (`data-rules`, `data-sets`, `data-kept`,
//! `data-dropped`, `data-errors`), `relabel-problem[data-start][data-end]`,
//! `relabel-set[data-index][data-outcome]`, `relabel-step[data-rule][data-outcome]`,
//! `relabel-prev`, `relabel-next`, `relabel-result[data-dropped]`,
//! `relabel-step-labels`, `change[data-kind]`, plus the ingest preview's.
//! While the engine worker computes, `relabel-stats` has `aria-busy="true"`;
//! if the worker fails, `relabel-engine-error` says why.

pub(crate) mod examples;
mod ingest;
mod marked;
pub(crate) mod state;
pub(crate) mod task;
mod trace;

use std::sync::Arc;

use leptos::html::Textarea;
use leptos::prelude::*;
use promplay_model::Labels;

pub use ingest::IngestPreview;
use marked::{Mark, MarkedEditor, select_span};
pub use state::RelabelInput;
use task::{Problem, RelabelTask, RelabelView};

use crate::editing::Lang;
use crate::engine;
use crate::workspace::Workspace;

/// The Relabel workbench.
#[component]
pub fn RelabelWorkbench(input: RelabelInput) -> impl IntoView {
    let rules_area = NodeRef::<Textarea>::new();
    let labels_area = NodeRef::<Textarea>::new();
    let task = Memo::new(move |_| RelabelTask {
        rules: input.rules.get(),
        labels: input.labels.get(),
        job: input.job.get(),
        metric: input.metric.get(),
    });
    let run = engine::latest(move || Some(task.get()));
    let report = Memo::new_with_compare(move |_| run.output.get().unwrap_or_default(), |_, _| true);
    // A new text may hold fewer label sets or rules than the selection.
    Effect::new(move |_| {
        let sets = report.with(|r| r.traces.len());
        if input.selected.get_untracked() >= sets.max(1) {
            input.selected.set(0);
        }
        input.step.set(None);
    });
    let rule_marks = Signal::derive(move || report.with(|r| marks(&r.problems, true)));
    let label_marks = Signal::derive(move || report.with(|r| marks(&r.problems, false)));

    view! {
        <div class="workbench workbench-relabel">
            <section class="pane editor-pane" aria-label="Rules and label sets">
                <Toolbar input=input report=report />
                <h2 class="editor-title">"Rules"</h2>
                <MarkedEditor text=input.rules marks=rule_marks textarea=rules_area testid="relabel-rules" label="Relabel rules (YAML)" lang=Lang::Yaml />
                <div class="editor-title-row">
                    <h2 class="editor-title">"Label sets " <span class="hint">"one " <code>"{name=\"value\", …}"</code> " per line"</span></h2>
                    <SamplePicker input=input />
                </div>
                <MarkedEditor text=input.labels marks=label_marks textarea=labels_area testid="relabel-labels" label="Label sets, one per line" lang=Lang::Hash />
            </section>
            <section class="pane results-pane relabel-results" aria-label="Relabeling">
                <Stats report=report busy=run.busy />
                {move || run.error.get().map(|e| view! {
                    <p class="notice error" data-testid="relabel-engine-error">{format!("Relabeling could not run: {e}")}</p>
                })}
                <Problems report=report rules_area=rules_area labels_area=labels_area />
                <trace::Traces input=input report=report rules_area=rules_area />
                <IngestPanel input=input report=report />
            </section>
        </div>
    }
}

/// The underlines for the rules editor (`in_rules`) or the label-set editor.
fn marks(problems: &[Problem], in_rules: bool) -> Vec<Mark> {
    problems
        .iter()
        .filter(|p| p.in_rules == in_rules)
        .filter_map(|p| {
            let error = p.severity == promplay_diagnostics::Severity::Error;
            p.span.map(|s| Mark { start: s.start, end: s.end, error })
        })
        .collect()
}

#[component]
fn Toolbar(input: RelabelInput, report: Memo<Arc<RelabelView>>) -> impl IntoView {
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
    let jobs = move || report.with(|r| r.jobs.clone());
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
        <select class="sample-picker" data-testid="relabel-sample" aria-label="Add a discovered target" on:change=on_pick prop:value="">
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

/// The counts; `aria-busy` while a run is under way.
#[component]
fn Stats(report: Memo<Arc<RelabelView>>, busy: RwSignal<bool>) -> impl IntoView {
    let kept = move || report.with(|r| r.traces.iter().filter(|t| t.output.is_some()).count());
    let dropped = move || report.with(|r| r.traces.iter().filter(|t| t.output.is_none()).count());
    let errors = move || report.with(|r| r.errors);
    let rules = move || report.with(|r| r.rules.len());
    let sets = move || report.with(|r| r.set_count);
    view! {
        <dl
            class="stats"
            class:busy=move || busy.get()
            aria-busy=move || busy.get().to_string()
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
    report: Memo<Arc<RelabelView>>,
    rules_area: NodeRef<Textarea>,
    labels_area: NodeRef<Textarea>,
) -> impl IntoView {
    let items = move || {
        report.with(|r| {
            r.problems
                .iter()
                .map(|p| {
                    let (in_rules, span) = (p.in_rules, p.span.unwrap_or_default());
                    let area = if in_rules { rules_area } else { labels_area };
                    let place = if in_rules { "rules" } else { "labels" };
                    let severity = p.severity.as_str();
                    view! {
                        <li class=format!("problem {severity}") data-testid="relabel-problem" data-start=span.start.to_string() data-end=span.end.to_string()>
                            <button class="problem-jump" title="Show this place" on:click=move |_| select_span(area, span.start, span.end)>
                                <span class="severity-badge">{severity}</span>
                                <span class="position">{format!("{place} {}:{}", p.line, p.col)}</span>
                                <span class="message">{p.message.clone()}</span>
                                <code class="code">{p.code.clone()}</code>
                            </button>
                            {p.help.clone().map(|h| view! { <p class="problem-help">"help: " {h}</p> })}
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let total = move || report.with(|r| r.problems.len());
    let rejected = move || report.with(|r| r.rules_refused);
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
fn IngestPanel(input: RelabelInput, report: Memo<Arc<RelabelView>>) -> impl IntoView {
    let metrics_text = use_context::<Workspace>().map(|w| w.metrics.text);
    let metric_rules = Memo::new(move |_| report.with(|r| r.metric_rules.clone()));
    // The rules text itself when it has metric_relabel_configs (the preview
    // takes them from it, for the chosen job); a bare list is target rules.
    let rules_yaml = Signal::derive(move || {
        if metric_rules.with(|m| m.present) { input.rules.get() } else { String::new() }
    });
    let job = Signal::derive(move || input.job.get());
    let job_flags = move || metric_rules.with(|m| m.job_flags);
    let honor_labels =
        Signal::derive(move || job_flags().map_or_else(|| input.honor_labels.get(), |f| f.0));
    let honor_timestamps =
        Signal::derive(move || job_flags().map_or_else(|| input.honor_timestamps.get(), |f| f.1));
    let selected_output = move || {
        let selected = input.selected.get();
        report.with(|r| r.traces.get(selected).map(|t| t.output.clone()))
    };
    let target = Signal::derive(move || selected_output().flatten().unwrap_or_else(Labels::new));
    let has_target = move || selected_output().is_some_and(|o| o.is_some());
    let scrape = Signal::derive(move || {
        if input.scrape_own.get() || metrics_text.is_none() {
            input.scrape.get()
        } else {
            metrics_text.map(|t| t.get()).unwrap_or_default()
        }
    });
    let rule_count = move || metric_rules.with(|m| (m.count, m.present));
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
                        on:keydown=move |ev| { crate::editing::keydown(&ev, Lang::Hash); }
                        aria-describedby=crate::keys::EDITOR_HELP_ID
                        placeholder="# Paste what the target's /metrics returns"></textarea>
                </Show>
                <IngestPreview scrape=scrape target=target rules_yaml=rules_yaml job=job honor_labels=honor_labels honor_timestamps=honor_timestamps />
            </Show>
        </section>
    }
}
