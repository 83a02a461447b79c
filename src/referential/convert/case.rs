//! A 1EdTech CASE 1.1 package (CFPackage JSON): one `CFDocument` for the referential, one
//! `CFItem` per competence, item and sub-item, and one `isChildOf` `CFAssociation` per CFItem
//! (origin = the child, destination = its parent or the document, `sequenceNumber` = rank
//! among its siblings from 1).
//!
//! Identifiers are lowercase UUID v5, computed from the referential id and the codes: the same
//! referential always gives the same identifiers, so a platform that imported it once
//! recognises it when it is imported again. `lastChangeDateTime` is a fixed date
//! ([`LAST_CHANGE`]) so that the output is deterministic. URIs are `urn:uuid:` URIs (grille
//! publishes no server).

use serde::Serialize;
use uuid::Uuid;

use super::kind_singular;
use crate::Lang;
use crate::model::{Item, Referential};

/// The fixed change date written everywhere (deterministic output).
pub const LAST_CHANGE: &str = "2026-01-01T00:00:00+00:00";

/// The namespace of grille's CASE identifiers (UUID v5 of a fixed URL).
fn namespace() -> Uuid {
    Uuid::new_v5(&Uuid::NAMESPACE_URL, b"https://grille.invalid/case/1.1")
}

/// The identifier of a node: `{referential id}` for the document, `{id}/{code}` for items,
/// `{id}/{code}/isChildOf` for associations.
pub fn identifier(name: &str) -> String {
    Uuid::new_v5(&namespace(), name.as_bytes())
        .hyphenated()
        .to_string()
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Package {
    #[serde(rename = "CFDocument")]
    document: Document,
    #[serde(rename = "CFItems")]
    items: Vec<CfItem>,
    #[serde(rename = "CFAssociations")]
    associations: Vec<Association>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Document {
    identifier: String,
    uri: String,
    creator: String,
    title: String,
    last_change_date_time: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    notes: Option<String>,
    language: String,
    #[serde(rename = "CFPackageURI")]
    package_uri: Link,
}

#[derive(Serialize, Clone)]
struct Link {
    title: String,
    identifier: String,
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CfItem {
    identifier: String,
    full_statement: String,
    human_coding_scheme: String,
    #[serde(rename = "CFItemType")]
    item_type: String,
    uri: String,
    language: String,
    last_change_date_time: String,
    #[serde(rename = "CFDocumentURI")]
    document_uri: Link,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Association {
    identifier: String,
    association_type: String,
    sequence_number: usize,
    uri: String,
    #[serde(rename = "originNodeURI")]
    origin: Link,
    #[serde(rename = "destinationNodeURI")]
    destination: Link,
    last_change_date_time: String,
    #[serde(rename = "CFDocumentURI")]
    document_uri: Link,
}

fn urn(identifier: &str) -> String {
    format!("urn:uuid:{identifier}")
}

fn link(title: &str, identifier: &str) -> Link {
    Link {
        title: title.to_string(),
        identifier: identifier.to_string(),
        uri: urn(identifier),
    }
}

struct Builder<'a> {
    id: &'a str,
    lang: Lang,
    document: Link,
    items: Vec<CfItem>,
    associations: Vec<Association>,
}

impl Builder<'_> {
    /// Adds a node and its `isChildOf` link to `parent`; returns the node's link.
    fn node(
        &mut self,
        code: &str,
        statement: &str,
        item_type: &str,
        parent: &Link,
        rank: usize,
    ) -> Link {
        let identifier = identifier(&format!("{}/{code}", self.id));
        let me = link(statement, &identifier);
        self.items.push(CfItem {
            identifier: identifier.clone(),
            full_statement: statement.to_string(),
            human_coding_scheme: code.to_string(),
            item_type: item_type.to_string(),
            uri: urn(&identifier),
            language: self.lang.code().to_string(),
            last_change_date_time: LAST_CHANGE.into(),
            document_uri: self.document.clone(),
        });
        let association = identifier_of_association(self.id, code);
        self.associations.push(Association {
            identifier: association.clone(),
            association_type: "isChildOf".into(),
            sequence_number: rank,
            uri: urn(&association),
            origin: me.clone(),
            destination: parent.clone(),
            last_change_date_time: LAST_CHANGE.into(),
            document_uri: self.document.clone(),
        });
        me
    }

    fn item(&mut self, item: &Item, parent: &Link, rank: usize) {
        let me = self.node(
            &item.code,
            item.shown_text(),
            kind_singular(item.kind, self.lang),
            parent,
            rank,
        );
        for (i, sub) in item.items.iter().enumerate() {
            self.item(sub, &me, i + 1);
        }
    }
}

fn identifier_of_association(id: &str, code: &str) -> String {
    identifier(&format!("{id}/{code}/isChildOf"))
}

pub fn to_string(r: &Referential, lang: Lang) -> String {
    let doc_id = identifier(&r.id);
    let document = link(&r.title, &doc_id);
    let package_id = identifier(&format!("{}/package", r.id));
    let mut builder = Builder {
        id: &r.id,
        lang,
        document: document.clone(),
        items: Vec::new(),
        associations: Vec::new(),
    };
    for (i, c) in r.competences.iter().enumerate() {
        let me = builder.node(
            &c.code,
            c.shown_title(),
            lang.pick("Compétence", "Competence"),
            &document,
            i + 1,
        );
        for (j, item) in c.items.iter().enumerate() {
            builder.item(item, &me, j + 1);
        }
    }
    let package = Package {
        document: Document {
            identifier: doc_id,
            uri: document.uri.clone(),
            creator: "grille".into(),
            title: r.title.clone(),
            last_change_date_time: LAST_CHANGE.into(),
            notes: (!r.source.is_empty()).then(|| r.source.clone()),
            language: lang.code().into(),
            package_uri: link(&r.title, &package_id),
        },
        items: builder.items,
        associations: builder.associations,
    };
    let mut json = serde_json::to_string_pretty(&package).unwrap_or_default();
    json.push('\n');
    json
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_stable_lowercase_uuid_v5() {
        let a = identifier("bts-sio-b1/B1.1");
        assert_eq!(a, identifier("bts-sio-b1/B1.1"));
        assert_ne!(a, identifier("bts-sio-b1/B1.2"));
        let parsed = Uuid::parse_str(&a).unwrap();
        assert_eq!(parsed.get_version_num(), 5);
        assert_eq!(a, a.to_lowercase());
    }
}
