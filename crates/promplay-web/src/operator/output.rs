//! The results column of the Operator workbench: for every Prometheus its
//! prometheus.yaml (highlighted, copyable, downloadable), rule files and
//! selection report; for every Alertmanager its alertmanager.yaml and
//! selection report; and the objects that were ignored.

use leptos::prelude::*;

use super::Compiled;
use super::highlight::yaml_html;
use super::task::{GeneratedFile, Owner, SelectionRow};

/// Every Prometheus and Alertmanager.
#[component]
pub fn Outputs(compiled: Compiled) -> impl IntoView {
    let out = compiled.output;
    let owners = move |kind: &'static str, testid: &'static str| {
        out.with(|o| {
            let Some(o) = o else { return Vec::new() };
            let list = if kind == "Prometheus" { &o.prometheuses } else { &o.alertmanagers };
            list.iter().map(|owner| owner_view(kind, testid, owner.clone())).collect::<Vec<_>>()
        })
    };
    let none = move || {
        out.with(|o| {
            o.as_ref().is_some_and(|o| o.prometheuses.is_empty() && o.alertmanagers.is_empty())
        })
    };
    let ignored = move || {
        out.with(|o| {
            o.iter()
                .flat_map(|o| &o.ignored)
                .map(|(kind, name)| view! { <li><code>{kind.clone()}</code> " " {name.clone()}</li> })
                .collect_view()
        })
    };
    let ignored_count = move || out.with(|o| o.as_ref().map_or(0, |o| o.ignored.len()));
    view! {
        <Show when=none>
            <p class="empty-note">"No Prometheus or Alertmanager in the manifests: add one to see what the operator generates."</p>
        </Show>
        {move || owners("Prometheus", "operator-prometheus")}
        {move || owners("Alertmanager", "operator-alertmanager")}
        <Show when=move || ignored_count() != 0>
            <details class="panel ignored-panel" data-testid="operator-ignored">
                <summary>{move || format!("Ignored objects ({}): kinds the operator does not read", ignored_count())}</summary>
                <ul>{ignored}</ul>
            </details>
        </Show>
    }
}

/// One Prometheus or Alertmanager: status, generated file, rule files, selection.
fn owner_view(kind: &'static str, testid: &'static str, owner: Owner) -> impl IntoView + use<> {
    let Owner { name, status, failed, config, rule_files, selection } = owner;
    let label = name.clone();
    view! {
        <section class="panel owner-panel" data-testid=testid data-name=name>
            <h2 class="panel-title">{kind} " " <code>{label}</code></h2>
            <p class="owner-status" class:error=failed>{status}</p>
            {config.map(|f| view! { <FileView file=f /> })}
            <RuleFiles files=rule_files />
            <Selection rows=selection />
        </section>
    }
}

/// A generated file: name, Copy and Download, highlighted content.
#[component]
fn FileView(file: GeneratedFile) -> impl IntoView {
    let copied = RwSignal::new(false);
    let content = file.content.clone();
    let copy = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.navigator().clipboard().write_text(&content);
            copied.set(true);
        }
    };
    let download_name = file.path.rsplit('/').next().unwrap_or("config.yaml").to_owned();
    let href = format!(
        "data:text/yaml;charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(&file.content))
    );
    let html = yaml_html(&file.content);
    view! {
        <div class="generated-file">
            <div class="generated-file-bar">
                <code class="generated-path">{file.path}</code>
                <button class="button" data-testid="operator-copy" on:click=copy>
                    {move || if copied.get() { "Copied" } else { "Copy" }}
                </button>
                <a class="button" data-testid="operator-download" href=href download=download_name>"Download"</a>
            </div>
            <pre class="yaml" data-testid="operator-config" inner_html=html></pre>
        </div>
    }
}

#[component]
fn RuleFiles(files: Vec<GeneratedFile>) -> impl IntoView {
    (!files.is_empty()).then(|| {
        let n = files.len();
        view! {
            <details class="rule-files">
                <summary>{format!("Rule files ({n})")}</summary>
                {files
                    .into_iter()
                    .map(|f| view! { <div data-testid="operator-rule-file"><FileView file=f /></div> })
                    .collect_view()}
            </details>
        }
    })
}

#[component]
fn Selection(rows: Vec<SelectionRow>) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="empty-note">"No candidate monitors, rules or configs in the manifests."</p> }.into_any();
    }
    let selected = rows.iter().filter(|r| r.selected).count();
    let total = rows.len();
    view! {
        <table class="selection" data-testid="operator-selection">
            <caption>{format!("Selection: {selected} of {total} selected")}</caption>
            <thead><tr><th>"Kind"</th><th>"Object"</th><th>"Outcome"</th></tr></thead>
            <tbody>
                {rows
                    .into_iter()
                    .map(|r| {
                        view! {
                            <tr data-testid="selection-row" data-selected=r.selected.to_string() class:excluded=!r.selected>
                                <td>{r.kind}</td>
                                <td><code>{r.object}</code></td>
                                <td>{r.outcome}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
