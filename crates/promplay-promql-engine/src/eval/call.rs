//! Function calls: the per-step wiring of upstream's `eval` for
//! `*parser.Call` (a range-vector argument is walked one series at a time,
//! other arguments step by step), plus what the engine itself implements:
//! `timestamp()` of a selector, `absent()`, `absent_over_time()`, the
//! query-context functions (`start()`, `end()`, `range()`, `step()`),
//! the sort-in-range-query warning and the possible-non-counter info.

use promplay_diagnostics::Span;
use promplay_model::{Labels, TimestampMs};
use promplay_promql_syntax::{Call, Expr, MatchOp, ValueType};

use super::binop::scalar_values;
use super::invariant::QUERY_CONTEXT;
use super::select::{self, SeriesPoints};
use super::{
    Collector, EvalResult, Evaluator, Range, StepCursor, contains_same_labelset,
    duplicate_labelset, scalar_series,
};
use crate::call::{FnArg, FnCtx, SeriesRef, StartTimestamps};
use crate::functions;
use crate::result::{Annotation, QueryError};
use crate::value::{FPoint, HPoint, Sample, SampleValue, Series, drop_metric_name};

const ANCHORED_SAFE: &[&str] = &["changes", "delta", "increase", "rate", "resets"];
const SMOOTHED_SAFE: &[&str] = &["delta", "increase", "rate"];

/// Functions whose output sample depends only on the input sample (and
/// scalar arguments), with the input's labels (minus the name).
const ELEMENTWISE: &[&str] = &[
    "abs",
    "ceil",
    "floor",
    "exp",
    "ln",
    "log2",
    "log10",
    "sqrt",
    "sgn",
    "round",
    "clamp",
    "clamp_min",
    "clamp_max",
    "deg",
    "rad",
    "sin",
    "cos",
    "tan",
    "asin",
    "acos",
    "atan",
    "sinh",
    "cosh",
    "tanh",
    "asinh",
    "acosh",
    "atanh",
];

/// The source of a range-vector argument: series with all their points
/// (from storage or a subquery) and how to cut windows from them.
struct RangeSource {
    series: Vec<SeriesPoints>,
    range: i64,
    offset: i64,
    at: Option<TimestampMs>,
    anchored: bool,
    smoothed: bool,
}

impl Evaluator<'_> {
    pub(crate) fn eval_call(&mut self, c: &Call, r: Range) -> EvalResult<Vec<Series>> {
        let name = c.func.name;
        if QUERY_CONTEXT.contains(&name) {
            let v = match name {
                "start" => self.query_start as f64 / 1000.0,
                "end" => self.query_end as f64 / 1000.0,
                "range" => (self.query_end - self.query_start) as f64 / 1000.0,
                _ => {
                    if self.query_start == self.query_end {
                        0.0
                    } else {
                        self.query_step as f64 / 1000.0
                    }
                }
            };
            return Ok(vec![scalar_series(r, |_| v)]);
        }
        if matches!(name, "timestamp" | "start_timestamp")
            && let Some(Expr::VectorSelector(vs)) = c.args.first().map(Expr::unparen)
        {
            return self.timestamp_of_selector(c, vs, r);
        }
        if matches!(name, "sort" | "sort_desc" | "sort_by_label" | "sort_by_label_desc")
            && !r.is_instant()
        {
            self.annotate(Annotation::warning(
                c.span,
                "sort is ineffective for range queries since results are always ordered by labels",
            ));
        }
        let matrix_arg = c
            .args
            .iter()
            .position(|a| matches!(a.unparen(), Expr::MatrixSelector(_) | Expr::Subquery(_)));
        match matrix_arg {
            _ if name == "info" => self.eval_info(c, r),
            Some(i) => self.call_with_range(c, i, r),
            None if name == "absent" => self.absent(c, r),
            None if ELEMENTWISE.contains(&name) && c.args.len() <= 4 => self.call_elementwise(c, r),
            None if matches!(name, "label_replace" | "label_join") => self.call_relabel(c, r),
            None => self.call_per_step(c, r),
        }
    }

    /// A function that maps each sample on its own (math, clamping,
    /// rounding, dates): called per series and step with a one-sample vector
    /// whose labels are left empty, so that no label set is copied per step.
    /// The output keeps the input's labels, minus the name when the function
    /// drops it.
    fn call_elementwise(&mut self, c: &Call, r: Range) -> EvalResult<Vec<Series>> {
        let input = self.eval_matrix(&c.args[0], r)?;
        let mut scalars = Vec::with_capacity(c.args.len());
        for a in &c.args[1..] {
            scalars.push(scalar_values(&self.eval_matrix(a, r)?, r));
        }
        self.elementwise(c, r, input, scalars)
    }

    /// The per-sample loop of [`Self::call_elementwise`], out of line so
    /// that its large debug-build frame is not on the stack while the
    /// arguments evaluate (nested calls must fit wasm's 1 MiB stack).
    #[inline(never)]
    fn elementwise(
        &mut self,
        c: &Call,
        r: Range,
        input: Vec<Series>,
        scalars: Vec<Vec<f64>>,
    ) -> EvalResult<Vec<Series>> {
        let arg_spans: Vec<Span> = c.args.iter().map(Expr::span).collect();
        let delayed = self.delayed();
        let mut annotations = Vec::new();
        let mut out: Vec<Series> = Vec::with_capacity(input.len());
        let mut one = vec![Sample::float(Labels::new(), 0, 0.0)];
        for s in &input {
            let mut ss = Series::default();
            let mut drop = s.drop_name;
            let steps = s
                .floats
                .iter()
                .map(|p| (p.t, SampleValue::Float(p.f)))
                .chain(s.histograms.iter().map(|p| (p.t, SampleValue::Histogram(p.h.clone()))));
            for (t, value) in steps {
                let step = ((t - r.start) / r.interval) as usize;
                one[0] = Sample { labels: Labels::new(), t, value, drop_name: s.drop_name };
                let mut arg_buf = [FnArg::Scalar(f64::NAN); 4];
                let nargs = c.args.len().min(arg_buf.len());
                arg_buf[0] = FnArg::Vector(&one);
                for i in 1..nargs {
                    arg_buf[i] =
                        FnArg::Scalar(scalars[i - 1].get(step).copied().unwrap_or(f64::NAN));
                }
                let mut ctx = FnCtx {
                    t,
                    range_start: t,
                    range_end: t,
                    range_ms: 0,
                    anchored: false,
                    smoothed: false,
                    lookback_delta_ms: self.opts.lookback_delta_ms,
                    start_timestamps: None,
                    call_span: c.span,
                    arg_spans: &arg_spans,
                    delayed_name_removal: delayed,
                    annotations: &mut annotations,
                };
                for o in functions::call(c.func.name, &arg_buf[..nargs], &mut ctx)? {
                    drop |= o.drop_name;
                    match o.value {
                        SampleValue::Float(f) => ss.floats.push(FPoint { t, f }),
                        SampleValue::Histogram(h) => ss.histograms.push(HPoint { t, h }),
                    }
                }
            }
            if ss.floats.is_empty() && ss.histograms.is_empty() {
                continue;
            }
            ss.labels = s.labels.clone();
            if drop && !delayed {
                drop_metric_name(&mut ss.labels);
            }
            ss.drop_name = drop;
            ss.histograms.sort_by_key(|p| p.t);
            out.push(ss);
        }
        self.annotations.extend(annotations);
        if !delayed {
            out = super::merge_same_labelsets(out)?;
        }
        Ok(out)
    }

    /// `label_replace` and `label_join`: the output labels depend only on
    /// the input series' labels, so they are computed once per series
    /// instead of once per sample. Series that end up with the same labels
    /// are merged, which is an error where they have points at the same
    /// step, and output series come in the order a step-by-step evaluation
    /// would first produce them.
    fn call_relabel(&mut self, c: &Call, r: Range) -> EvalResult<Vec<Series>> {
        let input = self.eval_matrix(&c.args[0], r)?;
        let mut strings = Vec::with_capacity(c.args.len());
        for a in &c.args[1..] {
            let v = self.eval(a, r)?;
            if a.value_type() == ValueType::String {
                strings.push(match v {
                    super::Val::String(s) => s,
                    super::Val::Matrix(_) => String::new(),
                });
            }
        }
        let strs: Vec<&str> = strings.iter().map(String::as_str).collect();
        let relabel = match functions::Relabel::new(c.func.name, &strs) {
            Ok(Some(relabel)) => relabel,
            // Malformed argument lists get the per-step path's messages.
            Ok(None) => return self.call_per_step(c, r),
            Err(e) => return Err(QueryError::at(c.span, e)),
        };
        let first_t = |s: &Series| match (s.floats.first(), s.histograms.first()) {
            (Some(f), Some(h)) => Some(f.t.min(h.t)),
            (Some(f), None) => Some(f.t),
            (None, Some(h)) => Some(h.t),
            (None, None) => None,
        };
        let mut order: Vec<(TimestampMs, usize)> =
            input.iter().enumerate().filter_map(|(i, s)| Some((first_t(s)?, i))).collect();
        order.sort_unstable();
        let mut input: Vec<Option<Series>> = input.into_iter().map(Some).collect();
        let mut index: rustc_hash::FxHashMap<Labels, usize> = rustc_hash::FxHashMap::default();
        let mut out: Vec<Series> = Vec::with_capacity(order.len());
        let mut merged: Vec<bool> = Vec::with_capacity(order.len());
        for (_, i) in order {
            let Some(s) = input[i].take() else { continue };
            let (labels, drop_name) = relabel.apply(&s.labels, s.drop_name);
            match index.get(&labels) {
                Some(&slot) => {
                    out[slot].floats.extend(s.floats);
                    out[slot].histograms.extend(s.histograms);
                    merged[slot] = true;
                }
                None => {
                    index.insert(labels.clone(), out.len());
                    out.push(Series {
                        labels,
                        floats: s.floats,
                        histograms: s.histograms,
                        drop_name,
                    });
                    merged.push(false);
                }
            }
        }
        for (s, m) in out.iter_mut().zip(merged) {
            if !m {
                continue;
            }
            s.floats.sort_by_key(|p| p.t);
            s.histograms.sort_by_key(|p| p.t);
            let mut times: Vec<TimestampMs> =
                s.floats.iter().map(|p| p.t).chain(s.histograms.iter().map(|p| p.t)).collect();
            times.sort_unstable();
            if times.windows(2).any(|w| w[0] == w[1]) {
                return Err(duplicate_labelset());
            }
        }
        Ok(out)
    }

    /// A function without a range-vector argument, called once per step.
    fn call_per_step(&mut self, c: &Call, r: Range) -> EvalResult<Vec<Series>> {
        let mut args = Vec::with_capacity(c.args.len());
        for a in &c.args {
            args.push(match a.value_type() {
                ValueType::String => match self.eval(a, r)? {
                    super::Val::String(s) => Arg::Str(s),
                    super::Val::Matrix(_) => Arg::Str(String::new()),
                },
                ValueType::Scalar => Arg::Scalar(scalar_values(&self.eval_matrix(a, r)?, r)),
                _ => Arg::Vector(self.eval_matrix(a, r)?),
            });
        }
        self.per_step(c, r, args)
    }

    /// The step loop of [`Self::call_per_step`], out of line like
    /// [`Self::elementwise`].
    #[inline(never)]
    fn per_step(&mut self, c: &Call, r: Range, args: Vec<Arg>) -> EvalResult<Vec<Series>> {
        let arg_spans: Vec<Span> = c.args.iter().map(Expr::span).collect();
        let mut cursors: Vec<Option<StepCursor>> = args
            .iter()
            .map(|a| match a {
                Arg::Vector(m) => Some(StepCursor::new(m)),
                _ => None,
            })
            .collect();
        let mut vectors: Vec<Vec<Sample>> = vec![Vec::new(); args.len()];
        let mut row = Vec::new();
        let mut out = Collector::new(r);
        let mut annotations = Vec::new();
        let delayed = self.delayed();
        for (step, ts) in r.times().enumerate() {
            for (i, a) in args.iter().enumerate() {
                if let (Arg::Vector(m), Some(cur)) = (a, cursors[i].as_mut()) {
                    cur.gather(ts, &mut row);
                    let v = &mut vectors[i];
                    v.clear();
                    v.extend(row.iter().map(|&(si, val)| Sample {
                        labels: m[si].labels.clone(),
                        t: ts,
                        value: val.to_value(),
                        drop_name: m[si].drop_name,
                    }));
                    self.hold(0)?;
                }
            }
            let fn_args: Vec<FnArg> = args
                .iter()
                .enumerate()
                .map(|(i, a)| match a {
                    Arg::Str(s) => FnArg::String(s),
                    Arg::Scalar(v) => FnArg::Scalar(v[step]),
                    Arg::Vector(_) => FnArg::Vector(&vectors[i]),
                })
                .collect();
            let mut ctx = FnCtx {
                t: ts,
                range_start: ts,
                range_end: ts,
                range_ms: 0,
                anchored: false,
                smoothed: false,
                lookback_delta_ms: self.opts.lookback_delta_ms,
                start_timestamps: None,
                call_span: c.span,
                arg_spans: &arg_spans,
                delayed_name_removal: delayed,
                annotations: &mut annotations,
            };
            let result = functions::call(c.func.name, &fn_args, &mut ctx)?;
            if r.is_instant()
                && !delayed
                && contains_same_labelset(result.iter().map(|s| &s.labels))
            {
                return Err(duplicate_labelset());
            }
            for s in result {
                let slot = out.slot(s.labels, s.drop_name);
                match s.value {
                    SampleValue::Float(f) => out.push(slot, ts, f, None)?,
                    SampleValue::Histogram(h) => out.push(slot, ts, 0.0, Some(h))?,
                }
            }
        }
        self.annotations.extend(annotations);
        Ok(out.finish())
    }

    /// Evaluates a range-vector argument into its series with all points needed.
    fn range_source(&mut self, arg: &Expr, r: Range) -> EvalResult<RangeSource> {
        match arg {
            Expr::MatrixSelector(ms) => {
                let vs = &ms.selector;
                let offset = self.offset_of(vs)?;
                let range = self.range_of(ms)?;
                let at = self.resolve_at(vs.at);
                let lookback = self.opts.lookback_delta_ms;
                let extra_before = if vs.anchored || vs.smoothed { lookback } else { 0 };
                let extra_after = if vs.smoothed { lookback } else { 0 };
                let (first, last) = match at {
                    Some(a) => (a, a),
                    None => (r.start, r.end),
                };
                let mint = first - offset - range - extra_before;
                let maxt = last - offset + extra_after;
                let storage = self.storage;
                let mut series = Vec::new();
                for (labels, samples) in select::select(storage, &vs.matchers)? {
                    let p = select::series_points(
                        labels,
                        samples,
                        mint,
                        maxt,
                        self.stats.contains(&vs.span),
                    );
                    if p.series.floats.is_empty() && p.series.histograms.is_empty() {
                        continue;
                    }
                    series.push(p);
                }
                Ok(RangeSource {
                    series,
                    range,
                    offset,
                    at,
                    anchored: vs.anchored,
                    smoothed: vs.smoothed,
                })
            }
            Expr::Subquery(sq) => {
                let range = self.duration(sq.range_ms, &sq.range_expr, false)?;
                let (m, offset) = self.eval_subquery(sq, r)?;
                let at = self.resolve_at(sq.at);
                let series = m
                    .into_iter()
                    .map(|s| SeriesPoints {
                        series: s,
                        float_sts: Vec::new(),
                        hist_sts: Vec::new(),
                    })
                    .collect();
                Ok(RangeSource { series, range, offset, at, anchored: false, smoothed: false })
            }
            _ => Err(QueryError::at(arg.span(), "expected a range vector")),
        }
    }

    /// A function with a range-vector argument: one call per series and step.
    fn call_with_range(&mut self, c: &Call, index: usize, r: Range) -> EvalResult<Vec<Series>> {
        let name = c.func.name;
        let arg = c.args[index].unparen();
        if let Expr::MatrixSelector(ms) = arg {
            if ms.selector.anchored && !ANCHORED_SAFE.contains(&name) {
                return Err(QueryError::new(format!(
                    "anchored modifier can only be used with: {} - not with {name}",
                    ANCHORED_SAFE.join(", ")
                )));
            }
            if ms.selector.smoothed && !SMOOTHED_SAFE.contains(&name) {
                return Err(QueryError::new(format!(
                    "smoothed modifier can only be used with: {} - not with {name}",
                    SMOOTHED_SAFE.join(", ")
                )));
            }
        }
        // The other arguments are scalars (or strings), evaluated over all steps.
        let mut scalars: Vec<Option<Vec<f64>>> = Vec::with_capacity(c.args.len());
        let mut strings: Vec<Option<String>> = Vec::with_capacity(c.args.len());
        for (i, a) in c.args.iter().enumerate() {
            if i == index {
                scalars.push(None);
                strings.push(None);
            } else if a.value_type() == ValueType::String {
                let s = match self.eval(a, r)? {
                    super::Val::String(s) => s,
                    super::Val::Matrix(_) => String::new(),
                };
                scalars.push(None);
                strings.push(Some(s));
            } else {
                scalars.push(Some(scalar_values(&self.eval_matrix(a, r)?, r)));
                strings.push(None);
            }
        }
        let src = self.range_source(arg, r)?;
        self.with_range(c, index, r, scalars, strings, src)
    }

    /// The window loop of [`Self::call_with_range`], out of line like
    /// [`Self::elementwise`].
    #[inline(never)]
    fn with_range(
        &mut self,
        c: &Call,
        index: usize,
        r: Range,
        scalars: Vec<Option<Vec<f64>>>,
        strings: Vec<Option<String>>,
        src: RangeSource,
    ) -> EvalResult<Vec<Series>> {
        let name = c.func.name;
        let arg = c.args[index].unparen();
        let arg_spans: Vec<Span> = c.args.iter().map(Expr::span).collect();
        let delayed = self.delayed();
        let keeps_name = name == "last_over_time" || name == "first_over_time";
        let with_sts = self.opts.use_start_timestamps
            && matches!(name, "rate" | "irate" | "increase" | "resets");
        let lookback = self.opts.lookback_delta_ms;
        let mut out: Vec<Series> = Vec::new();
        let mut annotations = Vec::new();
        let mut sts = StartTimestamps::default();
        let absent_over_time = name == "absent_over_time";
        let mut covered = vec![false; r.steps()];
        for p in &src.series {
            let drop = !keeps_name || p.series.drop_name;
            let mut labels = p.series.labels.clone();
            if !delayed && drop {
                drop_metric_name(&mut labels);
            }
            let mut ss = Series { labels, drop_name: drop, ..Series::default() };
            // Windows only move forward, so their bounds advance instead of
            // being searched for at every step.
            let mut fw = select::Window::default();
            let mut hw = select::Window::default();
            for (step, ts) in r.times().enumerate() {
                let maxt = src.at.unwrap_or(ts) - src.offset;
                let mint = maxt - src.range;
                let lo = if src.anchored || src.smoothed { mint - lookback } else { mint };
                let hi = if src.smoothed { maxt + lookback } else { maxt };
                let (f0, f1) = fw.advance(&p.series.floats, |x| x.t, lo, hi);
                let (h0, h1) = hw.advance(&p.series.histograms, |x| x.t, lo, hi);
                if f0 == f1 && h0 == h1 {
                    continue;
                }
                covered[step] = true;
                if absent_over_time {
                    continue;
                }
                // The function reads the window in place: no per-step copy.
                let w = SeriesRef {
                    labels: &p.series.labels,
                    floats: &p.series.floats[f0..f1],
                    histograms: &p.series.histograms[h0..h1],
                    drop_name: p.series.drop_name,
                };
                self.total += ((f1 - f0) + (h1 - h0)) as u64;
                if with_sts {
                    sts.floats.clear();
                    sts.histograms.clear();
                    if p.float_sts.len() == p.series.floats.len() {
                        sts.floats.extend_from_slice(&p.float_sts[f0..f1]);
                    } else {
                        sts.floats.resize(f1 - f0, 0);
                    }
                    if p.hist_sts.len() == p.series.histograms.len() {
                        sts.histograms.extend_from_slice(&p.hist_sts[h0..h1]);
                    } else {
                        sts.histograms.resize(h1 - h0, 0);
                    }
                }
                // Functions take at most a handful of arguments; keep them on the stack.
                let mut arg_buf = [FnArg::Scalar(f64::NAN); 4];
                let nargs = c.args.len().min(arg_buf.len());
                for (i, slot) in arg_buf.iter_mut().enumerate().take(nargs) {
                    *slot = if i == index {
                        // A placeholder: `call_range` takes the window itself.
                        FnArg::Matrix(&[])
                    } else if let Some(s) = &strings[i] {
                        FnArg::String(s)
                    } else {
                        FnArg::Scalar(scalars[i].as_ref().map_or(f64::NAN, |v| v[step]))
                    };
                }
                let fn_args = &arg_buf[..nargs];
                let mut ctx = FnCtx {
                    t: ts,
                    range_start: mint,
                    range_end: maxt,
                    range_ms: src.range,
                    anchored: src.anchored,
                    smoothed: src.smoothed,
                    lookback_delta_ms: lookback,
                    start_timestamps: if with_sts { Some(&sts) } else { None },
                    call_span: c.span,
                    arg_spans: &arg_spans,
                    delayed_name_removal: delayed,
                    annotations: &mut annotations,
                };
                if let Some((value, _)) = functions::call_range(name, fn_args, w, &mut ctx)? {
                    match value {
                        SampleValue::Float(f) => ss.floats.push(FPoint { t: ts, f }),
                        SampleValue::Histogram(h) => ss.histograms.push(HPoint { t: ts, h }),
                    }
                }
            }
            let n = ss.floats.len() + ss.histograms.len();
            if n > 0 {
                self.hold(n)?;
                out.push(ss);
            }
        }
        self.annotations.extend(annotations);
        if absent_over_time {
            if covered.iter().all(|c| *c) {
                return Ok(Vec::new());
            }
            let floats = r
                .times()
                .zip(covered)
                .filter(|(_, c)| !c)
                .map(|(t, _)| FPoint { t, f: 1.0 })
                .collect();
            return Ok(vec![Series {
                labels: absent_labels(arg),
                floats,
                histograms: Vec::new(),
                drop_name: true,
            }]);
        }
        if !delayed && contains_same_labelset(out.iter().map(|s| &s.labels)) {
            return Err(duplicate_labelset());
        }
        Ok(out)
    }

    /// `absent(v)`: 1 with labels from the selector's equality matchers at
    /// every step where `v` is empty.
    fn absent(&mut self, c: &Call, r: Range) -> EvalResult<Vec<Series>> {
        let arg = &c.args[0];
        let m = self.eval_matrix(arg, r)?;
        let mut cursor = StepCursor::new(&m);
        let mut row = Vec::new();
        let mut floats = Vec::new();
        for ts in r.times() {
            cursor.gather(ts, &mut row);
            if row.is_empty() {
                floats.push(FPoint { t: ts, f: 1.0 });
            }
        }
        if floats.is_empty() {
            return Ok(Vec::new());
        }
        Ok(vec![Series {
            labels: absent_labels(arg.unparen()),
            floats,
            histograms: Vec::new(),
            drop_name: false,
        }])
    }

    /// `timestamp(selector)` (and `start_timestamp`): the function sees the
    /// samples with their own timestamps, not the step's.
    fn timestamp_of_selector(
        &mut self,
        c: &Call,
        vs: &promplay_promql_syntax::VectorSelector,
        r: Range,
    ) -> EvalResult<Vec<Series>> {
        let offset = self.offset_of(vs)?;
        let at = self.resolve_at(vs.at);
        let lookback = self.opts.lookback_delta_ms;
        let storage = self.storage;
        let selected = select::select(storage, &vs.matchers)?;
        let mut cursors: Vec<select::Cursor> =
            selected.iter().map(|(_, s)| select::Cursor::new(s)).collect();
        let arg_spans: Vec<Span> = c.args.iter().map(Expr::span).collect();
        let delayed = self.delayed();
        let mut out = Collector::new(r);
        let mut annotations = Vec::new();
        let mut vector = Vec::new();
        let mut sts = StartTimestamps::default();
        let propagate = c.func.name == "start_timestamp" && self.opts.use_start_timestamps;
        for ts in r.times() {
            // Upstream replaces the offset when `@` is used, so that every step sees the sample at `@`.
            let reference = match at {
                Some(a) => a,
                None => ts - offset,
            };
            vector.clear();
            sts.floats.clear();
            for (i, (labels, _)) in selected.iter().enumerate() {
                let Some(s) = cursors[i].at(reference, lookback) else { continue };
                vector.push(Sample {
                    labels: (*labels).clone(),
                    t: s.t,
                    value: SampleValue::Float(0.0),
                    drop_name: false,
                });
                sts.floats.push(s.st.unwrap_or(0));
            }
            self.total += vector.len() as u64;
            let fn_args = [FnArg::Vector(&vector)];
            let mut ctx = FnCtx {
                t: ts,
                range_start: ts,
                range_end: ts,
                range_ms: 0,
                anchored: false,
                smoothed: false,
                lookback_delta_ms: lookback,
                start_timestamps: if propagate { Some(&sts) } else { None },
                call_span: c.span,
                arg_spans: &arg_spans,
                delayed_name_removal: delayed,
                annotations: &mut annotations,
            };
            let result = functions::call(c.func.name, &fn_args, &mut ctx)?;
            for s in result {
                let slot = out.slot(s.labels, s.drop_name);
                match s.value {
                    SampleValue::Float(f) => out.push(slot, ts, f, None)?,
                    SampleValue::Histogram(h) => out.push(slot, ts, 0.0, Some(h))?,
                }
            }
        }
        self.annotations.extend(annotations);
        Ok(out.finish())
    }
}

/// The labels `absent()` and `absent_over_time()` report (upstream's
/// `createLabelsForAbsentFunction`).
fn absent_labels(arg: &Expr) -> Labels {
    let matchers = match arg {
        Expr::VectorSelector(vs) => &vs.matchers,
        Expr::MatrixSelector(ms) => &ms.selector.matchers,
        _ => return Labels::new(),
    };
    let mut labels = Labels::new();
    let mut has: Vec<&str> = Vec::new();
    for m in matchers {
        if m.name == "__name__" {
            continue;
        }
        if m.op == MatchOp::Equal && !has.contains(&m.name.as_str()) {
            labels.set(m.name.clone(), m.value.clone());
            has.push(&m.name);
        } else {
            labels.remove(&m.name);
        }
    }
    labels
}

/// Upstream's `extendFloats` for anchored and smoothed range selectors
/// outside functions: the points in the window with values at both
/// boundaries (the last point before the start, or interpolated values).
pub(crate) fn extend_floats(
    floats: &[FPoint],
    mint: i64,
    maxt: i64,
    smoothed: bool,
) -> Vec<FPoint> {
    let mut last = floats.len() - 1;
    let first = floats[..last].partition_point(|p| p.t <= mint).saturating_sub(1);
    if smoothed {
        last = floats[..last].partition_point(|p| p.t < maxt);
    }
    if floats[last].t <= mint {
        return Vec::new();
    }
    let interpolate =
        |a: FPoint, b: FPoint, t: i64| a.f + (b.f - a.f) * (t - a.t) as f64 / (b.t - a.t) as f64;
    let left = if smoothed && floats[first].t < mint && first + 1 < floats.len() {
        interpolate(floats[first], floats[first + 1], mint)
    } else {
        floats[first].f
    };
    let right = if smoothed && last > 0 && floats[last].t > maxt {
        interpolate(floats[last - 1], floats[last], maxt)
    } else {
        floats[last].f
    };
    let mut from = first;
    let mut to = last as i64;
    if floats[from].t <= mint {
        from += 1;
    }
    if floats[last].t >= maxt {
        to -= 1;
    }
    let mut out = Vec::with_capacity(floats.len() + 2);
    out.push(FPoint { t: mint, f: left });
    if to >= from as i64 {
        out.extend_from_slice(&floats[from..=to as usize]);
    }
    out.push(FPoint { t: maxt, f: right });
    out
}

/// An evaluated argument of a function called once per step.
enum Arg {
    Str(String),
    Scalar(Vec<f64>),
    Vector(Vec<Series>),
}
