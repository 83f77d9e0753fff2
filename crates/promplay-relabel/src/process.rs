//! Applying rules: upstream's `relabel` function over a `labels.Builder`
//! replica, and the traced variant the playground shows as a per-rule diff.

use crate::config::{Action, NameValidationScheme, RelabelConfig};
use md5::{Digest, Md5};
use promplay_model::Labels;

/// Applies `rules` in order; `None` when a rule drops the label set.
///
/// Rules are applied as they are (run [`crate::validate`] first, as
/// Prometheus does when it loads a config); a rule without an action does
/// nothing. A rule without its own scheme validates target names as UTF-8.
pub fn process(labels: &Labels, rules: &[RelabelConfig]) -> Option<Labels> {
    let mut lb = Builder::new(labels);
    for rule in rules {
        if !relabel(rule, &mut lb, None) {
            return None;
        }
    }
    Some(lb.labels())
}

/// What happened to one label set, rule by rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Trace {
    /// The label set before the first rule.
    pub input: Labels,
    /// One step per rule applied; stops after a dropping rule.
    pub steps: Vec<Step>,
    /// The final label set, or `None` when dropped.
    pub output: Option<Labels>,
}

impl Trace {
    /// The index of the rule that dropped the set, if one did.
    pub fn dropped_by(&self) -> Option<usize> {
        self.steps.iter().find(|s| matches!(s.outcome, Outcome::Dropped)).map(|s| s.rule)
    }
}

/// One rule's effect.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// The rule's index in the list (0-based).
    pub rule: usize,
    /// The rule's action (`None` for an empty action, which does nothing).
    pub action: Option<Action>,
    /// The labels before the rule.
    pub before: Labels,
    /// The labels after it (equal to `before` when dropped).
    pub after: Labels,
    /// Added, changed and removed labels, in name order.
    pub changes: Vec<Change>,
    /// Kept unchanged, changed, or dropped.
    pub outcome: Outcome,
    /// Why, in words: e.g. ``regex `foo` did not match `bar` in source_labels [app]``.
    pub reason: String,
}

/// The result of one rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The rule left the labels as they were.
    Unchanged,
    /// The rule added, changed or removed labels.
    Changed,
    /// The rule dropped the whole label set.
    Dropped,
}

/// One label difference between two consecutive steps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// A new label.
    Added {
        /// Label name.
        name: String,
        /// Its value.
        value: String,
    },
    /// A label whose value changed.
    Changed {
        /// Label name.
        name: String,
        /// The value before.
        old: String,
        /// The value after.
        new: String,
    },
    /// A removed label.
    Removed {
        /// Label name.
        name: String,
        /// The value it had.
        old: String,
    },
}

impl Change {
    /// The label the change is about.
    pub fn name(&self) -> &str {
        match self {
            Change::Added { name, .. }
            | Change::Changed { name, .. }
            | Change::Removed { name, .. } => name,
        }
    }
}

/// Applies `rules` one at a time and records each step.
pub fn process_traced(labels: &Labels, rules: &[RelabelConfig]) -> Trace {
    let mut lb = Builder::new(labels);
    let mut steps = Vec::with_capacity(rules.len());
    // Empty values are gone before the first rule runs, as in upstream's builder.
    let mut before = lb.labels();
    for (i, rule) in rules.iter().enumerate() {
        let mut reason = String::new();
        let keep = relabel(rule, &mut lb, Some(&mut reason));
        let after = if keep { lb.labels() } else { before.clone() };
        let changes = diff(&before, &after);
        let outcome = match (keep, changes.is_empty()) {
            (false, _) => Outcome::Dropped,
            (true, true) => Outcome::Unchanged,
            (true, false) => Outcome::Changed,
        };
        steps.push(Step {
            rule: i,
            action: rule.action,
            before,
            after: after.clone(),
            changes,
            outcome,
            reason,
        });
        if !keep {
            return Trace { input: labels.clone(), steps, output: None };
        }
        before = after;
    }
    Trace { input: labels.clone(), steps, output: Some(before) }
}

/// The differences from `a` to `b`, both sorted by name.
fn diff(a: &Labels, b: &Labels) -> Vec<Change> {
    let mut out = Vec::new();
    let (mut x, mut y) = (a.iter().peekable(), b.iter().peekable());
    loop {
        match (x.peek(), y.peek()) {
            (None, None) => break,
            (Some(l), None) => {
                out.push(Change::Removed { name: l.name.clone(), old: l.value.clone() });
                x.next();
            }
            (None, Some(r)) => {
                out.push(Change::Added { name: r.name.clone(), value: r.value.clone() });
                y.next();
            }
            (Some(l), Some(r)) => match l.name.cmp(&r.name) {
                std::cmp::Ordering::Less => {
                    out.push(Change::Removed { name: l.name.clone(), old: l.value.clone() });
                    x.next();
                }
                std::cmp::Ordering::Greater => {
                    out.push(Change::Added { name: r.name.clone(), value: r.value.clone() });
                    y.next();
                }
                std::cmp::Ordering::Equal => {
                    if l.value != r.value {
                        out.push(Change::Changed {
                            name: l.name.clone(),
                            old: l.value.clone(),
                            new: r.value.clone(),
                        });
                    }
                    x.next();
                    y.next();
                }
            },
        }
    }
    out
}

/// A replica of Prometheus' `labels.Builder`: the base set, labels set since
/// (in the order they were set), and names deleted since. The order matters
/// for `labelmap`, whose `Range` visits untouched base labels first, then
/// the added ones in insertion order.
pub(crate) struct Builder {
    base: Labels,
    add: Vec<(String, String)>,
    del: Vec<String>,
}

impl Builder {
    /// Like `NewBuilder`, whose `Reset` deletes labels with empty values
    /// (an empty value is the same as no label).
    pub(crate) fn new(base: &Labels) -> Builder {
        let del = base.iter().filter(|l| l.value.is_empty()).map(|l| l.name.clone()).collect();
        Builder { base: base.clone(), add: Vec::new(), del }
    }

    pub(crate) fn get(&self, name: &str) -> &str {
        if let Some((_, v)) = self.add.iter().find(|(n, _)| n == name) {
            return v;
        }
        if self.del.iter().any(|n| n == name) {
            return "";
        }
        self.base.get(name).unwrap_or("")
    }

    /// Sets a label; an empty value deletes it, as upstream does.
    pub(crate) fn set(&mut self, name: &str, value: String) {
        if value.is_empty() {
            return self.del(name);
        }
        match self.add.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = value,
            None => self.add.push((name.to_owned(), value)),
        }
    }

    pub(crate) fn del(&mut self, name: &str) {
        self.add.retain(|(n, _)| n != name);
        self.del.push(name.to_owned());
    }

    /// Visits the labels in `Range` order. Upstream's `Range` walks a
    /// snapshot; callers here collect what to change first and apply it
    /// afterwards, which is the same thing without copying every label.
    fn range(&self, mut f: impl FnMut(&str, &str)) {
        for l in self.base.iter() {
            if !self.del.contains(&l.name) && !self.add.iter().any(|(n, _)| *n == l.name) {
                f(&l.name, &l.value);
            }
        }
        for (n, v) in &self.add {
            f(n, v);
        }
    }

    pub(crate) fn labels(&self) -> Labels {
        if self.add.is_empty() && self.del.is_empty() {
            return self.base.clone();
        }
        let mut out = self.base.clone();
        for name in &self.del {
            out.remove(name);
        }
        for (n, v) in &self.add {
            out.set(n.as_str(), v.as_str());
        }
        out
    }
}

/// Upstream's `relabel`: applies one rule; `false` drops the set. With
/// `why`, writes a sentence about what the rule did.
pub(crate) fn relabel(cfg: &RelabelConfig, lb: &mut Builder, why: Option<&mut String>) -> bool {
    let Some(action) = cfg.action else {
        if let Some(w) = why {
            *w = "the rule has no action, so it does nothing (Prometheus rejects it when loading)"
                .into();
        }
        return true;
    };
    let mut val = String::new();
    for (i, name) in cfg.sources().iter().enumerate() {
        if i > 0 {
            val.push_str(&cfg.separator);
        }
        val.push_str(lb.get(name));
    }
    let default_re;
    let re = match &cfg.regex {
        Some(re) => re,
        None => {
            // A zero-value rule has no regex; YAML would have given it `""`.
            default_re = crate::config::Regex::new("").expect("the empty regex compiles");
            &default_re
        }
    };
    let mut note = String::new();
    let tracing = why.is_some();
    let sources = || format!("source_labels [{}]", cfg.sources().join(", "));
    let keep = match action {
        Action::Drop | Action::Keep => {
            let matched = re.is_match(&val);
            if tracing {
                let verb = if matched { "matched" } else { "did not match" };
                note = format!("regex `{}` {verb} `{}` in {}", re.as_str(), val, sources());
            }
            matched == (action == Action::Keep)
        }
        Action::DropEqual | Action::KeepEqual => {
            let target = lb.get(&cfg.target_label);
            let equal = target == val;
            if tracing {
                let rel = if equal { "equals" } else { "does not equal" };
                note = format!("`{val}` from {} {rel} {} `{target}`", sources(), cfg.target_label);
            }
            equal == (action == Action::KeepEqual)
        }
        Action::Replace => {
            replace(cfg, re, &val, lb, tracing.then_some(&mut note));
            true
        }
        Action::Lowercase | Action::Uppercase => {
            let v = if action == Action::Lowercase { go_lower(&val) } else { go_upper(&val) };
            if tracing {
                note = set_note(&cfg.target_label, &v);
            }
            lb.set(&cfg.target_label, v);
            true
        }
        Action::HashMod => {
            let hash = Md5::digest(val.as_bytes());
            let mut last = [0u8; 8];
            last.copy_from_slice(&hash[8..]);
            let m = if cfg.modulus == 0 { 0 } else { u64::from_be_bytes(last) % cfg.modulus };
            if tracing {
                note = format!(
                    "md5(`{val}`) mod {} = {m}; {}",
                    cfg.modulus,
                    set_note(&cfg.target_label, &m.to_string())
                );
            }
            lb.set(&cfg.target_label, m.to_string());
            true
        }
        Action::LabelMap => {
            let mut mapped = Vec::new();
            let mut sets: Vec<(String, String)> = Vec::new();
            lb.range(|name, value| {
                if let Some(caps) = re.compiled().captures(name) {
                    let mut res = String::new();
                    crate::expand(re.compiled(), &caps, &cfg.replacement, &mut res);
                    if tracing {
                        mapped.push(format!("{name} → {res}"));
                    }
                    sets.push((res, value.to_owned()));
                }
            });
            for (name, value) in sets {
                lb.set(&name, value);
            }
            if tracing {
                note = if mapped.is_empty() {
                    format!("regex `{}` matched no label name", re.as_str())
                } else {
                    format!("copied {}", mapped.join(", "))
                };
            }
            true
        }
        Action::LabelDrop | Action::LabelKeep => {
            let mut removed: Vec<String> = Vec::new();
            lb.range(|name, _| {
                if re.is_match(name) == (action == Action::LabelDrop) {
                    removed.push(name.to_owned());
                }
            });
            for name in &removed {
                lb.del(name);
            }
            if tracing {
                let how = if action == Action::LabelDrop { "matching" } else { "not matching" };
                note = if removed.is_empty() {
                    format!("no label name {how} `{}`", re.as_str())
                } else {
                    format!("removed {} ({how} `{}`)", removed.join(", "), re.as_str())
                };
            }
            true
        }
    };
    if let Some(w) = why {
        *w = note;
    }
    keep
}

/// The `replace` action, including upstream's fast path for an empty value
/// with the default regex and no variables.
fn replace(
    cfg: &RelabelConfig,
    re: &crate::config::Regex,
    val: &str,
    lb: &mut Builder,
    note: Option<&mut String>,
) {
    let has_var = |s: &str| s.contains('$');
    if val.is_empty()
        && re.is_default()
        && !has_var(&cfg.target_label)
        && !has_var(&cfg.replacement)
    {
        if let Some(n) = note {
            *n = set_note(&cfg.target_label, &cfg.replacement);
        }
        lb.set(&cfg.target_label, cfg.replacement.clone());
        return;
    }
    let Some(caps) = re.compiled().captures(val) else {
        if let Some(n) = note {
            *n = format!(
                "regex `{}` did not match `{val}` in source_labels [{}], so nothing was replaced",
                re.as_str(),
                cfg.sources().join(", ")
            );
        }
        return;
    };
    let mut target = String::new();
    crate::expand(re.compiled(), &caps, &cfg.target_label, &mut target);
    let scheme = cfg.name_validation_scheme.unwrap_or(NameValidationScheme::Utf8);
    if !scheme.is_valid_label_name(&target) {
        if let Some(n) = note {
            *n = format!(
                "target label {target:?} (from `{}`) is not a valid label name, so nothing was replaced",
                cfg.target_label
            );
        }
        return;
    }
    let mut res = String::new();
    crate::expand(re.compiled(), &caps, &cfg.replacement, &mut res);
    if let Some(n) = note {
        *n = set_note(&target, &res);
    }
    if res.is_empty() {
        lb.del(&target);
    } else {
        lb.set(&target, res);
    }
}

fn set_note(target: &str, value: &str) -> String {
    if value.is_empty() {
        format!("{target} = \"\" (an empty value removes the label)")
    } else {
        format!("{target} = {value:?}")
    }
}

/// Go's `strings.ToLower`: simple (one-to-one) case mapping per character,
/// unlike Rust's `to_lowercase`, which uses full mappings and context.
fn go_lower(s: &str) -> String {
    s.chars().map(|c| simple_map(c, c.to_lowercase())).collect()
}

/// Go's `strings.ToUpper` (simple mappings: `ß` stays `ß`).
fn go_upper(s: &str) -> String {
    s.chars().map(|c| simple_map(c, c.to_uppercase())).collect()
}

fn simple_map(c: char, mut full: impl Iterator<Item = char>) -> char {
    match (full.next(), full.next()) {
        (Some(one), None) => one,
        // `İ` lower-cases to `i` plus a combining dot in full mapping; its
        // simple mapping is `i`. Other multi-character mappings have none.
        (Some('i'), Some(_)) if c == 'İ' => 'i',
        _ => c,
    }
}
