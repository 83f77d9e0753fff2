//! Autocomplete for the query editor: what fits at the caret.
//!
//! The context is read from the text before the caret with a small scan
//! (open braces, open quotes, the grouping clause a parenthesis belongs to)
//! rather than from the parser, because the text being typed is almost never
//! a valid query yet. Inside a selector's braces the label names and values
//! of the loaded data are offered; inside `by (…)`, `on (…)` and friends the
//! label names; elsewhere functions (with their one-line docs), aggregations,
//! keywords and metric names.

use super::protocol::DataMeta;
use std::ops::Range;

/// What a completion item is, shown as a small badge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A function such as `rate`.
    Function,
    /// An aggregation operator such as `sum`.
    Aggregation,
    /// A keyword or set operator such as `by`, `offset`, `and`.
    Keyword,
    /// A metric name from the loaded data.
    Metric,
    /// A label name from the loaded data.
    Label,
    /// A label value from the loaded data.
    Value,
}

impl Kind {
    /// The badge text.
    pub fn badge(self) -> &'static str {
        match self {
            Kind::Function => "function",
            Kind::Aggregation => "aggregation",
            Kind::Keyword => "keyword",
            Kind::Metric => "metric",
            Kind::Label => "label",
            Kind::Value => "value",
        }
    }
}

/// One suggestion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// What the list shows and what is matched against the typed prefix.
    pub label: String,
    /// The text inserted in place of the prefix.
    pub insert: String,
    /// Where the caret goes, as a byte offset into `insert`.
    pub caret: usize,
    /// The badge.
    pub kind: Kind,
    /// A one-line description.
    pub doc: String,
}

/// The suggestions for one caret position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestions {
    /// The bytes of the text the chosen item replaces (the typed prefix).
    pub replace: Range<usize>,
    /// The items, best first.
    pub items: Vec<Item>,
}

/// A function's name and one-line doc, as the syntax crate describes it.
#[derive(Clone, Copy, Debug)]
pub struct FunctionDoc {
    /// The name.
    pub name: &'static str,
    /// The one-line doc.
    pub doc: &'static str,
    /// Whether the function is experimental (behind a feature flag in Prometheus).
    pub experimental: bool,
}

/// The aggregation operators with a one-line doc each.
pub const AGGREGATIONS: &[(&str, &str)] = &[
    ("sum", "sum over dimensions"),
    ("avg", "average over dimensions"),
    ("min", "minimum over dimensions"),
    ("max", "maximum over dimensions"),
    ("count", "count of elements in the vector"),
    ("group", "all values in the resulting vector are 1"),
    ("stddev", "population standard deviation over dimensions"),
    ("stdvar", "population standard variance over dimensions"),
    ("count_values", "count of elements with the same value (label name first)"),
    ("topk", "largest k elements by sample value"),
    ("bottomk", "smallest k elements by sample value"),
    ("quantile", "φ-quantile (0 ≤ φ ≤ 1) over dimensions"),
    ("limitk", "sample k elements (experimental)"),
    ("limit_ratio", "sample a pseudo-random ratio of elements (experimental)"),
];

/// Keywords and operators spelled as words, with a one-line doc each.
pub const KEYWORDS: &[(&str, &str)] = &[
    ("by", "keep only these labels in the aggregation result"),
    ("without", "drop these labels in the aggregation result"),
    ("on", "match series on these labels only"),
    ("ignoring", "ignore these labels when matching series"),
    ("group_left", "many-to-one matching: the left side has more series"),
    ("group_right", "one-to-many matching: the right side has more series"),
    ("bool", "return 0 or 1 instead of filtering"),
    ("offset", "shift the evaluation time back by a duration"),
    ("and", "intersection: left elements with a match on the right"),
    ("or", "union: left elements plus unmatched right elements"),
    ("unless", "complement: left elements without a match on the right"),
    ("atan2", "arc tangent of the left side divided by the right side"),
    ("start()", "the start of the range query (with @)"),
    ("end()", "the end of the range query (with @)"),
];

/// Label values offered per label at most.
const MAX_VALUES: usize = 200;
/// Items shown at most.
const MAX_ITEMS: usize = 50;

/// The suggestions at byte offset `caret` of `text`, or `None` when nothing
/// fits. `explicit` is true when the person asked (Ctrl+Space): then an
/// empty prefix lists everything that fits.
pub fn suggest(
    text: &str,
    caret: usize,
    meta: &DataMeta,
    functions: &[FunctionDoc],
    explicit: bool,
) -> Option<Suggestions> {
    let caret = caret.min(text.len());
    if !text.is_char_boundary(caret) {
        return None;
    }
    let before = &text[..caret];
    let scan = scan(before);
    if scan.in_comment {
        return None;
    }
    if let Some(quote_at) = scan.open_quote {
        // A label value: only inside braces, after `name=`, `name!=`, `name=~`, `name!~`.
        let brace = scan.open_brace?;
        let label = label_before_operator(&before[brace + 1..quote_at])?;
        let prefix = &before[quote_at + 1..];
        let values = meta.labels.get(label)?;
        let items = rank(
            values.iter().take(MAX_VALUES).map(|v| Item {
                label: v.clone(),
                insert: escape_in_quote(v, before.as_bytes()[quote_at]),
                caret: usize::MAX,
                kind: Kind::Value,
                doc: format!("a value of {label}"),
            }),
            prefix,
        );
        return non_empty(quote_at + 1..caret, items);
    }
    let word_start = before
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
        .map_or(0, |i| i + before[i..].chars().next().map_or(1, char::len_utf8));
    let prefix = &before[word_start..];
    if prefix.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    if prefix.is_empty() && !explicit {
        return None;
    }
    let previous = before[..word_start].trim_end();
    let label_names = || {
        meta.labels.keys().map(|name| Item {
            label: name.clone(),
            insert: name.clone(),
            caret: usize::MAX,
            kind: Kind::Label,
            doc: format!("label, {} values", meta.labels[name].len()),
        })
    };
    if scan.open_brace.is_some() {
        // Label names start a matcher: right after `{` or `,`.
        if !(previous.ends_with('{') || previous.ends_with(',')) {
            return None;
        }
        return non_empty(word_start..caret, rank(label_names(), prefix));
    }
    if scan.in_grouping {
        return non_empty(word_start..caret, rank(label_names(), prefix));
    }
    let functions = functions.iter().map(|f| Item {
        label: f.name.to_owned(),
        insert: format!("{}()", f.name),
        caret: f.name.len() + 1,
        kind: Kind::Function,
        doc: if f.experimental { format!("{} (experimental)", f.doc) } else { f.doc.to_owned() },
    });
    let aggregations = AGGREGATIONS.iter().map(|&(name, doc)| Item {
        label: name.to_owned(),
        insert: format!("{name}()"),
        caret: name.len() + 1,
        kind: Kind::Aggregation,
        doc: doc.to_owned(),
    });
    let keywords = KEYWORDS.iter().map(|&(name, doc)| Item {
        label: name.to_owned(),
        insert: name.to_owned(),
        caret: usize::MAX,
        kind: Kind::Keyword,
        doc: doc.to_owned(),
    });
    let metrics = meta.metrics.iter().map(|m| Item {
        label: m.clone(),
        insert: m.clone(),
        caret: usize::MAX,
        kind: Kind::Metric,
        doc: "metric in the loaded data".to_owned(),
    });
    let all = metrics.chain(functions).chain(aggregations).chain(keywords);
    non_empty(word_start..caret, rank(all, prefix))
}

/// What an unfinished query has open at its end.
#[derive(Debug, Default)]
struct Scan {
    /// Byte offset of the `{` of an unclosed selector.
    open_brace: Option<usize>,
    /// Byte offset of the opening quote of an unclosed string.
    open_quote: Option<usize>,
    /// Whether the innermost open parenthesis is a grouping clause
    /// (`by`, `without`, `on`, `ignoring`, `group_left`, `group_right`).
    in_grouping: bool,
    /// Whether the end is inside a `#` comment.
    in_comment: bool,
}

fn scan(text: &str) -> Scan {
    let bytes = text.as_bytes();
    let mut s = Scan::default();
    let mut parens: Vec<bool> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if let Some(q) = s.open_quote {
            if c == b'\\' && bytes[q] != b'`' {
                i += 1;
            } else if c == bytes[q] {
                s.open_quote = None;
            }
        } else if s.in_comment {
            if c == b'\n' {
                s.in_comment = false;
            }
        } else {
            match c {
                b'"' | b'\'' | b'`' => s.open_quote = Some(i),
                b'#' => s.in_comment = true,
                b'{' => s.open_brace = Some(i),
                b'}' => s.open_brace = None,
                b'(' => {
                    let word = last_word(&text[..i]);
                    parens.push(matches!(
                        word,
                        "by" | "without" | "on" | "ignoring" | "group_left" | "group_right"
                    ));
                }
                b')' => {
                    parens.pop();
                }
                _ => {}
            }
        }
        i += 1;
    }
    s.in_grouping = parens.last().copied().unwrap_or(false);
    s
}

/// The identifier that ends `text` (after trimming whitespace).
fn last_word(text: &str) -> &str {
    let text = text.trim_end();
    let start = text.rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).map_or(0, |i| i + 1);
    &text[start..]
}

/// In `job="…` (the part of a selector before the quote), the label name `job`.
fn label_before_operator(matchers: &str) -> Option<&str> {
    let m = matchers.trim_end();
    let m = m
        .strip_suffix("=~")
        .or_else(|| m.strip_suffix("!~"))
        .or_else(|| m.strip_suffix("!="))
        .or_else(|| m.strip_suffix('='))?;
    let name = last_word(m);
    (!name.is_empty()).then_some(name)
}

fn escape_in_quote(value: &str, quote: u8) -> String {
    if quote == b'`' {
        return value.to_owned();
    }
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if c == '\\' || c == quote as char {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Keeps the items matching `prefix` (case-insensitively): those starting
/// with it first, then those containing it, each group in its given order.
/// An item equal to the prefix is dropped (nothing left to complete).
fn rank(items: impl Iterator<Item = Item>, prefix: &str) -> Vec<Item> {
    let p = prefix.to_ascii_lowercase();
    let mut starts = Vec::new();
    let mut contains = Vec::new();
    for item in items {
        let l = item.label.to_ascii_lowercase();
        if l == p {
            continue;
        }
        if l.starts_with(&p) {
            starts.push(item);
        } else if !p.is_empty() && l.contains(&p) {
            contains.push(item);
        }
    }
    starts.extend(contains);
    starts.truncate(MAX_ITEMS);
    starts
}

fn non_empty(replace: Range<usize>, items: Vec<Item>) -> Option<Suggestions> {
    (!items.is_empty()).then_some(Suggestions { replace, items })
}

/// Applies `item` to `text` in place of `replace`: the new text and caret (bytes).
pub fn apply(text: &str, replace: &Range<usize>, item: &Item) -> (String, usize) {
    let mut insert = item.insert.clone();
    let mut caret = item.caret.min(insert.len());
    // Typing `rat` + choosing `rate` before an existing `(` keeps that one.
    let rest = &text[replace.end..];
    if matches!(item.kind, Kind::Function | Kind::Aggregation) && rest.starts_with('(') {
        insert.truncate(insert.len() - 2);
        caret = insert.len() + 1;
    }
    // A label value closes its string unless the closing quote is already there.
    if item.kind == Kind::Value {
        let quote = text[..replace.start].chars().next_back().unwrap_or('"');
        if !rest.starts_with(quote) {
            insert.push(quote);
        }
        caret = insert.len();
    }
    let mut out = String::with_capacity(text.len() + insert.len());
    out.push_str(&text[..replace.start]);
    out.push_str(&insert);
    out.push_str(&text[replace.end..]);
    (out, replace.start + caret)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta() -> DataMeta {
        DataMeta {
            metrics: vec!["http_requests_total".into(), "up".into()],
            labels: [
                ("job".to_owned(), vec!["api".to_owned(), "db\"x".to_owned()]),
                ("instance".to_owned(), vec!["a:80".to_owned()]),
            ]
            .into_iter()
            .collect(),
            ..DataMeta::default()
        }
    }

    const FNS: &[FunctionDoc] = &[
        FunctionDoc { name: "rate", doc: "per-second rate", experimental: false },
        FunctionDoc { name: "irate", doc: "instant rate", experimental: false },
    ];

    fn labels(text: &str) -> Vec<String> {
        let caret = text.find('|').unwrap();
        let text = text.replace('|', "");
        suggest(&text, caret, &meta(), FNS, false)
            .map(|s| s.items.into_iter().map(|i| i.label).collect())
            .unwrap_or_default()
    }

    #[test]
    fn contexts() {
        assert_eq!(labels("ra|"), ["rate", "irate", "limit_ratio"]);
        assert_eq!(labels("sum(ht|"), ["http_requests_total", "group_right"]);
        assert_eq!(labels("up{|"), Vec::<String>::new());
        assert_eq!(labels("up{j|"), ["job"]);
        assert_eq!(labels("up{job=\"a|"), ["api"]);
        assert_eq!(labels("up{job=~\"|"), ["api", "db\"x"]);
        assert_eq!(labels("up{job=\"api\", i|"), ["instance"]);
        assert_eq!(labels("sum by (j|"), ["job"]);
        assert_eq!(labels("sum by (job) (ra|"), ["rate", "irate", "limit_ratio"]);
        assert_eq!(labels("rate(x[5|"), Vec::<String>::new());
        assert_eq!(labels("\"up|"), Vec::<String>::new());
        assert_eq!(labels("# ra|"), Vec::<String>::new());
        assert_eq!(labels("x o|")[..3], ["on", "offset", "or"]);
    }

    #[test]
    fn applying() {
        let s = suggest("sum(ra", 6, &meta(), FNS, false).unwrap();
        assert_eq!(apply("sum(ra", &s.replace, &s.items[0]), ("sum(rate()".to_owned(), 9));
        let s = suggest("ra(x)", 2, &meta(), FNS, false).unwrap();
        assert_eq!(apply("ra(x)", &s.replace, &s.items[0]), ("rate(x)".to_owned(), 5));
        let s = suggest("up{job=\"d", 9, &meta(), FNS, false).unwrap();
        assert_eq!(apply("up{job=\"d", &s.replace, &s.items[0]).0, "up{job=\"db\\\"x\"");
        let s = suggest("up{", 3, &meta(), FNS, true).unwrap();
        assert_eq!(s.items.len(), 2);
    }
}
