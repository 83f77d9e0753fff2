//! Prometheus' template functions (`template/template.go` and
//! `prometheus/common`'s `helpers/templates`): `query` and the sample
//! accessors, the `humanize*` family, time conversion, regex helpers and
//! link builders — with the same outputs and error texts.

use crate::funcs::{args_map, query_escape, str_arg};
use crate::value::Value;
use crate::{Env, fmt};
use std::rc::Rc;

/// Calls the Prometheus function `name` (its arguments already checked
/// against [`crate::funcs::signature`]).
pub(crate) fn call(name: &str, args: Vec<Value>, env: &Env<'_>) -> Result<Value, String> {
    let s = |i: usize| str_arg(&args[i]);
    Ok(match name {
        "query" => query(&s(0), env)?,
        "first" => match &args[0] {
            Value::List(l) if !l.is_empty() => l[0].clone(),
            _ => return Err("first() called on vector with no elements".into()),
        },
        "label" => {
            let smpl = sample(&args[1])?;
            Value::String(smpl.labels.get(&s(0)).cloned().unwrap_or_default())
        }
        "value" => Value::from(&sample(&args[0])?.value),
        "strvalue" => {
            Value::String(sample(&args[0])?.labels.get("__value__").cloned().unwrap_or_default())
        }
        "args" => args_map(args),
        "reReplaceAll" => {
            let re = regex_lite::Regex::new(&s(0)).map_err(|e| {
                format!("regexp: Compile({}): {}", regexp_quote(&s(0)), regexp_error(&s(0), &e))
            })?;
            Value::String(re.replace_all(&s(2), s(1).as_str()).into_owned())
        }
        "safeHtml" => Value::Html(s(0)),
        "match" => {
            let re = regex_lite::Regex::new(&s(0)).map_err(|e| regexp_error(&s(0), &e))?;
            Value::Bool(re.is_match(&s(1)))
        }
        "title" => Value::String(title(&s(0))),
        "toUpper" => Value::String(s(0).chars().map(|c| simple_case(c, true)).collect()),
        "toLower" => Value::String(s(0).chars().map(|c| simple_case(c, false)).collect()),
        "graphLink" => Value::String(format!("/graph?g0.expr={}&g0.tab=0", query_escape(&s(0)))),
        "tableLink" => Value::String(format!("/graph?g0.expr={}&g0.tab=1", query_escape(&s(0)))),
        "sortByLabel" => {
            let label = s(0);
            let Value::List(items) = &args[1] else { return Ok(Value::List(Vec::new())) };
            let mut items = items.clone();
            let key = |v: &Value| match v {
                Value::Sample(smpl) => smpl.labels.get(&label).cloned().unwrap_or_default(),
                _ => String::new(),
            };
            items.sort_by_key(key);
            Value::List(items)
        }
        "stripPort" => Value::String(match split_host_port(&s(0)) {
            Some((host, _)) => host,
            None => s(0),
        }),
        "stripDomain" => Value::String(strip_domain(&s(0))),
        "humanize" => Value::String(humanize(to_float(&args[0])?)),
        "humanize1024" => Value::String(humanize1024(to_float(&args[0])?)),
        "humanizeDuration" => Value::String(humanize_duration(to_float(&args[0])?)),
        "humanizePercentage" => Value::String(format!("{}%", g4(to_float(&args[0])? * 100.0))),
        "humanizeTimestamp" => {
            let v = to_float(&args[0])?;
            match float_to_time(v) {
                Ok(ns) => Value::String(crate::value::format_time(ns)),
                Err(None) => Value::String(g4(v)),
                Err(Some(e)) => return Err(e),
            }
        }
        "toTime" => match float_to_time(to_float(&args[0])?) {
            Ok(ns) => Value::Time(ns),
            Err(e) => return Err(e.unwrap_or_else(|| "value is NaN or Inf".into())),
        },
        "toDuration" => Value::Duration(go_float_to_i64(to_float(&args[0])? * 1e9)),
        "now" => Value::Float(env.ts_ms as f64 / 1000.0),
        "pathPrefix" => Value::String(url_path(env.external_url)),
        "externalURL" => Value::String(env.external_url.to_owned()),
        "parseDuration" => Value::Float(parse_duration(&s(0))? as f64 / 1e9),
        "urlQueryEscape" => Value::String(query_escape(&s(0))),
        _ => return Err(format!("function {} not implemented", fmt::quote(name))),
    })
}

fn query(expr: &str, env: &Env<'_>) -> Result<Value, String> {
    let samples = env.backend.query(expr, env.ts_ms)?;
    Ok(Value::List(samples.into_iter().map(|s| Value::Sample(Rc::new(s))).collect()))
}

/// A `*sample` argument; a typed nil pointer panics in Go, and `safeCall`
/// turns the panic into this error.
fn sample(v: &Value) -> Result<Rc<crate::QuerySample>, String> {
    match v {
        Value::Sample(s) => Ok(s.clone()),
        _ => Err("runtime error: invalid memory address or nil pointer dereference".into()),
    }
}

/// `%.4g`, the precision every `humanize*` function prints with.
fn g4(v: f64) -> String {
    fmt::sprintf("%.4g", &[Value::Float(v)])
}

/// `templates.ConvertToFloat`.
pub(crate) fn to_float(v: &Value) -> Result<f64, String> {
    match v {
        Value::Float(f) => Ok(*f),
        Value::Int(i) => Ok(*i as f64),
        Value::String(s) => parse_float(s),
        Value::Nil => Err("can't convert <nil> to float".into()),
        other => Err(format!("can't convert {} to float", other.go_type())),
    }
}

/// `strconv.ParseFloat(s, 64)` with its error texts.
fn parse_float(s: &str) -> Result<f64, String> {
    let q = fmt::quote(s);
    match promplay_model::parse_go_float(s) {
        Some(v) if v.is_infinite() && !s.to_ascii_lowercase().contains("inf") => {
            Err(format!("strconv.ParseFloat: parsing {q}: value out of range"))
        }
        Some(v) => Ok(v),
        None => Err(format!("strconv.ParseFloat: parsing {q}: invalid syntax")),
    }
}

fn humanize(mut v: f64) -> String {
    if v == 0.0 || v.is_nan() || v.is_infinite() {
        return g4(v);
    }
    let mut prefix = "";
    if v.abs() >= 1.0 {
        for p in ["k", "M", "G", "T", "P", "E", "Z", "Y"] {
            if v.abs() < 1000.0 {
                break;
            }
            prefix = p;
            v /= 1000.0;
        }
        return format!("{}{prefix}", g4(v));
    }
    for p in ["m", "u", "n", "p", "f", "a", "z", "y"] {
        if v.abs() >= 1.0 {
            break;
        }
        prefix = p;
        v *= 1000.0;
    }
    format!("{}{prefix}", g4(v))
}

fn humanize1024(mut v: f64) -> String {
    if v.abs() <= 1.0 || v.is_nan() || v.is_infinite() {
        return g4(v);
    }
    let mut prefix = "";
    for p in ["ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"] {
        if v.abs() < 1024.0 {
            break;
        }
        prefix = p;
        v /= 1024.0;
    }
    format!("{}{prefix}", g4(v))
}

fn humanize_duration(mut v: f64) -> String {
    if v.is_nan() || v.is_infinite() {
        return g4(v);
    }
    if v == 0.0 {
        return format!("{}s", g4(v));
    }
    if v.abs() >= 1.0 {
        let sign = if v < 0.0 { "-" } else { "" };
        v = v.abs();
        let duration = go_float_to_i64(v);
        let seconds = duration % 60;
        let minutes = (duration / 60) % 60;
        let hours = (duration / 60 / 60) % 24;
        let days = duration / 60 / 60 / 24;
        if days != 0 {
            return format!("{sign}{days}d {hours}h {minutes}m {seconds}s");
        }
        if hours != 0 {
            return format!("{sign}{hours}h {minutes}m {seconds}s");
        }
        if minutes != 0 {
            return format!("{sign}{minutes}m {seconds}s");
        }
        return format!("{sign}{}s", g4(v));
    }
    let mut prefix = "";
    for p in ["m", "u", "n", "p", "f", "a", "z", "y"] {
        if v.abs() >= 1.0 {
            break;
        }
        prefix = p;
        v *= 1000.0;
    }
    format!("{}{prefix}s", g4(v))
}

/// `math.MaxInt64` and `math.MinInt64` as float64 (2^63 and -2^63).
const I64_MAX_F: f64 = 9_223_372_036_854_775_808.0;
const I64_MIN_F: f64 = -9_223_372_036_854_775_808.0;

/// Go's float64 → int64 conversion as amd64 performs it: out-of-range and
/// NaN values become the minimum int64.
fn go_float_to_i64(v: f64) -> i64 {
    if !(I64_MIN_F..I64_MAX_F).contains(&v) { i64::MIN } else { v as i64 }
}

/// `FloatToTime`: seconds → a UTC time in nanoseconds, truncated to
/// milliseconds as `model.TimeFromUnixNano` does. `Err(None)` is the NaN/Inf
/// case `humanizeTimestamp` prints as a number.
fn float_to_time(v: f64) -> Result<i64, Option<String>> {
    if v.is_nan() || v.is_infinite() {
        return Err(None);
    }
    let ts = v * 1e9;
    if !(I64_MIN_F..=I64_MAX_F).contains(&ts) {
        return Err(Some(format!(
            "{} cannot be represented as a nanoseconds timestamp since it overflows int64",
            fmt::sprint(&[Value::Float(v)])
        )));
    }
    let ns = go_float_to_i64(ts);
    Ok(ns / 1_000_000 * 1_000_000)
}

/// `model.ParseDurationAllowNegative`, in nanoseconds.
fn parse_duration(s: &str) -> Result<i64, String> {
    if let Some(rest) = s.strip_prefix('-') {
        return parse_duration_positive(rest, s).map(|d| -d);
    }
    parse_duration_positive(s, s)
}

fn parse_duration_positive(s: &str, orig: &str) -> Result<i64, String> {
    if s.is_empty() {
        return Err("empty duration string".into());
    }
    if s == "0" {
        return Ok(0);
    }
    let invalid = || format!("not a valid duration string: {}", fmt::quote(orig));
    const UNITS: [(&str, u64); 7] = [
        ("y", 365 * 24 * 3_600_000_000_000),
        ("w", 7 * 24 * 3_600_000_000_000),
        ("d", 24 * 3_600_000_000_000),
        ("h", 3_600_000_000_000),
        ("m", 60_000_000_000),
        ("s", 1_000_000_000),
        ("ms", 1_000_000),
    ];
    let mut rest = s;
    let mut last = 0;
    let mut total: u64 = 0;
    while !rest.is_empty() {
        let n = rest.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return Err(invalid());
        }
        let v: u64 = rest[..n].parse().map_err(|_| invalid())?;
        rest = &rest[n..];
        let u = rest.bytes().take_while(|b| !b.is_ascii_digit()).count();
        if u == 0 {
            return Err(invalid());
        }
        let unit = &rest[..u];
        rest = &rest[u..];
        let Some(pos) = UNITS.iter().position(|(name, _)| *name == unit) else {
            return Err(format!(
                "unknown unit {} in duration {}",
                fmt::quote(unit),
                fmt::quote(orig)
            ));
        };
        if pos < last {
            return Err(invalid());
        }
        last = pos + 1;
        let mult = UNITS[pos].1;
        if v > (1u64 << 63) / mult {
            return Err("duration out of range".into());
        }
        total += v * mult;
        if total > i64::MAX as u64 {
            return Err("duration out of range".into());
        }
    }
    Ok(total as i64)
}

/// `net.SplitHostPort`, enough of it for `stripPort` and `stripDomain`.
fn split_host_port(s: &str) -> Option<(String, String)> {
    if let Some(rest) = s.strip_prefix('[') {
        let end = rest.find(']')?;
        let host = &rest[..end];
        let port = rest[end + 1..].strip_prefix(':')?;
        if port.contains(':') {
            return None;
        }
        return Some((host.to_owned(), port.to_owned()));
    }
    let i = s.rfind(':')?;
    let (host, port) = (&s[..i], &s[i + 1..]);
    if host.contains(':') || host.contains('[') || host.contains(']') || port.contains(']') {
        return None;
    }
    Some((host.to_owned(), port.to_owned()))
}

fn strip_domain(host_port: &str) -> String {
    let (host, port) =
        split_host_port(host_port).unwrap_or_else(|| (host_port.to_owned(), String::new()));
    if host.parse::<std::net::IpAddr>().is_ok() {
        return host_port.to_owned();
    }
    let host = host.split('.').next().unwrap_or_default();
    if port.is_empty() {
        return host.to_owned();
    }
    if host.contains(':') { format!("[{host}]:{port}") } else { format!("{host}:{port}") }
}

/// The path of a URL (`url.URL.Path`): what `pathPrefix` returns.
fn url_path(url: &str) -> String {
    let after_scheme = match url.find("://") {
        Some(i) => &url[i + 3..],
        None => return url.split(['?', '#']).next().unwrap_or_default().to_owned(),
    };
    match after_scheme.find('/') {
        Some(i) => after_scheme[i..].split(['?', '#']).next().unwrap_or_default().to_owned(),
        None => String::new(),
    }
}

/// `cases.Title(language.AmericanEnglish, cases.NoLower)`: the first letter
/// of every word upper-cased, the rest left alone.
fn title(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_word = false;
    for c in s.chars() {
        if c.is_alphanumeric() {
            if in_word {
                out.push(c);
            } else {
                out.extend(c.to_uppercase());
            }
            in_word = true;
        } else {
            out.push(c);
            // An apostrophe inside a word does not start a new one.
            in_word = in_word && (c == '\'' || c == '’');
        }
    }
    out
}

/// Go's `unicode.ToUpper`/`ToLower`: one rune to one rune.
fn simple_case(c: char, upper: bool) -> char {
    let mut it: Box<dyn Iterator<Item = char>> =
        if upper { Box::new(c.to_uppercase()) } else { Box::new(c.to_lowercase()) };
    match (it.next(), it.next()) {
        (Some(m), None) => m,
        _ => c,
    }
}

/// `regexp`'s quoting of a pattern in `MustCompile` panics.
fn regexp_quote(s: &str) -> String {
    if !s.contains('`') && s.chars().all(|c| c == '\t' || !c.is_control()) {
        format!("`{s}`")
    } else {
        fmt::quote(s)
    }
}

/// Go's `regexp/syntax` error text for the common mistakes, from the
/// error `regex-lite` reports (`error parsing regexp: CODE: `ARG``).
fn regexp_error(pattern: &str, e: &regex_lite::Error) -> String {
    let msg = e.to_string();
    let code = if msg.contains("without closing ')'") {
        "missing closing )"
    } else if msg.contains("without matching '('") {
        "unexpected )"
    } else if msg.contains("no closing bracket") {
        "missing closing ]"
    } else if msg.contains("repetition operator must be applied") {
        "missing argument to repetition operator"
    } else if msg.contains("escape sequence") {
        "invalid escape sequence"
    } else if msg.contains("look-around") {
        "invalid or unsupported Perl syntax"
    } else if msg.contains("invalid range") {
        "invalid character class range"
    } else if msg.contains("bigger than its max") {
        "invalid repeat count"
    } else {
        "invalid syntax"
    };
    format!("error parsing regexp: {code}: `{pattern}`")
}
