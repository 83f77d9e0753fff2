//! What the Metrics workbench shows, computed from one pipeline run.
//!
//! `promplay_pipeline::analyze_metrics` returns families that borrow from the
//! text; the UI needs owned, display-ready rows it can keep in a signal. This
//! module makes that copy, and keeps it small: every family gets a summary
//! row, but series rows are built only for the families the person expanded,
//! and only as many as are shown. A large scrape therefore costs one parse
//! and a few hundred small strings per keystroke, not a copy of every sample.

use promplay_diagnostics::{Diagnostic, LineIndex, Severity};
use promplay_model::{escape_label_value, format_float};
use promplay_pipeline::exposition::{Format, LabelPair, ParseOptions, Parsed};
use promplay_pipeline::{analyze_metrics, family_summaries};
use std::collections::HashMap;
use std::sync::Arc;

/// Display-ready results for one input.
#[derive(Clone, Debug)]
pub struct Analysis {
    /// The text that was analyzed (spans are byte ranges into it).
    pub text: Arc<str>,
    /// Line starts of `text`, for the editor's underlines and line numbers.
    pub lines: LineIndex,
    /// The format the text was parsed as.
    pub format: Option<Format>,
    /// The families, merged by name, in order of first appearance.
    pub families: Vec<FamilyRow>,
    /// Parse errors and lint warnings, in input order.
    pub problems: Vec<Problem>,
    /// Number of sample lines read.
    pub samples: usize,
    /// Number of error problems.
    pub errors: usize,
    /// Number of warning problems.
    pub warnings: usize,
    /// Milliseconds the pipeline took (parse and lint).
    pub parse_ms: f64,
}

/// One row of the families table.
#[derive(Clone, Debug, PartialEq)]
pub struct FamilyRow {
    /// The family name.
    pub name: String,
    /// The type keyword as the format writes it (`counter`, `untyped`, …).
    pub kind: &'static str,
    /// The HELP text, if any.
    pub help: Option<String>,
    /// The UNIT, if any.
    pub unit: Option<String>,
    /// How many distinct series the family has (each histogram bucket is one).
    pub series_count: usize,
    /// How many sample lines the family has.
    pub sample_count: usize,
    /// Where the family starts in the text.
    pub start: u32,
    /// The first series rows, filled only for expanded families.
    pub series: Vec<SeriesRow>,
}

/// One sample line of an expanded family (a `series-row` in the table).
#[derive(Clone, Debug, PartialEq)]
pub struct SeriesRow {
    /// The sample's metric name (`x_bucket`, `x_total`, …).
    pub name: String,
    /// The label pairs in written order, values escaped as in the text
    /// format (so a newline in a value shows as `\n`).
    pub labels: Vec<(String, String)>,
    /// The value as Prometheus prints it.
    pub value: String,
    /// The timestamp in milliseconds, if the line has one.
    pub timestamp_ms: Option<i64>,
    /// The start time from the sample's `_created` line, in milliseconds.
    pub created_ms: Option<i64>,
    /// The exemplar in OpenMetrics syntax, if any.
    pub exemplar: Option<String>,
    /// The line's byte range in the text.
    pub start: u32,
    /// End of the line's byte range.
    pub end: u32,
}

/// One entry of the problems list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Whether this is an error (otherwise a warning).
    pub is_error: bool,
    /// The stable diagnostic code, e.g. `EXP0101`.
    pub code: &'static str,
    /// The message.
    pub message: String,
    /// The primary label's message, if it adds anything.
    pub note: Option<String>,
    /// How to fix it, if the engine knows.
    pub help: Option<String>,
    /// Primary span start (byte offset).
    pub start: u32,
    /// Primary span end (byte offset).
    pub end: u32,
    /// 1-based line of `start`.
    pub line: u32,
    /// 1-based column of `start`, in characters.
    pub col: u32,
}

impl Problem {
    /// `error` or `warning`, as the DOM attribute and CSS class spell it.
    pub fn severity(&self) -> &'static str {
        if self.is_error { "error" } else { "warning" }
    }
}

impl Analysis {
    /// Runs the pipeline on `text` and builds the rows.
    ///
    /// `expanded` maps a family name to how many of its series to build;
    /// `clock` returns milliseconds and is only used to time the pipeline.
    pub fn compute(
        text: Arc<str>,
        options: &ParseOptions,
        expanded: &HashMap<String, usize>,
        clock: impl Fn() -> f64,
    ) -> Analysis {
        let started = clock();
        let report = analyze_metrics(&text, options);
        let parse_ms = (clock() - started).max(0.0);
        let parsed = &report.parsed;

        let families = family_rows(parsed, expanded);
        let index = LineIndex::new(&text);
        let mut problems: Vec<Problem> = parsed
            .diagnostics
            .iter()
            .chain(&report.lint)
            .map(|d| problem(&text, &index, d))
            .collect();
        // Input order reads like a compiler's output; at the same spot the
        // error comes first because it is what rejects the scrape.
        problems.sort_by_key(|p| (p.start, !p.is_error, p.end));
        let errors = problems.iter().filter(|p| p.is_error).count();

        Analysis {
            format: Some(parsed.format),
            samples: parsed.sample_count(),
            warnings: problems.len() - errors,
            errors,
            families,
            problems,
            parse_ms,
            lines: index,
            text: text.clone(),
        }
    }
}

/// How many series an expanded family shows before "show more".
pub const SERIES_PAGE: usize = 100;

fn family_rows(parsed: &Parsed<'_>, expanded: &HashMap<String, usize>) -> Vec<FamilyRow> {
    let mut rows: Vec<FamilyRow> = Vec::new();
    let mut by_name: HashMap<String, usize> = HashMap::new();
    // The overview comes from the pipeline, so the table and
    // `promplay metrics` count series the same way.
    for (family, summary) in parsed.families.iter().zip(family_summaries(parsed)) {
        let i = match by_name.get(&summary.name) {
            Some(&i) => i,
            None => {
                by_name.insert(summary.name.clone(), rows.len());
                rows.push(FamilyRow {
                    name: summary.name,
                    kind: summary.type_keyword,
                    help: summary.help,
                    unit: summary.unit,
                    series_count: 0,
                    sample_count: 0,
                    start: summary.span.start,
                    series: Vec::new(),
                });
                rows.len() - 1
            }
        };
        // A family whose name comes back after another family is one row:
        // the first metadata stays, the counts add up.
        let row = &mut rows[i];
        row.series_count += summary.series;
        row.sample_count += summary.samples;
        let Some(&limit) = expanded.get(row.name.as_str()) else { continue };
        let room = limit.saturating_sub(row.series.len());
        row.series.extend(family.samples.iter().take(room).map(|s| SeriesRow {
            name: s.name.to_string(),
            labels: parsed.labels_of(s).iter().map(pair).collect(),
            value: format_float(s.value),
            timestamp_ms: s.timestamp_ms,
            created_ms: s.created_ms,
            exemplar: s.exemplar.as_ref().map(|e| {
                let labels: Vec<String> = e
                    .labels
                    .iter()
                    .map(|l| format!("{}=\"{}\"", l.name, escape_label_value(&l.value)))
                    .collect();
                let mut text = format!("{{{}}} {}", labels.join(","), format_float(e.value));
                if let Some(ts) = e.timestamp_ms {
                    text.push(' ');
                    text.push_str(&format_seconds(ts));
                }
                text
            }),
            start: s.span.start,
            end: s.span.end,
        }));
    }
    rows
}

fn pair(label: &LabelPair<'_>) -> (String, String) {
    (label.name.to_string(), escape_label_value(&label.value).into_owned())
}

fn problem(text: &str, index: &LineIndex, d: &Diagnostic) -> Problem {
    let (start, end, note) = match d.labels.first() {
        Some(label) => {
            let len = u32::try_from(text.len()).unwrap_or(u32::MAX);
            let start = label.span.start.min(len);
            let note = (!label.message.is_empty() && !d.message.contains(&label.message))
                .then(|| label.message.clone());
            (start, label.span.end.clamp(start, len), note)
        }
        None => (0, 0, None),
    };
    let at = index.line_col(text, start);
    Problem {
        is_error: d.severity == Severity::Error,
        code: d.code,
        message: d.message.clone(),
        note,
        help: d.help.clone(),
        start,
        end,
        line: at.line,
        col: at.col,
    }
}

/// Milliseconds as OpenMetrics seconds: `1520879607789` → `1520879607.789`.
pub fn format_seconds(ms: i64) -> String {
    let sign = if ms < 0 { "-" } else { "" };
    let abs = ms.unsigned_abs();
    match abs % 1000 {
        0 => format!("{sign}{}", abs / 1000),
        frac => format!("{sign}{}.{}", abs / 1000, format!("{frac:03}").trim_end_matches('0')),
    }
}

/// Milliseconds since the epoch as a short UTC time, `2018-03-12 18:33:27.789Z`
/// (milliseconds only when there are any).
pub fn format_utc_short(ms: i64) -> String {
    let full = format_utc(ms);
    let short = full.strip_suffix(".000Z").map_or(full.clone(), |s| format!("{s}Z"));
    short.replacen('T', " ", 1)
}

/// Milliseconds since the epoch as an RFC 3339 UTC time, for tooltips.
pub fn format_utc(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let millis = ms.rem_euclid(1000);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{millis:03}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Howard Hinnant's `civil_from_days`: days since 1970-01-01 to a date in
/// the proleptic Gregorian calendar, exact for every `i64` input we can meet.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_and_dates() {
        for (ms, secs, utc) in [
            (1_520_879_607_789, "1520879607.789", "2018-03-12T18:33:27.789Z"),
            (1_763_712_600_000, "1763712600", "2025-11-21T08:10:00.000Z"),
            (-1500, "-1.5", "1969-12-31T23:59:58.500Z"),
            (0, "0", "1970-01-01T00:00:00.000Z"),
        ] {
            assert_eq!(format_seconds(ms), secs);
            assert_eq!(format_utc(ms), utc);
            assert!(format_utc_short(ms).ends_with('Z'));
        }
    }
}
