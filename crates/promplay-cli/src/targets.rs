//! `promplay targets FILE... [--prometheus NS/NAME] [--job J] [--explain]`:
//! the targets each Prometheus of the manifests would scrape, job by job
//! (up and dropped counts, a target table), and for every monitor without
//! an active target the chain of checks that explains why.

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::Result;
use lexopt::prelude::*;
use promplay_pipeline::diagnostics::LineIndex;
use promplay_pipeline::operator::{Options, SourceFile};
use promplay_pipeline::targets::{self, Job, Location, MonitorReport, Outcome, TargetsReport};

use crate::args::Command;

/// The options of `promplay targets`.
#[derive(Debug)]
pub struct TargetsOptions {
    /// Input files; `None` is standard input.
    pub files: Vec<Option<PathBuf>>,
    /// `--prometheus NS/NAME`.
    pub prometheus: Option<String>,
    /// `--job J`.
    pub job: Option<String>,
    /// `--explain`: every target's relabeling, rule by rule.
    pub explain: bool,
}

/// The help text.
pub const HELP: &str = "\
promplay targets: the scrape targets Prometheus would have, without a cluster

Usage: promplay targets FILE... [--prometheus NS/NAME] [--job J] [--explain]

Reads Kubernetes manifests (monitors, Prometheus objects, and the Services,
Endpoints, EndpointSlices, Pods, Nodes and Ingresses of the cluster), compiles
them as prometheus-operator would, runs Kubernetes discovery over the pasted
objects and relabels every target. Prints per Prometheus the jobs with their
up and dropped counts and a table of the targets; then, for every
ServiceMonitor, PodMonitor and Probe without an active target, the checks
that explain why, up to the first that fails, with a fix where one is obvious.

Options:
      --prometheus NS/NAME  Only this Prometheus
      --job J               Only jobs whose name contains J
  -e, --explain             Show each target's relabeling rule by rule
  -h, --help                Print help

Exit status: 0 analysed, 1 an error in the manifests, 2 usage error.
";

/// Parses the arguments after `targets`.
pub fn options(parser: &mut lexopt::Parser) -> Result<Command, lexopt::Error> {
    let mut opts =
        TargetsOptions { files: Vec::new(), prometheus: None, job: None, explain: false };
    while let Some(arg) = parser.next()? {
        match arg {
            Short('h') | Long("help") => return Ok(Command::Help(HELP)),
            Long("prometheus") => opts.prometheus = Some(parser.value()?.string()?),
            Long("job") => opts.job = Some(parser.value()?.string()?),
            Short('e') | Long("explain") => opts.explain = true,
            Value(path) if path == "-" => opts.files.push(None),
            Value(path) => opts.files.push(Some(PathBuf::from(path))),
            other => return Err(other.unexpected()),
        }
    }
    if opts.files.is_empty() {
        return Err("missing FILE (use `-` for standard input)".into());
    }
    Ok(Command::Targets(opts))
}

/// Runs `promplay targets`.
pub fn run(opts: &TargetsOptions) -> Result<u8> {
    let sources = crate::compile::read_sources(&opts.files)?;
    let report = targets::analyze(&sources, &Options::default());
    eprint!("{}", crate::compile::diagnostics_text(&sources, &report.operator));
    if let Some(p) = &opts.prometheus {
        let known = report
            .analysis
            .prometheuses
            .iter()
            .any(|t| format!("{}/{}", t.namespace, t.name) == *p);
        if !known {
            eprintln!("promplay: --prometheus {p}: no such Prometheus in the manifests");
            return Ok(crate::EXIT_USAGE);
        }
    }
    print!("{}", render(&sources, &report, opts));
    Ok(u8::from(report.operator.has_errors()))
}

fn render(sources: &[SourceFile], report: &TargetsReport, opts: &TargetsOptions) -> String {
    let mut out = String::new();
    let wanted = |ns: &str, name: &str| {
        opts.prometheus.as_ref().is_none_or(|p| *p == format!("{ns}/{name}"))
    };
    for p in report.analysis.prometheuses.iter().filter(|p| wanted(&p.namespace, &p.name)) {
        let _ = writeln!(out, "{} {}/{}", p.kind, p.namespace, p.name);
        if let Some(note) = &p.note {
            let _ = writeln!(out, "  {note}\n");
            continue;
        }
        let jobs: Vec<&Job> = p
            .jobs
            .iter()
            .filter(|j| opts.job.as_ref().is_none_or(|w| j.name.contains(w.as_str())))
            .collect();
        if jobs.is_empty() {
            let _ = writeln!(out, "  no jobs\n");
            continue;
        }
        let width = jobs.iter().map(|j| j.name.len()).max().unwrap_or(3).max(3);
        let _ = writeln!(out, "  {:width$}  {:>4}  {:>7}", "JOB", "UP", "DROPPED");
        for j in &jobs {
            let _ = writeln!(out, "  {:width$}  {:>4}  {:>7}", j.name, j.active(), j.dropped());
        }
        out.push('\n');
        for j in &jobs {
            job_text(&mut out, j, opts.explain);
        }
    }
    for m in report.analysis.monitors.iter().filter(|m| m.active == 0) {
        if let Some(p) = &m.prometheus
            && opts.prometheus.as_ref().is_some_and(|w| w != p)
        {
            continue;
        }
        if opts.job.as_ref().is_some_and(|w| !m.jobs.iter().any(|j| j.contains(w.as_str()))) {
            continue;
        }
        chain_text(&mut out, sources, m);
    }
    out
}

fn job_text(out: &mut String, j: &Job, explain: bool) {
    let _ = writeln!(
        out,
        "{}: {} up, {} dropped, {} discovered",
        j.name,
        j.active(),
        j.dropped(),
        j.targets.len()
    );
    if let Some((o, _)) = &j.source {
        let _ = writeln!(out, "  from {o}");
    }
    for d in &j.discovery {
        let _ = writeln!(out, "  discovery: {d}");
    }
    for p in &j.problems {
        let _ = writeln!(out, "  problem: {p}");
    }
    let active: Vec<_> = j
        .targets
        .iter()
        .filter_map(|t| match &t.outcome {
            Outcome::Active { labels, url, .. } => Some((url, labels)),
            _ => None,
        })
        .collect();
    if !active.is_empty() {
        let width = active.iter().map(|(u, _)| u.len()).max().unwrap_or(0);
        let _ = writeln!(out, "  {:width$}  LABELS", "ENDPOINT");
        for (url, labels) in &active {
            let _ = writeln!(out, "  {url:width$}  {}", label_set(labels));
        }
    }
    // Dropped targets, grouped by the rule that dropped them.
    let mut by_rule: Vec<(usize, usize)> = Vec::new();
    for t in &j.targets {
        match &t.outcome {
            Outcome::Dropped { rule } => match by_rule.iter_mut().find(|(r, _)| r == rule) {
                Some((_, n)) => *n += 1,
                None => by_rule.push((*rule, 1)),
            },
            Outcome::Invalid { message } => {
                let addr = t.discovered.get("__address__").unwrap_or("");
                let _ = writeln!(out, "  refused {addr}: {message}");
            }
            Outcome::Active { .. } => {}
        }
    }
    by_rule.sort();
    for (rule, n) in by_rule {
        let r = &j.rules[rule];
        let _ = write!(out, "  dropped {n} by rule #{}: {}", rule + 1, r.summary);
        match &r.origin {
            Some(o) => {
                let _ = writeln!(out, "  ({})", o.what);
            }
            None => out.push('\n'),
        }
    }
    if explain {
        for t in &j.targets {
            let addr = t.discovered.get("__address__").unwrap_or("");
            let _ = writeln!(out, "  target {addr} ({}):", t.group);
            for s in &targets::steps(j, t) {
                if s.changes.is_empty() && !s.dropped {
                    continue;
                }
                let _ = write!(out, "    #{} {}", s.rule + 1, j.rules[s.rule].summary);
                if s.dropped {
                    let _ = writeln!(out, "\n      dropped: {}", s.reason);
                    continue;
                }
                out.push('\n');
                for (name, old, new) in &s.changes {
                    let _ = match (old, new) {
                        (None, Some(v)) => writeln!(out, "      + {name}={v:?}"),
                        (Some(o), Some(v)) => writeln!(out, "      ~ {name}={o:?} → {v:?}"),
                        (Some(o), None) => writeln!(out, "      - {name}={o:?}"),
                        (None, None) => Ok(()),
                    };
                }
            }
        }
    }
    out.push('\n');
}

fn chain_text(out: &mut String, sources: &[SourceFile], m: &MonitorReport) {
    match &m.prometheus {
        Some(p) => {
            let _ = writeln!(
                out,
                "{} has 0 active targets in Prometheus {p} ({} discovered):",
                m.object, m.discovered
            );
        }
        None => {
            let _ = writeln!(out, "{} has no targets:", m.object);
        }
    }
    for s in &m.chain {
        let mark = if s.ok { "ok " } else { "BREAK" };
        let _ = writeln!(out, "  {mark:5} [{}] {}{}", s.code, s.message, at(sources, s.at));
        for d in &s.details {
            let _ = writeln!(out, "          {d}");
        }
        if let Some(fix) = &s.fix {
            let _ = writeln!(out, "          fix: {fix}{}", at(sources, s.fix_at));
        }
    }
    out.push('\n');
}

/// ` (FILE:LINE:COL)` for a location.
fn at(sources: &[SourceFile], loc: Option<Location>) -> String {
    let Some(loc) = loc else { return String::new() };
    let Some(source) = sources.get(loc.file) else { return String::new() };
    let lc = LineIndex::new(&source.text).line_col(&source.text, loc.span.start);
    format!(" ({}:{}:{})", source.name, lc.line, lc.col)
}

fn label_set(labels: &promplay_pipeline::model::Labels) -> String {
    let parts: Vec<String> = labels.iter().map(|l| format!("{}={:?}", l.name, l.value)).collect();
    format!("{{{}}}", parts.join(", "))
}
