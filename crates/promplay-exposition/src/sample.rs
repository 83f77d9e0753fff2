//! The parser of one sample line, in either format.
//!
//! A sample line is `name{labels} value [timestamp] [# exemplar]`. The text
//! format allows blanks (spaces and tabs) between tokens and around label
//! set punctuation; OpenMetrics allows exactly one space before the value,
//! the timestamp and the exemplar, and nothing else. This function is the
//! hot path of a large scrape: it scans bytes, pushes label pairs straight
//! into the shared arena and borrows every string from the input unless it
//! contains an escape.

use crate::codes;
use crate::scan::{self, Escapes};
use crate::{Exemplar, LabelPair, Sample, Str};
use promplay_diagnostics::{Diagnostic, Span};

/// How to read a line: which format, and how strictly.
#[derive(Clone, Copy, Debug)]
pub(crate) struct LineMode {
    /// OpenMetrics rather than the text format.
    pub om: bool,
    /// The specifications' strictness rather than Prometheus' leniency.
    pub strict: bool,
    /// The Python client's extra leniency (text format only).
    pub lenient: bool,
    /// Whether experimental native-histogram values are read (OpenMetrics only).
    pub native: bool,
}

/// Builds a span from `usize` offsets (inputs are below 4 GiB).
#[inline]
pub(crate) fn span(start: usize, end: usize) -> Span {
    Span::from_range(start..end)
}

/// Describes what is at `i` for "found …" in messages.
pub(crate) fn found(text: &str, i: usize, end: usize) -> String {
    if i >= end {
        return "end of line".to_owned();
    }
    match text[i..].chars().next() {
        Some(' ') => "a space".to_owned(),
        Some('\t') => "a tab".to_owned(),
        Some('\0') => "a NUL byte".to_owned(),
        Some('`') => "a backtick".to_owned(),
        Some(c) => format!("`{c}`"),
        None => "end of line".to_owned(),
    }
}

/// The span of the character at `i` (empty at the end of the line).
pub(crate) fn char_span(text: &str, i: usize, end: usize) -> Span {
    if i >= end {
        return span(end, end);
    }
    let len = text[i..].chars().next().map_or(1, char::len_utf8);
    span(i, (i + len).min(end))
}

/// An error diagnostic with one primary label.
#[cold]
pub(crate) fn error(code: &'static str, message: String, at: Span, label: &str) -> Diagnostic {
    Diagnostic::error(code, message).with_label(at, label)
}

/// Parses the sample line `text[start..end]`, pushing its labels onto `arena`.
///
/// On error the arena is left as it was and the diagnostic is returned.
pub(crate) fn parse_sample<'a>(
    text: &'a str,
    start: usize,
    end: usize,
    mode: LineMode,
    arena: &mut Vec<LabelPair<'a>>,
) -> Result<Sample<'a>, Diagnostic> {
    let mark = arena.len();
    let result = SampleParser { text, bytes: text.as_bytes(), end, mode }.sample(start, arena);
    if result.is_err() {
        arena.truncate(mark);
    }
    result
}

struct SampleParser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    end: usize,
    mode: LineMode,
}

/// The metric name while a label set is read: it may come from inside the braces.
type NameSlot<'a> = Option<(Str<'a>, Span)>;

impl<'a> SampleParser<'a> {
    #[inline]
    fn blanks(&self, i: usize) -> usize {
        if self.mode.om { i } else { scan::skip_blanks(self.bytes, i, self.end) }
    }

    fn sample(
        &self,
        start: usize,
        arena: &mut Vec<LabelPair<'a>>,
    ) -> Result<Sample<'a>, Diagnostic> {
        let (b, end) = (self.bytes, self.end);
        let label_start = arena.len();
        let series_start = self.blanks(start);
        let mut i = series_start;
        let mut name: NameSlot<'a> = None;
        let mut braces = false;
        if i < end && scan::is_metric_start(b[i]) {
            let e = scan::metric_name_end(b, i + 1, end);
            name = Some((Str::Borrowed(&self.text[i..e]), span(i, e)));
            i = e;
            let j = self.blanks(i);
            if j < end && b[j] == b'{' {
                i = self.label_set(j, arena, Some(&mut name))?;
                braces = true;
            }
        } else if i < end && b[i] == b'{' {
            i = self.label_set(i, arena, Some(&mut name))?;
            braces = true;
        } else {
            let message = if i < end && b[i] == b'"' {
                "a quoted metric name must be inside braces: expected `{\"name\"}`".to_owned()
            } else {
                format!("expected a metric name, found {}", found(self.text, i, end))
            };
            return Err(error(codes::METRIC_NAME, message, char_span(self.text, i, end), "here").with_help(
                "metric names match `[a-zA-Z_:][a-zA-Z0-9_:]*`; other names are quoted inside the braces: `{\"my.metric\"}`",
            ));
        }
        let series_end = i;
        let Some((name, name_span)) = name else {
            return Err(error(
                codes::NAME_COUNT,
                "the sample has no metric name: give it before the braces or quoted inside them"
                    .into(),
                span(series_start, series_end),
                "no metric name in this series",
            ));
        };
        self.check_duplicates(&arena[label_start..])?;

        // The value.
        let vstart = if self.mode.om {
            self.single_space(i, "before the value")?
        } else {
            let j = scan::skip_blanks(b, i, end);
            if j == i && !braces || j >= end {
                let message = format!(
                    "expected a value after the metric name, found {}",
                    found(self.text, j, end)
                );
                return Err(error(
                    codes::INVALID_VALUE,
                    message,
                    char_span(self.text, j, end),
                    "here",
                ));
            }
            j
        };
        let mut native_histogram = None;
        let (vend, value) = if self.mode.om && b[vstart] == b'{' {
            // The Python client's experimental native-histogram value.
            if !self.mode.native {
                return Err(crate::native::disabled(self.text, vstart, end));
            }
            let (histogram, e) = crate::native::parse(self.text, vstart, end)?;
            native_histogram = Some(Box::new(histogram));
            (e, f64::NAN)
        } else {
            let vend = self.token_end(vstart);
            let value = self.number(vstart, vend, "sample value").map_err(|d| {
                if b[vstart] == b'{' && !self.mode.om {
                    d.with_help("native-histogram values (`{count:…,sum:…}`) are an experimental OpenMetrics extension; the text format has none")
                } else {
                    d
                }
            })?;
            (vend, value)
        };

        let mut sample = Sample {
            name,
            name_span,
            labels: label_start as u32..arena.len() as u32,
            series_span: span(series_start, series_end),
            value,
            value_span: span(vstart, vend),
            timestamp_ms: None,
            timestamp_span: None,
            created_ms: None,
            exemplar: None,
            native_histogram,
            span: span(start, end),
        };
        if self.mode.om {
            self.om_rest(vend, &mut sample)?;
        } else {
            self.text_rest(vend, &mut sample)?;
        }
        Ok(sample)
    }

    /// The end of a value or timestamp token starting at `i`.
    #[inline]
    fn token_end(&self, i: usize) -> usize {
        let rest = &self.bytes[i..self.end];
        let len = if self.mode.om {
            rest.iter().position(|&c| c == b' ')
        } else {
            rest.iter().position(|&c| c == b' ' || c == b'\t')
        };
        len.map_or(self.end, |n| i + n)
    }

    /// Expects exactly one space at `i` followed by a token; returns the token start.
    fn single_space(&self, i: usize, what: &str) -> Result<usize, Diagnostic> {
        let (b, end) = (self.bytes, self.end);
        if i >= end || b[i] != b' ' {
            let message = format!("expected a space {what}, found {}", found(self.text, i, end));
            return Err(error(
                codes::SEPARATOR,
                message,
                char_span(self.text, i, end),
                "expected ` `",
            ));
        }
        if i + 1 >= end {
            return Err(error(
                codes::SEPARATOR,
                format!("expected a token after the space {what}, found end of line"),
                span(i, i + 1),
                "trailing space",
            ));
        }
        if b[i + 1] == b' ' || b[i + 1] == b'\t' {
            return Err(error(
                codes::SEPARATOR,
                "OpenMetrics separates tokens by exactly one space".into(),
                span(i, scan::skip_blanks(b, i, end)),
                "more than one blank",
            )
            .with_help(
                "use a single space (or parse as the Prometheus text format, which allows more)",
            ));
        }
        Ok(i + 1)
    }

    fn number(&self, start: usize, end: usize, what: &str) -> Result<f64, Diagnostic> {
        let token = &self.text[start..end];
        scan::parse_value(token).ok_or_else(|| {
            let message = if token.is_empty() {
                format!("expected a {what}, found {}", found(self.text, start, self.end))
            } else {
                format!(
                    "invalid {what} `{}`: expected a number such as `1`, `2.5e-3`, `NaN` or `+Inf`",
                    token.escape_debug()
                )
            };
            error(
                codes::INVALID_VALUE,
                message,
                char_span_or(self.text, start, end, self.end),
                "not a number",
            )
        })
    }

    /// The rest of a text-format line after the value: `[timestamp]` and blanks.
    fn text_rest(&self, vend: usize, sample: &mut Sample<'a>) -> Result<(), Diagnostic> {
        let (b, end) = (self.bytes, self.end);
        let i = scan::skip_blanks(b, vend, end);
        if i >= end {
            return Ok(());
        }
        let tend = self.token_end(i);
        let token = &self.text[i..tend];
        if token.starts_with('#') {
            return Err(error(
                codes::INVALID_EXEMPLAR,
                "exemplars are only allowed in OpenMetrics, not in the Prometheus text format"
                    .into(),
                span(i, end),
                "exemplar",
            ));
        }
        let Some(ts) = scan::parse_int_timestamp(token) else {
            let message = format!(
                "invalid timestamp `{}`: the text format expects integer milliseconds since the epoch",
                token.escape_debug()
            );
            let mut d = error(codes::INVALID_TIMESTAMP, message, span(i, tend), "not an integer");
            if token.contains(['.', 'e', 'E']) && scan::parse_value(token).is_some() {
                d = d.with_help("timestamps in seconds are OpenMetrics; this text format wants `1395066363000`-style milliseconds");
            }
            return Err(d);
        };
        sample.timestamp_ms = Some(ts);
        sample.timestamp_span = Some(span(i, tend));
        let j = scan::skip_blanks(b, tend, end);
        if j < end {
            return Err(error(
                codes::TRAILING_TEXT,
                format!("unexpected text after the timestamp, found {}", found(self.text, j, end)),
                span(j, end),
                "expected end of line",
            ));
        }
        Ok(())
    }

    /// The rest of an OpenMetrics line after the value.
    fn om_rest(&self, vend: usize, sample: &mut Sample<'a>) -> Result<(), Diagnostic> {
        let (b, end) = (self.bytes, self.end);
        if vend >= end {
            return Ok(());
        }
        let mut i = self.single_space(vend, "after the value")?;
        if b[i] != b'#' {
            let tend = self.token_end(i);
            let token = &self.text[i..tend];
            let Some(ts) = scan::parse_seconds_timestamp(token) else {
                let message = format!(
                    "invalid timestamp `{}`: OpenMetrics expects seconds since the epoch, such as `1520879607.789`",
                    token.escape_debug()
                );
                return Err(error(
                    codes::INVALID_TIMESTAMP,
                    message,
                    span(i, tend),
                    "not a finite number",
                ));
            };
            sample.timestamp_ms = Some(ts);
            sample.timestamp_span = Some(span(i, tend));
            if tend >= end {
                return Ok(());
            }
            i = self.single_space(tend, "after the timestamp")?;
            if b[i] != b'#' {
                return Err(error(
                    codes::TRAILING_TEXT,
                    format!(
                        "expected an exemplar `# {{…}} value` after the timestamp, found {}",
                        found(self.text, i, end)
                    ),
                    span(i, end),
                    "unexpected text",
                ));
            }
        }
        sample.exemplar = Some(Box::new(self.exemplar(i)?));
        Ok(())
    }

    /// An exemplar starting at the `#` at `start`.
    fn exemplar(&self, start: usize) -> Result<Exemplar<'a>, Diagnostic> {
        let (b, end) = (self.bytes, self.end);
        if start + 2 >= end || b[start + 1] != b' ' || b[start + 2] != b'{' {
            return Err(error(
                codes::INVALID_EXEMPLAR,
                format!(
                    "expected an exemplar `# {{labels}} value`, found {}",
                    found(self.text, start + 1, end)
                ),
                span(start, end),
                "malformed exemplar",
            ));
        }
        let mut labels = Vec::new();
        let i = self.label_set(start + 2, &mut labels, None)?;
        self.check_duplicates(&labels)?;
        let vstart = self.single_space(i, "before the exemplar value")?;
        let vend = self.token_end(vstart);
        let value = self.number(vstart, vend, "exemplar value")?;
        let mut timestamp_ms = None;
        if vend < end {
            let tstart = self.single_space(vend, "before the exemplar timestamp")?;
            let tend = self.token_end(tstart);
            let token = &self.text[tstart..tend];
            let Some(ts) = scan::parse_seconds_timestamp(token) else {
                let message = format!(
                    "invalid exemplar timestamp `{}`: expected seconds since the epoch",
                    token.escape_debug()
                );
                return Err(error(
                    codes::INVALID_TIMESTAMP,
                    message,
                    span(tstart, tend),
                    "not a finite number",
                ));
            };
            timestamp_ms = Some(ts);
            if tend < end {
                return Err(error(
                    codes::TRAILING_TEXT,
                    "unexpected text after the exemplar timestamp".into(),
                    span(tend, end),
                    "expected end of line",
                ));
            }
        }
        Ok(Exemplar { labels, value, timestamp_ms, span: span(start, end) })
    }

    /// A label set whose `{` is at `open`; returns the offset after `}`.
    ///
    /// `name` is `None` for exemplars, where quoted metric names are not allowed.
    fn label_set(
        &self,
        open: usize,
        out: &mut Vec<LabelPair<'a>>,
        mut name: Option<&mut NameSlot<'a>>,
    ) -> Result<usize, Diagnostic> {
        let (b, end, text) = (self.bytes, self.end, self.text);
        let escapes =
            if self.mode.strict && !self.mode.om { Escapes::Strict } else { Escapes::Lenient };
        let mut i = open + 1;
        let mut after_comma = false;
        loop {
            i = self.blanks(i);
            if i >= end {
                return Err(error(
                    codes::EXPECTED_COMMA,
                    "the label set is not closed: expected `}`, found end of line".into(),
                    span(open, end),
                    "unclosed `{`",
                ));
            }
            if self.mode.lenient && i == self.blanks(open + 1) && b[i] == b',' {
                // `{,}`: an empty label set written with a lone comma.
                let j = self.blanks(i + 1);
                if j < end && b[j] == b'}' {
                    return Ok(j + 1);
                }
            }
            if b[i] == b'}' {
                if after_comma && self.mode.om && self.mode.strict {
                    return Err(error(
                        codes::TRAILING_COMMA,
                        "OpenMetrics does not allow a trailing comma in a label set".into(),
                        span(i - 1, i),
                        "remove this comma",
                    )
                    .with_help("the Prometheus text format allows it, OpenMetrics does not"));
                }
                return Ok(i + 1);
            }
            // A label name, or a quoted metric name.
            let lstart = i;
            let (lname, lspan, quoted) = if scan::is_label_start(b[i]) {
                let e = scan::label_name_end(b, i + 1, end);
                i = e;
                (Str::Borrowed(&text[lstart..e]), span(lstart, e), false)
            } else if b[i] == b'"' {
                let (e, esc) = self.quoted(i, "quoted name")?;
                i = e;
                (self.unescape(lstart + 1, e - 1, esc, escapes)?, span(lstart + 1, e - 1), true)
            } else {
                let message = if b[i] == b',' {
                    "unexpected `,`: expected a label name or `}`".to_owned()
                } else {
                    format!("expected a label name, found {}", found(text, i, end))
                };
                return Err(error(
                    codes::LABEL_NAME,
                    message,
                    char_span(text, i, end),
                    "expected a label name",
                ));
            };
            i = self.blanks(i);
            if quoted && i < end && (b[i] == b',' || b[i] == b'}') {
                let Some(slot) = name.as_deref_mut() else {
                    return Err(error(
                        codes::LABEL_NAME,
                        "expected `=` and a value after the exemplar label name".into(),
                        lspan,
                        "label without value",
                    ));
                };
                if let Some((first, _)) = slot {
                    let message =
                        format!("the metric name is given twice: `{first}` and `{lname}`");
                    return Err(error(codes::NAME_COUNT, message, lspan, "second metric name"));
                }
                *slot = Some((lname, lspan));
                after_comma = b[i] == b',';
                if after_comma {
                    i += 1;
                    if self.mode.om && self.mode.strict {
                        i = scan::skip_blanks(b, i, end);
                    }
                }
                continue;
            }
            if i >= end || b[i] != b'=' {
                let message = if quoted && name.is_some() {
                    format!(
                        "expected `=` after label name `{lname}`, or `,` or `}}` after a quoted metric name, found {}",
                        found(text, i, end)
                    )
                } else {
                    format!(
                        "expected `=` after label name `{lname}`, found {}",
                        found(text, i, end)
                    )
                };
                return Err(error(
                    codes::EXPECTED_EQUALS,
                    message,
                    char_span(text, i, end),
                    "expected `=`",
                ));
            }
            i = self.blanks(i + 1);
            if i >= end || b[i] != b'"' {
                let message = format!(
                    "expected a quoted label value after `{lname}=`, found {}",
                    found(text, i, end)
                );
                return Err(error(
                    codes::LABEL_VALUE,
                    message,
                    char_span(text, i, end),
                    "expected `\"`",
                )
                .with_help(format!("label values are quoted with `\"`: `{lname}=\"value\"`")));
            }
            let vstart = i;
            let (e, esc) = self.quoted(i, "label value")?;
            i = e;
            let value = self.unescape(vstart + 1, e - 1, esc, escapes)?;
            if lname == "__name__" && name.is_some() {
                if self.mode.strict && !self.mode.om {
                    return Err(error(
                        codes::RESERVED_LABEL,
                        "label name `__name__` is reserved: write the metric name before the braces".into(),
                        lspan,
                        "reserved",
                    ));
                }
                let slot = name.as_deref_mut().expect("checked above");
                if let Some((first, _)) = slot {
                    let message = format!(
                        "the metric name is given twice: `{first}` and `__name__=\"{value}\"`"
                    );
                    return Err(error(codes::NAME_COUNT, message, lspan, "second metric name"));
                }
                *slot = Some((value, span(vstart + 1, e - 1)));
            } else {
                out.push(LabelPair {
                    name: lname,
                    value,
                    name_span: lspan,
                    value_span: span(vstart, e),
                });
            }
            i = self.blanks(i);
            after_comma = false;
            if i < end && b[i] == b',' {
                i += 1;
                after_comma = true;
                if self.mode.om && self.mode.strict {
                    // The reference parser (Python's) allows spaces after a comma.
                    i = scan::skip_blanks(b, i, end);
                }
            } else if i < end && b[i] == b'}' {
                continue;
            } else if self.mode.om
                || self.mode.strict
                || i >= end
                || !(scan::is_label_start(b[i]) || b[i] == b'"')
            {
                let message = format!(
                    "expected `,` or `}}` after the label value, found {}",
                    found(text, i, end)
                );
                return Err(error(
                    codes::EXPECTED_COMMA,
                    message,
                    char_span(text, i, end),
                    "expected `,` or `}`",
                ));
            }
            // Prometheus' text parser accepts label pairs without a comma
            // between them (upstream calls it unintended); so do we.
        }
    }

    /// Scans a quoted string at `i`, with an error for an unterminated one.
    #[inline(always)]
    fn quoted(&self, i: usize, what: &str) -> Result<(usize, bool), Diagnostic> {
        scan::scan_quoted(self.bytes, i, self.end).map_err(|_| {
            error(
                codes::UNTERMINATED_STRING,
                format!("the {what} is not terminated: expected a closing `\"` before the end of the line"),
                span(i, self.end),
                "unterminated string",
            )
        })
    }

    /// The unescaped contents `text[start..end]` of a quoted string.
    #[inline(always)]
    fn unescape(
        &self,
        start: usize,
        end: usize,
        escaped: bool,
        mode: Escapes,
    ) -> Result<Str<'a>, Diagnostic> {
        let inner = &self.text[start..end];
        if !escaped {
            return Ok(Str::Borrowed(inner));
        }
        scan::unescape(inner, mode).map(Str::from).map_err(|at| {
            let at = start + at;
            let seq = &self.text
                [at..self.text[at + 1..].chars().next().map_or(at + 1, |c| at + 1 + c.len_utf8())];
            error(
                codes::INVALID_ESCAPE,
                format!(
                    "invalid escape sequence `{seq}`: only `\\\\`, `\\\"` and `\\n` are allowed"
                ),
                span(at, at + seq.len()),
                "unknown escape",
            )
        })
    }

    /// Rejects a label set that names the same label twice.
    fn check_duplicates(&self, labels: &[LabelPair<'a>]) -> Result<(), Diagnostic> {
        if labels.len() > 16 {
            // Long label sets: sort instead of comparing every pair.
            let mut order: Vec<usize> = (0..labels.len()).collect();
            order.sort_by(|&a, &b| labels[a].name.cmp(&labels[b].name).then(a.cmp(&b)));
            let dup = order
                .windows(2)
                .filter(|w| labels[w[0]].name == labels[w[1]].name)
                .min_by_key(|w| w[1]);
            return match dup {
                None => Ok(()),
                Some(w) => Err(Self::duplicate(&labels[w[0]], &labels[w[1]])),
            };
        }
        for (n, pair) in labels.iter().enumerate().skip(1) {
            if let Some(first) = labels[..n].iter().find(|p| p.name == pair.name) {
                return Err(Self::duplicate(first, pair));
            }
        }
        Ok(())
    }

    /// The diagnostic for a label name given twice.
    #[cold]
    fn duplicate(first: &LabelPair<'a>, pair: &LabelPair<'a>) -> Diagnostic {
        Diagnostic::error(
            codes::DUPLICATE_LABEL,
            format!("label `{}` is given twice in one label set", pair.name),
        )
        .with_label(pair.name_span, "second occurrence")
        .with_label(first.name_span, "first occurrence")
    }
}

/// The span of a token, or of the character at `start` when the token is empty.
fn char_span_or(text: &str, start: usize, end: usize, line_end: usize) -> Span {
    if end > start { span(start, end) } else { char_span(text, start, line_end) }
}
