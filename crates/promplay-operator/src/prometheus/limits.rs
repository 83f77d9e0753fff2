//! Per-job limits and scrape-protocol settings shared by every monitor kind:
//! sample/target/label/keep-dropped-targets limits against the Prometheus'
//! enforced values, native-histogram settings, scrape protocols, the
//! fallback protocol and the body size limit, each behind its version gate.

use super::context::{
    Gen, opt_bool, opt_int, opt_text, present, quantity, s, string_list, strs, text,
};
use crate::value::{Map, Value};

const LIMITS: [(&str, &str, &str, Option<&str>); 6] = [
    ("sampleLimit", "enforcedSampleLimit", "sample_limit", None),
    ("targetLimit", "enforcedTargetLimit", "target_limit", Some("2.21.0")),
    ("labelLimit", "enforcedLabelLimit", "label_limit", Some("2.27.0")),
    (
        "labelNameLengthLimit",
        "enforcedLabelNameLengthLimit",
        "label_name_length_limit",
        Some("2.27.0"),
    ),
    (
        "labelValueLengthLimit",
        "enforcedLabelValueLengthLimit",
        "label_value_length_limit",
        Some("2.27.0"),
    ),
    ("keepDroppedTargets", "enforcedKeepDroppedTargets", "keep_dropped_targets", Some("2.47.0")),
];

/// `getLimit`: the job's limit against the enforced one.
fn final_limit(g: Gen<'_>, user: Option<i64>, enforced: Option<i64>) -> Option<i64> {
    if enforced.unwrap_or(0) == 0 {
        return user;
    }
    if user.unwrap_or(0) == 0 {
        // From 2.45.0 the global section carries the enforced value.
        if g.ctx.version.gte("2.45.0") {
            return None;
        }
        return enforced;
    }
    if enforced > user { user } else { enforced }
}

/// The limits, native-histogram settings, scrape protocols and fallback
/// protocol of a monitor spec, in the operator's order.
pub fn add_common_limits(g: Gen<'_>, cfg: &mut Map, spec: &Value) {
    add_limits(g, cfg, spec);
    add_native_histograms(g, cfg, spec);
    add_scrape_protocols(g, cfg, spec);
    let class = g.scrape_class(spec.get("scrapeClass"));
    let fallback = opt_text(spec, "fallbackScrapeProtocol")
        .or_else(|| class.and_then(|c| opt_text(c, "fallbackScrapeProtocol")));
    if let Some(p) = fallback {
        g.min("3.0.0").append(cfg, "fallback_scrape_protocol", s(p));
    }
}

/// The six per-job limits of a monitor or ScrapeConfig spec, each against
/// the Prometheus' enforced value and behind its version gate.
pub fn add_limits(g: Gen<'_>, cfg: &mut Map, spec: &Value) {
    for (field, enforced, key, min) in LIMITS {
        if let Some(limit) = final_limit(g, opt_int(spec, field), opt_int(g.spec(), enforced)) {
            let gated = match min {
                Some(v) => g.min(v),
                None => g,
            };
            gated.append(cfg, key, Value::Int(limit));
        }
    }
}

/// `addNativeHistogramConfig`.
pub fn add_native_histograms(g: Gen<'_>, cfg: &mut Map, spec: &Value) {
    if let Some(b) = opt_bool(spec, "scrapeNativeHistograms") {
        g.min("3.8.0").append(cfg, "scrape_native_histograms", Value::Bool(b));
    }
    if let Some(n) = opt_int(spec, "nativeHistogramBucketLimit") {
        g.min("2.45.0").append(cfg, "native_histogram_bucket_limit", Value::Int(n));
    }
    if let Some(f) = present(spec, "nativeHistogramMinBucketFactor").and_then(quantity) {
        g.min("2.50.0").append(cfg, "native_histogram_min_bucket_factor", Value::Float(f));
    }
    if let Some(b) = opt_bool(spec, "scrapeClassicHistograms") {
        if g.ctx.version.major == 3 {
            g.append(cfg, "always_scrape_classic_histograms", Value::Bool(b));
        } else {
            g.min("2.45.0").append(cfg, "scrape_classic_histograms", Value::Bool(b));
        }
    }
    if let Some(b) = opt_bool(spec, "convertClassicHistogramsToNHCB") {
        g.min("3.0.0").append(cfg, "convert_classic_histograms_to_nhcb", Value::Bool(b));
    }
}

/// `addScrapeProtocols`: `PrometheusText1.0.0` needs 3.0.0.
pub fn add_scrape_protocols(g: Gen<'_>, cfg: &mut Map, holder: &Value) {
    let protocols = string_list(holder, "scrapeProtocols");
    if protocols.is_empty() {
        return;
    }
    let mut kept = Vec::new();
    for p in protocols {
        if p == "PrometheusText1.0.0" && !g.min("3.0.0-rc.0").compatible() {
            g.min("3.0.0-rc.0").warn("scrapeProtocol=PrometheusText1.0.0");
            continue;
        }
        kept.push(p);
    }
    g.min("2.49.0").append(cfg, "scrape_protocols", strs(kept));
}

/// `getLowerByteSize`: the job's body size limit against the enforced one.
pub fn body_size_limit(g: Gen<'_>, spec: &Value) -> Option<String> {
    let own = text(spec, "bodySizeLimit");
    let enforced = text(g.spec(), "enforcedBodySizeLimit");
    if enforced.is_empty() {
        return (!own.is_empty()).then_some(own);
    }
    if own.is_empty() {
        return Some(enforced);
    }
    if parse_base2_bytes(&own) > parse_base2_bytes(&enforced) { Some(enforced) } else { Some(own) }
}

/// `units.ParseBase2Bytes`: `512MB`, `1GiB`, `100B`; 0 when unparsable.
pub fn parse_base2_bytes(text: &str) -> u128 {
    let t = text.trim();
    let split = t.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let Ok(n) = num.parse::<f64>() else { return 0 };
    let mul: u128 = match unit {
        "" | "B" => 1,
        "KB" | "KiB" | "K" | "Ki" => 1 << 10,
        "MB" | "MiB" | "M" | "Mi" => 1 << 20,
        "GB" | "GiB" | "G" | "Gi" => 1 << 30,
        "TB" | "TiB" | "T" | "Ti" => 1 << 40,
        "PB" | "PiB" | "P" | "Pi" => 1 << 50,
        "EB" | "EiB" | "E" | "Ei" => 1 << 60,
        _ => return 0,
    };
    (n * mul as f64) as u128
}
