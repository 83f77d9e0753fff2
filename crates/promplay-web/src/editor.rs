//! The text editor: a native textarea with underlined problems and line numbers.
//!
//! The textarea stays a plain textarea so typing, selection, IME, paste and
//! undo behave exactly as the browser makes them. Underlines are drawn by a
//! backdrop behind it that repeats the same text in transparent ink, with
//! `<mark>`s around the problem spans; the textarea's background is
//! transparent, and on every scroll the backdrop and the line-number gutter
//! are shifted by the same amount. Font, size, line height and padding must
//! therefore be identical for `.editor-input` and `.editor-highlights` in
//! `style.css`.
//!
//! The textarea's value is never written while the person types: it is set
//! once when the editor mounts, and afterwards only when they load an example
//! or a file (through [`EditorHandle::load`], which goes through the undo
//! stack when it can).

use crate::analysis::{Analysis, Problem};
use crate::browser;
use leptos::html::{Div, Textarea};
use leptos::prelude::*;
use promplay_diagnostics::LineIndex;
use std::fmt::Write as _;
use std::sync::Arc;
use web_sys::DragEvent;

/// The editor's line height in CSS pixels; `--editor-line` in `style.css`.
const LINE_HEIGHT_PX: f64 = 20.0;
/// A rough monospace character width, only used to scroll a far column into view.
const CHAR_WIDTH_PX: f64 = 7.8;

/// Handles to the editor's elements, for the parts of the page that act on it.
#[derive(Clone, Copy, Debug)]
pub struct EditorHandle {
    textarea: NodeRef<Textarea>,
    highlights: NodeRef<Div>,
    gutter: NodeRef<Div>,
    text: RwSignal<String>,
    /// A short message about the last load (file name, how to undo).
    pub notice: RwSignal<Option<String>>,
}

impl EditorHandle {
    /// A handle for an editor bound to `text`.
    pub fn new(text: RwSignal<String>) -> EditorHandle {
        EditorHandle {
            textarea: NodeRef::new(),
            highlights: NodeRef::new(),
            gutter: NodeRef::new(),
            text,
            notice: RwSignal::new(None),
        }
    }

    /// Replaces the whole text (an example or a file), keeping it undoable.
    pub fn load(&self, text: &str, what: &str) {
        match self.textarea.get_untracked() {
            Some(el) => {
                browser::replace_textarea_text(&el, text);
                self.text.set(el.value());
                self.sync_scroll();
            }
            None => self.text.set(text.to_owned()),
        }
        self.notice.set(Some(format!(
            "Loaded {what}. Undo (Ctrl+Z) in the editor brings back the previous text."
        )));
    }

    /// Focuses the editor, selects bytes `start..end` of the text and scrolls there.
    pub fn reveal(&self, start: u32, end: u32) {
        let Some(el) = self.textarea.get_untracked() else { return };
        let (from, to, line, col) = self.text.with_untracked(|text| {
            let index = LineIndex::new(text);
            let at = index.line_col(text, start);
            (
                LineIndex::utf16_offset(text, start),
                LineIndex::utf16_offset(text, end),
                at.line,
                at.col,
            )
        });
        let _ = el.focus();
        let _ = el.set_selection_range(from, to);
        // Put the line a third of the way down, where the eye looks first.
        let visible = f64::from(el.client_height());
        let top = (f64::from(line - 1) * LINE_HEIGHT_PX - visible / 3.0).max(0.0);
        el.set_scroll_top(top as i32);
        let x = f64::from(col) * CHAR_WIDTH_PX;
        let width = f64::from(el.client_width());
        let left = if x > width - 6.0 * CHAR_WIDTH_PX { x - width / 2.0 } else { 0.0 };
        el.set_scroll_left(left as i32);
        self.sync_scroll();
    }

    /// Moves the underlines and line numbers to the textarea's scroll position.
    fn sync_scroll(&self) {
        let Some(el) = self.textarea.get_untracked() else { return };
        let (top, left) = (el.scroll_top(), el.scroll_left());
        if let Some(h) = self.highlights.get_untracked() {
            let _ =
                h.set_attribute("style", &format!("transform: translate({}px, {}px)", -left, -top));
        }
        if let Some(g) = self.gutter.get_untracked() {
            let _ = g.set_attribute("style", &format!("transform: translateY({}px)", -top));
        }
    }
}

/// The editor pane: gutter, underlines and the textarea, accepting dropped files.
#[component]
pub fn Editor(handle: EditorHandle, analysis: Memo<Arc<Analysis>>) -> impl IntoView {
    let dragging = RwSignal::new(false);
    let highlights = move || analysis.with(|a| highlight_html(&a.text, &a.problems));
    let gutter = Memo::new(move |_| {
        analysis.with(|a| {
            let lines = a.text.bytes().filter(|&b| b == b'\n').count() + 1;
            gutter_html(lines, &a.text, &a.problems)
        })
    });
    let gutter_digits = move || gutter.with(|(_, digits)| *digits);
    // The highlights are rebuilt after each analysis; keep them where the
    // textarea is scrolled to.
    Effect::new(move |_| {
        analysis.track();
        handle.sync_scroll();
    });

    let on_drop = move |ev: DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        let file = ev.data_transfer().and_then(|dt| dt.files()).and_then(|files| files.get(0));
        if let Some(file) = file {
            browser::read_text_file(file, move |name, text| {
                handle.load(&text, &format!("“{name}”"));
            });
        }
    };

    view! {
        <div
            class="editor"
            class:dragging=move || dragging.get()
            on:dragover=move |ev: DragEvent| {
                ev.prevent_default();
                dragging.set(true);
            }
            on:dragleave=move |_| dragging.set(false)
            on:drop=on_drop
        >
            <div class="editor-gutter" aria-hidden="true" style:min-width=move || format!("{}ch", gutter_digits() + 2)>
                <div class="editor-gutter-lines" node_ref=handle.gutter inner_html=move || gutter.with(|(html, _)| html.clone())></div>
            </div>
            <div class="editor-body">
                <div class="editor-backdrop" aria-hidden="true">
                    <div class="editor-highlights" node_ref=handle.highlights inner_html=highlights></div>
                </div>
                <textarea
                    class="editor-input"
                    data-testid="metrics-input"
                    aria-label="Exposition text (Prometheus or OpenMetrics)"
                    spellcheck="false"
                    autocomplete="off"
                    autocapitalize="off"
                    wrap="off"
                    node_ref=handle.textarea
                    prop:value=handle.text.get_untracked()
                    on:input=move |ev| {
                        handle.text.set(event_target_value(&ev));
                        handle.notice.set(None);
                    }
                    on:scroll=move |_| handle.sync_scroll()
                ></textarea>
            </div>
            <div class="editor-drop-hint" aria-hidden="true">"Drop a file to open it"</div>
        </div>
    }
}

/// The backdrop's HTML: `text` escaped, with each problem span in a `<mark>`.
///
/// Overlapping spans are clipped so marks never nest; errors are placed
/// first, so where an error and a warning overlap the error shows. An empty
/// span marks the character after it, or a small flag at the end of a line.
pub fn highlight_html(text: &str, problems: &[Problem]) -> String {
    let mut spans: Vec<(usize, usize, bool)> = problems
        .iter()
        .map(|p| {
            let start = floor_boundary(text, p.start as usize);
            let mut end = ceil_boundary(text, (p.end as usize).max(start));
            if end == start {
                // Widen to the next character unless that is a line break.
                if let Some(c) = text[start..].chars().next().filter(|&c| c != '\n' && c != '\r') {
                    end = start + c.len_utf8();
                }
            }
            (start, end, p.is_error)
        })
        .collect();
    spans.sort_by_key(|&(start, _, is_error)| (start, !is_error));

    let mut html = String::with_capacity(text.len() + spans.len() * 40 + 16);
    let mut at = 0;
    for (start, end, is_error) in spans {
        let start = start.max(at);
        if end < start || (end == start && start < at) {
            continue;
        }
        escape_into(&mut html, &text[at..start]);
        let class = if is_error { "error" } else { "warning" };
        if end == start {
            let _ = write!(html, "<mark class=\"{class} empty\"></mark>");
        } else {
            let _ = write!(html, "<mark class=\"{class}\">");
            escape_into(&mut html, &text[start..end]);
            html.push_str("</mark>");
        }
        at = end;
    }
    escape_into(&mut html, &text[at..]);
    // A trailing line break needs a character after it to take up a line,
    // as it does in the textarea.
    html.push_str("\n ");
    html
}

/// The gutter's HTML (one number per line, problem lines tinted) and the
/// digit count of the largest line number.
fn gutter_html(lines: usize, text: &str, problems: &[Problem]) -> (String, usize) {
    // Map each problem to its line once, keeping the worst severity.
    let index = LineIndex::new(text);
    let mut flagged: Vec<(usize, bool)> =
        problems.iter().map(|p| (index.line_of(p.start), p.is_error)).collect();
    flagged.sort_by_key(|&(line, is_error)| (line, !is_error));
    flagged.dedup_by_key(|&mut (line, _)| line);

    let mut html = String::with_capacity(lines * 7);
    let mut flags = flagged.into_iter().peekable();
    for n in 0..lines {
        match flags.next_if(|&(line, _)| line == n) {
            Some((_, true)) => {
                let _ = writeln!(html, "<span class=\"error\">{}</span>", n + 1);
            }
            Some((_, false)) => {
                let _ = writeln!(html, "<span class=\"warning\">{}</span>", n + 1);
            }
            None => {
                let _ = writeln!(html, "{}", n + 1);
            }
        }
    }
    (html, lines.to_string().len())
}

fn escape_into(out: &mut String, text: &str) {
    let mut last = 0;
    for (i, c) in text.match_indices(['&', '<', '>']) {
        out.push_str(&text[last..i]);
        out.push_str(match c {
            "&" => "&amp;",
            "<" => "&lt;",
            _ => "&gt;",
        });
        last = i + 1;
    }
    out.push_str(&text[last..]);
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}
