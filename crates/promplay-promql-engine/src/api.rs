//! Results as the Prometheus HTTP API writes the `data` object of a query
//! response: `{"resultType": ..., "result": ...}`, timestamps as seconds,
//! values as strings in Go's float formatting, native histograms with their
//! non-empty buckets as `[boundary_rule, lower, upper, count]`.

use promplay_model::{TimestampMs, format_float, format_float_api};
use serde_json::{Map, Number, Value as Json, json};

use crate::value::{FloatHistogram, Sample, SampleValue, Series, Value};

/// The HTTP API's `data` object for a query result.
pub fn api_json(value: &Value) -> Json {
    let (kind, result) = match value {
        Value::Scalar { t, v } => ("scalar", json!([timestamp(*t), format_float_api(*v)])),
        Value::String { t, s } => ("string", json!([timestamp(*t), s])),
        Value::Vector(samples) => ("vector", Json::Array(samples.iter().map(sample).collect())),
        Value::Matrix(series) => ("matrix", Json::Array(series.iter().map(series_json).collect())),
    };
    let mut data = Map::new();
    data.insert("resultType".into(), Json::String(kind.into()));
    data.insert("result".into(), result);
    Json::Object(data)
}

/// The same object as compact JSON text with the keys in Prometheus' order
/// (`resultType` before `result`, `metric` before the values), byte for
/// byte what the HTTP API writes inside `data`.
pub fn api_json_string(value: &Value) -> String {
    let mut out = String::new();
    let kind = match value {
        Value::Scalar { .. } => "scalar",
        Value::String { .. } => "string",
        Value::Vector(_) => "vector",
        Value::Matrix(_) => "matrix",
    };
    out.push_str(&format!(r#"{{"resultType":"{kind}","result":"#));
    match value {
        // Scalars and strings go through Go's encoding/json (their own
        // `MarshalJSON`): the time as a plain float, a scalar's value in
        // positional notation without the exponent switch, strings with
        // HTML-safe escapes.
        Value::Scalar { t, v } => out.push_str(&format!(
            "[{},\"{}\"]",
            go_json_float(*t as f64 / 1000.0),
            format_float_api(*v)
        )),
        Value::String { t, s } => {
            out.push_str(&format!("[{},{}]", go_json_float(*t as f64 / 1000.0), go_json_string(s)));
        }
        Value::Vector(samples) => {
            out.push('[');
            for (i, s) in samples.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&format!(r#"{{"metric":{}"#, labels_string(&s.labels)));
                match &s.value {
                    SampleValue::Float(f) => {
                        out.push_str(&format!(r#","value":[{},{}]}}"#, ts_string(s.t), float(*f)));
                    }
                    SampleValue::Histogram(h) => out.push_str(&format!(
                        r#","histogram":[{},{}]}}"#,
                        ts_string(s.t),
                        histogram_string(h)
                    )),
                }
            }
            out.push(']');
        }
        Value::Matrix(series) => {
            out.push('[');
            for (i, s) in series.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&format!(r#"{{"metric":{}"#, labels_string(&s.labels)));
                if !s.floats.is_empty() {
                    let values: Vec<String> = s
                        .floats
                        .iter()
                        .map(|p| format!("[{},{}]", ts_string(p.t), float(p.f)))
                        .collect();
                    out.push_str(&format!(r#","values":[{}]"#, values.join(",")));
                }
                if !s.histograms.is_empty() {
                    let values: Vec<String> = s
                        .histograms
                        .iter()
                        .map(|p| format!("[{},{}]", ts_string(p.t), histogram_string(&p.h)))
                        .collect();
                    out.push_str(&format!(r#","histograms":[{}]"#, values.join(",")));
                }
                out.push('}');
            }
            out.push(']');
        }
    }
    out.push('}');
    out
}

/// A histogram object with the keys in Prometheus' order.
fn histogram_string(h: &FloatHistogram) -> String {
    let mut out = format!(r#"{{"count":{},"sum":{}"#, float(h.count), float(h.sum));
    let buckets: Vec<String> = api_buckets(h)
        .into_iter()
        .filter(|b| b.count != 0.0)
        .map(|b| {
            format!("[{},{},{},{}]", b.boundaries, float(b.lower), float(b.upper), float(b.count))
        })
        .collect();
    if !buckets.is_empty() {
        out.push_str(&format!(r#","buckets":[{}]"#, buckets.join(",")));
    }
    out.push('}');
    out
}

/// A float as the API writes it (Prometheus' `jsonutil.MarshalFloat`):
/// positional notation, except exponent notation below 1e-6 and from 1e21 on.
pub fn api_float(v: f64) -> String {
    let abs = v.abs();
    if abs != 0.0 && abs.is_finite() && !(1e-6..1e21).contains(&abs) {
        format_float(v)
    } else {
        format_float_api(v)
    }
}

/// A sample's timestamp as `jsonutil.MarshalTimestamp` writes it: whole
/// seconds, then a fraction of exactly three digits when there are
/// milliseconds (`1.500`, `-0.005`).
fn ts_string(t: TimestampMs) -> String {
    let sign = if t < 0 { "-" } else { "" };
    let abs = t.unsigned_abs();
    let (secs, ms) = (abs / 1000, abs % 1000);
    if ms == 0 { format!("{sign}{secs}") } else { format!("{sign}{secs}.{ms:03}") }
}

/// A float as Go's encoding/json writes it: positional, except exponent
/// notation (`1e-7`, `1e+21`, no zero padding) below 1e-6 and from 1e21 on.
fn go_json_float(v: f64) -> String {
    let abs = v.abs();
    if abs != 0.0 && abs.is_finite() && !(1e-6..1e21).contains(&abs) {
        let s = format_float(v);
        s.replacen("e-0", "e-", 1)
    } else {
        format_float_api(v)
    }
}

/// A string as Go's encoding/json writes it (`String.MarshalJSON`): `\n`,
/// `\r`, `\t`, `\b`, `\f` short escapes, other control characters and the
/// HTML-sensitive `<`, `>`, `&`, U+2028, U+2029 as `\uXXXX`.
fn go_json_string(s: &str) -> String {
    json_string(s, true)
}

/// Label names and values as jsoniter's `WriteString` writes them: only
/// quotes, backslashes and control characters are escaped, `\n`, `\r`, `\t`
/// short and the rest as `\u00XX`.
fn labels_string(labels: &promplay_model::Labels) -> String {
    let mut out = String::from("{");
    for (i, l) in labels.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&json_string(&l.name, false));
        out.push(':');
        out.push_str(&json_string(&l.value, false));
    }
    out.push('}');
    out
}

fn json_string(s: &str, go_std: bool) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' if go_std => out.push_str("\\b"),
            '\u{c}' if go_std => out.push_str("\\f"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' if go_std => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A timestamp in seconds as the API writes it: an integer when whole,
/// otherwise with the milliseconds as a fraction.
fn timestamp(t: TimestampMs) -> Json {
    if t % 1000 == 0 {
        Json::Number(Number::from(t / 1000))
    } else {
        Number::from_f64(t as f64 / 1000.0).map_or(Json::Null, Json::Number)
    }
}

fn float(v: f64) -> Json {
    Json::String(api_float(v))
}

fn labels_json(labels: &promplay_model::Labels) -> Json {
    serde_json::to_value(labels).unwrap_or(Json::Null)
}

fn sample(s: &Sample) -> Json {
    let mut o = Map::new();
    o.insert("metric".into(), labels_json(&s.labels));
    match &s.value {
        SampleValue::Float(f) => o.insert("value".into(), json!([timestamp(s.t), float(*f)])),
        SampleValue::Histogram(h) => {
            o.insert("histogram".into(), json!([timestamp(s.t), histogram(h)]))
        }
    };
    Json::Object(o)
}

fn series_json(s: &Series) -> Json {
    let mut o = Map::new();
    o.insert("metric".into(), labels_json(&s.labels));
    if !s.floats.is_empty() {
        let values = s.floats.iter().map(|p| json!([timestamp(p.t), float(p.f)])).collect();
        o.insert("values".into(), Json::Array(values));
    }
    if !s.histograms.is_empty() {
        let values =
            s.histograms.iter().map(|p| json!([timestamp(p.t), histogram(&p.h)])).collect();
        o.insert("histograms".into(), Json::Array(values));
    }
    Json::Object(o)
}

fn histogram(h: &FloatHistogram) -> Json {
    let mut o = Map::new();
    o.insert("count".into(), float(h.count));
    o.insert("sum".into(), float(h.sum));
    let buckets: Vec<Json> = api_buckets(h)
        .into_iter()
        .filter(|b| b.count != 0.0)
        .map(|b| json!([b.boundaries, float(b.lower), float(b.upper), float(b.count)]))
        .collect();
    if !buckets.is_empty() {
        o.insert("buckets".into(), Json::Array(buckets));
    }
    Json::Object(o)
}

/// One bucket with its bounds, as Prometheus' `AllBucketIterator` yields them.
pub(crate) struct Bucket {
    /// 0: left-open, 1: right-open, 2: open, 3: closed.
    pub boundaries: u8,
    pub lower: f64,
    pub upper: f64,
    pub count: f64,
}

/// All buckets from the lowest to the highest bound: negative buckets, the
/// zero bucket, positive buckets.
pub(crate) fn all_buckets(h: &FloatHistogram) -> Vec<Bucket> {
    let mut out = Vec::new();
    let custom = h.schema == -53;
    let mut negative = Vec::new();
    for (idx, count) in indexed(&h.negative_spans, &h.negative_buckets) {
        let (lower, upper) = bounds(h, idx);
        negative.push(Bucket { boundaries: 1, lower: -upper, upper: -lower, count });
    }
    out.extend(negative.into_iter().rev());
    if !custom && h.zero_count != 0.0 {
        out.push(Bucket {
            boundaries: 3,
            lower: -h.zero_threshold,
            upper: h.zero_threshold,
            count: h.zero_count,
        });
    }
    for (idx, count) in indexed(&h.positive_spans, &h.positive_buckets) {
        let (lower, upper) = bounds(h, idx);
        // A custom-bucket histogram's first bucket includes its lower
        // bound (-Inf), as upstream's bucket iterator marks it.
        let boundaries = if custom && idx == 0 { 3 } else { 0 };
        out.push(Bucket { boundaries, lower, upper, count });
    }
    out
}

/// The buckets as the API lists them (upstream's `AllBucketIterator`): a
/// bucket overlapping the zero bucket has that bound moved to the zero
/// threshold.
fn api_buckets(h: &FloatHistogram) -> Vec<Bucket> {
    let zt = h.zero_threshold;
    let mut buckets = all_buckets(h);
    for b in &mut buckets {
        if b.upper < 0.0 && b.upper > -zt {
            b.upper = -zt;
        } else if b.lower > 0.0 && b.lower < zt {
            b.lower = zt;
        }
    }
    buckets
}

/// The bucket indices of a span layout paired with the bucket counts.
fn indexed<'a>(
    spans: &'a [crate::value::HistogramSpan],
    buckets: &'a [f64],
) -> impl Iterator<Item = (i32, f64)> + 'a {
    let mut idx = 0i32;
    let mut first = true;
    spans
        .iter()
        .flat_map(move |span| {
            idx = if first { span.offset } else { idx + span.offset };
            first = false;
            let start = idx;
            idx += span.length as i32;
            (0..span.length as i32).map(move |i| start + i)
        })
        .zip(buckets.iter().copied())
}

/// Lower and upper bound of the bucket with index `idx`.
fn bounds(h: &FloatHistogram, idx: i32) -> (f64, f64) {
    if h.schema == -53 {
        let at = |i: i32| -> f64 {
            if i < 0 {
                f64::NEG_INFINITY
            } else {
                h.custom_values.get(i as usize).copied().unwrap_or(f64::INFINITY)
            }
        };
        let lower = at(idx - 1);
        // The first custom bucket starts at -Inf only when its bound is not positive.
        let lower = if idx == 0 { f64::NEG_INFINITY } else { lower };
        return (lower, at(idx));
    }
    (exponential_bound(idx - 1, h.schema), exponential_bound(idx, h.schema))
}

/// The upper bound of bucket `idx` in an exponential schema (Prometheus'
/// `getBoundExponential`).
pub(crate) fn exponential_bound(idx: i32, schema: i32) -> f64 {
    if schema < 0 {
        let exp = (idx as i64) << (-schema);
        if exp == 1024 {
            return f64::MAX;
        }
        return ldexp(1.0, exp);
    }
    let frac_idx = idx & ((1 << schema) - 1);
    let frac = libm::pow(2.0, frac_idx as f64 / (1i64 << schema) as f64) / 2.0;
    let exp = ((idx as i64) >> schema) + 1;
    if frac == 0.5 && exp == 1025 {
        return f64::MAX;
    }
    ldexp(frac, exp)
}

fn ldexp(frac: f64, exp: i64) -> f64 {
    let exp = exp.clamp(-2000, 2000) as i32;
    // Split the exponent so that intermediate powers stay finite.
    let half = exp / 2;
    frac * 2f64.powi(half) * 2f64.powi(exp - half)
}

#[cfg(test)]
mod tests {
    use super::*;
    use promplay_model::Labels;

    #[test]
    fn vector_and_scalar_shapes() {
        let v = Value::Vector(vec![Sample::float(Labels::from_pairs([("a", "1")]), 1500, 2.5)]);
        assert_eq!(
            api_json_string(&v),
            r#"{"resultType":"vector","result":[{"metric":{"a":"1"},"value":[1.500,"2.5"]}]}"#
        );
        let s = Value::Scalar { t: 2000, v: f64::INFINITY };
        assert_eq!(api_json_string(&s), r#"{"resultType":"scalar","result":[2,"+Inf"]}"#);
    }

    #[test]
    fn encodings_follow_each_go_marshaller() {
        // Samples: MarshalTimestamp with three fraction digits, jsoniter strings.
        let v = Value::Vector(vec![
            Sample::float(Labels::from_pairs([("a", "<&>\u{8}\n")]), -1005, 1e-7),
            Sample::float(Labels::new(), 60_050, 1e21),
        ]);
        assert_eq!(
            api_json_string(&v),
            r#"{"resultType":"vector","result":[{"metric":{"a":"<&>\u0008\n"},"value":[-1.005,"1e-07"]},{"metric":{},"value":[60.050,"1e+21"]}]}"#
        );
        // Scalars: encoding/json float time, the value always positional.
        let s = Value::Scalar { t: 1500, v: 1e-7 };
        assert_eq!(api_json_string(&s), r#"{"resultType":"scalar","result":[1.5,"0.0000001"]}"#);
        // Strings: encoding/json with HTML-safe escapes.
        let s = Value::String { t: -500, s: "a<b\u{8}".into() };
        assert_eq!(api_json_string(&s), r#"{"resultType":"string","result":[-0.5,"a\u003cb\b"]}"#);
    }

    #[test]
    fn histogram_buckets_as_the_api_lists_them() {
        use crate::value::HistogramSpan;
        // Custom buckets: the first one is closed at -Inf.
        let h = FloatHistogram {
            schema: -53,
            count: 2.0,
            sum: 1.0,
            custom_values: vec![1.0],
            positive_spans: vec![HistogramSpan { offset: 0, length: 2 }],
            positive_buckets: vec![1.0, 1.0],
            ..FloatHistogram::default()
        };
        assert_eq!(
            histogram_string(&h),
            r#"{"count":"2","sum":"1","buckets":[[3,"-Inf","1","1"],[0,"1","+Inf","1"]]}"#
        );
        // Exponential buckets inside the zero bucket's width are cut at it.
        let h = FloatHistogram {
            schema: 0,
            count: 3.0,
            sum: 0.0,
            zero_threshold: 0.3,
            zero_count: 1.0,
            positive_spans: vec![HistogramSpan { offset: -1, length: 1 }],
            positive_buckets: vec![1.0],
            negative_spans: vec![HistogramSpan { offset: -1, length: 1 }],
            negative_buckets: vec![1.0],
            ..FloatHistogram::default()
        };
        assert_eq!(
            histogram_string(&h),
            r#"{"count":"3","sum":"0","buckets":[[1,"-0.5","-0.3","1"],[3,"-0.3","0.3","1"],[0,"0.3","0.5","1"]]}"#
        );
    }

    #[test]
    fn api_float_switches_to_exponent_at_the_extremes() {
        assert_eq!(api_float(1e-7), "1e-07");
        assert_eq!(api_float(0.000001), "0.000001");
        assert_eq!(api_float(1e21), "1e+21");
        assert_eq!(api_float(123456789.0), "123456789");
    }
}
