//! The driver: splits the input into lines, parses each one and groups the
//! results into metric families.
//!
//! Errors are per line: a bad line becomes a diagnostic and is skipped, and
//! parsing goes on with the next line so every problem shows at once.
//! Family-level rules that only the strict mode enforces are delegated to
//! [`crate::om_strict`] (OpenMetrics) and [`crate::text_strict`] (Go's
//! `expfmt` for the text format).

use crate::codes;
use crate::meta::{HashLine, Meta, MetaKind, parse_hash_line};
use crate::om_strict::OmChecker;
use crate::sample::{LineMode, error, parse_sample, span};
use crate::scan::{self, Escapes};
use crate::text_strict::TextChecker;
use crate::{
    Comment, Family, Format, MetricType, ParseOptions, Parsed, Sample, Spanned, Str, Strictness,
};
use promplay_diagnostics::Diagnostic;
use std::borrow::Cow;
use std::collections::HashMap;

/// Detects the format: OpenMetrics when a line is exactly `# EOF`, starts
/// with `# UNIT `, or declares an OpenMetrics-only type; else the text format.
pub fn detect(text: &str) -> Format {
    let trimmed = text.trim_end_matches(['\n', ' ', '\t', '\r']);
    if trimmed.ends_with("\n# EOF") || trimmed == "# EOF" {
        return Format::OpenMetrics;
    }
    for line in text.split('\n').filter(|l| l.starts_with("# ")) {
        if line == "# EOF" || line.starts_with("# UNIT ") {
            return Format::OpenMetrics;
        }
        if let Some(rest) = line.strip_prefix("# TYPE ")
            && let Some(kind) = rest.rsplit(' ').next()
            && matches!(kind, "info" | "stateset" | "unknown")
        {
            return Format::OpenMetrics;
        }
    }
    Format::Prometheus
}

/// Parses `text` as `options` say.
pub(crate) fn parse_text<'a>(text: &'a str, options: &ParseOptions) -> Parsed<'a> {
    let format = options.format.unwrap_or_else(|| detect(text));
    let om = format == Format::OpenMetrics;
    let strict = options.strictness == Strictness::Strict;
    let lenient = options.strictness == Strictness::Lenient && !om;
    let native = om && options.experimental_native_histograms;
    let mode = LineMode { om, strict, lenient, native };
    // Real scrapes have a family every few hundred bytes; large generated
    // ones far fewer, hence the cap.
    let family_estimate = (text.len() / 256).min(4096);
    let mut b = Builder {
        text,
        om,
        strict,
        lenient,
        parsed: Parsed {
            format,
            families: Vec::with_capacity(family_estimate),
            // A label pair takes a few dozen bytes of text; reserving for one
            // per 64 bytes skips the many small regrowths of a large input
            // (a further doubling is a cheap `realloc`) without a counting
            // pass, which would read the whole input once more.
            labels: Vec::with_capacity(text.len() / 64),
            comments: Vec::new(),
            diagnostics: Vec::new(),
        },
        bounds: Vec::new(),
        current: None,
        by_name: HashMap::with_capacity_and_hasher(family_estimate, FastHash::default()),
        created: Vec::new(),
        om_checker: (om && strict).then(OmChecker::default),
        text_checker: (!om && strict).then(TextChecker::default),
    };
    let bytes = text.as_bytes();
    let len = bytes.len();
    let mut pos = 0;
    let mut eof_seen = false;
    while pos < len {
        let end = memchr::memchr(b'\n', &bytes[pos..]).map_or(len, |n| pos + n);
        let next = end + 1;
        if eof_seen {
            let d = error(
                codes::AFTER_EOF,
                "unexpected data after `# EOF`".into(),
                span(pos, len),
                "nothing may follow `# EOF`",
            );
            b.parsed.diagnostics.push(d);
            break;
        }
        if pos == end {
            if om {
                let d = error(
                    codes::BLANK_LINE,
                    "blank lines are not allowed in OpenMetrics".into(),
                    span(pos, (pos + 1).min(len)),
                    "blank line",
                )
                .with_help("remove the empty line");
                b.parsed.diagnostics.push(d);
            }
            pos = next;
            continue;
        }
        let first = if om { pos } else { scan::skip_blanks(bytes, pos, end) };
        let reported = b.parsed.diagnostics.len();
        if first == end {
            // A line of blanks only is a blank line in the text format.
        } else if bytes[first] == b'#' {
            match parse_hash_line(text, first, end, om, strict) {
                Ok(HashLine::Meta(meta)) => b.meta(meta, pos, end),
                Ok(HashLine::Comment) => b.parsed.comments.push(Comment { span: span(pos, end) }),
                Ok(HashLine::Eof) => eof_seen = true,
                Err(d) => b.parsed.diagnostics.push(d),
            }
        } else {
            let mark = b.parsed.labels.len();
            match parse_sample(text, pos, end, mode, &mut b.parsed.labels) {
                Ok(sample) => b.sample(sample, mark),
                Err(d) => b.parsed.diagnostics.push(d),
            }
        }
        if bytes[end - 1] == b'\r' {
            // The usual cause of a baffling error on a line that looks fine.
            for d in &mut b.parsed.diagnostics[reported..] {
                d.help.get_or_insert_with(|| {
                    "this line ends with a carriage return (Windows line endings); the exposition formats use `\\n` alone".into()
                });
            }
        }
        pos = next;
    }
    if om && !eof_seen {
        let d = error(
            codes::MISSING_EOF,
            "an OpenMetrics exposition must end with a `# EOF` line".into(),
            span(len, len),
            "expected `# EOF`",
        )
        .with_help(
            "add `# EOF` as the last line, or parse the input as the Prometheus text format",
        );
        b.parsed.diagnostics.push(d);
    }
    let last_line = text.rfind('\n').map_or(text, |n| &text[n + 1..]);
    if !om && strict && !last_line.trim_matches([' ', '\t']).is_empty() {
        let d = error(
            codes::NO_FINAL_NEWLINE,
            "the text format requires the input to end with a line break".into(),
            span(len, len),
            "expected `\\n`",
        );
        b.parsed.diagnostics.push(d);
    }
    b.finish()
}

/// A fast, non-cryptographic hash for family names (the multiply-rotate
/// scheme of rustc's `FxHasher`): inputs are the user's own text, so hash
/// flooding is no concern, and SipHash showed in profiles of real scrapes.
#[derive(Clone, Copy, Default)]
struct FastHasher(u64);

impl std::hash::Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word))
                .wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type FastHash = std::hash::BuildHasherDefault<FastHasher>;

/// Accumulates families while lines come in.
struct Builder<'a> {
    text: &'a str,
    om: bool,
    strict: bool,
    lenient: bool,
    parsed: Parsed<'a>,
    /// The index of the family lines are added to.
    current: Option<usize>,
    /// The latest family index for each family name seen.
    by_name: HashMap<Cow<'a, str>, usize, FastHash>,
    /// `_created` lines (OpenMetrics): family, position among its samples, label key, ms.
    created: Vec<Created>,
    om_checker: Option<OmChecker>,
    text_checker: Option<TextChecker>,
    /// Recently canonicalised `le`/`quantile` spellings, which repeat a lot.
    bounds: Vec<(&'a str, Option<String>)>,
}

/// A `_created` line waiting to become the start timestamp of its family's samples.
struct Created {
    family: usize,
    position: usize,
    key: String,
    ms: i64,
}

/// The sample-name suffixes a family of `kind` owns.
fn owned_suffixes(kind: MetricType) -> &'static [&'static str] {
    match kind {
        MetricType::Counter => &["_total", "", "_created"],
        MetricType::Summary => &["", "_sum", "_count", "_created"],
        MetricType::Histogram => &["_bucket", "_sum", "_count", "_created"],
        MetricType::GaugeHistogram => &["_bucket", "_gsum", "_gcount", "_sum", "_count"],
        MetricType::Info => &["_info", ""],
        MetricType::Gauge | MetricType::StateSet | MetricType::Unknown => &[""],
    }
}

/// Whether a sample called `sample` belongs to the family `family` of `kind`.
#[inline]
fn fits(family: &str, kind: MetricType, sample: &str) -> bool {
    match sample.strip_prefix(family) {
        Some("") => kind != MetricType::Histogram,
        Some(rest) => owned_suffixes(kind).contains(&rest),
        None => false,
    }
}

impl<'a> Builder<'a> {
    fn family_has_lines(&self, index: usize) -> bool {
        // `_created` lines only ever go to the current family, so the last
        // one tells whether this family has any.
        !self.parsed.families[index].samples.is_empty()
            || self.created.last().is_some_and(|c| c.family == index)
    }

    fn new_family(
        &mut self,
        name: Cow<'a, str>,
        name_span: promplay_diagnostics::Span,
        kind: MetricType,
        line: promplay_diagnostics::Span,
    ) -> usize {
        let index = self.parsed.families.len();
        self.by_name.insert(name.clone(), index);
        self.parsed.families.push(Family {
            name,
            name_span,
            kind,
            type_span: None,
            help: None,
            unit: None,
            samples: Vec::new(),
            span: line,
        });
        self.current = Some(index);
        index
    }

    /// A HELP, TYPE or UNIT line.
    fn meta(&mut self, meta: Meta<'a>, start: usize, end: usize) {
        let line = span(start, end);
        let mut text = meta.text;
        if (self.strict || self.lenient) && !self.om {
            // Go's expfmt and the Python client skip blanks before the text,
            // and around the type.
            text = text.trim_start_matches([' ', '\t']);
            if meta.kind == MetaKind::Type {
                text = text.trim_end_matches([' ', '\t']);
            }
        }
        let text_span =
            promplay_diagnostics::Span::of_subslice(self.text, text).unwrap_or(meta.text_span);
        let mut kind_value = None;
        let mut help_value = None;
        match meta.kind {
            MetaKind::Type => match metric_type(text, self.om, self.strict) {
                Some(t) => kind_value = Some(t),
                None => {
                    let expected = if self.om {
                        "counter, gauge, histogram, gaugehistogram, summary, info, stateset or unknown"
                    } else {
                        "counter, gauge, histogram, summary or untyped"
                    };
                    let hint = if self.om && text == "untyped" {
                        " (OpenMetrics spells it `unknown`)"
                    } else {
                        ""
                    };
                    let message = format!(
                        "unknown metric type `{}`{hint}: expected {expected}",
                        text.escape_debug()
                    );
                    let mut d = error(codes::UNKNOWN_TYPE, message, text_span, "unknown type");
                    if let Some(guess) = closest_type(text, self.om) {
                        d = d.with_help(format!("did you mean `{guess}`?"));
                    }
                    self.parsed.diagnostics.push(d);
                    return;
                }
            },
            MetaKind::Help => {
                if self.strict && !self.om && !meta.has_text {
                    // Go's expfmt ignores a HELP line that ends right after the name.
                    self.parsed.comments.push(Comment { span: line });
                    return;
                }
                let mode = match (self.om, self.strict) {
                    (true, _) => Escapes::Lenient,
                    (false, true) => Escapes::Strict,
                    (false, false) => Escapes::Help,
                };
                match scan::unescape(text, mode) {
                    Ok(h) => help_value = Some(h),
                    Err(at) => {
                        let at = text_span.start as usize + at;
                        let d = error(
                            codes::INVALID_ESCAPE,
                            "invalid escape sequence in HELP text: only `\\\\`, `\\\"` and `\\n` are allowed".into(),
                            span(at, (at + 2).min(end)),
                            "unknown escape",
                        );
                        self.parsed.diagnostics.push(d);
                        return;
                    }
                }
            }
            MetaKind::Unit => {
                let name = meta.name.as_ref();
                let ok = text.is_empty()
                    || name.len() > text.len()
                        && name.ends_with(text)
                        && name.as_bytes()[name.len() - text.len() - 1] == b'_';
                if !ok {
                    let message = format!(
                        "the unit `{}` is not a suffix of the metric name `{name}`",
                        text.escape_debug()
                    );
                    let d = error(codes::UNIT_NOT_SUFFIX, message, text_span, "unit").with_help(
                        format!("name the metric `{name}_{text}`, or drop the UNIT line"),
                    );
                    self.parsed.diagnostics.push(d);
                    return;
                }
            }
        }
        if let Some(checker) = &mut self.om_checker {
            checker.meta(meta.kind, &meta.name, kind_value, text, line);
        }
        if let Some(checker) = &mut self.text_checker
            && let Some(d) = checker.meta(meta.kind, &meta.name, line)
        {
            self.parsed.diagnostics.push(d);
        }
        let attach = self.current.filter(|&i| {
            let f = &self.parsed.families[i];
            f.name == meta.name
                && match meta.kind {
                    MetaKind::Help => f.help.is_none(),
                    MetaKind::Type => f.type_span.is_none(),
                    MetaKind::Unit => f.unit.is_none(),
                }
        });
        let index = match attach {
            Some(i) if !self.family_has_lines(i) => i,
            _ => self.new_family(meta.name, meta.name_span, MetricType::Unknown, line),
        };
        let family = &mut self.parsed.families[index];
        family.span = family.span.to(line);
        match meta.kind {
            MetaKind::Type => {
                family.kind = kind_value.unwrap_or(MetricType::Unknown);
                family.type_span = Some(line);
            }
            MetaKind::Help => {
                family.help = help_value.map(|value| Spanned { value, span: text_span });
            }
            MetaKind::Unit => {
                family.unit = Some(Spanned { value: Cow::Borrowed(text), span: text_span });
            }
        }
    }

    /// A sample line; its labels are `parsed.labels[mark..]`.
    fn sample(&mut self, mut sample: Sample<'a>, mark: usize) {
        let labels = &self.parsed.labels[mark..];
        if let Some(checker) = &mut self.om_checker {
            checker.sample(self.text, &sample, labels);
        }
        if sample.native_histogram.is_some() {
            match self.native_family(&sample) {
                Ok(i) => {
                    let family = &mut self.parsed.families[i];
                    family.span = family.span.to(sample.span);
                    sample.labels = mark as u32..self.parsed.labels.len() as u32;
                    family.samples.push(sample);
                }
                Err(d) => {
                    self.parsed.diagnostics.push(d);
                    self.parsed.labels.truncate(mark);
                }
            }
            return;
        }
        let index = match self.current {
            Some(i)
                if fits(
                    &self.parsed.families[i].name,
                    self.parsed.families[i].kind,
                    &sample.name,
                ) =>
            {
                i
            }
            _ => self.family_for(&sample),
        };
        if let Some(checker) = &mut self.text_checker {
            let family = &self.parsed.families[index];
            for d in checker.sample(&family.name, family.kind, &sample, &self.parsed.labels[mark..])
            {
                self.parsed.diagnostics.push(d);
            }
        }
        let family = &mut self.parsed.families[index];
        family.span = family.span.to(sample.span);
        let kind = family.kind;
        if self.om
            && matches!(
                kind,
                MetricType::Counter
                    | MetricType::Summary
                    | MetricType::Histogram
                    | MetricType::GaugeHistogram
            )
            && sample.name.len() == family.name.len() + 8
            && sample.name.ends_with("_created")
        {
            // Prometheus folds `_created` lines into the start timestamp of the
            // family's other samples instead of returning them as samples.
            let key = label_key(&self.parsed.labels[mark..], kind);
            let position = family.samples.len();
            if let Some(ms) = seconds_to_ms(sample.value) {
                self.created.push(Created { family: index, position, key, ms });
            }
            self.parsed.labels.truncate(mark);
            return;
        }
        // Prometheus rewrites `le` and `quantile` into canonical float form.
        let bound = match kind {
            MetricType::Histogram | MetricType::GaugeHistogram => Some("le"),
            MetricType::Summary => Some("quantile"),
            _ => None,
        };
        if let Some(bound) = bound {
            for pair in &mut self.parsed.labels[mark..] {
                if pair.name == bound {
                    let canonical = match pair.value {
                        Str::Borrowed(raw) => canonical_cached(&mut self.bounds, raw),
                        Str::Owned(ref v) => scan::canonical_bound(v),
                    };
                    if let Some(c) = canonical {
                        pair.value = Str::from(c);
                    }
                }
            }
        }
        sample.labels = mark as u32..self.parsed.labels.len() as u32;
        self.parsed.families[index].samples.push(sample);
    }

    /// The family of a native-histogram sample: the current or an earlier
    /// histogram or gauge histogram of the same name (the sample carries the
    /// family's bare name), or an error when there is none.
    fn native_family(&mut self, sample: &Sample<'a>) -> Result<usize, Diagnostic> {
        let is_histogram =
            |kind| matches!(kind, MetricType::Histogram | MetricType::GaugeHistogram);
        if let Some(i) = self.current {
            let f = &self.parsed.families[i];
            if *f.name == *sample.name && is_histogram(f.kind) {
                return Ok(i);
            }
        }
        if let Some(&i) = self.by_name.get(sample.name.as_ref()) {
            let f = &self.parsed.families[i];
            if is_histogram(f.kind) {
                let (name, kind) = (f.name.clone(), f.kind);
                return Ok(self.new_family(name, sample.name_span, kind, sample.span));
            }
        }
        let name = &sample.name;
        Err(error(
            codes::NATIVE_HISTOGRAM_FAMILY,
            format!("`{name}` has a native-histogram value but is not declared a histogram"),
            sample.value_span,
            "native-histogram value",
        )
        .with_help(format!(
            "declare the family first: `# TYPE {name} histogram` (or `gaugehistogram`)"
        )))
    }

    /// The family a sample that does not continue the current one goes to:
    /// an earlier family it belongs to (a new entry of it), or a new one.
    fn family_for(&mut self, sample: &Sample<'a>) -> usize {
        let name = sample.name.as_ref();
        const SUFFIXES: [&str; 9] =
            ["", "_total", "_created", "_bucket", "_count", "_sum", "_gcount", "_gsum", "_info"];
        for suffix in SUFFIXES {
            let Some(candidate) = name.strip_suffix(suffix) else { continue };
            if let Some(&i) = self.by_name.get(candidate) {
                let f = &self.parsed.families[i];
                if fits(&f.name, f.kind, name) {
                    let (fname, kind) = (f.name.clone(), f.kind);
                    return self.new_family(fname, sample.name_span, kind, sample.span);
                }
            }
        }
        self.new_family(
            sample.name.clone().into_cow(),
            sample.name_span,
            MetricType::Unknown,
            sample.span,
        )
    }

    fn finish(mut self) -> Parsed<'a> {
        if let Some(mut checker) = self.om_checker.take() {
            checker.finish();
            self.parsed.diagnostics.append(&mut checker.diagnostics);
        }
        if !self.created.is_empty() {
            self.apply_created();
        }
        self.parsed.diagnostics.sort_by_key(|d| d.primary_span().map_or(u32::MAX, |s| s.start));
        self.parsed
    }

    /// Sets `created_ms` the way Prometheus does: each sample looks ahead
    /// within its family for a `_created` line with the same labels, and a
    /// value once found is kept for the later samples of that label set.
    fn apply_created(&mut self) {
        let created = std::mem::take(&mut self.created);
        // Per family and label key, the `_created` lines in input order.
        let mut index: HashMap<(usize, &str), Vec<(usize, i64)>, FastHash> = HashMap::default();
        for c in &created {
            index.entry((c.family, c.key.as_str())).or_default().push((c.position, c.ms));
        }
        let mut families: Vec<usize> = created.iter().map(|c| c.family).collect();
        families.dedup();
        for family in families {
            let kind = self.parsed.families[family].kind;
            let skip = bound_label(kind);
            let labels = &self.parsed.labels;
            let samples = &mut self.parsed.families[family].samples;
            let mut cache: HashMap<String, i64, FastHash> = HashMap::default();
            // Consecutive samples are mostly of one series (the buckets of a
            // histogram), so the key is only rebuilt when the labels change.
            let mut previous: &[crate::LabelPair<'_>] = &[];
            let mut key = String::new();
            let mut known = None;
            for (i, sample) in samples.iter_mut().enumerate() {
                let own = &labels[sample.labels.start as usize..sample.labels.end as usize];
                if i == 0 || !same_series(previous, own, skip) {
                    key = label_key(own, kind);
                    known = cache.get(&key).copied();
                }
                previous = own;
                let found = known.or_else(|| {
                    let list = index.get(&(family, key.as_str()))?;
                    // The first `_created` after this sample (positions ascend).
                    let at = list.partition_point(|&(position, _)| position <= i);
                    list.get(at).map(|&(_, ms)| ms)
                });
                if let Some(ms) = found {
                    sample.created_ms = Some(ms);
                    if known.is_none() {
                        cache.insert(key.clone(), ms);
                        known = Some(ms);
                    }
                }
            }
        }
    }
}

/// The label that tells the samples of one series apart: `le` of histogram
/// buckets, `quantile` of summaries.
fn bound_label(kind: MetricType) -> &'static str {
    match kind {
        MetricType::Histogram | MetricType::GaugeHistogram => "le",
        MetricType::Summary => "quantile",
        _ => "",
    }
}

/// Whether two label lists are the same apart from `skip`, in the same order.
fn same_series(a: &[crate::LabelPair<'_>], b: &[crate::LabelPair<'_>], skip: &str) -> bool {
    let a = a.iter().filter(|p| p.name != skip);
    let b = b.iter().filter(|p| p.name != skip);
    a.map(|p| (&*p.name, &*p.value)).eq(b.map(|p| (&*p.name, &*p.value)))
}

/// [`scan::canonical_bound`] through a small cache of recent spellings.
fn canonical_cached<'a>(
    cache: &mut Vec<(&'a str, Option<String>)>,
    raw: &'a str,
) -> Option<String> {
    if let Some((_, c)) = cache.iter().find(|(r, _)| *r == raw) {
        return c.clone();
    }
    let c = scan::canonical_bound(raw);
    if cache.len() >= 64 {
        cache.clear();
    }
    cache.push((raw, c.clone()));
    c
}

/// A sample's labels without `le`/`quantile`, sorted, as one comparable string.
fn label_key(labels: &[crate::LabelPair<'_>], kind: MetricType) -> String {
    let skip = bound_label(kind);
    let mut pairs: Vec<(&str, &str)> = labels
        .iter()
        .filter(|p| p.name != skip)
        .map(|p| (p.name.as_ref(), p.value.as_ref()))
        .collect();
    pairs.sort_unstable();
    let mut key = String::new();
    for (n, v) in pairs {
        key.push_str(n);
        key.push('\u{0}');
        key.push_str(v);
        key.push('\u{0}');
    }
    key
}

/// Converts a `_created` value in seconds to milliseconds.
fn seconds_to_ms(v: f64) -> Option<i64> {
    #[allow(clippy::cast_possible_truncation)] // Prometheus truncates too.
    v.is_finite().then_some((v * 1000.0) as i64)
}

/// The known type keyword closest to a misspelt one (at most two edits away).
fn closest_type(text: &str, om: bool) -> Option<&'static str> {
    let known: &[&str] = if om {
        &[
            "counter",
            "gauge",
            "histogram",
            "gaugehistogram",
            "summary",
            "info",
            "stateset",
            "unknown",
        ]
    } else {
        &["counter", "gauge", "histogram", "summary", "untyped"]
    };
    if text.ends_with('\r') {
        // A Windows line ending, not a typo: the line loop explains it.
        return None;
    }
    let lower = text.trim().to_ascii_lowercase();
    known
        .iter()
        .map(|k| (edit_distance(&lower, k), *k))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, k)| k)
}

/// Levenshtein distance between two short ASCII words.
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len().abs_diff(b.len()) > 2 || a.len() > 32 {
        return usize::MAX;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, &x) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, &y) in b.iter().enumerate() {
            cur.push((prev[j] + usize::from(x != y)).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The metric type named by a TYPE line in the given format.
fn metric_type(text: &str, om: bool, strict: bool) -> Option<MetricType> {
    Some(match text {
        "counter" => MetricType::Counter,
        "gauge" => MetricType::Gauge,
        "histogram" => MetricType::Histogram,
        "summary" => MetricType::Summary,
        "untyped" if !om => MetricType::Unknown,
        "gaugehistogram" if om || strict => MetricType::GaugeHistogram,
        "gauge_histogram" if !om && strict => MetricType::GaugeHistogram,
        "info" if om => MetricType::Info,
        "stateset" if om => MetricType::StateSet,
        "unknown" if om => MetricType::Unknown,
        _ => return None,
    })
}
