//! One syntax node → one typed instruction, with BuildKit's checks in
//! BuildKit's order (so the first error reported is the one Docker reports).

use super::error::{InstructionError, InstructionErrorKind as K, InstructionWarning, InstructionWarningKind};
use super::flags::{self, FlagSpec, FlagValues};
use super::parse_go_duration;
use super::types::*;
use crate::suggest;
use crate::syntax::{self, Node};
use std::borrow::Cow;

/// What a node becomes.
pub(super) enum Built {
    From(From),
    Instruction(Instruction),
}

type Result<T> = std::result::Result<T, InstructionError>;

struct Ctx<'a> {
    node: &'a Node,
    /// The arguments borrowed from the node (ONBUILD's made from its inner
    /// node's); an instruction copies what it keeps.
    args: Cow<'a, [syntax::Arg]>,
    warnings: &'a mut Vec<InstructionWarning>,
}

impl Ctx<'_> {
    fn error(&self, kind: K) -> InstructionError {
        let span = if self.node.args_span.is_empty() { self.node.keyword_span } else { self.node.args_span };
        InstructionError { kind, span }
    }

    fn flags(&self, spec: FlagSpec) -> Result<FlagValues> {
        flags::parse(&self.node.flags, spec)
    }

    /// For instructions whose flags Docker never reads.
    fn ignore_flags(&mut self) {
        if let Some(first) = self.node.flags.first() {
            self.warnings.push(InstructionWarning {
                kind: InstructionWarningKind::IgnoredFlags { keyword: self.node.keyword.to_uppercase() },
                span: first.span,
            });
        }
    }

    fn common(&self) -> Common {
        let n = self.node;
        Common {
            keyword: n.keyword.clone(),
            original: n.original.clone(),
            span: n.span,
            keyword_span: n.keyword_span,
            args_span: n.args_span,
            start_line: n.start_line(),
            end_line: n.end_line(),
            comments: n.comments.to_vec(),
        }
    }

    /// BuildKit's `handleJSONArgs`: exec form as is, shell form as one string.
    fn command_line(&self) -> CommandLine {
        if self.node.json {
            CommandLine::Exec(self.owned_args())
        } else {
            CommandLine::Shell(joined(&self.args))
        }
    }

    fn owned_args(&self) -> Vec<String> {
        self.args.iter().map(|a| a.text.to_string()).collect()
    }

    fn exactly_one(&self, keyword: &'static str) -> Result<String> {
        match &*self.args {
            [one] => Ok(one.text.to_string()),
            _ => Err(self.error(K::ExactlyOneArgument { keyword })),
        }
    }
}

/// BuildKit's `nodeArgs`: ONBUILD's inner keyword followed by its arguments.
/// Borrowed, but for ONBUILD: building runs on every keystroke.
fn node_args(node: &Node) -> Cow<'_, [syntax::Arg]> {
    match &node.value {
        syntax::Value::Args(args) => Cow::Borrowed(args),
        syntax::Value::Sub(inner) => {
            let mut args = vec![syntax::Arg { text: inner.keyword.clone(), span: inner.keyword_span }];
            args.extend(node_args(inner).iter().cloned());
            Cow::Owned(args)
        }
    }
}

/// The arguments joined by spaces, as BuildKit's shell form reads them.
fn joined(args: &[syntax::Arg]) -> String {
    let mut out = String::with_capacity(args.iter().map(|a| a.text.len() + 1).sum());
    for (i, arg) in args.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(&arg.text);
    }
    out
}

pub(super) fn build(node: &Node, warnings: &mut Vec<InstructionWarning>) -> Result<Built> {
    let mut cx = Ctx { node, args: node_args(node), warnings };
    let mut buf = [0; syntax::KEYWORD_BUF];
    let instruction = match syntax::lower_keyword(&node.keyword, &mut buf) {
        "from" => return from(&cx).map(Built::From),
        "env" => Instruction::Env(Env { pairs: key_values(&cx, "ENV")?, common: cx.common() }),
        "label" => Instruction::Label(Label { pairs: key_values(&cx, "LABEL")?, common: cx.common() }),
        "maintainer" => {
            let name = cx.exactly_one("MAINTAINER")?;
            cx.flags(flags::NONE)?;
            Instruction::Maintainer(Maintainer { common: cx.common(), name })
        }
        "add" => {
            if cx.args.len() < 2 {
                return Err(cx.error(K::NoDestination { keyword: "ADD" }));
            }
            let f = cx.flags(flags::ADD)?;
            let transfer = transfer(&cx, &f, "ADD")?;
            let used_bool = |name| f.string(name).map(|v| v == "true");
            Instruction::Add(Add {
                common: cx.common(),
                transfer,
                keep_git_dir: used_bool("keep-git-dir"),
                checksum: f.string("checksum").map(str::to_string),
                unpack: used_bool("unpack"),
            })
        }
        "copy" => {
            if cx.args.len() < 2 {
                return Err(cx.error(K::NoDestination { keyword: "COPY" }));
            }
            let f = cx.flags(flags::COPY)?;
            let transfer = transfer(&cx, &f, "COPY")?;
            Instruction::Copy(Copy {
                common: cx.common(),
                transfer,
                from: f.string("from").filter(|s| !s.is_empty()).map(str::to_string),
                from_span: f.span("from"),
                parents: f.is_true("parents"),
            })
        }
        "onbuild" => onbuild(&mut cx)?,
        "workdir" => {
            let path = cx.exactly_one("WORKDIR")?;
            cx.flags(flags::NONE)?;
            Instruction::Workdir(Workdir { common: cx.common(), path })
        }
        "run" => {
            let f = cx.flags(flags::RUN)?;
            Instruction::Run(Run {
                common: cx.common(),
                command: cx.command_line(),
                heredocs: node.heredocs.to_vec(),
                mounts: f.strings("mount"),
                network: f.string("network").map(str::to_string),
                security: f.string("security").map(str::to_string),
                devices: f.strings("device"),
            })
        }
        "cmd" => {
            cx.flags(flags::NONE)?;
            Instruction::Cmd(Cmd { common: cx.common(), command: cx.command_line() })
        }
        "entrypoint" => {
            cx.flags(flags::NONE)?;
            let command = if cx.args.is_empty() { None } else { Some(cx.command_line()) };
            Instruction::Entrypoint(Entrypoint { common: cx.common(), command })
        }
        "healthcheck" => healthcheck(&mut cx)?,
        "expose" => {
            if cx.args.is_empty() {
                return Err(cx.error(K::AtLeastOneArgument { keyword: "EXPOSE" }));
            }
            cx.flags(flags::NONE)?;
            Instruction::Expose(Expose { common: cx.common(), ports: cx.owned_args() })
        }
        "user" => {
            let user = cx.exactly_one("USER")?;
            cx.flags(flags::NONE)?;
            Instruction::User(User { common: cx.common(), user })
        }
        "volume" => {
            if cx.args.is_empty() {
                return Err(cx.error(K::AtLeastOneArgument { keyword: "VOLUME" }));
            }
            cx.flags(flags::NONE)?;
            let paths: Vec<String> = cx.args.iter().map(|v| v.text.trim().to_string()).collect();
            if paths.iter().any(String::is_empty) {
                return Err(cx.error(K::EmptyVolume));
            }
            Instruction::Volume(Volume { common: cx.common(), paths })
        }
        "stopsignal" => {
            let signal = cx.exactly_one("STOPSIGNAL")?;
            cx.ignore_flags();
            Instruction::StopSignal(StopSignal { common: cx.common(), signal })
        }
        "arg" => arg(&mut cx)?,
        "shell" => {
            cx.flags(flags::NONE)?;
            if cx.args.is_empty() {
                return Err(cx.error(K::AtLeastOneArgument { keyword: "SHELL" }));
            }
            if !node.json {
                return Err(cx.error(K::ShellNotJson));
            }
            Instruction::Shell(Shell { common: cx.common(), shell: cx.owned_args() })
        }
        _ => {
            return Err(InstructionError {
                kind: K::UnknownInstruction {
                    keyword: node.keyword.to_string(),
                    suggestion: suggest::search(&node.keyword, &KEYWORDS, false),
                },
                span: node.keyword_span,
            })
        }
    };
    Ok(Built::Instruction(instruction))
}

fn is_valid_stage_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.'))
}

fn from(cx: &Ctx<'_>) -> Result<From> {
    let (name, name_span) = match &*cx.args {
        [_, as_kw, name] if as_kw.text.eq_ignore_ascii_case("as") => {
            if !is_valid_stage_name(&name.text.to_lowercase()) {
                return Err(InstructionError {
                    kind: K::InvalidStageName { name: name.text.to_string() },
                    span: name.span,
                });
            }
            (Some(name.text.to_string()), Some(name.span))
        }
        [_] => (None, None),
        _ => return Err(cx.error(K::FromArguments)),
    };
    let f = cx.flags(flags::FROM)?;
    Ok(From {
        common: cx.common(),
        image: cx.args[0].text.to_string(),
        image_span: cx.args[0].span,
        name,
        name_span,
        platform: f.string("platform").map(str::to_string),
    })
}

/// ENV and LABEL's `key value sep` triples.
fn key_values(cx: &Ctx<'_>, keyword: &'static str) -> Result<Vec<KeyValue>> {
    cx.flags(flags::NONE)?;
    if cx.args.is_empty() {
        return Err(cx.error(K::AtLeastOneArgument { keyword }));
    }
    let mut pairs = Vec::with_capacity(cx.args.len() / 3);
    for triple in cx.args.chunks(3) {
        let [key, value, sep] = triple else {
            return Err(cx.error(K::AtLeastOneArgument { keyword }));
        };
        if key.text.is_empty() {
            return Err(InstructionError { kind: K::BlankName { keyword }, span: key.span });
        }
        pairs.push(KeyValue {
            key: key.text.to_string(),
            value: value.text.to_string(),
            legacy: sep.text.is_empty(),
            span: key.span.cover(value.span),
        });
    }
    Ok(pairs)
}

fn transfer(cx: &Ctx<'_>, f: &FlagValues, keyword: &'static str) -> Result<Transfer> {
    let (dest, sources) = cx.args.split_last().unwrap_or((&cx.args[0], &[]));
    if syntax::heredoc_marker(&dest.text).is_some() {
        return Err(cx.error(K::HeredocDestination { keyword }));
    }
    let mut paths = Vec::new();
    let mut inline = Vec::new();
    for source in sources {
        match syntax::heredoc_marker(&source.text) {
            Some(marker) => {
                let body = cx.node.heredocs.iter().find(|h| h.name == marker.name);
                let mut content = body.map(|h| h.content.clone()).unwrap_or_default();
                if marker.chomp {
                    content = content.split_inclusive('\n').map(|l| l.trim_start_matches('\t')).collect();
                }
                inline.push(InlineSource { name: marker.name, content, expand: marker.expand });
            }
            None => paths.push(source.text.to_string()),
        }
    }
    Ok(Transfer {
        sources: paths,
        inline,
        dest: dest.text.to_string(),
        chown: f.string("chown").map(str::to_string),
        chmod: f.string("chmod").map(str::to_string),
        link: f.is_true("link"),
        exclude: f.strings("exclude"),
    })
}

fn onbuild(cx: &mut Ctx<'_>) -> Result<Instruction> {
    if cx.args.is_empty() {
        return Err(cx.error(K::AtLeastOneArgument { keyword: "ONBUILD" }));
    }
    cx.flags(flags::NONE)?;
    let trigger_keyword = cx.args[0].text.trim().to_uppercase();
    match trigger_keyword.as_str() {
        "ONBUILD" => return Err(cx.error(K::OnbuildChained)),
        "MAINTAINER" | "FROM" => return Err(cx.error(K::OnbuildTrigger { keyword: trigger_keyword })),
        _ => {}
    }
    let syntax::Value::Sub(inner) = &cx.node.value else {
        return Err(cx.error(K::AtLeastOneArgument { keyword: "ONBUILD" }));
    };
    // The trigger is validated like any instruction, as the child build will.
    let Built::Instruction(trigger) = build(inner, cx.warnings)? else {
        return Err(cx.error(K::OnbuildTrigger { keyword: trigger_keyword }));
    };
    let original = cx.node.original.trim_start();
    let mut expression = original
        .get(..7)
        .filter(|kw| kw.eq_ignore_ascii_case("onbuild"))
        .map_or(original, |_| original[7..].trim_start())
        .to_string();
    for heredoc in &cx.node.heredocs {
        expression.push('\n');
        expression.push_str(&heredoc.content);
        expression.push_str(&heredoc.name);
    }
    Ok(Instruction::Onbuild(Onbuild { common: cx.common(), expression, trigger: Box::new(trigger) }))
}

fn healthcheck(cx: &mut Ctx<'_>) -> Result<Instruction> {
    let Some(kind) = cx.args.first().map(|k| k.text.to_uppercase()) else {
        return Err(cx.error(K::AtLeastOneArgument { keyword: "HEALTHCHECK" }));
    };
    if kind == "NONE" {
        if cx.args.len() != 1 {
            return Err(cx.error(K::HealthcheckNoneArgs));
        }
        cx.ignore_flags();
        return Ok(Instruction::Healthcheck(Healthcheck { common: cx.common(), check: HealthcheckKind::None }));
    }
    let f = cx.flags(flags::HEALTHCHECK)?;
    if kind != "CMD" {
        return Err(cx.error(K::HealthcheckUnknownType { kind }));
    }
    let rest = &cx.args[1..];
    let mut test = match (rest.is_empty(), cx.node.json) {
        (true, _) => return Err(cx.error(K::HealthcheckMissingCommand)),
        (false, true) => rest.iter().map(|a| a.text.to_string()).collect(),
        (false, false) => vec![joined(rest)],
    };
    test.insert(0, if cx.node.json { "CMD".into() } else { "CMD-SHELL".into() });
    let duration = |name: &str| -> Result<u64> {
        let Some(text) = f.string(name).filter(|t| !t.is_empty()) else { return Ok(0) };
        let span = f.span(name).unwrap_or(cx.node.span);
        let nanos = parse_go_duration(text)
            .map_err(|message| InstructionError { kind: K::InvalidDuration { message }, span })?;
        match nanos {
            0 => Ok(0),
            n if n < 1_000_000 => Err(InstructionError { kind: K::DurationTooShort { flag: name.to_string() }, span }),
            n => Ok(u64::try_from(n).unwrap_or(u64::MAX)),
        }
    };
    let retries = match f.string("retries").filter(|t| !t.is_empty()) {
        None => 0,
        Some(text) => {
            let span = f.span("retries").unwrap_or(cx.node.span);
            let value: i64 = text
                .parse()
                .map_err(|_| InstructionError { kind: K::InvalidRetries { value: text.to_string() }, span })?;
            if value < 0 {
                return Err(InstructionError { kind: K::NegativeRetries { value }, span });
            }
            u32::try_from(value)
                .map_err(|_| InstructionError { kind: K::InvalidRetries { value: text.to_string() }, span })?
        }
    };
    let check = HealthcheckCmd {
        test,
        interval: duration("interval")?,
        timeout: duration("timeout")?,
        start_period: duration("start-period")?,
        start_interval: duration("start-interval")?,
        retries,
    };
    Ok(Instruction::Healthcheck(Healthcheck { common: cx.common(), check: HealthcheckKind::Cmd(check) }))
}

fn arg(cx: &mut Ctx<'_>) -> Result<Instruction> {
    if cx.args.is_empty() {
        return Err(cx.error(K::AtLeastOneArgument { keyword: "ARG" }));
    }
    let mut args = Vec::with_capacity(cx.args.len());
    for syntax::Arg { text, span } in cx.args.iter() {
        let (key, default) = match text.split_once('=') {
            Some((key, value)) => (key, Some(value.to_string())),
            None => (&**text, None),
        };
        if key.is_empty() {
            return Err(InstructionError { kind: K::BlankName { keyword: "ARG" }, span: *span });
        }
        args.push(ArgDef { key: key.to_string(), default, span: *span });
    }
    cx.ignore_flags();
    Ok(Instruction::Arg(Arg { common: cx.common(), args }))
}
