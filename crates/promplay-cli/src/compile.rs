//! `promplay compile FILE... [--out DIR] [--operator-option K=V]...`: runs
//! the operator pipeline over manifests, writes every generated file named
//! as the operator names its Secrets and ConfigMaps (or prints them), prints
//! each Prometheus' and Alertmanager's selection summary and every
//! diagnostic with its source frame.

use std::fmt::Write as _;
use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use lexopt::prelude::*;
use promplay_pipeline::diagnostics::{Severity, render};
use promplay_pipeline::operator::{OperatorReport, Options, SourceFile, compile_manifests};

use crate::args::Command;

/// The options of `promplay compile`.
#[derive(Debug)]
pub struct CompileOptions {
    /// Input files; `None` is standard input (`-`).
    pub files: Vec<Option<PathBuf>>,
    /// `--out DIR`.
    pub out: Option<PathBuf>,
    /// `--operator-option K=V`, in order.
    pub operator_options: Vec<(String, String)>,
}

/// The help text.
pub const HELP: &str = "\
promplay compile: what prometheus-operator 0.93 would generate from manifests

Usage: promplay compile FILE... [--out DIR] [--operator-option K=V]...

Reads Kubernetes manifests (YAML or JSON, several documents per file, `-` for
standard input), checks them against the operator's CRDs and compiles every
Prometheus and Alertmanager as the operator would. With --out, writes
  DIR/prometheus-<name>/prometheus.yaml
  DIR/prometheus-<name>-rulefiles-<n>/<namespace>-<name>-<uid>.yaml
  DIR/alertmanager-<name>-generated/alertmanager.yaml
otherwise prints them on stdout, each after a `# Source:` line. Diagnostics
and the selection summaries go to stderr.

Options:
  -o, --out DIR                Write the generated files under DIR
      --operator-option K=V    An operator setting, e.g.
                               default-prometheus-version=v3.13.2,
                               feature-gates=PrometheusShardRetentionPolicy=true,
                               namespaces=a,b, deny-namespaces=c
  -h, --help                   Print help

Exit status: 0 compiled, 1 an error in the manifests or a configuration the
operator would fail to generate, 2 usage error.
";

/// Parses the arguments after `compile`.
pub fn options(parser: &mut lexopt::Parser) -> Result<Command, lexopt::Error> {
    let mut opts = CompileOptions { files: Vec::new(), out: None, operator_options: Vec::new() };
    while let Some(arg) = parser.next()? {
        match arg {
            Short('h') | Long("help") => return Ok(Command::Help(HELP)),
            Short('o') | Long("out") => opts.out = Some(PathBuf::from(parser.value()?)),
            Long("operator-option") => {
                let kv = parser.value()?.string()?;
                let Some((k, v)) = kv.split_once('=') else {
                    return Err(format!("--operator-option `{kv}`: expected KEY=VALUE").into());
                };
                opts.operator_options.push((k.to_owned(), v.to_owned()));
            }
            Value(path) if path == "-" => opts.files.push(None),
            Value(path) => opts.files.push(Some(PathBuf::from(path))),
            other => return Err(other.unexpected()),
        }
    }
    if opts.files.is_empty() {
        return Err("missing FILE (use `-` for standard input)".into());
    }
    Ok(Command::Compile(opts))
}

/// Runs `promplay compile`.
pub fn run(opts: &CompileOptions) -> Result<u8> {
    let mut options = Options::default();
    for (k, v) in &opts.operator_options {
        if let Err(e) = options.set(k, v) {
            eprintln!("promplay: --operator-option {k}={v}: {e}");
            return Ok(crate::EXIT_USAGE);
        }
    }
    let sources = read_sources(&opts.files)?;
    let report = compile_manifests(&sources, &options);
    eprint!("{}", diagnostics_text(&sources, &report));
    eprint!("{}", summary_text(&report));
    let files = report.files();
    match &opts.out {
        Some(dir) => {
            for f in &files {
                let path = dir.join(&f.path);
                write_file(&path, &f.content)?;
                eprintln!("wrote {}", path.display());
            }
        }
        None => {
            let mut out = String::new();
            for (i, f) in files.iter().enumerate() {
                if i > 0 {
                    out.push_str("---\n");
                }
                let _ = writeln!(out, "# Source: {}", f.path);
                out.push_str(&f.content);
            }
            print!("{out}");
        }
    }
    let failed = report.has_errors()
        || report.prometheuses.iter().any(|p| p.config.is_err())
        || report.alertmanagers.iter().any(|a| a.config.is_err());
    Ok(u8::from(failed))
}

/// Reads the input files (`None` = standard input) as the pipeline's sources.
pub(crate) fn read_sources(files: &[Option<PathBuf>]) -> Result<Vec<SourceFile>> {
    let mut sources = Vec::new();
    for file in files {
        let (name, text) = match file {
            None => {
                let mut text = String::new();
                std::io::stdin().read_to_string(&mut text).context("reading standard input")?;
                ("-".to_owned(), text)
            }
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("cannot read {}", path.display()))?;
                (path.display().to_string(), text)
            }
        };
        sources.push(SourceFile { name, text });
    }
    Ok(sources)
}

fn write_file(path: &Path, content: &str) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    std::fs::write(path, content).with_context(|| format!("cannot write {}", path.display()))
}

/// Errors and warnings as source frames (` --> FILE:LINE:COL`), then one
/// line counting the objects of kinds the compiler does not read.
pub(crate) fn diagnostics_text(sources: &[SourceFile], report: &OperatorReport) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        if d.diagnostic.severity == Severity::Info && d.diagnostic.code == "OPR0005" {
            continue;
        }
        let Some(source) = sources.get(d.file) else { continue };
        let text = render(&source.text, std::slice::from_ref(&d.diagnostic));
        out.push_str(&text.replacen(" --> ", &format!(" --> {}:", source.name), 1));
    }
    let ignored = &report.inventory.ignored;
    if !ignored.is_empty() {
        let mut kinds: Vec<(&str, usize)> = Vec::new();
        for i in ignored {
            match kinds.iter_mut().find(|(k, _)| *k == i.kind) {
                Some((_, n)) => *n += 1,
                None => kinds.push((&i.kind, 1)),
            }
        }
        let list: Vec<String> = kinds
            .iter()
            .map(|(k, n)| if *n == 1 { (*k).to_owned() } else { format!("{k} ×{n}") })
            .collect();
        let _ = writeln!(
            out,
            "note: ignored {} object{} of kinds the compiler does not read: {}",
            ignored.len(),
            if ignored.len() == 1 { "" } else { "s" },
            list.join(", ")
        );
    }
    out
}

/// One paragraph per Prometheus and Alertmanager: the outcome and the
/// selection report.
fn summary_text(report: &OperatorReport) -> String {
    let mut out = String::new();
    for p in &report.prometheuses {
        let state = match &p.config {
            Ok(Some(_)) => "prometheus.yaml generated".to_owned(),
            Ok(None) => {
                "unmanaged (no selectors): the operator leaves the configuration to you".to_owned()
            }
            Err(e) => format!("the operator fails: {e}"),
        };
        let _ = writeln!(out, "Prometheus {}/{}: {state}", p.namespace, p.name);
        rows(&mut out, &p.selection);
    }
    for a in &report.alertmanagers {
        let state = match &a.config {
            Ok(_) => "alertmanager.yaml generated".to_owned(),
            Err(e) => format!("the operator fails: {e}"),
        };
        let _ = writeln!(out, "Alertmanager {}/{}: {state}", a.namespace, a.name);
        rows(&mut out, &a.selection);
    }
    out
}

fn rows(out: &mut String, rows: &[promplay_pipeline::operator::SelectionRow]) {
    for r in rows {
        let mark = if r.selected { "selected" } else { "not selected" };
        let _ = write!(out, "  {mark:12} {} {}/{}", r.kind, r.namespace, r.name);
        match &r.reason {
            Some(why) => {
                let _ = writeln!(out, ": {why}");
            }
            None => out.push('\n'),
        }
    }
}
