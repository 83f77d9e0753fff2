//! The configuration model: what `config.Load` keeps of an
//! alertmanager.yaml that routing and inhibition need, every value with its
//! span. Receivers keep their names and integration kinds only; secrets and
//! integration settings are not read.

use crate::matcher::Matcher;
use promplay_diagnostics::{Diagnostic, Span};

/// A configuration as far as it could be read.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Config {
    /// `global.resolve_timeout` in milliseconds (default 5m).
    pub resolve_timeout_ms: i64,
    /// The root route (an empty one when `route` is missing; then an error
    /// diagnostic says so).
    pub route: Route,
    /// The receivers, in input order.
    pub receivers: Vec<Receiver>,
    /// The inhibit rules, in input order.
    pub inhibit_rules: Vec<InhibitRule>,
    /// The names of `time_intervals` and the deprecated `mute_time_intervals`.
    pub time_intervals: Vec<TimeIntervalName>,
    /// `templates` as written.
    pub templates: Vec<String>,
}

/// A string value with its span.
#[derive(Clone, Debug, PartialEq)]
pub struct Named {
    /// The value.
    pub value: String,
    /// Where it is written.
    pub span: Span,
}

/// A duration value with its span.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Timing {
    /// Milliseconds.
    pub ms: i64,
    /// Where it is written.
    pub span: Span,
}

/// One route of the configuration, as written (nothing inherited yet).
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Route {
    /// Its field path: `route`, `route.routes[0].routes[2]`.
    pub path: String,
    /// The route's mapping in the input.
    pub span: Span,
    /// `receiver`.
    pub receiver: Option<Named>,
    /// `group_by` as written (`...` included); `None` inherits.
    pub group_by: Option<Vec<Named>>,
    /// `match`, `match_re` and `matchers`, in that order.
    pub matchers: Vec<SpannedMatcher>,
    /// `continue`.
    pub continue_: bool,
    /// `group_wait`.
    pub group_wait: Option<Timing>,
    /// `group_interval`.
    pub group_interval: Option<Timing>,
    /// `repeat_interval`.
    pub repeat_interval: Option<Timing>,
    /// `mute_time_intervals`.
    pub mute_time_intervals: Vec<Named>,
    /// `active_time_intervals`.
    pub active_time_intervals: Vec<Named>,
    /// Child routes.
    pub routes: Vec<Route>,
}

/// Where a matcher was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MatcherOrigin {
    /// The `matchers` list (`source_matchers`, `target_matchers`).
    Matchers,
    /// The deprecated `match` map (`source_match`, `target_match`).
    Match,
    /// The deprecated `match_re` map (`source_match_re`, `target_match_re`).
    MatchRe,
}

/// A matcher and the text it came from.
#[derive(Clone, Debug)]
pub struct SpannedMatcher {
    /// The matcher.
    pub matcher: Matcher,
    /// The list item or map entry it was read from.
    pub span: Span,
    /// Which field.
    pub origin: MatcherOrigin,
}

/// A receiver: its name and which integrations it has.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Receiver {
    /// `name`.
    pub name: String,
    /// The name's span (the entry's when it has none).
    pub span: Span,
    /// `(kind, count)` per `*_configs` field, e.g. `("slack", 1)`.
    pub integrations: Vec<(String, usize)>,
}

/// One inhibit rule.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct InhibitRule {
    /// Its field path, `inhibit_rules[2]`.
    pub path: String,
    /// The rule's mapping.
    pub span: Span,
    /// The optional `name`.
    pub name: Option<String>,
    /// Source matchers (`source_match`, `source_match_re`, `source_matchers`).
    pub source: Vec<SpannedMatcher>,
    /// Target matchers.
    pub target: Vec<SpannedMatcher>,
    /// `equal`.
    pub equal: Vec<Named>,
}

/// A named time interval.
#[derive(Clone, Debug, PartialEq)]
pub struct TimeIntervalName {
    /// Its name.
    pub name: String,
    /// The name's span.
    pub span: Span,
    /// Defined under the deprecated `mute_time_intervals`.
    pub deprecated: bool,
}

/// What [`crate::load`] returns: the configuration as far as it could be
/// read, and every problem found (Alertmanager stops at its first error;
/// this reader reports them all).
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Loaded {
    /// The configuration (`None` only when the YAML itself is unreadable
    /// or the document is not a mapping).
    pub config: Option<Config>,
    /// Errors Alertmanager's loader would give, and warnings.
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    /// Whether Alertmanager (and amtool) would reject the file.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

impl Config {
    /// Every route in depth-first order (the root first).
    pub fn walk(&self) -> Vec<&Route> {
        fn go<'a>(r: &'a Route, out: &mut Vec<&'a Route>) {
            out.push(r);
            for c in &r.routes {
                go(c, out);
            }
        }
        let mut out = Vec::new();
        go(&self.route, &mut out);
        out
    }

    /// The receiver called `name`.
    pub fn receiver(&self, name: &str) -> Option<&Receiver> {
        self.receivers.iter().find(|r| r.name == name)
    }
}

impl Route {
    /// An empty route at `path` (what a missing `route` reads as).
    pub fn empty(path: &str, span: Span) -> Route {
        Route {
            path: path.to_owned(),
            span,
            receiver: None,
            group_by: None,
            matchers: Vec::new(),
            continue_: false,
            group_wait: None,
            group_interval: None,
            repeat_interval: None,
            mute_time_intervals: Vec::new(),
            active_time_intervals: Vec::new(),
            routes: Vec::new(),
        }
    }
}
