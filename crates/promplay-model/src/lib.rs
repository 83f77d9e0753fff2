//! Prometheus' data model, shared by the engines: label sets, samples, the
//! rules for metric and label names, and float formatting exactly as
//! Prometheus and its Go libraries print numbers.
//!
//! ```
//! use promplay_model::{format_float, format_float_api, Labels};
//!
//! assert_eq!(format_float(8253198336.0), "8.253198336e+09");
//! assert_eq!(format_float_api(8253198336.0), "8253198336");
//! let labels = Labels::from_pairs([("job", "node"), ("__name__", "up")]);
//! assert_eq!(labels.to_string(), r#"up{job="node"}"#);
//! ```

mod float;
mod labels;
mod names;

pub use float::{format_float, format_float_api, parse_go_float};
pub use labels::{Label, Labels};
pub use names::{
    METRIC_NAME_LABEL, escape_label_value, is_valid_label_name, is_valid_legacy_label_name,
    is_valid_legacy_metric_name, is_valid_metric_name,
};

/// Milliseconds since the Unix epoch, as Prometheus stores sample times.
pub type TimestampMs = i64;

/// One float sample of a series.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Sample {
    /// When, in milliseconds since the epoch.
    pub t: TimestampMs,
    /// The value; NaN, ±Inf and the staleness marker included.
    pub v: f64,
}

/// The bit pattern Prometheus uses to mark a series as stale (a special NaN).
pub const STALE_NAN_BITS: u64 = 0x7ff0_0000_0000_0002;

/// Whether `v` is the staleness marker rather than an ordinary NaN.
pub fn is_stale_nan(v: f64) -> bool {
    v.to_bits() == STALE_NAN_BITS
}
