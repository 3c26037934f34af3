//! Compose files from arbitrary text never panic the loader: interpolation
//! of any string, and loading any YAML-like text, return a value or an
//! error, and `docker compose config` renders whatever loads.

use layerlab_core::compose::file::render::config;
use layerlab_core::compose::file::template::substitute;
use layerlab_core::compose::file::{load, ComposeInput};
use proptest::prelude::*;

/// Text built from the pieces of Compose's template grammar.
fn template_like() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "$", "$$", "{", "}", "${", "${A", "${FOO", ":-", "-", ":?", "?", ":+", "+", "A", "_", "1", " ", "\n", "é", "x",
    ]);
    prop::collection::vec(piece, 0..40).prop_map(|p| p.concat())
}

/// Text built from the pieces of a Compose file.
fn compose_like() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "services:\n",
        "  web:\n",
        "    image: nginx\n",
        "    ports:\n",
        "      - ",
        "\"8080:80\"\n",
        "80-81:80-81/udp\n",
        "    volumes: [data:/d, ./x:/y:ro]\n",
        "    depends_on: [db]\n",
        "  db: {image: pg}\n",
        "volumes:\n  data:\n",
        "networks:\n",
        "  back: {external: true}\n",
        "    environment:\n      A: ${B:-c}\n",
        "    command: 'a \"b'\n",
        "    healthcheck: {test: [CMD, x], interval: 1m}\n",
        "&a ",
        "*a\n",
        "<<: *a\n",
        "- ",
        ": ",
        "\t",
        "{",
        "[",
        "x-y: 1\n",
        "    restart: on-failure:2\n",
        "    deploy: {resources: {limits: {memory: 1g, cpus: '0.5'}}}\n",
    ]);
    prop::collection::vec(piece, 0..24).prop_map(|p| p.concat())
}

fn try_load(text: &str) {
    let input = ComposeInput {
        files: vec![("compose.yaml".into(), text.to_string())],
        project_dir_name: "p".into(),
        ..ComposeInput::default()
    };
    if let Ok(project) = load(&input) {
        let _ = config(&project);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn interpolation_never_panics(text in template_like()) {
        let _ = substitute(&text, &|name: &str| (name == "A").then(|| "v".to_string()));
    }

    #[test]
    fn interpolation_never_panics_on_any_text(text in any::<String>()) {
        let _ = substitute(&text, &|_: &str| None);
    }

    #[test]
    fn loading_compose_like_text_never_panics(text in compose_like()) {
        try_load(&text);
    }

    #[test]
    fn loading_any_text_never_panics(text in any::<String>()) {
        try_load(&text);
    }
}
