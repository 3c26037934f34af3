//! Drills: endless generated questions, the same for the same seed. An argv
//! drill is a random image (a catalog base, ENTRYPOINT and CMD in either
//! form or absent) and a random run line; a cache drill is a random
//! Dockerfile over a few files and a random edit. Each is an ordinary
//! `Exercise`, so it is graded like any other: by the engine.

use crate::markdown::Markdown;
use crate::model::{Edit, Exercise, ProjectSpec, Task};
use std::collections::BTreeMap;

/// splitmix64: tiny, seedable, the same on every platform.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }
}

/// Bases whose ENTRYPOINT and CMD differ: none and a shell, none and
/// python3, and an entrypoint script with a CMD (the catalog's configs).
const BASES: &[&str] = &["alpine:3.24", "python:3.12-slim", "nginx:alpine"];
const PROGRAMS: &[&[&str]] = &[&["echo", "hello"], &["ping", "-c", "1"], &["sleep", "5"], &["date", "-u"]];
const ARGS: &[&str] = &["world", "-v", "localhost", "10"];

fn exec_form(words: &[&str]) -> String {
    let quoted: Vec<String> = words.iter().map(|w| format!("\"{w}\"")).collect();
    format!("[{}]", quoted.join(", "))
}

/// A command in exec or shell form; the words are plain, so both read alike.
fn form(rng: &mut Rng, words: &[&str]) -> String {
    if rng.chance(70) {
        exec_form(words)
    } else {
        words.join(" ")
    }
}

fn drill(id: String, title: &str, prompt: &str, task: Task) -> Exercise {
    let prompt =
        Markdown::parse(prompt).unwrap_or_else(|_| Markdown { source: prompt.to_string(), blocks: Vec::new() });
    Exercise { id, title: title.into(), prompt, hints: Vec::new(), explanation: None, task, line: 0 }
}

/// A predict-argv question.
pub fn argv_drill(seed: u64) -> Exercise {
    let mut rng = Rng::new(seed);
    let base = *rng.pick(BASES);
    let mut dockerfile = format!("FROM {base}\n");
    if rng.chance(60) {
        let program = *rng.pick(PROGRAMS);
        dockerfile.push_str(&format!("ENTRYPOINT {}\n", form(&mut rng, program)));
    }
    if rng.chance(60) {
        let words: Vec<&str> = if rng.chance(50) { vec![*rng.pick(ARGS)] } else { rng.pick(PROGRAMS).to_vec() };
        dockerfile.push_str(&format!("CMD {}\n", form(&mut rng, &words)));
    }
    let mut run = String::from("docker run --rm");
    if rng.chance(25) {
        run.push_str(&format!(" --entrypoint {}", rng.pick(PROGRAMS)[0]));
    }
    run.push_str(" app");
    for _ in 0..rng.below(3) {
        run.push(' ');
        run.push_str(ARGS[rng.below(ARGS.len())]);
    }
    let project = ProjectSpec { dockerfile, ..ProjectSpec::default() };
    let task = Task::PredictArgv { project, run, answer: None };
    drill(format!("argv-{seed}"), "Predict the argv", "What process does this run line start, word by word?", task)
}

const FILES: &[&str] = &["app.py", "requirements.txt", "config.json"];

/// One line of a generated Dockerfile.
fn cache_step(rng: &mut Rng, n: usize) -> String {
    match rng.below(6) {
        0 => format!("COPY {} .", rng.pick(FILES)),
        1 => "COPY . .".into(),
        2 => format!("RUN echo step{n} > /step{n}.txt"),
        3 => format!("ENV MODE=m{n}"),
        4 => "ARG VERSION".into(),
        _ => format!("RUN mkdir -p /data{n}"),
    }
}

/// A predict-cache question.
pub fn cache_drill(seed: u64) -> Exercise {
    let mut rng = Rng::new(seed);
    let mut lines = vec!["FROM alpine:3.24".to_string(), "WORKDIR /app".to_string()];
    let count = 4 + rng.below(4);
    for n in 0..count {
        // A repeated line teaches nothing; draw again (a few times at most).
        let step = (0..4).map(|_| cache_step(&mut rng, n)).find(|s| !lines.contains(s));
        lines.extend(step);
    }
    if !lines.iter().any(|l| l.starts_with("RUN")) {
        lines.push(format!("RUN echo step{count} > /step{count}.txt"));
    }
    let dockerfile = lines.join("\n") + "\n";
    let files: BTreeMap<String, String> = FILES.iter().map(|f| (f.to_string(), format!("{f} v1\n"))).collect();
    let mut build_args = BTreeMap::new();
    build_args.insert("VERSION".to_string(), "1".to_string());
    let edit = match rng.below(4) {
        0 | 1 => Edit::Append { file: rng.pick(FILES).to_string(), text: "v2\n".into() },
        2 => Edit::BuildArg { name: "VERSION".into(), value: Some("2".into()) },
        _ => match lines.iter().find(|l| l.starts_with("ENV MODE=")) {
            Some(env) => Edit::Replace { file: "Dockerfile".into(), old: format!("{env}\n"), new: format!("{env}x\n") },
            None => Edit::Set { file: "README.md".into(), text: "docs\n".into() },
        },
    };
    let project = ProjectSpec { dockerfile, files, build_args, ..ProjectSpec::default() };
    let prompt = format!("After a first build, {}. Which steps run again?", crate::describe_edit(&edit));
    let task = Task::PredictCache { project, edits: vec![edit], answer: None };
    drill(format!("cache-{seed}"), "Predict the cache", &prompt, task)
}

#[cfg(test)]
mod tests;
