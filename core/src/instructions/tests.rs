//! Unit tests for typed instructions: one check per BuildKit validation.

use super::*;
use crate::syntax::parse;

fn file(text: &str) -> Dockerfile {
    let parsed = parse(text);
    assert!(parsed.errors.is_empty(), "syntax errors: {:?}", parsed.errors);
    from_syntax(&parsed)
}

/// The first error's message and the text its span covers.
fn error(text: &str) -> (String, String) {
    let f = file(text);
    let e = f.errors.first().unwrap_or_else(|| panic!("expected an error for {text:?}"));
    (e.to_string(), text[e.span.range()].to_string())
}

#[test]
fn stages_and_meta_args() {
    let f = file("ARG V=1\nFROM golang:${V} AS Build\nRUN go build\nFROM scratch\nCOPY --from=build /app /app\n");
    assert!(f.errors.is_empty(), "{:?}", f.errors);
    assert_eq!(f.meta_args.len(), 1);
    assert_eq!(f.stages.len(), 2);
    assert_eq!(f.stages[0].name.as_deref(), Some("build"));
    assert_eq!(f.stages[0].from.image, "golang:${V}");
    assert!(f.stage_by_ref("BUILD").is_some());
    assert!(f.stage_by_ref("1").is_some());
    let Instruction::Copy(copy) = &f.stages[1].instructions[0] else { panic!("not a COPY") };
    assert_eq!(copy.from.as_deref(), Some("build"));
    assert_eq!(copy.transfer.sources, ["/app"]);
    assert_eq!(copy.transfer.dest, "/app");
}

#[test]
fn argument_counts() {
    assert_eq!(
        error("FROM a\nCOPY onlyone\n"),
        (
            "COPY requires at least two arguments, but only one was provided. Destination could not be determined"
                .into(),
            "onlyone".into()
        )
    );
    assert_eq!(error("FROM a\nWORKDIR\n").0, "WORKDIR requires exactly one argument");
    assert_eq!(error("FROM a\nEXPOSE\n").0, "EXPOSE requires at least one argument");
    assert_eq!(error("FROM a b\n").0, "FROM requires either one or three arguments");
    assert_eq!(error("FROM a\nENV\n").0, "ENV requires at least one argument");
    assert_eq!(error("FROM a\nARG =x\n").0, "ARG names can not be blank");
}

#[test]
fn unknown_instruction_with_suggestion() {
    assert_eq!(
        error("FROM a\nCOPPY a b\n"),
        ("unknown instruction: COPPY (did you mean COPY?)".into(), "COPPY".into())
    );
    assert_eq!(error("FROM a\nfoo bar\n").0, "unknown instruction: foo (did you mean from?)");
    assert_eq!(error("FROM a\nfrobnicate bar\n").0, "unknown instruction: frobnicate");
}

#[test]
fn flags_are_checked() {
    assert_eq!(
        error("FROM a\nCOPY --form=x a b\n"),
        ("unknown flag: --form (did you mean from?)".into(), "--form=x".into())
    );
    assert_eq!(error("FROM a\nRUN --link echo\n").0, "unknown flag: --link");
    assert_eq!(error("FROM a\nCOPY --from=a --from=b a b\n").0, "duplicate flag specified: --from");
    assert_eq!(error("FROM a\nCOPY --from a b\n").0, "missing a value on flag: --from");
    assert_eq!(error("FROM a\nCOPY --link=maybe a b\n").0, "expecting boolean value for flag --link, not: maybe");
    let f = file(
        "FROM a\nRUN --mount=type=cache,target=/root/.cache --mount=type=secret,id=x --network=none pip install\n",
    );
    let Instruction::Run(run) = &f.stages[0].instructions[0] else { panic!("not a RUN") };
    assert_eq!(run.mounts.len(), 2);
    assert_eq!(run.network.as_deref(), Some("none"));
    assert_eq!(run.command, CommandLine::Shell("pip install".into()));
}

#[test]
fn stage_names() {
    assert_eq!(
        error("FROM a AS 1st\n"),
        (
            "invalid name for build stage: \"1st\", name can't start with a number or contain symbols".into(),
            "1st".into()
        )
    );
    let f = file("FROM a AS x\nFROM b AS X\n");
    assert!(f.errors.is_empty());
    assert_eq!(f.warnings[0].kind.to_string(), "Duplicate stage name \"x\", stage names should be unique");
}

#[test]
fn no_from() {
    assert_eq!(error("ARG A\n").0, "dockerfile contains no stages to build");
    assert_eq!(error("RUN echo\nFROM a\n"), ("no build stage in current context".into(), "RUN".into()));
}

#[test]
fn from_flag_references() {
    assert_eq!(error("FROM a\nFROM b\nCOPY --from=5 x y\n").0, "invalid stage index 5");
    assert!(error("FROM a\nCOPY --from=$X x y\n").0.starts_with("variable expansion is not supported for --from"));
    let f = file("FROM a AS build\nFROM b\nCOPY --from=biuld x y\nCOPY --from=nginx:alpine x y\n");
    assert!(f.errors.is_empty());
    let names: Vec<String> = f.warnings.iter().map(|w| w.kind.to_string()).collect();
    assert_eq!(names.len(), 2);
    assert!(names[0].contains("'biuld'"));
}

#[test]
fn command_forms() {
    let f = file("FROM a\nCMD [\"a\", \"b\"]\nCMD a b\nCMD []\nENTRYPOINT\nENTRYPOINT [\"x\"]\n");
    let cmds: Vec<&Instruction> = f.stages[0].instructions.iter().collect();
    assert!(matches!(cmds[0], Instruction::Cmd(Cmd { command: CommandLine::Exec(v), .. }) if v == &["a", "b"]));
    assert!(matches!(cmds[1], Instruction::Cmd(Cmd { command: CommandLine::Shell(s), .. }) if s == "a b"));
    assert!(matches!(cmds[2], Instruction::Cmd(Cmd { command: CommandLine::Exec(v), .. }) if v.is_empty()));
    assert!(matches!(cmds[3], Instruction::Entrypoint(Entrypoint { command: None, .. })));
    assert!(matches!(cmds[4], Instruction::Entrypoint(Entrypoint { command: Some(CommandLine::Exec(_)), .. })));
    assert_eq!(error("FROM a\nSHELL /bin/bash -c\n").0, "SHELL requires the arguments to be in JSON form");
}

#[test]
fn healthcheck() {
    let f = file("FROM a\nHEALTHCHECK --interval=5s --retries=3 CMD curl -f http://localhost/\nHEALTHCHECK NONE\n");
    let Instruction::Healthcheck(h) = &f.stages[0].instructions[0] else { panic!("not a HEALTHCHECK") };
    let HealthcheckKind::Cmd(cmd) = &h.check else { panic!("not CMD") };
    assert_eq!(cmd.test, ["CMD-SHELL", "curl -f http://localhost/"]);
    assert_eq!(cmd.interval, 5_000_000_000);
    assert_eq!(cmd.retries, 3);
    assert!(matches!(
        &f.stages[0].instructions[1],
        Instruction::Healthcheck(Healthcheck { check: HealthcheckKind::None, .. })
    ));
    assert_eq!(error("FROM a\nHEALTHCHECK NONE x\n").0, "HEALTHCHECK NONE takes no arguments");
    assert_eq!(error("FROM a\nHEALTHCHECK CMD\n").0, "Missing command after HEALTHCHECK CMD");
    assert_eq!(error("FROM a\nHEALTHCHECK FOO x\n").0, "Unknown type \"FOO\" in HEALTHCHECK (try CMD)");
    assert_eq!(error("FROM a\nHEALTHCHECK --interval=10 CMD x\n").0, "time: missing unit in duration \"10\"");
    assert_eq!(error("FROM a\nHEALTHCHECK --timeout=1us CMD x\n").0, "Interval \"timeout\" cannot be less than 1ms");
    assert_eq!(error("FROM a\nHEALTHCHECK --retries=-1 CMD x\n").0, "--retries cannot be negative (-1)");
}

#[test]
fn onbuild() {
    let f = file("FROM a\nONBUILD COPY . /app\n");
    let Instruction::Onbuild(o) = &f.stages[0].instructions[0] else { panic!("not ONBUILD") };
    assert_eq!(o.expression, "COPY . /app");
    assert!(matches!(*o.trigger, Instruction::Copy(_)));
    assert_eq!(error("FROM a\nONBUILD ONBUILD RUN x\n").0, "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
    assert_eq!(error("FROM a\nONBUILD FROM x\n").0, "FROM isn't allowed as an ONBUILD trigger");
    assert_eq!(error("FROM a\nONBUILD COPY x\n").0.split(',').next(), Some("COPY requires at least two arguments"));
}

#[test]
fn copy_heredoc_sources() {
    let f = file("FROM a\nCOPY <<-EOF /etc/motd\n\thello\n\tEOF\n");
    let Instruction::Copy(c) = &f.stages[0].instructions[0] else { panic!("not COPY") };
    assert!(c.transfer.sources.is_empty());
    assert_eq!(c.transfer.inline[0].content, "hello\n");
    assert_eq!(error("FROM a\nCOPY x <<EOF\nhi\nEOF\n").0, "COPY cannot accept a heredoc as a destination");
}

#[test]
fn env_pairs_keep_raw_values() {
    let f = file("FROM a\nENV A=1 B=\"x y\"\nENV C d e\n");
    let Instruction::Env(e) = &f.stages[0].instructions[0] else { panic!("not ENV") };
    assert_eq!(e.pairs[1].value, "\"x y\"");
    let Instruction::Env(e) = &f.stages[0].instructions[1] else { panic!("not ENV") };
    assert!(e.pairs[0].legacy);
    assert_eq!(e.pairs[0].value, "d e");
}

#[test]
fn problems_are_from_syntax_problems_without_the_instructions() {
    // Errors and warnings before and after the first error, across stages,
    // and `--from` references to a stage, an index and an image.
    let text = "FROM a AS one\nRUN ls\nCOPY --from=one /x /y\nFROM b AS one\nCOPY --user=me a b\n\
                EXPOSE\nCOPY --from=7 /x /y\nCOPY --from=nginx /x /y\nMAINTAINER --flag me\nFROM c\nRUN ls\n";
    let parsed = parse(text);
    let (full, lean) = (from_syntax(&parsed), problems(&parsed));
    assert_eq!(lean.errors.len(), 4, "{:?}", lean.errors);
    assert_eq!(lean.errors, full.errors);
    assert_eq!(lean.warnings, full.warnings);
    assert!(full.warnings.iter().any(|w| matches!(w.kind, InstructionWarningKind::DuplicateStageName { .. })));
    assert!(full.warnings.iter().any(|w| matches!(w.kind, InstructionWarningKind::FromNotAStage { .. })));
    assert_eq!(lean.stages.len(), full.stages.len());
    assert!(lean.stages.iter().all(|s| s.instructions.is_empty()));
    assert!(full.stages.iter().any(|s| !s.instructions.is_empty()));
}

#[test]
fn problems_of_a_file_without_errors_is_the_whole_file() {
    let parsed = parse("ARG V=1\nFROM golang:${V} AS build\nRUN go build\nFROM scratch\nCOPY --from=build /app /app\n");
    assert_eq!(problems(&parsed), from_syntax(&parsed));
}
