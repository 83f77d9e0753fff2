//! The example the Query workbench opens with, so the page is never empty:
//! an hour of request counters and a gauge in load notation, and a query
//! that graphs well.

/// A query over a data set.
#[derive(Clone, Copy, Debug)]
pub struct QueryExample {
    /// The query.
    pub expr: &'static str,
    /// The graph range.
    pub range: &'static str,
    /// The series, in promqltest load notation.
    pub series: &'static str,
}

/// The default example.
pub const DEFAULT: QueryExample = QueryExample {
    expr: "sum by (code) (rate(http_requests_total[5m]))",
    range: "1h",
    series: r#"# One hour of data at a 15s scrape interval (promqltest load notation).
# a+bxN is N+1 samples from a in steps of b; _ is a missed scrape.
load 15s
  http_requests_total{job="api", instance="a", code="200"} 0+30x120 3600+45x119
  http_requests_total{job="api", instance="b", code="200"} 0+20x239
  http_requests_total{job="api", instance="a", code="500"} 0+1x100 100+6x40 340+1x98
  http_requests_total{job="api", instance="b", code="500"} 0+0.5x239
  node_memory_free_bytes{job="node", instance="a"} 4e9-1e6x120 3.88e9+2e6x119
  up{job="api", instance="a"} 1x239
  up{job="api", instance="b"} 1x120 0x20 1x98
"#,
};
