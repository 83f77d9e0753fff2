//! Browser helpers only the Query workbench needs.

use wasm_bindgen::JsValue;

/// Sets the URL hash without a history entry and without a `hashchange`
/// event (the app would otherwise treat it as navigation).
pub fn replace_hash_quietly(hash: &str) {
    let Some(window) = web_sys::window() else { return };
    if window.location().hash().ok().as_deref() == Some(hash) {
        return;
    }
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(hash));
    }
}

/// Device pixels per CSS pixel (2 on most HiDPI screens).
pub fn device_pixel_ratio() -> f64 {
    web_sys::window().map_or(1.0, |w| w.device_pixel_ratio()).max(1.0)
}
