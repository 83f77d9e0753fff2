//! The text format's family rules as Go's `expfmt` enforces them, checked
//! in `Strictness::Strict`.
//!
//! Prometheus' scrape parser lets metadata repeat and come after samples;
//! `expfmt` (what client libraries and `promtool` use) rejects that, and
//! also checks that `le` and `quantile` are numbers and that histogram
//! counts are not negative.

use crate::codes;
use crate::meta::MetaKind;
use crate::sample::error;
use crate::{LabelPair, MetricType, Sample};
use promplay_diagnostics::{Diagnostic, Span};
use std::collections::HashMap;

/// What has been seen for one family name.
#[derive(Default)]
struct Seen {
    help: bool,
    kind: bool,
    samples: bool,
}

/// Checks `expfmt`'s family rules over a stream of lines.
#[derive(Default)]
pub(crate) struct TextChecker {
    names: HashMap<String, Seen>,
}

impl TextChecker {
    /// A HELP or TYPE line for `name`.
    pub(crate) fn meta(&mut self, kind: MetaKind, name: &str, line: Span) -> Option<Diagnostic> {
        let seen = self.names.entry(name.to_owned()).or_default();
        let keyword = kind.keyword();
        match kind {
            MetaKind::Help if std::mem::replace(&mut seen.help, true) => Some(error(
                codes::REPEATED_METADATA,
                format!("second `# HELP` line for `{name}`"),
                line,
                "repeated",
            )),
            MetaKind::Type if seen.samples => Some(error(
                codes::METADATA_AFTER_SAMPLES,
                format!("`# {keyword}` for `{name}` comes after its samples"),
                line,
                "too late",
            )),
            MetaKind::Type if std::mem::replace(&mut seen.kind, true) => Some(error(
                codes::REPEATED_METADATA,
                format!("second `# TYPE` line for `{name}`"),
                line,
                "repeated",
            )),
            _ => None,
        }
    }

    /// A sample of the family `family` (of `kind`).
    pub(crate) fn sample(
        &mut self,
        family: &str,
        kind: MetricType,
        sample: &Sample<'_>,
        labels: &[LabelPair<'_>],
    ) -> Vec<Diagnostic> {
        match self.names.get_mut(family) {
            Some(seen) => seen.samples = true,
            None => {
                self.names.insert(family.to_owned(), Seen { samples: true, ..Seen::default() });
            }
        }
        let mut out = Vec::new();
        let suffix = sample.name.strip_prefix(family).unwrap_or_default();
        let get = |key: &str| labels.iter().find(|p| p.name == key);
        match kind {
            MetricType::Histogram | MetricType::GaugeHistogram => {
                if suffix == "_bucket" {
                    match get("le") {
                        Some(p) if promplay_model::parse_go_float(&p.value).is_some() => {}
                        Some(p) => out.push(error(
                            codes::INVALID_LE,
                            format!("`le` must be a number, found `{}`", p.value.escape_debug()),
                            p.value_span,
                            "not a number",
                        )),
                        None => out.push(error(
                            codes::INVALID_LE,
                            "a histogram bucket needs an `le` label".into(),
                            sample.series_span,
                            "no `le`",
                        )),
                    }
                }
                if matches!(suffix, "_bucket" | "_count") && sample.value < 0.0 {
                    out.push(error(
                        codes::NEGATIVE_COUNT,
                        format!("histogram `{family}` has a negative count"),
                        sample.value_span,
                        "negative",
                    ));
                }
            }
            MetricType::Summary if suffix.is_empty() => match get("quantile") {
                Some(p) if promplay_model::parse_go_float(&p.value).is_some() => {}
                Some(p) => out.push(error(
                    codes::INVALID_QUANTILE,
                    format!("`quantile` must be a number, found `{}`", p.value.escape_debug()),
                    p.value_span,
                    "not a number",
                )),
                None => out.push(error(
                    codes::INVALID_QUANTILE,
                    "a summary quantile sample needs a `quantile` label".into(),
                    sample.series_span,
                    "no `quantile`",
                )),
            },
            _ => {}
        }
        out
    }
}
