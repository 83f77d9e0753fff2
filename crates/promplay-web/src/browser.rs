//! Thin wrappers over the browser APIs the UI needs.
//!
//! Every function degrades quietly when an API is missing (storage disabled
//! in a private window, a detached test element): the playground then works
//! without the convenience instead of failing.

use std::cell::RefCell;
use std::collections::BTreeMap;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use web_sys::{File, FileReader, HtmlDocument, HtmlTextAreaElement, Storage};

/// Milliseconds from a monotonic clock, for measuring parse time.
///
/// `std::time::Instant` panics on `wasm32-unknown-unknown`, so the web crate
/// asks the browser; engines never read a clock at all.
pub fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

fn local_storage() -> Option<Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

thread_local! {
    /// When set, the storage functions below use this map instead of
    /// `localStorage` (see [`use_memory_storage`]).
    static MEMORY: RefCell<Option<BTreeMap<String, String>>> = const { RefCell::new(None) };
}

/// Switches every storage function of this module, for the rest of the
/// page's life, to an in-memory map holding `entries`.
///
/// The one switch behind embed mode (see [`crate::embed`]): an embedded
/// workbench restores from and saves to this map, so it never reads or
/// changes the visitor's own saved workspace.
pub fn use_memory_storage(entries: Vec<(String, String)>) {
    MEMORY.with(|m| *m.borrow_mut() = Some(entries.into_iter().collect()));
}

/// The value stored under `key`, if storage is available and has one.
pub fn storage_get(key: &str) -> Option<String> {
    if let Some(found) = MEMORY.with(|m| m.borrow().as_ref().map(|m| m.get(key).cloned())) {
        return found;
    }
    local_storage()?.get_item(key).ok().flatten()
}

/// Stores `value` under `key`; returns `false` when storage is unavailable or full.
pub fn storage_set(key: &str, value: &str) -> bool {
    let in_memory = MEMORY.with(|m| {
        m.borrow_mut().as_mut().map(|m| m.insert(key.to_owned(), value.to_owned())).is_some()
    });
    in_memory || local_storage().is_some_and(|s| s.set_item(key, value).is_ok())
}

/// Removes the value stored under `key`, if any.
pub fn storage_remove(key: &str) {
    let in_memory = MEMORY.with(|m| m.borrow_mut().as_mut().map(|m| m.remove(key)).is_some());
    if !in_memory && let Some(storage) = local_storage() {
        let _ = storage.remove_item(key);
    }
}

/// Every stored key and value whose key starts with `promplay.`.
pub fn storage_entries() -> Vec<(String, String)> {
    if let Some(all) = MEMORY.with(|m| {
        m.borrow().as_ref().map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
    }) {
        return all;
    }
    let Some(storage) = local_storage() else { return Vec::new() };
    let len = storage.length().unwrap_or(0);
    (0..len)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| k.starts_with("promplay."))
        .filter_map(|k| storage.get_item(&k).ok().flatten().map(|v| (k, v)))
        .collect()
}

/// The current URL hash including `#`, if any.
pub fn current_hash() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    (!hash.is_empty()).then_some(hash)
}

/// Sets the URL hash without adding a history entry.
pub fn replace_hash(hash: &str) {
    if let Some(window) = web_sys::window() {
        let location = window.location();
        if let Ok(href) = location.href() {
            let base = href.split('#').next().unwrap_or_default();
            let _ = location.replace(&format!("{base}{hash}"));
        }
    }
}

/// Replaces the whole text of `textarea` with `text` as if the person had
/// pasted it, so the browser's own undo (Ctrl+Z) brings the old text back.
///
/// `execCommand("insertText")` is the only way to change a textarea's value
/// through its undo stack. It is deprecated but supported everywhere; when it
/// is unavailable, or the text is so large that simulating a paste would be
/// slow, the value is set directly (losing only the undo step).
pub fn replace_textarea_text(textarea: &HtmlTextAreaElement, text: &str) {
    const MAX_UNDOABLE_BYTES: usize = 256 * 1024;
    let undoable = text.len() <= MAX_UNDOABLE_BYTES && textarea.is_connected() && {
        let _ = textarea.focus();
        textarea.select();
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.dyn_into::<HtmlDocument>().ok())
            .and_then(|d| d.exec_command_with_show_ui_and_value("insertText", false, text).ok())
            .unwrap_or(false)
    };
    // An empty replacement of an empty text reports success without
    // changing anything, so compare instead of trusting the flag alone.
    if !undoable || textarea.value() != text {
        textarea.set_value(text);
    }
    textarea.set_selection_range(0, 0).ok();
    textarea.set_scroll_top(0);
    textarea.set_scroll_left(0);
}

/// Reads `file` as UTF-8 text and calls `done` with its name and content.
///
/// Invalid UTF-8 is replaced with U+FFFD by the browser; the parser then
/// reports the odd characters where they are.
/// A file over the input limit is not read: the page shows why instead
/// (see [`crate::limits`]).
pub fn read_text_file(file: File, done: impl FnOnce(String, String) + 'static) {
    if !crate::limits::file_allowed(&file) {
        return;
    }
    let Ok(reader) = FileReader::new() else { return };
    let name = file.name();
    let reader_in_callback = reader.clone();
    let onload = Closure::once_into_js(move || {
        if let Some(text) = reader_in_callback.result().ok().and_then(|r| r.as_string()) {
            done(name, text);
        }
    });
    reader.set_onload(Some(onload.unchecked_ref()));
    let _ = reader.read_as_text(&file);
}

/// Fetches `url` (same origin; relative to the page) as text.
///
/// `Ok(None)` when the server has no such file (404), so a caller can say
/// that plainly; other failures come back as a sentence.
pub async fn fetch_text(url: &str) -> Result<Option<String>, String> {
    use wasm_bindgen_futures::JsFuture;
    use web_sys::Response;
    let window = web_sys::window().ok_or("no browser window")?;
    let response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|e| format!("could not load {url}: {}", js_message(&e)))?;
    let response: Response = response.dyn_into().map_err(|_| format!("no response for {url}"))?;
    match response.status() {
        404 => return Ok(None),
        200..=299 => {}
        status => {
            return Err(format!(
                "could not load {url}: the server answered {status} {}",
                response.status_text()
            ));
        }
    }
    let text = response.text().map_err(|e| js_message(&e))?;
    let text = JsFuture::from(text)
        .await
        .map_err(|e| format!("could not read {url}: {}", js_message(&e)))?;
    Ok(Some(text.as_string().unwrap_or_default()))
}

/// A JavaScript error's message.
fn js_message(value: &wasm_bindgen::JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| format!("{value:?}"))
}
