//! The registry of diagnostic codes the exposition parser emits.
//!
//! Codes are stable: once a code has shipped it keeps its meaning and is
//! never reused for something else, so documentation, tests and users'
//! notes can refer to them. `EXP00xx` are input-level problems, `EXP01xx`
//! the syntax of sample lines, `EXP02xx` metadata lines, and `EXP03xx` the
//! rules that span several lines of a metric family.

/// The input is not valid UTF-8.
pub const INVALID_UTF8: &str = "EXP0001";
/// An OpenMetrics exposition does not end with `# EOF`.
pub const MISSING_EOF: &str = "EXP0002";
/// Something follows `# EOF`.
pub const AFTER_EOF: &str = "EXP0003";
/// A blank line in OpenMetrics.
pub const BLANK_LINE: &str = "EXP0004";
/// The text format input does not end with a line break (strict only).
pub const NO_FINAL_NEWLINE: &str = "EXP0005";

/// A metric name was expected or is not valid.
pub const METRIC_NAME: &str = "EXP0101";
/// A label name was expected or is not valid.
pub const LABEL_NAME: &str = "EXP0102";
/// `=` was expected after a label name.
pub const EXPECTED_EQUALS: &str = "EXP0103";
/// A quoted label value was expected.
pub const LABEL_VALUE: &str = "EXP0104";
/// A quoted string is not terminated on its line.
pub const UNTERMINATED_STRING: &str = "EXP0105";
/// `,` or `}` was expected in a label set.
pub const EXPECTED_COMMA: &str = "EXP0106";
/// The metric name is missing or given twice.
pub const NAME_COUNT: &str = "EXP0107";
/// An escape sequence that the format does not allow.
pub const INVALID_ESCAPE: &str = "EXP0108";
/// The sample value is missing or not a number.
pub const INVALID_VALUE: &str = "EXP0109";
/// The timestamp is not valid.
pub const INVALID_TIMESTAMP: &str = "EXP0110";
/// Unexpected text at the end of a sample line.
pub const TRAILING_TEXT: &str = "EXP0111";
/// OpenMetrics separates tokens by exactly one space.
pub const SEPARATOR: &str = "EXP0112";
/// A malformed exemplar.
pub const INVALID_EXEMPLAR: &str = "EXP0113";
/// A trailing comma in an OpenMetrics label set.
pub const TRAILING_COMMA: &str = "EXP0114";
/// The same label name twice in one label set.
pub const DUPLICATE_LABEL: &str = "EXP0115";
/// `__name__` used as a label name where it is reserved.
pub const RESERVED_LABEL: &str = "EXP0116";
/// A malformed experimental native-histogram value (`{count:…,sum:…}`).
pub const NATIVE_HISTOGRAM: &str = "EXP0117";
/// A native-histogram value while `experimental_native_histograms` is off.
pub const NATIVE_HISTOGRAM_DISABLED: &str = "EXP0118";

/// A malformed `# HELP`, `# TYPE` or `# UNIT` line.
pub const METADATA_SYNTAX: &str = "EXP0201";
/// An unknown metric type in `# TYPE`.
pub const UNKNOWN_TYPE: &str = "EXP0202";
/// The unit is not a suffix of the metric name.
pub const UNIT_NOT_SUFFIX: &str = "EXP0203";
/// A comment or unknown keyword where OpenMetrics allows none.
pub const UNKNOWN_METADATA: &str = "EXP0204";
/// HELP text that is not valid.
pub const HELP_TEXT: &str = "EXP0205";

/// HELP, TYPE or UNIT given twice for a family.
pub const REPEATED_METADATA: &str = "EXP0301";
/// Metadata after the family's samples.
pub const METADATA_AFTER_SAMPLES: &str = "EXP0302";
/// Two families claim the same name.
pub const CLASHING_NAME: &str = "EXP0303";
/// A unit on a type that cannot have one.
pub const UNIT_NOT_ALLOWED: &str = "EXP0304";
/// A counter-like value that is negative or NaN.
pub const COUNTER_VALUE: &str = "EXP0305";
/// A count or bucket that is not an integer.
pub const NON_INTEGER_COUNT: &str = "EXP0306";
/// A missing or invalid `le` label.
pub const INVALID_LE: &str = "EXP0307";
/// A missing or invalid `quantile` label or quantile value.
pub const INVALID_QUANTILE: &str = "EXP0308";
/// A histogram whose `_count`, `_sum` and buckets do not fit together.
pub const HISTOGRAM_STRUCTURE: &str = "EXP0309";
/// Buckets out of order or decreasing.
pub const BUCKET_ORDER: &str = "EXP0310";
/// Samples of one label set are not grouped together.
pub const GROUPING: &str = "EXP0311";
/// Timestamps going backwards or present on only some samples of a group.
pub const TIMESTAMP_ORDER: &str = "EXP0312";
/// An exemplar on a sample that cannot have one.
pub const EXEMPLAR_NOT_ALLOWED: &str = "EXP0313";
/// An exemplar label set over 128 characters.
pub const EXEMPLAR_TOO_LONG: &str = "EXP0314";
/// A stateset or info value other than the allowed ones.
pub const STATE_VALUE: &str = "EXP0315";
/// A stateset sample without the label named after the family.
pub const STATESET_LABEL: &str = "EXP0316";
/// A negative histogram bucket or count (text format, strict).
pub const NEGATIVE_COUNT: &str = "EXP0317";
/// A native-histogram value on a sample that is not a histogram's own.
pub const NATIVE_HISTOGRAM_FAMILY: &str = "EXP0318";
