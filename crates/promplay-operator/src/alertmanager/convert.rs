//! AlertmanagerConfig objects (monitoring.coreos.com/v1alpha1) converted to
//! Alertmanager configuration fragments the way the operator's
//! `ConfigBuilder` does: names prefixed `<namespace>/<name>/`, matchers in
//! the syntax the Alertmanager version understands, every receiver type with
//! its Secret references resolved. The fragments use the Alertmanager YAML
//! keys in any order; `schema::normalize` puts them in the operator's order.

use super::gofmt::AmVersion;
use super::receivers::duration_field;
use super::timeinterval::{self, flow_seq};
use super::{Lookup, Store};
use crate::value::{Map, Value};

/// Where TLS assets of an Alertmanager are mounted.
const TLS_ASSETS_DIR: &str = "/etc/alertmanager/certs";

/// What a conversion needs: the object's namespace and name, the version and
/// the object store for Secret and ConfigMap references.
pub struct Ctx<'a> {
    /// Namespace of the AlertmanagerConfig (Secrets are read from it).
    pub namespace: &'a str,
    /// Name of the AlertmanagerConfig.
    pub name: &'a str,
    /// The Alertmanager version.
    pub version: &'a AmVersion,
    /// Secrets and ConfigMaps.
    pub store: &'a dyn Store,
    /// Whether the global section sets `smtp_smarthost` and `smtp_from`,
    /// which email receivers may then leave out.
    pub smtp_defaults: (bool, bool),
}

impl Ctx<'_> {
    /// `<namespace>/<name>/<in>`, or empty for an empty name.
    pub fn prefixed(&self, s: &str) -> String {
        if s.is_empty() { String::new() } else { format!("{}/{}/{}", self.namespace, self.name, s) }
    }

    /// The value of a `SecretKeySelector` (`{name, key}`) in the object's namespace.
    pub fn secret(&self, sel: &Value) -> Result<String, String> {
        let name = str_of(sel, "name");
        let key = str_of(sel, "key");
        match self.store.secret(self.namespace, name, key) {
            Lookup::Found(s) => Ok(s),
            Lookup::NoObject => {
                Err(format!("unable to get secret {name:?}: secrets {name:?} not found"))
            }
            Lookup::NoKey => Err(format!("key {key:?} in secret {name:?} not found")),
        }
    }

    /// The value of a `SecretOrConfigMap` selector.
    pub fn secret_or_config_map(&self, sel: &Value) -> Result<String, String> {
        if let Some(s) = sel.get("secret") {
            return self.secret(s);
        }
        if let Some(c) = sel.get("configMap") {
            let name = str_of(c, "name");
            let key = str_of(c, "key");
            return match self.store.config_map(self.namespace, name, key) {
                Lookup::Found(s) => Ok(s),
                Lookup::NoObject => {
                    Err(format!("unable to get configmap {name:?}: configmaps {name:?} not found"))
                }
                Lookup::NoKey => Err(format!("key {key:?} in configmap {name:?} not found")),
            };
        }
        Ok(String::new())
    }

    pub(super) fn tls_asset(&self, sel: &Value) -> Option<String> {
        let (from, s) = if let Some(s) = sel.get("secret") {
            (0, s)
        } else if let Some(c) = sel.get("configMap") {
            (1, c)
        } else {
            return None;
        };
        Some(format!(
            "{TLS_ASSETS_DIR}/{from}_{}_{}_{}",
            self.namespace,
            str_of(s, "name"),
            str_of(s, "key")
        ))
    }
}

/// The string at `key`, or "".
pub fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

pub(super) fn opt_str<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

pub(super) fn items<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key).and_then(Value::as_seq).unwrap_or(&[])
}

pub(super) fn put_str(out: &mut Map, key: &str, s: &str) {
    if !s.is_empty() {
        out.insert(key, Value::String(s.to_string()));
    }
}

pub(super) fn copy_str(out: &mut Map, key: &str, v: &Value, from: &str) {
    put_str(out, key, str_of(v, from));
}

pub(super) fn copy_bool(out: &mut Map, key: &str, v: &Value, from: &str) {
    if let Some(b) = v.get(from).and_then(Value::as_bool) {
        out.insert(key, Value::Bool(b));
    }
}

pub(super) fn str_list(v: &Value, key: &str) -> Value {
    Value::Seq(items(v, key).to_vec())
}

/// `Matcher.String()`: `name<op>"escaped value"`.
pub fn matcher_string(name: &str, op: &str, value: &str) -> String {
    let escaped = value.replace('\\', r"\\").replace('\n', r"\n").replace('"', "\\\"");
    format!("{name}{op}\"{escaped}\"")
}

/// `convertMatchersV2`: typed matchers as strings, untyped ones as strings
/// too from 0.22 on, else into the `match`/`match_re` maps.
pub fn convert_matchers(ms: &[Value], version: &AmVersion) -> (Vec<Value>, Map, Map) {
    let v2 = version.gte(0, 22, 0);
    let mut matchers = Vec::new();
    let mut m = Map::new();
    let mut re = Map::new();
    for matcher in ms {
        let name = str_of(matcher, "name");
        let value = str_of(matcher, "value");
        let op = str_of(matcher, "matchType");
        let regex = matcher.get("regex").and_then(Value::as_bool).unwrap_or(false);
        if !op.is_empty() {
            matchers.push(Value::String(matcher_string(name, op, value)));
        } else if v2 {
            let op = if regex { "=~" } else { "=" };
            matchers.push(Value::String(matcher_string(name, op, value)));
        } else if regex {
            re.insert(name, Value::String(value.to_string()));
        } else {
            m.insert(name, Value::String(value.to_string()));
        }
    }
    (matchers, m, re)
}

/// `convertRoute`, recursively.
pub fn convert_route(r: &Value, cx: &Ctx) -> Map {
    let (matchers, m, re) = convert_matchers(items(r, "matchers"), cx.version);
    let mut out = Map::new();
    put_str(&mut out, "receiver", &cx.prefixed(str_of(r, "receiver")));
    out.insert("group_by", str_list(r, "groupBy"));
    out.insert("match", Value::Map(m));
    out.insert("match_re", Value::Map(re));
    out.insert("matchers", Value::Seq(matchers));
    if r.get("continue").and_then(Value::as_bool) == Some(true) {
        out.insert("continue", Value::Bool(true));
    }
    let children: Vec<Value> =
        items(r, "routes").iter().map(|c| Value::Map(convert_route(c, cx))).collect();
    if !children.is_empty() {
        out.insert("routes", Value::Seq(children));
    }
    copy_str(&mut out, "group_wait", r, "groupWait");
    copy_str(&mut out, "group_interval", r, "groupInterval");
    copy_str(&mut out, "repeat_interval", r, "repeatInterval");
    let prefixed = |key: &str| -> Value {
        Value::Seq(
            items(r, key)
                .iter()
                .map(|s| Value::String(cx.prefixed(s.as_str().unwrap_or(""))))
                .collect(),
        )
    };
    out.insert("mute_time_intervals", prefixed("muteTimeIntervals"));
    out.insert("active_time_intervals", prefixed("activeTimeIntervals"));
    out
}

/// `convertInhibitRule`.
pub fn convert_inhibit_rule(ir: &Value, version: &AmVersion) -> Map {
    let (sm, s_match, s_re) = convert_matchers(items(ir, "sourceMatch"), version);
    let (tm, t_match, t_re) = convert_matchers(items(ir, "targetMatch"), version);
    let mut out = Map::new();
    out.insert("target_match", Value::Map(t_match));
    out.insert("target_match_re", Value::Map(t_re));
    out.insert("target_matchers", Value::Seq(tm));
    out.insert("source_match", Value::Map(s_match));
    out.insert("source_match_re", Value::Map(s_re));
    out.insert("source_matchers", Value::Seq(sm));
    out.insert("equal", str_list(ir, "equal"));
    out
}

/// `convertMuteTimeInterval`.
pub fn convert_time_interval(ti: &Value, cx: &Ctx) -> Result<Map, String> {
    let mut intervals = Vec::new();
    for interval in items(ti, "timeIntervals") {
        let mut out = Map::new();
        let times = items(interval, "times");
        if !times.is_empty() {
            let mut res = Vec::new();
            for t in times {
                let start = timeinterval::parse_time(str_of(t, "startTime"))
                    .map_err(|e| format!("start time invalid: {e}"))?;
                let end = timeinterval::parse_time(str_of(t, "endTime"))
                    .map_err(|e| format!("end time invalid: {e}"))?;
                let mut tm = Map::new();
                tm.insert("start_time", Value::String(timeinterval::format_time(start)));
                tm.insert("end_time", Value::String(timeinterval::format_time(end)));
                res.push(Value::Map(tm));
            }
            out.insert("times", Value::Seq(res));
        }
        let ranges = |key: &str,
                      member: &dyn Fn(&str) -> Result<i64, String>,
                      fmt: fn(i64, i64) -> String|
         -> Result<Option<Value>, String> {
            let list = items(interval, key);
            if list.is_empty() {
                return Ok(None);
            }
            let mut res = Vec::new();
            for item in list {
                let text = item
                    .as_str()
                    .map(str::to_string)
                    .or_else(|| item.as_i64().map(|i| i.to_string()))
                    .unwrap_or_default();
                let (a, b) = text.split_once(':').unwrap_or((&text, &text));
                res.push(Value::String(fmt(
                    member(&a.to_lowercase())?,
                    member(&b.to_lowercase())?,
                )));
            }
            Ok(Some(flow_seq(res)))
        };
        let weekday = |s: &str| {
            timeinterval::weekday(s)
                .or_else(|_| s.parse::<i64>().map_err(|_| format!("{s} is an invalid weekday")))
        };
        if let Some(v) = ranges("weekdays", &weekday, timeinterval::format_weekdays)? {
            out.insert("weekdays", v);
        }
        let doms = items(interval, "daysOfMonth");
        if !doms.is_empty() {
            let res = doms
                .iter()
                .map(|d| {
                    let b = d.get("start").and_then(Value::as_i64).unwrap_or(0);
                    let e = d.get("end").and_then(Value::as_i64).unwrap_or(0);
                    Value::String(timeinterval::format_numbers(b, e))
                })
                .collect();
            out.insert("days_of_month", flow_seq(res));
        }
        if let Some(v) = ranges("months", &timeinterval::month, timeinterval::format_numbers)? {
            out.insert("months", v);
        }
        let year = |s: &str| s.parse::<i64>().map_err(|_| format!("year cannot be {s} parsed"));
        if let Some(v) = ranges("years", &year, timeinterval::format_numbers)? {
            out.insert("years", v);
        }
        intervals.push(Value::Map(out));
    }
    let mut out = Map::new();
    out.insert("name", Value::String(cx.prefixed(str_of(ti, "name"))));
    out.insert("time_intervals", Value::Seq(intervals));
    Ok(out)
}

/// `convertHTTPConfig`.
pub fn http_config(h: &Value, cx: &Ctx) -> Result<Map, String> {
    let mut out = proxy_config(h, cx)?;
    if let Some(u) = opt_str(h, "proxyURL").filter(|s| !s.is_empty()) {
        out.insert("proxy_url", Value::String(u.to_string()));
    }
    copy_bool(&mut out, "follow_redirects", h, "followRedirects");
    copy_bool(&mut out, "enable_http2", h, "enableHttp2");
    if let Some(b) = h.get("basicAuth") {
        let user = cx
            .secret(b.get("username").unwrap_or(&Value::Null))
            .map_err(|e| format!("failed to get BasicAuth username: {e}"))?;
        let pass = cx
            .secret(b.get("password").unwrap_or(&Value::Null))
            .map_err(|e| format!("failed to get BasicAuth password: {e}"))?;
        if !user.is_empty() || !pass.is_empty() {
            let mut m = Map::new();
            put_str(&mut m, "username", &user);
            put_str(&mut m, "password", &pass);
            out.insert("basic_auth", Value::Map(m));
        }
    }
    if let Some(a) = h.get("authorization") {
        let creds = match a.get("credentials") {
            Some(sel) => cx
                .secret(sel)
                .map_err(|e| format!("failed to get Authorization credentials: {e}"))?,
            None => String::new(),
        };
        if !creds.is_empty() {
            let mut m = Map::new();
            let t = str_of(a, "type");
            m.insert("type", Value::String(if t.is_empty() { "Bearer" } else { t }.to_string()));
            m.insert("credentials", Value::String(creds));
            out.insert("authorization", Value::Map(m));
        }
    }
    if let Some(t) = h.get("tlsConfig") {
        out.insert("tls_config", Value::Map(tls_config(t, cx)));
    }
    if let Some(sel) = h.get("bearerTokenSecret") {
        out.insert(
            "bearer_token",
            Value::String(cx.secret(sel).map_err(|e| format!("failed to get bearer token: {e}"))?),
        );
    }
    if let Some(o) = h.get("oauth2") {
        let id = cx
            .secret_or_config_map(o.get("clientId").unwrap_or(&Value::Null))
            .map_err(|e| format!("failed to get clientID: {e}"))?;
        let secret = cx
            .secret(o.get("clientSecret").unwrap_or(&Value::Null))
            .map_err(|e| format!("failed to get client secret: {e}"))?;
        let mut m = proxy_config(o, cx)?;
        m.insert("client_id", Value::String(id));
        m.insert("client_secret", Value::String(secret));
        m.insert("scopes", str_list(o, "scopes"));
        m.insert("token_url", Value::String(str_of(o, "tokenUrl").to_string()));
        if let Some(p) = o.get("endpointParams") {
            m.insert("endpoint_params", p.clone());
        }
        out.insert("oauth2", Value::Map(m));
    }
    Ok(out)
}

/// `convertTLSConfig`: file paths of the mounted TLS assets.
pub fn tls_config(t: &Value, cx: &Ctx) -> Map {
    let mut out = Map::new();
    copy_str(&mut out, "server_name", t, "serverName");
    copy_bool(&mut out, "insecure_skip_verify", t, "insecureSkipVerify");
    if let Some(p) = t.get("ca").and_then(|s| cx.tls_asset(s)) {
        out.insert("ca_file", Value::String(p));
    }
    if let Some(p) = t.get("cert").and_then(|s| cx.tls_asset(s)) {
        out.insert("cert_file", Value::String(p));
    }
    if let Some(k) = t.get("keySecret") {
        out.insert(
            "key_file",
            Value::String(format!(
                "{TLS_ASSETS_DIR}/0_{}_{}_{}",
                cx.namespace,
                str_of(k, "name"),
                str_of(k, "key")
            )),
        );
    }
    copy_str(&mut out, "min_version", t, "minVersion");
    copy_str(&mut out, "max_version", t, "maxVersion");
    out
}

/// `convertProxyConfig`.
pub fn proxy_config(p: &Value, cx: &Ctx) -> Result<Map, String> {
    let mut out = Map::new();
    copy_str(&mut out, "proxy_url", p, "proxyUrl");
    copy_str(&mut out, "no_proxy", p, "noProxy");
    copy_bool(&mut out, "proxy_from_environment", p, "proxyFromEnvironment");
    if let Some(Value::Map(h)) = p.get("proxyConnectHeader")
        && !h.is_empty()
    {
        let mut m = Map::new();
        for (k, sels) in h.iter() {
            let mut vals = Vec::new();
            for sel in sels.as_seq().unwrap_or(&[]) {
                vals.push(Value::String(
                    cx.secret(sel)
                        .map_err(|e| format!("failed to get proxyConnectHeader secretKey: {e}"))?,
                ));
            }
            m.insert(k, Value::Seq(vals));
        }
        out.insert("proxy_connect_header", Value::Map(m));
    }
    Ok(out)
}

/// `convertGlobalConfig` for `spec.alertmanagerConfiguration.global`.
pub fn global_config(g: &Value, cx: &Ctx) -> Result<Map, String> {
    let mut out = Map::new();
    if let Some(s) = g.get("smtp") {
        copy_str(&mut out, "smtp_from", s, "from");
        copy_str(&mut out, "smtp_hello", s, "hello");
        copy_str(&mut out, "smtp_auth_username", s, "authUsername");
        copy_str(&mut out, "smtp_auth_identity", s, "authIdentity");
        copy_bool(&mut out, "smtp_force_implicit_tls", s, "forceImplicitTLS");
        copy_bool(&mut out, "smtp_require_tls", s, "requireTLS");
        if let Some(hp) = s.get("smartHost") {
            out.insert(
                "smtp_smarthost",
                Value::String(super::schema::join_host_port(
                    str_of(hp, "host"),
                    str_of(hp, "port"),
                )),
            );
        }
        if let Some(t) = s.get("tlsConfig") {
            out.insert("smtp_tls_config", Value::Map(tls_config(t, cx)));
        }
        if let Some(sel) = s.get("authPassword") {
            out.insert(
                "smtp_auth_password",
                Value::String(
                    cx.secret(sel).map_err(|e| format!("invalid global smtpConfig: {e}"))?,
                ),
            );
        }
        if let Some(sel) = s.get("authSecret") {
            out.insert(
                "smtp_auth_secret",
                Value::String(
                    cx.secret(sel).map_err(|e| format!("invalid global smtpConfig: {e}"))?,
                ),
            );
        }
    }
    if let Some(h) = g.get("httpConfig") {
        out.insert(
            "http_config",
            Value::Map(http_config(h, cx).map_err(|e| format!("invalid global httpConfig: {e}"))?),
        );
    }
    duration_field(&mut out, "resolve_timeout", g, "resolveTimeout")?;
    for (to, from, what) in [
        ("slack_api_url", "slackApiUrl", "Slack API URL"),
        ("opsgenie_api_url", "opsGenieApiUrl", "OpsGenie API URL"),
        ("opsgenie_api_key", "opsGenieApiKey", "OpsGenie API KEY"),
    ] {
        if let Some(sel) = g.get(from) {
            out.insert(
                to,
                Value::String(cx.secret(sel).map_err(|e| format!("failed to get {what}: {e}"))?),
            );
        }
    }
    copy_str(&mut out, "pagerduty_url", g, "pagerdutyUrl");
    let sub = |k: &str| g.get(k).unwrap_or(&Value::Null);
    copy_str(&mut out, "telegram_api_url", sub("telegram"), "apiURL");
    copy_str(&mut out, "jira_api_url", sub("jira"), "apiURL");
    copy_str(&mut out, "rocketchat_api_url", sub("rocketChat"), "apiURL");
    copy_str(&mut out, "webex_api_url", sub("webex"), "apiURL");
    copy_str(&mut out, "wechat_api_url", sub("wechat"), "apiURL");
    copy_str(&mut out, "wechat_api_corp_id", sub("wechat"), "apiCorpID");
    copy_str(&mut out, "victorops_api_url", sub("victorops"), "apiURL");
    for (to, parent, from) in [
        ("rocketchat_token", "rocketChat", "token"),
        ("rocketchat_token_id", "rocketChat", "tokenID"),
        ("wechat_api_secret", "wechat", "apiSecret"),
        ("victorops_api_key", "victorops", "apiKey"),
        ("mattermost_webhook_url", "mattermost", "webhookURL"),
    ] {
        if let Some(sel) = sub(parent).get(from) {
            out.insert(to, Value::String(cx.secret(sel)?));
        }
    }
    Ok(out)
}
