//! `promplay relabel --config FILE --labels '{a="b"}'...`: applies relabel
//! rules to label sets and prints, for each, one line per rule with what it
//! changed, then the final labels or the rule that dropped them.

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::{Context, Result};
use lexopt::prelude::*;
use promplay_pipeline::diagnostics::render;
use promplay_pipeline::relabel::{RELOADER_ENV, Select, codes, relabel, render_trace};

use crate::args::Command;

/// The options of `promplay relabel`.
#[derive(Debug)]
pub struct RelabelOptions {
    /// `--config FILE`; `None` for standard input (`-`).
    pub config: Option<PathBuf>,
    /// `--labels SET`, in order.
    pub labels: Vec<String>,
    /// `--labels-file FILE` (`-` for standard input).
    pub labels_files: Vec<Option<PathBuf>>,
    /// `--job NAME`.
    pub job: Option<String>,
    /// `--metric`: use `metric_relabel_configs`.
    pub metric: bool,
}

/// The help text.
pub const HELP: &str = "\
promplay relabel: apply relabel rules to label sets, step by step

Usage: promplay relabel --config FILE [--job NAME] [--metric]
                        [--labels SET]... [--labels-file FILE]...

FILE holds the rules: a YAML list of relabel rules, a mapping with
`relabel_configs` (or `metric_relabel_configs`, or the operator's
`relabelings`), or a whole prometheus.yml (then --job picks the scrape
config). Each SET is a label set like '{__address__=\"10.0.0.1:8080\", job=\"x\"}'
(a metric name in front sets __name__). For each set, prints the input, one
line per rule (+ added, ~ changed, - removed label, or why nothing changed),
and the result or `dropped by rule #N (action ...)`. Without any SET, only
checks the rules and lists them. Rule errors go to stderr with the field
underlined.

Options:
  -c, --config FILE       The rules (`-` for standard input)
  -l, --labels SET        A label set; may be given several times
  -L, --labels-file FILE  Label sets, one per line (`#` comments, blank lines skipped)
  -j, --job NAME          The scrape config of a prometheus.yml to take rules from
  -m, --metric            Use metric_relabel_configs instead of relabel_configs
  -h, --help              Print help

Exit status: 0 applied, 1 an error in the rules or a label set (or a file
cannot be read), 2 usage error.
";

/// Parses the arguments after `relabel`.
pub fn options(parser: &mut lexopt::Parser) -> Result<Command, lexopt::Error> {
    let mut opts = RelabelOptions {
        config: None,
        labels: Vec::new(),
        labels_files: Vec::new(),
        job: None,
        metric: false,
    };
    let mut config_given = false;
    let path = |v: std::ffi::OsString| if v == "-" { None } else { Some(PathBuf::from(v)) };
    while let Some(arg) = parser.next()? {
        match arg {
            Short('h') | Long("help") => return Ok(Command::Help(HELP)),
            Short('c') | Long("config") => {
                opts.config = path(parser.value()?);
                config_given = true;
            }
            Short('l') | Long("labels") => opts.labels.push(parser.value()?.string()?),
            Short('L') | Long("labels-file") => opts.labels_files.push(path(parser.value()?)),
            Short('j') | Long("job") => opts.job = Some(parser.value()?.string()?),
            Short('m') | Long("metric") => opts.metric = true,
            Value(v) => {
                return Err(format!(
                    "unexpected argument `{}`; the rules file goes after --config",
                    v.to_string_lossy()
                )
                .into());
            }
            other => return Err(other.unexpected()),
        }
    }
    if !config_given {
        return Err("missing --config FILE (the relabel rules)".into());
    }
    Ok(Command::Relabel(opts))
}

/// Runs `promplay relabel`; returns the exit status.
pub fn run(opts: &RelabelOptions) -> Result<u8> {
    let config_name =
        opts.config.as_ref().map_or("<stdin>".to_owned(), |p| p.display().to_string());
    let config_text =
        read_input(opts.config.as_deref()).with_context(|| format!("cannot read {config_name}"))?;
    let mut labels_text = String::new();
    for set in &opts.labels {
        labels_text.push_str(set);
        labels_text.push('\n');
    }
    for file in &opts.labels_files {
        let name = file.as_ref().map_or("<stdin>".to_owned(), |p| p.display().to_string());
        let text = read_input(file.as_deref()).with_context(|| format!("cannot read {name}"))?;
        labels_text.push_str(&text);
        if !text.ends_with('\n') {
            labels_text.push('\n');
        }
    }
    let select = Select { job: opts.job.as_deref(), metric: opts.metric };
    let report = relabel(&config_text, select, RELOADER_ENV, &labels_text);
    if !report.rules.diagnostics.is_empty() {
        eprint!("{}", with_file(&render(&config_text, &report.rules.diagnostics), &config_name));
    }
    let label_errors: Vec<_> = report.label_errors().cloned().collect();
    if !label_errors.is_empty() {
        eprint!("{}", with_file(&render(&labels_text, &label_errors), "<labels>"));
    }
    if report.has_rule_errors() {
        let rejected =
            report.rules.diagnostics.iter().any(|d| d.is_error() && d.code != codes::NO_RULES);
        if rejected {
            eprintln!("promplay: Prometheus would reject these rules; nothing was applied");
        }
        return Ok(1);
    }
    let rules = &report.rules.rules;
    let mut out = String::new();
    let source = match (&report.rules.job, &report.rules.field) {
        (Some(job), Some(field)) => format!("{field} of job {:?}", job.job_name),
        (None, Some(field)) => field.clone(),
        _ => String::new(),
    };
    let source = if source.is_empty() { source } else { format!(" ({source})") };
    let _ = writeln!(out, "{}{source} from {config_name}", plural(rules.len(), "rule"));
    for name in &report.substituted {
        let value = RELOADER_ENV.iter().find(|(n, _)| n == name).map_or("", |(_, v)| v);
        let _ = writeln!(
            out,
            "note: $({name}) replaced with {value:?}, as prometheus-config-reloader does in the first pod"
        );
    }
    if report.inputs.is_empty() {
        for (i, rule) in rules.iter().enumerate() {
            let _ = writeln!(out, "  #{} {}", i + 1, rule.summary());
        }
    }
    for input in &report.inputs {
        if let Ok(trace) = &input.result {
            out.push('\n');
            out.push_str(&render_trace(&config_text, rules, trace));
        }
    }
    print!("{out}");
    Ok(if label_errors.is_empty() { 0 } else { 1 })
}

/// Reads a file, or standard input for `None`.
fn read_input(path: Option<&std::path::Path>) -> std::io::Result<String> {
    use std::io::Read;
    match path {
        Some(p) => std::fs::read_to_string(p),
        None => {
            let mut text = String::new();
            std::io::stdin().read_to_string(&mut text)?;
            Ok(text)
        }
    }
}

/// The renderer prints ` --> LINE:COL`; the CLI names the file too.
fn with_file(rendered: &str, file: &str) -> String {
    rendered.replace(" --> ", &format!(" --> {file}:"))
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") }
}
