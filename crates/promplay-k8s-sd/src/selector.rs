//! Kubernetes label and field selectors as the API server applies them to a
//! list (`k8s.io/apimachinery/pkg/labels` and `.../fields`): the text form
//! the `selectors` of a `kubernetes_sd_configs` entry use, and the fields each
//! kind supports (an unsupported field makes the whole list fail, so the
//! informer stays empty).

use promplay_operator::Value;
use promplay_operator::intake::Object;

use crate::config::{Role, SdConfig};

/// A parsed label selector: every requirement must hold.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LabelSelector {
    /// The requirements, in the written order.
    pub requirements: Vec<Requirement>,
}

/// One requirement of a label selector.
#[derive(Clone, Debug, PartialEq)]
pub enum Requirement {
    /// `key=value`, `key==value`, `key in (a,b)`: present with one of the values.
    In(String, Vec<String>),
    /// `key!=value`, `key notin (a,b)`: absent, or present with another value.
    NotIn(String, Vec<String>),
    /// `key`: present.
    Exists(String),
    /// `!key`: absent.
    DoesNotExist(String),
    /// `key>n`: present with an integer greater than n.
    Gt(String, i64),
    /// `key<n`: present with an integer less than n.
    Lt(String, i64),
}

impl LabelSelector {
    /// Parses `labels.Parse` syntax; the empty text selects everything.
    pub fn parse(text: &str) -> Result<LabelSelector, String> {
        let tokens = lex(text)?;
        let mut p = Parser { tokens, at: 0 };
        let mut requirements = Vec::new();
        if p.tokens.is_empty() {
            return Ok(LabelSelector { requirements });
        }
        loop {
            requirements.push(p.requirement()?);
            match p.next() {
                None => break,
                Some(Tok::Comma) => {}
                Some(t) => {
                    return Err(format!("found '{}', expected: ',' or 'end of string'", t.text()));
                }
            }
        }
        Ok(LabelSelector { requirements })
    }

    /// Whether `labels` satisfy every requirement.
    pub fn matches(&self, labels: &[(String, String)]) -> bool {
        let get = |k: &str| labels.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        self.requirements.iter().all(|r| match r {
            Requirement::In(k, vs) => get(k).is_some_and(|v| vs.iter().any(|x| x == v)),
            Requirement::NotIn(k, vs) => get(k).is_none_or(|v| !vs.iter().any(|x| x == v)),
            Requirement::Exists(k) => get(k).is_some(),
            Requirement::DoesNotExist(k) => get(k).is_none(),
            Requirement::Gt(k, n) => {
                get(k).and_then(|v| v.parse::<i64>().ok()).is_some_and(|v| v > *n)
            }
            Requirement::Lt(k, n) => {
                get(k).and_then(|v| v.parse::<i64>().ok()).is_some_and(|v| v < *n)
            }
        })
    }
}

/// A parsed field selector: every term must hold.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FieldSelector {
    /// `(field, value, equal)`: `equal` is false for `!=`.
    pub terms: Vec<(String, String, bool)>,
}

impl FieldSelector {
    /// Parses `fields.ParseSelector` syntax (`a=b,c!=d`, `\,` `\=` `\\`
    /// escapes); the empty text selects everything.
    pub fn parse(text: &str) -> Result<FieldSelector, String> {
        let mut terms = Vec::new();
        if text.is_empty() {
            return Ok(FieldSelector { terms });
        }
        for part in split_unescaped(text, ',') {
            let (field, value, equal) = if let Some(i) = find_unescaped(&part, "!=") {
                (&part[..i], &part[i + 2..], false)
            } else if let Some(i) = find_unescaped(&part, "==") {
                (&part[..i], &part[i + 2..], true)
            } else if let Some(i) = find_unescaped(&part, "=") {
                (&part[..i], &part[i + 1..], true)
            } else {
                return Err(format!("invalid selector: '{text}'; can't understand '{part}'"));
            };
            let value = unescape(value)
                .map_err(|e| format!("invalid field selector value in '{text}': {e}"))?;
            terms.push((field.to_owned(), value, equal));
        }
        Ok(FieldSelector { terms })
    }

    /// The first field `kind` does not support, if any.
    pub fn unsupported_field(&self, kind: &str) -> Option<&str> {
        self.terms.iter().map(|(f, _, _)| f.as_str()).find(|f| field_value_of(kind, f).is_none())
    }

    /// Whether `object` satisfies every term (unsupported fields never match).
    pub fn matches(&self, object: &Object) -> bool {
        self.terms.iter().all(|(field, value, equal)| {
            let Some(read) = field_value_of(&object.kind, field) else { return false };
            (read(object) == *value) == *equal
        })
    }
}

/// The fields the API server can select `kind` by, as readers.
pub fn field_value_of(kind: &str, field: &str) -> Option<fn(&Object) -> String> {
    fn name(o: &Object) -> String {
        o.name.clone()
    }
    fn namespace(o: &Object) -> String {
        o.namespace.clone()
    }
    let common: Option<fn(&Object) -> String> = match field {
        "metadata.name" => Some(name),
        "metadata.namespace" if kind != "Node" => Some(namespace),
        _ => None,
    };
    if common.is_some() {
        return common;
    }
    let f: fn(&Object) -> String = match (kind, field) {
        ("Pod", "spec.nodeName") => |o| text(o, &["spec", "nodeName"], ""),
        ("Pod", "spec.restartPolicy") => |o| text(o, &["spec", "restartPolicy"], "Always"),
        ("Pod", "spec.schedulerName") => {
            |o| text(o, &["spec", "schedulerName"], "default-scheduler")
        }
        ("Pod", "spec.serviceAccountName") => |o| text(o, &["spec", "serviceAccountName"], ""),
        ("Pod", "spec.hostNetwork") => |o| text(o, &["spec", "hostNetwork"], "false"),
        ("Pod", "status.phase") => |o| text(o, &["status", "phase"], ""),
        ("Pod", "status.podIP") => |o| text(o, &["status", "podIP"], ""),
        ("Pod", "status.nominatedNodeName") => |o| text(o, &["status", "nominatedNodeName"], ""),
        ("Node", "spec.unschedulable") => |o| text(o, &["spec", "unschedulable"], "false"),
        ("Service", "spec.clusterIP") => |o| text(o, &["spec", "clusterIP"], ""),
        ("Service", "spec.type") => |o| text(o, &["spec", "type"], "ClusterIP"),
        _ => return None,
    };
    Some(f)
}

/// The parsed selectors of a configuration, per role.
#[derive(Clone, Debug, Default)]
pub(crate) struct RoleSelectors {
    entries: Vec<(Role, Option<(LabelSelector, FieldSelector)>)>,
}

impl RoleSelectors {
    /// Parses the selectors of `config`. A selector the API server would
    /// refuse (unparsable, or a field the kind does not support) becomes a
    /// note and makes the role's list empty.
    pub fn new(config: &SdConfig) -> (RoleSelectors, Vec<String>) {
        let mut notes = Vec::new();
        let mut entries = Vec::new();
        for s in &config.selectors {
            let parsed = LabelSelector::parse(&s.label).and_then(|l| {
                let f = FieldSelector::parse(&s.field)?;
                match f.unsupported_field(s.role.kind()) {
                    Some(field) => Err(format!(
                        "the API server refuses the {} field selector `{}`: field label not supported: {field}",
                        s.role.as_str(),
                        s.field
                    )),
                    None => Ok((l, f)),
                }
            });
            match parsed {
                Ok(p) => entries.push((s.role, Some(p))),
                Err(e) => {
                    notes.push(format!("{e}; no {} objects are listed", s.role.kind()));
                    entries.push((s.role, None));
                }
            }
        }
        (RoleSelectors { entries }, notes)
    }

    /// Whether the list of `role` objects includes `object`.
    pub fn admits(&self, role: Role, object: &Object) -> bool {
        match self.entries.iter().find(|(r, _)| *r == role) {
            None => true,
            Some((_, None)) => false,
            Some((_, Some((l, f)))) => l.matches(&object.labels) && f.matches(object),
        }
    }
}

fn text(o: &Object, path: &[&str], default: &str) -> String {
    match o.value.path(path) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Bool(b)) => b.to_string(),
        Some(Value::Int(i)) => i.to_string(),
        _ => default.to_owned(),
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Ident(String),
    Eq,
    DoubleEq,
    NotEq,
    Not,
    Gt,
    Lt,
    Open,
    Close,
    Comma,
}

impl Tok {
    fn text(&self) -> String {
        match self {
            Tok::Ident(s) => s.clone(),
            Tok::Eq => "=".into(),
            Tok::DoubleEq => "==".into(),
            Tok::NotEq => "!=".into(),
            Tok::Not => "!".into(),
            Tok::Gt => ">".into(),
            Tok::Lt => "<".into(),
            Tok::Open => "(".into(),
            Tok::Close => ")".into(),
            Tok::Comma => ",".into(),
        }
    }
}

fn lex(text: &str) -> Result<Vec<Tok>, String> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '(' | ')' | ',' | '>' | '<' => {
                chars.next();
                out.push(match c {
                    '(' => Tok::Open,
                    ')' => Tok::Close,
                    ',' => Tok::Comma,
                    '>' => Tok::Gt,
                    _ => Tok::Lt,
                });
            }
            '=' | '!' => {
                chars.next();
                let double = chars.peek().is_some_and(|&(_, n)| n == '=');
                if double {
                    chars.next();
                }
                out.push(match (c, double) {
                    ('=', false) => Tok::Eq,
                    ('=', true) => Tok::DoubleEq,
                    ('!', true) => Tok::NotEq,
                    _ => Tok::Not,
                });
            }
            _ => {
                let mut end = i;
                while let Some(&(j, c)) = chars.peek() {
                    if c.is_whitespace() || "()=!,<>".contains(c) {
                        break;
                    }
                    end = j + c.len_utf8();
                    chars.next();
                }
                out.push(Tok::Ident(text[i..end].to_owned()));
            }
        }
    }
    Ok(out)
}

struct Parser {
    tokens: Vec<Tok>,
    at: usize,
}

impl Parser {
    fn next(&mut self) -> Option<Tok> {
        let t = self.tokens.get(self.at).cloned();
        self.at += 1;
        t
    }

    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.at)
    }

    fn requirement(&mut self) -> Result<Requirement, String> {
        if self.peek() == Some(&Tok::Not) {
            self.at += 1;
            let key = self.key()?;
            return Ok(Requirement::DoesNotExist(key));
        }
        let key = self.key()?;
        match self.peek().cloned() {
            None | Some(Tok::Comma) => return Ok(Requirement::Exists(key)),
            _ => {}
        }
        let op = self.next().unwrap_or(Tok::Comma);
        match op {
            Tok::Eq | Tok::DoubleEq => Ok(Requirement::In(key, vec![self.value()?])),
            Tok::NotEq => Ok(Requirement::NotIn(key, vec![self.value()?])),
            Tok::Gt | Tok::Lt => {
                let v = self.value()?;
                let n: i64 = v.parse().map_err(|_| {
                    format!("for 'gt', 'lt' operators, the value must be an integer, found {v:?}")
                })?;
                Ok(if op == Tok::Gt { Requirement::Gt(key, n) } else { Requirement::Lt(key, n) })
            }
            Tok::Ident(ref w) if w == "in" || w == "notin" => {
                let values = self.set()?;
                Ok(if w == "in" {
                    Requirement::In(key, values)
                } else {
                    Requirement::NotIn(key, values)
                })
            }
            t => Err(format!("found '{}', expected: in, notin, =, ==, !=, gt, lt", t.text())),
        }
    }

    fn key(&mut self) -> Result<String, String> {
        match self.next() {
            Some(Tok::Ident(k)) if valid_key(&k) => Ok(k),
            Some(Tok::Ident(k)) => Err(format!(
                "invalid label key {k:?}: a qualified name must consist of alphanumeric characters, '-', '_' or '.', with an optional DNS subdomain prefix and '/'"
            )),
            Some(t) => {
                Err(format!("found '{}', expected: !, identifier, or 'end of string'", t.text()))
            }
            None => Err("found '', expected: identifier".to_owned()),
        }
    }

    fn value(&mut self) -> Result<String, String> {
        match self.peek().cloned() {
            Some(Tok::Ident(v)) => {
                self.at += 1;
                check_value(&v)?;
                Ok(v)
            }
            // `a=` selects the empty value.
            None | Some(Tok::Comma) => Ok(String::new()),
            Some(t) => Err(format!("found '{}', expected: identifier", t.text())),
        }
    }

    fn set(&mut self) -> Result<Vec<String>, String> {
        if self.next() != Some(Tok::Open) {
            return Err("found something else, expected: '('".to_owned());
        }
        let mut values = Vec::new();
        loop {
            match self.next() {
                Some(Tok::Ident(v)) => {
                    check_value(&v)?;
                    values.push(v);
                }
                Some(Tok::Close) if values.is_empty() => return Ok(vec![String::new()]),
                Some(t) => return Err(format!("found '{}', expected: identifier", t.text())),
                None => return Err("found 'end of string', expected: ')'".to_owned()),
            }
            match self.next() {
                Some(Tok::Comma) => {}
                Some(Tok::Close) => return Ok(values),
                Some(t) => return Err(format!("found '{}', expected: ',' or ')'", t.text())),
                None => return Err("found 'end of string', expected: ')'".to_owned()),
            }
        }
    }
}

/// A qualified name: an optional DNS-subdomain prefix and `/`, then up to 63
/// alphanumerics, `-`, `_`, `.`, starting and ending alphanumeric.
fn valid_key(k: &str) -> bool {
    let name = match k.split_once('/') {
        Some((prefix, name)) => {
            if prefix.is_empty() || prefix.len() > 253 {
                return false;
            }
            name
        }
        None => k,
    };
    valid_name_part(name)
}

fn valid_name_part(s: &str) -> bool {
    let alnum = |c: char| c.is_ascii_alphanumeric();
    !s.is_empty()
        && s.len() <= 63
        && s.starts_with(alnum)
        && s.ends_with(alnum)
        && s.chars().all(|c| alnum(c) || "-_.".contains(c))
}

fn check_value(v: &str) -> Result<(), String> {
    if v.is_empty() || valid_name_part(v) {
        Ok(())
    } else {
        Err(format!(
            "invalid label value: {v:?}: a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
        ))
    }
}

fn split_unescaped(text: &str, sep: char) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut escaped = false;
    for c in text.chars() {
        if escaped {
            cur.push('\\');
            cur.push(c);
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == sep {
            out.push(std::mem::take(&mut cur));
        } else {
            cur.push(c);
        }
    }
    if escaped {
        cur.push('\\');
    }
    out.push(cur);
    out
}

fn find_unescaped(text: &str, op: &str) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if text[i..].starts_with(op) {
            return Some(i);
        }
    }
    None
}

fn unescape(v: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut chars = v.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            if c == '=' || c == ',' {
                return Err(format!("invalid field selector: unescaped '{c}' in {v:?}"));
            }
            out.push(c);
            continue;
        }
        match chars.next() {
            Some(e @ ('\\' | ',' | '=')) => out.push(e),
            Some(e) => return Err(format!("invalid escape sequence \\{e}")),
            None => return Err("a trailing backslash escapes nothing".to_owned()),
        }
    }
    Ok(out)
}
