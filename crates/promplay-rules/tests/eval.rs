//! Data-driven checks of rule evaluation: each case is a rule file, series in
//! load notation (1m steps from 0), a range, and the expected alert bands and
//! written series, written the way `promplay rules eval` prints them.

use promplay_model::format_float;
use promplay_promql_engine::{SampleValue, Storage, load};
use promplay_rules::{
    EvalOptions, RuleFileOptions, evaluate_range, parse_manifests, parse_rule_file,
};

struct Case {
    name: &'static str,
    rules: &'static str,
    series: &'static str,
    end_min: i64,
    /// `alertname{labels}: state@start-end ...` (minutes), one line per alert.
    bands: &'static [&'static str],
    /// Series that must have been written, `name{labels}: v@min ...` (a prefix of the samples).
    written: &'static [&'static str],
    /// Substrings of rule error messages.
    errors: &'static [&'static str],
}

const CASES: &[Case] = &[
    Case {
        name: "for: pending, then firing, then resolved and dropped after 15m",
        rules: "groups:\n- name: g\n  rules:\n  - alert: Down\n    expr: up == 0\n    for: 2m\n",
        series: "up{job=\"a\"} 1 0 0 0 0 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1",
        end_min: 25,
        bands: &["Down{alertname=\"Down\", job=\"a\"}: pending@1-3 firing@3-5 inactive@5-21"],
        written: &[
            "ALERTS{alertname=\"Down\", alertstate=\"pending\", job=\"a\"}: 1@1 1@2 stale@3",
            "ALERTS{alertname=\"Down\", alertstate=\"firing\", job=\"a\"}: 1@3 1@4 stale@5",
            "ALERTS_FOR_STATE{alertname=\"Down\", job=\"a\"}: 60@1 60@2 60@3 60@4 stale@5",
        ],
        errors: &[],
    },
    Case {
        name: "keep_firing_for holds a firing alert after its condition ends",
        rules: "groups:\n- name: g\n  rules:\n  - alert: Down\n    expr: up == 0\n    keep_firing_for: 3m\n",
        series: "up 0 0 1 1 1 1 1 1",
        end_min: 7,
        bands: &["Down{alertname=\"Down\"}: firing@0-5 inactive@5-7"],
        written: &[],
        errors: &[],
    },
    Case {
        name: "a flapping condition restarts pending",
        rules: "groups:\n- name: g\n  rules:\n  - alert: Flap\n    expr: up == 0\n    for: 2m\n",
        series: "up 0 0 1 0 0 0",
        end_min: 5,
        bands: &["Flap{alertname=\"Flap\"}: pending@0-2 pending@3-5 firing@5-5"],
        written: &[],
        errors: &[],
    },
    Case {
        name: "recording rules see the output of earlier rules in the same evaluation",
        rules: "groups:\n- name: g\n  rules:\n  - record: a\n    expr: vector(2)\n  - record: b\n    expr: a * 10\n",
        series: "",
        end_min: 1,
        bands: &[],
        written: &["a: 2@0 2@1", "b: 20@0 20@1"],
        errors: &[],
    },
    Case {
        name: "a group limit turns an evaluation into an error",
        rules: "groups:\n- name: g\n  limit: 1\n  rules:\n  - record: r\n    expr: up\n",
        series: "up{i=\"1\"} 1 1\nup{i=\"2\"} 1 1",
        end_min: 1,
        bands: &[],
        written: &[],
        errors: &["exceeded limit of 1 with 2 series"],
    },
    Case {
        name: "rule labels that collapse series are an error",
        rules: "groups:\n- name: g\n  rules:\n  - record: r\n    expr: up\n    labels:\n      i: same\n",
        series: "up{i=\"1\"} 1\nup{i=\"2\"} 1",
        end_min: 0,
        bands: &[],
        written: &[],
        errors: &["same labelset after applying rule labels"],
    },
    Case {
        name: "query_offset evaluates and writes in the past",
        rules: "groups:\n- name: g\n  query_offset: 1m\n  rules:\n  - record: r\n    expr: up\n",
        series: "up 1 2 3 4",
        end_min: 3,
        bands: &[],
        written: &["r{}: 1@0 2@1 3@2"],
        errors: &[],
    },
    Case {
        name: "label and annotation templates are expanded per alert",
        rules: "groups:\n- name: g\n  rules:\n  - alert: Hot\n    expr: temp > 30\n    labels:\n      level: '{{ if gt $value 40.0 }}high{{ else }}warm{{ end }}'\n    annotations:\n      text: '{{ $labels.room }} is {{ $value }}°'\n",
        series: "temp{room=\"lab\"} 35 45",
        end_min: 1,
        bands: &[
            "Hot{alertname=\"Hot\", level=\"high\", room=\"lab\"}: firing@1-1",
            "Hot{alertname=\"Hot\", level=\"warm\", room=\"lab\"}: firing@0-1 inactive@1-1",
        ],
        written: &[],
        errors: &[],
    },
];

#[test]
fn evaluation_cases() {
    let mut failures = Vec::new();
    for case in CASES {
        let parsed = parse_rule_file(case.rules, &RuleFileOptions::default());
        assert!(parsed.diagnostics.is_empty(), "{}: {:?}", case.name, parsed.diagnostics);
        let mut storage = Storage::new();
        let diags = load::load(&mut storage, case.series, 60_000);
        assert!(diags.is_empty(), "{}: {diags:?}", case.name);
        let eval = evaluate_range(
            &[parsed.file],
            &mut storage,
            0,
            case.end_min * 60_000,
            &EvalOptions::default(),
            &[case.rules],
        );
        let bands: Vec<String> = eval
            .alerts
            .iter()
            .map(|a| {
                let b: Vec<String> = a
                    .bands
                    .iter()
                    .map(|b| {
                        format!("{}@{}-{}", b.state.as_str(), b.start / 60_000, b.end / 60_000)
                    })
                    .collect();
                format!("{}{}: {}", a.alertname, a.labels, b.join(" "))
            })
            .collect();
        if bands != case.bands {
            failures
                .push(format!("{}: bands\n  got  {bands:?}\n  want {:?}", case.name, case.bands));
        }
        for want in case.written {
            let (series, values) = want.split_once(": ").unwrap();
            let found = eval.produced.iter().find(|p| {
                let text = p.labels.to_string();
                text == series || (series.ends_with("{}") && text == series.trim_end_matches("{}"))
            });
            let got = found.map(|p| {
                p.samples
                    .iter()
                    .map(|(t, v)| match v {
                        SampleValue::Float(f) if promplay_model::is_stale_nan(*f) => {
                            format!("stale@{}", t / 60_000)
                        }
                        SampleValue::Float(f) => format!("{}@{}", format_float(*f), t / 60_000),
                        SampleValue::Histogram(_) => "h".into(),
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            });
            if !got.as_deref().is_some_and(|g| g.starts_with(values)) {
                failures.push(format!("{}: {series}\n  got  {got:?}\n  want {values}", case.name));
            }
        }
        let errors: Vec<&str> =
            eval.rules.iter().flat_map(|r| r.errors.iter().map(|e| e.message.as_str())).collect();
        for want in case.errors {
            if !errors.iter().any(|e| e.contains(want)) {
                failures.push(format!("{}: no error containing {want:?} in {errors:?}", case.name));
            }
        }
        if case.errors.is_empty() && !errors.is_empty() {
            failures.push(format!("{}: unexpected errors {errors:?}", case.name));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn prometheus_rule_manifests() {
    let text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n---\napiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: example\n  namespace: mon\nspec:\n  groups:\n  - name: ./example.rules\n    rules:\n    - alert: ExampleAlert\n      expr: vector(1)\n";
    let parsed = parse_manifests(text, &RuleFileOptions::default());
    assert!(!parsed.has_errors(), "{:?}", parsed.diagnostics);
    let g = &parsed.file.groups[0];
    assert_eq!(g.name, "./example.rules");
    assert_eq!(g.object.as_deref(), Some("mon/example"));
    assert_eq!(g.rules[0].name, "ExampleAlert");
    // The ConfigMap is reported as ignored, with a span into the text.
    let d = &parsed.diagnostics[0];
    assert_eq!(&text[d.primary_span().unwrap().range()], "ConfigMap");
}

#[test]
fn diagnostics_point_into_the_yaml_text() {
    let text = "groups:\n- name: g\n  rules:\n  - record: r\n    expr: |\n      sum(rate(x[5m])\n  - alert: A\n    expr: up\n    annotations:\n      s: '{{ .Foo '\n";
    let parsed = parse_rule_file(text, &RuleFileOptions::default());
    let spans: Vec<&str> =
        parsed.diagnostics.iter().map(|d| &text[d.primary_span().unwrap().range()]).collect();
    assert_eq!(parsed.diagnostics.len(), 2, "{:?}", parsed.diagnostics);
    assert!(parsed.diagnostics[0].message.contains("could not parse expression"));
    assert!(parsed.diagnostics[1].message.contains("annotation \"s\""));
    assert!(spans.iter().all(|s| s.len() <= 20), "{spans:?}");
}
