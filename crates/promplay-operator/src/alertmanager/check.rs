//! Why the operator rejects an AlertmanagerConfig (semantic validation,
//! version gates, missing Secret keys) and the checks it applies to the
//! base configuration's root route.

use super::convert::{Ctx, str_of};
use super::gofmt::{AmVersion, split_host_port_ok, validate_template_url, validate_url};
use super::{Lookup, Store};
use crate::value::{Map, Value};

fn items<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key).and_then(Value::as_seq).unwrap_or(&[])
}

/// `checkAlertmanagerConfigResource`: `Err(reason)` when the operator
/// would skip the object.
pub fn check_config(amc: &Value, version: &AmVersion, store: &dyn Store) -> Result<(), String> {
    check_config_at(amc, version, store).map_err(|(_, reason)| reason)
}

/// [`check_config`] with the field path (`spec.route.receiver`,
/// `spec.receivers[1]`, ...) the reason is about, for diagnostics.
pub fn check_config_at(
    amc: &Value,
    version: &AmVersion,
    store: &dyn Store,
) -> Result<(), (String, String)> {
    let ns = amc.path(&["metadata", "namespace"]).and_then(Value::as_str).unwrap_or("default");
    let name = amc.path(&["metadata", "name"]).and_then(Value::as_str).unwrap_or("");
    let spec = amc.get("spec").unwrap_or(&Value::Null);
    let receivers = validate_receivers(items(spec, "receivers"))?;
    let mut intervals = Vec::new();
    for (i, mti) in items(spec, "muteTimeIntervals").iter().enumerate() {
        validate_time_interval(mti).map_err(|e| {
            (
                format!("spec.muteTimeIntervals[{i}]"),
                format!("mute time interval[{i}] is invalid: {e}"),
            )
        })?;
        intervals.push(str_of(mti, "name").to_string());
    }
    if let Some(r) = spec.get("route").filter(|r| !r.is_null()) {
        validate_route(r, &receivers, &intervals, "spec.route")?;
    }
    let cx = Ctx { namespace: ns, name, version, store, smtp_defaults: (true, true) };
    for (i, r) in items(spec, "receivers").iter().enumerate() {
        check_receiver(r, &cx).map_err(|e| (format!("spec.receivers[{i}]"), e))?;
    }
    if let Some(r) = spec.get("route").filter(|r| !r.is_null()) {
        check_route(r, version).map_err(|e| ("spec.route".to_string(), e))?;
    }
    check_inhibit_rules(spec, name, version)
}

fn validate_receivers(receivers: &[Value]) -> Result<Vec<String>, (String, String)> {
    let mut names: Vec<String> = Vec::new();
    for (i, r) in receivers.iter().enumerate() {
        let name = str_of(r, "name");
        if names.iter().any(|n| n == name) {
            return Err((
                format!("spec.receivers[{i}].name"),
                format!("{name:?} receiver is not unique"),
            ));
        }
        names.push(name.to_string());
        validate_receiver(r).map_err(|e| {
            (format!("spec.receivers[{i}]"), format!("failed to validate receiver {name:?}: {e}"))
        })?;
    }
    Ok(names)
}

fn opt_url(c: &Value, key: &str, template: bool) -> Result<(), String> {
    match c.get(key).and_then(Value::as_str) {
        Some(u) if !u.is_empty() => {
            let r = if template { validate_template_url(u) } else { validate_url(u) };
            r.map_err(|e| format!("invalid '{key}': {e}"))
        }
        _ => Ok(()),
    }
}

fn validate_http(c: &Value) -> Result<(), String> {
    let Some(h) = c.get("httpConfig") else { return Ok(()) };
    let set = |k: &str| h.get(k).is_some_and(|v| !v.is_null());
    let n = ["authorization", "basicAuth", "oauth2", "bearerTokenSecret"]
        .iter()
        .filter(|k| set(k))
        .count();
    if n > 1 {
        return Err("'httpConfig': at most one of basicAuth, oauth2, bearerTokenSecret & authorization must be configured".into());
    }
    Ok(())
}

fn validate_receiver(r: &Value) -> Result<(), String> {
    let each = |key: &str, f: &dyn Fn(&Value) -> Result<(), String>| -> Result<(), String> {
        for (i, c) in items(r, key).iter().enumerate() {
            f(c).and_then(|()| validate_http(c)).map_err(|e| format!("'{key}'[{i}]: {e}"))?;
        }
        Ok(())
    };
    each("opsgenieConfigs", &|c| opt_url(c, "apiURL", false))?;
    each("pagerdutyConfigs", &|c| {
        opt_url(c, "url", false)?;
        opt_url(c, "clientURL", true)?;
        if c.get("routingKey").is_none() && c.get("serviceKey").is_none() {
            return Err("one of 'routingKey' or 'serviceKey' is required".into());
        }
        Ok(())
    })?;
    each("discordConfigs", &|_| Ok(()))?;
    each("slackConfigs", &|_| Ok(()))?;
    each("webhookConfigs", &|c| {
        if c.get("url").is_none() && c.get("urlSecret").is_none() {
            return Err("one of 'url' or 'urlSecret' must be specified".into());
        }
        opt_url(c, "url", true)
    })?;
    each("wechatConfigs", &|c| opt_url(c, "apiURL", false))?;
    each("emailConfigs", &|c| {
        if str_of(c, "to").is_empty() {
            return Err("missing 'to' address".into());
        }
        let sh = str_of(c, "smarthost");
        if !sh.is_empty() {
            split_host_port_ok(sh).map_err(|e| format!("invalid 'smarthost' {sh:?}: {e}"))?;
        }
        Ok(())
    })?;
    each("victoropsConfigs", &|c| {
        if str_of(c, "routingKey").is_empty() {
            return Err("missing 'routingKey' key".into());
        }
        opt_url(c, "apiUrl", false)
    })?;
    each("pushoverConfigs", &|c| {
        if c.get("userKey").is_none() && c.get("userKeyFile").is_none() {
            return Err("one of 'userKey' or 'userKeyFile' must be configured".into());
        }
        if c.get("token").is_none() && c.get("tokenFile").is_none() {
            return Err("one of 'token' or 'tokenFile' must be configured".into());
        }
        if c.get("html").and_then(Value::as_bool) == Some(true)
            && c.get("monospace").and_then(Value::as_bool) == Some(true)
        {
            return Err("'html' and 'monospace' options are mutually exclusive".into());
        }
        opt_url(c, "url", true)
    })?;
    each("snsConfigs", &|c| {
        let set: Vec<bool> = ["targetARN", "topicARN", "phoneNumber"]
            .iter()
            .map(|k| !str_of(c, k).is_empty())
            .collect();
        if (set[0] != set[1]) == set[2] {
            return Err("must provide one of 'targetARN', 'topicARN', or 'phoneNumber'".into());
        }
        opt_url(c, "apiURL", true)
    })?;
    each("telegramConfigs", &|c| {
        if c.get("botToken").is_none() && c.get("botTokenFile").is_none() {
            return Err("mandatory field botToken or botTokenfile is empty".into());
        }
        if c.get("botToken").is_some() && c.get("botTokenFile").is_some() {
            return Err("only one of 'botToken' or 'botTokenfile' must be configured".into());
        }
        if c.get("chatID").and_then(Value::as_i64).unwrap_or(0) == 0 {
            return Err("mandatory field 'chatID' is empty".into());
        }
        opt_url(c, "apiURL", false)
    })?;
    each("webexConfigs", &|c| opt_url(c, "apiURL", false))?;
    each("msteamsConfigs", &|_| Ok(()))?;
    each("msteamsv2Configs", &|_| Ok(()))?;
    each("rocketchatConfigs", &|c| opt_url(c, "apiURL", false))?;
    Ok(())
}

fn validate_time_interval(mti: &Value) -> Result<(), String> {
    use super::timeinterval as ti;
    for (i, interval) in items(mti, "timeIntervals").iter().enumerate() {
        for t in items(interval, "times") {
            let s = ti::parse_time(str_of(t, "startTime"))
                .map_err(|e| format!("time range at {i} is invalid: start time invalid: {e}"))?;
            let e = ti::parse_time(str_of(t, "endTime"))
                .map_err(|e| format!("time range at {i} is invalid: end time invalid: {e}"))?;
            if s >= e {
                return Err(format!(
                    "time range at {i} is invalid: start time {s} cannot be equal or greater than end time {e}"
                ));
            }
        }
        for d in items(interval, "daysOfMonth") {
            let b = d.get("start").and_then(Value::as_i64).unwrap_or(0);
            let e = d.get("end").and_then(Value::as_i64).unwrap_or(0);
            ti::check_days_of_month(b, e)
                .map_err(|e| format!("day of month range at {i} is invalid: {e}"))?;
        }
        for w in items(interval, "weekdays") {
            let s = w.as_str().unwrap_or("").to_lowercase();
            let (a, b) = s.split_once(':').unwrap_or((&s, &s));
            let day = |x: &str| {
                ti::weekday(x)
                    .or_else(|_| x.parse::<i64>().map_err(|_| format!("{x} is an invalid weekday")))
            };
            let (a, b) = (day(a)?, day(b)?);
            if a > b {
                return Err(format!(
                    "weekday range at {i} is invalid: start day cannot be before end day"
                ));
            }
        }
        for m in items(interval, "months") {
            let s = m.as_str().unwrap_or("").to_lowercase();
            let (a, b) = s.split_once(':').unwrap_or((&s, &s));
            let (a, b) = (ti::month(a)?, ti::month(b)?);
            if a > b || !(1..=12).contains(&a) || !(1..=12).contains(&b) {
                return Err(format!("month range at {i} is invalid"));
            }
        }
    }
    Ok(())
}

fn validate_route(
    r: &Value,
    receivers: &[String],
    intervals: &[String],
    path: &str,
) -> Result<(), (String, String)> {
    let top = path == "spec.route";
    let at = |field: &str, e: String| (format!("{path}{field}"), e);
    let receiver = str_of(r, "receiver");
    if receiver.is_empty() {
        if top {
            return Err(at("", "root route must define a receiver".into()));
        }
    } else if !receivers.iter().any(|n| n == receiver) {
        return Err(at(".receiver", format!("receiver {receiver:?} not found")));
    }
    let group_by: Vec<&str> = items(r, "groupBy").iter().filter_map(Value::as_str).collect();
    for (i, g) in group_by.iter().enumerate() {
        if group_by[..i].contains(g) {
            return Err(at(
                ".groupBy",
                format!(
                    "duplicate values not permitted in route 'groupBy': [{}]",
                    group_by.join(" ")
                ),
            ));
        }
    }
    if group_by.contains(&"...") && group_by.len() > 1 {
        return Err(at(
            ".groupBy",
            format!("'...' must be a sole value in route 'groupBy': [{}]", group_by.join(" ")),
        ));
    }
    for m in items(r, "muteTimeIntervals").iter().filter_map(Value::as_str) {
        if !intervals.iter().any(|n| n == m) {
            return Err(at(".muteTimeIntervals", format!("mute time interval {m:?} not found")));
        }
    }
    for m in items(r, "activeTimeIntervals").iter().filter_map(Value::as_str) {
        if !intervals.iter().any(|n| n == m) {
            return Err(at(".activeTimeIntervals", format!("time interval {m:?} not found")));
        }
    }
    for (i, m) in items(r, "matchers").iter().enumerate() {
        let op = str_of(m, "matchType");
        if !op.is_empty() && !matches!(op, "=" | "!=" | "=~" | "!~") {
            return Err(at(
                &format!(".matchers[{i}]"),
                format!("matcher[{i}]: invalid 'matchType' '{op}' provided'"),
            ));
        }
    }
    for (i, c) in items(r, "routes").iter().enumerate() {
        validate_route(c, receivers, intervals, &format!("{path}.routes[{i}]"))
            .map_err(|(p, e)| (p, format!("route[{i}]: {e}")))?;
    }
    Ok(())
}

fn secret_exists(cx: &Ctx, sel: Option<&Value>) -> Result<(), String> {
    match sel {
        Some(s) => cx.secret(s).map(|_| ()),
        None => Ok(()),
    }
}

fn check_http(c: &Value, cx: &Ctx) -> Result<(), String> {
    let Some(h) = c.get("httpConfig") else { return Ok(()) };
    let v = cx.version;
    if h.get("authorization").is_some() && v.lt(0, 22, 0) {
        return Err(format!(
            "'authorization' config set in 'httpConfig' but supported in Alertmanager >= 0.22.0 only - current {}",
            v.text()
        ));
    }
    if h.get("oauth2").is_some() && v.lt(0, 22, 0) {
        return Err(format!(
            "'oauth2' config set in 'httpConfig' but supported in Alertmanager >= 0.22.0 only - current {}",
            v.text()
        ));
    }
    if ["noProxy", "proxyFromEnvironment", "proxyConnectHeader"].iter().any(|k| h.get(k).is_some())
        && v.lt(0, 25, 0)
    {
        return Err(format!(
            "'ProxyConfig' config set in 'httpConfig' but supported in Alertmanager >= 0.25.0 only - current {}",
            v.text()
        ));
    }
    secret_exists(cx, h.get("bearerTokenSecret"))?;
    if let Some(a) = h.get("authorization") {
        secret_exists(cx, a.get("credentials"))?;
    }
    if let Some(b) = h.get("basicAuth") {
        secret_exists(cx, b.get("username"))?;
        secret_exists(cx, b.get("password"))?;
    }
    if let Some(o) = h.get("oauth2") {
        cx.secret_or_config_map(o.get("clientId").unwrap_or(&Value::Null))?;
        secret_exists(cx, o.get("clientSecret"))?;
    }
    check_tls(h.get("tlsConfig"), cx)
}

fn check_tls(t: Option<&Value>, cx: &Ctx) -> Result<(), String> {
    let Some(t) = t else { return Ok(()) };
    for key in ["ca", "cert"] {
        if let Some(sel) = t.get(key)
            && (sel.get("secret").is_some() || sel.get("configMap").is_some())
        {
            cx.secret_or_config_map(sel)?;
        }
    }
    secret_exists(cx, t.get("keySecret"))
}

fn gate(list: &[Value], min: (u64, u64, u64), v: &AmVersion, msg: &str) -> Result<(), String> {
    if !list.is_empty() && v.lt(min.0, min.1, min.2) {
        return Err(format!("{msg} - current {}", v.text()));
    }
    Ok(())
}

fn check_receiver(r: &Value, cx: &Ctx) -> Result<(), String> {
    let v = cx.version;
    {
        for c in items(r, "pagerdutyConfigs") {
            check_http(c, cx)?;
            secret_exists(cx, c.get("routingKey"))?;
            secret_exists(cx, c.get("serviceKey"))?;
        }
        for c in items(r, "opsgenieConfigs") {
            check_http(c, cx)?;
            if v.lt(0, 24, 0) && items(c, "responders").iter().any(|x| str_of(x, "type") == "teams")
            {
                return Err("'teams' set in 'opsgenieResponder' but supported in Alertmanager >= 0.24.0 only".into());
            }
            secret_exists(cx, c.get("apiKey"))?;
        }
        gate(
            items(r, "discordConfigs"),
            (0, 25, 0),
            v,
            "discordConfigs' is available in Alertmanager >= 0.25.0 only",
        )?;
        for c in items(r, "discordConfigs") {
            check_http(c, cx)?;
            let url = cx
                .secret(c.get("apiURL").unwrap_or(&Value::Null))
                .map_err(|e| format!("failed to retrieve API URL: {e}"))?;
            validate_url(url.trim()).map_err(|e| format!("failed to validate API URL: {e}"))?;
        }
        gate(
            items(r, "rocketchatConfigs"),
            (0, 28, 0),
            v,
            "rocketChatConfigs' is available in Alertmanager >= 0.28.0 only",
        )?;
        for c in items(r, "rocketchatConfigs") {
            check_http(c, cx)?;
            cx.secret(c.get("token").unwrap_or(&Value::Null))
                .map_err(|e| format!("failed to retrieve RocketChat token: {e}"))?;
            cx.secret(c.get("tokenID").unwrap_or(&Value::Null))
                .map_err(|e| format!("failed to retrieve RocketChat token ID: {e}"))?;
        }
        for c in items(r, "slackConfigs") {
            check_http(c, cx)?;
            let mut url = String::new();
            if let Some(sel) = c.get("apiURL") {
                url = cx.secret(sel)?;
                validate_url(url.trim()).map_err(|e| format!("failed to validate API URL: {e}"))?;
            }
            if c.get("messageText").is_some() && v.lt(0, 31, 0) {
                return Err(format!(
                    "messageText' is available in Alertmanager >= 0.31.0 only - current {}",
                    v.text()
                ));
            }
            if let Some(u) = c.get("updateMessage").and_then(Value::as_bool) {
                if v.lt(0, 32, 0) {
                    return Err(format!(
                        "updateMessage' is available in Alertmanager >= 0.32.0 only - current {}",
                        v.text()
                    ));
                }
                if u && !url.is_empty() && url != "https://slack.com/api/chat.postMessage" {
                    return Err("updateMessage' can only be used with bot tokens. API URL must be set to https://slack.com/api/chat.postMessage".into());
                }
            }
        }
        for c in items(r, "webhookConfigs") {
            check_http(c, cx)?;
            if let Some(sel) = c.get("urlSecret") {
                let url = cx.secret(sel)?;
                validate_template_url(url.trim())
                    .map_err(|e| format!("failed to validate URL: {e}"))?;
            }
            if c.get("payload").is_some() && v.lt(0, 32, 0) {
                return Err(format!(
                    "payload' is available in Alertmanager >= 0.32.0 only - current {}",
                    v.text()
                ));
            }
        }
        for c in items(r, "wechatConfigs") {
            check_http(c, cx)?;
            secret_exists(cx, c.get("apiSecret"))?;
        }
        gate(
            items(r, "webexConfigs"),
            (0, 25, 0),
            v,
            "webexConfigs' is available in Alertmanager >= 0.25.0 only",
        )?;
        for c in items(r, "webexConfigs") {
            check_http(c, cx)?;
        }
        for c in items(r, "emailConfigs") {
            secret_exists(cx, c.get("authPassword"))?;
            secret_exists(cx, c.get("authSecret"))?;
            check_tls(c.get("tlsConfig"), cx)?;
            if c.get("forceImplicitTLS").is_some() && v.lt(0, 31, 0) {
                return Err(format!(
                    "forceImplicitTLS' is available in Alertmanager >= 0.31.0 only - current {}",
                    v.text()
                ));
            }
            if c.get("threading").is_some() && v.lt(0, 30, 0) {
                return Err(format!(
                    "threading' is available in Alertmanager >= 0.30.0 only - current {}",
                    v.text()
                ));
            }
        }
        for c in items(r, "victoropsConfigs") {
            check_http(c, cx)?;
            secret_exists(cx, c.get("apiKey"))?;
        }
        for c in items(r, "pushoverConfigs") {
            check_http(c, cx)?;
            for (key, label) in [("userKey", "userKey"), ("token", "token")] {
                let Some(sel) = c.get(key) else {
                    return Err(format!("mandatory field {label} is empty"));
                };
                if cx.secret(sel)?.is_empty() {
                    return Err("mandatory field userKey is empty".into());
                }
            }
            for key in ["expire", "retry"] {
                let d = str_of(c, key);
                if !d.is_empty() {
                    super::gofmt::parse_duration(d)?;
                }
            }
        }
        for c in items(r, "snsConfigs") {
            if v.lt(0, 33, 0) && c.get("useAWSHTTPClient").is_some() {
                return Err(format!(
                    "useAWSHTTPClient' is available in Alertmanager >= 0.33.0 only - current {}",
                    v.text()
                ));
            }
            check_http(c, cx)?;
            if let Some(s) = c.get("sigv4") {
                secret_exists(cx, s.get("accessKey"))?;
                secret_exists(cx, s.get("secretKey"))?;
            }
        }
        gate(
            items(r, "telegramConfigs"),
            (0, 24, 0),
            v,
            "telegramConfigs' is available in Alertmanager >= 0.24.0 only",
        )?;
        for c in items(r, "telegramConfigs") {
            if v.lt(0, 26, 0) && c.get("botTokenFile").is_some() {
                return Err(format!(
                    "botTokenFile' is available in Alertmanager >= 0.26.0 only - current {}",
                    v.text()
                ));
            }
            check_http(c, cx)?;
            secret_exists(cx, c.get("botToken"))?;
        }
        if !items(r, "msteamsConfigs").is_empty() && v.lt(0, 26, 0) {
            return Err("invalid syntax in receivers config; msteams integration is only available in Alertmanager >= 0.26.0".into());
        }
        for c in items(r, "msteamsConfigs") {
            check_http(c, cx)?;
            cx.secret(c.get("webhookUrl").unwrap_or(&Value::Null))?;
        }
        if !items(r, "msteamsv2Configs").is_empty() && v.lt(0, 28, 0) {
            return Err("invalid syntax in receivers config; msteamsv2 integration is only available in Alertmanager >= 0.28.0".into());
        }
        for c in items(r, "msteamsv2Configs") {
            secret_exists(cx, c.get("webhookURL"))?;
            check_http(c, cx)?;
        }
    }
    Ok(())
}

fn check_route(r: &Value, v: &AmVersion) -> Result<(), String> {
    if v.lt(0, 22, 0) && items(r, "matchers").iter().any(|m| !str_of(m, "matchType").is_empty()) {
        return Err(format!(
            "invalid syntax in route config for 'matchers' comparison based matching is supported in Alertmanager >= 0.22.0 only (receiver={})",
            str_of(r, "receiver")
        ));
    }
    for c in items(r, "routes") {
        check_route(c, v)?;
    }
    Ok(())
}

fn check_inhibit_rules(spec: &Value, name: &str, v: &AmVersion) -> Result<(), (String, String)> {
    for (i, rule) in items(spec, "inhibitRules").iter().enumerate() {
        let typed = |key: &str| items(rule, key).iter().any(|m| !str_of(m, "matchType").is_empty());
        if v.lt(0, 22, 0) {
            if typed("sourceMatch") || typed("targetMatch") {
                return Err((
                    format!("spec.inhibitRules[{i}]"),
                    "'sourceMatch' and/or 'targetMatch' are using matching syntax which is supported in Alertmanager >= 0.22.0 only".into(),
                ));
            }
            continue;
        }
        for (key, label) in [("targetMatch", "targetMatchers"), ("sourceMatch", "sourceMatchers")] {
            for (j, m) in items(rule, key).iter().enumerate() {
                let op = str_of(m, "matchType");
                if !op.is_empty() && !matches!(op, "=" | "!=" | "=~" | "!~") {
                    return Err((
                        format!("spec.inhibitRules[{i}].{key}[{j}]"),
                        format!(
                            "invalid {label}[{j}] in inhibitRule[{i}] in config {name}: invalid 'matchType' '{op}' provided'"
                        ),
                    ));
                }
            }
        }
    }
    Ok(())
}

/// `checkAlertmanagerConfigRootRoute`.
pub fn check_root_route(route: &Map) -> Result<(), String> {
    if route.is_empty() {
        return Err("root route must exist".into());
    }
    if route.get("continue").and_then(Value::as_bool) == Some(true) {
        return Err("cannot have continue in root route".into());
    }
    if route.get("receiver").and_then(Value::as_str).unwrap_or("").is_empty() {
        return Err("root route's receiver must exist".into());
    }
    if ["matchers", "match", "match_re"].iter().any(|k| route.get(k).is_some()) {
        return Err("'matchers' not permitted on root route".into());
    }
    if route.get("mute_time_intervals").is_some() {
        return Err("'mute_time_intervals' not permitted on root route".into());
    }
    if route.get("active_time_intervals").is_some() {
        return Err("'active_time_intervals' not permitted on root route".into());
    }
    Ok(())
}

/// The base configuration's checks: Alertmanager's own `config.Load`
/// (receivers referenced by routes exist and are unique) and the root route.
pub fn check_base(cfg: &Map) -> Result<(), String> {
    let route = cfg.get("route").and_then(Value::as_map);
    let names: Vec<&str> = cfg
        .get("receivers")
        .and_then(Value::as_seq)
        .unwrap_or(&[])
        .iter()
        .map(|r| r.get("name").and_then(Value::as_str).unwrap_or(""))
        .collect();
    for (i, n) in names.iter().enumerate() {
        if names[..i].contains(n) {
            return Err(format!("notification config name {n:?} is not unique"));
        }
    }
    fn walk(r: &Map, names: &[&str]) -> Result<(), String> {
        if let Some(rc) = r.get("receiver").and_then(Value::as_str)
            && !names.contains(&rc)
        {
            return Err(format!("undefined receiver {rc:?} used in route"));
        }
        for c in r.get("routes").and_then(Value::as_seq).unwrap_or(&[]) {
            if let Some(c) = c.as_map() {
                walk(c, names)?;
            }
        }
        Ok(())
    }
    if let Some(r) = route {
        walk(r, &names)?;
    }
    check_root_route(route.unwrap_or(&Map::new()))
}

/// Whether a Secret key lookup failed; used by callers reporting reasons.
pub fn describe(l: &Lookup) -> &'static str {
    match l {
        Lookup::Found(_) => "found",
        Lookup::NoObject => "missing object",
        Lookup::NoKey => "missing key",
    }
}
