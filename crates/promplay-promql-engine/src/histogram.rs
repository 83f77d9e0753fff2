//! Histogram arithmetic as operators and aggregations use it, on top of the
//! exact ports of `FloatHistogram`'s methods in `functions::hist_ops`
//! (shared with the functions so that both agree bit for bit).

use crate::functions::hist_ops;
use crate::value::{CounterResetHint, FloatHistogram};

pub use hist_ops::{OpFlags, compact, equals};

/// Multiplies every count and the sum by `f` in place (`Mul`).
pub fn scale(h: &mut FloatHistogram, f: f64) {
    hist_ops::mul(h, f);
}

/// A compacted copy multiplied by `f` (`Copy().Mul(f).Compact(0)`).
pub fn scaled(h: &FloatHistogram, f: f64) -> FloatHistogram {
    let mut h = h.clone();
    hist_ops::mul(&mut h, f);
    hist_ops::compact(&mut h);
    h
}

/// A compacted copy divided by `f` (`Copy().Div(f).Compact(0)`).
pub fn divided(h: &FloatHistogram, f: f64) -> FloatHistogram {
    let mut h = h.clone();
    hist_ops::div(&mut h, f);
    hist_ops::compact(&mut h);
    h
}

/// `a + b` or `a - b`, compacted; `None` when exponential and custom
/// buckets meet. A difference is a gauge.
pub fn add(
    a: &FloatHistogram,
    b: &FloatHistogram,
    subtract: bool,
) -> Option<(FloatHistogram, OpFlags)> {
    let mut h = a.clone();
    let flags = if subtract { hist_ops::sub(&mut h, b) } else { hist_ops::add(&mut h, b) }.ok()?;
    if subtract {
        h.counter_reset_hint = CounterResetHint::Gauge;
    }
    hist_ops::compact(&mut h);
    Some((h, flags))
}

/// Whether `h` follows a counter reset relative to `prev` (`DetectReset`).
pub fn detect_reset(h: &FloatHistogram, prev: &FloatHistogram) -> bool {
    hist_ops::detect_reset(h, prev)
}
