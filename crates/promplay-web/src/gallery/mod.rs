//! The gallery (`#/gallery`): every example of every workbench as a card;
//! a click opens the example in its workbench. The input it replaces is
//! kept, and a banner in that workbench brings it back ([`RestoreBanner`]).
//! kube-prometheus itself is not bundled (85 files, 1.3 MB): its card opens
//! the files of a local checkout in the Operator workbench.
//!
//! DOM contract (for `tests/e2e/learn.test.mjs`): `[data-testid=gallery]`,
//! cards `[data-testid=gallery-card][data-card=WORKBENCH/ID][data-opens=SLUG]`,
//! the kube-prometheus inputs `[data-testid=gallery-kube-prometheus]` (files)
//! and `gallery-kube-prometheus-folder`; the banner `[data-testid=restore-banner]`
//! with `restore-input` and `restore-dismiss`.

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

/// The kube-prometheus card: the files of a local checkout's `manifests/`
/// folder, opened in the Operator workbench.
#[component]
fn KubePrometheusCard() -> impl IntoView {
    let doors = open::Doors::here();
    let status = RwSignal::new(None::<String>);
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
            status.set(Some("No .yaml, .yml or .json files among those.".into()));
            return;
        }
        let total = files.len();
        status.set(Some(format!("Reading {total} files…")));
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
        <li>
            <div class="gallery-card gallery-card-files" data-card="operator/kube-prometheus">
                <span class="gallery-card-title">"kube-prometheus (from your checkout)"</span>
                <span class="gallery-card-blurb">
                    "All of kube-prometheus' manifests/ folder (about 85 files): every monitor, rule and "
                    "Prometheus compiled at once. It is too large to ship with the page; choose the folder "
                    "of your checkout, or select its files."
                </span>
                <span class="gallery-card-actions">
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
                {move || status.get().map(|s| view! { <span class="gallery-card-status">{s}</span> })}
            </div>
        </li>
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
