//! The interface between the evaluator and the function implementations
//! (`functions`), modelled on Prometheus' `FunctionCall` and
//! `EvalNodeHelper`: the evaluator calls a function once per step with the
//! arguments' values at that step.
//!
//! For a function with a range-vector argument the evaluator passes one
//! series at a time ([`FnArg::Matrix`] with a single element holding the
//! points inside the current window), like upstream's `rangeEval` does; the
//! output samples' labels are then ignored (pass [`Labels::new`], which does
//! not allocate) because the evaluator keeps the input series' labels, and
//! only `drop_name` and the value count. For instant-vector arguments the
//! output samples' labels are used as returned.
//!
//! [`Labels::new`]: promplay_model::Labels::new

use promplay_diagnostics::Span;
use promplay_model::{Labels, TimestampMs};

use crate::result::Annotation;
use crate::value::{FPoint, HPoint, Sample, Series};

/// One argument of a function call at one step.
#[derive(Clone, Copy, Debug)]
pub enum FnArg<'a> {
    /// A number (a scalar expression's value at this step).
    Scalar(f64),
    /// A string literal.
    String(&'a str),
    /// An instant vector at this step.
    Vector(&'a [Sample]),
    /// A range vector: exactly one series with its points inside the window
    /// `(ctx.range_start, ctx.range_end]`.
    Matrix(&'a [Series]),
}

/// Start timestamps aligned with the points of a matrix argument (Prometheus'
/// `StartTimestamps`); 0 means unknown.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StartTimestamps {
    /// One per float point.
    pub floats: Vec<TimestampMs>,
    /// One per histogram point.
    pub histograms: Vec<TimestampMs>,
}

/// What a function may know about the step it is called for.
#[derive(Debug)]
pub struct FnCtx<'a> {
    /// The evaluation timestamp of this step (upstream's `enh.Ts`).
    pub t: TimestampMs,
    /// For a range-vector argument: the window's exclusive start, i.e.
    /// `t - offset - range` after `@` was applied (upstream's `rangeStart`
    /// as `extrapolatedRate` computes it).
    pub range_start: TimestampMs,
    /// For a range-vector argument: the window's inclusive end, `t - offset`
    /// after `@` was applied.
    pub range_end: TimestampMs,
    /// The range of the range-vector argument in ms (0 without one).
    pub range_ms: i64,
    /// The selector was written with `anchored`.
    pub anchored: bool,
    /// The selector was written with `smoothed`.
    pub smoothed: bool,
    /// The engine's lookback delta in ms (anchored and smoothed need it).
    pub lookback_delta_ms: i64,
    /// Start timestamps of the matrix argument's points, when the engine
    /// uses them and the function is `rate`, `irate`, `increase` or `resets`.
    pub start_timestamps: Option<&'a StartTimestamps>,
    /// The whole call expression.
    pub call_span: Span,
    /// Each argument's expression.
    pub arg_spans: &'a [Span],
    /// The engine runs with delayed name removal: mark samples with
    /// `drop_name` instead of removing `__name__` (upstream's
    /// `enh.enableDelayedNameRemoval`).
    pub delayed_name_removal: bool,
    /// Where warnings and infos go.
    pub annotations: &'a mut Vec<Annotation>,
}

/// A borrowed view of one series' points inside a window: what a range
/// function reads. The evaluator hands out sub-slices of the series' points
/// instead of copying every window into a [`Series`] (histograms would be
/// deep-copied at every step otherwise).
#[derive(Clone, Copy, Debug)]
pub struct SeriesRef<'a> {
    /// The input series' labels (for the metric name in annotations).
    pub labels: &'a Labels,
    /// The float points inside the window.
    pub floats: &'a [FPoint],
    /// The histogram points inside the window.
    pub histograms: &'a [HPoint],
    /// Whether the input series is already marked for name removal.
    pub drop_name: bool,
}

impl<'a> SeriesRef<'a> {
    /// A view of all of a series' points.
    pub fn of(s: &'a Series) -> SeriesRef<'a> {
        SeriesRef {
            labels: &s.labels,
            floats: &s.floats,
            histograms: &s.histograms,
            drop_name: s.drop_name,
        }
    }
}
