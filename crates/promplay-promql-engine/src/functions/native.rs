//! Native-histogram versions of the range functions (`rate`, `increase`,
//! `delta`, `irate`, `idelta`, `sum_over_time`, `avg_over_time`). They need
//! histogram arithmetic, which is not implemented yet: for now they return
//! no value, so such series are left out of the result.

use promplay_diagnostics::Span;

use super::rate::RangeSpec;
use crate::call::FnCtx;
use crate::value::{FloatHistogram, HPoint, Series};

/// `sum_over_time`/`avg_over_time` of histogram points.
pub fn sum_or_avg(
    _hists: &[HPoint],
    _avg: bool,
    _ctx: &mut FnCtx,
    _span: Span,
    _name: &str,
) -> Option<FloatHistogram> {
    None
}

/// `rate`/`increase`/`delta` of histogram points.
pub fn rate(
    _s: &Series,
    _ctx: &mut FnCtx,
    _spec: &RangeSpec,
    _is_counter: bool,
    _is_rate: bool,
    _span: Span,
) -> Option<FloatHistogram> {
    None
}

/// `irate`/`idelta` of the last two histogram points.
#[allow(clippy::too_many_arguments)]
pub fn instant(
    _a: &HPoint,
    _a_st: i64,
    _b: &HPoint,
    _b_st: i64,
    _is_rate: bool,
    _ctx: &mut FnCtx,
    _span: Span,
    _name: &str,
) -> Option<FloatHistogram> {
    None
}
