//! Scenario tests of prometheus.yaml compilation through the intake:
//! unmanaged mode, selection by label and namespace selectors, rejection of
//! invalid objects with their reason and field path, allow/deny lists and
//! version gates.

use crate::compile::{Compiled, compile};
use crate::intake::{SourceFile, intake};
use crate::options::Options;
use crate::select::{Exclusion, Outcome};

fn run(text: &str, options: &Options) -> Compiled {
    let intake = intake(&[SourceFile { name: "test.yaml".into(), text: text.into() }]);
    compile(&intake.inventory, options)
}

const PROM: &str = "
apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata: {name: k8s, namespace: monitoring}
spec:
  version: v3.13.2
  serviceMonitorSelector: {matchLabels: {team: a}}
";

fn sm(ns: &str, name: &str, team: &str, endpoint: &str) -> String {
    format!(
        "---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {{name: {name}, namespace: {ns}, labels: {{team: {team}}}}}
spec:
  selector: {{matchLabels: {{app: x}}}}
  endpoints:
  - {endpoint}
"
    )
}

fn outcome(c: &Compiled, name: &str) -> Outcome {
    c.prometheuses[0]
        .selection
        .entries
        .iter()
        .find(|e| e.name == name)
        .map(|e| e.outcome.clone())
        .unwrap()
}

#[test]
fn unmanaged_without_any_selector() {
    let text = "apiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nmetadata: {name: p, namespace: default}\nspec: {}\n";
    let c = run(text, &Options::default());
    assert_eq!(c.prometheuses[0].config, Ok(None));
    assert_eq!(c.prometheuses[0].secret_name, "prometheus-p");
}

#[test]
fn selection_by_labels_and_namespaces() {
    let text = format!(
        "{PROM}{}{}{}",
        sm("monitoring", "yes", "a", "port: web"),
        sm("monitoring", "wrong-team", "b", "port: web"),
        sm("apps", "other-ns", "a", "port: web"),
    );
    let c = run(&text, &Options::default());
    assert_eq!(outcome(&c, "yes"), Outcome::Selected);
    assert!(matches!(
        outcome(&c, "wrong-team"),
        Outcome::NotSelected(Exclusion::LabelSelector { .. })
    ));
    assert!(matches!(
        outcome(&c, "other-ns"),
        Outcome::NotSelected(Exclusion::OtherNamespace { .. })
    ));
    let config = c.prometheuses[0].config.clone().unwrap().unwrap();
    assert!(config.contains("job_name: serviceMonitor/monitoring/yes/0"));
    assert!(!config.contains("wrong-team"));

    // `{}` as namespace selector reaches every namespace.
    let all = text.replace(
        "serviceMonitorSelector: {matchLabels: {team: a}}",
        "serviceMonitorSelector: {matchLabels: {team: a}}\n  serviceMonitorNamespaceSelector: {}",
    );
    let c = run(&all, &Options::default());
    assert_eq!(outcome(&c, "other-ns"), Outcome::Selected);

    // The deny list hides a namespace entirely.
    let mut options = Options::default();
    options.set("deny-namespaces", "apps").unwrap();
    let c = run(&all, &options);
    assert!(matches!(
        outcome(&c, "other-ns"),
        Outcome::NotSelected(Exclusion::NamespaceNotWatched(_))
    ));
}

#[test]
fn invalid_objects_are_rejected_with_a_reason_and_the_rest_is_generated() {
    let text = format!(
        "{PROM}{}{}{}",
        sm("monitoring", "good", "a", "port: web"),
        sm(
            "monitoring",
            "no-secret",
            "a",
            "{port: web, basicAuth: {username: {name: missing, key: user}, password: {name: missing, key: pass}}}"
        ),
        sm("monitoring", "slow", "a", "{port: web, interval: 10s, scrapeTimeout: 20s}"),
    );
    let c = run(&text, &Options::default());
    assert_eq!(outcome(&c, "good"), Outcome::Selected);
    let Outcome::Rejected(why) = outcome(&c, "no-secret") else { panic!() };
    assert!(why.contains("basicAuth") && why.contains("\"missing\""), "{why}");
    let Outcome::Rejected(why) = outcome(&c, "slow") else { panic!() };
    assert!(why.contains("greater than scrapeInterval"), "{why}");
    let diag = c.diagnostics.iter().find(|d| d.object.2 == "no-secret").unwrap();
    assert_eq!(diag.path, "spec.endpoints[0].basicAuth");
    let config = c.prometheuses[0].config.clone().unwrap().unwrap();
    assert!(config.contains("serviceMonitor/monitoring/good/0"));
    assert!(!config.contains("no-secret"));
}

#[test]
fn version_gates_drop_settings_and_warn() {
    let text = format!(
        "{}{}",
        PROM.replace("v3.13.2", "v2.34.0"),
        sm("monitoring", "h2", "a", "{port: web, enableHttp2: false}")
    );
    let c = run(&text, &Options::default());
    let config = c.prometheuses[0].config.clone().unwrap().unwrap();
    assert!(!config.contains("enable_http2"));
    assert!(c.diagnostics.iter().any(|d| d.message.contains("enable_http2")));
    let bad = run(&PROM.replace("v3.13.2", "latest"), &Options::default());
    assert!(bad.prometheuses[0].config.is_err());
}

#[test]
fn missing_additional_scrape_config_secret_fails_the_config() {
    let text = PROM.replace(
        "  version: v3.13.2",
        "  version: v3.13.2\n  additionalScrapeConfigs: {name: extra, key: jobs.yaml}",
    );
    let c = run(&text, &Options::default());
    let err = c.prometheuses[0].config.clone().unwrap_err();
    assert!(err.contains("additional scrape configs"), "{err}");
}

#[test]
fn services_without_matching_labels_or_ports_are_flagged() {
    let prom = "
apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata: {name: k8s, namespace: monitoring}
spec:
  serviceMonitorSelector: {}
  serviceMonitorNamespaceSelector: {}
";
    let sm = "---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: kube-scheduler, namespace: kube-system}
spec:
  selector: {matchLabels: {app.kubernetes.io/name: kube-scheduler}}
  endpoints:
  - port: https-metrics
";
    let bare = "---
apiVersion: v1
kind: Service
metadata: {name: kube-scheduler, namespace: kube-system}
spec:
  ports: [{name: https-metrics, port: 10259}]
";
    let c = run(&format!("{prom}{sm}{bare}"), &Options::default());
    let d = c.diagnostics.iter().find(|d| d.code == super::codes::NO_TARGETS).unwrap();
    assert_eq!(d.path, "spec.selector");
    assert!(d.message.contains("has no labels"), "{}", d.message);

    let labelled = bare.replace(
        "namespace: kube-system}",
        "namespace: kube-system, labels: {app.kubernetes.io/name: kube-scheduler}}",
    );
    let c = run(&format!("{prom}{sm}{labelled}"), &Options::default());
    assert!(!c.diagnostics.iter().any(|d| d.code == super::codes::NO_TARGETS));

    let wrong_port = labelled.replace("name: https-metrics", "name: metrics");
    let c = run(&format!("{prom}{sm}{wrong_port}"), &Options::default());
    let d = c.diagnostics.iter().find(|d| d.code == super::codes::NO_TARGETS).unwrap();
    assert_eq!(d.path, "spec.endpoints[0].port");

    // Without any Service in the monitor's namespace nothing is said.
    let c = run(&format!("{prom}{sm}"), &Options::default());
    assert!(!c.diagnostics.iter().any(|d| d.code == super::codes::NO_TARGETS));

    // The API server's own `default/kubernetes` Service exists in every
    // cluster, so kube-prometheus' apiserver monitor is not flagged when
    // other Services of `default` are pasted; a wrong port name still is.
    let apiserver = "---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: kube-apiserver, namespace: monitoring}
spec:
  namespaceSelector: {matchNames: [default]}
  selector: {matchLabels: {component: apiserver, provider: kubernetes}}
  endpoints:
  - port: https
";
    let app = "---
apiVersion: v1
kind: Service
metadata: {name: example-app, namespace: default, labels: {app: example-app}}
spec:
  ports: [{name: web, port: 8080}]
";
    let c = run(&format!("{prom}{apiserver}{app}"), &Options::default());
    assert!(!c.diagnostics.iter().any(|d| d.code == super::codes::NO_TARGETS));
    let c = run(
        &format!("{prom}{}{app}", apiserver.replace("port: https", "port: api")),
        &Options::default(),
    );
    let d = c.diagnostics.iter().find(|d| d.code == super::codes::NO_TARGETS).unwrap();
    assert_eq!(d.path, "spec.endpoints[0].port");
    assert!(d.message.contains("https"), "{}", d.message);
}

#[test]
fn bad_tls_material_and_relabelings_are_rejected() {
    let secret = "---
apiVersion: v1
kind: Secret
metadata: {name: tls, namespace: monitoring}
stringData: {ca.crt: not a certificate}
";
    let cases = [
        (
            "{port: web, tlsConfig: {ca: {secret: {name: tls, key: ca.crt}}}}",
            "failed to decode PEM block",
            "spec.endpoints[0].tlsConfig",
        ),
        (
            "{port: web, tlsConfig: {ca: {secret: {name: tls, key: missing}}}}",
            "key \"missing\" in secret \"tls\" not found",
            "spec.endpoints[0].tlsConfig",
        ),
        (
            "{port: web, relabelings: [{sourceLabels: [a], regex: '(unclosed', targetLabel: b}]}",
            "invalid regex (unclosed",
            "spec.endpoints[0].relabelings",
        ),
        (
            "{port: web, relabelings: [{action: hashmod, sourceLabels: [a], targetLabel: b}]}",
            "requires non-zero modulus",
            "spec.endpoints[0].relabelings",
        ),
        (
            "{port: web, basicAuth: {username: {name: tls, key: u}, password: {name: tls, key: p}}, authorization: {credentials: {name: tls, key: t}}}",
            "authorization and basicAuth cannot be configured at the same time",
            "spec.endpoints[0]",
        ),
    ];
    for (endpoint, reason, path) in cases {
        let text = format!("{PROM}{secret}{}", sm("monitoring", "m", "a", endpoint));
        let c = run(&text, &Options::default());
        let Outcome::Rejected(why) = outcome(&c, "m") else {
            panic!("{endpoint}: not rejected");
        };
        assert!(why.contains(reason), "{endpoint}: {why}");
        let d = c.diagnostics.iter().find(|d| d.object.2 == "m").unwrap();
        assert_eq!(d.path, path, "{endpoint}");
    }
}
