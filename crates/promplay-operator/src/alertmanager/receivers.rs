//! The receivers of an AlertmanagerConfig converted one integration at a
//! time (`convertReceiver` and the `convert*Config` functions): Secret
//! references resolved in the object's namespace, optional fields copied
//! when set, durations checked, everything under Alertmanager's YAML keys.

use super::convert::{
    Ctx, copy_bool, copy_str, http_config, items, opt_str, str_list, str_of, tls_config,
};
use super::gofmt::parse_duration;
use super::schema::split_host_port;
use crate::value::{Map, Value};

/// `convertReceiver`: every integration of one receiver.
pub fn convert_receiver(r: &Value, cx: &Ctx) -> Result<Map, String> {
    let mut out = Map::new();
    out.insert("name", Value::String(cx.prefixed(str_of(r, "name"))));
    type Conv = fn(&Value, &Ctx) -> Result<Map, String>;
    let kinds: [(&str, &str, &str, Conv); 15] = [
        ("pagerdutyConfigs", "pagerduty_configs", "PagerDutyConfig", pagerduty),
        ("discordConfigs", "discord_configs", "DiscordConfig", discord),
        ("slackConfigs", "slack_configs", "SlackConfig", slack),
        ("webhookConfigs", "webhook_configs", "WebhookConfig", webhook),
        ("opsgenieConfigs", "opsgenie_configs", "OpsGenieConfigs", opsgenie),
        ("wechatConfigs", "wechat_configs", "WeChatConfig", wechat),
        ("emailConfigs", "email_configs", "EmailConfig", email),
        ("victoropsConfigs", "victorops_configs", "VictorOpsConfig", victorops),
        ("pushoverConfigs", "pushover_configs", "PushoverConfig", pushover),
        ("snsConfigs", "sns_configs", "SNSConfig", sns),
        ("telegramConfigs", "telegram_configs", "TelegramConfig", telegram),
        ("msteamsConfigs", "msteams_configs", "MSTeamsConfig", msteams),
        ("msteamsv2Configs", "msteamsv2_configs", "MSTeamsConfigV2", msteamsv2),
        ("webexConfigs", "webex_configs", "WebexConfig", webex),
        ("rocketchatConfigs", "rocketchat_configs", "RocketChatConfig", rocketchat),
    ];
    for (from, to, label, conv) in kinds {
        let list = items(r, from);
        if list.is_empty() {
            continue;
        }
        let mut res = Vec::new();
        for (i, c) in list.iter().enumerate() {
            res.push(Value::Map(conv(c, cx).map_err(|e| format!("{label}[{i}]: {e}"))?));
        }
        out.insert(to, Value::Seq(res));
    }
    Ok(out)
}

fn start(c: &Value) -> Map {
    let mut out = Map::new();
    copy_bool(&mut out, "send_resolved", c, "sendResolved");
    out
}

fn with_http(out: &mut Map, c: &Value, cx: &Ctx) -> Result<(), String> {
    if let Some(h) = c.get("httpConfig") {
        out.insert("http_config", Value::Map(http_config(h, cx)?));
    }
    Ok(())
}

pub(super) fn duration_field(
    out: &mut Map,
    key: &str,
    c: &Value,
    from: &str,
) -> Result<(), String> {
    let s = str_of(c, from);
    if !s.is_empty() {
        parse_duration(s)?;
        out.insert(key, Value::String(s.to_string()));
    }
    Ok(())
}

fn key_values(c: &Value, key: &str) -> Map {
    let mut m = Map::new();
    for kv in items(c, key) {
        m.insert(str_of(kv, "key"), Value::String(str_of(kv, "value").to_string()));
    }
    m
}

fn pagerduty(c: &Value, cx: &Ctx) -> Result<Map, String> {
    let mut out = start(c);
    for (to, from) in [
        ("class", "class"),
        ("client", "client"),
        ("component", "component"),
        ("description", "description"),
        ("group", "group"),
        ("severity", "severity"),
        ("url", "url"),
        ("client_url", "clientURL"),
    ] {
        copy_str(&mut out, to, c, from);
    }
    if let Some(sel) = c.get("routingKey") {
        out.insert(
            "routing_key",
            Value::String(cx.secret(sel).map_err(|e| format!("failed to get routing key: {e}"))?),
        );
    }
    if let Some(sel) = c.get("serviceKey") {
        out.insert(
            "service_key",
            Value::String(cx.secret(sel).map_err(|e| format!("failed to get service key: {e}"))?),
        );
    }
    out.insert("details", Value::Map(key_values(c, "details")));
    let links: Vec<Value> = items(c, "pagerDutyLinkConfigs")
        .iter()
        .map(|l| {
            let mut m = Map::new();
            copy_str(&mut m, "href", l, "href");
            copy_str(&mut m, "text", l, "alt");
            Value::Map(m)
        })
        .collect();
    out.insert("links", Value::Seq(links));
    let images: Vec<Value> = items(c, "pagerDutyImageConfigs")
        .iter()
        .map(|l| {
            let mut m = Map::new();
            copy_str(&mut m, "src", l, "src");
            copy_str(&mut m, "alt", l, "alt");
            copy_str(&mut m, "href", l, "href");
            Value::Map(m)
        })
        .collect();
    out.insert("images", Value::Seq(images));
    with_http(&mut out, c, cx)?;
    copy_str(&mut out, "source", c, "source");
    duration_field(&mut out, "timeout", c, "timeout")?;
    Ok(out)
}

fn discord(c: &Value, cx: &Ctx) -> Result<Map, String> {
    let mut out = start(c);
    for (to, from) in [
        ("title", "title"),
        ("message", "message"),
        ("content", "content"),
        ("username", "username"),
        ("avatar_url", "avatarURL"),
    ] {
        copy_str(&mut out, to, c, from);
    }
    let url = url_from_secret(c.get("apiURL").unwrap_or(&Value::Null), cx)?;
    out.insert("webhook_url", Value::String(url));
    with_http(&mut out, c, cx)?;
    Ok(out)
}

fn url_from_secret(sel: &Value, cx: &Ctx) -> Result<String, String> {
    let url = cx.secret(sel).map_err(|e| format!("failed to get URL: {e}"))?;
    let url = url.trim().to_string();
    super::gofmt::validate_url(&url).map_err(|e| {
        format!(
            "failed to validate key {:?} from secret {:?}: {e}",
            str_of(sel, "key"),
            str_of(sel, "name")
        )
    })?;
    Ok(url)
}

fn slack(c: &Value, cx: &Ctx) -> Result<Map, String> {
    let mut out = start(c);
    for (to, from) in [
        ("channel", "channel"),
        ("username", "username"),
        ("color", "color"),
        ("title", "title"),
        ("pretext", "pretext"),
        ("text", "text"),
        ("footer", "footer"),
        ("fallback", "fallback"),
        ("callback_id", "callbackId"),
        ("icon_emoji", "iconEmoji"),
        ("message_text", "messageText"),
        ("title_link", "titleLink"),
        ("icon_url", "iconURL"),
        ("image_url", "imageURL"),
        ("thumb_url", "thumbURL"),
    ] {
        copy_str(&mut out, to, c, from);
    }
    copy_bool(&mut out, "short_fields", c, "shortFields");
    copy_bool(&mut out, "link_names", c, "linkNames");
    out.insert("mrkdwn_in", str_list(c, "mrkdwnIn"));
    copy_bool(&mut out, "update_message", c, "updateMessage");
    if let Some(sel) = c.get("apiURL") {
        out.insert("api_url", Value::String(url_from_secret(sel, cx)?));
    }
    let actions: Vec<Value> = items(c, "actions")
        .iter()
        .map(|a| {
            let mut m = Map::new();
            for k in ["type", "text", "url", "style", "name", "value"] {
                copy_str(&mut m, k, a, k);
            }
            if let Some(cf) = a.get("confirm") {
                let mut x = Map::new();
                copy_str(&mut x, "text", cf, "text");
                copy_str(&mut x, "title", cf, "title");
                copy_str(&mut x, "ok_text", cf, "okText");
                copy_str(&mut x, "dismiss_text", cf, "dismissText");
                m.insert("confirm", Value::Map(x));
            }
            Value::Map(m)
        })
        .collect();
    out.insert("actions", Value::Seq(actions));
    let fields: Vec<Value> = items(c, "fields")
        .iter()
        .map(|f| {
            let mut m = Map::new();
            copy_str(&mut m, "title", f, "title");
            copy_str(&mut m, "value", f, "value");
            copy_bool(&mut m, "short", f, "short");
            Value::Map(m)
        })
        .collect();
    out.insert("fields", Value::Seq(fields));
    with_http(&mut out, c, cx)?;
    duration_field(&mut out, "timeout", c, "timeout")?;
    Ok(out)
}

fn webhook(c: &Value, cx: &Ctx) -> Result<Map, String> {
    let mut out = start(c);
    if let Some(sel) = c.get("urlSecret") {
        out.insert("url", Value::String(cx.secret(sel)?));
    } else {
        copy_str(&mut out, "url", c, "url");
    }
    with_http(&mut out, c, cx)?;
    if let Some(n) = c.get("maxAlerts").and_then(Value::as_i64).filter(|n| *n > 0) {
        out.insert("max_alerts", Value::Int(n));
    }
    duration_field(&mut out, "timeout", c, "timeout")?;
    if let Some(p) = opt_str(c, "payload") {
        out.insert("payload", Value::String(p.to_string()));
    }
    Ok(out)
}

fn opsgenie(c: &Value, cx: &Ctx) -> Result<Map, String> {
    let mut out = start(c);
    for k in ["message", "description", "source", "tags", "note", "priority", "actions", "entity"] {
        copy_str(&mut out, k, c, k);
    }
    copy_bool(&mut out, "update_alerts", c, "updateAlerts");
    copy_str(&mut out, "api_url", c, "apiURL");
    if let Some(sel) = c.get("apiKey") {
        out.insert(
            "api_key",
            Value::String(cx.secret(sel).map_err(|e| format!("failed to get API key: {e}"))?),
        );
    }
    out.insert("details", Value::Map(key_values(c, "details")));
    let responders: Vec<Value> = items(c, "responders")
        .iter()
        .map(|r| {
            let mut m = Map::new();
            for k in ["id", "name", "username", "type"] {
                copy_str(&mut m, k, r, k);
            }
            Value::Map(m)
        })
        .collect();
    out.insert("responders", Value::Seq(responders));
    with_http(&mut out, c, cx)?;
    Ok(out)
}

fn wechat(c: &Value, cx: &Ctx) -> Result<Map, String> {
    let mut out = start(c);
    for (to, from) in [
        ("corp_id", "corpID"),
        ("agent_id", "agentID"),
        ("to_user", "toUser"),
        ("to_party", "toParty"),
        ("to_tag", "toTag"),
        ("message", "message"),
        ("message_type", "messageType"),
        ("api_url", "apiURL"),
    ] {
        copy_str(&mut out, to, c, from);
    }
    if let Some(sel) = c.get("apiSecret") {
        out.insert(
            "api_secret",
            Value::String(cx.secret(sel).map_err(|e| format!("failed to get API secret: {e}"))?),
        );
    }
    with_http(&mut out, c, cx)?;
    Ok(out)
}

fn webex(c: &Value, cx: &Ctx) -> Result<Map, String> {
    let mut out = start(c);
    out.insert("room_id", Value::String(str_of(c, "roomID").to_string()));
    copy_str(&mut out, "api_url", c, "apiURL");
    copy_str(&mut out, "message", c, "message");
    with_http(&mut out, c, cx)?;
    Ok(out)
}

fn email(c: &Value, cx: &Ctx) -> Result<Map, String> {
    let mut out = start(c);
    for (to, from) in [
        ("to", "to"),
        ("from", "from"),
        ("hello", "hello"),
        ("auth_username", "authUsername"),
        ("auth_identity", "authIdentity"),
    ] {
        copy_str(&mut out, to, c, from);
    }
    for k in ["html", "text"] {
        if let Some(s) = opt_str(c, k) {
            out.insert(k, Value::String(s.to_string()));
        }
    }
    copy_bool(&mut out, "require_tls", c, "requireTLS");
    copy_bool(&mut out, "force_implicit_tls", c, "forceImplicitTLS");
    if str_of(c, "smarthost").is_empty() && !cx.smtp_defaults.0 {
        return Err("SMTP smarthost is a mandatory field, it is neither specified at global config nor at receiver level".into());
    }
    if str_of(c, "from").is_empty() && !cx.smtp_defaults.1 {
        return Err("SMTP from is a mandatory field, it is neither specified at global config nor at receiver level".into());
    }
    let smarthost = str_of(c, "smarthost");
    if !smarthost.is_empty() {
        let (host, port) = split_host_port(smarthost)
            .map_err(|e| format!("invalid SMTP smarthost {smarthost:?}: {e}"))?;
        out.insert("smarthost", Value::String(super::schema::join_host_port(&host, &port)));
    }
    if let Some(sel) = c.get("authPassword") {
        out.insert(
            "auth_password",
            Value::String(cx.secret(sel).map_err(|e| format!("failed to get auth password: {e}"))?),
        );
    }
    if let Some(sel) = c.get("authSecret") {
        out.insert(
            "auth_secret",
            Value::String(cx.secret(sel).map_err(|e| format!("failed to get auth secret: {e}"))?),
        );
    }
    let headers = key_values(c, "headers");
    if !headers.is_empty() {
        out.insert("headers", Value::Map(headers));
    }
    if let Some(t) = c.get("tlsConfig") {
        out.insert("tls_config", Value::Map(tls_config(t, cx)));
    }
    if let Some(t) = c.get("threading") {
        let mut m = Map::new();
        m.insert("enabled", Value::Bool(true));
        match str_of(t, "threadByDate") {
            "Daily" => m.insert("thread_by_date", Value::String("daily".into())),
            "None" => m.insert("thread_by_date", Value::String("none".into())),
            _ => {}
        }
        out.insert("threading", Value::Map(m));
    }
    Ok(out)
}

fn victorops(c: &Value, cx: &Ctx) -> Result<Map, String> {
    let mut out = start(c);
    for (to, from) in [
        ("routing_key", "routingKey"),
        ("message_type", "messageType"),
        ("entity_display_name", "entityDisplayName"),
        ("state_message", "stateMessage"),
        ("monitoring_tool", "monitoringTool"),
        ("api_url", "apiUrl"),
    ] {
        copy_str(&mut out, to, c, from);
    }
    if let Some(sel) = c.get("apiKey") {
        out.insert(
            "api_key",
            Value::String(cx.secret(sel).map_err(|e| format!("failed to get API key: {e}"))?),
        );
    }
    const RESERVED: [&str; 7] = [
        "routing_key",
        "message_type",
        "state_message",
        "entity_display_name",
        "monitoring_tool",
        "entity_id",
        "entity_state",
    ];
    for kv in items(c, "customFields") {
        let k = str_of(kv, "key");
        if RESERVED.contains(&k) {
            return Err(format!(
                "VictorOps config contains custom field {k} which cannot be used as it conflicts with the fixed/static fields"
            ));
        }
    }
    out.insert("custom_fields", Value::Map(key_values(c, "customFields")));
    with_http(&mut out, c, cx)?;
    Ok(out)
}

fn pushover(c: &Value, cx: &Ctx) -> Result<Map, String> {
    let mut out = start(c);
    for (to, from) in [
        ("title", "title"),
        ("message", "message"),
        ("url_title", "urlTitle"),
        ("priority", "priority"),
        ("url", "url"),
        ("ttl", "ttl"),
        ("device", "device"),
        ("sound", "sound"),
    ] {
        copy_str(&mut out, to, c, from);
    }
    copy_bool(&mut out, "html", c, "html");
    copy_bool(&mut out, "monospace", c, "monospace");
    for (to, from, label) in [("user_key", "userKey", "userKey"), ("token", "token", "token")] {
        let sel = c.get(from).ok_or_else(|| format!("mandatory field {label} is empty"))?;
        let v = cx.secret(sel).map_err(|e| {
            format!("failed to get {}: {e}", if label == "token" { "token" } else { "user key" })
        })?;
        if v.is_empty() {
            return Err(format!("mandatory field {label:?} is empty"));
        }
        out.insert(to, Value::String(v));
    }
    duration_field(&mut out, "retry", c, "retry")?;
    duration_field(&mut out, "expire", c, "expire")?;
    with_http(&mut out, c, cx)?;
    Ok(out)
}

fn telegram(c: &Value, cx: &Ctx) -> Result<Map, String> {
    let mut out = start(c);
    if let Some(id) = c.get("chatID").and_then(Value::as_i64) {
        out.insert("chat_id", Value::Int(id));
    }
    copy_str(&mut out, "message", c, "message");
    copy_bool(&mut out, "disable_notifications", c, "disableNotifications");
    copy_str(&mut out, "parse_mode", c, "parseMode");
    copy_str(&mut out, "bot_token_file", c, "botTokenFile");
    copy_str(&mut out, "api_url", c, "apiURL");
    with_http(&mut out, c, cx)?;
    if let Some(id) = c.get("messageThreadID").and_then(Value::as_i64) {
        out.insert("message_thread_id", Value::Int(id));
    }
    if let Some(sel) = c.get("botToken") {
        let t = cx.secret(sel).map_err(|e| format!("failed to get bot token: {e}"))?;
        if t.is_empty() {
            return Err("mandatory field \"botToken\" is empty".to_string());
        }
        out.insert("bot_token", Value::String(t));
    }
    Ok(out)
}

fn sns(c: &Value, cx: &Ctx) -> Result<Map, String> {
    let mut out = start(c);
    if let Some(Value::Map(a)) = c.get("attributes") {
        out.insert("attributes", Value::Map(a.clone()));
    }
    for (to, from) in [
        ("api_url", "apiURL"),
        ("topic_arn", "topicARN"),
        ("phone_number", "phoneNumber"),
        ("target_arn", "targetARN"),
        ("subject", "subject"),
        ("message", "message"),
    ] {
        copy_str(&mut out, to, c, from);
    }
    if cx.version.gte(0, 33, 0) {
        copy_bool(&mut out, "use_aws_http_client", c, "useAWSHTTPClient");
    }
    with_http(&mut out, c, cx)?;
    if let Some(s) = c.get("sigv4") {
        let mut m = Map::new();
        copy_str(&mut m, "region", s, "region");
        copy_str(&mut m, "profile", s, "profile");
        copy_str(&mut m, "role_arn", s, "roleArn");
        if cx.version.gte(0, 33, 0) {
            copy_str(&mut m, "external_id", s, "externalId");
        }
        if let (Some(a), Some(k)) = (s.get("accessKey"), s.get("secretKey")) {
            m.insert(
                "access_key",
                Value::String(cx.secret(a).map_err(|e| format!("failed to get access key: {e}"))?),
            );
            m.insert(
                "secret_key",
                Value::String(
                    cx.secret(k).map_err(|e| format!("failed to get AWS secret key: {e}"))?,
                ),
            );
        }
        out.insert("sigv4", Value::Map(m));
    }
    Ok(out)
}

fn msteams(c: &Value, cx: &Ctx) -> Result<Map, String> {
    let mut out = start(c);
    for k in ["title", "text", "summary"] {
        copy_str(&mut out, k, c, k);
    }
    out.insert(
        "webhook_url",
        Value::String(cx.secret(c.get("webhookUrl").unwrap_or(&Value::Null))?),
    );
    with_http(&mut out, c, cx)?;
    Ok(out)
}

fn msteamsv2(c: &Value, cx: &Ctx) -> Result<Map, String> {
    let mut out = start(c);
    for k in ["title", "text"] {
        copy_str(&mut out, k, c, k);
    }
    if let Some(sel) = c.get("webhookURL") {
        out.insert("webhook_url", Value::String(cx.secret(sel)?));
    }
    with_http(&mut out, c, cx)?;
    Ok(out)
}

fn rocketchat(c: &Value, cx: &Ctx) -> Result<Map, String> {
    let mut out = start(c);
    for (to, from) in [
        ("api_url", "apiURL"),
        ("channel", "channel"),
        ("color", "color"),
        ("title", "title"),
        ("title_link", "titleLink"),
        ("text", "text"),
        ("emoji", "emoji"),
        ("icon_url", "iconURL"),
        ("image_url", "imageURL"),
        ("thumb_url", "thumbURL"),
    ] {
        copy_str(&mut out, to, c, from);
    }
    let token = cx
        .secret(c.get("token").unwrap_or(&Value::Null))
        .map_err(|e| format!("failed to get RocketChat token: {e}"))?;
    out.insert("token", Value::String(token));
    let token_id = cx
        .secret(c.get("tokenID").unwrap_or(&Value::Null))
        .map_err(|e| format!("failed to get RocketChat token ID: {e}"))?;
    out.insert("token_id", Value::String(token_id));
    copy_bool(&mut out, "short_fields", c, "shortFields");
    copy_bool(&mut out, "link_names", c, "linkNames");
    let fields: Vec<Value> = items(c, "fields")
        .iter()
        .map(|f| {
            let mut m = Map::new();
            copy_bool(&mut m, "short", f, "short");
            copy_str(&mut m, "title", f, "title");
            copy_str(&mut m, "value", f, "value");
            Value::Map(m)
        })
        .collect();
    out.insert("fields", Value::Seq(fields));
    let actions: Vec<Value> = items(c, "actions")
        .iter()
        .map(|a| {
            let mut m = Map::new();
            for k in ["text", "url", "msg"] {
                copy_str(&mut m, k, a, k);
            }
            Value::Map(m)
        })
        .collect();
    out.insert("actions", Value::Seq(actions));
    with_http(&mut out, c, cx)?;
    Ok(out)
}
