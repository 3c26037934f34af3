//! BuildToolsInFinalImage: what a multi-stage build would leave behind,
//! still in the image that ships (the target's chain of stages):
//! - compilers and build tools a RUN installed (build-essential, gcc, make,
//!   golang, maven, ...), with the bytes that step's layer still holds;
//! - package caches (pip, npm, Maven, the Go build cache), with their bytes;
//! - a toolchain image (golang, maven, gradle, rust) as the final base of a
//!   stage that compiles, with the base image's size.

use super::{size, EngineRule, Finding, Sim};
use crate::catalog;
use crate::instructions::{Instruction, Stage};
use crate::layers::Change;
use crate::lint::practice::packages;
use crate::lint::{Cost, Fix};
use std::collections::BTreeMap;

const TOOL_PACKAGES: &[&str] = &[
    "build-essential",
    "build-base",
    "gcc",
    "g++",
    "make",
    "clang",
    "cmake",
    "golang",
    "golang-go",
    "go",
    "maven",
    "cargo",
    "rustc",
    "default-jdk",
];

/// Cache directories, by the marker in their path.
const CACHES: &[(&str, &str)] = &[
    ("/.cache/pip/", "pip's cache"),
    ("/.npm/_cacache/", "npm's cache"),
    ("/.m2/repository/", "Maven's repository"),
    ("/.cache/go-build/", "the Go build cache"),
];

const TOOLCHAIN_IMAGES: &[&str] = &["golang", "maven", "gradle", "rust"];
const COMPILERS: &[&str] = &["go", "mvn", "gradle", "cargo", "rustc"];

fn multi_stage_fix(what: &str) -> Fix {
    Fix::text_only(format!(
        "Build in a first stage and copy only the result into a small final stage, so {what} stays behind:\n\
         FROM <toolchain image> AS build\nRUN <build>\nFROM <runtime image>\nCOPY --from=build <artifact> <dest>"
    ))
}

pub(super) fn check(sim: &Sim<'_>, out: &mut Vec<Finding>) {
    let Some(image) = &sim.outcome.image else { return };
    let layers = image.layers.layers();
    if sim.layer_lines.is_empty() {
        return;
    }
    // Bytes each layer stores that the final image still shows, split by cache kind.
    let mut caches: BTreeMap<(usize, &str), u64> = BTreeMap::new();
    for (index, layer) in layers.iter().enumerate() {
        let mut visible = 0;
        for (path, change) in &layer.changes {
            let Change::Put(entry) = change else { continue };
            if entry.is_dir() || image.layers.get(path) != Some(entry) {
                continue;
            }
            visible += entry.size();
            if let Some((_, kind)) = CACHES.iter().find(|(marker, _)| path.contains(marker)) {
                *caches.entry((index, kind)).or_default() += entry.size();
            }
        }
        let Some(Instruction::Run(run)) = sim.layer_lines.get(index).and_then(|l| sim.instruction_at(*l)) else {
            continue;
        };
        let script = sim.scripts.get(run);
        let commands = &script.commands;
        let mut tools: Vec<&str> = Vec::new();
        for args in commands.iter().filter_map(|c| packages::apt_install(c).or_else(|| packages::apk_add(c))) {
            for arg in args.iter().filter(|a| !a.starts_with('-')) {
                let name = arg.split('=').next().unwrap_or(arg);
                if let Some(tool) = TOOL_PACKAGES.iter().find(|t| **t == name) {
                    if !tools.contains(tool) {
                        tools.push(tool);
                    }
                }
            }
        }
        let still_there = tools.iter().any(|t| {
            image.layers.get(&format!("/usr/bin/{t}")).is_some()
                || image.layers.get(&format!("/usr/share/{t}")).is_some()
        });
        if tools.is_empty() || !still_there || visible == 0 {
            continue;
        }
        let message = format!(
            "build tools installed here ({}) are still in the final image: this layer holds {} of it",
            tools.join(", "),
            size(visible)
        );
        let mut found = Finding::at(EngineRule::BuildToolsInFinalImage.rule(), &run.common, message);
        found.cost = Some(Cost { bytes: Some(visible), ..Cost::default() });
        found.fix = Some(multi_stage_fix("the compiler"));
        out.push(found);
    }
    for ((index, kind), bytes) in caches {
        let Some(instruction) = sim.layer_lines.get(index).and_then(|l| sim.instruction_at(*l)) else { continue };
        let message = format!("{kind} ({}) written here is still in the final image", size(bytes));
        let mut found = Finding::at(EngineRule::BuildToolsInFinalImage.rule(), instruction.common(), message);
        found.cost = Some(Cost { bytes: Some(bytes), ..Cost::default() });
        found.fix = Some(Fix::text_only(format!(
            "Do not keep {kind}: disable it for the install (`pip install --no-cache-dir`, `npm ci && npm cache clean \
             --force`), use a cache mount (`RUN --mount=type=cache,target=...`), or build in an earlier stage"
        )));
        out.push(found);
    }
    toolchain_base(sim, image.base_size, out);
}

fn toolchain_base(sim: &Sim<'_>, base_size: u64, out: &mut Vec<Finding>) {
    let Some(root) = sim.chain.first().and_then(|i| sim.file.stages.get(*i)) else { return };
    let Ok(resolved) = catalog::resolve(&root.from.image) else { return };
    if !TOOLCHAIN_IMAGES.contains(&resolved.image.repository.as_str()) {
        return;
    }
    let compiles = sim.chain_stages().flat_map(|s: &Stage| s.instructions.iter()).any(|i| match i {
        Instruction::Run(run) => {
            sim.scripts.get(run).commands.iter().any(|c| c.program().is_some_and(|p| COMPILERS.contains(&p)))
        }
        _ => false,
    });
    if !compiles {
        return;
    }
    let message = format!(
        "the final image is built on {}, a whole toolchain ({}), to compile one program",
        root.from.image,
        size(base_size)
    );
    let mut found = Finding::at(EngineRule::BuildToolsInFinalImage.rule(), &root.from.common, message);
    found.cost = Some(Cost { bytes: Some(base_size), ..Cost::default() });
    found.fix = Some(multi_stage_fix("the toolchain"));
    out.push(found);
}
