//! The playground's web UI entry point: mounts [`promplay_web::App`] into
//! `<body>`; everything else lives in the library.

fn main() {
    leptos::mount::mount_to_body(promplay_web::App);
}
