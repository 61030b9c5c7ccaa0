//! A short glossary the app can show beside words young people told us they did not know.
//! Every meaning scores Flesch reading ease 70 or more (see `words::tests`).
use crate::http::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use crate::http::NoQuery;

/// One word or phrase and what it means.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GlossaryTerm {
    /// Stable id the app can link to, e.g. from a help button beside a word.
    #[schema(example = "exemption")]
    pub id: String,
    #[schema(example = "Exemption")]
    pub term: String,
    #[schema(example = "An exemption means you do not have to pay for something.")]
    pub meaning: String,
}

/// Every term, in alphabetical order.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Glossary {
    pub terms: Vec<GlossaryTerm>,
}

/// (id, term, meaning)
pub const TERMS: [(&str, &str, &str); 20] = [
    (
        "care_leaver",
        "Care leaver",
        "A care leaver is a young person who lived in the care of a council and has now left care, or will leave soon.",
    ),
    (
        "chances4youth",
        "Chances4YOUth",
        "Chances4YOUth is how the council helps care leavers get into work. You can ask it to find you a job where you learn, a short work trial or a practice interview.",
    ),
    (
        "eligible",
        "Eligible",
        "If you are eligible for something, it means you can get it.",
    ),
    (
        "exemption",
        "Exemption",
        "An exemption means you do not have to pay for something. For example, some people do not have to pay for their prescriptions.",
    ),
    (
        "expression_of_interest",
        "Expression of interest",
        "An expression of interest is a form that tells the team what kind of work or training you would like. It is not a job application.",
    ),
    (
        "gp",
        "GP",
        "A GP is a family doctor. You see your GP at a surgery near where you live.",
    ),
    (
        "hc1",
        "HC1 form",
        "HC1 is the form you fill in to ask for help with health costs, like prescriptions, the dentist and glasses. It is for people on a low income.",
    ),
    (
        "hc2",
        "HC2 certificate",
        "An HC2 certificate shows you get full help with health costs. With it you get free prescriptions, free NHS dental care and help to pay for glasses.",
    ),
    (
        "hc3",
        "HC3 certificate",
        "An HC3 certificate shows you get some help with health costs. It says how much you need to pay.",
    ),
    (
        "health_passport",
        "Health passport",
        "Your health passport is a record of your health so far. Your nurse writes it for you to keep.",
    ),
    (
        "leaving_care_team",
        "Leaving care team",
        "The leaving care team is the part of the council that helps young people who have left care.",
    ),
    (
        "matex",
        "MatEx card",
        "A MatEx card means you get free prescriptions while you are pregnant, and for a year after your baby is born. Your midwife or GP can help you get one.",
    ),
    (
        "medex",
        "MedEx card",
        "A MedEx card means you get free prescriptions because you have a long-term health problem, like diabetes or epilepsy. Your GP can help you get one.",
    ),
    (
        "nhs_111",
        "NHS 111",
        "NHS 111 is a free phone number and website for when you need help with your health fast, but it is not an emergency.",
    ),
    (
        "personal_adviser",
        "Personal adviser",
        "Your personal adviser works in the leaving care team. They help you with things like money, housing, work and health, up to the age of 25.",
    ),
    (
        "pharmacy",
        "Pharmacy",
        "A pharmacy is a shop where you get your medicine and free advice about your health. The person who works there is called a pharmacist.",
    ),
    (
        "prescription",
        "Prescription",
        "A prescription is a note from a doctor or nurse. It lets you get medicine from a pharmacy.",
    ),
    (
        "prescription_prepayment_certificate",
        "Prescription prepayment certificate (PPC)",
        "A prepayment certificate lets you pay once for all your prescriptions for 3 or 12 months. It saves you money if you need a lot of medicine.",
    ),
    (
        "query",
        "Query",
        "A query is a question you ask your nurse about your health passport, for example if something in it looks wrong.",
    ),
    (
        "universal_credit",
        "Universal Credit",
        "Universal Credit is money from the government. It helps you pay for food, rent and bills if you have a low income or no job.",
    ),
];

/// The glossary, as the endpoint returns it.
pub fn glossary() -> Glossary {
    Glossary {
        terms: TERMS
            .iter()
            .map(|&(id, term, meaning)| GlossaryTerm {
                id: id.into(),
                term: term.into(),
                meaning: meaning.into(),
            })
            .collect(),
    }
}

/// Words explained
///
/// Short, plain meanings of words the app uses (exemption, prescription prepayment
/// certificate, HC1, HC2, MatEx, MedEx, Chances4YOUth, personal adviser, expression of
/// interest, query…). Needs no sign-in: it is the same for everyone.
#[utoipa::path(get, path = "/v1/glossary", operation_id = "get_glossary", tag = "content", security(),
    params(IfNoneMatch),
    responses(
        (status = 200, description = "Every term, in alphabetical order", body = Glossary,
            headers(("ETag" = String, description = "Changes when the glossary changes"))),
        NotModified, QueryStringRefused,
    ))]
pub(crate) async fn get_glossary(_: NoQuery, headers: HeaderMap) -> Result<Response, AppError> {
    with_etag(&headers, &glossary())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_in_order_with_unique_ids() {
        let ids: Vec<&str> = TERMS.iter().map(|(id, _, _)| *id).collect();
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(ids, sorted);
    }
}
