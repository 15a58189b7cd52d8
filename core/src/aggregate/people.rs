//! The people figures: distinct people, people with several cases, and how the earlier cases
//! of repeat subjects ended, counted in one branchless pass over a packed `u64` per record in
//! (subject, reported date) order.

use super::codec::{self, ColumnSource, TableBytesError, Writer};
use super::codes::count;
use super::filter::{BlockCode, CompiledFilter, BLOCK_RANGE};

/// Where a packed row's block code starts (see [`SubjectColumns::pack`]).
const BLOCK_SHIFT: u32 = 40;
// The block code fits the bits above it.
const _: () = assert!(BlockCode::BITS <= 64 - BLOCK_SHIFT);

/// The selected-case test and the fields the people figures need, one packed `u64` per record
/// in (subject, reported date) order: a pass reads 8 bytes a record and takes no branch that
/// depends on the data (a data-dependent branch mispredicts about half the time here).
#[derive(Debug, Clone, Default)]
pub(super) struct SubjectColumns {
    /// The earliest reported day; packed dates are days after it.
    pub first_day: i32,
    /// One packed row per record (see [`SubjectColumns::pack`]).
    pub rows: Vec<u64>,
}

/// The people figures of a selection.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct People {
    /// Distinct subjects.
    pub subjects: u32,
    /// Subjects with 2, 3 and 4 or more cases.
    pub subjects_with: [u32; 3],
    /// Cases of repeat subjects other than their latest.
    pub earlier_cases: u32,
    /// How those earlier cases ended, by misconduct outcome code.
    pub earlier_outcomes: [u32; count::MISCONDUCT_OUTCOMES],
}

impl SubjectColumns {
    /// Bits 0–31: reported day − `first_day`; 32–35: misconduct outcome code; bit 36: the first
    /// record of a subject; 40–63: block code.
    pub fn pack(&self, reported: i32, block: BlockCode, misconduct_outcome: u8, first_of_subject: bool) -> u64 {
        let days = (reported - self.first_day).max(0) as u64;
        days | u64::from(misconduct_outcome & 15) << 32 | u64::from(first_of_subject) << 36 | u64::from(block) << BLOCK_SHIFT
    }

    /// The people figures over the records `f` selects.
    pub fn count(&self, f: &CompiledFilter) -> People {
        let mut people = People::default();
        // The date range as packed day offsets; `from > to` selects nothing.
        let from = (i64::from(f.from) - i64::from(self.first_day)).clamp(0, i64::from(u32::MAX)) as u32;
        let to = (i64::from(f.to) - i64::from(self.first_day)).clamp(-1, i64::from(u32::MAX)) as u32;
        let span = to.wrapping_sub(from);
        let selects_nothing = f.to < f.from || i64::from(f.to) < i64::from(self.first_day);
        if selects_nothing {
            return people;
        }
        let allowed: [u32; BLOCK_RANGE] = std::array::from_fn(|w| u32::from(f.block_selected[w]));
        // Subjects by how many selected cases they have (4 = four or more), and the outcomes of
        // selected cases followed by a later selected case of the same subject.
        let mut subjects_by_cases = [0u32; 5];
        let mut earlier = [0u32; 16];
        let (mut cases, mut last_outcome) = (0u32, 0usize);
        for &row in &self.rows {
            let first = (row >> 36) as u32 & 1;
            // A new subject closes the previous one (adding 0 when it continues).
            subjects_by_cases[cases.min(4) as usize] += first;
            cases *= 1 - first;
            let selected = u32::from((row as u32).wrapping_sub(from) <= span) & allowed[(row >> BLOCK_SHIFT) as usize & (BLOCK_RANGE - 1)];
            earlier[last_outcome] += selected & u32::from(cases > 0);
            let outcome = (row >> 32) as usize & 15;
            last_outcome = if selected == 1 { outcome } else { last_outcome };
            cases += selected;
        }
        subjects_by_cases[cases.min(4) as usize] += 1;
        people.subjects = subjects_by_cases[1..].iter().sum();
        people.subjects_with = [subjects_by_cases[2..].iter().sum(), subjects_by_cases[3..].iter().sum(), subjects_by_cases[4]];
        people.earlier_cases = earlier.iter().sum();
        for (slot, n) in people.earlier_outcomes.iter_mut().zip(earlier) {
            *slot += n;
        }
        people
    }

    /// Writes the packed rows (see the codec).
    pub fn write(&self, w: &mut Writer) {
        w.i32s(&[self.first_day]);
        w.u64s(&self.rows);
    }

    /// Reads rows written by [`SubjectColumns::write`].
    pub fn read(r: &mut dyn ColumnSource) -> Result<SubjectColumns, TableBytesError> {
        Ok(SubjectColumns { first_day: codec::one(r.i32s()?)?, rows: r.u64s()? })
    }
}

impl People {
    /// Writes the figures (see the codec).
    pub fn write(&self, w: &mut Writer) {
        w.u32s(&[self.subjects, self.earlier_cases]);
        w.u32s(&self.subjects_with);
        w.u32s(&self.earlier_outcomes);
    }

    /// Reads figures written by [`People::write`].
    pub fn read(r: &mut dyn ColumnSource) -> Result<People, TableBytesError> {
        let [subjects, earlier_cases] = codec::array::<2>(r.u32s()?)?;
        Ok(People { subjects, earlier_cases, subjects_with: codec::array(r.u32s()?)?, earlier_outcomes: codec::array(r.u32s()?)? })
    }
}
