//! Relabeling throughput: 10,000 discovered Kubernetes endpoint targets
//! through the 20 rules of a typical operator-generated scrape job.

use criterion::{Criterion, criterion_main};
use promplay_model::Labels;
use promplay_relabel::{parse_configs, process};
use std::hint::black_box;

const RULES: &str = r#"
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
- action: labelmap
  regex: __meta_kubernetes_pod_label_(.+)
- action: lowercase
  source_labels: [namespace]
  target_label: namespace_lower
- source_labels: [__address__]
  target_label: __tmp_hash
  modulus: 4
  action: hashmod
- source_labels: [__tmp_hash]
  regex: "0|1|2|3"
  action: keep
- action: labeldrop
  regex: __tmp_.*
- source_labels: [namespace, pod]
  separator: /
  target_label: instance_name
- action: keepequal
  source_labels: [namespace]
  target_label: namespace
- action: labelkeep
  regex: .+
"#;

fn targets(n: usize) -> Vec<Labels> {
    (0..n)
        .map(|i| {
            Labels::from_pairs([
                ("__address__", format!("10.0.{}.{}:8080", i / 250, i % 250)),
                ("job", "serviceMonitor/default/example-app/0".to_owned()),
                ("__meta_kubernetes_namespace", "default".to_owned()),
                ("__meta_kubernetes_service_name", "example-app".to_owned()),
                (
                    "__meta_kubernetes_service_label_app",
                    if i % 10 == 0 { "other" } else { "example-app" }.to_owned(),
                ),
                ("__meta_kubernetes_service_labelpresent_app", "true".to_owned()),
                ("__meta_kubernetes_endpoint_port_name", "web".to_owned()),
                ("__meta_kubernetes_endpoint_address_target_kind", "Pod".to_owned()),
                ("__meta_kubernetes_endpoint_address_target_name", format!("example-app-{i}")),
                ("__meta_kubernetes_pod_name", format!("example-app-{i}")),
                ("__meta_kubernetes_pod_container_name", "app".to_owned()),
                ("__meta_kubernetes_pod_phase", "Running".to_owned()),
                ("__meta_kubernetes_pod_label_app", "example-app".to_owned()),
                ("__meta_kubernetes_pod_label_pod_template_hash", "5d8f9c".to_owned()),
            ])
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let set = parse_configs(RULES);
    assert!(!set.has_errors(), "{:?}", set.diagnostics);
    assert_eq!(set.rules.len(), 20);
    let targets = targets(10_000);
    c.bench_function("process 10k targets x 20 rules", |b| {
        b.iter(|| targets.iter().filter(|t| process(black_box(t), &set.rules).is_some()).count());
    });
    c.bench_function("parse 20 rules", |b| b.iter(|| parse_configs(black_box(RULES))));
}

// criterion's macros generate undocumented functions.
#[allow(missing_docs)]
mod entry {
    use super::bench;
    use criterion::criterion_group;
    criterion_group!(benches, bench);
}
use entry::benches;
criterion_main!(benches);
