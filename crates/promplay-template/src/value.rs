//! Values inside a template, modelled on the Go types Prometheus' templates
//! actually meet: strings, float64, int, bool, `map[string]string`, the
//! query result (`[]*sample`), `*time.Time`, `*time.Duration`, native
//! histograms and `html/template.HTML` from `safeHtml`.
//!
//! Go's behaviour depends on the dynamic type (`len` of a string counts
//! bytes, `eq` refuses to compare a string with an int, `%d` of a float
//! prints `%!d(float64=1.5)`), so each variant stands for one Go type and
//! [`Value::go_type`] names it the way Go's error messages do.

use crate::{AlertData, AlertValue, QuerySample};
use std::collections::BTreeMap;
use std::rc::Rc;

/// A native histogram as templates see it.
#[derive(Clone, Debug, PartialEq)]
pub struct Histogram {
    /// What Go's `%v` prints for it (`FloatHistogram.String()`), e.g.
    /// `{count:3, sum:5, [-1,1]:1, (1,2]:2}`.
    pub text: String,
}

impl Histogram {
    /// A field of `FloatHistogram.String()`'s `{count:3, sum:5, …}`
    /// (`.Count`, `.Sum` in a template).
    pub(crate) fn field(&self, key: &str) -> Option<f64> {
        let inner = self.text.strip_prefix('{')?;
        inner.split(", ").find_map(|part| part.strip_prefix(key)?.strip_prefix(':')?.parse().ok())
    }
}

/// A value inside a template.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// Go's untyped nil (and the zero value of a missing map key of
    /// interface type).
    Nil,
    /// `bool`.
    Bool(bool),
    /// `int` (Go's default for integer constants and `len`).
    Int(i64),
    /// `float64`.
    Float(f64),
    /// `string`.
    String(String),
    /// `html/template.HTML`, what `safeHtml` returns.
    Html(String),
    /// `[]any`-like slices: `args`' values, a query result.
    List(Vec<Value>),
    /// `map[string]string`: `.Labels`, `.ExternalLabels`, a sample's labels.
    StringMap(Rc<BTreeMap<String, String>>),
    /// `map[string]any`, what `args` returns.
    AnyMap(Rc<BTreeMap<String, Value>>),
    /// `*sample`, one element of a query result.
    Sample(Rc<QuerySample>),
    /// `*histogram.FloatHistogram`.
    Histogram(Rc<Histogram>),
    /// `*time.Time`, in nanoseconds since the epoch (UTC).
    Time(i64),
    /// `*time.Duration`, in nanoseconds.
    Duration(i64),
    /// The alert data struct Prometheus passes as dot.
    Alert(Rc<AlertData>),
}

impl Value {
    /// The value Prometheus passes as dot to an alert template.
    pub fn alert_data(data: &AlertData) -> Value {
        Value::Alert(Rc::new(data.clone()))
    }

    /// The Go type name as `fmt` and `text/template` errors spell it.
    pub fn go_type(&self) -> &'static str {
        match self {
            Value::Nil => "<nil>",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Float(_) => "float64",
            Value::String(_) => "string",
            Value::Html(_) => "template.HTML",
            Value::List(_) => "template.queryResult",
            Value::StringMap(_) => "map[string]string",
            Value::AnyMap(_) => "map[string]interface {}",
            Value::Sample(_) => "*template.sample",
            Value::Histogram(_) => "*histogram.FloatHistogram",
            Value::Time(_) => "*time.Time",
            Value::Duration(_) => "*time.Duration",
            Value::Alert(_) => {
                "struct { Labels map[string]string; ExternalLabels map[string]string; ExternalURL string; Value interface {} }"
            }
        }
    }
}

impl From<&AlertValue> for Value {
    fn from(v: &AlertValue) -> Self {
        match v {
            AlertValue::Float(f) => Value::Float(*f),
            AlertValue::Histogram(h) => Value::Histogram(Rc::new(h.clone())),
        }
    }
}

impl Value {
    /// What `String()` returns for the values that are Go `Stringer`s.
    pub(crate) fn stringer(&self) -> Option<String> {
        match self {
            Value::Time(ns) => Some(format_time(*ns)),
            Value::Duration(ns) => Some(format_duration(*ns)),
            Value::Histogram(h) => Some(h.text.clone()),
            _ => None,
        }
    }

    /// Go's `isTrue`: the zero value of a type is false. Every value here
    /// has a truth value (Go's channels and functions do not occur).
    pub(crate) fn is_true(&self) -> bool {
        match self {
            Value::Nil => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Float(f) => *f != 0.0,
            Value::String(s) | Value::Html(s) => !s.is_empty(),
            Value::List(l) => !l.is_empty(),
            Value::StringMap(m) => !m.is_empty(),
            Value::AnyMap(m) => !m.is_empty(),
            Value::Sample(_)
            | Value::Histogram(_)
            | Value::Time(_)
            | Value::Duration(_)
            | Value::Alert(_) => true,
        }
    }
}

/// `time.Time.String()` for a UTC time: `2006-01-02 15:04:05.999999999 +0000 UTC`.
pub(crate) fn format_time(ns: i64) -> String {
    let secs = ns.div_euclid(1_000_000_000);
    let nanos = ns.rem_euclid(1_000_000_000);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    let mut s =
        format!("{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}", rem / 3600, rem / 60 % 60, rem % 60);
    if nanos != 0 {
        let frac = format!("{nanos:09}");
        s.push('.');
        s.push_str(frac.trim_end_matches('0'));
    }
    s.push_str(" +0000 UTC");
    s
}

/// Howard Hinnant's days-to-civil conversion (proleptic Gregorian).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// `time.Duration.String()`: `1h2m3.5s`, `1.5ms`, `0s`.
pub(crate) fn format_duration(ns: i64) -> String {
    if ns == 0 {
        return "0s".into();
    }
    let neg = ns < 0;
    let u = ns.unsigned_abs();
    let mut s = String::new();
    if u < 1_000_000_000 {
        // Sub-second: a fraction of the largest unit that fits.
        let (unit, div, digits) = if u < 1_000 {
            ("ns", 1u64, 0)
        } else if u < 1_000_000 {
            ("µs", 1_000, 3)
        } else {
            ("ms", 1_000_000, 6)
        };
        s.push_str(&fraction(u, div, digits));
        s.push_str(unit);
    } else {
        let secs = u / 1_000_000_000;
        let h = secs / 3600;
        let m = secs / 60 % 60;
        if h > 0 {
            s.push_str(&format!("{h}h{m}m"));
        } else if m > 0 {
            s.push_str(&format!("{m}m"));
        }
        s.push_str(&fraction(u % 60_000_000_000, 1_000_000_000, 9));
        s.push('s');
    }
    if neg {
        s.insert(0, '-');
    }
    s
}

/// `v / div` with up to `digits` decimals, trailing zeros dropped.
fn fraction(v: u64, div: u64, digits: usize) -> String {
    let int = v / div;
    let frac = v % div;
    if frac == 0 || digits == 0 {
        return int.to_string();
    }
    let f = format!("{frac:0digits$}");
    format!("{int}.{}", f.trim_end_matches('0'))
}
