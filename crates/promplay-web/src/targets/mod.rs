//! The Targets workbench: the same manifests as the Operator workbench (one
//! shared input, so switching tabs keeps them); out come, for the chosen
//! Prometheus, its jobs with active and dropped counts, each job's target
//! table, a target's relabeling as a per-rule diff, and for every monitor
//! without an active target the chain of checks that explains why, with
//! links into the manifests. Everything comes from
//! `promplay_pipeline::targets`, the call `promplay targets` makes, run in
//! the engine worker ([`task`]); the page keeps the previous result on
//! screen while a newer one is analysed.
//!
//! DOM contract (for tests/e2e): `targets-stats` (`data-jobs`, `data-active`,
//! `data-dropped`, `data-ms`, `data-busy`; shown once the first analysis is in), `targets-prometheus` (select),
//! `targets-job[data-name][data-active][data-dropped]`, `targets-target[data-state]`,
//! `targets-trace`, `targets-trace-step[data-dropped]`, `targets-why[data-object]`,
//! `targets-step[data-ok][data-code]`, `targets-fix`, `targets-jump`.

pub(crate) mod task;

use leptos::html::Textarea;
use leptos::prelude::*;

use crate::engine::{self, Latest};
use crate::operator::{EngineError, FileTabs, ManifestEditor, OperatorInput, Toolbar, select_in};
use crate::relabel::IngestPreview;
use crate::workspace::Workspace;
use task::{
    CheckView, JobView, Place, PrometheusView, TargetState, TargetsOutput, TargetsTask, TraceTask,
    TraceView,
};

/// The newest analysis from the engine worker.
type Analysed = Latest<TargetsOutput>;

/// What is chosen on screen: the Prometheus (index), the job (by name, so
/// it survives an edit) and the target (index into the job's targets).
#[derive(Clone, Copy)]
struct Choice {
    prometheus: RwSignal<usize>,
    job: RwSignal<Option<String>>,
    target: RwSignal<Option<usize>>,
}

/// The Targets workbench.
#[component]
pub fn TargetsWorkbench(input: OperatorInput) -> impl IntoView {
    let textarea = NodeRef::<Textarea>::new();
    let analysed: Analysed = engine::latest(move || Some(TargetsTask { input: input.task() }));
    let options_problem = Signal::derive(move || {
        analysed.output.with(|o| o.as_ref().and_then(|o| o.options_problem.clone()))
    });
    Effect::new(move |first: Option<()>| {
        input.files.track();
        if first.is_some() {
            input.save();
        }
    });
    let choice = Choice {
        prometheus: RwSignal::new(0usize),
        job: RwSignal::new(None::<String>),
        target: RwSignal::new(None::<usize>),
    };
    // The clicked target's relabeling, traced in the worker.
    let trace = engine::latest(move || {
        let target = choice.target.get()?;
        let prometheus = choice.prometheus.get();
        let chosen = choice.job.get();
        let job = analysed.output.with(|o| {
            o.as_deref().and_then(|o| shown_job(o, prometheus, chosen.as_ref())).map(|(i, _)| i)
        })?;
        Some(TraceTask { input: input.task(), prometheus, job, target })
    });
    let pending_select = RwSignal::new(None::<(u32, u32)>);
    Effect::new(move |_| {
        let Some((start, end)) = pending_select.get() else { return };
        input.active.track();
        let Some(el) = textarea.get() else { return };
        let text = el.value();
        select_in(&el, &text, start, end);
        pending_select.set(None);
    });
    let jump = move |at: Place| {
        if input.active.get_untracked() != at.file {
            input.active.set(at.file);
        }
        pending_select.set(Some((at.span.start, at.span.end)));
    };
    view! {
        <div class="workbench workbench-operator workbench-targets">
            <section class="pane editor-pane" aria-label="Manifests">
                <Toolbar input=input options_problem=options_problem />
                <FileTabs input=input />
                <ManifestEditor input=input textarea=textarea />
            </section>
            <section class="pane results-pane" aria-label="Targets">
                <EngineError error=analysed.error />
                <Overview analysed=analysed choice=choice />
                <Why analysed=analysed prometheus=choice.prometheus jump=jump />
                <Jobs analysed=analysed choice=choice />
                <Targets analysed=analysed choice=choice trace=trace jump=jump />
                <Ingest analysed=analysed choice=choice />
            </section>
        </div>
    }
}

fn with_prometheus<T>(
    analysed: Analysed,
    i: usize,
    f: impl FnOnce(&PrometheusView) -> T,
) -> Option<T> {
    analysed.output.with(|o| o.as_ref().and_then(|o| o.prometheuses.get(i)).map(f))
}

#[component]
fn Overview(analysed: Analysed, choice: Choice) -> impl IntoView {
    let totals = move || {
        with_prometheus(analysed, choice.prometheus.get(), |p| {
            (
                p.jobs.len(),
                p.jobs.iter().map(|j| j.active).sum::<usize>(),
                p.jobs.iter().map(|j| j.dropped).sum::<usize>(),
            )
        })
        .unwrap_or_default()
    };
    let names = move || {
        analysed.output.with(|o| {
            o.iter().flat_map(|o| &o.prometheuses).map(|p| p.title.clone()).collect::<Vec<_>>()
        })
    };
    let busy = move || analysed.busy.get();
    let stats = move || {
        view! {
            <dl
                class="stats"
                data-testid="targets-stats"
                data-jobs=move || totals().0.to_string()
                data-active=move || totals().1.to_string()
                data-dropped=move || totals().2.to_string()
                data-ms=move || format!("{:.3}", analysed.ms.get())
                data-busy=move || busy().to_string()
            >
                <div class="stat"><dt>"Jobs"</dt><dd>{move || totals().0}</dd></div>
                <div class="stat stat-up"><dt>"Active"</dt><dd>{move || totals().1}</dd></div>
                <div class="stat"><dt>"Dropped"</dt><dd>{move || totals().2}</dd></div>
                <div class="stat" role="status">
                    <dt>"Analysed in"</dt>
                    <dd>{move || if busy() { "analysing…".to_owned() } else { format!("{:.1} ms", analysed.ms.get()) }}</dd>
                </div>
            </dl>
        }
    };
    let done = move || analysed.output.with(Option::is_some);
    view! {
        <div class="targets-head">
            <label class="field">
                <span class="field-label">"Prometheus"</span>
                <select data-testid="targets-prometheus" on:change=move |ev| {
                    choice.prometheus.set(event_target_value(&ev).parse().unwrap_or(0));
                    choice.job.set(None);
                    choice.target.set(None);
                }>
                    {move || names().into_iter().enumerate().map(|(i, n)| view! { <option value=i.to_string() prop:selected=move || choice.prometheus.get() == i>{n}</option> }).collect_view()}
                </select>
            </label>
            <Show when=done fallback=|| view! { <p class="notice" role="status">"Analysing the manifests…"</p> }>
                {stats}
            </Show>
            {move || (done() && names().is_empty()).then(|| view! {
                <p class="empty-note">"No Prometheus in the manifests: add one (with a serviceMonitorSelector) to see its targets."</p>
            })}
            {move || with_prometheus(analysed, choice.prometheus.get(), |p| p.note.clone()).flatten().map(|n| view! { <p class="notice">{n}</p> })}
        </div>
    }
}

#[component]
fn Why(
    analysed: Analysed,
    prometheus: RwSignal<usize>,
    jump: impl Fn(Place) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    // The monitors without targets in the chosen Prometheus, and those no
    // Prometheus selects.
    let shown = move || {
        let own = with_prometheus(analysed, prometheus.get(), |p| p.name.clone());
        analysed.output.with(|o| {
            o.iter()
                .flat_map(|o| &o.monitors)
                .filter(|m| m.prometheus.is_none() || m.prometheus == own)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let items = move || {
        shown()
            .into_iter()
            .map(|m| {
                let heading = match &m.prometheus {
                    Some(p) => format!(
                        "{}: 0 active targets in Prometheus {p} ({} discovered)",
                        m.object, m.discovered
                    ),
                    None => format!("{}: selected by no Prometheus", m.object),
                };
                let steps = m
                    .chain
                    .into_iter()
                    .map(|s| view! { <StepRow step=s jump=jump /> })
                    .collect_view();
                view! {
                    <li class="why" data-testid="targets-why" data-object=m.object>
                        <h3 class="why-title">{heading}</h3>
                        <ol class="chain">{steps}</ol>
                    </li>
                }
            })
            .collect_view()
    };
    let count = move || shown().len();
    let done = move || analysed.output.with(Option::is_some);
    view! {
        <section class="panel why-panel" aria-labelledby="targets-why-heading">
            <h2 id="targets-why-heading" class="panel-title">"Why 0 targets? " <span class="count">{count}</span></h2>
            <Show when=move || done() && count() == 0>
                <p class="empty-note ok">"Every monitor has at least one active target."</p>
            </Show>
            <ul class="whys">{items}</ul>
        </section>
    }
}

#[component]
fn StepRow(step: CheckView, jump: impl Fn(Place) + Copy + Send + Sync + 'static) -> impl IntoView {
    let at = step.at;
    let fix_at = step.fix_at;
    let code = step.code.clone();
    view! {
        <li class="step" class:ok=step.ok class:break=!step.ok data-testid="targets-step" data-ok=step.ok.to_string() data-code=code>
            <span class="step-mark" aria-hidden="true">{if step.ok { "✓" } else { "✗" }}</span>
            <div class="step-body">
                <p class="step-message">
                    {step.message.clone()}
                    {at.map(|l| view! { <button class="link step-jump" data-testid="targets-jump" title="Show this place in the manifests" on:click=move |_| jump(l)>"show"</button> })}
                </p>
                {(!step.details.is_empty()).then(|| view! { <ul class="step-details">{step.details.iter().map(|d| view! { <li>{d.clone()}</li> }).collect_view()}</ul> })}
                {step.fix.clone().map(|f| view! {
                    <p class="step-fix" data-testid="targets-fix">
                        <strong>"Fix: "</strong>{f}
                        {fix_at.map(|l| view! { <button class="link step-jump" title="Show where to make the fix" on:click=move |_| jump(l)>"go there"</button> })}
                    </p>
                })}
            </div>
            <code class="code">{step.code}</code>
        </li>
    }
}

#[component]
fn Jobs(analysed: Analysed, choice: Choice) -> impl IntoView {
    let rows = move || {
        with_prometheus(analysed, choice.prometheus.get(), |p| {
            p.jobs
                .iter()
                .map(|j| {
                    let name = j.name.clone();
                    let n2 = name.clone();
                    let n3 = name.clone();
                    let (active, dropped) = (j.active, j.dropped);
                    let source = j.source.clone();
                    view! {
                        <tr
                            data-testid="targets-job"
                            data-name=name
                            data-active=active.to_string()
                            data-dropped=dropped.to_string()
                            class:selected=move || choice.job.get().as_deref() == Some(n2.as_str())
                            class:zero=active == 0
                            on:click=move |_| { choice.job.set(Some(n3.clone())); choice.target.set(None); }
                        >
                            <td><button class="link">{name.clone()}</button></td>
                            <td class="num up">{active}</td>
                            <td class="num">{dropped}</td>
                            <td class="source">{source}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class="panel jobs-panel" aria-labelledby="targets-jobs-heading">
            <h2 id="targets-jobs-heading" class="panel-title">"Jobs"</h2>
            <table class="jobs">
                <thead><tr><th>"Job"</th><th class="num">"Active"</th><th class="num">"Dropped"</th><th>"From"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}

#[component]
fn Targets(
    analysed: Analysed,
    choice: Choice,
    trace: Latest<Option<TraceView>>,
    jump: impl Fn(Place) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    // Without a chosen job, show the first one that has targets.
    let current = move || {
        let prometheus = choice.prometheus.get();
        let chosen = choice.job.get();
        analysed.output.with(|o| {
            o.as_deref()
                .and_then(|o| shown_job(o, prometheus, chosen.as_ref()))
                .map(|(i, j)| (i, j.clone()))
        })
    };
    let job_view = move || {
        let Some((job_index, j)) = current() else {
            return view! { <p class="empty-note">"No jobs."</p> }.into_any();
        };
        // Active targets first, as Prometheus' /targets page lists them;
        // then the dropped ones, as its /service-discovery page does.
        let mut order: Vec<usize> = (0..j.targets.len()).collect();
        order.sort_by_key(|&i| j.targets[i].state);
        let rows = order
            .into_iter()
            .map(|i| {
                let t = &j.targets[i];
                let state = t.state.as_str();
                view! {
                    <tr data-testid="targets-target" data-state=state class=format!("target {state}") class:selected=move || choice.target.get() == Some(i) on:click=move |_| choice.target.set(Some(i))>
                        <td><span class=format!("badge {state}")>{state}</span></td>
                        <td><code>{t.endpoint.clone()}</code><div class="target-group">{t.group.clone()}</div></td>
                        <td class="labels"><code>{t.detail.clone()}</code></td>
                    </tr>
                }
            })
            .collect_view();
        let problems = j.problems.iter().map(|p| view! { <li>{p.clone()}</li> }).collect_view();
        let title = format!(
            "{}: {} active, {} dropped of {} discovered",
            j.name,
            j.active,
            j.dropped,
            j.targets.len()
        );
        // The trace on screen is the one for this job and target.
        let wanted = move || choice.target.get().map(|t| (choice.prometheus.get(), job_index, t));
        let trace_view = move || {
            let wanted = wanted()?;
            let shown = trace.output.with(|o| {
                o.as_deref().and_then(Option::as_ref).filter(|t| t.at == wanted).cloned()
            });
            Some(match shown {
                Some(t) => view! { <Trace trace=t jump=jump /> }.into_any(),
                None => view! { <p class="notice" role="status">"Tracing the relabeling…"</p> }
                    .into_any(),
            })
        };
        view! {
            <div class="job-detail">
                <h3 class="job-title">{title}</h3>
                <p class="job-discovery">{j.discovery.clone()}</p>
                <ul class="job-problems">{problems}</ul>
                {j.targets.is_empty().then(|| view! { <p class="empty-note">"Discovery found no targets for this job in the manifests."</p> })}
                <table class="targets-table">
                    <thead><tr><th>"State"</th><th>"Endpoint"</th><th>"Labels"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
                {trace_view}
            </div>
        }
        .into_any()
    };
    view! {
        <section class="panel targets-panel" aria-labelledby="targets-targets-heading">
            <h2 id="targets-targets-heading" class="panel-title">"Targets" <span class="panel-hint">"click a target for its relabeling"</span></h2>
            {job_view}
        </section>
    }
}

#[component]
fn Trace(trace: TraceView, jump: impl Fn(Place) + Copy + Send + Sync + 'static) -> impl IntoView {
    let steps = trace
        .steps
        .into_iter()
        .map(|s| {
            let changes = s
                .changes
                .iter()
                .map(|(name, old, new)| {
                    let (class, text) = match (old, new) {
                        (None, Some(v)) => ("added", format!("+ {name}={v:?}")),
                        (Some(o), Some(v)) => ("changed", format!("~ {name}: {o:?} → {v:?}")),
                        (Some(o), None) => ("removed", format!("- {name}={o:?}")),
                        (None, None) => ("", String::new()),
                    };
                    view! { <li class=class>{text}</li> }
                })
                .collect_view();
            let dropped = s.dropped;
            let reason = s.reason;
            view! {
                <li class="trace-step" class:dropped=dropped data-testid="targets-trace-step" data-dropped=dropped.to_string()>
                    <p class="trace-rule"><span class="rule-no">{format!("#{}", s.rule + 1)}</span> <code>{s.summary}</code></p>
                    {s.origin.map(|(what, at)| {
                        view! { <p class="trace-origin">"from " {what} {at.map(|l| view! { <button class="link" on:click=move |_| jump(l)>"show"</button> })}</p> }
                    })}
                    {dropped.then(|| view! { <p class="trace-dropped">"dropped: " {reason}</p> })}
                    <ul class="trace-changes">{changes}</ul>
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="trace" data-testid="targets-trace">
            <h3>"Relabeling of " <code>{trace.address}</code></h3>
            <details class="trace-discovered"><summary>"Discovered labels"</summary><code>{trace.discovered}</code></details>
            <ol class="trace-steps">{steps}</ol>
            <p class="panel-hint">"Rules that changed nothing are not shown."</p>
        </div>
    }
}

/// The job shown, with its index: the chosen one, else the first with
/// targets.
fn shown_job<'a>(
    o: &'a TargetsOutput,
    prometheus: usize,
    chosen: Option<&String>,
) -> Option<(usize, &'a JobView)> {
    let jobs = &o.prometheuses.get(prometheus)?.jobs;
    let at = jobs
        .iter()
        .position(|j| Some(&j.name) == chosen)
        .or_else(|| jobs.iter().position(|j| !j.targets.is_empty()))
        .or((!jobs.is_empty()).then_some(0))?;
    Some((at, &jobs[at]))
}

/// What the ingest preview needs of the shown job and target.
#[derive(Clone, Debug, PartialEq)]
struct Picked {
    job: String,
    target: promplay_model::Labels,
    target_text: String,
    rules_yaml: String,
    honor_labels: bool,
    honor_timestamps: bool,
}

/// The scrape-side preview: the Metrics workbench's text as if scraped from
/// the selected target (or the job's first active one), through the job's
/// `metric_relabel_configs`, `honor_labels` and `honor_timestamps`.
#[component]
fn Ingest(analysed: Analysed, choice: Choice) -> impl IntoView {
    let scrape: Signal<String> = match use_context::<Workspace>() {
        Some(w) => w.metrics.text.into(),
        None => Signal::derive(String::new),
    };
    let picked = Memo::new(move |_| {
        let prometheus = choice.prometheus.get();
        let chosen = choice.job.get();
        let target = choice.target.get();
        analysed.output.with(|o| {
            let (_, j) = shown_job(o.as_deref()?, prometheus, chosen.as_ref())?;
            let up = |t: &&task::TargetView| t.state == TargetState::Up;
            let t = target
                .and_then(|i| j.targets.get(i))
                .filter(up)
                .or_else(|| j.targets.iter().find(up))?;
            Some(Picked {
                job: j.name.clone(),
                target: t.labels.clone(),
                target_text: t.detail.clone(),
                rules_yaml: j.metric_relabel_yaml.clone(),
                honor_labels: j.honor_labels,
                honor_timestamps: j.honor_timestamps,
            })
        })
    });
    let target_labels = Signal::derive(move || {
        picked.with(|p| p.as_ref().map(|p| p.target.clone()).unwrap_or_default())
    });
    let rules_yaml = Signal::derive(move || {
        picked.with(|p| p.as_ref().map(|p| p.rules_yaml.clone()).unwrap_or_default())
    });
    let honor_labels =
        Signal::derive(move || picked.with(|p| p.as_ref().is_some_and(|p| p.honor_labels)));
    let honor_timestamps =
        Signal::derive(move || picked.with(|p| p.as_ref().is_none_or(|p| p.honor_timestamps)));
    view! {
        <section class="panel ingest-panel" aria-labelledby="targets-ingest-heading">
            <h2 id="targets-ingest-heading" class="panel-title">
                "What Prometheus would ingest"
                <span class="panel-hint">"the Metrics workbench's text, scraped from this target"</span>
            </h2>
            {move || match picked.with(|p| p.as_ref().map(|p| (p.job.clone(), p.target_text.clone()))) {
                None => view! { <p class="empty-note">"No active target in this job: nothing is scraped."</p> }.into_any(),
                Some((name, labels)) => view! {
                    <div class="job-detail" data-testid="targets-ingest">
                        <p class="job-discovery">{format!("{name} · target {labels}")}</p>
                        {move || scrape.with(String::is_empty).then(|| view! {
                            <p class="empty-note">"Paste a scrape into the Metrics workbench to see what would be stored."</p>
                        })}
                        <IngestPreview scrape=scrape target=target_labels rules_yaml=rules_yaml honor_labels=honor_labels honor_timestamps=honor_timestamps />
                    </div>
                }.into_any(),
            }}
        </section>
    }
}
