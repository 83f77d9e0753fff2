//! The evaluator, following Prometheus' `promql/engine.go`: every
//! vector- or scalar-typed expression is evaluated over all steps at once
//! into a matrix (one point per step and series), an instant query being a
//! range evaluation with a single step.
//!
//! Step-invariant sub-expressions (those pinned with `@`) are evaluated once
//! and copied to every step, like upstream's `StepInvariantExpr`; the
//! delayed `__name__` removal happens at the very end; limits are checked
//! while points are produced so that nothing runs away.

mod aggr;
mod aggr_k;
pub(crate) mod binop;
mod call;
mod info;
mod invariant;
pub(crate) mod select;

use std::collections::HashSet;

use rustc_hash::FxHashMap;

use promplay_model::{Labels, TimestampMs};
use promplay_promql_syntax::{
    AtModifier, DurationExpr, Expr, MatrixSelector, SubqueryExpr, UnaryOp, ValueType,
    VectorSelector,
};

use crate::options::EngineOptions;
use crate::result::{Annotation, QueryError, QueryResult, QueryStats};
use crate::storage::Storage;
use crate::value::{
    FPoint, FloatHistogram, HPoint, Sample, SampleValue, Series, Value, drop_metric_name,
};

/// Evaluates `expr` at time `t` (ms).
pub fn instant_query(
    storage: &Storage,
    expr: &Expr,
    t: TimestampMs,
    opts: &EngineOptions,
) -> QueryResult {
    run(storage, expr, t, t, 0, opts)
}

/// Evaluates `expr` at every `step_ms` from `start` to `end` (ms, inclusive).
pub fn range_query(
    storage: &Storage,
    expr: &Expr,
    start: TimestampMs,
    end: TimestampMs,
    step_ms: i64,
    opts: &EngineOptions,
) -> QueryResult {
    let fail = |message: String| QueryResult {
        value: Err(QueryError::new(message)),
        annotations: Vec::new(),
        stats: QueryStats::default(),
    };
    if step_ms <= 0 {
        return fail(
            "zero or negative query resolution step widths are not accepted. Try a positive integer"
                .into(),
        );
    }
    if end < start {
        return fail("end timestamp must not be before start time".into());
    }
    if (end - start) / step_ms > opts.max_steps {
        return fail(format!(
            "exceeded maximum resolution of {} points per timeseries. Try decreasing the query resolution (?step=XX)",
            thousands(opts.max_steps)
        ));
    }
    match expr.value_type() {
        ValueType::Scalar | ValueType::Vector => {}
        other => {
            return fail(format!(
                "invalid expression type {:?} for range query, must be Scalar or instant Vector",
                other.documented()
            ));
        }
    }
    run(storage, expr, start, end, step_ms, opts)
}

/// `11000` as `11,000`, the way Prometheus' error message writes the limit.
fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

fn run(
    storage: &Storage,
    expr: &Expr,
    start: TimestampMs,
    end: TimestampMs,
    step_ms: i64,
    opts: &EngineOptions,
) -> QueryResult {
    let mut ev = Evaluator {
        storage,
        opts,
        query_start: start,
        query_end: end,
        query_step: step_ms,
        invariant: invariant::wrapped_nodes(expr),
        stats: crate::functions::histogram_stats_selectors(expr),
        live: 0,
        peak: 0,
        total: 0,
        annotations: Vec::new(),
    };
    let instant = step_ms == 0;
    let range = Range { start, end, interval: if instant { 1 } else { step_ms } };
    let value = ev.eval(expr, range).and_then(|v| ev.finish(expr, v, instant, start));
    let mut annotations: Vec<Annotation> = Vec::new();
    let mut seen = HashSet::new();
    for a in ev.annotations {
        if seen.insert((a.kind, a.message.clone())) {
            annotations.push(a);
        }
    }
    let series = match &value {
        Ok(Value::Vector(v)) => v.len(),
        Ok(Value::Matrix(m)) => m.len(),
        Ok(_) => 1,
        Err(_) => 0,
    };
    QueryResult {
        value,
        annotations,
        stats: QueryStats { series, samples: ev.total, peak_samples: ev.peak },
    }
}

/// The steps an expression is evaluated at: `start`, `start + interval`, …, up to `end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Range {
    pub start: TimestampMs,
    pub end: TimestampMs,
    pub interval: i64,
}

impl Range {
    pub(crate) fn steps(&self) -> usize {
        if self.end < self.start {
            0
        } else {
            ((self.end - self.start) / self.interval) as usize + 1
        }
    }

    pub(crate) fn times(&self) -> impl Iterator<Item = TimestampMs> + use<> {
        let Range { start, interval, .. } = *self;
        (0..self.steps() as i64).map(move |i| start + i * interval)
    }

    pub(crate) fn is_instant(&self) -> bool {
        self.start == self.end
    }
}

/// An evaluated sub-expression: a matrix (vectors and scalars over all steps)
/// or a string.
pub(crate) enum Val {
    Matrix(Vec<Series>),
    String(String),
}

impl Val {
    fn into_matrix(self) -> Vec<Series> {
        match self {
            Val::Matrix(m) => m,
            Val::String(_) => Vec::new(),
        }
    }
}

pub(crate) type EvalResult<T> = Result<T, QueryError>;

pub(crate) struct Evaluator<'a> {
    storage: &'a Storage,
    opts: &'a EngineOptions,
    query_start: TimestampMs,
    query_end: TimestampMs,
    /// The range query's step, 0 for instant queries (what `step()` means).
    query_step: i64,
    /// Nodes upstream would wrap in a `StepInvariantExpr`.
    invariant: HashSet<*const Expr>,
    /// Selectors read for histogram statistics only (upstream's
    /// `HistogramStatsIterator`), by span.
    stats: Vec<promplay_diagnostics::Span>,
    /// Samples currently held (an approximation of upstream's `currentSamples`).
    live: usize,
    peak: usize,
    total: u64,
    annotations: Vec<Annotation>,
}

pub(crate) fn too_many_samples() -> QueryError {
    QueryError::new("query processing would load too many samples into memory in query execution")
}

pub(crate) fn duplicate_labelset() -> QueryError {
    QueryError::new("vector cannot contain metrics with the same labelset")
}

pub(crate) fn points(m: &[Series]) -> usize {
    m.iter().map(|s| s.floats.len() + s.histograms.len()).sum()
}

impl<'a> Evaluator<'a> {
    /// Accounts for `n` more samples held, failing past the limit.
    pub(crate) fn hold(&mut self, n: usize) -> EvalResult<()> {
        self.live += n;
        self.peak = self.peak.max(self.live);
        if self.live > self.opts.max_samples {
            return Err(too_many_samples());
        }
        Ok(())
    }

    pub(crate) fn annotate(&mut self, a: Annotation) {
        self.annotations.push(a);
    }

    pub(crate) fn delayed(&self) -> bool {
        self.opts.delayed_name_removal
    }

    /// Evaluates `e` over `r`, applying step invariance and sample accounting.
    pub(crate) fn eval(&mut self, e: &Expr, r: Range) -> EvalResult<Val> {
        let before = self.live;
        let val = if r.steps() > 1
            && self.invariant.contains(&(e as *const Expr))
            && !matches!(e.unparen(), Expr::MatrixSelector(_) | Expr::Subquery(_) | Expr::String(_))
        {
            let once = Range { start: r.start, end: r.start, interval: r.interval };
            let mut m = self.eval_node(e, once)?.into_matrix();
            let steps = r.steps();
            self.hold(points(&m) * steps)?;
            for s in &mut m {
                if let Some(p) = s.floats.first().copied() {
                    s.floats = r.times().map(|t| FPoint { t, f: p.f }).collect();
                } else if let Some(p) = s.histograms.first().cloned() {
                    s.histograms = r.times().map(|t| HPoint { t, h: p.h.clone() }).collect();
                }
            }
            Val::Matrix(m)
        } else {
            self.eval_node(e, r)?
        };
        let n = match &val {
            Val::Matrix(m) => points(m),
            Val::String(_) => 0,
        };
        self.live = before;
        self.hold(n)?;
        Ok(val)
    }

    /// Evaluates a vector- or scalar-typed expression into a matrix.
    pub(crate) fn eval_matrix(&mut self, e: &Expr, r: Range) -> EvalResult<Vec<Series>> {
        Ok(self.eval(e, r)?.into_matrix())
    }

    fn eval_node(&mut self, e: &Expr, r: Range) -> EvalResult<Val> {
        if r.end < r.start {
            return Ok(Val::Matrix(Vec::new()));
        }
        match e {
            Expr::Number(n) => Ok(Val::Matrix(vec![scalar_series(r, |_| n.value)])),
            Expr::String(s) => Ok(Val::String(s.value.clone())),
            Expr::Paren(p) => self.eval(&p.expr, r),
            Expr::Unary(u) => {
                let mut m = self.eval_matrix(&u.expr, r)?;
                if u.op == UnaryOp::Neg {
                    for s in &mut m {
                        if !self.delayed() {
                            drop_metric_name(&mut s.labels);
                        }
                        s.drop_name = true;
                        for p in &mut s.floats {
                            p.f = -p.f;
                        }
                        for p in &mut s.histograms {
                            crate::histogram::scale(&mut p.h, -1.0);
                        }
                    }
                    if !self.delayed() {
                        m = merge_same_labelsets(m)?;
                    }
                }
                Ok(Val::Matrix(m))
            }
            Expr::VectorSelector(vs) => Ok(Val::Matrix(self.eval_vector_selector(vs, r)?)),
            Expr::MatrixSelector(ms) => {
                if !r.is_instant() {
                    return Err(QueryError::at(
                        ms.span,
                        "cannot do range evaluation of matrix selector",
                    ));
                }
                Ok(Val::Matrix(self.eval_range_selector(ms, r.start)?))
            }
            Expr::Subquery(sq) => {
                let (m, _) = self.eval_subquery(sq, r)?;
                Ok(Val::Matrix(m))
            }
            Expr::Call(c) => Ok(Val::Matrix(self.eval_call(c, r)?)),
            Expr::Aggregate(a) => Ok(Val::Matrix(self.eval_aggregate(a, r)?)),
            Expr::Binary(b) => Ok(Val::Matrix(self.eval_binary(b, r)?)),
        }
    }

    /// The reference time of a selector at step `ts`: `@` replaces the step
    /// time, then the offset is subtracted.
    pub(crate) fn resolve_at(&self, at: Option<AtModifier>) -> Option<TimestampMs> {
        at.map(|a| match a {
            AtModifier::Timestamp(t) => t,
            AtModifier::Start => self.query_start,
            AtModifier::End => self.query_end,
        })
    }

    /// Resolves a duration that may be written as an expression.
    pub(crate) fn duration(
        &self,
        constant: i64,
        expr: &Option<DurationExpr>,
        allow_negative: bool,
    ) -> EvalResult<i64> {
        match expr {
            None => Ok(constant),
            Some(d) => d
                .resolve(self.query_step, self.query_end - self.query_start, allow_negative)
                .map_err(|m| QueryError::at(d.span(), m)),
        }
    }

    pub(crate) fn offset_of(&self, vs: &VectorSelector) -> EvalResult<i64> {
        self.duration(vs.offset_ms, &vs.offset_expr, true)
    }

    pub(crate) fn range_of(&self, ms: &MatrixSelector) -> EvalResult<i64> {
        self.duration(ms.range_ms, &ms.range_expr, false)
    }

    /// An instant vector selector over all steps.
    fn eval_vector_selector(&mut self, vs: &VectorSelector, r: Range) -> EvalResult<Vec<Series>> {
        let offset = self.offset_of(vs)?;
        let at = self.resolve_at(vs.at);
        let lookback = self.opts.lookback_delta_ms;
        let storage = self.storage;
        if vs.smoothed {
            return self.smooth_series(vs, r, offset, at);
        }
        let stats = self.stats.contains(&vs.span);
        let mut out = Vec::new();
        for (labels, samples) in select::select(storage, &vs.matchers)? {
            let mut cursor = select::Cursor::new(samples);
            let mut s = Series { labels: labels.clone(), ..Series::default() };
            let mut n = 0;
            for ts in r.times() {
                let reference = at.unwrap_or(ts) - offset;
                let Some(sample) = cursor.at(reference, lookback) else { continue };
                match &sample.value {
                    SampleValue::Float(f) => s.floats.push(FPoint { t: ts, f: *f }),
                    SampleValue::Histogram(h) if stats => {
                        let h = select::stats_read(cursor.samples(), cursor.found_index(), h);
                        s.histograms.push(HPoint { t: ts, h });
                    }
                    SampleValue::Histogram(h) => s.histograms.push(HPoint { t: ts, h: h.clone() }),
                }
                n += 1;
            }
            if n > 0 {
                self.total += n as u64;
                self.hold(n)?;
                out.push(s);
            }
        }
        Ok(out)
    }

    /// A `smoothed` instant selector (upstream's `smoothSeries`): the value
    /// at each step interpolated between the samples around it.
    fn smooth_series(
        &mut self,
        vs: &VectorSelector,
        r: Range,
        offset: i64,
        at: Option<TimestampMs>,
    ) -> EvalResult<Vec<Series>> {
        let lb = self.opts.lookback_delta_ms;
        let storage = self.storage;
        let mut out = Vec::new();
        for (labels, samples) in select::select(storage, &vs.matchers)? {
            let name = labels.metric_name().unwrap_or("").to_owned();
            let mut ss = Series { labels: labels.clone(), ..Series::default() };
            let first = at.unwrap_or(r.start) - offset - lb;
            let last = at.unwrap_or(r.end) - offset + lb;
            let all = select::series_points(labels, samples, first, last, false).series;
            for ts in r.times() {
                let data = at.unwrap_or(ts) - offset;
                let (f0, f1) = select::window(&all.floats, |p| p.t, data - lb, data + lb);
                let (h0, h1) = select::window(&all.histograms, |p| p.t, data - lb, data + lb);
                let floats = &all.floats[f0..f1];
                let hists = &all.histograms[h0..h1];
                if floats.is_empty() && hists.is_empty() {
                    continue;
                }
                if !floats.is_empty() && !hists.is_empty() {
                    self.annotate(Annotation::warning(
                        vs.span,
                        format!(
                            "encountered a mix of histograms and floats for metric name {}",
                            binop::go_quote(&name)
                        ),
                    ));
                    continue;
                }
                if !hists.is_empty() {
                    let i = hists.partition_point(|p| p.t < data);
                    if i < hists.len() && hists[i].t == data {
                        ss.histograms.push(HPoint { t: ts, h: hists[i].h.clone() });
                    } else if i > 0 && i < hists.len() {
                        let (prev, next) = (&hists[i - 1], &hists[i]);
                        if (prev.h.schema == -53) != (next.h.schema == -53) {
                            self.annotate(Annotation::warning(
                                vs.span,
                                format!(
                                    "vector contains a mix of histograms with exponential and custom buckets schemas for metric name {}",
                                    binop::go_quote(&name)
                                ),
                            ));
                            continue;
                        }
                        let counter = prev.h.counter_reset_hint
                            != crate::value::CounterResetHint::Gauge
                            || next.h.counter_reset_hint != crate::value::CounterResetHint::Gauge;
                        let fraction = (data - prev.t) as f64 / (next.t - prev.t) as f64;
                        let h = if counter && crate::histogram::detect_reset(&next.h, &prev.h) {
                            crate::histogram::scaled(&next.h, fraction)
                        } else {
                            match crate::histogram::add(&next.h, &prev.h, true) {
                                Some((diff, _)) => {
                                    let step = crate::histogram::scaled(&diff, fraction);
                                    match crate::histogram::add(&step, &prev.h, false) {
                                        Some((h, _)) => h,
                                        None => continue,
                                    }
                                }
                                None => continue,
                            }
                        };
                        ss.histograms.push(HPoint { t: ts, h: Box::new(h) });
                    } else if i > 0 {
                        let mut h = hists[i - 1].h.clone();
                        h.counter_reset_hint = crate::value::CounterResetHint::Unknown;
                        ss.histograms.push(HPoint { t: ts, h });
                    }
                } else {
                    let i = floats.partition_point(|p| p.t < data);
                    if i < floats.len() && floats[i].t == data {
                        ss.floats.push(FPoint { t: ts, f: floats[i].f });
                    } else if i > 0 && i < floats.len() {
                        let (p, n) = (floats[i - 1], floats[i]);
                        let f = p.f + (n.f - p.f) * (data - p.t) as f64 / (n.t - p.t) as f64;
                        ss.floats.push(FPoint { t: ts, f });
                    } else if i > 0 {
                        ss.floats.push(FPoint { t: ts, f: floats[i - 1].f });
                    }
                }
            }
            let n = ss.floats.len() + ss.histograms.len();
            if n > 0 {
                self.total += n as u64;
                self.hold(n)?;
                out.push(ss);
            }
        }
        Ok(out)
    }

    /// A range selector evaluated once at `ts` (an instant query's range vector).
    fn eval_range_selector(
        &mut self,
        ms: &MatrixSelector,
        ts: TimestampMs,
    ) -> EvalResult<Vec<Series>> {
        let vs = &ms.selector;
        let offset = self.offset_of(vs)?;
        let range = self.range_of(ms)?;
        let maxt = self.resolve_at(vs.at).unwrap_or(ts) - offset;
        let mint = maxt - range;
        let storage = self.storage;
        let mut out = Vec::new();
        for (labels, samples) in select::select(storage, &vs.matchers)? {
            let (lo, hi) = if vs.anchored {
                (mint - self.opts.lookback_delta_ms, maxt)
            } else if vs.smoothed {
                (mint - self.opts.lookback_delta_ms, maxt + self.opts.lookback_delta_ms)
            } else {
                (mint, maxt)
            };
            let mut p =
                select::series_points(labels, samples, lo, hi, self.stats.contains(&vs.span));
            if vs.anchored || vs.smoothed {
                if !p.series.histograms.is_empty() {
                    let which = if vs.anchored { "anchored" } else { "smoothed" };
                    return Err(QueryError::new(format!(
                        "{which} modifier is not supported with histograms"
                    )));
                }
                if !p.series.floats.is_empty() {
                    p.series.floats =
                        call::extend_floats(&p.series.floats, mint, maxt, vs.smoothed);
                }
            }
            let n = p.series.floats.len() + p.series.histograms.len();
            if n > 0 {
                self.total += n as u64;
                self.hold(n)?;
                out.push(p.series);
            }
        }
        Ok(out)
    }

    /// Evaluates a subquery: its inner expression over steps aligned to
    /// multiples of the subquery step. Returns the matrix and the offset
    /// (ms) the caller's windows must use.
    pub(crate) fn eval_subquery(
        &mut self,
        sq: &SubqueryExpr,
        r: Range,
    ) -> EvalResult<(Vec<Series>, i64)> {
        let offset = self.duration(sq.offset_ms, &sq.offset_expr, true)?;
        let range = self.duration(sq.range_ms, &sq.range_expr, false)?;
        let step = match &sq.step_expr {
            Some(_) => self.duration(sq.step_ms, &sq.step_expr, false)?,
            None if sq.step_ms > 0 => sq.step_ms,
            None => self.opts.default_subquery_step_ms,
        };
        // With `@` the subquery is evaluated once, as of that time.
        let (start, end) = match self.resolve_at(sq.at) {
            Some(at) => (at, at),
            None => (r.start, r.start + ((r.end - r.start) / r.interval) * r.interval),
        };
        let sub_end = end - offset;
        let lower = start - offset - range;
        let mut sub_start = step * lower.div_euclid(step);
        if sub_start <= lower {
            sub_start += step;
        }
        // Guard against a subquery with absurdly many steps.
        if sub_end >= sub_start && (sub_end - sub_start) / step > self.opts.max_samples as i64 {
            return Err(too_many_samples());
        }
        let sub = Range { start: sub_start, end: sub_end, interval: step };
        let mut m = self.eval_matrix(&sq.expr, sub)?;
        for s in &mut m {
            for p in &mut s.histograms {
                if matches!(
                    p.h.counter_reset_hint,
                    crate::value::CounterResetHint::CounterReset
                        | crate::value::CounterResetHint::NotCounterReset
                ) {
                    p.h.counter_reset_hint = crate::value::CounterResetHint::Unknown;
                }
            }
        }
        Ok((m, offset))
    }

    /// Converts the final matrix into the query's result value.
    fn finish(
        &mut self,
        expr: &Expr,
        val: Val,
        instant: bool,
        t: TimestampMs,
    ) -> EvalResult<Value> {
        let mut m = match val {
            Val::String(s) => return Ok(Value::String { t, s }),
            Val::Matrix(m) => m,
        };
        let ty = expr.value_type();
        if self.delayed() {
            for s in &mut m {
                if s.drop_name {
                    drop_metric_name(&mut s.labels);
                }
            }
            if instant && ty == ValueType::Vector {
                if contains_same_labelset(m.iter().map(|s| &s.labels)) {
                    return Err(duplicate_labelset());
                }
            } else {
                m = merge_same_labelsets(m)?;
            }
        }
        if instant {
            match ty {
                ValueType::Vector => {
                    let v = m
                        .into_iter()
                        .filter_map(|s| {
                            let value = match s.histograms.into_iter().next() {
                                Some(h) => SampleValue::Histogram(h.h),
                                None => SampleValue::Float(s.floats.first()?.f),
                            };
                            Some(Sample { labels: s.labels, t, value, drop_name: s.drop_name })
                        })
                        .collect();
                    return Ok(Value::Vector(v));
                }
                ValueType::Scalar => {
                    let v = m.first().and_then(|s| s.floats.first()).map_or(f64::NAN, |p| p.f);
                    return Ok(Value::Scalar { t, v });
                }
                _ => {}
            }
        }
        m.sort_by(|a, b| a.labels.cmp(&b.labels));
        Ok(Value::Matrix(m))
    }
}

/// A scalar as a matrix: one series without labels, a point at every step.
pub(crate) fn scalar_series(r: Range, f: impl Fn(TimestampMs) -> f64) -> Series {
    Series { floats: r.times().map(|t| FPoint { t, f: f(t) }).collect(), ..Series::default() }
}

pub(crate) fn contains_same_labelset<'l>(labels: impl Iterator<Item = &'l Labels>) -> bool {
    let mut seen = HashSet::new();
    for l in labels {
        if !seen.insert(l) {
            return true;
        }
    }
    false
}

/// Merges series whose label sets became equal (after the name was dropped)
/// when their points do not overlap; overlapping points are an error
/// (upstream's `mergeSeriesWithSameLabelset`).
pub(crate) fn merge_same_labelsets(m: Vec<Series>) -> EvalResult<Vec<Series>> {
    if m.len() <= 1 || !contains_same_labelset(m.iter().map(|s| &s.labels)) {
        return Ok(m);
    }
    let mut index: FxHashMap<Labels, usize> = FxHashMap::default();
    let mut out: Vec<Series> = Vec::new();
    for s in m {
        match index.get(&s.labels) {
            Some(&i) => {
                let base = &mut out[i];
                base.floats.extend(s.floats);
                base.histograms.extend(s.histograms);
            }
            None => {
                index.insert(s.labels.clone(), out.len());
                out.push(s);
            }
        }
    }
    for s in &mut out {
        s.floats.sort_by_key(|p| p.t);
        s.histograms.sort_by_key(|p| p.t);
        if s.floats.windows(2).any(|w| w[0].t == w[1].t)
            || s.histograms.windows(2).any(|w| w[0].t == w[1].t)
        {
            return Err(duplicate_labelset());
        }
    }
    Ok(out)
}

/// One element of a vector at a step: a float or a borrowed histogram.
#[derive(Clone, Copy, Debug)]
pub(crate) enum V<'a> {
    F(f64),
    H(&'a FloatHistogram),
}

impl<'a> V<'a> {
    pub(crate) fn float(&self) -> f64 {
        match self {
            V::F(f) => *f,
            V::H(_) => 0.0,
        }
    }

    pub(crate) fn hist(&self) -> Option<&'a FloatHistogram> {
        match self {
            V::F(_) => None,
            V::H(h) => Some(h),
        }
    }

    pub(crate) fn to_value(self) -> SampleValue {
        match self {
            V::F(f) => SampleValue::Float(f),
            V::H(h) => SampleValue::Histogram(Box::new(h.clone())),
        }
    }
}

/// Walks a matrix step by step, yielding the series that have a point at
/// each step (upstream's `gatherVector`).
pub(crate) struct StepCursor<'m> {
    m: &'m [Series],
    fi: Vec<usize>,
    hi: Vec<usize>,
}

impl<'m> StepCursor<'m> {
    pub(crate) fn new(m: &'m [Series]) -> StepCursor<'m> {
        StepCursor { m, fi: vec![0; m.len()], hi: vec![0; m.len()] }
    }

    /// Fills `out` with (series index, value) for every series with a point at `ts`.
    pub(crate) fn gather(&mut self, ts: TimestampMs, out: &mut Vec<(usize, V<'m>)>) {
        out.clear();
        for (i, s) in self.m.iter().enumerate() {
            let fi = &mut self.fi[i];
            while *fi < s.floats.len() && s.floats[*fi].t < ts {
                *fi += 1;
            }
            if *fi < s.floats.len() && s.floats[*fi].t == ts {
                out.push((i, V::F(s.floats[*fi].f)));
                *fi += 1;
                continue;
            }
            let hi = &mut self.hi[i];
            while *hi < s.histograms.len() && s.histograms[*hi].t < ts {
                *hi += 1;
            }
            if *hi < s.histograms.len() && s.histograms[*hi].t == ts {
                out.push((i, V::H(&s.histograms[*hi].h)));
                *hi += 1;
            }
        }
    }
}

/// Builds an output matrix step by step: one slot per distinct label set;
/// two values for one slot at the same step are the duplicate-series error.
pub(crate) struct Collector {
    index: FxHashMap<Labels, usize>,
    out: Vec<Series>,
    last: Vec<TimestampMs>,
}

impl Collector {
    pub(crate) fn new(_r: Range) -> Collector {
        Collector { index: FxHashMap::default(), out: Vec::new(), last: Vec::new() }
    }

    /// A new slot for a label set the caller knows no other slot has (it
    /// deduplicates by a cheaper key of its own), skipping the label index.
    pub(crate) fn slot_unique(&mut self, labels: Labels, drop_name: bool) -> usize {
        let i = self.out.len();
        self.out.push(Series { labels, drop_name, ..Series::default() });
        self.last.push(TimestampMs::MIN);
        i
    }

    /// The slot for a label set, created on first use.
    pub(crate) fn slot(&mut self, labels: Labels, drop_name: bool) -> usize {
        if let Some(&i) = self.index.get(&labels) {
            return i;
        }
        let i = self.out.len();
        self.index.insert(labels.clone(), i);
        self.out.push(Series { labels, drop_name, ..Series::default() });
        self.last.push(TimestampMs::MIN);
        i
    }

    pub(crate) fn push(
        &mut self,
        slot: usize,
        ts: TimestampMs,
        f: f64,
        h: Option<Box<FloatHistogram>>,
    ) -> EvalResult<()> {
        if self.last[slot] == ts {
            return Err(duplicate_labelset());
        }
        self.last[slot] = ts;
        match h {
            Some(h) => self.out[slot].histograms.push(HPoint { t: ts, h }),
            None => self.out[slot].floats.push(FPoint { t: ts, f }),
        }
        Ok(())
    }

    pub(crate) fn push_v(&mut self, slot: usize, ts: TimestampMs, v: V) -> EvalResult<()> {
        match v {
            V::F(f) => self.push(slot, ts, f, None),
            V::H(h) => self.push(slot, ts, 0.0, Some(Box::new(h.clone()))),
        }
    }

    /// Marks a slot's series for name removal.
    pub(crate) fn mark_drop_name(&mut self, slot: usize) {
        self.out[slot].drop_name = true;
    }

    /// The series that received at least one point, in slot order.
    pub(crate) fn finish(self) -> Vec<Series> {
        self.out.into_iter().filter(|s| !s.floats.is_empty() || !s.histograms.is_empty()).collect()
    }
}
