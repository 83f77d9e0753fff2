//! Rule evaluation speed: 50 rules (25 recording, 25 alerting with `for`
//! and templated annotations) over 2,000 counter series, one hour at a 15s
//! evaluation interval (241 evaluations of each rule); and a promtool unit
//! test file in the style of the upstream ones.

use criterion::{Criterion, criterion_main};
use promplay_model::Labels;
use promplay_promql_engine::{SampleValue, Storage};
use promplay_rules::{EvalOptions, RuleFileOptions, evaluate_range, parse_rule_file};
use std::hint::black_box;

const SERIES: usize = 2000;
const STEP_MS: i64 = 15_000;
const HOUR_MS: i64 = 3_600_000;

fn storage() -> Storage {
    let mut s = Storage::new();
    for i in 0..SERIES {
        let labels = Labels::from_pairs([
            ("__name__", "http_requests_total".to_owned()),
            ("job", format!("job{}", i % 20)),
            ("instance", format!("host{i}:9100")),
            ("code", if i % 7 == 0 { "500".to_owned() } else { "200".to_owned() }),
        ]);
        let mut v = 0.0;
        let mut t = 0;
        while t <= HOUR_MS {
            v += (i % 5) as f64 + 1.0;
            s.add(labels.clone(), t, SampleValue::Float(v));
            t += STEP_MS;
        }
    }
    s
}

fn rules() -> String {
    let mut text = String::from("groups:\n- name: recording\n  interval: 15s\n  rules:\n");
    for i in 0..25 {
        text.push_str(&format!(
            "  - record: job:http_requests:rate{i}m\n    expr: sum by (job) (rate(http_requests_total[{}m]))\n",
            i % 5 + 1
        ));
    }
    text.push_str("- name: alerts\n  interval: 15s\n  rules:\n");
    for i in 0..25 {
        text.push_str(&format!(
            "  - alert: HighErrors{i}\n    expr: sum by (job, instance) (rate(http_requests_total{{code=\"500\"}}[1m])) > {}\n    for: 5m\n    labels:\n      severity: page\n    annotations:\n      summary: '{{{{ $labels.instance }}}} errors at {{{{ $value }}}}'\n",
            i % 5
        ));
    }
    text
}

fn bench(c: &mut Criterion) {
    let base = storage();
    let text = rules();
    let parsed = parse_rule_file(&text, &RuleFileOptions::default());
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    let mut group = c.benchmark_group("rules");
    group.sample_size(10);
    group.bench_function("parse_50_rules", |b| {
        b.iter(|| parse_rule_file(black_box(&text), &RuleFileOptions::default()));
    });
    group.bench_function("eval_50_rules_2000_series_1h_15s", |b| {
        b.iter(|| {
            let mut s = base.clone();
            let options = EvalOptions { default_interval_ms: STEP_MS, ..EvalOptions::default() };
            evaluate_range(
                std::slice::from_ref(&parsed.file),
                &mut s,
                0,
                HOUR_MS,
                &options,
                &[&text],
            )
        });
    });
    group.finish();
}

#[allow(missing_docs)]
mod harness {
    criterion::criterion_group!(benches, super::bench);
}
criterion_main!(harness::benches);
