//! Small Go behaviours the Alertmanager configuration depends on:
//! Prometheus' `model.Duration` parsing and canonical formatting, the
//! go-yaml v2 order of map keys, blang/semver's tolerant versions and the
//! URL checks of the operator's `validation` package.

use std::cmp::Ordering;

/// A version as blang/semver's `ParseTolerant` reads `spec.version`
/// (pre-release parts are kept only to order `0.22.0-rc.0` before `0.22.0`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AmVersion {
    nums: [u64; 3],
    pre: bool,
    text: String,
}

impl AmVersion {
    /// Parses `v0.22.2`, `0.22`, ` 0.25.0-rc.1 `.
    pub fn parse(text: &str) -> Result<AmVersion, String> {
        let t = text.trim();
        let s = t.strip_prefix('v').unwrap_or(t);
        let s = s.split('+').next().unwrap_or("");
        let (core, pre) = match s.split_once('-') {
            Some((c, p)) => (c, !p.is_empty()),
            None => (s, false),
        };
        let parts: Vec<&str> = core.split('.').collect();
        if parts.len() > 3
            || parts.iter().any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(format!("invalid version {text:?}"));
        }
        let mut nums = [0u64; 3];
        for (slot, part) in nums.iter_mut().zip(&parts) {
            *slot = part.parse().map_err(|_| format!("invalid version {text:?}"))?;
        }
        Ok(AmVersion { nums, pre, text: text.to_string() })
    }

    /// `self >= major.minor.patch`.
    pub fn gte(&self, major: u64, minor: u64, patch: u64) -> bool {
        match self.nums.cmp(&[major, minor, patch]) {
            Ordering::Greater => true,
            Ordering::Equal => !self.pre,
            Ordering::Less => false,
        }
    }

    /// `self < major.minor.patch`.
    pub fn lt(&self, major: u64, minor: u64, patch: u64) -> bool {
        !self.gte(major, minor, patch)
    }

    /// The major part.
    pub fn major(&self) -> u64 {
        self.nums[0]
    }

    /// The version as written.
    pub fn text(&self) -> &str {
        &self.text
    }
}

const UNITS: [(&str, u64); 7] = [
    ("y", 1000 * 60 * 60 * 24 * 365),
    ("w", 1000 * 60 * 60 * 24 * 7),
    ("d", 1000 * 60 * 60 * 24),
    ("h", 1000 * 60 * 60),
    ("m", 1000 * 60),
    ("s", 1000),
    ("ms", 1),
];

/// Parses a Prometheus duration (`1h30m`, `5m`, `0`) into milliseconds, as
/// `model.ParseDuration` does: units in decreasing order, each at most once.
pub fn parse_duration(s: &str) -> Result<u64, String> {
    if s == "0" {
        return Ok(0);
    }
    if s.is_empty() {
        return Err("empty duration string".to_string());
    }
    let bytes = s.as_bytes();
    let mut i = 0;
    let mut total: u64 = 0;
    let mut last_unit = 0usize;
    while i < bytes.len() {
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if start == i {
            return Err(format!("not a valid duration string: {s:?}"));
        }
        let n: u64 =
            s[start..i].parse().map_err(|_| format!("not a valid duration string: {s:?}"))?;
        let ustart = i;
        while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
            i += 1;
        }
        let unit = &s[ustart..i];
        let Some(pos) = UNITS.iter().position(|(u, _)| *u == unit) else {
            return Err(format!("not a valid duration string: {s:?}"));
        };
        // Units must come in decreasing order and only once.
        if pos < last_unit || (total > 0 && pos == last_unit && last_unit != 0) {
            return Err(format!("not a valid duration string: {s:?}"));
        }
        last_unit = pos + 1;
        total = total
            .checked_add(
                n.checked_mul(UNITS[pos].1)
                    .ok_or_else(|| format!("duration out of range: {s:?}"))?,
            )
            .ok_or_else(|| format!("duration out of range: {s:?}"))?;
    }
    Ok(total)
}

/// Formats milliseconds like `model.Duration.String`: years and weeks only
/// when they divide exactly, then days, hours, minutes, seconds, millis.
pub fn format_duration(ms: u64) -> String {
    if ms == 0 {
        return "0s".to_string();
    }
    let mut rest = ms;
    let mut out = String::new();
    for (i, (unit, mult)) in UNITS.iter().enumerate() {
        if i < 2 && !rest.is_multiple_of(*mult) {
            continue;
        }
        let v = rest / mult;
        if v > 0 {
            out.push_str(&v.to_string());
            out.push_str(unit);
            rest -= v * mult;
        }
    }
    out
}

/// go-yaml v2's order of map keys (`keyList.Less`): runs of digits compare
/// as numbers, letters sort before other characters.
pub fn key_less(a: &str, b: &str) -> bool {
    key_cmp(a, b) == Ordering::Less
}

/// The comparison behind [`key_less`].
pub fn key_cmp(a: &str, b: &str) -> Ordering {
    let ar: Vec<char> = a.chars().collect();
    let br: Vec<char> = b.chars().collect();
    let mut i = 0;
    while i < ar.len() && i < br.len() {
        if ar[i] == br[i] {
            i += 1;
            continue;
        }
        let al = ar[i].is_alphabetic();
        let bl = br[i].is_alphabetic();
        if al && bl {
            return ar[i].cmp(&br[i]);
        }
        if al || bl {
            return if bl { Ordering::Less } else { Ordering::Greater };
        }
        let (mut an, mut bn) = (0i64, 0i64);
        if ar[i] == '0' || br[i] == '0' {
            let mut j = i;
            while j > 0 && ar[j - 1].is_ascii_digit() {
                j -= 1;
                if ar[j] != '0' {
                    an = 1;
                    bn = 1;
                    break;
                }
            }
        }
        let mut ai = i;
        while ai < ar.len() && ar[ai].is_ascii_digit() {
            an = an.wrapping_mul(10).wrapping_add(ar[ai] as i64 - '0' as i64);
            ai += 1;
        }
        let mut bi = i;
        while bi < br.len() && br[bi].is_ascii_digit() {
            bn = bn.wrapping_mul(10).wrapping_add(br[bi] as i64 - '0' as i64);
            bi += 1;
        }
        if an != bn {
            return an.cmp(&bn);
        }
        if ai != bi {
            return ai.cmp(&bi);
        }
        return ar[i].cmp(&br[i]);
    }
    ar.len().cmp(&br.len())
}

/// The operator's `validation.ValidateURL`: an absolute http(s) URL with a host.
pub fn validate_url(url: &str) -> Result<(), String> {
    let Some((scheme, rest)) = url.split_once("://") else {
        return Err(format!(
            "validate url from string failed for {url}: unsupported scheme \"\" for URL"
        ));
    };
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return Err(format!(
            "validate url from string failed for {url}: unsupported scheme {scheme:?} for URL"
        ));
    }
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or("");
    if host.is_empty() {
        return Err(format!("validate url from string failed for {url}: host is missing in URL"));
    }
    if host.chars().any(|c| {
        c.is_whitespace() || matches!(c, '^' | '!' | '<' | '>' | '"' | '{' | '}' | '|' | '\\')
    }) {
        return Err(format!("validate url from string failed for {url}: invalid host"));
    }
    Ok(())
}

/// `validation.ValidateTemplateURL`: templated URLs pass, others must be URLs.
pub fn validate_template_url(url: &str) -> Result<(), String> {
    if url.contains("{{") {
        return Ok(());
    }
    validate_url(url)
}

/// Whether `s` splits like Go's `net.SplitHostPort`.
pub fn split_host_port_ok(s: &str) -> Result<(), String> {
    super::schema::split_host_port(s).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_round_trip_like_prometheus() {
        for (input, canonical) in [
            ("300s", "5m"),
            ("90m", "1h30m"),
            ("0", "0s"),
            ("2w", "2w"),
            ("8d", "8d"),
            ("14d", "2w"),
            ("1500ms", "1s500ms"),
            ("365d", "1y"),
        ] {
            assert_eq!(format_duration(parse_duration(input).unwrap()), canonical, "{input}");
        }
        assert!(parse_duration("5x").is_err());
        assert!(parse_duration("m5").is_err());
    }

    #[test]
    fn go_yaml_key_order() {
        let mut keys = vec!["b", "a10", "a2", "A", "_x", "a"];
        keys.sort_by(|a, b| key_cmp(a, b));
        assert_eq!(keys, ["_x", "A", "a", "a2", "a10", "b"]);
    }

    #[test]
    fn versions() {
        let v = AmVersion::parse("v0.22.2").unwrap();
        assert!(v.gte(0, 22, 0) && v.lt(0, 25, 0));
        assert!(AmVersion::parse("0.22.0-rc.0").unwrap().lt(0, 22, 0));
    }
}
