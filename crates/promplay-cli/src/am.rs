//! `promplay am route|routes|inhibit`: Alertmanager routing from a
//! configuration file, printing what `amtool config routes test` and
//! `amtool config routes show` print, plus an inhibition check amtool does
//! not have.

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::{Context, Result};
use lexopt::prelude::*;
use promplay_pipeline::alertmanager::{
    AmReport, Labels, analyze, from_operator, parse_label_arg, parse_label_set,
};
use promplay_pipeline::diagnostics::render;
use promplay_pipeline::operator::{Options, SourceFile, compile_manifests};

use crate::args::Command;

/// What `promplay am` was asked to do.
#[derive(Debug)]
pub enum AmAction {
    /// `am route`: where alerts with these labels go.
    Route {
        /// `--labels` and `key=value` arguments, in order.
        labels: Vec<String>,
        /// `--tree`.
        tree: bool,
        /// `--verify.receivers`.
        verify: Option<String>,
    },
    /// `am routes`: the whole tree.
    Routes,
    /// `am inhibit`: which of these alerts are muted.
    Inhibit {
        /// `--alert` label sets, in order.
        alerts: Vec<String>,
    },
}

/// Where the configuration comes from.
#[derive(Debug)]
pub enum Input {
    /// `--config FILE`: an alertmanager.yaml.
    Config(PathBuf),
    /// `--manifests FILE...`: compiled by the operator compiler first.
    Manifests(Vec<PathBuf>),
}

/// The options of `promplay am`.
#[derive(Debug)]
pub struct AmOptions {
    /// The configuration.
    pub input: Input,
    /// `--alertmanager NAMESPACE/NAME` among the manifests.
    pub alertmanager: Option<String>,
    /// `--origins`: list where each route came from (with `--manifests`).
    pub origins: bool,
    /// The subcommand.
    pub action: AmAction,
}

/// The help text.
pub const HELP: &str = "\
promplay am: Alertmanager 0.33 routing and inhibition, like amtool

Usage:
  promplay am route  --config FILE [--labels '{a=\"b\",...}'] [KEY=VALUE...] [--tree]
                     [--verify.receivers R1,R2]
  promplay am routes --config FILE
  promplay am inhibit --config FILE --alert '{a=\"b\"}' [--alert '{...}']...
  promplay am route|routes|inhibit --manifests FILE... [--alertmanager NS/NAME] [--origins] ...

`am route` prints the receivers an alert with these labels is routed to,
comma-separated in routing-tree order, exactly as `amtool config routes test`
does (with --tree first the matching routes as a tree). `am routes` prints the
routing tree like `amtool config routes show`. `am inhibit` takes a set of
firing alerts and says which are muted, by which inhibit rule and source alert.

With --manifests, the Kubernetes manifests are compiled as prometheus-operator
would, and the Alertmanager's generated alertmanager.yaml is used; --origins
then lists which AlertmanagerConfig (or Secret) each route came from and the
`namespace` matcher the operator added.

The configuration is checked like Alertmanager's loader checks it; errors are
shown with their source line on stderr, as are warnings (deprecated fields,
matchers only the classic parser reads).

Options:
  -c, --config FILE           alertmanager.yaml (`-` for standard input)
  -m, --manifests FILE...     Operator manifests instead (an Alertmanager and its
                              Secret or AlertmanagerConfigs)
      --alertmanager NS/NAME  Which Alertmanager of the manifests (default: the first)
      --origins               With --manifests: also print each route's origin
  -l, --labels SET            The alert's labels, `{a=\"b\", c=\"d\"}`; KEY=VALUE
                              arguments add labels as amtool's arguments do
      --tree                  Also print the matching routes as a tree
      --verify.receivers R    Exit 1 when the receivers are not exactly R
  -a, --alert SET             One firing alert (am inhibit; repeat it)
  -h, --help                  Print help

Exit status: 0 done, 1 an invalid configuration or label set, or receivers
that differ from --verify.receivers, 2 usage error.
";

/// Parses the arguments after `am`.
pub fn options(parser: &mut lexopt::Parser) -> Result<Command, lexopt::Error> {
    let sub = match parser.next()? {
        Some(Value(v)) => v.string()?,
        Some(Short('h') | Long("help")) | None => return Ok(Command::Help(HELP)),
        Some(other) => return Err(other.unexpected()),
    };
    let mut action = match sub.as_str() {
        "route" => AmAction::Route { labels: Vec::new(), tree: false, verify: None },
        "routes" => AmAction::Routes,
        "inhibit" => AmAction::Inhibit { alerts: Vec::new() },
        other => {
            return Err(format!(
                "unknown am command `{other}` (expected route, routes or inhibit)"
            )
            .into());
        }
    };
    let mut config = None;
    let mut manifests = Vec::new();
    let (mut alertmanager, mut origins) = (None, false);
    while let Some(arg) = parser.next()? {
        match (arg, &mut action) {
            (Short('h') | Long("help"), _) => return Ok(Command::Help(HELP)),
            (Short('c') | Long("config") | Long("config.file"), _) => {
                config = Some(PathBuf::from(parser.value()?));
            }
            (Short('m') | Long("manifests"), _) => {
                // Further plain arguments ending in .yaml/.yml/.json are
                // manifests too (see the `Value` arms below).
                manifests.push(PathBuf::from(parser.value()?));
            }
            (Long("alertmanager"), _) => alertmanager = Some(parser.value()?.string()?),
            (Long("origins"), _) => origins = true,
            (Short('l') | Long("labels"), AmAction::Route { labels, .. }) => {
                labels.push(format!("{{{}", parser.value()?.string()?));
            }
            (Long("tree"), AmAction::Route { tree, .. }) => *tree = true,
            (Long("verify.receivers"), AmAction::Route { verify, .. }) => {
                *verify = Some(parser.value()?.string()?);
            }
            (Value(v), AmAction::Route { labels, .. }) if !is_manifest(&v) => {
                labels.push(v.string()?);
            }
            (Value(v), _) if !manifests.is_empty() && is_manifest(&v) => {
                manifests.push(PathBuf::from(v));
            }
            (Short('a') | Long("alert"), AmAction::Inhibit { alerts }) => {
                alerts.push(parser.value()?.string()?);
            }
            (other, _) => return Err(other.unexpected()),
        }
    }
    let input = match (config, manifests.is_empty()) {
        (Some(c), true) => Input::Config(c),
        (None, false) => Input::Manifests(manifests),
        (Some(_), false) => return Err("give either --config or --manifests, not both".into()),
        (None, true) => return Err("missing --config FILE (or --manifests FILE...)".into()),
    };
    Ok(Command::Am(AmOptions { input, alertmanager, origins, action }))
}

fn is_manifest(v: &std::ffi::OsStr) -> bool {
    let s = v.to_string_lossy();
    [".yaml", ".yml", ".json"].iter().any(|e| s.ends_with(e))
}

fn read(path: &PathBuf) -> Result<(String, String)> {
    if path.as_os_str() == "-" {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)
            .context("reading standard input")?;
        return Ok(("-".to_owned(), text));
    }
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok((path.display().to_string(), text))
}

/// The configuration: the file itself, or what the operator generates
/// from the manifests.
fn load(opts: &AmOptions) -> Result<Option<(String, AmReport)>> {
    let files = match &opts.input {
        Input::Config(path) => {
            let (name, text) = read(path)?;
            return Ok(Some((name, analyze(&text))));
        }
        Input::Manifests(files) => files,
    };
    let mut sources = Vec::new();
    for f in files {
        let (name, text) = read(f)?;
        sources.push(SourceFile { name, text });
    }
    let compiled = compile_manifests(&sources, &Options::default());
    let wanted =
        |ns: &str, n: &str| opts.alertmanager.as_deref().is_none_or(|w| w == format!("{ns}/{n}"));
    let Some(result) = compiled.alertmanagers.iter().find(|a| wanted(&a.namespace, &a.name)) else {
        eprintln!("promplay: no matching Alertmanager in the manifests");
        return Ok(None);
    };
    let name = format!("{}/alertmanager.yaml", result.secret_name);
    match from_operator(result) {
        Some(report) => Ok(Some((name, report))),
        None => {
            let why = result.config.as_ref().err().cloned().unwrap_or_default();
            eprintln!("promplay: the operator fails to generate {name}: {why}");
            Ok(None)
        }
    }
}

/// Runs `promplay am`.
pub fn run(opts: &AmOptions) -> Result<u8> {
    let Some((name, report)) = load(opts)? else { return Ok(1) };
    for d in &report.loaded.diagnostics {
        let frame = render(&report.text, std::slice::from_ref(d));
        eprint!("{}", frame.replacen(" --> ", &format!(" --> {name}:"), 1));
    }
    if report.has_errors() {
        eprintln!("promplay: {name}: the configuration is invalid; amtool would refuse it");
        return Ok(1);
    }
    match &opts.action {
        AmAction::Routes => {
            print!("{}", report.routes_show().unwrap_or_default());
            if opts.origins {
                print!("{}", origins_text(&report));
            }
            Ok(0)
        }
        AmAction::Route { labels, tree, verify } => {
            let set = match label_set(labels) {
                Ok(set) => set,
                Err(e) => {
                    eprintln!("promplay: {e}");
                    return Ok(1);
                }
            };
            let Some(out) = report.routes_test(&set, *tree, verify.as_deref()) else {
                return Ok(1);
            };
            print!("{}", out.stdout);
            Ok(out.exit_code as u8)
        }
        AmAction::Inhibit { alerts } => {
            let mut sets = Vec::new();
            for a in alerts {
                match parse_label_set(a) {
                    Ok(s) => sets.push(s),
                    Err(e) => {
                        eprintln!("promplay: --alert {a}: {e}");
                        return Ok(1);
                    }
                }
            }
            print!("{}", inhibit_text(&report, &sets));
            Ok(0)
        }
    }
}

/// `--labels` sets (marked with a leading `{` by the parser) and
/// `key=value` arguments merged in order.
fn label_set(args: &[String]) -> Result<Labels, String> {
    let mut labels = Labels::new();
    for a in args {
        if let Some(set) = a.strip_prefix('{') {
            for l in parse_label_set(set)?.iter() {
                labels.set(l.name.clone(), l.value.clone());
            }
        } else {
            let (k, v) = parse_label_arg(a)?;
            labels.set(k, v);
        }
    }
    Ok(labels)
}

/// One line per alert: muted (by which rule and source) or not.
fn inhibit_text(report: &AmReport, alerts: &[Labels]) -> String {
    let Some(config) = report.config() else { return String::new() };
    let mut out = String::new();
    for (i, (alert, verdict)) in alerts.iter().zip(report.inhibit(alerts)).enumerate() {
        match verdict.muted_by {
            Some(m) => {
                let rule = &config.inhibit_rules[m.rule];
                let name = rule.name.as_ref().map(|n| format!(" ({n})")).unwrap_or_default();
                let _ = writeln!(
                    out,
                    "alert {} {alert}: inhibited by {}{name} with source alert {} {}",
                    i + 1,
                    rule.path,
                    m.source + 1,
                    alerts[m.source]
                );
            }
            None => {
                let _ = writeln!(out, "alert {} {alert}: not inhibited", i + 1);
            }
        }
    }
    out
}

/// Where each route came from, one line per route of the tree.
fn origins_text(report: &AmReport) -> String {
    let Some(tree) = &report.tree else { return String::new() };
    let mut out = String::from("Origins:\n");
    for node in &tree.nodes {
        let _ = write!(out, "{}{}: ", "  ".repeat(node.depth + 1), node.path);
        match report.origin(&node.path) {
            Some(o) => {
                let _ = write!(out, "{} {}/{} {}", o.kind, o.namespace, o.name, o.field);
                if let Some(m) = &o.namespace_matcher {
                    let _ = write!(out, " (operator added {m}: matcher strategy {})", o.strategy);
                }
                out.push('\n');
            }
            None => out.push_str("the operator's default configuration\n"),
        }
    }
    out
}
