//! Reading a promqltest `.test` script into commands, as upstream's
//! `promql/promqltest/test.go` does (see `conformance/promql/FORMAT.md`):
//! trimmed lines, comments blanked (so a comment ends a block), `load`,
//! `clear` and `eval` blocks, and every body line of an `eval`.

use promplay_model::Labels;
use promplay_promql_engine::load::{self, SeqValue};
use regex::Regex;

/// One command of a script.
pub(crate) enum Command {
    /// `clear`: start with an empty store.
    Clear,
    /// `load <interval>` or `load_with_nhcb <interval>` and its series lines.
    Load(Load),
    /// `eval …` and its expectations.
    Eval(Box<Eval>),
    /// A line the script language does not accept; fails as a case of its own.
    Invalid {
        /// 1-based line number.
        line: usize,
        /// Why.
        message: String,
    },
}

/// A `load` block.
pub(crate) struct Load {
    /// 1-based line of the header.
    pub line: usize,
    /// The header and body as load-notation text (the engine's parser reads it).
    pub text: String,
}

/// How an eval runs.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Mode {
    /// `eval instant at <t>`.
    Instant { at: i64 },
    /// `eval range from <start> to <end> step <step>`.
    Range { start: i64, end: i64, step: i64 },
}

/// An `expect` matcher: any text, an exact message, or an unanchored regex.
pub(crate) enum Matcher {
    Any,
    Message(String),
    Regex(Regex),
}

impl Matcher {
    pub(crate) fn matches(&self, text: &str) -> bool {
        match self {
            Matcher::Any => true,
            Matcher::Message(m) => m == text,
            Matcher::Regex(r) => r.is_match(text),
        }
    }

    pub(crate) fn describe(&self) -> String {
        match self {
            Matcher::Any => "anything".to_owned(),
            Matcher::Message(m) => format!("message {m:?}"),
            Matcher::Regex(r) => format!("pattern {:?}", r.as_str()),
        }
    }
}

/// One expected series: its labels and values, and its position among the
/// result lines (1-based, for `expect ordered`).
pub(crate) struct ExpectedSeries {
    pub labels: Labels,
    pub values: Vec<SeqValue>,
    pub pos: usize,
}

/// An `eval` command with everything its body says.
pub(crate) struct Eval {
    /// 1-based line number of the `eval` line.
    pub line: usize,
    /// The query text.
    pub expr: String,
    pub mode: Mode,
    /// For `expect range vector`: start, end and step of the expected points.
    pub range_vector: Option<(i64, i64, i64)>,
    pub fail: Option<Matcher>,
    pub ordered: bool,
    /// `eval_warn` / `eval_info`: at least one annotation of that kind.
    pub need_warn: bool,
    pub need_info: bool,
    pub warn: Vec<Matcher>,
    pub info: Vec<Matcher>,
    pub no_warn: bool,
    pub no_info: bool,
    pub scalar: Option<f64>,
    pub string: Option<String>,
    pub series: Vec<ExpectedSeries>,
    pub exclude_from_range: bool,
    /// Whether any expected value is a histogram.
    pub has_histogram: bool,
}

/// Splits a script into commands.
pub(crate) fn parse(input: &str) -> Vec<Command> {
    let lines: Vec<&str> =
        input.split('\n').map(|l| if l.trim().starts_with('#') { "" } else { l.trim() }).collect();
    let mut cmds = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let l = lines[i];
        if l.is_empty() {
            i += 1;
            continue;
        }
        let word = l.split([' ', '\t']).next().unwrap_or("").to_ascii_lowercase();
        let start = i;
        // The block runs to the first empty line.
        let mut end = i + 1;
        while end < lines.len() && !lines[end].is_empty() {
            end += 1;
        }
        if word == "clear" {
            cmds.push(Command::Clear);
            i += 1;
            continue;
        }
        if word.starts_with("load") {
            cmds.push(Command::Load(Load { line: start + 1, text: lines[start..end].join("\n") }));
            i = end;
            continue;
        }
        if word.starts_with("eval") {
            let (cmd, next) = parse_eval(&lines, start);
            cmds.push(cmd);
            i = next;
            continue;
        }
        cmds.push(Command::Invalid { line: i + 1, message: format!("invalid command {l:?}") });
        i += 1;
    }
    cmds
}

/// A duration from the script (a non-negative Prometheus duration) in ms.
fn duration(s: &str) -> Result<i64, String> {
    load::parse_duration_ms(s.trim()).ok_or_else(|| format!("invalid duration {s:?}"))
}

fn parse_eval(lines: &[&str], start: usize) -> (Command, usize) {
    let header = lines[start];
    let invalid = |message: String| Command::Invalid { line: start + 1, message };
    let mut words = header.splitn(2, [' ', '\t']);
    let cmd = words.next().unwrap_or("");
    let rest = words.next().unwrap_or("").trim_start();
    let modifier = cmd.strip_prefix("eval").unwrap_or("").trim_start_matches('_');
    let mut ev = Eval {
        line: start + 1,
        expr: String::new(),
        mode: Mode::Instant { at: 0 },
        range_vector: None,
        fail: None,
        ordered: modifier == "ordered",
        need_warn: modifier == "warn",
        need_info: modifier == "info",
        warn: Vec::new(),
        info: Vec::new(),
        no_warn: false,
        no_info: false,
        scalar: None,
        string: None,
        series: Vec::new(),
        exclude_from_range: false,
        has_histogram: false,
    };
    let deprecated_fail = modifier == "fail";
    if !matches!(modifier, "" | "fail" | "warn" | "info" | "ordered") {
        return (invalid(format!("unknown eval modifier {modifier:?}")), skip_block(lines, start));
    }
    let parsed = if let Some(r) = rest.strip_prefix("instant") {
        parse_instant(r)
    } else if let Some(r) = rest.strip_prefix("range") {
        parse_range(r)
    } else {
        Err("expected `instant` or `range` after `eval`".to_owned())
    };
    match parsed {
        Ok((mode, expr)) => {
            ev.mode = mode;
            ev.expr = expr;
        }
        Err(e) => return (invalid(e), skip_block(lines, start)),
    }
    if deprecated_fail {
        ev.fail = Some(Matcher::Any);
    }
    let mut i = start + 1;
    let mut pos = 0usize;
    while i < lines.len() && !lines[i].is_empty() {
        let line = lines[i];
        i += 1;
        if deprecated_fail {
            if let Some(m) = line.strip_prefix("expected_fail_message") {
                ev.fail = Some(Matcher::Message(m.trim().to_owned()));
                break;
            }
            if let Some(r) = line.strip_prefix("expected_fail_regexp") {
                match Regex::new(r.trim()) {
                    Ok(re) => ev.fail = Some(Matcher::Regex(re)),
                    Err(e) => {
                        return (invalid(format!("invalid regexp: {e}")), skip_block(lines, start));
                    }
                }
                break;
            }
        }
        if let Some(r) = line.strip_prefix("expect range vector") {
            match parse_range_vector(r) {
                Ok(rv) => {
                    ev.range_vector = Some(rv);
                    ev.exclude_from_range = true;
                }
                Err(e) => return (invalid(e), skip_block(lines, start)),
            }
            continue;
        }
        if let Some(r) = line.strip_prefix("expect string") {
            match go_unquote(r.trim()) {
                Some(s) if !r.trim().is_empty() => {
                    ev.string = Some(s);
                    ev.exclude_from_range = true;
                }
                _ => {
                    return (
                        invalid("invalid expected string literal".to_owned()),
                        skip_block(lines, start),
                    );
                }
            }
            continue;
        }
        if line.split(' ').next() == Some("expect") {
            if let Err(e) = parse_expect(line, &mut ev) {
                return (invalid(e), skip_block(lines, start));
            }
            continue;
        }
        if let Some(f) = parse_go_number(line) {
            ev.scalar = Some(f);
            break;
        }
        match load::parse_series_description(line) {
            Ok(desc) => {
                pos += 1;
                let instant = matches!(ev.mode, Mode::Instant { .. });
                if desc.values.len() > 1 && instant && ev.range_vector.is_none() {
                    return (
                        invalid(
                            "multiple values in an instant evaluation need `expect range vector`"
                                .to_owned(),
                        ),
                        skip_block(lines, start),
                    );
                }
                ev.has_histogram |=
                    desc.values.iter().any(|v| matches!(v, SeqValue::Histogram { .. }));
                // Upstream keys expectations by label set: a repeated series replaces the earlier one.
                ev.series.retain(|s| s.labels != desc.labels);
                ev.series.push(ExpectedSeries { labels: desc.labels, values: desc.values, pos });
            }
            Err(d) => {
                return (
                    Command::Invalid {
                        line: i,
                        message: format!("invalid series line: {}", d.message),
                    },
                    skip_block(lines, start),
                );
            }
        }
    }
    (Command::Eval(Box::new(ev)), i)
}

fn skip_block(lines: &[&str], start: usize) -> usize {
    let mut i = start + 1;
    while i < lines.len() && !lines[i].is_empty() {
        i += 1;
    }
    i
}

/// `[at <t>] <expr>` after `instant`.
fn parse_instant(rest: &str) -> Result<(Mode, String), String> {
    let rest = rest.trim_start();
    let rest = rest.strip_prefix("at").ok_or("expected `at <time>`")?.trim_start();
    let (at, expr) = rest.split_once([' ', '\t']).ok_or("expected a time and an expression")?;
    let at = duration(at)?;
    Ok((Mode::Instant { at }, expr.trim().to_owned()))
}

/// `from <a> to <b> step <s> <expr>` after `range`.
fn parse_range(rest: &str) -> Result<(Mode, String), String> {
    let mut w = rest.split_whitespace();
    let mut next = |kw: &str| -> Result<i64, String> {
        if w.next() != Some(kw) {
            return Err(format!("expected `{kw}` in a range eval"));
        }
        duration(w.next().ok_or("missing time")?)
    };
    let start = next("from")?;
    let end = next("to")?;
    let step = next("step")?;
    if end < start {
        return Err("end timestamp is before start timestamp".to_owned());
    }
    // The expression is what follows the step word, kept verbatim.
    let idx = rest.find(" step ").ok_or("expected `step`")? + 6;
    let after = rest[idx..].trim_start();
    let expr = after.split_once([' ', '\t']).map(|(_, e)| e.trim()).unwrap_or("");
    if expr.is_empty() {
        return Err("missing expression".to_owned());
    }
    Ok((Mode::Range { start, end, step }, expr.to_owned()))
}

fn parse_range_vector(rest: &str) -> Result<(i64, i64, i64), String> {
    let w: Vec<&str> = rest.split_whitespace().collect();
    match w.as_slice() {
        ["from", a, "to", b, "step", s] => {
            let (a, b, s) = (duration(a)?, duration(b)?, duration(s)?);
            if b < a {
                return Err("end timestamp is before start timestamp".to_owned());
            }
            Ok((a, b, s))
        }
        _ => Err(format!("invalid range vector definition {rest:?}")),
    }
}

fn parse_expect(line: &str, ev: &mut Eval) -> Result<(), String> {
    let rest = line["expect".len()..].trim();
    let (kind, tail) = rest.split_once([' ', '\t']).unwrap_or((rest, ""));
    let tail = tail.trim();
    let matcher = if tail.is_empty() {
        Matcher::Any
    } else if let Some(m) = tail.strip_prefix("msg:") {
        Matcher::Message(m.trim().to_owned())
    } else if let Some(r) = tail.strip_prefix("regex:") {
        Matcher::Regex(Regex::new(r.trim()).map_err(|e| format!("invalid regex: {e}"))?)
    } else {
        return Err(format!("invalid expect statement {line:?}"));
    };
    match kind {
        "fail" if ev.fail.is_some() => return Err("multiple expect fail lines".to_owned()),
        "fail" => ev.fail = Some(matcher),
        "ordered" => ev.ordered = true,
        "warn" => ev.warn.push(matcher),
        "info" => ev.info.push(matcher),
        "no_warn" => ev.no_warn = true,
        "no_info" => ev.no_info = true,
        _ => return Err(format!("invalid expect type {kind:?}")),
    }
    if (ev.no_warn && !ev.warn.is_empty()) || (ev.no_info && !ev.info.is_empty()) {
        return Err("warn with no_warn (or info with no_info) in one eval".to_owned());
    }
    Ok(())
}

/// A number as Go's `strconv.ParseInt(s, 0, 64)` then `ParseFloat` read it
/// (`2`, `-0.2`, `+Inf`, `NaN`, `0x10`).
pub(crate) fn parse_go_number(s: &str) -> Option<f64> {
    let (neg, body) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let int = if let Some(h) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
        i64::from_str_radix(h, 16).ok()
    } else if let Some(b) = body.strip_prefix("0b").or_else(|| body.strip_prefix("0B")) {
        i64::from_str_radix(b, 2).ok()
    } else if let Some(o) = body.strip_prefix("0o").or_else(|| body.strip_prefix("0O")) {
        i64::from_str_radix(o, 8).ok()
    } else if body.len() > 1 && body.starts_with('0') && body.bytes().all(|b| b.is_ascii_digit()) {
        i64::from_str_radix(&body[1..], 8).ok()
    } else {
        None
    };
    if let Some(i) = int {
        let f = i as f64;
        return Some(if neg { -f } else { f });
    }
    promplay_model::parse_go_float(s)
}

/// Go's `strconv.Unquote` for `"…"` and `` `…` `` strings.
fn go_unquote(s: &str) -> Option<String> {
    if !(s.starts_with('"') || s.starts_with('`')) {
        return None;
    }
    let (v, len) = load::unquote_prefix(s).ok()?;
    (len == s.len()).then_some(v)
}
