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
//! Only the lines around the visible part are mirrored (a window that moves
//! in steps as the textarea scrolls), so a multi-megabyte input costs the
//! browser one layout, the textarea's, not two.
//!
//! The textarea's value is never written while the person types: it is set
//! once when the editor mounts, and afterwards only when they load an example
//! or a file (through [`EditorHandle::load`], which goes through the undo
//! stack when it can).

use crate::analysis::{Analysis, Problem};
use crate::browser;
use crate::editing::{self, Lang};
use leptos::html::{Div, Textarea};
use leptos::prelude::*;
use promplay_diagnostics::LineIndex;
use std::fmt::Write as _;
use std::ops::Range;
use std::sync::Arc;
use web_sys::{DragEvent, KeyboardEvent};

/// The editor's line height in CSS pixels; `--editor-line` in `style.css`.
/// `--editor-line` is 1.25rem: 20 px, and 26 px under "Large text"
/// (`html[data-scale="large"]`, the root size times `theme::LARGE_SCALE`).
/// (Native unit tests have no page to ask: they get the default.)
pub(crate) fn line_height_px() -> f64 {
    let scale = if cfg!(target_arch = "wasm32") { crate::theme::text_scale() } else { 1.0 };
    20.0 * scale
}

/// A rough monospace character width at normal text size (times Large
/// text's scale otherwise), only used to scroll a far column into view.
const CHAR_WIDTH_PX: f64 = 7.8;
/// The editor's top padding in CSS pixels; `--editor-pad-y` in `style.css`.
const PAD_TOP_PX: f64 = 10.0;
/// Lines mirrored above and below the visible ones, so that ordinary
/// scrolling moves the window only every few screens.
const OVERSCAN_LINES: usize = 120;

/// Handles to the editor's elements, for the parts of the page that act on it.
#[derive(Clone, Copy, Debug)]
pub struct EditorHandle {
    textarea: NodeRef<Textarea>,
    highlights: NodeRef<Div>,
    gutter: NodeRef<Div>,
    /// The lines currently mirrored by the backdrop and the gutter.
    window: RwSignal<Range<usize>>,
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
            window: RwSignal::new(0..2 * OVERSCAN_LINES),
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
        // A textarea turns every CRLF into LF, so the parser never sees the
        // carriage returns that make Prometheus reject such a file; say so
        // rather than let the file look clean.
        let line_endings = if text.contains('\r') {
            " Its Windows line endings (CRLF) were turned into LF: Prometheus would reject the file as it is (`promplay metrics check` shows where)."
        } else {
            ""
        };
        self.notice.set(Some(format!(
            "Loaded {what}.{line_endings} Undo (Ctrl+Z) in the editor brings back the previous text."
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
        let top = (f64::from(line - 1) * line_height_px() - visible / 3.0).max(0.0);
        el.set_scroll_top(top as i32);
        // Characters widen with the line height under Large text.
        let char_px = CHAR_WIDTH_PX * line_height_px() / 20.0;
        let x = f64::from(col) * char_px;
        let width = f64::from(el.client_width());
        let left = if x > width - 6.0 * char_px { x - width / 2.0 } else { 0.0 };
        el.set_scroll_left(left as i32);
        self.sync_scroll();
    }

    /// Selects the first problem after the caret (or, going back, the last
    /// one before it), wrapping around at the ends of the text.
    pub fn jump_to_problem(&self, problems: &[Problem], forward: bool) {
        let Some(el) = self.textarea.get_untracked() else { return };
        let caret = el.selection_start().ok().flatten().unwrap_or(0);
        let caret = self.text.with_untracked(|text| byte_offset_of_utf16(text, caret));
        let target = if forward {
            problems.iter().find(|p| p.start as usize > caret).or_else(|| problems.first())
        } else {
            problems.iter().rev().find(|p| (p.start as usize) < caret).or_else(|| problems.last())
        };
        if let Some(p) = target {
            self.reveal(p.start, p.end);
        }
    }

    /// Moves the underlines and line numbers to the textarea's scroll
    /// position, and the mirrored window of lines when it no longer covers
    /// the visible ones.
    fn sync_scroll(&self) {
        let Some(el) = self.textarea.get_untracked() else { return };
        let (top, left) = (el.scroll_top(), el.scroll_left());
        let first = ((f64::from(top) - PAD_TOP_PX) / line_height_px()).max(0.0) as usize;
        let visible = (f64::from(el.client_height()) / line_height_px()).ceil() as usize + 1;
        let window = self.window.get_untracked();
        if first < window.start || first + visible > window.end {
            let start = first.saturating_sub(OVERSCAN_LINES);
            self.window.set(start..first + visible + OVERSCAN_LINES);
        }
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
///
/// `testid` and `label` name the textarea for tests and screen readers; they
/// default to the Metrics workbench's (`metrics-input`, exposition text).
/// `lang` picks the editor keys' flavour ([`crate::editing`]; default: `#`
/// comments, no YAML indentation).
#[component]
pub fn Editor(
    handle: EditorHandle,
    analysis: Memo<Arc<Analysis>>,
    #[prop(optional)] testid: Option<&'static str>,
    #[prop(optional)] label: Option<&'static str>,
    #[prop(optional)] lang: Option<Lang>,
) -> impl IntoView {
    let lang = lang.unwrap_or(Lang::Hash);
    let testid = testid.unwrap_or("metrics-input");
    let label = label.unwrap_or("Exposition text (Prometheus or OpenMetrics)");
    let dragging = RwSignal::new(false);
    let window = handle.window;
    let highlights =
        move || analysis.with(|a| highlight_html(&a.text, &a.lines, &a.problems, window.get()));
    let gutter = move || analysis.with(|a| gutter_html(&a.lines, &a.problems, window.get()));
    let gutter_digits = move || analysis.with(|a| a.lines.line_count().to_string().len());
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
                <div class="editor-gutter-lines" node_ref=handle.gutter inner_html=gutter></div>
            </div>
            <div class="editor-body">
                <div class="editor-backdrop" aria-hidden="true">
                    <div class="editor-highlights" node_ref=handle.highlights inner_html=highlights></div>
                </div>
                <textarea
                    class="editor-input"
                    data-testid=testid
                    aria-label=label
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
                    on:keydown=move |ev: KeyboardEvent| {
                        // F8 and Shift+F8 walk the problems, as in most code editors.
                        if ev.key() == "F8" {
                            ev.prevent_default();
                            handle.jump_to_problem(&analysis.get_untracked().problems, !ev.shift_key());
                        } else {
                            editing::keydown(&ev, lang);
                        }
                    }
                    aria-keyshortcuts="F8 Shift+F8 Tab Shift+Tab Control+/"
                    aria-describedby=crate::keys::EDITOR_HELP_ID
                ></textarea>
            </div>
            <div class="editor-drop-hint" aria-hidden="true">"Drop a file to open it"</div>
        </div>
    }
}

/// The backdrop's HTML for the lines in `window`: a spacer as tall as the
/// lines above it, then the text escaped, with each problem span in a `<mark>`.
///
/// Overlapping spans are clipped so marks never nest; errors are placed
/// first, so where an error and a warning overlap the error shows. An empty
/// span marks the character after it, or a small flag at the end of a line.
pub fn highlight_html(
    text: &str,
    index: &LineIndex,
    problems: &[Problem],
    window: Range<usize>,
) -> String {
    let (lines, bytes) = window_bytes(text, index, window);
    let mut spans: Vec<(usize, usize, bool)> = problems
        .iter()
        .filter(|p| (p.end as usize) >= bytes.start && (p.start as usize) <= bytes.end)
        .map(|p| {
            let start = floor_boundary(text, (p.start as usize).max(bytes.start));
            let mut end = ceil_boundary(text, (p.end as usize).clamp(start, bytes.end));
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

    let mut html = String::with_capacity(bytes.len() + spans.len() * 40 + 64);
    let _ = write!(html, "{}", spacer(lines.start));
    let mut at = bytes.start;
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
    escape_into(&mut html, &text[at..bytes.end]);
    // A trailing line break needs a character after it to take up a line,
    // as it does in the textarea.
    html.push_str("\n ");
    html
}

/// The gutter's HTML for the lines in `window`: one number per line,
/// problem lines tinted by their worst severity.
fn gutter_html(index: &LineIndex, problems: &[Problem], window: Range<usize>) -> String {
    let lines = window.start.min(index.line_count())..window.end.min(index.line_count());
    let mut flagged: Vec<(usize, bool)> = problems
        .iter()
        .map(|p| (p.line as usize - 1, p.is_error))
        .filter(|(line, _)| lines.contains(line))
        .collect();
    flagged.sort_by_key(|&(line, is_error)| (line, !is_error));
    flagged.dedup_by_key(|&mut (line, _)| line);

    let mut html = String::with_capacity(lines.len() * 7 + 64);
    html.push_str(&spacer(lines.start));
    let mut flags = flagged.into_iter().peekable();
    for n in lines {
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
    html
}

/// The lines of `window` that exist in the text, and the bytes they cover
/// (from the first line's start to the last line's end, line break excluded).
fn window_bytes(
    text: &str,
    index: &LineIndex,
    window: Range<usize>,
) -> (Range<usize>, Range<usize>) {
    let count = index.line_count();
    let lines =
        window.start.min(count - 1)..window.end.clamp(window.start.min(count - 1) + 1, count);
    let bytes =
        index.line_range(text, lines.start).start..index.line_range(text, lines.end - 1).end;
    (lines, bytes)
}

/// A block as tall as `lines` lines, standing in for the lines not mirrored.
fn spacer(lines: usize) -> String {
    if lines == 0 {
        return String::new();
    }
    format!("<span class=\"spacer\" style=\"height:{}px\"></span>", lines as f64 * line_height_px())
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

/// The byte offset of UTF-16 offset `utf16` (a DOM caret position) in `text`.
fn byte_offset_of_utf16(text: &str, utf16: u32) -> usize {
    let mut units = 0;
    for (i, c) in text.char_indices() {
        if units >= utf16 {
            return i;
        }
        units += c.len_utf16() as u32;
    }
    text.len()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(start: u32, end: u32, is_error: bool, line: u32) -> Problem {
        Problem {
            is_error,
            code: "X",
            message: String::new(),
            note: None,
            help: None,
            start,
            end,
            line,
            col: 1,
        }
    }

    #[test]
    fn marks_escape_and_window() {
        let text = "a <b> 1\nx{y=\"z\"} oops\nlast";
        let index = LineIndex::new(text);
        let problems =
            [problem(3, 4, true, 1), problem(17, 21, false, 2), problem(17, 17, true, 2)];
        let all = highlight_html(text, &index, &problems, 0..100);
        assert_eq!(
            all,
            "a &lt;<mark class=\"error\">b</mark>&gt; 1\nx{y=\"z\"} <mark class=\"error\">o</mark><mark class=\"warning\">ops</mark>\nlast\n "
        );
        // Only line 2 (index 1) mirrored: a one-line spacer comes first.
        let one = highlight_html(text, &index, &problems, 1..2);
        assert!(
            one.starts_with("<span class=\"spacer\" style=\"height:20px\"></span>x{y="),
            "{one}"
        );
        assert!(!one.contains("last") && !one.contains("&lt;"));
        let gutter = gutter_html(&index, &problems, 1..10);
        assert!(gutter.ends_with("<span class=\"error\">2</span>\n3\n"), "{gutter}");
        // An empty span at the end of a line is a flag, not a character.
        assert_eq!(byte_offset_of_utf16("é😀x", 3), 6);
        assert_eq!(byte_offset_of_utf16("é😀x", 9), 7);
        let eol = [problem(7, 7, true, 1)];
        assert!(
            highlight_html(text, &index, &eol, 0..1)
                .contains("1<mark class=\"error empty\"></mark>")
        );
    }
}
