//! The PromQL engine: an in-memory series store and an evaluator for instant
//! and range queries with Prometheus 3 semantics. Pure: the evaluation time is
//! an argument, nothing here reads a clock or does I/O.
//!
//! The value types every part shares live in [`value`]; the store
//! ([`Storage`]), the evaluator ([`instant_query`], [`range_query`]) and the
//! functions (`functions`, called through the [`call`] interface) build on
//! them. [`api_json`] writes results like the Prometheus HTTP API.

mod api;
pub mod call;
mod eval;
pub mod explain;
pub mod functions;
pub mod histogram;
pub mod load;
mod options;
mod result;
mod storage;
pub mod value;

pub use api::{api_float, api_json, api_json_string};
pub use call::{FnArg, FnCtx, StartTimestamps};
pub use eval::{instant_query, range_query};
pub use explain::{ExplainNode, NodeCost, NodeKind, explain};
pub use options::EngineOptions;
pub use result::{
    API_ANNOTATION_LIMIT, Annotation, AnnotationKind, QueryError, QueryResult, QueryStats,
    api_texts,
};
pub use storage::{Storage, StoredSample};
pub use value::{
    CounterResetHint, FPoint, FloatHistogram, HPoint, HistogramSpan, METADATA_LABELS, Sample,
    SampleValue, Series, Value, drop_metric_name,
};
