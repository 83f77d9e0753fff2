//! Schemas of the kinds the compiler reads, and the check the API server
//! would run on each object: structural type checks, required fields,
//! enums, patterns, bounds, int-or-string, and pruning of unknown fields
//! (reported, then dropped) except under `x-kubernetes-preserve-unknown-fields`.
//!
//! The operator's CRD schemas come from `crds.json`, a compact table derived
//! from `../shared/conformance/operator/crds` by `scripts/gen-crd-schemas`
//! (structure only: no descriptions, identical sub-schemas shared). The
//! built-in kinds (Namespace, Secret, ConfigMap, Service, Endpoints,
//! EndpointSlice, Pod) have small hand-written schemas in `builtin.rs`, and
//! every kind shares the hand-written ObjectMeta schema for `metadata`.

mod builtin;
mod check;
mod table;

use std::sync::OnceLock;

pub use check::check;
use table::Table;

/// The schema of one kind.
#[derive(Debug)]
pub struct KindSchema {
    /// The kind.
    pub kind: String,
    /// Whether objects live in a namespace.
    pub namespaced: bool,
    /// Every served `apiVersion` with the index of its root node.
    versions: Vec<(String, u32)>,
    /// The node table the roots index into.
    table: &'static Table,
}

impl KindSchema {
    /// The served `apiVersion`s.
    pub fn api_versions(&self) -> impl Iterator<Item = &str> {
        self.versions.iter().map(|(v, _)| v.as_str())
    }

    /// Whether `api_version` serves this kind.
    pub fn serves(&self, api_version: &str) -> bool {
        self.versions.iter().any(|(v, _)| v == api_version)
    }

    fn root(&self, api_version: &str) -> Option<u32> {
        self.versions.iter().find(|(v, _)| v == api_version).map(|(_, r)| *r)
    }
}

/// The schema of `kind`, when the compiler reads that kind.
pub fn lookup(kind: &str) -> Option<&'static KindSchema> {
    all().iter().find(|k| k.kind == kind)
}

/// Every kind with a schema.
pub fn all() -> &'static [KindSchema] {
    static KINDS: OnceLock<Vec<KindSchema>> = OnceLock::new();
    KINDS.get_or_init(|| {
        let mut kinds = Vec::new();
        for source in [include_str!("crds.json"), builtin::SCHEMAS] {
            let (table, list) = Table::parse(source);
            let table: &'static Table = Box::leak(Box::new(table));
            for (kind, namespaced, versions) in list {
                kinds.push(KindSchema { kind, namespaced, versions, table });
            }
        }
        kinds
    })
}
