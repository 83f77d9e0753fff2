//! The labels of one target before and after relabeling, as Prometheus'
//! `scrape.PopulateLabels` (scrape/target.go) computes them: target labels
//! win over group labels, then `job`, `__scrape_interval__`,
//! `__scrape_timeout__`, `__metrics_path__` and `__scheme__` are filled in
//! where empty, then `__param_<name>` from `params`; after relabeling the
//! address, interval and timeout are checked, `__meta_*` labels are removed
//! and `instance` defaults to `__address__`.

use promplay_model::Labels;
use promplay_promql_syntax::parse_duration;

use crate::job::Settings;

/// The labels a target has when relabeling starts.
pub fn before_relabel(job: &str, s: &Settings, target: &Labels, group: &Labels) -> Labels {
    let mut lb = target.clone();
    for l in group.iter() {
        if target.get(&l.name).is_none() {
            lb.set(l.name.clone(), l.value.clone());
        }
    }
    let defaults = [
        ("job", job),
        ("__scrape_interval__", s.interval.as_str()),
        ("__scrape_timeout__", s.timeout.as_str()),
        ("__metrics_path__", s.metrics_path.as_str()),
        ("__scheme__", s.scheme.as_str()),
    ];
    for (name, value) in defaults {
        if lb.get(name).is_none_or(str::is_empty) {
            lb.set(name, value);
        }
    }
    for (k, v) in &s.params {
        let name = format!("__param_{k}");
        if lb.get(&name).is_none_or(str::is_empty) {
            lb.set(name, v.clone());
        }
    }
    lb
}

/// A target that survived relabeling: its full label set (internal labels
/// included, `__meta_*` removed, `instance` set) or why Prometheus refuses it.
pub fn after_relabel(mut lb: Labels) -> Result<Labels, String> {
    let addr = lb.get("__address__").unwrap_or("").to_string();
    if addr.is_empty() {
        return Err("no address".into());
    }
    if addr.contains('/') {
        return Err(format!("{addr:?} is not a valid hostname"));
    }
    let interval = check_duration(&lb, "__scrape_interval__", "interval")?;
    let timeout = check_duration(&lb, "__scrape_timeout__", "timeout")?;
    if timeout > interval {
        return Err(format!(
            "scrape timeout cannot be greater than scrape interval ({:?} > {:?})",
            lb.get("__scrape_timeout__").unwrap_or(""),
            lb.get("__scrape_interval__").unwrap_or("")
        ));
    }
    let meta: Vec<String> =
        lb.iter().filter(|l| l.name.starts_with("__meta_")).map(|l| l.name.clone()).collect();
    for name in meta {
        lb.remove(&name);
    }
    if lb.get("instance").is_none_or(str::is_empty) {
        lb.set("instance", addr);
    }
    Ok(lb)
}

/// The labels Prometheus shows for a target (`Target.Labels`): everything
/// not starting with `__`.
pub fn public(labels: &Labels) -> Labels {
    Labels::from_pairs(
        labels
            .iter()
            .filter(|l| !l.name.starts_with("__"))
            .map(|l| (l.name.clone(), l.value.clone())),
    )
}

/// The URL Prometheus scrapes (`Target.URL`): scheme, address, path, and
/// every `__param_*` label as a query parameter.
pub fn scrape_url(labels: &Labels) -> String {
    let get = |n: &str| labels.get(n).unwrap_or("");
    let mut url =
        format!("{}://{}{}", get("__scheme__"), get("__address__"), get("__metrics_path__"));
    let params: Vec<String> = labels
        .iter()
        .filter_map(|l| {
            let key = l.name.strip_prefix("__param_")?;
            Some(format!("{}={}", query_escape(key), query_escape(&l.value)))
        })
        .collect();
    if !params.is_empty() {
        url.push('?');
        url.push_str(&params.join("&"));
    }
    url
}

/// Go's `url.QueryEscape`: unreserved bytes stay, a space becomes `+`,
/// everything else is `%XX`.
fn query_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char);
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn check_duration(lb: &Labels, name: &str, what: &str) -> Result<i64, String> {
    let text = lb.get(name).unwrap_or("");
    let ms = parse_duration(text).map_err(|e| format!("error parsing scrape {what}: {e}"))?;
    if ms == 0 {
        return Err(format!("scrape {what} cannot be 0"));
    }
    Ok(ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> Settings {
        Settings {
            interval: "30s".into(),
            timeout: "10s".into(),
            scheme: "https".into(),
            metrics_path: "/metrics".into(),
            params: vec![("module".into(), "http_2xx".into())],
            honor_labels: false,
            honor_timestamps: true,
        }
    }

    #[test]
    fn target_labels_win_and_defaults_fill_gaps() {
        let target = Labels::from_pairs([("__address__", "10.0.0.1:9090"), ("job", "custom")]);
        let group = Labels::from_pairs([("job", "ignored"), ("__meta_x", "y")]);
        let lb = before_relabel("serviceMonitor/a/b/0", &settings(), &target, &group);
        assert_eq!(lb.get("job"), Some("custom"));
        assert_eq!(lb.get("__meta_x"), Some("y"));
        assert_eq!(lb.get("__scheme__"), Some("https"));
        assert_eq!(lb.get("__param_module"), Some("http_2xx"));
        let done = after_relabel(lb).unwrap();
        assert_eq!(done.get("instance"), Some("10.0.0.1:9090"));
        assert_eq!(done.get("__meta_x"), None);
        assert_eq!(scrape_url(&done), "https://10.0.0.1:9090/metrics?module=http_2xx");
    }

    #[test]
    fn refusals_read_like_prometheus() {
        let cases = [
            (vec![("__scrape_interval__", "30s"), ("__scrape_timeout__", "10s")], "no address"),
            (
                vec![
                    ("__address__", "a:1"),
                    ("__scrape_interval__", "10s"),
                    ("__scrape_timeout__", "30s"),
                ],
                "scrape timeout cannot be greater than scrape interval (\"30s\" > \"10s\")",
            ),
            (
                vec![("__address__", "a:1"), ("__scrape_interval__", "0s")],
                "scrape interval cannot be 0",
            ),
            (vec![("__address__", "http://a/b")], "\"http://a/b\" is not a valid hostname"),
        ];
        for (labels, want) in cases {
            assert_eq!(after_relabel(Labels::from_pairs(labels)).unwrap_err(), want);
        }
    }
}
