//! Conversion of a parse result into one that owns its strings, for inputs
//! that had to be repaired (invalid UTF-8) before they could be borrowed.

use crate::{Exemplar, Family, LabelPair, Parsed, Sample, Spanned};
use std::borrow::Cow;

fn own(s: Cow<'_, str>) -> Cow<'static, str> {
    Cow::Owned(s.into_owned())
}

fn own_pair(p: LabelPair<'_>) -> LabelPair<'static> {
    LabelPair {
        name: p.name.into_owned(),
        value: p.value.into_owned(),
        name_span: p.name_span,
        value_span: p.value_span,
    }
}

fn own_sample(s: Sample<'_>) -> Sample<'static> {
    Sample {
        name: s.name.into_owned(),
        name_span: s.name_span,
        labels: s.labels,
        series_span: s.series_span,
        value: s.value,
        value_span: s.value_span,
        timestamp_ms: s.timestamp_ms,
        timestamp_span: s.timestamp_span,
        created_ms: s.created_ms,
        exemplar: s.exemplar.map(|e| {
            Box::new(Exemplar {
                labels: e.labels.into_iter().map(own_pair).collect(),
                value: e.value,
                timestamp_ms: e.timestamp_ms,
                span: e.span,
            })
        }),
        native_histogram: s.native_histogram,
        span: s.span,
    }
}

fn own_spanned(s: Spanned<Cow<'_, str>>) -> Spanned<Cow<'static, str>> {
    Spanned { value: own(s.value), span: s.span }
}

impl Parsed<'_> {
    /// The same result, owning all of its strings.
    pub fn into_owned(self) -> Parsed<'static> {
        Parsed {
            format: self.format,
            families: self
                .families
                .into_iter()
                .map(|f| Family {
                    name: own(f.name),
                    name_span: f.name_span,
                    kind: f.kind,
                    type_span: f.type_span,
                    help: f.help.map(own_spanned),
                    unit: f.unit.map(own_spanned),
                    samples: f.samples.into_iter().map(own_sample).collect(),
                    span: f.span,
                })
                .collect(),
            labels: self.labels.into_iter().map(own_pair).collect(),
            comments: self.comments,
            diagnostics: self.diagnostics,
        }
    }
}
