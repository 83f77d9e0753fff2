//! The scrape side: what Prometheus does to every scraped sample's labels
//! before it stores it (`scrape.go` `mutateSampleLabels`): attach the
//! target's labels (honoring or renaming conflicting exposed ones to
//! `exported_<name>`), then apply `metric_relabel_configs` in the same
//! builder.

use crate::config::RelabelConfig;
use crate::process::{Builder, relabel};
use promplay_model::Labels;

/// What happened to one sample's labels.
#[derive(Clone, Debug, PartialEq)]
pub struct SampleLabels {
    /// The stored labels, or `None` when a metric relabel rule dropped the sample.
    pub labels: Option<Labels>,
    /// The index of the rule that dropped it.
    pub dropped_by: Option<usize>,
    /// Exposed labels that clashed with a target label (`honor_labels: false`):
    /// (the exposed name, the name it was stored under, its value).
    pub exported: Vec<(String, String, String)>,
    /// Target labels that were attached (set on the sample).
    pub attached: Vec<String>,
    /// Target labels that were not attached because the sample has its own
    /// (`honor_labels: true`).
    pub honored: Vec<String>,
}

/// `mutateSampleLabels`: `target` is the target's final label set (names
/// starting with `__` are not attached, as `Target.LabelsRange` skips them).
pub fn mutate_sample_labels(
    sample: &Labels,
    target: &Labels,
    honor_labels: bool,
    rules: &[RelabelConfig],
) -> SampleLabels {
    let mut lb = Builder::new(sample);
    let mut out = SampleLabels {
        labels: None,
        dropped_by: None,
        exported: Vec::new(),
        attached: Vec::new(),
        honored: Vec::new(),
    };
    let public = target.iter().filter(|l| !l.name.starts_with("__"));
    // `lset.Get` reads the sample as exposed: an empty value counts as absent.
    let exposed = |name: &str| sample.get(name).unwrap_or("");
    if honor_labels {
        for l in public {
            if sample.get(&l.name).is_some() {
                out.honored.push(l.name.clone());
            } else {
                lb.set(&l.name, l.value.clone());
                out.attached.push(l.name.clone());
            }
        }
    } else {
        let mut conflicts: Vec<(String, String)> = Vec::new();
        for l in public {
            let existing = exposed(&l.name);
            if !existing.is_empty() {
                conflicts.push((l.name.clone(), existing.to_owned()));
            }
            lb.set(&l.name, l.value.clone());
            out.attached.push(l.name.clone());
        }
        // Shorter names first (stable), each under the first free `exported_…` name.
        conflicts.sort_by_key(|(name, _)| name.len());
        for (name, value) in conflicts {
            let mut new_name = name.clone();
            loop {
                new_name = format!("exported_{new_name}");
                if lb.get(&new_name).is_empty() {
                    lb.set(&new_name, value.clone());
                    break;
                }
            }
            out.exported.push((name, new_name, value));
        }
    }
    for (i, rule) in rules.iter().enumerate() {
        if !relabel(rule, &mut lb, None) {
            out.dropped_by = Some(i);
            return out;
        }
    }
    out.labels = Some(lb.labels());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format_label_set;

    fn l(text: &str) -> Labels {
        crate::parse_label_set(text, 0).unwrap()
    }

    #[test]
    fn exported_prefix_and_honor_labels() {
        let target = l(r#"{__address__="h:1", instance="h:1", job="app"}"#);
        let sample = l(r#"up{job="exposed", exported_job="x", instance=""}"#);
        let got = mutate_sample_labels(&sample, &target, false, &[]);
        assert_eq!(
            format_label_set(got.labels.as_ref().unwrap()),
            r#"{__name__="up", exported_exported_job="exposed", exported_job="x", instance="h:1", job="app"}"#
        );
        assert_eq!(
            got.exported,
            vec![("job".into(), "exported_exported_job".into(), "exposed".into())]
        );
        let got = mutate_sample_labels(&sample, &target, true, &[]);
        assert_eq!(
            format_label_set(got.labels.as_ref().unwrap()),
            r#"{__name__="up", exported_job="x", job="exposed"}"#
        );
        assert_eq!(got.honored, vec!["instance".to_owned(), "job".to_owned()]);
    }
}
