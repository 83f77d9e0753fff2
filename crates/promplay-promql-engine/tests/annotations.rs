//! Annotation texts and positions against `tests/fixtures/annotations.txt`:
//! every kind of warning and info the engine emits, each checked as the HTTP
//! API would list it (upstream `util/annotations` wording, `line:col` of the
//! sub-expression upstream points at, at most ten of each kind).

use promplay_promql_engine::{
    Annotation, EngineOptions, Storage, api_texts, instant_query, load::load,
};
use promplay_promql_syntax::{ParseOptions, parse_with};

#[test]
fn annotations_match_prometheus_wording_and_positions() {
    let text = include_str!("fixtures/annotations.txt");
    let (data, cases) = text.split_once("\nat ").expect("a data block, then cases");
    let mut storage = Storage::new();
    let problems = load(&mut storage, data, 60_000);
    assert!(problems.is_empty(), "{problems:?}");
    let mut failures = Vec::new();
    let mut count = 0;
    for case in format!("at {cases}").split("\nat ").filter(|c| !c.trim().is_empty()) {
        let case = case.trim_start_matches("at ");
        let mut lines = case.lines();
        let head = lines.next().unwrap();
        let (at, query) = head.split_once(": ").expect("`at <duration>: <query>`");
        let t = promplay_promql_engine::load::parse_duration_ms(at).expect(at);
        let expected: Vec<&str> = lines
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#') && *l != "(none)")
            .collect();
        let expr = parse_with(query, &ParseOptions::all()).expr.expect(query);
        let result = instant_query(&storage, &expr, t, &EngineOptions::default());
        assert!(result.value.is_ok(), "{query}: {:?}", result.value);
        let (warnings, infos) = api_texts(&result.annotations, query);
        let actual: Vec<String> = warnings.into_iter().chain(infos).collect();
        if actual != expected {
            failures.push(format!("{query}\n  expected {expected:#?}\n  actual   {actual:#?}"));
        }
        count += 1;
    }
    assert!(count >= 15, "only {count} cases read");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn positions_count_bytes_and_lines_like_start_pos_input() {
    let span = |start| promplay_diagnostics::Span { start, end: start + 1 };
    let a = Annotation::info(span(8), "x");
    assert_eq!(a.api_text("# é\nrate(memory_bytes[5m])"), "PromQL info: x (2:4)");
    // Column in bytes: `é` is two bytes, as upstream counts.
    assert_eq!(a.api_text("\"é\" ab rate"), "PromQL info: x (1:9)");
    assert_eq!(a.api_text(""), "PromQL info: x (unknown position)");
    assert_eq!(a.api_text("up"), "PromQL info: x (invalid position)");
}

#[test]
fn the_api_lists_ten_of_each_kind_and_counts_the_rest() {
    let span = promplay_diagnostics::Span { start: 0, end: 1 };
    let many: Vec<Annotation> = (0..12)
        .map(|i| Annotation::warning(span, format!("w{i}")))
        .chain([Annotation::info(span, "i")])
        .collect();
    let (warnings, infos) = api_texts(&many, "up");
    assert_eq!(warnings.len(), 11);
    assert_eq!(warnings[10], "2 more warning annotations omitted");
    assert_eq!(infos, ["PromQL info: i (1:1)"]);
}
