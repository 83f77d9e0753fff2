//! The promqltest runner: the `.test` scripts of Prometheus' PromQL engine
//! (`conformance/promql/testdata`), run against our parser and engine with
//! upstream's semantics (see `conformance/promql/FORMAT.md`).
//!
//! Every `eval` is one case, id `<file>:<line>`. An instant eval passes only
//! if the query as written, its `@`-modifier re-runs and the range-mode
//! re-check all give the expected result. A panic in the engine fails the
//! eval with the panic message instead of stopping the run.
//!
//! `PROMPLAY_PROMQL_ONLY=functions.test,selectors.test:30` restricts a run to
//! some files or evals (for debugging; the pass-list test must run without it).

mod compare;
mod engine;
mod script;

use crate::{CaseResult, Outcome};
use promplay_promql_engine::{SampleValue, Storage, Value, load};
use script::{Command, Eval, Mode};
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::path::Path;

/// The cases, the per-file breakdown and the lines after the summary.
pub(crate) type Report = (Vec<CaseResult>, Vec<String>, Vec<String>);

/// The environment variable that restricts a run to some files or evals.
pub const ONLY_ENV: &str = "PROMPLAY_PROMQL_ONLY";

/// Runs every script under `folder/testdata`; returns the cases, the
/// per-file breakdown and the line printed after the summary (float-only).
pub(crate) fn run(folder: &Path) -> Result<Report, String> {
    let data = folder.join("testdata");
    let mut files: Vec<_> = std::fs::read_dir(&data)
        .map_err(|e| format!("cannot read {}: {e}", data.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "test"))
        .collect();
    files.sort();
    let only: Vec<String> = std::env::var(ONLY_ENV)
        .map(|v| v.split(',').map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect())
        .unwrap_or_default();
    let mut cases = Vec::new();
    let mut float_only = BTreeSet::new();
    let mut per_file = Vec::new();
    let _quiet = QuietPanics::install();
    for path in files {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if !only.is_empty() && !only.iter().any(|o| o.split(':').next() == Some(name.as_str())) {
            continue;
        }
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let before = cases.len();
        run_file(&name, &text, &only, &mut cases, &mut float_only);
        let file_cases = &cases[before..];
        let passed = file_cases.iter().filter(|c| c.outcome == Outcome::Pass).count();
        per_file.push(format!("  {name}: {passed}/{} passed", file_cases.len()));
    }
    let fo: Vec<&CaseResult> = cases.iter().filter(|c| float_only.contains(&c.id)).collect();
    let fo_pass = fo.iter().filter(|c| c.outcome == Outcome::Pass).count();
    let fo_fail = fo.iter().filter(|c| c.outcome == Outcome::Fail).count();
    Ok((cases, per_file, vec![format!("float-only: {fo_pass} passed, {fo_fail} failed")]))
}

/// Runs one script, appending a case per eval (and per invalid command).
fn run_file(
    name: &str,
    text: &str,
    only: &[String],
    cases: &mut Vec<CaseResult>,
    float_only: &mut BTreeSet<String>,
) {
    let mut storage = Storage::new();
    // Metric names holding native histograms since the last `clear`.
    let mut hist_names: BTreeSet<String> = BTreeSet::new();
    let mut load_error: Option<String> = None;
    for cmd in script::parse(text) {
        match cmd {
            Command::Clear => {
                storage = Storage::new();
                hist_names.clear();
                load_error = None;
            }
            Command::Load(l) => {
                let loaded = catch(|| load::parse_load(&l.text, 60_000));
                match loaded {
                    Ok(loaded) => {
                        if let Some(d) = loaded.diagnostics.iter().find(|d| d.is_error()) {
                            load_error = Some(format!("load at line {}: {}", l.line, d.message));
                        }
                        for s in &loaded.series {
                            if s.samples
                                .iter()
                                .any(|x| matches!(x.value, SampleValue::Histogram(_)))
                                && let Some(n) = s.labels.metric_name()
                            {
                                hist_names.insert(n.to_owned());
                            }
                        }
                        load::add_to_storage(&mut storage, &loaded);
                    }
                    Err(p) => load_error = Some(format!("load at line {} panicked: {p}", l.line)),
                }
            }
            Command::Invalid { line, message } => {
                let id = format!("{name}:{line}");
                if selected(only, &id) {
                    cases.push(CaseResult::fail(id, format!("script error: {message}")));
                }
            }
            Command::Eval(ev) => {
                let id = format!("{name}:{}", ev.line);
                if !selected(only, &id) {
                    continue;
                }
                if !ev.has_histogram && !names_any(&ev.expr, &hist_names) {
                    float_only.insert(id.clone());
                }
                let result = catch(|| run_eval(&storage, &ev));
                let case = match (result, &load_error) {
                    (Ok(Ok(())), _) => CaseResult::pass(id),
                    (Ok(Err(e)), None) => CaseResult::fail(id, format!("{}\n{e}", ev.expr)),
                    (Ok(Err(e)), Some(le)) => {
                        CaseResult::fail(id, format!("{}\n{e}\n(earlier {le})", ev.expr))
                    }
                    (Err(p), _) => CaseResult::fail(id, format!("{}\npanicked: {p}", ev.expr)),
                };
                cases.push(case);
            }
        }
    }
}

fn selected(only: &[String], id: &str) -> bool {
    only.is_empty()
        || only.iter().any(|o| o == id || !o.contains(':') && id.split(':').next() == Some(o))
}

/// Whether `expr` mentions any of `names` (as an identifier or inside quotes).
fn names_any(expr: &str, names: &BTreeSet<String>) -> bool {
    if names.is_empty() {
        return false;
    }
    expr.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':' || c == '.'))
        .any(|w| names.contains(w))
}

/// Runs one eval with all its re-runs.
fn run_eval(storage: &Storage, ev: &Eval) -> Result<(), String> {
    let q = engine::parse(&ev.expr)?;
    match ev.mode {
        Mode::Range { start, end, step } => {
            let run = engine::range(storage, &q, start, end, step);
            check_run(ev, &q.text, run, None)
        }
        Mode::Instant { at } => {
            // Upstream evaluates at the range vector's end when one is given.
            let t = ev.range_vector.map_or(at, |rv| rv.1);
            run_instant(storage, ev, &q, t)?;
            if let Some(rewritten) = engine::at_rewrite(&q, t) {
                let rq = rewritten.map_err(|e| format!("@ rewrite: {e}"))?;
                let times: Vec<i64> =
                    if t == 0 { vec![-1000, 0, 1000] } else { vec![-10 * t, 0, t / 5, t, 10 * t] };
                for et in times {
                    run_instant(storage, ev, &rq, et)
                        .map_err(|e| format!("with @ at {et}ms: {}\n{e}", rq.text))?;
                }
            }
            Ok(())
        }
    }
}

fn run_instant(storage: &Storage, ev: &Eval, q: &engine::Query, t: i64) -> Result<(), String> {
    let run = engine::instant(storage, q, t);
    let scalar = matches!(run.value, Ok(Value::Scalar { .. }));
    let failed = run.value.is_err();
    check_run(ev, &q.text, run, Some(t))?;
    if failed || ev.exclude_from_range || uses_query_context(&q.text) {
        return Ok(());
    }
    // The range-mode re-check: the same query from t-1m to t+1m, step 1m.
    let run = engine::range(storage, q, t - 60_000, t + 60_000, 60_000);
    let m = match run.value {
        Err(e) => return Err(format!("error evaluating in range mode at {t}ms: {e}")),
        Ok(Value::Matrix(m)) => m,
        Ok(other) => return Err(format!("range mode returned {}", compare::show_result(&other))),
    };
    if ev.ordered {
        return Ok(());
    }
    compare::assert_sorted(&m)?;
    let mut vec: Vec<(&promplay_model::Labels, SampleValue)> = Vec::new();
    for s in &m {
        if let Some(p) = s.floats.iter().find(|p| p.t == t) {
            vec.push((&s.labels, SampleValue::Float(p.f)));
        }
        if let Some(p) = s.histograms.iter().find(|p| p.t == t) {
            vec.push((&s.labels, SampleValue::Histogram(p.h.clone())));
        }
    }
    let res = if scalar {
        match vec.first() {
            Some((_, SampleValue::Float(f))) => compare::compare(ev, &Value::Scalar { t, v: *f }),
            _ => Err("range mode returned no point for a scalar".to_owned()),
        }
    } else {
        let pairs: Vec<(&promplay_model::Labels, &SampleValue)> =
            vec.iter().map(|(l, v)| (*l, v)).collect();
        compare::compare_vector(ev, &pairs)
    };
    res.map_err(|e| format!("in range mode at {t}ms: {e}"))
}

/// Upstream skips the range-mode re-check for `start()`, `end()`, `range()`, `step()`.
fn uses_query_context(expr: &str) -> bool {
    // Like upstream's regex `(start|end|range|step)\(\)`, which also matches inside longer names.
    ["start()", "end()", "range()", "step()"].iter().any(|f| expr.contains(f))
}

/// Checks one query's outcome against the eval: error expectations, then
/// annotations, then the value.
fn check_run(ev: &Eval, query: &str, run: engine::Run, t: Option<i64>) -> Result<(), String> {
    let at = t.map(|t| format!(" at {t}ms")).unwrap_or_default();
    match (&run.value, &ev.fail) {
        (Err(e), Some(m)) => {
            return if m.matches(e) {
                Ok(())
            } else {
                Err(format!("expected error matching {} but got: {e}", m.describe()))
            };
        }
        (Err(e), None) => return Err(format!("unexpected error{at}: {e}")),
        (Ok(v), Some(_)) => {
            return Err(format!("expected an error{at} but got {}", compare::show_result(v)));
        }
        (Ok(_), None) => {}
    }
    check_annotations(ev, &run.warnings, "warn", ev.need_warn, &ev.warn, ev.no_warn)
        .and_then(|()| {
            check_annotations(ev, &run.infos, "info", ev.need_info, &ev.info, ev.no_info)
        })
        .map_err(|e| format!("{e}{at}\n  query: {query}"))?;
    let value = run.value.as_ref().map_err(Clone::clone)?;
    compare::compare(ev, value)
        .map_err(|e| format!("{e}{at}\n  query: {query}\n  got: {}", compare::show_result(value)))
}

fn check_annotations(
    _ev: &Eval,
    got: &[String],
    kind: &str,
    need: bool,
    expected: &[script::Matcher],
    none: bool,
) -> Result<(), String> {
    if need && got.is_empty() {
        return Err(format!("expected {kind} annotations but got none"));
    }
    if !expected.is_empty() {
        if got.is_empty() {
            return Err(format!("expected {kind} annotations but none were found"));
        }
        for m in expected {
            if !got.iter().any(|g| m.matches(g)) {
                return Err(format!(
                    "expected {kind} annotation matching {} but found: {got:?}",
                    m.describe()
                ));
            }
        }
        for g in got {
            if !expected.iter().any(|m| m.matches(g)) {
                return Err(format!("unexpected {kind} annotation {g:?}"));
            }
        }
    }
    if none && !got.is_empty() {
        return Err(format!("unexpected {kind} annotations: {got:?}"));
    }
    Ok(())
}

thread_local! {
    /// The message of the last panic on this thread while panics are quiet.
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
    static QUIET: RefCell<bool> = const { RefCell::new(false) };
}

/// Runs `f`, turning a panic into `Err(message)`.
fn catch<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    QUIET.with(|q| *q.borrow_mut() = true);
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    QUIET.with(|q| *q.borrow_mut() = false);
    r.map_err(|payload| {
        let msg = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_owned());
        let loc = LAST_PANIC.with(|p| p.borrow_mut().take()).unwrap_or_default();
        if loc.is_empty() { msg } else { format!("{msg} ({loc})") }
    })
}

/// Keeps caught panics from printing a backtrace per eval; other threads'
/// panics still reach the previous hook.
struct QuietPanics;

impl QuietPanics {
    fn install() -> QuietPanics {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if QUIET.with(|q| *q.borrow()) {
                let loc = info
                    .location()
                    .map(|l| format!("at {}:{}", l.file(), l.line()))
                    .unwrap_or_default();
                LAST_PANIC.with(|p| *p.borrow_mut() = Some(loc));
            } else {
                previous(info);
            }
        }));
        QuietPanics
    }
}

impl Drop for QuietPanics {
    fn drop(&mut self) {
        // Restore the default hook (the previous one moved into ours).
        let _ = std::panic::take_hook();
    }
}

#[cfg(test)]
mod tests;
