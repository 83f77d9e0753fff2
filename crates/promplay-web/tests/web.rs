//! Browser tests of the Metrics workbench: each test mounts the workbench
//! into its own element, acts through the DOM the way a person (or the e2e
//! suite) would, lets the reactive system settle and asserts on the DOM.
//! The selectors are the DOM contract the e2e tests rely on.
//!
//! Run with `cargo test --target wasm32-unknown-unknown -p promplay-web`
//! (wasm-bindgen-test-runner and `CHROMEDRIVER=/usr/bin/chromedriver`).

#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use promplay_web::{App, MetricsWorkbench, Workspace};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{
    Element, Event, EventInit, HtmlElement, HtmlInputElement, HtmlSelectElement,
    HtmlTextAreaElement, KeyboardEvent, KeyboardEventInit,
};

wasm_bindgen_test_configure!(run_in_browser);

const TWO_FAMILIES: &str = "# HELP jobs_total Jobs run.\n# TYPE jobs_total counter\n\
jobs_total{queue=\"a\"} 3\njobs_total{queue=\"b\"} 4\n# TYPE temp_celsius gauge\ntemp_celsius 21.5\n";

/// Mounts a Metrics workbench on `text` into a fresh element; `attach`
/// puts the element into the document (needed for focus and selection).
fn mount(text: &'static str, attach: bool) -> (HtmlElement, impl Sized) {
    let document = document();
    let root: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    if attach {
        document.body().unwrap().append_child(&root).unwrap();
    }
    let handle = leptos::mount::mount_to(root.clone(), move || {
        view! { <MetricsWorkbench input=Workspace::in_memory(text).metrics /> }
    });
    (root, handle)
}

/// Lets effects and re-renders run.
async fn settle() {
    for _ in 0..4 {
        leptos::task::tick().await;
    }
}

fn find(root: &HtmlElement, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
}

fn find_all(root: &HtmlElement, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length()).map(|i| list.item(i).unwrap().unchecked_into()).collect()
}

fn stat(root: &HtmlElement, name: &str) -> String {
    find(root, "[data-testid=stats]").get_attribute(&format!("data-{name}")).unwrap()
}

fn fire(target: &Element, event: &str) {
    let init = EventInit::new();
    init.set_bubbles(true);
    target.dispatch_event(&Event::new_with_event_init_dict(event, &init).unwrap()).unwrap();
}

/// Types `text` into the editor the way Playwright's `fill` does.
async fn type_text(root: &HtmlElement, text: &str) {
    let editor: HtmlTextAreaElement = find(root, "[data-testid=metrics-input]").unchecked_into();
    editor.set_value(text);
    fire(&editor, "input");
    settle().await;
}

fn click(element: &Element) {
    element.unchecked_ref::<HtmlElement>().click();
}

#[wasm_bindgen_test]
async fn lists_families_and_counts() {
    let (root, _app) = mount(TWO_FAMILIES, false);
    settle().await;
    let names: Vec<_> = find_all(&root, "[data-testid=families-table] tr[data-testid=family-row]")
        .iter()
        .map(|row| row.get_attribute("data-family").unwrap())
        .collect();
    assert_eq!(names, ["jobs_total", "temp_celsius"]);
    assert_eq!(stat(&root, "families"), "2");
    assert_eq!(stat(&root, "samples"), "3");
    assert_eq!(stat(&root, "errors"), "0");
    assert_eq!(stat(&root, "bytes"), TWO_FAMILIES.len().to_string());
    assert!(stat(&root, "parse-ms").parse::<f64>().unwrap() >= 0.0);
    let jobs = find(&root, "tr[data-family=jobs_total]").text_content().unwrap();
    assert!(jobs.contains("counter") && jobs.contains("Jobs run."), "{jobs}");
}

#[wasm_bindgen_test]
async fn typing_reports_positioned_problems_and_underlines_them() {
    let (root, _app) = mount(TWO_FAMILIES, false);
    settle().await;
    let text = "# TYPE temp_celsius gauge\ntemp_celsius{room=\"hall\"} warm\njobs 3\n";
    type_text(&root, text).await;

    assert_eq!(stat(&root, "bytes"), text.len().to_string());
    let errors =
        find_all(&root, "[data-testid=problems] [data-testid=problem][data-severity=error]");
    assert!(!errors.is_empty(), "the bad value is reported");
    let first = &errors[0];
    let start: usize = first.get_attribute("data-start").unwrap().parse().unwrap();
    let end: usize = first.get_attribute("data-end").unwrap().parse().unwrap();
    assert_eq!(&text[start..end], "warm");
    assert!(first.text_content().unwrap().contains("2:27"), "{:?}", first.text_content());
    assert_eq!(stat(&root, "errors"), errors.len().to_string());

    let marks = find_all(&root, ".editor-highlights mark.error");
    assert!(marks.iter().any(|m| m.text_content().unwrap() == "warm"));
    assert!(
        find(&root, ".editor-gutter-lines").inner_html().contains("<span class=\"error\">2</span>")
    );
}

#[wasm_bindgen_test]
async fn lint_warnings_are_distinct_from_errors() {
    // A counter without `_total` is accepted but flagged by the linter.
    let (root, _app) = mount("# HELP jobs Jobs run.\n# TYPE jobs counter\njobs 3\n", false);
    settle().await;
    assert_eq!(stat(&root, "errors"), "0");
    let warnings = find_all(&root, "[data-testid=problem][data-severity=warning]");
    assert_eq!(stat(&root, "warnings"), warnings.len().to_string());
    assert!(!warnings.is_empty());
    assert!(!find_all(&root, ".editor-highlights mark.warning").is_empty());
    assert!(find_all(&root, ".editor-highlights mark.error").is_empty());
}

#[wasm_bindgen_test]
async fn family_row_expands_to_series_and_back() {
    let (root, _app) = mount(TWO_FAMILIES, false);
    settle().await;
    assert!(find_all(&root, "tr[data-testid=series-row]").is_empty());
    click(&find(&root, "tr[data-family=jobs_total]"));
    settle().await;
    let series = find_all(&root, "tr[data-testid=series-row]");
    assert_eq!(series.len(), 2);
    let first = series[0].text_content().unwrap();
    assert!(first.contains("queue=\"a\"") && first.contains('3'), "{first}");
    click(&find(&root, "tr[data-family=jobs_total]"));
    settle().await;
    assert!(find_all(&root, "tr[data-testid=series-row]").is_empty());
}

#[wasm_bindgen_test]
async fn family_filter_narrows_the_table() {
    let (root, _app) = mount(TWO_FAMILIES, false);
    settle().await;
    let filter: HtmlInputElement = find(&root, "[data-testid=family-filter]").unchecked_into();
    filter.set_value("TEMP");
    fire(&filter, "input");
    settle().await;
    let names: Vec<_> = find_all(&root, "tr[data-testid=family-row]")
        .iter()
        .map(|row| row.get_attribute("data-family").unwrap())
        .collect();
    assert_eq!(names, ["temp_celsius"]);
    assert_eq!(stat(&root, "families"), "2", "the stats count every family");
    filter.set_value("nothing_like_it");
    fire(&filter, "input");
    settle().await;
    assert!(find_all(&root, "tr[data-testid=family-row]").is_empty());
    assert!(find(&root, ".families").text_content().unwrap().contains("nothing_like_it"));
}

#[wasm_bindgen_test]
async fn large_families_render_a_page_of_series_at_a_time() {
    let text: &'static str = Box::leak(
        (0..250)
            .map(|i| format!("requests{{id=\"{i}\"}} {i}\n"))
            .collect::<String>()
            .into_boxed_str(),
    );
    let (root, _app) = mount(text, false);
    settle().await;
    click(&find(&root, "tr[data-family=requests]"));
    settle().await;
    assert_eq!(find_all(&root, "tr[data-testid=series-row]").len(), 100);
    click(&find(&root, ".families .more-row button"));
    settle().await;
    assert_eq!(find_all(&root, "tr[data-testid=series-row]").len(), 200);
}

#[wasm_bindgen_test]
async fn format_and_strict_settings_reparse() {
    let text = "# HELP up Whether the target is up.\n# HELP up Repeated help.\nup 1\n";
    let (root, _app) = mount(text, false);
    settle().await;
    assert_eq!(stat(&root, "errors"), "0", "Prometheus accepts repeated metadata");

    let strict: HtmlInputElement = find(&root, "[data-testid=strict-toggle]").unchecked_into();
    strict.set_checked(true);
    fire(&strict, "change");
    settle().await;
    assert_ne!(stat(&root, "errors"), "0", "expfmt rejects a second HELP");

    let format: HtmlSelectElement = find(&root, "[data-testid=format-select]").unchecked_into();
    let values: Vec<_> = find_all(&root, "[data-testid=format-select] option")
        .iter()
        .map(|o| o.get_attribute("value").unwrap())
        .collect();
    assert_eq!(values, ["auto", "prometheus", "openmetrics"]);
    format.set_value("openmetrics");
    fire(&format, "change");
    settle().await;
    let problems = find(&root, "[data-testid=problems]").text_content().unwrap();
    assert!(problems.contains("EOF"), "OpenMetrics needs `# EOF`: {problems}");
}

#[wasm_bindgen_test]
async fn clicking_a_problem_selects_its_span() {
    // Non-ASCII text before the error: the textarea counts UTF-16 units.
    let text =
        "# HELP temp_celsius Température en °C.\n# TYPE temp_celsius gauge\ntemp_celsius 2x\n";
    let (root, _app) = mount(text, true);
    settle().await;
    let problem = find(&root, "[data-testid=problem][data-severity=error]");
    let start: usize = problem.get_attribute("data-start").unwrap().parse().unwrap();
    let end: usize = problem.get_attribute("data-end").unwrap().parse().unwrap();
    click(&find(&root, "[data-testid=problem] button"));
    settle().await;
    let editor: HtmlTextAreaElement = find(&root, "[data-testid=metrics-input]").unchecked_into();
    let utf16 = |byte: usize| text[..byte].encode_utf16().count() as u32;
    assert_eq!(editor.selection_start().unwrap(), Some(utf16(start)));
    assert_eq!(editor.selection_end().unwrap(), Some(utf16(end)));
    assert_eq!(document().active_element(), Some(editor.unchecked_into()));
    root.remove();
}

#[wasm_bindgen_test]
async fn f8_walks_the_problems() {
    let text = "a{ 1\nb 2\nc{ 3\n";
    let (root, _app) = mount(text, true);
    settle().await;
    let starts: Vec<u32> = find_all(&root, "[data-testid=problem]")
        .iter()
        .map(|p| p.get_attribute("data-start").unwrap().parse().unwrap())
        .collect();
    assert!(starts.len() >= 2, "{starts:?}");
    let editor: HtmlTextAreaElement = find(&root, "[data-testid=metrics-input]").unchecked_into();
    editor.set_selection_range(0, 0).unwrap();
    let press = |shift: bool| {
        let init = KeyboardEventInit::new();
        init.set_key("F8");
        init.set_shift_key(shift);
        init.set_bubbles(true);
        editor
            .dispatch_event(
                &KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap(),
            )
            .unwrap();
    };
    press(false);
    let first = editor.selection_start().unwrap().unwrap();
    // The text is ASCII, so byte and UTF-16 offsets agree.
    assert_eq!(first, *starts.iter().find(|&&s| s > 0).unwrap());
    press(false);
    let second = editor.selection_start().unwrap().unwrap();
    assert!(second > first, "F8 moves forward: {first} then {second}");
    press(true);
    assert_eq!(editor.selection_start().unwrap(), Some(first), "Shift+F8 goes back");
    root.remove();
}

#[wasm_bindgen_test]
async fn example_picker_loads_an_example() {
    let (root, _app) = mount("", true);
    settle().await;
    assert_eq!(stat(&root, "families"), "0");
    let select: HtmlSelectElement = find(&root, "[data-testid=example-select]").unchecked_into();
    select.set_value("broken");
    fire(&select, "change");
    settle().await;
    let editor: HtmlTextAreaElement = find(&root, "[data-testid=metrics-input]").unchecked_into();
    assert!(editor.value().contains("queue_length"));
    assert_eq!(stat(&root, "bytes"), editor.value().len().to_string());
    assert_ne!(stat(&root, "errors"), "0");
    assert_ne!(stat(&root, "warnings"), "0");
    root.remove();
}

#[wasm_bindgen_test]
async fn app_shows_the_metrics_workbench_in_the_nav() {
    let root: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    let _app = leptos::mount::mount_to(root.clone(), App);
    settle().await;
    let nav = find(&root, "[data-testid=nav-metrics]");
    assert_eq!(nav.get_attribute("href").as_deref(), Some("#/metrics"));
    assert_eq!(nav.get_attribute("aria-current").as_deref(), Some("page"));
    assert_eq!(window().location().hash().unwrap(), "#/metrics");
    assert!(root.query_selector("[data-testid=metrics-input]").unwrap().is_some());
}
