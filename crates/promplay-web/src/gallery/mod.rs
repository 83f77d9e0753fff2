//! The gallery (`#/gallery`): every example of every workbench as a card;
//! a click opens the example in its workbench. The input it replaces is
//! kept, and a banner in that workbench brings it back ([`RestoreBanner`]).
//! kube-prometheus (85 files, 1.3 MB) is not in the repository: a build made
//! where its manifests exist carries them as one file ([`bundle`]), which the
//! card fetches when it is clicked and opens in the Operator workbench; the
//! files of a local checkout can be opened instead (or, in a build without
//! the bundle, only those).
//!
//! DOM contract (for `tests/e2e/learn.test.mjs`): `[data-testid=gallery]`,
//! cards `[data-testid=gallery-card][data-card=WORKBENCH/ID][data-opens=SLUG]`,
//! the kube-prometheus card `[data-testid=gallery-kube-prometheus-card]` with
//! `data-bundle=checking|yes|no`, its button `gallery-kube-prometheus-open`
//! (only with the bundle), `gallery-kube-prometheus-source`,
//! `gallery-kube-prometheus-absent` (without it), `gallery-kube-prometheus-status`,
//! the checkout inputs `[data-testid=gallery-kube-prometheus]` (files)
//! and `gallery-kube-prometheus-folder`; the banner `[data-testid=restore-banner]`
//! with `restore-input` and `restore-dismiss`.

mod bundle;
mod cards;
pub(crate) mod open;

use crate::Workbench;
use leptos::prelude::*;
use open::Input;
use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;

/// The gallery page.
#[component]
pub fn GalleryPage() -> impl IntoView {
    let doors = open::Doors::here();
    let cards = cards::all();
    let sections = [
        Workbench::Metrics,
        Workbench::Query,
        Workbench::Rules,
        Workbench::Operator,
        Workbench::Relabel,
    ]
    .into_iter()
    .map(|wb| {
        let mine: Vec<_> = cards
            .iter()
            .filter(|c| match wb {
                // Operator scenarios opening in Targets stay with their kind.
                Workbench::Operator => matches!(c.input, Input::Operator { .. }),
                _ => c.opens == wb && !matches!(c.input, Input::Operator { .. }),
            })
            .cloned()
            .collect();
        let items = mine
            .into_iter()
            .map(|c| {
                let input = c.input.clone();
                let opens = c.opens;
                let title = c.title;
                view! {
                    <li>
                        <button
                            class="gallery-card"
                            data-testid="gallery-card"
                            data-card=c.key.clone()
                            data-opens=opens.slug()
                            on:click=move |_| doors.open(&input, title, opens)
                        >
                            <span class="gallery-card-title">{c.title}</span>
                            <span class="gallery-card-blurb">{c.blurb}</span>
                            <span class="gallery-card-opens">{format!("Opens in {} →", opens.title())}</span>
                        </button>
                    </li>
                }
            })
            .collect_view();
        let extra = (wb == Workbench::Operator).then(|| view! { <KubePrometheusCard /> });
        view! {
            <section class="gallery-section">
                <h3>{wb.title()}</h3>
                <p class="gallery-section-about">{wb.description()}</p>
                <ul class="gallery-cards">{items}{extra}</ul>
            </section>
        }
    })
    .collect_view();

    view! {
        <div class="gallery" data-testid="gallery">
            <header class="gallery-head">
                <h2>"Gallery"</h2>
                <p>
                    "Every example the workbenches have. Opening one replaces that workbench's input; "
                    "yours is kept, and the banner there brings it back."
                </p>
                <a class="gallery-learn" href="#/learn" data-testid="gallery-learn">
                    <strong>"Workshop track →"</strong>
                    " Six exercises, from the nil-versus-{} selector trap to alert `for`, each checked by the engines."
                </a>
            </header>
            {sections}
        </div>
    }
}

/// What the build says about the kube-prometheus bundle.
#[derive(Clone, Debug, PartialEq)]
enum Shipped {
    /// The about file is being read.
    Checking,
    /// The build carries the bundle.
    Yes(bundle::Header),
    /// The build was made without it.
    No,
}

/// The kube-prometheus card: the bundle the build carries (fetched on
/// click), or the files of a local checkout's `manifests/` folder — both
/// opened in the Operator workbench.
#[component]
fn KubePrometheusCard() -> impl IntoView {
    let doors = open::Doors::here();
    let shipped = RwSignal::new(Shipped::Checking);
    let loading = RwSignal::new(false);
    let status = RwSignal::new(None::<(String, bool)>);
    // The about file is a few bytes; the bundle itself waits for a click.
    leptos::task::spawn_local(async move {
        let found = match crate::browser::fetch_text(bundle::ABOUT_URL).await {
            Ok(Some(text)) => match bundle::parse_header(&text) {
                Ok(header) => Shipped::Yes(header),
                // A server's "not found" page, or the site's own page a
                // service worker answers an unknown path with.
                Err(e) if e.not_a_bundle() => Shipped::No,
                Err(e) => {
                    let _ = status.try_set(Some((
                        format!("The bundled copy is damaged ({}, {e}).", bundle::ABOUT_URL),
                        true,
                    )));
                    Shipped::No
                }
            },
            Ok(None) | Err(_) => Shipped::No,
        };
        let _ = shipped.try_set(found);
    });
    let open_bundle = move |_| {
        if loading.get_untracked() {
            return;
        }
        let size = match shipped.get_untracked() {
            Shipped::Yes(h) => h.bytes.map(|b| format!(" ({:.1} MB)", b as f64 / 1e6)),
            _ => None,
        };
        loading.set(true);
        status.set(Some((format!("Loading kube-prometheus{}…", size.unwrap_or_default()), false)));
        leptos::task::spawn_local(async move {
            let outcome = match crate::browser::fetch_text(bundle::BUNDLE_URL).await {
                Ok(Some(text)) => bundle::split(&text)
                    .map_err(|e| format!("{} is not a usable bundle: {e}", bundle::BUNDLE_URL)),
                Ok(None) => Err(format!(
                    "{} is missing from this build (404): choose your checkout's manifests/ folder below",
                    bundle::BUNDLE_URL
                )),
                Err(e) => Err(e),
            };
            let _ = loading.try_set(false);
            match outcome {
                Ok(b) => {
                    // Someone who went elsewhere meanwhile is not taken back.
                    let here =
                        crate::browser::current_hash().is_none_or(|h| h.starts_with("#/gallery"));
                    let _ = status.try_set(None);
                    if here {
                        let title = format!("kube-prometheus (commit {})", b.header.short_commit());
                        doors.open(
                            &Input::Operator { files: b.files },
                            &title,
                            Workbench::Operator,
                        );
                    }
                }
                Err(e) => {
                    let _ = status.try_set(Some((e, true)));
                }
            }
        });
    };
    let title = move || match shipped.get() {
        Shipped::Yes(h) => {
            format!("kube-prometheus (commit {}, {} files)", h.short_commit(), h.files)
        }
        Shipped::Checking => "kube-prometheus".to_owned(),
        Shipped::No => "kube-prometheus (from your checkout)".to_owned(),
    };
    let blurb = move || {
        match shipped.get() {
        Shipped::Yes(h) => view! {
            <span class="gallery-card-blurb">
                "All of kube-prometheus' manifests/ folder, shipped with this build: every monitor, rule and "
                "Prometheus compiled at once, and their targets. "
                <span class="gallery-card-source" data-testid="gallery-kube-prometheus-source">
                    {format!(
                        "From {} at commit {} (Apache-2.0).",
                        h.repository.trim_start_matches("https://"),
                        h.short_commit()
                    )}
                </span>
            </span>
            <span class="gallery-card-actions">
                <button
                    class="button primary"
                    data-testid="gallery-kube-prometheus-open"
                    disabled=move || loading.get()
                    on:click=open_bundle
                >
                    {move || if loading.get() { "Loading…" } else { "Open in Operator →" }}
                </button>
            </span>
        }
        .into_any(),
        Shipped::Checking => view! {
            <span class="gallery-card-blurb">"Looking for the copy shipped with this build…"</span>
        }
        .into_any(),
        Shipped::No => view! {
            <span class="gallery-card-blurb" data-testid="gallery-kube-prometheus-absent">
                "All of kube-prometheus' manifests/ folder (about 85 files): every monitor, rule and "
                "Prometheus compiled at once. This build was made without the kube-prometheus bundle; "
                "choose your checkout's manifests/ folder, or select its files."
            </span>
        }
        .into_any(),
    }
    };
    let state = move || match shipped.get() {
        Shipped::Yes(_) => "yes",
        Shipped::Checking => "checking",
        Shipped::No => "no",
    };
    view! {
        <li>
            <div
                class="gallery-card gallery-card-files"
                data-card="operator/kube-prometheus"
                data-testid="gallery-kube-prometheus-card"
                data-bundle=state
                aria-busy=move || (loading.get() || shipped.get() == Shipped::Checking).to_string()
            >
                <span class="gallery-card-title">{title}</span>
                {blurb}
                <CheckoutPicker doors=doors secondary=Signal::derive(move || matches!(shipped.get(), Shipped::Yes(_))) status=status />
                {move || status.get().map(|(s, error)| view! {
                    <span
                        class="gallery-card-status"
                        class:error=error
                        data-testid="gallery-kube-prometheus-status"
                        role=if error { "alert" } else { "status" }
                    >
                        {s}
                    </span>
                })}
            </div>
        </li>
    }
}

/// "Choose manifests/ folder" and "Select files": a local checkout's files,
/// opened in the Operator workbench (the secondary action when the build
/// carries its own copy: people want their version).
#[component]
fn CheckoutPicker(
    doors: open::Doors,
    secondary: Signal<bool>,
    status: RwSignal<Option<(String, bool)>>,
) -> impl IntoView {
    // `webkitdirectory` makes the picker choose a folder (every browser has it).
    let folder = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if let Some(input) = folder.get() {
            input.set_webkitdirectory(true);
        }
    });
    let on_change = move |ev: web_sys::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) else {
            return;
        };
        let Some(list) = input.files() else { return };
        let files: Vec<web_sys::File> = (0..list.length())
            .filter_map(|i| list.get(i))
            .filter(|f| {
                let n = f.name();
                n.ends_with(".yaml") || n.ends_with(".yml") || n.ends_with(".json")
            })
            .collect();
        if files.is_empty() {
            status.set(Some(("No .yaml, .yml or .json files among those.".into(), true)));
            return;
        }
        let total = files.len();
        status.set(Some((format!("Reading {total} files…"), false)));
        let read: Rc<RefCell<Vec<(String, String)>>> = Rc::default();
        for file in files {
            let read = read.clone();
            crate::browser::read_text_file(file, move |name, text| {
                let done = {
                    let mut r = read.borrow_mut();
                    r.push((name, text));
                    r.len() == total
                };
                if done {
                    let mut files = std::mem::take(&mut *read.borrow_mut());
                    files.sort();
                    let _ = status.try_set(None);
                    doors.open(
                        &Input::Operator { files },
                        "kube-prometheus (your checkout)",
                        Workbench::Operator,
                    );
                }
            });
        }
    };
    view! {
        <span class="gallery-card-actions" class:secondary=move || secondary.get()>
            <Show when=move || secondary.get()>
                <span class="gallery-card-or">"Or your own checkout:"</span>
            </Show>
            <label class="button">
                "Choose manifests/ folder"
                <input
                    type="file"
                    class="visually-hidden"
                    data-testid="gallery-kube-prometheus-folder"
                    node_ref=folder
                    on:change=on_change
                />
            </label>
            <label class="button">
                "Select files"
                <input
                    type="file"
                    class="visually-hidden"
                    data-testid="gallery-kube-prometheus"
                    multiple=true
                    accept=".yaml,.yml,.json"
                    on:change=on_change
                />
            </label>
        </span>
    }
}

/// The "your previous input is kept" banner, shown in the workbench an
/// example was opened in until the person restores or dismisses it.
#[component]
pub fn RestoreBanner(active: RwSignal<Option<Workbench>>) -> impl IntoView {
    let doors = open::Doors::here();
    let refresh = RwSignal::new(0u32);
    let undo = Memo::new(move |_| {
        refresh.track();
        let here = active.get()?;
        open::undo().filter(|u| u.workbench == here.slug())
    });
    let restore = move |_| {
        let Some(u) = undo.get_untracked() else { return };
        let Some(here) = active.get_untracked() else { return };
        // Unmount the workbench first: it saves its input when it goes and
        // reads it again when it comes back, so the restored input must be
        // put in between.
        active.set(Some(Workbench::Gallery));
        set_timeout(
            move || {
                doors.apply(&u.previous);
                open::clear_undo();
                crate::browser::replace_hash(&format!("#/{}", here.slug()));
                active.set(Some(here));
                refresh.update(|n| *n += 1);
            },
            Duration::from_millis(0),
        );
    };
    let dismiss = move |_| {
        open::clear_undo();
        refresh.update(|n| *n += 1);
    };
    view! {
        {move || undo.get().map(|u| view! {
            <div class="restore-banner" data-testid="restore-banner" role="status">
                <span>
                    {format!("Opened “{}” from the gallery. Your previous input here is kept.", u.title)}
                </span>
                <button class="button" data-testid="restore-input" on:click=restore>"Restore my input"</button>
                <button class="link-button" data-testid="restore-dismiss" on:click=dismiss>"Keep the example"</button>
            </div>
        })}
    }
}
