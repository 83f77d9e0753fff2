//! Float formatting and parsing as Prometheus' Go code does it.
//!
//! Two formats matter: the exposition writers and most messages use Go's
//! `strconv.FormatFloat(v, 'g', -1, 64)` (`8.253198336e+09`), while the HTTP
//! API's JSON uses `FormatFloat(v, 'f', -1, 64)` (`8253198336`). Both print
//! the shortest digits that round-trip, which Rust's formatter also finds.

/// Formats `v` like Go's `strconv.FormatFloat(v, 'g', -1, 64)`, with
/// Prometheus' spellings of the special values (`NaN`, `+Inf`, `-Inf`).
///
/// For the shortest representation Go picks the exponent form when the
/// decimal exponent is below -4 or at least 6 (`1e+06`, `1.23456789e+08`,
/// but `100000`), and always writes at least two exponent digits.
pub fn format_float(v: f64) -> String {
    format_go(v, |exp| !(-4..6).contains(&exp))
}

/// Formats `v` like Go's `strconv.FormatFloat(v, 'f', -1, 64)`, as the
/// Prometheus HTTP API writes sample values (`"NaN"`, `"+Inf"`, `"-Inf"`).
pub fn format_float_api(v: f64) -> String {
    format_go(v, |_| false)
}

/// The shared part of both formats: special values, the sign, and the
/// shortest digits in exponent form when `use_exponent(exp)` says so, else
/// in positional form.
fn format_go(v: f64, use_exponent: impl Fn(i32) -> bool) -> String {
    if let Some(s) = special(v) {
        return s.to_owned();
    }
    let (negative, digits, exp) = shortest_digits(v);
    let mut out = String::with_capacity(24);
    if negative {
        out.push('-');
    }
    if use_exponent(exp) {
        // Go's %e form: d.ddddde±XX with at least two exponent digits.
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push('e');
        out.push(if exp < 0 { '-' } else { '+' });
        let e = exp.unsigned_abs();
        if e < 10 {
            out.push('0');
        }
        out.push_str(&e.to_string());
    } else {
        push_fixed(&mut out, &digits, exp);
    }
    out
}

/// Parses a float the way Go's `strconv.ParseFloat` accepts it in Prometheus'
/// text formats: decimal and exponent forms, `Inf`/`Infinity`/`NaN` in any
/// case with an optional sign. Hex floats and `_` separators are rejected.
pub fn parse_go_float(s: &str) -> Option<f64> {
    let bytes = s.as_bytes();
    let (sign, rest) = match bytes.first() {
        Some(b'+') => (1.0, &s[1..]),
        Some(b'-') => (-1.0, &s[1..]),
        _ => (1.0, s),
    };
    if rest.eq_ignore_ascii_case("inf") || rest.eq_ignore_ascii_case("infinity") {
        return Some(sign * f64::INFINITY);
    }
    if rest.eq_ignore_ascii_case("nan") {
        return Some(f64::NAN);
    }
    // Rust's parser accepts "inf"/"nan" (handled above) and plain decimals;
    // reject anything but digits, one dot and an exponent so that Rust-only
    // spellings never slip through.
    let ok = !rest.is_empty()
        && rest
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
        && rest.as_bytes()[0] != b'+'
        && rest.as_bytes()[0] != b'-';
    if !ok {
        return None;
    }
    rest.parse::<f64>().ok().map(|v| sign * v)
}

fn special(v: f64) -> Option<&'static str> {
    if v.is_nan() {
        Some("NaN")
    } else if v == f64::INFINITY {
        Some("+Inf")
    } else if v == f64::NEG_INFINITY {
        Some("-Inf")
    } else {
        None
    }
}

/// The shortest round-trip decimal digits of `v` and its decimal exponent:
/// `v = 0.d1d2d3… × 10^(exp+1)`, i.e. `d1.d2d3… × 10^exp`.
fn shortest_digits(v: f64) -> (bool, String, i32) {
    let negative = v.is_sign_negative() && v != 0.0 || (v == 0.0 && v.is_sign_negative());
    if v == 0.0 {
        return (negative, "0".to_owned(), 0);
    }
    // Rust's `{:e}` prints the shortest round-trip digits, e.g. "8.253198336e9".
    let s = format!("{:e}", v.abs());
    let (mantissa, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    (negative, digits, exp)
}

/// Writes `d1.d2d3… × 10^exp` in positional notation with no trailing zeros.
fn push_fixed(out: &mut String, digits: &str, exp: i32) {
    let nd = digits.len() as i32;
    if exp < 0 {
        out.push_str("0.");
        for _ in 0..(-exp - 1) {
            out.push('0');
        }
        out.push_str(digits);
    } else if exp + 1 >= nd {
        out.push_str(digits);
        for _ in 0..(exp + 1 - nd) {
            out.push('0');
        }
    } else {
        let split = (exp + 1) as usize;
        out.push_str(&digits[..split]);
        out.push('.');
        out.push_str(&digits[split..]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_g_format() {
        for (v, want) in [
            (0.0, "0"),
            (-0.0, "-0"),
            (1.0, "1"),
            (100000.0, "100000"),
            (1e6, "1e+06"),
            (123456789.0, "1.23456789e+08"),
            (8253198336.0, "8.253198336e+09"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (4.9351e-05, "4.9351e-05"),
            (1.5, "1.5"),
            (-2.25, "-2.25"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (5e-324, "5e-324"),
            (f64::NAN, "NaN"),
            (f64::INFINITY, "+Inf"),
            (f64::NEG_INFINITY, "-Inf"),
        ] {
            assert_eq!(format_float(v), want, "{v:e}");
        }
    }

    #[test]
    fn go_f_format() {
        for (v, want) in [
            (1e6, "1000000"),
            (1e-7, "0.0000001"),
            (0.1, "0.1"),
            (1e21, "1000000000000000000000"),
            (-3.5, "-3.5"),
        ] {
            assert_eq!(format_float_api(v), want);
        }
    }

    #[test]
    fn go_parse() {
        assert_eq!(parse_go_float("1.5e3"), Some(1500.0));
        assert_eq!(parse_go_float("-Inf"), Some(f64::NEG_INFINITY));
        assert_eq!(parse_go_float("+inf"), Some(f64::INFINITY));
        assert!(parse_go_float("NaN").is_some_and(f64::is_nan));
        assert_eq!(parse_go_float("0x1p3"), None);
        assert_eq!(parse_go_float("1_000"), None);
        assert_eq!(parse_go_float(""), None);
        assert_eq!(parse_go_float("--1"), None);
    }
}
