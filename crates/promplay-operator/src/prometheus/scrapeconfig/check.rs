//! The service-discovery checks of the operator's `checkScrapeConfig`:
//! Secret references, HTTP-client settings, field and role version gates.

use super::super::context::{Gen, items, opt_bool, opt_text, present, text};
use super::super::monitors::Obj;
use super::super::store::{KeyRef, Store};
use super::super::validate as v;

/// The service-discovery checks of `checkScrapeConfig` (the common ones
/// are made by the selection): `Err((field path, reason))` rejects the
/// object.
///
/// The operator (0.93) rejects every ScrapeConfig when the Prometheus is
/// older than the oldest version some SD kind needs (HTTP 2.28, Linode
/// 2.28, OVHcloud 2.40, ...), even when the object uses none of those
/// kinds; this checks each gate only when the object uses the kind, which
/// is what the gates are meant for and what the conformance goldens show.
pub fn check(g: Gen<'_>, store: &Store, obj: Obj<'_>) -> Result<(), (String, String)> {
    let spec = obj.spec();
    let ns = obj.namespace;
    let version = &g.ctx.version;
    let ver = &g.ctx.version_text;
    let kinds: [(&str, &str, Option<&str>); 23] = [
        ("staticConfigs", "staticConfigs", None),
        ("fileSDConfigs", "fileSDConfigs", None),
        ("httpSDConfigs", "httpSDConfigs", Some("2.28.0")),
        ("kubernetesSDConfigs", "kubernetesSDConfigs", None),
        ("consulSDConfigs", "consulSDConfigs", None),
        ("dnsSDConfigs", "dnsSDConfigs", None),
        ("ec2SDConfigs", "ec2SDConfigs", None),
        ("azureSDConfigs", "azureSDConfigs", None),
        ("gceSDConfigs", "gceSDConfigs", None),
        ("openstackSDConfigs", "openstackSDConfigs", None),
        ("digitalOceanSDConfigs", "digitalOceanSDConfigs", Some("2.20.0")),
        ("kumaSDConfigs", "kumaSDConfigs", None),
        ("eurekaSDConfigs", "eurekaSDConfigs", None),
        ("dockerSDConfigs", "dockerSDConfigs", None),
        ("linodeSDConfigs", "linodeSDConfigs", Some("2.28.0")),
        ("hetznerSDConfigs", "hetznerSDConfigs", None),
        ("nomadSDConfigs", "nomadSDConfigs", None),
        ("dockerSwarmSDConfigs", "dockerswarmSDConfigs", Some("2.20.0")),
        ("puppetDBSDConfigs", "puppetDBSDConfigs", Some("2.31.0")),
        ("lightSailSDConfigs", "lightSailSDConfigs", Some("2.27.0")),
        ("ovhcloudSDConfigs", "OVHCloudSDConfigs", Some("2.40.0")),
        ("scalewaySDConfigs", "ScalewaySDConfigs", Some("2.26.0")),
        ("ionosSDConfigs", "IonosSDConfigs", Some("2.36.0")),
    ];
    for (field, label, min) in kinds {
        let list = items(spec, field);
        if list.is_empty() {
            continue;
        }
        let fail = |i: Option<usize>, e: String| {
            let path = match i {
                Some(i) => format!("spec.{field}[{i}]"),
                None => format!("spec.{field}"),
            };
            let msg = match i {
                Some(i) => format!("{label}: [{i}]: {e}"),
                None => format!("{label}: {e}"),
            };
            (path, msg)
        };
        if let Some(min) = min
            && version.lt(min)
        {
            return Err(fail(
                None,
                format!(
                    "this service discovery is only supported for Prometheus version >= {min} (spec.version is {ver})"
                ),
            ));
        }
        for (i, c) in list.iter().enumerate() {
            let at = |r: Result<(), String>| r.map_err(|e| fail(Some(i), e));
            let secret = |f: &str| -> Result<(), String> {
                match KeyRef::from_value(present(c, f)) {
                    Some(sel) => store.secret(ns, &sel).map(|_| ()),
                    None => Ok(()),
                }
            };
            // The HTTP-client settings every kind may carry.
            at(v::add_basic_auth(store, ns, present(c, "basicAuth")))?;
            at(v::add_safe_authorization(store, ns, present(c, "authorization")))?;
            at(v::add_oauth2(store, ns, present(c, "oauth2")))?;
            at(v::add_safe_tls(store, ns, present(c, "tlsConfig")))?;
            at(v::add_proxy(store, ns, c))?;
            let need = |cond: bool, min: &str, what: &str| -> Result<(), String> {
                if cond && version.lt(min) {
                    return Err(format!(
                        "field `{what}` is only supported for Prometheus version >= {min}"
                    ));
                }
                Ok(())
            };
            match field {
                "kubernetesSDConfigs" => {
                    let role = text(c, "role").to_lowercase();
                    at(need(role == "endpointslice", "2.21.0", "role: EndpointSlice"))?;
                    if present(c, "apiServer").is_some()
                        && present(c, "namespaces").and_then(|n| opt_bool(n, "ownNamespace"))
                            == Some(true)
                    {
                        at(Err(
                            "cannot use 'apiServer' and 'namespaces.ownNamespace' simultaneously"
                                .into(),
                        ))?;
                    }
                    let allowed: &[&str] = match role.as_str() {
                        "pod" => &["pod"],
                        "service" => &["service"],
                        "endpointslice" => &["pod", "service", "endpointslice"],
                        "endpoints" => &["pod", "service", "endpoints"],
                        "node" => &["node"],
                        "ingress" => &["ingress"],
                        _ => &[],
                    };
                    for sel in items(c, "selectors") {
                        let sr = text(sel, "role").to_lowercase();
                        if allowed.is_empty() {
                            at(Err(format!(
                                "invalid role: {sr:?}, expecting one of: pod, service, endpoints, endpointslice, node or ingress"
                            )))?;
                        }
                        if !allowed.contains(&sr.as_str()) {
                            at(Err(format!(
                                "{} role supports only {} selectors",
                                text(c, "role"),
                                allowed.join(", ")
                            )))?;
                        }
                    }
                }
                "consulSDConfigs" => {
                    at(need(present(c, "pathPrefix").is_some(), "2.45.0", "pathPrefix"))?;
                    at(need(present(c, "namespace").is_some(), "2.28.0", "namespace"))?;
                    at(need(present(c, "filter").is_some(), "3.0.0", "filter"))?;
                    at(need(present(c, "healthFilter").is_some(), "3.11.2", "healthFilter"))?;
                    at(secret("tokenRef"))?;
                }
                "dnsSDConfigs" => {
                    if let Some(t) = opt_text(c, "type")
                        && t != "SRV"
                        && present(c, "port").is_none()
                    {
                        at(Err(format!("port required for record type {t:?}")))?;
                    }
                }
                "ec2SDConfigs" | "lightSailSDConfigs" => {
                    at(secret("accessKey"))?;
                    at(secret("secretKey"))?;
                }
                "azureSDConfigs" => {
                    let method = text(c, "authenticationMethod");
                    at(need(method == "SDK", "2.52.0", "authenticationMethod: SDK"))?;
                    at(need(
                        method == "WorkloadIdentity",
                        "3.11.0",
                        "authenticationMethod: WorkloadIdentity",
                    ))?;
                    at(need(present(c, "resourceGroup").is_some(), "2.35.0", "resourceGroup"))?;
                    if !matches!(method.as_str(), "ManagedIdentity" | "SDK" | "WorkloadIdentity") {
                        if text(c, "tenantID").is_empty() {
                            at(Err("configuration requires a tenantID".into()))?;
                        }
                        if text(c, "clientID").is_empty() {
                            at(Err("configuration requires a clientID".into()))?;
                        }
                        if present(c, "clientSecret").is_none() {
                            at(Err("configuration requires a clientSecret".into()))?;
                        }
                        at(secret("clientSecret"))?;
                    }
                }
                "openstackSDConfigs" => {
                    at(need(text(c, "role") == "LoadBalancer", "3.2.0", "role: LoadBalancer"))?;
                    at(secret("password"))?;
                    at(secret("applicationCredentialSecret"))?;
                }
                "kumaSDConfigs" => {
                    at(need(present(c, "clientID").is_some(), "2.50.0", "clientID"))?;
                }
                "dockerSDConfigs" => {
                    let set = present(c, "matchFirstNetwork").is_some();
                    at(need(set, "2.54.1", "matchFirstNetwork"))?;
                }
                "hetznerSDConfigs" => {
                    at(need(present(c, "labelSelector").is_some(), "3.5.0", "labelSelector"))?;
                }
                "puppetDBSDConfigs" => {
                    let url = text(c, "url");
                    match url.split_once("://") {
                        Some((scheme, _)) if scheme != "http" && scheme != "https" => {
                            at(Err("URL scheme must be 'http' or 'https'".into()))?;
                        }
                        Some((_, rest)) if rest.split('/').next().unwrap_or("").is_empty() => {
                            at(Err("host is missing in URL".into()))?;
                        }
                        None => at(Err("URL scheme must be 'http' or 'https'".into()))?,
                        _ => {}
                    }
                }
                "ovhcloudSDConfigs" => {
                    at(secret("applicationSecret"))?;
                    at(secret("consumerKey"))?;
                }
                "scalewaySDConfigs" => at(secret("secretKey"))?,
                _ => {}
            }
        }
    }
    Ok(())
}
