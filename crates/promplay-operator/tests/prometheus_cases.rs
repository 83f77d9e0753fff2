//! A development loop over the shared prometheus-config cases (the real
//! conformance runner lives in promplay-conformance): compiles each case's
//! input.yaml with its case.json options and compares the generated
//! prometheus.yaml with expected.yaml. Run with
//! `PROMPLAY_CONFORMANCE_DIR=/work/shared/conformance cargo test -p promplay-operator --test prometheus_cases -- --ignored --nocapture`.

#![allow(clippy::print_stdout)]

use promplay_operator::compile::compile;
use promplay_operator::intake::yaml::parse_one;
use promplay_operator::intake::{SourceFile, intake};
use promplay_operator::options::Options;
use promplay_operator::value::Value;

#[test]
#[ignore = "needs the shared conformance corpus"]
fn prometheus_config_cases() {
    let Ok(root) = std::env::var("PROMPLAY_CONFORMANCE_DIR") else {
        return;
    };
    let filter = std::env::var("CASE").unwrap_or_default();
    let dir = std::path::Path::new(&root).join("operator/cases");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    let (mut pass, mut total) = (0, 0);
    let mut failed = Vec::new();
    for name in names {
        if !name.contains(&filter) {
            continue;
        }
        let case_dir = dir.join(&name);
        let case =
            parse_one(&std::fs::read_to_string(case_dir.join("case.json")).unwrap()).unwrap();
        let target = case.get("target").and_then(Value::as_str).unwrap_or("");
        if target == "rule-files" {
            let options = Options::from_case_json(&case).unwrap();
            let text = std::fs::read_to_string(case_dir.join("input.yaml")).unwrap();
            let intake = intake(&[SourceFile { name: "input.yaml".into(), text }]);
            let compiled = compile(&intake.inventory, &options);
            let expected = std::fs::read_to_string(case_dir.join("expected.yaml")).unwrap();
            let key = case.get("rule_file_key").and_then(Value::as_str).unwrap_or("");
            let p = &compiled.prometheuses[0];
            let got = p.rule_files.iter().find(|f| f.key == key).map(|f| f.content.clone());
            let expect_error = case.get("expect_error").and_then(Value::as_bool).unwrap_or(false);
            let ok = if expect_error {
                got.is_none()
            } else {
                got.as_deref() == Some(expected.as_str())
            };
            println!("rule-files {name}: {}", if ok { "ok" } else { "FAIL" });
            continue;
        }
        if target != "prometheus-config" {
            continue;
        }
        total += 1;
        let options = Options::from_case_json(&case).unwrap();
        let text = std::fs::read_to_string(case_dir.join("input.yaml")).unwrap();
        let intake = intake(&[SourceFile { name: "input.yaml".into(), text }]);
        let compiled = compile(&intake.inventory, &options);
        let expected = std::fs::read_to_string(case_dir.join("expected.yaml")).unwrap();
        let expect_error = case.get("expect_error").and_then(Value::as_bool).unwrap_or(false);
        let got = compiled.prometheuses.first().map(|p| p.config.clone());
        let ok = match (&got, expect_error) {
            (Some(Err(_)), true) => true,
            (Some(Ok(Some(text))), false) => *text == expected,
            _ => false,
        };
        if ok {
            pass += 1;
        } else {
            failed.push(name.clone());
            if !filter.is_empty() {
                match &got {
                    Some(Ok(Some(text))) => {
                        std::fs::write(format!("/tmp/oprom-{name}.yaml"), text).unwrap();
                        println!("--- {name}: wrote /tmp/oprom-{name}.yaml");
                    }
                    other => println!("--- {name}: {other:?}"),
                }
                for d in &compiled.diagnostics {
                    println!("    {:?} {} {}: {}", d.severity, d.code, d.path, d.message);
                }
            }
        }
    }
    println!("prometheus-config: {pass}/{total} byte-identical");
    println!("failed: {}", failed.join(" "));
}

/// Every manifest of the shared `examples/` (one file at a time) and all of
/// `kube-prometheus/` (together) compile without a panic; prints what the
/// compiler says about them so spurious errors stand out.
#[test]
#[ignore = "needs the shared conformance corpus"]
fn examples_and_kube_prometheus_compile() {
    let Ok(root) = std::env::var("PROMPLAY_CONFORMANCE_DIR") else {
        return;
    };
    let base = std::path::Path::new(&root).join("operator");
    let mut sets: Vec<Vec<SourceFile>> = Vec::new();
    let mut files = Vec::new();
    collect(&base.join("examples"), &mut files);
    // One set per directory: a Prometheus and the Secrets it references are
    // usually separate files of the same example.
    let mut by_dir: Vec<(String, Vec<SourceFile>)> = Vec::new();
    for f in files {
        let dir = std::path::Path::new(&f.name).parent().unwrap().display().to_string();
        match by_dir.iter_mut().find(|(d, _)| *d == dir) {
            Some((_, v)) => v.push(f),
            None => by_dir.push((dir, vec![f])),
        }
    }
    sets.extend(by_dir.into_iter().map(|(_, v)| v));
    let mut kp = Vec::new();
    collect(&base.join("kube-prometheus"), &mut kp);
    sets.push(kp);
    let options = Options::default();
    for set in sets {
        let names: Vec<String> = set.iter().map(|f| f.name.clone()).collect();
        let intake = intake(&set);
        let compiled = compile(&intake.inventory, &options);
        for p in &compiled.prometheuses {
            let state = match &p.config {
                Ok(Some(t)) => format!("{} lines", t.lines().count()),
                Ok(None) => "unmanaged".into(),
                Err(e) => format!("ERROR {e}"),
            };
            println!("{:?}: prometheus {}/{}: {state}", names.first(), p.namespace, p.name);
        }
        for a in &compiled.alertmanagers {
            let state = match &a.config {
                Ok(t) => format!("{} lines", t.lines().count()),
                Err(e) => format!("ERROR {e}"),
            };
            println!("{:?}: alertmanager {}/{}: {state}", names.first(), a.namespace, a.name);
        }
        for d in &compiled.diagnostics {
            println!("    {:?} {} {:?} {}: {}", d.severity, d.code, d.object, d.path, d.message);
        }
    }
}

fn collect(dir: &std::path::Path, out: &mut Vec<SourceFile>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = rd.map(|e| e.unwrap().path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect(&p, out);
        } else if matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml" | "json")) {
            let text = std::fs::read_to_string(&p).unwrap_or_default();
            out.push(SourceFile { name: p.display().to_string(), text });
        }
    }
}

/// Writes the kube-prometheus prometheus.yaml to /tmp for inspection.
#[test]
#[ignore = "needs the shared conformance corpus"]
fn dump_kube_prometheus() {
    let Ok(root) = std::env::var("PROMPLAY_CONFORMANCE_DIR") else {
        return;
    };
    let mut kp = Vec::new();
    collect(&std::path::Path::new(&root).join("operator/kube-prometheus"), &mut kp);
    let intake = intake(&kp);
    let compiled = compile(&intake.inventory, &Options::default());
    if let Some(Ok(Some(text))) = compiled.prometheuses.first().map(|p| p.config.clone()) {
        std::fs::write("/tmp/oprom-kube-prometheus.yaml", text).unwrap();
    }
}
