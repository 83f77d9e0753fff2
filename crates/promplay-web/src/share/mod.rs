//! Sharing and the workspace menu: "Copy link" (the whole workspace in the
//! URL hash), "Copy as Markdown" (a bug-report block), export to and import
//! from a file, reset to the examples, and restoring a workspace that one of
//! those replaced.
//!
//! Nothing is sent anywhere: a link carries the workspace after `#`, which
//! browsers never send to a server, and a file is written and read locally.
//!
//! The workspace is whatever the workbenches saved in `localStorage` under
//! `promplay.v1.*` ([`document`]), so this module knows no workbench's
//! inputs (only [`markdown`] names them, for the report). Opening a link
//! happens before the app mounts ([`prepare`]); every other replacement
//! reloads the page and runs first thing ([`store`]). The replaced
//! workspace is put aside and the banner offers it back.
//!
//! DOM contract (for tests/e2e): `workspace-menu-button`, `workspace-menu`,
//! `share-link` (an input whose value is the link, `data-length`),
//! `share-link-note`, `copy-link`, `copy-markdown`, `share-status`,
//! `copy-dialog` with `copy-text` (when the clipboard is not available),
//! `export-workspace`, `import-workspace` (file input), `import-error`,
//! `reset-workspace`, `reset-confirm`, `restore-aside` (one per workspace
//! put aside), `share-notice` with `share-undo` and `share-dismiss`,
//! `share-opening`, `open-shortcuts` (opens the keyboard shortcuts dialog).

pub mod compress;
pub mod document;
pub mod link;
pub mod markdown;
pub mod store;

use crate::Workbench;
use crate::browser;
use document::Snapshot;
use leptos::prelude::*;
use store::{Notice, Pending};
use wasm_bindgen::JsCast;
use web_sys::{DragEvent, HtmlElement, HtmlInputElement, HtmlTextAreaElement};

/// The largest decompressed workspace a link may carry.
const MAX_LINK_WORKSPACE: usize = promplay_pipeline::limits::MAX_INPUT_BYTES;

/// The banner's message, shared by the gate and the banner.
#[derive(Clone, Copy)]
struct ShareState {
    notice: RwSignal<Option<Notice>>,
}

/// Gets the workspace ready before any workbench mounts: runs an import,
/// reset or restore started before a reload, and opens a share link in
/// the URL hash. Returns `false` while a link is being decompressed (the
/// app then shows [`Opening`]). Call once, at the top of the app.
pub fn prepare() -> RwSignal<bool> {
    let state = ShareState { notice: RwSignal::new(None) };
    provide_context(state);
    if let Some(notice) = store::take_pending() {
        state.notice.set(Some(notice));
    }
    // A link pasted into the address bar of an open tab only changes the
    // hash: reload, so it opens like a fresh visit (after the workbenches
    // saved what they hold).
    let listener = window_event_listener_untyped("hashchange", move |_| {
        if browser::current_hash().is_some_and(|h| link::has_workspace(&h))
            && let Some(window) = web_sys::window()
        {
            let _ = window.location().reload();
        }
    });
    on_cleanup(move || listener.remove());
    let ready = RwSignal::new(true);
    let Some(hash) = browser::current_hash() else { return ready };
    let Some(parsed) = link::parse(&hash) else { return ready };
    let workbench = Workbench::from_hash(&hash).unwrap_or(Workbench::Metrics);
    replace_hash_quietly(&link::without_workspace(&hash));
    match parsed {
        Err(e) => state.notice.set(Some(link_failed(&e))),
        Ok(link::Payload::DeflatedJson(bytes)) => {
            ready.set(false);
            leptos::task::spawn_local(async move {
                let notice = match open_v1(&bytes, workbench).await {
                    Ok(aside) => Notice::done(format!(
                        "You opened a shared workspace ({} workbench).",
                        workbench.title()
                    ))
                    .put_aside(aside),
                    Err(e) => link_failed(&e),
                };
                state.notice.set(Some(notice));
                ready.set(true);
            });
        }
    }
    ready
}

/// Opens a version 1 link's payload: inflate, read, replace. Returns
/// whether the visitor's own workspace was put aside.
async fn open_v1(bytes: &[u8], workbench: Workbench) -> Result<bool, String> {
    let json = compress::inflate(bytes)
        .await
        .map_err(|e| format!("the link is damaged (maybe cut short?): {e}"))?;
    if json.len() > MAX_LINK_WORKSPACE {
        return Err("the link's workspace is larger than the input limit".into());
    }
    let text = String::from_utf8(json).map_err(|_| "the link is damaged: not UTF-8".to_owned())?;
    let mut snapshot = document::parse(&text).map_err(|e| format!("the link is damaged: {e}"))?;
    snapshot.workbench = workbench.slug().to_owned();
    store::replace(&snapshot, "before opening a shared link", None)
}

fn link_failed(reason: &str) -> Notice {
    Notice {
        text: format!(
            "This share link could not be opened, so your workspace was left as it was: {reason}."
        ),
        undo: false,
        error: true,
    }
}

/// Sets the URL hash without a history entry or a `hashchange` event.
fn replace_hash_quietly(hash: &str) {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(hash));
    }
}

/// Shown instead of the workbenches while a link is being opened.
#[component]
pub fn Opening() -> impl IntoView {
    view! { <p class="boot" data-testid="share-opening" role="status">"Opening the shared workspace…"</p> }
}

/// The banner under the header after a link, an import, a reset or a restore.
#[component]
pub fn ShareNotice() -> impl IntoView {
    let state = expect_context::<ShareState>();
    let undo = move |_| {
        if let Some(aside) = store::asides().into_iter().next() {
            schedule_restore(0, &aside, state.notice);
        }
    };
    move || {
        state.notice.get().map(|n| {
            let can_undo = n.undo && !store::asides().is_empty();
            view! {
                <div class="share-notice" class:error=n.error data-testid="share-notice" role="status">
                    <span>{n.text.clone()}</span>
                    <Show when=move || can_undo>
                        <button class="button" data-testid="share-undo" on:click=undo>
                            "Restore my previous workspace"
                        </button>
                    </Show>
                    <button class="button" data-testid="share-dismiss" on:click=move |_| state.notice.set(None)>
                        "Dismiss"
                    </button>
                </div>
            }
        })
    }
}

fn schedule_restore(index: usize, aside: &store::Aside, notice: RwSignal<Option<Notice>>) {
    let pending = Pending {
        reason: "before restoring an earlier one".into(),
        notice: Notice::done("Your previous workspace is back."),
        document: aside.document.clone(),
        restores: Some(index),
    };
    if let Err(e) = store::run_after_reload(&pending) {
        notice.set(Some(Notice {
            text: format!("Nothing was changed: {e}."),
            undo: false,
            error: true,
        }));
    }
}

/// The current page address up to `#`.
fn page_base() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|href| href.split('#').next().unwrap_or_default().to_owned())
        .unwrap_or_default()
}

/// The share link of `snapshot`.
async fn make_link(snapshot: &Snapshot) -> Result<String, String> {
    let compressed = compress::deflate(snapshot.to_json(false).as_bytes()).await?;
    Ok(format!("{}{}", page_base(), link::hash_v1(&snapshot.workbench, &compressed)))
}

/// The open workbench's slug.
fn open_slug(active: RwSignal<Option<Workbench>>) -> &'static str {
    active.get_untracked().unwrap_or(Workbench::Metrics).slug()
}

/// The header's "Workspace" menu: share and the workspace operations.
#[component]
pub fn WorkspaceMenu(active: RwSignal<Option<Workbench>>) -> impl IntoView {
    let state = expect_context::<ShareState>();
    let open = RwSignal::new(false);
    let link_text = RwSignal::new(None::<Result<String, String>>);
    let status = RwSignal::new(String::new());
    let confirm_reset = RwSignal::new(false);
    let import_error = RwSignal::new(None::<String>);
    let copy_dialog = RwSignal::new(None::<(String, String)>);
    let asides = RwSignal::new(Vec::<store::Aside>::new());
    let button = NodeRef::<leptos::html::Button>::new();
    let panel = NodeRef::<leptos::html::Div>::new();

    let refresh = move || {
        store::flush();
        asides.set(store::asides());
        let snapshot = store::current(open_slug(active));
        link_text.set(None);
        leptos::task::spawn_local(async move {
            let made = make_link(&snapshot).await;
            let _ = link_text.try_set(Some(made));
        });
    };
    let close = move || {
        open.set(false);
        confirm_reset.set(false);
        if let Some(b) = button.get_untracked() {
            let _ = b.focus();
        }
    };
    let toggle = move |_| {
        if open.get_untracked() {
            close();
        } else {
            status.set(String::new());
            import_error.set(None);
            open.set(true);
            refresh();
            // Focus the first control once the panel is drawn.
            request_animation_frame(move || {
                if let Some(p) = panel.get_untracked()
                    && let Ok(Some(first)) = p.query_selector("button, input, [tabindex]")
                    && let Ok(first) = first.dyn_into::<HtmlElement>()
                {
                    let _ = first.focus();
                }
            });
        }
    };
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.prevent_default();
            if copy_dialog.get_untracked().is_some() {
                copy_dialog.set(None);
            } else {
                close();
            }
        }
    };
    // Escape also closes the menu when the focus is not in it (after a
    // click on its text, say); inside it, `on_keydown` has handled it.
    let escape = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" && !ev.default_prevented() && open.get_untracked() {
            close();
        }
    });
    on_cleanup(move || escape.remove());
    let shortcuts = use_context::<crate::keys::ShortcutsOpen>();
    let show_shortcuts = move |_| {
        close();
        if let Some(s) = shortcuts {
            s.0.set(true);
        }
    };
    let copy = move |what: &'static str, text: String| {
        copy_text(what, text, status, copy_dialog);
    };
    let copy_link = move |_| match link_text.get_untracked() {
        Some(Ok(l)) => copy("link", l),
        Some(Err(e)) => status.set(format!("No link: {e}")),
        None => status.set("The link is still being made; try again in a moment.".into()),
    };
    let copy_markdown = move |_| {
        store::flush();
        let workbench = active.get_untracked().unwrap_or(Workbench::Metrics);
        let snapshot = store::current(workbench.slug());
        let visible = visible_parts(workbench.slug());
        leptos::task::spawn_local(async move {
            let link = make_link(&snapshot).await.unwrap_or_default();
            let md = markdown::render(workbench.title(), &snapshot, &visible, &link);
            copy("Markdown", md);
        });
    };
    let export = move |_| {
        store::flush();
        let snapshot = store::current(open_slug(active));
        let name = format!("promplay-workspace-{}-{}.json", snapshot.workbench, today());
        match download(&name, &snapshot.to_json(true)) {
            Ok(()) => status.set(format!("Saved {name} to your downloads.")),
            Err(e) => status.set(format!("Could not save the file: {e}")),
        }
    };
    let import_file = move |file: web_sys::File| {
        import_error.set(None);
        browser::read_text_file(file, move |name, text| match document::parse(&text) {
            Ok(mut snapshot) => {
                if Workbench::ALL.iter().all(|w| w.slug() != snapshot.workbench) {
                    snapshot.workbench = open_slug(active).to_owned();
                }
                let pending = Pending {
                    reason: format!("before importing {name}"),
                    notice: Notice::done(format!("Imported the workspace from {name}.")),
                    document: snapshot.to_json(false),
                    restores: None,
                };
                // The imported workbench opens after the reload.
                replace_hash_quietly(&format!("#/{}", snapshot.workbench));
                if let Err(e) = store::run_after_reload(&pending) {
                    import_error.set(Some(format!("{name}: {e}")));
                }
            }
            Err(e) => import_error.set(Some(format!("{name}: {e}"))),
        });
    };
    let on_file = move |ev: web_sys::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) else {
            return;
        };
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            import_file(file);
        }
        input.set_value("");
    };
    let on_drop = move |ev: DragEvent| {
        ev.prevent_default();
        if let Some(file) = ev.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) {
            import_file(file);
        }
    };
    let reset = move |_| {
        let pending = Pending {
            reason: "before resetting to the examples".into(),
            notice: Notice::done("Every workbench is back to its example."),
            document: Snapshot { workbench: open_slug(active).to_owned(), ..Snapshot::default() }
                .to_json(false),
            restores: None,
        };
        if let Err(e) = store::run_after_reload(&pending) {
            status.set(format!("Nothing was changed: {e}."));
        }
    };

    view! {
        <div class="workspace-menu" on:keydown=on_keydown>
            <button
                class="button menu-button"
                node_ref=button
                data-testid="workspace-menu-button"
                aria-haspopup="dialog"
                aria-expanded=move || open.get().to_string()
                aria-controls="workspace-menu"
                on:click=toggle
            >
                "Share / workspace ▾"
            </button>
            <Show when=move || open.get()>
                <div class="menu-backdrop" on:click=move |_| close()></div>
                <div
                    class="menu-panel"
                    id="workspace-menu"
                    role="dialog"
                    aria-label="Share and workspace"
                    node_ref=panel
                    data-testid="workspace-menu"
                    on:dragover=|ev: DragEvent| ev.prevent_default()
                    on:drop=on_drop
                >
                    <h2 class="menu-heading">"Share"</h2>
                    <label class="menu-field">
                        <span class="visually-hidden">"Link to this workspace"</span>
                        <input
                            type="text"
                            readonly
                            class="share-link"
                            data-testid="share-link"
                            prop:value=move || match link_text.get() {
                                Some(Ok(l)) => l,
                                Some(Err(e)) => format!("No link: {e}"),
                                None => "Making the link…".to_owned(),
                            }
                            data-length=move || match link_text.get() {
                                Some(Ok(l)) => l.len().to_string(),
                                _ => String::new(),
                            }
                            on:focus=|ev| {
                                if let Some(i) = ev.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) {
                                    i.select();
                                }
                            }
                        />
                    </label>
                    <p class="menu-note" data-testid="share-link-note">
                        {move || match link_text.get() {
                            Some(Ok(l)) => {
                                let (count, advice) = link::length_note(l.len());
                                view! {
                                    <span>{format!("{count}. Every input and setting of all workbenches is in the link, after the #, which browsers never send to a server.")}</span>
                                    {advice.map(|a| view! { <strong class="menu-warning">" " {a}</strong> })}
                                }
                                .into_any()
                            }
                            _ => view! { <span>"The whole workspace goes into the link; nothing is uploaded."</span> }.into_any(),
                        }}
                    </p>
                    <div class="menu-row">
                        <button class="button" data-testid="copy-link" on:click=copy_link>"Copy link"</button>
                        <button class="button" data-testid="copy-markdown" on:click=copy_markdown
                            title="The open workbench's inputs, results and the link, for a bug report">
                            "Copy as Markdown"
                        </button>
                    </div>
                    <p class="menu-status" data-testid="share-status" role="status" aria-live="polite">
                        {move || status.get()}
                    </p>
                    <h2 class="menu-heading">"Workspace"</h2>
                    <p class="menu-note">"Kept in this browser and saved as you type. A file holds the same as a link."</p>
                    <div class="menu-row">
                        <button class="button" data-testid="export-workspace" on:click=export>"Export workspace"</button>
                        <label class="button">
                            "Import workspace…"
                            <input
                                type="file"
                                class="visually-hidden"
                                accept=".json,application/json"
                                data-testid="import-workspace"
                                on:change=on_file
                            />
                        </label>
                        <button class="button" data-testid="reset-workspace"
                            aria-expanded=move || confirm_reset.get().to_string()
                            on:click=move |_| confirm_reset.update(|c| *c = !*c)>
                            "Reset to examples…"
                        </button>
                    </div>
                    <p class="menu-note">"Or drop an exported file here."</p>
                    {move || import_error.get().map(|e| view! {
                        <p class="menu-error" data-testid="import-error" role="alert">{format!("Not imported: {e}")}</p>
                    })}
                    <Show when=move || confirm_reset.get()>
                        <div class="menu-confirm" role="group" aria-label="Confirm reset">
                            <span>"Put every workbench back to its example? Your workspace is put aside and can be restored."</span>
                            <button class="button danger" data-testid="reset-confirm" on:click=reset>"Reset"</button>
                            <button class="button" on:click=move |_| confirm_reset.set(false)>"Cancel"</button>
                        </div>
                    </Show>
                    <crate::theme::AppearanceControls />
                    <div class="menu-row">
                        <button class="button" data-testid="open-shortcuts" aria-keyshortcuts="Shift+?" on:click=show_shortcuts>
                            "Keyboard shortcuts"
                            <kbd class="menu-kbd" aria-hidden="true">"?"</kbd>
                        </button>
                    </div>
                    <Show when=move || !asides.get().is_empty()>
                        <h2 class="menu-heading">"Put aside"</h2>
                        <ul class="menu-asides">
                            {move || asides.get().into_iter().enumerate().map(|(i, a)| {
                                let label = format!("Your workspace {} ({})", a.reason, time_of(a.at_ms));
                                let aside = a;
                                view! {
                                    <li>
                                        <span>{label}</span>
                                        <button class="button" data-testid="restore-aside"
                                            on:click=move |_| schedule_restore(i, &aside, state.notice)>
                                            "Restore"
                                        </button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </Show>
                </div>
            </Show>
            {move || copy_dialog.get().map(|(what, text)| view! { <CopyDialog what text close=copy_dialog /> })}
        </div>
    }
}

/// The select-and-copy dialog shown when the clipboard cannot be written.
#[component]
fn CopyDialog(
    what: String,
    text: String,
    close: RwSignal<Option<(String, String)>>,
) -> impl IntoView {
    let area = NodeRef::<leptos::html::Textarea>::new();
    let copied = RwSignal::new(false);
    let label = format!("Copy the {what}");
    Effect::new(move |_| {
        if let Some(a) = area.get() {
            let a: HtmlTextAreaElement = a;
            let _ = a.focus();
            a.select();
            let ok = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
                .and_then(|d| d.exec_command("copy").ok())
                .unwrap_or(false);
            copied.set(ok);
        }
    });
    let text_label = format!("The {what} to copy");
    view! {
        <div class="menu-backdrop copy-backdrop" on:click=move |_| close.set(None)></div>
        <div class="copy-dialog" role="dialog" aria-modal="true" aria-label=label data-testid="copy-dialog">
            <p>
                {move || if copied.get() {
                    format!("Copied the {what}. It is also selected below.")
                } else {
                    format!("This page cannot use the clipboard here: the {what} is selected below, press Ctrl+C (⌘C on a Mac) to copy it.")
                }}
            </p>
            <textarea readonly node_ref=area data-testid="copy-text" aria-label=text_label rows="10">{text}</textarea>
            <button class="button" on:click=move |_| close.set(None)>"Done"</button>
        </div>
    }
}

/// Writes `text` to the clipboard, or opens the copy dialog when the
/// Clipboard API is missing (non-secure pages) or refuses.
fn copy_text(
    what: &'static str,
    text: String,
    status: RwSignal<String>,
    dialog: RwSignal<Option<(String, String)>>,
) {
    let clipboard = web_sys::window()
        .map(|w| w.navigator())
        .and_then(|n| js_sys::Reflect::get(&n, &"clipboard".into()).ok())
        .filter(|c| !c.is_undefined() && !c.is_null())
        .map(|c| c.unchecked_into::<web_sys::Clipboard>());
    let Some(clipboard) = clipboard else {
        dialog.set(Some((what.to_owned(), text)));
        return;
    };
    let promise = clipboard.write_text(&text);
    leptos::task::spawn_local(async move {
        match wasm_bindgen_futures::JsFuture::from(promise).await {
            Ok(_) => {
                let _ = status.try_set(format!(
                    "Copied the {what} ({} characters).",
                    link::group_thousands(text.len())
                ));
            }
            Err(_) => {
                let _ = dialog.try_set(Some((what.to_owned(), text)));
            }
        }
    });
}

/// The open workbench's visible editors and result lines, for the report.
fn visible_parts(slug: &str) -> markdown::Visible {
    let mut visible = markdown::Visible::default();
    let Some(main) = document().query_selector("main.app-main").ok().flatten() else {
        return visible;
    };
    if let Ok(list) = main.query_selector_all("textarea") {
        for i in 0..list.length() {
            let Some(area) = list.item(i).and_then(|n| n.dyn_into::<HtmlTextAreaElement>().ok())
            else {
                continue;
            };
            let label = area
                .get_attribute("aria-label")
                .or_else(|| area.get_attribute("data-testid"))
                .unwrap_or_else(|| "Input".to_owned());
            visible.editors.push((label, area.value()));
        }
    }
    for &(testid, max) in result_selectors(slug) {
        let Ok(list) = main.query_selector_all(&format!("[data-testid={testid}]")) else {
            continue;
        };
        let n = list.length() as usize;
        for i in 0..n.min(max) {
            let Some(el) = list.item(i as u32).and_then(|n| n.dyn_into::<HtmlElement>().ok())
            else {
                continue;
            };
            let text = el.inner_text().split_whitespace().collect::<Vec<_>>().join(" ");
            if !text.is_empty() {
                visible.results.push(text);
            }
        }
        if n > max {
            visible.results.push(format!("… {} more", n - max));
        }
    }
    visible
}

/// The elements whose text summarises each workbench's result, with how
/// many of each to take (their `data-testid`s, the workbenches' DOM contracts).
fn result_selectors(slug: &str) -> &'static [(&'static str, usize)] {
    match slug {
        "metrics" => &[("stats", 1), ("problem", 20)],
        "query" => &[
            ("query-stats", 1),
            ("query-error", 1),
            ("query-failure", 1),
            ("annotation", 10),
            ("result-row", 20),
        ],
        "rules" => &[("rules-stats", 1), ("rules-problem", 20), ("timeline-row", 20)],
        "operator" => &[("operator-stats", 1), ("operator-problem", 20)],
        "targets" => &[("targets-stats", 1), ("targets-job", 20), ("targets-why", 10)],
        "relabel" => &[("relabel-stats", 1), ("relabel-problem", 20), ("relabel-set", 20)],
        _ => &[],
    }
}

/// Offers `text` as a download named `name`.
fn download(name: &str, text: &str) -> Result<(), String> {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let parts = js_sys::Array::of1(&text.into());
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|e| format!("{e:?}"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|e| format!("{e:?}"))?;
    let a: web_sys::HtmlAnchorElement =
        document().create_element("a").map_err(|e| format!("{e:?}"))?.unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.click();
    // The download has started; the URL is released a little later.
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(10),
    );
    Ok(())
}

/// Today's local date as `YYYY-MM-DD`.
fn today() -> String {
    let d = js_sys::Date::new_0();
    format!("{:04}-{:02}-{:02}", d.get_full_year(), d.get_month() + 1, d.get_date())
}

/// A time of day (and the date when not today), for the put-aside list.
fn time_of(at_ms: f64) -> String {
    let d = js_sys::Date::new(&at_ms.into());
    let time = format!("{:02}:{:02}", d.get_hours(), d.get_minutes());
    let date = format!("{:04}-{:02}-{:02}", d.get_full_year(), d.get_month() + 1, d.get_date());
    if date == today() { format!("today {time}") } else { format!("{date} {time}") }
}
