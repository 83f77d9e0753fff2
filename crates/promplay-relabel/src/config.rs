//! The rule model (`relabel.Config`), its anchored regex and upstream's
//! `Config.Validate`, message for message.

use promplay_diagnostics::Span;
use std::fmt;

/// What a rule does; the 11 actions of Prometheus 3.14.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Writes the expanded `replacement` into `target_label` when `regex` matches.
    Replace,
    /// Drops the set unless `regex` matches the joined source values.
    Keep,
    /// Drops the set when `regex` matches the joined source values.
    Drop,
    /// Drops the set unless the joined source values equal `target_label`'s value.
    KeepEqual,
    /// Drops the set when the joined source values equal `target_label`'s value.
    DropEqual,
    /// Sets `target_label` to the MD5 of the joined source values modulo `modulus`.
    HashMod,
    /// Copies every label whose name matches `regex` to the expanded `replacement`.
    LabelMap,
    /// Removes every label whose name matches `regex`.
    LabelDrop,
    /// Removes every label whose name does not match `regex`.
    LabelKeep,
    /// Sets `target_label` to the joined source values in lower case.
    Lowercase,
    /// Sets `target_label` to the joined source values in upper case.
    Uppercase,
}

impl Action {
    /// Every action, in the order upstream declares them.
    pub const ALL: [Action; 11] = [
        Action::Replace,
        Action::Keep,
        Action::Drop,
        Action::KeepEqual,
        Action::DropEqual,
        Action::HashMod,
        Action::LabelMap,
        Action::LabelDrop,
        Action::LabelKeep,
        Action::Lowercase,
        Action::Uppercase,
    ];

    /// Reads an action name case-insensitively, as `Action.UnmarshalYAML` does.
    pub fn parse(name: &str) -> Option<Action> {
        let lower = name.to_lowercase();
        Action::ALL.into_iter().find(|a| a.as_str() == lower)
    }

    /// The lower-case name Prometheus writes.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Replace => "replace",
            Action::Keep => "keep",
            Action::Drop => "drop",
            Action::KeepEqual => "keepequal",
            Action::DropEqual => "dropequal",
            Action::HashMod => "hashmod",
            Action::LabelMap => "labelmap",
            Action::LabelDrop => "labeldrop",
            Action::LabelKeep => "labelkeep",
            Action::Lowercase => "lowercase",
            Action::Uppercase => "uppercase",
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which label names are legal: Prometheus 3's UTF-8 rule (any non-empty
/// name, the default) or the legacy `[a-zA-Z_][a-zA-Z0-9_]*`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum NameValidationScheme {
    /// `[a-zA-Z_][a-zA-Z0-9_]*`.
    Legacy,
    /// Any non-empty UTF-8 string.
    #[default]
    Utf8,
}

impl NameValidationScheme {
    /// Reads `legacy` or `utf8` (as in `metric_name_validation_scheme`).
    pub fn parse(name: &str) -> Option<NameValidationScheme> {
        match name {
            "legacy" => Some(NameValidationScheme::Legacy),
            "utf8" => Some(NameValidationScheme::Utf8),
            _ => None,
        }
    }

    /// Whether `name` is a legal label name under this scheme.
    pub fn is_valid_label_name(self, name: &str) -> bool {
        match self {
            NameValidationScheme::Legacy => promplay_model::is_valid_legacy_label_name(name),
            NameValidationScheme::Utf8 => promplay_model::is_valid_label_name(name),
        }
    }
}

/// A relabel regex: the text the user wrote and its compiled, anchored
/// form `^(?s:<text>)$`.
#[derive(Clone, Debug)]
pub struct Regex {
    source: String,
    compiled: regex::Regex,
    is_default: bool,
}

impl Regex {
    /// Compiles `source` as Prometheus' `NewRegexp` does. The error is Go's
    /// message, starting `error parsing regexp: `.
    pub fn new(source: &str) -> Result<Regex, String> {
        let anchored = format!("^(?s:{source})$");
        if let Some(e) = promplay_promql_syntax::go_regex_error(&anchored) {
            return Err(format!("error parsing regexp: {e}"));
        }
        let rust = format!(
            "^(?s:{})$",
            ascii_perl_classes(&promplay_promql_syntax::go_regex_to_rust(source))
        );
        match regex::Regex::new(&rust) {
            Ok(compiled) => Ok(Regex { source: source.to_owned(), compiled, is_default: false }),
            Err(e) => Err(format!("error parsing regexp: {}", last_line(&e.to_string()))),
        }
    }

    /// `DefaultRelabelConfig.Regex`: `(.*)`, the regex a rule gets when it
    /// sets none. Upstream compares this object by identity (a rule that
    /// spells out `regex: (.*)` is not "default"), so it is flagged.
    pub fn default_regex() -> Regex {
        let mut re = Regex::new("(.*)").expect("the default regex compiles");
        re.is_default = true;
        re
    }

    /// The regex as the user wrote it (not anchored).
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Whether this is the default regex object (no `regex` key was given).
    pub fn is_default(&self) -> bool {
        self.is_default
    }

    /// Whether the anchored regex matches all of `text`.
    pub fn is_match(&self, text: &str) -> bool {
        self.compiled.is_match(text)
    }

    /// The compiled, anchored regex.
    pub fn compiled(&self) -> &regex::Regex {
        &self.compiled
    }
}

impl PartialEq for Regex {
    fn eq(&self, other: &Regex) -> bool {
        self.source == other.source && self.is_default == other.is_default
    }
}

/// One relabel rule, with the fields of `prometheus.yml`.
///
/// [`RelabelConfig::default`] is upstream's `DefaultRelabelConfig` (what YAML
/// fills in); [`RelabelConfig::zero`] is a Go struct literal with no fields.
#[derive(Clone, Debug, PartialEq)]
pub struct RelabelConfig {
    /// `source_labels`; `None` when the key is absent (Go's nil slice).
    pub source_labels: Option<Vec<String>>,
    /// `separator` between the joined source values.
    pub separator: String,
    /// `regex`; `None` only for a zero-value rule built in code.
    pub regex: Option<Regex>,
    /// `modulus` for `hashmod`.
    pub modulus: u64,
    /// `target_label`.
    pub target_label: String,
    /// `replacement`.
    pub replacement: String,
    /// `action`; `None` when empty (YAML `action: null`).
    pub action: Option<Action>,
    /// The per-rule name validation scheme; `None` takes the global one.
    pub name_validation_scheme: Option<NameValidationScheme>,
    /// Where the rule was read from, when it came from text.
    pub span: Option<Span>,
    /// Where each key was read from (`"regex"`, `"target_label"`, …).
    pub key_spans: Vec<(&'static str, Span)>,
}

impl Default for RelabelConfig {
    fn default() -> RelabelConfig {
        RelabelConfig {
            source_labels: None,
            separator: ";".into(),
            regex: Some(Regex::default_regex()),
            modulus: 0,
            target_label: String::new(),
            replacement: "$1".into(),
            action: Some(Action::Replace),
            name_validation_scheme: None,
            span: None,
            key_spans: Vec::new(),
        }
    }
}

impl RelabelConfig {
    /// A rule with every field at Go's zero value (no defaults).
    pub fn zero() -> RelabelConfig {
        RelabelConfig {
            source_labels: None,
            separator: String::new(),
            regex: None,
            modulus: 0,
            target_label: String::new(),
            replacement: String::new(),
            action: None,
            name_validation_scheme: None,
            span: None,
            key_spans: Vec::new(),
        }
    }

    /// The span of key `key`'s value, or of the whole rule.
    pub fn span_of(&self, key: &str) -> Option<Span> {
        self.key_spans.iter().find(|(k, _)| *k == key).map(|(_, s)| *s).or(self.span)
    }

    /// The scheme that applies to this rule under global scheme `global`.
    pub fn scheme(&self, global: NameValidationScheme) -> NameValidationScheme {
        self.name_validation_scheme.unwrap_or(global)
    }

    /// The source labels (empty when absent).
    pub fn sources(&self) -> &[String] {
        self.source_labels.as_deref().unwrap_or(&[])
    }

    /// A one-line YAML-ish summary for traces: `replace [a,b] =~ "f(.*)" → d = "x$1"`.
    pub fn summary(&self) -> String {
        let action = self.action.map_or("<no action>", Action::as_str);
        let mut s = action.to_owned();
        let regex = || self.regex.as_ref().map_or("", Regex::as_str);
        let sources = || format!("[{}]", self.sources().join(", "));
        match self.action {
            Some(Action::Replace) => {
                s += &format!(
                    " {} =~ `{}` → {} = \"{}\"",
                    sources(),
                    regex(),
                    self.target_label,
                    self.replacement
                );
            }
            Some(Action::Keep | Action::Drop) => s += &format!(" {} =~ `{}`", sources(), regex()),
            Some(Action::KeepEqual | Action::DropEqual) => {
                s += &format!(" {} == {}", sources(), self.target_label);
            }
            Some(Action::HashMod) => {
                s += &format!(" {} mod {} → {}", sources(), self.modulus, self.target_label);
            }
            Some(Action::LabelMap) => s += &format!(" `{}` → \"{}\"", regex(), self.replacement),
            Some(Action::LabelDrop | Action::LabelKeep) => s += &format!(" `{}`", regex()),
            Some(Action::Lowercase | Action::Uppercase) => {
                s += &format!(" {} → {}", sources(), self.target_label);
            }
            None => {}
        }
        s
    }
}

/// Upstream's `Config.Validate`: `Ok` or the exact error text. `global` is the
/// scheme that applies when the rule sets none.
pub fn validate(cfg: &RelabelConfig, global: NameValidationScheme) -> Result<(), String> {
    use Action::*;
    let Some(action) = cfg.action else {
        return Err("relabel action cannot be empty".into());
    };
    if cfg.modulus == 0 && action == HashMod {
        return Err("relabel configuration for hashmod requires non-zero modulus".into());
    }
    if matches!(action, Replace | HashMod | Lowercase | Uppercase | KeepEqual | DropEqual)
        && cfg.target_label.is_empty()
    {
        return Err(format!(
            "relabel configuration for {action} action requires 'target_label' value"
        ));
    }
    let scheme = cfg.scheme(global);
    let invalid_target =
        || Err(format!("{:?} is invalid 'target_label' for {action} action", cfg.target_label));
    let has_var = |s: &str| s.contains('$');
    // Under UTF-8 any name is fine; legacy names may hold `$1`/`${name}` variables.
    let valid_with_vars = |s: &str| match scheme {
        NameValidationScheme::Utf8 => scheme.is_valid_label_name(s),
        NameValidationScheme::Legacy => legacy_target_with_vars(s),
    };
    if action == Replace
        && !has_var(&cfg.target_label)
        && !scheme.is_valid_label_name(&cfg.target_label)
    {
        return invalid_target();
    }
    if action == Replace && has_var(&cfg.target_label) && !valid_with_vars(&cfg.target_label) {
        return invalid_target();
    }
    let equal_or_case = matches!(action, Lowercase | Uppercase | KeepEqual | DropEqual);
    if equal_or_case && !scheme.is_valid_label_name(&cfg.target_label) {
        return invalid_target();
    }
    if equal_or_case && cfg.replacement != "$1" {
        return Err(format!("'replacement' can not be set for {action} action"));
    }
    if action == LabelMap && !valid_with_vars(&cfg.replacement) {
        return Err(format!("{:?} is invalid 'replacement' for {action} action", cfg.replacement));
    }
    if action == HashMod && !scheme.is_valid_label_name(&cfg.target_label) {
        return invalid_target();
    }
    let regex_is_default = cfg.regex.as_ref().is_some_and(Regex::is_default);
    if matches!(action, DropEqual | KeepEqual)
        && (!regex_is_default
            || cfg.modulus != 0
            || cfg.separator != ";"
            || cfg.replacement != "$1")
    {
        return Err(format!(
            "{action} action requires only 'source_labels' and `target_label`, and no other fields"
        ));
    }
    if matches!(action, LabelDrop | LabelKeep)
        && (cfg.source_labels.is_some()
            || !cfg.target_label.is_empty()
            || cfg.modulus != 0
            || cfg.separator != ";"
            || cfg.replacement != "$1")
    {
        return Err(format!("{action} action requires only 'regex', and no other fields"));
    }
    Ok(())
}

/// Upstream's `relabelTargetLegacy`:
/// `^(?:(?:[a-zA-Z_]|\$(?:\{\w+\}|\w+))+\w*)+$` — legacy characters plus
/// `$name` / `${name}` variables. Written as a scanner: the pattern accepts
/// exactly the strings that split into legacy letters, digits after a first
/// letter or variable, and variables.
fn legacy_target_with_vars(s: &str) -> bool {
    let b = s.as_bytes();
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut i = 0;
    // Digits are legal only after a letter, underscore or variable.
    let mut started = false;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_alphabetic() || c == b'_' {
            started = true;
            i += 1;
        } else if c.is_ascii_digit() && started {
            i += 1;
        } else if c == b'$' {
            if b.get(i + 1) == Some(&b'{') {
                let n = b[i + 2..].iter().take_while(|&&c| word(c)).count();
                if n == 0 || b.get(i + 2 + n) != Some(&b'}') {
                    return false;
                }
                i += n + 3;
            } else {
                let n = b[i + 1..].iter().take_while(|&&c| word(c)).count();
                if n == 0 {
                    return false;
                }
                i += n + 1;
            }
            started = true;
        } else {
            return false;
        }
    }
    started
}

/// Go's `\d`, `\w`, `\s` (and their negations) are ASCII-only, Rust's are
/// Unicode-aware; this rewrites them as explicit ASCII classes. Rust allows
/// a class inside a class, so the same text works inside `[...]`.
fn ascii_perl_classes(re: &str) -> String {
    let mut out = String::with_capacity(re.len() + 8);
    let mut chars = re.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('d') => out.push_str("[0-9]"),
            Some('D') => out.push_str("[^0-9]"),
            Some('w') => out.push_str("[0-9A-Za-z_]"),
            Some('W') => out.push_str("[^0-9A-Za-z_]"),
            Some('s') => out.push_str(r"[\t\n\f\r ]"),
            Some('S') => out.push_str(r"[^\t\n\f\r ]"),
            Some(e) => {
                out.push('\\');
                out.push(e);
            }
            None => out.push('\\'),
        }
    }
    out
}

fn last_line(s: &str) -> &str {
    s.lines().rev().find(|l| l.starts_with("error:")).map_or(s, |l| l.trim_start_matches("error: "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_targets_with_variables() {
        for ok in ["a", "_a1", "${1}", "$1", "a$1b", "${foo}_bar", "$1${2}"] {
            assert!(legacy_target_with_vars(ok), "{ok}");
        }
        for bad in ["", "0${3}", "-${3}", "a-b", "$", "${}", "${a", "a.b"] {
            assert!(!legacy_target_with_vars(bad), "{bad}");
        }
    }

    #[test]
    fn regexes_are_anchored_and_ascii() {
        let re = Regex::new("f(.*)").unwrap();
        assert!(re.is_match("foo"));
        assert!(!re.is_match("afoo"));
        assert!(Regex::new("a.b").unwrap().is_match("a\nb"));
        assert!(!Regex::new(r"\d").unwrap().is_match("٣"));
        assert!(Regex::new(r"[\d]x").unwrap().is_match("3x"));
        let e = Regex::new("abc(def").unwrap_err();
        assert!(e.starts_with("error parsing regexp: "), "{e}");
        assert!(Regex::new("/api/{id}").unwrap().is_match("/api/{id}"));
    }

    #[test]
    fn actions_are_case_insensitive() {
        assert_eq!(Action::parse("LabelMap"), Some(Action::LabelMap));
        assert_eq!(Action::parse("KEEPEQUAL"), Some(Action::KeepEqual));
        assert_eq!(Action::parse("nope"), None);
    }
}
