//! Word splitting for [`super::Lexer::process_words`]: whitespace that comes
//! from the input or from an unquoted `$` expansion separates words; quoted
//! text and escaped characters never do.
//!
//! The partly built word lives outside this type, in a buffer that every
//! nested `${…}` operand shares (see `Run::words_buf` in the lexer), because
//! that sharing is observable in BuildKit's output.

/// The words finished so far at one nesting level.
#[derive(Debug)]
pub(super) struct Words {
    words: Vec<String>,
    /// Whether a word has been started (possibly empty, e.g. by `""`).
    in_word: bool,
    /// Whether anyone wants the words: `process_word` does not, and skips
    /// the per-character work.
    enabled: bool,
}

impl Words {
    pub(super) fn new(enabled: bool) -> Words {
        Words { words: Vec::new(), in_word: false, enabled }
    }

    /// A character that may split: whitespace ends the current word if it
    /// has any text, anything else extends it.
    pub(super) fn add_char(&mut self, buf: &mut String, ch: char) {
        if !self.enabled {
            return;
        }
        if !ch.is_whitespace() {
            self.add_raw_char(buf, ch);
        } else if self.in_word && !buf.is_empty() {
            self.words.push(std::mem::take(buf));
            self.in_word = false;
        }
    }

    /// A character that never splits (escaped).
    pub(super) fn add_raw_char(&mut self, buf: &mut String, ch: char) {
        if !self.enabled {
            return;
        }
        buf.push(ch);
        self.in_word = true;
    }

    /// The value of an unquoted expansion: split like input text.
    pub(super) fn add_string(&mut self, buf: &mut String, s: &str) {
        if !self.enabled {
            return;
        }
        for ch in s.chars() {
            self.add_char(buf, ch);
        }
    }

    /// Quoted text (or a heredoc marker): kept whole.
    pub(super) fn add_raw_string(&mut self, buf: &mut String, s: &str) {
        if !self.enabled {
            return;
        }
        buf.push_str(s);
        self.in_word = true;
    }

    /// Ends the last word. An empty pending word (`""` on its own) is not a
    /// word.
    pub(super) fn finish(mut self, buf: &mut String) -> Vec<String> {
        if !buf.is_empty() {
            self.words.push(std::mem::take(buf));
        }
        self.words
    }
}
