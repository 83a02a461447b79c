//! Calendar dates as grids hold them: typed text, Excel serial numbers, ODS ISO strings.
//!
//! Only civil dates matter here (a période runs from a day to a day), so this is a small,
//! checked `Date` rather than a date-time library.

use std::fmt;

use serde::{Serialize, Serializer};

/// A valid proleptic Gregorian date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// A date, if it exists (`31/04` does not).
    ///
    /// ```
    /// use grille::model::Date;
    /// assert!(Date::new(2024, 2, 29).is_some());
    /// assert!(Date::new(2023, 2, 29).is_none());
    /// assert!(Date::new(2024, 4, 31).is_none());
    /// ```
    pub fn new(year: i32, month: u32, day: u32) -> Option<Self> {
        if (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month) {
            Some(Self { year, month, day })
        } else {
            None
        }
    }

    /// The date of an Excel serial number (1900 system; the fractional part is the time).
    ///
    /// ```
    /// use grille::model::Date;
    /// assert_eq!(Date::from_excel_serial(45539.0), Date::new(2024, 9, 4));
    /// ```
    pub fn from_excel_serial(serial: f64) -> Option<Self> {
        if !serial.is_finite() || !(1.0..=2_958_465.0).contains(&serial) {
            return None;
        }
        let mut days = serial.floor() as i64;
        // Excel counts the non-existent 29 February 1900.
        if days >= 60 {
            days -= 1;
        }
        // Serial 1 is 1900-01-01; days since 1970-01-01 of 1899-12-31 is -25568.
        Some(Self::from_days_since_epoch(days - 25568))
    }

    /// The Excel serial number of this date (1900 system).
    pub fn to_excel_serial(self) -> f64 {
        let mut days = self.days_since_epoch() + 25568;
        if days >= 60 {
            days += 1;
        }
        days as f64
    }

    /// Parses the date part of an ISO string (`2024-09-04` or `2024-09-04T00:00:00`).
    pub fn parse_iso(s: &str) -> Option<Self> {
        let s = s.trim();
        let date = s.get(..10)?;
        let mut parts = date.split('-');
        let year = parts.next()?.parse().ok()?;
        let month = parts.next()?.parse().ok()?;
        let day = parts.next()?.parse().ok()?;
        if s.len() > 10 && !matches!(s.as_bytes()[10], b'T' | b' ') {
            return None;
        }
        Self::new(year, month, day)
    }

    /// « JJ/MM/AA », the official form of the grid.
    pub fn short_fr(self) -> String {
        format!(
            "{:02}/{:02}/{:02}",
            self.day,
            self.month,
            self.year.rem_euclid(100)
        )
    }

    fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    fn from_days_since_epoch(z: i64) -> Self {
        let z = z + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Self { year, month, day }
    }
}

/// Days in a month of a year (leap years included).
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// ISO 8601 (`2024-09-04`), as in the JSON report.
impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_serial_round_trip() {
        for (serial, date) in [
            (1.0, (1900, 1, 1)),
            (61.0, (1900, 3, 1)),
            (45539.0, (2024, 9, 4)),
            (45658.5, (2025, 1, 1)),
        ] {
            let d = Date::new(date.0, date.1, date.2).unwrap();
            assert_eq!(Date::from_excel_serial(serial), Some(d), "{serial}");
            assert_eq!(d.to_excel_serial(), serial.floor());
        }
        assert_eq!(Date::from_excel_serial(f64::NAN), None);
        assert_eq!(Date::from_excel_serial(-3.0), None);
    }

    #[test]
    fn iso_and_short_forms() {
        let d = Date::parse_iso("2024-10-18T00:00:00").unwrap();
        assert_eq!(d.to_string(), "2024-10-18");
        assert_eq!(d.short_fr(), "18/10/24");
        assert_eq!(Date::parse_iso("2024-04-31"), None);
        assert_eq!(Date::parse_iso("2024-10-18X"), None);
    }
}
