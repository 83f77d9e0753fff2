//! How the two sides of a binary operator between instant vectors matched:
//! the match groups (series with the same signature under `on`/`ignoring`),
//! the series of each side without a partner, the groups that break the
//! operator's cardinality, and a computed fix.
//!
//! The fix is searched, not guessed: starting from the labels both sides
//! have, labels are dropped from an `on(...)` list one at a time as long as
//! that pairs more series; the group sizes under the result decide between
//! one-to-one, `group_left`, `group_right` or aggregating one side. The
//! suggested expression is then parsed and evaluated, and only offered when it
//! evaluates without error.

use std::collections::{BTreeMap, BTreeSet};

use promplay_model::Labels;
use promplay_promql_syntax::{BinaryExpr, BinaryOp, Cardinality, ParseOptions, parse_with};

use super::Ctx;
use crate::eval::binop::{changes_metric_schema, match_labels};
use crate::value::Value;

/// A side of a binary operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// The left-hand side.
    Left,
    /// The right-hand side.
    Right,
}

impl Side {
    /// `left` or `right`.
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Left => "left",
            Side::Right => "right",
        }
    }
}

/// How the sides of a vector-to-vector operation matched.
#[derive(Clone, Debug, PartialEq)]
pub struct MatchReport {
    /// The cardinality the query asks for.
    pub cardinality: Cardinality,
    /// The match signature in words: `on (instance)`, `ignoring (code)` or
    /// `all labels except __name__`.
    pub signature: String,
    /// Groups with series on both sides, by signature.
    pub groups: Vec<MatchGroup>,
    /// Left series without a partner on the right.
    pub unmatched_left: Vec<Labels>,
    /// Right series without a partner on the left.
    pub unmatched_right: Vec<Labels>,
    /// Groups that break the cardinality (the evaluation's error, explained).
    pub conflicts: Vec<MatchConflict>,
    /// A computed fix, when the match has problems and one was found.
    pub suggestion: Option<MatchSuggestion>,
    /// Why no fix could be computed, when the match has problems.
    pub hint: Option<String>,
}

impl MatchReport {
    /// Whether every series found a partner and no group conflicts.
    pub fn is_clean(&self) -> bool {
        self.unmatched_left.is_empty()
            && self.unmatched_right.is_empty()
            && self.conflicts.is_empty()
    }
}

/// Series of both sides with one signature.
#[derive(Clone, Debug, PartialEq)]
pub struct MatchGroup {
    /// The signature's labels.
    pub signature: Labels,
    /// The left series in the group.
    pub left: Vec<Labels>,
    /// The right series in the group.
    pub right: Vec<Labels>,
}

/// A group that breaks the cardinality.
#[derive(Clone, Debug, PartialEq)]
pub struct MatchConflict {
    /// The side with too many series.
    pub side: Side,
    /// The group's signature.
    pub signature: Labels,
    /// The colliding series.
    pub series: Vec<Labels>,
    /// What is wrong, with Prometheus' error wording where there is one.
    pub message: String,
}

/// A rewritten operator that matches better.
#[derive(Clone, Debug, PartialEq)]
pub struct MatchSuggestion {
    /// The matching modifiers to write after the operator, e.g. `on (instance) group_left (team)`.
    pub modifiers: String,
    /// The rewritten binary expression.
    pub expr: String,
    /// The whole query with the binary expression rewritten.
    pub query: String,
    /// Why these modifiers.
    pub reason: String,
    /// Series the rewritten expression returns.
    pub series: usize,
    /// Left series still without a partner under the fix.
    pub unmatched_left: usize,
    /// Right series still without a partner under the fix.
    pub unmatched_right: usize,
}

/// Analyses `b` given its sides' values.
pub(crate) fn report(ctx: &Ctx<'_>, b: &BinaryExpr, l: &Value, r: &Value) -> MatchReport {
    let (lhs, rhs) = (labels_of(l), labels_of(r));
    let (card, on, names, include) = match &b.matching {
        Some(m) => (m.card, m.on, m.matching_labels.clone(), m.include.clone()),
        None if b.op.is_set_operator() => (Cardinality::ManyToMany, false, Vec::new(), Vec::new()),
        None => (Cardinality::OneToOne, false, Vec::new(), Vec::new()),
    };
    let signature = if on {
        format!("on ({})", names.join(", "))
    } else if !names.is_empty() {
        format!("ignoring ({})", names.join(", "))
    } else {
        "all labels except __name__".to_owned()
    };
    let grouped = group(&lhs, &rhs, on, &names);
    let mut report = MatchReport {
        cardinality: card,
        signature,
        groups: Vec::new(),
        unmatched_left: Vec::new(),
        unmatched_right: Vec::new(),
        conflicts: Vec::new(),
        suggestion: None,
        hint: None,
    };
    for (sig, (li, ri)) in &grouped {
        match (li.is_empty(), ri.is_empty()) {
            (false, false) => report.groups.push(MatchGroup {
                signature: sig.clone(),
                left: li.iter().map(|&i| lhs[i].clone()).collect(),
                right: ri.iter().map(|&i| rhs[i].clone()).collect(),
            }),
            (false, true) => report.unmatched_left.extend(li.iter().map(|&i| lhs[i].clone())),
            _ => report.unmatched_right.extend(ri.iter().map(|&i| rhs[i].clone())),
        }
    }
    if !b.op.is_set_operator() {
        report.conflicts = conflicts(b, card, &include, &grouped, &lhs, &rhs);
    }
    // A set operator's unmatched series are its purpose, except when nothing
    // matched at all: then `and`/`unless` filter nothing and the query is
    // probably wrong. `or` never needs a fix.
    let needs_fix = match b.op {
        BinaryOp::Or => false,
        BinaryOp::And | BinaryOp::Unless => report.groups.is_empty(),
        _ => !report.is_clean(),
    };
    if lhs.is_empty() || rhs.is_empty() {
        let empty = if lhs.is_empty() { "left" } else { "right" };
        if !(lhs.is_empty() && rhs.is_empty()) && b.op != BinaryOp::Or {
            report.hint = Some(format!(
                "the {empty} side has no series, so nothing can match; its selectors say why"
            ));
        }
    } else if needs_fix {
        match suggest(ctx, b, &lhs, &rhs) {
            Ok(s) => report.suggestion = Some(s),
            Err(hint) => report.hint = Some(hint),
        }
    }
    report
}

/// The label sets of an instant vector (empty for other values).
fn labels_of(v: &Value) -> Vec<Labels> {
    match v {
        Value::Vector(v) => v.iter().map(|s| s.labels.clone()).collect(),
        _ => Vec::new(),
    }
}

type Groups = BTreeMap<Labels, (Vec<usize>, Vec<usize>)>;

/// Series indices of each side by signature.
fn group(lhs: &[Labels], rhs: &[Labels], on: bool, names: &[String]) -> Groups {
    let mut out: Groups = BTreeMap::new();
    for (i, l) in lhs.iter().enumerate() {
        out.entry(match_labels(l, on, names)).or_default().0.push(i);
    }
    for (i, r) in rhs.iter().enumerate() {
        out.entry(match_labels(r, on, names)).or_default().1.push(i);
    }
    out
}

fn conflicts(
    b: &BinaryExpr,
    card: Cardinality,
    include: &[String],
    grouped: &Groups,
    lhs: &[Labels],
    rhs: &[Labels],
) -> Vec<MatchConflict> {
    let mut out = Vec::new();
    let (one_side, many_side) = match card {
        Cardinality::OneToMany => (Side::Left, Side::Right),
        _ => (Side::Right, Side::Left),
    };
    let pick = |side: Side, l: &[usize], r: &[usize]| -> Vec<Labels> {
        match side {
            Side::Left => l.iter().map(|&i| lhs[i].clone()).collect(),
            Side::Right => r.iter().map(|&i| rhs[i].clone()).collect(),
        }
    };
    let drops_name = changes_metric_schema(b.op) || b.return_bool;
    for (sig, (li, ri)) in grouped {
        let one = pick(one_side, li, ri);
        let many = pick(many_side, li, ri);
        if one.len() > 1 {
            out.push(MatchConflict {
                side: one_side,
                signature: sig.clone(),
                message: format!(
                    "found duplicate series for the match group {sig} on the {} hand-side of the operation; many-to-many matching not allowed: matching labels must be unique on one side",
                    one_side.as_str()
                ),
                series: one,
            });
            continue;
        }
        if one.is_empty() || many.len() < 2 {
            continue;
        }
        if card == Cardinality::OneToOne {
            out.push(MatchConflict {
                side: many_side,
                signature: sig.clone(),
                message: "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)".to_owned(),
                series: many,
            });
            continue;
        }
        // With group_left/group_right the result keeps the "many" side's
        // labels (without the name for arithmetic) plus the included ones:
        // two series that differ only in what is dropped or overwritten collide.
        let mut seen: BTreeMap<Labels, Vec<Labels>> = BTreeMap::new();
        for s in many {
            let mut key = s.clone();
            if drops_name {
                key.remove("__name__");
            }
            for n in include {
                key.remove(n);
            }
            seen.entry(key).or_default().push(s);
        }
        for (_, series) in seen.into_iter().filter(|(_, v)| v.len() > 1) {
            out.push(MatchConflict {
                side: many_side,
                signature: sig.clone(),
                message: "multiple matches for labels: grouping labels must ensure unique matches"
                    .to_owned(),
                series,
            });
        }
    }
    out
}

/// Label names (without `__name__`) used by any series of `side`.
fn names_of(side: &[Labels]) -> BTreeSet<String> {
    side.iter().flat_map(|l| l.iter().map(|p| p.name.clone())).filter(|n| n != "__name__").collect()
}

/// How well `on(names)` pairs the sides: the groups with series on both
/// sides, then the series in them, counting only groups that are not
/// many-to-many (which no `group_*` modifier could evaluate). Groups come
/// first so that dropping a label that merely lumps everything into one
/// group never looks like progress.
fn paired(lhs: &[Labels], rhs: &[Labels], names: &[String]) -> (usize, usize) {
    group(lhs, rhs, true, names)
        .values()
        .filter(|(l, r)| !l.is_empty() && !r.is_empty() && (l.len() == 1 || r.len() == 1))
        .fold((0, 0), |(g, n), (l, r)| (g + 1, n + l.len() + r.len()))
}

fn list(names: &BTreeSet<String>) -> String {
    names.iter().cloned().collect::<Vec<_>>().join(", ")
}

fn ticked(names: &BTreeSet<String>) -> String {
    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}

fn suggest(
    ctx: &Ctx<'_>,
    b: &BinaryExpr,
    lhs: &[Labels],
    rhs: &[Labels],
) -> Result<MatchSuggestion, String> {
    let (names_l, names_r) = (names_of(lhs), names_of(rhs));
    let common: BTreeSet<String> = names_l.intersection(&names_r).cloned().collect();
    // Greedy: drop the label whose removal pairs the most groups, while that helps.
    let mut on: Vec<String> = common.iter().cloned().collect();
    let mut score = paired(lhs, rhs, &on);
    loop {
        let best = (0..on.len())
            .map(|i| {
                let mut fewer = on.clone();
                fewer.remove(i);
                (paired(lhs, rhs, &fewer), fewer)
            })
            .max_by_key(|(s, fewer)| (*s, fewer.len()));
        match best {
            // Only more groups is progress: more series in as many groups
            // means two groups were merged, which loses meaning.
            Some((s, fewer)) if s.0 > score.0 => {
                score = s;
                on = fewer;
            }
            _ => break,
        }
    }
    if score.0 == 0 {
        return Err(format!(
            "no label value is shared by the two sides (left labels: {}; right labels: {}), so no on(...) can pair them",
            if names_l.is_empty() { "none".to_owned() } else { list(&names_l) },
            if names_r.is_empty() { "none".to_owned() } else { list(&names_r) },
        ));
    }
    let on_set: BTreeSet<String> = on.iter().cloned().collect();
    let grouped = group(lhs, rhs, true, &on);
    let matched = grouped.values().filter(|(l, r)| !l.is_empty() && !r.is_empty());
    let (ml, mr) = matched.fold((0, 0), |(a, b), (l, r)| (a.max(l.len()), b.max(r.len())));
    let only_l: BTreeSet<String> = names_l.difference(&names_r).cloned().collect();
    let only_r: BTreeSet<String> = names_r.difference(&names_l).cloned().collect();
    let differing: BTreeSet<String> = common.difference(&on_set).cloned().collect();
    let mut why = Vec::new();
    if !only_l.is_empty() {
        why.push(format!("{} only on the left", ticked(&only_l)));
    }
    if !only_r.is_empty() {
        why.push(format!("{} only on the right", ticked(&only_r)));
    }
    if !differing.is_empty() {
        why.push(format!("{} with different values on the two sides", ticked(&differing)));
    }
    let on_text = format!("on ({})", on.join(", "));
    let all: BTreeSet<String> = names_l.union(&names_r).cloned().collect();
    let ignored: BTreeSet<String> = all.difference(&on_set).cloned().collect();
    let lhs_text = slice(ctx.query, b.lhs.span());
    let mut rhs_text = slice(ctx.query, b.rhs.span()).to_owned();
    let (modifiers, shape) = if b.op.is_set_operator() {
        (on_text, String::new())
    } else if ml <= 1 && mr <= 1 {
        let m = if !ignored.is_empty() && ignored.len() < on.len() {
            format!("ignoring ({})", list(&ignored))
        } else {
            on_text
        };
        let mut shape = "each group then has one series per side".to_owned();
        if !only_r.is_empty() {
            shape.push_str(&format!(
                "; add `group_left ({})` to copy {} from the right side",
                list(&only_r),
                ticked(&only_r)
            ));
        }
        (m, shape)
    } else if mr <= 1 {
        let copy = if only_r.is_empty() { String::new() } else { format!(" ({})", list(&only_r)) };
        (
            format!("{on_text} group_left{copy}"),
            format!(
                "up to {ml} left series share a group with one right series, so the right side is the \"one\" side (group_left{})",
                if only_r.is_empty() {
                    String::new()
                } else {
                    format!(", copying {}", ticked(&only_r))
                }
            ),
        )
    } else if ml <= 1 {
        let copy = if only_l.is_empty() { String::new() } else { format!(" ({})", list(&only_l)) };
        (
            format!("{on_text} group_right{copy}"),
            format!(
                "up to {mr} right series share a group with one left series, so the left side is the \"one\" side (group_right{})",
                if only_l.is_empty() {
                    String::new()
                } else {
                    format!(", copying {}", ticked(&only_l))
                }
            ),
        )
    } else {
        rhs_text = format!("sum by ({}) ({rhs_text})", on.join(", "));
        (
            format!("{on_text} group_left"),
            format!(
                "both sides have several series per group ({ml} left, {mr} right), so the right side is summed per group first"
            ),
        )
    };
    let bool_word = if b.return_bool { " bool" } else { "" };
    let expr = format!("{lhs_text} {}{bool_word} {modifiers} {rhs_text}", b.op.as_str());
    let query = format!(
        "{}{expr}{}",
        slice_to(ctx.query, 0, b.span.start),
        slice_to(ctx.query, b.span.end, ctx.query.len() as u32)
    );
    // The search may land on what the query already says: then the series
    // left over simply have no partner, and repeating the query helps nobody.
    let written = slice(ctx.query, b.span);
    if same_words(written, &expr) {
        return Err(
            "the unmatched series have no partner with the same label values on the other side; the matching itself is right"
                .to_owned(),
        );
    }
    let parsed = parse_with(&expr, &ParseOptions::all());
    let Some(new) = parsed.expr else {
        return Err(format!("the rewritten expression `{expr}` does not parse"));
    };
    let result = crate::eval::instant_query(ctx.storage, &new, ctx.t, ctx.opts);
    let series = match &result.value {
        Ok(Value::Vector(v)) => v.len(),
        Ok(_) => 0,
        Err(e) => return Err(format!("no fix found: `{expr}` would fail with: {}", e.message)),
    };
    let (mut unmatched_left, mut unmatched_right) = (0, 0);
    for (l, r) in grouped.values() {
        if r.is_empty() {
            unmatched_left += l.len();
        }
        if l.is_empty() {
            unmatched_right += r.len();
        }
    }
    let mut reason = if why.is_empty() {
        format!("matching on ({}) pairs {} series", on.join(", "), score.1)
    } else {
        format!(
            "the sides differ in {}; matching on ({}) pairs {} series",
            why.join(", "),
            on.join(", "),
            score.1
        )
    };
    if !shape.is_empty() {
        reason.push_str(&format!("; {shape}"));
    }
    Ok(MatchSuggestion { modifiers, expr, query, reason, series, unmatched_left, unmatched_right })
}

/// Whether two expressions are the same text up to spacing (`on(a)` = `on (a)`).
fn same_words(a: &str, b: &str) -> bool {
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    squeeze(a) == squeeze(b)
}

fn slice(query: &str, s: promplay_diagnostics::Span) -> &str {
    slice_to(query, s.start, s.end)
}

fn slice_to(query: &str, start: u32, end: u32) -> &str {
    query.get(start as usize..end as usize).unwrap_or("")
}
