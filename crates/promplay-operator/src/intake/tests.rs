//! Data-driven tests of the intake: each case is a manifest and the
//! diagnostics (code and `line:col`) it must produce, plus checks of the
//! inventory it builds.

use super::*;
use promplay_diagnostics::LineIndex;

fn run(text: &str) -> (Intake, Vec<String>) {
    let got = intake(&[SourceFile { name: "t.yaml".into(), text: text.into() }]);
    let index = LineIndex::new(text);
    let found = got
        .diagnostics
        .iter()
        .map(|d| {
            let at = d.diagnostic.primary_span().map_or(0, |s| s.start);
            let lc = index.line_col(text, at);
            format!("{} {}:{}", d.diagnostic.code, lc.line, lc.col)
        })
        .collect();
    (got, found)
}

const SM: &str = "apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata:\n  name: app\n  namespace: mon\nspec:\n  selector: {}\n  endpoints: []\n";

/// `(manifest, expected "CODE line:col" diagnostics)`.
const CASES: &[(&str, &[&str])] = &[
    (SM, &[]),
    // Unknown field: warned at the key, then dropped.
    (
        "apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata:\n  name: a\nspec:\n  selector: {}\n  endpoints:\n  - portt: web\n",
        &["OPR0020 8:5"],
    ),
    // Wrong type: port is a string field.
    (
        "apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata:\n  name: a\nspec:\n  selector: {}\n  endpoints:\n  - port: 8080\n",
        &["OPR0021 8:11"],
    ),
    // Missing required selector.
    (
        "apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata:\n  name: a\nspec:\n  endpoints: []\n",
        &["OPR0022 5:1"],
    ),
    // Pattern: not a duration.
    (
        "apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata:\n  name: a\nspec:\n  selector: {}\n  endpoints:\n  - port: web\n    interval: 30 seconds\n",
        &["OPR0024 9:15"],
    ),
    // Enum.
    (
        "apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata:\n  name: a\nspec:\n  selector: {}\n  endpoints:\n  - port: web\n    scheme: Https\n",
        &["OPR0023 9:13"],
    ),
    // Unknown kind: listed as ignored.
    ("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n", &["OPR0005 2:7"]),
    // Missing name and kind.
    ("apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n", &["OPR0004 3:1"]),
    ("apiVersion: v1\nmetadata:\n  name: x\n", &["OPR0003 1:1"]),
    // Wrong apiVersion for the kind.
    (
        "apiVersion: monitoring.coreos.com/v2\nkind: ServiceMonitor\nmetadata:\n  name: a\nspec:\n  selector: {}\n",
        &["OPR0011 1:13"],
    ),
    // Bad base64 in a Secret.
    (
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  k: not base64!\n",
        &["OPR0010 6:6"],
    ),
    // YAML syntax error after a good document.
    ("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: n\n---\na: [1, 2\n", &["OPR0001 7:1"]),
    // A rule file pasted as is.
    ("groups:\n- name: g\n  rules: []\n", &["OPR0002 1:1"]),
    // Unknown metadata field.
    ("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: n\n  lables: {a: b}\n", &["OPR0020 5:3"]),
];

#[test]
fn diagnostics_with_positions() {
    for (text, want) in CASES {
        let (_, found) = run(text);
        assert_eq!(found, *want, "for:\n{text}");
    }
}

#[test]
fn pruning_drops_unknown_fields() {
    let (got, _) = run(CASES[1].0);
    let sm = got.inventory.get("ServiceMonitor", "default", "a").unwrap();
    let ep = &sm.value.path(&["spec", "endpoints"]).unwrap().as_seq().unwrap()[0];
    assert_eq!(ep.as_map().unwrap().len(), 0);
}

#[test]
fn invalid_objects_are_not_in_the_inventory() {
    let (got, _) = run(CASES[2].0);
    assert!(got.inventory.objects.is_empty());
}

#[test]
fn lists_anchors_merge_keys_and_json() {
    let text = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: &m\n    name: one\n    namespace: ns\n    labels: &l {app: x}\n  data:\n    k: v\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    <<: *m\n    name: two\n  data:\n    k: 8080\n";
    let (got, found) = run(text);
    // `data.k: 8080` is a number where a string is required.
    assert_eq!(found, ["OPR0021 18:8"]);
    assert_eq!(got.inventory.objects.len(), 1);
    let cm = got.inventory.get("ConfigMap", "ns", "one").unwrap();
    assert_eq!(cm.labels, [("app".to_owned(), "x".to_owned())]);
    assert_eq!(got.inventory.configmap_value("ns", "one", "k"), Some("v"));
    let text = r#"{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "j", "labels": {"team": "a"}}}"#;
    let (got, found) = run(text);
    assert!(found.is_empty(), "{found:?}");
    let ns = got.inventory.namespaces();
    assert_eq!(ns[0].name, "j");
    assert!(ns[0].labels.contains(&("kubernetes.io/metadata.name".to_owned(), "j".to_owned())));
}

#[test]
fn secrets_merge_string_data_into_base64_data() {
    let text = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  namespace: n\ndata:\n  a: aGVsbG8=\nstringData:\n  b: world\n  a: over\n";
    let (got, found) = run(text);
    assert!(found.is_empty(), "{found:?}");
    assert_eq!(got.inventory.secret_bytes("n", "s", "a").as_deref(), Some(&b"over"[..]));
    assert_eq!(got.inventory.secret_bytes("n", "s", "b").as_deref(), Some(&b"world"[..]));
    assert!(got.inventory.get("Secret", "n", "s").unwrap().value.get("stringData").is_none());
}

#[test]
fn spans_of_object_fields() {
    let (got, _) = run(&format!("# comment\n---\n{SM}"));
    let sm = &got.inventory.objects[0];
    let text = format!("# comment\n---\n{SM}");
    let s = sm.value_span("metadata.namespace");
    assert_eq!(&text[s.range()], "mon");
    assert_eq!(sm.namespace, "mon");
}

#[test]
fn duplicates_keep_the_later_object() {
    let text =
        format!("{SM}---\n{}", SM.replace("selector: {}", "selector: {matchLabels: {a: b}}"));
    let (got, found) = run(&text);
    assert_eq!(found, ["OPR0006 4:3"]);
    assert_eq!(got.inventory.objects.len(), 1);
    assert!(got.inventory.objects[0].value.path(&["spec", "selector", "matchLabels"]).is_some());
}

#[test]
fn yaml_1_1_booleans_as_kubectl_reads_them() {
    let text = "apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata:\n  name: a\n  labels: {quoted: 'yes'}\nspec:\n  selector: {}\n  endpoints:\n  - port: web\n    enableHttp2: no\n    honorLabels: yes\n";
    let (got, found) = run(text);
    assert!(found.is_empty(), "{found:?}");
    let sm = &got.inventory.objects[0];
    let ep = &sm.value.path(&["spec", "endpoints"]).unwrap().as_seq().unwrap()[0];
    assert_eq!(ep.get("enableHttp2"), Some(&Value::Bool(false)));
    assert_eq!(ep.get("honorLabels"), Some(&Value::Bool(true)));
    assert_eq!(sm.labels, [("quoted".to_owned(), "yes".to_owned())]);
}
