//! What one recording or alerting rule makes of its query result.
//!
//! Recording rules (`rules/recording.go`) rename the result and add their
//! labels. Alerting rules (`rules/alerting.go`) run the alert state machine:
//! a new label set starts pending, turns firing once it has been active for
//! `for`, stays firing for `keep_firing_for` after its condition stopped,
//! and is then resolved (kept for 15 minutes so a resolved notification can
//! be sent). Labels and annotations are expanded with Prometheus' template
//! language for every evaluation; the rule writes `ALERTS` and
//! `ALERTS_FOR_STATE` for every pending and firing alert.

use promplay_model::{Labels, METRIC_NAME_LABEL, TimestampMs};
use promplay_promql_engine::{FloatHistogram, SampleValue};
use promplay_template::{AlertData, AlertValue, QueryBackend};
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::BTreeMap;

use crate::eval::TemplateFailure;
use crate::rulefile::Rule;

/// How long a resolved alert is kept (`resolvedRetention`).
pub const RESOLVED_RETENTION_MS: i64 = 15 * 60_000;

/// The state of one alert.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AlertState {
    /// Resolved: it was pending or firing and its condition no longer holds
    /// (upstream's `StateInactive`; kept 15 minutes after firing).
    Inactive,
    /// Active for less than `for`.
    Pending,
    /// Active for at least `for` (or kept firing by `keep_firing_for`).
    Firing,
}

impl AlertState {
    /// `inactive`, `pending` or `firing`, as the `alertstate` label and the API say it.
    pub fn as_str(self) -> &'static str {
        match self {
            AlertState::Inactive => "inactive",
            AlertState::Pending => "pending",
            AlertState::Firing => "firing",
        }
    }
}

/// One alert of an alerting rule (upstream's `rules.Alert`).
#[derive(Clone, Debug, PartialEq)]
pub struct Alert {
    /// The state.
    pub state: AlertState,
    /// The identifying labels: the result's labels without `__name__`, the
    /// rule's expanded labels, and `alertname`.
    pub labels: Labels,
    /// The expanded annotations, sorted by name.
    pub annotations: Vec<(String, String)>,
    /// The value at the last evaluation (0 for a histogram).
    pub value: f64,
    /// Since when the condition holds (ms).
    pub active_at: TimestampMs,
    /// When it started firing, if it did.
    pub fired_at: Option<TimestampMs>,
    /// When it was resolved, if it was.
    pub resolved_at: Option<TimestampMs>,
    /// Since when `keep_firing_for` keeps it firing.
    pub keep_firing_since: Option<TimestampMs>,
}

/// The output of one rule evaluation: series, time and value.
pub(crate) type Output = Vec<(Labels, TimestampMs, SampleValue)>;

/// A recording rule's output for its query result.
pub(crate) fn record(
    rule: &Rule,
    samples: Vec<(Labels, SampleValue)>,
    limit: usize,
    t: TimestampMs,
) -> Result<Output, String> {
    let mut out = Vec::with_capacity(samples.len());
    let mut seen = FxHashSet::default();
    for (mut labels, value) in samples {
        labels.set(METRIC_NAME_LABEL, rule.name.as_str());
        for f in &rule.labels {
            set_or_delete(&mut labels, &f.name, &f.value);
        }
        if !seen.insert(labels.clone()) {
            return Err(
                "vector contains metrics with the same labelset after applying rule labels".into(),
            );
        }
        out.push((labels, t, value));
    }
    if limit > 0 && out.len() > limit {
        return Err(format!("exceeded limit of {limit} with {} series", out.len()));
    }
    Ok(out)
}

/// What template expansion needs besides the rule.
pub(crate) struct AlertContext<'a> {
    pub external_labels: &'a Labels,
    pub external_url: &'a str,
    pub backend: &'a dyn QueryBackend,
    pub rule_index: usize,
    pub failures: &'a mut Vec<TemplateFailure>,
    pub templates: &'a mut FxHashMap<String, Option<promplay_template::Template>>,
}

/// An alerting rule's evaluation at `ts`: updates `active` and returns the
/// `ALERTS` / `ALERTS_FOR_STATE` samples.
pub(crate) fn eval(
    rule: &Rule,
    active: &mut FxHashMap<Labels, Alert>,
    samples: Vec<(Labels, SampleValue)>,
    ts: TimestampMs,
    query_offset: i64,
    limit: usize,
    cx: AlertContext<'_>,
) -> Result<Output, String> {
    let external: BTreeMap<String, String> =
        cx.external_labels.iter().map(|l| (l.name.clone(), l.value.clone())).collect();
    let mut fresh: FxHashMap<Labels, Alert> = FxHashMap::default();
    let mut failed: FxHashSet<(&'static str, String)> = FxHashSet::default();
    for (metric, value) in samples {
        let data = AlertData {
            labels: metric.iter().map(|l| (l.name.clone(), l.value.clone())).collect(),
            external_labels: external.clone(),
            external_url: cx.external_url.to_owned(),
            value: template_value(&value),
        };
        let template_data = promplay_template::Value::alert_data(&data);
        let mut expand = |what: &'static str, name: &str, text: &str| -> String {
            if !text.contains("{{") {
                return text.to_owned();
            }
            // Parse each template once per rule; a failure is redone through
            // `expand_alert`, which words the error as Prometheus does.
            let parsed = cx.templates.entry(format!("{what}:{name}")).or_insert_with(|| {
                let full = format!("{}{text}", promplay_template::ALERT_HEADER);
                promplay_template::Template::parse(&format!("__alert_{}", rule.name), &full).ok()
            });
            if let Some(t) = parsed {
                let env = promplay_template::Env {
                    ts_ms: ts,
                    backend: cx.backend,
                    external_url: &data.external_url,
                    limits: promplay_template::Limits::default(),
                };
                if let Ok(s) = t.execute(&template_data, &env) {
                    return s;
                }
            }
            match promplay_template::expand_alert(&rule.name, text, &data, cx.backend, ts) {
                Ok(s) => s,
                Err(e) => {
                    let rendering = e.prometheus_rendering();
                    if failed.insert((what, name.to_owned())) {
                        cx.failures.push(TemplateFailure {
                            rule: cx.rule_index,
                            what,
                            name: name.to_owned(),
                            error: e,
                        });
                    }
                    rendering
                }
            }
        };
        let mut labels = metric.clone();
        labels.remove(METRIC_NAME_LABEL);
        for f in &rule.labels {
            let v = expand("label", &f.name, &f.value);
            set_or_delete(&mut labels, &f.name, &v);
        }
        labels.set("alertname", rule.name.as_str());
        let annotations: Vec<(String, String)> = rule
            .annotations
            .iter()
            .map(|f| (f.name.clone(), expand("annotation", &f.name, &f.value)))
            .collect();
        if fresh.contains_key(&labels) {
            return Err(
                "vector contains metrics with the same labelset after applying alert labels".into(),
            );
        }
        let f = match &value {
            SampleValue::Float(f) => *f,
            SampleValue::Histogram(_) => 0.0,
        };
        fresh.insert(
            labels.clone(),
            Alert {
                state: AlertState::Pending,
                labels,
                annotations,
                value: f,
                active_at: ts,
                fired_at: None,
                resolved_at: None,
                keep_firing_since: None,
            },
        );
    }
    let current: FxHashSet<Labels> = fresh.keys().cloned().collect();
    for (labels, alert) in fresh {
        match active.get_mut(&labels) {
            Some(existing) if existing.state != AlertState::Inactive => {
                existing.value = alert.value;
                existing.annotations = alert.annotations;
            }
            _ => {
                active.insert(labels, alert);
            }
        }
    }
    let hold = rule.for_ms;
    let mut out = Vec::new();
    let mut active_pending = 0usize;
    let mut remove = Vec::new();
    // Sorted, so the output (and so the store) does not depend on hashing.
    let mut keys: Vec<Labels> = active.keys().cloned().collect();
    keys.sort();
    for key in keys {
        let Some(a) = active.get_mut(&key) else { continue };
        if !current.contains(&key) {
            let mut keep_firing = false;
            if a.state == AlertState::Firing && rule.keep_firing_for_ms > 0 {
                let since = *a.keep_firing_since.get_or_insert(ts);
                keep_firing = ts - since < rule.keep_firing_for_ms;
            }
            if a.state == AlertState::Pending
                || a.resolved_at.is_some_and(|r| ts - r > RESOLVED_RETENTION_MS)
            {
                remove.push(key.clone());
            }
            if a.state != AlertState::Inactive && !keep_firing {
                a.state = AlertState::Inactive;
                a.resolved_at = Some(ts);
            }
            if !keep_firing {
                continue;
            }
        } else {
            a.keep_firing_since = None;
        }
        active_pending += 1;
        if a.state == AlertState::Pending && ts - a.active_at >= hold {
            a.state = AlertState::Firing;
            a.fired_at = Some(ts);
        }
        if a.state == AlertState::Firing && ts - a.active_at < hold {
            a.state = AlertState::Pending;
            a.fired_at = None;
            a.keep_firing_since = None;
        }
        let t = ts - query_offset;
        let mut alerts = Labels::new();
        let mut for_state = Labels::new();
        for f in &rule.labels {
            alerts.set(f.name.as_str(), f.value.as_str());
            for_state.set(f.name.as_str(), f.value.as_str());
        }
        for l in a.labels.iter() {
            alerts.set(l.name.as_str(), l.value.as_str());
            for_state.set(l.name.as_str(), l.value.as_str());
        }
        alerts.set(METRIC_NAME_LABEL, "ALERTS");
        alerts.set("alertname", rule.name.as_str());
        alerts.set("alertstate", a.state.as_str());
        for_state.set(METRIC_NAME_LABEL, "ALERTS_FOR_STATE");
        for_state.set("alertname", rule.name.as_str());
        out.push((alerts, t, SampleValue::Float(1.0)));
        // `ActiveAt.Unix()`: whole seconds.
        let secs = a.active_at.div_euclid(1000) as f64;
        out.push((for_state, t, SampleValue::Float(secs)));
    }
    for key in remove {
        active.remove(&key);
    }
    if limit > 0 && active_pending > limit {
        active.clear();
        return Err(format!("exceeded limit of {limit} with {active_pending} alerts"));
    }
    Ok(out)
}

/// Prometheus' `labels.Builder.Set`: an empty value deletes the label.
fn set_or_delete(labels: &mut Labels, name: &str, value: &str) {
    if value.is_empty() {
        labels.remove(name);
    } else {
        labels.set(name, value);
    }
}

/// A sample value as templates see `$value`.
pub(crate) fn template_value(value: &SampleValue) -> AlertValue {
    match value {
        SampleValue::Float(f) => AlertValue::Float(*f),
        SampleValue::Histogram(h) => {
            AlertValue::Histogram(promplay_template::Histogram { text: histogram_string(h) })
        }
    }
}

/// Go's `FloatHistogram.String()`: count, sum, then every bucket with its
/// bounds, e.g. `{count:3, sum:5, [-1,-0.5):1, [-0.001,0.001]:1, (0.5,1]:1}`.
fn histogram_string(h: &FloatHistogram) -> String {
    use promplay_model::format_float;
    let mut parts =
        vec![format!("count:{}", format_float(h.count)), format!("sum:{}", format_float(h.sum))];
    let bounds = |index: i32| -> (f64, f64) {
        if h.schema == -53 {
            let i = index as usize;
            let upper = h.custom_values.get(i).copied().unwrap_or(f64::INFINITY);
            let lower = if i == 0 {
                f64::NEG_INFINITY
            } else {
                h.custom_values.get(i - 1).copied().unwrap_or(f64::INFINITY)
            };
            return (lower, upper);
        }
        let upper = bucket_upper(index, h.schema);
        let lower = bucket_upper(index - 1, h.schema);
        (lower, upper)
    };
    let walk = |spans: &[promplay_promql_engine::HistogramSpan], buckets: &[f64]| {
        let mut out = Vec::new();
        let mut index = 0i32;
        let mut b = 0usize;
        for (si, s) in spans.iter().enumerate() {
            index = if si == 0 { s.offset } else { index + s.offset };
            for _ in 0..s.length {
                if let Some(c) = buckets.get(b)
                    && *c != 0.0
                {
                    out.push((index, *c));
                }
                b += 1;
                index += 1;
            }
        }
        out
    };
    for (index, c) in walk(&h.negative_spans, &h.negative_buckets).into_iter().rev() {
        let (lo, up) = bounds(index);
        parts.push(format!("[{},{}):{}", format_float(-up), format_float(-lo), format_float(c)));
    }
    if h.zero_count != 0.0 {
        parts.push(format!(
            "[{},{}]:{}",
            format_float(-h.zero_threshold),
            format_float(h.zero_threshold),
            format_float(h.zero_count)
        ));
    }
    for (index, c) in walk(&h.positive_spans, &h.positive_buckets) {
        let (lo, up) = bounds(index);
        parts.push(format!("({},{}]:{}", format_float(lo), format_float(up), format_float(c)));
    }
    format!("{{{}}}", parts.join(", "))
}

/// The upper bound of exponential bucket `index` at `schema`: 2^(index·2^-schema).
fn bucket_upper(index: i32, schema: i32) -> f64 {
    let exp = f64::from(index) * libm_exp2(-f64::from(schema));
    libm_exp2(exp)
}

fn libm_exp2(x: f64) -> f64 {
    // 2^x through powf on an exact base keeps the result platform-independent
    // for the integer and half-integer exponents schemas produce.
    let whole = x.floor();
    let frac = x - whole;
    let mut v = if frac == 0.0 { 1.0 } else { frac_pow2(frac) };
    let mut n = whole as i64;
    while n > 0 {
        v *= 2.0;
        n -= 1;
    }
    while n < 0 {
        v /= 2.0;
        n += 1;
    }
    v
}

fn frac_pow2(frac: f64) -> f64 {
    // Repeated square roots: 2^(1/2), 2^(1/4), ... as needed by the schema.
    let mut v = 1.0;
    let mut root = 2.0f64;
    let mut rest = frac;
    for _ in 0..52 {
        root = root.sqrt();
        rest *= 2.0;
        if rest >= 1.0 {
            v *= root;
            rest -= 1.0;
        }
        if rest == 0.0 {
            break;
        }
    }
    v
}
