//! The aggregations that pick or count series rather than combine values:
//! `topk`, `bottomk`, `limitk` and `limit_ratio` with upstream's heap order
//! and label-hash sampler, and `count_values`.

use rustc_hash::FxHashMap;

use promplay_model::{Labels, format_float, format_float_api};
use promplay_promql_syntax::{AggregateExpr, AggregateOp, Expr};

use super::aggr::grouping_labels;
use super::{Collector, EvalResult, Evaluator, Range, StepCursor, V};
use crate::result::{Annotation, QueryError};
use crate::value::{FloatHistogram, Series};

impl Evaluator<'_> {
    /// `topk`, `bottomk`, `limitk`, `limit_ratio` at one step: the input
    /// series chosen, in the order upstream returns them.
    pub(crate) fn aggregate_k(
        &mut self,
        a: &AggregateExpr,
        param: f64,
        row: &[(usize, V)],
        input: &[Series],
        group_of: &[usize],
        ngroups: usize,
    ) -> Vec<usize> {
        let op = a.op;
        let k = match op {
            AggregateOp::LimitRatio => 0,
            _ => (param as i64).min(input.len() as i64),
        };
        let ratio = param.clamp(-1.0, 1.0);
        if op != AggregateOp::LimitRatio && k < 1 {
            return Vec::new();
        }
        if op == AggregateOp::LimitRatio && param == 0.0 {
            return Vec::new();
        }
        let k = k.max(0) as usize;
        // Each group's heap holds (series index, value).
        let mut heaps: Vec<Option<Vec<(usize, f64)>>> = vec![None; ngroups];
        let mut complete = 0usize;
        let mut group_done = vec![false; ngroups];
        for &(si, v) in row {
            let gi = group_of[si];
            let f = v.float();
            let is_hist = v.hist().is_some();
            let heap = &mut heaps[gi];
            if heap.is_none() {
                let mut h = Vec::new();
                match op {
                    AggregateOp::LimitRatio => {
                        if ratio_sample(ratio, &input[si].labels) {
                            h.push((si, f));
                        }
                    }
                    AggregateOp::Limitk => h.push((si, f)),
                    _ => {
                        if is_hist {
                            self.annotations.push(Annotation::info(
                                a.span,
                                format!("ignored histogram in {} aggregation", op.as_str()),
                            ));
                            continue;
                        }
                        h.push((si, f));
                    }
                }
                *heap = Some(h);
                if op == AggregateOp::Limitk && k == 1 && !group_done[gi] {
                    group_done[gi] = true;
                    complete += 1;
                    if complete == ngroups {
                        break;
                    }
                }
                continue;
            }
            let h = heap.as_mut().expect("initialised above");
            match op {
                AggregateOp::Topk | AggregateOp::Bottomk => {
                    let top = op == AggregateOp::Topk;
                    if is_hist {
                        self.annotations.push(Annotation::info(
                            a.span,
                            format!("ignored histogram in {} aggregation", op.as_str()),
                        ));
                    } else if h.len() < k {
                        heap_push(h, (si, f), top);
                    } else if (if top { h[0].1 < f } else { h[0].1 > f })
                        || (h[0].1.is_nan() && !f.is_nan())
                    {
                        h[0] = (si, f);
                        if k > 1 {
                            heap_fix(h, 0, top);
                        }
                    }
                }
                AggregateOp::Limitk => {
                    if h.len() < k {
                        heap_push(h, (si, f), true);
                    }
                    if !group_done[gi] && h.len() == k {
                        group_done[gi] = true;
                        complete += 1;
                        if complete == ngroups {
                            break;
                        }
                    }
                }
                _ => {
                    if ratio_sample(ratio, &input[si].labels) {
                        heap_push(h, (si, f), true);
                    }
                }
            }
        }
        let mut out = Vec::new();
        for h in heaps.into_iter().flatten() {
            let mut h = h;
            match op {
                AggregateOp::Topk => insertion_sort(&mut h, |a, b| less(b.1, a.1, true)),
                AggregateOp::Bottomk => insertion_sort(&mut h, |a, b| less(b.1, a.1, false)),
                _ => {}
            }
            out.extend(h.into_iter().map(|(i, _)| i));
        }
        out
    }

    pub(crate) fn count_values(
        &mut self,
        a: &AggregateExpr,
        mut grouping: Vec<String>,
        r: Range,
    ) -> EvalResult<Vec<Series>> {
        let (label, quoted, invalid_utf8) = match a.param.as_deref().map(Expr::unparen) {
            Some(Expr::String(s)) => (s.value.clone(), s.go_quoted(), s.invalid_utf8.is_some()),
            _ => return Err(QueryError::at(a.span, "count_values needs a string parameter")),
        };
        if invalid_utf8 || !promplay_model::is_valid_label_name(&label) {
            return Err(QueryError::new(format!("invalid label name {quoted}")));
        }
        if !a.without {
            grouping.push(label.clone());
            grouping.sort();
        }
        let input = self.eval_matrix(&a.expr, r)?;
        self.count_values_of(a, &grouping, &label, input, r)
    }

    /// `count_values` proper, out of line so that its large debug-build
    /// frame is not on the stack while the operand evaluates (nested
    /// queries must fit wasm's 1 MiB stack).
    #[inline(never)]
    fn count_values_of(
        &mut self,
        a: &AggregateExpr,
        grouping: &[String],
        label: &str,
        input: Vec<Series>,
        r: Range,
    ) -> EvalResult<Vec<Series>> {
        // The group of a sample is its series' labels reduced by the grouping
        // (computed once per series) plus, unless `without` drops it, the
        // value label; output label sets are only built for new groups.
        let keeps_value = !a.without || !grouping.iter().any(|g| g == label);
        let mut bases: Vec<Labels> = Vec::new();
        let mut base_index: FxHashMap<Labels, usize> = FxHashMap::default();
        let base_of: Vec<usize> = input
            .iter()
            .map(|s| {
                let mut g = grouping_labels(&s.labels, grouping, a.without);
                g.remove(label);
                let n = bases.len();
                *base_index.entry(g.clone()).or_insert_with(|| {
                    bases.push(g);
                    n
                })
            })
            .collect();
        let mut slots: FxHashMap<(usize, Option<String>), usize> = FxHashMap::default();
        // Float values are looked up by their bits first, so that the value
        // is only formatted the first time a group sees it (bit patterns
        // that format alike, such as NaNs, still meet in `slots`).
        let mut by_bits: FxHashMap<(usize, u64), usize> = FxHashMap::default();
        let mut cursor = StepCursor::new(&input);
        let mut row = Vec::new();
        let mut out = Collector::new(r);
        let mut counts: Vec<(usize, f64)> = Vec::new();
        // Per slot: the step it was last counted at and its index in `counts`.
        let mut position: Vec<(usize, usize)> = Vec::new();
        for (step, ts) in r.times().enumerate() {
            cursor.gather(ts, &mut row);
            counts.clear();
            for &(si, v) in &row {
                let base = base_of[si];
                let bits = match v {
                    V::F(f) if keeps_value => {
                        by_bits.get(&(base, f.to_bits())).copied().ok_or(Some(f.to_bits()))
                    }
                    _ => Err(None),
                };
                let slot = match bits {
                    Ok(slot) => slot,
                    Err(bits) => {
                        let value = keeps_value.then(|| match v {
                            V::F(f) => format_float_api(f),
                            V::H(h) => histogram_string(h),
                        });
                        let key = (base, value);
                        let slot = match slots.get(&key) {
                            Some(&slot) => slot,
                            None => {
                                let mut l = bases[key.0].clone();
                                if let Some(v) = &key.1 {
                                    l.set(label, v.clone());
                                }
                                // Distinct (base, value) keys give distinct label sets.
                                let slot = out.slot_unique(l, false);
                                slots.insert(key, slot);
                                slot
                            }
                        };
                        if let Some(bits) = bits {
                            by_bits.insert((base, bits), slot);
                        }
                        slot
                    }
                };
                if position.len() <= slot {
                    position.resize(slot + 1, (usize::MAX, 0));
                }
                match position[slot] {
                    (s, i) if s == step => counts[i].1 += 1.0,
                    _ => {
                        position[slot] = (step, counts.len());
                        counts.push((slot, 1.0));
                    }
                }
            }
            for &(slot, c) in &counts {
                out.push(slot, ts, c, None)?;
            }
        }
        Ok(out.finish())
    }
}

/// Go's heap `Less` for topk (`vectorByValueHeap`) or bottomk (`vectorByReverseValueHeap`).
fn less(a: f64, b: f64, top: bool) -> bool {
    if a.is_nan() {
        return true;
    }
    if top { a < b } else { a > b }
}

fn heap_up(h: &mut [(usize, f64)], mut j: usize, top: bool) {
    while j > 0 {
        let i = (j - 1) / 2;
        if !less(h[j].1, h[i].1, top) {
            break;
        }
        h.swap(i, j);
        j = i;
    }
}

fn heap_down(h: &mut [(usize, f64)], i0: usize, top: bool) -> bool {
    let n = h.len();
    let mut i = i0;
    loop {
        let j1 = 2 * i + 1;
        if j1 >= n {
            break;
        }
        let mut j = j1;
        if j1 + 1 < n && less(h[j1 + 1].1, h[j1].1, top) {
            j = j1 + 1;
        }
        if !less(h[j].1, h[i].1, top) {
            break;
        }
        h.swap(i, j);
        i = j;
    }
    i > i0
}

fn heap_push(h: &mut Vec<(usize, f64)>, x: (usize, f64), top: bool) {
    h.push(x);
    let j = h.len() - 1;
    heap_up(h, j, top);
}

fn heap_fix(h: &mut [(usize, f64)], i: usize, top: bool) {
    if !heap_down(h, i, top) {
        heap_up(h, i, top);
    }
}

/// Go's insertion sort (what `sort.Sort` does for short slices).
fn insertion_sort<T>(v: &mut [T], less: impl Fn(&T, &T) -> bool) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && less(&v[j], &v[j - 1]) {
            v.swap(j, j - 1);
            j -= 1;
        }
    }
}

/// Upstream's `HashRatioSampler`: a deterministic offset in [0, 1) from the
/// label set's hash decides whether a series is in the sample.
fn ratio_sample(ratio: f64, labels: &Labels) -> bool {
    let offset = labels_hash(labels) as f64 / u64::MAX as f64;
    (ratio >= 0.0 && offset < ratio) || (ratio < 0.0 && offset >= 1.0 + ratio)
}

/// Prometheus' `Labels.Hash()` (stringlabels build): xxhash64 of the
/// length-prefixed names and values.
pub(crate) fn labels_hash(labels: &Labels) -> u64 {
    let mut data = Vec::new();
    let mut put = |s: &str| {
        let n = s.len();
        if n < 255 {
            data.push(n as u8);
        } else {
            data.extend_from_slice(&[255, n as u8, (n >> 8) as u8, (n >> 16) as u8]);
        }
        data.extend_from_slice(s.as_bytes());
    };
    for l in labels.iter() {
        put(&l.name);
        put(&l.value);
    }
    xxhash_rust::xxh64::xxh64(&data, 0)
}

/// A histogram as Go's `FloatHistogram.String()` writes it (used as a label
/// value by `count_values`): count, sum and every non-empty bucket.
fn histogram_string(h: &FloatHistogram) -> String {
    let mut out = format!("{{count:{}, sum:{}", format_float(h.count), format_float(h.sum));
    for b in crate::api::all_buckets(h).iter().filter(|b| b.count != 0.0) {
        let (open, close) = match b.boundaries {
            0 => ('(', ']'),
            1 => ('[', ')'),
            2 => ('(', ')'),
            _ => ('[', ']'),
        };
        out.push_str(&format!(
            ", {open}{},{}{close}:{}",
            format_float(b.lower),
            format_float(b.upper),
            format_float(b.count)
        ));
    }
    out.push('}');
    out
}
