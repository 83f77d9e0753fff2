//! The page's side of engine calls: one engine worker per page, started on
//! the first call, fed one call at a time.
//!
//! Calls wait in a queue on the page, not in the worker, so a call that was
//! superseded before it started is simply dropped. A superseded call that is
//! already running and has run for a while gets its worker terminated and a
//! fresh one started (tasks are stateless, so nothing is lost but the wasm
//! start). A worker that crashes fails the calls it held with its message;
//! the next call starts a new one.

use super::{Envelope, Reply, Task, decode, encode};
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, VecDeque};
use std::rc::Rc;
use std::sync::Arc;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{ErrorEvent, MessageEvent, Worker, WorkerOptions};

/// A superseded call that has run this long is stopped by replacing the
/// worker; a shorter one is left to finish (a restart costs about as much).
const RESTART_AFTER_MS: f64 = 250.0;

type Callback = Box<dyn FnOnce(Result<Vec<u8>, String>)>;

struct Queued {
    id: u64,
    bytes: Vec<u8>,
}

#[derive(Default)]
struct Engine {
    worker: Option<Worker>,
    ready: bool,
    next_id: u64,
    queue: VecDeque<Queued>,
    /// The call the worker is on, and when it was sent.
    running: Option<(u64, f64)>,
    callbacks: HashMap<u64, Callback>,
    handlers: Vec<Closure<dyn FnMut(web_sys::Event)>>,
}

thread_local! {
    static ENGINE: Rc<RefCell<Engine>> = Rc::new(RefCell::new(Engine::default()));
}

fn engine() -> Rc<RefCell<Engine>> {
    ENGINE.with(Rc::clone)
}

/// A fresh call id (never 0, which the worker uses for unreadable messages).
fn reserve_id() -> u64 {
    let engine = engine();
    let mut e = engine.borrow_mut();
    e.next_id += 1;
    e.next_id
}

/// Runs `task` in the engine worker; `done` gets its output, or why there
/// is none. `done` is never called before this returns. Returns the call's
/// id, for [`cancel`].
pub fn call<T: Task>(task: &T, done: impl FnOnce(Result<T::Output, String>) + 'static) -> u64 {
    let id = reserve_id();
    send(id, task, done);
    id
}

fn send<T: Task>(id: u64, task: &T, done: impl FnOnce(Result<T::Output, String>) + 'static) {
    let callback: Callback = Box::new(move |result| done(result.and_then(|bytes| decode(&bytes))));
    let bytes = match encode(task)
        .and_then(|payload| encode(&Envelope { id, kind: T::KIND.to_owned(), payload }))
    {
        Ok(bytes) => bytes,
        Err(e) => {
            // Reported asynchronously, like every other outcome.
            let later = Closure::once(move |_: JsValue| callback(Err(e)));
            let _ = js_sys::Promise::resolve(&JsValue::NULL).then(&later);
            later.forget();
            return;
        }
    };
    let engine = engine();
    {
        let mut e = engine.borrow_mut();
        e.callbacks.insert(id, callback);
        e.queue.push_back(Queued { id, bytes });
        if e.worker.is_none() {
            drop(e);
            spawn(&engine);
        }
    }
    pump(&engine);
}

/// Forgets call `id`: its callback is never called. A queued call is
/// dropped; a long-running one stops with its worker.
pub fn cancel(id: u64) {
    let engine = engine();
    let restart = {
        let mut e = engine.borrow_mut();
        e.callbacks.remove(&id);
        e.queue.retain(|q| q.id != id);
        match e.running {
            Some((running, sent))
                if running == id && crate::browser::now_ms() - sent >= RESTART_AFTER_MS =>
            {
                if let Some(worker) = e.worker.take() {
                    worker.terminate();
                }
                e.handlers.clear();
                e.ready = false;
                e.running = None;
                true
            }
            _ => false,
        }
    };
    if restart && !engine.borrow().queue.is_empty() {
        spawn(&engine);
    }
}

/// Sends the next queued call if the worker is ready and idle.
fn pump(engine: &Rc<RefCell<Engine>>) {
    let mut e = engine.borrow_mut();
    if !e.ready || e.running.is_some() {
        return;
    }
    let Some(next) = e.queue.pop_front() else { return };
    let Some(worker) = e.worker.clone() else { return };
    let array = js_sys::Uint8Array::from(next.bytes.as_slice());
    let transfer = js_sys::Array::of1(&array.buffer());
    match worker.post_message_with_transfer(&array, &transfer) {
        Ok(()) => e.running = Some((next.id, crate::browser::now_ms())),
        Err(err) => {
            let callback = e.callbacks.remove(&next.id);
            drop(e);
            if let Some(callback) = callback {
                callback(Err(format!("the engine worker refused the message: {err:?}")));
            }
        }
    }
}

/// Fails every call the engine holds with `message` and drops its worker.
fn fail_all(engine: &Rc<RefCell<Engine>>, message: &str) {
    let callbacks: Vec<Callback> = {
        let mut e = engine.borrow_mut();
        if let Some(worker) = e.worker.take() {
            worker.terminate();
        }
        e.ready = false;
        e.running = None;
        e.queue.clear();
        e.handlers.clear();
        e.callbacks.drain().map(|(_, c)| c).collect()
    };
    for callback in callbacks {
        callback(Err(message.to_owned()));
    }
}

fn spawn(engine: &Rc<RefCell<Engine>>) {
    let options = WorkerOptions::new();
    options.set_name("promplay-engine");
    let worker = match crate::query::client::worker_url()
        .and_then(|url| Worker::new_with_options(&url, &options))
    {
        Ok(worker) => worker,
        Err(err) => {
            fail_all(engine, &format!("the engine worker could not be started: {err:?}"));
            return;
        }
    };
    let weak = Rc::downgrade(engine);
    let this_worker = worker.clone();
    let on_message = Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
        let Some(engine) = weak.upgrade() else { return };
        if engine.borrow().worker.as_ref() != Some(&this_worker) {
            return;
        }
        let Some(data) = ev.dyn_ref::<MessageEvent>().map(MessageEvent::data) else { return };
        if data.is_string() {
            // The worker's start message (the query protocol's `ready`).
            engine.borrow_mut().ready = true;
            pump(&engine);
            return;
        }
        let bytes = js_sys::Uint8Array::new(&data).to_vec();
        let Ok(reply) = decode::<Reply>(&bytes) else { return };
        let callback = {
            let mut e = engine.borrow_mut();
            if e.running.is_some_and(|(id, _)| id == reply.id) {
                e.running = None;
            }
            e.callbacks.remove(&reply.id)
        };
        if let Some(callback) = callback {
            callback(reply.result);
        }
        pump(&engine);
    });
    let weak = Rc::downgrade(engine);
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
        let Some(engine) = weak.upgrade() else { return };
        let message = ev
            .dyn_ref::<ErrorEvent>()
            .map(|e| e.message())
            .filter(|m| !m.is_empty())
            .unwrap_or_else(|| "the worker script could not be loaded".to_owned());
        fail_all(&engine, &format!("the engine worker failed: {message}"));
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    let mut e = engine.borrow_mut();
    e.handlers = vec![on_message, on_error];
    e.worker = Some(worker);
    e.ready = false;
}

/// The newest result of a task that reruns whenever its inputs change.
pub struct Latest<O: 'static> {
    /// The output of the newest finished run (kept while a newer one runs).
    pub output: RwSignal<Option<Arc<O>>, LocalStorage>,
    /// Whether a run is under way.
    pub busy: RwSignal<bool>,
    /// Why the newest run failed (the worker could not start or crashed).
    pub error: RwSignal<Option<String>>,
    /// How long the newest finished run took, round trip, in milliseconds.
    pub ms: RwSignal<f64>,
}

impl<O: 'static> Clone for Latest<O> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<O: 'static> Copy for Latest<O> {}

/// Runs the task `make` builds in the engine worker now and again whenever
/// a signal `make` reads changes; a run still waiting or running when its
/// inputs change is cancelled. `make` returning `None` runs nothing.
pub fn latest<T: Task>(make: impl Fn() -> Option<T> + 'static) -> Latest<T::Output> {
    let out = Latest {
        output: RwSignal::new_local(None),
        busy: RwSignal::new(false),
        error: RwSignal::new(None),
        ms: RwSignal::new(0.0),
    };
    let current = Rc::new(Cell::new(None::<u64>));
    Effect::new(move |_| {
        let Some(task) = make() else { return };
        if let Some(old) = current.take() {
            cancel(old);
        }
        let id = reserve_id();
        current.set(Some(id));
        out.busy.set(true);
        let started = crate::browser::now_ms();
        let mine = current.clone();
        send(id, &task, move |result| {
            if mine.get() != Some(id) {
                return;
            }
            mine.set(None);
            let _ = out.ms.try_set(crate::browser::now_ms() - started);
            match result {
                Ok(output) => {
                    let _ = out.output.try_set(Some(Arc::new(output)));
                    let _ = out.error.try_set(None);
                }
                Err(e) => {
                    let _ = out.error.try_set(Some(e));
                }
            }
            let _ = out.busy.try_set(false);
        });
    });
    out
}
