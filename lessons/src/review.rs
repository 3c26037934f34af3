//! Spaced repetition for the review queue: each exercise a learner checked
//! gets a card saying when it is due again. A miss is due at once and
//! starts over; a pass doubles the wait (one day, two, four, … up to
//! sixty). Pure: the clock is the caller's (`now` in milliseconds since the
//! Unix epoch; the app passes `Date.now()`).

use serde::{Deserialize, Serialize};

/// One day in milliseconds.
pub const DAY_MS: u64 = 24 * 60 * 60 * 1000;
/// The first wait after a pass.
pub const FIRST_INTERVAL_MS: u64 = DAY_MS;
/// The longest wait: a card never goes further away than this.
pub const MAX_INTERVAL_MS: u64 = 60 * DAY_MS;

/// When an exercise comes back, and how it has gone so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Card {
    /// Due at this time (ms since the epoch); due when `due <= now`.
    #[serde(default)]
    pub due: u64,
    /// The wait that set `due` (0 after a miss).
    #[serde(default)]
    pub interval: u64,
    /// Passes in a row.
    #[serde(default)]
    pub streak: u32,
    /// Misses in all.
    #[serde(default)]
    pub lapses: u32,
}

impl Card {
    /// The card after a Check at `now`: a miss is due now, a pass waits
    /// twice as long as last time (a day the first time).
    pub fn after(previous: Option<Card>, passed: bool, now: u64) -> Card {
        let previous = previous.unwrap_or_default();
        if passed {
            let interval = if previous.interval == 0 {
                FIRST_INTERVAL_MS
            } else {
                previous.interval.saturating_mul(2).min(MAX_INTERVAL_MS)
            };
            Card { due: now.saturating_add(interval), interval, streak: previous.streak + 1, lapses: previous.lapses }
        } else {
            Card { due: now, interval: 0, streak: 0, lapses: previous.lapses + 1 }
        }
    }

    pub fn is_due(&self, now: u64) -> bool {
        self.due <= now
    }
}

/// The keys of the cards due at `now`, most overdue first (ties keep the
/// given order, so course order breaks them).
pub fn due<K>(cards: impl IntoIterator<Item = (K, Card)>, now: u64) -> Vec<K> {
    let mut due: Vec<(u64, K)> = cards.into_iter().filter(|(_, c)| c.is_due(now)).map(|(k, c)| (c.due, k)).collect();
    layerlab_core::sort::by_key(&mut due, |(at, _)| *at);
    due.into_iter().map(|(_, k)| k).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: u64 = 1_700_000_000_000;

    #[test]
    fn a_miss_is_due_at_once_and_a_pass_waits_a_day_then_doubles() {
        let missed = Card::after(None, false, T0);
        assert_eq!((missed.due, missed.interval, missed.lapses), (T0, 0, 1));
        assert!(missed.is_due(T0));

        let first = Card::after(Some(missed), true, T0 + 5);
        assert_eq!(first.due, T0 + 5 + 86_400_000);
        assert!(!first.is_due(T0 + 5 + 86_399_999));
        assert!(first.is_due(T0 + 5 + 86_400_000));

        let second = Card::after(Some(first), true, first.due);
        assert_eq!(second.interval, 2 * 86_400_000);
        assert_eq!((second.streak, second.lapses), (2, 1));

        // A miss later starts the waits over.
        let again = Card::after(Some(second), false, second.due);
        assert_eq!((again.interval, again.streak, again.lapses), (0, 0, 2));
        assert_eq!(Card::after(Some(again), true, T0).interval, 86_400_000);
    }

    #[test]
    fn waits_stop_at_sixty_days() {
        let mut card = None;
        for _ in 0..20 {
            card = Some(Card::after(card, true, T0));
        }
        assert_eq!(card.map(|c| c.interval), Some(60 * 86_400_000));
    }

    #[test]
    fn the_queue_is_the_due_cards_most_overdue_first() {
        let card = |due| Card { due, ..Card::default() };
        let cards = [("later", card(T0 + 1)), ("old", card(T0 - 100)), ("now", card(T0)), ("older", card(T0 - 200))];
        assert_eq!(due(cards, T0), ["older", "old", "now"]);
        assert!(due(cards, T0 - 1_000).is_empty());
    }
}
