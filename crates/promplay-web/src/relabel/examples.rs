//! Built-in examples for the Relabel workbench: rules people meet in real
//! configurations, each with label sets that show the interesting paths
//! (kept, dropped, rewritten).

/// One example.
pub struct Example {
    /// Stable id (the select's value).
    pub id: &'static str,
    /// What the select shows.
    pub title: &'static str,
    /// The rules text.
    pub rules: &'static str,
    /// The label sets, one a line.
    pub labels: &'static str,
    /// The job to pick when the rules are a prometheus.yml.
    pub job: &'static str,
    /// Whether the rules are metric relabel rules.
    pub metric: bool,
}

/// Every example, the default first.
pub const EXAMPLES: &[Example] = &[
    Example {
        id: "servicemonitor",
        title: "ServiceMonitor endpoints job",
        rules: SERVICEMONITOR_RULES,
        labels: SERVICEMONITOR_LABELS,
        job: "",
        metric: false,
    },
    Example {
        id: "hashmod",
        title: "Sharding targets with hashmod",
        rules: HASHMOD_RULES,
        labels: HASHMOD_LABELS,
        job: "",
        metric: false,
    },
    Example {
        id: "labelmap",
        title: "labelmap: pod labels as target labels",
        rules: LABELMAP_RULES,
        labels: LABELMAP_LABELS,
        job: "",
        metric: false,
    },
    Example {
        id: "metric-drop",
        title: "Metric relabeling: drop and rename",
        rules: METRIC_RULES,
        labels: METRIC_LABELS,
        job: "",
        metric: true,
    },
    Example {
        id: "blackbox",
        title: "prometheus.yml with a blackbox job",
        rules: PROMETHEUS_YML,
        labels: BLACKBOX_LABELS,
        job: "blackbox",
        metric: false,
    },
];

/// The example with `id`.
pub fn find(id: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|e| e.id == id)
}

const SERVICEMONITOR_RULES: &str = r#"# relabel_configs prometheus-operator generates for
# ServiceMonitor default/example-app (endpoint port "web").
relabel_configs:
- source_labels: [job]
  target_label: __tmp_prometheus_job_name
- action: keep
  source_labels: [__meta_kubernetes_service_label_app, __meta_kubernetes_service_labelpresent_app]
  regex: (example-app);true
- action: keep
  source_labels: [__meta_kubernetes_endpoint_port_name]
  regex: web
- source_labels: [__meta_kubernetes_endpoint_address_target_kind, __meta_kubernetes_endpoint_address_target_name]
  separator: ;
  regex: Node;(.*)
  replacement: ${1}
  target_label: node
- source_labels: [__meta_kubernetes_endpoint_address_target_kind, __meta_kubernetes_endpoint_address_target_name]
  separator: ;
  regex: Pod;(.*)
  replacement: ${1}
  target_label: pod
- source_labels: [__meta_kubernetes_namespace]
  target_label: namespace
- source_labels: [__meta_kubernetes_service_name]
  target_label: service
- source_labels: [__meta_kubernetes_pod_name]
  target_label: pod
- source_labels: [__meta_kubernetes_pod_container_name]
  target_label: container
- action: drop
  source_labels: [__meta_kubernetes_pod_phase]
  regex: (Failed|Succeeded)
- source_labels: [__meta_kubernetes_service_name]
  target_label: job
  replacement: ${1}
- target_label: endpoint
  replacement: web
- target_label: __tmp_current_shard
  replacement: $(SHARD)
  action: replace
- source_labels: [__tmp_current_shard]
  regex: "0"
  action: keep
"#;

const SERVICEMONITOR_LABELS: &str = r#"# Discovered endpoints targets (role: endpoints), one per line.
{__address__="10.244.1.5:8080", job="serviceMonitor/default/example-app/0", __meta_kubernetes_namespace="default", __meta_kubernetes_service_name="example-app", __meta_kubernetes_service_label_app="example-app", __meta_kubernetes_service_labelpresent_app="true", __meta_kubernetes_endpoint_port_name="web", __meta_kubernetes_endpoint_address_target_kind="Pod", __meta_kubernetes_endpoint_address_target_name="example-app-7d9c6-x2kq4", __meta_kubernetes_pod_name="example-app-7d9c6-x2kq4", __meta_kubernetes_pod_container_name="app", __meta_kubernetes_pod_phase="Running"}
{__address__="10.244.1.5:9090", job="serviceMonitor/default/example-app/0", __meta_kubernetes_namespace="default", __meta_kubernetes_service_name="example-app", __meta_kubernetes_service_label_app="example-app", __meta_kubernetes_service_labelpresent_app="true", __meta_kubernetes_endpoint_port_name="metrics", __meta_kubernetes_endpoint_address_target_kind="Pod", __meta_kubernetes_endpoint_address_target_name="example-app-7d9c6-x2kq4", __meta_kubernetes_pod_name="example-app-7d9c6-x2kq4", __meta_kubernetes_pod_phase="Running"}
{__address__="10.244.2.9:8080", job="serviceMonitor/default/example-app/0", __meta_kubernetes_namespace="default", __meta_kubernetes_service_name="example-app-canary", __meta_kubernetes_service_label_app="example-app-canary", __meta_kubernetes_service_labelpresent_app="true", __meta_kubernetes_endpoint_port_name="web", __meta_kubernetes_pod_phase="Running"}
"#;

const HASHMOD_RULES: &str = r#"# Three Prometheus servers split the targets; this one is shard 1.
- source_labels: [__address__]
  modulus: 3
  target_label: __tmp_hash
  action: hashmod
- source_labels: [__tmp_hash]
  regex: "1"
  action: keep
"#;

const HASHMOD_LABELS: &str = r#"{__address__="10.0.0.1:9100", job="node"}
{__address__="10.0.0.2:9100", job="node"}
{__address__="10.0.0.3:9100", job="node"}
{__address__="10.0.0.4:9100", job="node"}
{__address__="10.0.0.5:9100", job="node"}
{__address__="10.0.0.6:9100", job="node"}
"#;

const LABELMAP_RULES: &str = r#"# role: pod — keep annotated pods, scrape the annotated port, copy pod labels.
- source_labels: [__meta_kubernetes_pod_annotation_prometheus_io_scrape]
  regex: "true"
  action: keep
- source_labels: [__address__, __meta_kubernetes_pod_annotation_prometheus_io_port]
  regex: ([^:]+)(?::\d+)?;(\d+)
  replacement: $1:$2
  target_label: __address__
- action: labelmap
  regex: __meta_kubernetes_pod_label_(.+)
- action: labeldrop
  regex: pod_template_hash|controller_revision_hash
- source_labels: [__meta_kubernetes_namespace, __meta_kubernetes_pod_name]
  separator: /
  target_label: instance
"#;

const LABELMAP_LABELS: &str = r#"{__address__="10.244.3.7", __meta_kubernetes_namespace="shop", __meta_kubernetes_pod_name="cart-5f7b9-abcde", __meta_kubernetes_pod_annotation_prometheus_io_scrape="true", __meta_kubernetes_pod_annotation_prometheus_io_port="9102", __meta_kubernetes_pod_label_app="cart", __meta_kubernetes_pod_label_team="checkout", __meta_kubernetes_pod_label_pod_template_hash="5f7b9"}
{__address__="10.244.3.8:8080", __meta_kubernetes_namespace="shop", __meta_kubernetes_pod_name="redis-0", __meta_kubernetes_pod_label_app="redis"}
"#;

const METRIC_RULES: &str = r#"metric_relabel_configs:
# Go runtime internals nobody graphs.
- source_labels: [__name__]
  regex: go_(memstats|gc)_.*
  action: drop
# An old name that dashboards still use.
- source_labels: [__name__]
  regex: http_requests_total
  target_label: __name__
  replacement: http_server_requests_total
# Per-path series explode cardinality: keep the route only.
- action: labeldrop
  regex: path
"#;

const METRIC_LABELS: &str = r#"{__name__="go_memstats_alloc_bytes", instance="10.0.0.1:8080", job="api"}
{__name__="http_requests_total", code="200", path="/api/v1/users/4711", route="/api/v1/users/:id", instance="10.0.0.1:8080", job="api"}
{__name__="process_cpu_seconds_total", instance="10.0.0.1:8080", job="api"}
"#;

const PROMETHEUS_YML: &str = r#"global:
  scrape_interval: 30s
scrape_configs:
- job_name: node
  static_configs:
  - targets: [node-1:9100, node-2:9100]
  metric_relabel_configs:
  - source_labels: [__name__]
    regex: node_scrape_collector_.*
    action: drop
- job_name: blackbox
  metrics_path: /probe
  params:
    module: [http_2xx]
  static_configs:
  - targets: [https://example.com, https://prometheus.io]
  relabel_configs:
  - source_labels: [__address__]
    target_label: __param_target
  - source_labels: [__param_target]
    target_label: instance
  - target_label: __address__
    replacement: blackbox-exporter:9115
"#;

const BLACKBOX_LABELS: &str = r#"{__address__="https://example.com", job="blackbox", __metrics_path__="/probe", __scheme__="http"}
{__address__="https://prometheus.io", job="blackbox", __metrics_path__="/probe", __scheme__="http"}
"#;
