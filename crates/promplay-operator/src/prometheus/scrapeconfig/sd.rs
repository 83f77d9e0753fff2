//! Every `*_sd_configs` list of a ScrapeConfig, in the operator's order and
//! with the operator's key order inside each entry.

use super::super::context::{Gen, items, map, opt_text, present, s, string_list, strs, text};
use super::super::helpers::{
    add_basic_auth, add_oauth2, add_proxy, add_safe_authorization, add_safe_tls,
};
use super::super::store::KeyRef;
use super::sorted_labels;
use crate::value::{Map, Value};

/// One service-discovery entry under construction.
struct Sd<'a, 'g> {
    g: Gen<'g>,
    ns: &'a str,
    c: &'a Value,
    out: Map,
    job: &'a str,
}

impl<'a, 'g> Sd<'a, 'g> {
    fn new(g: Gen<'g>, ns: &'a str, c: &'a Value, job: &'a str) -> Self {
        Sd { g, ns, c, out: Map::new(), job }
    }

    fn basic_auth(&mut self) {
        add_basic_auth(self.g, &mut self.out, self.ns, present(self.c, "basicAuth"));
    }

    fn authorization(&mut self) {
        add_safe_authorization(self.g, &mut self.out, self.ns, present(self.c, "authorization"));
    }

    fn oauth2(&mut self) {
        add_oauth2(self.g, &mut self.out, self.ns, present(self.c, "oauth2"));
    }

    fn proxy(&mut self) {
        add_proxy(self.g, &mut self.out, self.ns, self.c);
    }

    fn tls(&mut self) {
        add_safe_tls(self.g, &mut self.out, self.ns, present(self.c, "tlsConfig"));
    }

    /// The four HTTP-client settings most kinds start with.
    fn http_client(&mut self) {
        self.basic_auth();
        self.authorization();
        self.oauth2();
        self.proxy();
    }

    /// `key: <field>` when the field is set, keeping its type.
    fn opt(&mut self, key: &str, field: &str) {
        if let Some(v) = present(self.c, field) {
            self.out.insert(key, v.clone());
        }
    }

    /// `key: <field>` always (Go's non-pointer fields), `""` when absent.
    fn always(&mut self, key: &str, field: &str) {
        let v = present(self.c, field).cloned().unwrap_or_else(|| s(""));
        self.out.insert(key, v);
    }

    /// `key: <field>` lower-cased, always.
    fn lower(&mut self, key: &str, field: &str) {
        self.out.insert(key, s(text(self.c, field).to_lowercase()));
    }

    /// `key: <list>` when the list is not empty.
    fn list(&mut self, key: &str, field: &str) {
        let l = items(self.c, field);
        if !l.is_empty() {
            self.out.insert(key, Value::Seq(l.to_vec()));
        }
    }

    fn redirects_http2(&mut self) {
        self.opt("follow_redirects", "followRedirects");
        self.opt("enable_http2", "enableHTTP2");
    }

    /// A Secret value; a missing one fails the whole configuration.
    fn secret(&mut self, key: &str, field: &str, what: &str) -> Result<(), String> {
        let Some(sel) = KeyRef::from_value(present(self.c, field)) else { return Ok(()) };
        let v = self
            .g
            .ctx
            .store
            .secret(self.ns, &sel)
            .map_err(|e| format!("failed to read {} {what} {}: {e}", sel.name, self.job))?;
        self.out.insert(key, s(v));
        Ok(())
    }

    /// A Secret value read without checking errors (`""` when missing), as
    /// the operator does for OVHcloud and Scaleway.
    fn secret_lenient(&mut self, key: &str, field: &str) {
        let v = KeyRef::from_value(present(self.c, field))
            .and_then(|sel| self.g.ctx.store.secret(self.ns, &sel).ok())
            .unwrap_or_default();
        self.out.insert(key, s(v));
    }

    /// `access_key`/`secret_key` when both selectors are set.
    fn aws_keys(&mut self) -> Result<(), String> {
        if present(self.c, "accessKey").is_some() && present(self.c, "secretKey").is_some() {
            self.secret("access_key", "accessKey", "access key")?;
            self.secret("secret_key", "secretKey", "access key")?;
        }
        Ok(())
    }

    /// `filters`, sorted by name.
    fn filters(&mut self, g: Gen<'_>) {
        let mut filters: Vec<&Value> = items(self.c, "filters").iter().collect();
        if filters.is_empty() {
            return;
        }
        filters.sort_by_key(|f| text(f, "name"));
        let list = filters
            .iter()
            .map(|f| {
                Value::Map(map([
                    ("name", s(text(f, "name"))),
                    ("values", strs(string_list(f, "values"))),
                ]))
            })
            .collect();
        g.append(&mut self.out, "filters", Value::Seq(list));
    }

    fn done(self) -> Value {
        Value::Map(self.out)
    }
}

/// Builds the list of one SD kind when the spec has entries for it.
fn sd_list(
    cfg: &mut Map,
    spec: &Value,
    field: &str,
    key: &str,
    mut f: impl FnMut(&Value) -> Result<Value, String>,
) -> Result<(), String> {
    let list = items(spec, field);
    if list.is_empty() {
        return Ok(());
    }
    let out = list.iter().map(&mut f).collect::<Result<Vec<_>, String>>()?;
    cfg.insert(key, Value::Seq(out));
    Ok(())
}

/// Every `*_sd_configs` list, in the operator's order.
pub(super) fn service_discovery(
    g: Gen<'_>,
    cfg: &mut Map,
    spec: &Value,
    ns: &str,
    job: &str,
) -> Result<(), String> {
    sd_list(cfg, spec, "staticConfigs", "static_configs", |c| {
        Ok(Value::Map(map([
            ("targets", strs(string_list(c, "targets"))),
            ("labels", sorted_labels(present(c, "labels").and_then(Value::as_map))),
        ])))
    })?;
    sd_list(cfg, spec, "fileSDConfigs", "file_sd_configs", |c| {
        let mut sd = Sd::new(g, ns, c, job);
        sd.out.insert("files", strs(string_list(c, "files")));
        sd.opt("refresh_interval", "refreshInterval");
        Ok(sd.done())
    })?;
    sd_list(cfg, spec, "httpSDConfigs", "http_sd_configs", |c| {
        let mut sd = Sd::new(g, ns, c, job);
        sd.basic_auth();
        sd.authorization();
        sd.tls();
        sd.proxy();
        sd.oauth2();
        sd.always("url", "url");
        sd.opt("refresh_interval", "refreshInterval");
        sd.redirects_http2();
        Ok(sd.done())
    })?;
    sd_list(cfg, spec, "kubernetesSDConfigs", "kubernetes_sd_configs", |c| {
        Ok(kubernetes_sd(g, ns, c, job))
    })?;
    sd_list(cfg, spec, "consulSDConfigs", "consul_sd_configs", |c| {
        let mut sd = Sd::new(g, ns, c, job);
        sd.http_client();
        sd.tls();
        sd.always("server", "server");
        sd.opt("path_prefix", "pathPrefix");
        sd.secret("token", "tokenRef", "secret")?;
        sd.opt("datacenter", "datacenter");
        sd.opt("namespace", "namespace");
        sd.opt("partition", "partition");
        if let Some(scheme) = opt_text(c, "scheme") {
            sd.out.insert("scheme", s(scheme.to_lowercase()));
        }
        sd.list("services", "services");
        sd.list("tags", "tags");
        sd.opt("tag_separator", "tagSeparator");
        if let Some(Value::Map(m)) = present(c, "nodeMeta")
            && !m.is_empty()
        {
            sd.out.insert("node_meta", sorted_labels(Some(m)));
        }
        sd.opt("filter", "filter");
        sd.opt("health_filter", "healthFilter");
        sd.opt("allow_stale", "allowStale");
        sd.opt("refresh_interval", "refreshInterval");
        sd.redirects_http2();
        Ok(sd.done())
    })?;
    sd_list(cfg, spec, "dnsSDConfigs", "dns_sd_configs", |c| {
        let mut sd = Sd::new(g, ns, c, job);
        sd.out.insert("names", strs(string_list(c, "names")));
        sd.opt("refresh_interval", "refreshInterval");
        if let Some(t) = present(c, "type") {
            let tg = match t.as_str() {
                Some("NS") => g.min("2.49.0"),
                Some("MX") => g.min("2.38.0"),
                _ => g,
            };
            tg.append(&mut sd.out, "type", t.clone());
        }
        sd.opt("port", "port");
        Ok(sd.done())
    })?;
    sd_list(cfg, spec, "ec2SDConfigs", "ec2_sd_configs", |c| {
        let mut sd = Sd::new(g, ns, c, job);
        sd.proxy();
        sd.opt("region", "region");
        sd.aws_keys()?;
        sd.opt("role_arn", "roleARN");
        sd.opt("refresh_interval", "refreshInterval");
        sd.opt("port", "port");
        sd.filters(g.min("2.3.0"));
        let hc = g.min("2.41.0");
        for (key, field) in
            [("follow_redirects", "followRedirects"), ("enable_http2", "enableHTTP2")]
        {
            if let Some(v) = present(c, field) {
                hc.append(&mut sd.out, key, v.clone());
            }
        }
        if present(c, "tlsConfig").is_some() {
            add_safe_tls(hc, &mut sd.out, ns, present(c, "tlsConfig"));
        }
        Ok(sd.done())
    })?;
    sd_list(cfg, spec, "azureSDConfigs", "azure_sd_configs", |c| {
        let mut sd = Sd::new(g, ns, c, job);
        sd.http_client();
        if let Some(env) = present(c, "environment") {
            // The operator starts the entry afresh here, dropping the
            // HTTP-client settings written before it.
            sd.out = map([("environment", env.clone())]);
        }
        sd.opt("authentication_method", "authenticationMethod");
        if !text(c, "subscriptionID").is_empty() {
            sd.opt("subscription_id", "subscriptionID");
        }
        sd.opt("tenant_id", "tenantID");
        sd.opt("client_id", "clientID");
        sd.secret("client_secret", "clientSecret", "client secret")?;
        sd.opt("resource_group", "resourceGroup");
        sd.opt("refresh_interval", "refreshInterval");
        sd.opt("port", "port");
        Ok(sd.done())
    })?;
    sd_list(cfg, spec, "gceSDConfigs", "gce_sd_configs", |c| {
        let mut sd = Sd::new(g, ns, c, job);
        sd.always("project", "project");
        sd.always("zone", "zone");
        sd.opt("filter", "filter");
        sd.opt("refresh_interval", "refreshInterval");
        sd.opt("port", "port");
        sd.opt("tag_separator", "tagSeparator");
        Ok(sd.done())
    })?;
    sd_list(cfg, spec, "openstackSDConfigs", "openstack_sd_configs", |c| {
        let mut sd = Sd::new(g, ns, c, job);
        sd.lower("role", "role");
        sd.always("region", "region");
        sd.opt("identity_endpoint", "identityEndpoint");
        sd.opt("username", "username");
        sd.opt("userid", "userid");
        sd.secret("password", "password", "secret")?;
        sd.opt("domain_name", "domainName");
        sd.opt("domain_id", "domainID");
        sd.opt("project_name", "projectName");
        sd.opt("project_id", "projectID");
        sd.opt("application_credential_name", "applicationCredentialName");
        sd.opt("application_credential_id", "applicationCredentialId");
        sd.secret("application_credential_secret", "applicationCredentialSecret", "secret")?;
        sd.opt("all_tenants", "allTenants");
        sd.opt("refresh_interval", "refreshInterval");
        sd.opt("port", "port");
        sd.opt("availability", "availability");
        sd.tls();
        Ok(sd.done())
    })?;
    sd_list(cfg, spec, "digitalOceanSDConfigs", "digitalocean_sd_configs", |c| {
        let mut sd = Sd::new(g, ns, c, job);
        sd.authorization();
        sd.oauth2();
        sd.proxy();
        sd.redirects_http2();
        sd.tls();
        sd.opt("port", "port");
        sd.opt("refresh_interval", "refreshInterval");
        Ok(sd.done())
    })?;
    more_service_discovery(g, cfg, spec, ns, job)
}

fn kubernetes_sd(g: Gen<'_>, ns: &str, c: &Value, job: &str) -> Value {
    let mut sd = Sd::new(g, ns, c, job);
    sd.opt("api_server", "apiServer");
    let role = text(c, "role").to_lowercase();
    let rg = if role == "endpointslice" { g.min("2.21.0") } else { g };
    rg.append(&mut sd.out, "role", s(role.clone()));
    sd.http_client();
    sd.redirects_http2();
    sd.tls();
    if let Some(nsd) = present(c, "namespaces") {
        let mut m = map([("names", strs(string_list(nsd, "names")))]);
        if let Some(own) = present(nsd, "ownNamespace") {
            m.insert("own_namespace", own.clone());
        }
        sd.out.insert("namespaces", Value::Map(m));
    }
    let selectors = items(c, "selectors");
    if !selectors.is_empty() {
        let list = selectors
            .iter()
            .map(|sel| {
                let mut m = map([("role", s(text(sel, "role").to_lowercase()))]);
                if let Some(l) = present(sel, "label") {
                    m.insert("label", l.clone());
                }
                if let Some(f) = present(sel, "field") {
                    m.insert("field", f.clone());
                }
                Value::Map(m)
            })
            .collect();
        g.min("2.17.0").append(&mut sd.out, "selectors", Value::Seq(list));
    }
    if let Some(am) = present(c, "attachMetadata") {
        let ag = match role.as_str() {
            "pod" => Some(g.min("2.35.0")),
            "endpoints" | "endpointslice" => Some(g.min("2.37.0")),
            _ => None,
        };
        match ag {
            Some(ag) => {
                let mut m = Map::new();
                if let Some(n) = present(am, "node") {
                    m.insert("node", n.clone());
                }
                ag.append(&mut sd.out, "attach_metadata", Value::Map(m));
            }
            None => g.warn("attachMetadata"),
        }
    }
    sd.done()
}

fn more_service_discovery(
    g: Gen<'_>,
    cfg: &mut Map,
    spec: &Value,
    ns: &str,
    job: &str,
) -> Result<(), String> {
    sd_list(cfg, spec, "kumaSDConfigs", "kuma_sd_configs", |c| {
        let mut sd = Sd::new(g, ns, c, job);
        sd.http_client();
        sd.always("server", "server");
        sd.redirects_http2();
        sd.tls();
        sd.opt("refresh_interval", "refreshInterval");
        sd.opt("fetch_timeout", "fetchTimeout");
        sd.opt("client_id", "clientID");
        Ok(sd.done())
    })?;
    sd_list(cfg, spec, "eurekaSDConfigs", "eureka_sd_configs", |c| {
        let mut sd = Sd::new(g, ns, c, job);
        sd.http_client();
        sd.redirects_http2();
        sd.tls();
        sd.opt("refresh_interval", "refreshInterval");
        if !text(c, "server").is_empty() {
            sd.opt("server", "server");
        }
        Ok(sd.done())
    })?;
    sd_list(cfg, spec, "dockerSDConfigs", "docker_sd_configs", |c| {
        let mut sd = Sd::new(g, ns, c, job);
        sd.authorization();
        sd.oauth2();
        sd.proxy();
        sd.basic_auth();
        sd.filters(g);
        sd.always("host", "host");
        sd.tls();
        sd.opt("port", "port");
        sd.opt("host_networking_host", "hostNetworkingHost");
        if let Some(v) = present(c, "matchFirstNetwork") {
            g.min("2.54.1").append(&mut sd.out, "match_first_network", v.clone());
        }
        sd.opt("refresh_interval", "refreshInterval");
        sd.redirects_http2();
        Ok(sd.done())
    })?;
    sd_list(cfg, spec, "linodeSDConfigs", "linode_sd_configs", |c| {
        let mut sd = Sd::new(g, ns, c, job);
        sd.authorization();
        sd.oauth2();
        sd.proxy();
        sd.tls();
        sd.opt("port", "port");
        sd.opt("region", "region");
        sd.opt("enable_http2", "enableHTTP2");
        sd.opt("tag_separator", "tagSeparator");
        sd.opt("refresh_interval", "refreshInterval");
        sd.opt("follow_redirects", "followRedirects");
        Ok(sd.done())
    })?;
    sd_list(cfg, spec, "hetznerSDConfigs", "hetzner_sd_configs", |c| {
        let mut sd = Sd::new(g, ns, c, job);
        sd.http_client();
        sd.lower("role", "role");
        sd.redirects_http2();
        sd.tls();
        sd.opt("port", "port");
        sd.opt("refresh_interval", "refreshInterval");
        if let Some(l) = opt_text(c, "labelSelector").filter(|l| !l.is_empty()) {
            g.min("3.5.0").append(&mut sd.out, "label_selector", s(l));
        }
        Ok(sd.done())
    })?;
    sd_list(cfg, spec, "nomadSDConfigs", "nomad_sd_configs", |c| {
        let mut sd = Sd::new(g, ns, c, job);
        sd.http_client();
        sd.always("server", "server");
        sd.opt("allow_stale", "allowStale");
        sd.opt("namespace", "namespace");
        sd.opt("refresh_interval", "refreshInterval");
        sd.opt("region", "region");
        sd.opt("tag_separator", "tagSeparator");
        sd.redirects_http2();
        sd.tls();
        Ok(sd.done())
    })?;
    sd_list(cfg, spec, "dockerSwarmSDConfigs", "dockerswarm_sd_configs", |c| {
        let mut sd = Sd::new(g, ns, c, job);
        sd.http_client();
        sd.filters(g);
        sd.always("host", "host");
        sd.tls();
        sd.lower("role", "role");
        sd.opt("port", "port");
        sd.opt("refresh_interval", "refreshInterval");
        sd.redirects_http2();
        Ok(sd.done())
    })?;
    sd_list(cfg, spec, "puppetDBSDConfigs", "puppetdb_sd_configs", |c| {
        let mut sd = Sd::new(g, ns, c, job);
        sd.http_client();
        sd.always("url", "url");
        sd.always("query", "query");
        sd.opt("include_parameters", "includeParameters");
        sd.opt("port", "port");
        sd.opt("refresh_interval", "refreshInterval");
        sd.opt("follow_redirects", "followRedirects");
        sd.tls();
        sd.opt("enable_http2", "enableHTTP2");
        Ok(sd.done())
    })?;
    sd_list(cfg, spec, "lightSailSDConfigs", "lightsail_sd_configs", |c| {
        let mut sd = Sd::new(g, ns, c, job);
        sd.basic_auth();
        sd.authorization();
        sd.proxy();
        sd.oauth2();
        sd.opt("region", "region");
        sd.opt("endpoint", "endpoint");
        sd.opt("port", "port");
        sd.opt("refresh_interval", "refreshInterval");
        sd.aws_keys()?;
        sd.opt("role_arn", "roleARN");
        sd.tls();
        sd.redirects_http2();
        Ok(sd.done())
    })?;
    sd_list(cfg, spec, "ovhcloudSDConfigs", "ovhcloud_sd_configs", |c| {
        let mut sd = Sd::new(g, ns, c, job);
        sd.always("application_key", "applicationKey");
        sd.secret_lenient("application_secret", "applicationSecret");
        sd.secret_lenient("consumer_key", "consumerKey");
        match text(c, "service").as_str() {
            "VPS" => {
                sd.out.insert("service", s("vps"));
            }
            "DedicatedServer" => {
                sd.out.insert("service", s("dedicated_server"));
            }
            _ => g.warn("service"),
        }
        sd.opt("endpoint", "endpoint");
        sd.opt("refresh_interval", "refreshInterval");
        Ok(sd.done())
    })?;
    sd_list(cfg, spec, "scalewaySDConfigs", "scaleway_sd_configs", |c| {
        let mut sd = Sd::new(g, ns, c, job);
        sd.always("access_key", "accessKey");
        sd.secret_lenient("secret_key", "secretKey");
        sd.always("project_id", "projectID");
        sd.lower("role", "role");
        sd.opt("port", "port");
        sd.opt("api_url", "apiURL");
        sd.opt("zone", "zone");
        sd.opt("name_filter", "nameFilter");
        sd.list("tags_filter", "tagsFilter");
        sd.opt("refresh_interval", "refreshInterval");
        sd.proxy();
        sd.tls();
        sd.redirects_http2();
        Ok(sd.done())
    })?;
    sd_list(cfg, spec, "ionosSDConfigs", "ionos_sd_configs", |c| {
        let mut sd = Sd::new(g, ns, c, job);
        if present(c, "oauth2").is_none() {
            add_safe_authorization(
                g,
                &mut sd.out,
                ns,
                Some(c.get("authorization").unwrap_or(&Value::Null)),
            );
        }
        sd.oauth2();
        sd.proxy();
        sd.tls();
        sd.always("datacenter_id", "datacenterID");
        sd.redirects_http2();
        sd.opt("port", "port");
        sd.opt("refresh_interval", "refreshInterval");
        Ok(sd.done())
    })?;
    Ok(())
}
