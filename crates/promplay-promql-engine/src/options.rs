//! Engine settings, with Prometheus' defaults.

/// How the engine evaluates; [`EngineOptions::default`] matches a default
/// Prometheus 3 server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EngineOptions {
    /// How far back an instant selector looks for a sample (left-open), in ms.
    pub lookback_delta_ms: i64,
    /// The most samples a query may hold in memory at once.
    pub max_samples: usize,
    /// The most steps a range query may have.
    pub max_steps: i64,
    /// The step of subqueries written without one (`x[5m:]`), in ms.
    pub default_subquery_step_ms: i64,
    /// Drop `__name__` at the end of evaluation instead of inside each
    /// function (Prometheus' `promql-delayed-name-removal` feature).
    pub delayed_name_removal: bool,
    /// Let `rate`, `increase`, `irate` and `resets` use samples' start timestamps.
    pub use_start_timestamps: bool,
}

impl Default for EngineOptions {
    fn default() -> EngineOptions {
        EngineOptions {
            lookback_delta_ms: 300_000,
            max_samples: 50_000_000,
            max_steps: 11_000,
            default_subquery_step_ms: 60_000,
            delayed_name_removal: false,
            use_start_timestamps: false,
        }
    }
}

impl EngineOptions {
    /// The settings Prometheus' promqltest engine uses (and so the conformance
    /// scripts assume): delayed name removal, start timestamps, 10,000 samples.
    pub fn for_tests() -> EngineOptions {
        EngineOptions {
            max_samples: 10_000,
            delayed_name_removal: true,
            use_start_timestamps: true,
            ..EngineOptions::default()
        }
    }
}
