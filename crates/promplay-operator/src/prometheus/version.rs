//! Semantic versions as the operator reads `spec.version`: blang/semver's
//! `ParseTolerant` (a leading `v`, missing minor/patch parts and surrounding
//! spaces are tolerated) and the SemVer 2.0 precedence rules, so that
//! `3.0.0-rc.0 < 3.0.0` exactly as in the operator's version gates.

use std::cmp::Ordering;
use std::fmt;

/// A parsed semantic version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Version {
    /// Major part.
    pub major: u64,
    /// Minor part.
    pub minor: u64,
    /// Patch part.
    pub patch: u64,
    /// Pre-release identifiers (`rc.0` → `["rc", "0"]`).
    pub pre: Vec<String>,
}

impl Version {
    /// Parses like blang/semver's `ParseTolerant`.
    pub fn parse_tolerant(text: &str) -> Result<Version, String> {
        let trimmed = text.trim();
        let s = trimmed.strip_prefix('v').unwrap_or(trimmed);
        // Build metadata never takes part in comparisons.
        let s = s.split('+').next().unwrap_or("");
        let (core, pre) = match s.split_once('-') {
            Some((c, p)) => (c, Some(p)),
            None => (s, None),
        };
        let mut parts: Vec<&str> = core.split('.').collect();
        if parts.len() > 3 || parts.iter().any(|p| p.is_empty()) {
            return Err(format!("invalid version {text:?}"));
        }
        while parts.len() < 3 {
            parts.push("0");
        }
        let mut nums = [0u64; 3];
        for (slot, part) in nums.iter_mut().zip(&parts) {
            if !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(format!("invalid version {text:?}: {part:?} is not a number"));
            }
            // ParseTolerant strips leading zeroes instead of rejecting them.
            *slot = part.parse().map_err(|_| format!("invalid version {text:?}"))?;
        }
        let pre = match pre {
            Some("") => return Err(format!("invalid version {text:?}")),
            Some(p) => p.split('.').map(str::to_string).collect(),
            None => Vec::new(),
        };
        Ok(Version { major: nums[0], minor: nums[1], patch: nums[2], pre })
    }

    /// Parses a version literal written in this crate; panics on a typo.
    pub fn must(text: &str) -> Version {
        match Version::parse_tolerant(text) {
            Ok(v) => v,
            Err(e) => panic!("{e}"),
        }
    }

    /// `self >= other`.
    pub fn gte(&self, other: &str) -> bool {
        self.cmp(&Version::must(other)) != Ordering::Less
    }

    /// `self < other`.
    pub fn lt(&self, other: &str) -> bool {
        !self.gte(other)
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.major, self.minor, self.patch)
            .cmp(&(other.major, other.minor, other.patch))
            .then_with(|| match (self.pre.is_empty(), other.pre.is_empty()) {
                (true, true) => Ordering::Equal,
                (true, false) => Ordering::Greater,
                (false, true) => Ordering::Less,
                (false, false) => cmp_pre(&self.pre, &other.pre),
            })
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)?;
        if !self.pre.is_empty() {
            write!(f, "-{}", self.pre.join("."))?;
        }
        Ok(())
    }
}

/// SemVer precedence of pre-release identifiers: numeric ones compare as
/// numbers and sort before alphanumeric ones; a shorter list sorts first.
fn cmp_pre(a: &[String], b: &[String]) -> Ordering {
    for (x, y) in a.iter().zip(b) {
        let ord = match (x.parse::<u64>(), y.parse::<u64>()) {
            (Ok(m), Ok(n)) => m.cmp(&n),
            (Ok(_), Err(_)) => Ordering::Less,
            (Err(_), Ok(_)) => Ordering::Greater,
            (Err(_), Err(_)) => x.cmp(y),
        };
        if ord != Ordering::Equal {
            return ord;
        }
    }
    a.len().cmp(&b.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tolerant_parsing_and_precedence() {
        let cases = [
            ("v2.15.2", "2.15.2"),
            ("2.15", "2.15.0"),
            ("v3", "3.0.0"),
            (" v3.0.0-rc.0 ", "3.0.0-rc.0"),
        ];
        for (input, shown) in cases {
            assert_eq!(Version::parse_tolerant(input).unwrap().to_string(), shown);
        }
        let rc = Version::must("3.0.0-rc.0");
        assert!(rc.lt("3.0.0"));
        assert!(rc.gte("3.0.0-rc.0"));
        assert!(Version::must("v2.47.0").gte("2.45.0"));
        assert!(Version::parse_tolerant("latest").is_err());
        assert!(Version::parse_tolerant("1.2.3.4").is_err());
    }
}
