//! The lesson track's progress, kept in this browser under
//! `promplay.v1.learn`: which lessons are done, each lesson's answer as the
//! learner left it, and the lesson that was open.

use crate::browser;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The storage key.
pub(crate) const KEY: &str = "promplay.v1.learn";

/// The saved progress.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Progress {
    /// Ids of the lessons whose check passed.
    pub done: Vec<String>,
    /// Each lesson's answer as last typed (a lesson not here shows its start).
    pub answers: BTreeMap<String, String>,
    /// The lesson that was open.
    pub current: String,
}

impl Progress {
    /// The saved progress, or a fresh one.
    pub fn restore() -> Progress {
        browser::storage_get(KEY)
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default()
    }

    /// Writes the progress to storage.
    pub fn save(&self) {
        if let Ok(json) = serde_json::to_string(self) {
            browser::storage_set(KEY, &json);
        }
    }

    /// Whether lesson `id` is done.
    pub fn is_done(&self, id: &str) -> bool {
        self.done.iter().any(|d| d == id)
    }

    /// Marks lesson `id` done (`true`) or not.
    pub fn set_done(&mut self, id: &str, done: bool) {
        self.done.retain(|d| d != id);
        if done {
            self.done.push(id.to_owned());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_round_trips_and_tolerates_old_or_partial_json() {
        let mut p = Progress::default();
        p.set_done("selectors", true);
        p.set_done("selectors", true);
        p.answers.insert("selectors".into(), "kind: Prometheus".into());
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(serde_json::from_str::<Progress>(&json).unwrap(), p);
        assert_eq!(p.done.len(), 1);
        let partial: Progress = serde_json::from_str(r#"{"done":["rate-irate"]}"#).unwrap();
        assert!(partial.is_done("rate-irate") && partial.answers.is_empty());
    }
}
