//! Checks over `static/*.css` (tests only): each component's stylesheet
//! styles its own classes, so no class is styled from two files (a rule
//! meant for one screen leaking into another), and every stylesheet is
//! linked from `app/index.html`.
//!
//! A class is a file's own when a selector of that file ends with it. A
//! selector inside a context the file styles itself (`.term-welcome
//! .runnable`: the terminal's chips, where `.term-welcome p` is styled too)
//! styles a child component in place and owns nothing.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

fn static_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../static")
}

/// Every stylesheet: (file name, text).
fn stylesheets() -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(static_dir())
        .expect("static/")
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            (path.extension()? == "css").then(|| {
                let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
                (name, std::fs::read_to_string(&path).expect("a readable stylesheet"))
            })
        })
        .collect();
    files.sort();
    files
}

/// The selectors of a stylesheet, one per comma-separated part (at-rules'
/// preludes left out; the rules inside them are read like the others).
fn selectors(css: &str) -> Vec<String> {
    let mut text = String::new();
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        text.push_str(&rest[..start]);
        rest = rest[start + 2..].split_once("*/").map_or("", |(_, after)| after);
    }
    text.push_str(rest);
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '{' => {
                let prelude = text[start..i].trim();
                if !prelude.starts_with('@') {
                    out.extend(prelude.split(',').map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()));
                }
                start = i + 1;
            }
            '}' | ';' => start = i + 1,
            _ => {}
        }
    }
    out
}

/// The classes of one compound selector (`button.practice-card:hover`).
fn classes(compound: &str) -> Vec<String> {
    compound
        .split('.')
        .skip(1)
        .map(|s| s.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect::<String>())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Each file's own classes.
fn owners(files: &[(String, String)]) -> BTreeMap<String, BTreeSet<String>> {
    let mut owned: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let mut contexts: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let mut in_context: Vec<(&str, Vec<String>, Vec<String>)> = Vec::new();
    for (file, css) in files {
        for selector in selectors(css) {
            let compounds: Vec<&str> =
                selector.split(|c: char| c.is_whitespace() || "<>+~".contains(c)).filter(|s| !s.is_empty()).collect();
            let (Some(first), Some(last)) = (compounds.first(), compounds.last()) else { continue };
            let subject = classes(last);
            if compounds.len() == 1 {
                owned.entry(file).or_default().extend(subject);
            } else if subject.is_empty() {
                // `.term-welcome p`: the context is styled here.
                contexts.entry(file).or_default().extend(classes(first));
            } else {
                in_context.push((file, classes(first), subject));
            }
        }
    }
    // A descendant selector owns its subject unless its context is the file's own.
    for (file, context, subject) in in_context {
        let own = |c: &String| {
            owned.get(file).is_some_and(|own| own.contains(c)) || contexts.get(file).is_some_and(|own| own.contains(c))
        };
        let mine = context.iter().any(own);
        if !mine {
            owned.entry(file).or_default().extend(subject);
        }
    }
    let mut by_class: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (file, classes) in owned {
        for class in classes {
            by_class.entry(class).or_default().insert(file.to_owned());
        }
    }
    by_class
}

#[test]
fn no_class_is_styled_from_two_stylesheets() {
    let shared: Vec<String> = owners(&stylesheets())
        .into_iter()
        .filter(|(_, files)| files.len() > 1)
        .map(|(class, files)| format!(".{class} in {files:?}"))
        .collect();
    assert!(shared.is_empty(), "classes styled from more than one stylesheet:\n{}", shared.join("\n"));
}

#[test]
fn the_checker_sees_a_collision_and_allows_styling_in_place() {
    let files = [
        (
            "a.css".to_owned(),
            "/* a */ .card, .a-title { color: red }\n@media (x) { .a .shared { margin: 0 } }".to_owned(),
        ),
        ("b.css".to_owned(), ".b { } .b .card { } .shared:hover { }".to_owned()),
    ];
    let owners = owners(&files);
    assert_eq!(owners["card"], BTreeSet::from(["a.css".to_owned()]), "b styles .card inside its own .b");
    assert_eq!(owners["shared"], BTreeSet::from(["a.css".to_owned(), "b.css".to_owned()]), "a does not own .a");
    assert_eq!(owners["a-title"], BTreeSet::from(["a.css".to_owned()]));
}

#[test]
fn every_stylesheet_is_linked_from_the_page() {
    let html = std::fs::read_to_string(static_dir().join("../app/index.html")).expect("app/index.html");
    for (file, _) in stylesheets() {
        let link = format!(r#"href="../static/{file}""#);
        assert!(html.contains(&link), "{file} is not linked from app/index.html");
    }
}
