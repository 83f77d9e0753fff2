//! Data-driven tests: every `tests/fixtures/*.txt` file holds cases of an
//! alert template, the alert's data, and the output or error Prometheus
//! produces for it (worked out from `text/template`, `fmt` and Prometheus'
//! `template.go`). One failing case fails the test with all mismatches
//! listed.
//!
//! A case is a block of `key: value` lines, separated by blank lines:
//!
//! ```text
//! # what the case shows
//! labels: instance=a:9100 job=node
//! value: 0.5
//! template: {{ $value | humanizePercentage }}
//! output: 50%
//! ```
//!
//! Keys: `alert` (default `Test`), `labels`, `external_labels` (space
//! separated `k=v`), `external_url`, `value`, `histogram` (its `String()`), `time` (ms), `query` (`EXPR
//! => k=v,k=v VALUE; ...` answers for the query backend), `template`,
//! `output`, `error` (the message Prometheus logs), `span` (`start..end`
//! into the template). A value `<<` starts a heredoc ending at a line `>>`.

use promplay_template::{AlertData, AlertValue, QueryBackend, QuerySample, expand_alert};
use std::collections::BTreeMap;

#[derive(Default)]
struct Backend {
    answers: BTreeMap<String, Result<Vec<QuerySample>, String>>,
}

impl QueryBackend for Backend {
    fn query(&self, expr: &str, _ts_ms: i64) -> Result<Vec<QuerySample>, String> {
        self.answers.get(expr).cloned().unwrap_or_else(|| Ok(Vec::new()))
    }
}

fn pairs(s: &str) -> BTreeMap<String, String> {
    s.split_whitespace()
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

fn parse_value(s: &str) -> f64 {
    match s {
        "NaN" => f64::NAN,
        "+Inf" | "Inf" => f64::INFINITY,
        "-Inf" => f64::NEG_INFINITY,
        s => s.parse().unwrap_or_else(|_| panic!("bad value {s}")),
    }
}

/// Reads the blocks of one fixture file into key → value maps.
fn blocks(text: &str) -> Vec<(usize, BTreeMap<String, String>)> {
    let mut out = Vec::new();
    let mut cur = BTreeMap::new();
    let mut start = 0;
    let mut lines = text.lines().enumerate();
    while let Some((n, line)) = lines.next() {
        if line.trim().is_empty() {
            if !cur.is_empty() {
                out.push((start, std::mem::take(&mut cur)));
            }
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        if cur.is_empty() {
            start = n + 1;
        }
        let (k, v) =
            line.split_once(':').unwrap_or_else(|| panic!("line {}: no key: {line}", n + 1));
        let v = v.strip_prefix(' ').unwrap_or(v);
        let value = if v == "<<" {
            let mut body = Vec::new();
            for (_, l) in lines.by_ref() {
                if l == ">>" {
                    break;
                }
                body.push(l);
            }
            body.join("\n")
        } else {
            v.to_owned()
        };
        if k == "query" {
            let e = cur.entry("query".to_owned()).or_insert_with(String::new);
            e.push_str(&value);
            e.push('\n');
        } else {
            cur.insert(k.to_owned(), value);
        }
    }
    if !cur.is_empty() {
        out.push((start, cur));
    }
    out
}

fn backend(spec: Option<&String>) -> Backend {
    let mut b = Backend::default();
    for line in spec.map(String::as_str).unwrap_or("").lines() {
        let (expr, answer) = line.split_once(" => ").expect("query: EXPR => answer");
        if let Some(err) = answer.strip_prefix("error ") {
            b.answers.insert(expr.to_owned(), Err(err.to_owned()));
            continue;
        }
        let samples = answer
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                let (labels, value) = s.rsplit_once(' ').unwrap_or(("", s));
                QuerySample {
                    labels: labels
                        .split(',')
                        .filter_map(|kv| kv.split_once('='))
                        .map(|(k, v)| (k.into(), v.into()))
                        .collect(),
                    value: AlertValue::Float(parse_value(value)),
                }
            })
            .collect();
        b.answers.insert(expr.to_owned(), Ok(samples));
    }
    b
}

#[test]
fn fixtures() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let mut failures = Vec::new();
    let mut count = 0;
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        for (line, case) in blocks(&text) {
            count += 1;
            let template =
                case.get("template").unwrap_or_else(|| panic!("{name}:{line}: no template"));
            let data = AlertData {
                labels: pairs(case.get("labels").map_or("", String::as_str)),
                external_labels: pairs(case.get("external_labels").map_or("", String::as_str)),
                external_url: case.get("external_url").cloned().unwrap_or_default(),
                value: match case.get("histogram") {
                    Some(text) => {
                        AlertValue::Histogram(promplay_template::Histogram { text: text.clone() })
                    }
                    None => AlertValue::Float(case.get("value").map_or(0.0, |v| parse_value(v))),
                },
            };
            let ts = case.get("time").map_or(0, |t| t.parse().unwrap());
            let alert = case.get("alert").map_or("Test", String::as_str);
            let got = expand_alert(alert, template, &data, &backend(case.get("query")), ts);
            let ok = match (&got, case.get("output"), case.get("error")) {
                (Ok(out), Some(want), None) => out == want,
                (Err(e), None, Some(want)) => {
                    let span_ok = case
                        .get("span")
                        .is_none_or(|s| *s == format!("{}..{}", e.span.start, e.span.end));
                    let in_bounds = e.span.end as usize <= template.len();
                    e.message == *want && span_ok && in_bounds
                }
                _ => false,
            };
            if !ok {
                failures.push(format!(
                    "{name}:{line}: {template}\n  got:  {got:?}\n  want: output={:?} error={:?}",
                    case.get("output"),
                    case.get("error")
                ));
            }
        }
    }
    assert!(count > 0, "no cases found");
    assert!(
        failures.is_empty(),
        "{} of {count} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
