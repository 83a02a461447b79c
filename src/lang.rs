//! The language of what users read: French by default, English on request (`--lang en`).

use std::str::FromStr;

/// The language of messages, reports and written workbooks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    Fr,
    En,
}

impl Lang {
    /// Picks the text of this language.
    ///
    /// ```
    /// use grille::Lang;
    /// assert_eq!(Lang::En.pick("Constat", "Finding"), "Finding");
    /// ```
    pub fn pick<T>(self, fr: T, en: T) -> T {
        match self {
            Lang::Fr => fr,
            Lang::En => en,
        }
    }

    pub fn code(self) -> &'static str {
        self.pick("fr", "en")
    }
}

impl FromStr for Lang {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "fr" | "français" | "francais" | "french" => Ok(Lang::Fr),
            "en" | "english" | "anglais" => Ok(Lang::En),
            other => Err(format!("langue inconnue « {other} » (fr ou en)")),
        }
    }
}
