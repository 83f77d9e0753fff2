//! Two small helpers every reader of user text needs: "did you mean"
//! suggestions, and the conversion from the character indices some parsers
//! report (saphyr's YAML markers) to the byte offsets a [`crate::Span`] holds.

/// The candidate closest to `word` by edit distance, when it is close
/// enough to be a typo (at most 2 edits, or a quarter of its length) and
/// not `word` itself.
pub fn closest<'c>(word: &str, candidates: &[&'c str]) -> Option<&'c str> {
    candidates
        .iter()
        .map(|c| (edit_distance(word, c), *c))
        .filter(|(d, c)| *d > 0 && *d <= 2.max(c.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance over characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Converts character indices into `text` to byte offsets (cheaply when
/// the text is ASCII); indices past the end map to the text's length.
#[derive(Clone, Debug)]
pub struct CharOffsets {
    /// Byte offset of every character, when the text is not ASCII.
    table: Option<Vec<u32>>,
    len: u32,
}

impl CharOffsets {
    /// Prepares the conversion for `text`.
    pub fn new(text: &str) -> CharOffsets {
        let len = text.len() as u32;
        if text.is_ascii() {
            return CharOffsets { table: None, len };
        }
        let mut table: Vec<u32> = text.char_indices().map(|(i, _)| i as u32).collect();
        table.push(len);
        CharOffsets { table: Some(table), len }
    }

    /// The byte offset of character `char_index`.
    pub fn byte(&self, char_index: usize) -> u32 {
        match &self.table {
            None => (char_index as u32).min(self.len),
            Some(t) => t.get(char_index).copied().unwrap_or(self.len),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_and_offsets() {
        assert_eq!(closest("recevier", &["receiver", "routes"]), Some("receiver"));
        assert_eq!(closest("zzz", &["receiver"]), None);
        assert_eq!(closest("routes", &["routes"]), None);
        let o = CharOffsets::new("é: x");
        assert_eq!((o.byte(0), o.byte(1), o.byte(9)), (0, 2, 5));
        assert_eq!(CharOffsets::new("ab").byte(5), 2);
    }
}
