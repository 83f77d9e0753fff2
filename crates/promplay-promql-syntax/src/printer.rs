//! Printing queries back: `Display` for [`Expr`] writes the canonical form of
//! Prometheus' `String()` methods (`printer.go`), which re-parses to the same
//! tree, and [`format`] reproduces `promtool promql format` (`prettier.go`):
//! any node whose one-line form is longer than 100 bytes is split over
//! lines, indented two spaces per level.

use crate::ast::*;
use crate::number::{format_duration, format_number, seconds_to_ms};
use crate::strings::quote_string;
use std::fmt::{self, Display, Write};

impl Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expr::Number(n) => f.write_str(&number(n.value, n.duration)),
            Expr::String(s) => f.write_str(&s.go_quoted()),
            Expr::VectorSelector(v) => write_selector(f, v, true),
            Expr::MatrixSelector(m) => {
                write_selector(f, &m.selector, false)?;
                f.write_char('[')?;
                write_range(f, m.range_ms, m.range_expr.as_ref())?;
                f.write_char(']')?;
                if m.selector.anchored {
                    f.write_str(" anchored")?;
                } else if m.selector.smoothed {
                    f.write_str(" smoothed")?;
                }
                write_at(f, m.selector.at)?;
                write_offset(f, m.selector.offset_ms, m.selector.offset_expr.as_ref())
            }
            Expr::Subquery(s) => {
                write!(f, "{}", s.expr)?;
                f.write_str(&subquery_suffix(s))
            }
            Expr::Call(c) => {
                write!(f, "{}(", c.func.name)?;
                write_args(f, &c.args)?;
                f.write_char(')')
            }
            Expr::Aggregate(a) => {
                f.write_str(&aggregate_head(a))?;
                f.write_char('(')?;
                if let Some(p) = &a.param {
                    write!(f, "{p}, ")?;
                }
                write!(f, "{})", a.expr)
            }
            Expr::Binary(b) => {
                write!(f, "{} {}{} {}", b.lhs, b.op.as_str(), binary_modifiers(b), b.rhs)
            }
            Expr::Unary(u) => {
                let op = if u.op == UnaryOp::Neg { "-" } else { "+" };
                write!(f, "{op}{}", u.expr)
            }
            Expr::Paren(p) => write!(f, "({})", p.expr),
        }
    }
}

impl Display for DurationExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DurationExpr::Number { seconds, duration, .. } => {
                f.write_str(&number(*seconds, *duration))
            }
            DurationExpr::Step { .. } => f.write_str("step()"),
            DurationExpr::Range { .. } => f.write_str("range()"),
            DurationExpr::MinMax { max, lhs, rhs, .. } => {
                write!(f, "{}({lhs}, {rhs})", if *max { "max_of" } else { "min_of" })
            }
            DurationExpr::Unary { op, expr, .. } => {
                write!(f, "{}{expr}", if *op == UnaryOp::Neg { "-" } else { "+" })
            }
            DurationExpr::Binary { op, lhs, rhs, .. } => write!(f, "{lhs} {} {rhs}", op.as_str()),
            DurationExpr::Paren { expr, .. } => write!(f, "({expr})"),
        }
    }
}

/// Formats `expr` like `promtool promql format` (lines up to 100 bytes).
pub fn format(expr: &Expr) -> String {
    format_with_width(expr, 100)
}

/// Formats `expr` like [`format`], splitting nodes longer than `width` bytes.
pub fn format_with_width(expr: &Expr, width: usize) -> String {
    pretty(expr, 0, width)
}

fn indent(level: usize) -> String {
    "  ".repeat(level)
}

fn pretty(e: &Expr, level: usize, width: usize) -> String {
    let flat = e.to_string();
    // Like upstream, each node measures its own one-line form, so a child
    // that fits stays on one line even inside a split parent.
    let split = flat.len() > width;
    match e {
        Expr::Aggregate(a) if split => {
            let mut s = indent(level) + &aggregate_head(a) + "(\n";
            if let Some(p) = &a.param {
                s += &pretty(p, level + 1, width);
                s += ",\n";
            }
            s + &pretty(&a.expr, level + 1, width) + "\n" + &indent(level) + ")"
        }
        Expr::Binary(b) if split => format!(
            "{}\n{}{}{}\n{}",
            pretty(&b.lhs, level + 1, width),
            indent(level),
            b.op.as_str(),
            binary_modifiers(b),
            pretty(&b.rhs, level + 1, width)
        ),
        Expr::Call(c) if split => {
            let args: Vec<String> = c.args.iter().map(|a| pretty(a, level + 1, width)).collect();
            format!("{}{}(\n{}\n{})", indent(level), c.func.name, args.join(",\n"), indent(level))
        }
        Expr::Paren(p) if split => {
            format!("{}(\n{}\n{})", indent(level), pretty(&p.expr, level + 1, width), indent(level))
        }
        // Upstream prints an unsplit subquery without indentation; promtool's
        // output has that quirk, so it is kept.
        Expr::Subquery(_) if !split => flat,
        Expr::Subquery(s) => pretty(&s.expr, level, width) + &subquery_suffix(s),
        Expr::Unary(u) => {
            // A unary operator sticks to its operand's first line.
            let child = pretty(&u.expr, level, width);
            let op = if u.op == UnaryOp::Neg { "-" } else { "+" };
            format!("{}{op}{}", indent(level), child.trim())
        }
        _ => indent(level) + &flat,
    }
}

/// A number literal: durations as `model.Duration` strings, others as Go's
/// `FormatFloat(v, 'f', -1, 64)`.
fn number(value: f64, duration: bool) -> String {
    if duration && value.is_finite() {
        if value < 0.0 {
            return format!("-{}", format_duration(seconds_to_ms(-value)));
        }
        return format_duration(seconds_to_ms(value));
    }
    format_number(value)
}

fn write_args(f: &mut fmt::Formatter<'_>, args: &[Expr]) -> fmt::Result {
    for (i, a) in args.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{a}")?;
    }
    Ok(())
}

/// `sum`, `sum by (job) `, `sum without () ` — with upstream's trailing space.
fn aggregate_head(a: &AggregateExpr) -> String {
    let mut s = a.op.as_str().to_string();
    if a.without {
        s += " without (";
        s += &label_list(&a.grouping);
        s += ") ";
    } else if !a.grouping.is_empty() {
        s += " by (";
        s += &label_list(&a.grouping);
        s += ") ";
    }
    s
}

/// Labels joined by `, `, quoted when not legacy-valid names.
fn label_list(labels: &[String]) -> String {
    labels
        .iter()
        .map(|l| {
            if promplay_model::is_valid_legacy_label_name(l) { l.clone() } else { quote_string(l) }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// ` bool`, ` on (..)`/` ignoring (..)`, ` group_left (..)`, ` fill (..)`.
fn binary_modifiers(b: &BinaryExpr) -> String {
    let mut s = String::new();
    if b.return_bool {
        s += " bool";
    }
    let Some(m) = &b.matching else { return s };
    let grouped = matches!(m.card, Cardinality::ManyToOne | Cardinality::OneToMany);
    if !m.matching_labels.is_empty() || m.on || grouped {
        s += if m.on { " on (" } else { " ignoring (" };
        s += &label_list(&m.matching_labels);
        s += ")";
    }
    if grouped {
        s += if m.card == Cardinality::ManyToOne { " group_left (" } else { " group_right (" };
        s += &label_list(&m.include);
        s += ")";
    }
    match (m.fill.lhs, m.fill.rhs) {
        (Some(l), Some(r)) if l == r || (l.is_nan() && r.is_nan()) => {
            s += &format!(" fill ({})", fill_value(l));
        }
        (l, r) => {
            if let Some(l) = l {
                s += &format!(" fill_left ({})", fill_value(l));
            }
            if let Some(r) = r {
                s += &format!(" fill_right ({})", fill_value(r));
            }
        }
    }
    s
}

/// Go's `%v` of a float64 (shortest 'g' form), which re-parses as a number.
// Upstream prints fill values with `%v`, unlike number literals.
fn fill_value(v: f64) -> String {
    promplay_model::format_float(v)
}

fn write_selector(f: &mut fmt::Formatter<'_>, v: &VectorSelector, modifiers: bool) -> fmt::Result {
    let mut parts: Vec<String> = v
        .matchers
        .iter()
        .filter(|m| {
            !(v.name.as_deref() == Some(m.value.as_str())
                && m.name == "__name__"
                && m.op == MatchOp::Equal
                && !m.value.is_empty())
        })
        .map(matcher_string)
        .collect();
    let name = v.name.as_deref().unwrap_or("");
    f.write_str(name)?;
    if !parts.is_empty() {
        // Upstream sorts the printed matchers, which makes the output canonical.
        parts.sort();
        write!(f, "{{{}}}", parts.join(","))?;
    }
    if modifiers {
        write_at(f, v.at)?;
        if v.anchored {
            f.write_str(" anchored")?;
        } else if v.smoothed {
            f.write_str(" smoothed")?;
        }
        write_offset(f, v.offset_ms, v.offset_expr.as_ref())?;
    }
    Ok(())
}

/// `name="value"`, quoting the name when it is not a legacy label name.
fn matcher_string(m: &LabelMatcher) -> String {
    let plain = !m.name.is_empty()
        && m.name
            .char_indices()
            .all(|(i, c)| c == '_' || c.is_ascii_alphabetic() || (i > 0 && c.is_ascii_digit()));
    let name = if plain { m.name.clone() } else { quote_string(&m.name) };
    format!("{name}{}{}", m.op.as_str(), quote_string(&m.value))
}

fn write_at(f: &mut fmt::Formatter<'_>, at: Option<AtModifier>) -> fmt::Result {
    match at {
        Some(AtModifier::Timestamp(ms)) => write!(f, " @ {}", format_at(ms)),
        Some(AtModifier::Start) => f.write_str(" @ start()"),
        Some(AtModifier::End) => f.write_str(" @ end()"),
        None => Ok(()),
    }
}

/// `%.3f` of the timestamp in seconds, exact for every millisecond value.
// Integer arithmetic avoids the float rounding of `ms / 1000.0`.
fn format_at(ms: i64) -> String {
    let sign = if ms < 0 { "-" } else { "" };
    let abs = ms.unsigned_abs();
    format!("{sign}{}.{:03}", abs / 1000, abs % 1000)
}

fn write_offset(f: &mut fmt::Formatter<'_>, ms: i64, expr: Option<&DurationExpr>) -> fmt::Result {
    match expr {
        Some(e) => write!(f, " offset {e}"),
        None if ms > 0 => write!(f, " offset {}", format_duration(ms)),
        None if ms < 0 => write!(f, " offset -{}", format_duration(-ms)),
        None => Ok(()),
    }
}

fn write_range(f: &mut fmt::Formatter<'_>, ms: i64, expr: Option<&DurationExpr>) -> fmt::Result {
    match expr {
        Some(e) => write!(f, "{e}"),
        None => f.write_str(&format_duration(ms)),
    }
}

/// `[range:step] @ t offset d` of a subquery.
fn subquery_suffix(s: &SubqueryExpr) -> String {
    struct Suffix<'a>(&'a SubqueryExpr);
    impl Display for Suffix<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            let s = self.0;
            f.write_char('[')?;
            write_range(f, s.range_ms, s.range_expr.as_ref())?;
            f.write_char(':')?;
            if s.step_ms != 0 {
                f.write_str(&format_duration(s.step_ms))?;
            } else if let Some(e) = &s.step_expr {
                write!(f, "{e}")?;
            }
            f.write_char(']')?;
            write_at(f, s.at)?;
            write_offset(f, s.offset_ms, s.offset_expr.as_ref())
        }
    }
    Suffix(s).to_string()
}
