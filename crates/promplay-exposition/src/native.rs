//! The experimental native-histogram sample value of the Python client:
//! `{count:24,sum:100,schema:0,zero_threshold:0.001,zero_count:4,
//! positive_spans:[0:2,1:2],negative_spans:[0:2,1:2],
//! positive_deltas:[2,1,-3,3],negative_deltas:[2,1,-2,3]}`.
//!
//! Neither OpenMetrics 1.0 nor Prometheus' OpenMetrics parser knows this
//! syntax, so it is only read when `ParseOptions::experimental_native_histograms`
//! is set, the way Prometheus gates experimental formats behind a feature
//! flag. The reader is strict about the shape (known fields, each at most
//! once, integers where the histogram model has integers) and checks that
//! the spans cover as many buckets as there are deltas, which Prometheus
//! also requires before it stores a histogram. Every error points at the
//! field that is wrong.

use crate::codes;
use crate::sample::{char_span, error, found, span};
use crate::{BucketSpan, NativeHistogram};
use promplay_diagnostics::{Diagnostic, Span};

/// The fields in the order the Python client writes them.
const FIELDS: [&str; 9] = [
    "count",
    "sum",
    "schema",
    "zero_threshold",
    "zero_count",
    "positive_spans",
    "negative_spans",
    "positive_deltas",
    "negative_deltas",
];

/// The help of every syntax error: what the value should look like.
const SHAPE: &str = "a native-histogram value looks like `{count:24,sum:100,schema:0,zero_threshold:0.001,zero_count:4,positive_spans:[0:2],positive_deltas:[2,1]}` without spaces";

/// The diagnostic for a native-histogram value when the option is off.
pub(crate) fn disabled(text: &str, open: usize, end: usize) -> Diagnostic {
    let close = text[open..end].find('}').map_or(end, |n| open + n + 1);
    error(
        codes::NATIVE_HISTOGRAM_DISABLED,
        "native-histogram values (`{count:…,sum:…,…}`) are an experimental extension, not OpenMetrics 1.0".into(),
        span(open, close),
        "experimental native-histogram syntax",
    )
    .with_help(
        "only the Python client reads this syntax; to parse it, enable the experimental option `ParseOptions::experimental_native_histograms`",
    )
}

/// Reads the native-histogram value whose `{` is at `open`, within
/// `text[..end]`; returns it and the offset after its `}`.
pub(crate) fn parse(
    text: &str,
    open: usize,
    end: usize,
) -> Result<(NativeHistogram, usize), Diagnostic> {
    Reader { text, b: text.as_bytes(), end }.histogram(open)
}

struct Reader<'t> {
    text: &'t str,
    b: &'t [u8],
    end: usize,
}

/// The spans and deltas of one side, with where their lists were written.
#[derive(Default)]
struct Side {
    spans: Option<(Vec<BucketSpan>, Span)>,
    deltas: Option<(Vec<i64>, Span)>,
}

impl Reader<'_> {
    fn fail(&self, message: String, at: Span, label: &str) -> Diagnostic {
        error(codes::NATIVE_HISTOGRAM, message, at, label).with_help(SHAPE)
    }

    /// The span of `start..end`, or of the character at `start` when empty.
    fn token_span(&self, start: usize, end: usize) -> Span {
        if end > start { span(start, end) } else { char_span(self.text, start, self.end) }
    }

    /// The end of the run of bytes at `i` that `accept` allows.
    fn run(&self, mut i: usize, accept: impl Fn(u8) -> bool) -> usize {
        while i < self.end && accept(self.b[i]) {
            i += 1;
        }
        i
    }

    fn expect(&self, i: usize, want: u8, context: &str) -> Result<usize, Diagnostic> {
        if i < self.end && self.b[i] == want {
            return Ok(i + 1);
        }
        let message = format!(
            "expected `{}` {context}, found {}",
            want as char,
            found(self.text, i, self.end)
        );
        Err(self.fail(message, char_span(self.text, i, self.end), "here"))
    }

    fn histogram(&self, open: usize) -> Result<(NativeHistogram, usize), Diagnostic> {
        let Some(close) = self.text[open..self.end].find('}').map(|n| open + n) else {
            return Err(self.fail(
                "the native-histogram value is not closed: expected `}`, found end of line".into(),
                span(open, self.end),
                "unclosed `{`",
            ));
        };
        let mut seen: [Option<Span>; 9] = [None; 9];
        let (mut count, mut sum, mut schema, mut threshold, mut zero_count) =
            (None, None, None, None, None);
        let (mut pos, mut neg) = (Side::default(), Side::default());
        let mut i = open + 1;
        while i < close {
            let kstart = i;
            let kend = self.run(i, |c| c.is_ascii_alphanumeric() || c == b'_');
            let key = &self.text[kstart..kend];
            let kspan = span(kstart, kend);
            let Some(field) = FIELDS.iter().position(|f| *f == key) else {
                let message = if key.is_empty() {
                    format!(
                        "expected a field name in the native-histogram value, found {}",
                        found(self.text, kstart, self.end)
                    )
                } else {
                    format!(
                        "unknown native-histogram field `{key}`: expected one of {}",
                        FIELDS.join(", ")
                    )
                };
                return Err(self.fail(message, self.token_span(kstart, kend), "unknown field"));
            };
            if let Some(first) = seen[field] {
                return Err(error(
                    codes::NATIVE_HISTOGRAM,
                    format!("the native-histogram field `{key}` is given twice"),
                    kspan,
                    "second occurrence",
                )
                .with_label(first, "first occurrence"));
            }
            seen[field] = Some(kspan);
            i = self.expect(kend, b':', &format!("after `{key}`"))?;
            let vstart = i;
            i = match key {
                "count" | "zero_count" => {
                    let (v, e) = self.integer(i, key, false)?;
                    let v = u64::try_from(v).unwrap_or_default();
                    if key == "count" {
                        count = Some(v);
                    } else {
                        zero_count = Some(v);
                    }
                    e
                }
                "schema" => {
                    let (v, e) = self.integer(i, key, true)?;
                    if !(-4..=8).contains(&v) {
                        return Err(self.fail(
                            format!(
                                "schema {v} is out of range: native histograms use schemas -4 to 8"
                            ),
                            span(vstart, e),
                            "invalid schema",
                        ));
                    }
                    schema = i32::try_from(v).ok();
                    e
                }
                "sum" | "zero_threshold" => {
                    let e = self.run(i, |c| c != b',' && c != b'}');
                    let token = &self.text[i..e];
                    let Some(v) = crate::scan::parse_value(token) else {
                        return Err(self.fail(
                            format!(
                                "invalid `{key}` `{}`: expected a number",
                                token.escape_debug()
                            ),
                            self.token_span(i, e),
                            "not a number",
                        ));
                    };
                    if key == "zero_threshold" {
                        if v.is_nan() || v < 0.0 {
                            return Err(self.fail(
                                "the zero threshold must be zero or positive".into(),
                                span(i, e),
                                "invalid threshold",
                            ));
                        }
                        threshold = Some(v);
                    } else {
                        sum = Some(v);
                    }
                    e
                }
                "positive_spans" | "negative_spans" => {
                    let (list, e) = self.spans(i, key)?;
                    let side = if key.starts_with('p') { &mut pos } else { &mut neg };
                    side.spans = Some((list, span(vstart, e)));
                    e
                }
                _ => {
                    let (list, e) = self.deltas(i, key)?;
                    let side = if key.starts_with('p') { &mut pos } else { &mut neg };
                    side.deltas = Some((list, span(vstart, e)));
                    e
                }
            };
            if i < close {
                i = self.expect(i, b',', "between native-histogram fields")?;
                if i == close {
                    return Err(self.fail(
                        "unexpected `,` before `}` in the native-histogram value".into(),
                        span(i - 1, i),
                        "trailing comma",
                    ));
                }
            } else if i > close {
                // A list ran past the `}` that was taken as the end.
                return Err(self.fail(
                    "the native-histogram value is not closed: expected `}`".into(),
                    span(open, i.min(self.end)),
                    "unclosed `{`",
                ));
            }
        }
        let whole = span(open, close + 1);
        let missing: Vec<&str> = [
            ("count", count.is_none()),
            ("sum", sum.is_none()),
            ("schema", schema.is_none()),
            ("zero_threshold", threshold.is_none()),
            ("zero_count", zero_count.is_none()),
        ]
        .iter()
        .filter(|(_, m)| *m)
        .map(|(k, _)| *k)
        .collect();
        if !missing.is_empty() {
            let list: Vec<String> = missing.iter().map(|k| format!("`{k}`")).collect();
            return Err(self.fail(
                format!("the native-histogram value lacks {}", list.join(", ")),
                whole,
                "incomplete native histogram",
            ));
        }
        let positive = self.side(pos, "positive", whole)?;
        let negative = self.side(neg, "negative", whole)?;
        let histogram = NativeHistogram {
            count: count.unwrap_or_default(),
            sum: sum.unwrap_or_default(),
            schema: schema.unwrap_or_default(),
            zero_threshold: threshold.unwrap_or_default(),
            zero_count: zero_count.unwrap_or_default(),
            positive_spans: positive.0,
            negative_spans: negative.0,
            positive_deltas: positive.1,
            negative_deltas: negative.1,
            span: whole,
        };
        Ok((histogram, close + 1))
    }

    /// Checks that one side's spans cover as many buckets as it has deltas.
    fn side(
        &self,
        side: Side,
        which: &str,
        whole: Span,
    ) -> Result<(Vec<BucketSpan>, Vec<i64>), Diagnostic> {
        let (spans, spans_at) = side.spans.unwrap_or((Vec::new(), whole));
        let (deltas, deltas_at) = side.deltas.unwrap_or((Vec::new(), whole));
        let buckets: u64 = spans.iter().map(|s| u64::from(s.length)).sum();
        if buckets != deltas.len() as u64 {
            return Err(error(
                codes::NATIVE_HISTOGRAM,
                format!(
                    "the {which} spans cover {buckets} bucket{} but there {} {} {which} delta{}",
                    if buckets == 1 { "" } else { "s" },
                    if deltas.len() == 1 { "is" } else { "are" },
                    deltas.len(),
                    if deltas.len() == 1 { "" } else { "s" },
                ),
                deltas_at,
                "deltas",
            )
            .with_label(spans_at, "spans"));
        }
        Ok((spans, deltas))
    }

    /// An integer at `i` (optionally signed); returns it and its end.
    fn integer(&self, i: usize, what: &str, signed: bool) -> Result<(i64, usize), Diagnostic> {
        let digits = if signed && i < self.end && self.b[i] == b'-' { i + 1 } else { i };
        let e = self.run(digits, |c| c.is_ascii_digit());
        let token_end = self.run(e, |c| !matches!(c, b',' | b'}' | b']' | b':'));
        let parsed =
            if e == digits || token_end != e { None } else { self.text[i..e].parse().ok() };
        match parsed {
            Some(v) => Ok((v, e)),
            None => {
                let kind = if signed { "an integer" } else { "a non-negative integer" };
                let shown = &self.text[i..token_end];
                let message = if shown.is_empty() {
                    format!("expected {kind} for `{what}`, found {}", found(self.text, i, self.end))
                } else {
                    format!("invalid `{what}` `{}`: expected {kind}", shown.escape_debug())
                };
                Err(self.fail(message, self.token_span(i, token_end), "not an integer"))
            }
        }
    }

    /// A list `[offset:length,…]` at `i`.
    fn spans(&self, i: usize, what: &str) -> Result<(Vec<BucketSpan>, usize), Diagnostic> {
        let mut i = self.expect(i, b'[', &format!("to open the `{what}` list"))?;
        let mut list = Vec::new();
        if i < self.end && self.b[i] == b']' {
            return Ok((list, i + 1));
        }
        loop {
            let (offset, e) = self.integer(i, "span offset", true)?;
            let e = self.expect(e, b':', "between a span's offset and length")?;
            let (length, e) = self.integer(e, "span length", false)?;
            let (Ok(offset), Ok(length)) = (i32::try_from(offset), u32::try_from(length)) else {
                return Err(self.fail("the span is out of range".into(), span(i, e), "too large"));
            };
            list.push(BucketSpan { offset, length });
            if e < self.end && self.b[e] == b']' {
                return Ok((list, e + 1));
            }
            i = self.expect(e, b',', &format!("or `]` in the `{what}` list"))?;
        }
    }

    /// A list `[delta,…]` at `i`.
    fn deltas(&self, i: usize, what: &str) -> Result<(Vec<i64>, usize), Diagnostic> {
        let mut i = self.expect(i, b'[', &format!("to open the `{what}` list"))?;
        let mut list = Vec::new();
        if i < self.end && self.b[i] == b']' {
            return Ok((list, i + 1));
        }
        loop {
            let (delta, e) = self.integer(i, "bucket delta", true)?;
            list.push(delta);
            if e < self.end && self.b[e] == b']' {
                return Ok((list, e + 1));
            }
            i = self.expect(e, b',', &format!("or `]` in the `{what}` list"))?;
        }
    }
}
