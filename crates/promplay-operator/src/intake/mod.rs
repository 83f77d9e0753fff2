//! The intake: manifests (multi-document YAML or JSON) in, an inventory of
//! Kubernetes objects out, with diagnostics that point at lines and columns.

pub mod yaml;
