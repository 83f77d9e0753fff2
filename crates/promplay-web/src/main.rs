//! The playground's web UI entry point: mounts [`promplay_web::App`] into
//! `<body>` and removes the static "Loading" line `web/index.html` shows
//! until then; everything else lives in the library.

fn main() {
    promplay_web::install_panic_hook();
    leptos::mount::mount_to_body(promplay_web::App);
    if let Some(boot) = leptos::prelude::document().get_element_by_id("boot") {
        boot.remove();
    }
}
