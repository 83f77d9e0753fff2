//! The command line: `promplay metrics check|parse`, `promplay conformance`,
//! `--help` and `--version`, parsed with `lexopt` into a [`Command`].
//!
//! Help texts live here too, next to the flags they describe, so the two
//! cannot drift apart.

use lexopt::prelude::*;
use promplay_pipeline::exposition::{Format, ParseOptions, Strictness};
use std::ffi::OsString;
use std::path::PathBuf;

/// What the user asked for.
#[derive(Debug)]
pub enum Command {
    /// Print this help text and exit 0.
    Help(&'static str),
    /// Print the version and exit 0.
    Version,
    /// `promplay metrics check`.
    MetricsCheck(MetricsOptions),
    /// `promplay metrics parse`.
    MetricsParse(MetricsOptions),
    /// `promplay conformance`.
    Conformance(ConformanceOptions),
    /// `promplay compile`.
    Compile(crate::compile::CompileOptions),
    /// `promplay query`.
    Query(crate::query::QueryOptions),
    /// `promplay bench`.
    Bench(crate::bench::BenchOptions),
    /// `promplay targets`.
    Targets(crate::targets::TargetsOptions),
    /// `promplay relabel`.
    Relabel(crate::relabel::RelabelOptions),
    /// `promplay test rules`.
    TestRules(crate::rules::TestRulesOptions),
    /// `promplay rules check`.
    RulesCheck(Vec<PathBuf>),
    /// `promplay rules eval`.
    RulesEval(crate::rules::EvalRulesOptions),
    /// `promplay am`.
    Am(crate::am::AmOptions),
    /// `promplay serve`.
    Serve(crate::serve::ServeOptions),
}

/// The input and parse options of the `metrics` commands.
#[derive(Debug)]
pub struct MetricsOptions {
    /// The file to read; `None` for standard input.
    pub file: Option<PathBuf>,
    /// The format, `None` to detect it.
    pub format: Option<Format>,
    /// Whether `--strict` was given.
    pub strictness: Strictness,
    /// Whether `--explain` was given: findings as source frames with hints.
    pub explain: bool,
}

impl MetricsOptions {
    /// The engine's options.
    pub fn parse_options(&self) -> ParseOptions {
        ParseOptions::new(self.format, self.strictness)
    }
}

/// The options of `promplay conformance`.
#[derive(Debug)]
pub struct ConformanceOptions {
    /// A suite name or `all`.
    pub suite: String,
    /// `--dir`, if given.
    pub dir: Option<PathBuf>,
}

const MAIN_HELP: &str = "\
promplay: the Prometheus playground's engines in a terminal

Usage:
  promplay metrics check [FILE|-] [--format auto|prom|openmetrics] [--strict] [--explain]
  promplay metrics parse [FILE|-] [--format auto|prom|openmetrics] [--strict]
  promplay conformance SUITE|all [--dir DIR]
  promplay compile FILE... [--out DIR] [--operator-option K=V]...
  promplay targets FILE... [--prometheus NS/NAME] [--job J] [--explain]
  promplay query [--series FILE] [--metrics FILE[@TIME]]... [--at T | --start S --end E
                 [--step D]] [-o table|json] [--explain] EXPR
  promplay bench [--shared DIR] [--min-ms N] [--json] [--inputs] [--browser FILE]
  promplay relabel --config FILE [--job NAME] [--metric] [--labels SET]... [--labels-file FILE]
  promplay test rules FILE... [--run REGEX]... [--ignore-unknown-fields] [--junit FILE]
  promplay rules check FILE...
  promplay rules eval --rules FILE... [--series FILE]... --start S --end E [--interval D]
  promplay am route --config FILE [--labels SET] [--tree] [--verify.receivers R]
  promplay am routes --config FILE
  promplay am inhibit --config FILE --alert SET...
  promplay serve [DIR] [--port N] [--host H]

Commands:
  metrics check   Lint exposition text like `promtool check metrics`
  metrics parse   Print the parsed metric families as JSON
  conformance     Run an upstream conformance suite
  compile         Compile operator manifests to prometheus.yaml, rule files, alertmanager.yaml
  targets         The scrape targets of the manifests, and why a monitor has 0 targets
  query           Evaluate a PromQL expression over series you provide
  bench           Measure the engines' throughput (one table; see scripts/bench)
  relabel         Apply relabel rules to label sets, step by step
  test rules      Run rule unit tests like `promtool test rules`
  rules check     Validate rule files or PrometheusRule manifests
  rules eval      Evaluate rules over series and print each alert's timeline
  am              Alertmanager routing and inhibition, like amtool config routes
  serve           Serve the built site (dist/) for offline use and classrooms

Options:
  -h, --help      Print help (also after a command)
  -V, --version   Print the version
";

const CHECK_HELP: &str = "\
promplay metrics check: lint exposition text like `promtool check metrics`

Usage: promplay metrics check [FILE|-] [--format auto|prom|openmetrics] [--strict] [--explain]

Reads FILE (or standard input when FILE is `-` or missing), parses it and
reports what promtool's linter would, one finding a line on stderr:
  FILE:LINE:COL: METRIC: MESSAGE
Parse errors are shown with the offending text underlined.

Options:
  -f, --format FORMAT  auto (default: detect), prom (text format 0.0.4) or openmetrics
      --strict         Enforce the specifications (as Go's expfmt and the OpenMetrics
                       spec do) instead of accepting what Prometheus 3 accepts
  -e, --explain        Show each finding with its source line and a hint to fix it
  -h, --help           Print help

Exit status: 0 clean, 3 lint findings, 1 parse or read error, 2 usage error.
";

const PARSE_HELP: &str = "\
promplay metrics parse: print the parsed metric families as JSON

Usage: promplay metrics parse [FILE|-] [--format auto|prom|openmetrics] [--strict]

Prints one JSON document on stdout: the families with their samples, the
parse diagnostics and the lint findings, each with line and column
(the shape is documented in crates/promplay-pipeline/README.md).
Parse errors are also shown on stderr.

Options:
  -f, --format FORMAT  auto (default: detect), prom (text format 0.0.4) or openmetrics
      --strict         Enforce the specifications instead of Prometheus 3's leniency
  -h, --help           Print help

Exit status: 0 parsed, 1 parse or read error, 2 usage error.
";

const CONFORMANCE_HELP: &str = "\
promplay conformance: run an upstream conformance suite

Usage: promplay conformance SUITE|all [--dir DIR]

Runs SUITE (or every suite) against the engines, lists each failure with its
case id and the difference, and ends with `N passed, M failed, K skipped`
(promql then prints `float-only: N passed, M failed`). To run only some promql
scripts or evals: PROMPLAY_PROMQL_ONLY=functions.test,selectors.test:30

Options:
      --dir DIR  The conformance root (default: $PROMPLAY_CONFORMANCE_DIR, else
                 ../shared/conformance relative to the current directory)
  -h, --help     Print help

Exit status: 0 no failure, 1 a case failed or the suite could not run, 2 usage error.
";

/// Parses the arguments after the program name.
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Command, lexopt::Error> {
    let mut parser = lexopt::Parser::from_args(args);
    let command = match parser.next()? {
        None => {
            return Err(
                "missing command (metrics, conformance, compile, query, relabel, test or rules)"
                    .into(),
            );
        }
        Some(Short('h') | Long("help")) => return Ok(Command::Help(MAIN_HELP)),
        Some(Short('V') | Long("version")) => return Ok(Command::Version),
        Some(Value(word)) => word.string()?,
        Some(arg) => return Err(arg.unexpected()),
    };
    match command.as_str() {
        "metrics" => {
            let sub = match parser.next()? {
                None => return Err("missing subcommand: `metrics check` or `metrics parse`".into()),
                Some(Short('h') | Long("help")) => return Ok(Command::Help(MAIN_HELP)),
                Some(Value(word)) => word.string()?,
                Some(arg) => return Err(arg.unexpected()),
            };
            match sub.as_str() {
                "check" => metrics_options(&mut parser, CHECK_HELP, Command::MetricsCheck),
                "parse" => metrics_options(&mut parser, PARSE_HELP, Command::MetricsParse),
                other => Err(format!(
                    "unknown subcommand `metrics {other}`; expected `check` or `parse`"
                )
                .into()),
            }
        }
        "conformance" => conformance_options(&mut parser),
        "compile" => crate::compile::options(&mut parser),
        "am" => crate::am::options(&mut parser),
        "targets" => crate::targets::options(&mut parser),
        "query" => Ok(crate::query::options(&mut parser)?
            .map_or(Command::Help(crate::query::HELP), Command::Query)),
        "bench" => crate::bench::options(&mut parser),
        "serve" => crate::serve::options(&mut parser),
        "relabel" => crate::relabel::options(&mut parser),
        "test" => match parser.next()? {
            Some(Value(word)) if word == "rules" => Ok(crate::rules::test_options(&mut parser)?
                .map_or(Command::Help(crate::rules::TEST_HELP), Command::TestRules)),
            Some(Short('h') | Long("help")) | None => Ok(Command::Help(crate::rules::TEST_HELP)),
            Some(Value(word)) => Err(format!(
                "unknown subcommand `test {}`; expected `test rules`",
                word.to_string_lossy()
            )
            .into()),
            Some(arg) => Err(arg.unexpected()),
        },
        "rules" => match parser.next()? {
            Some(Value(word)) if word == "eval" => Ok(crate::rules::eval_options(&mut parser)?
                .map_or(Command::Help(crate::rules::RULES_HELP), Command::RulesEval)),
            Some(Value(word)) if word == "check" => {
                let mut files = Vec::new();
                while let Some(arg) = parser.next()? {
                    match arg {
                        Short('h') | Long("help") => return Ok(Command::Help(crate::rules::RULES_HELP)),
                        Value(v) => files.push(PathBuf::from(v)),
                        other => return Err(other.unexpected()),
                    }
                }
                if files.is_empty() {
                    return Err("missing FILE, the rule file(s) to check".into());
                }
                Ok(Command::RulesCheck(files))
            }
            Some(Short('h') | Long("help")) | None => Ok(Command::Help(crate::rules::RULES_HELP)),
            Some(Value(word)) => Err(format!(
                "unknown subcommand `rules {}`; expected `check` or `eval`",
                word.to_string_lossy()
            )
            .into()),
            Some(arg) => Err(arg.unexpected()),
        },
        "help" => Ok(Command::Help(MAIN_HELP)),
        other => Err(format!(
            "unknown command `{other}`; expected `metrics`, `conformance`, `compile`, `targets`, `query`, `relabel`, `test`, `rules`, `am`, `bench` or `serve`"
        )
        .into()),
    }
}

fn metrics_options(
    parser: &mut lexopt::Parser,
    help: &'static str,
    make: fn(MetricsOptions) -> Command,
) -> Result<Command, lexopt::Error> {
    let mut file = None;
    let mut format = None;
    let mut strictness = Strictness::Prometheus;
    let mut explain = false;
    while let Some(arg) = parser.next()? {
        match arg {
            Short('h') | Long("help") => return Ok(Command::Help(help)),
            Short('f') | Long("format") => {
                let word = parser.value()?.string()?;
                format = promplay_pipeline::parse_format(&word).ok_or_else(|| {
                    format!("invalid --format `{word}`; expected auto, prom or openmetrics")
                })?;
            }
            Long("strict") => strictness = Strictness::Strict,
            Short('e') | Long("explain") if help == CHECK_HELP => explain = true,
            Value(path) if file.is_none() => {
                file = Some(if path == "-" { None } else { Some(PathBuf::from(path)) });
            }
            Value(path) => {
                return Err(format!(
                    "only one input file is allowed, got a second one: {}",
                    path.to_string_lossy()
                )
                .into());
            }
            other => return Err(other.unexpected()),
        }
    }
    Ok(make(MetricsOptions { file: file.flatten(), format, strictness, explain }))
}

fn conformance_options(parser: &mut lexopt::Parser) -> Result<Command, lexopt::Error> {
    let mut suite = None;
    let mut dir = None;
    while let Some(arg) = parser.next()? {
        match arg {
            Short('h') | Long("help") => return Ok(Command::Help(CONFORMANCE_HELP)),
            Long("dir") => dir = Some(PathBuf::from(parser.value()?)),
            Value(name) if suite.is_none() => suite = Some(name.string()?),
            Value(name) => {
                return Err(format!("unexpected argument `{}`", name.to_string_lossy()).into());
            }
            other => return Err(other.unexpected()),
        }
    }
    let suite = suite.ok_or_else(|| {
        format!("missing SUITE; expected one of: {}, all", promplay_conformance::SUITES.join(", "))
    })?;
    Ok(Command::Conformance(ConformanceOptions { suite, dir }))
}
