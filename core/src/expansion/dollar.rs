//! Everything that starts with `$`: names, `${name}`, and the operators of
//! `${name<op>word}` (BuildKit's `processDollar` and `processName` in
//! `frontend/dockerfile/shell/lex.go`).
//!
//! Quirks kept on purpose:
//!
//! * inside `${v:-w}`, `${v:+w}` and `${v:?w}` the escape character is always
//!   consumed, even when the lexer keeps escapes elsewhere (RawEscapes); in
//!   `#`, `%` and `/` operands it is always kept, so the pattern sees it;
//! * `${v:` followed by anything but `-`, `+` or `?` still reads up to a
//!   closing `}` before failing, so SkipUnsetEnv hands it back verbatim;
//! * whether `#`/`%` is doubled is decided on the *expanded* operand, so
//!   `${v%'%'x}` means `${v%%x}`;
//! * SkipUnsetEnv rebuilds `${v//p/r}` with a single slash;
//! * positional (`$1`, `$12`) and special (`$@`, `$?`, …) parameters are
//!   ordinary lookups, reported as unmatched when unset.

use super::error::ExpansionErrorKind as Kind;
use super::lexer::{Frame, Result, Run};
use super::pattern::{self, MatchError};
use super::unicode::{is_digit, is_letter};
use super::ExpansionError;
use super::MAX_NESTING;

/// A `${name<op>` whose operand(s) are being read.
pub(super) struct Brace {
    /// Offset of the `$`.
    pub(super) dollar: usize,
    name: String,
    /// Offset of the operator, for "unsupported modifier".
    op_offset: usize,
    /// The operator as written (`:-`, `#`, `/`…), for messages and
    /// SkipUnsetEnv.
    modifier: String,
    action: Action,
    /// `${v/p/r}`: the pattern, once read.
    pattern: Option<String>,
    /// The last operand (the word, or the replacement).
    word: String,
}

/// What a brace does with its operand(s).
#[derive(Debug, Clone, Copy)]
enum Action {
    /// `-`, `+`, `?`, `#`, `%` (or, after `:`, whatever followed it).
    Modifier { op: Option<char>, null_is_unset: bool },
    /// `/` or `//`.
    Replace { all: bool },
}

impl Brace {
    /// The error BuildKit reports when the input ends inside this brace.
    pub(super) fn at_end(&self) -> Kind {
        match self.action {
            Action::Replace { .. } if self.pattern.is_none() => Kind::MissingSlash,
            _ => Kind::MissingClosingBrace,
        }
    }
}

/// Go's `%c` of a rune that may be the end of input (shown as U+FFFD).
fn shown(ch: Option<char>) -> char {
    ch.unwrap_or(char::REPLACEMENT_CHARACTER)
}

impl Run<'_> {
    /// Reads a `$` and what follows up to the first operand. Returns the
    /// value when it is already complete (`$name`, `${name}`, a lone `$`);
    /// otherwise pushes the brace and its first operand onto `stack`.
    pub(super) fn start_dollar(&mut self, stack: &mut Vec<Frame>) -> Result<Option<String>> {
        let dollar = self.pos();
        self.next();
        if self.peek() != Some('{') {
            let name = self.name();
            if name.is_empty() {
                return Ok(Some("$".to_owned()));
            }
            return Ok(Some(match self.get_env(&name) {
                Some(value) => value,
                None if self.lexer.skip_unset_env => format!("${name}"),
                None => String::new(),
            }));
        }
        self.next();
        match self.peek() {
            None => return Err(self.error(Kind::MissingClosingBrace, dollar)),
            Some('{' | '}' | ':') => return Err(self.error(Kind::BadSubstitution, self.pos())),
            Some(_) => {}
        }
        let name = self.name();
        let op_offset = self.pos();
        let first = self.next();
        let mut modifier = String::from(shown(first));
        let (action, raw_escapes, stop) = match first {
            Some('}') => {
                return Ok(Some(match self.get_env(&name) {
                    Some(value) => value,
                    None if self.lexer.skip_unset_env => format!("${{{name}}}"),
                    None => String::new(),
                }));
            }
            Some(':' | '+' | '-' | '?' | '#' | '%') => {
                let null_is_unset = first == Some(':');
                let op = if null_is_unset {
                    let second = self.next();
                    modifier.push(shown(second));
                    second
                } else {
                    first
                };
                let pattern_op = matches!(op, Some('#' | '%'));
                if null_is_unset && pattern_op {
                    return Err(self.error(Kind::UnsupportedModifier { modifier }, op_offset));
                }
                (Action::Modifier { op, null_is_unset }, pattern_op, '}')
            }
            Some('/') => {
                let all = self.peek() == Some('/');
                if all {
                    self.next();
                }
                (Action::Replace { all }, true, '/')
            }
            _ => return Err(self.error(Kind::UnsupportedModifier { modifier }, op_offset)),
        };
        if self.braces >= MAX_NESTING {
            return Err(self.error(Kind::NestingTooDeep, dollar));
        }
        self.braces += 1;
        let brace = Brace { dollar, name, op_offset, modifier, action, pattern: None, word: String::new() };
        stack.push(Frame::Brace(brace));
        let operand = self.open_until(Some(stop), raw_escapes);
        stack.push(operand);
        Ok(None)
    }

    /// Takes a finished operand. Returns the frame for the next operand when
    /// there is one (the replacement of `${v/p/r}`).
    pub(super) fn operand_done(&mut self, brace: &mut Brace, text: String) -> Option<Frame> {
        match brace.action {
            Action::Replace { .. } if brace.pattern.is_none() => {
                brace.pattern = Some(text);
                Some(self.open_until(Some('}'), true))
            }
            _ => {
                brace.word = text;
                None
            }
        }
    }

    /// The value of a brace once all its operands are read. Only now is the
    /// variable looked up.
    pub(super) fn finish_brace(&mut self, brace: Brace) -> Result<String> {
        let value = self.get_env(&brace.name);
        let Brace { dollar, name, op_offset, modifier, action, pattern, word } = brace;
        if self.lexer.skip_unset_env && value.is_none() {
            return Ok(match action {
                Action::Modifier { .. } => format!("${{{name}{modifier}{word}}}"),
                Action::Replace { .. } => format!("${{{name}/{}/{word}}}", pattern.unwrap_or_default()),
            });
        }
        let (op, null_is_unset) = match action {
            Action::Modifier { op, null_is_unset } => (op, null_is_unset),
            Action::Replace { all } => {
                let pattern = pattern.unwrap_or_default();
                return pattern::replace(&pattern, &value.unwrap_or_default(), &word, all, &mut self.budget)
                    .map_err(|e| pattern_error(e, dollar));
            }
        };
        let missing = match &value {
            None => true,
            Some(v) => null_is_unset && v.is_empty(),
        };
        match op {
            Some('-') => Ok(if missing { word } else { value.unwrap_or_default() }),
            Some('+') => Ok(if missing { String::new() } else { word }),
            Some('?') => match value {
                None => {
                    let message = if word.is_empty() { "is not allowed to be unset".to_owned() } else { word };
                    Err(self.error(Kind::VariableUnset { name, message }, dollar))
                }
                Some(v) if null_is_unset && v.is_empty() => {
                    let message = if word.is_empty() { "is not allowed to be empty".to_owned() } else { word };
                    Err(self.error(Kind::VariableEmpty { name, message }, dollar))
                }
                Some(v) => Ok(v),
            },
            Some(op @ ('#' | '%')) => {
                // A doubled operator (`##`, `%%`) asks for the longest match.
                let (greedy, pattern) = match word.strip_prefix(op) {
                    Some(rest) => (true, rest),
                    None => (false, word.as_str()),
                };
                let value = value.unwrap_or_default();
                let outcome = if op == '%' {
                    pattern::trim_suffix(pattern, &value, greedy, &mut self.budget)
                } else {
                    pattern::trim_prefix(pattern, &value, greedy, &mut self.budget)
                };
                outcome.map_err(|e| pattern_error(e, dollar))
            }
            _ => Err(self.error(Kind::UnsupportedModifier { modifier }, op_offset)),
        }
    }

    /// A variable name after `$` or `${`: a run of decimal digits (`$12` is
    /// one positional parameter), one special parameter character
    /// (`@ * # ? - $ !`), or letters, digits and underscores. Empty when none
    /// of those follows.
    fn name(&mut self) -> String {
        let mut name = String::new();
        while let Some(ch) = self.peek() {
            if name.is_empty() && is_digit(ch) {
                while let Some(digit) = self.peek().filter(|&c| is_digit(c)) {
                    name.push(digit);
                    self.next();
                }
                return name;
            }
            if name.is_empty() && matches!(ch, '@' | '*' | '#' | '?' | '-' | '$' | '!' | '0') {
                self.next();
                name.push(ch);
                return name;
            }
            if !is_letter(ch) && !is_digit(ch) && ch != '_' {
                break;
            }
            self.next();
            name.push(ch);
        }
        name
    }
}

fn pattern_error(err: MatchError, dollar: usize) -> ExpansionError {
    match err {
        MatchError::InvalidEscape { pattern, escaped } => {
            ExpansionError::new(Kind::InvalidPattern { pattern, escaped }, dollar)
        }
        MatchError::Exhausted => ExpansionError::new(Kind::WorkLimitExceeded, dollar),
    }
}
