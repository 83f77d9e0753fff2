//! Kahan–Neumaier compensated summation, the way Prometheus' `util/kahansum`
//! does it, so that sums and means agree with upstream to the last bit in the
//! cases the conformance scripts check.

/// Adds `inc` to the running `sum` with compensation `c`; returns the new sum
/// and compensation. When the sum overflows to ±Inf the compensation is reset,
/// because it would otherwise turn the result into NaN. Upstream keeps its
/// version out of line so that Go cannot fuse multiply-adds across the call;
/// Rust never fuses floating-point operations, so inlining is safe.
#[inline]
pub fn kahan_inc(inc: f64, sum: f64, c: f64) -> (f64, f64) {
    let t = sum + inc;
    let c = if t.is_infinite() {
        0.0
    } else if sum.abs() >= inc.abs() {
        c + ((sum - t) + inc)
    } else {
        c + ((inc - t) + sum)
    };
    (t, c)
}

/// A running compensated sum.
#[derive(Clone, Copy, Debug, Default)]
pub struct KahanSum {
    sum: f64,
    c: f64,
}

impl KahanSum {
    /// Adds one value.
    pub fn add(&mut self, v: f64) {
        (self.sum, self.c) = kahan_inc(v, self.sum, self.c);
    }

    /// The sum; an infinite sum is returned as is (the compensation would
    /// make it NaN).
    pub fn value(&self) -> f64 {
        if self.sum.is_infinite() { self.sum } else { self.sum + self.c }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compensates_small_terms() {
        let mut s = KahanSum::default();
        for v in [1.0, 1e100, 1.0, -1e100] {
            s.add(v);
        }
        assert_eq!(s.value(), 2.0);
    }

    #[test]
    fn infinity_stays_infinite() {
        let mut s = KahanSum::default();
        for v in [f64::MAX, f64::MAX, 1.0] {
            s.add(v);
        }
        assert_eq!(s.value(), f64::INFINITY);
    }
}
