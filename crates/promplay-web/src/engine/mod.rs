//! Engine work off the page's thread: the workbenches' analyses (rules,
//! relabeling, targets, the operator compiler, Alertmanager routing) run in
//! the engine worker, a second instance of the `promplay-query-worker`
//! binary, and the page only renders their results.
//!
//! Two reasons. A long evaluation (a thousand rules over a day of data)
//! blocks the worker and never the tab, and the worker can be terminated.
//! And the page's own wasm, the first load, does not link the engines at
//! all: the main binary only ever serializes a [`Task`] and deserializes its
//! output, so the linker drops the engine code (and the `regex` crate's
//! tables) from it.
//!
//! A task is a serde value naming its input; [`Run::run`] (worker side)
//! turns it into its output. Both travel as bincode, which keeps every f64
//! bit (NaN, the staleness marker) and is compact. Tasks are stateless: each
//! carries everything it needs, so a worker can be replaced at any time.
//!
//! Adding a task: define the input type and its output type (both serde),
//! `impl Task` (the `KIND` is the wire name) and `impl Run`, and add a line
//! to [`tasks::dispatch`]. On the page, [`latest`] runs it whenever its inputs
//! change and keeps the newest result in a signal.

pub mod client;
pub mod host;
pub mod tasks;

use serde::Serialize;
use serde::de::DeserializeOwned;

/// A unit of engine work that can cross to the worker.
pub trait Task: Serialize + DeserializeOwned + 'static {
    /// The wire name, unique among tasks (see [`tasks::dispatch`]).
    const KIND: &'static str;
    /// What the worker sends back.
    type Output: Serialize + DeserializeOwned + 'static;
}

/// The worker's side of a [`Task`]: do the work. Only the worker binary
/// calls this, so only the worker links the engines behind it.
pub trait Run: Task {
    /// Computes the output (pure: no clock, no I/O).
    fn run(self) -> Self::Output;
}

pub use client::{Latest, call, latest};

/// Encodes a value for the wire.
pub(crate) fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>, String> {
    bincode::serialize(value).map_err(|e| format!("cannot encode the message: {e}"))
}

/// Decodes a value from the wire.
pub(crate) fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
    bincode::deserialize(bytes).map_err(|e| format!("cannot decode the message: {e}"))
}

/// A call as it crosses to the worker: its id, the task's kind and its encoded input.
#[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Envelope {
    pub id: u64,
    pub kind: String,
    pub payload: Vec<u8>,
}

/// The worker's answer to an [`Envelope`]: the encoded output, or why there is none.
#[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Reply {
    pub id: u64,
    pub result: Result<Vec<u8>, String>,
}
