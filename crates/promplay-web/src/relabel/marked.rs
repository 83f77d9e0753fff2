//! A plain textarea with underlined spans behind it: the rules and label-set
//! editors of the Relabel workbench. Shares the Metrics editor's CSS
//! (`.editor-highlights` and `.editor-input` must line up exactly).

use crate::editing::Lang;
use leptos::html::{Div, Textarea};
use leptos::prelude::*;
use promplay_diagnostics::LineIndex;

/// An underlined span: byte range and whether it is an error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mark {
    /// Start byte.
    pub start: u32,
    /// End byte.
    pub end: u32,
    /// Error (wavy red) or warning.
    pub error: bool,
}

/// The editor. `marks` are byte spans into `text`.
#[component]
pub fn MarkedEditor(
    text: RwSignal<String>,
    #[prop(into)] marks: Signal<Vec<Mark>>,
    textarea: NodeRef<Textarea>,
    testid: &'static str,
    label: &'static str,
    /// The editor keys' flavour (YAML for the rules).
    lang: Lang,
) -> impl IntoView {
    let highlights = NodeRef::<Div>::new();
    let html = move || text.with(|t| marks.with(|m| marked_html(t, m)));
    let sync = move || {
        if let (Some(t), Some(h)) = (textarea.get_untracked(), highlights.get_untracked()) {
            let style =
                format!("transform: translate({}px, {}px)", -t.scroll_left(), -t.scroll_top());
            let _ = h.set_attribute("style", &style);
        }
    };
    Effect::new(move |_| {
        marks.track();
        sync();
    });
    view! {
        <div class="editor relabel-editor">
            <div class="editor-body">
                <div class="editor-backdrop" aria-hidden="true">
                    <div class="editor-highlights" node_ref=highlights inner_html=html></div>
                </div>
                <textarea
                    class="editor-input"
                    data-testid=testid
                    aria-label=label
                    spellcheck="false"
                    autocomplete="off"
                    autocapitalize="off"
                    wrap="off"
                    node_ref=textarea
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))
                    on:scroll=move |_| sync()
                    on:keydown=move |ev| {
                        crate::editing::keydown(&ev, lang);
                    }
                    aria-keyshortcuts="Tab Shift+Tab Control+/"
                    aria-describedby=crate::keys::EDITOR_HELP_ID
                ></textarea>
            </div>
        </div>
    }
}

/// Selects bytes `start..end` of the textarea's text and scrolls there.
pub fn select_span(textarea: NodeRef<Textarea>, start: u32, end: u32) {
    let Some(el) = textarea.get_untracked() else { return };
    let text = el.value();
    let line = LineIndex::new(&text).line_col(&text, start).line;
    let _ = el.focus();
    let _ = el.set_selection_range(
        LineIndex::utf16_offset(&text, start),
        LineIndex::utf16_offset(&text, end),
    );
    let top = (f64::from(line.saturating_sub(1)) * crate::editor::line_height_px()
        - f64::from(el.client_height()) / 3.0)
        .max(0.0);
    el.set_scroll_top(top as i32);
}

/// The backdrop HTML: `text` escaped, each mark in a `<mark>`; overlapping
/// marks are clipped so they never nest, and an empty mark gets a small flag.
pub fn marked_html(text: &str, marks: &[Mark]) -> String {
    let mut marks: Vec<Mark> = marks.to_vec();
    marks.sort_by_key(|m| (m.start, !m.error));
    let mut out = String::with_capacity(text.len() + marks.len() * 32 + 8);
    let mut at = 0usize;
    for m in marks {
        let start = floor(text, (m.start as usize).max(at));
        let end = floor(text, (m.end as usize).min(text.len()));
        if start < at {
            continue;
        }
        escape(&text[at..start], &mut out);
        let class = if m.error { "error" } else { "warning" };
        // An empty span, or one at a line break, is drawn as a flag.
        let visible_end = text[start..end.max(start)].find('\n').map_or(end, |n| start + n);
        if visible_end <= start {
            out.push_str(&format!("<mark class=\"{class} empty\"></mark>"));
            at = start;
            continue;
        }
        out.push_str(&format!("<mark class=\"{class}\">"));
        escape(&text[start..visible_end], &mut out);
        out.push_str("</mark>");
        at = visible_end;
    }
    escape(&text[at..], &mut out);
    // A trailing newline needs a character after it to keep its height.
    out.push(' ');
    out
}

fn floor(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn escape(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            c => out.push(c),
        }
    }
}
