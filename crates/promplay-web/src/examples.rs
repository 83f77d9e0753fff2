//! The example inputs offered by the examples picker.
//!
//! The texts are the files in `public/examples/`, compiled in so that the
//! default example appears instantly on a first visit, even offline; the
//! same files are published with the site for the CLI and for download.

/// One example input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Example {
    /// The option value of the examples picker.
    pub id: &'static str,
    /// What the picker shows.
    pub title: &'static str,
    /// The file name under `public/examples/`.
    pub file: &'static str,
    /// The exposition text.
    pub text: &'static str,
}

/// Every example, in picker order.
pub const EXAMPLES: &[Example] = &[
    Example {
        id: "node-exporter",
        title: "Node exporter scrape (Prometheus text)",
        file: "node-exporter.prom",
        text: include_str!("../../../public/examples/node-exporter.prom"),
    },
    Example {
        id: "openmetrics",
        title: "Web service (OpenMetrics: histogram, summary, exemplars)",
        file: "openmetrics.txt",
        text: include_str!("../../../public/examples/openmetrics.txt"),
    },
    Example {
        id: "broken",
        title: "Broken scrape (typical mistakes)",
        file: "broken.prom",
        text: include_str!("../../../public/examples/broken.prom"),
    },
];

/// The example loaded on a first visit.
pub const DEFAULT_EXAMPLE: &Example = &EXAMPLES[0];

/// The example whose text is exactly `text`, if any.
pub fn find_by_text(text: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|e| e.text == text)
}

/// The example with option value `id`, if any.
pub fn find_by_id(id: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|e| e.id == id)
}
