//! "Why does my ServiceMonitor show 0/0 targets?": for every ServiceMonitor,
//! PodMonitor and Probe, its targets in each Prometheus that selects it, and
//! when none is active, the checks a person would make with kubectl, in
//! order, stopping at the first that fails: selected by a Prometheus → an
//! object matches the selector in the searched namespaces → it has
//! Endpoints with addresses (or running Pods) → the port exists → relabeling
//! keeps a target.

use promplay_k8s_sd::explain::{Backend, expected_endpoints, service_backends};
use promplay_operator::Value;
use promplay_operator::intake::{Inventory, Object};
use promplay_operator::select::{LabelSelector, object_labels};

use crate::codes;
use crate::job::text;
use crate::{
    ChainStep, Job, MonitorReport, ObjectRef, Outcome, PrometheusInput, PrometheusTargets, locate,
};

/// One report per monitor and selecting Prometheus.
pub fn monitors(
    inventory: &Inventory,
    inputs: &[PrometheusInput<'_>],
    results: &[PrometheusTargets],
) -> Vec<MonitorReport> {
    let mut out = Vec::new();
    for m in inventory
        .objects
        .iter()
        .filter(|o| matches!(o.kind.as_str(), "ServiceMonitor" | "PodMonitor" | "Probe"))
    {
        let object = ObjectRef {
            kind: m.kind.clone(),
            namespace: m.namespace.clone(),
            name: m.name.clone(),
        };
        let mut selected_by = 0;
        for (p, r) in inputs.iter().zip(results) {
            let selected = p.candidates.iter().any(|c| {
                c.selected && c.kind == m.kind && c.namespace == m.namespace && c.name == m.name
            });
            if !selected || p.config.is_none() {
                continue;
            }
            selected_by += 1;
            let jobs: Vec<&Job> = r
                .jobs
                .iter()
                .filter(|j| j.source.as_ref().is_some_and(|(o, _)| *o == object))
                .collect();
            let discovered = jobs.iter().map(|j| j.targets.len()).sum();
            let active = jobs.iter().map(|j| j.active()).sum();
            let mut report = MonitorReport {
                object: object.clone(),
                prometheus: Some(format!("{}/{}", p.namespace, p.name)),
                jobs: jobs.iter().map(|j| j.name.clone()).collect(),
                discovered,
                active,
                chain: Vec::new(),
            };
            if active == 0 {
                report.chain = chain(inventory, p, m, &object, &jobs);
            }
            out.push(report);
        }
        if selected_by == 0 {
            out.push(MonitorReport {
                object: object.clone(),
                prometheus: None,
                jobs: Vec::new(),
                discovered: 0,
                active: 0,
                chain: vec![not_selected(inventory, inputs, m, &object)],
            });
        }
    }
    out
}

fn step(code: &'static str, ok: bool, message: String) -> ChainStep {
    ChainStep { code, ok, message, details: Vec::new(), fix: None, at: None, fix_at: None }
}

fn not_selected(
    inventory: &Inventory,
    inputs: &[PrometheusInput<'_>],
    m: &Object,
    object: &ObjectRef,
) -> ChainStep {
    let mut s = step(codes::SELECTED, false, format!("no Prometheus selects {object}"));
    s.at = locate(inventory, object, "metadata.labels").or_else(|| locate(inventory, object, ""));
    if inputs.is_empty() {
        s.details.push("the manifests contain no Prometheus".into());
        return s;
    }
    let labels = object_labels(&m.value);
    for p in inputs {
        let reason = p
            .candidates
            .iter()
            .find(|c| c.kind == m.kind && c.namespace == m.namespace && c.name == m.name)
            .and_then(|c| c.reason);
        let why = match (reason, p.config) {
            (Some(r), _) => r.to_string(),
            (None, None) => "its configuration is not generated (unmanaged or failed)".into(),
            (None, Some(_)) => "it was not considered".into(),
        };
        s.details.push(format!("Prometheus {}/{}: {why}", p.namespace, p.name));
        // A label selector that the monitor misses by labels only: say which.
        let field = match m.kind.as_str() {
            "ServiceMonitor" => "serviceMonitorSelector",
            "PodMonitor" => "podMonitorSelector",
            _ => "probeSelector",
        };
        let prom = inventory.get(p.kind, p.namespace, p.name);
        let sel = prom.and_then(|o| o.value.get("spec")).and_then(|s| s.get(field));
        match sel {
            None | Some(Value::Null) => {
                if s.fix.is_none() {
                    s.fix = Some(format!(
                        "set `{field}: {{}}` on Prometheus {}/{} to select every {} (a missing selector selects none; `{{}}` selects all)",
                        p.namespace, p.name, m.kind
                    ));
                }
            }
            Some(v) => {
                let sel = LabelSelector::from_value(v);
                let missing = missing_labels(&sel, &labels);
                if !missing.is_empty() && !sel.matches(&labels) && s.fix.is_none() {
                    s.fix = Some(format!(
                        "add label{} {} to {object} (Prometheus {}/{} selects {})",
                        if missing.len() > 1 { "s" } else { "" },
                        missing
                            .iter()
                            .map(|(k, v)| format!("`{k}: {v}`"))
                            .collect::<Vec<_>>()
                            .join(", "),
                        p.namespace,
                        p.name,
                        sel.describe()
                    ));
                }
            }
        }
    }
    s
}

fn chain(
    inventory: &Inventory,
    p: &PrometheusInput<'_>,
    m: &Object,
    object: &ObjectRef,
    jobs: &[&Job],
) -> Vec<ChainStep> {
    let mut out = Vec::new();
    let mut ok =
        step(codes::SELECTED, true, format!("selected by Prometheus {}/{}", p.namespace, p.name));
    ok.at = locate(inventory, object, "metadata.name");
    out.push(ok);
    if jobs.is_empty() {
        let mut s = step(codes::JOB, false, "the operator generated no scrape job for it".into());
        let field = match m.kind.as_str() {
            "ServiceMonitor" => "spec.endpoints",
            "PodMonitor" => "spec.podMetricsEndpoints",
            _ => "spec.targets",
        };
        s.details.push(format!("{field} is empty"));
        s.at = locate(inventory, object, field);
        out.push(s);
        return out;
    }
    let spec = m.value.get("spec").unwrap_or(&Value::Null);
    let namespaces = scope(inventory, p, m);
    let continue_chain = match m.kind.as_str() {
        "ServiceMonitor" => service_chain(inventory, m, object, spec, &namespaces, jobs, &mut out),
        "PodMonitor" => pod_chain(inventory, object, spec, &namespaces, &mut out),
        _ => probe_chain(inventory, object, spec, &namespaces, &mut out),
    };
    if continue_chain {
        relabel_step(jobs, &mut out);
    }
    out
}

/// The namespaces the monitor's jobs search: `namespaceSelector.any`,
/// `matchNames`, or the monitor's own namespace (always the own one when
/// the Prometheus sets `ignoreNamespaceSelectors`). `None` = all.
fn scope(inventory: &Inventory, p: &PrometheusInput<'_>, m: &Object) -> Option<Vec<String>> {
    let ignore = inventory
        .get(p.kind, p.namespace, p.name)
        .and_then(|o| o.value.path(&["spec", "ignoreNamespaceSelectors"]))
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let nsel = m.value.path(&["spec", "namespaceSelector"]);
    if ignore {
        return Some(vec![m.namespace.clone()]);
    }
    if nsel.and_then(|n| n.get("any")).and_then(Value::as_bool) == Some(true) {
        return None;
    }
    let names: Vec<String> = nsel
        .and_then(|n| n.get("matchNames"))
        .and_then(Value::as_seq)
        .map(|s| s.iter().filter_map(|v| text(Some(v))).collect())
        .unwrap_or_default();
    Some(if names.is_empty() { vec![m.namespace.clone()] } else { names })
}

fn in_scope(scope: &Option<Vec<String>>, ns: &str) -> bool {
    scope.as_ref().is_none_or(|names| names.iter().any(|n| n == ns))
}

fn scope_text(scope: &Option<Vec<String>>) -> String {
    match scope {
        None => "any namespace".into(),
        Some(n) if n.len() == 1 => format!("namespace {}", n[0]),
        Some(n) => format!("namespaces {}", n.join(", ")),
    }
}

/// The `matchLabels` pairs an object lacks (missing or with another value).
fn missing_labels(sel: &LabelSelector, labels: &[(String, String)]) -> Vec<(String, String)> {
    sel.match_labels
        .iter()
        .filter(|(k, v)| !labels.iter().any(|(n, w)| n == k && w == v))
        .cloned()
        .collect()
}

/// Why labels fail a selector, one phrase per failed requirement.
fn failures(sel: &LabelSelector, labels: &[(String, String)]) -> Vec<String> {
    let get = |k: &str| labels.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    let mut out = Vec::new();
    for (k, v) in &sel.match_labels {
        match get(k) {
            None => out.push(format!("no label {k}")),
            Some(have) if have != v => out.push(format!("{k}={have}, not {v}")),
            _ => {}
        }
    }
    for e in &sel.match_expressions {
        let one = LabelSelector { match_labels: Vec::new(), match_expressions: vec![e.clone()] };
        if !one.matches(labels) {
            out.push(format!("fails {}", one.describe()));
        }
    }
    out
}

fn labels_text(labels: &[(String, String)]) -> String {
    if labels.is_empty() {
        return "no labels".into();
    }
    labels.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(", ")
}

/// Step "an object of `kind` matches the selector": returns the matches,
/// or pushes the break with the nearest misses and a fix.
fn matching<'a>(
    inventory: &'a Inventory,
    object: &ObjectRef,
    kind: &str,
    selector_path: &str,
    sel: &LabelSelector,
    scope: &Option<Vec<String>>,
    out: &mut Vec<ChainStep>,
) -> Vec<&'a Object> {
    let all: Vec<&Object> = inventory.objects.iter().filter(|o| o.kind == kind).collect();
    let matched: Vec<&Object> = all
        .iter()
        .copied()
        .filter(|o| in_scope(scope, &o.namespace) && sel.matches(&object_labels(&o.value)))
        .collect();
    let at = locate(inventory, object, selector_path);
    if !matched.is_empty() {
        let names: Vec<String> =
            matched.iter().map(|o| format!("{}/{}", o.namespace, o.name)).collect();
        let mut s = step(
            codes::OBJECTS_MATCH,
            true,
            format!("{kind} {} matches {selector_path} ({})", names.join(", "), sel.describe()),
        );
        s.at = at;
        out.push(s);
        return matched;
    }
    let mut s = step(
        codes::OBJECTS_MATCH,
        false,
        format!(
            "no {kind} in {} has labels matching {selector_path} ({})",
            scope_text(scope),
            sel.describe()
        ),
    );
    s.at = at;
    // Nearest misses: in scope, by the number of failed requirements; an
    // object named like the monitor or like a selector value comes first.
    let selector_values: Vec<&str> = sel.match_labels.iter().map(|(_, v)| v.as_str()).collect();
    let mut misses: Vec<(usize, &Object, Vec<String>)> = all
        .iter()
        .filter(|o| in_scope(scope, &o.namespace))
        .map(|o| {
            let f = failures(sel, &object_labels(&o.value));
            let named = o.name == object.name || selector_values.contains(&o.name.as_str());
            (f.len() * 2 + usize::from(!named), *o, f)
        })
        .collect();
    misses.sort_by_key(|(score, o, _)| (*score, o.namespace.clone(), o.name.clone()));
    for (_, o, f) in misses.iter().take(3) {
        s.details.push(format!(
            "nearest miss: {kind} {}/{} has {} ({})",
            o.namespace,
            o.name,
            labels_text(&object_labels(&o.value)),
            f.join("; ")
        ));
    }
    if misses.is_empty() {
        s.details.push(format!("the manifests have no {kind} in {}", scope_text(scope)));
    }
    let elsewhere: Vec<&&Object> = all
        .iter()
        .filter(|o| !in_scope(scope, &o.namespace) && sel.matches(&object_labels(&o.value)))
        .collect();
    for o in elsewhere.iter().take(3) {
        s.details.push(format!(
            "{kind} {}/{} matches the selector, but namespace {} is not searched",
            o.namespace, o.name, o.namespace
        ));
    }
    if let Some(o) = elsewhere.first() {
        s.fix = Some(format!(
            "add `{}` to spec.namespaceSelector.matchNames of {object} (or set `namespaceSelector: {{any: true}}`)",
            o.namespace
        ));
    } else if let Some((_, o, _)) = misses.first() {
        let missing = missing_labels(sel, &object_labels(&o.value));
        if !missing.is_empty() && sel.match_expressions.is_empty() {
            s.fix = Some(format!(
                "add label{} {} to {kind} {}/{}",
                if missing.len() > 1 { "s" } else { "" },
                missing.iter().map(|(k, v)| format!("`{k}: {v}`")).collect::<Vec<_>>().join(", "),
                o.namespace,
                o.name
            ));
            let r = ObjectRef {
                kind: kind.into(),
                namespace: o.namespace.clone(),
                name: o.name.clone(),
            };
            s.fix_at = locate(inventory, &r, "metadata.name");
        }
    }
    out.push(s);
    Vec::new()
}

fn service_chain(
    inventory: &Inventory,
    m: &Object,
    object: &ObjectRef,
    spec: &Value,
    scope: &Option<Vec<String>>,
    jobs: &[&Job],
    out: &mut Vec<ChainStep>,
) -> bool {
    let sel = LabelSelector::from_value(spec.get("selector").unwrap_or(&Value::Null));
    let services = matching(inventory, object, "Service", "spec.selector", &sel, scope, out);
    if services.is_empty() {
        return false;
    }
    let slices = jobs.iter().any(|j| j.discovery.iter().any(|d| d.contains("role=endpointslice")));
    // Endpoints (or EndpointSlices) of the matched Services, as the
    // discovery crate reads them.
    let mut ready = 0;
    let mut not_ready = 0;
    let mut found_any = false;
    for svc in &services {
        let Some(b) = service_backends(inventory, &svc.namespace, &svc.name) else { continue };
        let backends: Vec<&Backend> =
            if slices { b.slices.iter().collect() } else { b.endpoints.iter().collect() };
        for be in backends {
            found_any = true;
            ready += be.ready;
            not_ready += be.not_ready;
        }
    }
    let what = if slices { "EndpointSlices" } else { "Endpoints" };
    let svc = services[0];
    let svc_ref = ObjectRef {
        kind: "Service".into(),
        namespace: svc.namespace.clone(),
        name: svc.name.clone(),
    };
    if !found_any || ready + not_ready == 0 {
        let mut s = step(
            codes::ENDPOINTS,
            false,
            if found_any {
                format!("the {what} of Service {}/{} have no addresses", svc.namespace, svc.name)
            } else {
                format!("Service {}/{} has no {what} in the manifests", svc.namespace, svc.name)
            },
        );
        s.at = locate(inventory, &svc_ref, "metadata.name");
        match expected_endpoints(inventory, &svc.namespace, &svc.name) {
            None => s.details.push(
                "the Service has no selector, so its Endpoints are written by hand; there are none"
                    .into(),
            ),
            Some(expected) if expected.is_empty() => s.details.push(format!(
                "no running Pod with an IP in the manifests matches the Service's selector ({}): in a cluster its Deployment or DaemonSet would run them; paste the Pods and Endpoints to see the targets",
                labels_text(&service_backends(inventory, &svc.namespace, &svc.name).map(|b| b.selector).unwrap_or_default())
            )),
            Some(expected) => {
                let ready = expected.iter().filter(|a| a.ready).count();
                let pods: Vec<String> =
                    expected.iter().map(|a| format!("{} ({})", a.pod, a.ip)).collect();
                s.details.push(format!(
                    "from the {} Pod(s) its selector matches ({}), Kubernetes would publish {ready} ready address(es); paste the Endpoints or EndpointSlices to see them as targets",
                    expected.len(),
                    pods.join(", ")
                ));
            }
        }
        s.fix = Some(format!(
            "check that Pods behind Service {}/{} are running and ready, and paste `kubectl get endpoints,endpointslices -n {} -o yaml` to see the targets",
            svc.namespace, svc.name, svc.namespace
        ));
        out.push(s);
        return false;
    }
    let mut s = step(
        codes::ENDPOINTS,
        true,
        format!("{what} of the Service list {ready} ready address(es)"),
    );
    if not_ready > 0 {
        s.details.push(format!("{not_ready} not-ready address(es): Prometheus discovers them too (ready=false), but they may not answer"));
    }
    s.at = locate(inventory, &svc_ref, "metadata.name");
    out.push(s);
    // Ports: the endpoint's `port` names a Service (and Endpoints) port.
    for (i, ep) in seq(spec, "endpoints").iter().enumerate() {
        let Some(port) = text(ep.get("port")).filter(|p| !p.is_empty()) else { continue };
        let names: Vec<String> = services
            .iter()
            .flat_map(|s| seq(s.value.get("spec").unwrap_or(&Value::Null), "ports"))
            .filter_map(|p| text(p.get("name")))
            .collect();
        if names.contains(&port) {
            continue;
        }
        let mut s = step(
            codes::PORT,
            false,
            format!(
                "spec.endpoints[{i}].port is {port:?}, but no port of the Service has that name"
            ),
        );
        s.at = locate(inventory, object, &format!("spec.endpoints[{i}].port"));
        let ports: Vec<String> = services
            .iter()
            .flat_map(|s| seq(s.value.get("spec").unwrap_or(&Value::Null), "ports"))
            .map(port_text)
            .collect();
        s.details.push(format!(
            "the Service's ports: {}",
            if ports.is_empty() { "none".into() } else { ports.join(", ") }
        ));
        if let Some(best) = names.iter().find(|n| n.contains("metrics")).or(if names.len() == 1 {
            names.first()
        } else {
            None
        }) {
            s.fix = Some(format!("use port `{best}` in spec.endpoints[{i}].port of {object}"));
        } else if text(ep.get("port")).is_some_and(|p| p.parse::<u16>().is_ok()) {
            s.fix = Some("`port` takes a port name; use `targetPort` for a number".into());
        }
        let _ = m;
        out.push(s);
        return false;
    }
    true
}

fn pod_chain(
    inventory: &Inventory,
    object: &ObjectRef,
    spec: &Value,
    scope: &Option<Vec<String>>,
    out: &mut Vec<ChainStep>,
) -> bool {
    let sel = LabelSelector::from_value(spec.get("selector").unwrap_or(&Value::Null));
    let pods = matching(inventory, object, "Pod", "spec.selector", &sel, scope, out);
    if pods.is_empty() {
        return false;
    }
    let running: Vec<&&Object> = pods
        .iter()
        .filter(|p| {
            let phase = text(p.value.path(&["status", "phase"])).unwrap_or_default();
            phase != "Succeeded"
                && phase != "Failed"
                && text(p.value.path(&["status", "podIP"])).is_some()
        })
        .collect();
    if running.is_empty() {
        let mut s = step(
            codes::PODS_RUNNING,
            false,
            "no matching Pod is running with an IP (status.phase, status.podIP)".into(),
        );
        for p in &pods {
            let phase =
                text(p.value.path(&["status", "phase"])).unwrap_or_else(|| "no status".into());
            s.details.push(format!("Pod {}/{}: {phase}", p.namespace, p.name));
        }
        s.at = locate(
            inventory,
            &ObjectRef {
                kind: "Pod".into(),
                namespace: pods[0].namespace.clone(),
                name: pods[0].name.clone(),
            },
            "status",
        );
        out.push(s);
        return false;
    }
    out.push(step(codes::PODS_RUNNING, true, format!("{} matching Pod(s) running", running.len())));
    let mut ports: Vec<(String, String)> = Vec::new();
    for p in &running {
        for c in seq(p.value.get("spec").unwrap_or(&Value::Null), "containers") {
            for port in seq(c, "ports") {
                ports.push((
                    text(port.get("name")).unwrap_or_default(),
                    text(port.get("containerPort")).unwrap_or_default(),
                ));
            }
        }
    }
    for (i, ep) in seq(spec, "podMetricsEndpoints").iter().enumerate() {
        let (field, want, by_name) = if let Some(p) = text(ep.get("port")).filter(|p| !p.is_empty())
        {
            ("port", p, true)
        } else if let Some(p) = text(ep.get("portNumber")) {
            ("portNumber", p, false)
        } else if let Some(p) = text(ep.get("targetPort")) {
            let by_name = p.parse::<u32>().is_err();
            ("targetPort", p, by_name)
        } else {
            continue;
        };
        if ports.iter().any(|(n, num)| if by_name { *n == want } else { *num == want }) {
            continue;
        }
        let mut s = step(
            codes::PORT,
            false,
            format!(
                "spec.podMetricsEndpoints[{i}].{field} is {want:?}, but no container port of the matching Pods has that {}",
                if by_name { "name" } else { "number" }
            ),
        );
        s.at = locate(inventory, object, &format!("spec.podMetricsEndpoints[{i}].{field}"));
        let listed: Vec<String> = ports
            .iter()
            .map(|(n, num)| if n.is_empty() { num.clone() } else { format!("{n} ({num})") })
            .collect();
        s.details.push(format!(
            "the container ports: {}",
            if listed.is_empty() { "none".into() } else { listed.join(", ") }
        ));
        if let Some((n, _)) = ports
            .iter()
            .find(|(n, _)| n.contains("metrics"))
            .or(if ports.len() == 1 { ports.first() } else { None })
            && !n.is_empty()
        {
            s.fix =
                Some(format!("use port `{n}` in spec.podMetricsEndpoints[{i}].port of {object}"));
        }
        out.push(s);
        return false;
    }
    true
}

fn probe_chain(
    inventory: &Inventory,
    object: &ObjectRef,
    spec: &Value,
    scope: &Option<Vec<String>>,
    out: &mut Vec<ChainStep>,
) -> bool {
    let statics = spec
        .path(&["targets", "staticConfig", "static"])
        .and_then(Value::as_seq)
        .map_or(0, <[Value]>::len);
    if let Some(ingress) = spec.path(&["targets", "ingress"]) {
        let sel = LabelSelector::from_value(ingress.get("selector").unwrap_or(&Value::Null));
        let scope = match ingress.path(&["namespaceSelector", "matchNames"]).and_then(Value::as_seq)
        {
            Some(n) if !n.is_empty() => Some(n.iter().filter_map(|v| text(Some(v))).collect()),
            _ if ingress.path(&["namespaceSelector", "any"]).and_then(Value::as_bool)
                == Some(true) =>
            {
                None
            }
            _ => scope.clone(),
        };
        return !matching(
            inventory,
            object,
            "Ingress",
            "spec.targets.ingress.selector",
            &sel,
            &scope,
            out,
        )
        .is_empty();
    }
    if statics == 0 {
        let mut s = step(
            codes::DISCOVERED,
            false,
            "the Probe lists no targets (spec.targets.staticConfig.static is empty)".into(),
        );
        s.at = locate(inventory, object, "spec.targets");
        out.push(s);
        return false;
    }
    true
}

/// The last step: what relabeling did to the discovered targets.
fn relabel_step(jobs: &[&Job], out: &mut Vec<ChainStep>) {
    let discovered: usize = jobs.iter().map(|j| j.targets.len()).sum();
    if discovered == 0 {
        let mut s =
            step(codes::DISCOVERED, false, "discovery found no targets for its jobs".into());
        for j in jobs {
            s.details.extend(j.discovery.iter().map(|d| format!("{}: {d}", j.name)));
            s.details.extend(j.problems.iter().map(|d| format!("{}: {d}", j.name)));
        }
        out.push(s);
        return;
    }
    // The rule that dropped the most targets, with its origin.
    let mut counts: Vec<(String, usize, usize, usize)> = Vec::new();
    let mut invalid: Vec<String> = Vec::new();
    for (ji, j) in jobs.iter().enumerate() {
        for t in &j.targets {
            match &t.outcome {
                Outcome::Dropped { rule } => {
                    match counts.iter_mut().find(|c| c.0 == j.name && c.1 == *rule) {
                        Some(c) => c.3 += 1,
                        None => counts.push((j.name.clone(), *rule, ji, 1)),
                    }
                }
                Outcome::Invalid { message } => invalid.push(message.clone()),
                Outcome::Active { .. } => {}
            }
        }
    }
    counts.sort_by_key(|c| std::cmp::Reverse(c.3));
    if counts.is_empty() {
        let mut s = step(
            codes::INVALID,
            false,
            format!("all {discovered} target(s) are refused after relabeling"),
        );
        invalid.dedup();
        s.details = invalid;
        out.push(s);
        return;
    }
    let (job, rule, ji, n) = &counts[0];
    let r = &jobs[*ji].rules[*rule];
    let mut s = step(
        codes::RELABELING,
        false,
        format!(
            "all {discovered} discovered target(s) are dropped by relabeling; {n} by rule #{} of {job}: {}",
            rule + 1,
            r.summary
        ),
    );
    if let Some(o) = &r.origin {
        s.details.push(format!("that rule comes from {}", o.what));
        s.at = o.at;
    }
    for (job, rule, ji, n) in counts.iter().skip(1).take(3) {
        s.details.push(format!(
            "{n} by rule #{} of {job}: {}",
            rule + 1,
            jobs[*ji].rules[*rule].summary
        ));
    }
    out.push(s);
}

fn seq<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key).and_then(Value::as_seq).unwrap_or(&[])
}

fn port_text(p: &Value) -> String {
    let name = text(p.get("name")).unwrap_or_default();
    let num = text(p.get("port")).unwrap_or_default();
    if name.is_empty() { num } else { format!("{name} ({num})") }
}
