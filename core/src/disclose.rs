//! Disclosure control: small counts become `[c]`, and further cells are hidden where the
//! hidden cells could otherwise be worked out from a total and the other cells (one hidden
//! cell, or hidden cells adding up to less than the threshold).
//!
//! Everything the page, the CLI and the downloads show reads these disclosed values, so the
//! chart, the table and the summary always agree.

use serde::{Serialize, Serializer};

/// The marker for a confidential cell (UK government statistical practice).
pub const SUPPRESSED_MARKER: &str = "[c]";

/// A count as it may be shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cell {
    /// The count can be shown.
    Shown(u32),
    /// The count is confidential and is shown as `[c]`.
    Suppressed,
}

impl Cell {
    /// The count, if it may be shown.
    pub fn value(self) -> Option<u32> {
        match self {
            Cell::Shown(n) => Some(n),
            Cell::Suppressed => None,
        }
    }

    /// Whether the cell is hidden.
    pub fn is_suppressed(self) -> bool {
        self == Cell::Suppressed
    }
}

impl std::fmt::Display for Cell {
    /// Counts with thousands separators ("1,633"); suppressed cells as `[c]`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Cell::Shown(n) => f.write_str(&thousands(*n)),
            Cell::Suppressed => f.write_str(SUPPRESSED_MARKER),
        }
    }
}

impl Serialize for Cell {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Cell::Shown(n) => serializer.serialize_u32(*n),
            Cell::Suppressed => serializer.serialize_str(SUPPRESSED_MARKER),
        }
    }
}

/// Formats a count with comma thousands separators, as UK statistics do.
pub fn thousands(n: u32) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// Primary suppression of one count: 1 to `min_cell_count - 1` becomes `[c]`.
pub fn disclose(count: u32, min_cell_count: u32) -> Cell {
    if count > 0 && count < min_cell_count {
        Cell::Suppressed
    } else {
        Cell::Shown(count)
    }
}

/// The counts `[c]` stands for, in words: "1" (threshold 2), "1 or 2" (threshold 3), "1 to 4"
/// (threshold 5). Empty when nothing is suppressed (threshold 1 or less).
pub fn suppressed_range(min_cell_count: u32) -> String {
    match min_cell_count {
        0 | 1 => String::new(),
        2 => "1".into(),
        3 => "1 or 2".into(),
        min => format!("1 to {}", min - 1),
    }
}

/// Discloses the parts of a table whose total is shown. After primary suppression, while the
/// total is shown and the hidden parts could be worked out from it, the smallest other non-zero
/// part is hidden too. They could be when a single part is hidden, or when the hidden parts'
/// sum (the total minus the shown parts) is so small that every hidden part is known to be
/// small: `h` hidden non-zero parts adding up to less than `h + min_cell_count - 1` (1 + 1 = 2,
/// or 1 + 1 + 1 = 3, which also says each is 1). When every non-zero part is hidden and that
/// is still so, every part is hidden, zeros included.
pub fn disclose_parts(parts: &[u32], min_cell_count: u32) -> Vec<Cell> {
    let mut cells: Vec<Cell> = parts.iter().map(|&n| disclose(n, min_cell_count)).collect();
    let total: u32 = parts.iter().sum();
    if disclose(total, min_cell_count).is_suppressed() {
        return cells;
    }
    loop {
        let hidden = cells.iter().filter(|c| c.is_suppressed()).count();
        let hidden_sum: u32 = parts.iter().zip(&cells).filter(|(_, c)| c.is_suppressed()).map(|(&n, _)| n).sum();
        if hidden == 0 || (hidden >= 2 && hidden_sum >= (hidden as u32 + min_cell_count).saturating_sub(1)) {
            return cells;
        }
        let smallest_other =
            parts.iter().enumerate().filter(|(i, &n)| n > 0 && !cells[*i].is_suppressed()).min_by_key(|(_, &n)| n).map(|(i, _)| i);
        match smallest_other {
            Some(i) => cells[i] = Cell::Suppressed,
            // Every non-zero part is hidden and they still pin each other down (eight hidden
            // weeks adding up to 8 are eight 1s): the zeros are hidden too, so a hidden part
            // may be 0 and none can be worked out.
            None => return cells.iter().map(|_| Cell::Suppressed).collect(),
        }
    }
}

/// Discloses the parts of a total as disclosed in `total`: by [`disclose_parts`] when the
/// total is shown; when it is hidden, every non-zero part is hidden too (shown parts would add
/// up to the hidden total, or to the hidden figure the total was hidden to protect).
pub fn disclose_within(total: Cell, parts: &[u32], min_cell_count: u32) -> Vec<Cell> {
    match total {
        Cell::Shown(_) => disclose_parts(parts, min_cell_count),
        Cell::Suppressed => parts.iter().map(|&n| if n == 0 { Cell::Shown(0) } else { Cell::Suppressed }).collect(),
    }
}

/// Discloses a running total (non-decreasing `values`, in time order) that ends at `end`, the
/// final total as disclosed elsewhere. A value is shown only when it is not small and it
/// differs from the previous shown value (or from zero) by nothing or by at least
/// `min_cell_count`, and the shown end is as far from the last shown value: otherwise the
/// difference of two shown points would be a small count (a week's one or two completions).
pub fn disclose_cumulative(values: &[u32], end: Cell, min_cell_count: u32) -> Vec<Cell> {
    let mut shown = vec![false; values.len()];
    let mut base = 0;
    for (i, &v) in values.iter().enumerate() {
        let step = v.saturating_sub(base);
        if !disclose(v, min_cell_count).is_suppressed() && (step == 0 || step >= min_cell_count) {
            shown[i] = true;
            base = v;
        }
    }
    if let Cell::Shown(total) = end {
        // Back off from the end until the last shown point is far enough from the total, then
        // show the points that equal it (the total itself).
        while let Some(last) = shown.iter().rposition(|s| *s) {
            let gap = total.saturating_sub(values[last]);
            if gap == 0 || gap >= min_cell_count {
                break;
            }
            shown[last] = false;
        }
        for (s, &v) in shown.iter_mut().zip(values).rev() {
            if v != total {
                break;
            }
            *s = true;
        }
    }
    values.iter().zip(shown).map(|(&v, s)| if s { Cell::Shown(v) } else { Cell::Suppressed }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_two_shown_points_of_a_running_total_differ_by_a_small_count() {
        let cells = disclose_cumulative(&[0, 5, 6, 6, 9, 10, 20, 21], Cell::Shown(21), 3);
        assert_eq!(
            cells,
            [
                Cell::Shown(0),
                Cell::Shown(5),
                Cell::Suppressed,
                Cell::Suppressed,
                Cell::Shown(9),
                Cell::Suppressed,
                Cell::Suppressed,
                Cell::Shown(21)
            ],
            "20 is hidden: 21 - 20 = 1 would show one week's completion"
        );
        // A hidden end hides nothing more; a suppressed small start stays hidden.
        assert_eq!(disclose_cumulative(&[1, 2, 7], Cell::Suppressed, 3), [Cell::Suppressed, Cell::Suppressed, Cell::Shown(7)]);
    }

    #[test]
    fn parts_of_a_hidden_total_are_hidden() {
        assert_eq!(disclose_within(Cell::Suppressed, &[5, 0, 9], 3), [Cell::Suppressed, Cell::Shown(0), Cell::Suppressed]);
        assert_eq!(disclose_within(Cell::Shown(14), &[5, 0, 9], 3), [Cell::Shown(5), Cell::Shown(0), Cell::Shown(9)]);
    }

    #[test]
    fn small_counts_are_hidden_and_zero_is_shown() {
        assert_eq!(disclose(0, 3), Cell::Shown(0));
        assert_eq!(disclose(1, 3), Cell::Suppressed);
        assert_eq!(disclose(2, 3), Cell::Suppressed);
        assert_eq!(disclose(3, 3), Cell::Shown(3));
        assert_eq!(disclose(2, 1), Cell::Shown(2));
    }

    #[test]
    fn a_lone_hidden_cell_gets_a_partner() {
        let cells = disclose_parts(&[10, 2, 7, 0, 30], 3);
        assert_eq!(cells, [Cell::Shown(10), Cell::Suppressed, Cell::Suppressed, Cell::Shown(0), Cell::Shown(30)]);
    }

    #[test]
    fn hidden_cells_that_add_up_to_a_small_count_get_a_partner() {
        // 1 + 1 = 2 would be the total minus the shown cells: a third cell is hidden too.
        let cells = disclose_parts(&[10, 1, 1, 30], 3);
        assert_eq!(cells, [Cell::Suppressed, Cell::Suppressed, Cell::Suppressed, Cell::Shown(30)]);
        // Hidden cells adding up to enough that none is pinned down need no partner.
        assert_eq!(disclose_parts(&[10, 2, 2, 30], 3), [Cell::Shown(10), Cell::Suppressed, Cell::Suppressed, Cell::Shown(30)]);
        // Three hidden 1s add up to 3 = the threshold, but 3 parts summing to 3 are each 1.
        assert_eq!(
            disclose_parts(&[10, 1, 1, 1, 30], 3),
            [Cell::Suppressed, Cell::Suppressed, Cell::Suppressed, Cell::Suppressed, Cell::Shown(30)]
        );
        // Eight weeks of 1 (and zeros) under a shown 8: every week is hidden, zeros included.
        assert_eq!(disclose_parts(&[1, 0, 1, 1, 1, 1, 1, 1, 1], 3), vec![Cell::Suppressed; 9]);
    }

    #[test]
    fn the_suppressed_range_follows_the_threshold() {
        assert_eq!(suppressed_range(2), "1");
        assert_eq!(suppressed_range(3), "1 or 2");
        assert_eq!(suppressed_range(5), "1 to 4");
    }

    #[test]
    fn formats_for_people() {
        assert_eq!(Cell::Shown(1633).to_string(), "1,633");
        assert_eq!(Cell::Suppressed.to_string(), "[c]");
        assert_eq!(thousands(1_000_000), "1,000,000");
        assert_eq!(serde_json::to_string(&[Cell::Shown(5), Cell::Suppressed]).unwrap(), r#"[5,"[c]"]"#);
    }
}
