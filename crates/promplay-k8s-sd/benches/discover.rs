//! Discovery over a kube-prometheus-sized cluster: 200 Services in 10
//! namespaces, each with an Endpoints object and an EndpointSlice of 10
//! addresses (2000 endpoints), and the 2000 Pods behind them (two container
//! ports each, one not exposed by the Service). Measures the intake of the
//! manifests and each role's discovery separately.

use criterion::{Criterion, criterion_main};
use promplay_k8s_sd::{Role, SdConfig, discover};
use promplay_operator::intake::{SourceFile, intake};
use std::fmt::Write as _;
use std::hint::black_box;

const SERVICES: usize = 200;
const PODS_PER_SERVICE: usize = 10;

fn cluster() -> String {
    let mut y = String::new();
    for s in 0..SERVICES {
        let ns = format!("ns{}", s % 10);
        let name = format!("svc{s}");
        let _ = write!(
            y,
            "---\napiVersion: v1\nkind: Service\nmetadata: {{name: {name}, namespace: {ns}, labels: {{app: {name}, release: prom}}}}\nspec: {{selector: {{app: {name}}}, ports: [{{name: metrics, port: 8080}}]}}\n"
        );
        let mut addrs = String::new();
        let mut slice_eps = String::new();
        for p in 0..PODS_PER_SERVICE {
            let pod = format!("{name}-{p}");
            let ip = format!("10.{}.{}.{}", s / 250, s % 250, p + 1);
            let _ = write!(
                addrs,
                "{{ip: {ip}, nodeName: node{p}, targetRef: {{kind: Pod, name: {pod}, namespace: {ns}}}}},"
            );
            let _ = write!(
                slice_eps,
                "{{addresses: [{ip}], conditions: {{ready: true}}, nodeName: node{p}, targetRef: {{kind: Pod, name: {pod}, namespace: {ns}}}}},"
            );
            let _ = write!(
                y,
                "---\napiVersion: v1\nkind: Pod\nmetadata: {{name: {pod}, namespace: {ns}, labels: {{app: {name}}}, ownerReferences: [{{kind: ReplicaSet, name: {name}-rs, controller: true}}]}}\nspec: {{nodeName: node{p}, containers: [{{name: app, image: app:1, ports: [{{name: metrics, containerPort: 8080}}, {{name: admin, containerPort: 9000}}]}}]}}\nstatus: {{podIP: {ip}, phase: Running, conditions: [{{type: Ready, status: \"True\"}}]}}\n"
            );
        }
        let _ = write!(
            y,
            "---\napiVersion: v1\nkind: Endpoints\nmetadata: {{name: {name}, namespace: {ns}}}\nsubsets: [{{addresses: [{addrs}], ports: [{{name: metrics, port: 8080}}]}}]\n"
        );
        let _ = write!(
            y,
            "---\napiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {{name: {name}-abcde, namespace: {ns}, labels: {{kubernetes.io/service-name: {name}}}}}\naddressType: IPv4\nendpoints: [{slice_eps}]\nports: [{{name: metrics, port: 8080}}]\n"
        );
    }
    y
}

fn bench(c: &mut Criterion) {
    let text = cluster();
    let files = [SourceFile { name: "cluster.yaml".into(), text }];
    c.bench_function("intake 200 services, 2000 pods", |b| b.iter(|| intake(black_box(&files))));
    let inventory = intake(&files).inventory;
    for role in [Role::Endpoints, Role::EndpointSlice, Role::Pod, Role::Service] {
        let config = SdConfig::new(role);
        let groups = discover(&inventory, &config, "").groups;
        let targets: usize = groups.iter().map(|g| g.targets.len()).sum();
        c.bench_function(&format!("discover {} ({targets} targets)", role.as_str()), |b| {
            b.iter(|| discover(black_box(&inventory), &config, ""));
        });
    }
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
