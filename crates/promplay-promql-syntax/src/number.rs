//! Number and duration literals as Prometheus reads and prints them: Go's
//! `strconv.ParseInt(s, 0, 64)` then `ParseFloat` for numbers,
//! `model.ParseDuration` for durations, and `model.Duration.String()` for
//! printing them back.

/// Parses a PromQL number literal (as lexed: no sign) like upstream's
/// `parser.number`: integers in base 0 (hex `0x`, octal with a leading `0`,
/// `_` separators), else a float, else `Inf`/`NaN` in any case.
pub fn parse_number(text: &str) -> Result<f64, String> {
    if text.eq_ignore_ascii_case("inf") {
        return Ok(f64::INFINITY);
    }
    if text.eq_ignore_ascii_case("nan") {
        return Ok(f64::NAN);
    }
    if let Some(v) = parse_int_base0(text) {
        return Ok(v as f64);
    }
    if text.contains('_') && !underscore_ok(text) {
        return Err(format!("strconv.ParseFloat: parsing {text:?}: invalid syntax"));
    }
    let cleaned: String = text.chars().filter(|&c| c != '_').collect();
    let lower = cleaned.to_ascii_lowercase();
    // Go rejects hex mantissas without a `p` exponent, and Rust has no hex
    // floats at all; what is left must be plain decimal.
    if lower.starts_with("0x") || lower.contains("inf") || lower.contains("nan") {
        return Err(format!("strconv.ParseFloat: parsing {text:?}: invalid syntax"));
    }
    match cleaned.parse::<f64>() {
        // Go reports overflow to infinity as an error.
        Ok(v) if v.is_infinite() => {
            Err(format!("strconv.ParseFloat: parsing {text:?}: value out of range"))
        }
        Ok(v) => Ok(v),
        Err(_) => Err(format!("strconv.ParseFloat: parsing {text:?}: invalid syntax")),
    }
}

/// Go's `ParseInt(s, 0, 64)` for unsigned input; `None` on any error.
fn parse_int_base0(s: &str) -> Option<i64> {
    if s.contains('_') && !underscore_ok(s) {
        return None;
    }
    let lower = s.to_ascii_lowercase();
    let (digits, radix) = if let Some(h) = lower.strip_prefix("0x") {
        (h.to_string(), 16)
    } else if let Some(o) = lower.strip_prefix("0o") {
        (o.to_string(), 8)
    } else if let Some(b) = lower.strip_prefix("0b") {
        (b.to_string(), 2)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (lower[1..].to_string(), 8)
    } else {
        (lower, 10)
    };
    let digits: String = digits.chars().filter(|&c| c != '_').collect();
    if digits.is_empty() {
        return None;
    }
    i64::from_str_radix(&digits, radix).ok().filter(|_| !digits.starts_with(['+', '-']))
}

/// Go's `underscoreOK`: underscores only between digits, or between a base
/// prefix and a digit.
fn underscore_ok(s: &str) -> bool {
    let b = s.as_bytes();
    let mut saw = b'^';
    let mut i = 0;
    let mut hex = false;
    if b.len() >= 2 && b[0] == b'0' && matches!(b[1] | 0x20, b'b' | b'o' | b'x') {
        i = 2;
        saw = b'0';
        hex = b[1] | 0x20 == b'x';
    }
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_digit() || (hex && c.is_ascii_hexdigit()) {
            saw = b'0';
        } else if c == b'_' {
            if saw != b'0' {
                return false;
            }
            saw = b'_';
        } else {
            if saw == b'_' {
                return false;
            }
            saw = b'!';
        }
        i += 1;
    }
    saw != b'_'
}

/// Nanoseconds in one millisecond, and the units of `model.ParseDuration`
/// in nanoseconds with their order (biggest first).
const UNITS: [(&str, u64, u8); 7] = [
    ("y", 365 * 24 * 3600 * 1_000_000_000, 1),
    ("w", 7 * 24 * 3600 * 1_000_000_000, 2),
    ("d", 24 * 3600 * 1_000_000_000, 3),
    ("h", 3600 * 1_000_000_000, 4),
    ("m", 60 * 1_000_000_000, 5),
    ("s", 1_000_000_000, 6),
    ("ms", 1_000_000, 7),
];

/// Parses a duration like Prometheus' `model.ParseDuration` (`1h30m`,
/// `500ms`, units y w d h m s ms in that order, each at most once) into
/// milliseconds.
pub fn parse_duration(s: &str) -> Result<i64, String> {
    match s {
        "0" => return Ok(0),
        "" => return Err("empty duration string".into()),
        _ => {}
    }
    let invalid = || format!("not a valid duration string: {s:?}");
    let mut rest = s;
    let mut total: u64 = 0;
    let mut last = 0u8;
    while !rest.is_empty() {
        let digits = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
        if digits == 0 {
            return Err(invalid());
        }
        let v: u64 = rest[..digits].parse().map_err(|_| invalid())?;
        rest = &rest[digits..];
        let unit_len = rest.find(|c: char| c.is_ascii_digit()).unwrap_or(rest.len());
        if unit_len == 0 {
            return Err(invalid());
        }
        let unit = &rest[..unit_len];
        rest = &rest[unit_len..];
        let Some(&(_, mult, pos)) = UNITS.iter().find(|u| u.0 == unit) else {
            return Err(format!("unknown unit {unit:?} in duration {s:?}"));
        };
        if pos <= last {
            return Err(invalid());
        }
        last = pos;
        if v > (1u64 << 63) / mult {
            return Err("duration out of range".into());
        }
        total += v * mult;
        if total > (1u64 << 63) - 1 {
            return Err("duration out of range".into());
        }
    }
    Ok((total / 1_000_000) as i64)
}

/// Formats milliseconds like `model.Duration.String()`: `1h30m`, `0s`,
/// `1s500ms`; years and weeks only when they divide evenly.
pub fn format_duration(ms: i64) -> String {
    if ms == 0 {
        return "0s".into();
    }
    let mut out = String::new();
    if ms < 0 {
        // model.Duration never prints negative values; callers print the sign.
        out.push('-');
    }
    let mut ms = ms.unsigned_abs();
    let units: [(&str, u64, bool); 7] = [
        ("y", 365 * 86_400_000, true),
        ("w", 7 * 86_400_000, true),
        ("d", 86_400_000, false),
        ("h", 3_600_000, false),
        ("m", 60_000, false),
        ("s", 1000, false),
        ("ms", 1, false),
    ];
    for (unit, mult, exact) in units {
        if exact && !ms.is_multiple_of(mult) {
            continue;
        }
        let v = ms / mult;
        if v > 0 {
            out.push_str(&v.to_string());
            out.push_str(unit);
            ms -= v * mult;
        }
    }
    out
}

/// Formats a number literal like Go's `strconv.FormatFloat(v, 'f', -1, 64)`
/// (`+Inf`, `-Inf`, `NaN` for the special values).
pub fn format_number(v: f64) -> String {
    promplay_model::format_float_api(v)
}

/// Go's `math.Pow`, through libm so native and wasm agree.
pub fn go_pow(a: f64, b: f64) -> f64 {
    libm::pow(a, b)
}

/// Seconds (as a float literal holds them) to milliseconds the way upstream
/// converts ranges and offsets: `time.Duration(math.Round(v * 1e9))` then
/// truncated to whole milliseconds.
pub fn seconds_to_ms(v: f64) -> i64 {
    let ns = (v * 1e9).round();
    if ns.is_nan() {
        return 0;
    }
    // Saturating casts mirror Go's behaviour closely enough for out-of-range
    // values, which the parser rejects before they get here.
    (ns as i64) / 1_000_000
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(parse_number("0x1F"), Ok(31.0));
        assert_eq!(parse_number("010"), Ok(8.0));
        assert_eq!(parse_number("09"), Ok(9.0));
        assert_eq!(parse_number("1_000"), Ok(1000.0));
        assert_eq!(parse_number("1e3"), Ok(1000.0));
        assert_eq!(parse_number(".5"), Ok(0.5));
        assert_eq!(parse_number("5."), Ok(5.0));
        assert!(parse_number("Inf").unwrap().is_infinite());
        assert!(parse_number("1__0").is_err());
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("1h30m"), Ok(5_400_000));
        assert_eq!(parse_duration("5ms"), Ok(5));
        assert_eq!(parse_duration("1y"), Ok(365 * 86_400_000));
        assert!(parse_duration("1m1h").is_err());
        assert!(parse_duration("1.5h").is_err());
        assert_eq!(format_duration(5_400_000), "1h30m");
        assert_eq!(format_duration(1500), "1s500ms");
        assert_eq!(format_duration(90 * 86_400_000), "90d");
        assert_eq!(format_duration(14 * 86_400_000), "2w");
    }
}
