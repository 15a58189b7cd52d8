//! Outcomes by allegation category: for criminal and for misconduct outcomes, a grid with a
//! row per category and a column per outcome, each cell giving its count (or [c]) and shaded
//! by its share of the row, so categories of different sizes compare at a glance. The
//! numbers are always written, so the shade is never the only cue.

use super::{drawing_error, palette, ChartError, Layout};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use scrutiny_core::disclose::Cell;
use scrutiny_core::figures::{Breakdown, OutcomeFigures};
use scrutiny_core::words::trf;

/// Chart height for each layout.
pub fn height(layout: Layout) -> u32 {
    match layout {
        Layout::Wide => 880,
        Layout::Narrow => 780,
    }
}

/// Sizes of one layout's grid, in pixels.
struct Metrics {
    label_width: i32,
    row_height: i32,
    font: u32,
}

fn metrics(layout: Layout) -> Metrics {
    match layout {
        Layout::Wide => Metrics { label_width: 150, row_height: 32, font: 15 },
        Layout::Narrow => Metrics { label_width: 104, row_height: 28, font: 12 },
    }
}

/// The height of a grid's upright column headings: its longest heading's estimated length
/// (sans-serif averages about 0.55 em a character), and a margin.
fn header_height(table: &Breakdown, m: &Metrics) -> i32 {
    let longest = table.columns.iter().map(|c| scrutiny_core::words::tr_label(c).chars().count()).max().unwrap_or(0);
    (longest as f64 * f64::from(m.font) * 0.55).ceil() as i32 + 14
}

/// Draws the criminal grid above the misconduct grid.
pub fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, data: &OutcomeFigures, layout: Layout) -> Result<(), ChartError> {
    let mut m = metrics(layout);
    let (criminal, misconduct) = (&data.criminal_by_category, &data.misconduct_by_category);
    // Rows are as tall as the layout allows, up to its own height, so that both grids fit
    // whatever their headings' length (Welsh headings are longer).
    let headings = 2 * TITLE_HEIGHT + header_height(criminal, &m) + header_height(misconduct, &m) + GAP;
    let rows = (criminal.rows.len() + misconduct.rows.len()).max(1) as i32;
    m.row_height = m.row_height.min((area.dim_in_pixel().1 as i32 - headings) / rows).max(12);
    let criminal_height = TITLE_HEIGHT + header_height(criminal, &m) + criminal.rows.len().max(1) as i32 * m.row_height + GAP;
    let (top, bottom) = area.split_vertically(criminal_height.max(0) as u32);
    grid(&top, &trf("Criminal outcome of {} charged cases", &[&data.charged]), criminal, &m, layout)?;
    grid(&bottom, &trf("Misconduct outcome of {} cases", &[&data.misconduct_cases]), misconduct, &m, layout)
}

/// The height of a grid's title, and the gap below the first grid.
const TITLE_HEIGHT: i32 = 34;
const GAP: i32 = 16;

/// The fill of a cell holding `share` of its row: white to dark blue.
fn shade(share: f64) -> RGBColor {
    let mix = |light: u8, dark: u8| (f64::from(light) + (f64::from(dark) - f64::from(light)) * share.clamp(0.0, 1.0) * 0.9).round() as u8;
    let d = palette::DARK_BLUE;
    RGBColor(mix(255, d.0), mix(255, d.1), mix(255, d.2))
}

/// Black or white, whichever has 4.5:1 or more on `fill` (one of them always does: black
/// down to a relative luminance of 0.175, white up to 0.183).
fn ink_on(fill: RGBColor) -> RGBColor {
    if super::luminance(fill) > 0.179 {
        BLACK
    } else {
        WHITE
    }
}

fn grid<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    table: &Breakdown,
    m: &Metrics,
    layout: Layout,
) -> Result<(), ChartError> {
    let header_height = header_height(table, m);
    let (width, _) = area.dim_in_pixel();
    let grey = palette::DARK_GREY;
    let title_font = ("sans-serif", layout.title_size() - 2).into_font().color(&grey).pos(Pos::new(HPos::Center, VPos::Top));
    area.draw(&Text::new(title.to_string(), (width as i32 / 2, 4), title_font)).map_err(drawing_error)?;
    let columns = table.columns.len().max(1) as i32;
    let cell_width = (width as i32 - m.label_width - 8) / columns;
    let grid_top = TITLE_HEIGHT + header_height;
    let header_font = ("sans-serif", m.font).into_font().transform(FontTransform::Rotate270).color(&grey);
    for (c, label) in table.columns.iter().enumerate() {
        let x = m.label_width + cell_width * c as i32 + cell_width / 2 - m.font as i32 / 2;
        area.draw(&Text::new(scrutiny_core::words::tr_label(label), (x, grid_top - 6), header_font.clone())).map_err(drawing_error)?;
    }
    let label_font = ("sans-serif", m.font).into_font().color(&grey).pos(Pos::new(HPos::Right, VPos::Center));
    for (r, row) in table.rows.iter().enumerate() {
        let y = grid_top + m.row_height * r as i32;
        area.draw(&Text::new(scrutiny_core::words::tr_label(&row.label), (m.label_width - 8, y + m.row_height / 2), label_font.clone()))
            .map_err(drawing_error)?;
        let total = row.total.value().filter(|t| *t > 0);
        for (c, cell) in row.cells.iter().enumerate() {
            let x = m.label_width + cell_width * c as i32;
            let share = match (cell, total) {
                (Cell::Shown(n), Some(t)) => f64::from(*n) / f64::from(t),
                _ => 0.0,
            };
            let fill = shade(share);
            let corners = [(x, y), (x + cell_width, y + m.row_height)];
            area.draw(&Rectangle::new(corners, fill.filled())).map_err(drawing_error)?;
            area.draw(&Rectangle::new(corners, palette::GRID.stroke_width(1))).map_err(drawing_error)?;
            let ink = ink_on(fill);
            let font = ("sans-serif", m.font).into_font().color(&ink).pos(Pos::new(HPos::Center, VPos::Center));
            area.draw(&Text::new(cell.to_string(), (x + cell_width / 2, y + m.row_height / 2), font)).map_err(drawing_error)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::{render_svg, svg_texts};
    use scrutiny_core::figures::BreakdownRow;

    fn breakdown(columns: &[&str], rows: &[(&str, u32, Vec<Cell>)]) -> Breakdown {
        Breakdown {
            columns: columns.iter().map(|c| c.to_string()).collect(),
            column_totals: Vec::new(),
            rows: rows
                .iter()
                .map(|(l, t, cells)| BreakdownRow { label: l.to_string(), total: Cell::Shown(*t), cells: cells.clone() })
                .collect(),
        }
    }

    fn figures() -> OutcomeFigures {
        OutcomeFigures {
            charged: Cell::Shown(30),
            criminal: Vec::new(),
            misconduct_cases: Cell::Shown(40),
            misconduct: Vec::new(),
            criminal_by_category: breakdown(
                &["Pending", "Convicted"],
                &[
                    ("Sexual offence", 20, vec![Cell::Shown(8), Cell::Shown(12)]),
                    ("Violence", 10, vec![Cell::Suppressed, Cell::Suppressed]),
                ],
            ),
            misconduct_by_category: breakdown(&["No case to answer"], &[("Sexual offence", 40, vec![Cell::Shown(40)])]),
            summary: String::new(),
            by_category_summary: String::new(),
        }
    }

    #[test]
    fn every_category_and_outcome_is_labelled_and_every_cell_written() {
        let svg = render_svg("g", (800, 880), "t", "d", |a| draw(a, &figures(), Layout::Wide)).unwrap();
        let texts = svg_texts(&svg);
        for text in [
            "Criminal outcome of 30 charged cases",
            "Misconduct outcome of 40 cases",
            "Sexual offence",
            "Violence",
            "Pending",
            "Convicted",
            "No case to answer",
            "8",
            "12",
            "[c]",
            "40",
        ] {
            assert!(texts.iter().any(|t| t == text), "missing {text} in {texts:?}");
        }
        assert_eq!(texts.iter().filter(|t| *t == "[c]").count(), 2);
        assert!(svg.contains("rotate"), "column headings are turned upright to fit");
    }

    #[test]
    fn every_category_fits_in_both_layouts() {
        // Seven categories (Withheld among them) and every outcome: the most the grids hold.
        let categories = ["Sexual offence", "Domestic abuse", "Violence", "Dishonesty", "Discrimination", "Other", "Withheld"];
        let criminal = ["Pending", "Convicted", "Acquitted", "Discontinued", "not recorded"];
        let misconduct = scrutiny_core::model::MisconductOutcome::ALL
            .iter()
            .map(|o| scrutiny_core::model::AllowedValue::label(*o))
            .chain(["not recorded"]);
        let misconduct: Vec<&str> = misconduct.collect();
        let rows = |n: usize| categories.iter().map(|c| (*c, 50, vec![Cell::Shown(5); n])).collect::<Vec<_>>();
        let data = OutcomeFigures {
            criminal_by_category: breakdown(&criminal, &rows(criminal.len())),
            misconduct_by_category: breakdown(&misconduct, &rows(misconduct.len())),
            ..figures()
        };
        for (layout, lang) in [Layout::Wide, Layout::Narrow].into_iter().flat_map(|l| scrutiny_core::words::Lang::ALL.map(|lang| (l, lang)))
        {
            let svg = scrutiny_core::words::with_lang(lang, || {
                render_svg("g", (layout.width(), height(layout)), "t", "d", |a| draw(a, &data, layout)).unwrap()
            });
            let bottom = svg
                .split("<rect")
                .skip(2)
                .filter_map(|r| {
                    let n = |k: &str| r.split(&format!(" {k}=\"")).nth(1)?.split('"').next()?.parse::<i32>().ok();
                    Some(n("y")? + n("height")?)
                })
                .max()
                .unwrap_or(0);
            assert!(
                bottom <= height(layout) as i32,
                "{layout:?} in {lang:?}: the last row ends at {bottom}, below the chart's {}",
                height(layout)
            );
        }
    }

    #[test]
    fn a_cell_is_shaded_by_its_share_of_the_row() {
        assert_eq!(shade(0.0), RGBColor(255, 255, 255));
        let full = shade(1.0);
        assert!(full.0 < 60 && full.2 < 140, "{full:?}");
        assert_eq!(ink_on(shade(0.1)), BLACK);
        assert_eq!(ink_on(full), WHITE);
        let svg = render_svg("g", (360, 780), "t", "d", |a| draw(a, &figures(), Layout::Narrow)).unwrap();
        assert!(!svg.contains("NaN"));
    }
}
