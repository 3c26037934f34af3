//! A line diff of two small texts, for "what changed in this file since the
//! last build" (longest common subsequence; texts too big for it are
//! reported as changed without lines, so the page never stalls).

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Same,
    Removed,
    Added,
}

/// Lines × lines above which no line diff is computed.
const MAX_CELLS: usize = 250_000;

/// The lines of `old` and `new` with what happened to each, in order; `None`
/// when the texts are too large to compare line by line.
pub fn lines<'a>(old: &'a str, new: &'a str) -> Option<Vec<(Op, &'a str)>> {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    if a.len().saturating_mul(b.len()) > MAX_CELLS {
        return None;
    }
    // lcs[i][j]: the common subsequence length of a[i..] and b[j..].
    let mut lcs = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] { lcs[i + 1][j + 1] + 1 } else { lcs[i + 1][j].max(lcs[i][j + 1]) };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            out.push((Op::Same, a[i]));
            (i, j) = (i + 1, j + 1);
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            out.push((Op::Removed, a[i]));
            i += 1;
        } else {
            out.push((Op::Added, b[j]));
            j += 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_line_is_a_removal_and_an_addition_between_kept_lines() {
        let diff = lines("a\nb\nc\n", "a\nB\nc\nd\n").expect("small");
        assert_eq!(diff, [(Op::Same, "a"), (Op::Removed, "b"), (Op::Added, "B"), (Op::Same, "c"), (Op::Added, "d")]);
        assert_eq!(lines("", "x").expect("small"), [(Op::Added, "x")]);
        let big = "x\n".repeat(600);
        assert_eq!(lines(&big, &big), None);
    }
}
