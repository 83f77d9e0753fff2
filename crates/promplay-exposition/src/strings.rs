//! [`Str`], the string type of label names, label values and sample names:
//! borrowed from the input, or owned when unescaping changed it.
//!
//! It plays the part of `Cow<'a, str>` in 16 bytes instead of 24. The owned
//! case, rare in real expositions (only strings with escapes), keeps its
//! `String` behind a thin `Box`, so the enum fits in the two words of a
//! `&str` (the compiler tells the variants apart by the null pointer that a
//! `&str` never has). A large scrape holds millions of label pairs, and the
//! memory the AST touches is a large part of the time a parse takes.

use serde::{Serialize, Serializer};
use std::borrow::{Borrow, Cow};
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;

/// A string borrowed from the parsed input, or owned when it had escapes.
///
/// It dereferences to `str`, so it reads like one: `pair.value.len()`,
/// `&*pair.name`, `pair.name == "le"`.
#[derive(Clone)]
pub enum Str<'a> {
    /// A slice of the input, as written.
    Borrowed(&'a str),
    /// An unescaped (or repaired) copy.
    Owned(Box<String>),
}

impl<'a> Str<'a> {
    /// The string as a `&str`.
    #[inline]
    pub fn as_str(&self) -> &str {
        match self {
            Str::Borrowed(s) => s,
            Str::Owned(s) => s.as_str(),
        }
    }

    /// The same string, owning its text.
    pub fn into_owned(self) -> Str<'static> {
        match self {
            Str::Borrowed(s) => Str::Owned(Box::new(s.to_owned())),
            Str::Owned(s) => Str::Owned(s),
        }
    }

    /// The string as a `Cow`.
    pub fn into_cow(self) -> Cow<'a, str> {
        match self {
            Str::Borrowed(s) => Cow::Borrowed(s),
            Str::Owned(s) => Cow::Owned(*s),
        }
    }
}

impl Deref for Str<'_> {
    type Target = str;

    #[inline]
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Str<'_> {
    #[inline]
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for Str<'_> {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl<'a> From<&'a str> for Str<'a> {
    fn from(s: &'a str) -> Str<'a> {
        Str::Borrowed(s)
    }
}

impl From<String> for Str<'_> {
    fn from(s: String) -> Self {
        Str::Owned(Box::new(s))
    }
}

impl<'a> From<Cow<'a, str>> for Str<'a> {
    fn from(s: Cow<'a, str>) -> Str<'a> {
        match s {
            Cow::Borrowed(s) => Str::Borrowed(s),
            Cow::Owned(s) => Str::from(s),
        }
    }
}

impl PartialEq for Str<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Str<'_> {}

impl PartialEq<str> for Str<'_> {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Str<'_> {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Str<'_> {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<Str<'_>> for str {
    fn eq(&self, other: &Str<'_>) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Str<'_>> for &str {
    fn eq(&self, other: &Str<'_>) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<Cow<'_, str>> for Str<'_> {
    fn eq(&self, other: &Cow<'_, str>) -> bool {
        self.as_str() == other.as_ref()
    }
}

impl PartialEq<Str<'_>> for Cow<'_, str> {
    fn eq(&self, other: &Str<'_>) -> bool {
        self.as_ref() == other.as_str()
    }
}

impl PartialOrd for Str<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Str<'_> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for Str<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl fmt::Debug for Str<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Str<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl Serialize for Str<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::Str;

    #[test]
    fn is_as_small_as_a_str_slice() {
        assert_eq!(std::mem::size_of::<Str<'_>>(), 16);
    }

    #[test]
    fn reads_like_a_str() {
        let owned = Str::from("a\"b".to_owned());
        let borrowed = Str::from("le");
        assert_eq!(owned, "a\"b");
        assert_eq!(&*borrowed, "le");
        assert_eq!(borrowed.into_owned(), Str::from("le"));
        assert_eq!(format!("{owned}/{owned:?}"), "a\"b/\"a\\\"b\"");
    }
}

#[cfg(test)]
mod sizes {
    use crate::{LabelPair, Sample};

    /// The sizes that the memory of a large parse is made of; a change that
    /// grows them should be a deliberate one (see the README's performance notes).
    #[test]
    fn ast_nodes_stay_small() {
        assert_eq!(std::mem::size_of::<LabelPair<'_>>(), 48);
        assert_eq!(std::mem::size_of::<Sample<'_>>(), 128);
    }
}
