//! A small positioned YAML tree built from `saphyr-parser` events: every
//! node and every mapping key keeps its byte span in the input, which is
//! what the configuration reader needs to point a diagnostic at the exact
//! field. Anchors and aliases are resolved by copying the anchored node;
//! `<<` merge keys are applied the way go-yaml v2 applies them (keys already
//! present win).

use promplay_diagnostics::{CharOffsets, Span};
use saphyr_parser::{Event, Parser, ScalarStyle};
use std::collections::HashMap;

/// One YAML node with its span.
#[derive(Clone, Debug)]
pub struct Node {
    /// The node's text in the input.
    pub span: Span,
    /// What the node holds.
    pub kind: Kind,
}

/// The content of a node.
#[derive(Clone, Debug)]
pub enum Kind {
    /// `~`, `null` or nothing.
    Null,
    /// A scalar (quoted or not).
    Scalar { text: String },
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in input order.
    Map(Vec<Entry>),
}

/// One key of a mapping.
#[derive(Clone, Debug)]
pub struct Entry {
    /// The key as text (a complex key reads as `?`).
    pub key: String,
    /// The key's span.
    pub key_span: Span,
    /// The value.
    pub value: Node,
}

/// A syntax error: where and what the scanner said.
#[derive(Clone, Debug)]
pub struct SyntaxError {
    /// Where the scanner stopped.
    pub span: Span,
    /// The scanner's message.
    pub message: String,
}

impl Node {
    /// The scalar text, if the node is a scalar.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    /// A short name of the node's kind for messages ("a mapping", "a string").
    pub fn describe(&self) -> String {
        match &self.kind {
            Kind::Null => "null".into(),
            Kind::Scalar { text, .. } => format!("{text:?}"),
            Kind::Seq(_) => "a list".into(),
            Kind::Map(_) => "a mapping".into(),
        }
    }
}

/// Parses the first document of `text` (go-yaml's `Unmarshal` reads only
/// the first). `Ok(None)` for an empty input.
pub fn parse(text: &str) -> Result<Option<Node>, SyntaxError> {
    let offsets = CharOffsets::new(text);
    let mut builder = Builder::default();
    for item in Parser::new_from_str(text) {
        let (event, span) = match item {
            Ok(pair) => pair,
            Err(e) => {
                let at = offsets.byte(e.marker().index());
                let end = next_char_boundary(text, at);
                return Err(SyntaxError {
                    span: Span::new(at, end),
                    message: e.info().to_string(),
                });
            }
        };
        let start = offsets.byte(span.start.index());
        let end = offsets.byte(span.end.index()).max(start);
        if builder.event(event, Span::new(start, end)) {
            break;
        }
    }
    Ok(builder.root)
}

fn next_char_boundary(text: &str, at: u32) -> u32 {
    let at = at as usize;
    match text.get(at..).and_then(|rest| rest.chars().next()) {
        Some(c) => (at + c.len_utf8()) as u32,
        None => at as u32,
    }
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    anchors: HashMap<usize, Node>,
    root: Option<Node>,
    started: bool,
}

enum Frame {
    Seq { start: u32, anchor: usize, items: Vec<Node> },
    Map { start: u32, anchor: usize, entries: Vec<Entry>, key: Option<(String, Span)> },
}

impl Builder {
    /// Feeds one event; returns `true` once the first document is complete.
    fn event(&mut self, event: Event<'_>, span: Span) -> bool {
        match event {
            Event::DocumentStart(_) => self.started = true,
            Event::DocumentEnd => return self.started,
            Event::StreamEnd => return true,
            Event::Scalar(text, style, anchor, _) => {
                let plain = style == ScalarStyle::Plain;
                let kind = if plain && matches!(&*text, "" | "~" | "null" | "Null" | "NULL") {
                    Kind::Null
                } else {
                    Kind::Scalar { text: text.into_owned() }
                };
                self.push(Node { span, kind }, anchor);
            }
            Event::Alias(id) => {
                let node = match self.anchors.get(&id) {
                    Some(n) => Node { span, kind: n.kind.clone() },
                    None => Node { span, kind: Kind::Null },
                };
                self.push(node, 0);
            }
            Event::SequenceStart(anchor, _) => {
                self.stack.push(Frame::Seq { start: span.start, anchor, items: Vec::new() });
            }
            Event::MappingStart(anchor, _) => {
                self.stack.push(Frame::Map {
                    start: span.start,
                    anchor,
                    entries: Vec::new(),
                    key: None,
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = self.stack.pop() else { return false };
                let (node, anchor) = match frame {
                    Frame::Seq { start, anchor, items } => {
                        let end = items.last().map_or(span.end, |n| n.span.end.max(span.end));
                        (
                            Node { span: Span::new(start, end.max(start)), kind: Kind::Seq(items) },
                            anchor,
                        )
                    }
                    Frame::Map { start, anchor, entries, .. } => {
                        let end =
                            entries.last().map_or(span.end, |e| e.value.span.end.max(span.end));
                        let entries = merge(entries);
                        (
                            Node {
                                span: Span::new(start, end.max(start)),
                                kind: Kind::Map(entries),
                            },
                            anchor,
                        )
                    }
                };
                self.push(node, anchor);
            }
            Event::StreamStart | Event::Nothing => {}
        }
        false
    }

    fn push(&mut self, node: Node, anchor: usize) {
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(node);
                }
            }
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, key, .. }) => match key.take() {
                None => {
                    let text = node.as_str().map_or_else(
                        || if matches!(node.kind, Kind::Null) { String::new() } else { "?".into() },
                        str::to_owned,
                    );
                    *key = Some((text, node.span));
                }
                Some((k, key_span)) => entries.push(Entry { key: k, key_span, value: node }),
            },
        }
    }
}

/// Applies `<<` merge keys: the merged mappings' keys are added where the
/// mapping does not set them itself.
fn merge(entries: Vec<Entry>) -> Vec<Entry> {
    if !entries.iter().any(|e| e.key == "<<") {
        return entries;
    }
    let mut out: Vec<Entry> = Vec::new();
    let mut merged: Vec<Entry> = Vec::new();
    for e in entries {
        if e.key != "<<" {
            out.push(e);
            continue;
        }
        let sources: Vec<Node> = match e.value.kind {
            Kind::Seq(items) => items,
            other => vec![Node { span: e.value.span, kind: other }],
        };
        for src in sources {
            if let Kind::Map(inner) = src.kind {
                merged.extend(inner);
            }
        }
    }
    for m in merged {
        if !out.iter().any(|e| e.key == m.key) {
            out.push(m);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_point_at_keys_and_values() {
        let text = "route:\n  receiver: 'x'\n  routes:\n  - matchers: [a=\"b\"]\n";
        let root = parse(text).unwrap().unwrap();
        let Kind::Map(top) = &root.kind else { panic!("map") };
        assert_eq!(&text[top[0].key_span.range()], "route");
        let Kind::Map(route) = &top[0].value.kind else { panic!("map") };
        assert_eq!(&text[route[0].value.span.range()], "'x'");
        assert_eq!(route[0].value.as_str(), Some("x"));
    }

    #[test]
    fn anchors_and_merge_keys() {
        let text = "a: &x {k: 1, j: 2}\nb:\n  <<: *x\n  j: 3\n";
        let root = parse(text).unwrap().unwrap();
        let Kind::Map(top) = &root.kind else { panic!("map") };
        let Kind::Map(b) = &top[1].value.kind else { panic!("map") };
        let keys: Vec<_> = b.iter().map(|e| (e.key.as_str(), e.value.as_str())).collect();
        assert_eq!(keys, vec![("j", Some("3")), ("k", Some("1"))]);
    }

    #[test]
    fn syntax_errors_have_a_position() {
        let text = "a: [1, 2\n";
        let err = parse(text).unwrap_err();
        assert!(err.span.start as usize <= text.len());
        assert!(parse("").unwrap().is_none());
    }
}
