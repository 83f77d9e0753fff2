//! The intake: manifests (multi-document YAML or JSON, `kind: List`,
//! comments, anchors, aliases and merge keys) in, an [`Inventory`] of
//! Kubernetes objects out, with diagnostics that point at the exact place in
//! the pasted text.
//!
//! Values are read with the serde_yaml API (`yaml.rs`), positions with an
//! event-level span indexer (`spans.rs`). Each object is then checked
//! against its schema (`crate::schema`): unknown fields are reported and
//! dropped as the API server would, wrong types and missing required fields
//! are errors. Secrets are normalised the way the API server stores them
//! (`stringData` merged into base64 `data`). Kinds the compiler does not
//! read are listed as ignored, never silently lost.

pub mod codes;
mod inventory;
pub mod spans;
pub mod yaml;

use promplay_diagnostics::{Diagnostic, Severity, Span};

pub use inventory::{Ignored, Inventory, Object};
use spans::{FileSpans, Spans};

use crate::value::Value;

/// One input file.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Its name, as shown in diagnostics (`-` for standard input).
    pub name: String,
    /// Its text.
    pub text: String,
}

/// A diagnostic about one input file; spans are byte offsets into its text.
#[derive(Clone, Debug)]
pub struct FileDiagnostic {
    /// Index into the input files.
    pub file: usize,
    /// The diagnostic.
    pub diagnostic: Diagnostic,
}

/// What the intake produced.
#[derive(Clone, Debug, Default)]
pub struct Intake {
    /// The objects.
    pub inventory: Inventory,
    /// Every problem found, in file order.
    pub diagnostics: Vec<FileDiagnostic>,
}

/// Reads YAML text holding one document into a [`Value`] (merge keys
/// applied), for configuration embedded in Secrets and ConfigMaps.
pub fn parse_yaml(text: &str) -> Result<Value, String> {
    yaml::parse_one(text).map_err(|e| e.message)
}

/// Reads every file into an inventory.
pub fn intake(files: &[SourceFile]) -> Intake {
    combine(files.iter().enumerate().map(|(file, source)| read_file(file, &source.text)).collect())
}

/// Reads one file, the `file`-th of the input, on its own: a caller that
/// recompiles often (the workbench) keeps the result while the text is
/// unchanged and joins the parts with [`combine`].
pub fn read_file(file: usize, text: &str) -> Intake {
    let mut out = Intake::default();
    let (docs, error) = yaml::parse_stream(text);
    let file_spans = FileSpans::new(text);
    for (doc, value) in docs.into_iter().enumerate() {
        read_document(file, doc, value, &Spans::new(&file_spans, doc), &mut out);
    }
    if let Some(e) = error {
        let at = e.offset.unwrap_or(0).min(text.len()) as u32;
        let end = next_char_end(text, at);
        let d = Diagnostic::error(codes::YAML_SYNTAX, format!("invalid YAML: {}", e.message))
            .with_label(Span { start: at, end }, "here")
            .with_help(
                "the documents before this point were read; fix the syntax to read the rest",
            );
        out.diagnostics.push(FileDiagnostic { file, diagnostic: d });
    }
    out
}

/// Joins the per-file results of [`read_file`], in file order, into one
/// intake (a later duplicate object replaces an earlier one).
pub fn combine(parts: Vec<Intake>) -> Intake {
    let mut out = Intake::default();
    for part in parts {
        out.inventory.objects.extend(part.inventory.objects);
        out.inventory.ignored.extend(part.inventory.ignored);
        out.diagnostics.extend(part.diagnostics);
    }
    out.inventory.finish(&mut out.diagnostics);
    out
}

/// `List`, or `<Kind>List` with an `items` sequence.
fn is_list_kind(kind: &str) -> bool {
    kind.ends_with("List")
}

/// The end of the character at `at` (for a one-character span).
fn next_char_end(text: &str, at: u32) -> u32 {
    let rest = text.get(at as usize..).unwrap_or("");
    at + rest.chars().next().map_or(0, |c| c.len_utf8() as u32)
}

fn read_document(file: usize, doc: usize, value: Value, spans: &Spans, out: &mut Intake) {
    match value {
        // An empty document (`---` with nothing, or only comments).
        Value::Null => {}
        // `List` and the typed lists kubectl also accepts (`ConfigMapList`, …).
        Value::Map(_) if value.get("kind").and_then(Value::as_str).is_some_and(is_list_kind) => {
            if value.get("items").and_then(Value::as_seq).is_none() {
                let d = Diagnostic::error(
                    codes::NOT_AN_OBJECT,
                    "a list kind needs an `items` sequence",
                )
                .with_label(spans.key_span("kind"), "this List");
                out.diagnostics.push(FileDiagnostic { file, diagnostic: d });
                return;
            }
            // Take the items out rather than copying them: a List can hold
            // megabytes (kube-prometheus' Grafana dashboards).
            let mut value = value;
            let items = match value.as_map_mut().and_then(|m| m.remove("items")) {
                Some(Value::Seq(items)) => items,
                _ => Vec::new(),
            };
            for (i, item) in items.into_iter().enumerate() {
                read_object(file, doc, item, spans, format!("items[{i}]"), out);
            }
        }
        Value::Map(_) => read_object(file, doc, value, spans, String::new(), out),
        _ => {
            let d = match recognise_config(&value) {
                Some(what) => not_an_object(what, spans.span()),
                None => Diagnostic::error(
                    codes::NOT_AN_OBJECT,
                    "this document is not a Kubernetes object (a mapping with `apiVersion` and `kind`)",
                )
                .with_label(spans.span(), "this document"),
            };
            out.diagnostics.push(FileDiagnostic { file, diagnostic: d });
        }
    }
}

fn read_object(
    file: usize,
    doc: usize,
    mut value: Value,
    spans: &Spans,
    prefix: String,
    out: &mut Intake,
) {
    let at = |field: &str| spans::child_path(&prefix, field);
    // Positions are looked up only when a diagnostic needs one.
    let whole = || spans.value_span(&prefix);
    let mut push = |d: Diagnostic| out.diagnostics.push(FileDiagnostic { file, diagnostic: d });
    if !matches!(value, Value::Map(_)) {
        push(
            Diagnostic::error(codes::NOT_AN_OBJECT, "a List item is not a Kubernetes object")
                .with_label(whole(), "this item"),
        );
        return;
    }
    let kind = value.get("kind").and_then(Value::as_str).unwrap_or("").to_owned();
    let api_version = value.get("apiVersion").and_then(Value::as_str).unwrap_or("").to_owned();
    if kind.is_empty() || api_version.is_empty() {
        if let Some(what) = recognise_config(&value) {
            push(not_an_object(what, first_line(whole(), spans, &prefix)));
            return;
        }
        let missing = if kind.is_empty() { "kind" } else { "apiVersion" };
        push(
            Diagnostic::error(codes::MISSING_KIND, format!("object without `{missing}`"))
                .with_label(first_line(whole(), spans, &prefix), "this object")
                .with_help("every Kubernetes object names its `apiVersion` and `kind`"),
        );
        return;
    }
    let name = value.path(&["metadata", "name"]).and_then(Value::as_str).unwrap_or("").to_owned();
    let namespace =
        value.path(&["metadata", "namespace"]).and_then(Value::as_str).unwrap_or("").to_owned();
    let known = crate::schema::lookup(&kind);
    let Some(schema) = known else {
        push(
            Diagnostic::new(
                Severity::Info,
                codes::IGNORED_KIND,
                format!(
                    "ignored {kind} {}: the compiler does not read this kind",
                    display_name(&namespace, &name)
                ),
            )
            .with_label(spans.value_span(&at("kind")), "this kind"),
        );
        out.inventory.ignored.push(Ignored {
            file,
            doc,
            kind,
            api_version,
            namespace,
            name,
            spans: spans.clone(),
            path_prefix: prefix,
        });
        return;
    };
    if name.is_empty() {
        push(
            Diagnostic::error(codes::MISSING_NAME, format!("{kind} without `metadata.name`"))
                .with_label(spans.key_span(&at("metadata")), "no name here")
                .with_help("add `metadata: {name: ...}`"),
        );
        return;
    }
    if !schema.serves(&api_version) {
        let served: Vec<&str> = schema.api_versions().collect();
        push(
            Diagnostic::error(
                codes::WRONG_API_VERSION,
                format!("{kind} is served as {}, not {api_version}", served.join(" or ")),
            )
            .with_label(spans.value_span(&at("apiVersion")), "unknown apiVersion for this kind"),
        );
        return;
    }
    let mut problems = Vec::new();
    crate::schema::check(schema, &mut value, spans, &prefix, &mut problems);
    let failed = problems.iter().any(|d: &Diagnostic| d.is_error());
    for d in problems {
        push(d);
    }
    if kind == "Secret" {
        normalise_secret(&mut value, spans, &prefix, &mut push);
    }
    if failed {
        // The API server would refuse the object; the compiler never sees it.
        return;
    }
    let namespace = if schema.namespaced && namespace.is_empty() {
        "default".to_owned()
    } else if schema.namespaced {
        namespace
    } else {
        String::new()
    };
    let labels = crate::select::object_labels(&value);
    out.inventory.objects.push(Object {
        file,
        doc,
        kind,
        api_version,
        namespace,
        name,
        labels,
        value,
        spans: spans.clone(),
        path_prefix: prefix,
    });
}

/// Configuration files people keep next to manifests, recognised so the
/// message says what they are and where they belong: `(what, help)`.
fn recognise_config(value: &Value) -> Option<(&'static str, &'static str)> {
    let first_item = value.as_seq().and_then(|s| s.first());
    if first_item.is_some_and(|i| i.get("job_name").is_some()) {
        return Some((
            "a list of Prometheus scrape configs",
            "put it in a Secret and reference that key from the Prometheus' `spec.additionalScrapeConfigs`",
        ));
    }
    if value.get("groups").is_some() {
        return Some((
            "a Prometheus rule file",
            "wrap it in a PrometheusRule: its `groups` go under `spec`",
        ));
    }
    if value.get("route").is_some() || value.get("receivers").is_some() {
        return Some((
            "an Alertmanager configuration",
            "put it in Secret `alertmanager-<name>` under the key `alertmanager.yaml`",
        ));
    }
    if value.get("scrape_configs").is_some() || value.get("global").is_some() {
        return Some((
            "a Prometheus configuration",
            "the operator generates prometheus.yaml itself; describe targets with ServiceMonitors, PodMonitors or ScrapeConfigs",
        ));
    }
    None
}

/// A warning for a document that is configuration, not an object: it is
/// skipped and the rest of the input still compiles.
fn not_an_object((what, help): (&str, &str), span: Span) -> Diagnostic {
    Diagnostic::warning(
        codes::NOT_AN_OBJECT,
        format!("skipped a document that is {what}, not a Kubernetes object"),
    )
    .with_label(span, "not an object")
    .with_help(help)
}

/// `ns/name`, or just `name` for cluster-scoped objects.
fn display_name(namespace: &str, name: &str) -> String {
    match (namespace, name) {
        (_, "") => "(no name)".to_owned(),
        ("", n) => n.to_owned(),
        (ns, n) => format!("{ns}/{n}"),
    }
}

/// The first key of an object, so a diagnostic about the whole object
/// underlines one line, not all of them.
fn first_line(whole: Span, spans: &Spans, prefix: &str) -> Span {
    let Some(doc) = spans.doc() else { return whole };
    doc.nodes
        .iter()
        .filter(|(p, n)| spans::parent_path(p) == prefix && n.key.is_some())
        .filter_map(|(_, n)| n.key)
        .min_by_key(|s| s.start)
        .unwrap_or(whole)
}

/// Merges `stringData` into `data` (base64), as the API server stores a
/// Secret, and checks that every `data` value is valid base64.
fn normalise_secret(
    value: &mut Value,
    spans: &Spans,
    prefix: &str,
    push: &mut impl FnMut(Diagnostic),
) {
    use base64::Engine as _;
    let Value::Map(map) = value else { return };
    let mut data = match map.remove("data") {
        Some(Value::Map(m)) => m,
        _ => crate::value::Map::new(),
    };
    let mut bad = Vec::new();
    for (key, v) in data.iter() {
        let text = match v {
            Value::String(s) => s.as_str(),
            Value::Null => "",
            _ => continue,
        };
        if base64::engine::general_purpose::STANDARD.decode(text).is_err() {
            bad.push(key.to_owned());
        }
    }
    for key in bad {
        let path = spans::child_path(&spans::child_path(prefix, "data"), &key);
        push(
            Diagnostic::error(codes::BAD_BASE64, format!("`data.{key}` is not valid base64"))
                .with_label(spans.value_span(&path), "not base64")
                .with_help(
                    "put plain text under `stringData` instead, or encode it with `base64 -w0`",
                ),
        );
        data.remove(&key);
    }
    if let Some(Value::Map(string_data)) = map.remove("stringData") {
        for (key, v) in string_data.iter() {
            let text = match v {
                Value::String(s) => s.clone(),
                Value::Null => String::new(),
                other => crate::emit::to_yaml(other).trim_end().to_owned(),
            };
            let encoded = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
            data.insert(key, Value::String(encoded));
        }
    }
    if !data.is_empty() {
        map.insert("data", Value::Map(data));
    }
}

#[cfg(test)]
mod tests;
