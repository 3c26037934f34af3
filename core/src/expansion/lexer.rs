//! The expansion itself: one left-to-right pass over the input that handles
//! quotes, the escape character, `$name`, `${…}` and word splitting, with
//! the same control flow as BuildKit's `shellWord`
//! (`frontend/dockerfile/shell/lex.go`) so that odd inputs fail or succeed
//! exactly where BuildKit's do.
//!
//! BuildKit recurses for every `${v<op>…}` operand and every double-quoted
//! string inside one. Here that recursion is an explicit stack of [`Frame`]s,
//! so nesting depth costs heap, never call stack (debug builds in a browser
//! have little of it). The `${…}` parsing itself lives in `dollar.rs`.
//!
//! Quirks kept on purpose:
//!
//! * an operand like the `w` of `${v:-w}` is expanded *before* `v` is looked
//!   up, and its errors win, except that whenever the input is exhausted
//!   BuildKit reports the enclosing `${` as unterminated instead;
//! * with RawEscapes, an escape before an ordinary character inside double
//!   quotes comes out twice (`"\a"` gives `\\a`);
//! * when splitting words, every operand of a `${v<op>…}` starts from the
//!   partial word the outer level was building and leaves it empty, so the
//!   text of the current word before such an expression is lost
//!   (`a${x:-b}` splits to `b`): BuildKit shares one buffer between levels.

use std::collections::BTreeSet;

use super::budget::Budget;
use super::dollar::Brace;
use super::error::{ExpansionError, ExpansionErrorKind as Kind};
use super::words::Words;
use super::{Env, Lexer};

pub(super) type Result<T> = std::result::Result<T, ExpansionError>;

/// The state of one `process_word` / `process_words` call.
pub(super) struct Run<'a> {
    pub(super) lexer: &'a Lexer,
    src: &'a str,
    /// Byte offset of the next character.
    pos: usize,
    env: &'a dyn Env,
    /// Whether escape characters are kept; changes inside `${…}` operands.
    raw_escapes: bool,
    /// Whether to record `matched` / `unmatched` (`process_word`); words are
    /// split only when not (`process_words`).
    capture: bool,
    pub(super) matched: BTreeSet<String>,
    pub(super) unmatched: BTreeSet<String>,
    /// The word being built, shared by all nesting levels (see the module
    /// docs for why that matters).
    words_buf: String,
    /// How many `${…}` are open.
    pub(super) braces: usize,
    pub(super) budget: Budget,
}

/// One level of what BuildKit does recursively.
pub(super) enum Frame {
    /// Reading text up to a stop character (BuildKit's `processStopOn`).
    Until(Until),
    /// Inside `"…"`.
    Quote(Quote),
    /// A `${name<op>` waiting for its operand(s), which sit above it.
    Brace(Brace),
}

/// Text read up to `stop` (the end of input when `None`).
pub(super) struct Until {
    stop: Option<char>,
    /// `raw_escapes` as it was before this level, restored when it ends.
    saved_raw: bool,
    result: String,
    words: Words,
}

/// A double-quoted string.
pub(super) struct Quote {
    open: usize,
    result: String,
}

/// What the frame on top wants next.
enum Step {
    /// It consumed something on its own.
    Continue,
    /// A `$` is next.
    Dollar,
    /// A `"` is next.
    Quote,
    /// The frame is complete (its closing character consumed).
    Done,
}

impl<'a> Run<'a> {
    pub(super) fn new(lexer: &'a Lexer, src: &'a str, env: &'a dyn Env, capture: bool) -> Run<'a> {
        // Go's text/scanner skips a byte order mark at the very start.
        let pos = if src.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
        Run {
            lexer,
            src,
            pos,
            env,
            raw_escapes: lexer.raw_escapes,
            capture,
            matched: BTreeSet::new(),
            unmatched: BTreeSet::new(),
            words_buf: String::new(),
            braces: 0,
            budget: Budget::new(lexer.work_limit),
        }
    }

    /// Expands the whole input: the expanded text and its words.
    pub(super) fn run(&mut self) -> Result<(String, Vec<String>)> {
        let raw = self.raw_escapes;
        let mut stack = vec![self.open_until(None, raw)];
        loop {
            let step = match stack.last_mut() {
                Some(Frame::Until(frame)) => self.step_until(frame),
                Some(Frame::Quote(frame)) => self.step_quote(frame),
                // A brace always has its operand above it; never stepped.
                Some(Frame::Brace(_)) | None => Err(self.error(Kind::MissingClosingBrace, self.pos)),
            };
            let outcome = match step {
                Ok(Step::Continue) => Ok(None),
                Ok(Step::Dollar) => self.dollar(&mut stack).map(|()| None),
                Ok(Step::Quote) => {
                    stack.push(self.open_quote());
                    Ok(None)
                }
                Ok(Step::Done) => self.complete(&mut stack),
                Err(err) => Err(err),
            };
            match outcome {
                Ok(None) => {}
                Ok(Some(done)) => return Ok(done),
                Err(err) => return Err(self.unwind(stack, err)),
            }
        }
    }

    pub(super) fn peek(&self) -> Option<char> {
        self.src.get(self.pos..).and_then(|rest| rest.chars().next())
    }

    pub(super) fn next(&mut self) -> Option<char> {
        let ch = self.peek()?;
        self.pos += ch.len_utf8();
        Some(ch)
    }

    pub(super) fn pos(&self) -> usize {
        self.pos
    }

    pub(super) fn error(&self, kind: Kind, offset: usize) -> ExpansionError {
        ExpansionError::new(kind, offset)
    }

    fn charge(&mut self, steps: usize) -> Result<()> {
        let offset = self.pos;
        self.budget.charge(steps).map_err(|_| ExpansionError::new(Kind::WorkLimitExceeded, offset))
    }

    /// Starts reading up to `stop` with escapes kept or not. Like BuildKit,
    /// every level starts by emptying the shared word buffer.
    pub(super) fn open_until(&mut self, stop: Option<char>, raw_escapes: bool) -> Frame {
        let saved_raw = std::mem::replace(&mut self.raw_escapes, raw_escapes);
        self.words_buf.clear();
        Frame::Until(Until { stop, saved_raw, result: String::new(), words: Words::new(!self.capture) })
    }

    fn open_quote(&mut self) -> Frame {
        let open = self.pos;
        self.next();
        let result = if self.lexer.raw_quotes { "\"".to_owned() } else { String::new() };
        Frame::Quote(Quote { open, result })
    }

    fn step_until(&mut self, frame: &mut Until) -> Result<Step> {
        let Some(ch) = self.peek() else {
            return match frame.stop {
                // Placeholder: the enclosing brace reports its own error
                // (see `unwind`), as BuildKit does.
                Some(_) => Err(self.error(Kind::MissingClosingBrace, self.pos)),
                None => Ok(Step::Done),
            };
        };
        if frame.stop == Some(ch) {
            self.next();
            return Ok(Step::Done);
        }
        match ch {
            '$' => return Ok(Step::Dollar),
            '<' => {
                let marker = self.heredoc_marker();
                frame.result.push_str(&marker);
                frame.words.add_raw_string(&mut self.words_buf, &marker);
                return Ok(Step::Continue);
            }
            '\'' if !self.lexer.skip_process_quotes => {
                let text = self.single_quoted()?;
                self.charge(text.len())?;
                frame.result.push_str(&text);
                frame.words.add_raw_string(&mut self.words_buf, &text);
                return Ok(Step::Continue);
            }
            '"' if !self.lexer.skip_process_quotes => return Ok(Step::Quote),
            _ => {}
        }
        self.next();
        if ch == self.lexer.escape {
            if self.raw_escapes {
                frame.words.add_raw_char(&mut self.words_buf, ch);
                frame.result.push(ch);
            }
            // An escape at the very end escapes nothing and is dropped; the
            // next step then sees the end.
            if let Some(escaped) = self.next() {
                frame.words.add_raw_char(&mut self.words_buf, escaped);
                frame.result.push(escaped);
            }
        } else {
            frame.words.add_char(&mut self.words_buf, ch);
            frame.result.push(ch);
        }
        Ok(Step::Continue)
    }

    /// Inside `"…"`: `$` expands; the escape character escapes only `"`,
    /// `$` and itself and is otherwise literal.
    fn step_quote(&mut self, frame: &mut Quote) -> Result<Step> {
        let Some(mut ch) = self.peek() else {
            return Err(self.error(Kind::UnterminatedDoubleQuote, frame.open));
        };
        match ch {
            '"' => {
                self.next();
                if self.lexer.raw_quotes {
                    frame.result.push('"');
                }
                return Ok(Step::Done);
            }
            '$' => return Ok(Step::Dollar),
            _ => {}
        }
        self.next();
        if ch == self.lexer.escape {
            if self.raw_escapes {
                frame.result.push(ch);
            }
            match self.peek() {
                // Dropped; the next step reports the open quote.
                None => return Ok(Step::Continue),
                Some(next) if next == '"' || next == '$' || next == self.lexer.escape => {
                    self.next();
                    ch = next;
                }
                // Kept literally, and with RawEscapes a second time
                // (lex.go's processDoubleQuote writes it twice).
                Some(_) => {}
            }
        }
        frame.result.push(ch);
        Ok(Step::Continue)
    }

    /// `'…'`: everything literal up to the next `'`; nothing escapes.
    fn single_quoted(&mut self) -> Result<String> {
        let open = self.pos;
        self.next();
        let mut result = String::new();
        if self.lexer.raw_quotes {
            result.push('\'');
        }
        loop {
            match self.next() {
                None => return Err(self.error(Kind::UnterminatedSingleQuote, open)),
                Some('\'') => {
                    if self.lexer.raw_quotes {
                        result.push('\'');
                    }
                    return Ok(result);
                }
                Some(ch) => result.push(ch),
            }
        }
    }

    /// `<<` plus any blanks after it stays one unsplittable piece, so a
    /// heredoc marker like `<< EOF` is one word.
    fn heredoc_marker(&mut self) -> String {
        self.next();
        if self.peek() != Some('<') {
            return "<".to_owned();
        }
        self.next();
        let mut marker = "<<".to_owned();
        while let Some(blank @ (' ' | '\t' | '\r')) = self.peek() {
            marker.push(blank);
            self.next();
        }
        marker
    }

    /// A `$` on top of `stack`: either its value right away, or a brace frame
    /// and its first operand pushed.
    fn dollar(&mut self, stack: &mut Vec<Frame>) -> Result<()> {
        match self.start_dollar(stack)? {
            Some(value) => self.deliver(stack, value),
            None => Ok(()),
        }
    }

    /// Hands the value of a `$…` to the frame on top.
    fn deliver(&mut self, stack: &mut [Frame], value: String) -> Result<()> {
        self.charge(value.len())?;
        match stack.last_mut() {
            Some(Frame::Until(frame)) => {
                frame.result.push_str(&value);
                frame.words.add_string(&mut self.words_buf, &value);
                Ok(())
            }
            Some(Frame::Quote(frame)) => {
                frame.result.push_str(&value);
                Ok(())
            }
            Some(Frame::Brace(_)) | None => Err(self.error(Kind::MissingClosingBrace, self.pos)),
        }
    }

    /// Pops the finished frame on top and passes its text down. Returns the
    /// final result once the outermost level is done.
    fn complete(&mut self, stack: &mut Vec<Frame>) -> Result<Option<(String, Vec<String>)>> {
        match stack.pop() {
            Some(Frame::Quote(quote)) => {
                self.charge(quote.result.len())?;
                match stack.last_mut() {
                    Some(Frame::Until(frame)) => {
                        frame.result.push_str(&quote.result);
                        frame.words.add_raw_string(&mut self.words_buf, &quote.result);
                        Ok(None)
                    }
                    _ => Err(self.error(Kind::UnterminatedDoubleQuote, quote.open)),
                }
            }
            Some(Frame::Until(until)) => {
                self.raw_escapes = until.saved_raw;
                let words = until.words.finish(&mut self.words_buf);
                let brace = match stack.last_mut() {
                    None => return Ok(Some((until.result, words))),
                    Some(Frame::Brace(brace)) => brace,
                    Some(_) => return Err(self.error(Kind::MissingClosingBrace, self.pos)),
                };
                if let Some(next_operand) = self.operand_done(brace, until.result) {
                    stack.push(next_operand);
                    return Ok(None);
                }
                let Some(Frame::Brace(brace)) = stack.pop() else { return Ok(None) };
                self.braces = self.braces.saturating_sub(1);
                let value = self.finish_brace(brace)?;
                self.deliver(stack, value)?;
                Ok(None)
            }
            Some(Frame::Brace(_)) | None => Err(self.error(Kind::MissingClosingBrace, self.pos)),
        }
    }

    /// Unwinds after `err`. Where an operand fails with the input exhausted,
    /// BuildKit replaces the error with its brace's own (missing `}` or `/`),
    /// so the outermost unterminated `${` is what gets reported.
    fn unwind(&mut self, mut stack: Vec<Frame>, mut err: ExpansionError) -> ExpansionError {
        let exhausted = self.peek().is_none();
        let ours = matches!(err.kind, Kind::NestingTooDeep | Kind::WorkLimitExceeded);
        while let Some(frame) = stack.pop() {
            if let (Frame::Until(_), Some(Frame::Brace(brace))) = (&frame, stack.last()) {
                if exhausted && !ours {
                    err = self.error(brace.at_end(), brace.dollar);
                }
            }
        }
        err
    }

    /// Looks a variable up, recording it as matched or unmatched.
    pub(super) fn get_env(&mut self, name: &str) -> Option<String> {
        let value = self.env.get(name).map(str::to_owned);
        if self.capture {
            let set = if value.is_some() { &mut self.matched } else { &mut self.unmatched };
            if !set.contains(name) {
                set.insert(name.to_owned());
            }
        }
        value
    }
}
