//! Which cases a view counts, and the same choice compiled for the inner loop.

use super::codes::{self, count, joint};
use crate::model::{AllegationCategory, Role, Source};
use chrono::NaiveDate;

/// Which cases to count. Empty choices mean "all". The date range applies to `reported_date`
/// and includes both ends.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// First reported date included.
    pub from: Option<NaiveDate>,
    /// Last reported date included.
    pub to: Option<NaiveDate>,
    /// Allegation categories included (empty: all).
    pub categories: Vec<AllegationCategory>,
    /// Roles included (empty: all).
    pub roles: Vec<Role>,
    /// Sources included, `None` standing for "not recorded" (empty: all).
    pub sources: Vec<Option<Source>>,
}

/// The filter as day numbers and, for each block code, whether it is selected.
pub(super) struct CompiledFilter {
    /// First reported day included (`i32::MIN`: no limit).
    pub from: i32,
    /// Last reported day included (`i32::MAX`: no limit).
    pub to: i32,
    /// Whether each block code (role × category × source) is selected; codes past
    /// [`joint::BLOCKS`] never are.
    pub block_selected: [bool; joint::BYTE_RANGE],
}

impl Filter {
    /// The filter as the inner loop reads it.
    pub(super) fn compile(&self) -> CompiledFilter {
        fn mask<T>(items: &[T], bit: impl Fn(&T) -> usize) -> u32 {
            if items.is_empty() {
                u32::MAX
            } else {
                items.iter().fold(0, |m, i| m | (1 << bit(i)))
            }
        }
        let categories = mask(&self.categories, |c| c.index());
        let roles = mask(&self.roles, |r| r.index());
        let sources = mask(&self.sources, |s| s.map_or(count::SOURCES - 1, Source::index));
        let mut block_selected = [false; joint::BYTE_RANGE];
        for (code, allowed) in block_selected.iter_mut().enumerate().take(joint::BLOCKS) {
            let (role, category, source) = joint::split_block(code);
            *allowed = roles & (1 << role) != 0 && categories & (1 << category) != 0 && sources & (1 << source) != 0;
        }
        CompiledFilter { from: self.from.map_or(i32::MIN, codes::day), to: self.to.map_or(i32::MAX, codes::day), block_selected }
    }
}

impl CompiledFilter {
    /// Whether the filter selects every case.
    pub fn selects_all(&self) -> bool {
        self.from == i32::MIN && self.to == i32::MAX && self.block_selected[..joint::BLOCKS].iter().all(|a| *a)
    }
}
