//! Byte offset to line/column conversion, including UTF-16 columns for the browser.
//!
//! Rust code speaks bytes everywhere; only the web front end needs UTF-16
//! offsets (for `setSelectionRange`), so the conversion lives here, once.

use serde::Serialize;

/// A position as a person reads it: 1-based line and column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct LineCol {
    /// 1-based line number.
    pub line: u32,
    /// 1-based column, counted in Unicode scalar values.
    pub col: u32,
}

/// Precomputed line starts of one text.
#[derive(Clone, Debug)]
pub struct LineIndex {
    /// Byte offset of the first byte of every line; `line_starts[0] == 0`.
    line_starts: Vec<u32>,
    len: u32,
}

impl LineIndex {
    /// Indexes `text`. Lines end at `\n`; a `\r` before it belongs to the line.
    pub fn new(text: &str) -> LineIndex {
        let mut line_starts = vec![0];
        line_starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| u32::try_from(i + 1).unwrap_or(u32::MAX)),
        );
        LineIndex { line_starts, len: u32::try_from(text.len()).unwrap_or(u32::MAX) }
    }

    /// Number of lines (an empty text has one empty line).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The 0-based line containing byte `offset` (clamped to the text).
    pub fn line_of(&self, offset: u32) -> usize {
        let offset = offset.min(self.len);
        self.line_starts.partition_point(|&s| s <= offset) - 1
    }

    /// Byte range of 0-based line `line`, without its `\n`.
    pub fn line_range(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let start = self.line_starts[line] as usize;
        let end = self.line_starts.get(line + 1).map_or(text.len(), |&e| e as usize - 1);
        start..end.max(start)
    }

    /// Line and column (1-based, columns in characters) of byte `offset` in `text`.
    pub fn line_col(&self, text: &str, offset: u32) -> LineCol {
        let line = self.line_of(offset);
        let start = self.line_starts[line] as usize;
        let offset = floor_char_boundary(text, (offset as usize).min(text.len()));
        let col = text[start..offset.max(start)].chars().count();
        LineCol { line: line as u32 + 1, col: col as u32 + 1 }
    }

    /// The UTF-16 code unit offset of byte `offset` from the start of `text`,
    /// as the DOM counts positions in a textarea.
    pub fn utf16_offset(text: &str, offset: u32) -> u32 {
        let offset = floor_char_boundary(text, (offset as usize).min(text.len()));
        text[..offset].chars().map(|c| c.len_utf16() as u32).sum()
    }
}

/// The largest char boundary at or before `offset`, so slicing never panics
/// even for a span that ends inside a multi-byte character.
fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns() {
        let text = "ab\nçd\n\nx";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 4);
        assert_eq!(idx.line_col(text, 0), LineCol { line: 1, col: 1 });
        assert_eq!(idx.line_col(text, 3), LineCol { line: 2, col: 1 });
        assert_eq!(idx.line_col(text, 5), LineCol { line: 2, col: 2 });
        assert_eq!(idx.line_col(text, 8), LineCol { line: 4, col: 1 });
        assert_eq!(idx.line_range(text, 1), 3..6);
        assert_eq!(LineIndex::utf16_offset("a😀b", 5), 3);
    }
}
