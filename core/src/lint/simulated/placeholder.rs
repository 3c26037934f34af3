//! A stand-in build context for `layerlab lint` without `--context`: one
//! placeholder file per local COPY/ADD source, plus the manifests the RUN
//! commands read (`requirements.txt`, `package.json`, `go.mod`, `pom.xml`)
//! and one app-code file for `COPY . .`.
//!
//! Placeholders hold one byte that is not UTF-8, so the shell model treats
//! their contents as unknown and says so ("estimated"), as it does for a
//! real file it cannot read; their size is meaningless and the engine
//! reports byte figures that depend on them as unknown.

use super::order;
use crate::context::BuildContext;
use crate::instructions::{Dockerfile, Instruction, Transfer};
use crate::lint::practice::script::Scripts;

const CONTENTS: &[u8] = &[0xff];

/// The placeholder for code under `COPY . .` (an edit to it is the "what if").
pub(super) const APP_FILE: &str = "app.placeholder";

pub(super) fn context(file: &Dockerfile, scripts: &Scripts) -> BuildContext {
    let mut paths: Vec<String> = Vec::new();
    let mut copies_all = false;
    for stage in &file.stages {
        for instruction in &stage.instructions {
            let transfer = match instruction {
                Instruction::Copy(copy) if copy.from.is_none() => &copy.transfer,
                Instruction::Add(add) => &add.transfer,
                Instruction::Run(run) => {
                    for command in &scripts.get(run).commands {
                        paths.extend(order::manifests_read(command));
                    }
                    continue;
                }
                _ => continue,
            };
            copies_all |= transfer.sources.iter().any(|s| order::is_whole_context(s));
            add_sources(transfer, &mut paths);
        }
    }
    if copies_all {
        paths.push(APP_FILE.to_string());
    }
    let files = paths.into_iter().map(|p| (p, CONTENTS.to_vec()));
    // No .dockerignore is synthesized, so this cannot fail; an empty context is the fallback.
    BuildContext::from_files(files)
        .unwrap_or_else(|_| BuildContext::from_files(Vec::new()).expect("an empty context has no .dockerignore"))
}

fn add_sources(transfer: &Transfer, paths: &mut Vec<String>) {
    for source in &transfer.sources {
        let lower = source.to_ascii_lowercase();
        if source.contains('$') || lower.contains("://") || lower.starts_with("git@") || order::is_whole_context(source)
        {
            continue;
        }
        // A glob gets one file it matches.
        let mut path = String::new();
        let mut chars = source.trim_start_matches("./").trim_start_matches('/').chars();
        while let Some(c) = chars.next() {
            match c {
                '*' => path.push_str("placeholder"),
                '?' => path.push('x'),
                '[' => {
                    let class: String = chars.by_ref().take_while(|c| *c != ']').collect();
                    path.push(class.chars().find(|c| *c != '!' && *c != '^').unwrap_or('x'));
                }
                '\\' => path.extend(chars.next()),
                c => path.push(c),
            }
        }
        let path = path.trim_end_matches('/').to_string();
        if !path.is_empty() && path != "." {
            paths.push(path);
        }
    }
}
