//! The registry of diagnostic codes the relabel engine emits.
//!
//! Codes are stable: once shipped, a code keeps its meaning and is never
//! reused. `RLB00xx` are YAML-level problems, `RLB01xx` the label-set
//! notation, `RLB02xx` rule contents (what `relabel.Config` rejects).

/// The YAML text is not well-formed.
pub const YAML_SYNTAX: &str = "RLB0001";
/// A node has the wrong kind (e.g. a string where a list was expected).
pub const YAML_TYPE: &str = "RLB0002";
/// A key that the rule type does not have (upstream loads strictly).
pub const UNKNOWN_FIELD: &str = "RLB0003";
/// The same key twice in one mapping.
pub const DUPLICATE_KEY: &str = "RLB0004";
/// A `!!binary` scalar that is not valid base64.
pub const BAD_BINARY: &str = "RLB0005";
/// No relabel rules where they were expected (e.g. an unknown `--job`).
pub const NO_RULES: &str = "RLB0006";

/// A label set in `{a="b"}` notation could not be read.
pub const LABEL_SET: &str = "RLB0101";

/// An action name that Prometheus does not know.
pub const UNKNOWN_ACTION: &str = "RLB0201";
/// A regex that does not compile.
pub const BAD_REGEX: &str = "RLB0202";
/// A rule that `Config.Validate` rejects.
pub const INVALID_RULE: &str = "RLB0203";
/// An empty (`null`) list item where a rule was expected.
pub const EMPTY_RULE: &str = "RLB0204";
/// A source label name that is not valid.
pub const BAD_LABEL_NAME: &str = "RLB0205";
