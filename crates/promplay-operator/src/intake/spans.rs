//! The span indexer: walks the YAML event stream of `saphyr-parser` and
//! records, for every node of every document, its byte span (and the span of
//! its key inside a mapping) under a field path such as
//! `spec.endpoints[0].port`. serde's `Value` carries no positions, so the
//! intake reads values with serde and positions from here; the two parsers
//! see the same documents in the same order.
//!
//! Indexing costs as much as parsing, and most inputs need no position at
//! all, so a file is indexed on first use: [`FileSpans`] keeps the text and
//! builds the index the first time a diagnostic asks for a place in it.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use promplay_diagnostics::Span;
use saphyr_parser::{Event, Parser, ScalarStyle};

/// Where the nodes of one document are.
#[derive(Clone, Debug, Default)]
pub struct DocSpans {
    /// The whole document (from its first to its last node).
    pub span: Span,
    /// Field path → position.
    pub nodes: HashMap<String, NodeSpan>,
}

/// The position of one node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NodeSpan {
    /// The key, when the node is a mapping value.
    pub key: Option<Span>,
    /// The value node itself.
    pub value: Span,
    /// The node is a plain (unquoted) scalar.
    pub plain: bool,
}

impl DocSpans {
    /// The span of the value at `path`, or of the nearest enclosing node
    /// that has one (merged or aliased content has no positions of its own).
    pub fn value_span(&self, path: &str) -> Span {
        self.lookup(path).map_or(self.span, |n| n.value)
    }

    /// The span of the key at `path` (the value's when it has no key).
    pub fn key_span(&self, path: &str) -> Span {
        self.lookup(path).map_or(self.span, |n| n.key.unwrap_or(n.value))
    }

    /// The node at `path`, or at its nearest recorded ancestor.
    pub fn lookup(&self, path: &str) -> Option<&NodeSpan> {
        let mut p = path;
        loop {
            if let Some(n) = self.nodes.get(p) {
                return Some(n);
            }
            if p.is_empty() {
                return None;
            }
            p = parent_path(p);
        }
    }
}

/// The positions of every document of one file, indexed on first use.
pub struct FileSpans {
    text: Arc<str>,
    docs: OnceLock<Vec<DocSpans>>,
}

impl FileSpans {
    /// Keeps `text` for indexing when a position is first asked for.
    pub fn new(text: &str) -> Arc<FileSpans> {
        Arc::new(FileSpans { text: Arc::from(text), docs: OnceLock::new() })
    }

    /// Every document's positions (indexing the file now if needed).
    pub fn docs(&self) -> &[DocSpans] {
        self.docs.get_or_init(|| index(&self.text))
    }

    /// Whether the file has been indexed (for tests and benchmarks).
    pub fn is_indexed(&self) -> bool {
        self.docs.get().is_some()
    }
}

impl std::fmt::Debug for FileSpans {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileSpans")
            .field("bytes", &self.text.len())
            .field("indexed", &self.is_indexed())
            .finish()
    }
}

/// The positions of one document of a file, indexed on first use.
#[derive(Clone, Debug)]
pub struct Spans {
    file: Arc<FileSpans>,
    doc: usize,
}

impl Spans {
    /// Document `doc` of `file`.
    pub fn new(file: &Arc<FileSpans>, doc: usize) -> Spans {
        Spans { file: Arc::clone(file), doc }
    }

    /// The document's positions (empty when the indexer saw fewer documents).
    pub fn doc(&self) -> Option<&DocSpans> {
        self.file.docs().get(self.doc)
    }

    /// The whole document.
    pub fn span(&self) -> Span {
        self.doc().map_or(Span::default(), |d| d.span)
    }

    /// See [`DocSpans::value_span`].
    pub fn value_span(&self, path: &str) -> Span {
        self.doc().map_or(Span::default(), |d| d.value_span(path))
    }

    /// See [`DocSpans::key_span`].
    pub fn key_span(&self, path: &str) -> Span {
        self.doc().map_or(Span::default(), |d| d.key_span(path))
    }

    /// See [`DocSpans::lookup`].
    pub fn lookup(&self, path: &str) -> Option<&NodeSpan> {
        self.doc().and_then(|d| d.lookup(path))
    }
}

/// `a.b[2]` → `a.b`, `a.b` → `a`, `a` → ``.
pub fn parent_path(path: &str) -> &str {
    match path.rfind(['.', '[']) {
        Some(at) => &path[..at],
        None => "",
    }
}

/// Appends a mapping key to a path.
pub fn child_path(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_owned() } else { format!("{path}.{key}") }
}

/// Indexes every document of `text`. Stops quietly at a syntax error (the
/// value parser reports it); documents before it are indexed.
pub fn index(text: &str) -> Vec<DocSpans> {
    let offsets = CharOffsets::new(text);
    let mut docs = Vec::new();
    let mut current: Option<DocSpans> = None;
    let mut stack: Vec<Frame> = Vec::new();
    let mut first_start: Option<u32> = None;
    let mut last_end = 0u32;
    for item in Parser::new_from_str(text) {
        let Ok((event, span)) = item else {
            break;
        };
        let start = offsets.byte(span.start.index());
        let end = offsets.byte(span.end.index()).max(start);
        match event {
            Event::DocumentStart(_) => {
                current = Some(DocSpans::default());
                stack.clear();
                first_start = None;
            }
            Event::DocumentEnd => {
                if let Some(mut doc) = current.take() {
                    let s = first_start.unwrap_or(start);
                    doc.span = Span { start: s, end: last_end.max(s) };
                    docs.push(doc);
                }
            }
            Event::Scalar(text, style, _, _) => {
                first_start.get_or_insert(start);
                last_end = end;
                let node = Span { start, end };
                let Some(doc) = current.as_mut() else { continue };
                // A scalar in key position names the next value.
                if let Some(Frame::Map { pending_key, .. }) = stack.last_mut()
                    && pending_key.is_none()
                {
                    *pending_key = Some((text.into_owned(), node));
                    continue;
                }
                let (path, key) = next_path(&mut stack);
                let plain = style == ScalarStyle::Plain;
                doc.nodes.insert(path, NodeSpan { key, value: node, plain });
            }
            Event::Alias(_) => {
                first_start.get_or_insert(start);
                last_end = end;
                let node = Span { start, end };
                let Some(doc) = current.as_mut() else { continue };
                if let Some(Frame::Map { pending_key, .. }) = stack.last_mut()
                    && pending_key.is_none()
                {
                    *pending_key = Some(("<<".to_owned(), node));
                    continue;
                }
                let (path, key) = next_path(&mut stack);
                doc.nodes.insert(path, NodeSpan { key, value: node, plain: false });
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                first_start.get_or_insert(start);
                let is_map = matches!(event, Event::MappingStart(..));
                if let Some(Frame::Map { pending_key, .. }) = stack.last_mut()
                    && pending_key.is_none()
                {
                    // A complex key: give it a placeholder name.
                    *pending_key = Some(("?".to_owned(), Span { start, end }));
                    stack.push(Frame::Ignored { depth: 0 });
                    continue;
                }
                if let Some(Frame::Ignored { depth }) = stack.last_mut() {
                    *depth += 1;
                    continue;
                }
                let (path, key) = next_path(&mut stack);
                stack.push(if is_map {
                    Frame::Map { path, key, start, pending_key: None }
                } else {
                    Frame::Seq { path, key, start, next: 0 }
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                last_end = end.max(last_end);
                if let Some(Frame::Ignored { depth }) = stack.last_mut()
                    && *depth > 0
                {
                    *depth -= 1;
                    continue;
                }
                let Some(frame) = stack.pop() else { continue };
                let Some(doc) = current.as_mut() else { continue };
                if let Frame::Map { path, key, start, .. } | Frame::Seq { path, key, start, .. } =
                    frame
                {
                    let value = Span { start, end: last_end.max(start) };
                    doc.nodes.insert(path, NodeSpan { key, value, plain: false });
                }
            }
            Event::StreamStart | Event::StreamEnd | Event::Nothing => {}
        }
    }
    docs
}

/// A collection being walked.
enum Frame {
    Map {
        path: String,
        key: Option<Span>,
        start: u32,
        pending_key: Option<(String, Span)>,
    },
    Seq {
        path: String,
        key: Option<Span>,
        start: u32,
        next: usize,
    },
    /// A complex mapping key (a collection used as a key): its content has
    /// no field path.
    Ignored {
        depth: usize,
    },
}

/// The path (and key span) of the node that comes next in the innermost
/// collection, advancing that collection.
fn next_path(stack: &mut [Frame]) -> (String, Option<Span>) {
    match stack.last_mut() {
        None => (String::new(), None),
        Some(Frame::Map { path, pending_key, .. }) => match pending_key.take() {
            Some((k, span)) => (child_path(path, &k), Some(span)),
            None => (path.clone(), None),
        },
        Some(Frame::Seq { path, next, .. }) => {
            let p = format!("{path}[{next}]");
            *next += 1;
            (p, None)
        }
        Some(Frame::Ignored { .. }) => (String::from("?"), None),
    }
}

/// Converts the parser's character indices to byte offsets.
struct CharOffsets {
    /// Byte offset of every character, when the text is not ASCII.
    table: Option<Vec<u32>>,
    len: u32,
}

impl CharOffsets {
    fn new(text: &str) -> CharOffsets {
        let len = text.len() as u32;
        if text.is_ascii() {
            return CharOffsets { table: None, len };
        }
        let mut table: Vec<u32> = text.char_indices().map(|(i, _)| i as u32).collect();
        table.push(len);
        CharOffsets { table: Some(table), len }
    }

    fn byte(&self, char_index: usize) -> u32 {
        match &self.table {
            None => (char_index as u32).min(self.len),
            Some(t) => t.get(char_index).copied().unwrap_or(self.len),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_spans() {
        let text = "a: 1\nb:\n  c: [x, 'y']\n  d:\n  - e: f\n---\nk: v\n";
        let docs = index(text);
        assert_eq!(docs.len(), 2);
        let at = |d: &DocSpans, p: &str| {
            let s = d.value_span(p);
            &text[s.start as usize..s.end as usize]
        };
        assert_eq!(at(&docs[0], "a"), "1");
        assert_eq!(at(&docs[0], "b.c[1]"), "'y'");
        assert_eq!(at(&docs[0], "b.d[0].e"), "f");
        let k = docs[0].key_span("b.d");
        assert_eq!(&text[k.start as usize..k.end as usize], "d");
        assert_eq!(at(&docs[1], "k"), "v");
        // Unknown paths fall back to the nearest ancestor.
        assert_eq!(at(&docs[0], "b.d[0].zzz"), at(&docs[0], "b.d[0]"));
        assert!(docs[0].lookup("a").unwrap().plain);
    }

    #[test]
    fn non_ascii_offsets_are_bytes() {
        let text = "é: ü\nx: y\n";
        let docs = index(text);
        let s = docs[0].value_span("x");
        assert_eq!(&text[s.start as usize..s.end as usize], "y");
    }
}
