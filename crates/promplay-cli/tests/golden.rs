//! Golden tests of the `promplay` binary: every folder under `tests/golden/`
//! is a case, run with the folder as working directory.
//!
//! A case holds `args` (the arguments, one per line), optionally `stdin`,
//! and the expected `stdout`, `stderr` and `status` (the exit code). Run
//! with `PROMPLAY_BLESS=1` to write the expected files from the actual
//! output, then review the diff.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Runs one case; returns a description of each difference.
fn check(case: &Path) -> Vec<String> {
    let args_text = std::fs::read_to_string(case.join("args")).unwrap_or_default();
    let args: Vec<&str> = args_text.lines().filter(|l| !l.is_empty()).collect();
    let stdin = std::fs::read(case.join("stdin")).ok();
    let mut child = Command::new(env!("CARGO_BIN_EXE_promplay"))
        .args(&args)
        .current_dir(case)
        // The conformance root must not leak in from the developer's shell.
        .env_remove("PROMPLAY_CONFORMANCE_DIR")
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cannot start promplay");
    if let Some(input) = stdin {
        use std::io::Write;
        child.stdin.take().unwrap().write_all(&input).unwrap();
    }
    let output = child.wait_with_output().unwrap();
    let actual = [
        ("stdout", String::from_utf8_lossy(&output.stdout).into_owned()),
        ("stderr", String::from_utf8_lossy(&output.stderr).into_owned()),
        ("status", format!("{}\n", output.status.code().unwrap_or(-1))),
    ];
    let bless = std::env::var_os("PROMPLAY_BLESS").is_some();
    let mut differences = Vec::new();
    for (file, actual) in actual {
        let path = case.join(file);
        let expected = std::fs::read_to_string(&path).ok();
        if expected.as_deref() == Some(actual.as_str()) {
            continue;
        }
        if bless {
            std::fs::write(&path, &actual).unwrap();
        } else {
            let expected = expected.unwrap_or_else(|| "(missing file)\n".to_owned());
            differences.push(format!(
                "{}: {file} differs\n--- expected\n{expected}--- actual\n{actual}---",
                case.display()
            ));
        }
    }
    differences
}

#[test]
fn golden() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(!cases.is_empty());
    let failures: Vec<String> = cases.iter().flat_map(|case| check(case)).collect();
    assert!(
        failures.is_empty(),
        "{} golden difference(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// `promplay conformance` ends with the summary line whatever the suites
/// hold, so this checks the shape, not the numbers.
#[test]
fn conformance_ends_with_the_summary_line() {
    let dir = tempdir();
    for suite in ["openmetrics", "exposition"] {
        std::fs::create_dir_all(dir.join(suite)).unwrap();
    }
    let output = Command::new(env!("CARGO_BIN_EXE_promplay"))
        .args(["conformance", "all", "--dir"])
        .arg(&dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let last = stdout.lines().last().unwrap_or_default();
    let words: Vec<&str> = last.split(' ').collect();
    assert!(
        matches!(words.as_slice(), [_, "passed,", _, "failed,", _, "skipped"]),
        "last line {last:?} of:\n{stdout}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A fresh folder under the target directory (no tempfile crate needed).
fn tempdir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("conformance-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
