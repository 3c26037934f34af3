//! `layerlab compose config`: Compose files read from disk and printed as
//! `docker compose config` prints them.

use super::{layerlab, text};

fn project(files: &[(&str, &str)]) -> std::path::PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir()
        .join(format!("layerlab-compose-{}-{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed)))
        .join("Shop");
    std::fs::create_dir_all(&dir).expect("temp dir");
    for (name, body) in files {
        std::fs::write(dir.join(name), body).expect("write");
    }
    dir
}

#[test]
fn config_merges_the_f_files_in_order() {
    let dir = project(&[
        ("compose.yaml", "services:\n  web:\n    image: nginx:${TAG:-latest}\n    ports: ['8080:80']\n"),
        ("prod.yaml", "services:\n  web:\n    image: nginx:1.27\n    restart: always\n"),
    ]);
    let base = dir.join("compose.yaml");
    let prod = dir.join("prod.yaml");
    let project_dir = dir.to_str().unwrap();
    let (base, prod) = (base.to_str().unwrap(), prod.to_str().unwrap());
    let out = layerlab(&["compose", "--project-directory", project_dir, "-f", base, "-f", prod, "config"], "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // The project is named after the project directory, normalized.
    assert_eq!(
        text(&out.stdout),
        "name: shop\nservices:\n  web:\n    image: nginx:1.27\n    networks:\n      default: null\n    ports:\n      - mode: ingress\n        target: 80\n        published: \"8080\"\n        protocol: tcp\n    restart: always\nnetworks:\n  default:\n    name: shop_default\n"
    );
}

#[test]
fn config_reports_errors_with_their_place() {
    let dir = project(&[("compose.yaml", "services:\n  web:\n    image: nginx\n    prots: ['80']\n")]);
    let out = layerlab(&["compose", "--project-directory", dir.to_str().unwrap(), "config", "--services"], "");
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("compose.yaml:4:5: validating "), "{err}");
    assert!(err.ends_with("services.web additional properties 'prots' not allowed\n"), "{err}");
}
