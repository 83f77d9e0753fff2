//! Label sets typed by people: `{alertname="Disk", severity="critical"}`
//! for the route tester and the inhibition check, read with the same
//! matcher parsers amtool uses for its `key=value` arguments (UTF-8 first,
//! classic as the fallback) and accepting only `=`.

use crate::matcher::{MatchType, parse_matcher_fallback, parse_matchers_fallback};
use promplay_model::Labels;

/// Parses `{a="b", c="d"}` (braces optional) into a label set; a later
/// duplicate name replaces an earlier one, as amtool's map does.
pub fn parse_label_set(text: &str) -> Result<Labels, String> {
    let parsed =
        parse_matchers_fallback(text.trim()).map_err(|e| format!("failed to parse labels: {e}"))?;
    collect(parsed.matchers())
}

/// Parses one amtool argument, `key=value`.
pub fn parse_label_arg(text: &str) -> Result<(String, String), String> {
    let parsed =
        parse_matcher_fallback(text).map_err(|e| format!("failed to parse labels: {e}"))?;
    let labels = collect(parsed.matchers())?;
    let l = labels.iter().next().ok_or("failed to parse labels: no matchers")?;
    Ok((l.name.clone(), l.value.clone()))
}

fn collect(ms: &[crate::Matcher]) -> Result<Labels, String> {
    let mut labels = Labels::new();
    for m in ms {
        if m.kind != MatchType::Equal {
            return Err(format!("labels must be specified as key=value pairs, found {m}"));
        }
        labels.set(m.name.clone(), m.value.clone());
    }
    Ok(labels)
}
