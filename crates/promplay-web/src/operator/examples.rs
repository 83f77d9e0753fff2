//! The scenarios of the Operator workbench's example picker: manifests
//! written for this playground (in `public/examples/operator/`), compiled
//! in so they load instantly and offline. A scenario can span several
//! files, as a real repository of manifests does.

/// One scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scenario {
    /// The picker's option value.
    pub id: &'static str,
    /// What the picker shows.
    pub title: &'static str,
    /// `(file name, text)` of each file.
    pub files: &'static [(&'static str, &'static str)],
}

const EXAMPLE_APP: &str = include_str!("../../../../public/examples/operator/example-app.yaml");
const ZERO_TARGETS: &str =
    include_str!("../../../../public/examples/operator/control-plane-0-targets.yaml");
const BASIC_AUTH: &str = include_str!("../../../../public/examples/operator/basic-auth.yaml");
const JOB_LABEL: &str = include_str!("../../../../public/examples/operator/job-label.yaml");
const ETCD: &str = include_str!("../../../../public/examples/operator/etcd-endpoints.yaml");
const STORAGE: &str = include_str!("../../../../public/examples/operator/storage-retention.yaml");

/// Every scenario, in picker order; the first is the default.
pub const SCENARIOS: &[Scenario] = &[
    Scenario {
        id: "example-app",
        title: "Example app: ServiceMonitor, Prometheus, RBAC, rules, Alertmanager",
        files: &[("example-app.yaml", EXAMPLE_APP)],
    },
    Scenario {
        id: "zero-targets",
        title: "Pitfall: control-plane Services without labels (0/0 targets)",
        files: &[("control-plane.yaml", ZERO_TARGETS)],
    },
    Scenario {
        id: "basic-auth",
        title: "Basic auth from a Secret",
        files: &[("basic-auth.yaml", BASIC_AUTH)],
    },
    Scenario {
        id: "job-label",
        title: "jobLabel and targetLabels on a ServiceMonitor",
        files: &[("job-label.yaml", JOB_LABEL)],
    },
    Scenario {
        id: "etcd",
        title: "etcd outside the cluster: Service + manual Endpoints + TLS",
        files: &[("etcd.yaml", ETCD)],
    },
    Scenario {
        id: "storage",
        title: "Production Prometheus: replicas, storage, retention",
        files: &[("prometheus.yaml", STORAGE)],
    },
    Scenario {
        id: "cluster",
        title: "Cluster monitoring in several files (kube-prometheus style)",
        files: &[
            ("prometheus.yaml", STORAGE),
            ("etcd.yaml", ETCD),
            ("control-plane.yaml", ZERO_TARGETS),
        ],
    },
];

/// The scenario with option value `id`.
pub fn find(id: &str) -> Option<&'static Scenario> {
    SCENARIOS.iter().find(|s| s.id == id)
}
