//! The checks the operator makes before it uses a selected object, with its
//! messages: relabel configs (action, regex, target label for the version),
//! TLS settings and TLS material (PEM certificates and key pairs), secret
//! references, authentication conflicts, proxy settings, scrape timeout
//! against interval, prober URLs and static labels. A failed check rejects
//! the object; the rest of the configuration is still generated.

use super::context::{items, opt_bool, opt_text, present, string_list, text};
use super::store::{KeyRef, Store, decode_base64};
use super::version::Version;
use crate::value::Value;

/// `LabelConfigValidator.Validate`: `[i]: reason` for the first bad config.
pub fn relabel_configs(version: &Version, rcs: &[Value]) -> Result<(), String> {
    for (i, rc) in rcs.iter().enumerate() {
        relabel_config(version, rc).map_err(|e| format!("[{i}]: {e}"))?;
    }
    Ok(())
}

fn valid_label_name(version: &Version, name: &str) -> bool {
    if version.gte("3.0.0") {
        return !name.is_empty();
    }
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Prometheus' legacy `relabelTarget` pattern: label-name characters and
/// `$var` / `${var}` references, starting with a letter, `_` or a reference.
fn valid_legacy_target(name: &str) -> bool {
    let b = name.as_bytes();
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut i = 0;
    let mut first = true;
    while i < b.len() {
        if b[i] == b'$' {
            i += 1;
            if i < b.len() && b[i] == b'{' {
                let start = i + 1;
                let mut j = start;
                while j < b.len() && word(b[j]) {
                    j += 1;
                }
                if j == start || j >= b.len() || b[j] != b'}' {
                    return false;
                }
                i = j + 1;
            } else {
                let start = i;
                while i < b.len() && word(b[i]) {
                    i += 1;
                }
                if i == start {
                    return false;
                }
            }
        } else if (first && !(b[i].is_ascii_alphabetic() || b[i] == b'_')) || !word(b[i]) {
            return false;
        } else {
            i += 1;
        }
        first = false;
    }
    !b.is_empty()
}

/// Whether `regex` compiles as Prometheus compiles relabel regexes
/// (`^(?s:<regex>)$`, RE2 syntax); the error names the problem.
pub fn check_regex(regex: &str) -> Result<(), String> {
    if is_plain_alternation(regex) {
        return Ok(());
    }
    let anchored = format!("^(?s:{})$", go_literal_braces(regex));
    let explain = |text: String| {
        let last = text.lines().rev().find(|l| l.starts_with("error:")).unwrap_or("");
        let reason = last.trim_start_matches("error:").trim();
        format!("error parsing regexp: {reason}: `{regex}`")
    };
    // The syntax tree catches nearly every error; translating it (slow for
    // the long alternations of metric relabelings) is only needed for what
    // the tree cannot judge: Unicode classes and flags.
    regex_syntax::ast::parse::Parser::new().parse(&anchored).map_err(|e| explain(e.to_string()))?;
    if !regex.contains("\\p") && !regex.contains("\\P") && !regex.contains("(?") {
        return Ok(());
    }
    regex_syntax::Parser::new().parse(&anchored).map(|_| ()).map_err(|e| explain(e.to_string()))
}

/// Regexes made only of name characters, `.`, `|` and balanced parentheses
/// (the long metric-name alternations of metric relabelings) are valid RE2
/// without parsing them, which is the bulk of the work otherwise.
fn is_plain_alternation(regex: &str) -> bool {
    let mut depth = 0usize;
    for c in regex.bytes() {
        match c {
            b'(' => depth += 1,
            b')' => {
                if depth == 0 {
                    return false;
                }
                depth -= 1;
            }
            b'|' | b'.' | b'_' | b':' | b'-' => {}
            c if c.is_ascii_alphanumeric() => {}
            _ => return false,
        }
    }
    depth == 0
}

/// Go's parser reads a `{` that does not start a valid repetition
/// (`{n}`, `{n,}`, `{n,m}`) as a literal; the Rust parser rejects it, so such
/// braces are escaped first.
fn go_literal_braces(regex: &str) -> String {
    let b = regex.as_bytes();
    let mut out = String::with_capacity(regex.len() + 4);
    let mut i = 0;
    let mut in_class = false;
    while i < b.len() {
        let c = b[i];
        if c == b'\\' && i + 1 < b.len() {
            // Copy the escape and the escaped character (which may be multi-byte).
            let len = regex[i + 1..].chars().next().map_or(1, char::len_utf8);
            out.push_str(&regex[i..i + 1 + len]);
            i += 1 + len;
            continue;
        }
        if in_class {
            in_class = c != b']';
        } else if c == b'[' {
            in_class = true;
        } else if c == b'{' && !is_repetition(&b[i..]) {
            out.push_str("\\{");
            i += 1;
            continue;
        }
        let len = regex[i..].chars().next().map_or(1, char::len_utf8);
        out.push_str(&regex[i..i + len]);
        i += len;
    }
    out
}

fn is_repetition(b: &[u8]) -> bool {
    let Some(end) = b.iter().position(|c| *c == b'}') else {
        return false;
    };
    let inner = &b[1..end];
    let (min, max) = match inner.iter().position(|c| *c == b',') {
        Some(comma) => (&inner[..comma], Some(&inner[comma + 1..])),
        None => (inner, None),
    };
    !min.is_empty()
        && min.iter().all(u8::is_ascii_digit)
        && max.is_none_or(|m| m.iter().all(u8::is_ascii_digit))
}

fn relabel_config(version: &Version, rc: &Value) -> Result<(), String> {
    let written = text(rc, "action");
    let action_name = if written.is_empty() { "replace".to_string() } else { written };
    let shown = action_name.clone();
    let action = action_name.to_lowercase();
    let target = text(rc, "targetLabel");
    let replacement = opt_text(rc, "replacement");
    let regex = text(rc, "regex");
    let modulus = super::context::opt_int(rc, "modulus").unwrap_or(0);
    let separator = opt_text(rc, "separator");
    const KNOWN: [&str; 11] = [
        "replace",
        "keep",
        "drop",
        "hashmod",
        "labelmap",
        "labeldrop",
        "labelkeep",
        "lowercase",
        "uppercase",
        "keepequal",
        "dropequal",
    ];
    if !KNOWN.contains(&action.as_str()) {
        return Err(format!("unknown relabel action {shown:?}"));
    }
    if (action == "lowercase" || action == "uppercase") && version.lt("2.36.0") {
        return Err(format!(
            "{shown} relabel action is only supported from Prometheus version 2.36.0"
        ));
    }
    if (action == "keepequal" || action == "dropequal") && version.lt("2.41.0") {
        return Err(format!(
            "{shown} relabel action is only supported from Prometheus version 2.41.0"
        ));
    }
    check_regex(&regex)
        .map_err(|e| format!("invalid regex {regex} for relabel configuration: {e}"))?;
    if modulus == 0 && action == "hashmod" {
        return Err("relabel configuration for hashmod requires non-zero modulus".into());
    }
    let needs_target = ["replace", "hashmod", "lowercase", "uppercase", "keepequal", "dropequal"];
    if needs_target.contains(&action.as_str()) && target.is_empty() {
        return Err(format!("relabel configuration for {shown} action needs targetLabel value"));
    }
    if action == "replace" && !valid_label_name(version, &target) {
        return Err(format!("{target:?} is invalid 'target_label' for {shown} action"));
    }
    let equalish = ["lowercase", "uppercase", "keepequal", "dropequal"];
    if equalish.contains(&action.as_str()) && !valid_label_name(version, &target) {
        return Err(format!("{target:?} is invalid 'target_label' for {shown} action"));
    }
    if equalish.contains(&action.as_str()) && replacement.as_deref().is_some_and(|r| r != "$1") {
        return Err(format!("'replacement' can not be set for {shown} action"));
    }
    if action == "labelmap"
        && let Some(r) = &replacement
    {
        let ok = if version.gte("3.0.0") { !r.is_empty() } else { valid_legacy_target(r) };
        if !ok {
            return Err(format!("{r:?} is invalid 'replacement' for {shown} action"));
        }
    }
    if action == "hashmod" && !valid_label_name(version, &target) {
        return Err(format!("{target:?} is invalid 'target_label' for {shown} action"));
    }
    if (action == "keepequal" || action == "dropequal")
        && ((!regex.is_empty() && regex != "(.*)")
            || (modulus != 0)
            || separator.as_deref().is_some_and(|s| s != ";")
            || replacement.as_deref().is_some_and(|r| r != "$1"))
    {
        return Err(format!(
            "{shown} action requires only 'source_labels' and `target_label`, and no other fields"
        ));
    }
    if (action == "labeldrop" || action == "labelkeep")
        && (!string_list(rc, "sourceLabels").is_empty()
            || !target.is_empty()
            || modulus != 0
            || separator.as_deref().is_some_and(|s| s != ";")
            || replacement.as_deref().is_some_and(|r| r != "$1"))
    {
        return Err(format!("{shown} action requires only 'regex', and no other fields"));
    }
    Ok(())
}

/// A Prometheus duration (`1h30m`, `15s`, `100ms`, `0`) in milliseconds.
pub fn parse_duration(text: &str) -> Result<u128, String> {
    if text.is_empty() {
        return Err("empty duration string".into());
    }
    if text == "0" {
        return Ok(0);
    }
    let units: [(&str, u128); 7] = [
        ("y", 365 * 24 * 3_600_000),
        ("w", 7 * 24 * 3_600_000),
        ("d", 24 * 3_600_000),
        ("h", 3_600_000),
        ("m", 60_000),
        ("s", 1000),
        ("ms", 1),
    ];
    let mut rest = text;
    let mut total: u128 = 0;
    let mut next_unit = 0;
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return Err(format!("not a valid duration string: {text:?}"));
        }
        let n: u128 =
            rest[..digits].parse().map_err(|_| format!("not a valid duration string: {text:?}"))?;
        rest = &rest[digits..];
        let unit = units[next_unit..]
            .iter()
            .enumerate()
            .filter(|(_, (u, _))| rest.starts_with(u) && !(*u == "m" && rest.starts_with("ms")))
            .map(|(i, u)| (i + next_unit, *u))
            .next();
        let Some((idx, (u, mul))) = unit else {
            return Err(format!("not a valid duration string: {text:?}"));
        };
        rest = &rest[u.len()..];
        total += n * mul;
        next_unit = idx + 1;
    }
    Ok(total)
}

/// `CompareScrapeTimeoutToScrapeInterval`.
pub fn timeout_within_interval(timeout: &str, interval: &str) -> Result<(), String> {
    let si = parse_duration(interval)
        .map_err(|e| format!("invalid scrapeInterval {interval:?}: {e}"))?;
    let st =
        parse_duration(timeout).map_err(|e| format!("invalid scrapeTimeout: {timeout:?}: {e}"))?;
    if st > si {
        return Err(format!("scrapeTimeout {timeout:?} greater than scrapeInterval {interval:?}"));
    }
    Ok(())
}

/// `validateScrapeIntervalAndTimeout`: the object's interval or the global one.
pub fn scrape_interval_and_timeout(
    prom_spec: &Value,
    interval: &str,
    timeout: &str,
) -> Result<(), String> {
    if timeout.is_empty() {
        return Ok(());
    }
    let interval =
        if interval.is_empty() { text(prom_spec, "scrapeInterval") } else { interval.to_string() };
    timeout_within_interval(timeout, &interval)
}

fn som_string(v: Option<&Value>) -> String {
    let Some(v) = v else { return "<nil>".into() };
    if let Some(s) = KeyRef::from_value(v.get("secret")) {
        return format!("<secret={},key={}>", s.name, s.key);
    }
    if let Some(c) = KeyRef::from_value(v.get("configMap")) {
        return format!("<configmap={},key={}>", c.name, c.key);
    }
    "<empty>".into()
}

fn som_set(v: Option<&Value>) -> bool {
    v.is_some_and(|v| present(v, "secret").is_some() || present(v, "configMap").is_some())
}

fn safe_tls_inner(c: &Value) -> Result<(), String> {
    for field in ["ca", "cert"] {
        if let Some(v) = present(c, field)
            && present(v, "secret").is_some()
            && present(v, "configMap").is_some()
        {
            return Err(format!(
                "{field} {}: cannot specify both Secret and ConfigMap",
                som_string(Some(v))
            ));
        }
    }
    if let (Some(max), Some(min)) = (opt_text(c, "maxVersion"), opt_text(c, "minVersion"))
        && max < min
    {
        return Err("maxVersion must more than or equal to minVersion".into());
    }
    Ok(())
}

/// `SafeTLSConfig.Validate`.
pub fn safe_tls_config(c: &Value) -> Result<(), String> {
    safe_tls_inner(c)?;
    let cert = som_set(c.get("cert"));
    let key = present(c, "keySecret").is_some();
    if cert && !key {
        return Err("client cert specified without client key".into());
    }
    if key && !cert {
        return Err("client key specified without client cert".into());
    }
    Ok(())
}

/// `TLSConfig.Validate` (references and file paths).
pub fn tls_config(c: &Value) -> Result<(), String> {
    safe_tls_inner(c)?;
    if som_set(c.get("ca")) && !text(c, "caFile").is_empty() {
        return Err("cannot specify both 'caFile' and 'ca'".into());
    }
    let has_cert_ref = som_set(c.get("cert"));
    if has_cert_ref && !text(c, "certFile").is_empty() {
        return Err("cannot specify both 'certFile' and 'cert'".into());
    }
    if !text(c, "keyFile").is_empty() && present(c, "keySecret").is_some() {
        return Err("cannot specify both 'keyFile' and 'keySecret'".into());
    }
    let has_cert = has_cert_ref || !text(c, "certFile").is_empty();
    let has_key = !text(c, "keyFile").is_empty() || present(c, "keySecret").is_some();
    if has_cert && !has_key {
        return Err("cannot specify client cert without client key".into());
    }
    if has_key && !has_cert {
        return Err("cannot specify client key without client cert".into());
    }
    Ok(())
}

/// Reads a `SecretOrConfigMap` reference the way `StoreBuilder.GetKey` does.
fn get_key(store: &Store, ns: &str, v: Option<&Value>) -> Result<String, String> {
    store.secret_or_configmap(ns, v)
}

/// The TLS material checks of `addTLSAssets`: CA parses as a certificate,
/// cert and key form a pair.
fn tls_assets(store: &Store, ns: &str, c: &Value) -> Result<(), String> {
    let ca = get_key(store, ns, present(c, "ca"))
        .map_err(|e| format!("failed to get ca {:?}: {e}", som_string(present(c, "ca"))))?;
    let cert = get_key(store, ns, present(c, "cert"))
        .map_err(|e| format!("failed to get cert {:?}: {e}", som_string(present(c, "cert"))))?;
    let key_ref = KeyRef::from_value(c.get("keySecret"));
    let key = match &key_ref {
        Some(k) => store
            .secret(ns, k)
            .map_err(|e| format!("failed to get key {}/{}: {e}", k.name, k.key))?,
        None => String::new(),
    };
    if !ca.is_empty() {
        let ca_name = som_string(present(c, "ca"));
        let Some(block) = pem_blocks(&ca).into_iter().next() else {
            return Err(format!("ca {ca_name}: failed to decode PEM block"));
        };
        if block.0 != "CERTIFICATE" || !der_sequence(&block.1) {
            return Err(format!(
                "ca {ca_name}: failed to parse certificate: x509: malformed certificate"
            ));
        }
    }
    if !cert.is_empty() && !key.is_empty() {
        let k = key_ref.unwrap_or_default();
        let cert_name = som_string(present(c, "cert"));
        key_pair(&cert, &key)
            .map_err(|e| format!("cert {cert_name}, key <{}/{}>: {e}", k.name, k.key))?;
    }
    Ok(())
}

/// `tls.X509KeyPair`'s structural checks.
fn key_pair(cert: &str, key: &str) -> Result<(), String> {
    let certs: Vec<_> = pem_blocks(cert).into_iter().filter(|b| b.0 == "CERTIFICATE").collect();
    if certs.is_empty() {
        return Err("tls: failed to find any PEM data in certificate input".into());
    }
    if certs.iter().any(|b| !der_sequence(&b.1)) {
        return Err("x509: malformed certificate".into());
    }
    let keys: Vec<_> = pem_blocks(key)
        .into_iter()
        .filter(|b| b.0 == "PRIVATE KEY" || b.0.ends_with(" PRIVATE KEY"))
        .collect();
    let Some(k) = keys.first() else {
        return Err("tls: failed to find any PEM data in key input".into());
    };
    if !der_sequence(&k.1) {
        return Err("tls: failed to parse private key".into());
    }
    Ok(())
}

/// PEM blocks as `(type, DER bytes)`; blocks with bad base64 are skipped.
fn pem_blocks(text: &str) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("-----BEGIN ") {
        let after = &rest[start + 11..];
        let Some(end_label) = after.find("-----") else { break };
        let label = after[..end_label].to_string();
        let body_start = &after[end_label + 5..];
        let end_marker = format!("-----END {label}-----");
        let Some(end) = body_start.find(&end_marker) else { break };
        let body: String =
            body_start[..end].lines().filter(|l| !l.contains(':')).collect::<Vec<_>>().join("");
        if let Some(der) = decode_base64(&body) {
            out.push((label, der));
        }
        rest = &body_start[end + end_marker.len()..];
    }
    out
}

/// Whether bytes are one DER SEQUENCE whose length covers them exactly.
fn der_sequence(der: &[u8]) -> bool {
    if der.len() < 2 || der[0] != 0x30 {
        return false;
    }
    let (len, header) = match der[1] {
        n if n < 0x80 => (n as usize, 2),
        0x81 if der.len() > 2 => (der[2] as usize, 3),
        0x82 if der.len() > 3 => (((der[2] as usize) << 8) | der[3] as usize, 4),
        0x83 if der.len() > 4 => {
            (((der[2] as usize) << 16) | ((der[3] as usize) << 8) | der[4] as usize, 5)
        }
        _ => return false,
    };
    header + len == der.len()
}

/// `StoreBuilder.AddSafeTLSConfig`.
pub fn add_safe_tls(store: &Store, ns: &str, c: Option<&Value>) -> Result<(), String> {
    let Some(c) = c else { return Ok(()) };
    safe_tls_config(c).map_err(|e| format!("failed to validate TLS configuration: {e}"))?;
    tls_assets(store, ns, c)
}

/// `StoreBuilder.AddTLSConfig`.
pub fn add_tls(store: &Store, ns: &str, c: Option<&Value>) -> Result<(), String> {
    let Some(c) = c else { return Ok(()) };
    tls_config(c).map_err(|e| format!("failed to validate TLS configuration: {e}"))?;
    tls_assets(store, ns, c)
}

/// `StoreBuilder.AddBasicAuth`.
pub fn add_basic_auth(store: &Store, ns: &str, ba: Option<&Value>) -> Result<(), String> {
    let Some(ba) = ba else { return Ok(()) };
    let user = KeyRef::from_value(ba.get("username")).unwrap_or_default();
    store.secret(ns, &user).map_err(|e| format!("failed to get basic auth username: {e}"))?;
    let pass = KeyRef::from_value(ba.get("password")).unwrap_or_default();
    store.secret(ns, &pass).map_err(|e| format!("failed to get basic auth password: {e}"))?;
    Ok(())
}

/// `ProxyConfig.Validate` on the inline proxy fields of `holder`.
pub fn proxy_config(holder: &Value) -> Result<(), String> {
    let from_env = opt_bool(holder, "proxyFromEnvironment") == Some(true);
    let url = opt_text(holder, "proxyUrl").is_some_and(|u| !u.is_empty());
    let no_proxy = opt_text(holder, "noProxy").is_some_and(|u| !u.is_empty());
    let headers = present(holder, "proxyConnectHeader").and_then(Value::as_map);
    if headers.is_some_and(|h| !h.is_empty()) && !from_env && !url {
        return Err("if proxyConnectHeader is configured, proxyUrl or proxyFromEnvironment must also be configured".into());
    }
    if from_env && url {
        return Err("if proxyFromEnvironment is configured, proxyUrl must not be configured".into());
    }
    if from_env && no_proxy {
        return Err("if proxyFromEnvironment is configured, noProxy must not be configured".into());
    }
    if !url && no_proxy {
        return Err("if noProxy is configured, proxyUrl must also be configured".into());
    }
    if let Some(h) = headers {
        for (k, v) in h.iter() {
            let sels = v.as_seq().unwrap_or(&[]);
            if sels.is_empty() {
                return Err(format!("proxyConnetHeader[{k}]: selector must not be empty"));
            }
            for (i, sel) in sels.iter().enumerate() {
                if KeyRef::from_value(Some(sel)).is_none_or(|s| s.is_zero()) {
                    return Err(format!("proxyConnectHeader[{k}][{i}]: selector must be defined"));
                }
            }
        }
    }
    if let Some(u) = opt_text(holder, "proxyUrl")
        && u.contains(char::is_whitespace)
    {
        return Err(format!("parse {u:?}: invalid character \" \" in host name"));
    }
    Ok(())
}

/// `StoreBuilder.AddProxyConfig` (secret references of connect headers).
pub fn add_proxy(store: &Store, ns: &str, holder: &Value) -> Result<(), String> {
    proxy_config(holder)?;
    if let Some(h) = present(holder, "proxyConnectHeader").and_then(Value::as_map) {
        for (k, v) in h.iter() {
            for (i, sel) in v.as_seq().unwrap_or(&[]).iter().enumerate() {
                let sel = KeyRef::from_value(Some(sel)).unwrap_or_default();
                store.secret(ns, &sel).map_err(|e| format!("header[{k}][{i}]: {e}"))?;
            }
        }
    }
    Ok(())
}

/// `OAuth2.Validate` plus `StoreBuilder.AddOAuth2`.
pub fn add_oauth2(store: &Store, ns: &str, o: Option<&Value>) -> Result<(), String> {
    let Some(o) = o else { return Ok(()) };
    if text(o, "tokenUrl").is_empty() {
        return Err("OAuth2 tokenURL must be specified".into());
    }
    let id = present(o, "clientId");
    if !som_set(id) {
        return Err("OAuth2 'clientID' must be specified".into());
    }
    if let Some(id) = id
        && present(id, "secret").is_some()
        && present(id, "configMap").is_some()
    {
        return Err("invalid OAuth2 'clientID': cannot specify both Secret and ConfigMap".into());
    }
    if let Some(t) = present(o, "tlsConfig") {
        safe_tls_config(t).map_err(|e| format!("invalid OAuth2 'tlsConfig': {e}"))?;
    }
    proxy_config(o).map_err(|e| format!("invalid OAuth2 proxyConfig: {e}"))?;
    get_key(store, ns, id).map_err(|e| format!("failed to get oauth2 client id: {e}"))?;
    let secret = KeyRef::from_value(o.get("clientSecret")).unwrap_or_default();
    store.secret(ns, &secret).map_err(|e| format!("failed to get oauth2 client secret: {e}"))?;
    add_proxy(store, ns, o).map_err(|e| format!("failed to get oauth2 proxyConfig: {e}"))?;
    add_safe_tls(store, ns, present(o, "tlsConfig"))
        .map_err(|e| format!("failed to get oauth2 tlsConfig: {e}"))?;
    Ok(())
}

fn is_basic(ty: &str) -> bool {
    ty.trim().eq_ignore_ascii_case("basic")
}

/// `SafeAuthorization.Validate` plus `AddSafeAuthorizationCredentials`.
pub fn add_safe_authorization(store: &Store, ns: &str, a: Option<&Value>) -> Result<(), String> {
    let Some(a) = a else { return Ok(()) };
    let Some(cred) = KeyRef::from_value(a.get("credentials")) else {
        return Ok(());
    };
    if is_basic(&text(a, "type")) {
        return Err(
            "'authorization' type cannot be set to \"basic\", use \"basicAuth\" instead".into()
        );
    }
    if !cred.name.is_empty() {
        store.secret(ns, &cred).map_err(|e| {
            format!("failed to get authorization token of type {:?}: {e}", text(a, "type"))
        })?;
    }
    Ok(())
}

/// `Authorization.Validate` plus `AddAuthorizationCredentials`.
pub fn add_authorization(store: &Store, ns: &str, a: Option<&Value>) -> Result<(), String> {
    let Some(a) = a else { return Ok(()) };
    let Some(cred) = KeyRef::from_value(a.get("credentials")) else {
        return Ok(());
    };
    if !text(a, "credentialsFile").is_empty() {
        return Err(
            "authorization can not specify both \"credentials\" and \"credentialsFile\"".into()
        );
    }
    if is_basic(&text(a, "type")) {
        return Err(
            "authorization type cannot be set to \"basic\", use \"basicAuth\" instead".into()
        );
    }
    if !cred.name.is_empty() {
        store.secret(ns, &cred).map_err(|e| {
            format!("failed to get authorization token of type {:?}: {e}", text(a, "type"))
        })?;
    }
    Ok(())
}

/// `StoreBuilder.AddSigV4`.
pub fn add_sigv4(store: &Store, ns: &str, s: Option<&Value>) -> Result<(), String> {
    let Some(s) = s else { return Ok(()) };
    let ak = KeyRef::from_value(s.get("accessKey"));
    let sk = KeyRef::from_value(s.get("secretKey"));
    match (ak, sk) {
        (None, None) => Ok(()),
        (Some(ak), Some(sk)) => {
            store.secret(ns, &ak).map_err(|e| format!("failed to read SigV4 access-key: {e}"))?;
            store.secret(ns, &sk).map_err(|e| format!("failed to read SigV4 secret-key: {e}"))?;
            Ok(())
        }
        _ => Err("both accessKey and secretKey should be provided".into()),
    }
}

/// `HTTPConfigWithoutTLS.Validate`: at most one authentication method.
pub fn auth_conflicts(h: &Value) -> Result<(), String> {
    let a = present(h, "authorization").is_some();
    let b = present(h, "basicAuth").is_some();
    let t = present(h, "bearerTokenSecret").is_some();
    let o = present(h, "oauth2").is_some();
    let pairs = [
        (a && b, "authorization and basicAuth"),
        (a && !b && t, "authorization and bearerTokenSecret"),
        (a && !b && !t && o, "authorization and oauth2"),
        (!a && b && t, "basicAuth and bearerTokenSecret"),
        (!a && b && !t && o, "basicAuth and oauth2"),
        (!a && !b && t && o, "bearerTokenSecret and oauth2"),
    ];
    if let Some((_, what)) = pairs.iter().find(|(hit, _)| *hit) {
        return Err(format!("{what} cannot be configured at the same time"));
    }
    if let Some(auth) = present(h, "authorization") {
        if is_basic(&text(auth, "type")) {
            return Err("authorization: 'authorization' type cannot be set to \"basic\", use \"basicAuth\" instead".into());
        }
        if present(auth, "credentials").is_none() {
            return Err("authorization: 'authorization' credentials are required".into());
        }
    }
    Ok(())
}

/// The labels of a static config must be valid label names for the version.
pub fn static_labels(version: &Version, labels: Option<&Value>) -> Result<(), String> {
    let Some(m) = labels.and_then(Value::as_map) else { return Ok(()) };
    let mut names: Vec<&str> = m.iter().map(|(k, _)| k).collect();
    names.sort_unstable();
    for n in names {
        if !valid_label_name(version, n) {
            return Err(format!("invalid label {n:?}"));
        }
    }
    Ok(())
}

/// `validateProberURL`: `host` or `host:port`.
pub fn prober_url(url: &str) -> Result<(), String> {
    let (host, port) = match split_host_port(url) {
        Some(hp) => hp,
        None => {
            if !is_host(url) {
                return Err(format!("invalid host: {url:?}"));
            }
            return Ok(());
        }
    };
    if !is_host(host) {
        return Err(format!("invalid host: {host:?}"));
    }
    if !port.parse::<u32>().is_ok_and(|p| (1..=65535).contains(&p)) {
        return Err(format!("invalid port: {port:?}"));
    }
    Ok(())
}

fn split_host_port(s: &str) -> Option<(&str, &str)> {
    if let Some(rest) = s.strip_prefix('[') {
        let (host, after) = rest.split_once(']')?;
        let port = after.strip_prefix(':')?;
        return Some((host, port));
    }
    let (host, port) = s.rsplit_once(':')?;
    if host.contains(':') {
        return None;
    }
    Some((host, port))
}

fn is_host(h: &str) -> bool {
    if h.parse::<std::net::IpAddr>().is_ok() {
        return true;
    }
    if h.is_empty() || h.len() > 255 {
        return false;
    }
    let h = h.strip_suffix('.').unwrap_or(h);
    h.split('.').all(|label| {
        let b = label.as_bytes();
        !b.is_empty()
            && b.len() <= 63
            && (b[0].is_ascii_alphanumeric() || b[0] == b'_')
            && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'_' || *c == b'-')
    })
}

/// The names of items under `field` (for paths in diagnostics).
pub fn count(v: &Value, field: &str) -> usize {
    items(v, field).len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("1m30s").unwrap(), 90_000);
        assert_eq!(parse_duration("100ms").unwrap(), 100);
        assert!(parse_duration("30").is_err());
        assert!(parse_duration("1s1m").is_err());
        assert!(timeout_within_interval("1m", "30s").is_err());
        assert!(timeout_within_interval("10s", "30s").is_ok());
    }

    #[test]
    fn regexes_and_targets() {
        assert!(check_regex("(.*)").is_ok());
        assert!(check_regex("(abc").is_err());
        assert!(check_regex("abc)").is_err());
        assert!(check_regex("(a|b_c:d)|.e").is_ok());
        assert!(check_regex("foo{bar}").is_ok());
        assert!(check_regex("a{2,3}[{]").is_ok());
        assert!(check_regex("x{2,1}").is_err());
        assert!(valid_legacy_target("${1}_x"));
        assert!(valid_legacy_target("foo_$1"));
        assert!(!valid_legacy_target("1abc"));
        let v2 = Version::must("2.45.0");
        let rc = |action: &str, target: &str| {
            let mut m = crate::value::Map::new();
            m.insert("action", Value::String(action.into()));
            m.insert("targetLabel", Value::String(target.into()));
            Value::Map(m)
        };
        assert!(relabel_config(&v2, &rc("replace", "ok_label")).is_ok());
        assert!(relabel_config(&v2, &rc("replace", "bad-label")).is_err());
        assert!(relabel_config(&v2, &rc("hashmod", "x")).is_err());
        assert!(relabel_config(&v2, &rc("bogus", "x")).is_err());
    }

    #[test]
    fn prober_urls() {
        assert!(prober_url("blackbox-exporter:9115").is_ok());
        assert!(prober_url("blackbox.monitoring.svc").is_ok());
        assert!(prober_url("http://blackbox:9115").is_err());
        assert!(prober_url("host:99999").is_err());
    }
}
