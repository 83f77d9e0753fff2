//! Data-driven tests of the go-yaml v2 emitter: scalar quoting, folding,
//! block scalars and layout, each case checked against what go-yaml v2's
//! `yaml.Marshal` prints for the same Go value.

use super::resolve::resolves_to_str;
use super::*;

fn s(v: &str) -> Value {
    Value::String(v.to_owned())
}

fn map(entries: Vec<(&str, Value)>) -> Value {
    Value::Map(entries.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
}

/// `(string value, how it is written after "k: ")`.
const SCALARS: &[(&str, &str)] = &[
    ("plain", "plain"),
    ("", "\"\""),
    ("true", "\"true\""),
    ("True", "\"True\""),
    ("yes", "\"yes\""),
    ("on", "\"on\""),
    ("off", "\"off\""),
    ("y", "\"y\""),
    ("n", "\"n\""),
    ("null", "\"null\""),
    ("~", "\"~\""),
    ("<<", "\"<<\""),
    ("123", "\"123\""),
    ("-1", "\"-1\""),
    ("+1", "\"+1\""),
    ("0x1F", "\"0x1F\""),
    ("0o17", "\"0o17\""),
    ("0755", "\"0755\""),
    ("09", "\"09\""),
    ("1_000", "\"1_000\""),
    ("1.5", "\"1.5\""),
    (".5", "\".5\""),
    ("1e3", "\"1e3\""),
    ("1e400", "1e400"),
    (".inf", "\".inf\""),
    ("-.inf", "\"-.inf\""),
    (".nan", "\".nan\""),
    ("2001-12-14", "\"2001-12-14\""),
    ("2001-12-14T21:59:43.10Z", "\"2001-12-14T21:59:43.10Z\""),
    ("2001-13-14", "2001-13-14"),
    ("1:20", "\"1:20\""),
    ("10:30:15", "\"10:30:15\""),
    ("1:70", "1:70"),
    ("30s", "30s"),
    ("1m", "1m"),
    ("v2.45.0", "v2.45.0"),
    ("0.0.0.0:9090", "0.0.0.0:9090"),
    ("-", "'-'"),
    ("-x", "-x"),
    ("- x", "'- x'"),
    ("$1", "$1"),
    ("(.+)", "(.+)"),
    ("(.*)", "(.*)"),
    ("*", "'*'"),
    (".*", ".*"),
    ("&a", "'&a'"),
    ("!x", "'!x'"),
    ("%x", "'%x'"),
    ("@x", "'@x'"),
    ("`x", "'`x'"),
    ("|x", "'|x'"),
    (">x", "'>x'"),
    ("#x", "'#x'"),
    ("a #b", "'a #b'"),
    ("a#b", "a#b"),
    ("a: b", "'a: b'"),
    ("a:b", "a:b"),
    ("a:", "'a:'"),
    (":a", ":a"),
    ("?a", "?a"),
    ("? a", "'? a'"),
    ("[a]", "'[a]'"),
    ("a[0]", "a[0]"),
    ("{a}", "'{a}'"),
    ("a,b", "a,b"),
    (",a", "',a'"),
    ("'q'", "'''q'''"),
    ("it's", "it's"),
    ("\"q\"", "'\"q\"'"),
    (" lead", "' lead'"),
    ("trail ", "'trail '"),
    ("---", "'---'"),
    ("...x", "'...x'"),
    ("tab\there", "\"tab\\there\""),
    ("bell\u{7}", "\"bell\\a\""),
    ("caf\u{e9}", "caf\u{e9}"),
    ("smile \u{1F600}", "\"smile \\U0001F600\""),
    ("nbsp\u{a0}x", "nbsp\u{a0}x"),
    ("cr\rx", "\"cr\\rx\""),
];

#[test]
fn scalars_are_quoted_like_go_yaml_v2() {
    for (input, want) in SCALARS {
        let got = to_yaml(&map(vec![("k", s(input))]));
        assert_eq!(got, format!("k: {want}\n"), "for {input:?}");
    }
}

#[test]
fn keys_are_quoted_with_the_same_rules() {
    let cases: &[(&str, &str)] = &[
        ("job", "job"),
        ("true", "\"true\""),
        ("a: b", "'a: b'"),
        ("", "\"\""),
        ("__meta_kubernetes_pod_label_app", "__meta_kubernetes_pod_label_app"),
    ];
    for (key, want) in cases {
        let got = to_yaml(&map(vec![(key, Value::Int(1))]));
        assert_eq!(got, format!("{want}: 1\n"), "for {key:?}");
    }
}

#[test]
fn numbers_bools_and_null() {
    let v = map(vec![
        ("i", Value::Int(-42)),
        ("f", Value::Float(0.5)),
        ("g", Value::Float(1e21)),
        ("w", Value::Float(3.0)),
        ("inf", Value::Float(f64::INFINITY)),
        ("nan", Value::Float(f64::NAN)),
        ("b", Value::Bool(false)),
        ("n", Value::Null),
    ]);
    assert_eq!(
        to_yaml(&v),
        "i: -42\nf: 0.5\ng: 1e+21\nw: 3\ninf: .inf\nnan: .nan\nb: false\n\"n\": null\n"
    );
}

#[test]
fn layout_of_nested_collections() {
    let v = map(vec![
        ("global", map(vec![("scrape_interval", s("30s")), ("external_labels", map(vec![]))])),
        (
            "scrape_configs",
            Value::Seq(vec![
                map(vec![
                    ("job_name", s("a")),
                    (
                        "static_configs",
                        Value::Seq(vec![map(vec![("targets", Value::Seq(vec![s("x:1")]))])]),
                    ),
                ]),
                map(vec![("job_name", s("b")), ("rule_files", Value::Seq(vec![]))]),
            ]),
        ),
        ("nested", Value::Seq(vec![Value::Seq(vec![s("a"), s("b")]), Value::Seq(vec![])])),
    ]);
    let want = "\
global:
  scrape_interval: 30s
  external_labels: {}
scrape_configs:
- job_name: a
  static_configs:
  - targets:
    - x:1
- job_name: b
  rule_files: []
nested:
- - a
  - b
- []
";
    assert_eq!(to_yaml(&v), want);
}

#[test]
fn empty_root_collections() {
    assert_eq!(to_yaml(&map(vec![])), "{}\n");
    assert_eq!(to_yaml(&Value::Seq(vec![])), "[]\n");
    assert_eq!(to_yaml(&s("x")), "x\n");
}

#[test]
fn multi_line_strings_are_literal_blocks() {
    let cases: &[(&str, &str)] = &[
        ("a\nb", "k: |-\n  a\n  b\n"),
        ("a\nb\n", "k: |\n  a\n  b\n"),
        ("a\nb\n\n", "k: |+\n  a\n  b\n\n"),
        ("\n", "k: |2+\n\n"),
        (" a\nb", "k: |2-\n   a\n  b\n"),
        ("a \nb", "k: \"a \\nb\"\n"),
        ("a\n b", "k: |-\n  a\n   b\n"),
        ("a\n\nb", "k: |-\n  a\n\n  b\n"),
        ("trailing \n", "k: \"trailing \\n\"\n"),
    ];
    for (input, want) in cases {
        assert_eq!(to_yaml(&map(vec![("k", s(input))])), *want, "for {input:?}");
    }
    // Inside a sequence the block is indented under the dash.
    let v = map(vec![("l", Value::Seq(vec![s("x\ny")]))]);
    assert_eq!(to_yaml(&v), "l:\n- |-\n  x\n  y\n");
    let v = map(vec![("m", map(vec![("k", s("x\ny\n"))]))]);
    assert_eq!(to_yaml(&v), "m:\n  k: |\n    x\n    y\n");
}

#[test]
fn long_plain_scalars_fold_after_column_80() {
    let long = "word ".repeat(30);
    let long = long.trim_end();
    let got = to_yaml(&map(vec![("description", s(long))]));
    let mut want = String::from("description:");
    // The break happens at the first space once the column exceeds 80.
    let mut column = "description:".len();
    for (i, w) in long.split(' ').enumerate() {
        if i > 0 && column > 80 {
            want.push_str("\n  ");
            column = 2;
        } else {
            want.push(' ');
            column += 1;
        }
        want.push_str(w);
        column += w.len();
    }
    want.push('\n');
    assert_eq!(got, want);
    for line in got.lines() {
        assert!(line.len() <= 85, "{line}");
    }
}

#[test]
fn long_quoted_scalars_fold_too() {
    let text = format!("{} a: b", "x ".repeat(45));
    let got = to_yaml(&map(vec![("k", s(&text))]));
    assert!(got.starts_with("k: 'x x"), "{got}");
    assert!(got.contains("\n  x"), "{got}");
    let text = format!("{}  \t", "y ".repeat(45));
    let got = to_yaml(&map(vec![("k", s(&text))]));
    assert!(got.starts_with("k: \"y y"), "{got}");
    assert!(got.ends_with(" \\t\"\n"), "{got}");
    // Keys never fold.
    let key = "z ".repeat(50);
    let got = to_yaml(&map(vec![(key.trim_end(), Value::Int(1))]));
    assert_eq!(got.lines().count(), 1);
}

#[test]
fn long_keys_use_the_complex_key_form() {
    let key = "k".repeat(129);
    let got = to_yaml(&map(vec![(&key, Value::Int(1))]));
    assert_eq!(got, format!("? {key}\n: 1\n"));
}

#[test]
fn resolver_edge_cases() {
    for plain in ["0b", "0x", "+", "-", "1.2.3", "1e", "e1", "2001-1-1x", "0xZZ", "yes!", "Nope"] {
        assert!(resolves_to_str(plain), "{plain} should stay a string");
    }
    for typed in [
        "0b101",
        "-0b101",
        "0x_1F",
        "1__0",
        "+.5",
        "2001-1-1",
        "2001-1-1 1:2:3",
        "9223372036854775808",
    ] {
        assert!(!resolves_to_str(typed), "{typed} should resolve to a non-string");
    }
}

#[test]
fn flow_keys_write_flow_sequences() {
    let v = map(vec![(
        "time_intervals",
        Value::Seq(vec![map(vec![
            ("times", Value::Seq(vec![map(vec![("start_time", s("09:00"))])])),
            ("weekdays", Value::Seq(vec![s("saturday"), s("sunday")])),
            ("months", Value::Seq(vec![s("a:b")])),
        ])]),
    )]);
    let want = "time_intervals:\n- times:\n  - start_time: \"09:00\"\n  weekdays: [saturday, sunday]\n  months: ['a:b']\n";
    assert_eq!(to_yaml_with_flow_keys(&v, &["weekdays", "months"]), want);
}

#[test]
fn the_fast_path_agrees_with_the_full_analysis() {
    let samples = [
        "a",
        "job",
        "up == 0",
        "sum by (job) (rate(x_total[5m])) > 0.5",
        "https://example.com/x?y=1",
        "a-b_c.d/e=f+g(h)",
        "it's \"quoted\"",
        "100%",
        "x @ y",
        "a - b",
        "a  b",
        "~tilde",
        "=eq",
    ];
    for s in samples {
        if is_unremarkable(s) {
            assert_eq!(analyze(s), analyze_chars(s), "{s:?}");
        }
    }
    assert!(is_unremarkable("up == 0"));
    for s in ["- a", "---x", "...", " a", "a ", "a: b", "a #b", "[x]", "a\nb", "a\tb", "*x", ""] {
        assert!(!is_unremarkable(s), "{s:?}");
    }
}
