//! Interview mode's question set: one quick question (a multiple choice or a
//! prediction, answered in a minute) from each of several lessons, so a set
//! spans topics, in an order drawn from a seed (the same seed, the same set).

use crate::drill::Rng;
use crate::model::{Kind, Lesson};

/// The kinds answered in about a minute, as an interviewer would ask them.
pub const QUICK: [Kind; 3] = [Kind::Choose, Kind::PredictArgv, Kind::PredictCache];

/// `count` questions as (lesson, exercise) indexes, each from a different
/// lesson (fewer if fewer lessons have a quick question).
pub fn interview_set(lessons: &[Lesson], seed: u64, count: usize) -> Vec<(usize, usize)> {
    let mut rng = Rng::new(seed);
    let mut candidates: Vec<(usize, Vec<usize>)> = lessons
        .iter()
        .enumerate()
        .map(|(li, l)| {
            let quick = l.exercises.iter().enumerate().filter(|(_, e)| QUICK.contains(&e.kind())).map(|(i, _)| i);
            (li, quick.collect())
        })
        .filter(|(_, quick): &(usize, Vec<usize>)| !quick.is_empty())
        .collect();
    // Fisher–Yates with the seeded generator.
    for i in (1..candidates.len()).rev() {
        candidates.swap(i, rng.below(i + 1));
    }
    candidates.into_iter().take(count).map(|(li, quick)| (li, *rng.pick(&quick))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn a_set_spans_lessons_with_quick_questions_and_repeats_for_a_seed() {
        let lessons = crate::load_all().expect("the embedded lessons");
        let set = interview_set(&lessons, 7, 8);
        assert_eq!(set.len(), 8);
        let distinct: BTreeSet<usize> = set.iter().map(|(l, _)| *l).collect();
        assert_eq!(distinct.len(), 8, "one question per lesson: {set:?}");
        for (l, e) in &set {
            assert!(QUICK.contains(&lessons[*l].exercises[*e].kind()), "{l}/{e} is quick");
        }
        assert_eq!(interview_set(&lessons, 7, 8), set);
        let others: Vec<_> = (0..20).map(|s| interview_set(&lessons, s, 8)).collect();
        assert!(others.iter().any(|o| *o != set), "seeds differ");
        // Never more questions than lessons with a quick one.
        assert!(interview_set(&lessons, 1, 1000).len() <= lessons.len());
    }
}
