//! Alertmanager's `timeinterval.TimeInterval`, read and written by its own
//! (un)marshallers: times as `HH:MM` pairs, weekdays by name, months, days
//! of month and years as numbers, ranges collapsed to one member when they
//! start and end on the same one, lists in flow style.

use crate::value::{Map, Value};

const WEEKDAYS: [&str; 7] =
    ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// A sequence that go-yaml writes in flow style (`[a, b]`), as Alertmanager's
/// `yaml:",flow"` tags ask.
pub fn flow_seq(items: Vec<Value>) -> Value {
    Value::Seq(items)
}

/// Decodes and re-encodes one time interval as Alertmanager does.
pub fn normalize(v: &Value) -> Result<Value, String> {
    let m = match v {
        Value::Null => return Ok(Value::Map(Map::new())),
        Value::Map(m) => m,
        _ => return Err("cannot unmarshal into timeinterval.TimeInterval".to_string()),
    };
    for (k, _) in m.iter() {
        if !matches!(k, "times" | "weekdays" | "days_of_month" | "months" | "years" | "location") {
            return Err(format!("field {k} not found in type timeinterval.TimeInterval"));
        }
    }
    let mut out = Map::new();
    if let Some(times) = list(m, "times")? {
        let mut items = Vec::new();
        for t in times {
            let start = t.get("start_time").and_then(scalar).unwrap_or_default();
            let end = t.get("end_time").and_then(scalar).unwrap_or_default();
            if start.is_empty() || end.is_empty() {
                return Err("both start and end times must be provided".to_string());
            }
            let (s, e) = (parse_time(&start)?, parse_time(&end)?);
            if s >= e {
                return Err("start time cannot be equal or greater than end time".to_string());
            }
            let mut tm = Map::new();
            tm.insert("start_time", Value::String(format_time(s)));
            tm.insert("end_time", Value::String(format_time(e)));
            items.push(Value::Map(tm));
        }
        out.insert("times", Value::Seq(items));
    }
    if let Some(items) = list(m, "weekdays")? {
        let mut res = Vec::new();
        for i in items {
            let (b, e) = parse_range(&scalar(i).unwrap_or_default(), weekday)?;
            if b > e {
                return Err("start day cannot be before end day".to_string());
            }
            res.push(Value::String(format_weekdays(b, e)));
        }
        out.insert("weekdays", flow_seq(res));
    }
    if let Some(items) = list(m, "days_of_month")? {
        let mut res = Vec::new();
        for i in items {
            let (b, e) = parse_range(&scalar(i).unwrap_or_default(), number)?;
            check_days_of_month(b, e)?;
            res.push(Value::String(format_numbers(b, e)));
        }
        out.insert("days_of_month", flow_seq(res));
    }
    if let Some(items) = list(m, "months")? {
        let mut res = Vec::new();
        for i in items {
            let text = scalar(i).unwrap_or_default();
            let (b, e) = parse_range(&text, month)?;
            if b > e {
                return Err(format!(
                    "end month {} is before start month {}",
                    name_of_month(e),
                    name_of_month(b)
                ));
            }
            res.push(Value::String(format_numbers(b, e)));
        }
        out.insert("months", flow_seq(res));
    }
    if let Some(items) = list(m, "years")? {
        let mut res = Vec::new();
        for i in items {
            let (b, e) = parse_range(&scalar(i).unwrap_or_default(), number)?;
            if b > e {
                return Err(format!("end year {e} is before start year {b}"));
            }
            res.push(Value::String(format_numbers(b, e)));
        }
        out.insert("years", flow_seq(res));
    }
    if let Some(loc) = m.get("location").and_then(scalar)
        && !loc.is_empty()
    {
        out.insert("location", Value::String(loc));
    }
    Ok(Value::Map(out))
}

fn list<'a>(m: &'a Map, key: &str) -> Result<Option<&'a [Value]>, String> {
    match m.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Seq(items)) if items.is_empty() => Ok(None),
        Some(Value::Seq(items)) => Ok(Some(items)),
        Some(_) => Err(format!("{key}: cannot unmarshal into a list")),
    }
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Int(i) => Some(i.to_string()),
        _ => None,
    }
}

/// Minutes since midnight of `HH:MM` (24:00 allowed), as Alertmanager parses it.
pub fn parse_time(s: &str) -> Result<i64, String> {
    let valid = s == "24:00"
        || (s.len() == 5
            && s.as_bytes()[2] == b':'
            && s[..2].parse::<u32>().is_ok_and(|h| h < 24)
            && s[3..].parse::<u32>().is_ok_and(|m| m < 60)
            && s.bytes().enumerate().all(|(i, b)| i == 2 || b.is_ascii_digit()));
    if !valid {
        return Err(format!("couldn't parse timestamp {s}, invalid format"));
    }
    let h: i64 = s[..2].parse().unwrap_or(0);
    let m: i64 = s[3..].parse().unwrap_or(0);
    Ok(h * 60 + m)
}

/// `%02d:%02d` of minutes since midnight.
pub fn format_time(mins: i64) -> String {
    format!("{:02}:{:02}", mins / 60, mins % 60)
}

fn parse_range(text: &str, member: fn(&str) -> Result<i64, String>) -> Result<(i64, i64), String> {
    let lower = text.to_lowercase();
    match lower.split_once(':') {
        Some((a, b)) => {
            if b.contains(':') {
                return Err(format!("couldn't parse range {text}, invalid format"));
            }
            Ok((member(a)?, member(b)?))
        }
        None => {
            let v = member(&lower)?;
            Ok((v, v))
        }
    }
}

/// A weekday name (Alertmanager's `memberFromString`).
pub fn weekday(s: &str) -> Result<i64, String> {
    WEEKDAYS
        .iter()
        .position(|d| *d == s)
        .map(|p| p as i64)
        .ok_or_else(|| format!("{s} is not a valid weekday"))
}

/// A month name or number.
pub fn month(s: &str) -> Result<i64, String> {
    if let Some(p) = MONTHS.iter().position(|m| *m == s) {
        return Ok(p as i64 + 1);
    }
    s.parse().map_err(|_| format!("{s} is not a valid month"))
}

fn number(s: &str) -> Result<i64, String> {
    s.parse().map_err(|_| format!("strconv.Atoi: parsing {s:?}: invalid syntax"))
}

fn name_of_month(m: i64) -> &'static str {
    MONTHS.get((m - 1).max(0) as usize).copied().unwrap_or("")
}

/// The checks of Alertmanager's `DayOfMonthRange.UnmarshalYAML`.
pub fn check_days_of_month(b: i64, e: i64) -> Result<(), String> {
    for v in [b, e] {
        if v == 0 || !(-31..=31).contains(&v) {
            return Err(format!("{v} is not a valid day of the month: out of range"));
        }
    }
    if b < 0 && e > 0 {
        return Err("end day must be negative if start day is negative".to_string());
    }
    let cb = if b < 0 { 28 + b } else { b };
    let ce = if e < 0 { 28 + e } else { e };
    if cb > ce {
        return Err(format!("end day {e} is always before start day {b}"));
    }
    Ok(())
}

/// `WeekdayRange.MarshalText`.
pub fn format_weekdays(b: i64, e: i64) -> String {
    let name = |d: i64| WEEKDAYS.get(d as usize).copied().unwrap_or("");
    if b == e { name(b).to_string() } else { format!("{}:{}", name(b), name(e)) }
}

/// `InclusiveRange.MarshalText`.
pub fn format_numbers(b: i64, e: i64) -> String {
    if b == e { b.to_string() } else { format!("{b}:{e}") }
}
