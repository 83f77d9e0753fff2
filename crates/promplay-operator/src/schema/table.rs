//! The compact schema table format written by `scripts/gen-crd-schemas`:
//! `{"kinds": [{kind, namespaced, versions: [[apiVersion, root]]}], "nodes":
//! [node]}` where a node is an object with short keys (`t` type, `p`
//! properties as `[name, node]` pairs, `r` required, `ap` additional
//! properties node or -1 for any, `it` items node, `e` enum, `pat` pattern,
//! `pu` preserve unknown fields, `nl` nullable, `min`/`max`, `minl`/`maxl`,
//! `mini`/`maxi`). Nodes refer to each other by index, so shared
//! sub-schemas are stored once.

use serde_json::Value as Json;

/// The type of a schema node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    /// No type: anything.
    Any,
    /// `object`.
    Object,
    /// `array`.
    Array,
    /// `string`.
    String,
    /// `integer`.
    Integer,
    /// `number`.
    Number,
    /// `boolean`.
    Boolean,
    /// `x-kubernetes-int-or-string`.
    IntOrString,
}

/// One schema node.
#[derive(Clone, Debug)]
pub struct Node {
    pub ty: Ty,
    pub preserve_unknown: bool,
    pub nullable: bool,
    pub properties: Vec<(String, u32)>,
    pub required: Vec<String>,
    /// `Some(None)`: any additional property; `Some(Some(n))`: typed.
    pub additional: Option<Option<u32>>,
    pub items: Option<u32>,
    pub enumeration: Vec<String>,
    pub pattern: Option<String>,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
}

/// A parsed node table.
#[derive(Debug, Default)]
pub struct Table {
    pub nodes: Vec<Node>,
}

/// `(kind, namespaced, [(apiVersion, root)])`.
pub type KindEntry = (String, bool, Vec<(String, u32)>);

impl Table {
    /// Parses a table. The input is generated and embedded, so a malformed
    /// one is a build defect; it yields an empty table rather than a panic.
    pub fn parse(source: &str) -> (Table, Vec<KindEntry>) {
        let Ok(json) = serde_json::from_str::<Json>(source) else {
            return (Table::default(), Vec::new());
        };
        let nodes =
            json["nodes"].as_array().map(|a| a.iter().map(node).collect()).unwrap_or_default();
        let mut kinds = Vec::new();
        for k in json["kinds"].as_array().into_iter().flatten() {
            let versions = k["versions"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|v| Some((v[0].as_str()?.to_owned(), v[1].as_u64()? as u32)))
                .collect();
            kinds.push((
                k["kind"].as_str().unwrap_or("").to_owned(),
                k["namespaced"].as_bool().unwrap_or(true),
                versions,
            ));
        }
        (Table { nodes }, kinds)
    }

    /// The node at `index` (an open node when out of range).
    pub fn node(&self, index: u32) -> &Node {
        static ANY: Node = Node {
            ty: Ty::Any,
            preserve_unknown: true,
            nullable: true,
            properties: Vec::new(),
            required: Vec::new(),
            additional: None,
            items: None,
            enumeration: Vec::new(),
            pattern: None,
            minimum: None,
            maximum: None,
            min_length: None,
            max_length: None,
            min_items: None,
            max_items: None,
        };
        self.nodes.get(index as usize).unwrap_or(&ANY)
    }
}

fn node(j: &Json) -> Node {
    let ty = match j["t"].as_str() {
        Some("o") => Ty::Object,
        Some("a") => Ty::Array,
        Some("s") => Ty::String,
        Some("i") => Ty::Integer,
        Some("n") => Ty::Number,
        Some("b") => Ty::Boolean,
        Some("ios") => Ty::IntOrString,
        _ => Ty::Any,
    };
    let index = |v: &Json| v.as_u64().map(|n| n as u32);
    Node {
        ty,
        preserve_unknown: j["pu"].as_u64() == Some(1),
        nullable: j["nl"].as_u64() == Some(1),
        properties: j["p"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| Some((p[0].as_str()?.to_owned(), index(&p[1])?)))
            .collect(),
        required: j["r"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|r| r.as_str().map(str::to_owned))
            .collect(),
        additional: match &j["ap"] {
            Json::Null => None,
            v => Some(index(v)),
        },
        items: index(&j["it"]),
        enumeration: j["e"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|r| r.as_str().map(str::to_owned))
            .collect(),
        pattern: j["pat"].as_str().map(str::to_owned),
        minimum: j["min"].as_f64(),
        maximum: j["max"].as_f64(),
        min_length: j["minl"].as_u64(),
        max_length: j["maxl"].as_u64(),
        min_items: j["mini"].as_u64(),
        max_items: j["maxi"].as_u64(),
    }
}
