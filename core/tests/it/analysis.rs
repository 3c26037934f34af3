//! The syntax view (`analyze`), as `layerlab parse` and the editor read it: instructions, stages, located diagnostics.

use layerlab_core::{analyze, Severity};

#[test]
fn a_multi_stage_file_gives_instructions_stages_and_no_diagnostics() {
    let text = "ARG GO=1.22\nFROM golang:${GO} AS build\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\nENTRYPOINT [\"/app\"]\n";
    let a = analyze(text);
    assert!(a.diagnostics.is_empty(), "{:?}", a.diagnostics);
    assert_eq!(a.instructions.len(), 6);
    assert_eq!(a.instructions[0].stage, None);
    assert_eq!(a.instructions[2].stage, Some(0));
    assert_eq!(a.instructions[4].stage, Some(1));
    assert_eq!(a.stages.len(), 2);
    assert_eq!(a.stages[0].base, "golang:1.22");
    assert_eq!(a.stages[0].name.as_deref(), Some("build"));
    assert!(a.instructions[5].json);
}

#[test]
fn diagnostics_from_every_stage_are_located_and_ordered() {
    let text = "FROM alpine\nCOPPY a b\nRUN a \\\n\n  b\nWORKDIR ${NOPE:?is required}\n";
    let a = analyze(text);
    let got: Vec<(Severity, usize, usize, &str)> =
        a.diagnostics.iter().map(|d| (d.severity, d.start.line, d.start.col, d.message.as_str())).collect();
    assert_eq!(
        got,
        [
            (Severity::Error, 2, 1, "unknown instruction: COPPY (did you mean COPY?)"),
            (Severity::Warning, 3, 1, "Empty continuation line found in: RUN a   b"),
        ],
        "expansion is not reported while an earlier stage has errors"
    );
    let a = analyze("FROM alpine\nWORKDIR ${NOPE:?is required}\n");
    assert_eq!(a.diagnostics.len(), 1);
    assert_eq!((a.diagnostics[0].start.line, a.diagnostics[0].start.col), (2, 1));
    assert!(a.diagnostics[0].message.contains("is required"), "{}", a.diagnostics[0].message);
}

/// Every diagnostic says what kind it is: BuildKit's rule name where BuildKit
/// reports it as a build check, else a stable code per pipeline stage.
#[test]
fn diagnostics_carry_a_code() {
    let codes = |text: &str| analyze(text).diagnostics.iter().map(|d| d.code).collect::<Vec<_>>();
    assert_eq!(
        codes("FROM alpine\nCOPPY a b\nRUN a \\\n\n  b\n"),
        ["instructions/unknown-instruction", "NoEmptyContinuation"]
    );
    assert_eq!(codes("FROM alpine\nWORKDIR ${NOPE:?is required}\n"), ["expansion/variable-unset"]);
    assert_eq!(codes("FROM alpine\nRUN <<EOF\nx\n"), ["syntax/unterminated-heredoc"]);
}

#[test]
fn escape_directive_and_onbuild_show_in_views() {
    let a = analyze("# escape=`\nFROM windows `\n  AS w\nONBUILD COPY --chown=1 a b\n");
    assert_eq!(a.escape, '`');
    assert_eq!(a.directives, [("escape".to_string(), "`".to_string())]);
    assert_eq!(a.instructions[0].original, "FROM windows   AS w");
    let onbuild = &a.instructions[1];
    assert_eq!((onbuild.keyword.as_str(), onbuild.sub_keyword.as_deref()), ("ONBUILD", Some("COPY")));
    assert_eq!(onbuild.flags, ["--chown=1"]);
}

#[test]
fn stages_say_what_they_build_on_and_copy_from_and_args_are_listed() {
    let text = "ARG GO=1.22\nFROM golang:${GO} AS build\nARG MODE=prod DEBUG\nRUN go build -o /app .\nFROM build AS test\nFROM scratch\nCOPY --from=build /app /app\nCOPY --from=0 /etc/ssl /etc/ssl\nCOPY --from=alpine:3.22 /bin/sh /sh\n";
    let a = analyze(text);
    let edges: Vec<(Option<usize>, Vec<usize>)> =
        a.stages.iter().map(|s| (s.from_stage, s.copies_from.clone())).collect();
    // `test` builds on `build`; the last stage copies from `build` twice (by name
    // and by index) but lists it once; an image in --from is not a stage.
    assert_eq!(edges, [(None, vec![]), (Some(0), vec![]), (None, vec![0])]);
    let args: Vec<(&str, Option<&str>, Option<usize>, usize)> =
        a.args.iter().map(|g| (g.name.as_str(), g.default.as_deref(), g.stage, g.line)).collect();
    assert_eq!(args, [("GO", Some("1.22"), None, 1), ("MODE", Some("prod"), Some(0), 3), ("DEBUG", None, Some(0), 3)]);
}
