//! Each command's flags as data, and spf13/pflag's parsing loop as cobra
//! runs it for the docker CLI's commands other than `run`/`create` (those
//! have their own table in `run::flags`, because their flags stop at the
//! image): flags and arguments may be interspersed, `--` ends the flags,
//! `-aq` groups shorthands, `-f=x`, `-fx` and `-f x` give `x`, and a
//! boolean takes no separate word (`--force=false`, never `--force false`).
//!
//! The messages are cobra's and docker/cli's (`cli/required.go`,
//! `cli/flags.go` `FlagErrorFunc`), so that a typo teaches Docker's answer.

use std::collections::BTreeMap;

/// What a flag reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Takes {
    /// No value word; `--flag=false` to unset.
    Bool,
    /// One value; the last one wins.
    Value,
    /// Repeatable values, all kept in order.
    Values,
}

/// One flag of a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flag {
    pub name: &'static str,
    pub short: Option<char>,
    pub takes: Takes,
    /// Docker's help text for the flag.
    pub usage: &'static str,
    /// Docker has the flag but Layerlab does not model it: using it is an
    /// error that says so, never a silently wrong answer.
    pub simulated: bool,
}

pub const fn flag(name: &'static str, short: Option<char>, takes: Takes, usage: &'static str) -> Flag {
    Flag { name, short, takes, usage, simulated: true }
}

pub const fn unmodelled(name: &'static str, short: Option<char>, takes: Takes, usage: &'static str) -> Flag {
    Flag { name, short, takes, usage, simulated: false }
}

/// How many arguments a command takes (docker/cli's `cli.ExactArgs` and friends).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arity {
    None,
    Exact(usize),
    AtLeast(usize),
    AtMost(usize),
    Range(usize, usize),
}

/// What cobra knows of a command: its path, usage line, short help, flags.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    /// `docker image ls`.
    pub path: &'static str,
    /// What follows the path in `Usage:` (`[OPTIONS] IMAGE`).
    pub usage: &'static str,
    pub short: &'static str,
    pub flags: &'static [Flag],
    pub arity: Arity,
    /// Flags may follow arguments (cobra's default). `false` for commands
    /// whose arguments are a command line of their own (`exec`, `top`):
    /// the first argument ends the flags.
    pub interspersed: bool,
}

/// A command line read against a [`Spec`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    values: BTreeMap<&'static str, Vec<String>>,
    pub args: Vec<String>,
}

impl Parsed {
    /// A boolean flag's value (false when absent).
    pub fn on(&self, name: &str) -> bool {
        self.values.get(name).and_then(|v| v.last()).is_some_and(|v| v == "true")
    }

    /// The last value of a flag.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.values.get(name).and_then(|v| v.last()).map(String::as_str)
    }

    /// Every value of a repeatable flag, in order.
    pub fn values(&self, name: &str) -> &[String] {
        self.values.get(name).map_or(&[], Vec::as_slice)
    }
}

/// Why a command line was refused before anything ran.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UsageError {
    /// `unknown flag: --x`.
    UnknownFlag(String),
    /// `unknown shorthand flag: 'x' in -x`.
    UnknownShorthand { short: char, word: String },
    /// `flag needs an argument: --filter`.
    NeedsArgument(String),
    /// `invalid argument "x" for "-f, --force" flag: strconv.ParseBool: parsing "x": invalid syntax`.
    InvalidBool { value: String, label: String },
    /// Wrong number of arguments (docker/cli's `required.go` wording).
    Arity(Arity),
    /// A flag Docker has that Layerlab does not simulate.
    NotSimulated(String),
    /// `--help`: print the command's help.
    Help,
}

impl UsageError {
    /// The text the docker CLI prints, with the `See '... --help'.` tail.
    pub fn render(&self, spec: &Spec) -> String {
        let see = format!("See '{} --help'.", spec.path);
        let plural = |n: usize| if n == 1 { "argument" } else { "arguments" };
        let tail = format!("{see}\n\nUsage:  {} {}\n\n{}", spec.path, spec.usage, spec.short);
        match self {
            UsageError::UnknownFlag(name) => format!("unknown flag: {name}\n{see}"),
            UsageError::UnknownShorthand { short, word } => {
                format!("unknown shorthand flag: '{short}' in {word}\n{see}")
            }
            UsageError::NeedsArgument(name) => format!("flag needs an argument: {name}\n{see}"),
            UsageError::InvalidBool { value, label } => format!(
                "invalid argument {} for \"{label}\" flag: strconv.ParseBool: parsing {}: invalid syntax\n{see}",
                crate::quote::go_quote(value),
                crate::quote::go_quote(value)
            ),
            UsageError::Arity(arity) => {
                let path = crate::quote::go_quote(spec.path);
                match *arity {
                    Arity::None => format!("{path} accepts no arguments.\n{tail}"),
                    Arity::Exact(n) => format!("{path} requires exactly {n} {}.\n{tail}", plural(n)),
                    Arity::AtLeast(n) => format!("{path} requires at least {n} {}.\n{tail}", plural(n)),
                    Arity::AtMost(n) => format!("{path} accepts at most {n} {}.\n{tail}", plural(n)),
                    Arity::Range(a, b) => {
                        format!("{path} requires at least {a} and at most {b} {}.\n{tail}", plural(b))
                    }
                }
            }
            UsageError::NotSimulated(name) => {
                format!("layerlab: {name} is a real docker flag, but Layerlab does not simulate it\n{see}")
            }
            UsageError::Help => help(spec),
        }
    }

    /// The docker CLI's exit status: 125 for flag errors, 1 for argument counts, 0 for help.
    pub fn status(&self) -> u8 {
        match self {
            UsageError::Help => 0,
            UsageError::Arity(_) => 1,
            _ => 125,
        }
    }
}

/// `docker images --help`, in cobra's layout as docker/cli templates it.
pub fn help(spec: &Spec) -> String {
    let mut out = format!("\nUsage:  {} {}\n\n{}\n", spec.path, spec.usage, spec.short);
    if !spec.flags.is_empty() {
        out.push_str("\nOptions:\n");
        let labels: Vec<String> = spec
            .flags
            .iter()
            .map(|f| {
                let kind = match f.takes {
                    Takes::Bool => "",
                    Takes::Value | Takes::Values => " string",
                };
                match f.short {
                    Some(c) => format!("  -{c}, --{}{kind}", f.name),
                    None => format!("      --{}{kind}", f.name),
                }
            })
            .collect();
        let width = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0);
        for (label, f) in labels.iter().zip(spec.flags) {
            let note = if f.simulated { "" } else { " (not simulated by Layerlab)" };
            out.push_str(&format!("{label:width$}   {}{note}\n", f.usage));
        }
    }
    out
}

fn parse_bool(value: &str, flag: &Flag) -> Result<String, UsageError> {
    // Go's strconv.ParseBool.
    match value {
        "1" | "t" | "T" | "true" | "TRUE" | "True" => Ok("true".into()),
        "0" | "f" | "F" | "false" | "FALSE" | "False" => Ok("false".into()),
        _ => Err(UsageError::InvalidBool {
            value: value.to_string(),
            label: match flag.short {
                Some(c) => format!("-{c}, --{}", flag.name),
                None => format!("--{}", flag.name),
            },
        }),
    }
}

/// Reads `words` (everything after the command path) against `spec`.
pub fn parse(spec: &Spec, words: &[String]) -> Result<Parsed, UsageError> {
    let mut parsed = Parsed::default();
    let mut i = 0;
    let set = |parsed: &mut Parsed, f: &Flag, value: String| -> Result<(), UsageError> {
        if !f.simulated {
            return Err(UsageError::NotSimulated(format!("--{}", f.name)));
        }
        let value = if f.takes == Takes::Bool { parse_bool(&value, f)? } else { value };
        let slot = parsed.values.entry(f.name).or_default();
        if f.takes != Takes::Values {
            slot.clear();
        }
        slot.push(value);
        Ok(())
    };
    let mut help = false;
    while i < words.len() {
        let word = &words[i];
        i += 1;
        if word == "--" {
            parsed.args.extend(words[i..].iter().cloned());
            break;
        }
        if let Some(long) = word.strip_prefix("--") {
            let (name, inline) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (long, None),
            };
            if name == "help" {
                help = true;
                continue;
            }
            let Some(f) = spec.flags.iter().find(|f| f.name == name) else {
                return Err(UsageError::UnknownFlag(format!("--{name}")));
            };
            let value = match (f.takes, inline) {
                (_, Some(v)) => v,
                (Takes::Bool, None) => "true".into(),
                (_, None) => match words.get(i) {
                    Some(v) => {
                        i += 1;
                        v.clone()
                    }
                    None => return Err(UsageError::NeedsArgument(format!("--{name}"))),
                },
            };
            set(&mut parsed, f, value)?;
        } else if word.len() > 1 && word.starts_with('-') {
            let shorts: Vec<char> = word[1..].chars().collect();
            let mut j = 0;
            while j < shorts.len() {
                let c = shorts[j];
                j += 1;
                if c == 'h' && !spec.flags.iter().any(|f| f.short == Some('h')) {
                    help = true;
                    continue;
                }
                let Some(f) = spec.flags.iter().find(|f| f.short == Some(c)) else {
                    return Err(UsageError::UnknownShorthand { short: c, word: word.clone() });
                };
                let rest: String = shorts[j..].iter().collect();
                if f.takes == Takes::Bool {
                    match rest.strip_prefix('=') {
                        Some(v) => {
                            set(&mut parsed, f, v.to_string())?;
                            break;
                        }
                        None => set(&mut parsed, f, "true".into())?,
                    }
                    continue;
                }
                let value = if !rest.is_empty() {
                    rest.strip_prefix('=').unwrap_or(&rest).to_string()
                } else {
                    match words.get(i) {
                        Some(v) => {
                            i += 1;
                            v.clone()
                        }
                        None => return Err(UsageError::NeedsArgument(format!("-{c}"))),
                    }
                };
                set(&mut parsed, f, value)?;
                break;
            }
        } else {
            parsed.args.push(word.clone());
            if !spec.interspersed {
                parsed.args.extend(words[i..].iter().cloned());
                break;
            }
        }
    }
    if help {
        return Err(UsageError::Help);
    }
    let n = parsed.args.len();
    let ok = match spec.arity {
        Arity::None => n == 0,
        Arity::Exact(k) => n == k,
        Arity::AtLeast(k) => n >= k,
        Arity::AtMost(k) => n <= k,
        Arity::Range(a, b) => (a..=b).contains(&n),
    };
    if !ok {
        return Err(UsageError::Arity(spec.arity));
    }
    Ok(parsed)
}
