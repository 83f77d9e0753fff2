//! The function table: `text/template`'s builtins (`funcs.go`) and
//! Prometheus' template functions (`template.go`, implemented in
//! [`crate::prom`]), each with the Go parameter types that decide how
//! arguments are checked and which error text a mismatch produces.

use crate::value::Value;
use crate::{Env, fmt};
use std::collections::BTreeMap;
use std::rc::Rc;

/// A Go parameter type, as far as argument checking needs it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ty {
    /// `string`.
    Str,
    /// `interface{}` (`any`).
    Any,
    /// `reflect.Value`: the builtins that see the raw value.
    Reflect,
    /// `template.queryResult` (a slice of samples).
    QueryResult,
    /// `*template.sample`.
    SamplePtr,
}

impl Ty {
    /// The type as Go's messages spell it.
    pub fn go_name(self) -> &'static str {
        match self {
            Ty::Str => "string",
            Ty::Any => "interface {}",
            Ty::Reflect => "reflect.Value",
            Ty::QueryResult => "template.queryResult",
            Ty::SamplePtr => "*template.sample",
        }
    }

    /// Whether Go's untyped nil converts to this type (`canBeNil`).
    pub fn can_be_nil(self) -> bool {
        !matches!(self, Ty::Str)
    }

    /// Whether a value of dynamic type `v` is assignable to this type.
    pub fn accepts(self, v: &Value) -> bool {
        match self {
            Ty::Any | Ty::Reflect => true,
            Ty::Str => matches!(v, Value::String(_)),
            Ty::QueryResult => matches!(v, Value::List(_)),
            Ty::SamplePtr => matches!(v, Value::Sample(_)),
        }
    }
}

/// A function's parameters: the fixed ones and the variadic element type.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Sig {
    pub fixed: &'static [Ty],
    pub variadic: Option<Ty>,
}

const fn sig(fixed: &'static [Ty]) -> Option<Sig> {
    Some(Sig { fixed, variadic: None })
}

const fn var(fixed: &'static [Ty], rest: Ty) -> Option<Sig> {
    Some(Sig { fixed, variadic: Some(rest) })
}

use Ty::{Any, QueryResult, Reflect, SamplePtr, Str};

/// The signature of a defined function; `None` for an unknown name.
pub(crate) fn signature(name: &str) -> Option<Sig> {
    match name {
        // text/template builtins.
        "and" | "or" | "call" | "index" | "slice" | "eq" => var(&[Reflect], Reflect),
        "html" | "js" | "urlquery" | "print" | "println" => var(&[], Any),
        "printf" => var(&[Str], Any),
        "len" => sig(&[Any]),
        "not" => sig(&[Reflect]),
        "ne" | "lt" | "le" | "gt" | "ge" => sig(&[Reflect, Reflect]),
        // Prometheus' functions.
        "query" | "title" | "toUpper" | "toLower" | "graphLink" | "tableLink" | "stripPort"
        | "stripDomain" | "parseDuration" | "urlQueryEscape" | "safeHtml" => sig(&[Str]),
        "first" => sig(&[QueryResult]),
        "label" => sig(&[Str, SamplePtr]),
        "value" | "strvalue" => sig(&[SamplePtr]),
        "args" => var(&[], Any),
        "reReplaceAll" => sig(&[Str, Str, Str]),
        "match" => sig(&[Str, Str]),
        "sortByLabel" => sig(&[Str, QueryResult]),
        "humanize" | "humanize1024" | "humanizeDuration" | "humanizePercentage"
        | "humanizeTimestamp" | "toTime" | "toDuration" => sig(&[Any]),
        "now" | "pathPrefix" | "externalURL" => sig(&[]),
        _ => None,
    }
}

/// Whether `name` can be called from a template (checked at parse time).
pub(crate) fn is_defined(name: &str) -> bool {
    signature(name).is_some()
}

/// Calls a function other than `and`, `or` and `call` (which the executor
/// handles because they see unevaluated arguments or node text). The error
/// is the function's own; the executor prefixes `error calling NAME: `.
pub(crate) fn call(name: &str, args: Vec<Value>, env: &Env<'_>) -> Result<Value, String> {
    Ok(match name {
        "html" => Value::String(html_escape(&eval_args(&args))),
        "js" => Value::String(js_escape(&eval_args(&args))),
        "urlquery" => Value::String(query_escape(&eval_args(&args))),
        "print" => Value::String(fmt::sprint(&args)),
        "println" => Value::String(fmt::sprintln(&args)),
        "printf" => {
            let format = str_arg(&args[0]);
            Value::String(fmt::sprintf(&format, &args[1..]))
        }
        "len" => Value::Int(length(&args[0])?),
        "not" => Value::Bool(!args[0].is_true()),
        "index" => index(&args[0], &args[1..])?,
        "slice" => slice(&args[0], &args[1..])?,
        "eq" => Value::Bool(eq(&args[0], &args[1..])?),
        "ne" => Value::Bool(!eq(&args[0], &args[1..2])?),
        "lt" => Value::Bool(lt(&args[0], &args[1])?),
        "le" => Value::Bool(lt(&args[0], &args[1])? || eq(&args[0], &args[1..2])?),
        "gt" => Value::Bool(!(lt(&args[0], &args[1])? || eq(&args[0], &args[1..2])?)),
        "ge" => Value::Bool(!lt(&args[0], &args[1])?),
        _ => return crate::prom::call(name, args, env),
    })
}

/// The string inside a value that passed a `string` parameter check.
pub(crate) fn str_arg(v: &Value) -> String {
    match v {
        Value::String(s) | Value::Html(s) => s.clone(),
        _ => String::new(),
    }
}

/// `evalArgs`: one string argument as is, otherwise `fmt.Sprint` of the
/// printable values.
fn eval_args(args: &[Value]) -> String {
    if let [Value::String(s)] = args {
        return s.clone();
    }
    let printable: Vec<Value> = args.iter().map(printable).collect();
    fmt::sprint(&printable)
}

/// `printableValue`: a pointer to a struct prints as the struct.
pub(crate) fn printable(v: &Value) -> Value {
    v.clone()
}

fn length(v: &Value) -> Result<i64, String> {
    let n = match v {
        Value::Nil => return Err("len of untyped nil".into()),
        Value::String(s) | Value::Html(s) => s.len(),
        Value::List(l) => l.len(),
        Value::StringMap(m) => m.len(),
        Value::AnyMap(m) => m.len(),
        Value::Sample(_) => return Err("len of type template.sample".into()),
        Value::Histogram(_) => return Err("len of type histogram.FloatHistogram".into()),
        Value::Time(_) => return Err("len of type time.Time".into()),
        Value::Duration(_) => return Err("len of type time.Duration".into()),
        other => return Err(format!("len of type {}", other.go_type())),
    };
    Ok(n as i64)
}

/// `indexArg`: an integer index within `0..=cap`.
fn index_arg(i: &Value, cap: usize) -> Result<usize, String> {
    let x = match i {
        Value::Int(x) => *x,
        Value::Nil => return Err("cannot index slice/array with nil".into()),
        other => return Err(format!("cannot index slice/array with type {}", other.go_type())),
    };
    if x < 0 || x as u64 > cap as u64 {
        return Err(format!("index out of range: {x}"));
    }
    Ok(x as usize)
}

fn map_key(i: &Value) -> Result<String, String> {
    match i {
        Value::String(s) => Ok(s.clone()),
        Value::Nil => Err("value is nil; should be of type string".into()),
        other => Err(format!("value has type {}; should be string", other.go_type())),
    }
}

fn index(item: &Value, indexes: &[Value]) -> Result<Value, String> {
    let mut v = item.clone();
    if matches!(v, Value::Nil) {
        return Err("index of untyped nil".into());
    }
    for i in indexes {
        v = match &v {
            Value::String(s) | Value::Html(s) => {
                let x = index_arg(i, s.len())?;
                match s.as_bytes().get(x) {
                    Some(b) => Value::Int(i64::from(*b)),
                    None => return Err("reflect: string index out of range".into()),
                }
            }
            Value::List(l) => {
                let x = index_arg(i, l.len())?;
                match l.get(x) {
                    Some(e) => e.clone(),
                    None => return Err("reflect: slice index out of range".into()),
                }
            }
            Value::StringMap(m) => Value::String(m.get(&map_key(i)?).cloned().unwrap_or_default()),
            Value::AnyMap(m) => m.get(&map_key(i)?).cloned().unwrap_or(Value::Nil),
            Value::Sample(_) => return Err("can't index item of type template.sample".into()),
            Value::Nil => return Err("index of nil pointer".into()),
            other => return Err(format!("can't index item of type {}", index_type(other))),
        };
    }
    Ok(v)
}

/// The type `index` and `slice` name after following a pointer.
fn index_type(v: &Value) -> &'static str {
    match v {
        Value::Histogram(_) => "histogram.FloatHistogram",
        Value::Time(_) => "time.Time",
        Value::Duration(_) => "time.Duration",
        other => other.go_type(),
    }
}

fn slice(item: &Value, indexes: &[Value]) -> Result<Value, String> {
    if matches!(item, Value::Nil) {
        return Err("slice of untyped nil".into());
    }
    if indexes.len() > 3 {
        return Err(format!("too many slice indexes: {}", indexes.len()));
    }
    let len = match item {
        Value::String(s) | Value::Html(s) => {
            if indexes.len() == 3 {
                return Err("cannot 3-index slice a string".into());
            }
            s.len()
        }
        Value::List(l) => l.len(),
        other => return Err(format!("can't slice item of type {}", index_type(other))),
    };
    let mut idx = [0, len, len];
    for (k, i) in indexes.iter().enumerate() {
        idx[k] = index_arg(i, len)?;
    }
    if idx[0] > idx[1] {
        return Err(format!("invalid slice index: {} > {}", idx[0], idx[1]));
    }
    if indexes.len() == 3 && idx[1] > idx[2] {
        return Err(format!("invalid slice index: {} > {}", idx[1], idx[2]));
    }
    Ok(match item {
        Value::String(s) => {
            Value::String(String::from_utf8_lossy(&s.as_bytes()[idx[0]..idx[1]]).into_owned())
        }
        Value::Html(s) => {
            Value::Html(String::from_utf8_lossy(&s.as_bytes()[idx[0]..idx[1]]).into_owned())
        }
        Value::List(l) => Value::List(l[idx[0]..idx[1]].to_vec()),
        _ => Value::Nil,
    })
}

/// The comparable kinds of `funcs.go`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Invalid,
    Bool,
    Int,
    Float,
    String,
}

fn basic_kind(v: &Value) -> Kind {
    match v {
        Value::Bool(_) => Kind::Bool,
        Value::Int(_) => Kind::Int,
        Value::Float(_) => Kind::Float,
        Value::String(_) | Value::Html(_) => Kind::String,
        _ => Kind::Invalid,
    }
}

const BAD_COMPARISON_TYPE: &str = "invalid type for comparison";
const BAD_COMPARISON: &str = "incompatible types for comparison";

/// `eq arg1 arg2...`: true if `arg1` equals any of the others.
fn eq(a: &Value, others: &[Value]) -> Result<bool, String> {
    if others.is_empty() {
        return Err("missing argument for comparison".into());
    }
    let k1 = basic_kind(a);
    for b in others {
        let k2 = basic_kind(b);
        let truth = if k1 != k2 {
            if !matches!(a, Value::Nil) && !matches!(b, Value::Nil) {
                return Err(BAD_COMPARISON.into());
            }
            false
        } else {
            match (a, b) {
                (Value::Bool(x), Value::Bool(y)) => x == y,
                (Value::Int(x), Value::Int(y)) => x == y,
                (Value::Float(x), Value::Float(y)) => x == y,
                (Value::String(x) | Value::Html(x), Value::String(y) | Value::Html(y)) => x == y,
                (Value::Nil, Value::Nil) => true,
                (Value::Sample(x), Value::Sample(y)) => Rc::ptr_eq(x, y),
                (Value::Histogram(x), Value::Histogram(y)) => Rc::ptr_eq(x, y),
                (Value::List(_) | Value::StringMap(_) | Value::AnyMap(_), _) => {
                    return Err(format!("non-comparable type {}: {}", printed(b), b.go_type()));
                }
                _ => return Err(BAD_COMPARISON.into()),
            }
        };
        if truth {
            return Ok(true);
        }
    }
    Ok(false)
}

fn printed(v: &Value) -> String {
    fmt::sprint(std::slice::from_ref(v))
}

fn lt(a: &Value, b: &Value) -> Result<bool, String> {
    let (k1, k2) = (basic_kind(a), basic_kind(b));
    if k1 == Kind::Invalid || k2 == Kind::Invalid {
        return Err(BAD_COMPARISON_TYPE.into());
    }
    if k1 != k2 {
        return Err(BAD_COMPARISON.into());
    }
    Ok(match (a, b) {
        (Value::Int(x), Value::Int(y)) => x < y,
        (Value::Float(x), Value::Float(y)) => x < y,
        (Value::String(x) | Value::Html(x), Value::String(y) | Value::Html(y)) => x < y,
        _ => return Err(BAD_COMPARISON_TYPE.into()),
    })
}

/// `template.HTMLEscapeString`.
pub(crate) fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\0' => out.push('\u{FFFD}'),
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// `template.JSEscapeString`.
fn js_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '"' => out.push_str("\\\""),
            '<' => out.push_str("\\u003C"),
            '>' => out.push_str("\\u003E"),
            '&' => out.push_str("\\u0026"),
            '=' => out.push_str("\\u003D"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u00{:02X}", c as u32)),
            c if c.is_ascii() || fmt::is_print(c) => out.push(c),
            c => out.push_str(&format!("\\u{:04X}", c as u32)),
        }
    }
    out
}

/// `url.QueryEscape`.
pub(crate) fn query_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char);
            }
            b' ' => out.push('+'),
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// What `args` returns: `map[string]any{"arg0": …, "arg1": …}`.
pub(crate) fn args_map(args: Vec<Value>) -> Value {
    let m: BTreeMap<String, Value> =
        args.into_iter().enumerate().map(|(i, v)| (format!("arg{i}"), v)).collect();
    Value::AnyMap(Rc::new(m))
}
