//! The cell styles of the official grid: what a cell is ([`Role`]) and where it sits in its
//! framed block ([`Frame`]) decide its font, alignment, borders, protection and, in a
//! corrected grid, its highlight.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, FormatDiagonalBorder};

use super::CellStatus;
use crate::grid::markers::{FILL_CORRECTED, FILL_TO_CHECK};

/// Border colour of the ministry's file (« Arrière-plan 2, plus sombre 75 % »).
const BORDER: u32 = 0x49_45_29;
const FONT: &str = "Arial";

/// What a cell is, which decides its font, alignment and protection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    Diploma,
    Identity,
    IdentityInput,
    OptionBox,
    Corner,
    PeriodHeading,
    CompetenceHeading,
    Activities,
    SectionTitle,
    Title,
    Period,
    Mark,
    Legend,
}

/// Which edges of a cell get the medium (frame) border instead of the thin one.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Frame {
    pub(super) top: bool,
    pub(super) bottom: bool,
    pub(super) left: bool,
    pub(super) right: bool,
}

impl Frame {
    /// The frame edges of a cell range `[c0, c1]` on rows `[r0, r1]` inside a block.
    pub(super) fn of(block: (u32, u32, u16, u16), r0: u32, r1: u32, c0: u16, c1: u16) -> Self {
        Self {
            top: r0 == block.0,
            bottom: r1 == block.1,
            left: c0 == block.2,
            right: c1 == block.3,
        }
    }
}

pub(super) fn style(role: Role, frame: Frame, status: Option<CellStatus>) -> Format {
    let mut f = Format::new()
        .set_font_name(FONT)
        .set_align(FormatAlign::VerticalCenter);
    f = match role {
        Role::Diploma => f
            .set_bold()
            .set_font_size(20)
            .set_align(FormatAlign::Center),
        Role::Identity | Role::IdentityInput => f.set_bold().set_font_size(18).set_text_wrap(),
        Role::OptionBox => f
            .set_bold()
            .set_font_size(18)
            .set_align(FormatAlign::Center),
        Role::Corner => f
            .set_bold()
            .set_italic()
            .set_font_size(12)
            .set_align(FormatAlign::Center)
            .set_text_wrap()
            .set_border_diagonal(FormatBorder::Thin)
            .set_border_diagonal_color(Color::RGB(BORDER))
            .set_border_diagonal_type(FormatDiagonalBorder::BorderDown),
        Role::PeriodHeading => f
            .set_bold()
            .set_font_size(12)
            .set_align(FormatAlign::Center)
            .set_rotation(90)
            .set_text_wrap(),
        Role::CompetenceHeading => f
            .set_bold()
            .set_font_size(12)
            .set_align(FormatAlign::Center)
            .set_text_wrap(),
        Role::Activities => f
            .set_font_size(10)
            .set_align(FormatAlign::Center)
            .set_rotation(90)
            .set_text_wrap(),
        Role::SectionTitle => f
            .set_bold()
            .set_font_size(14)
            .set_align(FormatAlign::Center)
            .set_text_wrap(),
        Role::Title => f.set_bold().set_font_size(11).set_text_wrap(),
        Role::Period => f
            .set_font_size(10)
            .set_align(FormatAlign::Center)
            .set_text_wrap(),
        Role::Mark => f
            .set_bold()
            .set_font_size(14)
            .set_align(FormatAlign::Center),
        Role::Legend => f.set_italic().set_font_size(10).set_text_wrap(),
    };
    if !matches!(role, Role::Diploma | Role::Legend) {
        let edge = |medium: bool| {
            if medium {
                FormatBorder::Medium
            } else {
                FormatBorder::Thin
            }
        };
        f = f
            .set_border_top(edge(frame.top))
            .set_border_bottom(edge(frame.bottom))
            .set_border_left(edge(frame.left))
            .set_border_right(edge(frame.right))
            .set_border_color(Color::RGB(BORDER));
    }
    if matches!(
        role,
        Role::IdentityInput | Role::OptionBox | Role::Title | Role::Period | Role::Mark
    ) {
        f = f.set_unlocked();
    }
    match status {
        Some(CellStatus::Corrected) => f.set_background_color(Color::RGB(FILL_CORRECTED)),
        Some(CellStatus::ToCheck) => f.set_background_color(Color::RGB(FILL_TO_CHECK)),
        None => f,
    }
}
