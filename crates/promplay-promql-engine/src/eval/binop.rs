//! Binary operators, following upstream's `VectorBinop`,
//! `VectorscalarBinop`, `scalarBinop` and the set operators: vector matching
//! with `on`/`ignoring`, `group_left`/`group_right`, the experimental fill
//! modifiers, the many-to-many and duplicate-series errors, and the
//! incompatible-types annotations for histograms.

use rustc_hash::FxHashMap;

use promplay_model::Labels;
use promplay_promql_syntax::{BinaryExpr, BinaryOp, Cardinality, ValueType, VectorMatching};

use super::{Collector, EvalResult, Evaluator, Range, StepCursor, V};
use crate::histogram;
use crate::result::{Annotation, QueryError};
use crate::value::{FloatHistogram, Series, drop_metric_name};

impl Evaluator<'_> {
    pub(crate) fn eval_binary(&mut self, b: &BinaryExpr, r: Range) -> EvalResult<Vec<Series>> {
        let (lt, rt) = (b.lhs.value_type(), b.rhs.value_type());
        let lhs = self.eval_matrix(&b.lhs, r)?;
        let rhs = self.eval_matrix(&b.rhs, r)?;
        match (lt, rt) {
            (ValueType::Scalar, ValueType::Scalar) => {
                let l = scalar_values(&lhs, r);
                let rv = scalar_values(&rhs, r);
                let mut s = Series::default();
                for (i, t) in r.times().enumerate() {
                    s.floats.push(crate::value::FPoint { t, f: scalar_binop(b.op, l[i], rv[i]) });
                }
                Ok(vec![s])
            }
            (ValueType::Vector, ValueType::Vector) => self.vector_vector(b, lhs, rhs, r),
            (ValueType::Vector, _) => {
                let s = scalar_values(&rhs, r);
                self.vector_scalar(b, lhs, &s, false, r)
            }
            _ => {
                let s = scalar_values(&lhs, r);
                self.vector_scalar(b, rhs, &s, true, r)
            }
        }
    }

    fn vector_scalar(
        &mut self,
        b: &BinaryExpr,
        vec: Vec<Series>,
        scalar: &[f64],
        swap: bool,
        r: Range,
    ) -> EvalResult<Vec<Series>> {
        let delayed = self.delayed();
        let drop = changes_metric_schema(b.op) || b.return_bool;
        let mut out = Collector::new(r);
        let slots: Vec<usize> = vec
            .iter()
            .map(|s| {
                let mut labels = s.labels.clone();
                if drop && !delayed {
                    drop_metric_name(&mut labels);
                }
                out.slot(labels, s.drop_name || drop)
            })
            .collect();
        let mut cursor = StepCursor::new(&vec);
        let mut info = None;
        let mut note = None;
        let mut row = Vec::new();
        for (step, ts) in r.times().enumerate() {
            cursor.gather(ts, &mut row);
            let sv = scalar[step];
            for &(i, v) in &row {
                let (mut lf, mut rf) = (v.float(), sv);
                let (mut lh, mut rh) = (v.hist(), None);
                if swap {
                    std::mem::swap(&mut lf, &mut rf);
                    std::mem::swap(&mut lh, &mut rh);
                }
                let res = elem_binop(b.op, lf, rf, lh, rh, &mut note);
                let (mut f, mut h, mut keep) = match res {
                    Ok(x) => x,
                    Err(e) => {
                        info = Some(e);
                        continue;
                    }
                };
                if b.op.is_comparison() && swap {
                    f = rf;
                    h = rh.map(|h| Box::new(h.clone()));
                }
                if b.return_bool {
                    f = if keep { 1.0 } else { 0.0 };
                    keep = true;
                }
                if keep {
                    out.push(slots[i], ts, f, h)?;
                }
            }
        }
        for e in [info, note].into_iter().flatten() {
            self.annotate(e.into_annotation(b));
        }
        Ok(out.finish())
    }

    fn vector_vector(
        &mut self,
        b: &BinaryExpr,
        lhs: Vec<Series>,
        rhs: Vec<Series>,
        r: Range,
    ) -> EvalResult<Vec<Series>> {
        let default_matching;
        let matching = match &b.matching {
            Some(m) => m,
            None => {
                default_matching = VectorMatching {
                    card: if b.op.is_set_operator() {
                        Cardinality::ManyToMany
                    } else {
                        Cardinality::OneToOne
                    },
                    matching_labels: Vec::new(),
                    on: false,
                    include: Vec::new(),
                    fill: Default::default(),
                };
                &default_matching
            }
        };
        // Join signatures, one ordinal per distinct signature over both sides.
        let mut ordinals: FxHashMap<Vec<u8>, usize> = FxHashMap::default();
        let mut sig = |s: &Series| {
            let key = signature(&s.labels, matching.on, &matching.matching_labels);
            let n = ordinals.len();
            *ordinals.entry(key).or_insert(n)
        };
        let lsig: Vec<usize> = lhs.iter().map(&mut sig).collect();
        let rsig: Vec<usize> = rhs.iter().map(&mut sig).collect();
        let nsigs = ordinals.len();
        if b.op.is_set_operator() {
            return self.set_operation(b.op, &lhs, &rhs, &lsig, &rsig, nsigs, r);
        }
        let delayed = self.delayed();
        let mut out = Collector::new(r);
        // Output slot per (lhs, rhs) pair; usize::MAX stands for a fill value.
        let mut slots: FxHashMap<(usize, usize), usize> = FxHashMap::default();
        let mut lcur = StepCursor::new(&lhs);
        let mut rcur = StepCursor::new(&rhs);
        let (mut lrow, mut rrow) = (Vec::new(), Vec::new());
        let one_to_many = matching.card == Cardinality::OneToMany;
        let mut info: Option<ElemError> = None;
        let mut note: Option<ElemError> = None;
        let mut right_of_sig: Vec<Option<(usize, V)>> = vec![None; nsigs];
        let mut matched_one: Vec<bool> = vec![false; nsigs];
        let mut matched_many: Vec<Vec<usize>> = vec![Vec::new(); nsigs];
        for ts in r.times() {
            lcur.gather(ts, &mut lrow);
            rcur.gather(ts, &mut rrow);
            let fill = matching.fill;
            if (lrow.is_empty() && rrow.is_empty())
                || ((lrow.is_empty() || rrow.is_empty())
                    && fill.lhs.is_none()
                    && fill.rhs.is_none())
            {
                continue;
            }
            // For one-to-many matching the sides swap so that the "one" side is on the right.
            let (many, one, many_sig, one_sig, many_m, one_m) = if one_to_many {
                (&rrow, &lrow, &rsig, &lsig, &rhs, &lhs)
            } else {
                (&lrow, &rrow, &lsig, &rsig, &lhs, &rhs)
            };
            // Upstream applies the fill values after swapping the sides for
            // group_right, so `fill_right` always fills the "one" side.
            let (fill_many, fill_one) = (fill.lhs, fill.rhs);
            right_of_sig.iter_mut().for_each(|x| *x = None);
            matched_one.iter_mut().for_each(|x| *x = false);
            matched_many.iter_mut().for_each(Vec::clear);
            for &(i, v) in one.iter() {
                let s = one_sig[i];
                if let Some((j, _)) = right_of_sig[s] {
                    let side = if one_to_many { "left" } else { "right" };
                    let matched =
                        match_labels(&one_m[i].labels, matching.on, &matching.matching_labels);
                    let (mut d1, mut d2) =
                        (go_labels(&one_m[i].labels), go_labels(&one_m[j].labels));
                    if d1 > d2 {
                        std::mem::swap(&mut d1, &mut d2);
                    }
                    return Err(QueryError::new(format!(
                        "found duplicate series for the match group {} on the {side} hand-side of the operation: [{d1}, {d2}];many-to-many matching not allowed: matching labels must be unique on one side",
                        go_labels(&matched)
                    )));
                }
                right_of_sig[s] = Some((i, v));
            }
            let mut do_op = |mi: usize,
                             mv: V,
                             oi: usize,
                             ov: V,
                             sig: usize,
                             out: &mut Collector,
                             slots: &mut FxHashMap<(usize, usize), usize>,
                             matched_one: &mut [bool],
                             matched_many: &mut [Vec<usize>]|
             -> EvalResult<()> {
                let (mut fl, mut fr) = (mv.float(), ov.float());
                let (mut hl, mut hr) = (mv.hist(), ov.hist());
                if one_to_many {
                    std::mem::swap(&mut fl, &mut fr);
                    std::mem::swap(&mut hl, &mut hr);
                }
                let res = elem_binop(b.op, fl, fr, hl, hr, &mut note);
                let (mut f, mut h, keep, ok) = match res {
                    Ok((f, h, keep)) => (f, h, keep, true),
                    Err(e) => {
                        info = Some(e);
                        (0.0, None, false, false)
                    }
                };
                if !ok {
                    return Ok(());
                }
                if b.return_bool {
                    h = None;
                    f = if keep { 1.0 } else { 0.0 };
                }
                let slot = match slots.get(&(mi, oi)) {
                    Some(&s) => s,
                    None => {
                        let ml = if mi == usize::MAX {
                            match_labels(&one_m[oi].labels, matching.on, &matching.matching_labels)
                        } else {
                            many_m[mi].labels.clone()
                        };
                        let ol = if oi == usize::MAX {
                            match_labels(&many_m[mi].labels, matching.on, &matching.matching_labels)
                        } else {
                            one_m[oi].labels.clone()
                        };
                        let drop = !delayed && b.return_bool;
                        let labels = result_metric(&ml, &ol, b.op, matching, drop);
                        let s = out.slot(labels, b.return_bool);
                        slots.insert((mi, oi), s);
                        s
                    }
                };
                if matching.card == Cardinality::OneToOne {
                    if matched_one[sig] {
                        return Err(QueryError::new(
                            "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)",
                        ));
                    }
                    matched_one[sig] = true;
                } else {
                    if matched_many[sig].contains(&slot) {
                        return Err(QueryError::new(
                            "multiple matches for labels: grouping labels must ensure unique matches",
                        ));
                    }
                    matched_many[sig].push(slot);
                }
                if !keep && !b.return_bool {
                    return Ok(());
                }
                out.push(slot, ts, f, h)
            };
            for &(mi, mv) in many.iter() {
                let s = many_sig[mi];
                match right_of_sig[s] {
                    Some((oi, ov)) => do_op(
                        mi,
                        mv,
                        oi,
                        ov,
                        s,
                        &mut out,
                        &mut slots,
                        &mut matched_one,
                        &mut matched_many,
                    )?,
                    None => match fill_one {
                        Some(fv) => do_op(
                            mi,
                            mv,
                            usize::MAX,
                            V::F(fv),
                            s,
                            &mut out,
                            &mut slots,
                            &mut matched_one,
                            &mut matched_many,
                        )?,
                        None => continue,
                    },
                }
            }
            if let Some(fv) = fill_many {
                for &(oi, ov) in one.iter() {
                    let s = one_sig[oi];
                    let done = if matching.card == Cardinality::OneToOne {
                        matched_one[s]
                    } else {
                        !matched_many[s].is_empty()
                    };
                    if !done {
                        do_op(
                            usize::MAX,
                            V::F(fv),
                            oi,
                            ov,
                            s,
                            &mut out,
                            &mut slots,
                            &mut matched_one,
                            &mut matched_many,
                        )?;
                    }
                }
            }
        }
        for e in [info, note].into_iter().flatten() {
            self.annotate(e.into_annotation(b));
        }
        Ok(out.finish())
    }

    #[allow(clippy::too_many_arguments)]
    fn set_operation(
        &mut self,
        op: BinaryOp,
        lhs: &[Series],
        rhs: &[Series],
        lsig: &[usize],
        rsig: &[usize],
        nsigs: usize,
        r: Range,
    ) -> EvalResult<Vec<Series>> {
        let mut out = Collector::new(r);
        let lslots: Vec<usize> =
            lhs.iter().map(|s| out.slot(s.labels.clone(), s.drop_name)).collect();
        let rslots: Vec<Option<usize>> = if op == BinaryOp::Or {
            rhs.iter().map(|s| Some(out.slot(s.labels.clone(), s.drop_name))).collect()
        } else {
            vec![None; rhs.len()]
        };
        let mut lcur = StepCursor::new(lhs);
        let mut rcur = StepCursor::new(rhs);
        let (mut lrow, mut rrow) = (Vec::new(), Vec::new());
        let mut present = vec![false; nsigs];
        for ts in r.times() {
            lcur.gather(ts, &mut lrow);
            rcur.gather(ts, &mut rrow);
            present.iter_mut().for_each(|p| *p = false);
            match op {
                BinaryOp::And => {
                    if lrow.is_empty() || rrow.is_empty() {
                        continue;
                    }
                    for &(j, _) in &rrow {
                        present[rsig[j]] = true;
                    }
                    for &(i, v) in &lrow {
                        if present[lsig[i]] {
                            out.push_v(lslots[i], ts, v)?;
                        }
                    }
                }
                BinaryOp::Unless => {
                    for &(j, _) in &rrow {
                        present[rsig[j]] = true;
                    }
                    for &(i, v) in &lrow {
                        if !present[lsig[i]] {
                            out.push_v(lslots[i], ts, v)?;
                        }
                    }
                }
                _ => {
                    for &(i, v) in &lrow {
                        present[lsig[i]] = true;
                        out.push_v(lslots[i], ts, v)?;
                    }
                    for &(j, v) in &rrow {
                        if !present[rsig[j]] {
                            out.push_v(rslots[j].unwrap_or(0), ts, v)?;
                        }
                    }
                }
            }
        }
        Ok(out.finish())
    }
}

/// The value of a scalar matrix at every step (NaN where it has none).
pub(crate) fn scalar_values(m: &[Series], r: Range) -> Vec<f64> {
    let mut out = vec![f64::NAN; r.steps()];
    if let Some(s) = m.first() {
        for p in &s.floats {
            if p.t >= r.start && (p.t - r.start) % r.interval == 0 {
                let i = ((p.t - r.start) / r.interval) as usize;
                if i < out.len() {
                    out[i] = p.f;
                }
            }
        }
    }
    out
}

/// The join signature of a label set: the `on` labels, or all but the
/// `ignoring` labels and the metric name.
pub(crate) fn signature(labels: &Labels, on: bool, names: &[String]) -> Vec<u8> {
    let mut key = Vec::new();
    for l in labels.iter() {
        let wanted = if on {
            names.contains(&l.name)
        } else {
            l.name != "__name__" && !names.contains(&l.name)
        };
        if wanted {
            key.extend_from_slice(l.name.as_bytes());
            key.push(0xff);
            key.extend_from_slice(l.value.as_bytes());
            key.push(0xff);
        }
    }
    key
}

/// Upstream's `Labels.MatchLabels`: the `on` labels, or all but the
/// `ignoring` labels and the metric name.
pub(crate) fn match_labels(labels: &Labels, on: bool, names: &[String]) -> Labels {
    let mut out = Labels::new();
    for l in labels.iter() {
        let keep = if on {
            names.contains(&l.name)
        } else {
            l.name != "__name__" && !names.contains(&l.name)
        };
        if keep {
            out.set(l.name.clone(), l.value.clone());
        }
    }
    out
}

/// A label set as Go's `labels.Labels.String()` prints it: `{a="1", b="2"}`.
pub(crate) fn go_labels(labels: &Labels) -> String {
    let parts: Vec<String> = labels
        .iter()
        .map(|l| {
            let name = if promplay_model::is_valid_legacy_label_name(&l.name) {
                l.name.clone()
            } else {
                go_quote(&l.name)
            };
            format!("{name}={}", go_quote(&l.value))
        })
        .collect();
    format!("{{{}}}", parts.join(", "))
}

/// Go's `strconv.Quote`, as Prometheus' messages quote names and values.
pub(crate) use promplay_promql_syntax::quote_string as go_quote;

fn result_metric(
    lhs: &Labels,
    rhs: &Labels,
    op: BinaryOp,
    m: &VectorMatching,
    drop_name: bool,
) -> Labels {
    let mut labels = lhs.clone();
    if drop_name || changes_metric_schema(op) {
        drop_metric_name(&mut labels);
    }
    if m.card == Cardinality::OneToOne {
        if m.on {
            let keep: Vec<String> = labels
                .iter()
                .filter(|l| !m.matching_labels.contains(&l.name))
                .map(|l| l.name.clone())
                .collect();
            for n in keep {
                labels.remove(&n);
            }
        } else {
            for n in &m.matching_labels {
                labels.remove(n);
            }
        }
    }
    for n in &m.include {
        match rhs.get(n) {
            Some(v) if !v.is_empty() => labels.set(n.clone(), v.to_owned()),
            _ => {
                labels.remove(n);
            }
        }
    }
    labels
}

pub(crate) fn changes_metric_schema(op: BinaryOp) -> bool {
    matches!(
        op,
        BinaryOp::Add
            | BinaryOp::Sub
            | BinaryOp::Mul
            | BinaryOp::Div
            | BinaryOp::Pow
            | BinaryOp::Mod
            | BinaryOp::Atan2
    )
}

/// Go's `math.Mod`: the result has the sign of `x`.
pub(crate) fn go_mod(x: f64, y: f64) -> f64 {
    libm::fmod(x, y)
}

pub(crate) fn go_pow(x: f64, y: f64) -> f64 {
    libm::pow(x, y)
}

pub(crate) fn scalar_binop(op: BinaryOp, l: f64, r: f64) -> f64 {
    let b = |c: bool| if c { 1.0 } else { 0.0 };
    match op {
        BinaryOp::Add => l + r,
        BinaryOp::Sub => l - r,
        BinaryOp::Mul => l * r,
        BinaryOp::Div => l / r,
        BinaryOp::Pow => go_pow(l, r),
        BinaryOp::Mod => go_mod(l, r),
        BinaryOp::Eql => b(l == r),
        BinaryOp::Neq => b(l != r),
        BinaryOp::Gtr => b(l > r),
        BinaryOp::Lss => b(l < r),
        BinaryOp::Gte => b(l >= r),
        BinaryOp::Lte => b(l <= r),
        BinaryOp::Atan2 => libm::atan2(l, r),
        _ => f64::NAN,
    }
}

/// An annotation-worthy problem with one pair of elements.
pub(crate) struct ElemError {
    warning: bool,
    message: String,
}

impl ElemError {
    fn into_annotation(self, b: &BinaryExpr) -> Annotation {
        let span = b.span;
        if self.warning {
            Annotation::warning(span, self.message)
        } else {
            Annotation::info(span, self.message)
        }
    }
}

type Elem = (f64, Option<Box<FloatHistogram>>, bool);

fn incompatible(op: BinaryOp, l: &str, r: &str) -> ElemError {
    ElemError {
        warning: false,
        message: format!(
            "incompatible sample types encountered for binary operator {:?}: {l} {} {r}",
            op.as_str(),
            op.as_str()
        ),
    }
}

/// One pair of elements: (float result, histogram result, keep).
fn elem_binop(
    op: BinaryOp,
    l: f64,
    r: f64,
    hl: Option<&FloatHistogram>,
    hr: Option<&FloatHistogram>,
    note: &mut Option<ElemError>,
) -> Result<Elem, ElemError> {
    match (hl, hr) {
        (None, None) => Ok(match op {
            BinaryOp::Add => (l + r, None, true),
            BinaryOp::Sub => (l - r, None, true),
            BinaryOp::Mul => (l * r, None, true),
            BinaryOp::Div => (l / r, None, true),
            BinaryOp::Pow => (go_pow(l, r), None, true),
            BinaryOp::Mod => (go_mod(l, r), None, true),
            BinaryOp::Eql => (l, None, l == r),
            BinaryOp::Neq => (l, None, l != r),
            BinaryOp::Gtr => (l, None, l > r),
            BinaryOp::Lss => (l, None, l < r),
            BinaryOp::Gte => (l, None, l >= r),
            BinaryOp::Lte => (l, None, l <= r),
            BinaryOp::Atan2 => (libm::atan2(l, r), None, true),
            _ => return Err(incompatible(op, "float", "float")),
        }),
        (None, Some(h)) => match op {
            BinaryOp::Mul => Ok((0.0, Some(Box::new(histogram::scaled(h, l))), true)),
            _ => Err(incompatible(op, "float", "histogram")),
        },
        (Some(h), None) => match op {
            BinaryOp::Mul => Ok((0.0, Some(Box::new(histogram::scaled(h, r))), true)),
            BinaryOp::Div => Ok((0.0, Some(Box::new(histogram::divided(h, r))), true)),
            BinaryOp::TrimUpper => Ok((0.0, Some(Box::new(histogram::trim(h, r, true))), true)),
            BinaryOp::TrimLower => Ok((0.0, Some(Box::new(histogram::trim(h, r, false))), true)),
            _ => Err(incompatible(op, "histogram", "float")),
        },
        (Some(a), Some(b)) => match op {
            BinaryOp::Add | BinaryOp::Sub => match histogram::add(a, b, op == BinaryOp::Sub) {
                Some((h, flags)) => {
                    let what = if op == BinaryOp::Sub { "subtraction" } else { "addition" };
                    if flags.nhcb_reconciled {
                        *note = Some(ElemError {
                            warning: false,
                            message: format!(
                                "mismatched custom buckets were reconciled during {what}"
                            ),
                        });
                    }
                    if flags.counter_reset_collision {
                        return Err(ElemError {
                            warning: true,
                            message: format!("conflicting counter resets during histogram {what}"),
                        });
                    }
                    Ok((0.0, Some(Box::new(h)), true))
                }
                None => Err(ElemError {
                    warning: true,
                    message: format!(
                        "incompatible bucket layout encountered for binary operator {}",
                        op.as_str()
                    ),
                }),
            },
            BinaryOp::Eql => Ok((0.0, Some(Box::new(a.clone())), histogram::equals(a, b))),
            BinaryOp::Neq => Ok((0.0, Some(Box::new(a.clone())), !histogram::equals(a, b))),
            _ => Err(incompatible(op, "histogram", "histogram")),
        },
    }
}
