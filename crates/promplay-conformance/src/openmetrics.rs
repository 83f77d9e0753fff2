//! The OpenMetrics suite: accept/reject verdicts for `parsers/<case>/metrics`,
//! parsed as OpenMetrics with `Strictness::Strict`.

use crate::{CaseResult, first_error};
use promplay_exposition::{Format, ParseOptions, Strictness, parse_bytes};
use std::path::Path;

/// Runs every case under `folder/parsers`.
pub(crate) fn run(folder: &Path) -> Result<Vec<CaseResult>, String> {
    let parsers = folder.join("parsers");
    let entries = std::fs::read_dir(&parsers).map_err(|e| format!("{}: {e}", parsers.display()))?;
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let options = ParseOptions::new(Some(Format::OpenMetrics), Strictness::Strict);
    let mut out = Vec::new();
    for name in names {
        let dir = parsers.join(&name);
        let id = format!("openmetrics/{name}");
        let spec = match std::fs::read_to_string(dir.join("test.json")) {
            Ok(s) => s,
            Err(e) => {
                out.push(CaseResult::fail(id, format!("cannot read test.json: {e}")));
                continue;
            }
        };
        let spec: serde_json::Value =
            serde_json::from_str(&spec).map_err(|e| format!("{name}/test.json: {e}"))?;
        let file = spec["file"].as_str().unwrap_or("metrics");
        let should_parse = spec["shouldParse"].as_bool().unwrap_or(false);
        let bytes = std::fs::read(dir.join(file)).map_err(|e| format!("{name}/{file}: {e}"))?;
        let parsed = parse_bytes(&bytes, &options);
        let parsed_ok = !parsed.has_errors();
        out.push(match (should_parse, parsed_ok) {
            (true, true) | (false, false) => CaseResult::pass(id),
            (true, false) => CaseResult::fail(
                id,
                format!("expected to parse, got error {}", first_error(&parsed)),
            ),
            (false, true) => {
                CaseResult::fail(id, "expected an error, but the input was accepted".to_owned())
            }
        });
    }
    Ok(out)
}
