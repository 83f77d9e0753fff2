//! The query worker's entry point: a second, UI-free binary that Trunk builds
//! as a web worker (`data-type="worker"` in `web/index.html`). The Query
//! workbench starts it, sends it data and queries, and terminates it to
//! cancel a query; see `promplay_web::run_query_worker`.

fn main() {
    promplay_web::run_query_worker();
}
