//! The promtool rule unit-test suite: each row of `expectations.tsv` is one
//! `promtool test rules <file>` call upstream makes (with `--run` values and
//! engine switches); the case passes when our runner reaches the same
//! verdict. The runner's own output (promtool's text) is kept in the detail
//! of every case, so a failing file can be checked to fail for the reason
//! upstream intends.

use std::collections::BTreeMap;
use std::path::Path;

use promplay_pipeline::rules::{
    TestOptions, parent_dir, path_matches, promtool_output, run_unit_tests, unit_test_rule_patterns,
};

use crate::CaseResult;

/// Runs every row of `expectations.tsv` in `folder`.
pub fn run(folder: &Path) -> Result<Vec<CaseResult>, String> {
    let tsv = std::fs::read_to_string(folder.join("expectations.tsv"))
        .map_err(|e| format!("cannot read expectations.tsv: {e}"))?;
    let data = folder.join("testdata");
    let mut cases = Vec::new();
    for line in tsv.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        let [file, expected, run, options, ..] = cols[..] else {
            return Err(format!("malformed row: {line}"));
        };
        let mut id = file.to_owned();
        let mut opts = TestOptions {
            enable_at_modifier: false,
            enable_negative_offset: false,
            ..TestOptions::default()
        };
        if run != "-" {
            opts.run = run.split(',').map(str::to_owned).collect();
            id.push_str(&format!(" --run {run}"));
        }
        if options != "-" {
            for o in options.split(',') {
                match o {
                    "enable_at_modifier" => opts.enable_at_modifier = true,
                    "enable_negative_offset" => opts.enable_negative_offset = true,
                    "ignore_unknown_fields" => opts.ignore_unknown_fields = true,
                    other => return Err(format!("unknown option {other} in row: {line}")),
                }
            }
            id.push_str(&format!(" [{options}]"));
        }
        let text = std::fs::read_to_string(data.join(file))
            .map_err(|e| format!("cannot read {file}: {e}"))?;
        let files = read_rule_files(&data, file, &text);
        let report = run_unit_tests(file, &text, &files, &opts);
        let (stdout, stderr) = promtool_output(&report);
        let verdict = if report.passed { "pass" } else { "fail" };
        let detail = format!("expected {expected}, got {verdict}\n{stderr}{stdout}");
        cases.push(if verdict == expected {
            let mut c = CaseResult::pass(id);
            c.detail = detail;
            c
        } else {
            CaseResult::fail(id, detail)
        });
    }
    Ok(cases)
}

/// Reads the rule files a test file names (globs matched against the
/// directory listing), keyed by their path relative to `dir`.
fn read_rule_files(dir: &Path, test_file: &str, text: &str) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    for pattern in unit_test_rule_patterns(test_file, text) {
        let parent = parent_dir(&pattern);
        let Ok(entries) = std::fs::read_dir(dir.join(&parent)) else { continue };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let rel = if parent == "." { name } else { format!("{parent}/{name}") };
            if path_matches(&pattern, &rel)
                && let Ok(t) = std::fs::read_to_string(dir.join(&rel))
            {
                files.insert(rel, t);
            }
        }
    }
    files
}
