//! The lesson track's content: six workshop exercises, each an explanation,
//! a starting input, a task, a hint, a solution and the goal the engines
//! check the learner's answer against.
//!
//! The inputs are files under `public/lessons/` (compiled in, and published
//! with the site so a trainer can hand them out). Everything here is data:
//! the checks in `check.rs` read the [`Goal`] and never look at the text of
//! an answer, only at what the engines make of it.

/// What a lesson's answer must achieve, as the engines see it.
#[derive(Clone, Copy, Debug)]
pub enum Goal {
    /// The answer is a set of Kubernetes manifests; compiled by the operator
    /// and discovered, the monitor must have exactly `active` active targets.
    Targets {
        /// `ServiceMonitor`, `PodMonitor` or `Probe`.
        kind: &'static str,
        /// The monitor's namespace.
        namespace: &'static str,
        /// The monitor's name.
        name: &'static str,
        /// How many targets it must have.
        active: usize,
    },
    /// The answer is a list of relabel rules; applied to `targets` (one
    /// label set a line), each must end as the same line of `expected`: the
    /// label set without its `__` labels, or `drop`.
    Relabel {
        /// The discovered label sets.
        targets: &'static str,
        /// The wanted outcome per label set.
        expected: &'static str,
    },
    /// The answer is a PromQL query; at `at_s` over `series` it must return
    /// the same series and values as `reference`.
    Query {
        /// The data, in promqltest load notation.
        series: &'static str,
        /// The evaluation time, in seconds from the start of the data.
        at_s: i64,
        /// A query whose result is the goal.
        reference: &'static str,
    },
    /// The answer is a rule file; evaluated over `series` from 0 to `end_s`,
    /// `alert` must fire for every series `fires` names and never fire for
    /// those `quiet` names (each a label set the alert's labels include).
    Alert {
        /// The data, in promqltest load notation.
        series: &'static str,
        /// The end of the evaluation, in seconds.
        end_s: i64,
        /// The alert name.
        alert: &'static str,
        /// Label sets that must fire.
        fires: &'static [&'static str],
        /// Label sets that must never fire.
        quiet: &'static [&'static str],
    },
}

/// One lesson.
#[derive(Clone, Copy, Debug)]
pub struct Lesson {
    /// Stable id (progress is saved under it; the URL names it).
    pub id: &'static str,
    /// The title.
    pub title: &'static str,
    /// The topic in a few words, for the lesson list.
    pub topic: &'static str,
    /// The explanation, one paragraph an entry.
    pub intro: &'static [&'static str],
    /// What to do.
    pub task: &'static str,
    /// What the editor holds: `yaml`, `promql` or `rules`.
    pub language: &'static str,
    /// The starting input.
    pub start: &'static str,
    /// Read-only context shown beside the editor (the data, the targets), if any.
    pub context: Option<(&'static str, &'static str)>,
    /// A nudge in the right direction.
    pub hint: &'static str,
    /// One answer that passes.
    pub solution: &'static str,
    /// What the check wants.
    pub goal: Goal,
}

const RATE_SERIES: &str = include_str!("../../../../public/lessons/rate.series");
const GROUP_LEFT_SERIES: &str = include_str!("../../../../public/lessons/group-left.series");
const ALERT_SERIES: &str = include_str!("../../../../public/lessons/alert-for.series");
const RELABEL_TARGETS: &str = include_str!("../../../../public/lessons/relabeling.targets");

/// Every lesson, in track order.
pub const LESSONS: &[Lesson] = &[
    Lesson {
        id: "selectors",
        title: "Selectors, and the nil-versus-{} trap",
        topic: "Prometheus selects ServiceMonitors",
        intro: &[
            "A Prometheus object picks its ServiceMonitors with two selectors: serviceMonitorSelector (which labels) and serviceMonitorNamespaceSelector (which namespaces).",
            "The trap: a selector that is not set at all (nil) and an empty selector {} mean opposite things. A missing serviceMonitorSelector selects no ServiceMonitor; {} selects every one. A missing serviceMonitorNamespaceSelector searches only the Prometheus' own namespace; {} searches all of them.",
            "This is the most common reason for a ServiceMonitor that Prometheus never shows, not even as 0/0.",
        ],
        task: "Make the ServiceMonitor shop/checkout find its 3 targets. Change only the Prometheus object at the bottom.",
        language: "yaml",
        start: include_str!("../../../../public/lessons/selectors.yaml"),
        context: None,
        hint: "Prometheus monitoring/k8s needs both selectors, and the ServiceMonitor lives in namespace shop, not monitoring. `serviceMonitorSelector: {}` selects every ServiceMonitor (or use matchLabels with team: shop); `serviceMonitorNamespaceSelector: {}` searches every namespace.",
        solution: include_str!("../../../../public/lessons/selectors.solution.yaml"),
        goal: Goal::Targets {
            kind: "ServiceMonitor",
            namespace: "shop",
            name: "checkout",
            active: 3,
        },
    },
    Lesson {
        id: "port-names",
        title: "Port names",
        topic: "endpoints[].port is a Service port name",
        intro: &[
            "A ServiceMonitor endpoint's `port` is the name of a port of the Service, not a number and not the container's port name. The operator turns it into a keep rule on __meta_kubernetes_endpoint_port_name, so a name that no port of the Service has drops every target.",
            "The targets are still discovered, which is why Prometheus shows them as 0/3 up: they are dropped by relabeling, not missing.",
        ],
        task: "Make the ServiceMonitor payments/api find its 3 targets.",
        language: "yaml",
        start: include_str!("../../../../public/lessons/port-names.yaml"),
        context: None,
        hint: "Compare spec.endpoints[0].port of the ServiceMonitor with spec.ports[].name of the Service. Use the Service's port name (or `targetPort: 8080` for a number).",
        solution: include_str!("../../../../public/lessons/port-names.solution.yaml"),
        goal: Goal::Targets {
            kind: "ServiceMonitor",
            namespace: "payments",
            name: "api",
            active: 3,
        },
    },
    Lesson {
        id: "relabeling",
        title: "Relabeling",
        topic: "keep and copy labels",
        intro: &[
            "Relabel rules run top to bottom on every discovered target. `keep` drops the target unless the regex matches the source labels (joined with `;`); a rule without an action is `replace`, which copies a source label into target_label.",
            "The regex must match the whole value: `yes` does not match `true`. Labels that start with __ (the __meta_* labels Kubernetes discovery provides) are removed after relabeling, so anything you want to keep must be copied into a normal label.",
        ],
        task: "Keep only the Pods annotated prometheus.io/scrape: \"true\", and give every kept target a `namespace` and a `pod` label.",
        language: "yaml",
        start: include_str!("../../../../public/lessons/relabeling.yaml"),
        context: Some(("Discovered targets", RELABEL_TARGETS)),
        hint: "The annotation's value is `true`. Add a second replace rule with source_labels: [__meta_kubernetes_pod_name] and target_label: pod.",
        solution: include_str!("../../../../public/lessons/relabeling.solution.yaml"),
        goal: Goal::Relabel {
            targets: RELABEL_TARGETS,
            expected: include_str!("../../../../public/lessons/relabeling.expected"),
        },
    },
    Lesson {
        id: "rate-irate",
        title: "rate versus irate",
        topic: "per-second rates of counters",
        intro: &[
            "rate(x[5m]) is the average per-second increase over the whole 5-minute window, extrapolated to its edges; it is what alerts and most dashboards want.",
            "irate(x[5m]) uses only the last two samples in the window: it follows every spike and dip, and what it shows depends on exactly when you look. A burst of a few seconds can make it jump tenfold.",
        ],
        task: "At the end of the data (30m), show each instance's average request rate over the last 5 minutes, in requests per second.",
        language: "promql",
        start: include_str!("../../../../public/lessons/rate.promql"),
        context: Some(("Series (load notation)", RATE_SERIES)),
        hint: "Keep the selector and the 5m window; the function that averages over the whole window is rate.",
        solution: "rate(http_requests_total[5m])",
        goal: Goal::Query {
            series: RATE_SERIES,
            at_s: 1800,
            reference: "rate(http_requests_total[5m])",
        },
    },
    Lesson {
        id: "group-left",
        title: "Vector matching and group_left",
        topic: "joining an info metric",
        intro: &[
            "A binary operator between two vectors pairs series whose labels are all equal, apart from the metric name. Series that differ in any other label (here job and code) find no partner and vanish from the result, silently.",
            "on(instance) pairs by the instance label only. When several series on the left match one series on the right (one per status code here), that is many-to-one, and Prometheus wants it said: group_left. group_left(team) also copies the right side's team label into the result.",
        ],
        task: "Show the request rate of every instance and status code with the owning team's `team` label from service_owner_info.",
        language: "promql",
        start: include_str!("../../../../public/lessons/group-left.promql"),
        context: Some(("Series (load notation)", GROUP_LEFT_SERIES)),
        hint: "rate(http_requests_total[5m]) * on(instance) group_left(team) service_owner_info",
        solution: "rate(http_requests_total[5m]) * on(instance) group_left(team) service_owner_info",
        goal: Goal::Query {
            series: GROUP_LEFT_SERIES,
            at_s: 600,
            reference: "rate(http_requests_total[5m]) * on(instance) group_left(team) service_owner_info",
        },
    },
    Lesson {
        id: "alert-for",
        title: "Alert `for`",
        topic: "pending before firing",
        intro: &[
            "An alerting rule's expression is evaluated every evaluation interval (1m here). Without `for`, an alert fires at the first evaluation where the expression returns the series: a 2-minute restart pages someone.",
            "With `for: 5m` the alert is pending first, and fires only if the expression still returns the series 5 minutes later. If it stops returning it earlier, the alert goes away without ever firing.",
        ],
        task: "Make InstanceDown fire for the 15-minute outage of instance b, but not for the 2-minute restart of instance a.",
        language: "rules",
        start: include_str!("../../../../public/lessons/alert-for.yml"),
        context: Some(("Series (load notation)", ALERT_SERIES)),
        hint: "Add `for:` to the rule, longer than the restart (2m) and shorter than the outage (15m), e.g. `for: 5m`.",
        solution: include_str!("../../../../public/lessons/alert-for.solution.yml"),
        goal: Goal::Alert {
            series: ALERT_SERIES,
            end_s: 2400,
            alert: "InstanceDown",
            fires: &[r#"{instance="b"}"#],
            quiet: &[r#"{instance="a"}"#],
        },
    },
];

/// The lesson with `id`.
pub fn find(id: &str) -> Option<&'static Lesson> {
    LESSONS.iter().find(|l| l.id == id)
}
