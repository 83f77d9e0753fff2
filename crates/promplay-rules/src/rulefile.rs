//! Rule files as Prometheus reads them (`model/rulefmt`): `groups` of
//! recording and alerting rules, read with positions and validated like
//! `promtool check rules` — empty or repeated group names, invalid names,
//! PromQL that does not parse (its error placed inside the YAML string),
//! fields that only alerting rules have, templates that do not parse.
//!
//! PrometheusRule manifests (`kind: PrometheusRule`, any number of YAML
//! documents) are read too: their `spec.groups` is the same structure.

use promplay_diagnostics::{Diagnostic, Severity, Span};
use promplay_model::{Labels, is_valid_label_name, is_valid_metric_name};
use promplay_promql_syntax::{Expr, ParseOptions, ValueType, parse_with};

use crate::codes;
use crate::decode::Decoder;
use crate::yaml::{self, Node};

/// How rule text is read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleFileOptions {
    /// Skip unknown keys instead of rejecting them (`--ignore-unknown-fields`).
    pub ignore_unknown_fields: bool,
    /// The PromQL features the expressions may use.
    pub promql: ParseOptions,
}

impl Default for RuleFileOptions {
    /// Strict, stable PromQL: a default Prometheus server.
    fn default() -> RuleFileOptions {
        RuleFileOptions { ignore_unknown_fields: false, promql: ParseOptions::default() }
    }
}

/// The groups of one rule file (or of the PrometheusRules of one manifest file).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RuleFile {
    /// The groups in file order; groups and rules with errors are kept, as
    /// far as they could be read, so an editor can still show them.
    pub groups: Vec<RuleGroup>,
}

/// One rule group.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleGroup {
    /// `name`.
    pub name: String,
    /// `interval` in ms, when given (else the global evaluation interval).
    pub interval_ms: Option<i64>,
    /// `query_offset` in ms, when given.
    pub query_offset_ms: Option<i64>,
    /// `limit`: the most series a recording rule or alerts an alerting rule
    /// may produce (0 = no limit).
    pub limit: usize,
    /// `labels`, added to every rule's labels (a rule's own labels win).
    pub labels: Vec<(String, String)>,
    /// The rules in order.
    pub rules: Vec<Rule>,
    /// The whole group in the input.
    pub span: Span,
    /// The group's `name` value (or the group when it has none).
    pub name_span: Span,
    /// For a PrometheusRule: `namespace/name` of the object it came from.
    pub object: Option<String>,
}

/// Recording or alerting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleKind {
    /// `record:`
    Recording,
    /// `alert:`
    Alerting,
}

/// One rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    /// Recording or alerting.
    pub kind: RuleKind,
    /// The `record` or `alert` name.
    pub name: String,
    /// The expression as written.
    pub expr: String,
    /// The parsed expression; `None` when it does not parse.
    pub parsed: Option<Expr>,
    /// `for`, in ms.
    pub for_ms: i64,
    /// `keep_firing_for`, in ms.
    pub keep_firing_for_ms: i64,
    /// The rule's labels merged over the group's, sorted by name.
    pub labels: Vec<TextField>,
    /// `annotations`, sorted by name.
    pub annotations: Vec<TextField>,
    /// The whole rule in the input.
    pub span: Span,
    /// The `record`/`alert` value.
    pub name_span: Span,
    /// The `expr` value node, for mapping positions inside the expression.
    pub expr_node: Option<Node>,
}

/// A label or annotation of a rule: name, template text and positions.
#[derive(Clone, Debug, PartialEq)]
pub struct TextField {
    /// The name.
    pub name: String,
    /// The value (a template for alerting rules).
    pub value: String,
    /// The value node (positions inside the template); `None` for a group
    /// label inherited by the rule.
    pub node: Option<Node>,
}

impl Rule {
    /// The span in the input of `expr_span` (byte offsets into [`Rule::expr`]).
    pub fn expr_span_in_input(&self, input: &str, expr_span: Span) -> Span {
        match &self.expr_node {
            Some(node) => yaml::value_span_to_input(input, node, expr_span),
            None => self.span,
        }
    }
}

impl TextField {
    /// The span in the input of `span` (byte offsets into the value).
    pub fn span_in_input(&self, input: &str, span: Span, fallback: Span) -> Span {
        match &self.node {
            Some(node) => yaml::value_span_to_input(input, node, span),
            None => fallback,
        }
    }
}

/// What reading rule text produced.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ParsedRules {
    /// The groups read.
    pub file: RuleFile,
    /// Problems, with spans into the text.
    pub diagnostics: Vec<Diagnostic>,
}

impl ParsedRules {
    /// Whether any diagnostic is an error (Prometheus would refuse the file).
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Reads a Prometheus rule file.
pub fn parse_rule_file(text: &str, options: &RuleFileOptions) -> ParsedRules {
    let (docs, syntax) = yaml::parse_documents(text);
    let mut d = Decoder::new(text, !options.ignore_unknown_fields);
    let mut file = RuleFile::default();
    if let Some(doc) = docs.first() {
        read_groups_root(&mut d, doc, options, None, &mut file);
    }
    if docs.len() > 1 {
        d.diagnostics.push(
            Diagnostic::warning(
                codes::MULTI_DOCUMENT,
                "multiple document yaml rules files are not supported, only the first document is processed",
            )
            .with_label(docs[1].span, "this document is ignored"),
        );
    }
    if let Some(e) = syntax {
        d.diagnostics.push(syntax_diagnostic(&e));
    }
    ParsedRules { file, diagnostics: d.diagnostics }
}

/// Reads the PrometheusRule objects of a manifest file (any number of YAML
/// documents; `kind: List` items too): each object's `spec.groups`.
/// Unknown fields are warnings, as the API server prunes them.
pub fn parse_manifests(text: &str, options: &RuleFileOptions) -> ParsedRules {
    let (docs, syntax) = yaml::parse_documents(text);
    let mut d = Decoder::new(text, false);
    let mut file = RuleFile::default();
    let mut objects = 0;
    let mut stack: Vec<&Node> = docs.iter().rev().collect();
    while let Some(doc) = stack.pop() {
        if doc.is_null() {
            continue;
        }
        let kind = doc.get("kind").and_then(Node::as_scalar).unwrap_or("");
        if kind.ends_with("List")
            && let Some(yaml::NodeKind::Seq(items)) = doc.get("items").map(|n| &n.kind)
        {
            stack.extend(items.iter().rev());
            continue;
        }
        if kind != "PrometheusRule" {
            let what = if kind.is_empty() {
                "a document without `kind`".to_owned()
            } else {
                format!("a {kind}")
            };
            d.diagnostics.push(
                Diagnostic::new(
                    Severity::Info,
                    codes::NOT_PROMETHEUS_RULE,
                    format!("{what} is not a PrometheusRule and is ignored"),
                )
                .with_label(doc.get("kind").map_or(doc.span, |k| k.span), "ignored"),
            );
            continue;
        }
        objects += 1;
        let meta = doc.get("metadata");
        let name = meta.and_then(|m| m.get("name")).and_then(Node::as_scalar).unwrap_or("");
        let namespace =
            meta.and_then(|m| m.get("namespace")).and_then(Node::as_scalar).unwrap_or("default");
        let object = format!("{namespace}/{name}");
        match doc.get("spec") {
            Some(spec) => read_groups_root(&mut d, spec, options, Some(&object), &mut file),
            None => d.error(
                codes::TYPE,
                doc.span,
                "a PrometheusRule needs a `spec` with `groups`".into(),
                "this PrometheusRule",
            ),
        }
    }
    if objects == 0 && syntax.is_none() {
        d.diagnostics.push(
            Diagnostic::warning(codes::NO_RULES, "no PrometheusRule object found")
                .with_label(Span::new(0, 0), "in this input")
                .with_help("paste objects with `kind: PrometheusRule`, or a plain rule file"),
        );
    }
    if let Some(e) = syntax {
        d.diagnostics.push(syntax_diagnostic(&e));
    }
    ParsedRules { file, diagnostics: d.diagnostics }
}

/// Reads text that is either a rule file or PrometheusRule manifests: text
/// with a `kind:` key at the top of a document is read as manifests.
pub fn parse_rules_auto(text: &str, options: &RuleFileOptions) -> ParsedRules {
    let looks_like_manifest = text.lines().any(|l| {
        let l = l.trim_end();
        l.starts_with("kind:") || l.starts_with("apiVersion:")
    });
    if looks_like_manifest {
        parse_manifests(text, options)
    } else {
        parse_rule_file(text, options)
    }
}

fn syntax_diagnostic(e: &yaml::SyntaxError) -> Diagnostic {
    Diagnostic::error(codes::YAML_SYNTAX, format!("invalid YAML: {}", e.message))
        .with_label(e.span, "here")
}

const GROUP_FIELDS: &[&str] = &["name", "interval", "query_offset", "limit", "rules", "labels"];
const MANIFEST_GROUP_FIELDS: &[&str] =
    &["name", "interval", "query_offset", "limit", "rules", "labels", "partial_response_strategy"];
const RULE_FIELDS: &[&str] =
    &["record", "alert", "expr", "for", "keep_firing_for", "labels", "annotations"];

fn read_groups_root(
    d: &mut Decoder,
    root: &Node,
    options: &RuleFileOptions,
    object: Option<&str>,
    file: &mut RuleFile,
) {
    let Some(fields) = d.fields(root, "rulefmt.RuleGroups", &["groups"]) else { return };
    let Some(groups) = fields.get("groups") else { return };
    let Some(groups) = d.seq(groups) else { return };
    let first = file.groups.len();
    for node in groups {
        if let Some(group) = read_group(d, node, options, object) {
            file.groups.push(group);
        }
    }
    // Names are unique per file (per object for manifests).
    for i in first..file.groups.len() {
        let g = &file.groups[i];
        if g.name.is_empty() {
            d.diagnostics.push(
                Diagnostic::error(codes::GROUP_NAME_EMPTY, "group name must not be empty")
                    .with_label(g.name_span, "this group has no name"),
            );
        } else if let Some(prev) = file.groups[first..i].iter().find(|p| p.name == g.name) {
            d.diagnostics.push(
                Diagnostic::error(
                    codes::GROUP_NAME_REPEATED,
                    format!("groupname: {:?} is repeated in the same file", g.name),
                )
                .with_label(g.name_span, "repeated here")
                .with_label(prev.name_span, "first used here"),
            );
        }
    }
}

fn read_group(
    d: &mut Decoder,
    node: &Node,
    options: &RuleFileOptions,
    object: Option<&str>,
) -> Option<RuleGroup> {
    let known = if object.is_some() { MANIFEST_GROUP_FIELDS } else { GROUP_FIELDS };
    let fields = d.fields(node, "rulefmt.RuleGroup", known)?;
    let name = fields.get("name").and_then(|n| d.string(n)).unwrap_or_default();
    let name_span = fields.get("name").map_or(node.span, |n| n.span);
    let interval_ms = fields.get("interval").and_then(|n| d.duration(n)).filter(|&ms| ms != 0);
    let query_offset_ms = fields.get("query_offset").and_then(|n| d.duration(n));
    let limit = match fields.get("limit").and_then(|n| d.int(n)) {
        Some(l) if l < 0 => {
            d.error(
                codes::LIMIT,
                fields.get("limit").map_or(node.span, |n| n.span),
                format!("limit must not be negative, found {l}"),
                "here",
            );
            0
        }
        Some(l) => l as usize,
        None => 0,
    };
    let mut labels = Vec::new();
    if let Some(l) = fields.get("labels") {
        for e in d.string_map(l) {
            check_label(d, &e.key, &e.value, e.key_node.span, e.value_node.span, None);
            labels.push((e.key, e.value));
        }
    }
    let mut group = RuleGroup {
        name,
        interval_ms,
        query_offset_ms,
        limit,
        labels,
        rules: Vec::new(),
        span: node.span,
        name_span,
        object: object.map(str::to_owned),
    };
    if let Some(rules) = fields.get("rules").and_then(|n| d.seq(n)) {
        for (i, r) in rules.iter().enumerate() {
            if let Some(rule) = read_rule(d, r, i, &group, options) {
                group.rules.push(rule);
            }
        }
    }
    Some(group)
}

fn read_rule(
    d: &mut Decoder,
    node: &Node,
    index: usize,
    group: &RuleGroup,
    options: &RuleFileOptions,
) -> Option<Rule> {
    let fields = d.fields(node, "rulefmt.Rule", RULE_FIELDS)?;
    let record = fields.get("record").and_then(|n| d.string(n)).unwrap_or_default();
    let alert = fields.get("alert").and_then(|n| d.string(n)).unwrap_or_default();
    let name = if alert.is_empty() { record.clone() } else { alert.clone() };
    let context = format!("group {:?}, rule {}, {:?}", group.name, index + 1, name);
    let name_node = fields.get("alert").or(fields.get("record"));
    let name_span = name_node.map_or(node.span, |n| n.span);
    let err = |d: &mut Decoder, code: &'static str, span: Span, msg: String, label: &str| {
        d.error(code, span, format!("{context}: {msg}"), label);
    };
    let kind = match (record.is_empty(), alert.is_empty()) {
        (false, false) => {
            let mut diag = Diagnostic::error(
                codes::RULE_KIND,
                format!("{context}: only one of 'record' and 'alert' must be set"),
            );
            for key in ["record", "alert"] {
                if let Some(k) = fields.key(key) {
                    diag = diag.with_label(k.span, format!("`{key}` is set here"));
                }
            }
            d.diagnostics.push(diag);
            RuleKind::Alerting
        }
        (true, true) => {
            err(
                d,
                codes::RULE_KIND,
                node.span,
                "one of 'record' or 'alert' must be set".into(),
                "this rule",
            );
            RuleKind::Recording
        }
        (false, true) => RuleKind::Recording,
        (true, false) => RuleKind::Alerting,
    };
    let for_ms = fields.get("for").and_then(|n| d.duration(n)).unwrap_or(0);
    let keep_firing_for_ms = fields.get("keep_firing_for").and_then(|n| d.duration(n)).unwrap_or(0);
    let expr_node = fields.get("expr");
    let expr = expr_node.and_then(|n| d.string(n)).unwrap_or_default();
    let mut parsed = None;
    if expr.is_empty() {
        err(
            d,
            codes::EXPR_MISSING,
            expr_node.map_or(node.span, |n| n.span),
            "field 'expr' must be set in rule".into(),
            "this rule has no expression",
        );
    } else if let Some(en) = expr_node {
        let result = parse_with(&expr, &options.promql);
        match (&result.expr, result.diagnostics.iter().find(|x| x.is_error())) {
            (Some(e), _) => {
                if matches!(e.value_type(), ValueType::Matrix | ValueType::String) {
                    d.diagnostics.push(
                        Diagnostic::warning(
                            codes::EXPR_TYPE,
                            format!(
                                "{context}: the expression returns a {}, so every evaluation fails with \"rule result is not a vector or scalar\"",
                                e.value_type().documented()
                            ),
                        )
                        .with_label(en.span, "not an instant vector or scalar"),
                    );
                }
                parsed = Some(e.clone());
            }
            (None, Some(first)) => {
                let inner = first.primary_span().unwrap_or(Span::new(0, 0));
                let (line, col) = line_col(&expr, inner.start as usize);
                let span = yaml::value_span_to_input(d.text, en, inner);
                let mut diag = Diagnostic::error(
                    codes::EXPR_PARSE,
                    format!(
                        "{context}: could not parse expression: {line}:{col}: parse error: {}",
                        first.message
                    ),
                )
                .with_label(span, first.labels.first().map_or("here", |l| l.message.as_str()));
                if let Some(help) = &first.help {
                    diag = diag.with_help(help.clone());
                }
                d.diagnostics.push(diag);
            }
            (None, None) => {}
        }
    }
    let mut labels: Vec<TextField> = group
        .labels
        .iter()
        .map(|(k, v)| TextField { name: k.clone(), value: v.clone(), node: None })
        .collect();
    if let Some(l) = fields.get("labels") {
        for e in d.string_map(l) {
            check_label(d, &e.key, &e.value, e.key_node.span, e.value_node.span, Some(&context));
            let field = TextField { name: e.key, value: e.value, node: Some(e.value_node.clone()) };
            match labels.iter_mut().find(|f| f.name == field.name) {
                Some(existing) => *existing = field,
                None => labels.push(field),
            }
        }
    }
    labels.sort_by(|a, b| a.name.cmp(&b.name));
    let mut annotations: Vec<TextField> = Vec::new();
    let annotations_node = fields.get("annotations");
    if let Some(a) = annotations_node {
        for e in d.string_map(a) {
            if !is_valid_label_name(&e.key) {
                err(
                    d,
                    codes::ANNOTATION_NAME,
                    e.key_node.span,
                    format!("invalid annotation name: {}", e.key),
                    "invalid name",
                );
            }
            annotations.push(TextField {
                name: e.key,
                value: e.value,
                node: Some(e.value_node.clone()),
            });
        }
    }
    annotations.sort_by(|a, b| a.name.cmp(&b.name));
    if kind == RuleKind::Recording && !record.is_empty() {
        let rspan = name_span;
        if !annotations.is_empty() {
            err(
                d,
                codes::RECORDING_FIELD,
                annotations_node.map_or(rspan, |n| n.span),
                "invalid field 'annotations' in recording rule".into(),
                "only alerting rules have annotations",
            );
        }
        if for_ms != 0 {
            err(
                d,
                codes::RECORDING_FIELD,
                fields.get("for").map_or(rspan, |n| n.span),
                "invalid field 'for' in recording rule".into(),
                "only alerting rules have `for`",
            );
        }
        if keep_firing_for_ms != 0 {
            err(
                d,
                codes::RECORDING_FIELD,
                fields.get("keep_firing_for").map_or(rspan, |n| n.span),
                "invalid field 'keep_firing_for' in recording rule".into(),
                "only alerting rules have `keep_firing_for`",
            );
        }
        if !is_valid_metric_name(&record) {
            err(
                d,
                codes::RECORD_NAME,
                rspan,
                format!("invalid recording rule name: {record}"),
                "not a metric name",
            );
        }
        if record.contains(['{', '}']) {
            let mut diag = Diagnostic::error(
                codes::RECORD_NAME,
                format!("{context}: braces present in the recording rule name; should it be in expr?: {record}"),
            )
            .with_label(rspan, "a metric name, not a selector");
            diag = diag.with_help("put label matchers into `expr` and fixed labels under `labels`");
            d.diagnostics.push(diag);
        }
    }
    if kind == RuleKind::Alerting && !alert.is_empty() {
        for (what, list) in [("label", &labels), ("annotation", &annotations)] {
            // Text without `{{` has no actions, so it always parses.
            for f in list.iter().filter(|f| f.value.contains("{{")) {
                if let Err(e) = promplay_template::check_alert_template(&alert, &f.value) {
                    let fallback = f.node.as_ref().map_or(node.span, |n| n.span);
                    let span = f.span_in_input(d.text, e.span, fallback);
                    d.diagnostics.push(
                        Diagnostic::error(
                            codes::TEMPLATE_PARSE,
                            format!("{context}: {what} {:?}: {}", f.name, e.message),
                        )
                        .with_label(span, "the template does not parse here"),
                    );
                }
            }
        }
    }
    Some(Rule {
        kind,
        name,
        expr,
        parsed,
        for_ms,
        keep_firing_for_ms,
        labels,
        annotations,
        span: node.span,
        name_span,
        expr_node: expr_node.cloned(),
    })
}

fn check_label(
    d: &mut Decoder,
    name: &str,
    _value: &str,
    name_span: Span,
    _value_span: Span,
    context: Option<&str>,
) {
    // Every Rust string is valid UTF-8, so only the name can be invalid.
    if !is_valid_label_name(name) || name == "__name__" {
        let prefix = context.map(|c| format!("{c}: ")).unwrap_or_default();
        d.diagnostics.push(
            Diagnostic::error(codes::LABEL, format!("{prefix}invalid label name: {name}"))
                .with_label(name_span, "not a valid label name")
                .with_help(
                    "`__name__` cannot be set with labels; use `record` for the metric name",
                ),
        );
    }
}

/// 1-based line and column (in characters) of `offset` in `text`.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset.min(text.len())).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// The labels of `rule` as a label set with the values as written (templates
/// not expanded).
pub fn raw_labels(rule: &Rule) -> Labels {
    Labels::from_pairs(rule.labels.iter().map(|f| (f.name.clone(), f.value.clone())))
}
