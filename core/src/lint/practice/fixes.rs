//! Mechanical fixes: inserting a flag after a subcommand in the
//! instruction's own text (DL3014, DL3015, DL3019), and the JSON form of a
//! shell-form CMD or ENTRYPOINT (DL3025).

/// Inserts ` flag` after `sub` in every command of `text` that runs one of
/// `tools` with `sub` and lacks the flag (per `present`, given the command's
/// words). Commands are split at `;`, `&`, `|` and unescaped newlines.
pub(in crate::lint) fn insert_flag(
    text: &str,
    tools: &[&str],
    sub: &str,
    present: impl Fn(&[String]) -> bool,
    flag: &str,
) -> Option<String> {
    let mut inserts = Vec::new();
    for (start, segment) in segments(text) {
        let tokens = tokens(segment);
        let Some(tool) = tokens.iter().position(|(_, t)| tools.contains(&t.rsplit('/').next().unwrap_or(t))) else {
            continue;
        };
        let Some(at) = tokens[tool + 1..].iter().position(|(_, t)| *t == sub) else { continue };
        let words: Vec<String> = tokens[tool + 1..].iter().map(|(_, t)| t.to_string()).collect();
        if !present(&words) {
            let (offset, token) = tokens[tool + 1 + at];
            inserts.push(start + offset + token.len());
        }
    }
    if inserts.is_empty() {
        return None;
    }
    let mut out = text.to_string();
    for at in inserts.into_iter().rev() {
        out.insert_str(at, &format!(" {flag}"));
    }
    Some(out)
}

/// Pieces of `text` between command separators, with their offsets.
fn segments(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut last_visible = ' ';
    for (i, c) in text.char_indices() {
        let separates = matches!(c, ';' | '&' | '|') || (c == '\n' && last_visible != '\\');
        if separates {
            out.push((start, &text[start..i]));
            start = i + c.len_utf8();
        }
        if !c.is_whitespace() {
            last_visible = c;
        } else if c == '\n' {
            last_visible = ' ';
        }
    }
    out.push((start, &text[start..]));
    out
}

/// Blank-separated tokens (a lone `\` continuation is skipped), with offsets.
fn tokens(segment: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in segment.char_indices().chain(std::iter::once((segment.len(), ' '))) {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                if &segment[s..i] != "\\" {
                    out.push((s, &segment[s..i]));
                }
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    out
}

/// `CMD ["a", "b"]` for a shell-form command: its words when it is one
/// plain command, else `["/bin/sh", "-c", "…"]`.
pub(in crate::lint) fn json_form(keyword: &str, shell: &str) -> String {
    let plain = crate::shell::parse::parse(shell).ok().and_then(|script| {
        let [(pipeline, _)] = script.items.as_slice() else { return None };
        let [command] = pipeline.commands.as_slice() else { return None };
        if pipeline.negated || !command.assignments.is_empty() || !command.redirs.is_empty() {
            return None;
        }
        command.words.iter().map(|w| w.literal()).collect::<Option<Vec<String>>>()
    });
    let argv = plain.unwrap_or_else(|| vec!["/bin/sh".to_string(), "-c".to_string(), shell.to_string()]);
    let quoted: Vec<String> = argv.iter().map(|a| serde_json::to_string(a).unwrap_or_default()).collect();
    format!("{keyword} [{}]", quoted.join(", "))
}
