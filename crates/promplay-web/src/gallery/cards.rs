//! The gallery's cards: every example each workbench offers, read from the
//! workbenches' own example lists (so a new example appears here without a
//! change), with a line on what it shows from [`BLURBS`].

use super::open::Input;
use crate::Workbench;

/// One card.
#[derive(Clone, Debug)]
pub struct Card {
    /// `workbench/id`, stable (the DOM's `data-card`).
    pub key: String,
    /// The example's title.
    pub title: &'static str,
    /// What you'll learn or see.
    pub blurb: &'static str,
    /// The workbench it opens in.
    pub opens: Workbench,
    /// What it puts into that workbench.
    pub input: Input,
}

/// What each example shows, by `workbench/id`. An example without an entry
/// gets a generic line.
const BLURBS: &[(&str, &str)] = &[
    (
        "metrics/node-exporter",
        "A real scrape: families, types, HELP, and how many series one exporter makes.",
    ),
    (
        "metrics/openmetrics",
        "OpenMetrics: histogram buckets, a summary, _created lines and exemplars, parsed.",
    ),
    (
        "metrics/broken",
        "The mistakes exporters make, each at its line with promtool's verdict and a hint.",
    ),
    (
        "query/default",
        "Request counters and a gauge over an hour; sum by (code) (rate(…)) as a graph.",
    ),
    (
        "rules/api",
        "Recording and alerting rules over the Query data: pending and firing bands, routing, inhibition.",
    ),
    (
        "rules/api-failing-test",
        "A promtool unit test that fails, with expected versus got, line by line.",
    ),
    (
        "rules/operator-guide",
        "The operator guide's ExampleAlert and its Alertmanager Secret, routed.",
    ),
    (
        "rules/alertmanagerconfig-namespace",
        "Why an AlertmanagerConfig only sees alerts of its own namespace.",
    ),
    (
        "operator/example-app",
        "The getting-started stack compiled: prometheus.yaml, rule files and alertmanager.yaml.",
    ),
    (
        "operator/zero-targets",
        "The classic 0/0 targets: control-plane Services without the labels the monitors select.",
    ),
    (
        "operator/basic-auth",
        "basicAuth from a Secret: where the credentials end up in the generated config.",
    ),
    (
        "operator/job-label",
        "jobLabel and targetLabels: which labels your targets get, and from where.",
    ),
    (
        "operator/etcd",
        "etcd outside the cluster: a Service with manual Endpoints, scraped over TLS.",
    ),
    (
        "operator/storage",
        "A production Prometheus: replicas, storage and retention in the generated objects.",
    ),
    (
        "operator/cluster",
        "Several files at once, as in a kube-prometheus checkout: what each Prometheus selects.",
    ),
    (
        "relabel/servicemonitor",
        "The rules the operator writes for a ServiceMonitor: one target kept, two dropped, and why.",
    ),
    ("relabel/hashmod", "Sharding targets across Prometheus servers with hashmod, step by step."),
    ("relabel/labelmap", "labelmap: turn every Pod label into a target label."),
    (
        "relabel/metric-drop",
        "metric_relabel_configs: drop expensive series and rename metrics at ingest.",
    ),
    ("relabel/blackbox", "A whole prometheus.yml: the blackbox exporter's __param_target dance."),
];

/// Operator scenarios best seen in the Targets workbench (why 0 targets).
const OPEN_IN_TARGETS: &[&str] = &["zero-targets"];

fn blurb(key: &str) -> &'static str {
    BLURBS.iter().find(|(k, _)| *k == key).map_or("Open it to see what it does.", |(_, b)| b)
}

/// Every card, grouped by workbench in nav order.
pub fn all() -> Vec<Card> {
    let mut cards = Vec::new();
    let mut push = |slug: &str, id: &str, title: &'static str, opens: Workbench, input: Input| {
        let key = format!("{slug}/{id}");
        cards.push(Card { blurb: blurb(&key), key, title, opens, input });
    };
    for e in crate::examples::EXAMPLES {
        let input =
            Input::Metrics { text: e.text.to_owned(), format: "auto".into(), strict: false };
        push("metrics", e.id, e.title, Workbench::Metrics, input);
    }
    let q = crate::query::examples::DEFAULT;
    push(
        "query",
        "default",
        "HTTP requests by status code",
        Workbench::Query,
        Input::QueryExample { expr: q.expr.into(), range: q.range.into(), series: q.series.into() },
    );
    for e in crate::rules::examples::EXAMPLES {
        let input = Input::RulesExample {
            rules: e.rules.into(),
            tests: e.tests.into(),
            alertmanager: e.alertmanager.into(),
            route_labels: e.route_labels.into(),
            inhibit_alerts: e.inhibit_alerts.into(),
        };
        push("rules", e.id, e.title, Workbench::Rules, input);
    }
    for s in crate::operator::examples::SCENARIOS {
        let files = s.files.iter().map(|(n, t)| ((*n).to_owned(), (*t).to_owned())).collect();
        let opens =
            if OPEN_IN_TARGETS.contains(&s.id) { Workbench::Targets } else { Workbench::Operator };
        push("operator", s.id, s.title, opens, Input::Operator { files });
    }
    for e in crate::relabel::examples::EXAMPLES {
        let input = Input::Relabel {
            rules: e.rules.into(),
            labels: e.labels.into(),
            job: e.job.into(),
            metric: e.metric,
        };
        push("relabel", e.id, e.title, Workbench::Relabel, input);
    }
    cards
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_example_has_a_card_with_its_own_blurb() {
        let cards = all();
        let expected = crate::examples::EXAMPLES.len()
            + 1
            + crate::rules::examples::EXAMPLES.len()
            + crate::operator::examples::SCENARIOS.len()
            + crate::relabel::examples::EXAMPLES.len();
        assert_eq!(cards.len(), expected);
        for c in &cards {
            assert!(BLURBS.iter().any(|(k, _)| *k == c.key), "no blurb for {}", c.key);
        }
        for (k, _) in BLURBS {
            assert!(cards.iter().any(|c| c.key == *k), "blurb for a missing example {k}");
        }
    }
}
