//! The operator's `sanitize` pass over the final configuration: fields the
//! Alertmanager version does not know are dropped (with a warning), fields
//! that cannot be dropped safely are errors, and mutually exclusive pairs
//! keep the inline value. Works on the normalised tree, where a key is
//! present exactly when the Go field is set.

use super::gofmt::{AmVersion, parse_duration, validate_template_url, validate_url};
use crate::value::{Map, Value};

type V = (u64, u64, u64);

/// Sanitises the whole configuration for `version`; returns the warnings.
pub fn sanitize(cfg: &mut Map, version: &AmVersion) -> Result<Vec<String>, String> {
    let mut warnings = Vec::new();
    let w = &mut warnings;
    if let Some(Value::Map(g)) = get_mut(cfg, "global") {
        global(g, version, w)?;
    }
    if let Some(Value::Seq(receivers)) = get_mut(cfg, "receivers") {
        for r in receivers {
            if let Value::Map(r) = r {
                receiver(r, version, w)?;
            }
        }
    }
    if let Some(Value::Seq(rules)) = get_mut(cfg, "inhibit_rules") {
        for (i, r) in rules.iter_mut().enumerate() {
            if let Value::Map(r) = r {
                inhibit_rule(r, version).map_err(|e| format!("inhibit_rules[{i}]: {e}"))?;
            }
        }
    }
    if version.lt(0, 22, 0) {
        cfg.remove("mute_time_intervals");
    }
    if version.lt(0, 24, 0) {
        cfg.remove("time_intervals");
    }
    if version.lt(0, 25, 0) {
        for key in ["mute_time_intervals", "time_intervals"] {
            if let Some(Value::Seq(list)) = get_mut(cfg, key) {
                for ti in list {
                    if let Some(Value::Seq(intervals)) =
                        ti.as_map_mut().and_then(|m| get_mut(m, "time_intervals"))
                    {
                        for i in intervals {
                            if let Some(m) = i.as_map_mut()
                                && m.remove("location").is_some()
                            {
                                w.push("time_interval location is supported in Alertmanager >= 0.25.0 only - dropping config".into());
                            }
                        }
                    }
                }
            }
        }
    }
    if let Some(Value::Map(r)) = get_mut(cfg, "route") {
        route(r, version, w)?;
    }
    Ok(warnings)
}

fn get_mut<'a>(m: &'a mut Map, key: &str) -> Option<&'a mut Value> {
    m.get_mut(key)
}

fn has(m: &Map, key: &str) -> bool {
    m.get(key).is_some()
}

fn drop_below(
    m: &mut Map,
    key: &str,
    min: V,
    version: &AmVersion,
    what: &str,
    w: &mut Vec<String>,
) {
    if has(m, key) && version.lt(min.0, min.1, min.2) {
        m.remove(key);
        w.push(format!(
            "'{key}' supported in Alertmanager >= {}.{}.{} only - dropping field from {what}",
            min.0, min.1, min.2
        ));
    }
}

fn exclusive(m: &mut Map, keep: &str, drop: &str, w: &mut Vec<String>) {
    if has(m, keep) && has(m, drop) {
        m.remove(drop);
        w.push(format!(
            "'{keep}' and '{drop}' are mutually exclusive - '{keep}' has taken precedence"
        ));
    }
}

fn global(g: &mut Map, v: &AmVersion, w: &mut Vec<String>) -> Result<(), String> {
    if let Some(Value::Map(h)) = get_mut(g, "http_config") {
        http_config(h, v, w)?;
    }
    let cfg = "provided config";
    drop_below(g, "smtp_tls_config", (0, 28, 0), v, cfg, w);
    if has(g, "slack_api_url_file") {
        exclusive(g, "slack_api_url", "slack_api_url_file", w);
        drop_below(g, "slack_api_url_file", (0, 22, 0), v, cfg, w);
    }
    for key in ["slack_app_token", "slack_app_token_file", "slack_app_url"] {
        drop_below(g, key, (0, 30, 0), v, cfg, w);
    }
    exclusive(g, "slack_app_token", "slack_app_token_file", w);
    drop_below(g, "opsgenie_api_key_file", (0, 24, 0), v, cfg, w);
    drop_below(g, "smtp_auth_password_file", (0, 25, 0), v, cfg, w);
    exclusive(g, "smtp_auth_password", "smtp_auth_password_file", w);
    drop_below(g, "victorops_api_key_file", (0, 25, 0), v, cfg, w);
    exclusive(g, "victorops_api_key", "victorops_api_key_file", w);
    drop_below(g, "wechat_api_secret_file", (0, 31, 0), v, cfg, w);
    exclusive(g, "wechat_api_secret", "wechat_api_secret_file", w);
    drop_below(g, "telegram_bot_token", (0, 31, 0), v, cfg, w);
    drop_below(g, "telegram_bot_token_file", (0, 31, 0), v, cfg, w);
    exclusive(g, "telegram_bot_token", "telegram_bot_token_file", w);
    drop_below(g, "smtp_auth_secret_file", (0, 31, 0), v, cfg, w);
    exclusive(g, "smtp_auth_secret", "smtp_auth_secret_file", w);
    drop_below(g, "smtp_force_implicit_tls", (0, 31, 0), v, cfg, w);
    drop_below(g, "mattermost_webhook_url", (0, 32, 0), v, cfg, w);
    drop_below(g, "mattermost_webhook_url_file", (0, 32, 0), v, cfg, w);
    exclusive(g, "mattermost_webhook_url", "mattermost_webhook_url_file", w);
    Ok(())
}

fn http_config(h: &mut Map, v: &AmVersion, w: &mut Vec<String>) -> Result<(), String> {
    for key in ["authorization", "oauth2"] {
        if has(h, key) && v.lt(0, 22, 0) {
            return Err(format!(
                "'{key}' set in 'http_config' but supported in Alertmanager >= 0.22.0 only"
            ));
        }
    }
    drop_below(h, "follow_redirects", (0, 22, 0), v, "'http_config'", w);
    drop_below(h, "enable_http2", (0, 25, 0), v, "'http_config'", w);
    drop_below(h, "http_headers", (0, 28, 0), v, "'http_config'", w);
    if let Some(Value::Map(t)) = get_mut(h, "tls_config") {
        tls_config(t, v, w)?;
    }
    proxy_config(h, v, w)?;
    if let Some(Value::Map(o)) = get_mut(h, "oauth2")
        && ["proxy_url", "no_proxy", "proxy_connect_header"].iter().any(|k| has(o, k))
        && v.lt(0, 25, 0)
    {
        for k in ["proxy_url", "no_proxy", "proxy_from_environment", "proxy_connect_header"] {
            o.remove(k);
        }
        w.push("'proxyConfig' set in 'oauth2' but supported in Alertmanager >= 0.25.0 only - dropping field from provided config".into());
    }
    Ok(())
}

fn tls_config(t: &mut Map, v: &AmVersion, w: &mut Vec<String>) -> Result<(), String> {
    drop_below(t, "min_version", (0, 25, 0), v, "'tls_config'", w);
    drop_below(t, "max_version", (0, 25, 0), v, "'tls_config'", w);
    let rank = |key: &str| -> Result<u8, String> {
        match t.get(key).and_then(Value::as_str).unwrap_or("") {
            "" => Ok(0),
            "TLS10" => Ok(1),
            "TLS11" => Ok(2),
            "TLS12" => Ok(3),
            "TLS13" => Ok(4),
            other => Err(format!("unknown TLS version: {other}")),
        }
    };
    let (min, max) = (rank("min_version")?, rank("max_version")?);
    if min != 0 && max != 0 && min > max {
        return Err(format!(
            "max TLS version {:?} must be greater than or equal to min TLS version {:?}",
            t.get("max_version").and_then(Value::as_str).unwrap_or(""),
            t.get("min_version").and_then(Value::as_str).unwrap_or("")
        ));
    }
    Ok(())
}

fn proxy_config(p: &mut Map, v: &AmVersion, w: &mut Vec<String>) -> Result<(), String> {
    let url = has(p, "proxy_url");
    let from_env = p.get("proxy_from_environment").and_then(Value::as_bool) == Some(true);
    if v.gte(0, 26, 0) {
        if has(p, "proxy_connect_header") && !from_env && !url {
            return Err("if 'proxy_connect_header' is configured, 'proxy_url' or 'proxy_from_environment' must also be configured".into());
        }
        if from_env && url {
            return Err(
                "if 'proxy_from_environment' is configured, 'proxy_url' must not be configured"
                    .into(),
            );
        }
        if from_env && has(p, "no_proxy") {
            return Err(
                "if 'proxy_from_environment' is configured, 'no_proxy' must not be configured"
                    .into(),
            );
        }
        if !url && has(p, "no_proxy") {
            return Err("if 'no_proxy' is configured, 'proxy_url' must also be configured".into());
        }
        return Ok(());
    }
    for key in ["proxy_from_environment", "no_proxy", "proxy_connect_header"] {
        if p.remove(key).is_some() {
            w.push(format!("'{key}' configured but supported in Alertmanager >= 0.26.0 only - dropping field from provided config"));
        }
    }
    Ok(())
}

fn str_at<'a>(m: &'a Map, key: &str) -> &'a str {
    m.get(key).and_then(Value::as_str).unwrap_or("")
}

fn integration_gate(list: &str, v: &AmVersion) -> Result<(), String> {
    let (min, name): (V, &str) = match list {
        "telegram_configs" => ((0, 24, 0), "telegram"),
        "discord_configs" => ((0, 25, 0), "discord"),
        "webex_configs" => ((0, 25, 0), "webex"),
        "msteams_configs" => {
            return if v.lt(0, 26, 0) {
                Err("invalid syntax in receivers config; msteams integration is only available in Alertmanager >= 0.26.0".into())
            } else {
                Ok(())
            };
        }
        "msteamsv2_configs" => {
            return if v.lt(0, 28, 0) {
                Err("invalid syntax in receivers config; msteams v2 integration is available in Alertmanager >= 0.28.0".into())
            } else {
                Ok(())
            };
        }
        "jira_configs" => ((0, 28, 0), "jira"),
        "rocketchat_configs" => ((0, 28, 0), "rocketchat"),
        "mattermost_configs" => ((0, 30, 0), "mattermost"),
        "incidentio_configs" => {
            return if v.lt(0, 29, 0) {
                Err("invalid syntax in receivers config; incident.io integration is available in Alertmanager >= 0.29.0".into())
            } else {
                Ok(())
            };
        }
        _ => return Ok(()),
    };
    if v.lt(min.0, min.1, min.2) {
        return Err(format!(
            "invalid syntax in receivers config; {name} integration is available in Alertmanager >= {}.{}.{}",
            min.0, min.1, min.2
        ));
    }
    Ok(())
}

fn receiver(r: &mut Map, v: &AmVersion, w: &mut Vec<String>) -> Result<(), String> {
    let keys: Vec<String> = r.iter().map(|(k, _)| k.to_string()).collect();
    for list in keys {
        let Some(Value::Seq(configs)) = get_mut(r, &list) else { continue };
        if configs.is_empty() {
            continue;
        }
        integration_gate(&list, v)?;
        for c in configs.iter_mut() {
            let Some(c) = c.as_map_mut() else { continue };
            if let Some(Value::Map(h)) = get_mut(c, "http_config") {
                http_config(h, v, w)?;
            }
            integration(&list, c, v, w)?;
        }
    }
    Ok(())
}

fn integration(list: &str, c: &mut Map, v: &AmVersion, w: &mut Vec<String>) -> Result<(), String> {
    let what = "provided config";
    match list {
        "email_configs" => {
            drop_below(c, "auth_password_file", (0, 25, 0), v, what, w);
            exclusive(c, "auth_password", "auth_password_file", w);
            drop_below(c, "force_implicit_tls", (0, 31, 0), v, what, w);
            drop_below(c, "auth_secret_file", (0, 31, 0), v, what, w);
            exclusive(c, "auth_secret", "auth_secret_file", w);
            drop_below(c, "threading", (0, 30, 0), v, what, w);
            if let Some(Value::Map(t)) = c.get("threading") {
                let d = str_at(t, "thread_by_date");
                if d != "daily" && d != "none" {
                    return Err(
                        "invalid 'thread_by_date': the value must be empty, 'daily' or 'none'"
                            .into(),
                    );
                }
            }
        }
        "opsgenie_configs" => {
            for k in ["actions", "entity", "update_alerts"] {
                drop_below(c, k, (0, 24, 0), v, what, w);
            }
            if let Some(Value::Seq(rs)) = c.get("responders")
                && v.lt(0, 24, 0)
                && rs.iter().any(|r| r.get("type").and_then(Value::as_str) == Some("teams"))
            {
                return Err("'teams' set in 'opsgenieResponder' but supported in Alertmanager >= 0.24.0 only".into());
            }
            let url = str_at(c, "api_url");
            if !url.is_empty() {
                validate_url(url).map_err(|e| format!("invalid 'api_url': {e}"))?;
            }
            exclusive(c, "api_key", "api_key_file", w);
            drop_below(c, "api_key_file", (0, 24, 0), v, what, w);
        }
        "pagerduty_configs" => {
            for k in ["source", "routing_key_file", "service_key_file"] {
                drop_below(c, k, (0, 25, 0), v, what, w);
            }
            exclusive(c, "service_key", "service_key_file", w);
            exclusive(c, "routing_key", "routing_key_file", w);
            drop_below(c, "timeout", (0, 30, 0), v, what, w);
            if v.lt(0, 30, 0)
                && let Some(Value::Map(d)) = c.get("details")
                && d.iter().any(|(_, x)| !matches!(x, Value::String(_)))
            {
                return Err("'details' value in non-string format is supported in Alertmanager >= 0.30.0 only".into());
            }
        }
        "pushover_configs" => {
            drop_below(c, "user_key_file", (0, 26, 0), v, what, w);
            if !has(c, "user_key") && !has(c, "user_key_file") {
                return Err("missing mandatory field user_key or user_key_file".into());
            }
            exclusive(c, "user_key", "user_key_file", w);
            drop_below(c, "token_file", (0, 26, 0), v, what, w);
            if !has(c, "token") && !has(c, "token_file") {
                return Err("missing mandatory field token or token_file".into());
            }
            exclusive(c, "token", "token_file", w);
            drop_below(c, "ttl", (0, 27, 0), v, what, w);
            drop_below(c, "device", (0, 26, 0), v, what, w);
            if c.get("monospace").and_then(Value::as_bool) == Some(true) && v.lt(0, 29, 0) {
                c.insert("monospace", Value::Bool(false));
                w.push("'monospace' supported in Alertmanager >= 0.29.0 only - dropping field from pushover receiver config".into());
            }
            if c.get("html").and_then(Value::as_bool) == Some(true)
                && c.get("monospace").and_then(Value::as_bool) == Some(true)
            {
                return Err("either monospace or html must be configured".into());
            }
            let url = str_at(c, "url");
            if !url.is_empty() {
                validate_template_url(url).map_err(|e| format!("invalid 'url': {e}"))?;
            }
        }
        "slack_configs" => {
            for k in ["timeout", "app_token", "app_token_file", "app_url"] {
                drop_below(c, k, (0, 30, 0), v, what, w);
            }
            drop_below(c, "message_text", (0, 31, 0), v, what, w);
            if has(c, "update_message") {
                if v.lt(0, 32, 0) {
                    drop_below(c, "update_message", (0, 32, 0), v, what, w);
                } else if c.get("update_message").and_then(Value::as_bool) == Some(true)
                    && has(c, "api_url")
                    && str_at(c, "api_url") != "https://slack.com/api/chat.postMessage"
                {
                    return Err("update_message' can only be used with bot tokens. api_url must be set to https://slack.com/api/chat.postMessage".into());
                }
            }
            exclusive(c, "app_token", "app_token_file", w);
            if (has(c, "app_token") || has(c, "app_token_file"))
                && (has(c, "api_url") || has(c, "api_url_file"))
            {
                return Err("at most one of app_token/app_token_file & api_url/api_url_file must be configured".into());
            }
            drop_below(c, "api_url_file", (0, 22, 0), v, what, w);
            exclusive(c, "api_url", "api_url_file", w);
        }
        "victorops_configs" => {
            drop_below(c, "api_key_file", (0, 25, 0), v, what, w);
            exclusive(c, "api_key", "api_key_file", w);
            let url = str_at(c, "api_url");
            if !url.is_empty() {
                validate_url(url).map_err(|e| format!("invalid 'api_url': {e}"))?;
            }
        }
        "webhook_configs" => {
            drop_below(c, "url_file", (0, 26, 0), v, what, w);
            exclusive(c, "url", "url_file", w);
            drop_below(c, "timeout", (0, 28, 0), v, what, w);
            drop_below(c, "payload", (0, 32, 0), v, what, w);
            let url = str_at(c, "url");
            if !url.is_empty() {
                validate_template_url(url).map_err(|e| format!("invalid 'url': {e}"))?;
            }
        }
        "msteams_configs" => {
            let url = str_at(c, "webhook_url");
            if url.is_empty() {
                return Err("mandatory field \"webhook_url\" is empty".into());
            }
            validate_url(url).map_err(|e| format!("invalid 'webhook_url': {e}"))?;
            drop_below(c, "summary", (0, 27, 0), v, what, w);
        }
        "msteamsv2_configs" => {
            if !has(c, "webhook_url") && !has(c, "webhook_url_file") {
                return Err("no webhook_url or webhook_url_file provided".into());
            }
            if has(c, "webhook_url") && has(c, "webhook_url_file") {
                return Err(
                    "both webhook_url and webhook_url_file cannot be set at the same time".into()
                );
            }
        }
        "wechat_configs" => {
            drop_below(c, "api_secret_file", (0, 31, 0), v, what, w);
            exclusive(c, "api_secret", "api_secret_file", w);
        }
        "sns_configs" => {
            let sigv4_external = c.get("sigv4").and_then(|s| s.get("external_id")).is_some();
            if sigv4_external {
                let role = c.get("sigv4").and_then(|s| s.get("role_arn")).is_some();
                if !role {
                    return Err(
                        "'external_id' in sigv4 config requires 'role_arn' to be set".into()
                    );
                }
                if v.lt(0, 33, 0)
                    && let Some(Value::Map(s)) = get_mut(c, "sigv4")
                {
                    s.remove("external_id");
                }
            }
            drop_below(c, "use_aws_http_client", (0, 33, 0), v, what, w);
        }
        "telegram_configs" => {
            drop_below(c, "chat_id_file", (0, 31, 0), v, what, w);
            if !has(c, "chat_id") && !has(c, "chat_id_file") {
                return Err("missing mandatory field chat_id or chat_id_file".into());
            }
            exclusive(c, "chat_id", "chat_id_file", w);
            drop_below(c, "bot_token_file", (0, 26, 0), v, what, w);
            exclusive(c, "bot_token", "bot_token_file", w);
            if !has(c, "bot_token") && !has(c, "bot_token_file") && v.lt(0, 31, 0) {
                return Err("missing mandatory field botToken or botTokenFile".into());
            }
            drop_below(c, "message_thread_id", (0, 26, 0), v, what, w);
        }
        "discord_configs" => {
            for k in ["content", "username", "avatar_url"] {
                drop_below(c, k, (0, 28, 0), v, what, w);
            }
        }
        "webex_configs" if str_at(c, "room_id").is_empty() => {
            return Err("mandatory field \"room_id\" is empty".into());
        }
        "jira_configs" => {
            if !has(c, "project") {
                return Err("missing project in jira_config".into());
            }
            if !has(c, "issue_type") {
                return Err("missing issue_type in jira_config".into());
            }
            drop_below(c, "api_type", (0, 29, 0), v, what, w);
            let t = str_at(c, "api_type");
            if !t.is_empty() && !matches!(t, "auto" | "cloud" | "datacenter") {
                return Err(
                    "invalid 'api_type': a value must be 'auto', 'cloud' or 'datacenter'".into()
                );
            }
        }
        "rocketchat_configs" => {
            if has(c, "token") && has(c, "token_file") {
                return Err("at most one of token & token_file must be configured".into());
            }
            if has(c, "token_id") && has(c, "token_id_file") {
                return Err("at most one of token_id & token_id_file must be configured".into());
            }
        }
        "mattermost_configs" => {
            if !has(c, "webhook_url") && !has(c, "webhook_url_file") && v.lt(0, 32, 0) {
                return Err("one of 'webhook_url' or 'webhook_url_file' must be configured".into());
            }
            exclusive(c, "webhook_url", "webhook_url_file", w);
            if v.lt(0, 32, 0) {
                for k in [
                    "fallback",
                    "color",
                    "pretext",
                    "author_name",
                    "author_link",
                    "author_icon",
                    "title",
                    "title_link",
                    "thumb_url",
                    "footer",
                    "footer_icon",
                    "image_url",
                    "fields",
                ] {
                    drop_below(c, k, (0, 32, 0), v, what, w);
                }
            }
        }
        _ => {}
    }
    Ok(())
}

fn inhibit_rule(r: &mut Map, v: &AmVersion) -> Result<(), String> {
    if v.lt(0, 22, 0) {
        if has(r, "source_matchers") || has(r, "target_matchers") {
            return Err("target_matchers and source_matchers matching is supported in Alertmanager >= 0.22.0 only".into());
        }
        return Ok(());
    }
    Ok(())
}

fn route(r: &mut Map, v: &AmVersion, w: &mut Vec<String>) -> Result<(), String> {
    if v.lt(0, 22, 0) && has(r, "matchers") {
        return Err("invalid syntax in route config for 'matchers' comparison based matching is supported in Alertmanager >= 0.22.0 only".into());
    }
    if v.lt(0, 22, 0) && r.remove("mute_time_intervals").is_some() {
        w.push("named mute time intervals in route is supported in Alertmanager >= 0.22.0 only - dropping config".into());
    }
    if v.lt(0, 24, 0) && r.remove("active_time_intervals").is_some() {
        w.push("active time intervals in route is supported in Alertmanager >= 0.24.0 only - dropping config".into());
    }
    let gw = str_at(r, "group_wait");
    if !gw.is_empty() {
        parse_duration(gw).map_err(|e| format!("group_wait: {e}"))?;
    }
    for key in ["group_interval", "repeat_interval"] {
        let d = str_at(r, key);
        if !d.is_empty() && parse_duration(d).map_err(|e| format!("{key}: {e}"))? == 0 {
            r.remove(key);
        }
    }
    if let Some(Value::Seq(children)) = get_mut(r, "routes") {
        for (i, c) in children.iter_mut().enumerate() {
            if let Some(c) = c.as_map_mut() {
                route(c, v, w).map_err(|e| format!("route[{i}]: {e}"))?;
            }
        }
    }
    Ok(())
}
