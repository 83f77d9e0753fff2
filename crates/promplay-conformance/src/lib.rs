//! Runners for the upstream conformance suites kept in `../shared/conformance`.
//!
//! This is a test harness, not an engine: it reads the suite files from disk
//! (the only crate besides `promplay-cli` allowed to), feeds them to the
//! engines and compares. The CLI's `promplay conformance SUITE` and the
//! workspace tests both call [`run`].

mod compare;
mod exposition;
mod k8s_sd;
mod openmetrics;
mod operator;
mod promql;
mod promtool;
mod relabel;

use std::path::{Path, PathBuf};

/// The environment variable that overrides the conformance root.
pub const DIR_ENV: &str = "PROMPLAY_CONFORMANCE_DIR";

/// The conformance root: `$PROMPLAY_CONFORMANCE_DIR`, else `../shared/conformance`
/// relative to `base` (the workspace root or the current directory).
pub fn default_dir(base: &Path) -> PathBuf {
    match std::env::var_os(DIR_ENV) {
        Some(dir) => PathBuf::from(dir),
        None => base.join("../shared/conformance"),
    }
}

/// The suites this crate can run, by the name `promplay conformance` takes.
pub const SUITES: &[&str] =
    &["openmetrics", "exposition", "promql", "operator", "k8s-sd", "relabel", "promtool"];

/// How one case went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The engine agreed with the expectation.
    Pass,
    /// It did not; see [`CaseResult::detail`].
    Fail,
    /// Not run (unsupported construct); counted, never silent.
    Skip,
}

/// The result of one case.
#[derive(Clone, Debug)]
pub struct CaseResult {
    /// A stable case id, as stored in the committed pass list.
    pub id: String,
    /// Pass, fail or skip.
    pub outcome: Outcome,
    /// For a failure, the difference; for a skip, the reason.
    pub detail: String,
}

/// The result of running one suite.
#[derive(Clone, Debug, Default)]
pub struct SuiteReport {
    /// The suite name.
    pub suite: String,
    /// Every case, in a stable order.
    pub cases: Vec<CaseResult>,
    /// Extra lines a suite prints before the summary line (breakdowns).
    pub extra_lines: Vec<String>,
    /// Lines a suite prints after the summary line (e.g. promql's `float-only: …`).
    pub after_summary: Vec<String>,
}

impl SuiteReport {
    /// Number of cases with the given outcome.
    pub fn count(&self, outcome: Outcome) -> usize {
        self.cases.iter().filter(|c| c.outcome == outcome).count()
    }

    /// The closing line: `N passed, M failed, K skipped`.
    pub fn summary_line(&self) -> String {
        format!(
            "{} passed, {} failed, {} skipped",
            self.count(Outcome::Pass),
            self.count(Outcome::Fail),
            self.count(Outcome::Skip)
        )
    }
}

/// Runs `suite` with the suite files under `dir` (the conformance root).
///
/// Errors when the suite is unknown or its folder is missing.
pub fn run(suite: &str, dir: &Path) -> Result<SuiteReport, String> {
    if !SUITES.contains(&suite) {
        return Err(format!("unknown suite `{suite}`; known: {}", SUITES.join(", ")));
    }
    let folder = dir.join(suite);
    if !folder.is_dir() {
        return Err(format!("suite folder {} not found", folder.display()));
    }
    let (cases, extra_lines, after_summary) = match suite {
        "openmetrics" => (openmetrics::run(&folder)?, Vec::new(), Vec::new()),
        "promql" => promql::run(&folder)?,
        "operator" => (operator::run(&folder)?, Vec::new(), Vec::new()),
        "k8s-sd" => (k8s_sd::run(&folder)?, Vec::new(), Vec::new()),
        "relabel" => (relabel::run(&folder)?, Vec::new(), Vec::new()),
        "promtool" => (promtool::run(&folder)?, Vec::new(), Vec::new()),
        _ => (exposition::run(&folder)?, Vec::new(), Vec::new()),
    };
    let mut report = SuiteReport { suite: suite.to_owned(), cases, extra_lines, after_summary };
    report.cases.sort_by(|a, b| a.id.cmp(&b.id));
    if suite == "exposition" {
        report.extra_lines = exposition::breakdown(&report.cases);
    }
    Ok(report)
}

impl CaseResult {
    fn pass(id: String) -> CaseResult {
        CaseResult { id, outcome: Outcome::Pass, detail: String::new() }
    }

    fn fail(id: String, detail: String) -> CaseResult {
        CaseResult { id, outcome: Outcome::Fail, detail }
    }

    fn skip(id: String, detail: String) -> CaseResult {
        CaseResult { id, outcome: Outcome::Skip, detail }
    }
}

/// The case folders under `<folder>/cases`, sorted (the layout of the
/// operator and k8s-sd suites).
fn case_dirs(folder: &Path) -> Result<Vec<PathBuf>, String> {
    let cases = folder.join("cases");
    let entries = std::fs::read_dir(&cases).map_err(|e| format!("{}: {e}", cases.display()))?;
    let mut dirs: Vec<_> = entries.flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect();
    dirs.sort();
    Ok(dirs)
}

/// The first error of a parse, rendered on one line, for failure details.
fn first_error(parsed: &promplay_exposition::Parsed<'_>) -> String {
    parsed.diagnostics.iter().find(|d| d.is_error()).map_or_else(String::new, |d| {
        let at = d.primary_span().map_or(0, |s| s.start);
        format!("{}: {} (at byte {at})", d.code, d.message)
    })
}
