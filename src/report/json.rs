//! The JSON report (`--format json`): exactly the object of `shared/design.md`, one per
//! checked file, on one line (a batch writes JSON Lines).

use super::Report;

/// The report as one line of JSON (no trailing newline).
///
/// Serializing these types cannot fail in practice (string keys, no maps with non-string
/// keys); the error is passed on rather than hidden.
pub fn to_line(report: &Report) -> Result<String, serde_json::Error> {
    serde_json::to_string(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;
    use crate::grid::MarkValue;
    use crate::rules::testing::*;
    use serde_json::{Value, json};

    fn report() -> Report {
        let r = referential();
        let mut g = full_grid();
        g.realisations[0].marks.retain(|m| m.placed != comp("B1.3"));
        g.realisations[2].marks = vec![mark(10, 3, comp("B1.1"), activity("B1.6.4"))];
        let findings = crate::rules::check(&g, &r, &template(), Lang::Fr);
        Report::build("submissions/dupont.xlsx", &g, &r, findings)
    }

    #[test]
    fn the_object_of_design_md() {
        let line = to_line(&report()).unwrap();
        assert!(!line.contains('\n'));
        let v: Value = serde_json::from_str(&line).unwrap();
        let keys = |v: &Value| -> Vec<String> {
            v.as_object().unwrap().keys().cloned().collect::<Vec<_>>()
        };
        let mut top = keys(&v);
        top.sort();
        assert_eq!(
            top,
            [
                "candidate",
                "coverage",
                "file",
                "findings",
                "layout",
                "realisations",
                "referential",
                "sheet"
            ]
        );
        assert_eq!(v["file"], "submissions/dupont.xlsx");
        assert_eq!(v["sheet"], SHEET);
        assert_eq!(v["referential"], "bts-sio-b1");
        assert_eq!(v["layout"], "competence-columns");
        assert_eq!(
            v["candidate"],
            json!({"name": "DUPONT Jeanne", "number": "0212345678", "school": "Lycée Camille Claudel",
                   "option": "SISR", "session": null, "portfolio_url": "https://jdupont.fr"})
        );
        assert_eq!(
            v["realisations"][0],
            json!({"cell": "A9", "title": "Mise en place d'un serveur GLPI",
                   "period": {"text": "04/09/24 au 18/10/24", "start": "2024-09-04", "end": "2024-10-18"},
                   "competences": ["B1.1", "B1.2"], "activities": []})
        );
        // The misassigned activity counts where it belongs, with its code.
        assert_eq!(v["realisations"][2]["competences"], json!(["B1.6"]));
        assert_eq!(v["realisations"][2]["activities"], json!(["B1.6.4"]));
        // Coverage: an object in referential order.
        let coverage = v["coverage"].as_object().unwrap();
        assert_eq!(
            coverage.keys().collect::<Vec<_>>(),
            ["B1.1", "B1.2", "B1.3", "B1.4", "B1.5", "B1.6"]
        );
        assert_eq!(v["coverage"]["B1.3"], 0);
        assert_eq!(v["coverage"]["B1.6"], 2);
        assert!(
            line.contains(r#""coverage":{"B1.1":1,"B1.2":1,"B1.3":0,"#),
            "{line}"
        );
        // Findings: every field present, null where empty.
        let findings = v["findings"].as_array().unwrap();
        assert_eq!(findings.len(), 2);
        assert_eq!(
            findings[1],
            json!({"kind": "missing-competence", "code": "C101", "severity": "error",
                   "sheet": SHEET, "cell": null, "competence": "B1.3", "activity": null,
                   "message": "Aucune réalisation ne mobilise B1.3 « Développer la présence en ligne de l’organisation ».",
                   "suggestion": "Marquer B1.3 (X) sur la ligne d’une réalisation qui la mobilise, ou en ajouter une."})
        );
        assert_eq!(findings[0]["kind"], "misassigned-activity");
        assert_eq!(findings[0]["cell"], "D11");
        assert_eq!(findings[0]["activity"], "B1.6.4");
        let mut finding_keys = keys(&findings[0]);
        finding_keys.sort();
        assert_eq!(
            finding_keys,
            [
                "activity",
                "cell",
                "code",
                "competence",
                "kind",
                "message",
                "severity",
                "sheet",
                "suggestion"
            ]
        );
    }

    #[test]
    fn invalid_periods_keep_their_text_and_untitled_rows_are_not_realisations() {
        let r = referential();
        let mut g = full_grid();
        if let Some(p) = g.realisations[1].period.as_mut() {
            p.raw = "en  cours".into();
            p.parsed = bad(crate::grid::PeriodProblem::NotADate);
        }
        g.realisations.push(realisation(
            12,
            None,
            None,
            vec![mark(12, 3, comp("B1.1"), MarkValue::Yes)],
        ));
        let report = Report::build("x.xlsx", &g, &r, vec![]);
        let v: Value = serde_json::from_str(&to_line(&report).unwrap()).unwrap();
        assert_eq!(v["realisations"].as_array().unwrap().len(), 3);
        assert_eq!(
            v["realisations"][1]["period"],
            json!({"text": "en cours", "start": null, "end": null})
        );
    }
}
