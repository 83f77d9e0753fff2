//! The deterministic benchmark data set of issue 3: 2,000 series × 720
//! samples at 15 s (three hours) of the counter `x`, a classic histogram
//! family `h_bucket` and a `build_info` metric to join with.
//!
//! Values come from a fixed-seed xorshift generator, so every run (and every
//! machine) measures the same data.

use promplay_model::Labels;
use promplay_promql_engine::{SampleValue, Storage};

/// Samples per series.
pub const SAMPLES: i64 = 720;
/// The scrape interval in ms.
pub const INTERVAL_MS: i64 = 15_000;
/// Jobs × instances per job = 2,000 series of `x`.
pub const JOBS: usize = 10;
/// Instances per job (instance names repeat across jobs, as `host-N`).
pub const INSTANCES: usize = 200;
/// Histogram series: `h_bucket` for this many instances, one per `le`.
pub const HISTOGRAM_INSTANCES: usize = 20;
/// The bucket bounds of `h_bucket` (plus `+Inf`).
pub const BOUNDS: [f64; 11] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

/// A tiny deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Builds the store.
pub fn storage() -> Storage {
    let mut s = Storage::new();
    let mut rng = Rng(0x5eed_1234_abcd_ef01);
    for job in 0..JOBS {
        for inst in 0..INSTANCES {
            let labels = Labels::from_pairs([
                ("__name__", "x".to_owned()),
                ("job", format!("job-{job}")),
                ("instance", format!("host-{inst}")),
            ]);
            let rate = 1.0 + rng.unit() * 100.0;
            let mut v = 0.0;
            for k in 0..SAMPLES {
                // A counter with noisy increments and, rarely, a reset.
                if rng.unit() < 0.001 {
                    v = 0.0;
                }
                v += (rate * (0.5 + rng.unit())).floor();
                s.add(labels.clone(), k * INTERVAL_MS, SampleValue::Float(v));
            }
        }
    }
    for inst in 0..INSTANCES {
        let labels = Labels::from_pairs([
            ("__name__", "build_info".to_owned()),
            ("instance", format!("host-{inst}")),
            ("version", format!("v1.{}", inst % 7)),
        ]);
        for k in 0..SAMPLES {
            s.add(labels.clone(), k * INTERVAL_MS, SampleValue::Float(1.0));
        }
    }
    for inst in 0..HISTOGRAM_INSTANCES {
        // Cumulative bucket counters: each scrape observes a few values.
        let mut counts = [0.0f64; BOUNDS.len() + 1];
        let base = Labels::from_pairs([
            ("__name__", "h_bucket".to_owned()),
            ("job", "api".to_owned()),
            ("instance", format!("host-{inst}")),
        ]);
        let series: Vec<Labels> = (0..=BOUNDS.len())
            .map(|i| {
                let mut l = base.clone();
                let le = BOUNDS
                    .get(i)
                    .map_or_else(|| "+Inf".to_owned(), |b| promplay_model::format_float(*b));
                l.set("le", le);
                l
            })
            .collect();
        for k in 0..SAMPLES {
            for _ in 0..(rng.next() % 20) {
                // Latency-like observations: mostly small, a long tail.
                let obs = rng.unit().powi(3) * 12.0;
                let first = BOUNDS.iter().position(|b| obs <= *b).unwrap_or(BOUNDS.len());
                for c in &mut counts[first..] {
                    *c += 1.0;
                }
            }
            for (l, c) in series.iter().zip(counts) {
                s.add(l.clone(), k * INTERVAL_MS, SampleValue::Float(c));
            }
        }
    }
    s
}
