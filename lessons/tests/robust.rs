//! Reading never panics: arbitrary text, and real lessons cut or mangled at
//! any point, give a lesson or located errors.

use proptest::prelude::*;

const LESSON: &str = include_str!("../content/03-cmd-vs-entrypoint.toml");

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn arbitrary_text_gives_errors_not_panics(text in "\\PC{0,400}") {
        if let Err(errors) = layerlab_lessons::parse_lesson("03-cmd-vs-entrypoint.toml", &text) {
            prop_assert!(!errors.is_empty());
            prop_assert!(errors.iter().all(|e| e.line >= 1 && e.column >= 1));
        }
        let _ = layerlab_lessons::Markdown::parse(&text);
    }

    #[test]
    fn a_lesson_cut_anywhere_is_read_or_located(cut in 0usize..LESSON.len(), insert in "[\"'`\\[\\]=\n ]{0,3}") {
        let mut at = cut;
        while !LESSON.is_char_boundary(at) {
            at -= 1;
        }
        let text = format!("{}{insert}{}", &LESSON[..at], &LESSON[at..]);
        if let Err(errors) = layerlab_lessons::parse_lesson("03-cmd-vs-entrypoint.toml", &text) {
            let lines = text.lines().count() + 1;
            prop_assert!(errors.iter().all(|e| e.line >= 1 && e.line <= lines), "{errors:?}");
        }
    }
}
