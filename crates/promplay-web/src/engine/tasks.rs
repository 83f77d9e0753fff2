//! The registry of engine tasks: every [`Task`](super::Task) the worker can
//! run, by its `KIND`. Each workbench defines its tasks in its own module
//! and adds one line here.

use super::host::run;
use super::{Run, Task};
use crate::rules::tasks::{AnalyzeAlertmanager, EvalRules, RunUnitTests};
use serde::{Deserialize, Serialize};

/// Runs the task named `kind` on its encoded input.
pub(crate) fn dispatch(kind: &str, payload: &[u8]) -> Result<Vec<u8>, String> {
    match kind {
        Echo::KIND => run::<Echo>(payload),
        crate::relabel::task::RelabelTask::KIND => {
            run::<crate::relabel::task::RelabelTask>(payload)
        }
        crate::relabel::task::IngestTask::KIND => run::<crate::relabel::task::IngestTask>(payload),
        crate::operator::task::CompileTask::KIND => {
            run::<crate::operator::task::CompileTask>(payload)
        }
        crate::targets::task::TargetsTask::KIND => {
            run::<crate::targets::task::TargetsTask>(payload)
        }
        crate::targets::task::TraceTask::KIND => run::<crate::targets::task::TraceTask>(payload),
        EvalRules::KIND => run::<EvalRules>(payload),
        RunUnitTests::KIND => run::<RunUnitTests>(payload),
        AnalyzeAlertmanager::KIND => run::<AnalyzeAlertmanager>(payload),
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

/// Runs `task` as the worker would: encoded, dispatched by its kind, and
/// its output decoded (for the tasks' native tests).
#[cfg(test)]
pub(crate) fn round_trip<T: Task>(task: T) -> T::Output {
    let payload = super::encode(&task).expect("the task encodes");
    let bytes = dispatch(T::KIND, &payload).expect("the task runs");
    super::decode(&bytes).expect("the output decodes")
}
