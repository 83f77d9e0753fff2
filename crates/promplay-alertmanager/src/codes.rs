//! The registry of diagnostic codes of the Alertmanager configuration
//! reader. A code is never reused: retire it instead.

/// The YAML could not be read.
pub const YAML_SYNTAX: &str = "AMR0001";
/// A field has the wrong kind of value (a list where a mapping belongs).
pub const WRONG_TYPE: &str = "AMR0002";
/// A field Alertmanager does not know (its loader is strict).
pub const UNKNOWN_FIELD: &str = "AMR0003";
/// The same key twice in one mapping.
pub const DUPLICATE_KEY: &str = "AMR0004";
/// No `route` at all.
pub const NO_ROUTE: &str = "AMR0010";
/// The root route has no receiver.
pub const ROOT_NO_RECEIVER: &str = "AMR0011";
/// The root route has matchers.
pub const ROOT_MATCHERS: &str = "AMR0012";
/// The root route has mute or active time intervals.
pub const ROOT_TIME_INTERVALS: &str = "AMR0013";
/// The root route has `continue: true`.
pub const ROOT_CONTINUE: &str = "AMR0014";
/// A route names a receiver that is not defined.
pub const UNDEFINED_RECEIVER: &str = "AMR0015";
/// A route names a time interval that is not defined.
pub const UNDEFINED_TIME_INTERVAL: &str = "AMR0016";
/// Two receivers share a name.
pub const DUPLICATE_RECEIVER: &str = "AMR0017";
/// A receiver or time interval without a name.
pub const MISSING_NAME: &str = "AMR0018";
/// Two time intervals share a name.
pub const DUPLICATE_TIME_INTERVAL: &str = "AMR0019";
/// A label name Alertmanager does not accept.
pub const INVALID_LABEL_NAME: &str = "AMR0020";
/// `group_by` mixes `...` with label names, or repeats a label.
pub const INVALID_GROUP_BY: &str = "AMR0021";
/// A duration that does not parse, or a zero interval.
pub const INVALID_DURATION: &str = "AMR0022";
/// A matcher neither parser accepts.
pub const INVALID_MATCHER: &str = "AMR0023";
/// A regular expression that does not compile.
pub const INVALID_REGEX: &str = "AMR0024";
/// A receiver label `name` that differs from the receiver's name.
pub const RECEIVER_LABEL: &str = "AMR0025";
/// Deprecated `match` / `match_re` / `source_match…` / `target_match…`.
pub const DEPRECATED_MATCH: &str = "AMR0040";
/// A matcher only the classic parser accepts.
pub const CLASSIC_MATCHER: &str = "AMR0041";
/// The two parsers read a matcher differently.
pub const MATCHER_DISAGREEMENT: &str = "AMR0042";
/// Deprecated top-level `mute_time_intervals`.
pub const DEPRECATED_MUTE_TIME_INTERVALS: &str = "AMR0043";
/// A receiver no route uses.
pub const UNUSED_RECEIVER: &str = "AMR0044";
/// A route no alert can reach (an earlier sibling catches everything).
pub const UNREACHABLE_ROUTE: &str = "AMR0045";
/// A label set given to the route tester or the inhibition check that does not parse.
pub const INVALID_LABEL_SET: &str = "AMR0050";
