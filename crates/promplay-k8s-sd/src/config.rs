//! The discovery configuration: one `kubernetes_sd_configs` entry, built by
//! hand or read from the generated prometheus.yaml (as a `Value`), with the
//! checks upstream's `SDConfig.UnmarshalYAML` makes.

use promplay_operator::Value;

use crate::k8s::scalar;
use crate::selector;

/// A discovery role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    /// `endpoints`: one target per Endpoints address and port.
    Endpoints,
    /// `endpointslice`: one target per EndpointSlice endpoint address and port.
    EndpointSlice,
    /// `pod`: one target per container port.
    Pod,
    /// `service`: one target per Service port.
    Service,
    /// `ingress`: one target per Ingress rule path.
    Ingress,
    /// `node`: one target per Node (the kubelet).
    Node,
}

impl Role {
    /// Every role, in upstream's order of the error message.
    pub const ALL: [Role; 6] =
        [Role::Pod, Role::Service, Role::Endpoints, Role::EndpointSlice, Role::Node, Role::Ingress];

    /// The configuration name (`endpoints`, `endpointslice`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Endpoints => "endpoints",
            Role::EndpointSlice => "endpointslice",
            Role::Pod => "pod",
            Role::Service => "service",
            Role::Ingress => "ingress",
            Role::Node => "node",
        }
    }

    /// The role named `name`.
    pub fn parse(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == name)
    }

    /// The Kubernetes kind a selector of this role filters.
    pub fn kind(self) -> &'static str {
        match self {
            Role::Endpoints => "Endpoints",
            Role::EndpointSlice => "EndpointSlice",
            Role::Pod => "Pod",
            Role::Service => "Service",
            Role::Ingress => "Ingress",
            Role::Node => "Node",
        }
    }

    /// The selector roles a configuration of this role may have.
    fn allowed_selectors(self) -> &'static [Role] {
        match self {
            Role::Pod => &[Role::Pod, Role::Node],
            Role::Service => &[Role::Service],
            Role::EndpointSlice => &[Role::Pod, Role::Service, Role::EndpointSlice],
            Role::Endpoints => &[Role::Pod, Role::Service, Role::Endpoints],
            Role::Node => &[Role::Node],
            Role::Ingress => &[Role::Ingress],
        }
    }
}

/// `namespaces`: which namespaces are watched.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NamespaceDiscovery {
    /// `names`.
    pub names: Vec<String>,
    /// `own_namespace`: also watch the namespace Prometheus runs in.
    pub own_namespace: bool,
}

impl NamespaceDiscovery {
    /// The namespaces one discoverer each is started for (`getNamespaces`):
    /// `None` is "all namespaces". Duplicates are dropped (two discoverers of
    /// one namespace send the same groups).
    pub fn scopes(&self, own_namespace: &str) -> Vec<Option<String>> {
        if self.names.is_empty() && !self.own_namespace {
            return vec![None];
        }
        let mut names = self.names.clone();
        if self.own_namespace && !own_namespace.is_empty() {
            names.push(own_namespace.to_owned());
        }
        let mut out: Vec<Option<String>> = Vec::new();
        for n in names {
            if !out.iter().any(|o| o.as_deref() == Some(n.as_str())) {
                out.push(Some(n));
            }
        }
        out
    }
}

/// One entry of `selectors`.
#[derive(Clone, Debug, PartialEq)]
pub struct Selector {
    /// The role whose objects it filters.
    pub role: Role,
    /// A label selector (`app=foo,tier in (a,b),!canary`), or empty.
    pub label: String,
    /// A field selector (`metadata.name=foo`), or empty.
    pub field: String,
}

/// `attach_metadata`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct AttachMetadata {
    /// `node`: Node labels on targets (roles pod, endpoints, endpointslice).
    pub node: bool,
    /// `namespace`: Namespace labels on groups.
    pub namespace: bool,
    /// `deployment`: `__meta_kubernetes_pod_deployment_name` through the ReplicaSet.
    pub deployment: bool,
    /// `job`: `__meta_kubernetes_pod_job_name`.
    pub job: bool,
    /// `cronjob`: `__meta_kubernetes_pod_cronjob_name` through the Job.
    pub cronjob: bool,
}

/// One `kubernetes_sd_configs` entry.
#[derive(Clone, Debug, PartialEq)]
pub struct SdConfig {
    /// `role`.
    pub role: Role,
    /// `namespaces`.
    pub namespaces: NamespaceDiscovery,
    /// `selectors`.
    pub selectors: Vec<Selector>,
    /// `attach_metadata`.
    pub attach_metadata: AttachMetadata,
}

impl SdConfig {
    /// A configuration of `role` over all namespaces, without selectors.
    pub fn new(role: Role) -> SdConfig {
        SdConfig {
            role,
            namespaces: NamespaceDiscovery::default(),
            selectors: Vec::new(),
            attach_metadata: AttachMetadata::default(),
        }
    }

    /// Reads one entry of `kubernetes_sd_configs` (a mapping) as Prometheus
    /// loads it, with its errors (message texts as upstream's). Keys that
    /// only matter for connecting (`api_server`, TLS, auth) are ignored.
    pub fn from_value(value: &Value) -> Result<SdConfig, String> {
        let role = match value.get("role") {
            None | Some(Value::Null) => {
                return Err(
                    "role missing (one of: pod, service, endpoints, endpointslice, node, ingress)"
                        .to_owned(),
                );
            }
            Some(v) => {
                let name = scalar(v);
                Role::parse(&name).ok_or_else(|| format!("unknown Kubernetes SD role {name:?}"))?
            }
        };
        let mut config = SdConfig::new(role);
        if let Some(ns) = value.get("namespaces") {
            config.namespaces.own_namespace = flag(ns.get("own_namespace"));
            config.namespaces.names = ns
                .get("names")
                .and_then(Value::as_seq)
                .map(|s| s.iter().map(scalar).collect())
                .unwrap_or_default();
        }
        if let Some(am) = value.get("attach_metadata") {
            config.attach_metadata = AttachMetadata {
                node: flag(am.get("node")),
                namespace: flag(am.get("namespace")),
                deployment: flag(am.get("deployment")),
                job: flag(am.get("job")),
                cronjob: flag(am.get("cronjob")),
            };
        }
        for s in value.get("selectors").and_then(Value::as_seq).unwrap_or(&[]) {
            let role_name = s.get("role").map(scalar).unwrap_or_default();
            let Some(sel_role) = Role::parse(&role_name) else {
                return Err(format!("unknown Kubernetes SD role {role_name:?}"));
            };
            config.selectors.push(Selector {
                role: sel_role,
                label: s.get("label").map(scalar).unwrap_or_default(),
                field: s.get("field").map(scalar).unwrap_or_default(),
            });
        }
        config.validate()?;
        Ok(config)
    }

    /// The selector checks of `UnmarshalYAML`: one selector per role, only
    /// the roles the configured role reads, and parsable selectors.
    pub fn validate(&self) -> Result<(), String> {
        let mut seen: Vec<Role> = Vec::new();
        for s in &self.selectors {
            if seen.contains(&s.role) {
                return Err(format!("duplicated selector role: {}", s.role.as_str()));
            }
            seen.push(s.role);
            let allowed = self.role.allowed_selectors();
            if !allowed.contains(&s.role) {
                let names: Vec<&str> = allowed.iter().map(|r| r.as_str()).collect();
                return Err(format!(
                    "{} role supports only {} selectors",
                    self.role.as_str(),
                    names.join(", ")
                ));
            }
            selector::FieldSelector::parse(&s.field)?;
            selector::LabelSelector::parse(&s.label)?;
        }
        Ok(())
    }

    /// The selector configured for `role`, if any.
    pub fn selector(&self, role: Role) -> Option<&Selector> {
        self.selectors.iter().find(|s| s.role == role)
    }
}

fn flag(v: Option<&Value>) -> bool {
    v.and_then(Value::as_bool).unwrap_or(false)
}
