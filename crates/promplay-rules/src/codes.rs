//! The diagnostic codes of rule files, their evaluation and rule unit tests
//! (`RUL0xxx`). A code is never reused once shipped; retire it instead.

/// The YAML text does not parse.
pub const YAML_SYNTAX: &str = "RUL0001";
/// A key the format does not have (error unless unknown fields are ignored).
pub const UNKNOWN_FIELD: &str = "RUL0002";
/// A value of the wrong type (a list where a mapping belongs, a word where a number belongs).
pub const TYPE: &str = "RUL0003";
/// A malformed duration.
pub const DURATION: &str = "RUL0004";
/// A mapping key given twice.
pub const DUPLICATE_KEY: &str = "RUL0005";
/// A rule file with more than one YAML document (only the first is read).
pub const MULTI_DOCUMENT: &str = "RUL0006";

/// A group without a name.
pub const GROUP_NAME_EMPTY: &str = "RUL0010";
/// Two groups of one file with the same name.
pub const GROUP_NAME_REPEATED: &str = "RUL0011";
/// An invalid label name or value (group or rule labels).
pub const LABEL: &str = "RUL0012";
/// A negative `limit`.
pub const LIMIT: &str = "RUL0013";

/// A rule with both `record` and `alert`, or with neither.
pub const RULE_KIND: &str = "RUL0020";
/// A rule without `expr`.
pub const EXPR_MISSING: &str = "RUL0021";
/// An `expr` that is not valid PromQL.
pub const EXPR_PARSE: &str = "RUL0022";
/// A field only alerting rules have (`for`, `keep_firing_for`, `annotations`) on a recording rule.
pub const RECORDING_FIELD: &str = "RUL0023";
/// An invalid recording rule name.
pub const RECORD_NAME: &str = "RUL0024";
/// An invalid annotation name.
pub const ANNOTATION_NAME: &str = "RUL0025";
/// A label or annotation template that does not parse.
pub const TEMPLATE_PARSE: &str = "RUL0026";
/// The rule expression does not return an instant vector or scalar.
pub const EXPR_TYPE: &str = "RUL0027";

/// No PrometheusRule object (or rule groups) in a manifest input.
pub const NO_RULES: &str = "RUL0040";
/// A manifest document that is not a PrometheusRule (ignored).
pub const NOT_PROMETHEUS_RULE: &str = "RUL0041";

/// A rule failed to evaluate (the query failed, duplicate label sets, limit exceeded).
pub const EVAL_ERROR: &str = "RUL0100";
/// A label or annotation template failed to expand.
pub const TEMPLATE_EXPAND: &str = "RUL0101";
/// The evaluation range is empty or too long.
pub const EVAL_RANGE: &str = "RUL0102";

/// The unit-test file is malformed (beyond YAML syntax and types).
pub const TEST_FILE: &str = "RUL0200";
/// An input series does not parse.
pub const TEST_INPUT_SERIES: &str = "RUL0201";
/// A `rule_files` pattern matches no file.
pub const TEST_NO_RULE_FILE: &str = "RUL0202";
/// `group_eval_order` names a group twice.
pub const TEST_GROUP_ORDER: &str = "RUL0203";
/// An `alert_rule_test` item without `alertname`.
pub const TEST_ALERTNAME: &str = "RUL0204";
/// A malformed `start_timestamp`.
pub const TEST_START_TIMESTAMP: &str = "RUL0205";
