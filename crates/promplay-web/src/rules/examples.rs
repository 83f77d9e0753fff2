//! The Rules workbench's gallery: rules, unit tests and Alertmanager
//! configurations written for this playground (in `public/examples/rules/`),
//! compiled in so they load instantly and offline.

/// One gallery entry: what each editor gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Example {
    /// The picker's option value.
    pub id: &'static str,
    /// What the picker shows.
    pub title: &'static str,
    /// The rules editor.
    pub rules: &'static str,
    /// The unit-test editor.
    pub tests: &'static str,
    /// The Alertmanager editor.
    pub alertmanager: &'static str,
    /// The route tester's labels.
    pub route_labels: &'static str,
    /// The inhibition check's alerts.
    pub inhibit_alerts: &'static str,
}

const API_RULES: &str = include_str!("../../../../public/examples/rules/api-rules.yml");
const API_TESTS: &str = include_str!("../../../../public/examples/rules/api-tests.yml");
const API_TESTS_FAILING: &str =
    include_str!("../../../../public/examples/rules/api-tests-failing.yml");
const API_ALERTMANAGER: &str = include_str!("../../../../public/examples/rules/alertmanager.yml");
const EXAMPLE_ALERT: &str = include_str!("../../../../public/examples/rules/example-alert.yaml");
const AM_SECRET: &str = include_str!("../../../../public/examples/rules/alertmanager-secret.yaml");
const AM_CONFIG_NAMESPACE: &str =
    include_str!("../../../../public/examples/alerting/alertmanagerconfig-namespace.yaml");

/// Every example, in picker order; the first is the default.
pub const EXAMPLES: &[Example] = &[
    Example {
        id: "api",
        title: "API rules over the Query data: recording rule, error-rate and instance-down alerts",
        rules: API_RULES,
        tests: API_TESTS,
        alertmanager: API_ALERTMANAGER,
        route_labels: r#"{alertname="InstanceDown", severity="critical", job="api", instance="b"}"#,
        inhibit_alerts: "{alertname=\"InstanceDown\", severity=\"critical\", instance=\"b\"}\n{alertname=\"HighErrorRate\", severity=\"warning\", instance=\"b\"}\n{alertname=\"HighErrorRate\", severity=\"warning\", instance=\"a\"}",
    },
    Example {
        id: "api-failing-test",
        title: "A failing unit test: got versus expected",
        rules: API_RULES,
        tests: API_TESTS_FAILING,
        alertmanager: API_ALERTMANAGER,
        route_labels: r#"{alertname="HighErrorRate", severity="warning", job="api", instance="a"}"#,
        inhibit_alerts: "{alertname=\"InstanceDown\", severity=\"critical\", instance=\"a\"}\n{alertname=\"HighErrorRate\", severity=\"warning\", instance=\"a\"}",
    },
    Example {
        id: "operator-guide",
        title: "Operator guide: the vector(1) ExampleAlert and the routes/inhibit_rules Secret",
        rules: EXAMPLE_ALERT,
        tests: "",
        alertmanager: AM_SECRET,
        route_labels: r#"{alertname="ExampleAlert", severity="critical"}"#,
        inhibit_alerts: "{alertname=\"NodeDown\", node=\"n1\", severity=\"critical\"}\n{alertname=\"DiskFull\", node=\"n1\", severity=\"warning\"}\n{alertname=\"DiskFull\", node=\"n2\", severity=\"warning\"}",
    },
    Example {
        id: "alertmanagerconfig-namespace",
        title: "AlertmanagerConfig per team: the namespace matcher the operator adds",
        rules: EXAMPLE_ALERT,
        tests: "",
        alertmanager: AM_CONFIG_NAMESPACE,
        route_labels: r#"{alertname="CheckoutErrors", severity="critical", namespace="team-checkout", service="cart"}"#,
        inhibit_alerts: "{alertname=\"CheckoutErrors\", severity=\"critical\", namespace=\"team-checkout\"}",
    },
];
