//! Reading the « Période » of a réalisation, as candidates really write it.
//!
//! The official form is « JJ/MM/AA au JJ/MM/AA ». Accepted as valid:
//! - day ranges with two- or four-digit years, « du … au … », « AU », « - », « – », « à »,
//!   a line break (with or without « au »), mixed separators (« 17/11-2024 »);
//! - month ranges (« 12/25 au 03/26 », « jan-25 à mars-25 »): from the 1st of the first month
//!   to the last day of the last one;
//! - year ranges (« 2024-2025 »): from 1 January of the first year to 31 December of the last;
//! - a single month (« 05/2025 ») or a single year (« 2022 »): that whole month or year, since
//!   it names a span by itself.
//!
//! Invalid: nothing written, a single day (also a date cell, and open-ended periods
//! « depuis le 02/02/2024 », « mars-25 à ce jour », which have no end), words only (« En
//! cours », « Constemment », « Avril »), an impossible date (« 31/04/2024 », the letter O in
//! « O7/08/2024 »), an end before its start.
//!
//! ```
//! use grille::grid::period::{parse_period, format_official};
//! use grille::grid::{Period, PeriodProblem};
//! let p = parse_period("du 04/09/2024 au 18/10/2024");
//! assert_eq!(format_official(&p).as_deref(), Some("04/09/24 au 18/10/24"));
//! assert!(matches!(parse_period("En cours"), Period::Invalid { reason: PeriodProblem::NotADate, .. }));
//! ```

use std::collections::BTreeSet;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::{Period, PeriodCell, PeriodProblem};
use crate::model::{CellPos, Date, days_in_month};
use crate::workbook::Value;

/// Reads a period written as text.
pub fn parse_period(raw: &str) -> Period {
    let folded = fold(raw);
    if folded.trim().is_empty() {
        return invalid(None, None, PeriodProblem::Empty);
    }
    let tokens = tokenize(&folded);
    let (items, open_ended) = items(&tokens);
    resolve(&items, open_ended)
}

/// Reads a period cell: text is parsed, a date cell is a single date, a whole number between
/// 1900 and 2100 is a year, any other number is not a date.
pub fn read_period_cell(cell: CellPos, value: &Value) -> PeriodCell {
    let raw = value.display();
    let parsed = match value {
        Value::Text(s) => parse_period(s),
        Value::Date(d) => invalid(Some(*d), None, PeriodProblem::SingleDate),
        Value::Number(n) if n.fract() == 0.0 && (1900.0..=2100.0).contains(n) => parse_period(&raw),
        _ => invalid(None, None, PeriodProblem::NotADate),
    };
    PeriodCell { cell, raw, parsed }
}

/// The period of a réalisation, whose layout puts periods at `at` (`None`: no period column
/// or row): its cell read and marked consumed when written, else an empty period said at
/// `at`, where it must be written. Every layout reads periods this way.
pub(crate) fn take_period(
    cell: Option<(CellPos, &Value)>,
    at: Option<CellPos>,
    consumed: &mut BTreeSet<CellPos>,
) -> Option<PeriodCell> {
    match (cell, at) {
        (Some((pos, value)), _) => {
            consumed.insert(pos);
            Some(read_period_cell(pos, value))
        }
        (None, Some(pos)) => Some(PeriodCell::empty(pos)),
        (None, None) => None,
    }
}

/// The official form « JJ/MM/AA au JJ/MM/AA » of a valid period, `None` otherwise.
pub fn format_official(period: &Period) -> Option<String> {
    match period {
        Period::Valid { start, end } => Some(format_range(*start, *end)),
        Period::Invalid { .. } => None,
    }
}

/// « JJ/MM/AA au JJ/MM/AA ».
pub fn format_range(start: Date, end: Date) -> String {
    format!("{} au {}", start.short_fr(), end.short_fr())
}

/// Whether a text reads as some period (valid or not) rather than as words: used to tell a
/// period column or row from a title one.
pub fn looks_like_period(raw: &str) -> bool {
    !matches!(
        parse_period(raw),
        Period::Invalid {
            reason: PeriodProblem::NotADate | PeriodProblem::Empty,
            ..
        }
    )
}

fn invalid(start: Option<Date>, end: Option<Date>, reason: PeriodProblem) -> Period {
    Period::Invalid { start, end, reason }
}

/// Lower case, no accents, typographic dashes as `-`.
fn fold(raw: &str) -> String {
    raw.nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            '–' | '—' | '‐' | '‑' | '−' => '-',
            '\u{a0}' | '\u{202f}' => ' ',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    /// Digits; `typo` when the letter O stands for a zero (« O7 »).
    Num {
        value: u32,
        len: usize,
        typo: bool,
    },
    /// `/`, `.` or `-` directly between two numbers or words.
    Sep(char),
    Word(String),
    /// Spaces, line breaks, other punctuation: ends a date.
    Gap,
}

fn tokenize(s: &str) -> Vec<Token> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_alphanumeric() {
            let start = i;
            while i < chars.len() && chars[i].is_alphanumeric() {
                i += 1;
            }
            let run: String = chars[start..i].iter().collect();
            let digits_or_o = run.chars().all(|c| c.is_ascii_digit() || c == 'o');
            if digits_or_o && run.chars().any(|c| c.is_ascii_digit()) && run.len() <= 4 {
                let typo = run.contains('o');
                let value = run
                    .chars()
                    .map(|c| if c == 'o' { '0' } else { c })
                    .collect::<String>()
                    .parse()
                    .unwrap_or(0);
                out.push(Token::Num {
                    value,
                    len: run.chars().count(),
                    typo,
                });
            } else {
                out.push(Token::Word(run));
            }
        } else if matches!(c, '/' | '.' | '-') {
            out.push(Token::Sep(c));
            i += 1;
        } else {
            if out.last() != Some(&Token::Gap) {
                out.push(Token::Gap);
            }
            i += 1;
        }
    }
    out
}

/// One date-like thing found in the text, as the span of days it covers.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Item {
    Span { first: Date, last: Date, day: bool },
    Impossible,
}

fn year_of(value: u32, len: usize) -> i32 {
    if len <= 2 {
        2000 + value as i32
    } else {
        value as i32
    }
}

fn day_item(d: u32, m: u32, y: i32) -> Item {
    match Date::new(y, m, d) {
        Some(date) => Item::Span {
            first: date,
            last: date,
            day: true,
        },
        None => Item::Impossible,
    }
}

fn month_item(m: u32, y: i32) -> Item {
    match (Date::new(y, m, 1), Date::new(y, m, days_in_month(y, m))) {
        (Some(first), Some(last)) => Item::Span {
            first,
            last,
            day: false,
        },
        _ => Item::Impossible,
    }
}

fn year_item(y: i32) -> Item {
    match (Date::new(y, 1, 1), Date::new(y, 12, 31)) {
        (Some(first), Some(last)) => Item::Span {
            first,
            last,
            day: false,
        },
        _ => Item::Impossible,
    }
}

fn month_number(word: &str) -> Option<u32> {
    // French and English names and the abbreviations Excel and people use (accents folded).
    const MONTHS: [(u32, &[&str]); 12] = [
        (1, &["janvier", "janv", "jan", "january"]),
        (2, &["fevrier", "fevr", "fev", "feb", "february"]),
        (3, &["mars", "mar", "march"]),
        (4, &["avril", "avr", "apr", "april"]),
        (5, &["mai", "may"]),
        (6, &["juin", "jun", "june"]),
        (7, &["juillet", "juil", "jul", "july"]),
        (8, &["aout", "aou", "aug", "august"]),
        (9, &["septembre", "sept", "sep", "september"]),
        (10, &["octobre", "oct", "october"]),
        (11, &["novembre", "nov", "november"]),
        (12, &["decembre", "dec", "december"]),
    ];
    MONTHS
        .iter()
        .find(|(_, names)| names.contains(&word))
        .map(|(m, _)| *m)
}

/// Words that say the period has no end yet.
fn is_open_word(word: &str) -> bool {
    matches!(
        word,
        "depuis" | "jour" | "aujourd" | "hui" | "cours" | "present" | "maintenant" | "now"
    )
}

/// Groups numbers joined by separators into dates, months and years.
fn items(tokens: &[Token]) -> (Vec<Item>, bool) {
    let mut items = Vec::new();
    let mut open = false;
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i] {
            Token::Num { .. } => {
                // A chunk: Num (Sep Num)*
                let mut nums = vec![i];
                let mut seps = Vec::new();
                let mut j = i + 1;
                while j + 1 < tokens.len() {
                    match (&tokens[j], &tokens[j + 1]) {
                        (Token::Sep(c), Token::Num { .. }) => {
                            seps.push(*c);
                            nums.push(j + 1);
                            j += 2;
                        }
                        _ => break,
                    }
                }
                chunk_items(tokens, &nums, &seps, &mut items);
                i = j;
            }
            Token::Word(w) => {
                if let Some(m) = month_number(w) {
                    // « mars-25 », « mars 2025 », « sept.-24 »
                    let mut j = i + 1;
                    while matches!(tokens.get(j), Some(Token::Sep(_) | Token::Gap)) && j < i + 3 {
                        j += 1;
                    }
                    if let Some(Token::Num { value, len, typo }) = tokens.get(j)
                        && (*len == 2 || *len == 4)
                    {
                        items.push(if *typo {
                            Item::Impossible
                        } else {
                            month_item(m, year_of(*value, *len))
                        });
                        i = j + 1;
                        continue;
                    }
                } else if is_open_word(w) {
                    open = true;
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    (items, open)
}

fn chunk_items(tokens: &[Token], nums: &[usize], seps: &[char], items: &mut Vec<Item>) {
    let num = |k: usize| match tokens.get(nums[k]) {
        Some(Token::Num { value, len, typo }) => (*value, *len, *typo),
        _ => (0, 0, false),
    };
    // Split the chunk at dashes into parts of numbers joined by `/` or `.`.
    let mut parts: Vec<Vec<usize>> = vec![vec![0]];
    for (k, sep) in seps.iter().enumerate() {
        if *sep == '-' {
            parts.push(vec![k + 1]);
        } else if let Some(last) = parts.last_mut() {
            last.push(k + 1);
        }
    }
    let all_single = parts.iter().all(|p| p.len() == 1);
    if all_single && parts.len() == 3 {
        // 17-11-2024 or 2024-11-17 (ISO).
        let (a, b, c) = (num(0), num(1), num(2));
        let item = if a.1 == 4 {
            day_item(c.0, b.0, a.0 as i32)
        } else {
            day_item(a.0, b.0, year_of(c.0, c.1))
        };
        items.push(if a.2 || b.2 || c.2 {
            Item::Impossible
        } else {
            item
        });
        return;
    }
    if parts.len() == 2 && parts[0].len() == 2 && parts[1].len() == 1 && num(2).1 == 4 {
        // « 17/11-2024 »: a typo for 17/11/2024.
        let (d, m, y) = (num(0), num(1), num(2));
        items.push(if d.2 || m.2 || y.2 {
            Item::Impossible
        } else {
            day_item(d.0, m.0, y.0 as i32)
        });
        return;
    }
    for part in parts {
        let values: Vec<(u32, usize, bool)> = part.iter().map(|k| num(*k)).collect();
        let typo = values.iter().any(|v| v.2);
        let item = match values.as_slice() {
            [d, m, y] => Some(day_item(d.0, m.0, year_of(y.0, y.1))),
            [m, y] if y.1 == 4 || (y.1 == 2 && m.0 <= 12) => {
                Some(month_item(m.0, year_of(y.0, y.1)))
            }
            [y] if y.1 == 4 && (1900..=2100).contains(&y.0) => Some(year_item(y.0 as i32)),
            _ => None,
        };
        match item {
            Some(_) if typo => items.push(Item::Impossible),
            Some(item) => items.push(item),
            None if typo => items.push(Item::Impossible),
            None => {}
        }
    }
}

fn resolve(items: &[Item], open: bool) -> Period {
    let spans: Vec<(Date, Date, bool)> = items
        .iter()
        .filter_map(|i| match i {
            Item::Span { first, last, day } => Some((*first, *last, *day)),
            Item::Impossible => None,
        })
        .collect();
    if items.contains(&Item::Impossible) {
        return invalid(
            spans.first().map(|s| s.0),
            spans.get(1).map(|s| s.1),
            PeriodProblem::ImpossibleDate,
        );
    }
    match spans.as_slice() {
        [] => invalid(None, None, PeriodProblem::NotADate),
        [(first, last, day)] => {
            if *day || open {
                invalid(Some(*first), None, PeriodProblem::SingleDate)
            } else {
                Period::Valid {
                    start: *first,
                    end: *last,
                }
            }
        }
        [(first, ..), .., (_, last, _)] => {
            if last < first {
                invalid(Some(*first), Some(*last), PeriodProblem::EndBeforeStart)
            } else {
                Period::Valid {
                    start: *first,
                    end: *last,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Date {
        Date::new(y, m, day).unwrap()
    }

    fn valid(raw: &str) -> (Date, Date) {
        match parse_period(raw) {
            Period::Valid { start, end } => (start, end),
            other => panic!("{raw:?} read as {other:?}"),
        }
    }

    fn problem(raw: &str) -> PeriodProblem {
        match parse_period(raw) {
            Period::Invalid { reason, .. } => reason,
            other => panic!("{raw:?} read as {other:?}"),
        }
    }

    #[test]
    fn valid_day_ranges_in_every_form() {
        let sept_oct = (d(2024, 9, 4), d(2024, 10, 18));
        for raw in [
            "04/09/24 au 18/10/24",
            "04/09/2024 au 18/10/2024",
            "du 04/09/2024 au 18/10/2024",
            "Du 04/09/24 Au 18/10/24.",
            "04/09/2024 AU 18/10/2024",
            "04/09/2024 - 18/10/2024",
            "04/09/24-18/10/24",
            "04/09/2024 – 18/10/2024",
            "04/09/24\n18/10/24",
            "04/09/24 \n au 18/10/24",
            " 04/09/2024  au 18/10/2024 ",
            "04.09.2024 au 18.10.2024",
            "Période du 04/09/2024 au 18/10/2024",
            "04/09/2024 à 18/10/2024",
        ] {
            assert_eq!(valid(raw), sept_oct, "{raw:?}");
        }
        assert_eq!(
            valid("16/06/2025 au 20/06/25"),
            (d(2025, 6, 16), d(2025, 6, 20))
        );
        assert_eq!(
            valid("17/11-2024 au 20/12/2024"),
            (d(2024, 11, 17), d(2024, 12, 20))
        );
    }

    #[test]
    fn month_and_year_forms() {
        assert_eq!(valid("05/2025"), (d(2025, 5, 1), d(2025, 5, 31)));
        assert_eq!(valid("12/25 au 03/26"), (d(2025, 12, 1), d(2026, 3, 31)));
        assert_eq!(valid("12/25-03/26"), (d(2025, 12, 1), d(2026, 3, 31)));
        assert_eq!(valid("jan-25 à mars-25"), (d(2025, 1, 1), d(2025, 3, 31)));
        assert_eq!(valid("déc-24 à fev-25"), (d(2024, 12, 1), d(2025, 2, 28)));
        assert_eq!(valid("nov-23 à mars-24"), (d(2023, 11, 1), d(2024, 3, 31)));
        assert_eq!(valid("2024-2025"), (d(2024, 1, 1), d(2025, 12, 31)));
        assert_eq!(valid("2022"), (d(2022, 1, 1), d(2022, 12, 31)));
        assert_eq!(
            valid("septembre 2024 à janvier 2025"),
            (d(2024, 9, 1), d(2025, 1, 31))
        );
    }

    #[test]
    fn invalid_periods_say_why() {
        assert_eq!(problem(""), PeriodProblem::Empty);
        assert_eq!(problem(" \u{a0}\n"), PeriodProblem::Empty);
        assert_eq!(problem("04/09/2024"), PeriodProblem::SingleDate);
        assert_eq!(problem("depuis le 02/02/2024"), PeriodProblem::SingleDate);
        assert_eq!(problem("depuis le 09/2023"), PeriodProblem::SingleDate);
        assert_eq!(problem("mars-25 à ce jour"), PeriodProblem::SingleDate);
        assert_eq!(
            problem("Période du 03/02/2025 au "),
            PeriodProblem::SingleDate
        );
        assert_eq!(problem("En cours"), PeriodProblem::NotADate);
        assert_eq!(problem("Constemment"), PeriodProblem::NotADate);
        assert_eq!(problem("Avril"), PeriodProblem::NotADate);
        assert_eq!(
            problem("au cours de ma deuxième année"),
            PeriodProblem::NotADate
        );
        assert_eq!(
            problem("31/04/2024 au 05/05/2024"),
            PeriodProblem::ImpossibleDate
        );
        assert_eq!(
            problem("O7/08/2024 - 08/09/2024"),
            PeriodProblem::ImpossibleDate
        );
        assert_eq!(
            problem("12/10/2024 au 01/09/2024"),
            PeriodProblem::EndBeforeStart
        );
        match parse_period("12/10/2024 au 01/09/2024") {
            Period::Invalid { start, end, .. } => {
                assert_eq!(start, Some(d(2024, 10, 12)));
                assert_eq!(end, Some(d(2024, 9, 1)));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn cells_of_every_type() {
        let at = CellPos::new(8, 1);
        let date = read_period_cell(at, &Value::Date(d(2025, 4, 22)));
        assert_eq!(date.raw, "22/04/2025");
        assert!(matches!(
            date.parsed,
            Period::Invalid {
                reason: PeriodProblem::SingleDate,
                start: Some(_),
                ..
            }
        ));
        let year = read_period_cell(at, &Value::Number(2021.0));
        assert_eq!(year.raw, "2021");
        assert!(matches!(year.parsed, Period::Valid { .. }));
        let text = read_period_cell(at, &Value::Text("13/09/21 \n31/05/23".into()));
        assert_eq!(
            text.parsed,
            Period::Valid {
                start: d(2021, 9, 13),
                end: d(2023, 5, 31)
            }
        );
        assert!(matches!(
            read_period_cell(at, &Value::Bool(true)).parsed,
            Period::Invalid {
                reason: PeriodProblem::NotADate,
                ..
            }
        ));
    }

    #[test]
    fn official_form() {
        assert_eq!(
            format_official(&parse_period("2024-09-04 au 2024-10-18")).as_deref(),
            Some("04/09/24 au 18/10/24")
        );
        assert_eq!(format_official(&parse_period("en cours")), None);
        assert!(looks_like_period("01/01/2024"));
        assert!(!looks_like_period("Installation de GLPI"));
    }
}
