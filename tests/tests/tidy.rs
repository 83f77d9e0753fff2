//! Tidy checks: the dependency direction between crates, and house rules every file follows.
//!
//! These read the workspace's own manifests and sources as text, so they need no extra
//! dependency and run with the rest of `cargo test`. A failure names the file and the rule.

use std::fs;
use std::path::{Path, PathBuf};

/// A rule about who may depend on a set of crates.
struct DependencyRule {
    /// Crates that only `allowed` may depend on.
    crates: &'static [&'static str],
    /// Workspace members that may depend on them.
    allowed: &'static [&'static str],
    /// Why, for the failure message.
    reason: &'static str,
}

/// Test harness crates: they read files and may use the CLI's conveniences.
const HARNESS_CRATES: &[&str] = &["promplay-tests", "promplay-conformance"];

const DEPENDENCY_RULES: &[DependencyRule] = &[
    DependencyRule {
        crates: &["leptos", "wasm-bindgen", "web-sys", "js-sys"],
        allowed: &["promplay-web"],
        reason: "engines are pure and build anywhere; only the web UI talks to the browser",
    },
    DependencyRule {
        crates: &["anyhow", "clap", "lexopt"],
        allowed: &["promplay-cli", "promplay-tests", "promplay-conformance"],
        reason: "engines return diagnostics, not errors for a terminal; only the CLI handles arguments",
    },
    DependencyRule {
        crates: &["promplay-cli", "promplay-web"],
        allowed: &[],
        reason: "the front ends sit at the top of the dependency graph",
    },
];

/// A workspace member as its manifest describes it.
struct Member {
    manifest: PathBuf,
    name: String,
    /// Every dependency (normal, dev, build, target-specific) by its real package name.
    dependencies: Vec<String>,
}

#[test]
fn dependency_direction() {
    let mut failures = Vec::new();
    for member in members() {
        for rule in DEPENDENCY_RULES {
            if rule.allowed.contains(&member.name.as_str()) {
                continue;
            }
            for dep in &member.dependencies {
                if rule.crates.contains(&dep.as_str()) {
                    failures.push(format!(
                        "{}: `{}` depends on `{dep}`, but {}",
                        member.manifest.display(),
                        member.name,
                        rule.reason
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "dependency rules broken:\n{}", failures.join("\n"));
}

#[test]
fn harness_crates_exist() {
    // The exceptions above name real crates; a rename must update this file too.
    let names: Vec<String> = members().into_iter().map(|m| m.name).collect();
    for harness in HARNESS_CRATES {
        assert!(names.iter().any(|n| n == harness), "no workspace member named `{harness}`");
    }
}

#[test]
fn crate_folders_are_named_as_their_packages() {
    let mut failures = Vec::new();
    for member in members() {
        let folder = member.manifest.parent().and_then(Path::file_name);
        let folder = folder.map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
        // `tests/` holds `promplay-tests`, the one documented exception.
        if folder != member.name && !(folder == "tests" && member.name == "promplay-tests") {
            failures.push(format!("crates/{folder} holds package `{}`", member.name));
        }
    }
    assert!(failures.is_empty(), "folder names:\n{}", failures.join("\n"));
}

#[test]
fn every_rust_file_opens_with_a_doc_paragraph() {
    let mut failures = Vec::new();
    let mut files = Vec::new();
    rust_files(&workspace_root().join("crates"), &mut files);
    rust_files(&workspace_root().join("tests"), &mut files);
    assert!(!files.is_empty(), "no Rust files found under crates/ and tests/");
    for file in files {
        let text = fs::read_to_string(&file).unwrap_or_default();
        if !text.trim_start().starts_with("//!") {
            failures.push(file.display().to_string());
        }
    }
    assert!(
        failures.is_empty(),
        "files without a leading `//!` paragraph:\n{}",
        failures.join("\n")
    );
}

/// The workspace root: the parent of this crate's folder (`tests/`).
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ has a parent").to_path_buf()
}

/// Every workspace member: `crates/*` and `tests/`.
fn members() -> Vec<Member> {
    let root = workspace_root();
    let mut manifests = vec![root.join("tests/Cargo.toml")];
    let entries = fs::read_dir(root.join("crates")).expect("crates/ is readable");
    for entry in entries.flatten() {
        let manifest = entry.path().join("Cargo.toml");
        if manifest.is_file() {
            manifests.push(manifest);
        }
    }
    manifests.sort();
    assert!(manifests.len() > 2, "expected several crates under crates/");
    manifests.into_iter().map(|m| parse_manifest(&m)).collect()
}

/// Reads the package name and dependency names from a manifest. Plain line-based TOML reading
/// is enough for the shapes used here: `name = "..."` under `[package]`, `dep = ...` or
/// `dep.workspace = true` under any `*dependencies` table, `[dependencies.dep]` tables, and
/// renames through `package = "..."`.
fn parse_manifest(path: &Path) -> Member {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut section = String::new();
    let mut name = None;
    let mut dependencies = Vec::new();
    for raw in text.lines() {
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        if let Some(header) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = header.trim().to_string();
            // `[dependencies.foo]` and `[target.'cfg(..)'.dependencies.foo]` name one dependency.
            if let Some((_, dep)) = section.rsplit_once("dependencies.") {
                dependencies.push(dep.trim_matches('"').to_string());
            }
            continue;
        }
        let Some((key, value)) = line.split_once('=') else { continue };
        let key = key.trim();
        if section == "package" && key == "name" {
            name = Some(value.trim().trim_matches('"').to_string());
        } else if is_dependency_table(&section) {
            let dep = key.split('.').next().unwrap_or(key).trim_matches('"');
            dependencies.push(renamed_package(value).unwrap_or_else(|| dep.to_string()));
        } else if section.rsplit_once("dependencies.").is_some() && key == "package" {
            // A rename in table form: the table's own name is not the real package.
            dependencies.pop();
            dependencies.push(value.trim().trim_matches('"').to_string());
        }
    }
    let name = name.unwrap_or_else(|| panic!("{}: no [package] name", path.display()));
    Member { manifest: path.to_path_buf(), name, dependencies }
}

/// Whether a table header lists dependencies (normal, dev, build, or target-specific).
fn is_dependency_table(section: &str) -> bool {
    ["dependencies", "dev-dependencies", "build-dependencies"]
        .iter()
        .any(|kind| section == *kind || section.ends_with(&format!(".{kind}")))
}

/// The real package name of an inline-table dependency written `{ package = "...", ... }`.
fn renamed_package(value: &str) -> Option<String> {
    let rest = value.split("package").nth(1)?.trim_start().strip_prefix('=')?;
    let quoted = rest.trim_start().strip_prefix('"')?;
    Some(quoted.split('"').next()?.to_string())
}

/// Collects `.rs` files below `dir`, skipping build output and npm folders.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        if path.is_dir() {
            if name != "target" && name != "node_modules" {
                rust_files(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn manifest_reader_understands_the_shapes_we_use() {
    // The reader is small on purpose; this pins what it must see so a missed shape fails here
    // rather than letting a forbidden dependency slip through.
    let dir = std::env::temp_dir().join(format!("promplay-tidy-{}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    let manifest = dir.join("Cargo.toml");
    fs::write(
        &manifest,
        r#"[package]
name = "promplay-example" # a comment
version.workspace = true

[dependencies]
nom = { workspace = true }
serde.workspace = true
term = { package = "anyhow", version = "1" }

[target.'cfg(target_arch = "wasm32")'.dependencies]
web-sys = "0.3"

[dev-dependencies.cli]
package = "clap"
version = "4"

[build-dependencies]
"js-sys" = "0.3"
"#,
    )
    .unwrap();
    let member = parse_manifest(&manifest);
    fs::remove_dir_all(&dir).unwrap();
    assert_eq!(member.name, "promplay-example");
    assert_eq!(member.dependencies, ["nom", "serde", "anyhow", "web-sys", "clap", "js-sys"]);
}
