//! Variables as BuildKit's dispatcher holds them, and "did you mean" search.
//!
//! [`EnvList`] mirrors `llb.EnvList`: setting a name again replaces its value
//! and moves it to the end of [`Env::keys`] (the order suggestions are tried
//! in, which decides ties). [`suggest`] is BuildKit's `util/suggest.Search`.

use crate::expansion::Env;
use std::collections::HashMap;

/// An ordered set of variables; names compare case-sensitively (Linux).
/// Each name remembers when it was last set, which orders [`Env::keys`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct EnvList {
    entries: HashMap<String, (String, u64)>,
    next: u64,
}

impl EnvList {
    pub fn set(&mut self, key: &str, value: &str) {
        self.next += 1;
        self.entries.insert(key.to_string(), (value.to_string(), self.next));
    }
}

impl Env for EnvList {
    fn get(&self, name: &str) -> Option<&str> {
        self.entries.get(name).map(|(v, _)| v.as_str())
    }

    fn keys(&self) -> Vec<String> {
        let mut keys: Vec<(&String, u64)> = self.entries.iter().map(|(k, (_, seq))| (k, *seq)).collect();
        keys.sort_unstable_by_key(|&(_, seq)| seq);
        keys.into_iter().map(|(k, _)| k.clone()).collect()
    }
}

/// The closest name within two edits, as BuildKit's `suggest.Search` picks it.
pub(super) fn suggest<S: AsRef<str>>(value: &str, options: &[S]) -> Option<String> {
    crate::suggest::search(value, options, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn setting_again_moves_a_key_to_the_end() {
        let mut env = EnvList::default();
        env.set("A", "1");
        env.set("B", "2");
        env.set("A", "3");
        assert_eq!(env.keys(), ["B", "A"]);
        assert_eq!(env.get("A"), Some("3"));
    }

    #[test]
    fn suggests_within_two_edits() {
        assert_eq!(suggest("BULIDPLATFORM", &["TARGETPLATFORM", "BUILDPLATFORM"]).as_deref(), Some("BUILDPLATFORM"));
        assert_eq!(suggest("PAHT", &["PATH"]).as_deref(), Some("PATH"));
        assert_eq!(suggest("version", &["tag"]), None);
        assert_eq!(suggest("PATH", &["PATH", "PAT"]), None);
    }
}
