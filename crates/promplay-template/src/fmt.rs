//! Go's `fmt` for the values templates print: `print`, `println`, `printf`
//! and the implicit printing of an action's value (`fmt.Fprint`).
//!
//! Verbs, flags, width and precision follow `fmt/print.go` and
//! `fmt/format.go`, bad verbs print `%!d(string=x)`, missing operands
//! `%!d(MISSING)`, extra ones `%!(EXTRA int=1)`. Floats print with the digits
//! `strconv.FormatFloat` chooses; Rust's formatter yields the same correctly
//! rounded digits (ties to even), which this module lays out Go's way.

use crate::value::Value;
use promplay_model::format_float;
use std::fmt::Write as _;

/// `fmt.Sprint`: operands printed with `%v`, a space between two operands
/// when neither is a string.
pub(crate) fn sprint(args: &[Value]) -> String {
    let mut out = String::new();
    let mut prev_string = false;
    for (i, a) in args.iter().enumerate() {
        let is_string = matches!(a, Value::String(_) | Value::Html(_));
        if i > 0 && !is_string && !prev_string {
            out.push(' ');
        }
        print_arg(&mut out, a, 'v', &Flags::default());
        prev_string = is_string;
    }
    out
}

/// `fmt.Sprintln`: operands always separated by a space, plus a newline.
pub(crate) fn sprintln(args: &[Value]) -> String {
    let mut out = String::new();
    for (i, a) in args.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        print_arg(&mut out, a, 'v', &Flags::default());
    }
    out.push('\n');
    out
}

/// `fmt.Sprintf`.
pub(crate) fn sprintf(format: &str, args: &[Value]) -> String {
    let mut out = String::new();
    let mut arg_num = 0;
    let b = format.as_bytes();
    let mut i = 0;
    let mut reordered = false;
    let mut good_arg_num = true;
    while i < b.len() {
        let start = i;
        while i < b.len() && b[i] != b'%' {
            i += 1;
        }
        out.push_str(&format[start..i]);
        if i >= b.len() {
            break;
        }
        i += 1; // Skip the %.
        let mut f = Flags::default();
        while i < b.len() {
            match b[i] {
                b'#' => f.sharp = true,
                b'0' => f.zero = true,
                b'+' => f.plus = true,
                b'-' => f.minus = true,
                b' ' => f.space = true,
                _ => break,
            }
            i += 1;
        }
        // Argument index, width.
        arg_num = arg_index(&mut reordered, &mut good_arg_num, format, &mut i, args.len(), arg_num);
        if i < b.len() && b[i] == b'*' {
            i += 1;
            match args.get(arg_num) {
                Some(Value::Int(n)) if (-1_000_000..=1_000_000).contains(n) => {
                    f.wid = Some(n.unsigned_abs() as usize);
                    if *n < 0 {
                        f.minus = true;
                        f.zero = false;
                    }
                }
                _ => out.push_str("%!(BADWIDTH)"),
            }
            arg_num += 1;
        } else {
            let (n, next) = parse_num(b, i);
            if let Some(n) = n {
                f.wid = Some(n);
            }
            i = next;
        }
        if i < b.len() && b[i] == b'.' {
            i += 1;
            arg_num =
                arg_index(&mut reordered, &mut good_arg_num, format, &mut i, args.len(), arg_num);
            if i < b.len() && b[i] == b'*' {
                i += 1;
                match args.get(arg_num) {
                    Some(Value::Int(n)) if (0..=1_000_000).contains(n) => {
                        f.prec = Some(*n as usize);
                    }
                    Some(Value::Int(n)) if *n < 0 => {}
                    _ => out.push_str("%!(BADPREC)"),
                }
                arg_num += 1;
            } else {
                let (n, next) = parse_num(b, i);
                f.prec = Some(n.unwrap_or(0));
                i = next;
            }
        }
        if f.minus {
            f.zero = false;
        }
        arg_num = arg_index(&mut reordered, &mut good_arg_num, format, &mut i, args.len(), arg_num);
        if i >= b.len() {
            out.push_str("%!(NOVERB)");
            break;
        }
        let verb = format[i..].chars().next().unwrap_or('?');
        i += verb.len_utf8();
        match verb {
            '%' => out.push('%'),
            _ if !good_arg_num => {
                let _ = write!(out, "%!{verb}(BADINDEX)");
            }
            _ if arg_num >= args.len() => {
                let _ = write!(out, "%!{verb}(MISSING)");
            }
            'w' => {
                // Sprintf has no error wrapping: %w is a bad verb there.
                bad_verb(&mut out, &args[arg_num], verb);
                arg_num += 1;
            }
            _ => {
                print_arg(&mut out, &args[arg_num], verb, &f);
                arg_num += 1;
            }
        }
    }
    if !reordered && arg_num < args.len() {
        out.push_str("%!(EXTRA ");
        for (k, a) in args[arg_num..].iter().enumerate() {
            if k > 0 {
                out.push_str(", ");
            }
            if matches!(a, Value::Nil) {
                out.push_str("<nil>");
            } else {
                out.push_str(a.go_type());
                out.push('=');
                print_arg(&mut out, a, 'v', &Flags::default());
            }
        }
        out.push(')');
    }
    out
}

/// Reads an explicit argument index `[n]` at `*i`, Go's `argNumber`.
fn arg_index(
    reordered: &mut bool,
    good: &mut bool,
    format: &str,
    i: &mut usize,
    num_args: usize,
    arg_num: usize,
) -> usize {
    let b = format.as_bytes();
    if *i >= b.len() || b[*i] != b'[' {
        return arg_num;
    }
    *reordered = true;
    if let Some(close) = format[*i..].find(']') {
        let inner = &format[*i + 1..*i + close];
        *i += close + 1;
        match inner.parse::<usize>() {
            Ok(n) if n >= 1 && n <= num_args && !inner.starts_with('+') => {
                *good = true;
                return n - 1;
            }
            _ => {
                *good = false;
                return arg_num;
            }
        }
    }
    *good = false;
    arg_num
}

fn parse_num(b: &[u8], mut i: usize) -> (Option<usize>, usize) {
    let start = i;
    let mut n: usize = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        n = n.saturating_mul(10).saturating_add(usize::from(b[i] - b'0')).min(1_000_000);
        i += 1;
    }
    (if i > start { Some(n) } else { None }, i)
}

/// The flags, width and precision of one verb.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Flags {
    pub sharp: bool,
    pub zero: bool,
    pub plus: bool,
    pub minus: bool,
    pub space: bool,
    pub wid: Option<usize>,
    pub prec: Option<usize>,
}

/// Writes `s` padded to the width (`fmt.pad`).
fn pad(out: &mut String, s: &str, f: &Flags) {
    let Some(w) = f.wid else {
        out.push_str(s);
        return;
    };
    let n = s.chars().count();
    if n >= w {
        out.push_str(s);
        return;
    }
    let fill = if f.zero && !f.minus { '0' } else { ' ' };
    if f.minus {
        out.push_str(s);
        out.extend(std::iter::repeat_n(' ', w - n));
    } else {
        out.extend(std::iter::repeat_n(fill, w - n));
        out.push_str(s);
    }
}

/// `printArg` + `printValue` for one operand.
pub(crate) fn print_arg(out: &mut String, v: &Value, verb: char, f: &Flags) {
    print_value(out, v, verb, f, 0);
}

fn print_value(out: &mut String, v: &Value, verb: char, f: &Flags, depth: usize) {
    if verb == 'T' {
        let t = if matches!(v, Value::Nil) { "<nil>" } else { v.go_type() };
        fmt_string(out, t, 's', f);
        return;
    }
    match v {
        Value::Nil => {
            if depth == 0 {
                if verb == 'v' {
                    pad(out, "<nil>", f);
                } else {
                    bad_verb(out, v, verb);
                }
            } else {
                pad(out, "<nil>", f);
            }
        }
        Value::Bool(b) => match verb {
            't' | 'v' => pad(out, if *b { "true" } else { "false" }, f),
            _ => bad_verb(out, v, verb),
        },
        Value::Int(i) => match verb {
            'v' | 'd' | 'b' | 'o' | 'O' | 'x' | 'X' | 'c' | 'q' | 'U' => {
                fmt_integer(out, *i, verb, f);
            }
            _ => bad_verb(out, v, verb),
        },
        Value::Float(x) => match verb {
            'v' => fmt_float(out, *x, 'g', None, f),
            'g' | 'G' | 'x' | 'X' | 'b' => fmt_float(out, *x, verb, None, f),
            'f' | 'F' | 'e' | 'E' => fmt_float(out, *x, verb, Some(6), f),
            _ => bad_verb(out, v, verb),
        },
        Value::String(s) | Value::Html(s) => match verb {
            'v' | 's' | 'x' | 'X' | 'q' => fmt_string(out, s, verb, f),
            _ => bad_verb(out, v, verb),
        },
        // Stringers: Go calls String() for the string verbs.
        Value::Time(_) | Value::Duration(_) | Value::Histogram(_)
            if matches!(verb, 'v' | 's' | 'x' | 'X' | 'q') =>
        {
            fmt_string(out, &v.stringer().unwrap_or_default(), verb, f);
        }
        Value::Duration(d) => match verb {
            'd' | 'b' | 'o' | 'O' | 'c' | 'U' => fmt_integer(out, *d, verb, f),
            _ => bad_verb(out, v, verb),
        },
        Value::Time(_) | Value::Histogram(_) => bad_verb(out, v, verb),
        Value::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                print_value(out, item, verb, f, depth + 1);
            }
            out.push(']');
        }
        Value::StringMap(m) => {
            out.push_str("map[");
            for (i, (k, val)) in m.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                fmt_string_or_bad(out, k, verb, f);
                out.push(':');
                fmt_string_or_bad(out, val, verb, f);
            }
            out.push(']');
        }
        Value::AnyMap(m) => {
            out.push_str("map[");
            for (i, (k, val)) in m.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                fmt_string_or_bad(out, k, verb, f);
                out.push(':');
                print_value(out, val, verb, f, depth + 1);
            }
            out.push(']');
        }
        Value::Sample(s) => {
            if depth > 0 {
                // Go prints a nested pointer as its address; ours is fixed.
                fmt_pointer(out, verb, f);
                return;
            }
            out.push_str("&{");
            print_value(
                out,
                &Value::StringMap(std::rc::Rc::new(s.labels.clone())),
                verb,
                f,
                depth + 1,
            );
            out.push(' ');
            print_value(out, &Value::from(&s.value), verb, f, depth + 1);
            out.push('}');
        }
        Value::Alert(a) => {
            out.push('{');
            let fields: [(&str, Value); 4] = [
                ("Labels", Value::StringMap(std::rc::Rc::new(a.labels.clone()))),
                ("ExternalLabels", Value::StringMap(std::rc::Rc::new(a.external_labels.clone()))),
                ("ExternalURL", Value::String(a.external_url.clone())),
                ("Value", Value::from(&a.value)),
            ];
            for (i, (name, val)) in fields.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                if f.plus {
                    out.push_str(name);
                    out.push(':');
                }
                print_value(out, val, verb, f, depth + 1);
            }
            out.push('}');
        }
    }
}

fn fmt_pointer(out: &mut String, verb: char, f: &Flags) {
    match verb {
        'v' | 'p' => pad(out, "0xc000010000", f),
        _ => pad(out, "%!(BADPTR)", f),
    }
}

fn fmt_string_or_bad(out: &mut String, s: &str, verb: char, f: &Flags) {
    match verb {
        'v' | 's' | 'x' | 'X' | 'q' => fmt_string(out, s, verb, f),
        _ => {
            let _ = write!(out, "%!{verb}(string=");
            fmt_string(out, s, 'v', &Flags::default());
            out.push(')');
        }
    }
}

/// `%!verb(type=value)`, Go's `badVerb`.
fn bad_verb(out: &mut String, v: &Value, verb: char) {
    let _ = write!(out, "%!{verb}(");
    if matches!(v, Value::Nil) {
        out.push_str("<nil>");
    } else {
        out.push_str(v.go_type());
        out.push('=');
        print_value(out, v, 'v', &Flags::default(), 0);
    }
    out.push(')');
}

fn fmt_string(out: &mut String, s: &str, verb: char, f: &Flags) {
    match verb {
        'v' | 's' => {
            let s = truncate(s, f.prec);
            pad(out, s, f);
        }
        'x' | 'X' => {
            let s = truncate(s, f.prec);
            let mut hex = String::new();
            for (i, b) in s.bytes().enumerate() {
                if f.space && i > 0 {
                    hex.push(' ');
                }
                if f.sharp && (f.space || i == 0) {
                    hex.push_str(if verb == 'x' { "0x" } else { "0X" });
                }
                if verb == 'x' {
                    let _ = write!(hex, "{b:02x}");
                } else {
                    let _ = write!(hex, "{b:02X}");
                }
            }
            pad(out, &hex, f);
        }
        'q' => {
            let s = truncate(s, f.prec);
            let q =
                if f.sharp && !s.contains('`') && s.chars().all(|c| c == '\t' || !c.is_control()) {
                    format!("`{s}`")
                } else if f.plus {
                    quote_ascii(s)
                } else {
                    quote(s)
                };
            pad(out, &q, f);
        }
        _ => pad(out, s, f),
    }
}

fn truncate(s: &str, prec: Option<usize>) -> &str {
    match prec {
        Some(p) => match s.char_indices().nth(p) {
            Some((i, _)) => &s[..i],
            None => s,
        },
        None => s,
    }
}

fn fmt_integer(out: &mut String, v: i64, verb: char, f: &Flags) {
    let neg = v < 0;
    let u = v.unsigned_abs();
    let digits = match verb {
        'v' | 'd' => u.to_string(),
        'b' => format!("{u:b}"),
        'o' | 'O' => format!("{u:o}"),
        'x' => format!("{u:x}"),
        'X' => format!("{u:X}"),
        'c' => {
            let c = u32::try_from(v).ok().and_then(char::from_u32).unwrap_or('\u{FFFD}');
            pad(out, &c.to_string(), f);
            return;
        }
        'q' => {
            let c = u32::try_from(v).ok().and_then(char::from_u32).unwrap_or('\u{FFFD}');
            pad(out, &quote_rune(c), f);
            return;
        }
        'U' => {
            let mut s = format!("U+{u:04X}");
            if f.sharp
                && let Some(c) = u32::try_from(v).ok().and_then(char::from_u32)
                && is_print(c)
            {
                let _ = write!(s, " '{c}'");
            }
            pad(out, &s, f);
            return;
        }
        _ => u.to_string(),
    };
    let mut body = digits;
    if let Some(p) = f.prec {
        if p == 0 && v == 0 {
            body.clear();
        }
        while body.len() < p {
            body.insert(0, '0');
        }
    }
    let prefix = match verb {
        'b' if f.sharp => "0b",
        'o' if f.sharp && !body.starts_with('0') => "0",
        'O' => "0o",
        'x' if f.sharp => "0x",
        'X' if f.sharp => "0X",
        _ => "",
    };
    let sign = if neg {
        "-"
    } else if f.plus {
        "+"
    } else if f.space {
        " "
    } else {
        ""
    };
    // Zero padding to the width happens between sign and digits, and only
    // without a precision.
    if f.zero
        && !f.minus
        && f.prec.is_none()
        && let Some(w) = f.wid
    {
        let used = sign.len() + prefix.len() + body.len();
        if used < w {
            body.insert_str(0, &"0".repeat(w - used));
        }
        out.push_str(sign);
        out.push_str(prefix);
        out.push_str(&body);
        return;
    }
    let s = format!("{sign}{prefix}{body}");
    pad(out, &s, &Flags { zero: false, ..*f });
}

/// `fmt.fmtFloat`: `prec` is the verb's default precision, overridden by
/// an explicit one.
fn fmt_float(out: &mut String, v: f64, verb: char, default_prec: Option<usize>, f: &Flags) {
    let prec = f.prec.or(default_prec);
    let mut num = format_float_verb(v, verb, prec);
    if !num.starts_with(['-', '+']) {
        num.insert(0, '+');
    }
    if f.space && num.starts_with('+') && !f.plus {
        num.replace_range(0..1, " ");
    }
    if num[1..].starts_with(['I', 'N']) {
        if num[1..].starts_with('N') && !f.space && !f.plus {
            num.remove(0);
        }
        pad(out, &num, &Flags { zero: false, ..*f });
        return;
    }
    if f.sharp && verb != 'b' {
        sharp_float(&mut num, verb, prec);
    }
    if f.plus || !num.starts_with('+') {
        if f.zero
            && !f.minus
            && let Some(w) = f.wid
            && w > num.len()
        {
            out.push_str(&num[..1]);
            out.push_str(&"0".repeat(w - num.len()));
            out.push_str(&num[1..]);
            return;
        }
        pad(out, &num, f);
        return;
    }
    pad(out, &num[1..], f);
}

/// The `#` flag (`fmt.fmtFloat`): always a decimal point and, for `%g`
/// and `%x`, trailing zeros up to the precision.
fn sharp_float(num: &mut String, verb: char, prec: Option<usize>) {
    let mut digits: isize = match verb {
        'v' | 'g' | 'G' | 'x' => prec.map_or(6, |p| p as isize),
        _ => 0,
    };
    let bytes = num.as_bytes();
    let mut cut = bytes.len();
    let mut has_point = false;
    let mut saw_nonzero = false;
    for (i, &c) in bytes.iter().enumerate().skip(1) {
        match c {
            b'.' => has_point = true,
            b'p' | b'P' => {
                cut = i;
                break;
            }
            b'e' | b'E' if verb != 'x' && verb != 'X' => {
                cut = i;
                break;
            }
            _ => {
                if c != b'0' {
                    saw_nonzero = true;
                }
                if saw_nonzero {
                    digits -= 1;
                }
            }
        }
    }
    let tail = num[cut..].to_owned();
    let mut head = num[..cut].to_owned();
    if !has_point {
        if head.len() == 2 && head.ends_with('0') {
            digits -= 1;
        }
        head.push('.');
    }
    while digits > 0 {
        head.push('0');
        digits -= 1;
    }
    *num = head + &tail;
}

/// `strconv.FormatFloat(v, verb, prec, 64)` with `None` meaning `-1`
/// (shortest); `+Inf`, `-Inf` and `NaN` for the special values.
pub(crate) fn format_float_verb(v: f64, verb: char, prec: Option<usize>) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "+Inf".into() } else { "-Inf".into() };
    }
    match (verb, prec) {
        ('g' | 'G', None) => {
            let s = format_float(v);
            if verb == 'G' { s.to_uppercase() } else { s }
        }
        ('e' | 'E', None) => {
            let (neg, digits, exp) = shortest(v);
            exp_form(neg, &digits, exp, verb)
        }
        ('e' | 'E', Some(p)) => {
            let (neg, digits, exp) = fixed_digits(v, p + 1);
            exp_form(neg, &pad_digits(&digits, p + 1), exp, verb)
        }
        ('f' | 'F', None) => promplay_model::format_float_api(v),
        ('f' | 'F', Some(p)) => format!("{v:.p$}"),
        ('g' | 'G', Some(p)) => {
            let p = p.max(1);
            let (neg, digits, exp) = fixed_digits(v, p);
            let digits = digits.trim_end_matches('0').to_owned();
            let digits = if digits.is_empty() { "0".to_owned() } else { digits };
            let nd = digits.len() as i32;
            let dp = exp + 1;
            let mut eprec = p as i32;
            if eprec > nd && nd >= dp {
                eprec = nd;
            }
            if exp < -4 || exp >= eprec {
                exp_form(neg, &digits, exp, if verb == 'g' { 'e' } else { 'E' })
            } else {
                let mut s = String::new();
                if neg {
                    s.push('-');
                }
                s.push_str(&positional(&digits, dp));
                s
            }
        }
        ('x' | 'X' | 'b', _) => hex_float(v, verb, prec),
        _ => format_float(v),
    }
}

fn pad_digits(d: &str, n: usize) -> String {
    let mut s = d.to_owned();
    while s.len() < n {
        s.push('0');
    }
    s
}

/// Digits and decimal exponent of the shortest round-tripping form.
fn shortest(v: f64) -> (bool, String, i32) {
    split_exp(&format!("{v:e}"))
}

/// `n` significant digits, correctly rounded.
fn fixed_digits(v: f64, n: usize) -> (bool, String, i32) {
    split_exp(&format!("{v:.prec$e}", prec = n.saturating_sub(1)))
}

/// Splits Rust's `-1.2345e-7` into sign, `12345` and `-7`.
fn split_exp(s: &str) -> (bool, String, i32) {
    let (neg, s) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s),
    };
    let (mant, exp) = s.split_once('e').unwrap_or((s, "0"));
    let digits: String = mant.chars().filter(char::is_ascii_digit).collect();
    (neg, digits, exp.parse().unwrap_or(0))
}

/// `d.dddde±XX` with at least two exponent digits.
fn exp_form(neg: bool, digits: &str, exp: i32, e: char) -> String {
    let mut s = String::new();
    if neg {
        s.push('-');
    }
    s.push_str(&digits[..1]);
    if digits.len() > 1 {
        s.push('.');
        s.push_str(&digits[1..]);
    }
    s.push(e);
    s.push(if exp < 0 { '-' } else { '+' });
    let _ = write!(s, "{:02}", exp.unsigned_abs());
    s
}

/// Places the decimal point `dp` digits into `digits`.
fn positional(digits: &str, dp: i32) -> String {
    if dp <= 0 {
        format!("0.{}{digits}", "0".repeat(dp.unsigned_abs() as usize))
    } else if dp as usize >= digits.len() {
        format!("{digits}{}", "0".repeat(dp as usize - digits.len()))
    } else {
        format!("{}.{}", &digits[..dp as usize], &digits[dp as usize..])
    }
}

/// `%x` / `%b` of a float: `0x1.8p+01` and `6755399441055744p-52`.
fn hex_float(v: f64, verb: char, prec: Option<usize>) -> String {
    let bits = v.to_bits();
    let neg = bits >> 63 == 1;
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let mant = bits & ((1 << 52) - 1);
    let sign = if neg { "-" } else { "" };
    if verb == 'b' {
        let (m, e) = if exp == 0 { (mant, -1074) } else { (mant | 1 << 52, exp - 1075) };
        return format!("{sign}{m}p{}{}", if e >= 0 { "+" } else { "" }, e);
    }
    if v == 0.0 {
        let frac =
            prec.filter(|&p| p > 0).map(|p| format!(".{}", "0".repeat(p))).unwrap_or_default();
        let s = format!("{sign}0x0{frac}p+00");
        return if verb == 'X' { s.to_uppercase() } else { s };
    }
    let (mut m, mut e) =
        if exp == 0 { (mant << 1, -1022i64) } else { (mant | 1 << 52, exp - 1023) };
    while m & (1 << 52) == 0 {
        m <<= 1;
        e -= 1;
    }
    let mut frac = m & ((1 << 52) - 1);
    let mut lead = 1u64;
    let mut hex = format!("{frac:013x}");
    if let Some(p) = prec
        && p < 13
    {
        let shift = 4 * (13 - p) as u32;
        let half = 1u64 << (shift - 1);
        let rem = frac & ((1u64 << shift) - 1);
        frac >>= shift;
        if rem > half || (rem == half && frac & 1 == 1) {
            frac += 1;
            if frac >> (4 * p) != 0 {
                frac = 0;
                lead = 2;
            }
        }
        if lead == 2 {
            lead = 1;
            e += 1;
        }
        hex = if p == 0 { String::new() } else { format!("{frac:0p$x}") };
    } else {
        hex = hex.trim_end_matches('0').to_owned();
        if let Some(p) = prec {
            while hex.len() < p {
                hex.push('0');
            }
        }
    }
    let dot = if hex.is_empty() { String::new() } else { format!(".{hex}") };
    let s =
        format!("{sign}0x{lead}{dot}p{}{:02}", if e >= 0 { "+" } else { "-" }, e.unsigned_abs());
    if verb == 'X' { s.to_uppercase() } else { s }
}

/// Go's `unicode.IsPrint`, close enough for quoting: letters, marks,
/// numbers, punctuation, symbols and the ASCII space.
pub(crate) fn is_print(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    if c.is_control() || c.is_whitespace() {
        return false;
    }
    // Format characters, private use and surrogates are not printable.
    !matches!(c as u32,
        0xAD | 0x600..=0x605 | 0x61C | 0x6DD | 0x70F | 0x180E | 0x200B..=0x200F | 0x202A..=0x202E
        | 0x2060..=0x206F | 0xFEFF | 0xFFF9..=0xFFFB | 0xE000..=0xF8FF | 0xF0000..=0x10FFFF)
}

/// Go's `strconv.Quote`.
pub(crate) fn quote(s: &str) -> String {
    quote_with(s, '"', false)
}

fn quote_ascii(s: &str) -> String {
    quote_with(s, '"', true)
}

fn quote_rune(c: char) -> String {
    quote_with(&c.to_string(), '\'', false)
}

fn quote_with(s: &str, q: char, ascii_only: bool) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push(q);
    for c in s.chars() {
        if c == q || c == '\\' {
            out.push('\\');
            out.push(c);
            continue;
        }
        if if ascii_only { c.is_ascii() && is_print(c) } else { is_print(c) } {
            out.push(c);
            continue;
        }
        match c {
            '\x07' => out.push_str("\\a"),
            '\x08' => out.push_str("\\b"),
            '\x0c' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\x0b' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c == '\x7f' => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if (c as u32) < 0x10000 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => {
                let _ = write!(out, "\\U{:08x}", c as u32);
            }
        }
    }
    out.push(q);
    out
}
