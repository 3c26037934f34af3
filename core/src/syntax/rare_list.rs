//! [`RareList`]: a list most nodes do not have (flags, heredocs, comments).
//!
//! A parse holds one node per instruction, and most instructions have no
//! flags, no heredoc and no comment above them. A boxed slice costs 16 bytes
//! of every node even when empty; this costs 8 (a null pointer when empty),
//! and one more allocation in the rare case that it has items.

use std::fmt;
use std::ops::Deref;

/// A list of items, empty without an allocation; reads as a slice.
#[derive(Clone, PartialEq, Eq)]
pub struct RareList<T>(Option<Box<Box<[T]>>>);

impl<T> RareList<T> {
    pub fn as_slice(&self) -> &[T] {
        self.0.as_deref().map_or(&[], |items| items)
    }
}

impl<T> Default for RareList<T> {
    fn default() -> RareList<T> {
        RareList(None)
    }
}

impl<T> Deref for RareList<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        self.as_slice()
    }
}

impl<T> From<Vec<T>> for RareList<T> {
    fn from(items: Vec<T>) -> RareList<T> {
        RareList((!items.is_empty()).then(|| Box::new(items.into_boxed_slice())))
    }
}

impl<T> FromIterator<T> for RareList<T> {
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> RareList<T> {
        RareList::from(items.into_iter().collect::<Vec<T>>())
    }
}

impl<'a, T> IntoIterator for &'a RareList<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.as_slice().iter()
    }
}

impl<T: fmt::Debug> fmt::Debug for RareList<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_slice(), f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_costs_no_allocation_and_reads_as_an_empty_slice() {
        assert_eq!(std::mem::size_of::<RareList<String>>(), std::mem::size_of::<usize>());
        let empty: RareList<u8> = Vec::new().into();
        assert!(empty.0.is_none());
        assert_eq!(empty, RareList::default());
        assert!(empty.is_empty());
    }

    #[test]
    fn items_read_in_order() {
        let list: RareList<&str> = ["a", "b"].into_iter().collect();
        assert_eq!(list.as_slice(), ["a", "b"]);
        assert_eq!((&list).into_iter().count(), 2);
        assert_eq!(format!("{list:?}"), r#"["a", "b"]"#);
    }
}
