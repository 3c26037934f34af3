//! A step counter shared by one expansion call, so that no input can keep the
//! lexer busy for long: pattern matching and bulk copying charge it, and the
//! call fails with [`super::ExpansionErrorKind::WorkLimitExceeded`] once it
//! runs out. Legitimate Dockerfiles use a tiny fraction of it.

/// What is left of one call's allowance.
#[derive(Debug)]
pub(super) struct Budget {
    left: usize,
}

/// The allowance ran out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Exhausted;

impl Budget {
    pub(super) fn new(limit: usize) -> Budget {
        Budget { left: limit }
    }

    /// Spends `steps`, or fails (and stays empty) when fewer are left.
    pub(super) fn charge(&mut self, steps: usize) -> Result<(), Exhausted> {
        match self.left.checked_sub(steps) {
            Some(left) => {
                self.left = left;
                Ok(())
            }
            None => {
                self.left = 0;
                Err(Exhausted)
            }
        }
    }
}
