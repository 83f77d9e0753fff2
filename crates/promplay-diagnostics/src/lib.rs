//! Source positions and diagnostics shared by every promplay engine.
//!
//! This crate is the whole contract between the engines and the front ends:
//! an engine returns [`Diagnostic`]s whose [`Span`]s are byte ranges into the
//! exact text handed to its entry point; the CLI prints them with [`render`],
//! the snapshots store the same text, and the web UI underlines `labels[0]`.
//!
//! ```
//! use promplay_diagnostics::{Diagnostic, Span, render};
//!
//! let source = "up{job=\"a\" 1\n";
//! let diag = Diagnostic::error("EXP0001", "expected `,` or `}` in label set")
//!     .with_label(Span::new(10, 11), "found a space here");
//! let text = render(source, &[diag]);
//! assert!(text.contains("error[EXP0001]"));
//! assert!(text.contains("1:11"));
//! ```

mod line_index;
mod render;
mod text;

pub use line_index::{LineCol, LineIndex};
pub use render::render;
pub use text::{CharOffsets, closest, edit_distance};

use serde::{Deserialize, Deserializer, Serialize};

/// A byte range into the text that was handed to an entry point.
///
/// Offsets are `u32` (inputs are limited far below 4 GiB), which halves the
/// size of every spanned node compared with `usize` pairs.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub struct Span {
    /// First byte of the range.
    pub start: u32,
    /// One past the last byte of the range.
    pub end: u32,
}

impl Span {
    /// A span from `start` to `end` (byte offsets, `start <= end`).
    pub const fn new(start: u32, end: u32) -> Span {
        Span { start, end }
    }

    /// An empty span at `offset`, for "expected X here" diagnostics.
    pub const fn at(offset: u32) -> Span {
        Span { start: offset, end: offset }
    }

    /// Builds a span from `usize` offsets, saturating at `u32::MAX`.
    pub fn from_range(range: std::ops::Range<usize>) -> Span {
        let clamp = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
        Span { start: clamp(range.start), end: clamp(range.end) }
    }

    /// The span of `part` inside `whole`, where `part` is a sub-slice of `whole`.
    ///
    /// Returns `None` when `part` does not point into `whole`.
    pub fn of_subslice(whole: &str, part: &str) -> Option<Span> {
        let start = (part.as_ptr() as usize).checked_sub(whole.as_ptr() as usize)?;
        let end = start + part.len();
        (end <= whole.len()).then(|| Span::from_range(start..end))
    }

    /// The range as `usize` offsets, for slicing the source.
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Length in bytes.
    pub const fn len(self) -> u32 {
        self.end - self.start
    }

    /// Whether the span covers no byte.
    pub const fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The smallest span covering both `self` and `other`.
    pub fn to(self, other: Span) -> Span {
        Span { start: self.start.min(other.start), end: self.end.max(other.end) }
    }

    /// Whether this span is a valid range into a text of `len` bytes.
    pub fn is_within(self, len: usize) -> bool {
        self.start <= self.end && (self.end as usize) <= len
    }
}

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The input is rejected (or part of it is).
    Error,
    /// The input is accepted but something is likely wrong (lint findings).
    Warning,
    /// Information that needs no action.
    Info,
}

impl Severity {
    /// The lowercase word used by the renderer and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// A span with a short message explaining what is at that place.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Label {
    /// Where in the input.
    pub span: Span,
    /// What is wrong there; may be empty.
    pub message: String,
}

/// `&'static str` under another name. serde's derive takes a field spelled
/// `&'static str` as borrowed from the input and then implements only
/// `Deserialize<'static>`, which no owned decoder (`DeserializeOwned`, the
/// web UI's worker replies) can use; through the alias the field is read
/// by its `deserialize_with` like any owned value.
type StaticStr = &'static str;

/// One finding of an engine about its input.
///
/// It deserializes too (the web UI receives diagnostics from its worker);
/// the code comes back as the same `&'static str` through [`intern`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Error, warning or info.
    pub severity: Severity,
    /// A stable code from the engine's registry, such as `EXP0101`.
    #[serde(deserialize_with = "deserialize_static_str")]
    pub code: StaticStr,
    /// One line, lowercase, no trailing period.
    pub message: String,
    /// Places in the input; the first one is the primary location.
    pub labels: Vec<Label>,
    /// An optional hint on how to fix the input.
    pub help: Option<String>,
}

/// The `&'static str` equal to `text`, made once per distinct text and kept
/// for the life of the program.
///
/// For the small, closed sets of strings that engines keep as `&'static str`
/// (diagnostic codes, field names) when such a value arrives deserialized,
/// e.g. from the web UI's worker: each distinct text is allocated only once,
/// so memory stays bounded by the size of the set.
pub fn intern(text: &str) -> &'static str {
    use std::sync::{Mutex, OnceLock};
    static TABLE: OnceLock<Mutex<std::collections::BTreeSet<&'static str>>> = OnceLock::new();
    let mut table = TABLE.get_or_init(Default::default).lock().unwrap_or_else(|e| e.into_inner());
    if let Some(found) = table.get(text) {
        return found;
    }
    let leaked: &'static str = Box::leak(text.to_owned().into_boxed_str());
    table.insert(leaked);
    leaked
}

/// Deserializes a string into an [`intern`]ed `&'static str`, for
/// `#[serde(deserialize_with = "...")]` on `&'static str` fields.
pub fn deserialize_static_str<'de, D: Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
    let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
    Ok(intern(&text))
}

impl Diagnostic {
    /// A diagnostic of the given severity with no labels yet.
    pub fn new(severity: Severity, code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity, code, message: message.into(), labels: Vec::new(), help: None }
    }

    /// An error diagnostic with no labels yet.
    pub fn error(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Error, code, message)
    }

    /// A warning diagnostic with no labels yet.
    pub fn warning(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Warning, code, message)
    }

    /// Adds a label; the first label added is the primary location.
    #[must_use]
    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.labels.push(Label { span, message: message.into() });
        self
    }

    /// Sets the help text.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// The primary span, if the diagnostic has a location.
    pub fn primary_span(&self) -> Option<Span> {
        self.labels.first().map(|l| l.span)
    }

    /// Whether this is an error (as opposed to a warning or info).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diagnostics_deserialize_into_owned_values() {
        // A decoder whose input does not outlive the value (every worker
        // reply) needs `DeserializeOwned`.
        fn owned<T: serde::de::DeserializeOwned>() {}
        owned::<Diagnostic>();
        owned::<Vec<Diagnostic>>();
    }
}
