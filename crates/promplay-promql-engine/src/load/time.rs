//! Durations in the load notation: Prometheus duration literals and the
//! start-timestamp (`@st`) lines of `start_timestamps.test`, whose items are
//! durations relative to each sample's timestamp.

use super::{MAX_EXPANSION, codes};
use promplay_diagnostics::{Diagnostic, Span};

/// Parses the value part of an `@st` line: durations relative to each
/// sample's timestamp (`_`, `_xN`, `<dur>`, `<dur>xN`, `<dur>+<dur>xN`,
/// `<dur>-<dur>xN`), in milliseconds; `None` for an omitted position.
///
/// Spans in the error are byte offsets into `text`.
pub fn parse_start_timestamps(text: &str) -> Result<Vec<Option<i64>>, Diagnostic> {
    let mut out = Vec::new();
    let mut pos = 0;
    for item in text.split([' ', '\t']) {
        let start = pos;
        pos += item.len() + 1;
        if item.is_empty() {
            continue;
        }
        let span = Span::from_range(start..start + item.len());
        let bad = |why: &str| {
            Diagnostic::error(
                codes::START_TIMESTAMP,
                format!("invalid start-timestamp item `{item}`: {why}"),
            )
            .with_label(span, "here")
            .with_help(
                "items are `_`, `_xN`, `<duration>`, `<duration>xN` or `<duration>+<duration>xN`",
            )
        };
        if item == "_" {
            out.push(None);
            continue;
        }
        if let Some(n) = item.strip_prefix("_x") {
            let n: usize =
                n.parse().ok().filter(|n| *n > 0).ok_or_else(|| bad("invalid repeat count"))?;
            out.extend(std::iter::repeat_n(None, n));
            continue;
        }
        let (base, rest) = duration_prefix(item).ok_or_else(|| bad("expected a duration"))?;
        if rest.is_empty() {
            out.push(Some(base));
            continue;
        }
        let (delta, rest) = match rest.as_bytes()[0] {
            b'x' => (0, rest),
            b'+' | b'-' => {
                let (d, r) =
                    duration_prefix(&rest[1..]).ok_or_else(|| bad("expected a step duration"))?;
                (if rest.starts_with('-') { -d } else { d }, r)
            }
            _ => return Err(bad("unexpected character after the duration")),
        };
        let n: usize = rest
            .strip_prefix('x')
            .and_then(|n| n.parse().ok())
            .ok_or_else(|| bad("expected `x<count>`"))?;
        if n > MAX_EXPANSION {
            return Err(bad("repeat count too large"));
        }
        let mut v = base;
        for _ in 0..=n {
            out.push(Some(v));
            v += delta;
        }
    }
    Ok(out)
}

/// Parses a Prometheus duration (`1h30m`, `15s`, `500ms`, `0`) into milliseconds.
pub fn parse_duration_ms(s: &str) -> Option<i64> {
    if s == "0" {
        return Some(0);
    }
    if s.is_empty() {
        return None;
    }
    const UNITS: [(&str, i64); 7] = [
        ("y", 365 * 24 * 3_600_000),
        ("w", 7 * 24 * 3_600_000),
        ("d", 24 * 3_600_000),
        ("h", 3_600_000),
        ("m", 60_000),
        ("s", 1_000),
        ("ms", 1),
    ];
    let b = s.as_bytes();
    let mut i = 0;
    let mut next_unit = 0;
    let mut total: i64 = 0;
    while i < b.len() {
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return None;
        }
        let n: i64 = s[start..i].parse().ok()?;
        let ustart = i;
        while i < b.len() && b[i].is_ascii_alphabetic() {
            i += 1;
        }
        let unit = &s[ustart..i];
        let idx = UNITS.iter().position(|(u, _)| *u == unit)?;
        // Units must come in decreasing order, each at most once.
        if idx < next_unit {
            return None;
        }
        next_unit = idx + 1;
        total = total.checked_add(n.checked_mul(UNITS[idx].1)?)?;
    }
    Some(total)
}

/// Parses `<digits><unit>...` at the start of `s`, with an optional sign,
/// stopping at `x` (the repeat separator) or a sign; returns ms and the rest.
fn duration_prefix(s: &str) -> Option<(i64, &str)> {
    let (neg, body) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let end = body
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_digit() || (c.is_ascii_alphabetic() && c != 'x')))
        .map_or(body.len(), |(i, _)| i);
    let ms = parse_duration_ms(&body[..end])?;
    Some((if neg { -ms } else { ms }, &body[end..]))
}
