//! A local loop over the shared `am-*` conformance cases until the
//! operator conformance runner lands: the generated tree must equal the
//! expected file's tree (formatting is the emitter's business).

use super::*;
use std::path::PathBuf;

struct TestStore(Vec<Value>);

fn b64(s: &str) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bits = 0u32;
    let mut n = 0;
    let mut out = Vec::new();
    for c in s.bytes() {
        let Some(v) = A.iter().position(|x| *x == c) else { continue };
        bits = (bits << 6) | v as u32;
        n += 6;
        if n >= 8 {
            n -= 8;
            out.push((bits >> n) as u8);
            bits &= (1 << n) - 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl Store for TestStore {
    fn secret(&self, ns: &str, name: &str, key: &str) -> Lookup {
        self.lookup("Secret", ns, name, key)
    }
    fn config_map(&self, ns: &str, name: &str, key: &str) -> Lookup {
        self.lookup("ConfigMap", ns, name, key)
    }
}

impl TestStore {
    fn lookup(&self, kind: &str, ns: &str, name: &str, key: &str) -> Lookup {
        for o in &self.0 {
            if o.get("kind").and_then(Value::as_str) == Some(kind)
                && o.path(&["metadata", "name"]).and_then(Value::as_str) == Some(name)
                && o.path(&["metadata", "namespace"]).and_then(Value::as_str).unwrap_or("default")
                    == ns
            {
                if let Some(v) = o.path(&["stringData", key]).and_then(Value::as_str) {
                    return Lookup::Found(v.to_string());
                }
                if let Some(v) = o.path(&["data", key]).and_then(Value::as_str) {
                    return Lookup::Found(if kind == "Secret" { b64(v) } else { v.to_string() });
                }
                return Lookup::NoKey;
            }
        }
        Lookup::NoObject
    }
}

fn docs(text: &str) -> Vec<Value> {
    crate::intake::yaml::parse_stream(text).0.into_iter().filter(|v| !v.is_null()).collect()
}

#[test]
fn shared_am_cases() {
    let dir = std::env::var("PROMPLAY_CONFORMANCE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from("/work/shared/conformance"));
    let cases = dir.join("operator/cases");
    let Ok(entries) = std::fs::read_dir(&cases) else { return };
    let mut names: Vec<String> =
        entries.filter_map(|e| e.ok()?.file_name().into_string().ok()).collect();
    names.sort();
    let mut failed = Vec::new();
    let mut passed = 0;
    for name in names {
        let case = cases.join(&name);
        let meta = std::fs::read_to_string(case.join("case.json")).unwrap_or_default();
        if !meta.contains("\"alertmanager-config\"") {
            continue;
        }
        let objects = docs(&std::fs::read_to_string(case.join("input.yaml")).unwrap());
        let expected = std::fs::read_to_string(case.join("expected.yaml")).unwrap();
        let am = objects
            .iter()
            .find(|o| o.get("kind").and_then(Value::as_str) == Some("Alertmanager"))
            .unwrap();
        let configs: Vec<&Value> = objects
            .iter()
            .filter(|o| o.get("kind").and_then(Value::as_str) == Some("AlertmanagerConfig"))
            .collect();
        let store = TestStore(objects.clone());
        let req = Request {
            alertmanager: am,
            configs,
            global_config: None,
            store: &store,
            default_version: "v0.33.1",
        };
        let got = generate(&req);
        match &got.config {
            Ok(text) if *text == expected => passed += 1,
            other => failed.push(format!(
                "{name}: got {other:?}\nwant {expected:?}\nrejected {:?}",
                got.rejected
            )),
        }
    }
    assert!(failed.is_empty() && passed > 0, "{passed} passed\n{}", failed.join("\n\n"));
}

/// Every path to a node of `v`, as map keys and sequence indexes.
fn paths(v: &Value, prefix: &mut Vec<PathStep>, out: &mut Vec<Vec<PathStep>>) {
    out.push(prefix.clone());
    match v {
        Value::Map(m) => {
            for (k, x) in m.iter() {
                prefix.push(PathStep::Key(k.to_string()));
                paths(x, prefix, out);
                prefix.pop();
            }
        }
        Value::Seq(items) => {
            for (i, x) in items.iter().enumerate() {
                prefix.push(PathStep::Index(i));
                paths(x, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

#[derive(Clone)]
enum PathStep {
    Key(String),
    Index(usize),
}

fn replace(v: &mut Value, path: &[PathStep], with: Value) {
    let Some((first, rest)) = path.split_first() else {
        *v = with;
        return;
    };
    match (first, v) {
        (PathStep::Key(k), Value::Map(m)) => {
            if let Some(x) = m.get_mut(k) {
                replace(x, rest, with);
            }
        }
        (PathStep::Index(i), Value::Seq(items)) => {
            if let Some(x) = items.get_mut(*i) {
                replace(x, rest, with);
            }
        }
        _ => {}
    }
}

/// Any node of the Alertmanager or AlertmanagerConfig objects replaced by
/// a value of another type must give an error or a configuration, never a
/// panic.
#[test]
fn wrong_types_never_panic() {
    let dir = std::env::var("PROMPLAY_CONFORMANCE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from("/work/shared/conformance"));
    let cases = dir.join("operator/cases");
    let Ok(entries) = std::fs::read_dir(&cases) else { return };
    let replacements = [
        Value::Null,
        Value::Int(-1),
        Value::String("x:y:z".into()),
        Value::Seq(vec![Value::Null]),
        Value::Map(Map::new()),
    ];
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if !name.starts_with("am-") {
            continue;
        }
        let objects = docs(&std::fs::read_to_string(e.path().join("input.yaml")).unwrap());
        let store = TestStore(objects.clone());
        if let Lookup::Found(text) =
            store.secret("alertmanager-namespace", "alertmanager-main", "alertmanager.yaml")
        {
            let base = yaml::parse(&text).unwrap();
            let mut all = Vec::new();
            paths(&base, &mut Vec::new(), &mut all);
            for path in &all {
                for r in &replacements {
                    let mut b = base.clone();
                    replace(&mut b, path, r.clone());
                    if let Ok(Value::Map(mut cfg)) = schema::normalize(&b, &structs::CONFIG) {
                        let _ = check::check_base(&cfg);
                        let _ = sanitize::sanitize(
                            &mut cfg,
                            &gofmt::AmVersion::parse("0.20.0").unwrap(),
                        );
                    }
                }
            }
        }
        for (i, o) in objects.iter().enumerate() {
            let kind = o.get("kind").and_then(Value::as_str).unwrap_or("");
            if kind != "Alertmanager" && kind != "AlertmanagerConfig" {
                continue;
            }
            let mut all = Vec::new();
            paths(o, &mut Vec::new(), &mut all);
            for path in
                all.iter().filter(|p| matches!(p.first(), Some(PathStep::Key(k)) if k == "spec"))
            {
                for r in &replacements {
                    let mut objs = objects.clone();
                    replace(&mut objs[i], path, r.clone());
                    let am = objs
                        .iter()
                        .find(|o| o.get("kind").and_then(Value::as_str) == Some("Alertmanager"))
                        .unwrap();
                    let configs = objs
                        .iter()
                        .filter(|o| {
                            o.get("kind").and_then(Value::as_str) == Some("AlertmanagerConfig")
                        })
                        .collect();
                    let store = TestStore(objs.clone());
                    let req = Request {
                        alertmanager: am,
                        configs,
                        global_config: None,
                        store: &store,
                        default_version: "v0.33.1",
                    };
                    let _ = generate(&req);
                }
            }
        }
    }
}

/// A v1beta1 AlertmanagerConfig (`timeIntervals`) gives what its v1alpha1
/// form (`muteTimeIntervals`) gives.
#[test]
fn v1beta1_objects_are_converted() {
    let dir = std::env::var("PROMPLAY_CONFORMANCE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from("/work/shared/conformance"));
    let case = dir.join("operator/cases/am-mute-time-intervals");
    let Ok(input) = std::fs::read_to_string(case.join("input.yaml")) else { return };
    let beta = input
        .replace("monitoring.coreos.com/v1alpha1", "monitoring.coreos.com/v1beta1")
        .replace("  muteTimeIntervals:\n  - name: test", "  timeIntervals:\n  - name: test");
    assert_ne!(beta, input);
    let objects = docs(&beta);
    let am = objects
        .iter()
        .find(|o| o.get("kind").and_then(Value::as_str) == Some("Alertmanager"))
        .unwrap();
    let configs = objects
        .iter()
        .filter(|o| o.get("kind").and_then(Value::as_str) == Some("AlertmanagerConfig"))
        .collect();
    let store = TestStore(objects.clone());
    let req = Request {
        alertmanager: am,
        configs,
        global_config: None,
        store: &store,
        default_version: "v0.33.1",
    };
    let want = std::fs::read_to_string(case.join("expected.yaml")).unwrap();
    assert_eq!(generate(&req).config, Ok(want));
}

/// A rejected AlertmanagerConfig says which field is wrong.
#[test]
fn rejections_carry_the_field_path() {
    let text = "---
kind: Alertmanager
metadata: {name: main, namespace: ns}
spec: {version: v0.27.0, alertmanagerConfigSelector: {}}
---
kind: AlertmanagerConfig
metadata: {name: a, namespace: ns}
spec:
  route: {receiver: r, routes: [{receiver: missing}]}
  receivers: [{name: r}]
---
kind: AlertmanagerConfig
metadata: {name: b, namespace: ns}
spec:
  route: {receiver: r}
  receivers: [{name: r}, {name: r}]
---
kind: AlertmanagerConfig
metadata: {name: c, namespace: ns}
spec:
  route: {receiver: r}
  receivers:
  - name: r
    slackConfigs: [{apiURL: {name: nope, key: url}}]
";
    let objects = docs(text);
    let store = TestStore(objects.clone());
    let req = Request {
        alertmanager: &objects[0],
        configs: objects[1..].iter().collect(),
        global_config: None,
        store: &store,
        default_version: "v0.33.1",
    };
    let got: Vec<(String, String)> =
        generate(&req).rejected.into_iter().map(|r| (r.name, r.path)).collect();
    let want = [
        ("a", "spec.route.routes[0].receiver"),
        ("b", "spec.receivers[1].name"),
        ("c", "spec.receivers[0]"),
    ];
    assert_eq!(got, want.map(|(a, b)| (a.to_string(), b.to_string())));
}
