//! [`Text`]: a string of the parse that shares its instruction's text.
//!
//! Nearly every string a node holds (its keyword, its arguments, most flags)
//! is a piece of the instruction as written. Owning each one cost an
//! allocation and a copy per word, which was most of what parsing a large
//! file spent; a `Text` is the instruction's shared text and a range of it,
//! so making one costs a reference count. Strings the parser has to build
//! (a JSON string with escapes, a flag with its quotes removed) own their
//! text the same way, as a range covering all of it.

use std::borrow::Borrow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::Arc;

/// The text a [`Text`] shares. `Arc`, so a parse can be read by two threads
/// at once (the CLI checks a file while it writes the dump; in the browser,
/// which has one thread, the counts are plain adds). `Arc<String>` rather
/// than `Arc<str>`: a thin pointer keeps every `Text` (several per node) a
/// third smaller, and a file read into a `String` is shared as it is, where
/// `Arc<str>` would copy it.
pub type Shared = Arc<String>;

/// A string shared with the text it was cut from. Compares, hashes, orders
/// and prints as the string it reads.
#[derive(Clone)]
pub struct Text {
    owner: Shared,
    start: u32,
    end: u32,
}

impl Text {
    /// A text of its own (a copy of `text`).
    pub fn new(text: &str) -> Text {
        Text::whole(Shared::new(text.to_owned()))
    }

    /// All of `owner`.
    pub fn whole(owner: Shared) -> Text {
        match u32::try_from(owner.len()) {
            Ok(end) => Text { owner, start: 0, end },
            // Past 4 GiB a range cannot say where the text ends; no parse
            // makes one (the file would not fit in a browser), but stay right.
            Err(_) => Text::new(""),
        }
    }

    /// `part`, which should be a piece of `owner`, sharing it; a copy when
    /// it is not (so a caller's mistake costs an allocation, never a wrong string).
    pub fn slice_of(owner: &Shared, part: &str) -> Text {
        match offset_within(owner, part).map(|at| (u32::try_from(at), u32::try_from(at + part.len()))) {
            Some((Ok(start), Ok(end))) => Text { owner: Shared::clone(owner), start, end },
            _ => Text::new(part),
        }
    }

    pub fn as_str(&self) -> &str {
        // The range was cut at character boundaries of `owner`, which never changes.
        self.owner.get(self.start as usize..self.end as usize).unwrap_or_default()
    }
}

/// Where `part` starts in `text`, when `part` lies within `text`'s memory.
pub(super) fn offset_within(text: &str, part: &str) -> Option<usize> {
    let at = (part.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
    (at <= text.len() && part.len() <= text.len() - at).then_some(at)
}

impl Default for Text {
    fn default() -> Text {
        Text::new("")
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialOrd for Text {
    fn partial_cmp(&self, other: &Text) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Text {
    fn cmp(&self, other: &Text) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for Text {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Text {
        Text::new(text)
    }
}

impl From<String> for Text {
    fn from(text: String) -> Text {
        Text::whole(Shared::new(text))
    }
}

impl From<Text> for String {
    fn from(text: Text) -> String {
        text.as_str().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slice_shares_its_owner_and_reads_its_piece() {
        let owner: Shared = Shared::new(String::from("COPY --from=build /app /app"));
        let piece = &owner[5..17];
        let text = Text::slice_of(&owner, piece);
        assert_eq!(text, "--from=build");
        assert_eq!(Arc::strong_count(&owner), 2, "shared, not copied");
    }

    #[test]
    fn a_string_from_elsewhere_is_copied_not_misread() {
        let owner: Shared = Shared::new(String::from("RUN echo"));
        let elsewhere = String::from("echo");
        let text = Text::slice_of(&owner, &elsewhere);
        assert_eq!(text, "echo");
        assert_eq!(Arc::strong_count(&owner), 1);
    }

    #[test]
    fn compares_hashes_and_prints_as_its_string() {
        use std::collections::HashSet;
        let owner: Shared = Shared::new(String::from("a b a"));
        let (first, second) = (Text::slice_of(&owner, &owner[0..1]), Text::slice_of(&owner, &owner[4..5]));
        assert_eq!(first, second);
        assert_eq!(format!("{first:?} {second}"), "\"a\" a");
        let set: HashSet<Text> = [first, second, Text::new("b")].into_iter().collect();
        assert_eq!(set.len(), 2);
        assert!(set.contains("b"));
    }

    #[test]
    fn an_empty_piece_at_the_end_is_empty() {
        let owner: Shared = Shared::new(String::from("é"));
        assert_eq!(Text::slice_of(&owner, &owner[2..]), "");
    }
}
