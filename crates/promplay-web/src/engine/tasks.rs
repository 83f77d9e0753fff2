//! The registry of engine tasks: every [`Task`](super::Task) the worker can
//! run, by its `KIND`. Each workbench defines its tasks in its own module
//! and adds one line here.

use super::host::run;
use super::{Run, Task};
use serde::{Deserialize, Serialize};

/// Runs the task named `kind` on its encoded input.
pub(crate) fn dispatch(kind: &str, payload: &[u8]) -> Result<Vec<u8>, String> {
    match kind {
        Echo::KIND => run::<Echo>(payload),
        crate::learn::check::CheckAnswer::KIND => run::<crate::learn::check::CheckAnswer>(payload),
        _ => Err(format!("the engine worker has no task {kind:?}")),
    }
}

/// Sends its input back; the round-trip check of the wire and the worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Echo {
    /// Any text.
    pub text: String,
    /// Any number (NaN included).
    pub value: f64,
}

impl Task for Echo {
    const KIND: &'static str = "echo";
    type Output = Echo;
}

impl Run for Echo {
    fn run(self) -> Echo {
        self
    }
}
