//! The learner's progress through the lessons: which lessons were opened and
//! which exercises passed, kept in `localStorage` under a versioned key and
//! exported or imported as a JSON file. Reading is lenient: a value that does
//! not read is copied aside and the course starts fresh, never a crash.
//! Each checked exercise carries a review card (`layerlab_lessons::Card`,
//! spaced repetition) that the review queue reads; older values without
//! cards read as having none.

use std::collections::BTreeMap;

use layerlab_lessons::{Card, Lesson};
use serde::{Deserialize, Serialize};

/// Where the progress is kept.
pub const KEY: &str = "layerlab.progress.v1";
/// Where an unreadable stored value is copied before it is replaced.
pub const UNREADABLE_KEY: &str = "layerlab.progress.v1.unreadable";
/// The format this version writes (and the only one it reads so far).
pub const FORMAT: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    #[serde(default = "format")]
    pub format: u32,
    /// By lesson id.
    #[serde(default)]
    pub lessons: BTreeMap<String, LessonProgress>,
}

fn format() -> u32 {
    FORMAT
}

impl Default for Progress {
    fn default() -> Progress {
        Progress { format: FORMAT, lessons: BTreeMap::new() }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LessonProgress {
    #[serde(default)]
    pub opened: bool,
    /// By exercise id.
    #[serde(default)]
    pub exercises: BTreeMap<String, ExerciseProgress>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ExerciseProgress {
    #[serde(default)]
    pub passed: bool,
    /// Checks pressed.
    #[serde(default)]
    pub attempts: u32,
    /// When the review queue brings it back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<Card>,
}

impl Progress {
    /// Reads a stored or imported value; only the formats this version knows.
    pub fn from_json(text: &str) -> Result<Progress, String> {
        let progress: Progress = serde_json::from_str(text).map_err(|e| format!("not a progress file ({e})"))?;
        if progress.format != FORMAT {
            return Err(format!("progress format {} is newer than this version reads ({FORMAT})", progress.format));
        }
        Ok(progress)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|_| "{}".to_owned())
    }

    pub fn lesson(&self, id: &str) -> Option<&LessonProgress> {
        self.lessons.get(id)
    }

    pub fn passed(&self, lesson: &str, exercise: &str) -> bool {
        self.lesson(lesson).and_then(|l| l.exercises.get(exercise)).is_some_and(|e| e.passed)
    }

    /// How many of `exercises` of `lesson` passed.
    pub fn passed_count<'a>(&self, lesson: &str, exercises: impl IntoIterator<Item = &'a str>) -> usize {
        exercises.into_iter().filter(|e| self.passed(lesson, e)).count()
    }

    pub fn open(&mut self, lesson: &str) {
        self.lessons.entry(lesson.to_owned()).or_default().opened = true;
    }

    /// A Check at `now` (ms since the epoch): counts the attempt, keeps a
    /// pass even if a later try fails, and reschedules the review card.
    pub fn record(&mut self, lesson: &str, exercise: &str, passed: bool, now: u64) {
        let entry = self.lessons.entry(lesson.to_owned()).or_default();
        entry.opened = true;
        let e = entry.exercises.entry(exercise.to_owned()).or_default();
        e.attempts = e.attempts.saturating_add(1);
        e.passed |= passed;
        e.review = Some(Card::after(e.review, passed, now));
    }

    /// The review queue at `now`: (lesson, exercise) indexes of `lessons`
    /// whose cards are due, most overdue first.
    pub fn due(&self, lessons: &[Lesson], now: u64) -> Vec<(usize, usize)> {
        let cards = lessons.iter().enumerate().flat_map(|(li, l)| {
            l.exercises.iter().enumerate().filter_map(move |(ei, e)| {
                let card = self.lesson(&l.id)?.exercises.get(&e.id)?.review?;
                Some(((li, ei), card))
            })
        });
        layerlab_lessons::due(cards, now)
    }

    /// Per topic, in first-seen course order: (topic, passed, total) over
    /// the exercises of the lessons that list it.
    pub fn by_topic(&self, lessons: &[Lesson]) -> Vec<(String, usize, usize)> {
        let mut topics: Vec<(String, usize, usize)> = Vec::new();
        for lesson in lessons {
            let total = lesson.exercises.len();
            let done = self.passed_count(&lesson.id, lesson.exercises.iter().map(|e| e.id.as_str()));
            for topic in &lesson.topics {
                match topics.iter_mut().find(|(t, _, _)| t == topic) {
                    Some(row) => {
                        row.1 += done;
                        row.2 += total;
                    }
                    None => topics.push((topic.clone(), done, total)),
                }
            }
        }
        topics
    }
}

/// What was found at startup: the progress, and why a stored value was set aside.
pub fn load() -> (Progress, Option<String>) {
    let Some(storage) = crate::storage::local_storage() else { return (Progress::default(), None) };
    let Some(raw) = storage.get_item(KEY).ok().flatten() else { return (Progress::default(), None) };
    match Progress::from_json(&raw) {
        Ok(progress) => (progress, None),
        Err(why) => {
            let _ = storage.set_item(UNREADABLE_KEY, &raw);
            (Progress::default(), Some(why))
        }
    }
}

/// Saves the progress; `false` when localStorage is missing or full.
pub fn save(progress: &Progress) -> bool {
    crate::storage::local_storage().is_some_and(|s| s.set_item(KEY, &progress.to_json()).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_keeps_a_pass() {
        let mut p = Progress::default();
        p.record("cmd", "argv-1", true, 10);
        p.record("cmd", "argv-1", false, 20);
        let back = Progress::from_json(&p.to_json()).unwrap();
        assert!(back.passed("cmd", "argv-1"));
        assert_eq!(back.lessons["cmd"].exercises["argv-1"].attempts, 2);
        assert_eq!(back.lessons["cmd"].exercises["argv-1"].review.map(|c| c.due), Some(20), "the miss is due");
    }

    #[test]
    fn a_value_from_before_review_cards_still_reads() {
        let old = r#"{"format":1,"lessons":{"cmd":{"opened":true,"exercises":{"a":{"passed":true,"attempts":1}}}}}"#;
        let p = Progress::from_json(old).unwrap();
        assert!(p.passed("cmd", "a"));
        assert_eq!(p.lessons["cmd"].exercises["a"].review, None);
    }

    #[test]
    fn the_queue_holds_missed_and_due_exercises_and_topics_add_up() {
        let lessons = layerlab_lessons::load_all().expect("the lessons");
        let (a, b) = (&lessons[0], &lessons[1]);
        let mut p = Progress::default();
        let day = layerlab_lessons::DAY_MS;
        p.record(&a.id, &a.exercises[0].id, true, 1_000);
        p.record(&b.id, &b.exercises[1].id, false, 2_000);
        // At once only the miss; a day after the pass both, the miss (due since 2 000) first.
        assert_eq!(p.due(&lessons, 2_000), [(1, 1)]);
        assert_eq!(p.due(&lessons, 1_000 + day), [(1, 1), (0, 0)]);
        let topics = p.by_topic(&lessons);
        let fundamentals = topics.iter().find(|(t, _, _)| t == "fundamentals").expect("lessons 1 and 2 list it");
        assert_eq!((fundamentals.1, fundamentals.2), (1, a.exercises.len() + b.exercises.len()));
    }

    #[test]
    fn bad_values_are_errors_not_panics() {
        for bad in ["", "null", "[1,2]", "{\"lessons\": 3}", "{\"format\": 99}", "\u{0}"] {
            assert!(Progress::from_json(bad).is_err(), "{bad:?}");
        }
        // Missing fields read as empty.
        assert_eq!(Progress::from_json("{}").unwrap(), Progress::default());
    }
}
