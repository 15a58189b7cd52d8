//! The headline figures: the row of key counts at the top of the page, and the rows the
//! comparison of two releases compares. One list, so both always show the same figures.

use crate::dates::long_date;
use crate::disclose::Cell;
use crate::figures::Figures;
use crate::words::{tr, trf};

/// One headline figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Headline {
    /// Stable id (`data-headline` on the page, and how two releases' figures are matched).
    pub key: &'static str,
    /// What is counted, in words.
    pub label: String,
    /// The count, or `[c]`.
    pub value: Cell,
}

/// The headline figures of `f`, in page order.
pub fn headlines(f: &Figures) -> Vec<Headline> {
    let mut items = vec![
        Headline { key: "records", label: tr("Cases").into(), value: f.records },
        Headline { key: "distinct-subjects", label: tr("People reported").into(), value: f.distinct_subjects },
        Headline { key: "in-review", label: tr("Cases in the review").into(), value: f.review.in_review },
    ];
    if let Some(target) = f.review.target {
        items.push(Headline {
            key: "completed-by-target",
            label: trf("Reviews completed by {}", &[&long_date(target)]),
            value: f.review.completed_by_target,
        });
    }
    items.push(Headline { key: "court-total", label: tr("First court appearances").into(), value: f.court.total });
    items
}
