//! The browser half of `promplay bench`: the `promplay-bench` binary, built
//! from `web/bench.html` by `scripts/bench` (never part of the site), exposes
//! `window.promplayBench(inputsJson)`, which runs
//! `promplay_pipeline::bench::run` on those inputs timed by
//! `performance.now()` and returns the rows as JSON. `tests/e2e/bench.test.mjs`
//! calls it with the inputs `promplay bench --inputs` printed, so the browser
//! and the terminal measure the same bytes.

use promplay_pipeline::bench::{BenchInputs, run};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

/// Installs `window.promplayBench`.
pub fn install() {
    let Some(window) = web_sys::window() else { return };
    let bench =
        Closure::<dyn Fn(String) -> String>::new(|inputs: String| {
            match serde_json::from_str::<BenchInputs>(&inputs) {
                Ok(inputs) => {
                    let rows = run(&inputs, &mut crate::browser::now_ms);
                    serde_json::to_string(&rows).unwrap_or_default()
                }
                Err(e) => format!("{{\"error\":\"bad inputs: {e}\"}}"),
            }
        });
    let _ = js_sys::Reflect::set(&window, &"promplayBench".into(), bench.as_ref().unchecked_ref());
    // The function lives as long as the page.
    bench.forget();
}
