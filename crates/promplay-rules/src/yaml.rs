//! YAML read into a tree that keeps positions: every node knows the byte
//! span of its text, every scalar its original text and style. Rule files
//! and unit-test files are decoded from this tree (`decode.rs`), so every
//! diagnostic points at the exact key or value it is about, and scalars keep
//! the text go-yaml would hand to a string field (`values: 2.9999999999999996`
//! stays that text, not a re-printed float).
//!
//! Anchors and aliases are resolved by copying the anchored node (spans
//! then point at the anchor's definition); merge keys (`<<`) are applied by
//! the decoder's mapping walk. Parsing never panics: a syntax error ends the
//! stream and is returned with the documents read before it.

use promplay_diagnostics::{CharOffsets, Span};
use saphyr_parser::{Event, Parser, ScalarStyle};

/// One YAML node with its position.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// What the node holds.
    pub kind: NodeKind,
    /// The node's text in the input (for a collection: from its first to its
    /// last character).
    pub span: Span,
}

/// The three kinds of YAML node.
#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind {
    /// A scalar: its value after unquoting and folding, and whether it was
    /// written plain (only plain scalars resolve to null, numbers and
    /// booleans).
    Scalar {
        /// The value.
        text: String,
        /// Written without quotes or block indicators.
        plain: bool,
    },
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, its entries in input order.
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// Whether the node is YAML's null: an empty plain scalar, `~` or `null`.
    pub fn is_null(&self) -> bool {
        matches!(&self.kind, NodeKind::Scalar { text, plain: true }
            if matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }

    /// The scalar's text, if this is a scalar.
    pub fn as_scalar(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    /// The mapping's entries, if this is a mapping.
    pub fn as_map(&self) -> Option<&[(Node, Node)]> {
        match &self.kind {
            NodeKind::Map(entries) => Some(entries),
            _ => None,
        }
    }

    /// The value of key `key`, if this is a mapping that has it.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_map()?.iter().find(|(k, _)| k.as_scalar() == Some(key)).map(|(_, v)| v)
    }

    /// A word for the node's kind in messages: `a mapping`, `a sequence`,
    /// `a string`, `null`.
    pub fn describe(&self) -> &'static str {
        match &self.kind {
            NodeKind::Map(_) => "a mapping",
            NodeKind::Seq(_) => "a sequence",
            NodeKind::Scalar { .. } if self.is_null() => "null",
            NodeKind::Scalar { .. } => "a scalar",
        }
    }
}

/// A YAML syntax error.
#[derive(Clone, Debug, PartialEq)]
pub struct SyntaxError {
    /// The parser's description, e.g. `mapping values are not allowed in this context`.
    pub message: String,
    /// Where the parser stopped.
    pub span: Span,
}

/// Every document of `text`, and the syntax error that ended the stream, if any.
pub fn parse_documents(text: &str) -> (Vec<Node>, Option<SyntaxError>) {
    let offsets = CharOffsets::new(text);
    let mut docs = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut anchors: Vec<(usize, Node)> = Vec::new();
    for item in Parser::new_from_str(text) {
        let (event, span) = match item {
            Ok(x) => x,
            Err(e) => {
                let at = offsets.byte(e.marker().index());
                let end = next_char_end(text, at);
                let error = SyntaxError { message: e.info().to_owned(), span: Span::new(at, end) };
                return (docs, Some(error));
            }
        };
        let start = offsets.byte(span.start.index());
        let end = offsets.byte(span.end.index()).max(start);
        let done = match event {
            Event::Scalar(value, style, anchor, _) => {
                let node = Node {
                    kind: NodeKind::Scalar {
                        text: value.into_owned(),
                        plain: style == ScalarStyle::Plain,
                    },
                    span: trim_span(text, Span::new(start, end)),
                };
                if anchor > 0 {
                    anchors.push((anchor, node.clone()));
                }
                Some(node)
            }
            Event::Alias(id) => {
                let found = anchors.iter().rev().find(|(a, _)| *a == id).map(|(_, n)| n.clone());
                Some(found.unwrap_or(Node {
                    kind: NodeKind::Scalar { text: String::new(), plain: true },
                    span: Span::new(start, end),
                }))
            }
            Event::SequenceStart(anchor, _) => {
                stack.push(Frame { anchor, start, map: false, items: Vec::new() });
                None
            }
            Event::MappingStart(anchor, _) => {
                stack.push(Frame { anchor, start, map: true, items: Vec::new() });
                None
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = stack.pop() else { continue };
                let last = frame.items.last().map_or(frame.start, |n| n.span.end);
                let span = Span::new(frame.start, last.max(frame.start));
                let kind = if frame.map {
                    let mut entries = Vec::with_capacity(frame.items.len() / 2);
                    let mut items = frame.items.into_iter();
                    while let Some(k) = items.next() {
                        let v = items.next().unwrap_or(Node {
                            kind: NodeKind::Scalar { text: String::new(), plain: true },
                            span: Span::at(k.span.end),
                        });
                        entries.push((k, v));
                    }
                    NodeKind::Map(entries)
                } else {
                    NodeKind::Seq(frame.items)
                };
                let node = Node { kind, span };
                if frame.anchor > 0 {
                    anchors.push((frame.anchor, node.clone()));
                }
                Some(node)
            }
            Event::DocumentStart(_)
            | Event::DocumentEnd
            | Event::StreamStart
            | Event::StreamEnd
            | Event::Nothing => None,
        };
        if let Some(node) = done {
            match stack.last_mut() {
                Some(frame) => frame.items.push(node),
                None => docs.push(node),
            }
        }
    }
    (docs, None)
}

/// A collection being read.
struct Frame {
    anchor: usize,
    start: u32,
    map: bool,
    items: Vec<Node>,
}

/// A block scalar's span from the parser includes the line break after it;
/// positions read better without trailing whitespace.
fn trim_span(text: &str, span: Span) -> Span {
    let slice = text.get(span.range()).unwrap_or("");
    let trimmed = slice.trim_end();
    Span::new(span.start, span.start + trimmed.len() as u32)
}

/// The end of the character at `at` (for a one-character span).
fn next_char_end(text: &str, at: u32) -> u32 {
    let rest = text.get(at as usize..).unwrap_or("");
    at + rest.chars().next().map_or(0, |c| c.len_utf8() as u32)
}

/// Maps a byte offset into a scalar's value to a byte offset into the input:
/// the value's characters are found, in order, in the scalar's raw text
/// (quotes, escapes, indentation and folded line breaks are skipped). Used to
/// place a PromQL or template error inside a YAML string.
pub fn value_offset_to_input(input: &str, node: &Node, value_offset: usize) -> u32 {
    let Some(value) = node.as_scalar() else { return node.span.start };
    let raw = input.get(node.span.range()).unwrap_or("");
    // The common case: the value is written verbatim (plain, or quoted
    // without escapes).
    if let Some(at) = raw.find(value)
        && !value.is_empty()
    {
        return node.span.start + (at + value_offset.min(value.len())) as u32;
    }
    let mut raw_pos = 0usize;
    for (i, c) in value.char_indices() {
        if i >= value_offset {
            break;
        }
        if let Some(found) = raw[raw_pos..].find(c) {
            raw_pos += found + c.len_utf8();
        }
    }
    // Skip to the next character of the value that is written in the raw text.
    if let Some(c) = value.get(value_offset..).and_then(|r| r.chars().next())
        && let Some(found) = raw[raw_pos..].find(c)
    {
        raw_pos += found;
    }
    node.span.start + raw_pos.min(raw.len()) as u32
}

/// The span in the input of `value_span` (byte offsets into the scalar's value).
pub fn value_span_to_input(input: &str, node: &Node, value_span: Span) -> Span {
    let start = value_offset_to_input(input, node, value_span.start as usize);
    let end = value_offset_to_input(input, node, value_span.end as usize).max(start);
    Span::new(start, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_and_texts() {
        let text = "a: 1\nb:\n  - x\n  - 'y z'\nc: |\n  up ==\n  0\n";
        let (docs, err) = parse_documents(text);
        assert!(err.is_none());
        let doc = &docs[0];
        let at = |n: &Node| &text[n.span.range()];
        assert_eq!(at(doc.get("a").unwrap()), "1");
        let b = doc.get("b").unwrap();
        assert!(matches!(&b.kind, NodeKind::Seq(items) if items.len() == 2));
        let c = doc.get("c").unwrap();
        assert_eq!(c.as_scalar(), Some("up ==\n0\n"));
        let off = value_offset_to_input(text, c, 6);
        assert_eq!(&text[off as usize..off as usize + 1], "0");
    }

    #[test]
    fn syntax_error_keeps_earlier_documents() {
        let (docs, err) = parse_documents("a: 1\n---\nb: [\n");
        assert_eq!(docs.len(), 1);
        assert!(err.is_some());
    }

    #[test]
    fn aliases_copy_the_anchor() {
        let (docs, _) = parse_documents("a: &x {k: v}\nb: *x\n");
        assert_eq!(docs[0].get("b").unwrap().get("k").unwrap().as_scalar(), Some("v"));
    }
}
