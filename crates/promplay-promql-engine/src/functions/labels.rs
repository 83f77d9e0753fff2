//! The label functions: `label_replace` and `label_join` (with upstream's
//! validation errors), natural-order comparison for `sort_by_label`, value
//! ordering for `sort`/`sort_desc`, and the label set `absent` derives from
//! its selector's equality matchers.

use promplay_model::{Labels, METRIC_NAME_LABEL};
use regex::Regex;
use std::cmp::Ordering;

/// Whether `name` is a valid UTF-8 label name. A replacement character
/// stands for bytes that were not valid UTF-8 in the query (`"\xff"`), which
/// upstream rejects.
fn is_valid_label_name(name: &str) -> bool {
    promplay_model::is_valid_label_name(name) && !name.contains('\u{FFFD}')
}

/// A compiled `label_replace` call.
#[derive(Clone, Debug)]
pub struct LabelReplace {
    dst: String,
    replacement: String,
    src: String,
    regex: Regex,
}

impl LabelReplace {
    /// Validates the arguments as upstream does when the query starts; the
    /// error texts are Prometheus'.
    pub fn new(dst: &str, replacement: &str, src: &str, regex: &str) -> Result<Self, String> {
        let compiled = compile_cached(regex)
            .ok_or_else(|| format!("invalid regular expression in label_replace(): {regex}"))?;
        if !is_valid_label_name(dst) {
            return Err(format!("invalid destination label name in label_replace(): {dst}"));
        }
        Ok(LabelReplace {
            dst: dst.to_string(),
            replacement: replacement.to_string(),
            src: src.to_string(),
            regex: compiled,
        })
    }

    /// Applies the replacement to one label set; `None` when the regular
    /// expression does not match (the labels stay as they are).
    pub fn apply(&self, labels: &Labels) -> Option<Labels> {
        let src = labels.get(&self.src).unwrap_or("");
        let caps = self.regex.captures(src)?;
        let mut value = String::new();
        caps.expand(&self.replacement, &mut value);
        let mut out = labels.clone();
        set_or_remove(&mut out, &self.dst, value);
        Some(out)
    }

    /// Whether the destination is the metric name (then the result keeps
    /// its name even where a function would otherwise drop it).
    pub fn sets_metric_name(&self) -> bool {
        self.dst == METRIC_NAME_LABEL
    }
}

thread_local! {
    /// The last regular expression `label_replace` compiled: a range query
    /// calls the function once per step with the same pattern.
    static LAST_REGEX: std::cell::RefCell<Option<(String, Regex)>> = const { std::cell::RefCell::new(None) };
}

/// Compiles `^(?s:pattern)$`, reusing the previous compilation.
fn compile_cached(pattern: &str) -> Option<Regex> {
    LAST_REGEX.with(|cell| {
        let mut last = cell.borrow_mut();
        if let Some((p, re)) = last.as_ref()
            && p == pattern
        {
            return Some(re.clone());
        }
        // Go rejects some patterns Rust accepts (repeat counts above 1000).
        if promplay_promql_syntax::go_regex_error(pattern).is_some() {
            return None;
        }
        // Go reads some patterns literally that Rust rejects (`{id}`, `\Q…\E`).
        let re =
            Regex::new(&format!("^(?s:{})$", promplay_promql_syntax::go_regex_to_rust(pattern)))
                .ok()?;
        *last = Some((pattern.to_string(), re.clone()));
        Some(re)
    })
}

/// A validated `label_join` call.
#[derive(Clone, Debug)]
pub struct LabelJoin {
    dst: String,
    separator: String,
    sources: Vec<String>,
}

impl LabelJoin {
    /// Validates the arguments with upstream's error texts.
    pub fn new(dst: &str, separator: &str, sources: &[&str]) -> Result<Self, String> {
        for src in sources {
            if !is_valid_label_name(src) {
                return Err(format!("invalid source label name in label_join(): {src}"));
            }
        }
        if !is_valid_label_name(dst) {
            return Err(format!("invalid destination label name in label_join(): {dst}"));
        }
        Ok(LabelJoin {
            dst: dst.to_string(),
            separator: separator.to_string(),
            sources: sources.iter().map(|s| s.to_string()).collect(),
        })
    }

    /// The joined label set.
    pub fn apply(&self, labels: &Labels) -> Labels {
        let joined = self
            .sources
            .iter()
            .map(|s| labels.get(s).unwrap_or(""))
            .collect::<Vec<_>>()
            .join(&self.separator);
        let mut out = labels.clone();
        set_or_remove(&mut out, &self.dst, joined);
        out
    }

    /// Whether the destination is the metric name.
    pub fn sets_metric_name(&self) -> bool {
        self.dst == METRIC_NAME_LABEL
    }
}

/// Sets a label, or removes it for an empty value (an empty label is an
/// absent label in Prometheus).
fn set_or_remove(labels: &mut Labels, name: &str, value: String) {
    if value.is_empty() {
        labels.remove(name);
    } else {
        labels.set(name, value);
    }
}

/// Natural order of label values as `github.com/facette/natsort` defines it
/// (runs of digits compare as integers), which `sort_by_label` uses.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    if a == b {
        Ordering::Equal
    } else if natsort_less(a, b) {
        Ordering::Less
    } else {
        Ordering::Greater
    }
}

/// `natsort.Compare(a, b)`: whether `a` precedes `b`.
fn natsort_less(a: &str, b: &str) -> bool {
    let ca = chunks(a);
    let cb = chunks(b);
    for (i, x) in ca.iter().enumerate() {
        if i >= cb.len() {
            return false;
        }
        let y = cb[i];
        let last_a = i == ca.len() - 1;
        let last_b = i == cb.len() - 1;
        if let (Some(xi), Some(yi)) = (atoi(x), atoi(y)) {
            if xi == yi {
                if last_a {
                    return true;
                } else if last_b {
                    return false;
                }
                continue;
            }
            return xi < yi;
        }
        if *x == y {
            if last_a {
                return true;
            } else if last_b {
                return false;
            }
            continue;
        }
        return x < &y;
    }
    false
}

/// Splits into maximal runs of ASCII digits and of everything else.
fn chunks(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut digit: Option<bool> = None;
    for (i, c) in s.char_indices() {
        let d = c.is_ascii_digit();
        if digit.is_some_and(|prev| prev != d) {
            out.push(&s[start..i]);
            start = i;
        }
        digit = Some(d);
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

/// Go's `strconv.Atoi` on a chunk: digits only here, failing on overflow.
fn atoi(s: &str) -> Option<i64> {
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// `sort_by_label` order: the given labels in natural order, then the whole
/// label set.
pub fn cmp_by_labels(a: &Labels, b: &Labels, names: &[&str]) -> Ordering {
    for name in names {
        let x = a.get(name).unwrap_or("");
        let y = b.get(name).unwrap_or("");
        if x == y {
            continue;
        }
        return natural_cmp(x, y);
    }
    a.cmp(b)
}

/// `sort` order: ascending, NaN last.
pub fn cmp_value_asc(a: f64, b: f64) -> Ordering {
    match (a.is_nan(), b.is_nan()) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Greater,
        (false, true) => Ordering::Less,
        _ => a.partial_cmp(&b).unwrap_or(Ordering::Equal),
    }
}

/// `sort_desc` order: descending, NaN last.
pub fn cmp_value_desc(a: f64, b: f64) -> Ordering {
    match (a.is_nan(), b.is_nan()) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Greater,
        (false, true) => Ordering::Less,
        _ => b.partial_cmp(&a).unwrap_or(Ordering::Equal),
    }
}

/// The label set `absent`/`absent_over_time` return for a selector with
/// these matchers (`(name, is_equality, value)`): every label matched by
/// exactly one equality matcher; a label with several matchers, or any
/// non-equality matcher, is left out. The metric name is never included.
pub fn absent_labels<'a>(matchers: impl IntoIterator<Item = (&'a str, bool, &'a str)>) -> Labels {
    let mut labels = Labels::new();
    let mut seen: Vec<&str> = Vec::new();
    for (name, is_equal, value) in matchers {
        if name == METRIC_NAME_LABEL {
            continue;
        }
        if is_equal && !seen.contains(&name) {
            set_or_remove(&mut labels, name, value.to_string());
            seen.push(name);
        } else {
            labels.remove(name);
        }
    }
    labels
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_order() {
        let mut v = vec!["a10", "a2", "a1", "b", "a", "10", "9", "a1b"];
        v.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(v, ["9", "10", "a", "a1", "a1b", "a2", "a10", "b"]);
    }

    #[test]
    fn replace_and_join() {
        let l = Labels::from_pairs([("__name__", "up"), ("src", "source-value-10")]);
        let r =
            LabelReplace::new("dst", "destination-value-$1", "src", "source-value-(.*)").unwrap();
        assert_eq!(r.apply(&l).unwrap().get("dst"), Some("destination-value-10"));
        let r = LabelReplace::new("dst", "$1", "src", "(source)-value-{n}|.*").unwrap();
        assert_eq!(r.apply(&l).unwrap().get("dst"), None);
        let r = LabelReplace::new("src", "", "src", ".*").unwrap();
        assert_eq!(r.apply(&l).unwrap().get("src"), None);
        assert!(LabelReplace::new("dst", "", "src", "(.*").is_err());
        assert_eq!(
            LabelReplace::new("", "", "src", ".*").unwrap_err(),
            "invalid destination label name in label_replace(): "
        );
        let j = LabelJoin::new("dst", ",", &["__name__", "src", "missing"]).unwrap();
        assert_eq!(j.apply(&l).get("dst"), Some("up,source-value-10,"));
    }

    #[test]
    fn absent_label_derivation() {
        let l = absent_labels([
            ("job", true, "a"),
            ("job", true, "b"),
            ("foo", true, "bar"),
            ("x", false, "y"),
        ]);
        assert_eq!(l, Labels::from_pairs([("foo", "bar")]));
    }
}
