//! Inputs built to exhaust the engines (deep nesting, huge ranges, tiny steps,
//! regex blow-ups, enormous load expansions) end in a diagnostic that says
//! what went wrong and, where it is about the query text, where: never a
//! panic, a hang or an allocation the size of the input's ambition.

use promplay_pipeline::limits::{MAX_INPUT_BYTES, input_too_large};
use promplay_pipeline::query::{QueryData, QueryTime, run_query};

fn store() -> QueryData {
    let mut data = QueryData::new();
    let diagnostics =
        data.add_series("load 15s\n up{job=\"a\"} 1x100\n up{job=\"b\"} 0x100\n", 15_000);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    data
}

/// (query, time, expected message fragment, expected span text or "" for none).
const CASES: &[(&str, QueryTime, &str, &str)] = &[
    // Prometheus' 11,000 points per series.
    (
        "up",
        QueryTime::Range { start: 0, end: 86_400_000, step: 1 },
        "exceeded maximum resolution of 11,000 points per timeseries",
        "",
    ),
    // A subquery with a tiny step over a huge range hits the sample limit.
    ("max_over_time(up[100y:1ms])", QueryTime::Instant(1_000), "too many samples", ""),
    // A huge range selector is fine: it only reads the samples there are.
    ("count_over_time(up[100y])", QueryTime::Instant(1_000), "", ""),
    // Nested repetition compiles past the regex size limit: positioned at the matcher.
    (
        "up{job=~\"(a|b|c){1000}{1000}\"}",
        QueryTime::Instant(1_000),
        "is too large once compiled",
        "job=~\"(a|b|c){1000}{1000}\"",
    ),
    (
        "up{job=~\"((((a{100}){100}){100}){100})\"}",
        QueryTime::Instant(1_000),
        "is too large once compiled",
        "job=~\"((((a{100}){100}){100}){100})\"",
    ),
    // Go's RE2 caps a single repeat count at 1000.
    ("up{job=~\"a{1001}\"}", QueryTime::Instant(1_000), "invalid repeat count", "job=~\"a{1001}\""),
];

#[test]
fn engine_limits_end_in_diagnostics() {
    let data = store();
    for &(query, time, expected, span_text) in CASES {
        let outcome = run_query(&data, query, time);
        match outcome.error() {
            None => assert!(expected.is_empty(), "{query}: expected an error with {expected:?}"),
            Some((message, span)) => {
                assert!(
                    !expected.is_empty() && message.contains(expected),
                    "{query}: got {message:?}, expected {expected:?}"
                );
                if span_text.is_empty() {
                    continue;
                }
                let span = span.unwrap_or_else(|| panic!("{query}: {message:?} has no position"));
                assert_eq!(&query[span.range()], span_text, "{query}: {message}");
            }
        }
    }
}

#[test]
fn deep_nesting_is_a_positioned_parse_error() {
    let data = store();
    for (open, close) in [("(", ")"), ("-", ""), ("abs(", ")"), ("sum(", ")")] {
        let query = format!("{}up{}", open.repeat(50_000), close.repeat(50_000));
        let outcome = run_query(&data, &query, QueryTime::Instant(1_000));
        let (message, span) = outcome.error().expect("an error");
        assert!(message.contains("nested too deeply"), "{open}: {message}");
        assert!(span.is_some_and(|s| s.is_within(query.len())), "{open}: {span:?}");
    }
}

#[test]
fn huge_alternation_stays_bounded() {
    // 20,000 alternatives: compiles (or is refused) without hanging.
    let alternatives: Vec<String> = (0..20_000).map(|i| format!("x{i}")).collect();
    let query = format!("up{{job=~\"{}\"}}", alternatives.join("|"));
    let outcome = run_query(&store(), &query, QueryTime::Instant(1_000));
    if let Some((message, span)) = outcome.error() {
        assert!(message.contains("too large"), "{message}");
        assert!(span.is_some());
    }
}

#[test]
fn load_notation_repeat_is_capped_per_line() {
    // The total cap is tested in the engine (load/tests.rs) with a small cap.
    let mut data = QueryData::new();
    let text = "s 0+1x100000000\n";
    let diagnostics = data.add_series(text, 15_000);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert!(diagnostics[0].message.contains("repeat count 100000000 is too large"));
    assert_eq!(data.storage().series().count(), 0);
}

#[test]
fn input_size_limit_message() {
    assert!(input_too_large("the pasted text", MAX_INPUT_BYTES).is_none());
    let message = input_too_large("the pasted text", 200_000_000).expect("too large");
    assert!(message.starts_with("the pasted text is 200.0 MB; promplay reads at most 16.0 MB"));
}
