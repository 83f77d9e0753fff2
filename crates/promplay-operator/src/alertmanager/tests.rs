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
