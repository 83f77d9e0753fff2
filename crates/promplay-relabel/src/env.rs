//! `$(VAR)` placeholders: prometheus-operator writes `$(SHARD)` and
//! `$(POD_NAME)` into the generated configuration, and the
//! prometheus-config-reloader sidecar replaces them with the pod's
//! environment before Prometheus reads the file. Applied to rules read from
//! such a file, so they behave as in the running pod.

use crate::config::{Regex, RelabelConfig};

/// Replaces every `$(NAME)` whose name is in `env` in the string fields
/// of `rules` (and recompiles changed regexes). Returns the names that
/// were replaced, each once, in the order first seen.
pub fn substitute_env(rules: &mut [RelabelConfig], env: &[(&str, &str)]) -> Vec<String> {
    let mut used: Vec<String> = Vec::new();
    let mut subst = |s: &mut String| {
        if !s.contains("$(") {
            return;
        }
        for (name, value) in env {
            let placeholder = format!("$({name})");
            if s.contains(&placeholder) {
                *s = s.replace(&placeholder, value);
                if !used.iter().any(|u| u == name) {
                    used.push((*name).to_owned());
                }
            }
        }
    };
    for rule in rules {
        subst(&mut rule.replacement);
        subst(&mut rule.target_label);
        subst(&mut rule.separator);
        if let Some(re) = &rule.regex {
            let mut source = re.as_str().to_owned();
            subst(&mut source);
            if source != re.as_str()
                && let Ok(new) = Regex::new(&source)
            {
                rule.regex = Some(new);
            }
        }
    }
    used
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_placeholders() {
        let mut rules = crate::parse_configs(
            "- target_label: __tmp_current_shard\n  replacement: $(SHARD)\n- source_labels: [a]\n  regex: $(SHARD);|.+;.+\n  action: keep\n",
        )
        .rules;
        let used = substitute_env(&mut rules, &[("SHARD", "0")]);
        assert_eq!(used, vec!["SHARD".to_owned()]);
        assert_eq!(rules[0].replacement, "0");
        assert_eq!(rules[1].regex.as_ref().unwrap().as_str(), "0;|.+;.+");
    }
}
