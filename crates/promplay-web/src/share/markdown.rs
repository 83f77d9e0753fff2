//! "Copy as Markdown": the open workbench as a bug-report-ready block, its
//! inputs in fenced code blocks, the result summary and problems as the
//! page shows them, and the share link.
//!
//! Inputs come from the workspace [`Snapshot`] (what the workbench saved),
//! read per workbench by a small table ([`sources`]); a workbench that has
//! saved nothing yet (an untouched example) is described by the editors
//! visible on the page instead. Everything here is pure, so it is tested
//! natively; the page collects the visible parts.

use super::document::Snapshot;
use super::link::{TOO_LONG_LINK, group_thousands};

/// A block longer than this many lines is cut (the link has all of it).
const MAX_LINES: usize = 150;

/// Where a workbench keeps one of its inputs.
enum Source {
    /// A text saved under a key, shown as a code block.
    Text { key: &'static str, title: &'static str, lang: &'static str },
    /// A one-line setting.
    Setting { key: &'static str, name: &'static str },
    /// A JSON document under a key (the Query and Rules workbenches), all
    /// of its fields or only the ones listed.
    Json { key: &'static str, title: &'static str, only: &'static [&'static str] },
    /// The Operator workbench's files (`operator.files` names them).
    OperatorFiles,
}

/// The inputs each workbench's report shows.
fn sources(workbench: &str) -> &'static [Source] {
    const OPERATOR: &[Source] = &[
        Source::OperatorFiles,
        Source::Setting { key: "operator.prometheus-version", name: "default Prometheus version" },
        Source::Setting {
            key: "operator.alertmanager-version",
            name: "default Alertmanager version",
        },
        Source::Text { key: "operator.options", title: "Operator options", lang: "text" },
    ];
    match workbench {
        "metrics" => &[
            Source::Text { key: "metrics.text", title: "Exposition text", lang: "text" },
            Source::Setting { key: "metrics.format", name: "format" },
            Source::Setting { key: "metrics.strict", name: "strict" },
        ],
        "query" => &[Source::Json { key: "query", title: "", only: &[] }],
        "rules" => &[
            Source::Json { key: "rules", title: "", only: &[] },
            Source::Json {
                key: "query",
                title: "Query workbench data",
                only: &["series", "use_metrics", "metrics_at", "scrapes"],
            },
        ],
        "operator" | "targets" => OPERATOR,
        "relabel" => &[
            Source::Text { key: "relabel.rules", title: "Relabel rules", lang: "yaml" },
            Source::Text { key: "relabel.labels", title: "Label sets", lang: "text" },
            Source::Setting { key: "relabel.job", name: "job" },
            Source::Setting { key: "relabel.metric", name: "metric relabeling" },
            Source::Setting { key: "relabel.honor_labels", name: "honor_labels" },
            Source::Setting { key: "relabel.honor_timestamps", name: "honor_timestamps" },
            Source::Text { key: "relabel.scrape", title: "Scrape", lang: "text" },
        ],
        _ => &[],
    }
}

/// What the page shows besides the inputs.
#[derive(Clone, Debug, Default)]
pub struct Visible {
    /// The editors on screen, `(label, text)`, used when nothing is saved.
    pub editors: Vec<(String, String)>,
    /// Result lines (stats, errors, rows), in page order.
    pub results: Vec<String>,
}

/// The Markdown report of workbench `title` (`snapshot.workbench` is its slug).
pub fn render(title: &str, snapshot: &Snapshot, visible: &Visible, link: &str) -> String {
    let mut out = format!("### promplay: {title} workbench\n\n");
    let mut settings = Vec::new();
    let mut blocks = 0;
    for source in sources(&snapshot.workbench) {
        let get = |key: &str| snapshot.entries.get(key);
        match source {
            Source::Text { key, title, lang } => {
                if let Some(text) = get(key).filter(|t| !t.trim().is_empty()) {
                    code_block(&mut out, title, lang, text);
                    blocks += 1;
                }
            }
            Source::Setting { key, name } => {
                if let Some(v) = get(key).filter(|v| !v.is_empty()) {
                    settings.push(format!("{name} `{v}`"));
                }
            }
            Source::Json { key, title, only } => {
                let Some(value) = get(key).and_then(|t| serde_json::from_str(t).ok()) else {
                    continue;
                };
                if !title.is_empty() {
                    out.push_str(&format!("#### {title}\n\n"));
                }
                blocks += json_fields(&mut out, &mut settings, "", &value, only);
            }
            Source::OperatorFiles => {
                let names = get("operator.files").map_or("", String::as_str);
                for (i, name) in names.lines().enumerate() {
                    if let Some(text) = get(&format!("operator.file.{i}")) {
                        code_block(&mut out, name, "yaml", text);
                        blocks += 1;
                    }
                }
            }
        }
    }
    if blocks == 0 {
        for (label, text) in &visible.editors {
            if !text.trim().is_empty() {
                code_block(&mut out, label, "text", text);
            }
        }
    }
    if !settings.is_empty() {
        out.push_str(&format!("Settings: {}\n\n", settings.join(" · ")));
    }
    if !visible.results.is_empty() {
        out.push_str("**Result**\n\n");
        for line in &visible.results {
            out.push_str(&format!("- {}\n", line.replace('\n', " ")));
        }
        out.push('\n');
    }
    if link.len() > TOO_LONG_LINK {
        out.push_str(&format!(
            "_The workspace link is {} characters long, too long to paste here: attach the exported workspace file instead._\n",
            group_thousands(link.len())
        ));
    } else if !link.is_empty() {
        out.push_str(&format!(
            "[Open this workspace in promplay]({link}) (the whole workspace is in the link; nothing is uploaded)\n"
        ));
    }
    out
}

/// Renders an object's fields: texts as code blocks, scalars as settings,
/// arrays of objects item by item. Returns the number of code blocks.
fn json_fields(
    out: &mut String,
    settings: &mut Vec<String>,
    prefix: &str,
    value: &serde_json::Value,
    only: &[&str],
) -> usize {
    let Some(map) = value.as_object() else { return 0 };
    let mut blocks = 0;
    // The query comes first: it is what the report is about.
    let mut fields: Vec<(&String, &serde_json::Value)> = map.iter().collect();
    fields.sort_by_key(|(k, _)| *k != "expr");
    for (name, value) in fields {
        if !only.is_empty() && !only.contains(&name.as_str()) {
            continue;
        }
        let label = format!("{prefix}{name}");
        match value {
            serde_json::Value::String(s) if s.trim().is_empty() => {}
            serde_json::Value::String(s) if name == "expr" || s.contains('\n') || s.len() > 80 => {
                code_block(out, &label, lang_of(name), s);
                blocks += 1;
            }
            serde_json::Value::String(s) => settings.push(format!("{label} `{s}`")),
            serde_json::Value::Bool(_) | serde_json::Value::Number(_) => {
                settings.push(format!("{label} `{value}`"));
            }
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let nested = format!("{label}[{}] ", i + 1);
                    blocks += json_fields(out, settings, &nested, item, &[]);
                }
            }
            _ => {}
        }
    }
    blocks
}

fn lang_of(field: &str) -> &'static str {
    match field {
        "expr" => "promql",
        "rules" | "tests" | "alertmanager" => "yaml",
        _ => "text",
    }
}

/// Appends a titled fenced block; the fence is longer than any run of
/// backticks in `text`, and a long text is cut.
fn code_block(out: &mut String, title: &str, lang: &str, text: &str) {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    let lines: Vec<&str> = text.lines().collect();
    let shown = lines.len().min(MAX_LINES);
    out.push_str(&format!("**{title}**\n\n{fence}{lang}\n"));
    for line in &lines[..shown] {
        out.push_str(line);
        out.push('\n');
    }
    out.push_str(&fence);
    out.push('\n');
    if lines.len() > shown {
        out.push_str(&format!(
            "_… {} more lines; the link has the whole text._\n",
            lines.len() - shown
        ));
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn snapshot(workbench: &str, entries: &[(&str, &str)]) -> Snapshot {
        Snapshot {
            workbench: workbench.into(),
            entries: entries
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect::<BTreeMap<_, _>>(),
        }
    }

    #[test]
    fn query_reports_the_expression_first_and_the_result() {
        let s = snapshot(
            "query",
            &[(
                "query",
                r#"{"series":"load 1m\n  up 1\n","expr":"sum(up)","range":"1h","end":"","stacked":false,"scrapes":[{"text":"a 1\nb 2\n","at":"5m"}]}"#,
            )],
        );
        let visible = Visible { editors: vec![], results: vec!["1 series".into()] };
        let md = render("Query", &s, &visible, "http://x/#/query?ws=1.AA");
        let expr = md.find("```promql\nsum(up)\n```").expect(&md);
        assert!(expr < md.find("**series**").unwrap(), "{md}");
        assert!(md.contains("**scrapes[1] text**\n\n```text\na 1\nb 2\n```"), "{md}");
        assert!(md.contains("Settings: range `1h` · scrapes[1] at `5m` · stacked `false`"), "{md}");
        assert!(md.contains("**Result**\n\n- 1 series\n"), "{md}");
        assert!(md.contains("](http://x/#/query?ws=1.AA)"), "{md}");
    }

    #[test]
    fn fences_outgrow_backticks_and_long_texts_are_cut() {
        let text = format!("a ```` b\n{}", "x\n".repeat(200));
        let s = snapshot("metrics", &[("metrics.text", &text), ("metrics.strict", "true")]);
        let md = render("Metrics", &s, &Visible::default(), "");
        assert!(md.contains("`````text\na ```` b\n"), "{md}");
        assert!(md.contains("… 51 more lines"), "{md}");
        assert!(md.contains("Settings: strict `true`"), "{md}");
        assert!(!md.contains("Open this workspace"));
    }

    #[test]
    fn untouched_workbenches_show_the_visible_editors_and_long_links_are_left_out() {
        let s = snapshot("rules", &[]);
        let visible = Visible {
            editors: vec![("rules-input".into(), "groups: []\n".into())],
            results: vec![],
        };
        let link = format!("http://x/#/rules?ws=1.{}", "A".repeat(TOO_LONG_LINK));
        let md = render("Rules", &s, &visible, &link);
        assert!(md.contains("**rules-input**\n\n```text\ngroups: []\n```"), "{md}");
        assert!(md.contains("too long to paste here"), "{md}");
        assert!(!md.contains("AAAA"));
    }

    #[test]
    fn operator_files_are_named() {
        let s = snapshot(
            "targets",
            &[
                ("operator.files", "a.yaml\nb.yaml"),
                ("operator.file.0", "kind: A\n"),
                ("operator.file.1", "kind: B\n"),
            ],
        );
        let md = render("Targets", &s, &Visible::default(), "");
        assert!(md.contains("**a.yaml**\n\n```yaml\nkind: A\n```\n\n**b.yaml**"), "{md}");
    }
}
