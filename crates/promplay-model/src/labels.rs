//! Label sets: the identity of a series.

use crate::METRIC_NAME_LABEL;
use crate::names::{escape_label_value, is_valid_legacy_label_name, is_valid_legacy_metric_name};
use std::fmt;

/// One label: a name and its value.
#[derive(
    Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct Label {
    /// The label name, e.g. `job`.
    pub name: String,
    /// The label value; may be empty (which Prometheus treats as absent).
    pub value: String,
}

/// A set of labels sorted by name, with unique names, as Prometheus keeps them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Labels(Vec<Label>);

impl Labels {
    /// An empty label set.
    pub fn new() -> Labels {
        Labels(Vec::new())
    }

    /// Builds a label set from pairs; a later duplicate name replaces an earlier one.
    pub fn from_pairs<N: Into<String>, V: Into<String>>(
        pairs: impl IntoIterator<Item = (N, V)>,
    ) -> Labels {
        let mut labels = Labels::new();
        for (n, v) in pairs {
            labels.set(n, v);
        }
        labels
    }

    /// The value of label `name`, if present.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .binary_search_by(|l| l.name.as_str().cmp(name))
            .ok()
            .map(|i| self.0[i].value.as_str())
    }

    /// Sets label `name` to `value`, keeping the set sorted.
    pub fn set(&mut self, name: impl Into<String>, value: impl Into<String>) {
        let name = name.into();
        let value = value.into();
        match self.0.binary_search_by(|l| l.name.cmp(&name)) {
            Ok(i) => self.0[i].value = value,
            Err(i) => self.0.insert(i, Label { name, value }),
        }
    }

    /// Removes label `name`, returning its value.
    pub fn remove(&mut self, name: &str) -> Option<String> {
        let i = self.0.binary_search_by(|l| l.name.as_str().cmp(name)).ok()?;
        Some(self.0.remove(i).value)
    }

    /// The metric name (`__name__`), if present.
    pub fn metric_name(&self) -> Option<&str> {
        self.get(METRIC_NAME_LABEL)
    }

    /// The labels in name order.
    pub fn iter(&self) -> impl Iterator<Item = &Label> {
        self.0.iter()
    }

    /// Number of labels.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the set has no labels.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Labels {
    /// Writes the PromQL selector form: `up{job="a", x="y"}`, `up`, `{job="a"}`,
    /// and `{"my.metric", job="a"}` for names that need quoting.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = self.metric_name();
        let mut parts: Vec<String> = Vec::with_capacity(self.0.len());
        match name {
            Some(n) if is_valid_legacy_metric_name(n) => f.write_str(n)?,
            Some(n) => parts.push(format!("\"{}\"", escape_label_value(n))),
            None => {}
        }
        for l in self.0.iter().filter(|l| l.name != METRIC_NAME_LABEL) {
            let value = escape_label_value(&l.value);
            if is_valid_legacy_label_name(&l.name) {
                parts.push(format!("{}=\"{value}\"", l.name));
            } else {
                parts.push(format!("\"{}\"=\"{value}\"", escape_label_value(&l.name)));
            }
        }
        if parts.is_empty() && name.is_some() {
            return Ok(());
        }
        write!(f, "{{{}}}", parts.join(", "))
    }
}

impl serde::Serialize for Labels {
    /// Serializes as a JSON object in name order, like the Prometheus API.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for l in &self.0 {
            map.serialize_entry(&l.name, &l.value)?;
        }
        map.end()
    }
}

impl<'de> serde::Deserialize<'de> for Labels {
    /// Reads the map [`Serialize`](serde::Serialize) writes.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Labels, D::Error> {
        let pairs = std::collections::BTreeMap::<String, String>::deserialize(d)?;
        Ok(Labels::from_pairs(pairs))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display() {
        let l = |p: &[(&str, &str)]| Labels::from_pairs(p.iter().copied()).to_string();
        assert_eq!(l(&[("__name__", "up")]), "up");
        assert_eq!(l(&[("__name__", "up"), ("b", "2"), ("a", "1")]), r#"up{a="1", b="2"}"#);
        assert_eq!(l(&[("a", "x\"y")]), r#"{a="x\"y"}"#);
        assert_eq!(l(&[("__name__", "my.metric"), ("a.b", "1")]), r#"{"my.metric", "a.b"="1"}"#);
        assert_eq!(l(&[]), "{}");
    }
}
