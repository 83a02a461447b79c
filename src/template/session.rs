//! The session of an exam, as `--session` gives it: a four-digit year.
//!
//! Why a check at all: the year is printed as « SESSION 2026 » at the top of every grid and
//! names the output files; `--session abc` or `--session 26` used to be accepted and printed
//! as is on a whole class's grids.

/// Earliest and latest sessions accepted: the BTS SIO exists since 2011, and a session more
/// than a few decades ahead is a typing mistake.
pub const FIRST_SESSION: u16 = 2011;
pub const LAST_SESSION: u16 = 2099;

/// Why a session was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "--session « {given} » : une année de session à quatre chiffres est attendue, de {FIRST_SESSION} à {LAST_SESSION} (par exemple 2026)"
)]
pub struct SessionError {
    pub given: String,
}

impl SessionError {
    pub fn message(&self, lang: crate::Lang) -> String {
        match lang {
            crate::Lang::Fr => self.to_string(),
            crate::Lang::En => format!(
                "--session “{}”: a four-digit session year is expected, from {FIRST_SESSION} to {LAST_SESSION} (e.g. 2026)",
                self.given
            ),
        }
    }
}

/// The session year written in `text` (spaces around it allowed).
///
/// ```
/// use grille::template::session::parse_session;
/// assert_eq!(parse_session(" 2026 ").unwrap(), 2026);
/// assert!(parse_session("26").is_err());
/// assert!(parse_session("abc").is_err());
/// assert!(parse_session("1999").is_err());
/// ```
pub fn parse_session(text: &str) -> Result<u16, SessionError> {
    let trimmed = text.trim();
    let refuse = || SessionError {
        given: crate::text::clean(text).chars().take(40).collect(),
    };
    if trimmed.len() != 4 || !trimmed.bytes().all(|b| b.is_ascii_digit()) {
        return Err(refuse());
    }
    let year: u16 = trimmed.parse().map_err(|_| refuse())?;
    if (FIRST_SESSION..=LAST_SESSION).contains(&year) {
        Ok(year)
    } else {
        Err(refuse())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_four_digit_years_in_range() {
        for ok in ["2011", "2026", "2099"] {
            assert!(parse_session(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "2010",
            "2100",
            "02026",
            "２０２６",
            "2026-2027",
            "20 26",
            "-2026",
        ] {
            assert!(parse_session(bad).is_err(), "{bad}");
        }
        assert_eq!(
            parse_session("26").unwrap_err().message(crate::Lang::Fr),
            "--session « 26 » : une année de session à quatre chiffres est attendue, de 2011 à 2099 (par exemple 2026)"
        );
    }
}
