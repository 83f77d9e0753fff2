//! Data-driven tests against amtool's behaviour: each
//! `tests/fixtures/alertmanager/<case>.txt` holds a configuration and the
//! output amtool 0.33 gives for it (worked out from `cli/routing.go`,
//! `cli/test_routing.go`, `dispatch/route.go` and `inhibit/inhibit.go`).
//!
//! Sections start with a `=== ` header line:
//! - `=== config`: the alertmanager.yaml;
//! - `=== show`: `amtool config routes show`;
//! - `=== test [--tree] [--verify.receivers=R] [exit=N] KEY=VALUE...`: the
//!   stdout of `amtool config routes test` with those arguments;
//! - `=== inhibit SET ; SET ; ...`: one line per alert, `N muted by RULE
//!   source M` or `N not muted`;
//! - `=== diagnostics`: one line per diagnostic, `CODE LINE:COL message`.

use promplay_alertmanager::amtool::{routes_show, routes_test};
use promplay_alertmanager::{RouteTree, inhibit, load, parse_label_arg, parse_label_set};
use promplay_diagnostics::LineIndex;
use promplay_model::Labels;
use std::fmt::Write as _;
use std::path::PathBuf;

#[test]
fn fixtures_agree_with_amtool() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/alertmanager");
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixture folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    entries.sort();
    assert!(entries.len() >= 5, "expected the fixture cases in {}", dir.display());
    let mut failures = Vec::new();
    let mut checked = 0;
    for path in entries {
        let text = std::fs::read_to_string(&path).expect("fixture");
        let sections = sections(&text);
        let config = sections
            .iter()
            .find(|(h, _)| h == "config")
            .map(|(_, b)| b.clone())
            .unwrap_or_else(|| panic!("{}: no === config", path.display()));
        let loaded = load(&config);
        let tree = loaded.config.as_ref().map(RouteTree::new);
        for (header, want) in &sections {
            let got = match header.split_whitespace().next().unwrap_or("") {
                "config" => continue,
                "show" => tree.as_ref().map(routes_show).unwrap_or_default(),
                "test" => run_test(tree.as_ref().expect("tree"), header),
                "inhibit" => run_inhibit(&loaded, header),
                "diagnostics" => diagnostics(&config, &loaded),
                other => panic!("{}: unknown section {other}", path.display()),
            };
            checked += 1;
            if &got != want {
                failures
                    .push(format!("{} [{header}]\n--- want\n{want}--- got\n{got}", path.display()));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} sections differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn sections(text: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in text.split_inclusive('\n') {
        if let Some(h) = line.strip_prefix("=== ") {
            out.push((h.trim_end().to_owned(), String::new()));
        } else if let Some((_, body)) = out.last_mut() {
            body.push_str(line);
        }
    }
    out
}

fn run_test(tree: &RouteTree, header: &str) -> String {
    let (mut show_tree, mut verify, mut exit) = (false, None, 0);
    let mut labels = Labels::new();
    for arg in header.split_whitespace().skip(1) {
        if arg == "--tree" {
            show_tree = true;
        } else if let Some(v) = arg.strip_prefix("--verify.receivers=") {
            verify = Some(v);
        } else if let Some(n) = arg.strip_prefix("exit=") {
            exit = n.parse().expect("exit code");
        } else {
            let (k, v) = parse_label_arg(arg).expect("label argument");
            labels.set(k, v);
        }
    }
    let out = routes_test(tree, &labels, show_tree, verify);
    assert_eq!(out.exit_code, exit, "exit code of [{header}]");
    out.stdout
}

fn run_inhibit(loaded: &promplay_alertmanager::Loaded, header: &str) -> String {
    let sets: Vec<Labels> = header["inhibit".len()..]
        .split(';')
        .map(|s| parse_label_set(s.trim()).expect("label set"))
        .collect();
    let verdicts = inhibit(loaded.config.as_ref().expect("config"), &sets);
    let mut out = String::new();
    for (i, v) in verdicts.iter().enumerate() {
        match &v.muted_by {
            Some(m) => writeln!(
                out,
                "{} muted by inhibit_rules[{}] source {}",
                i + 1,
                m.rule,
                m.source + 1
            ),
            None => writeln!(out, "{} not muted", i + 1),
        }
        .expect("write");
    }
    out
}

fn diagnostics(text: &str, loaded: &promplay_alertmanager::Loaded) -> String {
    let index = LineIndex::new(text);
    let mut out = String::new();
    for d in &loaded.diagnostics {
        let at = d.primary_span().map(|s| index.line_col(text, s.start));
        let pos = at.map_or("-".to_owned(), |lc| format!("{}:{}", lc.line, lc.col));
        writeln!(out, "{} {pos} {}", d.code, d.message).expect("write");
    }
    out
}
