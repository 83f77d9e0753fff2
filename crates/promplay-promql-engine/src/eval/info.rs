//! The experimental `info()` function, following upstream's `info.go`: it
//! enriches each series with the data labels of the info series
//! (`target_info` by default) that share its identifying labels
//! (`instance`, `job`).

use std::collections::{BTreeMap, HashMap, HashSet};

use promplay_model::Labels;
use promplay_promql_syntax::{Call, Expr, LabelMatcher, MatchOp, SubqueryExpr};

use super::select::{self, Matcher};
use super::{Collector, EvalResult, Evaluator, Range, StepCursor};
use crate::result::QueryError;
use crate::value::{FPoint, Series};

const TARGET_INFO: &str = "target_info";
const IDENTIFYING: [&str; 2] = ["instance", "job"];

fn matcher(name: &str, op: MatchOp, value: &str) -> LabelMatcher {
    LabelMatcher { name: name.to_owned(), op, value: value.to_owned(), span: Default::default() }
}

/// Upstream's `effectiveInfoNameMatchers`.
fn effective_name_matchers(matchers: &[LabelMatcher]) -> Vec<LabelMatcher> {
    if matchers.iter().any(|m| matches!(m.op, MatchOp::Equal | MatchOp::Regex)) {
        return matchers.to_vec();
    }
    if !matchers.is_empty() {
        let mut v = vec![matcher("__name__", MatchOp::Regex, ".+_info")];
        v.extend(matchers.iter().cloned());
        return v;
    }
    vec![matcher("__name__", MatchOp::Equal, TARGET_INFO)]
}

fn matches_value(m: &Matcher, value: &str) -> bool {
    let mut l = Labels::new();
    if !value.is_empty() {
        l.set("x", value);
    }
    let probe = match m {
        Matcher::Equal(_, v) => Matcher::Equal("x", v),
        Matcher::NotEqual(_, v) => Matcher::NotEqual("x", v),
        Matcher::Regex(_, r) => Matcher::Regex("x", r.clone()),
        Matcher::NotRegex(_, r) => Matcher::NotRegex("x", r.clone()),
    };
    probe.matches(&l)
}

/// The first selector in the expression with the subqueries around it,
/// innermost last (for upstream's `infoSelectTimestampAndOffset`).
fn first_selector<'e>(
    e: &'e Expr,
    path: &mut Vec<&'e SubqueryExpr>,
) -> Option<&'e promplay_promql_syntax::VectorSelector> {
    match e {
        Expr::VectorSelector(vs) => Some(vs),
        Expr::MatrixSelector(ms) => Some(&ms.selector),
        Expr::Subquery(sq) => {
            path.push(sq);
            let found = first_selector(&sq.expr, path);
            if found.is_none() {
                path.pop();
            }
            found
        }
        _ => e.children().into_iter().find_map(|c| first_selector(c, path)),
    }
}

impl Evaluator<'_> {
    pub(crate) fn eval_info(&mut self, c: &Call, r: Range) -> EvalResult<Vec<Series>> {
        let base = self.eval_matrix(&c.args[0], r)?;
        // The info series are looked up as of the first selector's `@` and
        // offset, or those of the subqueries around it.
        let mut path = Vec::new();
        let (at, offset) = match first_selector(&c.args[0], &mut path) {
            Some(vs) => {
                let mut at = self.resolve_at(vs.at);
                let mut offset = self.offset_of(vs)?;
                for sq in path.iter().rev() {
                    if at.is_some() {
                        break;
                    }
                    offset += self.duration(sq.offset_ms, &sq.offset_expr, true)?;
                    at = self.resolve_at(sq.at);
                }
                (at, offset)
            }
            None => (None, 0),
        };
        // Data-label matchers by label name, and the matchers on the info metric's name.
        let mut data: BTreeMap<String, Vec<LabelMatcher>> = BTreeMap::new();
        let mut name_matchers = Vec::new();
        if let Some(Expr::VectorSelector(sel)) = c.args.get(1).map(Expr::unparen) {
            for m in &sel.matchers {
                data.entry(m.name.clone()).or_default().push(m.clone());
                if m.name == "__name__" {
                    name_matchers.push(m.clone());
                }
            }
        } else {
            name_matchers.push(matcher("__name__", MatchOp::Equal, TARGET_INFO));
        }
        let effective = effective_name_matchers(&name_matchers);
        let compiled = select::compile(&effective)?;
        let ignored: Vec<bool> = base
            .iter()
            .map(|s| {
                let name = s.labels.metric_name().unwrap_or("");
                compiled.iter().all(|m| matches_value(m, name))
            })
            .collect();
        // Identifying label values of the series to enrich.
        let mut id_values: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for (s, ignore) in base.iter().zip(&ignored) {
            if *ignore {
                continue;
            }
            for l in IDENTIFYING {
                if let Some(v) = s.labels.get(l).filter(|v| !v.is_empty()) {
                    let vals = id_values.entry(l).or_default();
                    if !vals.iter().any(|x| x == v) {
                        vals.push(v.to_owned());
                    }
                }
            }
        }
        let data_names: Vec<LabelMatcher> =
            data.values().flatten().filter(|m| m.name == "__name__").cloned().collect();
        data.retain(|_, ms| {
            ms.retain(|m| m.name != "__name__");
            !ms.is_empty()
        });
        let mut info = Vec::new();
        if !id_values.is_empty() {
            let mut matchers: Vec<LabelMatcher> = id_values
                .iter()
                .map(|(name, vals)| {
                    let re: Vec<String> = vals.iter().map(|v| regex::escape(v)).collect();
                    matcher(name, MatchOp::Regex, &re.join("|"))
                })
                .collect();
            matchers.extend(data.values().flatten().cloned());
            matchers.extend(effective_name_matchers(&data_names));
            let lookback = self.opts.lookback_delta_ms;
            for (labels, samples) in select::select(self.storage, &matchers)? {
                let mut cursor = select::Cursor::new(samples);
                let mut s = Series { labels: labels.clone(), ..Series::default() };
                for ts in r.times() {
                    let reference = at.unwrap_or(ts) - offset;
                    if let Some(sample) = cursor.at(reference, lookback) {
                        if matches!(sample.value, crate::value::SampleValue::Histogram(_)) {
                            return Err(QueryError::new(format!(
                                "this should be an info metric, with float samples: {}",
                                super::binop::go_labels(labels)
                            )));
                        }
                        // The value carries the sample's own timestamp.
                        s.floats.push(FPoint { t: ts, f: sample.t as f64 });
                    }
                }
                if !s.floats.is_empty() {
                    self.hold(s.floats.len())?;
                    info.push(s);
                }
            }
        }
        self.combine_info(&base, &ignored, &info, &data, r)
    }

    fn combine_info(
        &mut self,
        base: &[Series],
        ignored: &[bool],
        info: &[Series],
        data: &BTreeMap<String, Vec<LabelMatcher>>,
        r: Range,
    ) -> EvalResult<Vec<Series>> {
        let signature = |name: &str, l: &Labels| {
            let mut key = name.to_owned();
            for id in IDENTIFYING {
                if let Some(v) = l.get(id) {
                    key.push('\u{ff}');
                    key.push_str(id);
                    key.push('=');
                    key.push_str(v);
                }
            }
            key
        };
        let mut info_names: Vec<&str> =
            info.iter().filter_map(|s| s.labels.metric_name()).collect();
        info_names.sort_unstable();
        info_names.dedup();
        let info_sigs: Vec<String> = info
            .iter()
            .map(|s| signature(s.labels.metric_name().unwrap_or(""), &s.labels))
            .collect();
        let base_sigs: Vec<Vec<(usize, String)>> = base
            .iter()
            .map(|s| {
                info_names.iter().enumerate().map(|(i, n)| (i, signature(n, &s.labels))).collect()
            })
            .collect();
        let compiled: Vec<Vec<Matcher>> =
            data.values().map(|ms| select::compile(ms)).collect::<Result<_, _>>()?;
        let all_match_empty = compiled.iter().flatten().all(|m| matches_value(m, ""));
        let mut bcur = StepCursor::new(base);
        let mut icur = StepCursor::new(info);
        let (mut brow, mut irow) = (Vec::new(), Vec::new());
        let mut out = Collector::new(r);
        for ts in r.times() {
            bcur.gather(ts, &mut brow);
            icur.gather(ts, &mut irow);
            if brow.is_empty() {
                continue;
            }
            let mut by_sig: HashMap<&str, (usize, i64)> = HashMap::new();
            for &(ii, v) in &irow {
                let orig = v.float() as i64;
                let sig = info_sigs[ii].as_str();
                match by_sig.get(sig) {
                    Some(&(_, existing)) if existing > orig => {}
                    Some(&(ei, existing)) if existing == orig => {
                        return Err(QueryError::new(format!(
                            "found duplicate series for info metric: existing {} @ {existing}, new {} @ {orig}",
                            super::binop::go_labels(&info[ei].labels),
                            super::binop::go_labels(&info[ii].labels)
                        )));
                    }
                    _ => {
                        by_sig.insert(sig, (ii, orig));
                    }
                }
            }
            for &(bi, v) in &brow {
                if ignored[bi] {
                    let slot = out.slot(base[bi].labels.clone(), base[bi].drop_name);
                    out.push_v(slot, ts, v)?;
                    continue;
                }
                let mut added = Labels::new();
                let mut seen: HashSet<usize> = HashSet::new();
                for (ni, sig) in &base_sigs[bi] {
                    let Some(&(ii, _)) = by_sig.get(sig.as_str()) else { continue };
                    if !seen.insert(*ni) {
                        continue;
                    }
                    for l in info[ii].labels.iter() {
                        if l.name == "__name__" {
                            continue;
                        }
                        if !data.is_empty() && !data.contains_key(&l.name) {
                            continue;
                        }
                        if let Some(existing) = added.get(&l.name)
                            && !existing.is_empty()
                            && existing != l.value
                        {
                            return Err(QueryError::new(format!("conflicting label: {}", l.name)));
                        }
                        if base[bi].labels.get(&l.name).is_some() {
                            continue;
                        }
                        added.set(l.name.clone(), l.value.clone());
                    }
                }
                if seen.is_empty() && !all_match_empty {
                    continue;
                }
                let mut labels = base[bi].labels.clone();
                for l in added.iter() {
                    labels.set(l.name.clone(), l.value.clone());
                }
                let slot = out.slot(labels, base[bi].drop_name);
                out.push_v(slot, ts, v)?;
            }
        }
        Ok(out.finish())
    }
}
