// SCRUTINY PATCH (see vendor/plotters/SCRUTINY-PATCH.md): upstream measured each text by
// adding a <span> with a `style` attribute to the page and reading its size. That breaks
// under a Content-Security-Policy without 'unsafe-inline' styles, forces a page layout per
// label, and makes browser charts differ from native ones. This uses the same estimate as
// plotters' native `naive.rs`, so the SVG drawn in the browser equals the one tested natively.
use super::{FontData, FontFamily, FontStyle, LayoutBox};

#[derive(Debug, Clone)]
pub enum FontError {
    UnknownError,
}

impl std::fmt::Display for FontError {
    fn fmt(&self, fmt: &mut std::fmt::Formatter) -> Result<(), std::fmt::Error> {
        match self {
            _ => write!(fmt, "Unknown error"),
        }
    }
}

impl std::error::Error for FontError {}

#[derive(Clone)]
pub struct FontDataInternal(String, String);

impl FontData for FontDataInternal {
    type ErrorType = FontError;
    fn new(family: FontFamily, style: FontStyle) -> Result<Self, FontError> {
        Ok(FontDataInternal(family.as_str().into(), style.as_str().into()))
    }

    fn estimate_layout(&self, size: f64, text: &str) -> Result<LayoutBox, Self::ErrorType> {
        let em = size / 1.24 / 1.24;
        Ok(((0, -em.round() as i32), ((em * 0.7 * text.len() as f64).round() as i32, (em * 0.24).round() as i32)))
    }
}
