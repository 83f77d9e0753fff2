//! The lesson track (`#/learn`): six workshop exercises, each with an
//! explanation, a task, an editor holding the learner's answer, a hint, and
//! a check that runs the real engines on the answer in the engine worker
//! ([`check::CheckAnswer`]) and says what is still wrong. Progress (ticks,
//! answers) is kept in this browser ([`state::Progress`]).
//!
//! DOM contract (for `tests/e2e/learn.test.mjs`): `[data-testid=learn]`;
//! `[data-testid=learn-progress]` with `data-done` and `data-total`;
//! `[data-testid=lesson-link][data-lesson=ID][data-done=true|false]`;
//! `[data-testid=lesson][data-lesson=ID][data-checks=N]` (N counts the
//! checks answered) holding the editor
//! `[data-testid=lesson-input]`, the buttons `lesson-check`, `lesson-hint`,
//! `lesson-solution`, `lesson-reset`, `lesson-next`, the hint
//! `[data-testid=lesson-hint-text]` and the verdict
//! `[data-testid=lesson-verdict][data-passed=true|false]` with its
//! `[data-testid=lesson-finding]` items.

pub(crate) mod check;
pub(crate) mod lessons;
pub(crate) mod state;

use crate::analysis::{Analysis, Problem};
use crate::editor::{Editor, EditorHandle};
use check::{CheckAnswer, Verdict};
use leptos::prelude::*;
use lessons::{LESSONS, Lesson};
use promplay_diagnostics::LineIndex;
use state::Progress;
use std::sync::Arc;
use web_sys::KeyboardEvent;

/// The lesson track page.
#[component]
pub fn LearnPage() -> impl IntoView {
    let progress = RwSignal::new(Progress::restore());
    provide_context(progress);
    if lessons::find(&progress.with_untracked(|p| p.current.clone())).is_none() {
        progress.update(|p| p.current = LESSONS[0].id.to_owned());
    }
    let current = Memo::new(move |_| progress.with(|p| p.current.clone()));
    let done_count = move || progress.with(|p| LESSONS.iter().filter(|l| p.is_done(l.id)).count());
    let total = LESSONS.len();

    let list = LESSONS
        .iter()
        .enumerate()
        .map(|(i, lesson)| {
            let id = lesson.id;
            let done = move || progress.with(|p| p.is_done(id));
            let active = move || current.get() == id;
            view! {
                <li>
                    <button
                        class="learn-link"
                        class:active=active
                        class:done=done
                        data-testid="lesson-link"
                        data-lesson=id
                        data-done=move || done().to_string()
                        aria-current=move || active().then_some("step")
                        on:click=move |_| {
                            progress.update(|p| p.current = id.to_owned());
                            progress.with_untracked(Progress::save);
                        }
                    >
                        <span class="learn-tick" aria-hidden="true">
                            {move || if done() { "✓".to_owned() } else { (i + 1).to_string() }}
                        </span>
                        <span class="learn-link-text">
                            <span class="learn-link-title">{lesson.title}</span>
                            <span class="learn-link-topic">{lesson.topic}</span>
                        </span>
                        <span class="visually-hidden">{move || if done() { " (done)" } else { "" }}</span>
                    </button>
                </li>
            }
        })
        .collect_view();

    view! {
        <div class="learn" data-testid="learn">
            <aside class="learn-track" aria-label="Lessons">
                <h2 class="learn-track-title">"Workshop track"</h2>
                <p
                    class="learn-progress"
                    data-testid="learn-progress"
                    data-done=move || done_count().to_string()
                    data-total=total.to_string()
                >
                    {move || format!("{} of {total} done", done_count())}
                </p>
                <div class="learn-progress-bar" aria-hidden="true">
                    <span style:width=move || format!("{}%", done_count() * 100 / total)></span>
                </div>
                <ol class="learn-list">{list}</ol>
                <p class="learn-note">
                    "Progress and answers stay in this browser. Each check runs the same engines as the workbenches."
                </p>
            </aside>
            {move || {
                let id = current.get();
                lessons::find(&id).map(|lesson| view! { <LessonView lesson=lesson progress=progress /> })
            }}
        </div>
    }
}

/// One lesson: text, editor, check, hint and verdict.
#[component]
fn LessonView(lesson: &'static Lesson, progress: RwSignal<Progress>) -> impl IntoView {
    let index = LESSONS.iter().position(|l| l.id == lesson.id).unwrap_or(0);
    let initial = progress
        .with_untracked(|p| p.answers.get(lesson.id).cloned())
        .unwrap_or_else(|| lesson.start.to_owned());
    let text = RwSignal::new(initial);
    let handle = EditorHandle::new(text);
    let verdict = RwSignal::new(None::<(String, Verdict)>);
    let checking = RwSignal::new(false);
    // How many checks have answered (`data-checks`, for tests to wait on).
    let answered = RwSignal::new(0u32);
    let failure = RwSignal::new(None::<String>);
    let show_hint = RwSignal::new(false);
    let show_solution = RwSignal::new(false);

    // Keep the answer (debounced by the signal's own batching: cheap JSON).
    Effect::new(move |first: Option<()>| {
        let t = text.get();
        if first.is_some() {
            progress.update_untracked(|p| {
                if t == lesson.start {
                    p.answers.remove(lesson.id);
                } else {
                    p.answers.insert(lesson.id.to_owned(), t.clone());
                }
            });
            progress.with_untracked(Progress::save);
        }
    });

    let run_check = move || {
        let answer = text.get_untracked();
        checking.set(true);
        failure.set(None);
        let task = CheckAnswer { lesson: lesson.id.to_owned(), answer: answer.clone() };
        crate::engine::call(&task, move |result| {
            let _ = checking.try_set(false);
            let _ = answered.try_update(|n| *n += 1);
            match result {
                Ok(v) => {
                    if v.passed {
                        progress.update(|p| p.set_done(lesson.id, true));
                        progress.with_untracked(Progress::save);
                    }
                    let _ = verdict.try_set(Some((answer, v)));
                    // Below the editor the verdict can be out of sight: bring it in.
                    set_timeout(
                        || {
                            if let Ok(Some(el)) =
                                document().query_selector("[data-testid=lesson-verdict]")
                            {
                                el.scroll_into_view_with_bool(false);
                            }
                        },
                        std::time::Duration::ZERO,
                    );
                }
                Err(e) => {
                    let _ = failure.try_set(Some(e));
                }
            }
        });
    };

    // Findings with a place are underlined while the text is the one checked.
    let analysis = Memo::new_with_compare(
        move |_| {
            let t = text.get();
            let problems = verdict.with(|v| match v {
                Some((checked, v)) if *checked == t => problems(&t, v),
                _ => Vec::new(),
            });
            Arc::new(Analysis {
                lines: LineIndex::new(&t),
                text: Arc::from(t.as_str()),
                format: None,
                families: Vec::new(),
                errors: problems.len(),
                warnings: 0,
                problems,
                samples: 0,
                parse_ms: 0.0,
            })
        },
        |a: Option<&Arc<Analysis>>, b: Option<&Arc<Analysis>>| match (a, b) {
            (Some(a), Some(b)) => !Arc::ptr_eq(a, b),
            _ => true,
        },
    );

    let reset = move |_| {
        handle.load(lesson.start, "the lesson's starting input");
        verdict.set(None);
        show_hint.set(false);
        show_solution.set(false);
        progress.update(|p| {
            p.set_done(lesson.id, false);
            p.answers.remove(lesson.id);
        });
        progress.with_untracked(Progress::save);
    };

    let editor_label = match lesson.language {
        "promql" => "Your PromQL query",
        "rules" => "Your rule file (YAML)",
        _ => "Your manifests (YAML)",
    };
    let editor_lang = if lesson.language == "promql" {
        crate::editing::Lang::Hash
    } else {
        crate::editing::Lang::Yaml
    };
    let next = LESSONS.get(index + 1);

    view! {
        <section
            class="learn-lesson"
            data-testid="lesson"
            data-lesson=lesson.id
            data-checks=move || answered.get().to_string()
        >
            <header class="learn-head">
                <p class="learn-kicker">{format!("Lesson {} of {}", index + 1, LESSONS.len())}</p>
                <h2 class="learn-title">{lesson.title}</h2>
            </header>
            <div class="learn-intro">
                {lesson.intro.iter().map(|p| view! { <p>{*p}</p> }).collect_view()}
            </div>
            <div class="learn-task">
                <strong>"Your task: "</strong>
                {lesson.task}
            </div>
            <div
                class="learn-work"
                class:with-context=lesson.context.is_some()
                class:stacked=lesson.language == "promql"
            >
                <div
                    class="learn-editor"
                    class:short=lesson.language == "promql"
                    on:keydown=move |ev: KeyboardEvent| {
                        if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
                            ev.prevent_default();
                            run_check();
                        }
                    }
                >
                    <Editor handle=handle analysis=analysis testid="lesson-input" label=editor_label lang=editor_lang />
                </div>
                {lesson.context.map(|(title, body)| view! {
                    <div class="learn-context">
                        <h3>{title}</h3>
                        <pre>{body}</pre>
                    </div>
                })}
            </div>
            <div class="learn-actions">
                <button
                    class="button primary"
                    data-testid="lesson-check"
                    on:click=move |_| run_check()
                    disabled=move || checking.get()
                    title="Ctrl+Enter in the editor"
                >
                    {move || if checking.get() { "Checking…" } else { "Check my answer" }}
                </button>
                <button class="button" data-testid="lesson-hint" on:click=move |_| show_hint.update(|s| *s = !*s)>
                    {move || if show_hint.get() { "Hide the hint" } else { "Show a hint" }}
                </button>
                <button class="button" data-testid="lesson-reset" on:click=reset title="Put the starting input back and clear this lesson's tick">
                    "Reset this lesson"
                </button>
                {move || handle.notice.get().map(|n| view! { <span class="learn-notice">{n}</span> })}
            </div>
            {move || show_hint.get().then(|| view! {
                <div class="learn-hint" data-testid="lesson-hint-text">
                    <p>{lesson.hint}</p>
                    {move || if show_solution.get() {
                        view! { <pre class="learn-solution">{lesson.solution}</pre> }.into_any()
                    } else {
                        view! {
                            <button class="link-button" data-testid="lesson-solution" on:click=move |_| show_solution.set(true)>
                                "Show a solution"
                            </button>
                        }.into_any()
                    }}
                </div>
            })}
            {move || failure.get().map(|e| view! {
                <p class="learn-failure" role="alert">{format!("The check could not run: {e}")}</p>
            })}
            {move || verdict.with(|v| v.as_ref().map(|(checked, v)| {
                let stale = text.with(|t| t != checked);
                verdict_view(v, stale, handle, next)
            }))}
        </section>
    }
}

/// The verdict panel.
fn verdict_view(
    v: &Verdict,
    stale: bool,
    handle: EditorHandle,
    next: Option<&'static Lesson>,
) -> impl IntoView + use<> {
    let findings = v
        .findings
        .iter()
        .map(|f| {
            let span = f.span;
            let fix = f.fix.clone();
            let details = f.details.clone();
            view! {
                <li class="learn-finding" data-testid="lesson-finding">
                    {match span {
                        Some(s) => view! {
                            <button class="link-button learn-finding-message" title="Show where" on:click=move |_| handle.reveal(s.start, s.end)>
                                {f.message.clone()}
                            </button>
                        }.into_any(),
                        None => view! { <span class="learn-finding-message">{f.message.clone()}</span> }.into_any(),
                    }}
                    {(!details.is_empty()).then(|| view! {
                        <ul class="learn-details">{details.into_iter().map(|d| view! { <li>{d}</li> }).collect_view()}</ul>
                    })}
                    {fix.map(|f| view! { <p class="learn-fix"><strong>"Fix: "</strong>{f}</p> })}
                </li>
            }
        })
        .collect_view();
    view! {
        <div
            class="learn-verdict"
            class:passed=v.passed
            class:stale=stale
            data-testid="lesson-verdict"
            data-passed=v.passed.to_string()
            role="status"
        >
            <p class="learn-headline">
                <span class="learn-mark" aria-hidden="true">{if v.passed { "✓" } else { "✗" }}</span>
                {if v.passed { "Done: " } else { "Not yet: " }}
                {v.headline.clone()}
            </p>
            {stale.then(|| view! { <p class="learn-stale">"You changed the answer since this check; check again."</p> })}
            <ul class="learn-findings">{findings}</ul>
            {(v.passed && !stale).then(|| next.map(|n| {
                let id = n.id;
                view! {
                    <NextButton id=id title=n.title />
                }
            }))}
        </div>
    }
}

/// "Next lesson" after a pass.
#[component]
fn NextButton(id: &'static str, title: &'static str) -> impl IntoView {
    let progress = use_context::<RwSignal<Progress>>();
    view! {
        <button
            class="button primary"
            data-testid="lesson-next"
            on:click=move |_| {
                if let Some(p) = progress {
                    p.update(|p| p.current = id.to_owned());
                    p.with_untracked(Progress::save);
                }
            }
        >
            {format!("Next: {title} →")}
        </button>
    }
}

/// The verdict's placed findings as editor underlines.
fn problems(text: &str, v: &Verdict) -> Vec<Problem> {
    let lines = LineIndex::new(text);
    let len = text.len() as u32;
    v.findings
        .iter()
        .filter_map(|f| {
            let span = f.span?;
            let (start, end) = (span.start.min(len), span.end.min(len));
            let at = lines.line_col(text, start);
            Some(Problem {
                is_error: true,
                code: "",
                message: f.message.clone(),
                note: None,
                help: f.fix.clone(),
                start,
                end,
                line: at.line,
                col: at.col,
            })
        })
        .collect()
}
