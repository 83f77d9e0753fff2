//! The trace view: the label sets with their outcome, and for the selected
//! one a row per rule (what it did, as added / changed / removed labels, or
//! why nothing changed), stepping with Previous / Next, the labels after the
//! highlighted step, and the final labels or the dropping rule.

use std::sync::Arc;

use leptos::html::Textarea;
use leptos::prelude::*;
use promplay_model::Labels;

use super::RelabelInput;
use super::marked::select_span;
use super::task::{
    ChangeKind, ChangeView, RelabelView, RuleView, StepOutcome, StepView, TraceView,
};

/// The label-set list and the selected set's trace.
#[component]
pub fn Traces(
    input: RelabelInput,
    report: Memo<Arc<RelabelView>>,
    rules_area: NodeRef<Textarea>,
) -> impl IntoView {
    let selected = Memo::new(move |_| {
        let at = input.selected.get();
        report.with(|r| r.traces.get(at).cloned())
    });
    let sets = move || {
        report.with(|r| {
            r.traces
                .iter()
                .enumerate()
                .map(|(i, trace)| {
                    let (outcome, badge) = match trace.dropped_by {
                        Some(rule) => ("dropped", format!("dropped by #{}", rule + 1)),
                        None => ("kept", "kept".to_owned()),
                    };
                    let summary = short_labels(&trace.input_text);
                    view! {
                        <li>
                            <button
                                class="relabel-set"
                                class:selected=move || input.selected.get() == i
                                data-testid="relabel-set"
                                data-index=i.to_string()
                                data-outcome=outcome
                                on:click=move |_| {
                                    input.selected.set(i);
                                    input.step.set(None);
                                }
                            >
                                <span class=format!("outcome-badge {outcome}")>{badge}</span>
                                <code>{summary}</code>
                            </button>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let steps_len = move || selected.with(|s| s.as_ref().map_or(0, |t| t.steps.len()));
    let go = move |delta: isize| {
        let len = steps_len();
        if len == 0 {
            return;
        }
        let next = match input.step.get_untracked() {
            None if delta > 0 => 0,
            None => len - 1,
            Some(i) => (i as isize + delta).clamp(0, len as isize - 1) as usize,
        };
        input.step.set(Some(next));
    };
    let rows = move || {
        report.with(|r| {
            selected.with(|s| {
                s.as_ref().map(|t| {
                    t.steps
                        .iter()
                        .map(|step| step_row(step, r.rules.get(step.rule), input, rules_area))
                        .collect_view()
                })
            })
        })
    };
    view! {
        <section class="panel trace-panel" aria-labelledby="trace-heading">
            <h2 id="trace-heading" class="panel-title">"Label sets"</h2>
            <Show
                when=move || !report.with(|r| r.rules_refused)
                fallback=|| view! {
                    <p class="empty-note" data-testid="relabel-refused">
                        "Prometheus refuses to load rules with errors, so nothing is relabeled: fix the problems above."
                    </p>
                }
            >
                <Show when=move || report.with(|r| r.traces.is_empty())>
                    <p class="empty-note">"Type a label set on the left, e.g. " <code>"{__address__=\"10.0.0.1:9100\", job=\"node\"}"</code> "."</p>
                </Show>
                <ol class="relabel-sets">{sets}</ol>
                <Show when=move || selected.with(Option::is_some)>
                    <div class="step-bar">
                        <h3 class="step-title">"Rule by rule"</h3>
                        <button class="button" data-testid="relabel-prev" on:click=move |_| go(-1) prop:disabled=move || input.step.get() == Some(0)>"◀ Previous"</button>
                        <button class="button" data-testid="relabel-next" on:click=move |_| go(1) prop:disabled=move || input.step.get().is_some_and(|s| s + 1 >= steps_len())>"Next ▶"</button>
                        <button class="button" on:click=move |_| input.step.set(None) prop:disabled=move || input.step.get().is_none()>"Show all"</button>
                        <span class="hint">{move || match input.step.get() {
                            Some(i) => format!("step {} of {}", i + 1, steps_len()),
                            None => format!("{} rule{} applied", steps_len(), if steps_len() == 1 { "" } else { "s" }),
                        }}</span>
                    </div>
                    <ol class="trace-steps">{rows}</ol>
                    <StepLabels input=input selected=selected />
                    <Result selected=selected report=report />
                </Show>
            </Show>
        </section>
    }
}

fn step_row(
    step: &StepView,
    rule_view: Option<&RuleView>,
    input: RelabelInput,
    rules_area: NodeRef<Textarea>,
) -> impl IntoView + use<> {
    let rule = step.rule;
    let outcome = step.outcome.as_str();
    let action = step.action.clone().unwrap_or_else(|| "(no action)".to_owned());
    let badge = match step.outcome {
        StepOutcome::Dropped => "dropped",
        StepOutcome::Unchanged if step.filter => "kept",
        StepOutcome::Unchanged => "no change",
        StepOutcome::Changed => "changed",
    };
    let line = rule_view.and_then(|r| r.at).map(|(line, s)| (line, s.start, s.end));
    let summary = rule_view.map(|r| r.summary.clone()).unwrap_or_default();
    let changes = step.changes.clone();
    let reason = step.reason.clone();
    let show_reason = step.show_reason;
    view! {
        <li
            class=format!("trace-step {outcome}")
            class:current=move || input.step.get() == Some(rule)
            class:later=move || input.step.get().is_some_and(|s| rule > s)
            data-testid="relabel-step"
            data-rule=rule.to_string()
            data-outcome=outcome
            on:click=move |_| input.step.set(Some(rule))
        >
            <div class="step-head">
                <span class="step-index">{format!("#{}", rule + 1)}</span>
                <span class="step-action">{action}</span>
                {line.map(|(l, start, end)| view! {
                    <button class="step-line" title="Show this rule in the editor" on:click=move |ev| {
                        ev.stop_propagation();
                        select_span(rules_area, start, end);
                    }>{format!("line {l}")}</button>
                })}
                <span class=format!("outcome-badge {outcome}")>{badge}</span>
                <code class="step-summary">{summary}</code>
            </div>
            <div class="step-body">
                {changes.iter().map(change_chip).collect_view()}
                {show_reason.then(|| view! { <span class="step-reason">{reason}</span> })}
            </div>
        </li>
    }
}

fn change_chip(change: &ChangeView) -> impl IntoView + use<> {
    let kind = change.kind.as_str();
    view! { <code class=format!("change {kind}") data-testid="change" data-kind=kind>{change.text.clone()}</code> }
}

/// The labels after the highlighted step (or the final ones), with that
/// step's changes marked.
#[component]
fn StepLabels(input: RelabelInput, selected: Memo<Option<TraceView>>) -> impl IntoView {
    let content = move || {
        let step = input.step.get()?;
        selected.with(|s| {
            let t = s.as_ref()?;
            let st = t.steps.get(step)?;
            let title = format!("Labels after rule #{}", step + 1);
            Some(view! {
                <div class="step-labels" data-testid="relabel-step-labels">
                    <h3 class="step-title">{title}</h3>
                    {labels_list(&st.after, &st.changes)}
                </div>
            })
        })
    };
    view! { {content} }
}

#[component]
fn Result(selected: Memo<Option<TraceView>>, report: Memo<Arc<RelabelView>>) -> impl IntoView {
    let content = move || {
        selected.with(|s| {
            let t = s.as_ref()?;
            Some(match (&t.output, t.dropped_by) {
                (Some(labels), _) => {
                    let public = t.public_text.clone();
                    view! {
                        <div class="relabel-result" data-testid="relabel-result" data-dropped="false">
                            <h3 class="step-title">"Result"</h3>
                            {labels_list(labels, &[])}
                            <p class="hint">"Labels starting with " <code>"__"</code> " are removed once relabeling is done; the series get "
                                <code>{public}</code> " (plus " <code>"instance"</code> " from " <code>"__address__"</code> " when not set)."</p>
                        </div>
                    }
                    .into_any()
                }
                (None, rule) => {
                    let rule = rule.unwrap_or(0);
                    let (action, reason) = t.steps.last().map_or(("?".to_owned(), String::new()), |st| (st.action.clone().unwrap_or_else(|| "?".to_owned()), st.reason.clone()));
                    let substituted = report.with(|r| r.substituted.clone());
                    view! {
                        <div class="relabel-result dropped" data-testid="relabel-result" data-dropped="true">
                            <h3 class="step-title">{format!("Dropped by rule #{} (action {action})", rule + 1)}</h3>
                            <p>{reason}</p>
                            {(!substituted.is_empty()).then(|| view! { <p class="hint">{format!("$({}) was replaced with the value prometheus-config-reloader gives the first pod.", substituted.join("), $("))}</p> })}
                        </div>
                    }
                    .into_any()
                }
            })
        })
    };
    view! { {content} }
}

fn labels_list(labels: &Labels, changes: &[ChangeView]) -> impl IntoView + use<> {
    let mut rows: Vec<(String, String, &'static str)> = labels
        .iter()
        .map(|l| {
            let kind = changes.iter().find(|c| c.name == l.name).map_or("", |c| match c.kind {
                ChangeKind::Added => "added",
                ChangeKind::Changed => "changed",
                ChangeKind::Removed => "",
            });
            (l.name.clone(), l.value.clone(), kind)
        })
        .collect();
    for c in changes {
        if c.kind == ChangeKind::Removed {
            rows.push((c.name.clone(), c.old.clone(), "removed"));
        }
    }
    rows.sort();
    view! {
        <table class="labels-table">
            <tbody>
                {rows.into_iter().map(|(name, value, kind)| view! {
                    <tr class=kind>
                        <td class="label-name">{name}</td>
                        <td class="label-value">{value}</td>
                        <td class="label-kind">{kind}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// A label set shortened for the list: public labels first, then the rest.
fn short_labels(text: &str) -> String {
    if text.chars().count() <= 110 {
        return text.to_owned();
    }
    let cut: String = text.chars().take(107).collect();
    format!("{cut}…")
}
