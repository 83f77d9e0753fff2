//! The worker's side of engine calls: decode an [`Envelope`], run its task,
//! encode the [`Reply`]. Called by the worker's message handler
//! (`query::host`) for binary messages; pure Rust, tested natively.

use super::{Envelope, Reply, Run, decode, encode, tasks};

/// Answers one encoded [`Envelope`] with an encoded [`Reply`]. An envelope
/// that cannot be read gets a reply with id 0 (the page has none such).
pub fn handle(bytes: &[u8]) -> Vec<u8> {
    let reply = match decode::<Envelope>(bytes) {
        Ok(envelope) => {
            Reply { id: envelope.id, result: tasks::dispatch(&envelope.kind, &envelope.payload) }
        }
        Err(e) => Reply { id: 0, result: Err(e) },
    };
    encode(&reply).unwrap_or_default()
}

/// Decodes a `T`, runs it and encodes its output (for [`tasks::dispatch`]).
pub(crate) fn run<T: Run>(payload: &[u8]) -> Result<Vec<u8>, String> {
    let task: T = decode(payload)?;
    encode(&task.run())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Task;
    use crate::engine::tasks::Echo;

    #[test]
    fn a_task_round_trips_through_the_wire() {
        let payload = encode(&Echo { text: "up{job=\"a\"}".into(), value: f64::NAN }).unwrap();
        let envelope = Envelope { id: 7, kind: Echo::KIND.into(), payload };
        let reply: Reply = decode(&handle(&encode(&envelope).unwrap())).unwrap();
        assert_eq!(reply.id, 7);
        let out: <Echo as Task>::Output = decode(&reply.result.unwrap()).unwrap();
        assert_eq!(out.text, "up{job=\"a\"}");
        assert!(out.value.is_nan(), "NaN keeps its bits");
    }

    #[test]
    fn unknown_kinds_and_garbage_get_an_error_reply() {
        let envelope = Envelope { id: 3, kind: "nope".into(), payload: vec![] };
        let reply: Reply = decode(&handle(&encode(&envelope).unwrap())).unwrap();
        assert_eq!(reply.id, 3);
        assert!(reply.result.unwrap_err().contains("nope"));
        let reply: Reply = decode(&handle(&[1, 2, 3])).unwrap();
        assert_eq!(reply.id, 0);
        assert!(reply.result.is_err());
    }
}
