//! The Targets workbench: the same manifests as the Operator workbench (one
//! shared input, so switching tabs keeps them); out come, for the chosen
//! Prometheus, its jobs with active and dropped counts, each job's target
//! table, a target's relabeling as a per-rule diff, and for every monitor
//! without an active target the chain of checks that explains why, with
//! links into the manifests. Everything comes from
//! `promplay_pipeline::targets`, the call `promplay targets` makes.
//!
//! DOM contract (for tests/e2e): `targets-stats` (`data-jobs`, `data-active`,
//! `data-dropped`, `data-ms`), `targets-prometheus` (select),
//! `targets-job[data-name][data-active][data-dropped]`, `targets-target[data-state]`,
//! `targets-trace`, `targets-trace-step[data-dropped]`, `targets-why[data-object]`,
//! `targets-step[data-ok][data-code]`, `targets-fix`, `targets-jump`.

use std::sync::Arc;

use leptos::html::Textarea;
use leptos::prelude::*;
use promplay_pipeline::model::Labels;
use promplay_pipeline::operator::OperatorCache;
use promplay_pipeline::targets::{Analysis, ChainStep, Job, Location, Outcome, analyze_report};

use crate::browser;
use crate::operator::{Compiled, FileTabs, ManifestEditor, OperatorInput, Toolbar, select_in};
use crate::relabel::IngestPreview;
use crate::workspace::Workspace;

/// The analysis on screen and the time it took.
struct Analysed {
    analysis: Analysis,
    ms: f64,
}

/// The Targets workbench.
#[component]
pub fn TargetsWorkbench(input: OperatorInput) -> impl IntoView {
    let textarea = NodeRef::<Textarea>::new();
    let cache = StoredValue::new_local(OperatorCache::new());
    let compiled = Memo::new_with_compare(
        move |_| {
            let sources = input.sources();
            let (options, options_problem) = input.options();
            let start = browser::now_ms();
            let report = cache
                .try_update_value(|c| c.compile(&sources, &options))
                .unwrap_or_else(|| OperatorCache::new().compile(&sources, &options));
            let ms = browser::now_ms() - start;
            Arc::new(Compiled { report, ms, options_problem })
        },
        |_, _| true,
    );
    let analysed = Memo::new_with_compare(
        move |_| {
            let start = browser::now_ms();
            let analysis = compiled.with(|c| analyze_report(&c.report));
            let ms = compiled.with(|c| c.ms) + browser::now_ms() - start;
            Arc::new(Analysed { analysis, ms })
        },
        |_, _| true,
    );
    Effect::new(move |first: Option<()>| {
        input.files.track();
        if first.is_some() {
            input.save();
        }
    });
    let prometheus = RwSignal::new(0usize);
    let job = RwSignal::new(None::<String>);
    let target = RwSignal::new(None::<usize>);
    let pending_select = RwSignal::new(None::<(u32, u32)>);
    Effect::new(move |_| {
        let Some((start, end)) = pending_select.get() else { return };
        input.active.track();
        let Some(el) = textarea.get() else { return };
        let text = el.value();
        select_in(&el, &text, start, end);
        pending_select.set(None);
    });
    let jump = move |loc: Location| {
        if input.active.get_untracked() != loc.file {
            input.active.set(loc.file);
        }
        pending_select.set(Some((loc.span.start, loc.span.end)));
    };
    view! {
        <div class="workbench workbench-operator workbench-targets">
            <section class="pane editor-pane" aria-label="Manifests">
                <Toolbar input=input compiled=compiled />
                <FileTabs input=input />
                <ManifestEditor input=input textarea=textarea />
            </section>
            <section class="pane results-pane" aria-label="Targets">
                <Overview analysed=analysed prometheus=prometheus job=job target=target />
                <Why analysed=analysed prometheus=prometheus jump=jump />
                <Jobs analysed=analysed prometheus=prometheus job=job target=target />
                <Targets analysed=analysed prometheus=prometheus job=job target=target jump=jump />
                <Ingest analysed=analysed prometheus=prometheus job=job target=target />
            </section>
        </div>
    }
}

fn with_prometheus<T>(
    a: &Analysed,
    i: usize,
    f: impl FnOnce(&promplay_pipeline::targets::PrometheusTargets) -> T,
) -> Option<T> {
    a.analysis.prometheuses.get(i).map(f)
}

#[component]
fn Overview(
    analysed: Memo<Arc<Analysed>>,
    prometheus: RwSignal<usize>,
    job: RwSignal<Option<String>>,
    target: RwSignal<Option<usize>>,
) -> impl IntoView {
    let totals = move || {
        analysed.with(|a| {
            with_prometheus(a, prometheus.get(), |p| {
                (
                    p.jobs.len(),
                    p.jobs.iter().map(Job::active).sum::<usize>(),
                    p.jobs.iter().map(Job::dropped).sum::<usize>(),
                )
            })
            .unwrap_or_default()
        })
    };
    let names = move || {
        analysed.with(|a| {
            a.analysis
                .prometheuses
                .iter()
                .map(|p| format!("{} {}/{}", p.kind, p.namespace, p.name))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <div class="targets-head">
            <label class="field">
                <span class="field-label">"Prometheus"</span>
                <select data-testid="targets-prometheus" on:change=move |ev| {
                    prometheus.set(event_target_value(&ev).parse().unwrap_or(0));
                    job.set(None);
                    target.set(None);
                }>
                    {move || names().into_iter().enumerate().map(|(i, n)| view! { <option value=i.to_string() prop:selected=move || prometheus.get() == i>{n}</option> }).collect_view()}
                </select>
            </label>
            <dl
                class="stats"
                data-testid="targets-stats"
                data-jobs=move || totals().0.to_string()
                data-active=move || totals().1.to_string()
                data-dropped=move || totals().2.to_string()
                data-ms=move || analysed.with(|a| format!("{:.3}", a.ms))
            >
                <div class="stat"><dt>"Jobs"</dt><dd>{move || totals().0}</dd></div>
                <div class="stat stat-up"><dt>"Active"</dt><dd>{move || totals().1}</dd></div>
                <div class="stat"><dt>"Dropped"</dt><dd>{move || totals().2}</dd></div>
                <div class="stat"><dt>"Analysed in"</dt><dd>{move || analysed.with(|a| format!("{:.1} ms", a.ms))}</dd></div>
            </dl>
            {move || analysed.with(|a| a.analysis.prometheuses.is_empty()).then(|| view! {
                <p class="empty-note">"No Prometheus in the manifests: add one (with a serviceMonitorSelector) to see its targets."</p>
            })}
            {move || analysed.with(|a| with_prometheus(a, prometheus.get(), |p| p.note.clone()).flatten()).map(|n| view! { <p class="notice">{n}</p> })}
        </div>
    }
}

#[component]
fn Why(
    analysed: Memo<Arc<Analysed>>,
    prometheus: RwSignal<usize>,
    jump: impl Fn(Location) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let items = move || {
        analysed.with(|a| {
            let own = a
                .analysis
                .prometheuses
                .get(prometheus.get())
                .map(|p| format!("{}/{}", p.namespace, p.name));
            a.analysis
                .monitors
                .iter()
                .filter(|m| m.active == 0 && (m.prometheus.is_none() || m.prometheus == own))
                .map(|m| {
                    let object = m.object.to_string();
                    let heading = match &m.prometheus {
                        Some(p) => format!(
                            "{object}: 0 active targets in Prometheus {p} ({} discovered)",
                            m.discovered
                        ),
                        None => format!("{object}: selected by no Prometheus"),
                    };
                    let steps = m
                        .chain
                        .iter()
                        .cloned()
                        .map(|s| view! { <StepRow step=s jump=jump /> })
                        .collect_view();
                    view! {
                        <li class="why" data-testid="targets-why" data-object=object>
                            <h3 class="why-title">{heading}</h3>
                            <ol class="chain">{steps}</ol>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let count = move || {
        analysed.with(|a| {
            let own = a
                .analysis
                .prometheuses
                .get(prometheus.get())
                .map(|p| format!("{}/{}", p.namespace, p.name));
            a.analysis
                .monitors
                .iter()
                .filter(|m| m.active == 0 && (m.prometheus.is_none() || m.prometheus == own))
                .count()
        })
    };
    view! {
        <section class="panel why-panel" aria-labelledby="targets-why-heading">
            <h2 id="targets-why-heading" class="panel-title">"Why 0 targets? " <span class="count">{count}</span></h2>
            <Show when=move || count() == 0>
                <p class="empty-note ok">"Every monitor has at least one active target."</p>
            </Show>
            <ul class="whys">{items}</ul>
        </section>
    }
}

#[component]
fn StepRow(
    step: ChainStep,
    jump: impl Fn(Location) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let at = step.at;
    let fix_at = step.fix_at;
    view! {
        <li class="step" class:ok=step.ok class:break=!step.ok data-testid="targets-step" data-ok=step.ok.to_string() data-code=step.code>
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
fn Jobs(
    analysed: Memo<Arc<Analysed>>,
    prometheus: RwSignal<usize>,
    job: RwSignal<Option<String>>,
    target: RwSignal<Option<usize>>,
) -> impl IntoView {
    let rows = move || {
        analysed.with(|a| {
            with_prometheus(a, prometheus.get(), |p| {
                p.jobs
                    .iter()
                    .map(|j| {
                        let name = j.name.clone();
                        let n2 = name.clone();
                        let n3 = name.clone();
                        let (active, dropped) = (j.active(), j.dropped());
                        let source =
                            j.source.as_ref().map(|(o, _)| o.to_string()).unwrap_or_default();
                        view! {
                            <tr
                                data-testid="targets-job"
                                data-name=name
                                data-active=active.to_string()
                                data-dropped=dropped.to_string()
                                class:selected=move || job.get().as_deref() == Some(n2.as_str())
                                class:zero=active == 0
                                on:click=move |_| { job.set(Some(n3.clone())); target.set(None); }
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

fn label_text(labels: &Labels) -> String {
    let parts: Vec<String> = labels.iter().map(|l| format!("{}={:?}", l.name, l.value)).collect();
    format!("{{{}}}", parts.join(", "))
}

#[component]
fn Targets(
    analysed: Memo<Arc<Analysed>>,
    prometheus: RwSignal<usize>,
    job: RwSignal<Option<String>>,
    target: RwSignal<Option<usize>>,
    jump: impl Fn(Location) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    // Without a chosen job, show the first one that has targets.
    let current =
        move || analysed.with(|a| shown_job(a, prometheus.get(), job.get().as_ref()).cloned());
    let job_view = move || {
        let Some(j) = current() else {
            return view! { <p class="empty-note">"No jobs."</p> }.into_any();
        };
        // Active targets first, as Prometheus' /targets page lists them;
        // then the dropped ones, as its /service-discovery page does.
        let mut order: Vec<usize> = (0..j.targets.len()).collect();
        order.sort_by_key(|&i| match j.targets[i].outcome {
            Outcome::Active { .. } => 0,
            Outcome::Invalid { .. } => 1,
            Outcome::Dropped { .. } => 2,
        });
        let rows = order
            .into_iter()
            .map(|i| {
                let t = &j.targets[i];
                let address = t.discovered.get("__address__").unwrap_or("").to_string();
                let (state, endpoint, labels) = match &t.outcome {
                    Outcome::Active { labels, url, .. } => ("up", url.clone(), label_text(labels)),
                    Outcome::Dropped { rule } => {
                        let r = &j.rules[*rule];
                        let why = match &r.origin {
                            Some(o) => format!("dropped by rule #{}, from {}", rule + 1, o.what),
                            None => format!("dropped by rule #{}: {}", rule + 1, r.summary),
                        };
                        ("dropped", address, why)
                    }
                    Outcome::Invalid { message } => ("refused", address, message.clone()),
                };
                let group = t.group.clone();
                view! {
                    <tr data-testid="targets-target" data-state=state class=format!("target {state}") class:selected=move || target.get() == Some(i) on:click=move |_| target.set(Some(i))>
                        <td><span class=format!("badge {state}")>{state}</span></td>
                        <td><code>{endpoint}</code><div class="target-group">{group}</div></td>
                        <td class="labels"><code>{labels}</code></td>
                    </tr>
                }
            })
            .collect_view();
        let problems = j.problems.iter().map(|p| view! { <li>{p.clone()}</li> }).collect_view();
        let discovery = j.discovery.join("; ");
        let title = format!(
            "{}: {} active, {} dropped of {} discovered",
            j.name,
            j.active(),
            j.dropped(),
            j.targets.len()
        );
        let trace = move || {
            target
                .get()
                .and_then(|i| current().map(|j| (j, i)))
                .and_then(|(j, i)| j.targets.get(i).cloned().map(|t| (j, t)))
        };
        view! {
            <div class="job-detail">
                <h3 class="job-title">{title}</h3>
                <p class="job-discovery">{discovery}</p>
                <ul class="job-problems">{problems}</ul>
                {j.targets.is_empty().then(|| view! { <p class="empty-note">"Discovery found no targets for this job in the manifests."</p> })}
                <table class="targets-table">
                    <thead><tr><th>"State"</th><th>"Endpoint"</th><th>"Labels"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
                {move || trace().map(|(j, t)| view! { <Trace job=j target=t jump=jump /> })}
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
fn Trace(
    job: Job,
    target: promplay_pipeline::targets::Target,
    jump: impl Fn(Location) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let steps = promplay_pipeline::targets::steps(&job, &target)
        .iter()
        .filter(|s| s.dropped || !s.changes.is_empty())
        .map(|s| {
            let rule = &job.rules[s.rule];
            let origin = rule.origin.clone();
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
            view! {
                <li class="trace-step" class:dropped=s.dropped data-testid="targets-trace-step" data-dropped=s.dropped.to_string()>
                    <p class="trace-rule"><span class="rule-no">{format!("#{}", s.rule + 1)}</span> <code>{rule.summary.clone()}</code></p>
                    {origin.map(|o| {
                        let at = o.at;
                        view! { <p class="trace-origin">"from " {o.what} {at.map(|l| view! { <button class="link" on:click=move |_| jump(l)>"show"</button> })}</p> }
                    })}
                    {s.dropped.then(|| view! { <p class="trace-dropped">"dropped: " {s.reason.clone()}</p> })}
                    <ul class="trace-changes">{changes}</ul>
                </li>
            }
        })
        .collect_view();
    let discovered = label_text(&target.discovered);
    view! {
        <div class="trace" data-testid="targets-trace">
            <h3>"Relabeling of " <code>{target.discovered.get("__address__").unwrap_or("").to_string()}</code></h3>
            <details class="trace-discovered"><summary>"Discovered labels"</summary><code>{discovered}</code></details>
            <ol class="trace-steps">{steps}</ol>
            <p class="panel-hint">"Rules that changed nothing are not shown."</p>
        </div>
    }
}

/// The job shown: the chosen one, else the first with targets.
fn shown_job<'a>(a: &'a Analysed, prometheus: usize, chosen: Option<&String>) -> Option<&'a Job> {
    let p = a.analysis.prometheuses.get(prometheus)?;
    p.jobs
        .iter()
        .find(|j| Some(&j.name) == chosen)
        .or_else(|| p.jobs.iter().find(|j| !j.targets.is_empty()))
        .or(p.jobs.first())
}

/// The scrape-side preview: the Metrics workbench's text as if scraped from
/// the selected target (or the job's first active one), through the job's
/// `metric_relabel_configs`, `honor_labels` and `honor_timestamps`.
#[component]
fn Ingest(
    analysed: Memo<Arc<Analysed>>,
    prometheus: RwSignal<usize>,
    job: RwSignal<Option<String>>,
    target: RwSignal<Option<usize>>,
) -> impl IntoView {
    let scrape: Signal<String> = match use_context::<Workspace>() {
        Some(w) => w.metrics.text.into(),
        None => Signal::derive(String::new),
    };
    let picked = Memo::new(move |_| {
        analysed.with(|a| {
            let chosen = job.get();
            let j = shown_job(a, prometheus.get(), chosen.as_ref())?;
            let active = |t: &promplay_pipeline::targets::Target| match &t.outcome {
                Outcome::Active { labels, .. } => Some(labels.clone()),
                _ => None,
            };
            let labels = target
                .get()
                .and_then(|i| j.targets.get(i))
                .and_then(active)
                .or_else(|| j.targets.iter().find_map(active))?;
            Some((
                j.name.clone(),
                labels,
                j.metric_relabel_configs
                    .as_ref()
                    .map(promplay_pipeline::operator::emit_yaml)
                    .unwrap_or_default(),
                j.settings.honor_labels,
                j.settings.honor_timestamps,
            ))
        })
    });
    let target_labels = Signal::derive(move || {
        picked.with(|p| p.as_ref().map(|p| p.1.clone()).unwrap_or_default())
    });
    let rules_yaml = Signal::derive(move || {
        picked.with(|p| p.as_ref().map(|p| p.2.clone()).unwrap_or_default())
    });
    let honor_labels = Signal::derive(move || picked.with(|p| p.as_ref().is_some_and(|p| p.3)));
    let honor_timestamps = Signal::derive(move || picked.with(|p| p.as_ref().is_none_or(|p| p.4)));
    view! {
        <section class="panel ingest-panel" aria-labelledby="targets-ingest-heading">
            <h2 id="targets-ingest-heading" class="panel-title">
                "What Prometheus would ingest"
                <span class="panel-hint">"the Metrics workbench's text, scraped from this target"</span>
            </h2>
            {move || match picked.with(|p| p.as_ref().map(|p| (p.0.clone(), label_text(&p.1)))) {
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
