//! The PromQL engine: an in-memory series store and an evaluator for instant
//! and range queries with Prometheus 3 semantics. Pure: the evaluation time is
//! an argument, nothing here reads a clock or does I/O.
//!
//! The value types every part shares live in [`value`]; the store, the
//! evaluator and the functions build on them.

pub mod value;

pub use value::{
    CounterResetHint, FPoint, FloatHistogram, HPoint, HistogramSpan, Sample, SampleValue, Series,
    Value,
};
