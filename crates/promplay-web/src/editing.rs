//! The usual editor keys for every multi-line editor of the playground:
//! Tab / Shift+Tab indent and outdent (every selected line when the
//! selection spans several), Enter keeps the line's indentation (one more
//! level after a YAML `key:` or a block scalar `key: |`), and Ctrl+/ (⌘/)
//! toggles `# ` comments on the selected lines.
//!
//! The text operations are pure functions over the text and a byte
//! selection ([`indent`], [`outdent`], [`newline`], [`toggle_comment`]),
//! each returning an [`Edit`]; [`keydown`] applies one to the focused
//! textarea through `document.execCommand("insertText")`, so the change
//! lands on the browser's own undo stack (Ctrl+Z undoes it) and fires the
//! `input` event the editors already listen to (autosave included).
//!
//! Keyboard users must never be trapped: as in CodeMirror, Escape followed
//! by Tab (or Shift+Tab) moves the focus out of the editor instead of
//! indenting. Escape arms that for the next key only.

use std::cell::RefCell;
use std::ops::Range;
use wasm_bindgen::JsCast;
use web_sys::{HtmlDocument, HtmlTextAreaElement, KeyboardEvent};

/// One level of indentation.
pub const INDENT: &str = "  ";

/// What an editor holds, for the few keys whose behaviour depends on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    /// YAML (manifests, rule files, relabel rules, alertmanager.yaml):
    /// Enter after `key:` indents one more level.
    Yaml,
    /// Anything else with `#` line comments: exposition text, PromQL,
    /// promqltest `load` notation, label sets.
    Hash,
}

/// A change to a text: replace bytes `range` with `insert`, then select
/// bytes `selection` of the new text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    /// The bytes of the old text to replace.
    pub range: Range<usize>,
    /// What replaces them.
    pub insert: String,
    /// The selection afterwards, in bytes of the new text.
    pub selection: (usize, usize),
}

impl Edit {
    /// The new text.
    pub fn apply(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + self.insert.len());
        out.push_str(&text[..self.range.start]);
        out.push_str(&self.insert);
        out.push_str(&text[self.range.end..]);
        out
    }

    /// The same edit with the unchanged start and end of the replaced part
    /// left out, so the undo step (and the `input` event) covers only what
    /// really changed.
    fn trimmed(mut self, text: &str) -> Edit {
        let old = &text[self.range.clone()];
        let prefix = common_prefix(old, &self.insert);
        let suffix = common_suffix(&old[prefix..], &self.insert[prefix..]);
        self.range = self.range.start + prefix..self.range.end - suffix;
        self.insert = self.insert[prefix..self.insert.len() - suffix].to_owned();
        self
    }
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.char_indices()
        .zip(b.chars())
        .find(|((_, x), y)| x != y)
        .map_or(a.len().min(b.len()), |((i, _), _)| i)
}

fn common_suffix(a: &str, b: &str) -> usize {
    let n = a.chars().rev().zip(b.chars().rev()).take_while(|(x, y)| x == y).count();
    a.chars().rev().take(n).map(char::len_utf8).sum()
}

/// The start of the line holding byte `at`.
fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// The end of the line holding byte `at` (before its line break).
fn line_end(text: &str, at: usize) -> usize {
    text[at..].find('\n').map_or(text.len(), |i| at + i)
}

/// The byte range of the whole lines a selection touches: a selection that
/// ends at the very start of a line does not take that line.
fn touched_lines(text: &str, start: usize, end: usize) -> Range<usize> {
    let first = line_start(text, start);
    let end = if end > start && line_start(text, end) == end { end - 1 } else { end };
    first..line_end(text, end.max(start))
}

/// Rewrites each line of `block` (a run of whole lines starting at byte
/// `base`) with `change`, which returns `(column, removed, inserted)`: at
/// byte `column` of the line, remove `removed` bytes and insert `inserted`.
/// Returns the edit, moving `selection` along with the text: a selection
/// start at the beginning of a line stays there, other positions keep
/// their place in the text.
fn rewrite_lines(
    text: &str,
    block: Range<usize>,
    selection: (usize, usize),
    change: impl Fn(&str) -> Option<(usize, usize, &'static str)>,
) -> Edit {
    let mut insert = String::with_capacity(block.len() + 64);
    // (old byte of the change, bytes removed, bytes inserted), in order.
    let mut changes: Vec<(usize, usize, usize)> = Vec::new();
    let mut at = block.start;
    for (i, line) in text[block.clone()].split('\n').enumerate() {
        if i > 0 {
            insert.push('\n');
        }
        match change(line) {
            Some((col, removed, inserted)) => {
                insert.push_str(&line[..col]);
                insert.push_str(inserted);
                insert.push_str(&line[col + removed..]);
                changes.push((at + col, removed, inserted.len()));
            }
            None => insert.push_str(line),
        }
        at += line.len() + 1;
    }
    let map = |pos: usize, is_start: bool| -> usize {
        let mut new = pos as isize;
        for &(where_, removed, inserted) in &changes {
            if where_ > pos || (where_ == pos && is_start && line_start(text, pos) == pos) {
                break;
            }
            // A position inside removed text moves to where it was.
            let gone = removed.min(pos - where_);
            new += inserted as isize - gone as isize;
        }
        new.max(0) as usize
    };
    let selection = (map(selection.0, true), map(selection.1, selection.0 == selection.1));
    Edit { range: block, insert, selection }.trimmed(text)
}

/// The width of the leading whitespace of `line`, in bytes.
fn leading_ws(line: &str) -> usize {
    line.len() - line.trim_start_matches([' ', '\t']).len()
}

/// Tab: with the selection inside one line, spaces up to the next indent
/// stop replace it; with several lines selected, each non-blank line gets
/// one more level.
pub fn indent(text: &str, start: usize, end: usize) -> Edit {
    let block = touched_lines(text, start, end);
    if !text[start..end].contains('\n') {
        let column = text[line_start(text, start)..start].chars().count();
        let spaces = INDENT.len() - column % INDENT.len();
        let insert = " ".repeat(spaces);
        let caret = start + spaces;
        return Edit { range: start..end, insert, selection: (caret, caret) };
    }
    rewrite_lines(text, block, (start, end), |line| {
        (!line.trim().is_empty()).then_some((0, 0, INDENT))
    })
}

/// Shift+Tab: every line the selection touches (the caret's line when
/// nothing is selected) loses one level of indentation, or a tab.
pub fn outdent(text: &str, start: usize, end: usize) -> Edit {
    let block = touched_lines(text, start, end);
    rewrite_lines(text, block, (start, end), |line| {
        let removed = if line.starts_with('\t') {
            1
        } else {
            line.bytes().take(INDENT.len()).take_while(|&b| b == b' ').count()
        };
        (removed > 0).then_some((0, removed, ""))
    })
}

/// Enter: a line break followed by the current line's indentation, and in
/// YAML one more level after a line ending in `:` (a mapping key) or in a
/// block scalar indicator (`key: |`, `key: >-`). A list item's `- ` counts
/// as indentation there, so the value of `- job_name:` lines up under
/// `job_name`. `None` when there is no indentation to add (the browser's
/// own line break is then just right).
pub fn newline(text: &str, start: usize, end: usize, lang: Lang) -> Option<Edit> {
    let before = &text[line_start(text, start)..start];
    let mut indent: String = before[..leading_ws(before)].to_owned();
    if lang == Lang::Yaml && opens_block(before) {
        // The column of the key, past any `- ` list markers.
        let mut content = leading_ws(before);
        while before[content..].starts_with("- ") {
            content += 2;
            content += leading_ws(&before[content..]);
        }
        indent = " ".repeat(before[..content].chars().count());
        indent.push_str(INDENT);
    }
    if indent.is_empty() {
        return None;
    }
    let insert = format!("\n{indent}");
    let caret = start + insert.len();
    Some(Edit { range: start..end, insert, selection: (caret, caret) })
}

/// Whether a YAML line (up to the caret) opens a nested block.
fn opens_block(line: &str) -> bool {
    let code = line.trim();
    if code.starts_with('#') {
        return false;
    }
    // A comment after the value does not count.
    let code = code.split(" #").next().unwrap_or_default().trim_end();
    if code.ends_with(':') {
        return true;
    }
    // Block scalar indicators: `|`, `>`, with chomping and indentation hints.
    code.rsplit_once(": ").is_some_and(|(_, value)| {
        let mut chars = value.chars();
        matches!(chars.next(), Some('|' | '>'))
            && chars.all(|c| matches!(c, '-' | '+') || c.is_ascii_digit())
    })
}

/// Ctrl+/: when every non-blank line the selection touches is a comment,
/// their `# ` (or `#`) goes; otherwise each gets `# ` at the block's
/// smallest indentation, so the comment markers line up.
pub fn toggle_comment(text: &str, start: usize, end: usize) -> Edit {
    let block = touched_lines(text, start, end);
    let lines: Vec<&str> = text[block.clone()].split('\n').collect();
    let code: Vec<&&str> = lines.iter().filter(|l| !l.trim().is_empty()).collect();
    let all_comments = !code.is_empty() && code.iter().all(|l| l.trim_start().starts_with('#'));
    if all_comments {
        return rewrite_lines(text, block, (start, end), |line| {
            let col = leading_ws(line);
            let rest = &line[col..];
            rest.starts_with('#').then(|| (col, if rest.starts_with("# ") { 2 } else { 1 }, ""))
        });
    }
    let column = code.iter().map(|l| leading_ws(l)).min().unwrap_or(0);
    let only_blank = code.is_empty();
    rewrite_lines(text, block, (start, end), |line| {
        if only_blank {
            return Some((line.len(), 0, "# "));
        }
        (!line.trim().is_empty()).then_some((column, 0, "# "))
    })
}

thread_local! {
    /// The textarea in which Escape was the last key: its next Tab leaves it.
    static ESCAPED: RefCell<Option<HtmlTextAreaElement>> = const { RefCell::new(None) };
}

/// Handles the editor keys for the textarea `ev` is on. Returns whether
/// the key was used (its default action is then prevented). Every other
/// key (and Ctrl+Enter, which each workbench gives its own meaning) is left
/// alone.
pub fn keydown(ev: &KeyboardEvent, lang: Lang) -> bool {
    let Some(area) = ev.target().and_then(|t| t.dyn_into::<HtmlTextAreaElement>().ok()) else {
        return false;
    };
    let key = ev.key();
    if matches!(key.as_str(), "Shift" | "Control" | "Alt" | "Meta" | "AltGraph") {
        return false;
    }
    let escaped = ESCAPED.with(|e| e.borrow_mut().take()).is_some_and(|e| e == area);
    if ev.is_composing() || area.read_only() {
        return false;
    }
    let ctrl = ev.ctrl_key() || ev.meta_key();
    let op = match key.as_str() {
        "Escape" => {
            ESCAPED.with(|e| *e.borrow_mut() = Some(area));
            return false;
        }
        // After Escape, Tab and Shift+Tab move the focus as usual.
        "Tab" if escaped || ctrl || ev.alt_key() => return false,
        "Tab" if ev.shift_key() => Op::Outdent,
        "Tab" => Op::Indent,
        "Enter" if !ctrl && !ev.alt_key() && !ev.shift_key() => Op::Newline,
        "/" if ctrl && !ev.alt_key() => Op::Comment,
        _ => return false,
    };
    let text = area.value();
    let start = utf16_to_byte(&text, area.selection_start().ok().flatten().unwrap_or(0));
    let end = utf16_to_byte(&text, area.selection_end().ok().flatten().unwrap_or(0));
    let (start, end) = (start.min(end), start.max(end));
    let edit = match op {
        Op::Indent => Some(indent(&text, start, end)),
        Op::Outdent => Some(outdent(&text, start, end)),
        Op::Newline => newline(&text, start, end, lang),
        Op::Comment => Some(toggle_comment(&text, start, end)),
    };
    let Some(edit) = edit else { return false };
    ev.prevent_default();
    apply(&area, &text, &edit);
    true
}

enum Op {
    Indent,
    Outdent,
    Newline,
    Comment,
}

/// Applies `edit` to the textarea holding `text` as typing would: through
/// `execCommand`, so it is one step of the browser's undo stack and fires
/// `input`. Where that is unavailable, the value is changed with
/// `setRangeText` and an `input` event is sent (only the undo step is lost).
fn apply(area: &HtmlTextAreaElement, text: &str, edit: &Edit) {
    let utf16 = |byte: usize| text[..byte].encode_utf16().count() as u32;
    let expected = edit.apply(text);
    if edit.range.is_empty() && edit.insert.is_empty() {
        // Nothing changes (Shift+Tab on an unindented line).
    } else {
        let _ = area.set_selection_range(utf16(edit.range.start), utf16(edit.range.end));
        let document = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.dyn_into::<HtmlDocument>().ok());
        let done = document.is_some_and(|d| {
            let result = if edit.insert.is_empty() {
                d.exec_command("delete")
            } else {
                d.exec_command_with_show_ui_and_value("insertText", false, &edit.insert)
            };
            result.unwrap_or(false)
        });
        if !done || area.value() != expected {
            area.set_value(text);
            let _ = area.set_range_text_with_start_and_end(
                &edit.insert,
                utf16(edit.range.start),
                utf16(edit.range.end),
            );
            let init = web_sys::EventInit::new();
            init.set_bubbles(true);
            if let Ok(event) = web_sys::Event::new_with_event_init_dict("input", &init) {
                let _ = area.dispatch_event(&event);
            }
        }
    }
    let new_utf16 = |byte: usize| expected[..byte].encode_utf16().count() as u32;
    let _ = area.set_selection_range(new_utf16(edit.selection.0), new_utf16(edit.selection.1));
}

/// The byte offset of UTF-16 offset `utf16` (a DOM selection position).
fn utf16_to_byte(text: &str, utf16: u32) -> usize {
    let mut units = 0;
    for (i, c) in text.char_indices() {
        if units >= utf16 {
            return i;
        }
        units += c.len_utf16() as u32;
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs `op` on `input`, where `[` and `]` mark the selection (or `|`
    /// the caret), and returns the result with the new selection marked the
    /// same way.
    #[track_caller]
    fn check(op: impl Fn(&str, usize, usize) -> Option<Edit>, input: &str, expect: &str) {
        let (text, start, end) = if let Some(at) = input.find('|') {
            (input.replacen('|', "", 1), at, at)
        } else {
            let start = input.find('[').unwrap();
            let end = input.find(']').unwrap() - 1;
            (input.replacen('[', "", 1).replacen(']', "", 1), start, end)
        };
        let got = match op(&text, start, end) {
            Some(edit) => {
                let new = edit.apply(&text);
                let (a, b) = edit.selection;
                if a == b {
                    format!("{}|{}", &new[..a], &new[a..])
                } else {
                    format!("{}[{}]{}", &new[..a], &new[a..b], &new[b..])
                }
            }
            None => "None".to_owned(),
        };
        assert_eq!(got, expect);
    }

    #[test]
    fn tab_and_shift_tab() {
        let tab = |t: &str, s, e| Some(indent(t, s, e));
        let untab = |t: &str, s, e| Some(outdent(t, s, e));
        check(tab, "a|b", "a |b");
        check(tab, "ab|", "ab  |");
        check(tab, "x: [ab]c", "x:  |c");
        check(tab, "[a:\n  b: 1\n\nc]", "[  a:\n    b: 1\n\n  c]");
        // A selection ending at a line's start leaves that line alone.
        check(tab, "[a\nb\n]c", "[  a\n  b\n]c");
        check(tab, "x[a\nb]", "  x[a\n  b]");
        check(untab, "    a|b", "  a|b");
        check(untab, " a|", "a|");
        check(untab, "a|", "a|");
        check(untab, "\tab|", "ab|");
        check(untab, "[  a\n    b\nc]", "[a\n  b\nc]");
        check(untab, "  [a\n  b]", "[a\nb]");
    }

    #[test]
    fn enter_keeps_indentation() {
        let yaml = |t: &str, s, e| newline(t, s, e, Lang::Yaml);
        let hash = |t: &str, s, e| newline(t, s, e, Lang::Hash);
        check(yaml, "a|", "None");
        check(yaml, "    a: 1|", "    a: 1\n    |");
        check(yaml, "spec:|", "spec:\n  |");
        check(yaml, "  endpoints:|", "  endpoints:\n    |");
        check(yaml, "- job_name:|", "- job_name:\n    |");
        check(yaml, "  - - x:|", "  - - x:\n        |");
        check(yaml, "  description: >-|", "  description: >-\n    |");
        // (`|` marks the caret in these tables, so the literal style is checked directly.)
        assert!(opens_block("  description: |") && opens_block("a: |2+") && !opens_block("a: |x"));
        check(yaml, "  a: 1 # c:|", "  a: 1 # c:\n  |");
        check(yaml, "  # spec:|", "  # spec:\n  |");
        check(yaml, "  ab|c", "  ab\n  |c");
        check(yaml, "  a[b]c", "  a\n  |c");
        check(hash, "spec:|", "None");
        check(hash, "  up|", "  up\n  |");
    }

    #[test]
    fn ctrl_slash_toggles_comments() {
        let toggle = |t: &str, s, e| Some(toggle_comment(t, s, e));
        check(toggle, "a: |1", "# a: |1");
        check(toggle, "# a: |1", "a: |1");
        check(toggle, "  #a|", "  a|");
        check(toggle, "[a:\n  b: 1\n\n  c: 2]", "[# a:\n#   b: 1\n\n#   c: 2]");
        check(toggle, "[  a:\n    b: 1]", "[  # a:\n  #   b: 1]");
        check(toggle, "[# a:\n#   b: 1]", "[a:\n  b: 1]");
        // Mixed: everything gets commented.
        check(toggle, "[# a\nb]", "[# # a\n# b]");
        check(toggle, "  |", "  # |");
        check(toggle, "é: [ü\nö]", "# é: [ü\n# ö]");
    }

    #[test]
    fn edits_are_trimmed_to_what_changes() {
        let edit = toggle_comment("a\nb\nc", 2, 3);
        assert_eq!((edit.range, edit.insert.as_str()), (2..2, "# "));
        assert_eq!(utf16_to_byte("é😀x", 3), 6);
    }
}
