//! The table of every function Prometheus 3.14 knows, with argument and
//! return types exactly as upstream's `promql/parser/functions.go` (the
//! parser's arity and type checks read it), whether the function is
//! experimental, and a one-line description for autocomplete.

use crate::ast::ValueType;

/// A PromQL function's signature.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct Function {
    /// The name as called.
    pub name: &'static str,
    /// The argument types; with `variadic != 0` the last one repeats or is optional.
    pub arg_types: &'static [ValueType],
    /// 0: exactly `arg_types`; n > 0: up to n more of the last type (the
    /// last listed argument is optional); -1: unlimited more of the last type.
    pub variadic: i32,
    /// The type of the result.
    pub return_type: ValueType,
    /// Whether the function needs the experimental-functions option.
    pub experimental: bool,
    /// One line for autocomplete.
    pub doc: &'static str,
}

impl Function {
    /// The smallest number of arguments the function accepts.
    pub fn min_args(&self) -> usize {
        if self.variadic == 0 {
            self.arg_types.len()
        } else {
            self.arg_types.len().saturating_sub(1)
        }
    }

    /// The largest number of arguments the function accepts (`None`: unlimited).
    pub fn max_args(&self) -> Option<usize> {
        match self.variadic {
            0 => Some(self.arg_types.len()),
            n if n > 0 => Some(self.arg_types.len() - 1 + n as usize),
            _ => None,
        }
    }

    /// A signature for autocomplete, such as `rate(range vector) -> instant vector`.
    pub fn signature(&self) -> String {
        let mut s = format!("{}(", self.name);
        for (i, t) in self.arg_types.iter().enumerate() {
            if i > 0 {
                s.push_str(", ");
            }
            let last = i + 1 == self.arg_types.len();
            if last && self.variadic != 0 {
                s.push('[');
            }
            s.push_str(t.documented());
            if last && self.variadic != 0 {
                s.push_str(if self.variadic < 0 { ", ...]" } else { "]" });
            }
        }
        s.push_str(") -> ");
        s.push_str(self.return_type.documented());
        s
    }
}

/// Looks up a function by its exact (case-sensitive) name.
pub fn function(name: &str) -> Option<&'static Function> {
    FUNCTIONS.binary_search_by(|f| f.name.cmp(name)).ok().map(|i| &FUNCTIONS[i])
}

const fn f(
    name: &'static str,
    arg_types: &'static [ValueType],
    variadic: i32,
    return_type: ValueType,
    experimental: bool,
    doc: &'static str,
) -> Function {
    Function { name, arg_types, variadic, return_type, experimental, doc }
}

/// Every function, sorted by name (so [`function`] can binary-search it).
// One line per function keeps the table reviewable against upstream.
#[rustfmt::skip]
pub static FUNCTIONS: &[Function] = &[
    f("abs", &[ValueType::Vector], 0, ValueType::Vector, false, "absolute value of every sample"),
    f("absent", &[ValueType::Vector], 0, ValueType::Vector, false, "1-element vector if the argument has no elements, else empty"),
    f("absent_over_time", &[ValueType::Matrix], 0, ValueType::Vector, false, "1-element vector if the range vector has no samples, else empty"),
    f("acos", &[ValueType::Vector], 0, ValueType::Vector, false, "arccosine of every sample (radians)"),
    f("acosh", &[ValueType::Vector], 0, ValueType::Vector, false, "inverse hyperbolic cosine of every sample"),
    f("asin", &[ValueType::Vector], 0, ValueType::Vector, false, "arcsine of every sample (radians)"),
    f("asinh", &[ValueType::Vector], 0, ValueType::Vector, false, "inverse hyperbolic sine of every sample"),
    f("atan", &[ValueType::Vector], 0, ValueType::Vector, false, "arctangent of every sample (radians)"),
    f("atanh", &[ValueType::Vector], 0, ValueType::Vector, false, "inverse hyperbolic tangent of every sample"),
    f("avg_over_time", &[ValueType::Matrix], 0, ValueType::Vector, false, "average of all points in the range"),
    f("ceil", &[ValueType::Vector], 0, ValueType::Vector, false, "round every sample up to the nearest integer"),
    f("changes", &[ValueType::Matrix], 0, ValueType::Vector, false, "number of times the value changed within the range"),
    f("clamp", &[ValueType::Vector, ValueType::Scalar, ValueType::Scalar], 0, ValueType::Vector, false, "clamp every sample between min and max"),
    f("clamp_max", &[ValueType::Vector, ValueType::Scalar], 0, ValueType::Vector, false, "clamp every sample to an upper limit"),
    f("clamp_min", &[ValueType::Vector, ValueType::Scalar], 0, ValueType::Vector, false, "clamp every sample to a lower limit"),
    f("cos", &[ValueType::Vector], 0, ValueType::Vector, false, "cosine of every sample (radians)"),
    f("cosh", &[ValueType::Vector], 0, ValueType::Vector, false, "hyperbolic cosine of every sample"),
    f("count_over_time", &[ValueType::Matrix], 0, ValueType::Vector, false, "number of points in the range"),
    f("day_of_month", &[ValueType::Vector], 1, ValueType::Vector, false, "day of the month (1-31) of each timestamp, in UTC"),
    f("day_of_week", &[ValueType::Vector], 1, ValueType::Vector, false, "day of the week (0=Sunday) of each timestamp, in UTC"),
    f("day_of_year", &[ValueType::Vector], 1, ValueType::Vector, false, "day of the year (1-366) of each timestamp, in UTC"),
    f("days_in_month", &[ValueType::Vector], 1, ValueType::Vector, false, "number of days in the month of each timestamp, in UTC"),
    f("deg", &[ValueType::Vector], 0, ValueType::Vector, false, "convert radians to degrees"),
    f("delta", &[ValueType::Matrix], 0, ValueType::Vector, false, "difference between the first and last value of a gauge over the range, extrapolated"),
    f("deriv", &[ValueType::Matrix], 0, ValueType::Vector, false, "per-second derivative of a gauge by simple linear regression"),
    f("double_exponential_smoothing", &[ValueType::Matrix, ValueType::Scalar, ValueType::Scalar], 0, ValueType::Vector, true, "smoothed value of a gauge (Holt-Winters) with smoothing and trend factors"),
    f("end", &[], 0, ValueType::Scalar, true, "end timestamp of the query range, in seconds"),
    f("exp", &[ValueType::Vector], 0, ValueType::Vector, false, "exponential function of every sample"),
    f("first_over_time", &[ValueType::Matrix], 0, ValueType::Vector, false, "oldest point in the range"),
    f("floor", &[ValueType::Vector], 0, ValueType::Vector, false, "round every sample down to the nearest integer"),
    f("histogram_avg", &[ValueType::Vector], 0, ValueType::Vector, false, "arithmetic average of observed values in native histograms"),
    f("histogram_count", &[ValueType::Vector], 0, ValueType::Vector, false, "count of observations in native histograms"),
    f("histogram_fraction", &[ValueType::Scalar, ValueType::Scalar, ValueType::Vector], 0, ValueType::Vector, false, "estimated fraction of observations between a lower and upper bound"),
    f("histogram_quantile", &[ValueType::Scalar, ValueType::Vector], 0, ValueType::Vector, false, "φ-quantile from classic buckets (le) or native histograms"),
    f("histogram_quantiles", &[ValueType::Vector, ValueType::String, ValueType::Scalar, ValueType::Scalar], 9, ValueType::Vector, true, "several φ-quantiles at once, one series per quantile under the given label"),
    f("histogram_stddev", &[ValueType::Vector], 0, ValueType::Vector, false, "estimated standard deviation of observations in native histograms"),
    f("histogram_stdvar", &[ValueType::Vector], 0, ValueType::Vector, false, "estimated standard variance of observations in native histograms"),
    f("histogram_sum", &[ValueType::Vector], 0, ValueType::Vector, false, "sum of observations in native histograms"),
    f("hour", &[ValueType::Vector], 1, ValueType::Vector, false, "hour of the day (0-23) of each timestamp, in UTC"),
    f("idelta", &[ValueType::Matrix], 0, ValueType::Vector, false, "difference between the last two points of a gauge in the range"),
    f("increase", &[ValueType::Matrix], 0, ValueType::Vector, false, "increase of a counter over the range, extrapolated and reset-aware"),
    f("info", &[ValueType::Vector, ValueType::Vector], 1, ValueType::Vector, true, "enrich series with the data labels of matching info metrics"),
    f("irate", &[ValueType::Matrix], 0, ValueType::Vector, false, "per-second rate from the last two points of a counter in the range"),
    f("label_join", &[ValueType::Vector, ValueType::String, ValueType::String, ValueType::String], -1, ValueType::Vector, false, "join the values of source labels into a destination label"),
    f("label_replace", &[ValueType::Vector, ValueType::String, ValueType::String, ValueType::String, ValueType::String], 0, ValueType::Vector, false, "set a label from a regex replacement on another label"),
    f("last_over_time", &[ValueType::Matrix], 0, ValueType::Vector, false, "most recent point in the range"),
    f("ln", &[ValueType::Vector], 0, ValueType::Vector, false, "natural logarithm of every sample"),
    f("log10", &[ValueType::Vector], 0, ValueType::Vector, false, "decimal logarithm of every sample"),
    f("log2", &[ValueType::Vector], 0, ValueType::Vector, false, "binary logarithm of every sample"),
    f("mad_over_time", &[ValueType::Matrix], 0, ValueType::Vector, true, "median absolute deviation of all points in the range"),
    f("max_of", &[ValueType::Scalar, ValueType::Scalar], 0, ValueType::Scalar, true, "larger of two durations (in duration expressions)"),
    f("max_over_time", &[ValueType::Matrix], 0, ValueType::Vector, false, "maximum of all points in the range"),
    f("min_of", &[ValueType::Scalar, ValueType::Scalar], 0, ValueType::Scalar, true, "smaller of two durations (in duration expressions)"),
    f("min_over_time", &[ValueType::Matrix], 0, ValueType::Vector, false, "minimum of all points in the range"),
    f("minute", &[ValueType::Vector], 1, ValueType::Vector, false, "minute of the hour (0-59) of each timestamp, in UTC"),
    f("month", &[ValueType::Vector], 1, ValueType::Vector, false, "month of the year (1-12) of each timestamp, in UTC"),
    f("pi", &[], 0, ValueType::Scalar, false, "the number π"),
    f("predict_linear", &[ValueType::Matrix, ValueType::Scalar], 0, ValueType::Vector, false, "predicted value t seconds from now by simple linear regression"),
    f("present_over_time", &[ValueType::Matrix], 0, ValueType::Vector, false, "1 for every series that has any point in the range"),
    f("quantile_over_time", &[ValueType::Scalar, ValueType::Matrix], 0, ValueType::Vector, false, "φ-quantile of all points in the range"),
    f("rad", &[ValueType::Vector], 0, ValueType::Vector, false, "convert degrees to radians"),
    f("range", &[], 0, ValueType::Scalar, true, "duration of the query range, in seconds"),
    f("rate", &[ValueType::Matrix], 0, ValueType::Vector, false, "per-second average rate of increase of a counter over the range"),
    f("resets", &[ValueType::Matrix], 0, ValueType::Vector, false, "number of counter resets within the range"),
    f("round", &[ValueType::Vector, ValueType::Scalar], 1, ValueType::Vector, false, "round every sample to the nearest integer or multiple of to_nearest"),
    f("scalar", &[ValueType::Vector], 0, ValueType::Scalar, false, "the value of a single-element vector as a scalar, else NaN"),
    f("sgn", &[ValueType::Vector], 0, ValueType::Vector, false, "sign of every sample: 1, -1 or 0"),
    f("sin", &[ValueType::Vector], 0, ValueType::Vector, false, "sine of every sample (radians)"),
    f("sinh", &[ValueType::Vector], 0, ValueType::Vector, false, "hyperbolic sine of every sample"),
    f("sort", &[ValueType::Vector], 0, ValueType::Vector, false, "sort by sample value, ascending"),
    f("sort_by_label", &[ValueType::Vector, ValueType::String], -1, ValueType::Vector, true, "sort by the values of the given labels, ascending"),
    f("sort_by_label_desc", &[ValueType::Vector, ValueType::String], -1, ValueType::Vector, true, "sort by the values of the given labels, descending"),
    f("sort_desc", &[ValueType::Vector], 0, ValueType::Vector, false, "sort by sample value, descending"),
    f("sqrt", &[ValueType::Vector], 0, ValueType::Vector, false, "square root of every sample"),
    f("start", &[], 0, ValueType::Scalar, true, "start timestamp of the query range, in seconds"),
    f("start_timestamp", &[ValueType::Vector], 0, ValueType::Vector, true, "start (created) timestamp of every series' current sample"),
    f("stddev_over_time", &[ValueType::Matrix], 0, ValueType::Vector, false, "population standard deviation of all points in the range"),
    f("stdvar_over_time", &[ValueType::Matrix], 0, ValueType::Vector, false, "population standard variance of all points in the range"),
    f("step", &[], 0, ValueType::Scalar, true, "the query's resolution step, in seconds"),
    f("sum_over_time", &[ValueType::Matrix], 0, ValueType::Vector, false, "sum of all points in the range"),
    f("tan", &[ValueType::Vector], 0, ValueType::Vector, false, "tangent of every sample (radians)"),
    f("tanh", &[ValueType::Vector], 0, ValueType::Vector, false, "hyperbolic tangent of every sample"),
    f("time", &[], 0, ValueType::Scalar, false, "evaluation timestamp in seconds since the epoch"),
    f("timestamp", &[ValueType::Vector], 0, ValueType::Vector, false, "timestamp of every sample, in seconds"),
    f("ts_of_first_over_time", &[ValueType::Matrix], 0, ValueType::Vector, true, "timestamp of the oldest point in the range"),
    f("ts_of_last_over_time", &[ValueType::Matrix], 0, ValueType::Vector, true, "timestamp of the most recent point in the range"),
    f("ts_of_max_over_time", &[ValueType::Matrix], 0, ValueType::Vector, true, "timestamp of the maximum point in the range"),
    f("ts_of_min_over_time", &[ValueType::Matrix], 0, ValueType::Vector, true, "timestamp of the minimum point in the range"),
    f("vector", &[ValueType::Scalar], 0, ValueType::Vector, false, "the scalar as a vector with no labels"),
    f("year", &[ValueType::Vector], 1, ValueType::Vector, false, "year of each timestamp, in UTC"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_complete() {
        assert!(FUNCTIONS.windows(2).all(|w| w[0].name < w[1].name));
        assert_eq!(FUNCTIONS.len(), 90);
        assert_eq!(function("rate").unwrap().arg_types, &[ValueType::Matrix]);
        assert!(function("Rate").is_none());
        assert_eq!(function("label_join").unwrap().max_args(), None);
        assert_eq!(
            function("round").unwrap().signature(),
            "round(instant vector, [scalar]) -> instant vector"
        );
    }
}
