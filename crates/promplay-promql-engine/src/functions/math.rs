//! Element-wise float functions (`abs`, `ceil`, `exp`, `ln`, trigonometry,
//! `deg`/`rad`, `sgn`, `round`, `clamp*`) and the calendar functions
//! (`year`, `month`, `day_of_week`, … in UTC), with the same edge-case
//! results as Go's `math` and `time` packages. Transcendental functions go
//! through `libm` so that native and wasm builds agree to the bit.

/// The element-wise float function called `name`, if it is one.
pub fn unary(name: &str) -> Option<fn(f64) -> f64> {
    Some(match name {
        "abs" => f64::abs,
        "ceil" => f64::ceil,
        "floor" => f64::floor,
        "exp" => libm::exp,
        "sqrt" => f64::sqrt,
        "ln" => libm::log,
        "log2" => libm::log2,
        "log10" => libm::log10,
        "sin" => libm::sin,
        "cos" => libm::cos,
        "tan" => libm::tan,
        "asin" => libm::asin,
        "acos" => libm::acos,
        "atan" => libm::atan,
        "sinh" => libm::sinh,
        "cosh" => libm::cosh,
        "tanh" => libm::tanh,
        "asinh" => libm::asinh,
        "acosh" => libm::acosh,
        "atanh" => libm::atanh,
        "rad" => |v| v * std::f64::consts::PI / 180.0,
        "deg" => |v| v * 180.0 / std::f64::consts::PI,
        "sgn" => sgn,
        _ => return None,
    })
}

fn sgn(v: f64) -> f64 {
    if v < 0.0 {
        -1.0
    } else if v > 0.0 {
        1.0
    } else {
        v
    }
}

/// `round(v, to_nearest)`: ties round up; dividing by the inverse keeps
/// results like `round(x, 0.1)` free of representation noise, as upstream.
pub fn round(v: f64, to_nearest: f64) -> f64 {
    let inverse = 1.0 / to_nearest;
    (v * inverse + 0.5).floor() / inverse
}

/// `clamp` of one value: Go's `math.Max(min, math.Min(max, v))`, where a NaN
/// anywhere gives NaN.
pub fn clamp(v: f64, min: f64, max: f64) -> f64 {
    go_max(min, go_min(max, v))
}

/// Go's `math.Max`: NaN if either is NaN, +0 beats -0.
pub fn go_max(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        return f64::NAN;
    }
    if a == 0.0 && b == 0.0 {
        return if a.is_sign_negative() { b } else { a };
    }
    if a > b { a } else { b }
}

/// Go's `math.Min`: NaN if either is NaN, -0 beats +0.
pub fn go_min(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        return f64::NAN;
    }
    if a == 0.0 && b == 0.0 {
        return if a.is_sign_negative() { a } else { b };
    }
    if a < b { a } else { b }
}

/// A UTC calendar date and time of day (what the calendar functions read).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Civil {
    /// Year (proleptic Gregorian).
    pub year: i64,
    /// Month 1..=12.
    pub month: u32,
    /// Day of month 1..=31.
    pub day: u32,
    /// Hour 0..=23.
    pub hour: u32,
    /// Minute 0..=59.
    pub minute: u32,
    /// Second 0..=59.
    pub second: u32,
    /// Days since the epoch (for the weekday).
    days: i64,
}

/// The UTC date of `secs` seconds since the epoch.
pub fn civil(secs: i64) -> Civil {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Howard Hinnant's days-to-civil algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    Civil {
        year,
        month,
        day,
        hour: (rem / 3600) as u32,
        minute: (rem % 3600 / 60) as u32,
        second: (rem % 60) as u32,
        days,
    }
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Civil {
    /// Day of week, 0 = Sunday.
    pub fn weekday(&self) -> u32 {
        (self.days + 4).rem_euclid(7) as u32
    }

    /// Day of year, 1..=366.
    pub fn year_day(&self) -> u32 {
        (1..self.month).map(|m| days_in_month(self.year, m)).sum::<u32>() + self.day
    }

    /// Days in this date's month.
    pub fn days_in_month(&self) -> u32 {
        days_in_month(self.year, self.month)
    }
}

/// The calendar function called `name` applied to a Unix time in seconds
/// (truncated towards zero like Go's `int64(f)`), if it is one.
pub fn date_fn(name: &str) -> Option<fn(&Civil) -> f64> {
    Some(match name {
        "day_of_month" => |c| f64::from(c.day),
        "day_of_week" => |c| f64::from(c.weekday()),
        "day_of_year" => |c| f64::from(c.year_day()),
        "days_in_month" => |c| f64::from(c.days_in_month()),
        "hour" => |c| f64::from(c.hour),
        "minute" => |c| f64::from(c.minute),
        "month" => |c| f64::from(c.month),
        "year" => |c| c.year as f64,
        _ => return None,
    })
}

/// Go's `int64(f)` on amd64: truncation, with NaN and out-of-range values
/// becoming the minimum int64.
pub fn go_float_to_i64(f: f64) -> i64 {
    if f.is_nan() || !(-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&f) {
        i64::MIN
    } else {
        f as i64
    }
}

/// RFC 3339 UTC text of a Unix time in seconds, `2006-01-02T15:04:05Z`.
pub fn rfc3339(secs: i64) -> String {
    let c = civil(secs);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        c.year, c.month, c.day, c.hour, c.minute, c.second
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar() {
        // 2024-02-29T13:45:30Z, a Thursday.
        let c = civil(1_709_214_330);
        assert_eq!((c.year, c.month, c.day, c.hour, c.minute), (2024, 2, 29, 13, 45));
        assert_eq!((c.weekday(), c.year_day(), c.days_in_month()), (4, 60, 29));
        let c = civil(0);
        assert_eq!((c.year, c.month, c.day, c.weekday()), (1970, 1, 1, 4));
        let c = civil(-1);
        assert_eq!((c.year, c.month, c.day, c.hour), (1969, 12, 31, 23));
        assert_eq!(rfc3339(86_400 * 365), "1971-01-01T00:00:00Z");
    }

    #[test]
    fn rounding_and_clamping() {
        assert_eq!(round(2.5, 1.0), 3.0);
        assert_eq!(round(-2.5, 1.0), -2.0);
        assert_eq!(round(1.234, 0.1), 1.2);
        assert_eq!(clamp(5.0, 0.0, 3.0), 3.0);
        assert!(clamp(f64::NAN, 0.0, 3.0).is_nan());
        assert_eq!(sgn(-0.5), -1.0);
    }
}
