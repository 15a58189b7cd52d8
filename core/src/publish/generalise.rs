//! Generalising the quasi-identifiers until every combination covers at least
//! `min_cell_count` records (k-anonymity by local recoding). Each record starts at its
//! month; a group that is too small climbs one rung of [`LADDER`] at a time (a coarser
//! period, then a quasi-identifier withheld). Where the records lifted into a coarser group
//! are still too few, whole groups that were already large enough and fall inside it are
//! lifted with them, smallest first, so records climb no higher than they must. Records are
//! never dropped, so the release's totals stay exact.

use crate::model::{AllegationCategory, OtherForce, Role, Source};
use crate::period::Period;
use std::collections::{BTreeMap, HashMap};

/// The quasi-identifiers of one record as published: what a reader could know about a
/// person from elsewhere and look for in the release.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct QuasiIdentifiers {
    /// Reported period.
    pub period: Period,
    /// Role.
    pub role: Role,
    /// Allegation category.
    pub category: AllegationCategory,
    /// Source (`None`: not recorded).
    pub source: Option<Source>,
    /// Other force (`None`: not recorded).
    pub other_force: Option<OtherForce>,
}

/// One rung of the ladder: what it does to a record's quasi-identifiers, and the field and
/// level the disclosure report names.
struct Rung {
    field: &'static str,
    to: &'static str,
    apply: fn(&mut QuasiIdentifiers),
}

/// The rungs, in the order a small group climbs them. Dates go first, as far as a year: the
/// figures' filters and series are by category, role and source, and the weekly series do
/// not use the reported date. Then the quasi-identifiers the fewest views use are withheld.
const LADDER: [Rung; 7] = [
    Rung { field: "reported_date", to: "quarter", apply: |q| q.period = q.period.coarser() },
    Rung { field: "reported_date", to: "year", apply: |q| q.period = q.period.coarser() },
    Rung { field: "other_force", to: "Withheld", apply: |q| q.other_force = Some(OtherForce::Withheld) },
    Rung { field: "source", to: "Withheld", apply: |q| q.source = Some(Source::Withheld) },
    Rung { field: "reported_date", to: "Withheld", apply: |q| q.period = Period::Withheld },
    Rung { field: "role", to: "Withheld", apply: |q| q.role = Role::Withheld },
    Rung { field: "allegation_category", to: "Withheld", apply: |q| q.category = AllegationCategory::Withheld },
];

/// The top of the ladder.
const TOP: usize = LADDER.len();

/// `base` (a record's quasi-identifiers at their finest) lifted to `level` rungs up.
fn at_level(base: QuasiIdentifiers, level: usize) -> QuasiIdentifiers {
    let mut q = base;
    for rung in &LADDER[..level] {
        (rung.apply)(&mut q);
    }
    q
}

/// The outcome of generalising: each record's published quasi-identifiers and how many
/// records each rung lifted (for the disclosure report).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generalisation {
    /// Each record's published quasi-identifiers, in input order.
    pub published: Vec<QuasiIdentifiers>,
    /// For each rung, (field, level, records that reached it).
    pub lifted: Vec<(&'static str, &'static str, usize)>,
}

/// Generalises `base` (each record's quasi-identifiers at their finest) so that every
/// published combination covers at least `k` records. Deterministic: it depends only on the
/// multiset of `base`, never on the order of the records. `None` when there are fewer than
/// `k` records in all (no release can protect them).
pub fn generalise(base: &[QuasiIdentifiers], k: usize) -> Option<Generalisation> {
    if base.len() < k {
        return None;
    }
    let mut level = vec![0usize; base.len()];
    for l in 0..TOP {
        // Most records stop at their month: a level no record is at needs no pass.
        if !level.contains(&l) {
            continue;
        }
        let sizes = group_sizes(base, &level);
        if sizes.iter().all(|(&(at, _), &n)| at != l || n >= k) {
            continue;
        }
        // Lift every record of a small group at this level.
        for (r, lv) in level.iter_mut().enumerate() {
            if *lv == l && sizes[&(l, at_level(base[r], l))] < k {
                *lv = l + 1;
            }
        }
        borrow_into(base, &mut level, l + 1, k);
    }
    debug_assert!(group_sizes(base, &level).values().all(|&n| n >= k));
    let published = base.iter().zip(&level).map(|(&b, &l)| at_level(b, l)).collect();
    let lifted = LADDER.iter().enumerate().map(|(i, rung)| (rung.field, rung.to, level.iter().filter(|&&l| l > i).count())).collect();
    Some(Generalisation { published, lifted })
}

/// The size of every group, keyed by (level, published quasi-identifiers).
fn group_sizes(base: &[QuasiIdentifiers], level: &[usize]) -> HashMap<(usize, QuasiIdentifiers), usize> {
    let mut sizes = HashMap::new();
    for (&b, &l) in base.iter().zip(level) {
        *sizes.entry((l, at_level(b, l))).or_insert(0) += 1;
    }
    sizes
}

/// Where the records just lifted to `to` form a group still smaller than `k`, lifts whole
/// groups below `to` that fall inside it (each already large enough), smallest first, until
/// it is large enough; if even all of them would not be enough, lifts none (the group climbs
/// on). At the top every group falls inside the one group left, so this always succeeds there.
fn borrow_into(base: &[QuasiIdentifiers], level: &mut [usize], to: usize, k: usize) {
    let sizes = group_sizes(base, level);
    // Ordered maps, so which groups are lifted never depends on hashing or input order.
    let mut short: BTreeMap<QuasiIdentifiers, usize> = BTreeMap::new();
    for (&(l, q), &n) in &sizes {
        if l == to && n < k {
            short.insert(q, n);
        }
    }
    if short.is_empty() {
        return;
    }
    let mut candidates: BTreeMap<QuasiIdentifiers, Vec<(usize, usize, QuasiIdentifiers)>> = BTreeMap::new();
    for (&(l, q), &n) in &sizes {
        if l < to {
            let parent = lift_group(q, l, to);
            if short.contains_key(&parent) {
                candidates.entry(parent).or_default().push((n, l, q));
            }
        }
    }
    let mut moved: HashMap<(usize, QuasiIdentifiers), ()> = HashMap::new();
    for (parent, have) in short {
        let Some(list) = candidates.get_mut(&parent) else { continue };
        list.sort_unstable();
        let available: usize = list.iter().map(|c| c.0).sum();
        if have + available < k {
            continue;
        }
        let mut total = have;
        for &(n, l, q) in list.iter() {
            if total >= k {
                break;
            }
            total += n;
            moved.insert((l, q), ());
        }
    }
    if moved.is_empty() {
        return;
    }
    for (r, lv) in level.iter_mut().enumerate() {
        if *lv < to && moved.contains_key(&(*lv, at_level(base[r], *lv))) {
            *lv = to;
        }
    }
}

/// A group's quasi-identifiers at level `from`, lifted to level `to` (the rungs are applied
/// to values already at `from`, which is what lifting the group's base values would give).
fn lift_group(q: QuasiIdentifiers, from: usize, to: usize) -> QuasiIdentifiers {
    let mut q = q;
    for rung in &LADDER[from..to] {
        (rung.apply)(&mut q);
    }
    q
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn qi(year: i32, month: u32, role: usize, category: usize, source: usize) -> QuasiIdentifiers {
        QuasiIdentifiers {
            period: Period::Month(year, month),
            role: Role::ALL[role % 3],
            category: AllegationCategory::ALL[category % 6],
            source: (source % 6 < 5).then(|| Source::ALL[source % 6]),
            other_force: Some(OtherForce::No),
        }
    }

    fn smallest_group(g: &Generalisation) -> usize {
        let mut sizes: HashMap<QuasiIdentifiers, usize> = HashMap::new();
        for q in &g.published {
            *sizes.entry(*q).or_insert(0) += 1;
        }
        sizes.values().copied().min().unwrap_or(0)
    }

    #[test]
    fn small_groups_climb_and_borrow_the_smallest_group_they_need() {
        let mut base = vec![qi(2023, 3, 0, 0, 0); 5];
        base.extend([qi(2023, 1, 0, 0, 0), qi(2023, 2, 0, 0, 0)]);
        base.extend(vec![qi(2023, 5, 0, 0, 0); 4]);
        let g = generalise(&base, 3).unwrap();
        // January and February (one each) cannot make a quarter group of 3 between them, so
        // the smallest large group in that quarter (March, 5) joins them rather than both
        // climbing to a year; May, in another quarter, keeps its month.
        assert!(g.published[..7].iter().all(|q| q.period == Period::Quarter(2023, 1)), "{:?}", g.published);
        assert!(g.published[7..].iter().all(|q| q.period == Period::Month(2023, 5)));
        assert_eq!(g.lifted[0], ("reported_date", "quarter", 7));
        assert_eq!(g.lifted[1], ("reported_date", "year", 0));
        assert_eq!(smallest_group(&g), 4);
    }

    #[test]
    fn fewer_records_than_the_threshold_cannot_be_published() {
        assert_eq!(generalise(&[qi(2023, 3, 0, 0, 0); 2], 3), None);
        assert!(generalise(&[qi(2023, 3, 0, 0, 0); 3], 3).is_some());
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        #[test]
        fn every_published_group_is_large_enough_and_order_does_not_matter(
            raw in proptest::collection::vec((2019i32..2024, 1u32..13, 0usize..3, 0usize..6, 0usize..6), 3..300),
            k in 2usize..6,
        ) {
            let base: Vec<QuasiIdentifiers> = raw.iter().map(|&(y, m, r, c, s)| qi(y, m, r, c, s)).collect();
            prop_assume!(base.len() >= k);
            let g = generalise(&base, k).unwrap();
            prop_assert!(smallest_group(&g) >= k);
            // Each published value generalises the record's own.
            for (b, p) in base.iter().zip(&g.published) {
                prop_assert!(p.period.first_day() <= b.period.first_day() && b.period.last_day() <= p.period.last_day());
                prop_assert!(p.role == b.role || p.role == Role::Withheld);
                prop_assert!(p.category == b.category || p.category == AllegationCategory::Withheld);
            }
            // The same records in reverse order are published alike.
            let mut reversed = base.clone();
            reversed.reverse();
            let mut again = generalise(&reversed, k).unwrap().published;
            again.reverse();
            prop_assert_eq!(again, g.published);
        }
    }
}
