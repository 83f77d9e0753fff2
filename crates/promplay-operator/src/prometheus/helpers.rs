//! HTTP-client settings shared by every generator (ServiceMonitors,
//! PodMonitors, Probes, ScrapeConfigs, alerting, remote read/write): basic
//! auth, authorization, OAuth2, SigV4, proxy, TLS, relabel configs and the
//! scrape-class merges, each written exactly as the operator's
//! `add*ToYaml` functions write it (same keys, same order, same gates).
//!
//! The ScrapeConfig generator (`scrapeconfig.rs`) builds on these; every
//! function takes the (possibly version-gated) [`Gen`], the map to append to,
//! the namespace whose Secrets are read, and the manifest value.

use super::context::{Gen, map, opt_bool, opt_text, present, s, strs, text};
use super::store::{KeyRef, tls_asset_path, tls_secret_asset_path};
use crate::select::scalar_text;
use crate::value::{Map, Value};

/// `basic_auth` from a `BasicAuth` value (`username`/`password` Secret keys).
pub fn add_basic_auth(g: Gen<'_>, cfg: &mut Map, ns: &str, ba: Option<&Value>) {
    let Some(ba) = ba.filter(|v| !v.is_null()) else {
        return;
    };
    let read = |key: &str| {
        KeyRef::from_value(ba.get(key))
            .and_then(|sel| g.ctx.store.secret(ns, &sel).ok())
            .unwrap_or_default()
    };
    let auth = map([("username", s(read("username"))), ("password", s(read("password")))]);
    g.append(cfg, "basic_auth", Value::Map(auth));
}

/// `sigv4` from a `Sigv4` value.
pub fn add_sigv4(g: Gen<'_>, cfg: &mut Map, ns: &str, sigv4: Option<&Value>) {
    let Some(sv) = sigv4.filter(|v| !v.is_null()) else {
        return;
    };
    let mut out = Map::new();
    let region = text(sv, "region");
    if !region.is_empty() {
        out.insert("region", s(region));
    }
    if let (Some(ak), Some(sk)) =
        (KeyRef::from_value(sv.get("accessKey")), KeyRef::from_value(sv.get("secretKey")))
    {
        let ak = g.ctx.store.secret(ns, &ak).unwrap_or_default();
        let sk = g.ctx.store.secret(ns, &sk).unwrap_or_default();
        if !ak.is_empty() && !sk.is_empty() {
            out.insert("access_key", s(ak));
            out.insert("secret_key", s(sk));
        }
    }
    let profile = text(sv, "profile");
    if !profile.is_empty() {
        out.insert("profile", s(profile));
    }
    let role = text(sv, "roleArn");
    if !role.is_empty() {
        out.insert("role_arn", s(role));
    }
    let external = text(sv, "externalId");
    if !external.is_empty() {
        g.min("3.11.0").append(&mut out, "external_id", s(external));
    }
    if let Some(fips) = opt_bool(sv, "useFIPSSTSEndpoint") {
        g.min("2.54.0").append(&mut out, "use_fips_sts_endpoint", Value::Bool(fips));
    }
    g.append(cfg, "sigv4", Value::Map(out));
}

/// The `authorization` map of a `SafeAuthorization` value, without appending.
fn safe_authorization_map(g: Gen<'_>, ns: &str, auth: &Value) -> Map {
    let mut out = Map::new();
    let ty = text(auth, "type");
    let ty = if ty.is_empty() { "Bearer".to_string() } else { ty };
    out.insert("type", s(ty.trim()));
    if let Some(sel) = KeyRef::from_value(auth.get("credentials"))
        && let Ok(cred) = g.ctx.store.secret(ns, &sel)
    {
        out.insert("credentials", s(cred));
    }
    out
}

/// `authorization` from a `SafeAuthorization` value (requires 2.26.0).
pub fn add_safe_authorization(g: Gen<'_>, cfg: &mut Map, ns: &str, auth: Option<&Value>) {
    let Some(auth) = auth.filter(|v| !v.is_null()) else {
        return;
    };
    let out = safe_authorization_map(g, ns, auth);
    g.min("2.26.0").append(cfg, "authorization", Value::Map(out));
}

/// `authorization` from an `Authorization` value (adds `credentials_file`).
pub fn add_authorization(g: Gen<'_>, cfg: &mut Map, ns: &str, auth: Option<&Value>) {
    let Some(auth) = auth.filter(|v| !v.is_null()) else {
        return;
    };
    let mut out = safe_authorization_map(g, ns, auth);
    let file = text(auth, "credentialsFile");
    if !file.is_empty() {
        out.insert("credentials_file", s(file));
    }
    g.min("2.26.0").append(cfg, "authorization", Value::Map(out));
}

/// The inline `ProxyConfig` fields of `holder` (`proxyUrl`, `noProxy`,
/// `proxyFromEnvironment`, `proxyConnectHeader`).
pub fn add_proxy(g: Gen<'_>, cfg: &mut Map, ns: &str, holder: &Value) {
    let url = opt_text(holder, "proxyUrl");
    let no_proxy = opt_text(holder, "noProxy");
    let from_env = opt_bool(holder, "proxyFromEnvironment");
    let headers = present(holder, "proxyConnectHeader").and_then(Value::as_map);
    if url.is_none() && no_proxy.is_none() && from_env.is_none() && headers.is_none() {
        return;
    }
    if let Some(url) = url {
        g.append(cfg, "proxy_url", s(url));
    }
    let gated = g.min("2.43.0");
    if let Some(np) = no_proxy {
        gated.append(cfg, "no_proxy", s(np));
    }
    if let Some(fe) = from_env {
        gated.append(cfg, "proxy_from_environment", Value::Bool(fe));
    }
    if let Some(headers) = headers {
        let mut names: Vec<&str> = headers.iter().map(|(k, _)| k).collect();
        names.sort_unstable();
        let mut out = Map::new();
        for name in names {
            let values = headers
                .get(name)
                .and_then(Value::as_seq)
                .unwrap_or(&[])
                .iter()
                .map(|sel| {
                    KeyRef::from_value(Some(sel))
                        .and_then(|sel| g.ctx.store.secret(ns, &sel).ok())
                        .unwrap_or_default()
                })
                .collect::<Vec<_>>();
            out.insert(name, strs(values));
        }
        gated.append(cfg, "proxy_connect_header", Value::Map(out));
    }
}

/// The `tls_config` map of a `SafeTLSConfig` value, without appending.
fn safe_tls_map(g: Gen<'_>, ns: &str, tls: &Value) -> Map {
    let mut out = Map::new();
    if let Some(b) = opt_bool(tls, "insecureSkipVerify") {
        out.insert("insecure_skip_verify", Value::Bool(b));
    }
    if let Some(path) = present(tls, "ca").and_then(|ca| tls_asset_path(ns, ca)) {
        out.insert("ca_file", s(path));
    }
    if let Some(path) = present(tls, "cert").and_then(|c| tls_asset_path(ns, c)) {
        out.insert("cert_file", s(path));
    }
    if let Some(key) = KeyRef::from_value(tls.get("keySecret")) {
        out.insert("key_file", s(tls_secret_asset_path(ns, &key)));
    }
    if let Some(name) = opt_text(tls, "serverName").filter(|n| !n.is_empty()) {
        out.insert("server_name", s(name));
    }
    if let Some(v) = opt_text(tls, "minVersion") {
        g.min("2.35.0").append(&mut out, "min_version", s(v));
    }
    if let Some(v) = opt_text(tls, "maxVersion") {
        g.min("2.41.0").append(&mut out, "max_version", s(v));
    }
    out
}

/// `tls_config` from a `SafeTLSConfig` value (Secret/ConfigMap references only).
pub fn add_safe_tls(g: Gen<'_>, cfg: &mut Map, ns: &str, tls: Option<&Value>) {
    let Some(tls) = tls.filter(|v| !v.is_null()) else {
        return;
    };
    let out = safe_tls_map(g, ns, tls);
    g.append(cfg, "tls_config", Value::Map(out));
}

/// `tls_config` from a `TLSConfig` value (adds `caFile`, `certFile`, `keyFile`).
pub fn add_tls(g: Gen<'_>, cfg: &mut Map, ns: &str, tls: Option<&Value>) {
    let Some(tls) = tls.filter(|v| !v.is_null()) else {
        return;
    };
    let mut out = safe_tls_map(g, ns, tls);
    for (field, key) in [("caFile", "ca_file"), ("certFile", "cert_file"), ("keyFile", "key_file")]
    {
        let v = text(tls, field);
        if !v.is_empty() {
            out.insert(key, s(v));
        }
    }
    g.append(cfg, "tls_config", Value::Map(out));
}

/// `oauth2` from an `OAuth2` value (requires 2.27.0; nothing when a
/// referenced Secret or ConfigMap cannot be read).
pub fn add_oauth2(g: Gen<'_>, cfg: &mut Map, ns: &str, oauth2: Option<&Value>) {
    let Some(o) = oauth2.filter(|v| !v.is_null()) else {
        return;
    };
    let Ok(client_id) = g.ctx.store.secret_or_configmap(ns, present(o, "clientId")) else {
        return;
    };
    let Some(Ok(client_secret)) =
        KeyRef::from_value(o.get("clientSecret")).map(|sel| g.ctx.store.secret(ns, &sel))
    else {
        return;
    };
    let mut out = map([
        ("client_id", s(client_id)),
        ("client_secret", s(client_secret)),
        ("token_url", s(text(o, "tokenUrl"))),
    ]);
    let scopes = super::context::string_list(o, "scopes");
    if !scopes.is_empty() {
        out.insert("scopes", strs(scopes));
    }
    if let Some(params) = present(o, "endpointParams").and_then(Value::as_map)
        && !params.is_empty()
    {
        out.insert("endpoint_params", Value::Map(sorted_string_map(params)));
    }
    add_proxy(g.min("2.43.0"), &mut out, ns, o);
    add_safe_tls(g.min("2.43.0"), &mut out, ns, present(o, "tlsConfig"));
    g.min("2.27.0").append(cfg, "oauth2", Value::Map(out));
}

/// A map with string values sorted by key (Go map marshalling order).
pub fn sorted_string_map(m: &Map) -> Map {
    let mut keys: Vec<&str> = m.iter().map(|(k, _)| k).collect();
    keys.sort_unstable();
    let mut out = Map::new();
    for k in keys {
        if let Some(v) = m.get(k) {
            out.insert(k, s(scalar_text(v)));
        }
    }
    out
}

/// A map with arbitrary values sorted by key (Go map marshalling order).
pub fn sorted_map(m: &Map) -> Map {
    let mut keys: Vec<&str> = m.iter().map(|(k, _)| k).collect();
    keys.sort_unstable();
    let mut out = Map::new();
    for k in keys {
        if let Some(v) = m.get(k) {
            out.insert(k, v.clone());
        }
    }
    out
}

/// One relabel config as `generateRelabelConfig` writes it: only the fields
/// that are set, in Prometheus' key order, the action lower-cased.
pub fn relabel_config(c: &Value) -> Value {
    let mut out = Map::new();
    let sources = super::context::string_list(c, "sourceLabels");
    if !sources.is_empty() {
        out.insert("source_labels", strs(sources));
    }
    if let Some(sep) = opt_text(c, "separator") {
        out.insert("separator", s(sep));
    }
    let target = text(c, "targetLabel");
    if !target.is_empty() {
        out.insert("target_label", s(target));
    }
    let regex = text(c, "regex");
    if !regex.is_empty() {
        out.insert("regex", s(regex));
    }
    if let Some(m) = super::context::opt_int(c, "modulus").filter(|m| *m != 0) {
        out.insert("modulus", Value::Int(m));
    }
    if let Some(r) = opt_text(c, "replacement") {
        out.insert("replacement", s(r));
    }
    let action = text(c, "action");
    if !action.is_empty() {
        out.insert("action", s(action.to_lowercase()));
    }
    Value::Map(out)
}

/// Every relabel config of a list.
pub fn relabel_configs(items: &[Value]) -> Vec<Value> {
    items.iter().map(relabel_config).collect()
}

/// `mergeTLSConfigWithScrapeClass`: the object's TLS config completed with
/// the scrape class' file paths, or the class' config when the object has none.
pub fn merge_tls_with_class(tls: Option<&Value>, class: Option<&Value>) -> Option<Value> {
    let class_tls = class.and_then(|c| present(c, "tlsConfig"));
    let Some(tls) = tls.filter(|v| !v.is_null()) else {
        return class_tls.cloned();
    };
    let Some(class_tls) = class_tls else {
        return Some(tls.clone());
    };
    let mut merged = tls.as_map().cloned().unwrap_or_default();
    let fill = |merged: &mut Map, file: &str, reference: &str| {
        let has_file = merged.get(file).is_some_and(|v| !scalar_text(v).is_empty());
        let has_ref = !super::context::is_zero(merged.get(reference));
        if !has_file && !has_ref {
            let v = text(class_tls, file);
            if v.is_empty() {
                merged.remove(file);
            } else {
                merged.insert(file, s(v));
            }
        }
    };
    fill(&mut merged, "caFile", "ca");
    fill(&mut merged, "certFile", "cert");
    fill(&mut merged, "keyFile", "keySecret");
    Some(Value::Map(merged))
}

/// `mergeSafeTLSConfigWithScrapeClass`: an empty object TLS config counts as none.
pub fn merge_safe_tls_with_class(tls: Option<&Value>, class: Option<&Value>) -> Option<Value> {
    if super::context::is_zero(tls) {
        return merge_tls_with_class(None, class);
    }
    merge_tls_with_class(tls, class)
}

/// `mergeAuthorizationWithScrapeClass`.
pub fn merge_authorization_with_class(
    auth: Option<&Value>,
    class: Option<&Value>,
) -> Option<Value> {
    let class_auth = class.and_then(|c| present(c, "authorization"));
    let Some(auth) = auth.filter(|v| !v.is_null()) else {
        return class_auth.cloned();
    };
    let Some(class_auth) = class_auth else {
        return Some(auth.clone());
    };
    let mut merged = auth.as_map().cloned().unwrap_or_default();
    if present(auth, "credentials").is_none() {
        match present(class_auth, "credentials") {
            Some(c) => merged.insert("credentials", c.clone()),
            None if text(auth, "credentialsFile").is_empty() => {
                let f = text(class_auth, "credentialsFile");
                if !f.is_empty() {
                    merged.insert("credentialsFile", s(f));
                }
            }
            None => {}
        }
    }
    Some(Value::Map(merged))
}

/// `mergeSafeAuthorizationWithScrapeClass`: an empty one counts as none.
pub fn merge_safe_authorization_with_class(
    auth: Option<&Value>,
    class: Option<&Value>,
) -> Option<Value> {
    if super::context::is_zero(auth) {
        return merge_authorization_with_class(None, class);
    }
    merge_authorization_with_class(auth, class)
}
