//! What `docker build` prints after a failed step, below the progress: the
//! failed vertex's recap (BuildKit's `printErrorLogs`), then the Dockerfile
//! lines the error points at (BuildKit's `errdefs.Source.Print`, which buildx
//! calls before its `ERROR:` line).

use crate::span::{LineIndex, Span};
use std::fmt::Write;

/// The last line of a failed `docker build`: buildx wraps every build error
/// in `failed to build` (commands/build.go, runBuildWithOptions; since buildx
/// 0.25) around BuildKit's `failed to solve` (client/solve.go), and its main
/// prints `ERROR: ` before it (cmd/buildx/main.go).
pub fn error_line(message: &str) -> String {
    format!("ERROR: failed to build: failed to solve: {message}")
}

/// Layerlab's explanation of an error, on its own line after Docker's text
/// so that Docker's words stay as Docker prints them.
pub fn note_line(note: &str) -> String {
    format!("layerlab: {note}")
}

/// How many of a failed vertex's last output lines the plain printer keeps
/// for the recap (`logsBufferSize` in util/progress/progressui/printer.go).
const RECAP_LINES: usize = 10;

/// BuildKit's timestamp before each output line, in seconds since the step
/// started: three decimals under 10 s, two under 100 s, else one
/// (util/progress/progressui/display.go, `prec`).
pub(super) fn timestamp(seconds: f64) -> String {
    let precision = if seconds < 10.0 {
        3
    } else if seconds < 100.0 {
        2
    } else {
        1
    };
    format!("{seconds:.precision$}")
}

/// The recap of a failed vertex: `------`, ` > NAME:`, its last output lines
/// (each with its timestamp, as the progress showed them), `------`.
pub(super) fn recap(out: &mut String, name: &str, stamped: &[String]) {
    out.push_str("------\n");
    let _ = writeln!(out, " > {name}:");
    for line in &stamped[stamped.len().saturating_sub(RECAP_LINES)..] {
        let _ = writeln!(out, "{line}");
    }
    out.push_str("------\n");
}

/// The excerpt of `text` around `span`: `Dockerfile:3`, a rule, the lines
/// with their numbers and `>>>` on those of the span, a rule. Two lines of
/// context each side for a range, four in all for a single line, as far as
/// the file goes; the file is split on `\n`, so its final newline shows as an
/// empty last line, as in Docker's output. Nothing for an empty span.
pub fn source_excerpt(out: &mut String, filename: &str, text: &str, span: Span) {
    if span.is_empty() && span.start() == 0 {
        return;
    }
    let index = LineIndex::new(text);
    let first = index.line_col(text, span.start()).line;
    // The span's last byte (its end is exclusive), not the line after it.
    let last = index.line_col(text, span.end().saturating_sub(1).max(span.start())).line;
    let lines: Vec<&str> = text.split('\n').collect();
    if first > lines.len() || first < 1 {
        return;
    }
    let (mut start, mut end) = (first, last.min(lines.len()));
    let pad = if start == end { 4 } else { 2 };
    let mut p = 0;
    while p < pad {
        if start > 1 {
            start -= 1;
            p += 1;
        }
        if end != lines.len() {
            end += 1;
            p += 1;
        }
        p += 1;
    }
    let rule = "--------------------";
    let _ = writeln!(out, "{filename}:{first}\n{rule}");
    for (i, line) in lines.iter().enumerate().take(end).skip(start - 1) {
        let number = i + 1;
        let marker = if (first..=last).contains(&number) { ">>>" } else { "   " };
        let _ = writeln!(out, " {number:>3} | {marker} {}", line.trim_end_matches('\r'));
    }
    let _ = writeln!(out, "{rule}");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// BuildKit solver/errdefs/source.go, `Source.Print`: a one-line range
    /// gets four lines of padding in all, split before and after as the file allows.
    #[test]
    fn a_single_line_is_shown_with_its_neighbours_and_the_empty_last_line() {
        let text = "FROM alpine:3.22\n\nRUN make\n";
        let start = text.find("RUN").expect("RUN");
        let mut out = String::new();
        source_excerpt(&mut out, "Dockerfile", text, Span::new(start, start + "RUN make".len()));
        assert_eq!(
            out,
            "Dockerfile:3\n--------------------\n   1 |     FROM alpine:3.22\n   2 |     \n   3 | >>> RUN make\n   4 |     \n--------------------\n"
        );
    }

    #[test]
    fn a_continued_instruction_marks_every_line_and_pads_two() {
        let text = "FROM alpine\nRUN a \\\n  && b\nCMD x\nLABEL a=b\nENV c=d\n";
        let start = text.find("RUN").expect("RUN");
        let end = text.find("CMD").expect("CMD") - 1;
        let mut out = String::new();
        source_excerpt(&mut out, "Dockerfile", text, Span::new(start, end));
        assert_eq!(
            out,
            "Dockerfile:2\n--------------------\n   1 |     FROM alpine\n   2 | >>> RUN a \\\n   3 | >>>   && b\n   4 |     CMD x\n--------------------\n"
        );
    }

    #[test]
    fn the_recap_keeps_the_last_ten_lines() {
        let lines: Vec<String> = (1..=12).map(|i| format!("0.{i:03} line {i}")).collect();
        let mut out = String::new();
        recap(&mut out, "[2/2] RUN make", &lines);
        assert!(out.starts_with("------\n > [2/2] RUN make:\n0.003 line 3\n"), "{out}");
        assert!(out.ends_with("0.012 line 12\n------\n"), "{out}");
    }

    #[test]
    fn timestamps_lose_precision_as_they_grow() {
        assert_eq!(timestamp(0.1), "0.100");
        assert_eq!(timestamp(12.346), "12.35");
        assert_eq!(timestamp(123.45), "123.5");
    }
}
