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

/// No panic when any field of any case object has an unexpected type or
/// value: every node is replaced in turn by a few alternatives and the
/// objects are compiled without the intake's schema checks.
#[test]
#[ignore = "needs the shared conformance corpus; slow"]
fn mutated_cases_never_panic() {
    use promplay_operator::compile::{Input, compile_objects};
    let Ok(root) = std::env::var("PROMPLAY_CONFORMANCE_DIR") else {
        return;
    };
    let dir = std::path::Path::new(&root).join("operator/cases");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    let alternatives = [
        Value::Null,
        Value::Int(-1),
        Value::String(String::new()),
        Value::String("v0.1/!".into()),
        Value::Seq(vec![Value::Null]),
        Value::Map(promplay_operator::value::Map::new()),
    ];
    let mut runs = 0;
    for name in names {
        let text = std::fs::read_to_string(dir.join(&name).join("input.yaml")).unwrap();
        let intake = intake(&[SourceFile { name: name.clone(), text }]);
        let objects: Vec<Value> =
            intake.inventory.objects.iter().map(|o| o.value.clone()).collect();
        let meta: Vec<(String, String, String)> = intake
            .inventory
            .objects
            .iter()
            .map(|o| (o.kind.clone(), o.namespace.clone(), o.name.clone()))
            .collect();
        for (i, obj) in objects.iter().enumerate() {
            if !matches!(
                meta[i].0.as_str(),
                "Prometheus"
                    | "ServiceMonitor"
                    | "PodMonitor"
                    | "Probe"
                    | "ScrapeConfig"
                    | "Alertmanager"
                    | "AlertmanagerConfig"
                    | "PrometheusRule"
                    | "Secret"
            ) {
                continue;
            }
            let mut paths = Vec::new();
            node_paths(
                obj.get("spec").unwrap_or(&Value::Null),
                &mut vec!["spec".to_string()],
                &mut paths,
            );
            for path in paths {
                for alt in &alternatives {
                    let mut mutated = objects.clone();
                    replace(&mut mutated[i], &path, alt.clone());
                    let inputs: Vec<Input<'_>> = mutated
                        .iter()
                        .zip(&meta)
                        .map(|(v, (k, ns, n))| Input { kind: k, namespace: ns, name: n, value: v })
                        .collect();
                    let options = Options { crd_defaults: runs % 2 == 0, ..Options::default() };
                    let _ = compile_objects(&inputs, &options);
                    runs += 1;
                }
            }
        }
    }
    println!("{runs} mutated compilations without a panic");
}

fn node_paths(v: &Value, cur: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    out.push(cur.clone());
    match v {
        Value::Map(m) => {
            for (k, child) in m.iter() {
                cur.push(k.to_string());
                node_paths(child, cur, out);
                cur.pop();
            }
        }
        Value::Seq(items) => {
            for (i, child) in items.iter().enumerate() {
                cur.push(format!("#{i}"));
                node_paths(child, cur, out);
                cur.pop();
            }
        }
        _ => {}
    }
}

fn replace(v: &mut Value, path: &[String], with: Value) {
    let Some((first, rest)) = path.split_first() else {
        *v = with;
        return;
    };
    let child = match (v, first.strip_prefix('#')) {
        (Value::Seq(items), Some(i)) => items.get_mut(i.parse::<usize>().unwrap()),
        (Value::Map(m), None) => m.get_mut(first),
        _ => None,
    };
    if let Some(c) = child {
        replace(c, rest, with);
    }
}

/// Compiles `$INPUT` with the options of `$CASE_JSON` and writes the first
/// Prometheus' config to `$OUTPUT` (for checking against upstream goldens).
#[test]
#[ignore = "ad-hoc tool"]
fn adhoc_compile() {
    let (Ok(input), Ok(case_json), Ok(output)) =
        (std::env::var("INPUT"), std::env::var("CASE_JSON"), std::env::var("OUTPUT"))
    else {
        return;
    };
    let case = parse_one(&std::fs::read_to_string(case_json).unwrap()).unwrap();
    let options = Options::from_case_json(&case).unwrap();
    let text = std::fs::read_to_string(input).unwrap();
    let intake = intake(&[SourceFile { name: "input.yaml".into(), text }]);
    for d in &intake.diagnostics {
        println!("intake: {d:?}");
    }
    let compiled = compile(&intake.inventory, &options);
    for d in &compiled.diagnostics {
        println!("    {:?} {} {}: {}", d.severity, d.code, d.path, d.message);
    }
    let text = match &compiled.prometheuses[0].config {
        Ok(Some(t)) => t.clone(),
        other => format!("{other:?}"),
    };
    std::fs::write(output, text).unwrap();
}
