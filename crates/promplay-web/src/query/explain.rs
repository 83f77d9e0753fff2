//! The Explain view: the query as a tree, each node with its own series
//! count, cost and a mark when something is wrong there (an error, a warning,
//! a selector that selected nothing, a binary operator whose sides did not
//! all match). Clicking a node highlights its text in the editor and shows
//! its details: a sample of its series (histograms bucket by bucket), its
//! annotations, why a selector is empty with the nearest names to use
//! instead, and how a binary operator matched with a computed fix to apply.
//!
//! Everything shown is computed by `promplay_pipeline::query::explain`; this
//! module only lays it out.

use super::protocol::{Explanation, HistogramView};
use super::time::format_time;
use leptos::prelude::*;
use promplay_pipeline::query::explain::{ExplainedNode, MatchView, SelectionView};
use std::sync::Arc;

/// The Explain view of `explanation`. `focus` receives the span of the
/// selected node (for the editor); `on_apply` a rewritten query to use.
#[component]
pub fn ExplainView(
    explanation: Arc<Explanation>,
    focus: RwSignal<Option<(u32, u32)>>,
    on_apply: Callback<String>,
) -> impl IntoView {
    let Some(root) = explanation.root.clone() else {
        let message = explanation.parse_error.clone().map(|e| e.0).unwrap_or_default();
        return view! {
            <div class="q-failure" data-testid="query-failure" role="alert">
                <strong>"Syntax error: "</strong>{message}
            </div>
        }
        .into_any();
    };
    let root = Arc::new(root);
    let selected = RwSignal::new(first_problem(&root, &mut Vec::new()).unwrap_or_default());
    // The editor shows the first selected node's span at once.
    focus.set(node_at(&root, &selected.get_untracked()).map(|n| n.span));
    let query = explanation.query.clone();
    let tree_root = root.clone();
    let detail_root = root;
    view! {
        <p class="q-at">"Explained at " {format_time(explanation.t)}
            <span class="q-hint">" · every node evaluated on its own at this instant; click one to see its series"</span>
        </p>
        <div class="x-layout">
            <ul class="x-tree" data-testid="explain-tree" role="tree">
                {tree_item(tree_root, Vec::new(), selected, focus)}
            </ul>
            <div class="x-detail" data-testid="explain-detail">
                {move || {
                    let path = selected.get();
                    node_at(&detail_root, &path).map(|n| detail(n, &query, on_apply))
                }}
            </div>
        </div>
    }
    .into_any()
}

/// The path (child indices) of the first node with a problem, depth first,
/// preferring the deepest cause: an empty selector or a bad match.
fn first_problem(n: &ExplainedNode, path: &mut Vec<usize>) -> Option<Vec<usize>> {
    for (i, c) in n.children.iter().enumerate() {
        path.push(i);
        if let Some(p) = first_problem(c, path) {
            return Some(p);
        }
        path.pop();
    }
    let bad_match = n.matching.as_ref().is_some_and(|m| {
        m.unmatched_left_count + m.unmatched_right_count > 0 || !m.conflicts.is_empty()
    });
    (n.selection.is_some() || bad_match || n.error.is_some()).then(|| path.clone())
}

fn node_at<'a>(root: &'a ExplainedNode, path: &[usize]) -> Option<&'a ExplainedNode> {
    let mut n = root;
    for &i in path {
        n = n.children.get(i)?;
    }
    Some(n)
}

/// Whether a node deserves a mark in the tree, and which.
fn flag(n: &ExplainedNode) -> Option<(&'static str, &'static str)> {
    if n.error.is_some() {
        return Some(("error", "failed"));
    }
    if n.selection.is_some() {
        return Some(("warning", "selects nothing"));
    }
    if let Some(m) = &n.matching
        && (m.unmatched_left_count + m.unmatched_right_count > 0 || !m.conflicts.is_empty())
    {
        return Some(("warning", "not all series matched"));
    }
    if !n.annotations.is_empty() {
        return Some(("warning", "annotations"));
    }
    None
}

fn tree_item(
    root: Arc<ExplainedNode>,
    path: Vec<usize>,
    selected: RwSignal<Vec<usize>>,
    focus: RwSignal<Option<(u32, u32)>>,
) -> impl IntoView {
    let Some(n) = node_at(&root, &path).cloned() else { return ().into_any() };
    let children: Vec<_> = (0..n.children.len())
        .map(|i| {
            let mut p = path.clone();
            p.push(i);
            tree_item(root.clone(), p, selected, focus)
        })
        .collect();
    let here = path.clone();
    let is_selected = move || selected.with(|s| *s == here);
    let click_path = path;
    let span = n.span;
    let flagged = flag(&n);
    let series = if n.value_type == "scalar" || n.value_type == "string" {
        n.value_type.clone()
    } else if n.series == 1 {
        "1 series".to_owned()
    } else {
        format!("{} series", n.series)
    };
    let mut cost = format!("{} read · {} pts", n.cost.samples, n.cost.points);
    if let Some(ms) = n.cost.wall_ms {
        cost.push_str(&format!(" · {ms:.1} ms"));
    }
    view! {
        <li role="treeitem">
            <button
                type="button"
                class="x-node"
                class:selected=is_selected
                class:x-empty=n.series == 0 && n.value_type != "scalar"
                data-testid="explain-node"
                data-title=n.title.clone()
                data-series=n.series.to_string()
                on:click=move |_| {
                    selected.set(click_path.clone());
                    focus.set(Some(span));
                }
            >
                <span class="x-title mono">{n.title.clone()}</span>
                <span class="x-kind">{n.kind.clone()}</span>
                <span class="x-series">{series}</span>
                <span class="x-cost">{cost}</span>
                {flagged.map(|(class, text)| view! { <span class=format!("x-flag {class}")>{text}</span> })}
            </button>
            {(!children.is_empty()).then(|| view! { <ul role="group">{children}</ul> })}
        </li>
    }
    .into_any()
}

fn detail(n: &ExplainedNode, query: &str, on_apply: Callback<String>) -> impl IntoView + use<> {
    let text = query.get(n.span.0 as usize..n.span.1 as usize).unwrap_or("").to_owned();
    let sample = n.sample.clone();
    let more = n.series.saturating_sub(sample.len());
    view! {
        <h3 class="x-heading mono">{text}</h3>
        <p class="x-sub">
            {format!("{} · {} · {} samples read · {} points", n.kind, n.value_type, n.cost.samples, n.cost.points)}
            {n.cost.wall_ms.map(|ms| format!(" · {ms:.2} ms"))}
        </p>
        {n.error.clone().map(|e| view! { <div class="q-failure" role="alert"><strong>"Error: "</strong>{e}</div> })}
        <ul class="annotations">
            {n.annotations.iter().map(|a| view! {
                <li class=format!("annotation {}", a.kind) data-testid="explain-annotation">{a.text.clone()}</li>
            }).collect_view()}
        </ul>
        {n.selection.clone().map(|s| selection(s, query, on_apply))}
        {n.matching.clone().map(|m| matching(m, on_apply))}
        {(!sample.is_empty()).then(|| view! {
            <table class="q-table x-sample" data-testid="explain-sample">
                <thead><tr><th>"Series"</th><th class="col-value">"Value"</th></tr></thead>
                <tbody>
                    {sample.into_iter().map(|s| view! {
                        <tr>
                            <td class="mono">{if s.labels.is_empty() { "—".to_owned() } else { s.labels }}</td>
                            <td class="value mono">
                                {match s.histogram {
                                    Some(h) if !s.value.contains("points") => histogram_cell(&h).into_any(),
                                    _ => view! { <span>{s.value}</span> }.into_any(),
                                }}
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        })}
        {(more > 0).then(|| view! { <p class="q-hint">{format!("… and {more} more series")}</p> })}
    }
}

fn selection(s: SelectionView, query: &str, on_apply: Callback<String>) -> impl IntoView + use<> {
    // A nearest name or value replaces the text of the matcher it is about.
    let replace = |with: &str| -> Option<String> {
        let (a, b) = s.matcher?;
        let written = query.get(a as usize..b as usize)?;
        let new = if s.nearest_metrics.iter().any(|m| m == with) && !written.contains(['=', '~']) {
            with.to_owned()
        } else {
            let quote = written.find(['"', '\'', '`'])?;
            format!("{}\"{}\"", &written[..quote], with)
        };
        Some(format!("{}{new}{}", &query[..a as usize], &query[b as usize..]))
    };
    let options: Vec<(String, String)> = s
        .nearest_metrics
        .iter()
        .chain(&s.nearest_values)
        .filter_map(|v| replace(v).map(|q| (v.clone(), q)))
        .collect();
    view! {
        <div class="x-why" data-testid="explain-why">
            <strong>"Why nothing: "</strong>{s.message.clone()}
            {(!options.is_empty()).then(|| view! {
                <div class="x-actions">
                    {options.into_iter().map(|(v, q)| view! {
                        <button type="button" class="button" data-testid="explain-use" on:click=move |_| on_apply.run(q.clone())>
                            "Use " <code>{v}</code>
                        </button>
                    }).collect_view()}
                </div>
            })}
        </div>
    }
}

fn matching(m: MatchView, on_apply: Callback<String>) -> impl IntoView + use<> {
    let list = |title: &'static str, count: usize, items: Vec<String>, testid: &'static str| {
        (count > 0).then(|| {
            view! {
                <div class="x-list" data-testid=testid data-count=count.to_string()>
                    <h4>{format!("{title} ({count})")}</h4>
                    <ul>{items.into_iter().map(|i| view! { <li class="mono">{i}</li> }).collect_view()}</ul>
                </div>
            }
        })
    };
    view! {
        <div class="x-match" data-testid="explain-matching">
            <p>
                <strong>"Matching: "</strong>
                {format!("{} by {} — {} group{} matched", m.cardinality, m.signature, m.matched_groups, if m.matched_groups == 1 { "" } else { "s" })}
            </p>
            {m.suggestion.clone().map(|s| {
                let q = s.query.clone();
                view! {
                    <div class="x-suggestion" data-testid="explain-suggestion">
                        <p><strong>"Suggested fix: "</strong><code class="mono">{s.expr.clone()}</code></p>
                        <p class="q-hint">{format!("{}; gives {} series, {} left and {} right unmatched", s.reason, s.series, s.unmatched_left, s.unmatched_right)}</p>
                        <button type="button" class="button primary" data-testid="explain-apply" on:click=move |_| on_apply.run(q.clone())>
                            "Apply fix"
                        </button>
                    </div>
                }
            })}
            {m.hint.clone().map(|h| view! { <p class="q-hint" data-testid="explain-hint">{h}</p> })}
            {m.conflicts.iter().map(|c| view! {
                <div class="x-conflict" data-testid="explain-conflict">
                    <p>{format!("{} side, group {}: {}", c.side, c.signature, c.message)}</p>
                    <ul>{c.series.iter().map(|s| view! { <li class="mono">{s.clone()}</li> }).collect_view()}</ul>
                </div>
            }).collect_view()}
            {list("Unmatched on the left", m.unmatched_left_count, m.unmatched_left.clone(), "explain-unmatched-left")}
            {list("Unmatched on the right", m.unmatched_right_count, m.unmatched_right.clone(), "explain-unmatched-right")}
            {(!m.groups.is_empty()).then(|| view! {
                <details class="x-groups">
                    <summary>{format!("Matched groups ({})", m.matched_groups)}</summary>
                    <ul>
                        {m.groups.iter().map(|(sig, l, r)| view! {
                            <li class="mono">{format!("{sig}: {} left ↔ {} right", l.len(), r.len())}</li>
                        }).collect_view()}
                    </ul>
                </details>
            })}
        </div>
    }
}

/// A histogram as a small table: count, sum, schema, then every bucket with
/// its bounds and a bar for its share of the count.
pub fn histogram_cell(h: &HistogramView) -> impl IntoView + use<> {
    use promplay_model::format_float;
    let max = h.buckets.iter().map(|b| b.count).fold(0.0f64, f64::max);
    let zero = (h.zero_count != 0.0 || h.zero_threshold != 0.0) && !h.is_custom();
    view! {
        <div class="h-cell" data-testid="histogram">
            <div class="h-summary">
                <span>"count " <b>{format_float(h.count)}</b></span>
                <span>"sum " <b>{format_float(h.sum)}</b></span>
                <span class="q-hint">{h.schema_text()}</span>
                {zero.then(|| view! {
                    <span class="q-hint">{format!("zero bucket ±{}: {}", format_float(h.zero_threshold), format_float(h.zero_count))}</span>
                })}
                {(h.counter_reset_hint != "unknown").then(|| view! { <span class="q-hint">{format!("hint: {}", h.counter_reset_hint)}</span> })}
            </div>
            <table class="h-buckets">
                <tbody>
                    {h.buckets.iter().map(|b| {
                        let width = if max > 0.0 { (b.count / max * 100.0).max(1.0) } else { 0.0 };
                        view! {
                            <tr data-testid="histogram-bucket">
                                <td class="h-bounds">{b.bounds_text()}</td>
                                <td class="h-count">{format_float(b.count)}</td>
                                <td class="h-bar"><span style=format!("width: {width:.1}%")></span></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
