//! The worker's side: receive requests, keep the loaded data, evaluate.
//! Binary messages are engine calls and go to `crate::engine::host`.
//!
//! This runs inside a dedicated web worker (the `promplay-query-worker`
//! binary), so a slow query blocks only the worker; the page stays
//! responsive and can terminate the worker to cancel. Nothing here touches
//! the DOM or Leptos.

use super::backend::Data;
use super::protocol::{Request, Response};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// Starts listening for requests and tells the page so.
pub fn run() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let data = Rc::new(RefCell::new(Data::default()));
    let reply_scope = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
        let message = ev.data();
        if !message.is_string() {
            // A binary message is an engine call (`crate::engine`).
            let reply = crate::engine::host::handle(&js_sys::Uint8Array::new(&message).to_vec());
            let array = js_sys::Uint8Array::from(reply.as_slice());
            let transfer = js_sys::Array::of1(&array.buffer());
            let _ = reply_scope.post_message_with_transfer(&array, &transfer);
            return;
        }
        let Some(text) = message.as_string() else { return };
        let Ok(request) = serde_json::from_str::<Request>(&text) else { return };
        let response = handle(&mut data.borrow_mut(), request, &now_ms);
        post(&reply_scope, &response);
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    post(&scope, &Response::Ready);
}

/// Answers one request (pure apart from the clock it is given).
pub fn handle(data: &mut Data, request: Request, now_ms: &dyn Fn() -> f64) -> Response {
    match request {
        Request::Load { generation, sources } => {
            let problems = data.load(&sources);
            Response::Loaded { generation, problems, meta: data.meta() }
        }
        Request::Check { id, expr } => {
            let marks = super::backend::parse_marks(&expr);
            Response::Checked { id, expr, marks }
        }
        Request::Eval { id, expr, mode } => {
            let started = now_ms();
            let mut outcome = data.eval(&expr, mode);
            outcome.eval_ms = now_ms() - started;
            Response::Result { id, outcome: Box::new(outcome) }
        }
        Request::Explain { id, expr, mode } => {
            let mut clock = || now_ms();
            let explanation = data.explain(&expr, mode, &mut clock);
            Response::Explained { id, explanation: Box::new(explanation) }
        }
    }
}

fn post(scope: &DedicatedWorkerGlobalScope, response: &Response) {
    if let Ok(json) = serde_json::to_string(response) {
        let _ = scope.post_message(&json.into());
    }
}

/// Milliseconds from the worker's monotonic clock.
fn now_ms() -> f64 {
    js_sys::global()
        .dyn_into::<web_sys::WorkerGlobalScope>()
        .ok()
        .and_then(|s| s.performance())
        .map_or(0.0, |p| p.now())
}
