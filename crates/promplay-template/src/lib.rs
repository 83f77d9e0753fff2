//! Go's `text/template` as Prometheus uses it to render alert labels and
//! annotations, with Prometheus' template functions (`humanize`, `query`,
//! `reReplaceAll`, …) and Go's `fmt` verbs, printing exactly what Prometheus
//! prints — including the text of its errors.
//!
//! The engine is pure: the evaluation time is an argument and the `query`
//! function runs through a [`QueryBackend`] the caller supplies (the rules
//! engine implements it with the PromQL engine). Limits on recursion depth,
//! output size and executed steps keep a hostile template from hanging the
//! browser tab.
//!
//! ```
//! use promplay_template::{AlertData, NoQueries, expand_alert};
//! use std::collections::BTreeMap;
//!
//! let data = AlertData {
//!     labels: BTreeMap::from([("instance".to_owned(), "node-1:9100".to_owned())]),
//!     value: 0.8512.into(),
//!     ..AlertData::default()
//! };
//! let text = "{{ $labels.instance }} is at {{ $value | humanizePercentage }}";
//! let out = expand_alert("HighLoad", text, &data, &NoQueries, 0).unwrap();
//! assert_eq!(out, "node-1:9100 is at 85.12%");
//!
//! // A failing template renders the way Prometheus shows it in the alert.
//! let err = expand_alert("HighLoad", "{{ $value | humanize 1 }}", &data, &NoQueries, 0)
//!     .unwrap_err();
//! assert!(err.prometheus_rendering().starts_with("<error expanding template: "));
//! ```

mod exec;
mod fmt;
mod funcs;
mod lex;
mod node;
mod parse;
mod prom;
mod value;

pub use value::{Histogram, Value};

use promplay_diagnostics::{Diagnostic, Span};
use std::collections::BTreeMap;

/// The header Prometheus prepends to every alert label and annotation
/// template (`rules/alerting.go`), so `$labels`, `$externalLabels`,
/// `$externalURL` and `$value` are defined.
pub const ALERT_HEADER: &str = "{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}{{$externalURL := .ExternalURL}}{{$value := .Value}}";

/// The data an alert template sees (`template.AlertTemplateData`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AlertData {
    /// The alert's labels before templating: the series' labels without
    /// `__name__` plus nothing else (`.Labels`, `$labels`).
    pub labels: BTreeMap<String, String>,
    /// The configured external labels (`.ExternalLabels`).
    pub external_labels: BTreeMap<String, String>,
    /// Prometheus' `--web.external-url` (`.ExternalURL`, `externalURL`,
    /// `pathPrefix`).
    pub external_url: String,
    /// The sample value of the alert (`.Value`, `$value`).
    pub value: AlertValue,
}

/// The value of the sample behind an alert: a float or a native histogram.
#[derive(Clone, Debug, PartialEq)]
pub enum AlertValue {
    /// A float sample (`float64` in Go).
    Float(f64),
    /// A native histogram (`*histogram.FloatHistogram` in Go).
    Histogram(Histogram),
}

impl Default for AlertValue {
    fn default() -> Self {
        AlertValue::Float(0.0)
    }
}

impl From<f64> for AlertValue {
    fn from(v: f64) -> Self {
        AlertValue::Float(v)
    }
}

/// One sample of a `query` result, as templates see it (`sample` in
/// Prometheus' `template.go`: `.Labels` and `.Value`).
#[derive(Clone, Debug, PartialEq)]
pub struct QuerySample {
    /// The series' labels, `__name__` included when the result has it.
    pub labels: BTreeMap<String, String>,
    /// The value: a float or a native histogram.
    pub value: AlertValue,
}

/// Runs the PromQL of the `query` template function.
///
/// Implementations return an instant vector at `ts_ms` (a scalar result
/// becomes one sample without labels, as `rules.EngineQueryFunc` does), or
/// the error text Prometheus' engine would report (for example
/// `rule result is not a vector or scalar`).
pub trait QueryBackend {
    /// Evaluates `expr` at `ts_ms` milliseconds since the epoch.
    fn query(&self, expr: &str, ts_ms: i64) -> Result<Vec<QuerySample>, String>;
}

/// A [`QueryBackend`] without data: every query returns an empty vector.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoQueries;

impl QueryBackend for NoQueries {
    fn query(&self, _expr: &str, _ts_ms: i64) -> Result<Vec<QuerySample>, String> {
        Ok(Vec::new())
    }
}

/// Why a template could not be parsed or executed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateError {
    /// Whether parsing or execution failed.
    pub kind: ErrorKind,
    /// The error exactly as Prometheus reports it, e.g. `error executing
    /// template __alert_X: template: __alert_X:1:124: executing "__alert_X"
    /// at <humanize>: wrong number of args for humanize: want 1 got 2`.
    pub message: String,
    /// The bytes of the caller's text the error is about (for an alert
    /// template: into the label or annotation text, without the header).
    pub span: Span,
}

/// The two ways a template fails, each with a stable diagnostic code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The template text is malformed (`TPL0001`).
    Parse,
    /// Executing the template failed (`TPL0002`), including a limit hit.
    Exec,
}

impl ErrorKind {
    /// The stable diagnostic code of this kind of error.
    pub fn code(self) -> &'static str {
        match self {
            ErrorKind::Parse => "TPL0001",
            ErrorKind::Exec => "TPL0002",
        }
    }
}

impl TemplateError {
    /// What Prometheus puts into the label or annotation when expansion
    /// fails: `<error expanding template: MESSAGE>`.
    pub fn prometheus_rendering(&self) -> String {
        format!("<error expanding template: {}>", self.message)
    }

    /// The error as a diagnostic over the caller's text.
    pub fn to_diagnostic(&self) -> Diagnostic {
        Diagnostic::error(self.kind.code(), self.message.clone())
            .with_label(self.span, "the template fails here")
    }
}

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for TemplateError {}

/// Bounds that keep a template from hanging the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Maximum nesting of `template` calls (Go's `maxExecDepth` is 100000;
    /// ours is smaller because wasm stacks are).
    pub max_depth: usize,
    /// Maximum output size in bytes.
    pub max_output: usize,
    /// Maximum number of executed nodes (a loop over `until 1000000` stops).
    pub max_steps: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_depth: 200, max_output: 1 << 20, max_steps: 1_000_000 }
    }
}

/// The environment of one execution: time, query backend, URL and limits.
pub struct Env<'a> {
    /// Evaluation time in milliseconds since the epoch (`now`, `query`).
    pub ts_ms: i64,
    /// Runs `query`.
    pub backend: &'a dyn QueryBackend,
    /// The external URL (`externalURL`, `pathPrefix`).
    pub external_url: &'a str,
    /// Execution bounds.
    pub limits: Limits,
}

/// A parsed template: the main template and every `define`d one.
#[derive(Clone, Debug)]
pub struct Template {
    name: String,
    text: String,
    trees: parse::TreeSet,
}

impl Template {
    /// Parses `text` as Go's `template.New(name).Funcs(prometheusFuncs).Parse(text)`.
    ///
    /// The error message is Go's, e.g. `template: x:1: unexpected "}" in operand`.
    pub fn parse(name: &str, text: &str) -> Result<Template, TemplateError> {
        let trees = parse::parse(name, text).map_err(|e| e.into_error(ErrorKind::Parse))?;
        Ok(Template { name: name.to_owned(), text: text.to_owned(), trees })
    }

    /// The template's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Executes the template with `data` as dot, like Go's `Execute`
    /// (with `missingkey=zero`, as Prometheus sets it).
    ///
    /// The message is Go's `Execute` error, e.g. `template: x:1:3: executing
    /// "x" at <.Foo>: can't evaluate field Foo in type string`.
    pub fn execute(&self, data: &Value, env: &Env<'_>) -> Result<String, TemplateError> {
        exec::execute(&self.trees, &self.name, &self.text, data, env)
            .map_err(|e| e.into_error(ErrorKind::Exec))
    }
}

/// Expands one alert label or annotation template as Prometheus'
/// `AlertingRule.Eval` does: [`ALERT_HEADER`] prepended, the template named
/// `__alert_<alertname>`, `missingkey=zero`.
///
/// On failure the message is what Prometheus logs (`error parsing template
/// …` / `error executing template …`); [`TemplateError::prometheus_rendering`]
/// gives what ends up in the label or annotation. The span points into `text`.
pub fn expand_alert(
    alertname: &str,
    text: &str,
    data: &AlertData,
    backend: &dyn QueryBackend,
    ts_ms: i64,
) -> Result<String, TemplateError> {
    expand_alert_with(alertname, text, data, backend, ts_ms, Limits::default())
}

/// [`expand_alert`] with explicit [`Limits`].
pub fn expand_alert_with(
    alertname: &str,
    text: &str,
    data: &AlertData,
    backend: &dyn QueryBackend,
    ts_ms: i64,
    limits: Limits,
) -> Result<String, TemplateError> {
    let name = format!("__alert_{alertname}");
    let full = format!("{ALERT_HEADER}{text}");
    let shift = |mut e: TemplateError| {
        e.span = unshift(e.span, text.len());
        e
    };
    let template = Template::parse(&name, &full).map_err(|e| {
        let mut e = shift(e);
        e.message = format!("error parsing template {name}: {}", e.message);
        e
    })?;
    let env = Env { ts_ms, backend, external_url: &data.external_url, limits };
    template.execute(&Value::alert_data(data), &env).map_err(|e| {
        let mut e = shift(e);
        e.message = format!("error executing template {name}: {}", e.message);
        e
    })
}

/// Checks an alert template the way `promtool check rules` and rule loading
/// do (`rulefmt`'s `testTemplateParsing`): parse only, with the header.
///
/// The message has no `error parsing template` prefix, as upstream's
/// `ParseTest` returns the bare parse error.
pub fn check_alert_template(alertname: &str, text: &str) -> Result<(), TemplateError> {
    let name = format!("__alert_{alertname}");
    let full = format!("{ALERT_HEADER}{text}");
    Template::parse(&name, &full).map(|_| ()).map_err(|mut e| {
        e.span = unshift(e.span, text.len());
        e
    })
}

/// Maps a span into header + text back to a span into `text` alone.
fn unshift(span: Span, text_len: usize) -> Span {
    let h = ALERT_HEADER.len() as u32;
    let len = text_len as u32;
    let start = span.start.saturating_sub(h).min(len);
    let end = span.end.saturating_sub(h).min(len).max(start);
    Span::new(start, end)
}
