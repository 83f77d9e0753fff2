//! The registry of diagnostic codes the intake emits.
//!
//! Codes are stable: once shipped a code keeps its meaning and is never
//! reused. `OPR00xx` are problems of the text (YAML syntax, document shape),
//! `OPR001x` of Kubernetes objects as such, `OPR002x` schema checks.

/// The text is not valid YAML (or JSON).
pub const YAML_SYNTAX: &str = "OPR0001";
/// A document is not a mapping (a Kubernetes object).
pub const NOT_AN_OBJECT: &str = "OPR0002";
/// `kind` or `apiVersion` is missing or not a string.
pub const MISSING_KIND: &str = "OPR0003";
/// `metadata.name` is missing.
pub const MISSING_NAME: &str = "OPR0004";
/// A kind the compiler does not read; the object is listed as ignored.
pub const IGNORED_KIND: &str = "OPR0005";
/// The same kind, namespace and name appear twice; the later one wins.
pub const DUPLICATE_OBJECT: &str = "OPR0006";
/// A Secret's `data` value is not valid base64.
pub const BAD_BASE64: &str = "OPR0010";
/// The `apiVersion` does not serve this kind.
pub const WRONG_API_VERSION: &str = "OPR0011";
/// A field the schema does not know; the API server drops it.
pub const UNKNOWN_FIELD: &str = "OPR0020";
/// A value has the wrong type for its field.
pub const WRONG_TYPE: &str = "OPR0021";
/// A required field is missing.
pub const MISSING_REQUIRED: &str = "OPR0022";
/// A value is not one of the allowed ones.
pub const NOT_IN_ENUM: &str = "OPR0023";
/// A string does not match the field's pattern.
pub const PATTERN_MISMATCH: &str = "OPR0024";
/// A number or length is outside the allowed range.
pub const OUT_OF_RANGE: &str = "OPR0025";
