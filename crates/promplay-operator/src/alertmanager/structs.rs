//! The field tables of the operator's Alertmanager configuration structs
//! (pkg/alertmanager/types.go), in declaration order: YAML key, Go type
//! and `omitempty` of every field, for [`super::schema::normalize`].

use super::schema::Kind::*;
use super::schema::Schema;

macro_rules! schema {
    ($id:ident, $name:literal, [$(($k:literal, $v:expr)),* $(,)?]) => {
        /// Field table of the Go struct of the same name.
        pub static $id: Schema = Schema { name: $name, fields: &[$(($k, $v)),*] };
    };
}

schema!(
    CONFIG,
    "alertmanager.alertmanagerConfig",
    [
        ("global", Struct(&GLOBAL)),
        ("route", Struct(&ROUTE)),
        ("inhibit_rules", List(&INHIBIT_RULE)),
        ("receivers", List(&RECEIVER)),
        ("mute_time_intervals", List(&TIME_INTERVAL)),
        ("time_intervals", List(&TIME_INTERVAL)),
        ("templates", StrListKeep),
    ]
);

schema!(
    GLOBAL,
    "alertmanager.globalConfig",
    [
        ("resolve_timeout", Dur),
        ("http_config", Struct(&HTTP_CONFIG)),
        ("smtp_from", Str),
        ("smtp_hello", Str),
        ("smtp_smarthost", HostPort),
        ("smtp_auth_username", Str),
        ("smtp_auth_password", Str),
        ("smtp_auth_password_file", Str),
        ("smtp_auth_secret", Str),
        ("smtp_auth_secret_file", Str),
        ("smtp_auth_identity", Str),
        ("smtp_require_tls", OptBool),
        ("smtp_tls_config", Struct(&TLS_CONFIG)),
        ("smtp_force_implicit_tls", OptBool),
        ("slack_api_url", Url),
        ("slack_api_url_file", Str),
        ("pagerduty_url", Url),
        ("hipchat_api_url", Url),
        ("hipchat_auth_token", Str),
        ("opsgenie_api_url", Url),
        ("opsgenie_api_key", Str),
        ("opsgenie_api_key_file", Str),
        ("wechat_api_url", Url),
        ("wechat_api_secret", Str),
        ("wechat_api_corp_id", Str),
        ("victorops_api_url", Url),
        ("victorops_api_key", Str),
        ("victorops_api_key_file", Str),
        ("telegram_api_url", Url),
        ("telegram_bot_token", Str),
        ("telegram_bot_token_file", Str),
        ("webex_api_url", Url),
        ("jira_api_url", Url),
        ("rocketchat_api_url", Url),
        ("rocketchat_token", Str),
        ("rocketchat_token_file", Str),
        ("rocketchat_token_id", Str),
        ("rocketchat_token_id_file", Str),
        ("slack_app_token", Str),
        ("slack_app_token_file", Str),
        ("slack_app_url", Url),
        ("wechat_api_secret_file", Str),
        ("mattermost_webhook_url", Url),
        ("mattermost_webhook_url_file", Str),
    ]
);

schema!(
    ROUTE,
    "alertmanager.route",
    [
        ("receiver", Str),
        ("group_by", StrList),
        ("match", StrMap),
        ("match_re", StrMap),
        ("matchers", StrList),
        ("continue", Bool),
        ("routes", List(&ROUTE)),
        ("group_wait", Str),
        ("group_interval", Str),
        ("repeat_interval", Str),
        ("mute_time_intervals", StrList),
        ("active_time_intervals", StrList),
    ]
);

schema!(
    INHIBIT_RULE,
    "alertmanager.inhibitRule",
    [
        ("target_match", StrMap),
        ("target_match_re", StrMap),
        ("target_matchers", StrList),
        ("source_match", StrMap),
        ("source_match_re", StrMap),
        ("source_matchers", StrList),
        ("equal", StrList),
    ]
);

schema!(
    RECEIVER,
    "alertmanager.receiver",
    [
        ("name", StrKeep),
        ("opsgenie_configs", List(&OPSGENIE)),
        ("pagerduty_configs", List(&PAGERDUTY)),
        ("slack_configs", List(&SLACK)),
        ("webhook_configs", List(&WEBHOOK)),
        ("wechat_configs", List(&WECHAT)),
        ("email_configs", List(&EMAIL)),
        ("pushover_configs", List(&PUSHOVER)),
        ("victorops_configs", List(&VICTOROPS)),
        ("sns_configs", List(&SNS)),
        ("telegram_configs", List(&TELEGRAM)),
        ("discord_configs", List(&DISCORD)),
        ("webex_configs", List(&WEBEX)),
        ("msteams_configs", List(&MSTEAMS)),
        ("msteamsv2_configs", List(&MSTEAMSV2)),
        ("jira_configs", List(&JIRA)),
        ("rocketchat_configs", List(&ROCKETCHAT)),
        ("mattermost_configs", List(&MATTERMOST)),
        ("incidentio_configs", List(&INCIDENTIO)),
    ]
);

schema!(
    WEBHOOK,
    "alertmanager.webhookConfig",
    [
        ("send_resolved", OptBool),
        ("url", Str),
        ("url_file", Str),
        ("http_config", Struct(&HTTP_CONFIG)),
        ("max_alerts", Int),
        ("timeout", Dur),
        ("payload", Any),
    ]
);

schema!(
    PAGERDUTY,
    "alertmanager.pagerdutyConfig",
    [
        ("send_resolved", OptBool),
        ("http_config", Struct(&HTTP_CONFIG)),
        ("service_key", Str),
        ("service_key_file", Str),
        ("routing_key", Str),
        ("routing_key_file", Str),
        ("url", Str),
        ("client", Str),
        ("client_url", Str),
        ("description", Str),
        ("details", AnyMap),
        ("images", List(&PAGERDUTY_IMAGE)),
        ("links", List(&PAGERDUTY_LINK)),
        ("severity", Str),
        ("class", Str),
        ("component", Str),
        ("group", Str),
        ("source", Str),
        ("timeout", Dur),
    ]
);

schema!(PAGERDUTY_LINK, "alertmanager.pagerdutyLink", [("href", Str), ("text", Str)]);
schema!(
    PAGERDUTY_IMAGE,
    "alertmanager.pagerdutyImage",
    [("src", Str), ("alt", Str), ("href", Str)]
);

schema!(
    OPSGENIE,
    "alertmanager.opsgenieConfig",
    [
        ("send_resolved", OptBool),
        ("http_config", Struct(&HTTP_CONFIG)),
        ("api_key", Str),
        ("api_key_file", Str),
        ("api_url", Str),
        ("message", Str),
        ("description", Str),
        ("source", Str),
        ("details", StrMap),
        ("responders", List(&OPSGENIE_RESPONDER)),
        ("tags", Str),
        ("note", Str),
        ("priority", Str),
        ("update_alerts", OptBool),
        ("entity", Str),
        ("actions", Str),
    ]
);

schema!(
    OPSGENIE_RESPONDER,
    "alertmanager.opsgenieResponder",
    [("id", Str), ("name", Str), ("username", Str), ("type", Str),]
);

schema!(
    WECHAT,
    "alertmanager.weChatConfig",
    [
        ("send_resolved", OptBool),
        ("api_secret", Str),
        ("api_url", Str),
        ("corp_id", Str),
        ("agent_id", Str),
        ("to_user", Str),
        ("to_party", Str),
        ("to_tag", Str),
        ("message", Str),
        ("message_type", Str),
        ("http_config", Struct(&HTTP_CONFIG)),
        ("api_secret_file", Str),
    ]
);

schema!(
    SLACK,
    "alertmanager.slackConfig",
    [
        ("send_resolved", OptBool),
        ("http_config", Struct(&HTTP_CONFIG)),
        ("api_url", Str),
        ("api_url_file", Str),
        ("app_token", Str),
        ("app_token_file", Str),
        ("app_url", Str),
        ("channel", Str),
        ("username", Str),
        ("color", Str),
        ("title", Str),
        ("title_link", Str),
        ("pretext", Str),
        ("text", Str),
        ("fields", List(&SLACK_FIELD)),
        ("short_fields", Bool),
        ("footer", Str),
        ("fallback", Str),
        ("callback_id", Str),
        ("icon_emoji", Str),
        ("icon_url", Str),
        ("image_url", Str),
        ("thumb_url", Str),
        ("link_names", Bool),
        ("mrkdwn_in", StrList),
        ("actions", List(&SLACK_ACTION)),
        ("timeout", Dur),
        ("message_text", Str),
        ("update_message", OptBool),
    ]
);

schema!(SLACK_FIELD, "alertmanager.slackField", [("title", Str), ("value", Str), ("short", Bool)]);

schema!(
    SLACK_ACTION,
    "alertmanager.slackAction",
    [
        ("type", Str),
        ("text", Str),
        ("url", Str),
        ("style", Str),
        ("name", Str),
        ("value", Str),
        ("confirm", Struct(&SLACK_CONFIRM)),
    ]
);

schema!(
    SLACK_CONFIRM,
    "alertmanager.slackConfirmationField",
    [("text", Str), ("title", Str), ("ok_text", Str), ("dismiss_text", Str),]
);

schema!(
    HTTP_CONFIG,
    "alertmanager.httpClientConfig",
    [
        ("authorization", Struct(&AUTHORIZATION)),
        ("basic_auth", Struct(&BASIC_AUTH)),
        ("oauth2", Struct(&OAUTH2)),
        ("bearer_token", Str),
        ("bearer_token_file", Str),
        ("tls_config", Struct(&TLS_CONFIG)),
        ("follow_redirects", OptBool),
        ("enable_http2", OptBool),
        ("http_headers", Headers),
        ("", Inline(&PROXY_CONFIG)),
    ]
);

schema!(
    PROXY_CONFIG,
    "alertmanager.proxyConfig",
    [
        ("proxy_url", Str),
        ("no_proxy", Str),
        ("proxy_from_environment", Bool),
        ("proxy_connect_header", StrListMap),
    ]
);

schema!(
    TLS_CONFIG,
    "alertmanager.tlsConfig",
    [
        ("ca_file", Str),
        ("cert_file", Str),
        ("key_file", Str),
        ("server_name", Str),
        ("insecure_skip_verify", BoolKeep),
        ("min_version", Str),
        ("max_version", Str),
    ]
);

schema!(
    AUTHORIZATION,
    "alertmanager.authorization",
    [("type", Str), ("credentials", Str), ("credentials_file", Str),]
);

schema!(
    BASIC_AUTH,
    "alertmanager.basicAuth",
    [("username", Str), ("password", Str), ("password_file", Str),]
);

schema!(
    OAUTH2,
    "alertmanager.oauth2",
    [
        ("client_id", StrKeep),
        ("client_secret", StrKeep),
        ("client_secret_file", Str),
        ("scopes", StrList),
        ("token_url", StrKeep),
        ("endpoint_params", StrMap),
        ("", Inline(&PROXY_CONFIG)),
        ("tls_config", Struct(&TLS_CONFIG)),
    ]
);

schema!(
    EMAIL,
    "alertmanager.emailConfig",
    [
        ("send_resolved", OptBool),
        ("to", Str),
        ("from", Str),
        ("hello", Str),
        ("smarthost", HostPort),
        ("auth_username", Str),
        ("auth_password", Str),
        ("auth_password_file", Str),
        ("auth_secret", Str),
        ("auth_secret_file", Str),
        ("auth_identity", Str),
        ("headers", StrMap),
        ("html", OptStr),
        ("text", OptStr),
        ("require_tls", OptBool),
        ("tls_config", Struct(&TLS_CONFIG)),
        ("force_implicit_tls", OptBool),
        ("threading", Struct(&EMAIL_THREADING)),
    ]
);

schema!(
    EMAIL_THREADING,
    "alertmanager.emailThreadingConfig",
    [("enabled", OptBool), ("thread_by_date", Str),]
);

schema!(
    PUSHOVER,
    "alertmanager.pushoverConfig",
    [
        ("send_resolved", OptBool),
        ("http_config", Struct(&HTTP_CONFIG)),
        ("user_key", Str),
        ("user_key_file", Str),
        ("token", Str),
        ("token_file", Str),
        ("title", Str),
        ("message", Str),
        ("url", Str),
        ("url_title", Str),
        ("ttl", Str),
        ("device", Str),
        ("sound", Str),
        ("priority", Str),
        ("retry", Dur),
        ("expire", Dur),
        ("html", OptBool),
        ("monospace", OptBool),
    ]
);

schema!(
    SNS,
    "alertmanager.snsConfig",
    [
        ("send_resolved", OptBool),
        ("http_config", Struct(&HTTP_CONFIG)),
        ("api_url", Str),
        ("sigv4", StructVal(&SIGV4)),
        ("topic_arn", Str),
        ("phone_number", Str),
        ("target_arn", Str),
        ("subject", Str),
        ("message", Str),
        ("attributes", StrMap),
        ("use_aws_http_client", Bool),
    ]
);

schema!(
    SIGV4,
    "alertmanager.sigV4Config",
    [
        ("region", Str),
        ("access_key", Str),
        ("secret_key", Str),
        ("profile", Str),
        ("role_arn", Str),
        ("external_id", Str),
    ]
);

schema!(
    TELEGRAM,
    "alertmanager.telegramConfig",
    [
        ("send_resolved", OptBool),
        ("api_url", Str),
        ("bot_token", Str),
        ("bot_token_file", Str),
        ("chat_id", Int),
        ("chat_id_file", Str),
        ("message_thread_id", Int),
        ("message", Str),
        ("disable_notifications", Bool),
        ("parse_mode", Str),
        ("http_config", Struct(&HTTP_CONFIG)),
    ]
);

schema!(
    DISCORD,
    "alertmanager.discordConfig",
    [
        ("send_resolved", OptBool),
        ("http_config", Struct(&HTTP_CONFIG)),
        ("webhook_url", Str),
        ("title", Str),
        ("message", Str),
        ("content", Str),
        ("username", Str),
        ("avatar_url", Str),
    ]
);

schema!(
    WEBEX,
    "alertmanager.webexConfig",
    [
        ("send_resolved", OptBool),
        ("http_config", Struct(&HTTP_CONFIG)),
        ("api_url", Str),
        ("message", Str),
        ("room_id", StrKeep),
    ]
);

schema!(
    VICTOROPS,
    "alertmanager.victorOpsConfig",
    [
        ("send_resolved", OptBool),
        ("http_config", Struct(&HTTP_CONFIG)),
        ("api_key", Str),
        ("api_key_file", Str),
        ("api_url", Str),
        ("routing_key", Str),
        ("message_type", Str),
        ("state_message", Str),
        ("entity_display_name", Str),
        ("monitoring_tool", Str),
        ("custom_fields", StrMap),
    ]
);

schema!(
    MSTEAMS,
    "alertmanager.msTeamsConfig",
    [
        ("send_resolved", OptBool),
        ("webhook_url", StrKeep),
        ("title", Str),
        ("summary", Str),
        ("text", Str),
        ("http_config", Struct(&HTTP_CONFIG)),
    ]
);

schema!(
    MSTEAMSV2,
    "alertmanager.msTeamsV2Config",
    [
        ("send_resolved", OptBool),
        ("webhook_url", Str),
        ("webhook_url_file", Str),
        ("title", Str),
        ("text", Str),
        ("http_config", Struct(&HTTP_CONFIG)),
    ]
);

schema!(
    JIRA,
    "alertmanager.jiraConfig",
    [
        ("http_config", Struct(&HTTP_CONFIG)),
        ("send_resolved", OptBool),
        ("api_url", Str),
        ("project", Str),
        ("summary", Str),
        ("description", Str),
        ("labels", StrList),
        ("priority", Str),
        ("issue_type", Str),
        ("reopen_transition", Str),
        ("resolve_transition", Str),
        ("wont_fix_resolution", Str),
        ("reopen_duration", DurVal),
        ("fields", AnyMap),
        ("api_type", Str),
    ]
);

schema!(
    ROCKETCHAT_FIELD,
    "alertmanager.rocketchatAttachmentField",
    [("short", OptBool), ("title", Str), ("value", Str),]
);

schema!(
    ROCKETCHAT_ACTION,
    "alertmanager.rocketchatAttachmentAction",
    [
        ("type", Str),
        ("text", Str),
        ("url", Str),
        ("image_url", Str),
        ("is_webview", BoolKeep),
        ("webview_height_ratio", Str),
        ("msg", Str),
        ("msg_in_chat_window", BoolKeep),
        ("msg_processing_type", Str),
    ]
);

schema!(
    ROCKETCHAT,
    "alertmanager.rocketChatConfig",
    [
        ("send_resolved", OptBool),
        ("http_config", Struct(&HTTP_CONFIG)),
        ("api_url", Str),
        ("token_id", OptStr),
        ("token_id_file", Str),
        ("token", OptStr),
        ("token_file", Str),
        ("channel", Str),
        ("color", Str),
        ("title", Str),
        ("title_link", Str),
        ("text", Str),
        ("fields", List(&ROCKETCHAT_FIELD)),
        ("short_fields", BoolKeep),
        ("emoji", Str),
        ("icon_url", Str),
        ("image_url", Str),
        ("thumb_url", Str),
        ("link_names", BoolKeep),
        ("actions", List(&ROCKETCHAT_ACTION)),
    ]
);

schema!(
    MATTERMOST_FIELD,
    "alertmanager.mattermostField",
    [("title", Str), ("value", Str), ("short", Bool)]
);

schema!(
    MATTERMOST_ATTACHMENT,
    "alertmanager.mattermostAttachmentConfig",
    [
        ("fallback", Str),
        ("color", Str),
        ("pretext", Str),
        ("text", Str),
        ("author_name", Str),
        ("author_link", Str),
        ("author_icon", Str),
        ("title", Str),
        ("title_link", Str),
        ("fields", List(&MATTERMOST_FIELD)),
        ("thumb_url", Str),
        ("footer", Str),
        ("footer_icon", Str),
        ("image_url", Str),
    ]
);

schema!(MATTERMOST_PROPS, "alertmanager.mattermostPropsConfig", [("card", OptStr)]);

schema!(
    MATTERMOST_PRIORITY,
    "alertmanager.mattermostPriorityConfig",
    [("priority", Str), ("requested_ack", OptBool), ("persistent_notifications", OptBool),]
);

schema!(
    MATTERMOST,
    "alertmanager.mattermostConfig",
    [
        ("send_resolved", OptBool),
        ("webhook_url", Str),
        ("webhook_url_file", Str),
        ("channel", Str),
        ("username", Str),
        ("text", Str),
        ("icon_url", Str),
        ("icon_emoji", Str),
        ("attachments", List(&MATTERMOST_ATTACHMENT)),
        ("props", Struct(&MATTERMOST_PROPS)),
        ("priority", Struct(&MATTERMOST_PRIORITY)),
        ("fallback", Str),
        ("color", Str),
        ("pretext", Str),
        ("author_name", Str),
        ("author_link", Str),
        ("author_icon", Str),
        ("title", Str),
        ("title_link", Str),
        ("fields", List(&MATTERMOST_FIELD)),
        ("thumb_url", Str),
        ("footer", Str),
        ("footer_icon", Str),
        ("image_url", Str),
        ("http_config", Struct(&HTTP_CONFIG)),
    ]
);

schema!(
    INCIDENTIO,
    "alertmanager.incidentioConfig",
    [
        ("send_resolved", OptBool),
        ("http_config", Struct(&HTTP_CONFIG)),
        ("url", Str),
        ("url_file", Str),
        ("alert_source_token", Str),
        ("alert_source_token_file", Str),
        ("max_alerts", OptInt),
        ("timeout", Dur),
    ]
);

schema!(
    TIME_INTERVAL,
    "alertmanager.timeInterval",
    [("name", StrKeep), ("time_intervals", TimeIntervals),]
);

schema!(
    HTTP_HEADER,
    "config.Header",
    [("values", StrList), ("secrets", StrList), ("files", StrList),]
);
