//! App-wide keyboard shortcuts and the "Keyboard shortcuts" dialog.
//!
//! `?` (when the focus is not in a text field) opens the dialog, which the
//! Share / workspace menu also offers; it lists every shortcut of the app,
//! the editors ([`crate::editing`]) and each workbench, from the tables
//! below, so the list and the keys cannot drift apart in one place only.
//!
//! Workbenches are switched with Alt+Shift+1…8 (Ctrl+1…8 on a Mac), in nav
//! order, also from inside an editor. Plain Alt+digit is not used: Chrome and
//! Firefox on Linux switch browser tabs with it (and Ctrl+digit on Windows
//! and Linux, ⌘digit on a Mac), and a page that took those keys would break
//! the browser's own. On a Mac, Option+Shift+digit types characters, while
//! Ctrl+digit is free.
//!
//! DOM contract (for tests/e2e): `shortcuts-dialog` (a modal `<dialog>`,
//! labelled by its heading), `shortcuts-close`, rows `shortcut-row`;
//! `open-shortcuts` in the workspace menu.

use crate::Workbench;
use leptos::html::Dialog;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, KeyboardEvent};

/// The id of the hidden text that tells screen-reader users how to leave
/// an editor; every editor textarea points to it with `aria-describedby`.
pub const EDITOR_HELP_ID: &str = "editor-keys-help";

/// Whether the "Keyboard shortcuts" dialog is open (a context, so the
/// workspace menu can open it).
#[derive(Clone, Copy, Debug)]
pub struct ShortcutsOpen(pub RwSignal<bool>);

/// Whether the keys of this browser are a Mac's (⌘ instead of Ctrl).
pub fn is_mac() -> bool {
    web_sys::window()
        .and_then(|w| w.navigator().platform().ok())
        .is_some_and(|p| p.starts_with("Mac") || p.starts_with("iP"))
}

/// Whether `ev` is the workbench-switching chord, and for which workbench.
fn switch_target(ev: &KeyboardEvent, mac: bool) -> Option<Workbench> {
    let chord = if mac {
        ev.ctrl_key() && !ev.alt_key() && !ev.meta_key() && !ev.shift_key()
    } else {
        ev.alt_key() && ev.shift_key() && !ev.ctrl_key() && !ev.meta_key()
    };
    if !chord {
        return None;
    }
    // The physical key: with Shift held, `key` is `!`, `@`, … on most layouts.
    let digit = ev.code().strip_prefix("Digit")?.parse::<usize>().ok()?;
    Workbench::ALL.get(digit.checked_sub(1)?).copied()
}

/// Whether keys typed now go into a text field.
fn typing_into(ev: &KeyboardEvent) -> bool {
    let Some(el) = ev.target().and_then(|t| t.dyn_into::<HtmlElement>().ok()) else {
        return false;
    };
    match el.tag_name().as_str() {
        "TEXTAREA" | "SELECT" => true,
        "INPUT" => {
            let kind = el.get_attribute("type").unwrap_or_default();
            !matches!(kind.as_str(), "checkbox" | "radio" | "button" | "submit" | "file" | "range")
        }
        _ => el.is_content_editable(),
    }
}

/// Installs the app-wide keys for the page's life: `?` opens the shortcuts
/// dialog (`open`), the workbench chord switches workbenches by changing
/// the URL hash (as the nav links do).
pub fn install(open: RwSignal<bool>) {
    ensure_editor_help();
    let mac = is_mac();
    let listener = window_event_listener(leptos::ev::keydown, move |ev: KeyboardEvent| {
        if ev.default_prevented() || ev.repeat() {
            return;
        }
        if let Some(w) = switch_target(&ev, mac) {
            ev.prevent_default();
            open.set(false);
            if let Some(window) = web_sys::window() {
                let _ = window.location().set_hash(&format!("/{}", w.slug()));
            }
            return;
        }
        if ev.key() == "?" && !ev.ctrl_key() && !ev.alt_key() && !ev.meta_key() && !typing_into(&ev)
        {
            ev.prevent_default();
            open.set(true);
        }
    });
    on_cleanup(move || listener.remove());
}

/// Adds the hidden "how to leave an editor" text to the page once.
pub fn ensure_editor_help() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    if document.get_element_by_id(EDITOR_HELP_ID).is_some() {
        return;
    }
    let Ok(p) = document.create_element("p") else { return };
    p.set_id(EDITOR_HELP_ID);
    p.set_class_name("visually-hidden");
    p.set_text_content(Some(
        "Tab indents and Shift+Tab outdents; press Escape, then Tab, to leave the editor. \
         Control+slash comments the selected lines.",
    ));
    if let Some(body) = document.body() {
        let _ = body.append_child(&p);
    }
}

/// One line of the dialog: the keys (several alternatives possible, each
/// a chord of key names) and what they do. `mac` replaces `keys` on a Mac.
struct Shortcut {
    keys: &'static [&'static [&'static str]],
    mac: Option<&'static [&'static [&'static str]]>,
    what: &'static str,
}

const fn sc(keys: &'static [&'static [&'static str]], what: &'static str) -> Shortcut {
    Shortcut { keys, mac: None, what }
}

const fn sc_mac(
    keys: &'static [&'static [&'static str]],
    mac: &'static [&'static [&'static str]],
    what: &'static str,
) -> Shortcut {
    Shortcut { keys, mac: Some(mac), what }
}

const ANYWHERE: &[Shortcut] = &[
    sc(&[&["?"]], "Show this list (when the focus is not in a text field)"),
    sc_mac(
        &[&["Alt", "Shift", "1"], &["Alt", "Shift", "8"]],
        &[&["⌃", "1"], &["⌃", "8"]],
        "Open a workbench, in the order of the header (also from inside an editor):",
    ),
    sc(&[&["Esc"]], "Close this dialog or the Share / workspace menu"),
];

const EDITORS: &[Shortcut] = &[
    sc(&[&["Tab"]], "Indent by two spaces; with several lines selected, indent them all"),
    sc(&[&["Shift", "Tab"]], "Outdent the line, or every selected line"),
    sc(&[&["Enter"]], "New line with the same indentation (after a YAML key: one level more)"),
    sc_mac(&[&["Ctrl", "/"]], &[&["⌘", "/"]], "Comment or uncomment the selected lines with #"),
    sc(&[&["Esc"], &["Tab"]], "Leave the editor: after Escape, Tab moves the focus on"),
    sc_mac(
        &[&["Ctrl", "Z"], &["Ctrl", "Shift", "Z"]],
        &[&["⌘", "Z"], &["⌘", "Shift", "Z"]],
        "Undo, redo (indenting and commenting too)",
    ),
    sc(&[&["F8"], &["Shift", "F8"]], "Next, previous problem (Metrics, Rules and Lessons editors)"),
];

const WORKBENCHES: &[(&str, &[Shortcut])] = &[
    (
        "Metrics",
        &[sc_mac(
            &[&["Ctrl", "Enter"]],
            &[&["⌘", "Enter"]],
            "Analyse now: a text over 256 KB otherwise waits for a pause in typing",
        )],
    ),
    (
        "Query",
        &[
            sc_mac(
                &[&["Ctrl", "Enter"], &["Shift", "Enter"]],
                &[&["⌘", "Enter"], &["Shift", "Enter"]],
                "Run the query now (it also runs by itself when typing pauses)",
            ),
            sc_mac(
                &[&["Ctrl", "Enter"]],
                &[&["⌘", "Enter"]],
                "In the series or a scrape: load the data and run now",
            ),
            sc(&[&["Ctrl", "Space"]], "Suggest functions, metric names, labels and values"),
            sc(
                &[&["↑"], &["↓"], &["Enter"], &["Tab"], &["Esc"]],
                "Choose, take or close a suggestion; without one, Tab leaves the query",
            ),
        ],
    ),
    ("Lessons", &[sc_mac(&[&["Ctrl", "Enter"]], &[&["⌘", "Enter"]], "Check my answer")]),
];

/// The keys of one shortcut as `<kbd>` elements: alternatives separated by
/// a slash, or a range ("1 … 8") when the text says so.
fn keys_view(s: &Shortcut, mac: bool) -> impl IntoView + use<> {
    let keys = if mac { s.mac.unwrap_or(s.keys) } else { s.keys };
    let range = s.what.ends_with(':');
    let then = s.what.starts_with("Leave the editor");
    let separator = if range {
        " … "
    } else if then {
        " then "
    } else {
        " / "
    };
    keys.iter()
        .enumerate()
        .map(|(i, chord)| {
            let chord = chord
                .iter()
                .enumerate()
                .map(|(j, k)| {
                    view! { {(j > 0).then_some("+")}<kbd>{*k}</kbd> }
                })
                .collect_view();
            view! { {(i > 0).then_some(separator)}<span class="shortcut-chord">{chord}</span> }
        })
        .collect_view()
}

fn rows(list: &'static [Shortcut], mac: bool) -> impl IntoView + use<> {
    list.iter()
        .map(|s| {
            let workbenches = s.what.ends_with(':').then(|| {
                view! {
                    <ol class="shortcut-workbenches">
                        {Workbench::ALL.iter().map(|w| view! { <li>{w.title()}</li> }).collect_view()}
                    </ol>
                }
            });
            view! {
                <tr data-testid="shortcut-row">
                    <td class="shortcut-keys">{keys_view(s, mac)}</td>
                    <td>{s.what}{workbenches}</td>
                </tr>
            }
        })
        .collect_view()
}

/// The "Keyboard shortcuts" dialog: a modal `<dialog>` shown while `open`.
/// Escape or "Close" closes it; the focus goes back where it was.
#[component]
pub fn ShortcutsDialog(open: RwSignal<bool>) -> impl IntoView {
    let dialog = NodeRef::<Dialog>::new();
    let mac = is_mac();
    let opener = StoredValue::new_local(None::<HtmlElement>);
    Effect::new(move |_| {
        let want = open.get();
        let Some(d) = dialog.get() else { return };
        if want && !d.open() {
            opener.set_value(
                document().active_element().and_then(|e| e.dyn_into::<HtmlElement>().ok()),
            );
            let _ = d.show_modal();
        } else if !want && d.open() {
            d.close();
        }
    });
    // Escape (the dialog's `cancel`) and `close()` both end here.
    let on_close = move |_| {
        open.set(false);
        if let Some(el) = opener.try_update_value(Option::take).flatten() {
            let _ = el.focus();
        }
    };
    let other = if mac {
        "Ctrl instead of ⌘, and Alt+Shift+1 … 8 for the workbenches."
    } else {
        "⌘ instead of Ctrl, and ⌃1 … 8 (Control+digit) for the workbenches. Plain Alt+digit is left to the browser: on Linux it switches the browser's tabs."
    };
    view! {
        <dialog
            class="shortcuts-dialog"
            node_ref=dialog
            data-testid="shortcuts-dialog"
            aria-labelledby="shortcuts-title"
            on:close=on_close
        >
            <div class="shortcuts-head">
                <h2 id="shortcuts-title">"Keyboard shortcuts"</h2>
                <button class="button" data-testid="shortcuts-close" on:click=move |_| open.set(false)>
                    "Close"
                </button>
            </div>
            <div class="shortcuts-body">
                <section>
                    <h3>"Anywhere"</h3>
                    <table class="shortcuts-table"><tbody>{rows(ANYWHERE, mac)}</tbody></table>
                    <h3>"In the editors"</h3>
                    <table class="shortcuts-table"><tbody>{rows(EDITORS, mac)}</tbody></table>
                </section>
                <section>
                    {WORKBENCHES
                        .iter()
                        .map(|(name, list)| view! {
                            <h3>{*name}</h3>
                            <table class="shortcuts-table"><tbody>{rows(list, mac)}</tbody></table>
                        })
                        .collect_view()}
                    <h3>"Rules, Operator, Targets, Relabel"</h3>
                    <p class="shortcuts-note">"No key needed: the results follow every edit."</p>
                    <h3>{if mac { "On Windows and Linux" } else { "On a Mac" }}</h3>
                    <p class="shortcuts-note">{other}</p>
                </section>
            </div>
        </dialog>
    }
}
