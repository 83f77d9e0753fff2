//! Data-driven tests of the load notation: each case is an input line and
//! the expanded values (or the error) written compactly.

use super::*;

/// Renders expanded values compactly: `1 2 _ stale H(count=4)`.
fn render(values: &[SeqValue]) -> String {
    values
        .iter()
        .map(|v| match v {
            SeqValue::Omitted => "_".to_owned(),
            SeqValue::Float(f) if f.to_bits() == STALE_NAN_BITS => "stale".to_owned(),
            SeqValue::Float(f) => promplay_model::format_float(*f),
            SeqValue::Histogram { h, hint_set } => format!(
                "H(s={} c={} sum={} z={} b={:?} sp={:?}{})",
                h.schema,
                h.count,
                h.sum,
                h.zero_count,
                h.positive_buckets,
                h.positive_spans.iter().map(|s| (s.offset, s.length)).collect::<Vec<_>>(),
                if *hint_set { " hint" } else { "" }
            ),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn series_descriptions_expand() {
    let cases = [
        ("m 1 2 3", "{__name__=\"m\"}", "1 2 3"),
        ("m{a=\"b\"} 0+10x3", "m{a=\"b\"}", "0 10 20 30"),
        ("m 5-1x2 _ _x3 stale", "m", "5 4 3 _ _ _ _ stale"),
        ("m 1x2 -2.5 Inf -inf NaN", "m", "1 1 1 -2.5 +Inf -Inf NaN"),
        ("m 0x3", "m", "0 0 0 0"),
        ("m 1e3 1e-3+1e-3x1", "m", "1000 0.001 0.002"),
        ("{__name__=\"m\", b='x\\ty'} 1", "m{b=\"x\\ty\"}", "1"),
        ("{\"my.metric\", \"a.b\"=\"x\"} 1", "{__name__=\"my.metric\", \"a.b\"=\"x\"}", "1"),
        ("{} 3", "{}", "3"),
        ("m stalex1", "m", "stale stale"),
        (
            "m {{schema:1 count:4 sum:5 buckets:[1 2 1] offset:-1}}",
            "m",
            "H(s=1 c=4 sum=5 z=0 b=[1.0, 2.0, 1.0] sp=[(-1, 3)])",
        ),
        ("m {{}}x1", "m", "H(s=0 c=0 sum=0 z=0 b=[] sp=[]) H(s=0 c=0 sum=0 z=0 b=[] sp=[])"),
        (
            "m {{count:1 buckets:[1]}}+{{count:2 buckets:[0 2] counter_reset_hint:gauge}}x1",
            "m",
            "H(s=0 c=1 sum=0 z=0 b=[1.0] sp=[(0, 1)] hint) H(s=0 c=3 sum=0 z=0 b=[1.0, 2.0] sp=[(0, 2)] hint)",
        ),
    ];
    for (input, labels, values) in cases {
        let d = parse_series_description(input).unwrap_or_else(|e| panic!("{input}: {e:?}"));
        let want = parse_series_description(&format!("{labels} 0")).expect("labels parse").labels;
        assert_eq!(d.labels, want, "{input}");
        assert_eq!(render(&d.values), values, "{input}");
    }
}

#[test]
fn bad_lines_have_positioned_errors() {
    let cases = [
        ("m{a=\"b} 1", "PQL0902", 4),
        ("m 1 foo", "PQL0903", 4),
        ("m 1+1", "PQL0903", 5),
        ("m{a=~\"b\"} 1", "PQL0901", 4),
        ("m {{schema:1 bogus:2}}", "PQL0904", 13),
        ("m {{count:1", "PQL0904", 2),
        ("1 2", "PQL0901", 0),
    ];
    for (input, code, at) in cases {
        let e = parse_series_description(input).expect_err(input);
        assert_eq!(e.code, code, "{input}: {}", e.message);
        assert_eq!(e.primary_span().map(|s| s.start), Some(at), "{input}: {}", e.message);
    }
}

#[test]
fn load_text_with_headers_st_lines_and_nhcb() {
    let text = "load 1m\n  m 1 2 _ 4\n  # comment\n  c{t=\"x\"}@st _ -30s-1mx1\n  c{t=\"x\"} 1 2 3\nload_with_nhcb 1m\n  h_bucket{le=\"1\"} 1 2\n  h_bucket{le=\"+Inf\"} 3 4\n  h_sum 5 6\n  bad 1 x\n";
    let loaded = parse_load(text, 15_000);
    assert_eq!(loaded.diagnostics.len(), 1, "{:?}", loaded.diagnostics);
    let d = &loaded.diagnostics[0];
    assert_eq!(&text[d.primary_span().expect("span").range()], "x");
    let m = &loaded.series[0];
    assert_eq!(m.samples.iter().map(|s| s.t).collect::<Vec<_>>(), [0, 60_000, 180_000]);
    let c = &loaded.series[1];
    assert_eq!(
        c.samples.iter().map(|s| s.st).collect::<Vec<_>>(),
        [None, Some(30_000), Some(120_000 - 90_000)]
    );
    let h =
        loaded.series.iter().find(|s| s.labels.metric_name() == Some("h")).expect("nhcb series");
    let SampleValue::Histogram(first) = &h.samples[0].value else { panic!("histogram expected") };
    assert_eq!((first.schema, first.count, first.sum), (-53, 3.0, 5.0));
    assert_eq!(first.custom_values, [1.0]);
    assert_eq!(first.positive_buckets, [1.0, 2.0]);
}

#[test]
fn durations() {
    for (s, ms) in [
        ("0", Some(0)),
        ("1h30m", Some(5_400_000)),
        ("500ms", Some(500)),
        ("1m1h", None),
        ("", None),
        ("5x", None),
    ] {
        assert_eq!(parse_duration_ms(s), ms, "{s}");
    }
}

#[test]
fn total_expansion_is_capped() {
    // Lines of 40 positions under a cap of 100: two fit, the third and later do not.
    let text: String = (0..5).map(|i| format!("s{{i=\"{i}\"}} 0+1x39\n")).collect();
    let loaded = parse_load_capped(&text, 15_000, 100);
    let too_many: Vec<_> =
        loaded.diagnostics.iter().filter(|d| d.code == codes::TOO_MANY_SAMPLES).collect();
    assert_eq!(too_many.len(), 3, "{:?}", loaded.diagnostics);
    let span = too_many[0].primary_span().expect("a span");
    assert_eq!(&text[span.range()], "s{i=\"2\"} 0+1x39");
    assert_eq!(
        too_many[0].message,
        "this line would bring the series to more than 100 samples in all; it and later lines beyond the limit are not loaded"
    );
    assert_eq!(loaded.series.len(), 2);
    assert_eq!(thousands(20_000_000), "20,000,000");
}
