//! prometheus-operator 0.93 as a pure function: Kubernetes manifests (YAML or
//! JSON text) in, the generated `prometheus.yaml`, rule files and
//! `alertmanager.yaml` out, with diagnostics that point into the manifests.
//!
//! Every part speaks [`value::Value`]: the intake turns manifests into it, the
//! compilers read objects as it and build their output as it, and the YAML
//! emitter writes it the way the operator's go-yaml v2 does.

pub mod alertmanager;
pub mod emit;
pub mod intake;
pub mod options;
pub mod rules;
pub mod schema;
pub mod select;
pub mod value;

pub use value::{Map, Value};
pub mod compile;
pub mod prometheus;
