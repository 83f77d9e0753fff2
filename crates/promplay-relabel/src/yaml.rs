//! A small YAML tree with a byte span on every node, built from
//! `saphyr-parser` events, and go-yaml v2's reading of scalars (what
//! Prometheus' loader sees): nulls, `!!binary`, non-string scalars read into
//! string fields as their text.

use crate::codes;
use promplay_diagnostics::{Diagnostic, Span};
use saphyr_parser::{Event, Parser, ScalarStyle};
use std::collections::HashMap;

/// A YAML node.
#[derive(Clone, Debug)]
pub(crate) struct Node {
    pub kind: Kind,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub(crate) enum Kind {
    Scalar { text: String, plain: bool, tag: Option<String> },
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// Whether go-yaml reads this node as null.
    pub fn is_null(&self) -> bool {
        match &self.kind {
            Kind::Scalar { tag: Some(t), .. } => t == "!!null",
            Kind::Scalar { text, plain, tag: None } => {
                *plain && matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL")
            }
            _ => false,
        }
    }

    /// The value of key `key` in a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entries().iter().find(|(k, _)| k.scalar() == Some(key)).map(|(_, v)| v)
    }

    /// A mapping's entries (empty for other nodes).
    pub fn entries(&self) -> &[(Node, Node)] {
        match &self.kind {
            Kind::Map(e) => e,
            _ => &[],
        }
    }

    /// A scalar's text.
    pub fn scalar(&self) -> Option<&str> {
        match &self.kind {
            Kind::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    /// go-yaml's tag name for type errors: `!!str`, `!!int`, `!!seq`, `!!map`, ….
    pub fn tag_name(&self) -> String {
        match &self.kind {
            Kind::Seq(_) => "!!seq".into(),
            Kind::Map(_) => "!!map".into(),
            Kind::Scalar { tag: Some(t), .. } => t.clone(),
            Kind::Scalar { text, plain, .. } => {
                if !plain {
                    "!!str".into()
                } else if self.is_null() {
                    "!!null".into()
                } else if matches!(
                    text.as_str(),
                    "true" | "false" | "True" | "False" | "TRUE" | "FALSE"
                ) {
                    "!!bool".into()
                } else if text.parse::<i64>().is_ok() || text.parse::<u64>().is_ok() {
                    "!!int".into()
                } else if text.parse::<f64>().is_ok() && text.chars().any(|c| c.is_ascii_digit()) {
                    "!!float".into()
                } else {
                    "!!str".into()
                }
            }
        }
    }

    /// Reads the node into a Go `string` as go-yaml v2 does: any non-null
    /// scalar gives its text; `!!binary` gives its decoded bytes.
    pub fn to_go_string(&self) -> Result<String, Diagnostic> {
        match &self.kind {
            Kind::Scalar { text, tag: Some(t), .. } if t == "!!binary" => {
                use base64::Engine;
                let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
                match base64::engine::general_purpose::STANDARD.decode(compact) {
                    Ok(bytes) => Ok(String::from_utf8_lossy(&bytes).into_owned()),
                    Err(_) => Err(Diagnostic::error(
                        codes::BAD_BINARY,
                        "!!binary value contains invalid base64 data",
                    )
                    .with_label(self.span, "not base64")),
                }
            }
            Kind::Scalar { text, .. } => Ok(text.clone()),
            _ => Err(self.type_error("string")),
        }
    }

    /// go-yaml's "cannot unmarshal" error for this node into Go type `into`.
    pub fn type_error(&self, into: &str) -> Diagnostic {
        let shown = match &self.kind {
            Kind::Scalar { text, .. } => format!("{} `{}`", self.tag_name(), text),
            _ => self.tag_name(),
        };
        Diagnostic::error(codes::YAML_TYPE, format!("cannot unmarshal {shown} into {into}"))
            .with_label(self.span, format!("expected {}", go_type_words(into)))
    }
}

fn go_type_words(into: &str) -> &str {
    match into {
        "string" => "a string",
        "uint64" => "a non-negative integer",
        "bool" => "true or false",
        "model.LabelNames" | "[]string" => "a list of label names",
        t if t.starts_with('[') => "a list",
        _ => "a mapping",
    }
}

/// Parses the first document of `text`. `None` for an empty document;
/// a syntax error is returned as a diagnostic (with what was read, if any).
pub(crate) fn parse(text: &str) -> (Option<Node>, Vec<Diagnostic>) {
    let offsets = CharOffsets::new(text);
    let mut stack: Vec<(Node, Option<Node>)> = Vec::new();
    let mut anchors: HashMap<usize, Node> = HashMap::new();
    let mut anchor_of: Vec<usize> = Vec::new();
    let mut root: Option<Node> = None;
    let mut diags = Vec::new();
    for item in Parser::new_from_str(text) {
        let (event, span) = match item {
            Ok(x) => x,
            Err(e) => {
                let at = offsets.byte(e.marker().index());
                let end = next_char_end(text, at);
                diags.push(
                    Diagnostic::error(codes::YAML_SYNTAX, format!("invalid YAML: {}", e.info()))
                        .with_label(Span { start: at, end }, e.info().to_owned()),
                );
                break;
            }
        };
        let start = offsets.byte(span.start.index());
        let end = offsets.byte(span.end.index()).max(start);
        let node = match event {
            Event::Scalar(value, style, anchor, tag) => {
                let tag = tag.map(|t| {
                    if t.handle == "!!" || t.handle == "tag:yaml.org,2002:" {
                        format!("!!{}", t.suffix)
                    } else {
                        format!("{}{}", t.handle, t.suffix)
                    }
                });
                let node = Node {
                    kind: Kind::Scalar {
                        text: value.into_owned(),
                        plain: style == ScalarStyle::Plain,
                        tag,
                    },
                    span: Span { start, end },
                };
                if anchor > 0 {
                    anchors.insert(anchor, node.clone());
                }
                node
            }
            Event::Alias(id) => match anchors.get(&id) {
                Some(n) => Node { kind: n.kind.clone(), span: Span { start, end } },
                None => continue,
            },
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                let kind = if matches!(event, Event::SequenceStart(..)) {
                    Kind::Seq(Vec::new())
                } else {
                    Kind::Map(Vec::new())
                };
                stack.push((Node { kind, span: Span { start, end } }, None));
                anchor_of.push(anchor);
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some((mut node, _)) = stack.pop() else { continue };
                let anchor = anchor_of.pop().unwrap_or(0);
                let last = match &node.kind {
                    Kind::Seq(items) => items.last().map(|n| n.span.end),
                    Kind::Map(entries) => entries.last().map(|(_, v)| v.span.end),
                    Kind::Scalar { .. } => None,
                };
                node.span.end = last.unwrap_or(end).max(node.span.start);
                if anchor > 0 {
                    anchors.insert(anchor, node.clone());
                }
                node
            }
            Event::DocumentEnd => {
                if root.is_some() {
                    break;
                }
                continue;
            }
            _ => continue,
        };
        // Attach the finished node to its parent.
        match stack.last_mut() {
            None => root = Some(node),
            Some((parent, pending)) => match &mut parent.kind {
                Kind::Seq(items) => items.push(node),
                Kind::Map(entries) => match pending.take() {
                    None => *pending = Some(node),
                    Some(key) => entries.push((key, node)),
                },
                Kind::Scalar { .. } => {}
            },
        }
    }
    // On a syntax error, close whatever was open so the caller sees what was read.
    while let Some((node, _)) = stack.pop() {
        match stack.last_mut() {
            None => root = Some(node),
            Some((parent, pending)) => match &mut parent.kind {
                Kind::Seq(items) => items.push(node),
                Kind::Map(entries) => {
                    if let Some(key) = pending.take() {
                        entries.push((key, node));
                    }
                }
                Kind::Scalar { .. } => {}
            },
        }
    }
    if root.as_ref().is_some_and(Node::is_null) {
        root = None;
    }
    (root, diags)
}

fn next_char_end(text: &str, at: u32) -> u32 {
    let at = at as usize;
    let len = text.get(at..).and_then(|r| r.chars().next()).map_or(0, char::len_utf8);
    (at + len) as u32
}

/// saphyr reports positions in characters; this maps them to byte offsets.
struct CharOffsets {
    /// Byte offset of every character that is not one byte long, by char index.
    wide: Vec<(usize, usize)>,
    ascii: bool,
    len: usize,
}

impl CharOffsets {
    fn new(text: &str) -> CharOffsets {
        let ascii = text.is_ascii();
        let wide = if ascii {
            Vec::new()
        } else {
            text.char_indices().enumerate().map(|(i, (b, _))| (i, b)).collect()
        };
        CharOffsets { wide, ascii, len: text.len() }
    }

    fn byte(&self, char_index: usize) -> u32 {
        let b = if self.ascii {
            char_index.min(self.len)
        } else {
            self.wide.get(char_index).map_or(self.len, |&(_, b)| b)
        };
        b as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_and_nulls() {
        let text = "- a: 1\n  b: \"x\"\n-\n- é: ~\n";
        let (root, diags) = parse(text);
        assert!(diags.is_empty(), "{diags:?}");
        let root = root.unwrap();
        let Kind::Seq(items) = &root.kind else { panic!() };
        assert_eq!(items.len(), 3);
        assert!(items[1].is_null());
        let b = items[0].get("b").unwrap();
        assert_eq!(&text[b.span.range()], "\"x\"");
        assert!(items[2].get("é").unwrap().is_null());
        let (_, diags) = parse("a: [1,\n");
        assert_eq!(diags.len(), 1);
    }
}
