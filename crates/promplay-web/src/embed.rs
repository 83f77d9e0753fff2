//! Embedding the playground in other pages, and "Try it" links into it.
//!
//! Two URL *search* parameters (the hash belongs to the workbenches and share
//! links) switch the app into one of these modes before anything is restored:
//!
//! - `?embed=<workbench>&input=…&data=…` is **embed mode**: one workbench,
//!   no header or nav, a compact one-column layout for a docs column, a small
//!   "Open in promplay ↗" link, and the page's content height posted to the
//!   parent window so `public/embed.js` can size the iframe. Storage is an
//!   in-memory map seeded from the parameters ([`browser::use_memory_storage`]),
//!   so an embed never reads or changes the visitor's own saved workspace.
//! - `?open=<workbench>&input=…&data=…` is the **"Try it" form**: the full
//!   playground opens on that workbench with that content. The workbench's
//!   previous saved input is stashed first and a banner offers to restore it;
//!   the parameters are then removed from the address bar, so a reload keeps
//!   what the person typed after that instead of loading the link again.
//!
//! Content travels percent-encoded; what `input` and `data` mean depends on
//! the workbench (see [`Content`]). The workbenches themselves know nothing
//! of this: their content is written under their own storage keys, and their
//! usual restore paths read it.

use crate::Workbench;
use crate::browser;
use crate::percent::{decode, encode};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

/// Where the previous input of a workbench opened from a link is kept (never
/// shared: see `share::document::PUT_ASIDE_KEYS`).
pub(crate) const KEY_PREVIOUS: &str = "promplay.v1.embed.previous";
/// The message type the embed posts to its parent (see `public/embed.js`).
const HEIGHT_MESSAGE: &str = "promplay:height";

/// How the page was opened, from its URL's search parameters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// The ordinary playground.
    #[default]
    Full,
    /// One workbench embedded in another page.
    Embed(Link),
    /// The full playground, opened by a "Try it" link on one workbench.
    Open(Link),
}

/// A workbench and the content a link carries for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// The workbench the link is about.
    pub workbench: Workbench,
    /// Its content.
    pub content: Content,
    /// The origin of the page that embeds this one, when it said so
    /// (`parent=`); the height messages go only there.
    pub parent: Option<String>,
}

/// What a link puts into a workbench. Which field means what:
///
/// | workbench | `input` | `data` |
/// | --- | --- | --- |
/// | metrics | exposition text | — |
/// | query | the PromQL expression | series in `load` notation |
/// | relabel | relabel rules | label sets, one a line |
/// | operator, targets | manifests (YAML) | — |
///
/// `tab` (`table`, `graph`, `explain`) and `range` apply to the Query workbench.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Content {
    /// The main input.
    pub input: Option<String>,
    /// The second input, where the workbench has one.
    pub data: Option<String>,
    /// The Query workbench's view.
    pub tab: Option<String>,
    /// The Query workbench's graph range.
    pub range: Option<String>,
}

/// Whether `workbench` can be embedded or opened from a link.
pub fn supported(workbench: Workbench) -> bool {
    !matches!(workbench, Workbench::Rules)
}

/// Reads the mode from a URL search string (`?embed=query&input=…`).
/// Anything unknown (another workbench name, no parameter) is [`Mode::Full`].
pub(crate) fn parse_search(search: &str) -> Mode {
    let mut embed = None;
    let mut open = None;
    let mut content = Content::default();
    let mut parent = None;
    for pair in search.trim_start_matches('?').split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let value = decode(value);
        match key {
            "embed" => embed = Some(value),
            "open" => open = Some(value),
            "input" => content.input = Some(value),
            "data" => content.data = Some(value),
            "tab" => content.tab = Some(value),
            "range" => content.range = Some(value),
            "parent" => parent = Some(value),
            _ => {}
        }
    }
    let workbench = |slug: Option<String>| {
        let slug = slug?;
        Workbench::ALL.iter().copied().find(|w| w.slug() == slug).filter(|w| supported(*w))
    };
    let parent = parent.filter(|p| is_origin(p));
    if let Some(workbench) = workbench(embed) {
        Mode::Embed(Link { workbench, content, parent })
    } else if let Some(workbench) = workbench(open) {
        Mode::Open(Link { workbench, content, parent: None })
    } else {
        Mode::Full
    }
}

/// The search string of a link with `content` for `workbench`: `?open=…`
/// (a "Try it" link) or `?embed=…`.
pub fn search_for(workbench: Workbench, content: &Content, embed: bool) -> String {
    let mut search = format!("?{}={}", if embed { "embed" } else { "open" }, workbench.slug());
    for (key, value) in [
        ("input", &content.input),
        ("data", &content.data),
        ("tab", &content.tab),
        ("range", &content.range),
    ] {
        if let Some(value) = value {
            search.push_str(&format!("&{key}={}", encode(value)));
        }
    }
    search
}

/// Whether `text` looks like a web origin (`https://docs.example.com`,
/// `http://127.0.0.1:8000`): a scheme, a host, no path.
fn is_origin(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once("://") else { return false };
    matches!(scheme, "http" | "https")
        && !rest.is_empty()
        && !rest.contains(['/', '?', '#', ' ', '@'])
}

/// The storage keys a workbench's saved input lives under: an exact key or a
/// `key.` prefix. Used to stash and restore everything of one workbench.
fn storage_scope(workbench: Workbench) -> &'static str {
    match workbench {
        Workbench::Metrics => "promplay.v1.metrics",
        Workbench::Query => crate::query::state::KEY,
        Workbench::Relabel => "promplay.v1.relabel",
        Workbench::Operator | Workbench::Targets => "promplay.v1.operator",
        Workbench::Rules => "promplay.v1.rules",
        Workbench::Learn => crate::learn::state::KEY,
        // The gallery has no input of its own.
        Workbench::Gallery => "promplay.v1.gallery",
    }
}

fn in_scope(scope: &str, key: &str) -> bool {
    key.strip_prefix(scope).is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
}

/// The storage entries that make `workbench` restore `content`; what the
/// content leaves out is the workbench's default.
fn entries_for(workbench: Workbench, content: &Content) -> Vec<(String, String)> {
    let mut entries = Vec::new();
    let input = content.input.clone();
    match workbench {
        Workbench::Metrics => {
            if let Some(text) = input {
                entries.push((crate::workspace::KEY_METRICS_TEXT.to_owned(), text));
            }
        }
        Workbench::Query => {
            use crate::query::state::{Saved, Tab};
            let mut saved = Saved::default();
            if let Some(expr) = input {
                saved.expr = expr;
                // A link's query runs on the link's data (or none), never on
                // the default example's series.
                saved.series = String::new();
                saved.tab = Tab::Table;
            }
            if let Some(series) = content.data.clone() {
                saved.series = series;
            }
            match content.tab.as_deref() {
                Some("table") => saved.tab = Tab::Table,
                Some("graph") => saved.tab = Tab::Graph,
                Some("explain") => saved.tab = Tab::Explain,
                _ => {}
            }
            if let Some(range) = content.range.clone() {
                saved.range = range;
            }
            if let Ok(json) = serde_json::to_string(&saved) {
                entries.push((crate::query::state::KEY.to_owned(), json));
            }
        }
        Workbench::Relabel => {
            use crate::relabel::state::{KEY_LABELS, KEY_RULES};
            if let Some(rules) = input {
                entries.push((KEY_RULES.to_owned(), rules));
                entries.push((KEY_LABELS.to_owned(), content.data.clone().unwrap_or_default()));
            } else if let Some(labels) = content.data.clone() {
                entries.push((KEY_LABELS.to_owned(), labels));
            }
        }
        Workbench::Operator | Workbench::Targets => {
            use crate::operator::state::{KEY_FILE, KEY_NAMES};
            if let Some(text) = input {
                entries.push((KEY_NAMES.to_owned(), "manifests.yaml".to_owned()));
                entries.push((format!("{KEY_FILE}0"), text));
            }
        }
        Workbench::Rules | Workbench::Gallery | Workbench::Learn => {}
    }
    entries
}

/// The content `workbench` holds now, read back from storage (for the
/// embed's "Open in promplay" link, so edits made in the embed go along).
fn current_content(workbench: Workbench) -> Content {
    let mut content = Content::default();
    match workbench {
        Workbench::Metrics => {
            content.input = browser::storage_get(crate::workspace::KEY_METRICS_TEXT);
        }
        Workbench::Query => {
            let saved = browser::storage_get(crate::query::state::KEY)
                .and_then(|json| serde_json::from_str::<crate::query::state::Saved>(&json).ok());
            if let Some(saved) = saved {
                content.input = Some(saved.expr);
                content.data = Some(saved.series);
                content.tab = Some(saved.tab.as_str().to_owned());
                content.range = Some(saved.range);
            }
        }
        Workbench::Relabel => {
            use crate::relabel::state::{KEY_LABELS, KEY_RULES};
            content.input = browser::storage_get(KEY_RULES);
            content.data = browser::storage_get(KEY_LABELS);
        }
        Workbench::Operator | Workbench::Targets => {
            use crate::operator::state::{KEY_FILE, KEY_NAMES};
            let count = browser::storage_get(KEY_NAMES).map_or(0, |names| names.lines().count());
            // Several files travel as one multi-document YAML stream.
            let texts: Vec<String> = (0..count)
                .filter_map(|i| browser::storage_get(&format!("{KEY_FILE}{i}")))
                .filter(|t| !t.trim().is_empty())
                .collect();
            if !texts.is_empty() {
                content.input = Some(texts.join("\n---\n"));
            }
        }
        Workbench::Rules | Workbench::Gallery | Workbench::Learn => {}
    }
    content
}

/// Reads the page's URL and prepares storage and the address bar for the
/// mode it asks for. Call once, before any state is restored.
///
/// - Embed: storage becomes an in-memory map holding the link's content, the
///   hash is set to the workbench, `<html>` gets the `embed` class.
/// - Open: the workbench's saved input is stashed under [`KEY_PREVIOUS`] and
///   replaced by the link's content; the address bar keeps only `#/<workbench>`.
pub fn install() -> Mode {
    let Some(window) = web_sys::window() else { return Mode::Full };
    let search = window.location().search().unwrap_or_default();
    let mode = parse_search(&search);
    match &mode {
        Mode::Full => {}
        Mode::Embed(link) => {
            browser::use_memory_storage(entries_for(link.workbench, &link.content));
            if let Some(root) = window.document().and_then(|d| d.document_element()) {
                let _ = root.class_list().add_1("embed");
                // The editor is as tall as the embedded text, within reason
                // (style.css reads the variable).
                let lines = link.content.input.as_deref().map_or(10, |t| t.lines().count());
                let _ =
                    root.set_attribute("style", &format!("--embed-lines: {}", lines.clamp(4, 18)));
            }
            replace_url(&format!("{search}#/{}", link.workbench.slug()));
        }
        Mode::Open(link) => {
            stash_and_replace(link);
            let path = window.location().pathname().unwrap_or_default();
            replace_url(&format!("{path}#/{}", link.workbench.slug()));
        }
    }
    mode
}

/// Saves every stored entry of the link's workbench under [`KEY_PREVIOUS`]
/// and writes the link's content in their place.
///
/// When the workbench still holds exactly what the previous link for it
/// wrote (the person followed two links in a row without typing), the older
/// stash is kept: it is the person's own input, the newer one is not.
fn stash_and_replace(link: &Link) {
    let scope = storage_scope(link.workbench);
    let mut previous: Vec<(String, String)> =
        browser::storage_entries().into_iter().filter(|(k, _)| in_scope(scope, k)).collect();
    if let Some(old) = browser::storage_get(KEY_PREVIOUS)
        .and_then(|json| serde_json::from_str::<serde_json::Value>(&json).ok())
        .filter(|s| s["workbench"] == link.workbench.slug())
    {
        let written: Vec<(String, String)> =
            serde_json::from_value(old["written"].clone()).unwrap_or_default();
        let untouched = !written.is_empty()
            && written.iter().all(|(k, v)| previous.iter().any(|(pk, pv)| pk == k && pv == v));
        if untouched {
            previous = serde_json::from_value(old["entries"].clone()).unwrap_or_default();
        }
    }
    let written = entries_for(link.workbench, &link.content);
    let stash = serde_json::json!({
        "workbench": link.workbench.slug(),
        "entries": previous,
        "written": written,
    });
    browser::storage_set(KEY_PREVIOUS, &stash.to_string());
    for (key, _) in browser::storage_entries() {
        if in_scope(scope, &key) {
            browser::storage_remove(&key);
        }
    }
    for (key, value) in written {
        browser::storage_set(&key, &value);
    }
}

/// Puts the input stashed by the last "Try it" link back and reloads the page
/// on that workbench. The page's own pending saves go to memory from here
/// on, so they cannot overwrite what is restored.
fn restore_previous(workbench: Workbench) {
    let stash = browser::storage_get(KEY_PREVIOUS)
        .and_then(|json| serde_json::from_str::<serde_json::Value>(&json).ok());
    let Some(stash) = stash.filter(|s| s["workbench"] == workbench.slug()) else { return };
    let entries: Vec<(String, String)> =
        serde_json::from_value(stash["entries"].clone()).unwrap_or_default();
    let scope = storage_scope(workbench);
    for (key, _) in browser::storage_entries() {
        if in_scope(scope, &key) {
            browser::storage_remove(&key);
        }
    }
    for (key, value) in &entries {
        browser::storage_set(key, value);
    }
    browser::storage_remove(KEY_PREVIOUS);
    browser::use_memory_storage(Vec::new());
    if let Some(window) = web_sys::window() {
        let path = window.location().pathname().unwrap_or_default();
        replace_url(&format!("{path}#/{}", workbench.slug()));
        let _ = window.location().reload();
    }
}

/// Replaces the address bar's URL (same document, no history entry).
fn replace_url(url: &str) {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url));
    }
}

/// Whether the last "Try it" link for `workbench` replaced a saved input
/// (rather than the example a first visit starts from).
fn has_previous(workbench: Workbench) -> bool {
    browser::storage_get(KEY_PREVIOUS)
        .and_then(|json| serde_json::from_str::<serde_json::Value>(&json).ok())
        .is_some_and(|s| {
            s["workbench"] == workbench.slug()
                && s["entries"].as_array().is_some_and(|e| !e.is_empty())
        })
}

/// The banner a "Try it" link leaves on the workbench it opened: where the
/// content came from, and a button that brings the previous input back.
#[component]
pub fn OpenedFromLink(link: Link) -> impl IntoView {
    let shown = RwSignal::new(true);
    let workbench = link.workbench;
    let previous = has_previous(workbench);
    move || {
        shown.get().then(|| {
            view! {
                <div class="link-banner" role="status" data-testid="link-banner">
                    <span class="link-banner-text">
                        <strong>"Loaded from a link."</strong>
                        {if previous {
                            format!(
                                " The link's content replaced your {} input; yours is kept until the next link.",
                                workbench.title()
                            )
                        } else {
                            " Your edits are saved in this browser as usual.".to_owned()
                        }}
                    </span>
                    {previous.then(|| view! {
                        <button
                            type="button"
                            class="button"
                            data-testid="restore-previous"
                            on:click=move |_| restore_previous(workbench)
                        >
                            "Restore my previous input"
                        </button>
                    })}
                    <button
                        type="button"
                        class="link-banner-close"
                        aria-label="Close this message"
                        title="Close"
                        data-testid="dismiss-link-banner"
                        on:click=move |_| shown.set(false)
                    >
                        "×"
                    </button>
                </div>
            }
        })
    }
}

/// The embed's own chrome around the workbench: a slim footer with the
/// workbench's name and the "Open in promplay ↗" link, plus the height
/// messages to the parent page.
#[component]
pub fn EmbedFrame(link: Link, children: Children) -> impl IntoView {
    report_height(link.parent.clone());
    let workbench = link.workbench;
    // The link carries what the embed holds at the moment it is followed,
    // edits included: refreshed whenever a pointer or focus reaches it.
    let anchor = NodeRef::<leptos::html::A>::new();
    let refresh = move || {
        if let Some(a) = anchor.get_untracked() {
            let content = current_content(workbench);
            a.set_href(&playground_url(&search_for(workbench, &content, false)));
        }
    };
    view! {
        <div class="embed-shell" data-testid="embed" data-workbench=workbench.slug()>
            <main class="app-main embed-main">{children()}</main>
            <footer class="embed-bar">
                <span class="embed-brand">
                    <span class="brand-mark" aria-hidden="true">"◆"</span>
                    " promplay · " {workbench.title()}
                </span>
                <span class="embed-note">"Runs in your browser · edits stay on this page"</span>
                <a
                    class="embed-open"
                    data-testid="embed-open"
                    target="_blank"
                    rel="noopener"
                    href=playground_url(&search_for(workbench, &current_content(workbench), false))
                    node_ref=anchor
                    on:pointerdown=move |_| refresh()
                    on:focus=move |_| refresh()
                    on:click=move |_| refresh()
                >
                    "Open in promplay ↗"
                </a>
            </footer>
        </div>
    }
}

/// The playground's own address (this page without search or hash) plus `search`.
fn playground_url(search: &str) -> String {
    let path = web_sys::window().and_then(|w| w.location().pathname().ok()).unwrap_or_default();
    format!("{path}{search}")
}

/// Posts the page's content height to the parent window whenever it
/// changes, so the embedding page can size the iframe to fit (no inner
/// scroll bar). The message goes only to the parent's origin when the
/// embed URL named it; otherwise to whichever page embeds this one, which
/// learns nothing but a height.
fn report_height(parent_origin: Option<String>) {
    let Some(window) = web_sys::window() else { return };
    let Ok(Some(parent)) = window.parent() else { return };
    let target = parent_origin.unwrap_or_else(|| "*".to_owned());
    let last = std::cell::Cell::new(-1.0_f64);
    let post = move || {
        let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) else {
            return;
        };
        let height = body.get_bounding_client_rect().height().ceil();
        if height == last.get() {
            return;
        }
        last.set(height);
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &"type".into(), &HEIGHT_MESSAGE.into());
        let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
        let _ = parent.post_message(&message, &target);
    };
    let Some(body) = window.document().and_then(|d| d.body()) else { return };
    let callback = Closure::<dyn FnMut()>::new(post);
    if let Ok(observer) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) {
        observer.observe(&body);
    }
    // The observer lives as long as the page.
    callback.forget();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_embed_and_open_links() {
        let mode = parse_search(
            "?embed=query&input=rate(x%5B5m%5D)&data=load+5m%0A++x+0%2B1x10&tab=graph&parent=https%3A%2F%2Fdocs.example.com",
        );
        let Mode::Embed(link) = mode else { panic!("{mode:?}") };
        assert_eq!(link.workbench, Workbench::Query);
        assert_eq!(link.content.input.as_deref(), Some("rate(x[5m])"));
        assert_eq!(link.content.data.as_deref(), Some("load 5m\n  x 0+1x10"));
        assert_eq!(link.content.tab.as_deref(), Some("graph"));
        assert_eq!(link.parent.as_deref(), Some("https://docs.example.com"));

        let Mode::Open(link) = parse_search("?open=metrics&input=up%201") else { panic!() };
        assert_eq!(link.workbench, Workbench::Metrics);
        assert_eq!(link.content.input.as_deref(), Some("up 1"));

        assert_eq!(parse_search(""), Mode::Full);
        assert_eq!(parse_search("?embed=nope&input=x"), Mode::Full);
        assert_eq!(parse_search("?embed=rules"), Mode::Full);
    }

    #[test]
    fn a_parent_must_be_an_origin() {
        for bad in ["*", "null", "https://a.example/path", "javascript:alert(1)", "https://"] {
            let Mode::Embed(link) = parse_search(&format!("?embed=metrics&parent={}", encode(bad)))
            else {
                panic!()
            };
            assert_eq!(link.parent, None, "{bad}");
        }
        assert!(is_origin("http://127.0.0.1:8000"));
    }

    #[test]
    fn links_round_trip() {
        let content = Content {
            input: Some(
                "sum by (job) (rate(http_requests_total{code=~\"5..\"}[5m])) é &=+%".into(),
            ),
            data: Some("load 1m\n  up{job=\"a\"} 1+0x10\n".into()),
            tab: None,
            range: Some("1h".into()),
        };
        let search = search_for(Workbench::Query, &content, false);
        assert!(!search.contains([' ', '\n', '"', '+']), "{search}");
        let Mode::Open(link) = parse_search(&search) else { panic!("{search}") };
        assert_eq!(link.content, content);
        assert_eq!(decode("a%2"), "a%2");
        assert_eq!(decode("%zz%41"), "%zzA");
    }

    #[test]
    fn scopes_cover_a_workbench_exactly() {
        assert!(in_scope("promplay.v1.query", "promplay.v1.query"));
        assert!(!in_scope("promplay.v1.query", "promplay.v1.query2"));
        assert!(in_scope("promplay.v1.relabel", "promplay.v1.relabel.rules"));
        assert!(!in_scope("promplay.v1.metrics", "promplay.v1.embed.previous"));
        for (key, _) in entries_for(
            Workbench::Operator,
            &Content { input: Some("kind: Prometheus".into()), ..Content::default() },
        ) {
            assert!(in_scope(storage_scope(Workbench::Operator), &key), "{key}");
        }
        for (key, _) in entries_for(
            Workbench::Relabel,
            &Content { input: Some("- action: keep".into()), ..Content::default() },
        ) {
            assert!(in_scope(storage_scope(Workbench::Relabel), &key), "{key}");
        }
        let (key, _) = &entries_for(
            Workbench::Metrics,
            &Content { input: Some("up 1".into()), ..Content::default() },
        )[0];
        assert!(in_scope(storage_scope(Workbench::Metrics), key));
    }
}
