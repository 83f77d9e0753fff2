//! Robustness of the ScrapeConfig generator: every node of the shared
//! `sc-*` ScrapeConfig objects replaced by a value of another type gives a
//! configuration or an error, never a panic.

use crate::compile::{Input, compile_objects};
use crate::options::Options;
use crate::value::{Map, Value};
use std::path::PathBuf;

fn leaves(v: &Value, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    out.push(prefix.clone());
    match v {
        Value::Map(m) => {
            for (k, x) in m.iter() {
                prefix.push(k.to_string());
                leaves(x, prefix, out);
                prefix.pop();
            }
        }
        Value::Seq(items) => {
            for (i, x) in items.iter().enumerate() {
                prefix.push(format!("#{i}"));
                leaves(x, prefix, out);
                prefix.pop();
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
    let next = match v {
        Value::Map(m) => m.get_mut(first),
        Value::Seq(items) => first
            .strip_prefix('#')
            .and_then(|i| i.parse::<usize>().ok())
            .and_then(|i| items.get_mut(i)),
        _ => None,
    };
    if let Some(x) = next {
        replace(x, rest, with);
    }
}

#[test]
fn wrong_types_never_panic() {
    let dir = std::env::var("PROMPLAY_CONFORMANCE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from("/work/shared/conformance"));
    let Ok(entries) = std::fs::read_dir(dir.join("operator/cases")) else { return };
    let replacements = [
        Value::Null,
        Value::Int(-1),
        Value::String("x:y".into()),
        Value::Seq(vec![Value::Null]),
        Value::Map(Map::new()),
    ];
    for e in entries.flatten() {
        if !e.file_name().to_string_lossy().starts_with("sc-") {
            continue;
        }
        let text = std::fs::read_to_string(e.path().join("input.yaml")).unwrap_or_default();
        let docs: Vec<Value> = crate::intake::yaml::parse_stream(&text)
            .0
            .into_iter()
            .filter(|d| !d.is_null())
            .collect();
        let Some(at) =
            docs.iter().position(|d| d.get("kind").and_then(Value::as_str) == Some("ScrapeConfig"))
        else {
            continue;
        };
        let mut paths = Vec::new();
        leaves(
            docs[at].get("spec").unwrap_or(&Value::Null),
            &mut vec!["spec".to_string()],
            &mut paths,
        );
        for path in &paths {
            for r in &replacements {
                let mut objs = docs.clone();
                replace(&mut objs[at], path, r.clone());
                let inputs: Vec<Input> = objs
                    .iter()
                    .map(|d| Input {
                        kind: d.get("kind").and_then(Value::as_str).unwrap_or(""),
                        namespace: d
                            .path(&["metadata", "namespace"])
                            .and_then(Value::as_str)
                            .unwrap_or(""),
                        name: d.path(&["metadata", "name"]).and_then(Value::as_str).unwrap_or(""),
                        value: d,
                    })
                    .collect();
                let _ = compile_objects(&inputs, &Options::default());
            }
        }
    }
}
