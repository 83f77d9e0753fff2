//! The promqltest load notation: series descriptions such as
//! `http_requests{job="api"} 0+10x100 _ _x3 stale 1x4 -2.5 Inf` and native
//! histogram literals `{{schema:0 sum:5 count:4 buckets:[1 2 1]}}`, turned
//! into samples. It is both what the conformance scripts' `load` blocks hold
//! and the format of the web's series editor.
//!
//! Parsing never panics and never stops at the first problem: every line is
//! parsed on its own, and a bad line yields a diagnostic whose span points
//! into the exact input. The notation follows Prometheus' series-description
//! grammar (`promql/parser/generated_parser.y`) and the start-timestamp lines
//! of its test runner (`promql/promqltest/test.go`).

pub(crate) mod histogram;
mod nhcb;
mod time;

use crate::Storage;
use crate::value::{FloatHistogram, SampleValue};
use promplay_diagnostics::{Diagnostic, Span};
use promplay_model::{Labels, METRIC_NAME_LABEL, STALE_NAN_BITS, TimestampMs};

pub use nhcb::classic_to_nhcb;
pub use time::{parse_duration_ms, parse_start_timestamps};

/// The diagnostic codes of the load notation (`PQL09xx`), stable once shipped.
pub mod codes {
    /// The metric part of a series line is malformed.
    pub const METRIC: &str = "PQL0901";
    /// A quoted string is malformed (unterminated or with a bad escape).
    pub const STRING: &str = "PQL0902";
    /// A value item is malformed.
    pub const VALUE: &str = "PQL0903";
    /// A native histogram literal is malformed.
    pub const HISTOGRAM: &str = "PQL0904";
    /// A `load` header or its interval is malformed.
    pub const HEADER: &str = "PQL0905";
    /// A start-timestamp (`@st`) line is malformed or does not fit its sample line.
    pub const START_TIMESTAMP: &str = "PQL0906";
    /// A series was given more than once in one load block (the later line wins).
    pub const DUPLICATE: &str = "PQL0907";
    /// A classic histogram could not be converted to a native one.
    pub const NHCB: &str = "PQL0908";
    /// The text describes more samples in all than one load may hold.
    pub const TOO_MANY_SAMPLES: &str = "PQL0909";
}

/// One position of an expanded value sequence.
#[derive(Clone, Debug, PartialEq)]
pub enum SeqValue {
    /// `_`: no sample at this position.
    Omitted,
    /// A float sample (possibly the staleness marker).
    Float(f64),
    /// A native histogram sample; `hint_set` says whether the literal spelled
    /// out `counter_reset_hint:` (the test runner compares the hint only then).
    Histogram {
        /// The histogram.
        h: Box<FloatHistogram>,
        /// Whether the counter-reset hint was written explicitly.
        hint_set: bool,
    },
}

/// A parsed series description: the series' labels and its expanded values.
#[derive(Clone, Debug, PartialEq)]
pub struct SeriesDescription {
    /// The label set, `__name__` included.
    pub labels: Labels,
    /// One entry per position.
    pub values: Vec<SeqValue>,
}

/// One sample ready for the store.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadedSample {
    /// Milliseconds since the epoch.
    pub t: TimestampMs,
    /// The value.
    pub value: SampleValue,
    /// The start ("created") timestamp, when an `@st` line gave one.
    pub st: Option<TimestampMs>,
}

/// One series of a load: its labels, where it was written, and its samples.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadedSeries {
    /// The label set.
    pub labels: Labels,
    /// The span of the defining line in the input.
    pub span: Span,
    /// Samples sorted by time.
    pub samples: Vec<LoadedSample>,
}

/// The result of parsing load-notation text.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Loaded {
    /// Every well-formed series, in input order.
    pub series: Vec<LoadedSeries>,
    /// Problems, with spans into the input.
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    /// The number of samples over all series.
    pub fn sample_count(&self) -> usize {
        self.series.iter().map(|s| s.samples.len()).sum()
    }
}

/// Parses one series description line (`metric{a="b"} 1 2 _ 3x4`).
///
/// Spans in the error are byte offsets into `line`.
pub fn parse_series_description(line: &str) -> Result<SeriesDescription, Diagnostic> {
    let mut cur = Cursor { s: line, pos: 0 };
    let labels = parse_metric(&mut cur)?;
    let values = parse_values(&mut cur)?;
    Ok(SeriesDescription { labels, values })
}

/// Parses load-notation text: series lines, optionally grouped under
/// `load <interval>` / `load_with_nhcb <interval>` headers (each header
/// starts again at t = 0, as in the test scripts), `#` comments and blank
/// lines. Lines before any header use `default_interval_ms`.
pub fn parse_load(text: &str, default_interval_ms: i64) -> Loaded {
    parse_load_capped(text, default_interval_ms, MAX_TOTAL_POSITIONS)
}

/// [`parse_load`] with the total expansion capped at `max_total` positions
/// (a parameter so the tests can reach the cap cheaply).
fn parse_load_capped(text: &str, default_interval_ms: i64, max_total: usize) -> Loaded {
    let mut out = Loaded::default();
    let mut block = Block { interval_ms: default_interval_ms, nhcb: false, first: 0 };
    let mut pending_st: Option<(Labels, Vec<Option<i64>>, Span)> = None;
    let mut offset = 0usize;
    let mut total_positions = 0usize;
    for raw in text.split('\n') {
        let line_start = offset;
        offset += raw.len() + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let lead = raw.len() - raw.trim_start().len();
        let base = line_start + lead;
        let span = Span::from_range(base..base + trimmed.len());
        let word = trimmed.split_whitespace().next().unwrap_or("");
        if word.starts_with("load")
            && !trimmed[word.len()..].trim().is_empty()
            && !word.contains(['{', '"'])
        {
            flush_st(&mut out, &mut pending_st);
            finish_block(&mut out, &block);
            match parse_header(trimmed) {
                Ok((interval_ms, nhcb)) => {
                    block = Block { interval_ms, nhcb, first: out.series.len() };
                }
                Err(message) => out.diagnostics.push(
                    Diagnostic::error(codes::HEADER, message)
                        .with_label(span, "here")
                        .with_help("write `load <interval>`, e.g. `load 15s` or `load 1m`"),
                ),
            }
            continue;
        }
        if let Some((metric_text, st_text)) = split_st_line(trimmed) {
            flush_st(&mut out, &mut pending_st);
            let metric_span = Span::from_range(base..base + metric_text.len());
            let mut cur = Cursor { s: metric_text, pos: 0 };
            let parsed = parse_metric(&mut cur).and_then(|l| {
                cur.skip_ws();
                if cur.done() {
                    Ok(l)
                } else {
                    Err(cur.err(codes::METRIC, "unexpected text after the metric"))
                }
            });
            let st_base = base + (trimmed.len() - st_text.len());
            match parsed {
                Err(d) => out.diagnostics.push(shift(d, base)),
                Ok(labels) => match parse_start_timestamps(st_text) {
                    Ok(vals) => pending_st = Some((labels, vals, metric_span)),
                    Err(d) => out.diagnostics.push(shift(d, st_base)),
                },
            }
            continue;
        }
        match parse_series_description(trimmed) {
            Err(d) => {
                pending_st = None;
                out.diagnostics.push(shift(d, base));
            }
            Ok(desc) if total_positions.saturating_add(desc.values.len()) > max_total => {
                // Each line is capped by MAX_EXPANSION, but a thousand capped
                // lines would still exhaust the tab's memory: stop adding.
                pending_st = None;
                out.diagnostics.push(
                    Diagnostic::error(
                        codes::TOO_MANY_SAMPLES,
                        format!(
                            "this line would bring the series to more than {} samples in all; \
                             it and later lines beyond the limit are not loaded",
                            thousands(max_total)
                        ),
                    )
                    .with_label(span, format!("{} more samples", thousands(desc.values.len())))
                    .with_help("use fewer or shorter series, e.g. a smaller `x<count>` repeat"),
                );
            }
            Ok(desc) => {
                total_positions += desc.values.len();
                let st = match pending_st.take() {
                    Some((labels, vals, st_span)) => {
                        if labels != desc.labels {
                            out.diagnostics.push(
                                Diagnostic::error(codes::START_TIMESTAMP, "the @st line's metric does not match the following sample line")
                                    .with_label(st_span, "start timestamps for this series")
                                    .with_label(span, "but this line describes another series"),
                            );
                            None
                        } else if vals.len() != desc.values.len() {
                            out.diagnostics.push(
                                Diagnostic::error(
                                    codes::START_TIMESTAMP,
                                    format!(
                                        "the @st line has {} values but the sample line has {}",
                                        vals.len(),
                                        desc.values.len()
                                    ),
                                )
                                .with_label(st_span, "start timestamps")
                                .with_label(span, "samples"),
                            );
                            None
                        } else {
                            Some(vals)
                        }
                    }
                    None => None,
                };
                push_series(&mut out, &block, desc, st.as_deref(), span);
            }
        }
    }
    flush_st(&mut out, &mut pending_st);
    finish_block(&mut out, &block);
    out
}

/// Parses load-notation text (see [`parse_load`]) and adds its samples to
/// `storage`; returns the diagnostics. Lines with errors add nothing.
pub fn load(storage: &mut Storage, text: &str, default_interval_ms: i64) -> Vec<Diagnostic> {
    let loaded = parse_load(text, default_interval_ms);
    add_to_storage(storage, &loaded);
    loaded.diagnostics
}

/// Adds every sample of `loaded` to `storage` (a sample at an existing
/// timestamp replaces the stored one).
pub fn add_to_storage(storage: &mut Storage, loaded: &Loaded) {
    for s in &loaded.series {
        for sample in &s.samples {
            storage.add_with_start(s.labels.clone(), sample.t, sample.value.clone(), sample.st);
        }
    }
}

/// The staleness marker as a float.
pub fn stale_nan() -> f64 {
    f64::from_bits(STALE_NAN_BITS)
}

/// The most positions one item may expand to; beyond this a typo like
/// `1x100000000` would exhaust memory instead of producing an error.
const MAX_EXPANSION: usize = 10_000_000;

/// The most positions all series lines of one text may expand to together
/// (about 0.5 GB of samples): the series editor's whole store.
const MAX_TOTAL_POSITIONS: usize = 20_000_000;

/// `n` with thousands separators, as the messages print counts.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

struct Block {
    interval_ms: i64,
    nhcb: bool,
    first: usize,
}

fn parse_header(line: &str) -> Result<(i64, bool), String> {
    let mut words = line.split_whitespace();
    let cmd = words.next().unwrap_or("");
    let nhcb = match cmd {
        "load" => false,
        "load_with_nhcb" => true,
        _ => return Err(format!("unknown command `{cmd}`; expected `load` or `load_with_nhcb`")),
    };
    let interval = words.next().unwrap_or("");
    if let Some(extra) = words.next() {
        return Err(format!("unexpected `{extra}` after the load interval"));
    }
    match parse_duration_ms(interval) {
        Some(ms) if ms > 0 => Ok((ms, nhcb)),
        Some(_) => Err("the load interval must be greater than zero".to_owned()),
        None => Err(format!("invalid load interval `{interval}`")),
    }
}

fn finish_block(out: &mut Loaded, block: &Block) {
    if block.nhcb {
        let (converted, diags) = classic_to_nhcb(&out.series[block.first..]);
        out.series.extend(converted);
        out.diagnostics.extend(diags);
    }
}

fn flush_st(out: &mut Loaded, pending: &mut Option<(Labels, Vec<Option<i64>>, Span)>) {
    if let Some((_, _, span)) = pending.take() {
        out.diagnostics.push(
            Diagnostic::error(codes::START_TIMESTAMP, "@st line has no following sample line")
                .with_label(span, "start timestamps for nothing")
                .with_help(
                    "an `@st` line gives the start timestamps of the series line right below it",
                ),
        );
    }
}

fn push_series(
    out: &mut Loaded,
    block: &Block,
    desc: SeriesDescription,
    st: Option<&[Option<i64>]>,
    span: Span,
) {
    let mut samples = Vec::new();
    for (k, v) in desc.values.into_iter().enumerate() {
        let t = (k as i64).saturating_mul(block.interval_ms);
        let value = match v {
            SeqValue::Omitted => continue,
            SeqValue::Float(f) => SampleValue::Float(f),
            SeqValue::Histogram { h, .. } => SampleValue::Histogram(h),
        };
        let st = st.and_then(|s| s[k]).map(|d| t + d);
        samples.push(LoadedSample { t, value, st });
    }
    // Upstream keeps one definition per series and load; the later line wins.
    if let Some(prev) = out.series[block.first..].iter_mut().find(|s| s.labels == desc.labels) {
        out.diagnostics.push(
            Diagnostic::warning(
                codes::DUPLICATE,
                format!("series {} is defined twice in this load block", desc.labels),
            )
            .with_label(span, "this definition replaces")
            .with_label(prev.span, "this one"),
        );
        prev.samples = samples;
        prev.span = span;
        return;
    }
    out.series.push(LoadedSeries { labels: desc.labels, span, samples });
}

/// Splits `metric@st values` into its metric and value parts.
fn split_st_line(line: &str) -> Option<(&str, &str)> {
    let ws = line.find([' ', '\t'])?;
    let metric = line[..ws].strip_suffix("@st")?;
    Some((metric, line[ws..].trim()))
}

fn shift(mut d: Diagnostic, by: usize) -> Diagnostic {
    let by = by as u32;
    for l in &mut d.labels {
        l.span = Span::new(l.span.start + by, l.span.end + by);
    }
    d
}

/// A byte cursor over one line.
pub(crate) struct Cursor<'a> {
    pub(crate) s: &'a str,
    pub(crate) pos: usize,
}

impl Cursor<'_> {
    pub(crate) fn peek(&self) -> Option<u8> {
        self.s.as_bytes().get(self.pos).copied()
    }

    pub(crate) fn rest(&self) -> &str {
        &self.s[self.pos..]
    }

    pub(crate) fn done(&self) -> bool {
        self.pos >= self.s.len()
    }

    pub(crate) fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\r')) {
            self.pos += 1;
        }
    }

    pub(crate) fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    pub(crate) fn err(&self, code: &'static str, message: impl Into<String>) -> Diagnostic {
        let end = self.s[self.pos..].chars().next().map_or(self.pos, |c| self.pos + c.len_utf8());
        let message = with_found(message.into(), self.word_at(self.pos));
        Diagnostic::error(code, message).with_label(Span::from_range(self.pos..end), "here")
    }

    /// The whitespace-delimited word starting at `pos` (empty at the end).
    fn word_at(&self, pos: usize) -> &str {
        let rest = self.s.get(pos..).unwrap_or("");
        let end = rest.find([' ', '\t']).unwrap_or(rest.len());
        &rest[..end]
    }

    pub(crate) fn err_at(
        &self,
        start: usize,
        code: &'static str,
        message: impl Into<String>,
    ) -> Diagnostic {
        let word = self.word_at(start);
        let end = (start + word.len()).max(self.pos).min(self.s.len()).max(start);
        let message = with_found(message.into(), word);
        Diagnostic::error(code, message).with_label(Span::from_range(start..end), "here")
    }

    /// An identifier `[a-zA-Z_:][a-zA-Z0-9_:]*` (colons only when `colons`).
    fn ident(&mut self, colons: bool) -> Option<&str> {
        let start = self.pos;
        let b = self.s.as_bytes();
        while self.pos < b.len() {
            let c = b[self.pos];
            let ok = c.is_ascii_alphabetic()
                || c == b'_'
                || (colons && c == b':')
                || (self.pos > start && c.is_ascii_digit());
            if !ok {
                break;
            }
            self.pos += 1;
        }
        (self.pos > start).then(|| &self.s[start..self.pos])
    }

    /// A quoted string in any of PromQL's three quote styles, unescaped.
    fn string(&mut self) -> Result<String, Diagnostic> {
        let start = self.pos;
        match unquote_prefix(self.rest()) {
            Ok((value, len)) => {
                self.pos += len;
                Ok(value)
            }
            Err(message) => {
                // Underline the string up to the end of its word (or line).
                let rest = &self.s[start..];
                let len = rest.find(['\n']).unwrap_or(rest.len());
                let len = rest[1..len].find(['"', '\'', '`', ' ']).map_or(len, |i| i + 2).min(len);
                Err(Diagnostic::error(codes::STRING, message)
                    .with_label(Span::from_range(start..start + len.max(1)), "this string"))
            }
        }
    }
}

/// Appends what was found to an "expected …" message, as compilers do.
fn with_found(message: String, word: &str) -> String {
    if !message.starts_with("expected") && !message.starts_with("invalid value") {
        return message;
    }
    if word.is_empty() {
        return format!("{message}, found the end of the line");
    }
    let shown: String = word.chars().take(24).collect();
    let more = if shown.len() < word.len() { "…" } else { "" };
    format!("{message}, found `{shown}{more}`")
}

/// Unquotes the PromQL string literal at the start of `s` (`"…"`, `'…'`
/// with Go escapes, or a raw back-quoted string) with the parser's
/// `unquote_string`; returns the value and the number of bytes consumed.
pub fn unquote_prefix(s: &str) -> Result<(String, usize), String> {
    let quote = s.chars().next().ok_or("expected a quoted string")?;
    if !matches!(quote, '"' | '\'' | '`') {
        return Err("expected a quoted string".to_owned());
    }
    let mut escaped = false;
    let mut end = None;
    for (i, c) in s.char_indices().skip(1) {
        if c == '\n' {
            break;
        }
        if escaped {
            escaped = false;
        } else if c == '\\' && quote != '`' {
            escaped = true;
        } else if c == quote {
            end = Some(i + 1);
            break;
        }
    }
    let end = end.ok_or("unterminated string")?;
    let value = promplay_promql_syntax::unquote_string(&s[..end]).map_err(|e| {
        // Name the offending escape when there is one; the parser says Go's "invalid syntax".
        let bad = s[..end].match_indices('\\').find_map(|(i, _)| {
            let next = s[i + 1..].chars().next()?;
            (!"abfnrtvxuU01234567\\'\"`".contains(next)).then(|| format!("\\{next}"))
        });
        match bad {
            Some(esc) if quote != '`' => format!("unknown escape sequence `{esc}` in a string"),
            _ => format!("invalid string: {e}"),
        }
    })?;
    Ok((value, end))
}

/// `name`, `name{…}` or `{…}`.
fn parse_metric(cur: &mut Cursor<'_>) -> Result<Labels, Diagnostic> {
    let mut labels = Labels::new();
    let start = cur.pos;
    if let Some(name) = cur.ident(true) {
        labels.set(METRIC_NAME_LABEL, name);
    }
    if cur.eat(b'{') {
        loop {
            cur.skip_ws();
            if cur.eat(b'}') {
                break;
            }
            let at = cur.pos;
            let quoted = matches!(cur.peek(), Some(b'"' | b'\'' | b'`'));
            let name = if quoted {
                cur.string()?
            } else {
                match cur.ident(false) {
                    Some(n) => n.to_owned(),
                    None => return Err(cur.err(codes::METRIC, "expected a label name or `}`")),
                }
            };
            cur.skip_ws();
            if quoted && matches!(cur.peek(), Some(b',' | b'}')) {
                // A lone quoted string is the metric name (`{"my.metric"}`).
                if labels.get(METRIC_NAME_LABEL).is_some() {
                    return Err(cur.err_at(at, codes::METRIC, "the metric name is given twice"));
                }
                labels.set(METRIC_NAME_LABEL, name);
            } else {
                if !cur.eat(b'=') {
                    return Err(
                        cur.err(codes::METRIC, format!("expected `=` after label name `{name}`"))
                    );
                }
                if matches!(cur.peek(), Some(b'~')) {
                    return Err(
                        cur.err(codes::METRIC, "only `=` makes sense in a series description")
                    );
                }
                cur.skip_ws();
                let value = cur.string()?;
                if name == METRIC_NAME_LABEL && labels.get(METRIC_NAME_LABEL).is_some() {
                    return Err(cur.err_at(at, codes::METRIC, "the metric name is given twice"));
                }
                if labels.get(&name).is_some() {
                    return Err(cur.err_at(
                        at,
                        codes::METRIC,
                        format!("label `{name}` is given twice"),
                    ));
                }
                labels.set(name, value);
            }
            cur.skip_ws();
            if cur.eat(b',') {
                continue;
            }
            if cur.eat(b'}') {
                break;
            }
            return Err(cur.err(codes::METRIC, "expected `,` or `}` in the label set"));
        }
    }
    if cur.pos == start {
        return Err(cur.err(codes::METRIC, "expected a metric name or a label set `{…}`"));
    }
    Ok(labels)
}

fn parse_values(cur: &mut Cursor<'_>) -> Result<Vec<SeqValue>, Diagnostic> {
    let mut out = Vec::new();
    let at_metric_end = cur.pos;
    cur.skip_ws();
    if cur.pos == at_metric_end && !cur.done() {
        return Err(cur.err(codes::VALUE, "expected a space between the metric and its values"));
    }
    while !cur.done() {
        parse_item(cur, &mut out)?;
        if out.len() > MAX_EXPANSION {
            return Err(cur.err(codes::VALUE, "too many values in one line"));
        }
        let end = cur.pos;
        cur.skip_ws();
        if cur.pos == end && !cur.done() {
            return Err(cur.err(codes::VALUE, "expected a space between values"));
        }
    }
    Ok(out)
}

fn parse_item(cur: &mut Cursor<'_>, out: &mut Vec<SeqValue>) -> Result<(), Diagnostic> {
    let start = cur.pos;
    if cur.rest().starts_with("{{") {
        let (base, base_hint) = histogram::parse_literal(cur)?;
        if cur.eat(b'x') {
            let n = times(cur)?;
            out.extend(
                (0..=n).map(|_| SeqValue::Histogram { h: base.clone(), hint_set: base_hint }),
            );
            return Ok(());
        }
        if matches!(cur.peek(), Some(b'+' | b'-')) {
            let sub = cur.peek() == Some(b'-');
            cur.pos += 1;
            if !cur.rest().starts_with("{{") {
                return Err(cur.err(
                    codes::HISTOGRAM,
                    "expected a histogram literal `{{…}}` as the increment",
                ));
            }
            let inc_at = cur.pos;
            let (inc, inc_hint) = histogram::parse_literal(cur)?;
            if !cur.eat(b'x') {
                return Err(
                    cur.err(codes::HISTOGRAM, "expected `x<count>` after the histogram increment")
                );
            }
            let n = times(cur)?;
            let mut h = base;
            out.push(SeqValue::Histogram { h: h.clone(), hint_set: inc_hint });
            for _ in 0..n {
                *h = histogram::combine(&h, &inc, sub)
                    .map_err(|m| cur.err_at(inc_at, codes::HISTOGRAM, m))?;
                out.push(SeqValue::Histogram { h: h.clone(), hint_set: inc_hint });
            }
            return Ok(());
        }
        out.push(SeqValue::Histogram { h: base, hint_set: base_hint });
        return Ok(());
    }
    if cur.eat(b'_') {
        if cur.eat(b'x') {
            let n = times(cur)?;
            out.extend(std::iter::repeat_n(SeqValue::Omitted, n));
        } else {
            out.push(SeqValue::Omitted);
        }
        return Ok(());
    }
    let value = if cur.rest().starts_with("stale") {
        cur.pos += 5;
        stale_nan()
    } else {
        signed_number(cur)?
    };
    match cur.peek() {
        Some(b'x') => {
            cur.pos += 1;
            let n = times(cur)?;
            out.extend((0..=n).map(|_| SeqValue::Float(value)));
        }
        Some(b'+' | b'-') => {
            let step = signed_number(cur)?;
            if !cur.eat(b'x') {
                return Err(cur.err(
                    codes::VALUE,
                    "expected `x<count>` after the increment (as in `0+10x5`)",
                ));
            }
            let n = times(cur)?;
            let mut v = value;
            for _ in 0..=n {
                out.push(SeqValue::Float(v));
                v += step;
            }
        }
        None | Some(b' ' | b'\t' | b'\r') => out.push(SeqValue::Float(value)),
        Some(_) => {
            return Err(cur.err_at(
                start,
                codes::VALUE,
                "invalid value; expected a number, `_`, `stale` or `{{…}}`",
            ));
        }
    }
    Ok(())
}

/// The `N` of `xN`.
fn times(cur: &mut Cursor<'_>) -> Result<usize, Diagnostic> {
    let start = cur.pos;
    while matches!(cur.peek(), Some(b'0'..=b'9')) {
        cur.pos += 1;
    }
    let n: usize = cur.s[start..cur.pos]
        .parse()
        .map_err(|_| cur.err(codes::VALUE, "expected a repeat count after `x`"))?;
    if n > MAX_EXPANSION {
        return Err(cur.err_at(start, codes::VALUE, format!("repeat count {n} is too large")));
    }
    Ok(n)
}

/// A number as the series-description lexer reads it: optional sign, then a
/// decimal with optional fraction and exponent, or `Inf`/`NaN` in any case.
/// Hexadecimal is not allowed here (`0x5` means zero repeated).
pub(crate) fn signed_number(cur: &mut Cursor<'_>) -> Result<f64, Diagnostic> {
    let start = cur.pos;
    let neg = match cur.peek() {
        Some(b'-') => {
            cur.pos += 1;
            true
        }
        Some(b'+') => {
            cur.pos += 1;
            false
        }
        _ => false,
    };
    let rest = cur.rest();
    for word in ["inf", "nan"] {
        if rest.len() >= 3 && rest[..3].eq_ignore_ascii_case(word) {
            let after = rest.as_bytes().get(3);
            if !after.is_some_and(|c| c.is_ascii_alphanumeric() && *c != b'x') {
                cur.pos += 3;
                let v = if word == "inf" { f64::INFINITY } else { f64::NAN };
                return Ok(if neg { -v } else { v });
            }
        }
    }
    let b = cur.s.as_bytes();
    let num_start = cur.pos;
    while cur.pos < b.len() && (b[cur.pos].is_ascii_digit() || b[cur.pos] == b'.') {
        cur.pos += 1;
    }
    if cur.pos > num_start && matches!(cur.peek(), Some(b'e' | b'E')) {
        let save = cur.pos;
        cur.pos += 1;
        if matches!(cur.peek(), Some(b'+' | b'-')) {
            cur.pos += 1;
        }
        let exp_start = cur.pos;
        while matches!(cur.peek(), Some(b'0'..=b'9')) {
            cur.pos += 1;
        }
        if cur.pos == exp_start {
            cur.pos = save;
        }
    }
    let text = &cur.s[num_start..cur.pos];
    let v: f64 =
        text.parse().ok().filter(|_| !text.is_empty() && text != ".").ok_or_else(|| {
            cur.err_at(start, codes::VALUE, "expected a number, `_`, `stale` or `{{…}}`")
        })?;
    Ok(if neg { -v } else { v })
}

#[cfg(test)]
mod tests;
