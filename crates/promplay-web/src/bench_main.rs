//! The `promplay-bench` binary's entry point (see `promplay_web::run_bench_page`):
//! the engines' benchmark in the browser, for `scripts/bench`.

fn main() {
    promplay_web::run_bench_page();
}
