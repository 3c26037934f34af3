//! The learner's progress through the lessons: which lessons were opened and
//! which exercises passed, kept in `localStorage` under a versioned key and
//! exported or imported as a JSON file. Reading is lenient: a value that does
//! not read is copied aside and the course starts fresh, never a crash.

use std::collections::BTreeMap;

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

    /// A Check: counts the attempt; a pass is kept even if a later try fails.
    pub fn record(&mut self, lesson: &str, exercise: &str, passed: bool) {
        let entry = self.lessons.entry(lesson.to_owned()).or_default();
        entry.opened = true;
        let e = entry.exercises.entry(exercise.to_owned()).or_default();
        e.attempts = e.attempts.saturating_add(1);
        e.passed |= passed;
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
        p.record("cmd", "argv-1", true);
        p.record("cmd", "argv-1", false);
        let back = Progress::from_json(&p.to_json()).unwrap();
        assert!(back.passed("cmd", "argv-1"));
        assert_eq!(back.lessons["cmd"].exercises["argv-1"].attempts, 2);
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
