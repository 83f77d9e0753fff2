//! The playground's web UI: Leptos components rendered in the browser (CSR).
//!
//! The crate holds no analysis logic of its own: every result on screen
//! comes from `promplay-pipeline`, the same facade the CLI calls. What lives
//! here is presentation and browser plumbing: the shared [`Workspace`] state
//! (autosaved to `localStorage`), the workbench nav kept in the URL hash, and
//! one module per screen. `main.rs` only mounts [`App`].
//!
//! The Metrics workbench is the first screen; later workbenches (Query,
//! Operator) add a [`Workbench`] variant, a field to [`Workspace`] and a
//! module, and appear in the nav only once they exist.

// Leptos' `#[component]` macro generates a props struct and builder per
// component whose items cannot carry docs; the components themselves are
// documented.
#![allow(missing_docs)]

mod analysis;
mod bench_page;
mod browser;
mod editing;
mod editor;
mod embed;
pub mod engine;
mod examples;
mod families;
mod gallery;
mod keys;
mod learn;
mod limits;
mod metrics;
mod operator;
mod percent;
mod problems;
mod query;
mod relabel;
mod rules;
mod share;
mod targets;
mod theme;
mod workspace;

pub use analysis::{Analysis, FamilyRow, Problem, SeriesRow};
pub use examples::{EXAMPLES, Example};
pub use metrics::MetricsWorkbench;
pub use operator::{ManifestFile, OperatorInput, OperatorWorkbench};
pub use query::QueryWorkbench;
pub use relabel::{IngestPreview, RelabelInput, RelabelWorkbench};
pub use rules::RulesWorkbench;
pub use targets::TargetsWorkbench;
pub use workspace::{FormatChoice, MetricsInput, Workspace};

use leptos::prelude::*;

/// One screen of the playground, addressed by the URL hash (`#/metrics`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Workbench {
    /// Exposition text in, families and problems out.
    Metrics,
    /// PromQL over loaded series: table and graph.
    Query,
    /// Operator manifests in, prometheus.yaml, rule files and alertmanager.yaml out.
    Operator,
    /// Rules, unit tests and Alertmanager routing over the Query data.
    Rules,
    /// The same manifests in; jobs, targets, relabel traces and why-0-targets out.
    Targets,
    /// Relabel rules and label sets in, a step-by-step trace out.
    Relabel,
    /// Every example of every workbench as a card; a click opens it.
    Gallery,
    /// The workshop lesson track, checked by the engines.
    Learn,
}

impl Workbench {
    /// Every workbench, in nav order.
    pub const ALL: &'static [Workbench] = &[
        Workbench::Metrics,
        Workbench::Query,
        Workbench::Rules,
        Workbench::Operator,
        Workbench::Targets,
        Workbench::Relabel,
        Workbench::Gallery,
        Workbench::Learn,
    ];

    /// The path segment used in the URL hash.
    pub fn slug(self) -> &'static str {
        match self {
            Workbench::Metrics => "metrics",
            Workbench::Query => "query",
            Workbench::Operator => "operator",
            Workbench::Rules => "rules",
            Workbench::Targets => "targets",
            Workbench::Relabel => "relabel",
            Workbench::Gallery => "gallery",
            Workbench::Learn => "learn",
        }
    }

    /// The nav label.
    pub fn title(self) -> &'static str {
        match self {
            Workbench::Metrics => "Metrics",
            Workbench::Query => "Query",
            Workbench::Operator => "Operator",
            Workbench::Rules => "Rules",
            Workbench::Targets => "Targets",
            Workbench::Relabel => "Relabel",
            Workbench::Gallery => "Gallery",
            Workbench::Learn => "Lessons",
        }
    }

    /// A one-line description, used as the nav item's tooltip.
    pub fn description(self) -> &'static str {
        match self {
            Workbench::Metrics => "Parse and lint Prometheus and OpenMetrics exposition text",
            Workbench::Query => "Run PromQL over loaded series: table and graph",
            Workbench::Targets => {
                "The scrape targets of the manifests, each target's relabeling, and why a monitor has 0 targets"
            }
            Workbench::Operator => {
                "Compile prometheus-operator manifests to prometheus.yaml, rule files and alertmanager.yaml"
            }
            Workbench::Rules => {
                "Evaluate recording and alerting rules, run promtool unit tests, test Alertmanager routing"
            }
            Workbench::Relabel => {
                "Step through relabel_configs and metric_relabel_configs rule by rule"
            }
            Workbench::Gallery => {
                "Every example and scenario, one click to open it in its workbench"
            }
            Workbench::Learn => {
                "A workshop track: six exercises, each checked by the engines, with progress"
            }
        }
    }

    /// The workbench a URL hash such as `#/metrics` or `#/query?expr=up`
    /// names, if any (parameters after `?` belong to the workbench).
    pub fn from_hash(hash: &str) -> Option<Workbench> {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        let slug = path.split_once('?').map_or(path, |(slug, _)| slug);
        Workbench::ALL.iter().copied().find(|w| w.slug() == slug)
    }
}

/// The whole application: header with nav, and the active workbench.
///
/// The workspace is restored from `localStorage` and autosaved; the active
/// workbench follows the URL hash, so a link or a reload lands on the same
/// screen. A share link (`#/query?ws=1.…`) is opened first: its workspace
/// is put in place before any workbench reads storage (see `share`).
#[component]
pub fn App() -> impl IntoView {
    // An embed (`?embed=…`) never opens share links nor runs pending
    // workspace operations: it must not touch the visitor's workspace. Nor
    // does it take the visitor's theme: Playground applies the appearance
    // once storage is the embed's own (it follows the OS).
    let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    if matches!(embed::parse_search(&search), embed::Mode::Embed(_)) {
        return view! { <Playground /> }.into_any();
    }
    // Appearance first, so the first paint is already in the chosen theme.
    theme::install();
    let ready = share::prepare();
    (move || {
        if ready.get() {
            view! { <Playground /> }.into_any()
        } else {
            view! { <share::Opening /> }.into_any()
        }
    })
    .into_any()
}

/// The header and the workbenches, over the workspace in `localStorage`.
#[component]
fn Playground() -> impl IntoView {
    limits::install();
    // Before anything is restored: an embed swaps storage for memory, a
    // "Try it" link writes its content into storage (see embed.rs).
    let mode = embed::install();
    theme::install();
    let workspace = Workspace::restore();
    workspace.autosave();
    provide_context(workspace);
    let operator_input = OperatorInput::restore(operator::default_files());
    // The gallery opens scenarios into the Operator workbench's input.
    provide_context(operator_input);

    let active = RwSignal::new(browser::current_hash().as_deref().and_then(Workbench::from_hash));
    if active.get_untracked().is_none() {
        // An empty or unknown hash lands on the first workbench; `replace`
        // keeps the back button from bouncing to the bare URL.
        browser::replace_hash(&format!("#/{}", Workbench::Metrics.slug()));
        active.set(Some(Workbench::Metrics));
    }
    let listener = window_event_listener_untyped("hashchange", move |_| {
        if let Some(w) = browser::current_hash().as_deref().and_then(Workbench::from_hash)
            && active.get_untracked() != Some(w)
        {
            active.set(Some(w));
        }
    });
    on_cleanup(move || listener.remove());
    Effect::new(move |_| {
        let title = active.get().unwrap_or(Workbench::Metrics).title();
        document().set_title(&format!("{title} · promplay, the Prometheus playground"));
    });

    let show = move |w: Workbench| match w {
        Workbench::Metrics => view! { <MetricsWorkbench input=workspace.metrics /> }.into_any(),
        Workbench::Query => view! { <QueryWorkbench /> }.into_any(),
        Workbench::Operator => view! { <OperatorWorkbench input=operator_input /> }.into_any(),
        Workbench::Rules => view! { <RulesWorkbench /> }.into_any(),
        Workbench::Targets => view! { <TargetsWorkbench input=operator_input /> }.into_any(),
        Workbench::Relabel => view! { <RelabelWorkbench input=workspace.relabel /> }.into_any(),
        Workbench::Gallery => view! { <gallery::GalleryPage /> }.into_any(),
        Workbench::Learn => view! { <learn::LearnPage /> }.into_any(),
    };
    keys::ensure_editor_help();
    let opened = match mode {
        embed::Mode::Full => None,
        embed::Mode::Embed(link) => {
            let workbench = link.workbench;
            return view! { <embed::EmbedFrame link=link>{show(workbench)}</embed::EmbedFrame> }
                .into_any();
        }
        embed::Mode::Open(link) => Some(link),
    };
    // The app-wide keys and their list; the workspace menu opens it too.
    let shortcuts = RwSignal::new(false);
    provide_context(keys::ShortcutsOpen(shortcuts));
    keys::install(shortcuts);

    view! {
        <header class="app-header">
            <a class="brand" href="#/metrics" aria-label="promplay home">
                <span class="brand-mark" aria-hidden="true">"◆"</span>
                <span class="brand-name">"promplay"</span>
            </a>
            <nav class="workbench-nav" aria-label="Workbenches">
                {Workbench::ALL
                    .iter()
                    .map(|&w| {
                        let is_active = move || active.get() == Some(w);
                        view! {
                            <a
                                href=format!("#/{}", w.slug())
                                data-testid=format!("nav-{}", w.slug())
                                title=w.description()
                                class:active=is_active
                                aria-current=move || is_active().then_some("page")
                            >
                                {w.title()}
                            </a>
                        }
                    })
                    .collect_view()}
            </nav>
            <p class="app-tagline">"Prometheus playground · runs entirely in your browser"</p>
            <share::WorkspaceMenu active=active />
        </header>
        {opened.map(|link| view! { <embed::OpenedFromLink link=link /> })}
        <share::ShareNotice />
        <gallery::RestoreBanner active=active />
        <main class="app-main">{move || show(active.get().unwrap_or(Workbench::Metrics))}</main>
        <keys::ShortcutsDialog open=shortcuts />
    }
    .into_any()
}

/// The query worker's entry point (the `promplay-query-worker` binary):
/// listens for requests from the Query workbench and evaluates them.
pub fn run_query_worker() {
    query::host::run();
}

/// Makes a panic (a bug in promplay, never the user's input) visible: its
/// message goes to the console, and the page shows a notice saying the work
/// is saved and a reload continues from it. Without this, a release build
/// only shows `RuntimeError: unreachable` in the console.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        web_sys::console::error_1(&format!("promplay panicked: {message}").into());
        let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
        if document.get_element_by_id("panic-notice").is_some() {
            return;
        }
        let Ok(notice) = document.create_element("div") else { return };
        notice.set_id("panic-notice");
        notice.set_class_name("panic-notice");
        let _ = notice.set_attribute("role", "alert");
        let _ = notice.set_attribute("data-testid", "panic-notice");
        notice.set_text_content(Some(&format!(
            "promplay hit an internal error and stopped: {message}. Your inputs are saved in this \
             browser; reload the page to continue. Please report this with a copied link."
        )));
        if let Some(body) = document.body() {
            let _ = body.append_child(&notice);
        }
    }));
}

/// The `promplay-bench` binary's entry point: installs
/// `window.promplayBench` for `scripts/bench` (see `bench_page.rs`).
pub fn run_bench_page() {
    bench_page::install();
}
