//! Alertmanager 0.33's configuration as a pure function: an
//! alertmanager.yaml goes in; the routing tree with everything each route
//! inherits, where an alert with given labels goes (`Route.Match`), which
//! of a set of firing alerts an inhibit rule mutes, and the text `amtool
//! config routes show|test` prints come out. Every problem Alertmanager's
//! loader would reject is a diagnostic with a span (codes `AMR0xxx` in
//! [`codes`]).
//!
//! ```
//! use promplay_alertmanager::{load, RouteTree, parse_label_set};
//!
//! let text = "route:\n  receiver: team\n  routes:\n  - matchers: ['severity=\"critical\"']\n    receiver: pager\nreceivers:\n- name: team\n- name: pager\n";
//! let loaded = load(text);
//! assert!(!loaded.has_errors());
//! let tree = RouteTree::new(loaded.config.as_ref().unwrap());
//! let labels = parse_label_set("{severity=\"critical\"}").unwrap();
//! assert_eq!(tree.route(&labels).receivers(&tree), ["pager"]);
//! ```

pub mod amtool;
pub mod codes;
mod config;
mod inhibit;
mod labelset;
pub mod matcher;
mod read;
mod route;
mod yaml;

pub use config::{
    Config, InhibitRule, Loaded, MatcherOrigin, Named, Receiver, Route, SpannedMatcher,
    TimeIntervalName, Timing,
};
pub use inhibit::{Inhibition, Muted, RuleCheck, inhibit};
pub use labelset::{parse_label_arg, parse_label_set};
pub use matcher::{MatchType, Matcher};
pub use read::{INTEGRATIONS, load};
pub use route::{
    DEFAULT_GROUP_INTERVAL_MS, DEFAULT_GROUP_WAIT_MS, DEFAULT_REPEAT_INTERVAL_MS, Effective,
    GroupBy, RouteNode, RouteTree, Routing, Source, Visit,
};

pub use promplay_promql_syntax::format_duration;

#[cfg(test)]
mod tests;
