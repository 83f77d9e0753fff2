//! Comparison of a parse result with the recorded views of the exposition
//! suite: Prometheus' entry stream, expfmt's metric families and the Python
//! client's families. Numbers are compared as numbers (`NaN` equals `NaN`),
//! so the Python `repr` spelling of the records does not matter.

use promplay_exposition::{Family, Format, MetricType, NativeHistogram, Parsed, Sample};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// Whether the recorded number `expected` (a string or JSON number) is `got`.
fn num_eq(expected: &Value, got: f64) -> bool {
    let e = match expected {
        Value::String(s) => promplay_model::parse_go_float(s),
        Value::Number(n) => n.as_f64(),
        _ => None,
    };
    e.is_some_and(|e| e == got || e.is_nan() && got.is_nan())
}

/// A number recorded as a JSON number or string.
fn number(v: &Value) -> Option<f64> {
    match v {
        Value::String(s) => promplay_model::parse_go_float(s),
        other => other.as_f64(),
    }
}

fn opt_num_eq(expected: &Value, got: Option<f64>) -> bool {
    match got {
        None => expected.is_null(),
        Some(v) => num_eq(expected, v),
    }
}

/// The sample's labels as a JSON object, with `__name__` when asked.
fn labels_json(parsed: &Parsed<'_>, s: &Sample<'_>, with_name: bool) -> Value {
    let mut map = Map::new();
    if with_name {
        map.insert("__name__".into(), json!(s.name));
    }
    for p in parsed.labels_of(s) {
        map.insert(p.name.to_string(), json!(p.value));
    }
    Value::Object(map)
}

fn exemplars_json(s: &Sample<'_>) -> Value {
    let list: Vec<Value> = s
        .exemplar
        .iter()
        .map(|e| {
            let labels: Map<String, Value> = e.labels.iter().map(|p| (p.name.to_string(), json!(p.value))).collect();
            json!({"labels": labels, "value": promplay_model::format_float(e.value), "ts_ms": e.timestamp_ms})
        })
        .collect();
    Value::Array(list)
}

/// Compares `got` with the fields present in `expected` (numbers by value).
fn same(expected: &Value, got: &Value) -> Result<(), String> {
    let Value::Object(fields) = expected else { return Err("record is not an object".into()) };
    for (key, want) in fields {
        let have = &got[key.as_str()];
        let ok = match key.as_str() {
            "value" => {
                number(have).is_some_and(|v| num_eq(want, v)) || have.is_null() && want.is_null()
            }
            "exemplars" => {
                let (Some(w), Some(h)) = (want.as_array(), have.as_array()) else {
                    return Err("exemplars".into());
                };
                w.len() == h.len()
                    && w.iter().zip(h).all(|(w, h)| {
                        w["labels"] == h["labels"]
                            && w["ts_ms"] == h["ts_ms"]
                            && number(&h["value"]).is_some_and(|v| num_eq(&w["value"], v))
                    })
            }
            _ => want == have,
        };
        if !ok {
            return Err(format!("{key}: expected {want}, got {have} (record {expected})"));
        }
    }
    Ok(())
}

/// The `prometheus-entries` view: the stream of entries in input order.
pub(crate) fn entries(text: &str, parsed: &Parsed<'_>, expected: &[Value]) -> Result<(), String> {
    let om = parsed.format == Format::OpenMetrics;
    let mut got: Vec<(u32, Value)> = Vec::new();
    for f in &parsed.families {
        if let Some(h) = &f.help {
            got.push((h.span.start, json!({"kind": "help", "name": f.name, "text": h.value})));
        }
        if let Some(t) = f.type_span {
            got.push((t.start, json!({"kind": "type", "name": f.name, "type": type_name(f.kind)})));
        }
        if let Some(u) = &f.unit {
            got.push((u.span.start, json!({"kind": "unit", "name": f.name, "unit": u.value})));
        }
        for s in &f.samples {
            let mut v = json!({
                "kind": "sample",
                "name": s.name,
                "labels": labels_json(parsed, s, true),
                "value": promplay_model::format_float(s.value),
                "ts_ms": s.timestamp_ms,
                "raw": &text[s.series_span.range()],
            });
            if om {
                v["st_ms"] = json!(s.created_ms);
                v["exemplars"] = exemplars_json(s);
            }
            got.push((s.span.start, v));
        }
    }
    for c in &parsed.comments {
        got.push((c.span.start, json!({"kind": "comment", "text": &text[c.span.range()]})));
    }
    got.sort_by_key(|(pos, _)| *pos);
    for (i, want) in expected.iter().enumerate() {
        let Some((_, have)) = got.get(i) else {
            return Err(format!("entry {i}: expected {want}, got nothing"));
        };
        same(want, have).map_err(|e| format!("entry {i}: {e}"))?;
    }
    if got.len() > expected.len() {
        return Err(format!(
            "{} extra entries, first {}",
            got.len() - expected.len(),
            got[expected.len()].1
        ));
    }
    Ok(())
}

fn type_name(kind: MetricType) -> &'static str {
    match kind {
        MetricType::Unknown => "unknown",
        other => other.keyword(Format::OpenMetrics),
    }
}

/// One metric of expfmt's view: samples of one family and label set.
#[derive(Default)]
struct Metric {
    labels: Value,
    ts: Option<i64>,
    value: Option<f64>,
    count: Option<f64>,
    sum: Option<f64>,
    points: Vec<(f64, f64)>,
}

/// A family of expfmt's view: type, help and metrics by label set.
type MergedFamily = (MetricType, Option<String>, BTreeMap<String, Metric>);

/// The `expfmt-families` view: families merged by name, metrics by label set.
pub(crate) fn expfmt(parsed: &Parsed<'_>, expected: &[Value]) -> Result<(), String> {
    let mut families: BTreeMap<String, MergedFamily> = BTreeMap::new();
    let mut helps: BTreeMap<String, String> = BTreeMap::new();
    for f in &parsed.families {
        if let Some(h) = &f.help {
            helps.entry(f.name.to_string()).or_insert_with(|| h.value.to_string());
        }
    }
    for f in &parsed.families {
        if f.samples.is_empty() {
            continue;
        }
        let entry =
            families.entry(f.name.to_string()).or_insert_with(|| (f.kind, None, BTreeMap::new()));
        if entry.1.is_none() {
            entry.1 = helps.get(f.name.as_ref()).cloned();
        }
        for s in &f.samples {
            let suffix = s.name.strip_prefix(f.name.as_ref()).unwrap_or_default();
            let bound = match (f.kind, suffix) {
                (MetricType::Summary, "") => "quantile",
                (MetricType::Histogram | MetricType::GaugeHistogram, "_bucket") => "le",
                _ => "",
            };
            let mut map = Map::new();
            let mut point = None;
            for p in parsed.labels_of(s) {
                if p.name == bound {
                    point = promplay_model::parse_go_float(&p.value);
                } else {
                    map.insert(p.name.to_string(), json!(p.value));
                }
            }
            // expfmt merges lines of one label set only for summaries and
            // histograms; every other sample line is a metric of its own.
            let grouped = matches!(
                f.kind,
                MetricType::Summary | MetricType::Histogram | MetricType::GaugeHistogram
            );
            let key = if grouped {
                Value::Object(map.clone()).to_string()
            } else {
                format!("#{}", entry.2.len())
            };
            let m = entry
                .2
                .entry(key)
                .or_insert_with(|| Metric { labels: Value::Object(map), ..Metric::default() });
            if s.timestamp_ms.is_some() {
                m.ts = s.timestamp_ms;
            }
            match (suffix, point) {
                ("_count" | "_gcount", _) if f.kind != MetricType::Counter => {
                    m.count = Some(s.value);
                }
                ("_sum" | "_gsum", _) if f.kind != MetricType::Counter => m.sum = Some(s.value),
                (_, Some(p)) => m.points.push((p, s.value)),
                _ => m.value = Some(s.value),
            }
        }
    }
    let mut seen = 0;
    for want in expected.iter().filter(|r| r["kind"] == "family") {
        let name = want["name"].as_str().unwrap_or_default();
        let Some((kind, help, metrics)) = families.get(name) else {
            return Err(format!("family `{name}` missing"));
        };
        seen += 1;
        let want_type = want["type"].as_str().unwrap_or_default();
        let have_type = match kind {
            MetricType::Unknown => "untyped",
            k => k.keyword(Format::OpenMetrics),
        };
        if want_type != have_type {
            return Err(format!("family `{name}`: type expected {want_type}, got {have_type}"));
        }
        if want["help"].as_str() != help.as_deref() {
            return Err(format!("family `{name}`: help expected {}, got {help:?}", want["help"]));
        }
        let wanted: Vec<&Value> =
            expected.iter().filter(|r| r["kind"] == "metric" && r["family"] == name).collect();
        if wanted.len() != metrics.len() {
            return Err(format!(
                "family `{name}`: expected {} metrics, got {}",
                wanted.len(),
                metrics.len()
            ));
        }
        // Several metrics can share a label set (samples that are not merged),
        // so each expected metric takes the first unused one that matches.
        let mut used = vec![false; metrics.len()];
        for w in wanted {
            let candidates: Vec<usize> = metrics
                .values()
                .enumerate()
                .filter(|(i, m)| !used[*i] && m.labels == w["labels"])
                .map(|(i, _)| i)
                .collect();
            let Some(&first) = candidates.first() else {
                return Err(format!("family `{name}`: no metric with labels {}", w["labels"]));
            };
            let all: Vec<&Metric> = metrics.values().collect();
            let pick = candidates
                .iter()
                .copied()
                .find(|&i| check_metric(w, all[i]).is_ok())
                .unwrap_or(first);
            used[pick] = true;
            check_metric(w, all[pick])
                .map_err(|e| format!("family `{name}` {}: {e}", w["labels"]))?;
        }
    }
    if seen != families.len() {
        return Err(format!(
            "expected {seen} families, got {}: {:?}",
            families.len(),
            families.keys().collect::<Vec<_>>()
        ));
    }
    Ok(())
}

fn check_metric(w: &Value, m: &Metric) -> Result<(), String> {
    if w["ts_ms"].as_i64() != m.ts {
        return Err(format!("ts_ms expected {}, got {:?}", w["ts_ms"], m.ts));
    }
    if let Some(v) = w.get("value")
        && !opt_num_eq(v, m.value)
    {
        return Err(format!("value expected {v}, got {:?}", m.value));
    }
    let count =
        w.get("sample_count").filter(|v| !v.is_null()).or_else(|| w.get("sample_count_float"));
    if let Some(c) = count
        && !opt_num_eq(c, m.count)
    {
        return Err(format!("count expected {c}, got {:?}", m.count));
    }
    if let Some(s) = w.get("sample_sum")
        && !opt_num_eq(s, m.sum)
    {
        return Err(format!("sum expected {s}, got {:?}", m.sum));
    }
    let list = w.get("quantiles").or_else(|| w.get("buckets"));
    if let Some(Value::Array(points)) = list {
        let ok = points.len() == m.points.len()
            && points.iter().zip(&m.points).all(|(p, (bound, value))| {
                let b = p.get("quantile").or_else(|| p.get("upper_bound")).unwrap_or(&Value::Null);
                let v = p
                    .get("value")
                    .or_else(|| p.get("cumulative_count"))
                    .or_else(|| p.get("cumulative_count_float"));
                num_eq(b, *bound) && v.is_some_and(|v| num_eq(v, *value))
            });
        if !ok {
            return Err(format!(
                "points expected {}, got {:?}",
                Value::Array(points.clone()),
                m.points
            ));
        }
    }
    Ok(())
}

/// The `client_python-families` view: families in order with their samples.
///
/// The Python client renames samples into its OpenMetrics model (a text
/// format counter `a` gets samples `a_total`) and returns `_created` lines as
/// samples, where this parser folds them into `created_ms`; so sample names
/// are compared for OpenMetrics only and `_created` records are skipped.
pub(crate) fn client_python(parsed: &Parsed<'_>, expected: &[Value]) -> Result<(), String> {
    let om = parsed.format == Format::OpenMetrics;
    let mut fams: Vec<&Family<'_>> = Vec::new();
    for f in &parsed.families {
        fams.push(f);
    }
    for want in expected.iter().filter(|r| r["kind"] == "family") {
        let name = want["name"].as_str().unwrap_or_default();
        let Some(f) =
            fams.iter().find(|f| f.name == name || f.name.strip_suffix("_total") == Some(name))
        else {
            return Err(format!("family `{name}` missing"));
        };
        let have_type = type_name(f.kind);
        let want_type = want["type"].as_str().unwrap_or_default();
        if want_type != have_type && !(want_type == "untyped" && have_type == "unknown") {
            return Err(format!("family `{name}`: type expected {want_type}, got {have_type}"));
        }
        let help = f.help.as_ref().map_or("", |h| h.value.as_ref());
        if want["help"].as_str().unwrap_or_default() != help {
            return Err(format!("family `{name}`: help expected {}, got {help:?}", want["help"]));
        }
        let unit = f.unit.as_ref().map_or("", |u| u.value.as_ref());
        if want["unit"].as_str().unwrap_or_default() != unit {
            return Err(format!("family `{name}`: unit expected {}, got {unit:?}", want["unit"]));
        }
    }
    let samples: Vec<&Sample<'_>> = parsed.families.iter().flat_map(|f| &f.samples).collect();
    let wanted: Vec<&Value> = expected
        .iter()
        .filter(|r| {
            r["kind"] == "sample" && !r["name"].as_str().is_some_and(|n| n.ends_with("_created"))
        })
        .collect();
    if wanted.len() != samples.len() {
        return Err(format!("expected {} samples, got {}", wanted.len(), samples.len()));
    }
    for (i, (w, s)) in wanted.iter().zip(samples).enumerate() {
        let mut want_labels = w["labels"].clone();
        if let Some(map) = want_labels.as_object_mut() {
            map.remove("__name__");
        }
        let mut have = json!({
            "labels": labels_json(parsed, s, false),
            "value": promplay_model::format_float(s.value),
            "ts_ms": s.timestamp_ms,
        });
        if s.native_histogram.is_some() {
            // The Python client has no float value for a native histogram.
            have["value"] = Value::Null;
        }
        if om {
            have["name"] = json!(s.name);
            have["exemplars"] = exemplars_json(s);
        }
        let mut want = json!({"labels": normalise_bounds(&want_labels), "value": w["value"], "ts_ms": w["ts_ms"]});
        if om {
            want["name"] = w["name"].clone();
            want["exemplars"] = w.get("exemplars").cloned().unwrap_or(json!([]));
        }
        have["labels"] = normalise_bounds(&have["labels"]);
        same(&want, &have).map_err(|e| format!("sample {i}: {e}"))?;
        let want_native = w.get("native_histogram").unwrap_or(&Value::Null);
        let have_native = s.native_histogram.as_deref().map_or(Value::Null, native_json);
        if !same_native(want_native, &have_native) {
            return Err(format!(
                "sample {i}: native_histogram: expected {want_native}, got {have_native}"
            ));
        }
    }
    Ok(())
}

/// A native histogram in the Python client's record shape.
fn native_json(h: &NativeHistogram) -> Value {
    let spans = |list: &[promplay_exposition::BucketSpan]| -> Value {
        list.iter().map(|s| json!([s.offset, s.length])).collect()
    };
    json!({
        "count_value": h.count,
        "sum_value": h.sum,
        "schema": h.schema,
        "zero_threshold": h.zero_threshold,
        "zero_count": h.zero_count,
        "pos_spans": spans(&h.positive_spans),
        "neg_spans": spans(&h.negative_spans),
        "pos_deltas": h.positive_deltas,
        "neg_deltas": h.negative_deltas,
    })
}

/// Whether a recorded native histogram is `have`: numbers by value, and the
/// exemplars (`nh_exemplars`, never set by the text parser) ignored.
fn same_native(want: &Value, have: &Value) -> bool {
    match (want, have) {
        (Value::Object(w), Value::Object(_)) => w.iter().all(|(key, w)| match key.as_str() {
            "nh_exemplars" => true,
            "count_value" | "sum_value" | "zero_threshold" | "zero_count" | "schema" => {
                number(&have[key.as_str()]).is_some_and(|h| num_eq(w, h))
            }
            _ => *w == have[key.as_str()],
        }),
        _ => want.is_null() && have.is_null(),
    }
}

/// `le` and `quantile` values as numbers, since spellings differ by parser.
fn normalise_bounds(labels: &Value) -> Value {
    let mut out = labels.clone();
    if let Some(map) = out.as_object_mut() {
        for key in ["le", "quantile"] {
            if let Some(v) =
                map.get(key).and_then(Value::as_str).and_then(promplay_model::parse_go_float)
            {
                map.insert(key.into(), json!(promplay_model::format_float(v)));
            }
        }
    }
    out
}
