//! Inhibition between a set of firing alerts, following
//! `inhibit/inhibit.go`: every alert that matches a rule's source matchers
//! is indexed under the values of the rule's `equal` labels (the first one
//! seen keeps the slot, as long as it is firing); an alert is muted by the
//! first rule whose target matchers accept it and whose index holds a
//! source with the same `equal` values. When the alert also matches the
//! rule's source side and the indexed source also matches the target side,
//! the rule does not mute it (`excludeTwoSidedMatch`), so an alert never
//! inhibits itself.

use crate::config::{Config, InhibitRule};
use crate::matcher::Matcher;
use promplay_model::Labels;
use std::collections::HashMap;

/// Why one alert is muted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Muted {
    /// Index of the inhibit rule in the configuration.
    pub rule: usize,
    /// Index of the source alert (in the input) that mutes it.
    pub source: usize,
}

/// The verdict for one alert, with the rules that looked at it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Inhibition {
    /// The muting rule and source, if any.
    pub muted_by: Option<Muted>,
    /// Rules whose target matchers accept the alert, with what happened
    /// (in rule order, up to the muting one).
    pub checks: Vec<RuleCheck>,
}

/// What one rule whose target side accepts an alert concluded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RuleCheck {
    /// No firing source alert has the same `equal` values.
    NoSource {
        /// The rule.
        rule: usize,
    },
    /// A source exists but both alerts match both sides, so the rule
    /// leaves the alert alone.
    TwoSided {
        /// The rule.
        rule: usize,
        /// The indexed source alert.
        source: usize,
    },
    /// Muted by this source.
    Muted {
        /// The rule.
        rule: usize,
        /// The source alert.
        source: usize,
    },
}

/// Decides, for each of `alerts` (all firing, in the order Alertmanager
/// received them), whether an inhibit rule mutes it.
pub fn inhibit(config: &Config, alerts: &[Labels]) -> Vec<Inhibition> {
    let rules: Vec<Rule<'_>> = config.inhibit_rules.iter().map(Rule::new).collect();
    // Per rule: equal-label values → the first source alert indexed there.
    let index: Vec<HashMap<Vec<String>, usize>> = rules
        .iter()
        .map(|r| {
            let mut slots = HashMap::new();
            for (i, a) in alerts.iter().enumerate() {
                if matches_all(&r.source, a) {
                    slots.entry(r.equal_key(a)).or_insert(i);
                }
            }
            slots
        })
        .collect();
    alerts
        .iter()
        .map(|a| {
            let mut checks = Vec::new();
            let mut muted_by = None;
            for (ri, r) in rules.iter().enumerate() {
                if !matches_all(&r.target, a) {
                    continue;
                }
                let Some(&source) = index[ri].get(&r.equal_key(a)) else {
                    checks.push(RuleCheck::NoSource { rule: ri });
                    continue;
                };
                if matches_all(&r.source, a) && matches_all(&r.target, &alerts[source]) {
                    checks.push(RuleCheck::TwoSided { rule: ri, source });
                    continue;
                }
                checks.push(RuleCheck::Muted { rule: ri, source });
                muted_by = Some(Muted { rule: ri, source });
                break;
            }
            Inhibition { muted_by, checks }
        })
        .collect()
}

struct Rule<'c> {
    source: Vec<&'c Matcher>,
    target: Vec<&'c Matcher>,
    equal: Vec<&'c str>,
}

impl<'c> Rule<'c> {
    fn new(r: &'c InhibitRule) -> Rule<'c> {
        let mut equal: Vec<&str> = r.equal.iter().map(|n| n.value.as_str()).collect();
        equal.sort_unstable();
        equal.dedup();
        Rule {
            source: r.source.iter().map(|m| &m.matcher).collect(),
            target: r.target.iter().map(|m| &m.matcher).collect(),
            equal,
        }
    }

    /// The values of the `equal` labels; a missing label counts as empty,
    /// as `fingerprintEquals` reads it.
    fn equal_key(&self, labels: &Labels) -> Vec<String> {
        self.equal.iter().map(|n| labels.get(n).unwrap_or("").to_owned()).collect()
    }
}

fn matches_all(ms: &[&Matcher], labels: &Labels) -> bool {
    ms.iter().all(|m| m.matches(labels.get(&m.name).unwrap_or("")))
}
