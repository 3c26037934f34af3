//! A POSIX-ish parser for the `sh -c` scripts `RUN` lines hold: and-or lists
//! (`&&`, `||`, `;`, newlines), pipelines (`|`, `!`), simple commands with
//! `VAR=value` prefixes, quoting (`'…'`, `"…"`, `\`), `$VAR` / `${VAR}` /
//! `${VAR:-default}`, `#` comments and the redirections `>`, `>>`, `<`, `N>&M`.
//!
//! Anything else (compound commands, functions, subshells, command
//! substitution, here-documents, background jobs) is refused with
//! [`Unsupported`], so the caller can say "not simulated" instead of guessing.

/// One piece of a word, before expansion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// Literal text; `quoted` text is never globbed or field-split.
    Lit { text: String, quoted: bool },
    /// `$NAME`, `${NAME}` or `${NAME:-default}`; `quoted` when inside `"…"`.
    Var { name: String, default: Option<String>, quoted: bool },
}

/// A shell word as written.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Word {
    pub parts: Vec<Part>,
}

impl Word {
    /// The word's text when it holds no expansion (used for keywords and assignments).
    pub fn literal(&self) -> Option<String> {
        let mut s = String::new();
        for p in &self.parts {
            match p {
                Part::Lit { text, .. } => s.push_str(text),
                Part::Var { .. } => return None,
            }
        }
        Some(s)
    }

    fn is_unquoted(&self) -> bool {
        self.parts.iter().all(|p| matches!(p, Part::Lit { quoted: false, .. }))
    }
}

/// Where a redirection sends a stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RedirOp {
    /// `> file`
    Write,
    /// `>> file`
    Append,
    /// `< file`
    Read,
    /// `N>&M`: duplicates a descriptor (`2>&1`).
    Dup,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redir {
    /// The descriptor redirected (1 for `>`, 0 for `<`).
    pub fd: u32,
    pub op: RedirOp,
    pub target: Word,
}

/// A simple command: `A=1 B=2 cmd args > file`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Command {
    pub assignments: Vec<(String, Word)>,
    pub words: Vec<Word>,
    pub redirs: Vec<Redir>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Pipeline {
    pub negated: bool,
    pub commands: Vec<Command>,
    /// The script line the pipeline starts on (1-based), as dash reports it.
    pub line: usize,
}

/// What joins a pipeline to the next one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Connector {
    And,
    Or,
    /// `;`, a newline or the end of the script.
    Seq,
}

/// A whole script: pipelines in order, each with the connector after it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Script {
    pub items: Vec<(Pipeline, Connector)>,
}

/// Syntax the model does not simulate, with a short description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsupported(pub String);

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Word(Word),
    AndIf,
    OrIf,
    Pipe,
    Semi,
    Newline,
    Bang,
    Redir(u32, RedirOp),
}

const KEYWORDS: &[&str] =
    &["if", "then", "else", "elif", "fi", "for", "while", "until", "do", "done", "case", "esac", "function", "{", "}"];

/// The program of a `sh -c` script's last command when a shell that execs
/// its last command would (busybox ash, bash: see `catalog::shells`): a
/// lone simple command, not negated, not a builtin (the shell runs those
/// itself), and no `trap` anywhere in the script (a trap makes the shell
/// fork, as a pipeline does).
pub fn exec_candidate(script: &str) -> Option<String> {
    const BUILTINS: &[&str] = &[
        "echo", "printf", "cd", "export", "set", "unset", "read", "true", "false", ":", "test", "[", "wait", "kill",
        "pwd", "exit", "return", "shift", "trap", "eval", ".", "source",
    ];
    let parsed = parse(script).ok()?;
    let program = |c: &Command| c.words.first().and_then(Word::literal);
    if parsed.items.iter().flat_map(|(p, _)| &p.commands).any(|c| program(c).as_deref() == Some("trap")) {
        return None;
    }
    let (pipeline, _) = parsed.items.last()?;
    let [command] = pipeline.commands.as_slice() else { return None };
    program(command).filter(|p| !pipeline.negated && !BUILTINS.contains(&p.as_str()))
}

/// Parses a script.
pub fn parse(script: &str) -> Result<Script, Unsupported> {
    let toks = lex(script)?;
    let mut out = Script::default();
    let mut line = 1;
    let mut pipeline = Pipeline { line, ..Pipeline::default() };
    let mut cmd = Command::default();
    let mut iter = toks.into_iter().peekable();
    while let Some(tok) = iter.next() {
        match tok {
            Tok::Word(w) => {
                if cmd.words.is_empty() {
                    if let Some(text) = w.literal() {
                        if KEYWORDS.contains(&text.as_str()) && w.is_unquoted() {
                            return Err(Unsupported(format!("shell keyword `{text}`")));
                        }
                        if let Some((name, _)) = text.split_once('=') {
                            if is_name(name) {
                                cmd.assignments.push((name.to_string(), strip_assignment(w, name.len() + 1)));
                                continue;
                            }
                        }
                    } else if let Some(Part::Lit { text, quoted: false }) = w.parts.first() {
                        let name = text.split_once('=').map(|(n, _)| n.to_string()).filter(|n| is_name(n));
                        if let Some(name) = name {
                            let skip = name.len() + 1;
                            cmd.assignments.push((name, strip_assignment(w, skip)));
                            continue;
                        }
                    }
                }
                cmd.words.push(w);
            }
            Tok::Redir(fd, op) => match iter.next() {
                Some(Tok::Word(target)) => cmd.redirs.push(Redir { fd, op, target }),
                _ => return Err(Unsupported("redirection without a target".into())),
            },
            Tok::Bang => {
                if !pipeline.commands.is_empty() || !is_empty(&cmd) {
                    return Err(Unsupported("`!` inside a command".into()));
                }
                pipeline.negated = !pipeline.negated;
            }
            Tok::Pipe => {
                if is_empty(&cmd) {
                    return Err(Unsupported("empty command in a pipeline".into()));
                }
                pipeline.commands.push(std::mem::take(&mut cmd));
            }
            Tok::AndIf | Tok::OrIf | Tok::Semi | Tok::Newline => {
                let ends_line = tok == Tok::Newline;
                if is_empty(&cmd) {
                    if !pipeline.commands.is_empty() || pipeline.negated {
                        return Err(Unsupported("a pipeline ends without a command".into()));
                    }
                    if tok == Tok::AndIf || tok == Tok::OrIf {
                        return Err(Unsupported("`&&` or `||` without a command before it".into()));
                    }
                    if ends_line {
                        line += 1;
                        pipeline.line = line;
                    }
                    continue;
                }
                pipeline.commands.push(std::mem::take(&mut cmd));
                let connector = match tok {
                    Tok::AndIf => Connector::And,
                    Tok::OrIf => Connector::Or,
                    _ => Connector::Seq,
                };
                if ends_line {
                    line += 1;
                }
                out.items.push((std::mem::replace(&mut pipeline, Pipeline { line, ..Pipeline::default() }), connector));
                if connector != Connector::Seq {
                    // A newline may follow `&&`/`||`.
                    while iter.peek() == Some(&Tok::Newline) {
                        iter.next();
                        line += 1;
                        pipeline.line = line;
                    }
                }
            }
        }
    }
    if !is_empty(&cmd) {
        pipeline.commands.push(cmd);
    }
    if !pipeline.commands.is_empty() {
        out.items.push((pipeline, Connector::Seq));
    } else if pipeline.negated {
        return Err(Unsupported("`!` without a command".into()));
    }
    if let Some((_, c)) = out.items.last() {
        if *c != Connector::Seq {
            return Err(Unsupported("the script ends after `&&` or `||`".into()));
        }
    }
    Ok(out)
}

fn is_empty(cmd: &Command) -> bool {
    cmd.words.is_empty() && cmd.assignments.is_empty() && cmd.redirs.is_empty()
}

/// `A=b` → the value word `b` (the first `skip` characters of the first part dropped).
fn strip_assignment(mut w: Word, skip: usize) -> Word {
    if let Some(Part::Lit { text, .. }) = w.parts.first_mut() {
        *text = text.chars().skip(skip).collect();
    }
    w.parts.retain(|p| !matches!(p, Part::Lit { text, .. } if text.is_empty()));
    w
}

pub fn is_name(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}

struct WordBuf {
    parts: Vec<Part>,
    started: bool,
}

impl WordBuf {
    fn push(&mut self, c: char, quoted: bool) {
        self.started = true;
        if let Some(Part::Lit { text, quoted: q }) = self.parts.last_mut() {
            if *q == quoted {
                text.push(c);
                return;
            }
        }
        self.parts.push(Part::Lit { text: c.to_string(), quoted });
    }

    fn take(&mut self) -> Option<Word> {
        if !self.started {
            return None;
        }
        self.started = false;
        Some(Word { parts: std::mem::take(&mut self.parts) })
    }
}

fn lex(script: &str) -> Result<Vec<Tok>, Unsupported> {
    let chars: Vec<char> = script.chars().collect();
    let mut toks = Vec::new();
    let mut buf = WordBuf { parts: Vec::new(), started: false };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        match c {
            ' ' | '\t' | '\r' => {
                flush(&mut buf, &mut toks);
                i += 1;
            }
            '\n' => {
                flush(&mut buf, &mut toks);
                toks.push(Tok::Newline);
                i += 1;
            }
            '#' if !buf.started => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            '\\' => {
                match next {
                    Some('\n') => {}
                    Some(n) => buf.push(n, true),
                    None => buf.push('\\', false),
                }
                i += 2;
            }
            '\'' => {
                buf.started = true;
                let end = chars[i + 1..].iter().position(|&c| c == '\'');
                let Some(end) = end else { return Err(Unsupported("unterminated single quote".into())) };
                for &ch in &chars[i + 1..i + 1 + end] {
                    buf.push(ch, true);
                }
                i += end + 2;
            }
            '"' => {
                buf.started = true;
                i += 1;
                loop {
                    let Some(&ch) = chars.get(i) else { return Err(Unsupported("unterminated double quote".into())) };
                    match ch {
                        '"' => {
                            i += 1;
                            break;
                        }
                        '\\' => {
                            match chars.get(i + 1) {
                                Some(&n @ ('$' | '`' | '"' | '\\')) => buf.push(n, true),
                                Some('\n') => {}
                                Some(&n) => {
                                    buf.push('\\', true);
                                    buf.push(n, true);
                                }
                                None => return Err(Unsupported("unterminated double quote".into())),
                            }
                            i += 2;
                        }
                        '`' => return Err(Unsupported("command substitution".into())),
                        '$' => i = dollar(&chars, i, true, &mut buf)?,
                        _ => {
                            buf.push(ch, true);
                            i += 1;
                        }
                    }
                }
            }
            '$' => i = dollar(&chars, i, false, &mut buf)?,
            '`' => return Err(Unsupported("command substitution".into())),
            '(' | ')' => return Err(Unsupported("subshell or function definition".into())),
            '&' if next == Some('&') => {
                flush(&mut buf, &mut toks);
                toks.push(Tok::AndIf);
                i += 2;
            }
            '&' => return Err(Unsupported("background job `&`".into())),
            '|' if next == Some('|') => {
                flush(&mut buf, &mut toks);
                toks.push(Tok::OrIf);
                i += 2;
            }
            '|' => {
                flush(&mut buf, &mut toks);
                toks.push(Tok::Pipe);
                i += 1;
            }
            ';' if next == Some(';') => return Err(Unsupported("`;;` outside case".into())),
            ';' => {
                flush(&mut buf, &mut toks);
                toks.push(Tok::Semi);
                i += 1;
            }
            '!' if !buf.started && matches!(next, None | Some(' ' | '\t')) => {
                toks.push(Tok::Bang);
                i += 1;
            }
            '>' | '<' => {
                // A word of digits right before is the descriptor (`2>`).
                let fd = match buf.parts.as_slice() {
                    [Part::Lit { text, quoted: false }] if text.chars().all(|c| c.is_ascii_digit()) => {
                        let fd = text.parse::<u32>().unwrap_or(u32::MAX);
                        buf.parts.clear();
                        buf.started = false;
                        Some(fd)
                    }
                    _ => None,
                };
                flush(&mut buf, &mut toks);
                let (op, len) = match (c, next) {
                    ('>', Some('>')) => (RedirOp::Append, 2),
                    ('>', Some('&')) => (RedirOp::Dup, 2),
                    ('>', Some('|')) => (RedirOp::Write, 2),
                    ('>', _) => (RedirOp::Write, 1),
                    ('<', Some('<')) => return Err(Unsupported("here-document".into())),
                    ('<', Some('&' | '>')) => return Err(Unsupported("`<&` or `<>` redirection".into())),
                    _ => (RedirOp::Read, 1),
                };
                let default_fd = if c == '<' { 0 } else { 1 };
                toks.push(Tok::Redir(fd.unwrap_or(default_fd), op));
                i += len;
            }
            _ => {
                buf.push(c, false);
                i += 1;
            }
        }
    }
    flush(&mut buf, &mut toks);
    Ok(toks)
}

fn flush(buf: &mut WordBuf, toks: &mut Vec<Tok>) {
    if let Some(w) = buf.take() {
        toks.push(Tok::Word(w));
    }
}

/// Reads a `$…` expansion at `chars[i]`; returns the index after it.
fn dollar(chars: &[char], i: usize, quoted: bool, buf: &mut WordBuf) -> Result<usize, Unsupported> {
    buf.started = true;
    match chars.get(i + 1) {
        Some('(') => Err(Unsupported("command substitution `$(…)`".into())),
        Some('{') => {
            let end = chars[i + 2..].iter().position(|&c| c == '}');
            let Some(end) = end else { return Err(Unsupported("unterminated `${`".into())) };
            let inner: String = chars[i + 2..i + 2 + end].iter().collect();
            let (name, default) = match inner.split_once(":-") {
                Some((n, d)) => (n.to_string(), Some(d.to_string())),
                None => (inner.clone(), None),
            };
            if !(is_name(&name) || is_special(&name)) {
                return Err(Unsupported(format!("parameter expansion `${{{inner}}}`")));
            }
            buf.parts.push(Part::Var { name, default, quoted });
            Ok(i + 3 + end)
        }
        Some(&c) if is_special(&c.to_string()) => {
            buf.parts.push(Part::Var { name: c.to_string(), default: None, quoted });
            Ok(i + 2)
        }
        Some(&c) if c == '_' || c.is_ascii_alphabetic() => {
            let len = chars[i + 1..].iter().take_while(|c| **c == '_' || c.is_ascii_alphanumeric()).count();
            let name: String = chars[i + 1..i + 1 + len].iter().collect();
            buf.parts.push(Part::Var { name, default: None, quoted });
            Ok(i + 1 + len)
        }
        _ => {
            buf.push('$', quoted);
            Ok(i + 1)
        }
    }
}

fn is_special(s: &str) -> bool {
    matches!(s, "?" | "$" | "#" | "@" | "*" | "0" | "!" | "-")
        || (s.len() == 1 && s.chars().all(|c| c.is_ascii_digit()))
}
