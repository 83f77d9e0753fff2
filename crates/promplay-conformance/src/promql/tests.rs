//! The runner's reading of the script language, checked on a small script
//! whose evals are meant to pass or fail for a known reason.

use super::*;

const SCRIPT: &str = r#"
load 1m
  m{a="1"} 1 2 3
  m{a="2"} 5 _ 7

eval instant at 2m m
  m{a="1"} 3
  m{a="2"} 7

eval instant at 2m m
  m{a="1"} 4
  m{a="2"} 7

eval instant at 2m m
  m{a="1"} 3

eval range from 0 to 2m step 1m m
  m{a="1"} 1 2 3
  m{a="2"} 5 5 7

eval range from 0 to 2m step 1m m
  m{a="1"} 1 2 3
  m{a="2"} 5 _ 7

eval instant at 2m sum(m)
  10

eval instant at 2m scalar(sum(m))
  10

eval instant at 2m nonexistent

eval instant at 2m m
# A comment ends the block, so this eval expects an empty result.

eval instant at 1m m{a="1"} / on() m
  expect fail regex: duplicate series

eval instant at 1m m{a="1"} / on() m
  expect fail msg: not the message

eval_fail instant at 1m m{a="1"} / on() m

eval instant at 1m m
  expect ordered
  m{a="2"} 5
  m{a="1"} 2

eval instant at 1m sort_desc(m)
  expect ordered
  m{a="2"} 5
  m{a="1"} 2

eval instant at 2m "x"
  expect string "x"

eval instant at 2m m[2m]
  expect range vector from 1m to 2m step 1m
  m{a="1"} 2 3
  m{a="2"} _ 7

clear

eval instant at 2m m
"#;

#[test]
fn evals_pass_and_fail_for_the_right_reasons() {
    let mut cases = Vec::new();
    let mut float_only = BTreeSet::new();
    run_file("t.test", SCRIPT, &[], &mut cases, &mut float_only);
    let got: Vec<(String, bool)> =
        cases.iter().map(|c| (c.id.clone(), c.outcome == Outcome::Pass)).collect();
    let want = [
        (6, true),   // Both series as expected.
        (10, false), // A wrong value.
        (14, false), // A series missing from the expectation.
        (17, true),  // Range: the lookback fills the gap.
        (21, false), // Range: `_` where a point is returned.
        (25, false), // A scalar expected, a vector returned.
        (28, true),  // A scalar.
        (31, true),  // Empty result.
        (33, false), // The comment ended the block; the result is not empty.
        (36, true),  // The error matches the regex.
        (39, false), // The error does not match the message.
        (42, true),  // Deprecated `eval_fail`.
        (44, false), // Label order is not the expected order.
        (49, true),  // sort_desc gives the expected order.
        (54, true),  // A string.
        (57, true),  // A range vector from an instant query.
        (64, true),  // After `clear`, nothing is left.
    ];
    let want: Vec<(String, bool)> = want.iter().map(|(l, p)| (format!("t.test:{l}"), *p)).collect();
    for (g, w) in got.iter().zip(&want) {
        let detail = cases.iter().find(|c| c.id == g.0).map(|c| c.detail.as_str()).unwrap_or("");
        assert_eq!(g, w, "{detail}");
    }
    assert_eq!(got.len(), want.len());
    assert_eq!(float_only.len(), want.len());
}

#[test]
fn numbers_as_go_reads_them() {
    for (s, v) in
        [("2", 2.0), ("-0.2", -0.2), ("0x10", 16.0), ("+Inf", f64::INFINITY), ("010", 8.0)]
    {
        assert_eq!(script::parse_go_number(s), Some(v), "{s}");
    }
    assert!(script::parse_go_number("NaN").is_some_and(f64::is_nan));
    assert_eq!(script::parse_go_number("{} 1"), None);
}
