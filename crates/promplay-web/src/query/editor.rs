//! The query editor: a textarea over a highlighted copy of its text, with the
//! error spot underlined and an autocomplete list.
//!
//! As in the Metrics editor, the textarea stays a real textarea (typing,
//! IME, undo, selection are the browser's own); its ink is transparent and
//! the coloured copy behind it shows through. The copy also holds an empty
//! marker at the caret, which is how the autocomplete list finds where to
//! open. Font, size, line height and padding of `.q-input` and
//! `.q-highlights` must match in `style.css`.

use super::complete::{self, Suggestions};
use super::protocol::DataMeta;
pub use super::protocol::Mark;
use super::syntax::{self, Token};
use leptos::html::{Div, Textarea};
use leptos::prelude::*;
use promplay_diagnostics::LineIndex;
use std::fmt::Write as _;
use web_sys::KeyboardEvent;

/// The editor. `on_run` is called for Ctrl+Enter / Shift+Enter.
#[component]
pub fn QueryEditor(
    text: RwSignal<String>,
    marks: Signal<Vec<Mark>>,
    /// A span to highlight (the Explain view's selected node).
    #[prop(optional, into)]
    focus: Signal<Option<(u32, u32)>>,
    meta: Signal<DataMeta>,
    on_run: Callback<()>,
) -> impl IntoView {
    let textarea = NodeRef::<Textarea>::new();
    let backdrop = NodeRef::<Div>::new();
    let caret = RwSignal::new(0usize);
    let suggestions = RwSignal::new(None::<Suggestions>);
    let selected = RwSignal::new(0usize);
    let popup_at = RwSignal::new((0.0f64, 0.0f64));

    // Text set from outside (an applied fix in the Explain view) reaches the
    // textarea here; typing leaves the two equal, so this does nothing then.
    Effect::new(move |_| {
        let wanted = text.get();
        if let Some(el) = textarea.get()
            && el.value() != wanted
        {
            el.set_value(&wanted);
        }
    });
    let tokens = Memo::new(move |_| text.with(|t| syntax::tokens(t)));
    let highlights = move || {
        text.with(|t| {
            tokens.with(|tok| marks.with(|m| highlight_html(t, tok, m, focus.get(), caret.get())))
        })
    };
    // Grow with the text, counting a long line as the rows it wraps to at
    // the textarea's width (90 characters until it is on the page). A
    // character is about 0.6 of the 14px font (times Large text's scale).
    let rows = move || {
        crate::theme::revision().track();
        let cols = textarea.get().map_or(90, |el| {
            let char_px = 0.6 * 14.0 * crate::theme::text_scale();
            let text_px = f64::from(el.client_width()) - 24.0;
            ((text_px / char_px).floor() as usize).max(10)
        });
        text.with(|t| {
            t.split('\n').map(|l| l.chars().count() / cols + 1).sum::<usize>().clamp(1, 12)
        })
    };

    let refresh = move |explicit: bool| {
        let Some(el) = textarea.get_untracked() else { return };
        let utf16 = el.selection_start().ok().flatten().unwrap_or(0);
        let byte = text.with_untracked(|t| byte_offset_of_utf16(t, utf16));
        caret.set(byte);
        let found = meta.with_untracked(|m| {
            text.with_untracked(|t| complete::suggest(t, byte, m, &syntax::FUNCTION_DOCS, explicit))
        });
        selected.set(0);
        suggestions.set(found);
        // Place the list under the caret marker once the backdrop has it.
        request_animation_frame(move || {
            let Some(root) = backdrop.get_untracked() else { return };
            if let Ok(Some(anchor)) = root.query_selector(".caret-anchor") {
                let a = anchor.get_bounding_client_rect();
                let r = root.get_bounding_client_rect();
                popup_at.set((a.left() - r.left(), a.bottom() - r.top() + 2.0));
            }
        });
    };

    let accept = move |index: usize| {
        let Some(s) = suggestions.get_untracked() else { return };
        let Some(item) = s.items.get(index) else { return };
        let (new_text, new_caret) = text.with_untracked(|t| complete::apply(t, &s.replace, item));
        suggestions.set(None);
        if let Some(el) = textarea.get_untracked() {
            el.set_value(&new_text);
            let utf16 = new_text[..new_caret].encode_utf16().count() as u32;
            let _ = el.set_selection_range(utf16, utf16);
            let _ = el.focus();
        }
        text.set(new_text);
        caret.set(new_caret);
        // After a function's `(` or a label's `{`, what fits next is offered at once.
        if item.insert.ends_with("()") {
            refresh(true);
        }
    };

    let on_keydown = move |ev: KeyboardEvent| {
        let key = ev.key();
        if (ev.ctrl_key() || ev.meta_key() || ev.shift_key()) && key == "Enter" {
            ev.prevent_default();
            suggestions.set(None);
            on_run.run(());
            return;
        }
        if ev.ctrl_key() && key == " " {
            ev.prevent_default();
            refresh(true);
            return;
        }
        let Some(count) = suggestions.with_untracked(|s| s.as_ref().map(|s| s.items.len())) else {
            // Without a list: Enter keeps the indentation of a multi-line
            // query and Ctrl+/ toggles `#` comments; Tab is left to move the
            // focus (the query is usually one line).
            if key != "Tab" {
                crate::editing::keydown(&ev, crate::editing::Lang::Hash);
            }
            return;
        };
        match key.as_str() {
            "ArrowDown" => {
                ev.prevent_default();
                selected.update(|i| *i = (*i + 1) % count);
            }
            "ArrowUp" => {
                ev.prevent_default();
                selected.update(|i| *i = (*i + count - 1) % count);
            }
            "Enter" | "Tab" => {
                ev.prevent_default();
                accept(selected.get_untracked());
            }
            "Escape" => {
                ev.prevent_default();
                suggestions.set(None);
            }
            _ => {}
        }
    };

    let error_text = move || {
        marks.with(|m| {
            m.iter().find(|m| m.is_error).map(|m| {
                let at = text.with(|t| {
                    let index = LineIndex::new(t);
                    let lc = index.line_col(t, m.start);
                    format!("{}:{}", lc.line, lc.col)
                });
                view! {
                    <p class="q-error" data-testid="query-error" role="alert">
                        <span class="position">{at}</span>
                        " "
                        {m.message.clone()}
                    </p>
                }
            })
        })
    };

    view! {
        <div class="q-editor">
            <div class="q-body">
                <div class="q-backdrop" aria-hidden="true" node_ref=backdrop>
                    <div class="q-highlights" inner_html=highlights></div>
                </div>
                <textarea
                    class="q-input"
                    data-testid="query-input"
                    aria-label="PromQL query"
                    aria-keyshortcuts="Control+Enter Control+Space Control+/"
                    placeholder="Type a PromQL query, e.g. rate(http_requests_total[5m]); Ctrl+Space suggests, Ctrl+Enter runs"
                    spellcheck="false"
                    autocomplete="off"
                    autocapitalize="off"
                    rows=rows
                    node_ref=textarea
                    prop:value=text.get_untracked()
                    on:input=move |ev| {
                        text.set(event_target_value(&ev));
                        refresh(false);
                    }
                    on:keydown=on_keydown
                    on:click=move |_| suggestions.set(None)
                    on:blur=move |_| {
                        // A click on the list lands after the blur; let it.
                        set_timeout(move || suggestions.set(None), std::time::Duration::from_millis(150));
                    }
                    on:scroll=move |ev| {
                        if let Some(b) = backdrop.get_untracked() {
                            let t: web_sys::HtmlElement = event_target(&ev);
                            b.set_scroll_top(t.scroll_top());
                            b.set_scroll_left(t.scroll_left());
                        }
                    }
                ></textarea>
                {move || {
                    suggestions
                        .get()
                        .map(|s| {
                            let (left, top) = popup_at.get();
                            view! {
                                <ul
                                    class="q-complete"
                                    data-testid="autocomplete"
                                    role="listbox"
                                    style:left=format!("{left}px")
                                    style:top=format!("{top}px")
                                >
                                    {s
                                        .items
                                        .into_iter()
                                        .enumerate()
                                        .map(|(i, item)| {
                                            view! {
                                                <li
                                                    data-testid="completion"
                                                    role="option"
                                                    class:selected=move || selected.get() == i
                                                    aria-selected=move || (selected.get() == i).to_string()
                                                    on:mousedown=move |ev| {
                                                        ev.prevent_default();
                                                        accept(i);
                                                    }
                                                >
                                                    <span class=format!("q-kind kind-{}", item.kind.badge())>
                                                        {item.kind.badge()}
                                                    </span>
                                                    <span class="q-name">{item.label}</span>
                                                    <span class="q-doc">{item.doc}</span>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                        })
                }}
            </div>
            {error_text}
        </div>
    }
}

/// The highlighted copy of `text`: each token in a `<span class="t-…">`,
/// marked spans underlined, the `focus` span shaded, and an empty
/// `.caret-anchor` at byte `caret`.
pub fn highlight_html(
    text: &str,
    tokens: &[Token],
    marks: &[Mark],
    focus: Option<(u32, u32)>,
    caret: usize,
) -> String {
    // Every position where some styling starts or ends cuts the text.
    let mut cuts: Vec<usize> = vec![0, text.len(), caret.min(text.len())];
    let focus = focus.map(|(a, b)| (floor(text, a as usize), floor(text, b as usize)));
    if let Some((a, b)) = focus {
        cuts.extend([a, b]);
    }
    for t in tokens {
        cuts.extend([t.start, t.end]);
    }
    let marks: Vec<(usize, usize, bool, &str)> = marks
        .iter()
        .map(|m| {
            let start = floor(text, m.start as usize);
            let mut end = floor(text, m.end as usize).max(start);
            if end == start {
                end = text[start..].chars().next().map_or(start, |c| start + c.len_utf8());
            }
            (start, end, m.is_error, m.message.as_str())
        })
        .collect();
    for &(s, e, _, _) in &marks {
        cuts.extend([s, e]);
    }
    cuts.retain(|&c| c <= text.len() && text.is_char_boundary(c));
    cuts.sort_unstable();
    cuts.dedup();
    let mut html = String::with_capacity(text.len() * 3);
    for pair in cuts.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if a == caret {
            html.push_str("<span class=\"caret-anchor\"></span>");
        }
        let class = tokens.iter().find(|t| t.start <= a && b <= t.end).map(|t| t.class);
        let mark = marks.iter().find(|m| m.0 <= a && b <= m.1);
        let mut classes = String::new();
        if let Some(c) = class {
            classes.push_str(c);
        }
        if let Some(m) = mark {
            let _ = write!(classes, " {}", if m.2 { "q-mark-error" } else { "q-mark-warning" });
        }
        if focus.is_some_and(|(s, e)| s <= a && b <= e && s < e) {
            classes.push_str(" q-focus");
        }
        if classes.is_empty() {
            escape_into(&mut html, &text[a..b]);
        } else {
            let _ = write!(html, "<span class=\"{}\">", classes.trim());
            escape_into(&mut html, &text[a..b]);
            html.push_str("</span>");
        }
    }
    if caret >= text.len() {
        html.push_str("<span class=\"caret-anchor\"></span>");
    }
    // An error at the very end (an unfinished query) gets a visible flag.
    if marks.iter().any(|m| m.0 >= text.len() && m.2) {
        html.push_str("<span class=\"q-mark-error q-mark-end\"> </span>");
    }
    html.push_str("\n ");
    html
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

fn floor(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_tokens_marks_and_caret() {
        let text = "rate(x[5m]) > <1";
        let tokens = [
            Token { start: 0, end: 4, class: "t-function" },
            Token { start: 7, end: 9, class: "t-duration" },
        ];
        let marks = [Mark { start: 14, end: 15, is_error: true, message: "bad".into() }];
        let html = highlight_html(text, &tokens, &marks, None, 2);
        assert_eq!(
            html,
            "<span class=\"t-function\">ra</span><span class=\"caret-anchor\"></span><span class=\"t-function\">te</span>(x[<span class=\"t-duration\">5m</span>]) &gt; <span class=\"q-mark-error\">&lt;</span>1\n "
        );
        let end = [Mark { start: 3, end: 3, is_error: true, message: "unexpected end".into() }];
        assert!(highlight_html("up(", &[], &end, None, 3).contains("q-mark-end"));
    }
}
