//! The page's side of the query worker: start it, send it data and queries,
//! and cancel a query by terminating the worker and starting a fresh one.
//!
//! A worker only listens once its wasm has started, so messages wait in a
//! queue until it says `ready`. The last data load is remembered and sent
//! again to every new worker, so a cancel costs the reload of the data but
//! nothing the person has to redo (the last syntax check is replayed too).

use super::protocol::{Request, Response};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag, ErrorEvent, MessageEvent, Url, Worker, WorkerOptions};

/// Where Trunk writes the worker's glue and wasm (`data-target-path` of the
/// `promplay-query-worker` binary in `web/index.html`), relative to the page.
/// Files below the top level of `dist/` load on demand: the worker is not
/// part of the first load, only of opening the Query workbench.
const WORKER_DIR: &str = "worker/";

thread_local! {
    /// The worker's start script as a blob URL, made once per page.
    static WORKER_URL: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// A blob URL of a two-line script that loads the wasm-bindgen glue and
/// starts the wasm. Absolute URLs, because a blob script has no directory
/// of its own to resolve relative ones against.
pub(crate) fn worker_url() -> Result<String, JsValue> {
    if let Some(url) = WORKER_URL.with(|u| u.borrow().clone()) {
        return Ok(url);
    }
    let base = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .ok_or_else(|| JsValue::from_str("no document base URL"))?;
    let dir = Url::new_with_base(WORKER_DIR, &base)?.href();
    let script = format!(
        "importScripts({js});wasm_bindgen({wasm});",
        js = js_string(&format!("{dir}promplay-query-worker.js")),
        wasm = js_string(&format!("{dir}promplay-query-worker_bg.wasm")),
    );
    let options = BlobPropertyBag::new();
    options.set_type("text/javascript");
    let parts = js_sys::Array::of1(&JsValue::from_str(&script));
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = Url::create_object_url_with_blob(&blob)?;
    WORKER_URL.with(|u| *u.borrow_mut() = Some(url.clone()));
    Ok(url)
}

/// `text` as a JavaScript string literal.
fn js_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned())
}

/// A handle on the query worker; clones share the same worker.
#[derive(Clone)]
pub struct WorkerClient {
    inner: Rc<RefCell<Inner>>,
}

struct Inner {
    worker: Option<Worker>,
    ready: bool,
    queue: Vec<String>,
    /// The last `load` request, replayed to a new worker.
    load: Option<String>,
    /// The last `check` request, replayed too (the editor waits for it).
    check: Option<String>,
    on_response: Rc<dyn Fn(Response)>,
    /// Called with a message when the worker fails to start or crashes.
    on_failure: Rc<dyn Fn(String)>,
    /// The worker's event handlers; dropped with the worker they belong to.
    handlers: Vec<Closure<dyn FnMut(web_sys::Event)>>,
}

impl WorkerClient {
    /// Starts a worker; `on_response` receives every message it sends.
    pub fn start(
        on_response: impl Fn(Response) + 'static,
        on_failure: impl Fn(String) + 'static,
    ) -> WorkerClient {
        let client = WorkerClient {
            inner: Rc::new(RefCell::new(Inner {
                worker: None,
                ready: false,
                queue: Vec::new(),
                load: None,
                check: None,
                on_response: Rc::new(on_response),
                on_failure: Rc::new(on_failure),
                handlers: Vec::new(),
            })),
        };
        client.spawn();
        client
    }

    /// Sends `request`, after the worker's start if it is still starting.
    pub fn send(&self, request: &Request) {
        let Ok(json) = serde_json::to_string(request) else { return };
        let mut inner = self.inner.borrow_mut();
        if matches!(request, Request::Load { .. }) {
            inner.load = Some(json.clone());
            // An older load still waiting would only be overwritten.
            inner.queue.retain(|m| !m.starts_with("{\"kind\":\"load\""));
        }
        if matches!(request, Request::Check { .. }) {
            inner.check = Some(json.clone());
        }
        if inner.ready {
            if let Some(worker) = &inner.worker {
                let _ = worker.post_message(&json.into());
            }
        } else {
            inner.queue.push(json);
        }
    }

    /// Stops whatever the worker is doing by terminating it, and starts a
    /// new one that gets the last data load again.
    pub fn restart(&self) {
        {
            let mut inner = self.inner.borrow_mut();
            if let Some(worker) = inner.worker.take() {
                worker.terminate();
            }
            inner.ready = false;
            inner.queue.clear();
            let replay: Vec<String> = inner.load.iter().chain(&inner.check).cloned().collect();
            inner.queue.extend(replay);
        }
        self.spawn();
    }

    /// Terminates the worker for good (the workbench is leaving the page).
    pub fn stop(&self) {
        let mut inner = self.inner.borrow_mut();
        if let Some(worker) = inner.worker.take() {
            worker.terminate();
        }
        inner.handlers.clear();
    }

    fn spawn(&self) {
        let options = WorkerOptions::new();
        options.set_name("promplay-query");
        let worker = match worker_url().and_then(|url| Worker::new_with_options(&url, &options)) {
            Ok(worker) => worker,
            Err(err) => {
                let on_failure = self.inner.borrow().on_failure.clone();
                on_failure(format!("the query worker could not be started: {err:?}"));
                return;
            }
        };
        let weak = Rc::downgrade(&self.inner);
        let this_worker = worker.clone();
        let on_message = Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
            let Some(inner) = weak.upgrade() else { return };
            // A message from a worker that has since been replaced is stale.
            if inner.borrow().worker.as_ref() != Some(&this_worker) {
                return;
            }
            let Some(text) = ev.dyn_ref::<MessageEvent>().and_then(|m| m.data().as_string()) else {
                return;
            };
            let Ok(response) = serde_json::from_str::<Response>(&text) else { return };
            if response == Response::Ready {
                let mut guard = inner.borrow_mut();
                guard.ready = true;
                for message in std::mem::take(&mut guard.queue) {
                    if let Some(w) = &guard.worker {
                        let _ = w.post_message(&message.into());
                    }
                }
                return;
            }
            let callback = inner.borrow().on_response.clone();
            callback(response);
        });
        let weak = Rc::downgrade(&self.inner);
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
            let Some(inner) = weak.upgrade() else { return };
            let message = ev
                .dyn_ref::<ErrorEvent>()
                .map(|e| e.message())
                .filter(|m| !m.is_empty())
                .unwrap_or_else(|| "the worker script could not be loaded".to_owned());
            let callback = inner.borrow().on_failure.clone();
            callback(format!("the query worker failed: {message}"));
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let mut inner = self.inner.borrow_mut();
        inner.handlers = vec![on_message, on_error];
        inner.worker = Some(worker);
    }
}
