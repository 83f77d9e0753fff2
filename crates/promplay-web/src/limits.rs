//! Input size guards for the whole page: every paste, drop and opened file is
//! measured before it reaches a textarea or an engine, and one over
//! [`MAX_INPUT_BYTES`] is refused with a message instead of freezing the tab.
//!
//! The paste and drop guards are capture-phase listeners on the window,
//! installed once by [`App`](crate::App), so they run before any workbench's
//! own handler and cover editors added later without each one opting in. The
//! length of pasted or dropped text is read as a JavaScript string length
//! (UTF-16 units, a close lower bound of the UTF-8 size), without copying the
//! text into WebAssembly memory.

use promplay_pipeline::limits::{MAX_INPUT_BYTES, input_too_large};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use web_sys::{DataTransfer, Event, File};

/// The id of the message element, for tests.
pub const ALERT_ID: &str = "input-limit-alert";

/// Installs the window-wide paste and drop guards (once per page).
pub fn install() {
    let Some(window) = web_sys::window() else { return };
    if js_sys::Reflect::has(&window, &"__promplayInputGuards".into()).unwrap_or(false) {
        return;
    }
    let _ = js_sys::Reflect::set(&window, &"__promplayInputGuards".into(), &true.into());
    for (kind, what) in [("paste", "the pasted text"), ("drop", "the dropped text")] {
        let guard = Closure::<dyn FnMut(Event)>::new(move |ev: Event| {
            let Some(transfer) = transfer_of(&ev) else { return };
            if let Some(message) = oversized(&transfer, what) {
                ev.prevent_default();
                ev.stop_immediate_propagation();
                show_alert(&message);
            }
        });
        let _ = window.add_event_listener_with_callback_and_bool(
            kind,
            guard.as_ref().unchecked_ref(),
            true,
        );
        // The guards live as long as the page.
        guard.forget();
    }
}

/// Whether `file` may be read; when not, shows why and returns `false`.
pub fn file_allowed(file: &File) -> bool {
    match file_message(file) {
        Some(message) => {
            show_alert(&message);
            false
        }
        None => true,
    }
}

/// Shows `message` in the page's alert line (created on first use), which
/// stays until dismissed or replaced.
pub fn show_alert(message: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let alert = match document.get_element_by_id(ALERT_ID) {
        Some(alert) => alert,
        None => {
            let Ok(alert) = document.create_element("div") else { return };
            alert.set_id(ALERT_ID);
            alert.set_class_name("limit-alert");
            let _ = alert.set_attribute("role", "alert");
            let Some(body) = document.body() else { return };
            let _ = body.append_child(&alert);
            alert
        }
    };
    alert.set_inner_html("");
    let Ok(text) = document.create_element("span") else { return };
    text.set_text_content(Some(message));
    let _ = alert.append_child(&text);
    if let Ok(button) = document.create_element("button") {
        button.set_text_content(Some("Dismiss"));
        let _ = button.set_attribute("type", "button");
        let target = alert.clone();
        let close = Closure::once_into_js(move || target.remove());
        let _ = button.add_event_listener_with_callback("click", close.unchecked_ref());
        let _ = alert.append_child(&button);
    }
}

/// The clipboard or drag data of a paste or drop event.
fn transfer_of(ev: &Event) -> Option<DataTransfer> {
    let key = if ev.type_() == "paste" { "clipboardData" } else { "dataTransfer" };
    js_sys::Reflect::get(ev, &key.into()).ok()?.dyn_into::<DataTransfer>().ok()
}

/// The message for data over the limit: the first oversized file, else the text.
fn oversized(transfer: &DataTransfer, what: &str) -> Option<String> {
    if let Some(files) = transfer.files() {
        for i in 0..files.length() {
            if let Some(message) = files.get(i).as_ref().and_then(file_message) {
                return Some(message);
            }
        }
    }
    input_too_large(what, text_length(transfer))
}

fn file_message(file: &File) -> Option<String> {
    // A size past usize (only on a 32-bit target with a >4 GB file) is over any limit.
    let size = file.size();
    let bytes =
        if size > MAX_INPUT_BYTES as f64 { size.min(usize::MAX as f64) as usize } else { 0 };
    input_too_large(&format!("“{}”", file.name()), bytes)
}

/// The length of the transfer's plain text, without copying it.
fn text_length(transfer: &DataTransfer) -> usize {
    let get = js_sys::Reflect::get(transfer, &"getData".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    get.and_then(|f| f.call1(transfer, &"text/plain".into()).ok())
        .and_then(|v| v.dyn_into::<js_sys::JsString>().ok())
        .map_or(0, |s| s.length() as usize)
}
