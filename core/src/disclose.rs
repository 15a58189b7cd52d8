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
        3 => crate::words::tr("1 or 2").into(),
        min => crate::words::trf("1 to {}", &[&(min - 1)]),
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
    let mut hidden: Vec<bool> = parts.iter().map(|&n| disclose(n, min_cell_count).is_suppressed()).collect();
    let total: u32 = parts.iter().sum();
    if !disclose(total, min_cell_count).is_suppressed() {
        protect_line(parts, &mut hidden, min_cell_count);
    }
    cells_of(parts, &hidden)
}

/// Hides further parts of a line whose total is shown (see [`disclose_parts`]), starting from
/// the parts already `hidden`; says whether it hid any.
fn protect_line(parts: &[u32], hidden: &mut [bool], min_cell_count: u32) -> bool {
    let mut changed = false;
    loop {
        let count = hidden.iter().filter(|h| **h).count();
        let sum: u32 = parts.iter().zip(hidden.iter()).filter(|(_, h)| **h).map(|(&n, _)| n).sum();
        if count == 0 || (count >= 2 && sum >= (count as u32 + min_cell_count).saturating_sub(1)) {
            return changed;
        }
        let smallest_other = parts.iter().enumerate().filter(|(i, &n)| n > 0 && !hidden[*i]).min_by_key(|(_, &n)| n).map(|(i, _)| i);
        match smallest_other {
            Some(i) => hidden[i] = true,
            // Every non-zero part is hidden and they still pin each other down (eight hidden
            // weeks adding up to 8 are eight 1s): the zeros are hidden too, so a hidden part
            // may be 0 and none can be worked out.
            None => {
                let all_hidden = hidden.iter().all(|h| *h);
                hidden.iter_mut().for_each(|h| *h = true);
                return changed || !all_hidden;
            }
        }
        changed = true;
    }
}

fn cells_of(parts: &[u32], hidden: &[bool]) -> Vec<Cell> {
    parts.iter().zip(hidden).map(|(&n, &h)| if h { Cell::Suppressed } else { Cell::Shown(n) }).collect()
}

/// Discloses a table of parts read both ways (weeks × offence groups, categories × outcomes),
/// whose row totals and column totals are shown elsewhere as `row_totals` and
/// `column_totals`: small cells are hidden, then, until nothing changes, every row and column
/// whose total is shown gets [`disclose_parts`]'s rule (no hidden cell can be worked out from
/// its line's total and the other cells), and in every row and column whose total is hidden
/// every non-zero cell is hidden, as [`disclose_within`] does. Rows are `grid[row][column]`.
pub fn disclose_grid(grid: &[Vec<u32>], row_totals: &[Cell], column_totals: &[Cell], min_cell_count: u32) -> Vec<Vec<Cell>> {
    let mut hidden: Vec<Vec<bool>> =
        grid.iter().map(|row| row.iter().map(|&n| disclose(n, min_cell_count).is_suppressed()).collect()).collect();
    let hide_all_non_zero = |parts: &[u32], hidden: &mut [bool]| {
        let mut changed = false;
        for (h, &n) in hidden.iter_mut().zip(parts) {
            if n > 0 && !*h {
                *h = true;
                changed = true;
            }
        }
        changed
    };
    loop {
        let mut changed = false;
        for (r, row) in grid.iter().enumerate() {
            let shown = row_totals.get(r).is_some_and(|t| !t.is_suppressed());
            changed |= if shown { protect_line(row, &mut hidden[r], min_cell_count) } else { hide_all_non_zero(row, &mut hidden[r]) };
        }
        for (c, column_total) in column_totals.iter().enumerate() {
            let parts: Vec<u32> = grid.iter().map(|row| row.get(c).copied().unwrap_or(0)).collect();
            let mut line: Vec<bool> = hidden.iter().map(|row| row.get(c).copied().unwrap_or(false)).collect();
            let shown = !column_total.is_suppressed();
            let line_changed = if shown { protect_line(&parts, &mut line, min_cell_count) } else { hide_all_non_zero(&parts, &mut line) };
            if line_changed {
                for (row, h) in hidden.iter_mut().zip(line) {
                    if let Some(cell) = row.get_mut(c) {
                        *cell = h;
                    }
                }
                changed = true;
            }
        }
        if !changed {
            return grid.iter().zip(&hidden).map(|(row, h)| cells_of(row, h)).collect();
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

    /// Whether a line's hidden cells are safe: none, or every cell, or two or more adding up
    /// to enough that none is pinned down (the rule of [`disclose_parts`]).
    fn line_is_safe(parts: &[u32], cells: &[Cell], total_shown: bool, min: u32) -> bool {
        let hidden: Vec<u32> = parts.iter().zip(cells).filter(|(_, c)| c.is_suppressed()).map(|(&n, _)| n).collect();
        let shown_right = parts.iter().zip(cells).all(|(&n, c)| c.value().is_none_or(|v| v == n));
        if !total_shown {
            return shown_right && parts.iter().zip(cells).all(|(&n, c)| n == 0 || c.is_suppressed());
        }
        let sum: u32 = hidden.iter().sum();
        shown_right && (hidden.is_empty() || hidden.len() == parts.len() || (hidden.len() >= 2 && sum + 1 >= hidden.len() as u32 + min))
    }

    #[test]
    fn a_grid_protects_every_row_and_column() {
        // Weeks × offence groups: week 2's lone 1 is hidden with the week's smallest other
        // cell, the column of that 1 then needs a second hidden cell, and so on.
        let grid = vec![vec![4, 0, 3], vec![5, 1, 3], vec![6, 4, 0]];
        let rows = [Cell::Shown(7), Cell::Shown(9), Cell::Shown(10)];
        let columns = [Cell::Shown(15), Cell::Shown(5), Cell::Shown(6)];
        let cells = disclose_grid(&grid, &rows, &columns, 3);
        for (r, row) in grid.iter().enumerate() {
            assert!(line_is_safe(row, &cells[r], true, 3), "row {r}: {:?}", cells[r]);
        }
        for c in 0..3 {
            let parts: Vec<u32> = grid.iter().map(|r| r[c]).collect();
            let line: Vec<Cell> = cells.iter().map(|r| r[c]).collect();
            assert!(line_is_safe(&parts, &line, true, 3), "column {c}: {line:?}");
        }
        assert!(cells[1][1].is_suppressed() && cells.iter().flatten().filter(|c| c.is_suppressed()).count() >= 4);
        let large = disclose_grid(&[vec![5, 4], vec![3, 7]], &[Cell::Shown(9), Cell::Shown(10)], &[Cell::Shown(8), Cell::Shown(11)], 3);
        assert_eq!(large, [[Cell::Shown(5), Cell::Shown(4)], [Cell::Shown(3), Cell::Shown(7)]], "no small cell: all shown");
        // A hidden row total hides its row's non-zero cells.
        let cells = disclose_grid(&[vec![5, 0], vec![9, 8]], &[Cell::Suppressed, Cell::Shown(17)], &[Cell::Shown(14), Cell::Shown(8)], 3);
        assert!(cells[0][0].is_suppressed());
    }

    proptest::proptest! {
        #[test]
        fn no_line_of_a_grid_gives_a_hidden_cell_away(
            grid in proptest::collection::vec(proptest::collection::vec(0u32..8, 4), 1..8),
            min in 2u32..5,
            hide_row in proptest::option::of(0usize..8),
        ) {
            let row_sums: Vec<u32> = grid.iter().map(|r| r.iter().sum()).collect();
            let column_sums: Vec<u32> = (0..4).map(|c| grid.iter().map(|r| r[c]).sum()).collect();
            let mut rows = disclose_parts(&row_sums, min);
            if let Some(r) = hide_row.filter(|r| *r < rows.len()) {
                rows[r] = Cell::Suppressed;
            }
            let columns = disclose_parts(&column_sums, min);
            let cells = disclose_grid(&grid, &rows, &columns, min);
            for (r, row) in grid.iter().enumerate() {
                proptest::prop_assert!(line_is_safe(row, &cells[r], !rows[r].is_suppressed(), min), "row {}: {:?} of {:?}", r, cells[r], row);
            }
            for c in 0..4 {
                let parts: Vec<u32> = grid.iter().map(|r| r[c]).collect();
                let line: Vec<Cell> = cells.iter().map(|r| r[c]).collect();
                proptest::prop_assert!(line_is_safe(&parts, &line, !columns[c].is_suppressed(), min), "column {}: {:?} of {:?}", c, line, parts);
            }
        }
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
