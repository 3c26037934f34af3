//! The examples gallery: the core's (`layerlab_core::examples`), each a
//! small, buildable project; the Flask one opens on a first visit.

pub use layerlab_core::examples::{all, by_name, Example};

/// What a first visit opens: Flask, the project the tutorial starts from.
pub fn first() -> &'static Example {
    by_name("flask").unwrap_or(&all()[0])
}

#[cfg(test)]
mod tests {
    use super::*;
    use layerlab_core::playground::Playground;

    #[test]
    fn every_example_builds_without_errors() {
        for example in all() {
            let view = Playground::new().edit(&example.project());
            assert!(!view.analysis.has_errors(), "{}: {:?}", example.name, view.analysis.diagnostics);
            let build = view.build.unwrap_or_else(|| panic!("{} did not build", example.name));
            assert!(build.error.is_none(), "{}: {:?}", example.name, build.error);
        }
        assert_eq!(first().name, "flask");
    }
}
