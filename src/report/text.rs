//! The text report for people: a heading naming the file, one line per finding in sheet
//! order (severity, cell, code, message, « → suggestion »), the coverage table, a verdict.
//!
//! Colour is the caller's decision ([`TextOptions::color`]); the CLI asks for it and writes
//! through `anstream`, which drops it when `NO_COLOR` is set or the output is not a terminal.

use std::fmt::Write as _;

use anstyle::{AnsiColor, Style};

use super::Report;
use crate::Lang;
use crate::model::Referential;
use crate::rules::Severity;

/// How to render a report as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TextOptions {
    pub lang: Lang,
    /// Emit ANSI styles (severity in red or yellow, marks in green or red).
    pub color: bool,
}

struct Styles {
    error: Style,
    warning: Style,
    ok: Style,
    strong: Style,
    dim: Style,
    hint: Style,
}

impl Styles {
    fn new(color: bool) -> Self {
        if !color {
            let plain = Style::new();
            return Self {
                error: plain,
                warning: plain,
                ok: plain,
                strong: plain,
                dim: plain,
                hint: plain,
            };
        }
        Self {
            error: Style::new().bold().fg_color(Some(AnsiColor::Red.into())),
            warning: Style::new().bold().fg_color(Some(AnsiColor::Yellow.into())),
            ok: Style::new().bold().fg_color(Some(AnsiColor::Green.into())),
            strong: Style::new().bold(),
            dim: Style::new().dimmed(),
            hint: Style::new().fg_color(Some(AnsiColor::Cyan.into())),
        }
    }
}

/// Wraps `text` in `style` (nothing is added for the plain style).
fn paint(style: Style, text: &str) -> String {
    if style == Style::new() {
        text.to_string()
    } else {
        format!("{style}{text}{style:#}")
    }
}

/// Pads `text` to `width` characters (accents count as one).
fn pad(text: &str, width: usize) -> String {
    format!("{text:<width$}")
}

/// Renders a report; `referential` gives the competence titles of the coverage table
/// (codes alone when it is `None` or lacks a code).
pub fn render(report: &Report, referential: Option<&Referential>, options: TextOptions) -> String {
    let lang = options.lang;
    let s = Styles::new(options.color);
    let mut out = String::new();

    // Heading: file, sheet, layout; then the candidate as read.
    let mut head = report.file.clone();
    if let Some(sheet) = &report.sheet {
        let _ = match lang {
            Lang::Fr => write!(head, " — feuille « {sheet} »"),
            Lang::En => write!(head, " — sheet “{sheet}”"),
        };
    }
    if let Some(layout) = &report.layout {
        let _ = write!(head, " ({layout})");
    }
    let _ = writeln!(out, "{}", paint(s.strong, &head));
    let c = &report.candidate;
    let mut who: Vec<String> = Vec::new();
    if let Some(name) = &c.name {
        who.push(name.clone());
    }
    if let Some(number) = &c.number {
        who.push(format!("{} {number}", lang.pick("n°", "no.")));
    }
    if let Some(option) = &c.option {
        who.push(format!("option {option}"));
    }
    if !who.is_empty() {
        let _ = writeln!(
            out,
            "{} {}",
            lang.pick("Candidat :", "Candidate:"),
            who.join(", ")
        );
    }

    // Findings, one line each, in the order of the sheet.
    if !report.findings.is_empty() {
        out.push('\n');
        let cells: Vec<String> = report
            .findings
            .iter()
            .map(|f| f.cell.map_or_else(|| "—".to_string(), |c| c.to_string()))
            .collect();
        let cell_width = cells.iter().map(|c| c.chars().count()).max().unwrap_or(1);
        let severity_width = [Severity::Error, Severity::Warning]
            .iter()
            .map(|sev| sev.label(lang).chars().count())
            .max()
            .unwrap_or(0);
        for (f, cell) in report.findings.iter().zip(&cells) {
            let style = match f.severity {
                Severity::Error => s.error,
                Severity::Warning => s.warning,
            };
            let mut line = format!(
                "{}  {}  {}  {}",
                paint(style, &pad(f.severity.label(lang), severity_width)),
                paint(s.strong, &pad(cell, cell_width)),
                paint(s.dim, f.code),
                f.message
            );
            if let Some(suggestion) = &f.suggestion {
                let _ = write!(line, " {}", paint(s.hint, &format!("→ {suggestion}")));
            }
            let _ = writeln!(out, "{line}");
        }
    }

    // Coverage table.
    if !report.coverage.0.is_empty() {
        out.push('\n');
        let _ = writeln!(
            out,
            "{}",
            lang.pick(
                "Couverture (nombre de réalisations par compétence) :",
                "Coverage (number of réalisations per competence):"
            )
        );
        let titles: Vec<String> = report
            .coverage
            .0
            .iter()
            .map(|(code, _)| {
                referential
                    .and_then(|r| r.competence(code))
                    .map(|c| match lang {
                        Lang::Fr => c.shown_title().replace('\'', "’"),
                        Lang::En => c.shown_title().to_string(),
                    })
                    .unwrap_or_default()
            })
            .collect();
        let code_width = report
            .coverage
            .0
            .iter()
            .map(|(c, _)| c.chars().count())
            .max()
            .unwrap_or(0);
        let title_width = titles.iter().map(|t| t.chars().count()).max().unwrap_or(0);
        for ((code, count), title) in report.coverage.0.iter().zip(&titles) {
            let mark = if *count > 0 {
                paint(s.ok, "✓")
            } else {
                paint(s.error, "✗")
            };
            let line = format!(
                "  {}  {}  {count:>3}  {mark}",
                pad(code, code_width),
                pad(title, title_width)
            );
            let _ = writeln!(out, "{}", line.trim_end());
        }
    }

    // Verdict.
    out.push('\n');
    let _ = writeln!(out, "{}", verdict(report, lang, &s));
    out
}

/// « 2 erreurs, 1 avertissement » / « Grille conforme ».
fn verdict(report: &Report, lang: Lang, s: &Styles) -> String {
    let (errors, warnings) = (report.errors(), report.warnings());
    if errors == 0 && warnings == 0 {
        return paint(s.ok, lang.pick("Grille conforme", "The grid conforms"));
    }
    let text = format!(
        "{}, {}",
        count(errors, lang.pick("erreur", "error"), lang),
        count(warnings, lang.pick("avertissement", "warning"), lang)
    );
    paint(if errors > 0 { s.error } else { s.warning }, &text)
}

/// « 0 erreur », « 1 erreur », « 2 erreurs » (French: singular below 2); « 0 errors » in
/// English.
fn count(n: usize, word: &str, lang: Lang) -> String {
    let plural = match lang {
        Lang::Fr => n >= 2,
        Lang::En => n != 1,
    };
    format!("{n} {word}{}", if plural { "s" } else { "" })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    fn broken_report(lang: Lang) -> (Report, Referential) {
        let r = referential();
        let mut g = full_grid();
        g.realisations[0].marks.retain(|m| m.placed != comp("B1.3"));
        g.realisations[1]
            .marks
            .push(mark(9, 6, comp("B1.4"), invalid()));
        g.realisations.truncate(2);
        let mut t = template();
        if let Some(rules) = t.rules.as_mut() {
            rules.min_realisations = 3;
        }
        let findings = crate::rules::check(&g, &r, &t, lang);
        (Report::build("dupont.xlsx", &g, &r, findings), r)
    }

    #[test]
    fn french_text_report() {
        let (report, r) = broken_report(Lang::Fr);
        let text = render(
            &report,
            Some(&r),
            TextOptions {
                lang: Lang::Fr,
                color: false,
            },
        );
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "dupont.xlsx — feuille « Tableau de synthèse » (competence-columns)"
        );
        assert_eq!(
            lines[1],
            "Candidat : DUPONT Jeanne, n° 0212345678, option SISR"
        );
        assert_eq!(
            lines[3],
            "erreur         G10  C401  La cellule G10 (B1.4 « Travailler en mode projet ») contient « peut-être », qui n’est pas une marque : elle ne compte pas. → Écrire X dans la cellule, ou la vider ; un commentaire va dans l’intitulé de la réalisation."
        );
        assert!(
            lines[4]
                .starts_with("avertissement  —    C104  La grille compte 2 réalisations titrées"),
            "{}",
            lines[4]
        );
        assert!(lines[5].starts_with("erreur         —    C101  Aucune réalisation ne mobilise B1.3 « Développer la présence en ligne de l’organisation ». → "), "{}", lines[5]);
        assert!(
            text.contains("\n  B1.1  Gérer le patrimoine informatique"),
            "{text}"
        );
        let b13 = lines.iter().find(|l| l.starts_with("  B1.3")).unwrap();
        assert!(b13.ends_with("  0  ✗"), "{b13}");
        assert!(b13.contains("l’organisation"));
        let b11 = lines.iter().find(|l| l.starts_with("  B1.1")).unwrap();
        assert!(b11.ends_with("  1  ✓"), "{b11}");
        assert_eq!(lines.last(), Some(&"2 erreurs, 1 avertissement"));
        assert!(!text.contains('\u{1b}'), "no ANSI codes when colour is off");
    }

    #[test]
    fn english_text_report_and_colour_on_request() {
        let (report, r) = broken_report(Lang::En);
        let text = render(
            &report,
            Some(&r),
            TextOptions {
                lang: Lang::En,
                color: false,
            },
        );
        assert!(text.contains("error    G10  C401  Cell G10"), "{text}");
        assert!(
            text.contains("warning  —    C104  The grid has 2 titled réalisations"),
            "{text}"
        );
        assert!(text.contains("Coverage (number of réalisations per competence):"));
        assert_eq!(text.lines().last(), Some("2 errors, 1 warning"));
        let coloured = render(
            &report,
            Some(&r),
            TextOptions {
                lang: Lang::En,
                color: true,
            },
        );
        assert!(coloured.contains("\u{1b}["));
        assert_eq!(anstream::adapter::strip_str(&coloured).to_string(), text);
    }

    #[test]
    fn a_clean_grid_conforms() {
        let r = referential();
        let g = full_grid();
        let report = Report::build(
            "ok.xlsx",
            &g,
            &r,
            crate::rules::check(&g, &r, &template(), Lang::Fr),
        );
        let text = render(&report, Some(&r), TextOptions::default());
        assert_eq!(text.lines().last(), Some("Grille conforme"));
        assert_eq!(count(0, "erreur", Lang::Fr), "0 erreur");
        assert_eq!(count(1, "warning", Lang::En), "1 warning");
    }
}
