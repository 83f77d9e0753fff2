//! The problems list: parse errors and lint warnings, each a jump into the editor.

use crate::analysis::{Analysis, Problem};
use crate::editor::EditorHandle;
use leptos::prelude::*;
use std::sync::Arc;

/// How many problems are listed before "show more"; a broken multi-megabyte
/// paste can produce one per line.
const PAGE: usize = 200;

/// The list of problems; clicking one selects its span in the editor.
#[component]
pub fn Problems(
    analysis: Memo<Arc<Analysis>>,
    editor: EditorHandle,
    /// Whether the strict setting is on (it changes what an error means).
    strict: RwSignal<bool>,
) -> impl IntoView {
    let limit = RwSignal::new(PAGE);
    let total = move || analysis.with(|a| a.problems.len());
    let shown = move || {
        let limit = limit.get();
        analysis.with(|a| a.problems.iter().take(limit).cloned().collect::<Vec<_>>())
    };

    // What a Prometheus server would make of it, in one phrase.
    let verdict = move || {
        analysis.with(|a| match (a.errors, a.warnings) {
            (0, 0) => None,
            (0, _) => {
                Some(view! { <span class="verdict warned">"Accepted, with lint warnings"</span> })
            }
            (_, _) if strict.get() => Some(
                view! { <span class="verdict rejected">"Rejected by the specification"</span> },
            ),
            (_, _) => Some(
                view! { <span class="verdict rejected">"Rejected: the scrape would fail"</span> },
            ),
        })
    };

    view! {
        <section class="panel problems-panel" aria-labelledby="problems-heading">
            <h2 id="problems-heading" class="panel-title">
                "Problems"
                <span class="count">{total}</span>
                {verdict}
            </h2>
            <Show when=move || total() == 0>
                <p class="empty-note ok">"No problems: a Prometheus server would accept this scrape."</p>
            </Show>
            <ol class="problems" data-testid="problems">
                {move || shown().into_iter().map(|p| problem_item(p, editor)).collect_view()}
            </ol>
            <Show when=move || { total() > limit.get() }>
                <button class="show-more" on:click=move |_| limit.update(|l| *l += PAGE)>
                    {move || format!("Show more ({} of {} listed)", limit.get(), total())}
                </button>
            </Show>
        </section>
    }
}

fn problem_item(p: Problem, editor: EditorHandle) -> impl IntoView {
    let (start, end) = (p.start, p.end);
    let severity = p.severity();
    let label = if p.is_error { "error" } else { "warning" };
    let position = format!("{}:{}", p.line, p.col);
    view! {
        <li
            class=format!("problem {severity}")
            data-testid="problem"
            data-severity=severity
            data-start=start.to_string()
            data-end=end.to_string()
        >
            <button
                class="problem-jump"
                title="Select this spot in the editor (there, F8 goes to the next problem)"
                on:click=move |_| editor.reveal(start, end)
            >
                <span class="severity-badge">{label}</span>
                <span class="position">{position}</span>
                <span class="message">{p.message}</span>
                <code class="code">{p.code}</code>
            </button>
            {p.note.map(|n| view! { <p class="problem-note">{n}</p> })}
            {p.help.map(|h| view! { <p class="problem-help">"help: " {h}</p> })}
        </li>
    }
}
