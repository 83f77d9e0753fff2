//! Prometheus 3.14's Kubernetes service discovery (`kubernetes_sd_configs`,
//! `discovery/kubernetes/*.go`) simulated over pasted objects: the target
//! groups each role would send, with every `__meta_kubernetes_*` label,
//! `__address__` and the namespace scoping of the configuration.
//!
//! The input is the operator crate's [`Inventory`] (the same intake the
//! Operator workbench uses, so positions and duplicate handling agree); the
//! output is the final state of every group, which is what the scrape manager
//! would hold once the informers have synced. Upstream builds one discoverer
//! per namespace, each with its own Service, Pod, ReplicaSet and Job caches
//! filtered by the configured selectors; [`discover`] follows the same
//! scoping, so an Endpoints object whose Pod lives in a namespace the
//! configuration does not watch gets no Pod labels, exactly as in a cluster.

pub mod codes;
mod config;
mod endpoints;
mod endpointslice;
pub mod explain;
mod k8s;
mod meta;
mod pod;
pub mod selector;
mod service;

use promplay_diagnostics::{Diagnostic, Severity};
use promplay_model::Labels;
use promplay_operator::intake::{FileDiagnostic, Inventory, Object};
use rustc_hash::FxHashMap as HashMap;

pub use config::{AttachMetadata, NamespaceDiscovery, Role, SdConfig, Selector};

/// One target group, as upstream's `targetgroup.Group`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TargetGroup {
    /// `endpoints/<ns>/<name>`, `endpointslice/<ns>/<name>`, `pod/<ns>/<name>`,
    /// `svc/<ns>/<name>`, `ingress/<ns>/<name>` or `node/<name>`.
    pub source: String,
    /// Labels every target of the group shares.
    pub labels: Labels,
    /// The targets, in the order upstream emits them; each includes
    /// `__address__`. May be empty (a Pod without an IP, empty subsets).
    pub targets: Vec<Labels>,
}

/// What discovery found.
#[derive(Clone, Debug, Default)]
pub struct Discovered {
    /// The groups, sorted by source.
    pub groups: Vec<TargetGroup>,
    /// Problems with objects discovery read (codes `KSD0xxx`), positioned in
    /// the manifests; the object is still discovered as upstream would.
    pub diagnostics: Vec<FileDiagnostic>,
    /// Problems with the configuration that the API server would report at
    /// run time (a field selector on an unsupported field, an unparsable
    /// selector): the affected list returns nothing.
    pub notes: Vec<String>,
}

/// Runs discovery for `config` over the objects of `inventory`.
/// `own_namespace` is the namespace Prometheus runs in (used by
/// `namespaces.own_namespace`).
pub fn discover(inventory: &Inventory, config: &SdConfig, own_namespace: &str) -> Discovered {
    let mut cx = Context::new(inventory, config);
    let scopes = config.namespaces.scopes(own_namespace);
    match config.role {
        Role::Node => service::nodes(&mut cx),
        _ => {
            for scope in &scopes {
                match config.role {
                    Role::Endpoints => endpoints::discover(&mut cx, scope.as_deref()),
                    Role::EndpointSlice => endpointslice::discover(&mut cx, scope.as_deref()),
                    Role::Pod => pod::discover(&mut cx, scope.as_deref()),
                    Role::Service => service::services(&mut cx, scope.as_deref()),
                    Role::Ingress => service::ingresses(&mut cx, scope.as_deref()),
                    Role::Node => {}
                }
            }
        }
    }
    let mut out = cx.out;
    // Two discoverers can see the same object when a namespace is listed
    // twice; the scrape manager keeps one group per source.
    out.groups.sort_by(|a, b| a.source.cmp(&b.source));
    out.groups.dedup_by(|a, b| a.source == b.source);
    out
}

/// Shared state of one discovery run: the inventory (indexed by kind and by
/// kind, namespace and name), the configuration, the selectors and the
/// output being built.
pub(crate) struct Context<'a> {
    pub config: &'a SdConfig,
    pub out: Discovered,
    selectors: selector::RoleSelectors,
    by_kind: HashMap<&'a str, Vec<&'a Object>>,
    by_key: HashMap<(&'a str, &'a str, &'a str), &'a Object>,
}

impl<'a> Context<'a> {
    fn new(inventory: &'a Inventory, config: &'a SdConfig) -> Context<'a> {
        let (selectors, notes) = selector::RoleSelectors::new(config);
        let out = Discovered { notes, ..Discovered::default() };
        let mut by_kind: HashMap<&'a str, Vec<&'a Object>> = HashMap::default();
        let mut by_key = HashMap::default();
        for o in &inventory.objects {
            by_kind.entry(o.kind.as_str()).or_default().push(o);
            by_key.insert((o.kind.as_str(), o.namespace.as_str(), o.name.as_str()), o);
        }
        Context { config, out, selectors, by_kind, by_key }
    }

    /// The objects of `kind` an informer watching `scope` (None = all
    /// namespaces) with the selectors configured for `role` would list, in
    /// input order.
    pub fn list(&self, kind: &str, scope: Option<&str>, role: Option<Role>) -> Vec<&'a Object> {
        self.by_kind
            .get(kind)
            .map(|v| v.iter().copied().filter(|o| self.admits(o, scope, role)).collect())
            .unwrap_or_default()
    }

    /// The object of `kind` named `namespace/name` in such an informer's cache.
    pub fn lookup(
        &self,
        kind: &str,
        scope: Option<&str>,
        role: Option<Role>,
        namespace: &str,
        name: &str,
    ) -> Option<&'a Object> {
        let o = *self.by_key.get(&(kind, namespace, name))?;
        self.admits(o, scope, role).then_some(o)
    }

    fn admits(&self, o: &Object, scope: Option<&str>, role: Option<Role>) -> bool {
        scope.is_none_or(|ns| o.namespace == ns) && role.is_none_or(|r| self.selectors.admits(r, o))
    }

    /// Records a diagnostic about `object` at field `path` (once).
    pub fn diagnose(
        &mut self,
        object: &Object,
        path: &str,
        severity: Severity,
        code: &'static str,
        message: String,
    ) {
        let span = object.value_span(path);
        let seen = self.out.diagnostics.iter().any(|d| {
            d.file == object.file
                && d.diagnostic.code == code
                && d.diagnostic.primary_span() == Some(span)
        });
        if !seen {
            let d = Diagnostic::new(severity, code, message).with_label(span, "here");
            self.out.diagnostics.push(FileDiagnostic { file: object.file, diagnostic: d });
        }
    }

    /// Adds a finished group.
    pub fn push(&mut self, group: TargetGroup) {
        self.out.groups.push(group);
    }
}

#[cfg(test)]
mod tests;
