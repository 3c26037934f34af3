//! Instruction flags, checked as BuildKit's `BFlags` does: each instruction
//! declares the flags it takes and their kinds; anything else is an error.

use super::error::{InstructionError, InstructionErrorKind};
use crate::span::Span;
use crate::suggest;
use crate::syntax::Flag;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum FlagKind {
    /// `--link` or `--link=true|false`.
    Bool,
    /// `--from=build`, once.
    String,
    /// `--mount=...`, repeatable.
    Strings,
}

/// The flags one instruction takes.
pub(super) type FlagSpec = &'static [(&'static str, FlagKind)];

/// Parsed flag values, in the order the spec declares them.
#[derive(Debug, Default)]
pub(super) struct FlagValues {
    values: Vec<(&'static str, Vec<String>, Span)>,
}

impl FlagValues {
    /// The value of a string or bool flag, if given.
    pub fn string(&self, name: &str) -> Option<&str> {
        self.values.iter().find(|(n, _, _)| *n == name).and_then(|(_, v, _)| v.last()).map(String::as_str)
    }

    pub fn span(&self, name: &str) -> Option<Span> {
        self.values.iter().find(|(n, _, _)| *n == name).map(|(_, _, span)| *span)
    }

    /// True when a bool flag was given and not set to false.
    pub fn is_true(&self, name: &str) -> bool {
        self.string(name) == Some("true")
    }

    pub fn strings(&self, name: &str) -> Vec<String> {
        self.values.iter().find(|(n, _, _)| *n == name).map(|(_, v, _)| v.clone()).unwrap_or_default()
    }
}

pub(super) fn parse(flags: &[Flag], spec: FlagSpec) -> Result<FlagValues, InstructionError> {
    let mut values = FlagValues::default();
    for flag in flags {
        let error = |kind| InstructionError { kind, span: flag.span };
        let text = flag.text.as_str();
        if text == "--" {
            break;
        }
        let (name_part, value, has_value) = match text.split_once('=') {
            Some((name, value)) => (name, value, true),
            None => (text, "", false),
        };
        let name = name_part.strip_prefix("--").unwrap_or(name_part);
        let Some(&(declared, kind)) = spec.iter().find(|(n, _)| *n == name) else {
            let options: Vec<&str> = spec.iter().map(|(n, _)| *n).collect();
            return Err(error(InstructionErrorKind::UnknownFlag {
                flag: name_part.to_string(),
                suggestion: suggest::search(name, &options, true),
            }));
        };
        let existing = values.values.iter().position(|(n, _, _)| *n == declared);
        if existing.is_some() && kind != FlagKind::Strings {
            return Err(error(InstructionErrorKind::DuplicateFlag { flag: name_part.to_string() }));
        }
        let value = match kind {
            FlagKind::Bool => {
                if has_value && value.is_empty() {
                    return Err(error(InstructionErrorKind::MissingFlagValue { flag: name_part.to_string() }));
                }
                match value.to_ascii_lowercase().as_str() {
                    "true" | "" => "true".to_string(),
                    "false" => "false".to_string(),
                    _ => {
                        return Err(error(InstructionErrorKind::NotBoolean {
                            flag: name_part.to_string(),
                            value: value.to_string(),
                        }))
                    }
                }
            }
            FlagKind::String | FlagKind::Strings => {
                if !has_value {
                    return Err(error(InstructionErrorKind::MissingFlagValue { flag: name_part.to_string() }));
                }
                value.to_string()
            }
        };
        match existing {
            Some(i) => values.values[i].1.push(value),
            None => values.values.push((declared, vec![value], flag.span)),
        }
    }
    Ok(values)
}

use FlagKind::{Bool, String as Str, Strings};

pub(super) const NONE: FlagSpec = &[];
pub(super) const FROM: FlagSpec = &[("platform", Str)];
pub(super) const RUN: FlagSpec = &[("mount", Strings), ("network", Str), ("security", Str), ("device", Strings)];
pub(super) const COPY: FlagSpec =
    &[("chown", Str), ("from", Str), ("chmod", Str), ("link", Bool), ("exclude", Strings), ("parents", Bool)];
pub(super) const ADD: FlagSpec = &[
    ("chown", Str),
    ("chmod", Str),
    ("link", Bool),
    ("keep-git-dir", Bool),
    ("checksum", Str),
    ("unpack", Bool),
    ("exclude", Strings),
];
pub(super) const HEALTHCHECK: FlagSpec =
    &[("interval", Str), ("timeout", Str), ("start-period", Str), ("start-interval", Str), ("retries", Str)];
