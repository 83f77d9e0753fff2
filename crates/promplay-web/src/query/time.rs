//! Times and durations as the Query workbench's controls read and show them.
//!
//! PromQL people think in two kinds of time: wall-clock instants
//! (`2026-01-01T12:00:00Z`, Unix seconds) for scraped data, and offsets from
//! the epoch (`5m`, `1h30m`) for the promqltest `load` notation, whose
//! samples start at time 0. Both are accepted everywhere a time is typed, and
//! times close to the epoch are shown as offsets, so a loaded series reads
//! `at 1h` instead of `1970-01-01 01:00:00`.

/// Milliseconds in a second, minute, hour, day, week and (Prometheus') year.
const UNITS: &[(&str, i64)] = &[
    ("y", 365 * 86_400_000),
    ("w", 7 * 86_400_000),
    ("d", 86_400_000),
    ("h", 3_600_000),
    ("m", 60_000),
    ("s", 1_000),
    ("ms", 1),
];

/// Times before this (about three years after the epoch) are shown as
/// offsets from the epoch: they come from load notation, not from a clock.
const OFFSET_DISPLAY_BELOW_MS: i64 = 100_000_000_000;

/// Parses a Prometheus duration such as `5m`, `1h30m` or `250ms` into
/// milliseconds. A bare number is taken as seconds.
pub fn parse_duration(text: &str) -> Option<i64> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Ok(seconds) = text.parse::<f64>() {
        return (seconds.is_finite() && seconds >= 0.0).then(|| (seconds * 1000.0).round() as i64);
    }
    let mut total: i64 = 0;
    let mut rest = text;
    while !rest.is_empty() {
        let digits = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
        if digits == 0 {
            return None;
        }
        let n: i64 = rest[..digits].parse().ok()?;
        rest = &rest[digits..];
        // `ms` must be tried before `m`.
        let (unit, ms) =
            UNITS.iter().filter(|(u, _)| rest.starts_with(u)).max_by_key(|(u, _)| u.len())?;
        rest = &rest[unit.len()..];
        total = total.checked_add(n.checked_mul(*ms)?)?;
    }
    Some(total)
}

/// Formats milliseconds as a Prometheus duration: `1h30m`, `15s`, `250ms`, `0s`.
pub fn format_duration(ms: i64) -> String {
    if ms == 0 {
        return "0s".to_owned();
    }
    let mut out = String::new();
    if ms < 0 {
        out.push('-');
    }
    let mut rest = ms.unsigned_abs() as i64;
    // Years and weeks read oddly in a duration of a few days; stop at days.
    for &(unit, size) in &UNITS[2..] {
        if rest >= size {
            out.push_str(&format!("{}{unit}", rest / size));
            rest %= size;
        }
    }
    out
}

/// Parses a time typed into a control: an RFC 3339 date-time
/// (`2026-01-02T03:04:05Z`, the `T` may be a space and the seconds and zone
/// may be left out, UTC is assumed), Unix seconds (`1767225600`, with
/// decimals), or an offset from the epoch (`1h`, as in load notation).
pub fn parse_time(text: &str) -> Option<i64> {
    let text = text.trim();
    if let Some(t) = parse_date_time(text) {
        return Some(t);
    }
    if let Ok(seconds) = text.parse::<f64>() {
        return seconds.is_finite().then(|| (seconds * 1000.0).round() as i64);
    }
    parse_duration(text)
}

/// Formats a time for a control or a table: an offset from the epoch for
/// times close to it, a UTC date-time otherwise.
pub fn format_time(ms: i64) -> String {
    if (0..OFFSET_DISPLAY_BELOW_MS).contains(&ms) {
        return format_duration(ms);
    }
    let (date, hh, mm, ss, millis) = split_utc(ms);
    if millis == 0 {
        format!("{date}T{hh:02}:{mm:02}:{ss:02}Z")
    } else {
        format!("{date}T{hh:02}:{mm:02}:{ss:02}.{millis:03}Z")
    }
}

/// A short label for an axis tick at `ms`, given the tick interval: the
/// offset for epoch-relative times, else the time of day (with the date when
/// ticks are a day or more apart).
pub fn format_tick(ms: i64, interval_ms: i64) -> String {
    if (0..OFFSET_DISPLAY_BELOW_MS).contains(&ms) {
        return format_duration(ms);
    }
    let (date, hh, mm, ss, _) = split_utc(ms);
    if interval_ms >= 86_400_000 {
        date[5..].to_owned()
    } else if interval_ms < 60_000 {
        format!("{hh:02}:{mm:02}:{ss:02}")
    } else {
        format!("{hh:02}:{mm:02}")
    }
}

/// Tick positions for a time axis from `start` to `end` (ms), about
/// `target` of them, at a round interval (1s, 5s, 15s, 1m, …, 1d) aligned to
/// multiples of that interval. Returns the interval and the ticks.
pub fn time_ticks(start: f64, end: f64, target: usize) -> (i64, Vec<f64>) {
    const NICE: &[i64] = &[
        1,
        2,
        5,
        10,
        20,
        50,
        100,
        200,
        500,
        1_000,
        2_000,
        5_000,
        10_000,
        15_000,
        30_000,
        60_000,
        120_000,
        300_000,
        600_000,
        900_000,
        1_800_000,
        3_600_000,
        7_200_000,
        10_800_000,
        21_600_000,
        43_200_000,
        86_400_000,
        172_800_000,
        604_800_000,
        2_592_000_000,
        31_536_000_000,
    ];
    let span = (end - start).max(1.0);
    let wanted = span / target.max(1) as f64;
    let interval = NICE.iter().copied().find(|&n| n as f64 >= wanted).unwrap_or(31_536_000_000);
    let first = (start / interval as f64).ceil() as i64 * interval;
    let ticks =
        (0..).map(|i| (first + i * interval) as f64).take_while(|&t| t <= end).take(200).collect();
    (interval, ticks)
}

/// The step a range query over `range_ms` uses unless one is typed: about
/// 250 points across the graph, rounded up to a round duration, at least 1s.
pub fn auto_step(range_ms: i64) -> i64 {
    const NICE: &[i64] = &[
        1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000,
        1_800_000, 3_600_000, 7_200_000, 21_600_000, 43_200_000, 86_400_000,
    ];
    let wanted = range_ms / 250;
    NICE.iter().copied().find(|&n| n >= wanted).unwrap_or(wanted.max(86_400_000))
}

/// `YYYY-MM-DD[T| ]HH:MM[:SS[.fff]][Z|±HH:MM]` as milliseconds since the epoch.
fn parse_date_time(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() < 16 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let s = text.get(r)?;
        s.bytes().all(|c| c.is_ascii_digit()).then(|| s.parse().ok())?
    };
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute) = (num(11..13)?, num(14..16)?);
    if b[13] != b':' || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let mut rest = &text[16..];
    let mut millis = 0;
    let mut second = 0;
    if let Some(r) = rest.strip_prefix(':') {
        second = r.get(..2)?.parse().ok()?;
        rest = &r[2..];
        if let Some(r) = rest.strip_prefix('.') {
            let digits = r.find(|c: char| !c.is_ascii_digit()).unwrap_or(r.len());
            let frac = &r[..digits];
            millis = format!("{frac:0<3}")[..3].parse().ok()?;
            rest = &r[digits..];
        }
    }
    let offset_min = match rest {
        "" | "Z" | "z" => 0,
        _ => {
            let sign = match rest.as_bytes()[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let zone = rest[1..].replace(':', "");
            if zone.len() != 4 {
                return None;
            }
            sign * (zone[..2].parse::<i64>().ok()? * 60 + zone[2..].parse::<i64>().ok()?)
        }
    };
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    Some(((days * 24 + hour) * 60 + minute - offset_min) * 60_000 + second * 1000 + millis)
}

/// The UTC date (`YYYY-MM-DD`), hour, minute, second and millisecond of `ms`.
fn split_utc(ms: i64) -> (String, i64, i64, i64, i64) {
    let days = ms.div_euclid(86_400_000);
    let in_day = ms.rem_euclid(86_400_000);
    let (y, m, d) = civil_from_days(days);
    (
        format!("{y:04}-{m:02}-{d:02}"),
        in_day / 3_600_000,
        in_day / 60_000 % 60,
        in_day / 1000 % 60,
        in_day % 1000,
    )
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

/// The date of a day number, the inverse of [`days_from_civil`].
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { yoe + era * 400 + 1 } else { yoe + era * 400 }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        for (text, ms) in [
            ("5m", Some(300_000)),
            ("1h30m", Some(5_400_000)),
            ("250ms", Some(250)),
            ("1d", Some(86_400_000)),
            ("15", Some(15_000)),
            ("1.5", Some(1_500)),
            ("", None),
            ("5x", None),
            ("m", None),
            ("-5m", None),
        ] {
            assert_eq!(parse_duration(text), ms, "{text}");
        }
        for (ms, text) in
            [(0, "0s"), (5_400_000, "1h30m"), (250, "250ms"), (90_061_001, "1d1h1m1s1ms")]
        {
            assert_eq!(format_duration(ms), text);
        }
    }

    #[test]
    fn times() {
        for (text, ms) in [
            ("1970-01-01T00:00:00Z", Some(0)),
            ("2026-01-02T03:04:05Z", Some(1_767_323_045_000)),
            ("2026-01-02 03:04", Some(1_767_323_040_000)),
            ("2026-01-02T03:04:05.5Z", Some(1_767_323_045_500)),
            ("2026-01-02T05:04:05+02:00", Some(1_767_323_045_000)),
            ("1767323045", Some(1_767_323_045_000)),
            ("1h", Some(3_600_000)),
            ("2026-13-02T03:04:05Z", None),
            ("yesterday", None),
        ] {
            assert_eq!(parse_time(text), ms, "{text}");
        }
        assert_eq!(format_time(3_600_000), "1h");
        assert_eq!(format_time(1_767_323_045_000), "2026-01-02T03:04:05Z");
        assert_eq!(format_time(1_767_323_045_500), "2026-01-02T03:04:05.500Z");
        assert_eq!(parse_time(&format_time(1_767_323_045_500)), Some(1_767_323_045_500));
        assert_eq!(format_tick(1_767_323_040_000, 60_000), "03:04");
        assert_eq!(format_tick(1_767_323_045_000, 5_000), "03:04:05");
        assert_eq!(format_tick(600_000, 60_000), "10m");
    }

    #[test]
    fn ticks_and_steps() {
        let (interval, ticks) = time_ticks(0.0, 3_600_000.0, 6);
        assert_eq!(interval, 600_000);
        assert_eq!(ticks.len(), 7);
        let (_, ticks) = time_ticks(1_000.0, 125_000.0, 5);
        assert_eq!(ticks, [30_000.0, 60_000.0, 90_000.0, 120_000.0]);
        assert_eq!(auto_step(3_600_000), 15_000);
        assert_eq!(auto_step(60_000), 1_000);
        assert_eq!(auto_step(86_400_000), 600_000);
    }
}
