//! The Go formatting promtool's messages are made of: `strconv.Quote`,
//! `time.Duration` and `model.Duration` strings, `strconv.FormatFloat(v,
//! 'E', -1, 64)`, `labels.Labels.String()`, and RFC 3339 timestamps.

use promplay_model::{Labels, is_valid_legacy_label_name};

/// Go's `strconv.Quote`: double quotes, `\"` and `\\`, C escapes for
/// control characters, printable Unicode kept.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if c.is_control() => {
                let n = c as u32;
                if n < 0x10000 {
                    out.push_str(&format!("\\u{n:04x}"));
                } else {
                    out.push_str(&format!("\\U{n:08x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Prometheus' `labels.Labels.String()`: `{__name__="up", job="a"}`, names
/// quoted when they are not legacy names.
pub fn labels_string(labels: &Labels) -> String {
    let mut out = String::from("{");
    for (i, l) in labels.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        if is_valid_legacy_label_name(&l.name) {
            out.push_str(&l.name);
        } else {
            out.push_str(&quote(&l.name));
        }
        out.push('=');
        out.push_str(&quote(&l.value));
    }
    out.push('}');
    out
}

/// `strconv.FormatFloat(v, 'E', -1, 64)`: the shortest digits that read
/// back as `v`, in `d.dddE±dd` form (`1E+00`, `3.0000000000000004E+00`).
pub fn float_e(v: f64) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "+Inf".into() } else { "-Inf".into() };
    }
    // Rust's `{:e}` gives the shortest round-trip digits: `3.0000000000000004e0`.
    let s = format!("{v:e}");
    let (mantissa, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let sign = if exp < 0 { '-' } else { '+' };
    format!("{mantissa}E{sign}{:02}", exp.abs())
}

/// Go's `time.Duration.String()` for a duration in milliseconds:
/// `0s`, `1m0s`, `2h46m40s`, `4m59.999s`, `500ms`.
pub fn go_duration(ms: i64) -> String {
    if ms == 0 {
        return "0s".into();
    }
    let neg = ms < 0;
    let mut u = ms.unsigned_abs();
    let mut out = String::new();
    if u < 1000 {
        out = format!("{u}ms");
    } else {
        let frac_ms = u % 1000;
        u /= 1000;
        let secs = u % 60;
        u /= 60;
        let mut sec_text = secs.to_string();
        if frac_ms != 0 {
            let f = format!("{frac_ms:03}");
            sec_text = format!("{secs}.{}", f.trim_end_matches('0'));
        }
        if u > 0 {
            let mins = u % 60;
            let hours = u / 60;
            if hours > 0 {
                out.push_str(&format!("{hours}h"));
            }
            out.push_str(&format!("{mins}m"));
        }
        out.push_str(&sec_text);
        out.push('s');
    }
    if neg { format!("-{out}") } else { out }
}

/// Prometheus' `model.Duration.String()`: `0s`, `5m`, `1d`, `4m59s`,
/// `2m59s999ms`; years and weeks only when exact.
pub fn model_duration(ms: i64) -> String {
    if ms == 0 {
        return "0s".into();
    }
    let mut ms = ms;
    let mut out = String::new();
    let units: [(&str, i64, bool); 7] = [
        ("y", 365 * 86_400_000, true),
        ("w", 7 * 86_400_000, true),
        ("d", 86_400_000, false),
        ("h", 3_600_000, false),
        ("m", 60_000, false),
        ("s", 1000, false),
        ("ms", 1, false),
    ];
    for (unit, mult, exact) in units {
        if exact && ms % mult != 0 {
            continue;
        }
        let v = ms / mult;
        if v > 0 {
            out.push_str(&format!("{v}{unit}"));
            ms -= v * mult;
        }
    }
    out
}

/// promtool's `parseTime`: Unix seconds (with fraction) or RFC 3339, to ms.
pub fn parse_time(s: &str) -> Option<i64> {
    if let Ok(f) = s.parse::<f64>()
        && f.is_finite()
    {
        return Some((f * 1000.0).round() as i64);
    }
    parse_rfc3339(s)
}

/// `2024-01-01T00:00:00Z`, `2024-01-01T01:00:00.5+01:00` to ms since the epoch.
fn parse_rfc3339(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't') {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let t = s.get(r)?;
        if !t.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        t.parse().ok()
    };
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    let mut i = 19;
    let mut frac_ms = 0i64;
    if b.get(i) == Some(&b'.') {
        let start = i + 1;
        i = start;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        let digits = s.get(start..i)?;
        if digits.is_empty() {
            return None;
        }
        let padded = format!("{digits:0<3}");
        frac_ms = padded[..3].parse().ok()?;
    }
    let zone = s.get(i..)?;
    let offset_min = match zone {
        "Z" | "z" => 0,
        _ => {
            let zb = zone.as_bytes();
            if zb.len() != 6 || zb[3] != b':' || !matches!(zb[0], b'+' | b'-') {
                return None;
            }
            let h: i64 = zone.get(1..3)?.parse().ok()?;
            let m: i64 = zone.get(4..6)?.parse().ok()?;
            let v = h * 60 + m;
            if zb[0] == b'-' { -v } else { v }
        }
    };
    let days = days_from_civil(year, month, day);
    let secs = days * 86_400 + hour * 3600 + minute * 60 + second - offset_min * 60;
    Some(secs * 1000 + frac_ms)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// promtool's `indentLines`: every line after the first gets `indent`.
pub fn indent_lines(lines: &str, indent: &str) -> String {
    let mut out = String::with_capacity(lines.len());
    for (i, l) in lines.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            out.push_str(indent);
        }
        out.push_str(l);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats() {
        assert_eq!(float_e(1.0), "1E+00");
        assert_eq!(float_e(60.0), "6E+01");
        assert_eq!(float_e(3.0000000000000004), "3.0000000000000004E+00");
        assert_eq!(float_e(0.5), "5E-01");
        assert_eq!(float_e(1e100), "1E+100");
        assert_eq!(float_e(f64::INFINITY), "+Inf");
    }

    #[test]
    fn durations() {
        assert_eq!(go_duration(0), "0s");
        assert_eq!(go_duration(60_000), "1m0s");
        assert_eq!(go_duration(299_999), "4m59.999s");
        assert_eq!(go_duration(90_000_000), "25h0m0s");
        assert_eq!(go_duration(500), "500ms");
        assert_eq!(model_duration(0), "0s");
        assert_eq!(model_duration(86_400_000), "1d");
        assert_eq!(model_duration(179_999), "2m59s999ms");
        assert_eq!(model_duration(100 * 86_400_000), "100d");
        assert_eq!(model_duration(14 * 86_400_000), "2w");
    }

    #[test]
    fn times() {
        assert_eq!(parse_time("2024-01-01T00:00:00Z"), Some(1_704_067_200_000));
        assert_eq!(parse_time("1609459200"), Some(1_609_459_200_000));
        assert_eq!(parse_time("2024-01-01T01:00:00.5+01:00"), Some(1_704_067_200_500));
        assert_eq!(parse_time("yesterday"), None);
    }

    #[test]
    fn quoting() {
        assert_eq!(quote("a\"b\n"), "\"a\\\"b\\n\"");
        assert_eq!(
            labels_string(&Labels::from_pairs([("__name__", "up"), ("a.b", "1")])),
            "{__name__=\"up\", \"a.b\"=\"1\"}"
        );
    }
}
