//! promtool unit tests in the browser: the test file runs against the
//! rules editor's text (loaded as `rules.yml`, what the test's
//! `rule_files` name); each test group shows pass or fail, and each
//! failure promtool's message plus an inline diff of expected and got.

use super::state::{RulesInput, Source};
use super::tasks::TestsView;
use crate::engine::Latest;
use leptos::prelude::*;

#[component]
pub fn Results(report: Latest<TestsView>, input: RulesInput) -> impl IntoView {
    move || {
        let failure = report.error.get().map(|e| {
            view! { <p class="notice invalid">{format!("the unit tests could not be run: {e}")}</p> }
        });
        report.output.with(|r| {
            if input.tests.with(|t| t.trim().is_empty()) {
                return view! {
                    <p class="empty-note">"No unit tests. Write a promtool test file in the “unit tests” tab; its rule_files entry "<code>"rules.yml"</code>" is the rules tab."</p>
                }
                .into_any();
            }
            let Some(r) = r else {
                return view! {
                    {failure}
                    <p class="q-status running" role="status"><span class="spinner" aria-hidden="true"></span>"Running the unit tests…"</p>
                }
                .into_any();
            };
            let (stdout, stderr) = (r.stdout.clone(), r.stderr.clone());
            let summary = if r.passed { "SUCCESS".to_owned() } else { format!("FAILED: {} failure(s)", r.failures) };
            let aborted = r.aborted.as_ref().map(|m| view! { <pre class="test-message">{m.clone()}</pre> });
            let warnings = r.warnings.iter().map(|w| view! { <p class="notice">{w.clone()}</p> }).collect_view();
            let groups = r
                .groups
                .iter()
                .map(|g| {
                    let passed = g.failures.is_empty();
                    let failures = g
                        .failures
                        .iter()
                        .map(|f| {
                            let (expected, got) = (f.expected.clone(), f.got.clone());
                            view! {
                                <div class="test-failure">
                                    <pre class="test-message">{f.message.clone()}</pre>
                                    {(!expected.is_empty() || !got.is_empty()).then(move || diff(&expected, &got))}
                                </div>
                            }
                        })
                        .collect_view();
                    view! {
                        <div class="test-group" data-testid="test-group" data-passed=passed.to_string()>
                            <h3 class="test-group-title">
                                <span class=if passed { "badge badge-ok" } else { "badge badge-fail" }>{if passed { "pass" } else { "fail" }}</span>
                                {g.name.clone()}
                                <span class="panel-hint">{format!("{} alert check(s), {} expression check(s)", g.alert_checks, g.expr_checks)}</span>
                            </h3>
                            {failures}
                        </div>
                    }
                })
                .collect_view();
            view! {
                <div class="panel tests-panel">
                    <h2 class="panel-title">
                        "promtool test rules"
                        <span class=if r.passed { "badge badge-ok" } else { "badge badge-fail" } data-testid="tests-summary">{summary}</span>
                        <button class="button small" on:click=move |_| input.source.set(Source::Tests)>"Edit tests"</button>
                    </h2>
                    {failure}
                    {warnings}
                    {aborted}
                    <div class="test-groups">{groups}</div>
                    <details class="promtool-output">
                        <summary>"promtool's output"</summary>
                        <pre>{stdout}{stderr}</pre>
                    </details>
                </div>
            }
            .into_any()
        })
    }
}

/// Expected versus got, line by line: lines only in expected are removed
/// (`-`), lines only in got are added (`+`), shared lines are context.
fn diff(expected: &[String], got: &[String]) -> AnyView {
    let lines = lcs_diff(expected, got);
    view! {
        <div class="test-diff" data-testid="test-diff">
            <div class="diff-legend"><span class="diff-del">"- expected"</span>" "<span class="diff-add">"+ got"</span></div>
            {lines
                .into_iter()
                .map(|(sign, text)| {
                    let class = match sign {
                        '-' => "diff-line diff-del",
                        '+' => "diff-line diff-add",
                        _ => "diff-line",
                    };
                    view! { <div class=class>{format!("{sign} {text}")}</div> }
                })
                .collect_view()}
        </div>
    }
    .into_any()
}

/// A longest-common-subsequence line diff (the lists are short).
fn lcs_diff(a: &[String], b: &[String]) -> Vec<(char, String)> {
    let (n, m) = (a.len(), b.len());
    let mut table = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            table[i][j] = if a[i] == b[j] {
                table[i + 1][j + 1] + 1
            } else {
                table[i + 1][j].max(table[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            out.push((' ', a[i].clone()));
            i += 1;
            j += 1;
        } else if i < n && (j == m || table[i + 1][j] >= table[i][j + 1]) {
            out.push(('-', a[i].clone()));
            i += 1;
        } else {
            out.push(('+', b[j].clone()));
            j += 1;
        }
    }
    out
}
