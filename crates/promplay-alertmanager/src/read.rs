//! The reader: a positioned YAML tree to [`Config`] with the checks of
//! `config.Load` (strict fields, the root route rules, receivers and time
//! intervals that must exist, label names, durations, matchers), each as a
//! diagnostic at the field it is about. Alertmanager stops at its first
//! error; this reader reports all of them.

use crate::codes;
use crate::config::{
    Config, InhibitRule, Loaded, MatcherOrigin, Named, Receiver, Route, SpannedMatcher,
    TimeIntervalName, Timing,
};
use crate::matcher::{MatchType, Matcher, Parsed, parse_matchers_fallback};
use crate::yaml::{self, Entry, Kind, Node};
use promplay_diagnostics::{Diagnostic, Span, closest};
use promplay_model::is_valid_legacy_label_name;
use promplay_promql_syntax::parse_duration;
use std::collections::HashSet;

const TOP_FIELDS: &[&str] = &[
    "global",
    "route",
    "inhibit_rules",
    "receivers",
    "templates",
    "mute_time_intervals",
    "time_intervals",
    "tracing",
    "event_recorder",
];

const ROUTE_FIELDS: &[&str] = &[
    "receiver",
    "group_by",
    "match",
    "match_re",
    "matchers",
    "mute_time_intervals",
    "active_time_intervals",
    "continue",
    "routes",
    "group_wait",
    "group_interval",
    "repeat_interval",
];

const INHIBIT_FIELDS: &[&str] = &[
    "name",
    "source_match",
    "source_match_re",
    "source_matchers",
    "target_match",
    "target_match_re",
    "target_matchers",
    "equal",
];

/// The integrations of Alertmanager 0.33 (`<kind>_configs`).
pub const INTEGRATIONS: &[&str] = &[
    "discord",
    "email",
    "incidentio",
    "pagerduty",
    "slack",
    "webhook",
    "opsgenie",
    "wechat",
    "pushover",
    "victorops",
    "sns",
    "telegram",
    "webex",
    "msteams",
    "msteamsv2",
    "jira",
    "rocketchat",
    "mattermost",
];

const GLOBAL_FIELDS: &[&str] = &[
    "resolve_timeout",
    "http_config",
    "jira_api_url",
    "smtp_from",
    "smtp_hello",
    "smtp_smarthost",
    "smtp_auth_username",
    "smtp_auth_password",
    "smtp_auth_password_file",
    "smtp_auth_secret",
    "smtp_auth_secret_file",
    "smtp_auth_identity",
    "smtp_require_tls",
    "smtp_tls_config",
    "smtp_force_implicit_tls",
    "slack_api_url",
    "slack_api_url_file",
    "slack_app_token",
    "slack_app_token_file",
    "slack_app_url",
    "pagerduty_url",
    "opsgenie_api_url",
    "opsgenie_api_key",
    "opsgenie_api_key_file",
    "wechat_api_url",
    "wechat_api_secret",
    "wechat_api_secret_file",
    "wechat_api_corp_id",
    "victorops_api_url",
    "victorops_api_key",
    "victorops_api_key_file",
    "telegram_api_url",
    "telegram_bot_token",
    "telegram_bot_token_file",
    "webex_api_url",
    "rocketchat_api_url",
    "rocketchat_token",
    "rocketchat_token_file",
    "rocketchat_token_id",
    "rocketchat_token_id_file",
    "mattermost_webhook_url",
    "mattermost_webhook_url_file",
];

/// Reads `text` as Alertmanager's `config.Load` would.
pub fn load(text: &str) -> Loaded {
    let mut r = Reader { diags: Vec::new() };
    let root = match yaml::parse(text) {
        Ok(root) => root,
        Err(e) => {
            let d = Diagnostic::error(codes::YAML_SYNTAX, format!("invalid yaml: {}", e.message))
                .with_label(e.span, "the yaml parser stopped here");
            return Loaded { config: None, diagnostics: vec![d] };
        }
    };
    let whole = Span::new(0, text.len() as u32);
    let entries: Vec<Entry> = match root {
        None => Vec::new(),
        Some(Node { kind: Kind::Map(entries), .. }) => entries,
        Some(other) => {
            r.wrong_type(&other, "a mapping of top-level fields");
            return Loaded { config: None, diagnostics: r.diags };
        }
    };
    let config = r.config(&entries, whole);
    // Reported in reading order, like a compiler's list.
    r.diags.sort_by_key(|d| d.primary_span().map_or(0, |s| s.start));
    Loaded { config: Some(config), diagnostics: r.diags }
}

struct Reader {
    diags: Vec<Diagnostic>,
}

impl Reader {
    fn error(&mut self, code: &'static str, span: Span, message: String, label: &str) {
        self.diags.push(Diagnostic::error(code, message).with_label(span, label));
    }

    fn warn(&mut self, code: &'static str, span: Span, message: String, help: Option<String>) {
        let mut d = Diagnostic::warning(code, message).with_label(span, "");
        d.help = help;
        self.diags.push(d);
    }

    fn wrong_type(&mut self, node: &Node, expected: &str) {
        let found = node.describe();
        self.error(codes::WRONG_TYPE, node.span, format!("expected {expected}, found {found}"), "");
    }

    /// The entries of a mapping node, with unknown and repeated keys
    /// reported (go-yaml's `UnmarshalStrict`).
    fn fields<'n>(&mut self, node: &'n Node, allowed: &[&str], what: &str) -> Vec<&'n Entry> {
        let entries = match &node.kind {
            Kind::Map(e) => e,
            Kind::Null => return Vec::new(),
            _ => {
                self.wrong_type(node, &format!("a mapping for {what}"));
                return Vec::new();
            }
        };
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for e in entries {
            if !seen.insert(e.key.as_str()) {
                self.error(
                    codes::DUPLICATE_KEY,
                    e.key_span,
                    format!("field {:?} is set twice in {what}", e.key),
                    "second definition",
                );
                continue;
            }
            if !allowed.contains(&e.key.as_str()) {
                let near = closest(&e.key, allowed);
                let mut d = Diagnostic::error(
                    codes::UNKNOWN_FIELD,
                    format!("field {:?} is not a field of {what}", e.key),
                )
                .with_label(e.key_span, "unknown field");
                if let Some(n) = near {
                    d = d.with_help(format!("did you mean {n:?}?"));
                }
                self.diags.push(d);
                continue;
            }
            out.push(e);
        }
        out
    }

    fn string(&mut self, node: &Node, what: &str) -> Option<Named> {
        match &node.kind {
            Kind::Scalar { text, .. } => Some(Named { value: text.clone(), span: node.span }),
            Kind::Null => Some(Named { value: String::new(), span: node.span }),
            _ => {
                self.wrong_type(node, &format!("a string for {what}"));
                None
            }
        }
    }

    fn strings(&mut self, node: &Node, what: &str) -> Vec<Named> {
        match &node.kind {
            Kind::Seq(items) => items.iter().filter_map(|n| self.string(n, what)).collect(),
            Kind::Null => Vec::new(),
            _ => {
                self.wrong_type(node, &format!("a list of strings for {what}"));
                Vec::new()
            }
        }
    }

    fn bool(&mut self, node: &Node, what: &str) -> bool {
        // go-yaml v2 reads YAML 1.1 booleans.
        match node.as_str() {
            Some(
                "true" | "True" | "TRUE" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "y" | "Y",
            ) => true,
            Some(
                "false" | "False" | "FALSE" | "no" | "No" | "NO" | "off" | "Off" | "OFF" | "n"
                | "N",
            ) => false,
            _ if matches!(node.kind, Kind::Null) => false,
            _ => {
                self.wrong_type(node, &format!("true or false for {what}"));
                false
            }
        }
    }

    fn duration(&mut self, node: &Node, what: &str) -> Option<Timing> {
        let s = self.string(node, what)?;
        match parse_duration(&s.value) {
            Ok(ms) => Some(Timing { ms, span: s.span }),
            Err(e) => {
                self.error(codes::INVALID_DURATION, s.span, format!("invalid {what}: {e}"), "");
                None
            }
        }
    }

    fn config(&mut self, entries: &[Entry], whole: Span) -> Config {
        let top = Node { span: whole, kind: Kind::Map(entries.to_vec()) };
        let fields = self.fields(&top, TOP_FIELDS, "the configuration");
        let mut cfg = Config {
            resolve_timeout_ms: 5 * 60_000,
            route: Route::empty("route", Span::at(0)),
            receivers: Vec::new(),
            inhibit_rules: Vec::new(),
            time_intervals: Vec::new(),
            templates: Vec::new(),
        };
        let mut route_node = None;
        for e in fields {
            match e.key.as_str() {
                "global" => {
                    for g in self.fields(&e.value, GLOBAL_FIELDS, "global") {
                        if g.key == "resolve_timeout"
                            && let Some(t) = self.duration(&g.value, "resolve_timeout")
                        {
                            cfg.resolve_timeout_ms = t.ms;
                        }
                    }
                }
                "route" => route_node = Some(e),
                "receivers" => cfg.receivers = self.receivers(&e.value),
                "inhibit_rules" => cfg.inhibit_rules = self.inhibit_rules(&e.value),
                "templates" => {
                    cfg.templates =
                        self.strings(&e.value, "templates").into_iter().map(|n| n.value).collect();
                }
                key @ ("mute_time_intervals" | "time_intervals") => {
                    let deprecated = key == "mute_time_intervals";
                    if deprecated {
                        self.warn(
                            codes::DEPRECATED_MUTE_TIME_INTERVALS,
                            e.key_span,
                            "top-level mute_time_intervals is deprecated".into(),
                            Some(
                                "rename it to time_intervals; routes refer to both the same way"
                                    .into(),
                            ),
                        );
                    }
                    let names = self.time_intervals(&e.value, deprecated);
                    cfg.time_intervals.extend(names);
                }
                _ => {}
            }
        }
        match route_node {
            Some(e) if !matches!(e.value.kind, Kind::Null) => {
                cfg.route = self.route(&e.value, "route");
                self.root_checks(&cfg.route, e.key_span);
            }
            Some(e) => self.error(
                codes::NO_ROUTE,
                e.key_span,
                "no route provided in config".into(),
                "the root route is empty",
            ),
            None => self.error(
                codes::NO_ROUTE,
                Span::at(0),
                "no route provided in config".into(),
                "alertmanager needs a top-level `route` with a receiver",
            ),
        }
        self.references(&cfg);
        cfg
    }

    fn root_checks(&mut self, root: &Route, key_span: Span) {
        match &root.receiver {
            Some(n) if !n.value.is_empty() => {}
            _ => self.error(
                codes::ROOT_NO_RECEIVER,
                key_span,
                "root route must specify a default receiver".into(),
                "every alert that no child route takes goes to the root's receiver",
            ),
        }
        if let Some(m) = root.matchers.first() {
            self.error(
                codes::ROOT_MATCHERS,
                m.span,
                "root route must not have any matchers".into(),
                "the root route receives every alert",
            );
        }
        if let Some(n) = root.mute_time_intervals.first() {
            self.error(
                codes::ROOT_TIME_INTERVALS,
                n.span,
                "root route must not have any mute time intervals".into(),
                "",
            );
        }
        if let Some(n) = root.active_time_intervals.first() {
            self.error(
                codes::ROOT_TIME_INTERVALS,
                n.span,
                "root route must not have any active time intervals".into(),
                "",
            );
        }
        if root.continue_ {
            self.error(
                codes::ROOT_CONTINUE,
                root.span,
                "cannot have continue in root route".into(),
                "",
            );
        }
    }

    fn route(&mut self, node: &Node, path: &str) -> Route {
        let mut r = Route::empty(path, node.span);
        let fields = self.fields(node, ROUTE_FIELDS, "a route");
        for e in fields {
            let v = &e.value;
            match e.key.as_str() {
                "receiver" => r.receiver = self.string(v, "receiver"),
                "group_by" => {
                    let list = self.strings(v, "group_by");
                    self.check_group_by(&list);
                    r.group_by = Some(list);
                }
                "match" | "match_re" => {
                    let re = e.key == "match_re";
                    let origin = if re { MatcherOrigin::MatchRe } else { MatcherOrigin::Match };
                    let ms = self.match_map(v, re, origin, &e.key);
                    if !ms.is_empty() {
                        self.deprecated(e, "matchers", &ms);
                    }
                    r.matchers.extend(ms);
                }
                "matchers" => {
                    let ms = self.matcher_list(v, "matchers");
                    r.matchers.extend(ms);
                }
                "mute_time_intervals" => r.mute_time_intervals = self.strings(v, &e.key),
                "active_time_intervals" => r.active_time_intervals = self.strings(v, &e.key),
                "continue" => r.continue_ = self.bool(v, "continue"),
                "routes" => match &v.kind {
                    Kind::Seq(items) => {
                        r.routes = items
                            .iter()
                            .enumerate()
                            .map(|(i, n)| self.route(n, &format!("{path}.routes[{i}]")))
                            .collect();
                    }
                    Kind::Null => {}
                    _ => self.wrong_type(v, "a list of routes"),
                },
                "group_wait" => r.group_wait = self.duration(v, "group_wait"),
                key @ ("group_interval" | "repeat_interval") => {
                    let t = self.duration(v, key);
                    if let Some(t) = t.filter(|t| t.ms == 0) {
                        self.error(
                            codes::INVALID_DURATION,
                            t.span,
                            format!("{key} cannot be zero"),
                            "",
                        );
                    }
                    if key == "group_interval" {
                        r.group_interval = t;
                    } else {
                        r.repeat_interval = t;
                    }
                }
                _ => {}
            }
        }
        // The matchers field sorts its own list; the deprecated maps are
        // merged in before the whole set is sorted by the dispatcher.
        r
    }

    fn deprecated(&mut self, e: &Entry, replacement: &str, ms: &[SpannedMatcher]) {
        let list: Vec<String> = ms.iter().map(|m| format!("'{}'", m.matcher)).collect();
        self.warn(
            codes::DEPRECATED_MATCH,
            e.key_span,
            format!("{} is deprecated", e.key),
            Some(format!("write it as {replacement}: [{}]", list.join(", "))),
        );
    }

    fn check_group_by(&mut self, list: &[Named]) {
        let all = list.iter().find(|n| n.value == "...");
        let mut seen = HashSet::new();
        for n in list {
            if n.value == "..." {
                continue;
            }
            if n.value.is_empty() {
                self.error(
                    codes::INVALID_LABEL_NAME,
                    n.span,
                    format!("invalid label name {:?} in group_by list", n.value),
                    "",
                );
            }
            if let Some(a) = all {
                self.diags.push(
                    Diagnostic::error(
                        codes::INVALID_GROUP_BY,
                        "cannot have wildcard group_by (`...`) and other labels at the same time",
                    )
                    .with_label(n.span, "a label")
                    .with_label(a.span, "the wildcard"),
                );
                return;
            }
            if !seen.insert(n.value.as_str()) {
                self.error(
                    codes::INVALID_GROUP_BY,
                    n.span,
                    format!("duplicated label {:?} in group_by", n.value),
                    "",
                );
            }
        }
    }

    fn match_map(
        &mut self,
        node: &Node,
        re: bool,
        origin: MatcherOrigin,
        what: &str,
    ) -> Vec<SpannedMatcher> {
        let entries = match &node.kind {
            Kind::Map(e) => e,
            Kind::Null => return Vec::new(),
            _ => {
                self.wrong_type(node, &format!("a mapping of label names to values for {what}"));
                return Vec::new();
            }
        };
        let mut out = Vec::new();
        for e in entries {
            if !is_valid_legacy_label_name(&e.key) {
                self.error(
                    codes::INVALID_LABEL_NAME,
                    e.key_span,
                    format!("invalid label name {:?}", e.key),
                    "match and match_re only take classic label names; use matchers for others",
                );
                continue;
            }
            let Some(v) = self.string(&e.value, what) else { continue };
            let kind = if re { MatchType::Regexp } else { MatchType::Equal };
            let span = e.key_span.to(e.value.span);
            match Matcher::new(kind, &e.key, &v.value) {
                Ok(matcher) => out.push(SpannedMatcher { matcher, span, origin }),
                Err(err) => {
                    self.error(codes::INVALID_REGEX, v.span, err, "in this regular expression");
                }
            }
        }
        out
    }

    fn matcher_list(&mut self, node: &Node, what: &str) -> Vec<SpannedMatcher> {
        let items = self.strings(node, what);
        let mut out = Vec::new();
        for item in items {
            match parse_matchers_fallback(&item.value) {
                Err(e) => {
                    let code = if e.contains("error parsing regexp") {
                        codes::INVALID_REGEX
                    } else {
                        codes::INVALID_MATCHER
                    };
                    let mut d =
                        Diagnostic::error(code, format!("invalid matcher {:?}: {e}", item.value))
                            .with_label(item.span, "neither matcher syntax reads this");
                    d.help = Some("write matchers as name=\"value\", name!=\"value\", name=~\"regex\" or name!~\"regex\"".into());
                    self.diags.push(d);
                }
                Ok(parsed) => {
                    match &parsed {
                        Parsed::Classic { utf8_error, suggestion, .. } => self.warn(
                            codes::CLASSIC_MATCHER,
                            item.span,
                            format!("matcher {:?} is read by the classic parser only ({utf8_error})", item.value),
                            Some(format!("write it as {suggestion:?} to be compatible with the UTF-8 matchers parser")),
                        ),
                        Parsed::Disagreement { utf8, .. } => self.warn(
                            codes::MATCHER_DISAGREEMENT,
                            item.span,
                            format!(
                                "the UTF-8 and classic parsers read matcher {:?} differently; alertmanager uses the classic reading",
                                item.value
                            ),
                            Some(format!(
                                "the UTF-8 parser reads {}",
                                crate::matcher::matchers_string(utf8)
                            )),
                        ),
                        Parsed::Utf8(_) => {}
                    }
                    for m in parsed.matchers() {
                        out.push(SpannedMatcher {
                            matcher: m.clone(),
                            span: item.span,
                            origin: MatcherOrigin::Matchers,
                        });
                    }
                }
            }
        }
        out
    }

    fn receivers(&mut self, node: &Node) -> Vec<Receiver> {
        let items = match &node.kind {
            Kind::Seq(items) => items,
            Kind::Null => return Vec::new(),
            _ => {
                self.wrong_type(node, "a list of receivers");
                return Vec::new();
            }
        };
        let mut out: Vec<Receiver> = Vec::new();
        for item in items {
            let mut allowed: Vec<String> = vec!["name".into(), "labels".into()];
            allowed.extend(INTEGRATIONS.iter().map(|k| format!("{k}_configs")));
            let allowed_refs: Vec<&str> = allowed.iter().map(String::as_str).collect();
            let fields = self.fields(item, &allowed_refs, "a receiver");
            let mut name: Option<Named> = None;
            let mut integrations = Vec::new();
            let mut label_name: Option<Named> = None;
            for e in fields {
                match e.key.as_str() {
                    "name" => name = self.string(&e.value, "name"),
                    "labels" => {
                        if let Kind::Map(ls) = &e.value.kind {
                            label_name = ls.iter().find(|l| l.key == "name").and_then(|l| {
                                l.value
                                    .as_str()
                                    .map(|v| Named { value: v.into(), span: l.value.span })
                            });
                        }
                    }
                    key => {
                        let count = match &e.value.kind {
                            Kind::Seq(items) => items.len(),
                            Kind::Null => 0,
                            _ => {
                                self.wrong_type(&e.value, &format!("a list for {key}"));
                                0
                            }
                        };
                        integrations.push((key.trim_end_matches("_configs").to_owned(), count));
                    }
                }
            }
            let Some(name) = name.filter(|n| !n.value.is_empty()) else {
                self.error(
                    codes::MISSING_NAME,
                    item.span,
                    "missing name in receiver".into(),
                    "this receiver",
                );
                continue;
            };
            if let Some(l) = label_name.filter(|l| l.value != name.value) {
                self.error(
                    codes::RECEIVER_LABEL,
                    l.span,
                    format!(
                        "receiver label \"name\" must match receiver name {:?}, got {:?}",
                        name.value, l.value
                    ),
                    "",
                );
            }
            if out.iter().any(|r| r.name == name.value) {
                self.error(
                    codes::DUPLICATE_RECEIVER,
                    name.span,
                    format!("notification config name {:?} is not unique", name.value),
                    "a second receiver with this name",
                );
                continue;
            }
            out.push(Receiver { name: name.value, span: name.span, integrations });
        }
        out
    }

    fn time_intervals(&mut self, node: &Node, deprecated: bool) -> Vec<TimeIntervalName> {
        let items = match &node.kind {
            Kind::Seq(items) => items,
            Kind::Null => return Vec::new(),
            _ => {
                self.wrong_type(node, "a list of time intervals");
                return Vec::new();
            }
        };
        let mut out = Vec::new();
        for item in items {
            let fields = self.fields(item, &["name", "time_intervals"], "a time interval");
            let name =
                fields.iter().find(|e| e.key == "name").and_then(|e| self.string(&e.value, "name"));
            match name.filter(|n| !n.value.is_empty()) {
                Some(n) => out.push(TimeIntervalName { name: n.value, span: n.span, deprecated }),
                None => {
                    let what = if deprecated { "mute time interval" } else { "time interval" };
                    self.error(
                        codes::MISSING_NAME,
                        item.span,
                        format!("missing name in {what}"),
                        "",
                    );
                }
            }
        }
        out
    }

    fn inhibit_rules(&mut self, node: &Node) -> Vec<InhibitRule> {
        let items = match &node.kind {
            Kind::Seq(items) => items,
            Kind::Null => return Vec::new(),
            _ => {
                self.wrong_type(node, "a list of inhibit rules");
                return Vec::new();
            }
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let mut rule = InhibitRule {
                path: format!("inhibit_rules[{i}]"),
                span: item.span,
                name: None,
                source: Vec::new(),
                target: Vec::new(),
                equal: Vec::new(),
            };
            for e in self.fields(item, INHIBIT_FIELDS, "an inhibit rule") {
                let v = &e.value;
                match e.key.as_str() {
                    "name" => rule.name = self.string(v, "name").map(|n| n.value),
                    "equal" => {
                        rule.equal = self.strings(v, "equal");
                        for n in rule.equal.iter().filter(|n| n.value.is_empty()) {
                            self.diags.push(
                                Diagnostic::error(
                                    codes::INVALID_LABEL_NAME,
                                    format!("invalid label name {:?} in equal list", n.value),
                                )
                                .with_label(n.span, ""),
                            );
                        }
                    }
                    key => {
                        let source = key.starts_with("source_");
                        let ms = if key.ends_with("_matchers") {
                            self.matcher_list(v, key)
                        } else {
                            let re = key.ends_with("_re");
                            let origin =
                                if re { MatcherOrigin::MatchRe } else { MatcherOrigin::Match };
                            let ms = self.match_map(v, re, origin, key);
                            if !ms.is_empty() {
                                let side =
                                    if source { "source_matchers" } else { "target_matchers" };
                                self.deprecated(e, side, &ms);
                            }
                            ms
                        };
                        if source {
                            rule.source.extend(ms);
                        } else {
                            rule.target.extend(ms);
                        }
                    }
                }
            }
            out.push(rule);
        }
        out
    }

    /// Receivers and time intervals named by routes must exist; receivers no
    /// route names and routes no alert reaches are worth a warning.
    fn references(&mut self, cfg: &Config) {
        let receivers: HashSet<&str> = cfg.receivers.iter().map(|r| r.name.as_str()).collect();
        let intervals: HashSet<&str> = cfg.time_intervals.iter().map(|t| t.name.as_str()).collect();
        let mut seen_ti: HashSet<&str> = HashSet::new();
        for t in &cfg.time_intervals {
            if !seen_ti.insert(&t.name) {
                let what = if t.deprecated { "mute time interval" } else { "time interval" };
                self.error(
                    codes::DUPLICATE_TIME_INTERVAL,
                    t.span,
                    format!("{what} {:?} is not unique", t.name),
                    "",
                );
            }
        }
        let mut used: HashSet<&str> = HashSet::new();
        for r in cfg.walk() {
            if let Some(n) = r.receiver.as_ref().filter(|n| !n.value.is_empty()) {
                used.insert(&n.value);
                if !receivers.contains(n.value.as_str()) {
                    let mut d = Diagnostic::error(
                        codes::UNDEFINED_RECEIVER,
                        format!("undefined receiver {:?} used in route", n.value),
                    )
                    .with_label(n.span, "no receiver has this name");
                    if let Some(near) =
                        closest(&n.value, &receivers.iter().copied().collect::<Vec<_>>())
                    {
                        d = d.with_help(format!("did you mean {near:?}?"));
                    }
                    self.diags.push(d);
                }
            }
            for n in r.mute_time_intervals.iter().chain(&r.active_time_intervals) {
                if !intervals.contains(n.value.as_str()) {
                    self.error(
                        codes::UNDEFINED_TIME_INTERVAL,
                        n.span,
                        format!("undefined time interval {:?} used in route", n.value),
                        "not defined under time_intervals",
                    );
                }
            }
            let mut catch_all: Option<&Route> = None;
            for c in &r.routes {
                if let Some(earlier) = catch_all {
                    self.diags.push(
                        Diagnostic::warning(
                            codes::UNREACHABLE_ROUTE,
                            "this route is never reached: an earlier sibling without matchers takes every alert",
                        )
                        .with_label(c.span, "unreachable")
                        .with_label(earlier.span, "this route matches everything and has no `continue: true`"),
                    );
                    break;
                }
                if c.matchers.is_empty() && !c.continue_ {
                    catch_all = Some(c);
                }
            }
        }
        for rcv in &cfg.receivers {
            if !used.contains(rcv.name.as_str()) {
                self.warn(
                    codes::UNUSED_RECEIVER,
                    rcv.span,
                    format!("receiver {:?} is not used by any route", rcv.name),
                    None,
                );
            }
        }
    }
}
