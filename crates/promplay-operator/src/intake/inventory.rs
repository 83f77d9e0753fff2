//! The inventory: every object the intake accepted, with lookups by kind,
//! namespace and name, the namespaces the cluster would have, and the span
//! index from `(object, field path)` to the place in the input text.

use promplay_diagnostics::{Diagnostic, Span};

use super::spans::{self, Spans};
use super::{FileDiagnostic, codes};
use crate::select::Namespace;
use crate::value::Value;

/// One Kubernetes object, after schema pruning and Secret normalisation.
#[derive(Clone, Debug)]
pub struct Object {
    /// Index of the input file.
    pub file: usize,
    /// Index of the YAML document in that file.
    pub doc: usize,
    /// `kind`.
    pub kind: String,
    /// `apiVersion`.
    pub api_version: String,
    /// `metadata.namespace` (`default` when a namespaced object leaves it
    /// out, as `kubectl apply` would; empty for cluster-scoped kinds).
    pub namespace: String,
    /// `metadata.name`.
    pub name: String,
    /// `metadata.labels`.
    pub labels: Vec<(String, String)>,
    /// The whole object.
    pub value: Value,
    /// Positions of the document the object came from (indexed on first
    /// use: see [`Object::span`]).
    pub spans: Spans,
    /// The object's path inside its document (`items[3]` in a List, else empty).
    pub path_prefix: String,
}

impl Object {
    /// Where the object is in its file.
    pub fn span(&self) -> Span {
        self.spans.value_span(&self.path_prefix)
    }

    /// The span of the value at a field path such as `spec.endpoints[0].port`
    /// (or of its nearest ancestor that is written in the text).
    pub fn value_span(&self, path: &str) -> Span {
        let full = spans::child_path(&self.path_prefix, path);
        if self.spans.lookup(&full).is_none() { self.span() } else { self.spans.value_span(&full) }
    }

    /// The span of the key of the field at `path`.
    pub fn key_span(&self, path: &str) -> Span {
        let full = spans::child_path(&self.path_prefix, path);
        if self.spans.lookup(&full).is_none() { self.span() } else { self.spans.key_span(&full) }
    }

    /// `namespace/name`, or `name` for cluster-scoped objects.
    pub fn display_name(&self) -> String {
        if self.namespace.is_empty() {
            self.name.clone()
        } else {
            format!("{}/{}", self.namespace, self.name)
        }
    }
}

/// An object of a kind the compiler does not read.
#[derive(Clone, Debug)]
pub struct Ignored {
    /// Index of the input file.
    pub file: usize,
    /// Index of the YAML document.
    pub doc: usize,
    /// `kind`.
    pub kind: String,
    /// `apiVersion`.
    pub api_version: String,
    /// `metadata.namespace`, if given.
    pub namespace: String,
    /// `metadata.name`, if given.
    pub name: String,
    /// Positions of its document.
    pub spans: Spans,
    /// Its path inside the document (`items[3]` in a List, else empty).
    pub path_prefix: String,
}

impl Ignored {
    /// Where it is.
    pub fn span(&self) -> Span {
        self.spans.value_span(&self.path_prefix)
    }
}

/// Every accepted object.
#[derive(Clone, Debug, Default)]
pub struct Inventory {
    /// The objects, in input order (a later duplicate replaces an earlier one).
    pub objects: Vec<Object>,
    /// Objects of kinds the compiler does not read.
    pub ignored: Vec<Ignored>,
}

impl Inventory {
    /// The object of `kind` named `name` in `namespace`.
    pub fn get(&self, kind: &str, namespace: &str, name: &str) -> Option<&Object> {
        self.objects.iter().find(|o| o.kind == kind && o.namespace == namespace && o.name == name)
    }

    /// Every object of `kind`, in input order.
    pub fn by_kind<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a Object> + 'a {
        self.objects.iter().filter(move |o| o.kind == kind)
    }

    /// The namespaces of the cluster: every `Namespace` object, plus every
    /// namespace an object lives in (the API server would have refused the
    /// object otherwise), each with the automatic `kubernetes.io/metadata.name`
    /// label. Sorted by name.
    pub fn namespaces(&self) -> Vec<Namespace> {
        let mut out: Vec<Namespace> =
            self.by_kind("Namespace").map(|o| Namespace::new(&o.name, o.labels.clone())).collect();
        for o in &self.objects {
            if !o.namespace.is_empty() && !out.iter().any(|n| n.name == o.namespace) {
                out.push(Namespace::new(&o.namespace, Vec::new()));
            }
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }

    /// The decoded bytes of `data.<key>` of Secret `namespace/name`.
    pub fn secret_bytes(&self, namespace: &str, name: &str, key: &str) -> Option<Vec<u8>> {
        use base64::Engine as _;
        let secret = self.get("Secret", namespace, name)?;
        let text = secret.value.path(&["data", key])?.as_str()?;
        base64::engine::general_purpose::STANDARD.decode(text).ok()
    }

    /// `data.<key>` of ConfigMap `namespace/name`.
    pub fn configmap_value(&self, namespace: &str, name: &str, key: &str) -> Option<&str> {
        self.get("ConfigMap", namespace, name)?.value.path(&["data", key])?.as_str()
    }

    /// Removes earlier duplicates (same kind, namespace and name): like
    /// `kubectl apply` of the whole input, the last one wins.
    pub(super) fn finish(&mut self, diagnostics: &mut Vec<FileDiagnostic>) {
        let mut keep = vec![true; self.objects.len()];
        for (i, o) in self.objects.iter().enumerate() {
            let later = self.objects[i + 1..]
                .iter()
                .any(|p| p.kind == o.kind && p.namespace == o.namespace && p.name == o.name);
            if later {
                keep[i] = false;
                let d = Diagnostic::warning(
                    codes::DUPLICATE_OBJECT,
                    format!(
                        "{} {} is defined again later; the later one is used",
                        o.kind,
                        o.display_name()
                    ),
                )
                .with_label(o.key_span("metadata.name"), "first definition");
                diagnostics.push(FileDiagnostic { file: o.file, diagnostic: d });
            }
        }
        let mut flags = keep.into_iter();
        self.objects.retain(|_| flags.next().unwrap_or(true));
    }
}
