//! Stable sorting with a single copy of the sort code in the app's wasm.
//!
//! `slice::sort_by` is generic over the element and the comparison, so each call site
//! with its own closure instantiates the whole of std's stable sort (driftsort, 3–4 KB of wasm
//! apiece; about 210 KB of the app's code before this). On wasm32 these functions sort the
//! positions `0..len` with one non-generic sort through a `&mut dyn FnMut` comparison and then
//! move the elements into that order, so only the small permutation step is generic. The order
//! is the stable sort's order either way; natively they are `slice::sort_by`, which is faster.

use std::cmp::Ordering;

/// `v.sort_by(compare)`: stable.
pub fn by<T>(v: &mut [T], compare: impl FnMut(&T, &T) -> Ordering) {
    #[cfg(not(target_arch = "wasm32"))]
    v.sort_by(compare);
    #[cfg(target_arch = "wasm32")]
    by_positions(v, compare);
}

/// `v.sort_by_key(key)`: stable.
pub fn by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    by(v, |a, b| key(a).cmp(&key(b)));
}

/// `v.sort()`: stable.
pub fn ord<T: Ord>(v: &mut [T]) {
    by(v, T::cmp);
}

/// The wasm32 path: sort the positions, then apply the permutation.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn by_positions<T>(v: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    let order = sorted_positions(v.len(), &mut |a, b| compare(&v[a], &v[b]));
    permute(v, order);
}

/// The one instance of the stable sort: positions `0..len` in the order `compare` gives.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
#[inline(never)]
fn sorted_positions(len: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

/// Puts the element at `order[i]` at `i`, following each cycle of the permutation with swaps.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn permute<T>(v: &mut [T], mut order: Vec<usize>) {
    for start in 0..v.len() {
        let mut at = start;
        loop {
            let from = order[at];
            order[at] = at;
            if from == start || from == at {
                break;
            }
            v.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator, so the test needs no dependency.
    fn numbers(seed: u64, n: usize, modulo: u64) -> Vec<u64> {
        let mut x = seed;
        (0..n)
            .map(|_| {
                x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                (x >> 33) % modulo
            })
            .collect()
    }

    #[test]
    fn the_wasm_path_gives_the_stable_sorts_order() {
        for (seed, n, modulo) in [(1, 0, 1), (2, 1, 5), (3, 2, 2), (4, 17, 4), (5, 300, 10), (6, 1000, 1000)] {
            // Pairs (key, original position): equal keys must keep their positions' order.
            let items: Vec<(u64, usize)> = numbers(seed, n, modulo).into_iter().zip(0..).collect();
            let mut expected = items.clone();
            expected.sort_by_key(|p| p.0);
            let mut got = items.clone();
            by_positions(&mut got, &mut |a: &(u64, usize), b: &(u64, usize)| a.0.cmp(&b.0));
            assert_eq!(got, expected, "seed {seed}, {n} items");
        }
    }

    #[test]
    fn the_public_functions_sort_as_std_does() {
        let mut words = vec!["pear", "fig", "apple", "fig", "kiwi"];
        ord(&mut words);
        assert_eq!(words, ["apple", "fig", "fig", "kiwi", "pear"]);
        let mut by_len = vec!["pear", "fig", "apple", "kiwi", "ox"];
        by_key(&mut by_len, |w| w.len());
        assert_eq!(by_len, ["ox", "fig", "pear", "kiwi", "apple"]);
        let mut reversed = vec![3, 1, 2];
        by(&mut reversed, |a, b| b.cmp(a));
        assert_eq!(reversed, [3, 2, 1]);
    }
}
