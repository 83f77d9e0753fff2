//! Aggregation operators, following upstream's `rangeEvalAgg` and
//! `aggregation`: grouping, parameter checks, Kahan summation for `sum` and
//! `avg` (with the switch to an incremental mean on overflow), Welford's
//! method for `stddev`/`stdvar`, `quantile`, and the annotations upstream
//! raises. The selecting and counting operators live in `aggr_k`.

use rustc_hash::FxHashMap;

use promplay_model::{Labels, format_float};
use promplay_promql_syntax::{AggregateExpr, AggregateOp};

use super::binop::scalar_values;
use super::{Collector, EvalResult, Evaluator, Range, StepCursor, V};
use crate::functions::kahan_inc;
use crate::histogram;
use crate::result::{Annotation, QueryError};
use crate::value::{FloatHistogram, Series};

#[derive(Clone, Default)]
struct Group {
    seen: bool,
    float: f64,
    mean: f64,
    kahan: f64,
    hist: Option<FloatHistogram>,
    count: f64,
    values: Vec<f64>,
    has_float: bool,
    has_hist: bool,
    incompatible: bool,
    incremental: bool,
    drop_name: bool,
    reset_seen: bool,
    not_reset_seen: bool,
    hcomp: HistComp,
    hist_incremental: bool,
}

/// Kahan compensation of a histogram sum's count, sum and zero bucket
/// (the buckets themselves are summed plainly).
#[derive(Clone, Copy, Default)]
struct HistComp {
    count: f64,
    sum: f64,
    zero: f64,
}

/// `acc + h` with Kahan summation of the scalar fields; also reports whether
/// custom bounds were reconciled. `None` for incompatible schemas.
fn kahan_add(
    acc: &FloatHistogram,
    h: &FloatHistogram,
    c: &mut HistComp,
) -> Option<(FloatHistogram, bool)> {
    let (mut sum, flags) = histogram::add(acc, h, false)?;
    (sum.count, c.count) = kahan_inc(h.count, acc.count, c.count);
    (sum.sum, c.sum) = kahan_inc(h.sum, acc.sum, c.sum);
    if acc.zero_threshold == h.zero_threshold {
        (sum.zero_count, c.zero) = kahan_inc(h.zero_count, acc.zero_count, c.zero);
    }
    Some((sum, flags.nhcb_reconciled))
}

fn has_overflow(h: &FloatHistogram) -> bool {
    crate::functions::hist_ops::has_overflow(h)
}

/// Remembers the counter-reset hints a group has seen.
fn track_hint(g: &mut Group, h: &FloatHistogram) {
    match h.counter_reset_hint {
        crate::value::CounterResetHint::CounterReset => g.reset_seen = true,
        crate::value::CounterResetHint::NotCounterReset => g.not_reset_seen = true,
        _ => {}
    }
}

fn reconciled(pos: promplay_diagnostics::Span) -> Annotation {
    Annotation::info(pos, "mismatched custom buckets were reconciled during aggregation")
}

impl Evaluator<'_> {
    pub(crate) fn eval_aggregate(
        &mut self,
        a: &AggregateExpr,
        r: Range,
    ) -> EvalResult<Vec<Series>> {
        let mut grouping = a.grouping.clone();
        grouping.sort();
        if a.op == AggregateOp::CountValues {
            return self.count_values(a, grouping, r);
        }
        let params = match &a.param {
            Some(p) => Some(scalar_values(&self.eval_matrix(p.unparen(), r)?, r)),
            None => None,
        };
        let input = self.eval_matrix(&a.expr, r)?;
        self.aggregate(a, &grouping, params, input, r)
    }

    /// The aggregation proper, kept out of [`Self::eval_aggregate`] so that
    /// its large debug-build frame is not on the stack while the operand
    /// evaluates: nested aggregations must fit wasm's 1 MiB stack.
    #[inline(never)]
    fn aggregate(
        &mut self,
        a: &AggregateExpr,
        grouping: &[String],
        params: Option<Vec<f64>>,
        input: Vec<Series>,
        r: Range,
    ) -> EvalResult<Vec<Series>> {
        let pos = a.expr.span();
        // Groups of the input series.
        let mut group_of: Vec<usize> = Vec::with_capacity(input.len());
        let mut labels_of_group: Vec<Labels> = Vec::new();
        let mut index: FxHashMap<Labels, usize> = FxHashMap::default();
        for s in &input {
            let key = grouping_labels(&s.labels, grouping, a.without);
            let n = index.len();
            let g = *index.entry(key.clone()).or_insert_with(|| {
                labels_of_group.push(key);
                n
            });
            group_of.push(g);
        }
        let k_ops = matches!(
            a.op,
            AggregateOp::Topk
                | AggregateOp::Bottomk
                | AggregateOp::Limitk
                | AggregateOp::LimitRatio
        );
        if let Some(p) = &params {
            let max = p.iter().fold(-f64::MAX, |m, &v| {
                if v.is_nan() || m.is_nan() { f64::NAN } else { m.max(v) }
            });
            let min = p
                .iter()
                .fold(f64::MAX, |m, &v| if v.is_nan() || m.is_nan() { f64::NAN } else { m.min(v) });
            let any_nan = p.iter().any(|v| v.is_nan());
            let ppos = a.param.as_ref().map_or(a.span, |p| p.span());
            match a.op {
                AggregateOp::Topk | AggregateOp::Bottomk | AggregateOp::Limitk => {
                    if max < 1.0 {
                        return Ok(Vec::new());
                    }
                    if any_nan {
                        return Err(QueryError::new("Parameter value is NaN"));
                    }
                    if min <= i64::MIN as f64 {
                        return Err(QueryError::new(format!(
                            "Scalar value {} underflows int64",
                            format_float(min)
                        )));
                    }
                    if max >= i64::MAX as f64 {
                        return Err(QueryError::new(format!(
                            "Scalar value {} overflows int64",
                            format_float(max)
                        )));
                    }
                }
                AggregateOp::LimitRatio => {
                    if max == 0.0 && min == 0.0 {
                        return Ok(Vec::new());
                    }
                    if any_nan {
                        return Err(QueryError::new("Ratio value is NaN"));
                    }
                    if max > 1.0 {
                        self.annotate(Annotation::warning(
                            ppos,
                            format!(
                                "ratio value should be between -1 and 1, got {}, capping to 1",
                                format_float(max)
                            ),
                        ));
                    }
                    if min < -1.0 {
                        self.annotate(Annotation::warning(
                            ppos,
                            format!(
                                "ratio value should be between -1 and 1, got {}, capping to -1",
                                format_float(min)
                            ),
                        ));
                    }
                }
                AggregateOp::Quantile => {
                    if any_nan {
                        self.annotate(Annotation::warning(
                            ppos,
                            "quantile value should be between 0 and 1, got NaN",
                        ));
                    }
                    if max > 1.0 {
                        self.annotate(Annotation::warning(
                            ppos,
                            format!(
                                "quantile value should be between 0 and 1, got {}",
                                format_float(max)
                            ),
                        ));
                    }
                    if min < 0.0 {
                        self.annotate(Annotation::warning(
                            ppos,
                            format!(
                                "quantile value should be between 0 and 1, got {}",
                                format_float(min)
                            ),
                        ));
                    }
                }
                _ => {}
            }
        }
        let mut cursor = StepCursor::new(&input);
        let mut row = Vec::new();
        let mut out = Collector::new(r);
        let group_slots: Vec<usize> = if k_ops {
            Vec::new()
        } else {
            labels_of_group.iter().map(|l| out.slot(l.clone(), false)).collect()
        };
        let mut groups: Vec<Group> = vec![Group::default(); labels_of_group.len()];
        let mut series_slots: Vec<Option<usize>> = vec![None; input.len()];
        for (step, ts) in r.times().enumerate() {
            cursor.gather(ts, &mut row);
            let param = params.as_ref().map_or(0.0, |p| p[step]);
            if k_ops {
                let chosen =
                    self.aggregate_k(a, param, &row, &input, &group_of, labels_of_group.len());
                for i in chosen {
                    let slot = *series_slots[i].get_or_insert_with(|| {
                        out.slot(input[i].labels.clone(), input[i].drop_name)
                    });
                    let v = row
                        .iter()
                        .find(|(j, _)| *j == i)
                        .map(|(_, v)| *v)
                        .unwrap_or(V::F(f64::NAN));
                    out.push_v(slot, ts, v)?;
                }
                continue;
            }
            for g in groups.iter_mut() {
                g.seen = false;
            }
            self.aggregate_step(a.op, &row, &input, &group_of, &mut groups, pos);
            for (gi, g) in groups.iter_mut().enumerate() {
                if !g.seen {
                    continue;
                }
                let slot = group_slots[gi];
                let (f, h) = match a.op {
                    AggregateOp::Sum | AggregateOp::Avg => {
                        if g.has_float && g.has_hist {
                            self.annotations.push(Annotation::warning(
                                pos,
                                "encountered a mix of histograms and floats for aggregation",
                            ));
                            continue;
                        }
                        if g.incompatible {
                            continue;
                        }
                        if g.has_hist {
                            let mut h = g.hist.take().unwrap_or_default();
                            let c = g.hcomp;
                            if a.op == AggregateOp::Avg && !g.hist_incremental {
                                h = histogram::divided(&h, g.count);
                                h.count += c.count / g.count;
                                h.sum += c.sum / g.count;
                                h.zero_count += c.zero / g.count;
                            } else {
                                h.count += c.count;
                                h.sum += c.sum;
                                h.zero_count += c.zero;
                            }
                            histogram::compact(&mut h);
                            (0.0, Some(Box::new(h)))
                        } else if a.op == AggregateOp::Sum {
                            (g.float + g.kahan, None)
                        } else if g.incremental {
                            (g.mean + g.kahan, None)
                        } else {
                            (g.float / g.count + g.kahan / g.count, None)
                        }
                    }
                    AggregateOp::Count => (g.count, None),
                    AggregateOp::Stdvar => (g.float / g.count, None),
                    AggregateOp::Stddev => ((g.float / g.count).sqrt(), None),
                    AggregateOp::Quantile => (quantile(param, &mut g.values), None),
                    _ => (g.float, None),
                };
                if g.reset_seen && g.not_reset_seen {
                    self.annotations.push(Annotation::warning(
                        pos,
                        "conflicting counter resets during histogram aggregation",
                    ));
                }
                if g.drop_name {
                    out.mark_drop_name(slot);
                }
                out.push(slot, ts, f, h)?;
            }
        }
        Ok(out.finish())
    }

    #[allow(clippy::too_many_arguments)]
    fn aggregate_step(
        &mut self,
        op: AggregateOp,
        row: &[(usize, V)],
        input: &[Series],
        group_of: &[usize],
        groups: &mut [Group],
        pos: promplay_diagnostics::Span,
    ) {
        let ignored =
            |name: &str| Annotation::info(pos, format!("ignored histogram in {name} aggregation"));
        for &(si, v) in row {
            let g = &mut groups[group_of[si]];
            let (f, h) = (v.float(), v.hist());
            if !g.seen {
                *g = Group {
                    seen: true,
                    float: f,
                    mean: f,
                    count: 1.0,
                    drop_name: input[si].drop_name,
                    ..Group::default()
                };
                match op {
                    AggregateOp::Avg | AggregateOp::Sum => match h {
                        None => g.has_float = true,
                        Some(h) => {
                            g.hist = Some(h.clone());
                            g.has_hist = true;
                            track_hint(g, h);
                        }
                    },
                    AggregateOp::Stdvar | AggregateOp::Stddev => {
                        if h.is_some() {
                            g.seen = false;
                            self.annotations.push(ignored(op.as_str()));
                        } else if f.is_nan() || f.is_infinite() {
                            g.float = f64::NAN;
                        } else {
                            g.float = 0.0;
                        }
                    }
                    AggregateOp::Quantile => {
                        if h.is_some() {
                            g.seen = false;
                            self.annotations.push(ignored("quantile"));
                        }
                        g.values = vec![f];
                    }
                    AggregateOp::Group => g.float = 1.0,
                    AggregateOp::Min | AggregateOp::Max if h.is_some() => {
                        g.seen = false;
                        self.annotations.push(ignored(op.as_str()));
                    }
                    _ => {}
                }
                continue;
            }
            if g.incompatible {
                continue;
            }
            if input[si].drop_name {
                g.drop_name = true;
            }
            match op {
                AggregateOp::Sum => match h {
                    Some(h) => {
                        g.has_hist = true;
                        track_hint(g, h);
                        if let Some(acc) = &g.hist {
                            match kahan_add(acc, h, &mut g.hcomp) {
                                Some((sum, reconciled_bounds)) => {
                                    g.hist = Some(sum);
                                    if reconciled_bounds {
                                        self.annotations.push(reconciled(pos));
                                    }
                                }
                                None => {
                                    g.incompatible = true;
                                    self.annotations.push(mixed_schemas(input, si, pos));
                                }
                            }
                        }
                    }
                    None => {
                        g.has_float = true;
                        (g.float, g.kahan) = kahan_inc(f, g.float, g.kahan);
                    }
                },
                AggregateOp::Avg => {
                    g.count += 1.0;
                    match h {
                        Some(h) => {
                            g.has_hist = true;
                            track_hint(g, h);
                            if let Some(acc) = g.hist.take() {
                                match self.avg_histogram(g, acc, h) {
                                    Some(flag) => {
                                        if flag {
                                            self.annotations.push(reconciled(pos));
                                        }
                                    }
                                    None => {
                                        g.incompatible = true;
                                        self.annotations.push(mixed_schemas(input, si, pos));
                                    }
                                }
                            }
                        }
                        None => {
                            g.has_float = true;
                            if !g.incremental {
                                let (nv, nc) = kahan_inc(f, g.float, g.kahan);
                                if !nv.is_infinite() {
                                    g.float = nv;
                                    g.kahan = nc;
                                    continue;
                                }
                                g.incremental = true;
                                g.mean = g.float / (g.count - 1.0);
                                g.kahan /= g.count - 1.0;
                            }
                            let q = (g.count - 1.0) / g.count;
                            (g.mean, g.kahan) = kahan_inc(f / g.count, q * g.mean, q * g.kahan);
                        }
                    }
                }
                AggregateOp::Group => {}
                AggregateOp::Max => {
                    if h.is_some() {
                        self.annotations.push(ignored("max"));
                        continue;
                    }
                    if g.float < f || g.float.is_nan() {
                        g.float = f;
                    }
                }
                AggregateOp::Min => {
                    if h.is_some() {
                        self.annotations.push(ignored("min"));
                        continue;
                    }
                    if g.float > f || g.float.is_nan() {
                        g.float = f;
                    }
                }
                AggregateOp::Count => g.count += 1.0,
                AggregateOp::Stdvar | AggregateOp::Stddev => {
                    if h.is_none() {
                        g.count += 1.0;
                        let delta = f - g.mean;
                        g.mean += delta / g.count;
                        g.float += delta * (f - g.mean);
                    } else {
                        self.annotations.push(ignored(op.as_str()));
                    }
                }
                AggregateOp::Quantile => {
                    if h.is_some() {
                        self.annotations.push(ignored("quantile"));
                        continue;
                    }
                    g.values.push(f);
                }
                _ => {}
            }
        }
    }

    /// One more histogram for `avg`: a direct sum while it does not
    /// overflow, then an incremental mean (upstream's approach).
    fn avg_histogram(
        &mut self,
        g: &mut Group,
        acc: FloatHistogram,
        h: &FloatHistogram,
    ) -> Option<bool> {
        let mut reconciled_bounds = false;
        let mut acc = acc;
        if !g.hist_incremental {
            let mut c = g.hcomp;
            let (v, flag) = kahan_add(&acc, h, &mut c)?;
            if !has_overflow(&v) {
                g.hist = Some(v);
                g.hcomp = c;
                return Some(flag);
            }
            g.hist_incremental = true;
            acc = histogram::divided(&acc, g.count - 1.0);
            g.hcomp.count /= g.count - 1.0;
            g.hcomp.sum /= g.count - 1.0;
            g.hcomp.zero /= g.count - 1.0;
        }
        let q = (g.count - 1.0) / g.count;
        g.hcomp.count *= q;
        g.hcomp.sum *= q;
        g.hcomp.zero *= q;
        let scaled = histogram::scaled(&acc, q);
        let to_add = histogram::divided(h, g.count);
        let (mean, flag) = kahan_add(&scaled, &to_add, &mut g.hcomp)?;
        reconciled_bounds |= flag;
        g.hist = Some(mean);
        Some(reconciled_bounds)
    }
}

fn mixed_schemas(input: &[Series], si: usize, pos: promplay_diagnostics::Span) -> Annotation {
    let name = input[si].labels.metric_name().unwrap_or("");
    Annotation::warning(
        pos,
        format!(
            "vector contains a mix of histograms with exponential and custom buckets schemas for metric name {}",
            super::binop::go_quote(name)
        ),
    )
}

/// The labels of the output group a series belongs to.
pub(crate) fn grouping_labels(labels: &Labels, grouping: &[String], without: bool) -> Labels {
    let mut out = Labels::new();
    for l in labels.iter() {
        let keep = if without {
            l.name != "__name__" && !grouping.contains(&l.name)
        } else {
            grouping.contains(&l.name)
        };
        if keep {
            out.set(l.name.clone(), l.value.clone());
        }
    }
    out
}

/// Upstream's `quantile` over a group's values.
pub(crate) fn quantile(q: f64, values: &mut [f64]) -> f64 {
    if values.is_empty() || q.is_nan() {
        return f64::NAN;
    }
    if q < 0.0 {
        return f64::NEG_INFINITY;
    }
    if q > 1.0 {
        return f64::INFINITY;
    }
    values.sort_by(|a, b| {
        if a.is_nan() && b.is_nan() {
            std::cmp::Ordering::Equal
        } else if a.is_nan() {
            std::cmp::Ordering::Less
        } else if b.is_nan() {
            std::cmp::Ordering::Greater
        } else {
            a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal)
        }
    });
    let n = values.len() as f64;
    let rank = q * (n - 1.0);
    let lower = rank.floor().max(0.0);
    let upper = (lower + 1.0).min(n - 1.0);
    let weight = rank - rank.floor();
    values[lower as usize] * (1.0 - weight) + values[upper as usize] * weight
}
