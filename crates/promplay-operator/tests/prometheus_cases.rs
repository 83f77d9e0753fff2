//! A development loop over the shared prometheus-config cases (the real
//! conformance runner lives in promplay-conformance): compiles each case's
//! input.yaml with its case.json options and compares the generated
//! prometheus.yaml with expected.yaml. Run with
//! `PROMPLAY_CONFORMANCE_DIR=/work/shared/conformance cargo test -p promplay-operator --test prometheus_cases -- --ignored --nocapture`.

#![allow(clippy::print_stdout)]

use promplay_operator::compile::{Input, compile_objects};
use promplay_operator::intake::yaml::{parse_one, parse_stream};
use promplay_operator::options::Options;
use promplay_operator::value::Value;

fn meta<'a>(v: &'a Value, key: &str) -> &'a str {
    v.path(&["metadata", key]).and_then(Value::as_str).unwrap_or("")
}

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
        if case.get("target").and_then(Value::as_str) != Some("prometheus-config") {
            continue;
        }
        total += 1;
        let options = Options::from_case_json(&case).unwrap();
        let (docs, err) =
            parse_stream(&std::fs::read_to_string(case_dir.join("input.yaml")).unwrap());
        assert!(err.is_none(), "{name}: {err:?}");
        let docs: Vec<Value> = docs.into_iter().filter(|d| !d.is_null()).collect();
        let inputs: Vec<Input<'_>> = docs
            .iter()
            .map(|d| {
                let kind = d.get("kind").and_then(Value::as_str).unwrap_or("");
                let ns = meta(d, "namespace");
                let ns = if ns.is_empty() && kind != "Namespace" { "default" } else { ns };
                Input { kind, namespace: ns, name: meta(d, "name"), value: d }
            })
            .collect();
        let compiled = compile_objects(&inputs, &options);
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
