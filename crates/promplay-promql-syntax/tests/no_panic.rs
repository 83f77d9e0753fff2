//! Parsing never panics and every span it reports is a valid range into
//! its input: a sweep over every prefix of the fixture queries, single-byte
//! deletions, and insertions of characters that tend to confuse parsers.
//! Printing and formatting every accepted prefix must not panic either.

use promplay_promql_syntax::{ParseOptions, format, highlight, lex, parse_with};
use std::path::Path;

mod common;

/// Characters inserted at every position of every query.
const INSERTS: &[&str] =
    &["(", ")", "[", "]", "{", "}", "\"", "'", "`", ",", ":", "@", "-", " offset ", "\\", "é", "#"];

fn queries() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "promql") {
            let text = std::fs::read_to_string(path).unwrap();
            for case in text.split("\n\n") {
                let q: Vec<&str> = case
                    .lines()
                    .filter(|l| {
                        !l.starts_with('#')
                            && !l.starts_with("= ")
                            && !l.starts_with("! ")
                            && !l.starts_with("~ ")
                            && !l.starts_with("? ")
                    })
                    .collect();
                if !q.is_empty() {
                    out.push(q.join("\n"));
                }
            }
        }
    }
    out
}

fn check(input: &str, opts: &ParseOptions) {
    let parsed = parse_with(input, opts);
    for d in &parsed.diagnostics {
        for l in &d.labels {
            assert!(l.span.is_within(input.len()), "span {:?} outside {input:?}", l.span);
            assert!(
                input.is_char_boundary(l.span.start as usize)
                    && input.is_char_boundary(l.span.end as usize)
            );
        }
    }
    assert_eq!(
        parsed.expr.is_some(),
        !parsed.diagnostics.iter().any(|d| d.is_error()),
        "{input:?}"
    );
    if let Some(e) = parsed.expr {
        let _ = format(&e);
        let _ = e.to_string();
    }
    for t in lex(input) {
        assert!(t.span.is_within(input.len()));
    }
    for (span, _) in highlight(input) {
        assert!(span.is_within(input.len()) && input.is_char_boundary(span.start as usize));
    }
}

#[test]
fn prefixes_deletions_and_insertions_never_panic() {
    let stable = ParseOptions::default();
    let all = ParseOptions::all();
    let mut n = 0;
    for q in queries() {
        let cuts: Vec<usize> = (0..=q.len()).filter(|&i| q.is_char_boundary(i)).collect();
        for &i in &cuts {
            check(&q[..i], &all);
            check(&q[i..], &stable);
            n += 2;
        }
        for w in cuts.windows(2) {
            let deleted = format!("{}{}", &q[..w[0]], &q[w[1]..]);
            check(&deleted, &all);
            n += 1;
        }
        for &i in cuts.iter().step_by(3) {
            for ins in INSERTS {
                check(&format!("{}{ins}{}", &q[..i], &q[i..]), &all);
                n += 1;
            }
        }
    }
    assert!(n > 5_000, "only {n} inputs checked");
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let opts = ParseOptions::default();
    for (open, close) in [("(", ")"), ("-", ""), ("sum(", ")"), ("abs(", ")"), ("(", ")[1m:]")] {
        let deep = format!("{}1{}", open.repeat(100_000), close.repeat(100_000));
        let parsed = parse_with(&deep, &opts);
        assert!(
            parsed.diagnostics.iter().any(|d| d.code == "PQL0501"),
            "{open}: {:?}",
            parsed.diagnostics.first()
        );
    }
    let chain = vec!["x"; 100_000].join(" + ");
    let parsed = parse_with(&chain, &opts);
    assert_eq!(parsed.diagnostics[0].code, "PQL0501");
    let ok = format!("{}x{}", "(".repeat(100), ")".repeat(100));
    assert!(parse_with(&ok, &opts).expr.is_some());
}

#[test]
fn odd_inputs() {
    let all = ParseOptions::all();
    for s in [
        "",
        " ",
        "\n",
        "#",
        "\u{0}",
        "\u{feff}up",
        "up{",
        "up{a",
        "up{a=",
        "up{a=\"",
        "\"\\",
        "`",
        "0x",
        "1e",
        "1e+",
        ".",
        "..",
        "1..2",
        "[",
        "]",
        "x[",
        "x[5m",
        "x[5m:",
        "x[5m:1m",
        "x offset",
        "x @",
        "x @ start(",
        "sum by",
        "sum by (",
        "a + on(",
        "a + fill(",
        "a + fill(1",
        "rate(",
        "rate(x[5m]",
        "{",
        "}",
        ")",
        "@",
        "offset",
        "\u{2028}",
        "9".repeat(400).as_str(),
    ] {
        check(s, &all);
        check(s, &ParseOptions::default());
    }
}

/// Deterministic random queries assembled from PromQL fragments: the parser
/// must survive every combination, and whatever it accepts must print to
/// text that parses to the same tree.
#[test]
fn random_fragment_soup() {
    const FRAGMENTS: &[&str] = &[
        "x",
        "up",
        "sum",
        "rate",
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        ",",
        ":",
        "5m",
        "1",
        "-",
        "+",
        "*",
        "/",
        "^",
        "%",
        "==",
        "!=",
        ">",
        "<=",
        " bool ",
        " and ",
        " or ",
        " unless ",
        " atan2 ",
        " by ",
        " without ",
        " on ",
        " ignoring ",
        " group_left ",
        " group_right ",
        " offset ",
        " @ ",
        "start()",
        "end()",
        "step()",
        "fill(0)",
        " anchored ",
        " smoothed ",
        "\"a\"",
        "job",
        "=",
        "=~",
        "!~",
        "\".+\"",
        "topk",
        "count_values",
        "Inf",
        "NaN",
        "0x1f",
        "1e3",
        "#c\n",
        " ",
        "min_of",
        "histogram_quantile",
        "label_replace",
        "</",
        ">/",
        "`r`",
        "'s'",
    ];
    let opts = ParseOptions::all();
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut accepted = 0;
    for _ in 0..20_000 {
        let len = 1 + (next() % 12) as usize;
        let q: String =
            (0..len).map(|_| FRAGMENTS[(next() % FRAGMENTS.len() as u64) as usize]).collect();
        check(&q, &opts);
        if let Some(e) = parse_with(&q, &opts).expr {
            accepted += 1;
            let printed = e.to_string();
            let again = parse_with(&printed, &opts);
            let Some(e2) = again.expr else {
                panic!("{q:?} printed as {printed:?} does not parse: {:?}", again.diagnostics);
            };
            assert_eq!(common::strip(&e2), common::strip(&e), "{q:?} printed as {printed:?}");
        }
    }
    assert!(accepted > 100, "only {accepted} random queries parsed");
}

/// The deepest accepted nesting parses, prints and formats within 1 MiB of
/// stack (wasm's default) even in a debug build: the recursive parser
/// functions keep their frames small by moving everything else out of line.
#[test]
fn deepest_nesting_fits_a_small_stack() {
    let worker = std::thread::Builder::new().stack_size(1 << 20).spawn(|| {
        let max = ParseOptions::default().max_depth;
        for (open, close) in
            [("abs(", ")"), ("(", ")"), ("sum(", ")"), ("-", ""), ("topk(1, ", ")")]
        {
            let n = max - 3;
            let q = format!("{}x{}", open.repeat(n), close.repeat(n));
            let parsed = parse_with(&q, &ParseOptions::default());
            let e =
                parsed.expr.unwrap_or_else(|| panic!("{open}: {:?}", parsed.diagnostics.first()));
            assert!(format(&e).len() > q.len() / 2);
            assert!(!e.to_string().is_empty());
        }
    });
    worker.unwrap().join().unwrap();
}
