//! The practice modes beside the lessons: drills (a generated question, the
//! same for the same seed) and interview mode (a set of quick questions
//! across topics, timed or not, graded as they are answered and revealed —
//! score, grades, model answers — only at the end).

use layerlab_lessons::{Exercise, Kind};

/// Questions in an interview set.
pub const INTERVIEW_QUESTIONS: usize = 8;
/// A timed interview allows this long per question.
pub const SECONDS_PER_QUESTION: u64 = 90;

/// A drill question of `kind` (predict-argv or predict-cache) for `seed`.
pub fn drill(kind: Kind, seed: u64) -> Exercise {
    match kind {
        Kind::PredictCache => layerlab_lessons::cache_drill(seed),
        _ => layerlab_lessons::argv_drill(seed),
    }
}

/// An interview in progress or finished.
#[derive(Debug, Clone, PartialEq)]
pub struct Interview {
    /// (lesson, exercise) indexes into the course.
    pub questions: Vec<(usize, usize)>,
    /// The question on screen (`questions.len()` once all are answered).
    pub current: usize,
    /// Whether each question got an answer (a skipped or timed-out one did not).
    pub answered: Vec<bool>,
    /// When it started (ms since the epoch, the app's clock).
    pub started: u64,
    /// The time allowed in ms; `None` when untimed.
    pub limit: Option<u64>,
    pub finished: bool,
}

impl Interview {
    pub fn new(questions: Vec<(usize, usize)>, timed: bool, now: u64) -> Interview {
        let limit = timed.then(|| questions.len() as u64 * SECONDS_PER_QUESTION * 1000);
        let answered = vec![false; questions.len()];
        Interview { questions, current: 0, answered, started: now, limit, finished: false }
    }

    /// When the time runs out, if timed.
    pub fn deadline(&self) -> Option<u64> {
        self.limit.map(|l| self.started.saturating_add(l))
    }

    pub fn out_of_time(&self, now: u64) -> bool {
        self.deadline().is_some_and(|d| now >= d)
    }

    /// Moves past the current question; the set finishes after the last.
    pub fn advance(&mut self) {
        self.current = (self.current + 1).min(self.questions.len());
        if self.current == self.questions.len() {
            self.finished = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_timed_set_runs_out_and_the_last_answer_finishes_it() {
        let mut i = Interview::new(vec![(0, 0), (1, 0)], true, 1_000);
        assert_eq!(i.deadline(), Some(1_000 + 2 * 90_000));
        assert!(!i.out_of_time(1_000 + 179_999));
        assert!(i.out_of_time(1_000 + 180_000));
        i.advance();
        assert!(!i.finished);
        i.advance();
        i.advance();
        assert!(i.finished);
        assert_eq!(i.current, 2);
        assert_eq!(Interview::new(vec![(0, 0)], false, 5).deadline(), None);
    }

    #[test]
    fn drills_are_the_crates_for_the_seed() {
        assert_eq!(drill(Kind::PredictArgv, 4), layerlab_lessons::argv_drill(4));
        assert_eq!(drill(Kind::PredictCache, 4), layerlab_lessons::cache_drill(4));
    }
}
