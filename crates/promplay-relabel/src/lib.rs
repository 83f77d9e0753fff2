//! Prometheus relabeling (`relabel_configs`, `metric_relabel_configs`, …) as
//! Prometheus 3.14's `model/relabel` package does it, plus a step-by-step
//! trace for the playground.
//!
//! Rules come from YAML text ([`parse_configs`], [`parse_prometheus_config`];
//! every rule keeps the byte span it was read from) or are built in code
//! ([`RelabelConfig::default`] is upstream's `DefaultRelabelConfig`).
//! [`validate`] gives upstream's `Config.Validate` messages word for word,
//! [`process`] applies rules to a label set, and [`process_traced`] returns one
//! [`Step`] per rule with what it changed or why it dropped the set.
//!
//! The engine is pure: no I/O, no clock; parsing never panics and every
//! diagnostic span is a byte range into the text given.

pub mod codes;
mod config;
mod env;
mod expand;
mod labels;
mod parse;
mod process;
mod scrape;
mod yaml;

pub use config::{Action, NameValidationScheme, Regex, RelabelConfig, validate};
pub use env::substitute_env;
pub use expand::expand;
pub use labels::{format_label_set, parse_label_set};
pub use parse::{
    PrometheusConfig, RuleBlock, RuleSet, ScrapeConfig, Select, parse_configs, parse_configs_with,
    parse_prometheus_config,
};
pub use process::{Change, Outcome, Step, Trace, process, process_traced};
pub use scrape::{SampleLabels, mutate_sample_labels};
