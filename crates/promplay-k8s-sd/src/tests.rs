//! Unit tests: selectors, configuration reading, namespace scoping and the
//! diagnostics, each table-driven. Upstream's own cases run in the k8s-sd
//! conformance suite.

use promplay_operator::intake::{Inventory, SourceFile, intake};

use crate::selector::{FieldSelector, LabelSelector};
use crate::{Role, SdConfig, discover};

fn inventory(yaml: &str) -> Inventory {
    let read = intake(&[SourceFile { name: "in.yaml".into(), text: yaml.into() }]);
    assert!(read.diagnostics.iter().all(|d| !d.diagnostic.is_error()), "{:?}", read.diagnostics);
    read.inventory
}

fn config(yaml: &str) -> Result<SdConfig, String> {
    SdConfig::from_value(&promplay_operator::intake::parse_yaml(yaml).expect("yaml"))
}

fn labels(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

#[test]
fn label_selectors() {
    let l = labels(&[("app", "web"), ("tier", "front"), ("n", "5")]);
    let cases: &[(&str, bool)] = &[
        ("", true),
        ("app=web", true),
        ("app==web", true),
        ("app!=web", false),
        ("app!=db", true),
        ("missing!=x", true),
        ("app in (db, web)", true),
        ("app notin (db,web)", false),
        ("missing notin (a)", true),
        ("app", true),
        ("!app", false),
        ("!missing", true),
        ("app=web,tier=front", true),
        ("app=web,tier=back", false),
        ("n>4", true),
        ("n<5", false),
        ("example.com/team", false),
        ("app=", false),
    ];
    for (text, want) in cases {
        let sel = LabelSelector::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(sel.matches(&l), *want, "{text}");
    }
}

#[test]
fn label_selector_errors() {
    for text in ["app in web", "=x", "app=(x)", "app in (a", "n>x", "-bad=1", "a=b c"] {
        assert!(LabelSelector::parse(text).is_err(), "{text} should not parse");
    }
}

#[test]
fn field_selectors() {
    let inv = inventory(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: ns}\nspec: {nodeName: n1}\nstatus: {phase: Running}\n",
    );
    let pod = &inv.objects[0];
    let cases: &[(&str, bool)] = &[
        ("", true),
        ("metadata.name=p", true),
        ("metadata.name!=p", false),
        ("spec.nodeName==n1,status.phase=Running", true),
        ("spec.restartPolicy=Always", true),
        ("metadata.namespace=other", false),
    ];
    for (text, want) in cases {
        let sel = FieldSelector::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(sel.matches(pod), *want, "{text}");
    }
    let escaped = FieldSelector::parse(r"metadata.name=a\,b").expect("escape");
    assert_eq!(escaped.terms[0].1, "a,b");
    assert!(FieldSelector::parse("metadata.name").is_err());
    assert!(FieldSelector::parse(r"metadata.name=a\qb").is_err());
    assert_eq!(
        FieldSelector::parse("spec.nodeName=x").expect("parse").unsupported_field("Service"),
        Some("spec.nodeName")
    );
}

#[test]
fn configuration_errors_are_upstreams() {
    let cases: &[(&str, &str)] = &[
        ("{}", "role missing (one of: pod, service, endpoints, endpointslice, node, ingress)"),
        ("role: pods", "unknown Kubernetes SD role \"pods\""),
        (
            "role: service\nselectors: [{role: pod, label: a=b}]",
            "service role supports only service selectors",
        ),
        ("role: endpoints\nselectors: [{role: pod}, {role: pod}]", "duplicated selector role: pod"),
    ];
    for (yaml, want) in cases {
        assert_eq!(config(yaml).expect_err(yaml), *want, "{yaml}");
    }
    let ok = config(
        "role: endpoints\nnamespaces: {names: [a], own_namespace: true}\nattach_metadata: {node: true}\nselectors: [{role: pod, field: spec.nodeName=n}]",
    )
    .expect("valid");
    assert_eq!(ok.role, Role::Endpoints);
    assert_eq!(ok.namespaces.scopes("mon"), vec![Some("a".to_owned()), Some("mon".to_owned())]);
    assert!(ok.attach_metadata.node);
}

const CLUSTER: &str = r#"
apiVersion: v1
kind: Service
metadata: {name: web, namespace: a, labels: {app: web}}
spec: {selector: {app: web}, ports: [{name: http, port: 80, targetPort: 8080}]}
---
apiVersion: v1
kind: Endpoints
metadata: {name: web, namespace: a}
subsets:
- addresses: [{ip: 10.0.0.1, targetRef: {kind: Pod, name: web-1, namespace: a}}]
  notReadyAddresses: [{ip: 10.0.0.2, targetRef: {kind: Pod, name: web-2, namespace: a}}]
  ports: [{name: http, port: 8080}]
---
apiVersion: v1
kind: Pod
metadata: {name: web-1, namespace: a, labels: {app: web}}
spec: {containers: [{name: c, image: i, ports: [{name: http, containerPort: 8080}, {name: debug, containerPort: 9090}]}]}
status: {podIP: 10.0.0.1, phase: Running, conditions: [{type: Ready, status: "True"}]}
---
apiVersion: v1
kind: Pod
metadata: {name: web-2, namespace: a, labels: {app: web}}
spec: {containers: [{name: c, image: i}]}
status: {phase: Pending}
---
apiVersion: v1
kind: Endpoints
metadata: {name: other, namespace: b}
subsets: [{addresses: [{ip: 10.1.0.1}], ports: [{port: 9000}]}]
"#;

#[test]
fn namespaces_scope_the_groups() {
    let inv = inventory(CLUSTER);
    let sources = |yaml: &str, own: &str| -> Vec<String> {
        discover(&inv, &config(yaml).expect("config"), own)
            .groups
            .into_iter()
            .map(|g| g.source)
            .collect()
    };
    assert_eq!(sources("role: endpoints", ""), ["endpoints/a/web", "endpoints/b/other"]);
    assert_eq!(sources("role: endpoints\nnamespaces: {names: [b]}", ""), ["endpoints/b/other"]);
    assert_eq!(
        sources("role: endpoints\nnamespaces: {own_namespace: true}", "a"),
        ["endpoints/a/web"]
    );
    assert_eq!(sources("role: endpoints\nnamespaces: {names: [a, a]}", ""), ["endpoints/a/web"]);
    assert_eq!(
        sources(
            "role: pod\nselectors: [{role: pod, label: app=web, field: status.phase=Running}]",
            ""
        ),
        ["pod/a/web-1"]
    );
    assert_eq!(sources("role: service", ""), ["svc/a/web"]);
}

#[test]
fn endpoints_join_pods_and_add_uncovered_ports() {
    let inv = inventory(CLUSTER);
    let d =
        discover(&inv, &config("role: endpoints\nnamespaces: {names: [a]}").expect("config"), "");
    let g = &d.groups[0];
    assert_eq!(g.labels.get("__meta_kubernetes_service_label_app"), Some("web"));
    let addrs: Vec<(&str, &str)> = g
        .targets
        .iter()
        .map(|t| {
            (
                t.get("__address__").unwrap_or(""),
                t.get("__meta_kubernetes_pod_container_port_name").unwrap_or(""),
            )
        })
        .collect();
    // The ready address, the not-ready one, then web-1's uncovered debug port
    // (web-2 has no IP, so none of its ports are added).
    assert_eq!(
        addrs,
        [("10.0.0.1:8080", "http"), ("10.0.0.2:8080", ""), ("10.0.0.1:9090", "debug")]
    );
    assert_eq!(g.targets[0].get("__meta_kubernetes_endpoint_port_protocol"), Some("TCP"));
    assert_eq!(g.targets[1].get("__meta_kubernetes_pod_phase"), Some("Pending"));
    assert_eq!(g.targets[1].get("__meta_kubernetes_endpoint_ready"), Some("false"));
}

#[test]
fn diagnostics_name_what_discovery_could_not_read() {
    let yaml = r#"
apiVersion: v1
kind: Endpoints
metadata: {name: e, namespace: a, labels: {endpoints.kubernetes.io/over-capacity: truncated}}
subsets:
- addresses: [{ip: 10.0.0.9, targetRef: {kind: Pod, name: gone, namespace: a}}]
  ports: [{name: metrics}]
---
apiVersion: v1
kind: Pod
metadata: {name: p, namespace: a}
spec: {containers: [{name: c}]}
---
apiVersion: v1
kind: Node
metadata: {name: n}
"#;
    let inv = inventory(yaml);
    let codes = |role: &str| -> Vec<&'static str> {
        let d = discover(&inv, &config(&format!("role: {role}")).expect("config"), "");
        d.diagnostics.iter().map(|d| d.diagnostic.code).collect()
    };
    assert_eq!(codes("endpoints"), ["KSD0006", "KSD0001", "KSD0005", "KSD0008"]);
    assert_eq!(codes("pod"), ["KSD0003"]);
    assert_eq!(codes("node"), ["KSD0004"]);
    let d = discover(&inv, &config("role: endpoints").expect("config"), "");
    let span = d.diagnostics[1].diagnostic.primary_span().expect("span");
    assert_eq!(&yaml[span.range()], "{name: metrics}");
}

#[test]
fn unsupported_field_selectors_empty_the_list() {
    let inv = inventory(CLUSTER);
    let d = discover(
        &inv,
        &config("role: service\nselectors: [{role: service, field: spec.nodeName=x}]")
            .expect("config"),
        "",
    );
    assert!(d.groups.is_empty());
    assert_eq!(
        d.notes,
        [
            "the API server refuses the service field selector `spec.nodeName=x`: field label not supported: spec.nodeName; no Service objects are listed"
        ]
    );
}

#[test]
fn service_backends_summarise_what_stands_behind_a_service() {
    let inv = inventory(CLUSTER);
    let b = crate::explain::service_backends(&inv, "a", "web").expect("service");
    assert_eq!(b.ports[0].target_port.as_deref(), Some("8080"));
    let e = b.endpoints.as_ref().expect("endpoints");
    assert_eq!((e.ready, e.not_ready), (1, 1));
    assert_eq!(e.ports[0].name.as_deref(), Some("http"));
    assert_eq!(b.pods.len(), 2);
    assert_eq!(b.ready_addresses(), 1);
    assert!(crate::explain::service_backends(&inv, "a", "nope").is_none());
}

#[test]
fn missing_services_are_explained() {
    let yaml = r#"
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: orphan, namespace: a}
addressType: IPv4
endpoints: []
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: web-x1, namespace: a, labels: {kubernetes.io/service-name: web}}
addressType: IPv4
endpoints: []
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: a}
"#;
    let inv = inventory(yaml);
    let messages = |cfg: &str| -> Vec<String> {
        let d = discover(&inv, &config(cfg).expect("config"), "");
        d.diagnostics
            .iter()
            .map(|d| format!("{} {}", d.diagnostic.code, d.diagnostic.message))
            .collect()
    };
    assert_eq!(
        messages("role: endpointslice"),
        [
            "KSD0007 EndpointSlice a/orphan has no `kubernetes.io/service-name` label: it belongs to no Service, so its targets get no `__meta_kubernetes_service_*` labels"
        ]
    );
    assert_eq!(
        messages("role: endpointslice\nselectors: [{role: service, label: app=x}]")[1],
        "KSD0006 discovery sees no Service a/web (the service selector excludes it): the targets of EndpointSlice a/web-x1 get no `__meta_kubernetes_service_*` labels"
    );
}

#[test]
fn expected_endpoints_follow_the_endpoints_controller() {
    let yaml = r#"
apiVersion: v1
kind: Service
metadata: {name: s, namespace: a}
spec:
  selector: {app: x}
  ports: [{name: web, port: 80, targetPort: http}, {name: raw, port: 9000}]
---
apiVersion: v1
kind: Pod
metadata: {name: p1, namespace: a, labels: {app: x}}
spec: {containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]}
status: {podIP: 10.0.0.1, phase: Running, conditions: [{type: Ready, status: "True"}]}
---
apiVersion: v1
kind: Pod
metadata: {name: p2, namespace: a, labels: {app: x}}
spec: {containers: [{name: c}]}
status: {podIP: 10.0.0.2, phase: Running}
---
apiVersion: v1
kind: Pod
metadata: {name: done, namespace: a, labels: {app: x}}
spec: {containers: [{name: c}]}
status: {podIP: 10.0.0.3, phase: Succeeded}
---
apiVersion: v1
kind: Pod
metadata: {name: other, namespace: a, labels: {app: y}}
status: {podIP: 10.0.0.4, phase: Running}
"#;
    let inv = inventory(yaml);
    let got = crate::explain::expected_endpoints(&inv, "a", "s").expect("service with selector");
    let summary: Vec<String> =
        got.iter().map(|a| format!("{} {} {} {:?}", a.pod, a.ip, a.ready, a.ports)).collect();
    assert_eq!(
        summary,
        [
            r#"p1 10.0.0.1 true [("web", 8080), ("raw", 9000)]"#,
            r#"p2 10.0.0.2 false [("raw", 9000)]"#,
        ]
    );
}

#[test]
fn odd_shapes_never_panic() {
    // Fields of the wrong type: discovery reads what it can, as Go's
    // decoder would have refused the object; it must never panic.
    let yaml = r#"
apiVersion: v1
kind: Pod
metadata: {name: p, namespace: a, ownerReferences: "x"}
spec: {containers: {name: c}, initContainers: [{ports: [{containerPort: "http"}, 7]}], nodeName: 5}
status: {podIP: "fe80::1", conditions: [1, {type: Ready}], containerStatuses: "x"}
---
apiVersion: v1
kind: Endpoints
metadata: {name: e, namespace: a}
subsets: [{addresses: [{ip: 1, targetRef: "Pod"}], notReadyAddresses: "x", ports: [{port: "80"}, {port: 1.5}]}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: s, namespace: a, labels: {kubernetes.io/service-name: e}}
addressType: IPv6
endpoints: [{addresses: [{ip: x}], conditions: "ready", targetRef: {kind: Pod, name: p, namespace: a}, deprecatedTopology: [1]}]
ports: [{port: "x"}, {}]
---
apiVersion: v1
kind: Service
metadata: {name: e, namespace: a}
spec: {type: LoadBalancer, ports: "x", ipFamilyPolicy: PreferDualStack, ipFamilies: []}
status: {loadBalancer: {ingress: [{ip: 7}]}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: i, namespace: a}
spec: {rules: [{host: "*.", http: {paths: [{path: 1}]}}, "x"], tls: [{hosts: ["*."]}]}
---
apiVersion: v1
kind: Node
metadata: {name: n}
status: {addresses: [{type: Hostname}], daemonEndpoints: {kubeletEndpoint: "x"}, conditions: [{type: "Ünïcode Ready", status: "True"}]}
"#;
    let inv = inventory(yaml);
    for role in Role::ALL {
        let mut cfg = SdConfig::new(role);
        cfg.attach_metadata = crate::AttachMetadata {
            node: true,
            namespace: true,
            deployment: true,
            job: true,
            cronjob: true,
        };
        let _ = discover(&inv, &cfg, "a");
        cfg.attach_metadata = crate::AttachMetadata::default();
        let d = discover(&inv, &cfg, "a");
        assert!(d.groups.iter().all(|g| !g.source.is_empty()));
    }
    let node = discover(&inv, &SdConfig::new(Role::Node), "");
    assert_eq!(
        node.groups[0].labels.get("__meta_kubernetes_node_condition__n_code_ready"),
        Some("true")
    );
    let _ = crate::explain::service_backends(&inv, "a", "e");
    let _ = crate::explain::expected_endpoints(&inv, "a", "e");
}

#[test]
fn selector_parsers_never_panic() {
    // Every string of up to four characters over the selector syntax's
    // special characters (and a multi-byte one).
    let alphabet: Vec<char> = "a=!(),<> \\é1".chars().collect();
    let mut inputs = vec![String::new()];
    for _ in 0..4 {
        let longer: Vec<String> = inputs
            .iter()
            .filter(|s| s.chars().count() == inputs.last().map_or(0, |l| l.chars().count()))
            .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
            .collect();
        inputs.extend(longer);
    }
    assert!(inputs.len() > 20_000);
    for text in &inputs {
        let _ = LabelSelector::parse(text);
        let _ = FieldSelector::parse(text);
    }
}
