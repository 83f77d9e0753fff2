//! Robustness: every template derived from the fixtures by deleting,
//! duplicating or inserting one character must expand to an output or an
//! error — never a panic — with an error span that is a valid range into
//! the template; deep nesting and runaway loops must stop within a 1 MiB
//! stack (wasm's default) even in a debug build.

use promplay_template::{
    AlertData, AlertValue, Limits, NoQueries, QueryBackend, QuerySample, expand_alert_with,
};
use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// A backend that answers every query with two samples.
struct Two;

impl QueryBackend for Two {
    fn query(&self, _expr: &str, _ts: i64) -> Result<Vec<QuerySample>, String> {
        let s = |i: &str, v: f64| QuerySample {
            labels: BTreeMap::from([("instance".to_owned(), i.to_owned())]),
            value: AlertValue::Float(v),
        };
        Ok(vec![s("a", 1.0), s("b", f64::NAN)])
    }
}

fn seeds() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        out.extend(
            text.lines()
                .filter_map(|l| l.strip_prefix("template: "))
                .filter(|t| *t != "<<")
                .map(str::to_owned),
        );
    }
    out
}

const INSERTS: &[&str] = &[
    "{{", "}}", "(", ")", "|", "$", ".", "\"", "`", "'", "-", " ", "\n", "é", "end", "else", ":=",
    "=", ",", "0x", "1e9", "%",
];

fn check(template: &str) {
    let data = AlertData {
        labels: BTreeMap::from([
            ("instance".to_owned(), "a:1".to_owned()),
            ("job".to_owned(), "x".to_owned()),
        ]),
        value: AlertValue::Float(1.5),
        ..AlertData::default()
    };
    let limits = Limits { max_depth: 50, max_output: 1 << 16, max_steps: 20_000 };
    for backend in [&NoQueries as &dyn QueryBackend, &Two] {
        let r = catch_unwind(AssertUnwindSafe(|| {
            expand_alert_with("T", template, &data, backend, 0, limits)
        }));
        match r {
            Err(_) => panic!("panic on template {template:?}"),
            Ok(Err(e)) => {
                let (s, e2) = (e.span.start as usize, e.span.end as usize);
                assert!(s <= e2 && e2 <= template.len(), "span {s}..{e2} out of {template:?}");
                assert!(
                    template.is_char_boundary(s) && template.is_char_boundary(e2),
                    "span {s}..{e2} splits a char in {template:?}"
                );
            }
            Ok(Ok(_)) => {}
        }
    }
}

#[test]
fn mutated_templates_never_panic() {
    let seeds = seeds();
    assert!(seeds.len() > 100);
    let mut n = 0;
    for seed in &seeds {
        let bounds: Vec<usize> = (0..=seed.len()).filter(|&i| seed.is_char_boundary(i)).collect();
        for w in bounds.windows(2) {
            let (i, j) = (w[0], w[1]);
            check(&format!("{}{}", &seed[..i], &seed[j..]));
            check(&format!("{}{}", &seed[..j], &seed[i..]));
            n += 2;
        }
        for &i in bounds.iter().step_by(3) {
            for ins in INSERTS {
                check(&format!("{}{ins}{}", &seed[..i], &seed[i..]));
                n += 1;
            }
        }
    }
    assert!(n > 10_000, "only {n} mutations");
}

#[test]
fn deep_nesting_and_loops_stop() {
    let run = || {
        let deep_parens = format!("{{{{ {}1{} }}}}", "(".repeat(5000), ")".repeat(5000));
        let deep_ifs = format!("{}x{}", "{{ if 1 }}".repeat(5000), "{{ end }}".repeat(5000));
        let deep_ranges = format!("{}x{}", "{{ range 2 }}".repeat(3000), "{{ end }}".repeat(3000));
        let recursion =
            "{{ define \"r\" }}{{ template \"r\" . }}{{ end }}{{ template \"r\" . }}".to_owned();
        let big_output = "{{ range 100000 }}0123456789abcdef0123456789abcdef{{ end }}".to_owned();
        let long_loop = "{{ range 1000000000 }}{{ end }}".to_owned();
        for t in [deep_parens, deep_ifs, deep_ranges, recursion, big_output, long_loop] {
            let r = promplay_template::expand_alert("T", &t, &AlertData::default(), &NoQueries, 0);
            assert!(r.is_err(), "{} expanded", &t[..40]);
        }
    };
    std::thread::Builder::new().stack_size(1 << 20).spawn(run).unwrap().join().unwrap();
}
