//! Byte-level scanning shared by the line parsers: name character classes,
//! quoted strings, unescaping and number parsing.
//!
//! This is the hot path of a large scrape, so it works on bytes with lookup
//! tables and `memchr` rather than on parser combinators; every function
//! returns byte offsets that are always on character boundaries (they stop
//! only at ASCII bytes).

use promplay_model::{format_float, parse_go_float};
use std::borrow::Cow;

/// Bit 1: may start a metric name; bit 2: may continue one; bit 4: may start
/// a label name; bit 8: may continue one.
const CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        let alpha = b.is_ascii_alphabetic() || b == b'_';
        let digit = b.is_ascii_digit();
        let mut c = 0;
        if alpha || b == b':' {
            c |= 1 | 2;
        }
        if digit {
            c |= 2 | 8;
        }
        if alpha {
            c |= 4 | 8;
        }
        t[i] = c;
        i += 1;
    }
    t
};

/// Whether `b` may start an unquoted metric name (`[a-zA-Z_:]`).
#[inline]
pub(crate) fn is_metric_start(b: u8) -> bool {
    CLASS[b as usize] & 1 != 0
}

/// Whether `b` may start an unquoted label name (`[a-zA-Z_]`).
#[inline]
pub(crate) fn is_label_start(b: u8) -> bool {
    CLASS[b as usize] & 4 != 0
}

/// The end of the metric name starting at `i` (`[a-zA-Z0-9_:]*` after it).
#[inline]
pub(crate) fn metric_name_end(bytes: &[u8], mut i: usize, end: usize) -> usize {
    while i < end && CLASS[bytes[i] as usize] & 2 != 0 {
        i += 1;
    }
    i
}

/// The end of the label name starting at `i` (`[a-zA-Z0-9_]*` after it).
#[inline]
pub(crate) fn label_name_end(bytes: &[u8], mut i: usize, end: usize) -> usize {
    while i < end && CLASS[bytes[i] as usize] & 8 != 0 {
        i += 1;
    }
    i
}

/// Skips spaces and tabs from `i`.
#[inline]
pub(crate) fn skip_blanks(bytes: &[u8], mut i: usize, end: usize) -> usize {
    while i < end && (bytes[i] == b' ' || bytes[i] == b'\t') {
        i += 1;
    }
    i
}

/// Scans the quoted string whose opening quote is at `start`.
///
/// Returns the offset just past the closing quote and whether a backslash
/// occurs inside, or `Err(end)` when the line ends before the closing quote.
#[inline(always)]
pub(crate) fn scan_quoted(bytes: &[u8], start: usize, end: usize) -> Result<(usize, bool), usize> {
    let mut i = start + 1;
    let mut escaped = false;
    loop {
        let at = find_quote_or_backslash(bytes, i, end).ok_or(end)?;
        if bytes[at] == b'"' {
            return Ok((at + 1, escaped));
        }
        escaped = true;
        // A backslash at the very end of the line escapes nothing.
        i = at + 2;
        if i > end {
            return Err(end);
        }
    }
}

/// The first `"` or `\` in `bytes[i..end]`, eight bytes at a time.
///
/// Label values are mostly a few dozen bytes: too short for `memchr` to pay
/// off, long enough that a byte loop shows. This is the classic "has a zero
/// byte" word trick; its lowest set bit always marks the first match.
#[inline(always)]
fn find_quote_or_backslash(bytes: &[u8], mut i: usize, end: usize) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    const QUOTE: u64 = LO * b'"' as u64;
    const BACKSLASH: u64 = LO * b'\\' as u64;
    while i + 8 <= end {
        let mut word = [0u8; 8];
        word.copy_from_slice(&bytes[i..i + 8]);
        let w = u64::from_le_bytes(word);
        let (x, y) = (w ^ QUOTE, w ^ BACKSLASH);
        let hits = ((x.wrapping_sub(LO) & !x) | (y.wrapping_sub(LO) & !y)) & HI;
        if hits != 0 {
            return Some(i + (hits.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    (i..end).find(|&k| bytes[k] == b'"' || bytes[k] == b'\\')
}

/// Which escape sequences a quoted string or HELP text understands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Escapes {
    /// `\\`, `\"`, `\n`; any other escape is kept verbatim (Prometheus).
    Lenient,
    /// `\\`, `\"`, `\n`; any other escape is an error (Go expfmt).
    Strict,
    /// `\\`, `\n` only; everything else verbatim (text-format HELP).
    Help,
}

/// Unescapes `s` (the inside of a quoted string, or HELP text).
///
/// Returns `Err(offset)` of the offending backslash in `s` when `mode` is
/// [`Escapes::Strict`] and an unknown escape is found.
pub(crate) fn unescape(s: &str, mode: Escapes) -> Result<Cow<'_, str>, usize> {
    let Some(first) = memchr::memchr(b'\\', s.as_bytes()) else {
        return Ok(Cow::Borrowed(s));
    };
    let mut out = String::with_capacity(s.len());
    out.push_str(&s[..first]);
    let mut rest = &s[first..];
    let mut offset = first;
    while let Some(pos) = memchr::memchr(b'\\', rest.as_bytes()) {
        out.push_str(&rest[..pos]);
        let next = rest.as_bytes().get(pos + 1).copied();
        let taken = match (next, mode) {
            (Some(b'\\'), _) => {
                out.push('\\');
                2
            }
            (Some(b'n'), _) => {
                out.push('\n');
                2
            }
            (Some(b'"'), Escapes::Lenient | Escapes::Strict) => {
                out.push('"');
                2
            }
            (_, Escapes::Strict) => return Err(offset + pos),
            _ => {
                out.push('\\');
                1
            }
        };
        rest = &rest[pos + taken..];
        offset += pos + taken;
    }
    out.push_str(rest);
    Ok(Cow::Owned(out))
}

/// Parses a sample value as Prometheus does (Go `ParseFloat` without hex
/// floats or `_` separators), with fast paths for plain numbers.
#[inline]
pub(crate) fn parse_value(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let first = *b.first()?;
    if b.len() <= 15 && b.iter().all(u8::is_ascii_digit) {
        let mut v: u64 = 0;
        for &d in b {
            v = v * 10 + u64::from(d - b'0');
        }
        // Integers below 10^15 are exact in an f64.
        #[allow(clippy::cast_precision_loss)] // Exact for values below 2^53.
        return Some(v as f64);
    }
    if first.is_ascii_digit() || first == b'.' {
        // No sign and no letters but `e`: Rust's parser agrees with Go's here.
        let plain =
            b.iter().all(|&c| c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'E' | b'+' | b'-'));
        return if plain { s.parse::<f64>().ok() } else { None };
    }
    parse_go_float(s)
}

/// Parses a text-format timestamp: an integer number of milliseconds.
pub(crate) fn parse_int_timestamp(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse::<i64>().ok()
}

/// Parses an OpenMetrics timestamp (seconds, any float but NaN and ±Inf)
/// and converts it to milliseconds the way Prometheus does (truncating).
pub(crate) fn parse_seconds_timestamp(s: &str) -> Option<i64> {
    let v = parse_value(s)?;
    if !v.is_finite() {
        return None;
    }
    // `as` saturates out-of-range values, where Go's conversion is undefined.
    #[allow(clippy::cast_possible_truncation)] // Truncation is what Prometheus does.
    Some((v * 1000.0) as i64)
}

/// Formats `v` as Prometheus' `formatOpenMetricsFloat`: Go's shortest `g`
/// form with `.0` added to integral numbers (`1` → `1.0`).
pub(crate) fn format_openmetrics_float(v: f64) -> String {
    let mut s = format_float(v);
    if v.is_finite() && !s.contains(['e', '.']) {
        s.push_str(".0");
    }
    s
}

/// The canonical form of an `le` or `quantile` value, or `None` when it is
/// already canonical or not a number (then it is kept as written).
pub(crate) fn canonical_bound(value: &str) -> Option<String> {
    if looks_canonical(value) {
        return None;
    }
    let v = parse_go_float(value)?;
    let canonical = format_openmetrics_float(v);
    (canonical != value).then_some(canonical)
}

/// A quick, allocation-free test for the common canonical spellings:
/// `+Inf`, and decimals such as `0.25` or `10.0` that Go prints the same way
/// (at most 15 significant digits, between 1e-4 and 1e6, no redundant zeros).
fn looks_canonical(s: &str) -> bool {
    if s == "+Inf" || s == "-Inf" || s == "NaN" {
        return true;
    }
    let b = s.strip_prefix('-').unwrap_or(s).as_bytes();
    let Some(dot) = b.iter().position(|&c| c == b'.') else { return false };
    let (int, frac) = (&b[..dot], &b[dot + 1..]);
    if int.is_empty() || frac.is_empty() || int.len() > 6 || int.len() + frac.len() > 15 {
        return false;
    }
    if !int.iter().chain(frac).all(u8::is_ascii_digit) || int.len() > 1 && int[0] == b'0' {
        return false;
    }
    if int == b"0" {
        // 0.000123 is 1.23e-04 in Go's form only below 1e-4.
        let zeros = frac.iter().take_while(|&&c| c == b'0').count();
        return zeros < frac.len() && zeros <= 3 && frac[frac.len() - 1] != b'0';
    }
    // `10.0` is canonical, `10.50` is not.
    frac == b"0" || frac[frac.len() - 1] != b'0'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unescape_modes() {
        assert_eq!(unescape(r#"a\"b\\c\nd\t"#, Escapes::Lenient).unwrap(), "a\"b\\c\nd\\t");
        assert_eq!(unescape(r#"a\"b"#, Escapes::Help).unwrap(), "a\\\"b");
        assert_eq!(unescape(r"ab\t", Escapes::Strict), Err(2));
        assert!(matches!(unescape("plain", Escapes::Strict).unwrap(), Cow::Borrowed(_)));
        assert_eq!(unescape("x\\", Escapes::Lenient).unwrap(), "x\\");
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_value("123"), Some(123.0));
        assert_eq!(parse_value("1e3"), Some(1000.0));
        assert_eq!(parse_value("1_0"), None);
        assert_eq!(parse_value("0x1p3"), None);
        assert_eq!(parse_int_timestamp("-2"), Some(-2));
        assert_eq!(parse_int_timestamp("1.5"), None);
        assert_eq!(parse_seconds_timestamp("123.123"), Some(123_123));
        assert_eq!(parse_seconds_timestamp("NaN"), None);
        assert_eq!(canonical_bound("1").as_deref(), Some("1.0"));
        assert_eq!(canonical_bound("0.25"), None);
        assert_eq!(canonical_bound("+Inf"), None);
        assert_eq!(canonical_bound("abc"), None);
        for ok in ["0.005", "0.25", "10.0", "2.5", "0.0001", "999999.5"] {
            assert!(looks_canonical(ok), "{ok}");
            assert_eq!(canonical_bound(ok), None, "{ok}");
        }
        for odd in ["0.00001", "1", "1.50", "01.5", "1000000.0", "0.0", "1e3"] {
            assert!(!looks_canonical(odd), "{odd}");
        }
        assert_eq!(canonical_bound("0.0").as_deref(), None);
        assert_eq!(canonical_bound("1000000.0").as_deref(), Some("1e+06"));
    }
}
