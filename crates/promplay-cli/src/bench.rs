//! `promplay bench`: the engines' throughput on fixed workloads as one table
//! (see `promplay_pipeline::bench`). With `--browser FILE` the same workloads'
//! rates measured in headless Chromium (written by `tests/e2e/bench.test.mjs`)
//! stand beside the native ones; `--inputs` prints the exact inputs, which is
//! what that test hands to the browser, so both sides run the same bytes.

use crate::args::Command;
use anyhow::{Context, Result};
use lexopt::prelude::*;
use promplay_pipeline::bench::{self, BenchInputs, BenchRow};
use std::path::{Path, PathBuf};

/// The options of `promplay bench`.
#[derive(Debug)]
pub struct BenchOptions {
    /// The shared folder (`corpus/exposition`, `conformance/operator/kube-prometheus`).
    pub shared: PathBuf,
    /// Minimum time per workload, ms.
    pub min_ms: f64,
    /// Print the rows as JSON instead of the table.
    pub json: bool,
    /// Print the inputs as JSON and run nothing.
    pub inputs: bool,
    /// Browser rows to show beside the native ones.
    pub browser: Option<PathBuf>,
}

/// `promplay bench --help`.
pub const HELP: &str = "\
Measure the engines' throughput: exposition parse + lint (MB/s), PromQL parse,
instant and range queries (queries/s), operator intake + compile (MB/s) and
relabeling (label sets/s).

Usage: promplay bench [--shared DIR] [--min-ms N] [--json] [--inputs] [--browser FILE]

Options:
  --shared DIR     The shared ground truth: exposition corpus from DIR/corpus/exposition,
                   kube-prometheus from DIR/conformance/operator/kube-prometheus/manifests
                   (default: $PROMPLAY_SHARED_DIR, else ../shared; built-in examples when absent)
  --min-ms N       Run each workload at least N ms (default 1000)
  --json           Print the measured rows as JSON
  --inputs         Print the workloads' inputs as JSON (for the browser run) and exit
  --browser FILE   Rows measured in the browser (JSON, as tests/e2e/bench.test.mjs writes
                   them), shown beside the native rates
  -h, --help       Print help

scripts/bench runs the native and the headless-Chromium measurements and prints both.
";

/// Reads `promplay bench`'s options.
pub fn options(parser: &mut lexopt::Parser) -> Result<Command, lexopt::Error> {
    let mut opts = BenchOptions {
        shared: std::env::var_os("PROMPLAY_SHARED_DIR")
            .map_or_else(|| PathBuf::from("../shared"), PathBuf::from),
        min_ms: 1000.0,
        json: false,
        inputs: false,
        browser: None,
    };
    while let Some(arg) = parser.next()? {
        match arg {
            Short('h') | Long("help") => return Ok(Command::Help(HELP)),
            Long("shared") => opts.shared = PathBuf::from(parser.value()?),
            Long("min-ms") => {
                let word = parser.value()?.string()?;
                opts.min_ms =
                    word.parse().ok().filter(|n: &f64| n.is_finite() && *n >= 0.0).ok_or_else(
                        || format!("invalid --min-ms `{word}`; expected milliseconds"),
                    )?;
            }
            Long("json") => opts.json = true,
            Long("inputs") => opts.inputs = true,
            Long("browser") => opts.browser = Some(PathBuf::from(parser.value()?)),
            other => return Err(other.unexpected()),
        }
    }
    Ok(Command::Bench(opts))
}

/// Runs `promplay bench`.
pub fn run(opts: &BenchOptions) -> Result<u8> {
    let inputs = load_inputs(&opts.shared, opts.min_ms)?;
    if opts.inputs {
        println!("{}", serde_json::to_string(&inputs)?);
        return Ok(0);
    }
    // The terminal may read the clock (engines may not): it times the workloads.
    #[allow(clippy::disallowed_methods)]
    let started = std::time::Instant::now();
    let rows = bench::run(&inputs, &mut || started.elapsed().as_secs_f64() * 1000.0);
    if opts.json {
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(0);
    }
    let browser: Vec<BenchRow> = match &opts.browser {
        Some(path) => serde_json::from_str(
            &std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?,
        )
        .with_context(|| format!("{} is not a list of bench rows", path.display()))?,
        None => Vec::new(),
    };
    println!(
        "inputs: {} exposition files ({:.2} MB), {} manifests ({:.2} MB)\n",
        inputs.exposition.len(),
        inputs.exposition.iter().map(String::len).sum::<usize>() as f64 / 1e6,
        inputs.manifests.len(),
        inputs.manifests.iter().map(|(_, t)| t.len()).sum::<usize>() as f64 / 1e6
    );
    print!("{}", bench::render_table(&rows, &browser));
    Ok(0)
}

/// The inputs from the shared folder, or the built-in examples for what is missing.
fn load_inputs(shared: &Path, min_ms: f64) -> Result<BenchInputs> {
    let mut inputs = BenchInputs { min_ms, ..BenchInputs::builtin() };
    let exposition = read_dir_sorted(&shared.join("corpus/exposition"), |name| {
        name.ends_with(".prom.txt") || name.ends_with(".om.txt")
    })?;
    if !exposition.is_empty() {
        inputs.exposition = exposition.into_iter().map(|(_, text)| text).collect();
    }
    let manifests =
        read_dir_sorted(&shared.join("conformance/operator/kube-prometheus/manifests"), |name| {
            name.ends_with(".yaml") || name.ends_with(".yml") || name.ends_with(".json")
        })?;
    if !manifests.is_empty() {
        inputs.manifests = manifests;
    }
    Ok(inputs)
}

/// (file name, text) of the files in `dir` whose names pass `keep`, by
/// name; nothing when `dir` does not exist.
fn read_dir_sorted(dir: &Path, keep: impl Fn(&str) -> bool) -> Result<Vec<(String, String)>> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Ok(Vec::new()) };
    let mut out = Vec::new();
    for entry in entries {
        let path = entry?.path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if path.is_file() && keep(&name) {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            out.push((name, text));
        }
    }
    out.sort();
    Ok(out)
}
