//! The workspace document: every `promplay.v1.*` value of `localStorage`
//! plus the open workbench, as one versioned JSON document.
//!
//! The same document is the exported file (pretty-printed) and, compressed,
//! the share link's payload (see [`super::link`]). The workspace is kept as
//! the storage keys and values themselves, not as a model of each
//! workbench, so a workbench that adds a setting is shared without a change
//! here. Keys are stored without the `promplay.v1.` prefix.
//!
//! Reading a document never panics: a file that is not JSON, not a
//! workspace, from a newer format or with a bad entry gets a [`DocError`]
//! with the line and column it is about.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The `localStorage` prefix of everything a workbench saves.
pub const STORAGE_PREFIX: &str = "promplay.v1.";

/// Keys (after [`STORAGE_PREFIX`]) of this browser's display preferences
/// (theme, Large text: see `theme.rs`). They are not part of a workspace: a
/// link, an export or a reset neither carries nor replaces them.
pub const PREFERENCE_PREFIX: &str = "ui.";

/// Whether a full storage key is a display preference, kept out of workspaces.
pub fn is_preference(storage_key: &str) -> bool {
    storage_key.strip_prefix(STORAGE_PREFIX).is_some_and(|k| k.starts_with(PREFERENCE_PREFIX))
}

/// The full storage keys under which a banner keeps the input it replaced:
/// a "Try it" link's (`embed.rs`) and a gallery example's (`gallery/open.rs`).
/// They belong to this browser's own history, not to the work: a link, an
/// export or "Copy as Markdown" never carries them (a colleague opening the
/// link would be offered to "restore" the sender's old input), and a
/// replacement clears them (the banner was about the replaced workspace).
/// The workspace put aside by a replacement keeps them, so restoring it
/// brings its banner back with nothing lost.
pub const PUT_ASIDE_KEYS: [&str; 2] = [crate::embed::KEY_PREVIOUS, crate::gallery::open::KEY_UNDO];

/// Whether a full storage key holds a banner's put-aside input
/// ([`PUT_ASIDE_KEYS`]).
pub fn is_put_aside(storage_key: &str) -> bool {
    PUT_ASIDE_KEYS.contains(&storage_key)
}
/// The document's `format` field.
pub const FORMAT: &str = "promplay-workspace";
/// The newest document version this build writes (and every older one it reads).
pub const VERSION: u32 = 1;
/// The most entries a document may hold (a workspace has a few dozen).
const MAX_ENTRIES: usize = 10_000;
/// The longest key accepted.
const MAX_KEY_LEN: usize = 200;

/// A workspace: the open workbench's slug and the saved values by key
/// (without [`STORAGE_PREFIX`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snapshot {
    /// The workbench that was open (`metrics`, `query`, …).
    pub workbench: String,
    /// Saved values by key, e.g. `metrics.text`.
    pub entries: BTreeMap<String, String>,
}

/// Version 1 of the document, exactly as it is written.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DocV1 {
    format: String,
    version: u32,
    workbench: String,
    entries: BTreeMap<String, String>,
}

/// Just enough of any version to pick its reader.
#[derive(Deserialize)]
struct Header {
    format: Option<String>,
    version: Option<u32>,
}

/// Why a document could not be read, and where (1-based line and column).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocError {
    /// What is wrong, lowercase, without a trailing period.
    pub message: String,
    /// The line, from 1.
    pub line: usize,
    /// The column (in characters), from 1.
    pub column: usize,
}

impl std::fmt::Display for DocError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}, column {}: {}", self.line, self.column, self.message)
    }
}

impl Snapshot {
    /// The workspace held by `pairs` (all of `localStorage`): the
    /// `promplay.v1.*` keys, without Operator files that are no longer in
    /// the file list (the Operator workbench leaves them behind on removal).
    pub fn from_storage(
        workbench: &str,
        pairs: impl IntoIterator<Item = (String, String)>,
    ) -> Snapshot {
        let mut entries: BTreeMap<String, String> = pairs
            .into_iter()
            .filter_map(|(k, v)| Some((k.strip_prefix(STORAGE_PREFIX)?.to_owned(), v)))
            .collect();
        let files = entries.get("operator.files").map_or(0, |names| names.lines().count());
        entries.retain(|key, _| match key.strip_prefix("operator.file.") {
            _ if key.starts_with(PREFERENCE_PREFIX) => false,
            Some(index) => index.parse::<usize>().is_ok_and(|i| i < files),
            None => true,
        });
        Snapshot { workbench: workbench.to_owned(), entries }
    }

    /// The workspace as it leaves this browser (a link, an export, Markdown):
    /// without the banners' put-aside inputs ([`PUT_ASIDE_KEYS`]).
    pub fn shareable(mut self) -> Snapshot {
        self.entries.retain(|key, _| !is_put_aside(&format!("{STORAGE_PREFIX}{key}")));
        self
    }

    /// The `localStorage` keys and values this workspace is made of.
    pub fn storage_pairs(&self) -> impl Iterator<Item = (String, &str)> {
        self.entries
            .iter()
            .filter(|(k, _)| !k.starts_with(PREFERENCE_PREFIX))
            .map(|(k, v)| (format!("{STORAGE_PREFIX}{k}"), v.as_str()))
    }

    /// The document as JSON: compact for links, pretty for files.
    pub fn to_json(&self, pretty: bool) -> String {
        let doc = DocV1 {
            format: FORMAT.to_owned(),
            version: VERSION,
            workbench: self.workbench.clone(),
            entries: self.entries.clone(),
        };
        let json =
            if pretty { serde_json::to_string_pretty(&doc) } else { serde_json::to_string(&doc) };
        // A map of strings always serializes.
        json.unwrap_or_default()
    }

    /// The total size of the values, in bytes.
    pub fn bytes(&self) -> usize {
        self.entries.iter().map(|(k, v)| k.len() + v.len()).sum()
    }
}

/// Reads a workspace document of any version this build knows.
pub fn parse(text: &str) -> Result<Snapshot, DocError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(DocError { message: "the file is empty".into(), line: 1, column: 1 });
    }
    serde_json::from_str::<serde::de::IgnoredAny>(text).map_err(|e| json_error(&e, "", text))?;
    let header = serde_json::from_str::<Header>(text).map_err(|e| json_error(&e, "", text))?;
    if header.format.as_deref() != Some(FORMAT) {
        let what = match &header.format {
            Some(other) => format!("its \"format\" is {other:?}"),
            None => "it has no \"format\" field".to_owned(),
        };
        return Err(at_key(
            text,
            "format",
            format!("not a promplay workspace file: {what}, expected \"{FORMAT}\""),
        ));
    }
    match header.version {
        Some(1) => parse_v1(text),
        Some(v) => Err(at_key(
            text,
            "version",
            format!(
                "this workspace file has format version {v}; this promplay reads versions 1 to {VERSION}"
            ),
        )),
        None => Err(at_key(text, "format", "the workspace file has no \"version\" field".into())),
    }
}

/// The reader of version 1 documents, kept as long as promplay exists.
fn parse_v1(text: &str) -> Result<Snapshot, DocError> {
    let doc: DocV1 = serde_json::from_str(text)
        .map_err(|e| json_error(&e, "in a version 1 workspace file: ", text))?;
    if doc.entries.len() > MAX_ENTRIES {
        return Err(at_key(
            text,
            "entries",
            format!("{} entries, at most {MAX_ENTRIES} are read", doc.entries.len()),
        ));
    }
    for key in doc.entries.keys() {
        let valid = !key.is_empty()
            && key.len() <= MAX_KEY_LEN
            && key.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
        if !valid {
            return Err(at_key(
                text,
                key,
                format!(
                    "entry key {key:?} is not a workspace key (letters, digits, `.`, `_` and `-` only)"
                ),
            ));
        }
    }
    Ok(Snapshot { workbench: doc.workbench, entries: doc.entries })
}

/// A serde_json error with its position, its message prefixed.
fn json_error(e: &serde_json::Error, prefix: &str, text: &str) -> DocError {
    let full = e.to_string();
    let message = full.rsplit_once(" at line ").map_or(full.as_str(), |(m, _)| m);
    let (line, column) = if e.line() == 0 { end_of(text) } else { (e.line(), e.column().max(1)) };
    DocError { message: format!("{prefix}{message}"), line, column }
}

/// An error placed at the first occurrence of the JSON key `key`.
fn at_key(text: &str, key: &str, message: String) -> DocError {
    let quoted = serde_json::to_string(key).unwrap_or_default();
    let offset = text.find(&format!("{quoted}:")).or_else(|| text.find(&quoted)).unwrap_or(0);
    let (line, column) = line_col(text, offset);
    DocError { message, line, column }
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

fn end_of(text: &str) -> (usize, usize) {
    line_col(text, text.len())
}

/// A 64-bit FNV-1a digest of a snapshot, to tell workspaces apart cheaply.
pub fn digest(snapshot: &Snapshot) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for &b in bytes.iter().chain([0xffu8].iter()) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    };
    for (k, v) in &snapshot.entries {
        eat(k.as_bytes());
        eat(v.as_bytes());
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Snapshot {
        Snapshot::from_storage(
            "query",
            [
                ("promplay.v1.metrics.text".to_owned(), "up 1\n".to_owned()),
                ("promplay.v1.query".to_owned(), "{\"expr\":\"up\"}".to_owned()),
                ("promplay.v1.operator.files".to_owned(), "a.yaml".to_owned()),
                ("promplay.v1.operator.file.0".to_owned(), "kind: Prometheus".to_owned()),
                ("promplay.v1.operator.file.1".to_owned(), "left behind".to_owned()),
                ("other.app".to_owned(), "not ours".to_owned()),
                ("promplay.v1.ui.theme".to_owned(), "dark".to_owned()),
            ],
        )
    }

    #[test]
    fn storage_is_filtered_and_round_trips() {
        let s = sample();
        let keys: Vec<&str> = s.entries.keys().map(String::as_str).collect();
        assert_eq!(keys, ["metrics.text", "operator.file.0", "operator.files", "query"]);
        assert_eq!(parse(&s.to_json(false)).unwrap(), s);
        assert_eq!(parse(&s.to_json(true)).unwrap(), s);
        let pairs: Vec<(String, &str)> = s.storage_pairs().collect();
        assert_eq!(pairs[0], ("promplay.v1.metrics.text".to_owned(), "up 1\n"));
    }

    #[test]
    fn display_preferences_stay_out_of_workspaces() {
        assert!(is_preference("promplay.v1.ui.theme"));
        assert!(!is_preference("promplay.v1.query"));
        assert!(!is_preference("ui.theme"));
        // A document naming a preference (an old or crafted link) does not write it.
        let mut s = sample();
        s.entries.insert("ui.theme".to_owned(), "dark".to_owned());
        assert!(s.storage_pairs().all(|(k, _)| !is_preference(&k)));
    }

    #[test]
    fn put_aside_inputs_stay_out_of_what_is_shared() {
        assert!(is_put_aside("promplay.v1.embed.previous"));
        assert!(is_put_aside("promplay.v1.gallery.undo"));
        assert!(!is_put_aside("promplay.v1.query"));
        assert!(!is_put_aside("gallery.undo"));
        let mut pairs: Vec<(String, String)> =
            sample().storage_pairs().map(|(k, v)| (k, v.to_owned())).collect();
        pairs.push((
            "promplay.v1.embed.previous".to_owned(),
            "{\"workbench\":\"query\"}".to_owned(),
        ));
        pairs.push((
            "promplay.v1.gallery.undo".to_owned(),
            "{\"workbench\":\"metrics\"}".to_owned(),
        ));
        // This browser's own copy (a workspace put aside) keeps them ...
        let whole = Snapshot::from_storage("query", pairs);
        assert!(whole.entries.contains_key("gallery.undo"));
        assert!(whole.entries.contains_key("embed.previous"));
        // ... what leaves it does not: the link's and the export's document.
        let shared = whole.clone().shareable();
        assert_eq!(shared, sample());
        let json = shared.to_json(true);
        assert!(!json.contains("gallery.undo") && !json.contains("embed.previous"), "{json}");
        assert_eq!(parse(&whole.to_json(false)).unwrap().shareable(), sample());
    }

    #[test]
    fn bad_files_get_positioned_errors() {
        let e = parse("{\n  \"format\": \"promplay-workspace\",\n  \"version\": 1,\n  oops\n}")
            .unwrap_err();
        assert_eq!((e.line, e.column), (4, 3), "{e}");
        assert!(e.message.starts_with("key must be a string"), "{e}");

        let e = parse("{\"name\": \"x\"}").unwrap_err();
        assert!(e.message.contains("no \"format\" field"), "{e}");

        let e = parse("{\n\"format\": \"promplay-workspace\",\n\"version\": 7}").unwrap_err();
        assert_eq!((e.line, e.column), (3, 1));
        assert!(e.message.contains("version 7"), "{e}");

        let doc = "{\"format\":\"promplay-workspace\",\"version\":1,\"workbench\":\"query\",\n\
                   \"entries\":{\"query\": 3}}";
        let e = parse(doc).unwrap_err();
        assert_eq!(e.line, 2, "{e}");
        assert!(e.message.contains("invalid type: integer `3`, expected a string"), "{e}");

        let doc = "{\"format\":\"promplay-workspace\",\"version\":1,\"workbench\":\"query\",\n\
                   \"entries\":{\"a b\": \"x\"}}";
        let e = parse(doc).unwrap_err();
        assert_eq!((e.line, e.column), (2, 12), "{e}");

        assert_eq!(parse("").unwrap_err().message, "the file is empty");
        let e = parse("[1, 2").unwrap_err();
        assert!(e.message.contains("EOF"), "{e}");
        assert_eq!(e.line, 1);
    }

    #[test]
    fn digests_tell_workspaces_apart() {
        let a = sample();
        let mut b = a.clone();
        assert_eq!(digest(&a), digest(&b));
        b.entries.insert("metrics.text".into(), "up 2\n".into());
        assert_ne!(digest(&a), digest(&b));
    }
}
