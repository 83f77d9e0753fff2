//! `promplay query`: evaluate a PromQL expression over series given as
//! load notation (`--series FILE`) and/or scrapes of exposition text
//! (`--metrics FILE[@TIME]`), as an instant or a range query, and print the
//! result as a table or as the Prometheus HTTP API's `data` JSON.
//!
//! Times are RFC 3339 (`2024-05-01T12:00:00Z`) or Unix seconds (`1714564800`,
//! `1714564800.5`), as promtool accepts them; steps are durations (`15s`,
//! `1m30s`) or seconds. Everything beyond argument handling and printing is
//! `promplay_pipeline::query`.

use anyhow::{Context, Result, anyhow, bail};
use lexopt::prelude::*;
use promplay_pipeline::diagnostics::render;
use promplay_pipeline::query::{QueryData, QueryTime, run_query};
use std::path::PathBuf;

/// The options of `promplay query`.
#[derive(Debug, Default)]
pub struct QueryOptions {
    /// `--series FILE` (load notation), in order.
    pub series: Vec<PathBuf>,
    /// `--metrics FILE[@TIME]`, in order.
    pub metrics: Vec<(PathBuf, Option<i64>)>,
    /// `--at T` in ms.
    pub at: Option<i64>,
    /// `--start`, `--end` in ms and `--step` in ms.
    pub start: Option<i64>,
    /// See `start`.
    pub end: Option<i64>,
    /// See `start`.
    pub step: Option<i64>,
    /// `-o json`.
    pub json: bool,
    /// `--explain`: print the explain tree instead of the result.
    pub explain: bool,
    /// `--timings`: add each node's wall time to the explain tree.
    pub timings: bool,
    /// `--classic-to-nhcb`: scrapes' classic histograms also as native ones.
    pub classic_to_nhcb: bool,
    /// The expression.
    pub expr: String,
}

/// The help text.
pub const HELP: &str = "\
promplay query: evaluate a PromQL expression over series you provide

Usage: promplay query [--series FILE] [--metrics FILE[@TIME]]... [--classic-to-nhcb]
                      [--at T | --start S --end E [--step D]] [-o table|json]
                      [--explain [--timings]] EXPR

Data (any number of each, combined into one store):
      --series FILE          Series in promqltest load notation, e.g.
                               load 1m
                                 http_requests_total{job=\"api\"} 0+10x60
                             (lines before any `load` header use 1m steps from t=0)
      --metrics FILE[@TIME]  One scrape of exposition text; its samples are stamped
                             TIME (default: the evaluation time), explicit sample
                             timestamps win. Give several for several scrapes.
      --classic-to-nhcb      Also load the scrapes' classic histograms (X_bucket,
                             X_count, X_sum) as native histograms X with custom
                             buckets, like Prometheus' convert_classic_histograms_to_nhcb

Time (RFC 3339 like 2024-05-01T12:00:00Z, or Unix seconds like 1714564800.5):
      --at T                 Instant query at T (default: the newest sample's time,
                             or now when there is no data)
      --start S --end E      Range query from S to E
      --step D               Range query step: a duration (15s, 1m) or seconds
                             (default: (E-S)/250, at least 1s)

Output:
  -o, --output FORMAT        table (default) or json: the Prometheus HTTP API `data`
                             object ({\"resultType\":…,\"result\":…})
      --explain              Show the query as a tree instead of the result: every
                             node evaluated on its own (series, a sample, samples
                             read, time), how binary operators matched with a
                             suggested on(...)/group_left(...) fix, and why empty
                             selectors selected nothing (nearest metric names and
                             label values). A range query is explained at its last
                             step. With -o json, the tree as JSON.
      --timings              With --explain: also each node's wall time
  -h, --help                 Print help

Warnings and info annotations go to stderr. Exit status: 0 success, 1 the query
failed to parse or evaluate or a file could not be read, 2 usage error.
";

/// Parses the arguments after `query`.
pub fn options(parser: &mut lexopt::Parser) -> Result<Option<QueryOptions>, lexopt::Error> {
    let mut o = QueryOptions::default();
    let mut expr = None;
    while let Some(arg) = parser.next()? {
        match arg {
            Short('h') | Long("help") => return Ok(None),
            Long("series") => o.series.push(PathBuf::from(parser.value()?)),
            Long("metrics") => {
                let v = parser.value()?.string()?;
                // `FILE@TIME`: the last `@` separates the time, if what follows parses as one.
                match v.rsplit_once('@').map(|(f, t)| (f, parse_time(t))) {
                    Some((file, Ok(t))) => o.metrics.push((PathBuf::from(file), Some(t))),
                    _ => o.metrics.push((PathBuf::from(v), None)),
                }
            }
            Long("explain") => o.explain = true,
            Long("timings") => o.timings = true,
            Long("classic-to-nhcb") => o.classic_to_nhcb = true,
            Long("at") | Long("time") => o.at = Some(time_arg(parser, "--at")?),
            Long("start") => o.start = Some(time_arg(parser, "--start")?),
            Long("end") => o.end = Some(time_arg(parser, "--end")?),
            Long("step") => {
                let v = parser.value()?.string()?;
                o.step = Some(parse_step(&v).map_err(|e| format!("invalid --step `{v}`: {e}"))?);
            }
            Short('o') | Long("output") => {
                let v = parser.value()?.string()?;
                o.json = match v.as_str() {
                    "json" => true,
                    "table" => false,
                    _ => {
                        return Err(
                            format!("invalid --output `{v}`; expected table or json").into()
                        );
                    }
                };
            }
            Value(v) if expr.is_none() => expr = Some(v.string()?),
            Value(v) => {
                return Err(format!(
                    "unexpected argument `{}` (quote the expression as one argument)",
                    v.to_string_lossy()
                )
                .into());
            }
            other => return Err(other.unexpected()),
        }
    }
    o.expr = expr.ok_or("missing EXPR, the PromQL expression to evaluate")?;
    if o.at.is_some() && (o.start.is_some() || o.end.is_some()) {
        return Err("give either --at or --start/--end, not both".into());
    }
    if o.timings && !o.explain {
        return Err("--timings only applies to --explain".into());
    }
    if o.start.is_some() != o.end.is_some() {
        return Err("a range query needs both --start and --end".into());
    }
    if o.step.is_some() && o.start.is_none() {
        return Err("--step only applies to a range query (--start/--end)".into());
    }
    if let (Some(s), Some(e)) = (o.start, o.end)
        && e < s
    {
        return Err("--end is before --start".into());
    }
    Ok(Some(o))
}

/// `promplay query`.
pub fn run(o: &QueryOptions) -> Result<u8> {
    let mut data = QueryData::new();
    let report =
        |name: &PathBuf, text: &str, diags: Vec<promplay_pipeline::diagnostics::Diagnostic>| {
            if !diags.is_empty() {
                eprint!("{}:\n{}", name.display(), render(text, &diags));
            }
        };
    for path in &o.series {
        let text = read(path)?;
        report(path, &text, data.add_series(&text, 60_000));
    }
    // Scrapes without a time are stamped with the evaluation time, which may
    // itself default to the newest sample: resolve it from the timed data first.
    let eval_hint = o.at.or(o.end);
    let mut untimed = Vec::new();
    for (path, t) in &o.metrics {
        let text = read(path)?;
        match t {
            Some(t) => report(path, &text, data.add_scrape_with(&text, *t, o.classic_to_nhcb)),
            None => untimed.push((path, text)),
        }
    }
    // The terminal, unlike the engines, may read the clock: "now" is what
    // promtool uses when no time is given.
    #[allow(clippy::disallowed_methods)]
    let now = || {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as i64)
    };
    let newest = data.time_range().map(|r| r.1);
    let scrape_t = eval_hint.or(if untimed.is_empty() { newest } else { None }).unwrap_or_else(now);
    for (path, text) in untimed {
        report(path, &text, data.add_scrape_with(&text, scrape_t, o.classic_to_nhcb));
    }
    let time = match (o.start, o.end) {
        (Some(start), Some(end)) => {
            let step = o.step.unwrap_or_else(|| ((end - start) / 250).max(1_000));
            QueryTime::Range { start, end, step }
        }
        _ => QueryTime::Instant(o.at.or(newest).unwrap_or(scrape_t)),
    };
    if o.explain {
        return Ok(explain(&data, o, time));
    }
    let outcome = run_query(&data, &o.expr, time);
    if !outcome.parse_diagnostics.is_empty() {
        eprint!("{}", render(&o.expr, &outcome.parse_diagnostics));
    }
    if let Some((message, span)) = outcome.error() {
        if outcome.parse_diagnostics.is_empty() {
            match span {
                Some(span) => {
                    // Evaluation errors have no code: show the frame under a plain `error:`.
                    let d = promplay_pipeline::diagnostics::Diagnostic::error("", message)
                        .with_label(span, "while evaluating this");
                    eprint!("{}", render(&o.expr, &[d]).replacen("error[]:", "error:", 1));
                }
                None => eprintln!("promplay: query failed: {message}"),
            }
        }
        return Ok(1);
    }
    let (warnings, infos) = outcome.annotation_texts();
    for w in warnings.iter().chain(&infos) {
        eprintln!("{w}");
    }
    if o.json {
        println!("{}", outcome.json_string());
    } else {
        let table = outcome.table();
        if table.rows.is_empty() {
            println!("(empty result)");
        } else {
            print!("{}", table.render());
        }
    }
    Ok(0)
}

/// `--explain`: the tree, timed by the terminal's clock.
fn explain(data: &QueryData, o: &QueryOptions, time: QueryTime) -> u8 {
    // The terminal may read the clock (engines may not): it times each node.
    #[allow(clippy::disallowed_methods)]
    let origin = std::time::Instant::now();
    let mut clock = || origin.elapsed().as_secs_f64() * 1e3;
    let clock: Option<&mut dyn FnMut() -> f64> = if o.timings { Some(&mut clock) } else { None };
    let e = promplay_pipeline::query::explain::explain(data, &o.expr, time, clock);
    if o.json {
        println!("{}", serde_json::to_string(&e).unwrap_or_default());
    } else if e.root.is_some() {
        print!("{}", e.render());
    }
    if e.parse_error.is_some() {
        let parsed = promplay_pipeline::query::run_query(data, &o.expr, time);
        eprint!("{}", render(&o.expr, &parsed.parse_diagnostics));
        return 1;
    }
    0
}

fn read(path: &PathBuf) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

fn time_arg(parser: &mut lexopt::Parser, flag: &str) -> Result<i64, lexopt::Error> {
    let v = parser.value()?.string()?;
    parse_time(&v).map_err(|e| format!("invalid {flag} `{v}`: {e}").into())
}

/// RFC 3339 or Unix seconds, in ms.
pub fn parse_time(s: &str) -> Result<i64> {
    if let Ok(secs) = s.parse::<f64>() {
        if !secs.is_finite() {
            bail!("expected a finite number of seconds");
        }
        return Ok((secs * 1000.0).round() as i64);
    }
    parse_rfc3339(s)
        .ok_or_else(|| anyhow!("expected RFC 3339 (2024-05-01T12:00:00Z) or Unix seconds"))
}

/// A step: a Prometheus duration (`15s`, `1m30s`) or seconds (`15`, `0.5`).
pub fn parse_step(s: &str) -> Result<i64> {
    let ms = match s.parse::<f64>() {
        // Prometheus turns seconds into a nanosecond Duration and the
        // engine truncates that to milliseconds: 30.0005 is 30000 ms.
        Ok(secs) if secs.is_finite() => ((secs * 1e9) as i64) / 1_000_000,
        _ => promplay_pipeline::query::parse_duration_ms(s)
            .ok_or_else(|| anyhow!("expected a duration like 15s or 1m, or seconds"))?,
    };
    if ms <= 0 {
        bail!("the step must be positive");
    }
    Ok(ms)
}

/// `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)` in ms since the epoch.
fn parse_rfc3339(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let t = s.get(r)?;
        t.bytes().all(|c| c.is_ascii_digit()).then(|| t.parse().ok())?
    };
    if b.len() < 20
        || b[4] != b'-'
        || b[7] != b'-'
        || !matches!(b[10], b'T' | b't' | b' ')
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let (y, mo, d, h, mi, sec) =
        (num(0..4)?, num(5..7)?, num(8..10)?, num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    let mut i = 19;
    let mut ms = 0i64;
    if b.get(i) == Some(&b'.') {
        let start = i + 1;
        i = start;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return None;
        }
        let frac = &s[start..i.min(start + 3)];
        ms = frac.parse::<i64>().ok()? * 10i64.pow(3 - frac.len() as u32);
    }
    let offset_min = match &s[i..] {
        "Z" | "z" => 0,
        tz if tz.len() == 6 && (tz.starts_with('+') || tz.starts_with('-')) && &tz[3..4] == ":" => {
            let v = num(i + 1..i + 3)? * 60 + num(i + 4..i + 6)?;
            if tz.starts_with('-') { -v } else { v }
        }
        _ => return None,
    };
    // Days from the civil date (Howard Hinnant's algorithm).
    let y = if mo <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (mo + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(((days * 86_400 + h * 3600 + mi * 60 + sec - offset_min * 60) * 1000) + ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_and_steps() {
        for (s, ms) in [
            ("0", 0),
            ("1714564800", 1_714_564_800_000),
            ("1714564800.5", 1_714_564_800_500),
            ("2024-05-01T12:00:00Z", 1_714_564_800_000),
            ("2024-05-01T14:00:00.250+02:00", 1_714_564_800_250),
            ("1970-01-01T00:01:00Z", 60_000),
        ] {
            assert_eq!(parse_time(s).ok(), Some(ms), "{s}");
        }
        assert!(parse_time("yesterday").is_err());
        assert_eq!(parse_step("15s").ok(), Some(15_000));
        assert_eq!(parse_step("1m30s").ok(), Some(90_000));
        assert_eq!(parse_step("0.5").ok(), Some(500));
        assert_eq!(parse_step("30.0005").ok(), Some(30_000));
        assert!(parse_step("0").is_err());
    }
}
