//! The app's per-keystroke call: `Playground::edit` on a typical project (a
//! 12-line Dockerfile, 200 context files) after one keystroke in app code,
//! with the cache of the earlier edits warm — parse, every lint rule
//! (engine rules included) and the simulated build.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use layerlab_core::playground::{Playground, Project};

const DOCKERFILE: &str = "FROM python:3.12-slim AS build\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nRUN python -m compileall .\n\nFROM python:3.12-slim\nWORKDIR /app\nCOPY --from=build /app /app\nUSER nobody\nCMD [\"python\", \"app.py\"]\n";

fn project(edit: usize) -> Project {
    let mut p = Project::new(DOCKERFILE);
    p.set_file("requirements.txt", b"flask==3.0.3\nrequests==2.32.3\n");
    p.set_file(".dockerignore", b".git\n**/__pycache__\n");
    for i in 0..200 {
        p.set_file(&format!("src/mod{}/file{i}.py", i % 10), format!("def f{i}():\n    return {i}\n").as_bytes());
    }
    p.set_file("app.py", format!("print({edit})\n").as_bytes());
    p
}

fn bench(c: &mut Criterion) {
    let mut playground = Playground::new();
    let projects: Vec<Project> = (0..2).map(project).collect();
    // Warm: both versions are in the cache, as after a few keystrokes.
    for p in &projects {
        let view = playground.edit(p);
        assert!(view.build.as_ref().is_some_and(|b| b.error.is_none()), "the bench project builds");
    }
    let mut i = 0;
    c.bench_function("edit: 12-line Dockerfile, 200 files, all views", |b| {
        b.iter(|| {
            i += 1;
            black_box(playground.edit(&projects[i % 2]))
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
