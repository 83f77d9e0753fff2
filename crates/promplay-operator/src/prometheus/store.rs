//! The Secrets and ConfigMaps the operator reads while it selects and
//! generates: lookups by namespace, name and key with the operator's error
//! messages, and the names under which TLS assets are mounted
//! (`/etc/prometheus/certs/<0|1>_<namespace>_<name>_<key>`).

use std::collections::HashMap;

use crate::select::scalar_text;
use crate::value::Value;

/// Directory where the operator mounts TLS assets into Prometheus.
pub const TLS_ASSETS_DIR: &str = "/etc/prometheus/certs";

/// `(namespace, name)` of a Secret or ConfigMap.
type ObjectKey = (String, String);

/// Secret and ConfigMap contents, by `(namespace, name)`.
#[derive(Debug, Default)]
pub struct Store {
    secrets: HashMap<ObjectKey, Vec<(String, Vec<u8>)>>,
    configmaps: HashMap<(String, String), Vec<(String, String)>>,
}

/// A `SecretKeySelector` / `ConfigMapKeySelector` read from a manifest.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct KeyRef {
    /// Object name.
    pub name: String,
    /// Data key.
    pub key: String,
    /// `optional: true`.
    pub optional: bool,
}

impl KeyRef {
    /// Reads `{name, key, optional}`; `None` when `v` is absent or null.
    pub fn from_value(v: Option<&Value>) -> Option<KeyRef> {
        let v = v?;
        if v.is_null() {
            return None;
        }
        Some(KeyRef {
            name: v.get("name").map(scalar_text).unwrap_or_default(),
            key: v.get("key").map(scalar_text).unwrap_or_default(),
            optional: v.get("optional").and_then(Value::as_bool).unwrap_or(false),
        })
    }

    /// Whether both name and key are empty (Go's zero value).
    pub fn is_zero(&self) -> bool {
        self.name.is_empty() && self.key.is_empty() && !self.optional
    }
}

impl Store {
    /// An empty store.
    pub fn new() -> Store {
        Store::default()
    }

    /// Adds a Secret object (`data` base64, `stringData` plain text, the
    /// latter overriding the former as the API server merges them).
    pub fn add_secret(&mut self, namespace: &str, name: &str, object: &Value) {
        let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
        if let Some(Value::Map(data)) = object.get("data") {
            for (k, v) in data.iter() {
                let bytes = match v {
                    Value::String(s) => decode_base64(s).unwrap_or_else(|| s.clone().into_bytes()),
                    other => scalar_text(other).into_bytes(),
                };
                entries.push((k.to_string(), bytes));
            }
        }
        if let Some(Value::Map(data)) = object.get("stringData") {
            for (k, v) in data.iter() {
                let bytes = scalar_text(v).into_bytes();
                match entries.iter_mut().find(|(n, _)| n == k) {
                    Some(slot) => slot.1 = bytes,
                    None => entries.push((k.to_string(), bytes)),
                }
            }
        }
        self.secrets.insert((namespace.to_string(), name.to_string()), entries);
    }

    /// Adds a ConfigMap object (`data`; `binaryData` is not readable as text).
    pub fn add_configmap(&mut self, namespace: &str, name: &str, object: &Value) {
        let mut entries = Vec::new();
        if let Some(Value::Map(data)) = object.get("data") {
            for (k, v) in data.iter() {
                entries.push((k.to_string(), scalar_text(v)));
            }
        }
        self.configmaps.insert((namespace.to_string(), name.to_string()), entries);
    }

    /// Whether the Secret exists.
    pub fn has_secret(&self, namespace: &str, name: &str) -> bool {
        self.secrets.contains_key(&(namespace.to_string(), name.to_string()))
    }

    /// Whether the ConfigMap exists.
    pub fn has_configmap(&self, namespace: &str, name: &str) -> bool {
        self.configmaps.contains_key(&(namespace.to_string(), name.to_string()))
    }

    /// A Secret key's bytes, with the operator's messages when missing.
    pub fn secret_bytes(&self, namespace: &str, sel: &KeyRef) -> Result<&[u8], String> {
        let Some(data) = self.secrets.get(&(namespace.to_string(), sel.name.clone())) else {
            return Err(format!(
                "unable to get secret {:?}: secrets {:?} not found",
                sel.name, sel.name
            ));
        };
        match data.iter().find(|(k, _)| *k == sel.key) {
            Some((_, v)) => Ok(v),
            None => Err(format!("key {:?} in secret {:?} not found", sel.key, sel.name)),
        }
    }

    /// A Secret key as text (bytes converted lossily, as Go's `string(b)`
    /// keeps them; invalid UTF-8 is rare in credentials).
    pub fn secret(&self, namespace: &str, sel: &KeyRef) -> Result<String, String> {
        self.secret_bytes(namespace, sel).map(|b| String::from_utf8_lossy(b).into_owned())
    }

    /// A ConfigMap key, with the operator's messages when missing.
    pub fn configmap(&self, namespace: &str, sel: &KeyRef) -> Result<String, String> {
        let Some(data) = self.configmaps.get(&(namespace.to_string(), sel.name.clone())) else {
            return Err(format!(
                "unable to get configmap {:?}: configmaps {:?} not found",
                sel.name, sel.name
            ));
        };
        match data.iter().find(|(k, _)| *k == sel.key) {
            Some((_, v)) => Ok(v.clone()),
            None => Err(format!("key {:?} in configmap {:?} not found", sel.key, sel.name)),
        }
    }

    /// A `SecretOrConfigMap` value: empty when neither is set.
    pub fn secret_or_configmap(
        &self,
        namespace: &str,
        v: Option<&Value>,
    ) -> Result<String, String> {
        let Some(v) = v else { return Ok(String::new()) };
        if let Some(sel) = KeyRef::from_value(v.get("secret")) {
            return self.secret(namespace, &sel);
        }
        if let Some(sel) = KeyRef::from_value(v.get("configMap")) {
            return self.configmap(namespace, &sel);
        }
        Ok(String::new())
    }
}

/// The mount path of a TLS asset given as a `SecretOrConfigMap` value.
pub fn tls_asset_path(namespace: &str, v: &Value) -> Option<String> {
    if let Some(sel) = KeyRef::from_value(v.get("secret")) {
        return Some(format!("{TLS_ASSETS_DIR}/0_{namespace}_{}_{}", sel.name, sel.key));
    }
    if let Some(sel) = KeyRef::from_value(v.get("configMap")) {
        return Some(format!("{TLS_ASSETS_DIR}/1_{namespace}_{}_{}", sel.name, sel.key));
    }
    None
}

/// The mount path of a TLS asset given as a `SecretKeySelector` value.
pub fn tls_secret_asset_path(namespace: &str, sel: &KeyRef) -> String {
    format!("{TLS_ASSETS_DIR}/0_{namespace}_{}_{}", sel.name, sel.key)
}

/// Standard base64 (with or without padding, whitespace ignored); `None`
/// when the text is not base64.
pub fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    let mut padding = 0;
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => {
                padding += 1;
                continue;
            }
            b' ' | b'\n' | b'\r' | b'\t' => continue,
            _ => return None,
        };
        if padding > 0 {
            return None;
        }
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    if padding > 2 || bits >= 6 {
        return None;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Map;

    #[test]
    fn base64_round_trips() {
        assert_eq!(decode_base64("aGVsbG8=").unwrap(), b"hello");
        assert_eq!(decode_base64("aGVsbG8").unwrap(), b"hello");
        assert_eq!(decode_base64("YWRtaW4=\n").unwrap(), b"admin");
        assert!(decode_base64("not base64!").is_none());
    }

    #[test]
    fn lookups_report_like_the_operator() {
        let mut data = Map::new();
        data.insert("user", Value::String("YWRtaW4=".into()));
        let mut string_data = Map::new();
        string_data.insert("pass", Value::String("secret".into()));
        let mut obj = Map::new();
        obj.insert("data", Value::Map(data));
        obj.insert("stringData", Value::Map(string_data));
        let mut store = Store::new();
        store.add_secret("ns", "auth", &Value::Map(obj));
        let sel = |k: &str| KeyRef { name: "auth".into(), key: k.into(), optional: false };
        assert_eq!(store.secret("ns", &sel("user")).unwrap(), "admin");
        assert_eq!(store.secret("ns", &sel("pass")).unwrap(), "secret");
        assert_eq!(
            store.secret("ns", &sel("nope")).unwrap_err(),
            "key \"nope\" in secret \"auth\" not found"
        );
        assert!(store.secret("other", &sel("user")).is_err());
    }
}
