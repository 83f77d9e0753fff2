//! The results column of the Operator workbench: for every Prometheus its
//! prometheus.yaml (highlighted, copyable, downloadable), rule files and
//! selection report; for every Alertmanager its alertmanager.yaml and
//! selection report; and the objects that were ignored.

use std::sync::Arc;

use leptos::prelude::*;
use promplay_pipeline::operator::{GeneratedFile, SelectionRow};

use super::Compiled;
use super::highlight::yaml_html;

/// Every Prometheus and Alertmanager.
#[component]
pub fn Outputs(compiled: Memo<Arc<Compiled>>) -> impl IntoView {
    let prometheuses = move || {
        compiled.with(|c| {
            c.report
                .prometheuses
                .iter()
                .map(|p| {
                    let name = format!("{}/{}", p.namespace, p.name);
                    let label = name.clone();
                    let (status, file) = match &p.config {
                        Ok(Some(text)) => (
                            "prometheus.yaml generated".to_owned(),
                            Some(GeneratedFile { path: format!("{}/prometheus.yaml", p.secret_name), content: text.clone() }),
                        ),
                        Ok(None) => (
                            "Unmanaged: no monitor selector is set, so the operator leaves the configuration Secret to you".to_owned(),
                            None,
                        ),
                        Err(e) => (format!("The operator fails to generate the configuration: {e}"), None),
                    };
                    let failed = p.config.is_err();
                    let rules = p.rule_files.clone();
                    let selection = p.selection.clone();
                    view! {
                        <section class="panel owner-panel" data-testid="operator-prometheus" data-name=name>
                            <h2 class="panel-title">"Prometheus " <code>{label}</code></h2>
                            <p class="owner-status" class:error=failed>{status}</p>
                            {file.map(|f| view! { <FileView file=f /> })}
                            <RuleFiles files=rules />
                            <Selection rows=selection />
                        </section>
                    }
                })
                .collect_view()
        })
    };
    let alertmanagers = move || {
        compiled.with(|c| {
            c.report
                .alertmanagers
                .iter()
                .map(|a| {
                    let name = format!("{}/{}", a.namespace, a.name);
                    let label = name.clone();
                    let (status, file) = match &a.config {
                        Ok(text) => (
                            "alertmanager.yaml generated".to_owned(),
                            Some(GeneratedFile { path: format!("{}/alertmanager.yaml", a.secret_name), content: text.clone() }),
                        ),
                        Err(e) => (format!("The operator fails to generate the configuration: {e}"), None),
                    };
                    let failed = a.config.is_err();
                    let selection = a.selection.clone();
                    view! {
                        <section class="panel owner-panel" data-testid="operator-alertmanager" data-name=name>
                            <h2 class="panel-title">"Alertmanager " <code>{label}</code></h2>
                            <p class="owner-status" class:error=failed>{status}</p>
                            {file.map(|f| view! { <FileView file=f /> })}
                            <Selection rows=selection />
                        </section>
                    }
                })
                .collect_view()
        })
    };
    let none = move || {
        compiled.with(|c| c.report.prometheuses.is_empty() && c.report.alertmanagers.is_empty())
    };
    let ignored = move || {
        compiled.with(|c| {
            c.report
                .inventory
                .ignored
                .iter()
                .map(|i| {
                    let name = if i.namespace.is_empty() {
                        i.name.clone()
                    } else {
                        format!("{}/{}", i.namespace, i.name)
                    };
                    view! { <li><code>{i.kind.clone()}</code> " " {name}</li> }
                })
                .collect_view()
        })
    };
    let ignored_count = move || compiled.with(|c| c.report.inventory.ignored.len());
    view! {
        <Show when=none>
            <p class="empty-note">"No Prometheus or Alertmanager in the manifests: add one to see what the operator generates."</p>
        </Show>
        {prometheuses}
        {alertmanagers}
        <Show when=move || ignored_count() != 0>
            <details class="panel ignored-panel" data-testid="operator-ignored">
                <summary>{move || format!("Ignored objects ({}): kinds the operator does not read", ignored_count())}</summary>
                <ul>{ignored}</ul>
            </details>
        </Show>
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
                        let outcome = if r.selected { "selected".to_owned() } else { r.reason.clone().unwrap_or_else(|| "not selected".to_owned()) };
                        view! {
                            <tr data-testid="selection-row" data-selected=r.selected.to_string() class:excluded=!r.selected>
                                <td>{r.kind}</td>
                                <td><code>{format!("{}/{}", r.namespace, r.name)}</code></td>
                                <td>{outcome}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
