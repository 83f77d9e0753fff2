//! The Operator workbench's state: the manifest files (several, one shown at
//! a time), the version defaults and operator options, kept in
//! `localStorage` under their own keys so the workbench stays independent of
//! the others.

use leptos::prelude::*;
use promplay_pipeline::operator::{DEFAULT_ALERTMANAGER_VERSION, DEFAULT_PROMETHEUS_VERSION};

use super::task::CompileTask;

use crate::browser;

pub(crate) const KEY_NAMES: &str = "promplay.v1.operator.files";
pub(crate) const KEY_FILE: &str = "promplay.v1.operator.file.";
const KEY_PROM_VERSION: &str = "promplay.v1.operator.prometheus-version";
const KEY_AM_VERSION: &str = "promplay.v1.operator.alertmanager-version";
const KEY_OPTIONS: &str = "promplay.v1.operator.options";

/// One manifest file in the workbench.
#[derive(Clone, Debug, PartialEq)]
pub struct ManifestFile {
    /// Its name (a tab label; the diagnostics' file name).
    pub name: String,
    /// Its text.
    pub text: String,
}

/// Everything the Operator workbench compiles from.
#[derive(Clone, Copy, Debug)]
pub struct OperatorInput {
    /// The files, in tab order (never empty).
    pub files: RwSignal<Vec<ManifestFile>>,
    /// The index of the file shown in the editor.
    pub active: RwSignal<usize>,
    /// The operator's default Prometheus version (for an empty `spec.version`).
    pub prometheus_version: RwSignal<String>,
    /// The operator's default Alertmanager version.
    pub alertmanager_version: RwSignal<String>,
    /// Further operator options, `key=value` one a line.
    pub options_text: RwSignal<String>,
    /// Whether the last save did not fit in `localStorage` (the workbench
    /// says so: a reload would bring back older files).
    pub storage_full: RwSignal<bool>,
    /// The files as last written to storage, so a save writes only the
    /// files that changed (typing in one of 85 files rewrites one).
    saved: StoredValue<Vec<ManifestFile>>,
}

impl OperatorInput {
    /// An input holding `files` with the operator's defaults.
    pub fn new(files: Vec<ManifestFile>) -> OperatorInput {
        OperatorInput {
            files: RwSignal::new(files),
            active: RwSignal::new(0),
            prometheus_version: RwSignal::new(DEFAULT_PROMETHEUS_VERSION.to_owned()),
            alertmanager_version: RwSignal::new(DEFAULT_ALERTMANAGER_VERSION.to_owned()),
            options_text: RwSignal::new(String::new()),
            storage_full: RwSignal::new(false),
            saved: StoredValue::new(Vec::new()),
        }
    }

    /// The saved input, or `fallback` on a first visit.
    pub fn restore(fallback: Vec<ManifestFile>) -> OperatorInput {
        let files = browser::storage_get(KEY_NAMES)
            .map(|names| {
                names
                    .lines()
                    .enumerate()
                    .map(|(i, name)| ManifestFile {
                        name: name.to_owned(),
                        text: browser::storage_get(&format!("{KEY_FILE}{i}")).unwrap_or_default(),
                    })
                    .collect::<Vec<_>>()
            })
            .filter(|f| !f.is_empty())
            .unwrap_or(fallback);
        let stored = browser::storage_get(KEY_NAMES).is_some();
        let input = OperatorInput::new(files);
        if stored {
            input.saved.set_value(input.files.get_untracked());
        }
        if let Some(v) = browser::storage_get(KEY_PROM_VERSION) {
            input.prometheus_version.set(v);
        }
        if let Some(v) = browser::storage_get(KEY_AM_VERSION) {
            input.alertmanager_version.set(v);
        }
        if let Some(v) = browser::storage_get(KEY_OPTIONS) {
            input.options_text.set(v);
        }
        input
    }

    /// Writes the input to `localStorage`; returns whether all of it fit
    /// (and sets [`storage_full`](Self::storage_full) when not).
    ///
    /// The texts of files no longer listed are removed first: after 85
    /// files (kube-prometheus) were replaced by a smaller scenario, their
    /// megabyte would otherwise stay in the quota.
    pub fn save(&self) -> bool {
        let ok = self.files.with_untracked(|files| {
            let mut stale = files.len();
            while browser::storage_get(&format!("{KEY_FILE}{stale}")).is_some() {
                browser::storage_remove(&format!("{KEY_FILE}{stale}"));
                stale += 1;
            }
            let mut ok = true;
            self.saved.update_value(|saved| {
                saved.truncate(files.len());
                for (i, f) in files.iter().enumerate() {
                    if saved.get(i).is_some_and(|s| s.text == f.text) {
                        continue;
                    }
                    if browser::storage_set(&format!("{KEY_FILE}{i}"), &f.text) {
                        if let Some(s) = saved.get_mut(i) {
                            s.clone_from(f);
                        } else if saved.len() == i {
                            saved.push(f.clone());
                        }
                    } else {
                        ok = false;
                        // Written again next time.
                        saved.truncate(i);
                    }
                }
            });
            let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
            ok & browser::storage_set(KEY_NAMES, &names.join("\n"))
        });
        let settings =
            browser::storage_set(KEY_PROM_VERSION, &self.prometheus_version.get_untracked())
                & browser::storage_set(KEY_AM_VERSION, &self.alertmanager_version.get_untracked())
                & browser::storage_set(KEY_OPTIONS, &self.options_text.get_untracked());
        let ok = ok && settings;
        self.storage_full.set(!ok);
        ok
    }

    /// The engine task that compiles this input (tracked: reading it
    /// subscribes to every field but the active tab).
    pub(crate) fn task(&self) -> CompileTask {
        CompileTask {
            files: self
                .files
                .with(|files| files.iter().map(|f| (f.name.clone(), f.text.clone())).collect()),
            prometheus_version: self.prometheus_version.get(),
            alertmanager_version: self.alertmanager_version.get(),
            options_text: self.options_text.get(),
        }
    }

    /// Replaces the text of the active file.
    pub fn set_active_text(&self, text: String) {
        let at = self.active.get_untracked();
        self.files.update(|files| {
            if let Some(f) = files.get_mut(at) {
                f.text = text;
            }
        });
    }

    /// Adds a file (or replaces the text of one with the same name) and shows it.
    pub fn add_file(&self, name: String, text: String) {
        self.add_files(vec![(name, text)]);
    }

    /// Adds several files in one change (one recompilation), showing the first.
    pub fn add_files(&self, new: Vec<(String, String)>) {
        let mut first = None;
        self.files.update(|files| {
            // An untouched empty first file gives way to the first real one.
            if files.len() == 1 && files[0].text.trim().is_empty() {
                files.clear();
            }
            for (name, text) in new {
                let at = match files.iter().position(|f| f.name == name) {
                    Some(i) => {
                        files[i].text = text;
                        i
                    }
                    None => {
                        files.push(ManifestFile { name, text });
                        files.len() - 1
                    }
                };
                first.get_or_insert(at);
            }
        });
        if let Some(at) = first {
            self.active.set(at);
        }
    }

    /// Removes file `at`, keeping at least one (empty) file.
    pub fn remove_file(&self, at: usize) {
        self.files.update(|files| {
            if at < files.len() {
                files.remove(at);
            }
            if files.is_empty() {
                files.push(ManifestFile { name: "manifests.yaml".into(), text: String::new() });
            }
        });
        let len = self.files.with_untracked(Vec::len);
        self.active.update(|a| *a = (*a).min(len - 1));
    }
}
