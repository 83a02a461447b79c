//! Grid templates: the layout of a synthesis grid (titles, identity fields, tracked level,
//! sections and their empty rows, rules), described in a TOML file of `templates/`.
//!
//! A school copies a template, edits it and passes it with `--template FILE`; the official
//! ones are compiled into the binary.

pub mod session;

use serde::{Deserialize, Serialize};

use crate::model::Severity;
use crate::model::{GridRules, IdentityKind};

/// Which level of the referential a grid tracks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Tracked {
    /// One mark column per competence (`competence-columns`, the official model).
    Competences,
    /// One mark column per activity, grouped under competence headings (`activity-columns`).
    Activities,
}

/// A grid layout, as read from a template file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    /// Stable identifier (`bts-sio-e5`).
    pub id: String,
    /// What the template is for, shown by `grille blank --help` and in errors.
    #[serde(default)]
    pub description: String,
    /// The referential the grid is made for (`bts-sio-b1`).
    pub referential: String,
    pub tracked: Tracked,
    /// Sheet name (« Tableau de synthèse Épreuve E5 »).
    pub sheet_name: String,
    /// Top-left title (« BTS SERVICES INFORMATIQUES AUX ORGANISATIONS »).
    pub diploma: String,
    /// Session cell, `{session}` replaced by the year (« SESSION {session} »).
    pub session_label: String,
    /// « Tableau de synthèse des réalisations professionnelles ».
    pub title: String,
    /// Identity fields, in sheet order.
    pub identity: Vec<IdentityFieldSpec>,
    /// Texts of the diagonal corner cell and of the period heading.
    pub headers: HeaderTexts,
    /// The parts of the grid, each a title row followed by empty rows (validated non-empty,
    /// so that a missing list gets a clear message rather than a serde one).
    #[serde(default)]
    pub sections: Vec<SectionSpec>,
    /// Overrides the referential's grid rules when present.
    #[serde(default)]
    pub rules: Option<GridRules>,
    /// Levels of the jury's evaluation grid (`grille blank --kind evaluation`).
    #[serde(default = "default_levels")]
    pub levels: Vec<Level>,
    /// Session year written when none is given (`--session`), e.g. `"2026"`.
    #[serde(default)]
    pub default_session: Option<String>,
    /// The options a candidate chooses from, one box each (« ▢ SISR », « ▢ SLAM »).
    #[serde(default = "default_options")]
    pub options: Vec<String>,
    /// Title of the jury's evaluation grid (`grille blank --kind evaluation`).
    #[serde(default)]
    pub evaluation_title: Option<String>,
    /// Column widths and row heights of the written sheet (the official ones by default).
    #[serde(default)]
    pub layout: LayoutSpec,
    /// Older official models this one replaces. A sheet that still uses one of them for a
    /// later session is an `outdated-model`: the ministry changes the model with the exam
    /// (E4 until 2025, E5 from 2026), and the jury expects the current one.
    #[serde(default)]
    pub replaces: Vec<ReplacedModel>,
}

/// An older official model, recognised by a text of its sheet name.
///
/// ```toml
/// [[replaces]]
/// sheet_name = "Épreuve E4"
/// last_session = 2025
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplacedModel {
    /// A text the old model's sheet name contains (« Épreuve E4 »), matched without regard
    /// to case, accents or underscores (LibreOffice writes « Tableau_de_synthèse_Épreuve_E4 »).
    pub sheet_name: String,
    /// The last session the old model was for.
    pub last_session: u16,
}

impl ReplacedModel {
    /// Whether a sheet of this name, for this session, is this old model used past its last
    /// session.
    ///
    /// ```
    /// use grille::template::ReplacedModel;
    /// let e4 = ReplacedModel { sheet_name: "Épreuve E4".into(), last_session: 2025 };
    /// assert!(e4.outdates("Tableau_de_synthèse_Epreuve_E4", "2026"));
    /// assert!(!e4.outdates("Tableau de synthèse Épreuve E4", "2024/2025"));
    /// assert!(!e4.outdates("Tableau de synthèse Épreuve E5", "2026"));
    /// ```
    pub fn outdates(&self, sheet: &str, session: &str) -> bool {
        use crate::text::match_key;
        session_year(session).is_some_and(|year| year > self.last_session)
            && format!(" {} ", match_key(sheet))
                .contains(&format!(" {} ", match_key(&self.sheet_name)))
    }
}

/// The year of a session as candidates write it: « 2026 », « 2024/2025 » and « 2023-2024 »
/// (a school year: the exam is at its end, so the later year).
///
/// ```
/// use grille::template::session_year;
/// assert_eq!(session_year("SESSION 2023-2024"), Some(2024));
/// assert_eq!(session_year("26"), None);
/// ```
pub fn session_year(text: &str) -> Option<u16> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|digits| digits.len() == 4)
        .filter_map(|digits| digits.parse::<u16>().ok())
        .filter(|year| (2000..2100).contains(year))
        .max()
}

/// Sizes of the written sheet, in Excel units (widths in characters, heights in points).
/// The defaults are the ministry's file's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LayoutSpec {
    /// Column A: réalisation titles.
    pub title_width: f64,
    /// Column B: periods.
    pub period_width: f64,
    /// Each mark column; `None`: 30.7 for competences, 7 for activities.
    pub mark_width: Option<f64>,
    /// The row of competence titles.
    pub heading_height: f64,
    /// The row of activities (rotated 90°).
    pub activities_height: f64,
    /// Each réalisation row.
    pub row_height: f64,
}

impl Default for LayoutSpec {
    fn default() -> Self {
        Self {
            title_width: 70.43,
            period_width: 10.86,
            mark_width: None,
            heading_height: 90.0,
            activities_height: 325.0,
            row_height: 39.95,
        }
    }
}

impl LayoutSpec {
    /// The width of one mark column for this kind of grid.
    pub fn mark_width_for(&self, tracked: Tracked) -> f64 {
        self.mark_width.unwrap_or(match tracked {
            Tracked::Competences => 30.71,
            Tracked::Activities => 7.0,
        })
    }
}

fn default_options() -> Vec<String> {
    vec!["SISR".into(), "SLAM".into()]
}

/// One identity field of the template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdentityFieldSpec {
    pub field: IdentityKind,
    /// The label, value typed after it in the same cell (« NOM et prénom : »).
    pub label: String,
    /// Severity of a `missing-field` when empty; `None` when the field is optional.
    #[serde(default)]
    pub required: Option<Severity>,
    /// Half or whole width of the sheet; by default the portfolio URL takes a whole row and
    /// the others go two by two (name and number, school and option).
    #[serde(default)]
    pub width: Option<FieldWidth>,
}

/// How much of a row an identity field takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FieldWidth {
    Half,
    Full,
}

impl IdentityFieldSpec {
    /// The field's width, explicit or by default.
    pub fn width(&self) -> FieldWidth {
        self.width.unwrap_or(match self.field {
            IdentityKind::PortfolioUrl => FieldWidth::Full,
            _ => FieldWidth::Half,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeaderTexts {
    /// « Compétences mises en œuvre » (top right of the diagonal cell).
    pub competences: String,
    /// « Réalisations professionnelles (intitulé et liste des documents et productions associés) ».
    pub realisations: String,
    /// « Période (sous la forme du JJ/MM/AA au JJ/MM/AA) ».
    pub period: String,
}

/// A part of the grid: a merged title row, then `rows` empty bordered rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionSpec {
    pub title: String,
    pub rows: u32,
}

/// A level of the evaluation grid (`TI` « très insuffisant »…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Level {
    pub code: String,
    pub label: String,
}

fn default_levels() -> Vec<Level> {
    [
        ("TI", "très insuffisant"),
        ("I", "insuffisant"),
        ("S", "satisfaisant"),
        ("TS", "très satisfaisant"),
    ]
    .into_iter()
    .map(|(code, label)| Level {
        code: code.into(),
        label: label.into(),
    })
    .collect()
}

/// The most empty rows a section may ask for (a typo like 10000 would make a useless file).
pub const MAX_SECTION_ROWS: u32 = 500;

/// A template file that could not be used.
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    #[error("{origin} : impossible de lire le modèle ({})", crate::input::io_reason(.source, crate::Lang::Fr))]
    Io {
        origin: String,
        source: std::io::Error,
    },
    #[error("{origin} : modèle invalide ({message})")]
    Invalid { origin: String, message: String },
    #[error("modèle inconnu « {name} » : ni un modèle intégré ({known}), ni un fichier existant")]
    Unknown { name: String, known: String },
}

impl TemplateError {
    pub fn message(&self, lang: crate::Lang) -> String {
        match (self, lang) {
            (_, crate::Lang::Fr) => self.to_string(),
            (TemplateError::Io { origin, source }, crate::Lang::En) => {
                format!(
                    "{origin}: cannot read the template ({})",
                    crate::input::io_reason(source, crate::Lang::En)
                )
            }
            (TemplateError::Invalid { origin, message }, crate::Lang::En) => {
                format!("{origin}: invalid template ({message})")
            }
            (TemplateError::Unknown { name, known }, crate::Lang::En) => format!(
                "unknown template “{name}”: neither an embedded one ({known}) nor an existing file"
            ),
        }
    }
}

/// Largest template file read (the embedded ones weigh 2–4 KB).
pub const MAX_TEMPLATE_BYTES: u64 = 256 * 1024;

/// Longest TOML error message kept, in characters: the TOML crate quotes the offending line
/// and serde the offending value, which may be a line of 300 KB.
const MAX_TOML_MESSAGE: usize = 200;

/// A TOML error as « ligne 3, colonne 7 : message », without the quoted source line and
/// with a long message cut.
fn toml_message(text: &str, error: &toml::de::Error) -> String {
    let raw = error.message().trim();
    let mut message: String = raw.chars().take(MAX_TOML_MESSAGE).collect();
    if raw.chars().count() > MAX_TOML_MESSAGE {
        message.push('…');
    }
    match error.span() {
        Some(span) => {
            let before = text.get(..span.start).unwrap_or_default();
            let line = before.matches('\n').count() + 1;
            let column = before
                .rsplit('\n')
                .next()
                .unwrap_or_default()
                .chars()
                .count()
                + 1;
            format!("ligne {line}, colonne {column} : {message}")
        }
        None => message,
    }
}

/// Templates compiled into the binary: (id, TOML source). The first one of a referential
/// is its default.
const EMBEDDED: &[(&str, &str)] = &[
    (
        "bts-sio-e5",
        include_str!("../../templates/bts-sio-e5.toml"),
    ),
    (
        "bts-sio-e4",
        include_str!("../../templates/bts-sio-e4.toml"),
    ),
    (
        "bts-sio-e5-activites",
        include_str!("../../templates/bts-sio-e5-activites.toml"),
    ),
];

impl Template {
    /// Parses a template from its TOML text and validates it; `origin` names it in errors.
    ///
    /// ```
    /// let err = grille::template::Template::parse("id = 1", "mon-modele.toml").unwrap_err();
    /// assert!(err.to_string().starts_with("mon-modele.toml : modèle invalide"));
    /// ```
    pub fn parse(text: &str, origin: &str) -> Result<Self, TemplateError> {
        let template: Self = toml::from_str(text).map_err(|e| TemplateError::Invalid {
            origin: origin.into(),
            message: toml_message(text, &e),
        })?;
        template.validate(origin)?;
        Ok(template)
    }

    /// Checks what TOML alone cannot: a usable sheet name, at least one section, known
    /// referential, levels fit for a drop-down list… The message says what to change.
    pub fn validate(&self, origin: &str) -> Result<(), TemplateError> {
        let invalid = |message: String| TemplateError::Invalid {
            origin: origin.into(),
            message,
        };
        if crate::text::is_blank(&self.id) {
            return Err(invalid("« id » est vide".into()));
        }
        let sheet = self.sheet_name.trim();
        if sheet.is_empty()
            || sheet.chars().count() > 31
            || sheet.contains(['[', ']', ':', '*', '?', '/', '\\'])
            || sheet.starts_with('\'')
            || sheet.ends_with('\'')
        {
            return Err(invalid(format!(
                "« sheet_name » = « {} » : un nom de feuille a de 1 à 31 caractères, sans [ ] : * ? / \\",
                self.sheet_name
            )));
        }
        if self.sections.is_empty() {
            return Err(invalid(
                "aucune partie ([[sections]]) : il en faut au moins une".into(),
            ));
        }
        for (i, section) in self.sections.iter().enumerate() {
            if section.rows > MAX_SECTION_ROWS {
                return Err(invalid(format!(
                    "partie {} : {} lignes (au plus {MAX_SECTION_ROWS})",
                    i + 1,
                    section.rows
                )));
            }
        }
        let mut seen = Vec::new();
        for field in &self.identity {
            if seen.contains(&field.field) {
                return Err(invalid(format!(
                    "le champ d’identité « {} » apparaît deux fois",
                    field.field.label(crate::Lang::Fr)
                )));
            }
            seen.push(field.field);
        }
        if crate::referential::embedded::get(&self.referential).is_none()
            && !std::path::Path::new(&self.referential).is_file()
        {
            return Err(invalid(format!(
                "référentiel inconnu « {} » (intégrés : {})",
                self.referential,
                crate::referential::embedded::ids().join(", ")
            )));
        }
        if self.options.iter().any(|o| crate::text::is_blank(o)) {
            return Err(invalid("une option est vide".into()));
        }
        if self.levels.is_empty() {
            return Err(invalid(
                "aucun niveau ([[levels]]) pour la grille d’évaluation".into(),
            ));
        }
        let mut codes = Vec::new();
        for level in &self.levels {
            let code = level.code.trim();
            if code.is_empty() || code.contains([',', '"']) {
                return Err(invalid(format!(
                    "niveau « {} » : un code non vide, sans virgule ni guillemet",
                    level.code
                )));
            }
            if codes.contains(&code) {
                return Err(invalid(format!("le niveau « {code} » apparaît deux fois")));
            }
            codes.push(code);
        }
        if codes.iter().map(|c| c.chars().count() + 1).sum::<usize>() > 255 {
            return Err(invalid(
                "les codes des niveaux dépassent 255 caractères en tout (limite d’une liste déroulante)".into(),
            ));
        }
        let l = &self.layout;
        let sizes = [
            ("title_width", l.title_width, 255.0),
            ("period_width", l.period_width, 255.0),
            ("mark_width", l.mark_width_for(self.tracked), 255.0),
            ("heading_height", l.heading_height, 409.0),
            ("activities_height", l.activities_height, 409.0),
            ("row_height", l.row_height, 409.0),
        ];
        for (name, value, max) in sizes {
            if !(value > 0.0 && value <= max) {
                return Err(invalid(format!(
                    "[layout] {name} = {value} : attendu entre 0 et {max}"
                )));
            }
        }
        Ok(())
    }

    /// Checks the template against the referential it is used with: the grid must get at
    /// least one mark column.
    pub fn check_referential(
        &self,
        origin: &str,
        referential: &crate::model::Referential,
    ) -> Result<(), TemplateError> {
        let columns = match self.tracked {
            Tracked::Competences => referential.competences.len(),
            Tracked::Activities => referential
                .competences
                .iter()
                .map(|c| c.activities().count())
                .sum(),
        };
        if columns == 0 {
            let what = match self.tracked {
                Tracked::Competences => "aucune compétence",
                Tracked::Activities => "aucune activité",
            };
            return Err(TemplateError::Invalid {
                origin: origin.into(),
                message: format!(
                    "0 colonne : le référentiel « {} » n’a {what} à porter dans la grille",
                    referential.id
                ),
            });
        }
        Ok(())
    }

    /// The session written when none is given: the template's, else `2026`.
    pub fn session(&self) -> &str {
        self.default_session.as_deref().unwrap_or("2026")
    }

    /// An embedded template by id.
    pub fn embedded(id: &str) -> Option<Self> {
        EMBEDDED
            .iter()
            .find(|(i, _)| i.eq_ignore_ascii_case(id.trim()))
            .and_then(|(i, text)| Self::parse(text, i).ok())
    }

    /// Ids of the embedded templates.
    pub fn embedded_ids() -> Vec<&'static str> {
        EMBEDDED.iter().map(|(i, _)| *i).collect()
    }

    /// The embedded template that replaces this one for a session, if this one is an older
    /// model by then (`bts-sio-e4` for 2026 → `bts-sio-e5`), so that `grille blank` can say
    /// so before a secretariat prints a whole class of outdated grids.
    pub fn replaced_for(&self, session: &str) -> Option<Template> {
        Self::embedded_ids()
            .into_iter()
            .filter_map(Self::embedded)
            .filter(|t| t.id != self.id && t.tracked == self.tracked)
            .find(|t| {
                t.replaces
                    .iter()
                    .any(|old| old.outdates(&self.sheet_name, session))
            })
    }

    /// An embedded template by id, or else a TOML file by path (`--template ID|FILE`).
    pub fn load(id_or_path: &str) -> Result<Self, TemplateError> {
        if let Some(t) = Self::embedded(id_or_path) {
            return Ok(t);
        }
        let path = std::path::Path::new(id_or_path);
        if !path.exists() {
            return Err(TemplateError::Unknown {
                name: id_or_path.into(),
                known: Self::embedded_ids().join(", "),
            });
        }
        let io = |source| TemplateError::Io {
            origin: id_or_path.into(),
            source,
        };
        // Only a regular file, within the limit, before TOML sees it.
        let bytes = crate::input::read_regular(path, MAX_TEMPLATE_BYTES).map_err(io)?;
        if bytes.len() as u64 > MAX_TEMPLATE_BYTES {
            return Err(TemplateError::Invalid {
                origin: id_or_path.into(),
                message: format!(
                    "fichier de plus de {} Ko (limite {} Ko pour un modèle)",
                    MAX_TEMPLATE_BYTES / 1024,
                    MAX_TEMPLATE_BYTES / 1024
                ),
            });
        }
        let text = String::from_utf8(bytes).map_err(|_| TemplateError::Invalid {
            origin: id_or_path.into(),
            message: "le fichier n’est pas du texte UTF-8".into(),
        })?;
        Self::parse(&text, id_or_path)
    }

    /// The default template of a referential (the official grid for `bts-sio-b1`).
    pub fn default_for(referential: &str) -> Option<Self> {
        EMBEDDED
            .iter()
            .filter_map(|(i, _)| Self::embedded(i))
            .find(|t| t.referential == referential)
    }

    /// The grid rules in force: the template's when it sets them, else the referential's.
    pub fn rules_for(&self, referential: &crate::model::Referential) -> GridRules {
        self.rules
            .clone()
            .unwrap_or_else(|| referential.rules.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_years() {
        assert_eq!(session_year("2026"), Some(2026));
        assert_eq!(session_year("2023-2024"), Some(2024));
        assert_eq!(session_year("2024/2025"), Some(2025));
        assert_eq!(session_year("26"), None);
        assert_eq!(session_year("12345"), None);
    }

    #[test]
    fn the_e4_model_is_replaced_by_e5_from_2026_only() {
        let e4 = Template::embedded("bts-sio-e4").unwrap();
        assert_eq!(
            e4.replaced_for("2026").map(|t| t.id).as_deref(),
            Some("bts-sio-e5")
        );
        assert!(e4.replaced_for("2025").is_none());
        assert!(e4.replaced_for("").is_none());
        for id in ["bts-sio-e5", "bts-sio-e5-activites"] {
            let t = Template::embedded(id).unwrap();
            assert!(t.replaced_for("2027").is_none(), "{id}");
        }
    }

    #[test]
    fn embedded_templates_parse() {
        for id in Template::embedded_ids() {
            let t = Template::embedded(id).unwrap_or_else(|| panic!("{id} does not parse"));
            assert_eq!(t.id, id);
        }
        let official = Template::default_for("bts-sio-b1").unwrap();
        assert_eq!(
            official.sections.iter().map(|s| s.rows).collect::<Vec<_>>(),
            [10, 7, 7]
        );
        assert_eq!(official.levels.len(), 4);
    }
}

#[cfg(test)]
mod validation_tests {
    use super::*;

    fn official_text() -> &'static str {
        include_str!("../../templates/bts-sio-e5.toml")
    }

    fn error_of(text: &str) -> String {
        Template::parse(text, "ecole.toml").unwrap_err().to_string()
    }

    #[test]
    fn broken_templates_are_refused_with_the_file_named() {
        let no_sections: String = official_text().split("[[sections]]").next().unwrap().into();
        assert!(error_of(&no_sections).starts_with("ecole.toml : modèle invalide (aucune partie"));
        let unknown =
            official_text().replace("referential = \"bts-sio-b1\"", "referential = \"xyz\"");
        assert!(error_of(&unknown).contains("référentiel inconnu « xyz »"));
        let bad_sheet = official_text().replace(
            "sheet_name = \"Tableau de synthèse Épreuve E5\"",
            "sheet_name = \"Tableau: [E5]\"",
        );
        assert!(error_of(&bad_sheet).contains("sheet_name"));
        let huge = official_text().replace("rows = 10", "rows = 100000");
        assert!(error_of(&huge).contains("100000 lignes"));
        let comma = official_text().replace("code = \"TI\"", "code = \"T,I\"");
        assert!(error_of(&comma).contains("sans virgule"));
        let twice = format!(
            "{}\n[[identity]]\nfield = \"name\"\nlabel = \"Nom\"\n",
            official_text()
        );
        assert!(
            error_of(&twice).contains("apparaît deux fois"),
            "{}",
            error_of(&twice)
        );
        let typo = official_text().replace("title = \"Tableau", "titel = \"Tableau");
        assert!(error_of(&typo).starts_with("ecole.toml : modèle invalide"));
        let width = format!("{}\n[layout]\ntitle_width = -3\n", official_text());
        assert!(error_of(&width).contains("title_width"));
    }

    #[test]
    fn zero_columns_is_refused_for_the_referential() {
        let detailed = Template::embedded("bts-sio-e5-activites").unwrap();
        let mut r = crate::referential::embedded::get("bts-sio-b1").unwrap();
        assert!(detailed.check_referential("d", &r).is_ok());
        for c in &mut r.competences {
            c.items
                .retain(|i| i.kind != crate::model::ItemKind::Activity);
        }
        let err = detailed.check_referential("d", &r).unwrap_err().to_string();
        assert!(err.contains("0 colonne"), "{err}");
        r.competences.clear();
        let official = Template::embedded("bts-sio-e5").unwrap();
        assert!(official.check_referential("o", &r).is_err());
    }

    #[test]
    fn embedded_templates_say_their_sessions_and_sheets() {
        let e4 = Template::embedded("bts-sio-e4").unwrap();
        assert_eq!(e4.sheet_name, "Tableau de synthèse Épreuve E4");
        assert_eq!(e4.session(), "2025");
        assert_eq!(Template::embedded("bts-sio-e5").unwrap().session(), "2026");
        assert_eq!(
            Template::default_for("bts-sio-b1").unwrap().id,
            "bts-sio-e5"
        );
        let detailed = Template::embedded("bts-sio-e5-activites").unwrap();
        assert_eq!(detailed.tracked, Tracked::Activities);
    }
}
