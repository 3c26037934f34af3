//! Highlighting speed: the editor re-tokenizes the whole file on every
//! keystroke, so a 500-line Dockerfile must take well under a millisecond.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use layerlab_core::{examples, highlight, syntax};

/// About `lines` lines built from the examples gallery's Dockerfiles (real
/// instructions, continuations, JSON form, stages), repeated.
fn dockerfile(lines: usize) -> String {
    let mut text = String::from("# syntax=docker/dockerfile:1\n");
    let mut i = 0;
    while text.lines().count() < lines {
        let example = &examples::all()[i % examples::all().len()];
        // Directives are only read at the top; later ones are comments, which is fine here.
        text.push_str(example.dockerfile);
        text.push_str(&format!(
            "RUN apt-get update && \\\n    apt-get install -y --no-install-recommends pkg{i} && \\\n    rm -rf /var/lib/apt/lists/*\nENV PATH=/app/{i}/bin:$PATH MODE=\"prod ${{MODE:-{i}}}\"\nRUN <<EOF\necho {i}\nEOF\n"
        ));
        i += 1;
    }
    text
}

fn bench(c: &mut Criterion) {
    let text = dockerfile(500);
    let mut group = c.benchmark_group("highlight");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function(format!("{} lines: tokens", text.lines().count()), |b| {
        b.iter(|| highlight::tokens(black_box(&text)))
    });
    // The editor already parses for its diagnostics: highlighting's own share.
    let parsed = syntax::parse(&text);
    group.bench_function(format!("{} lines: tokens_of (parse shared)", text.lines().count()), |b| {
        b.iter(|| highlight::tokens_of(black_box(&text), black_box(&parsed)))
    });
    // For comparison: the parse that `tokens` starts with.
    group.bench_function(format!("{} lines: syntax::parse alone", text.lines().count()), |b| {
        b.iter(|| syntax::parse(black_box(&text)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
