//! Checks on the rule data, so a mistake in `rules.json` fails a unit test instead of giving
//! someone a wrong answer.

use chrono::NaiveDate;

use super::data::{Effective, KNOWN_NATIONAL_ROUTES, RouteSource, RuleSet, RulesError};
use super::scheme::normalise_council;

/// Every parameter list covers each day from `covers_from` exactly once; routes and schemes
/// are known, start before they end, and name categories that exist.
pub fn validate(rules: &RuleSet) -> Result<(), RulesError> {
    contiguous("charges", &rules.charges, rules.covers_from)?;
    contiguous(
        "universal_credit_limits",
        &rules.universal_credit_limits,
        rules.covers_from,
    )?;
    contiguous("age_limits", &rules.age_limits, rules.covers_from)?;
    for route in &rules.national_routes {
        check_period(&route.id, route)?;
        if !KNOWN_NATIONAL_ROUTES.contains(&route.id.as_str()) {
            return Err(invalid(format!(
                "national route {} has no rule in the engine",
                route.id
            )));
        }
        if !rules.eps_codes.contains_key(&route.id) {
            return Err(invalid(format!(
                "national route {} is not in the categories CSV",
                route.id
            )));
        }
        documented_end(rules, &route.id)?;
        let overlapping = rules
            .national_routes
            .iter()
            .filter(|other| other.id == route.id && overlaps(*other, route));
        if overlapping.count() > 1 {
            return Err(invalid(format!(
                "national route {} has overlapping periods",
                route.id
            )));
        }
    }
    for scheme in &rules.care_leaver_schemes {
        check_period(&scheme.id, scheme)?;
        if scheme.age_from >= scheme.age_under {
            return Err(invalid(format!(
                "scheme {} has an empty age range",
                scheme.id
            )));
        }
        if let Some(category) = &scheme.eps_category
            && !rules.eps_codes.contains_key(category)
        {
            return Err(invalid(format!(
                "scheme {} names unknown category {category}",
                scheme.id
            )));
        }
        let councils = scheme.local_authorities.iter().flatten();
        if let Some(bad) = councils.into_iter().find(|c| **c != normalise_council(c)) {
            return Err(invalid(format!(
                "scheme {}: write council {bad:?} in lower case",
                scheme.id
            )));
        }
        if rules
            .care_leaver_schemes
            .iter()
            .filter(|s| s.id == scheme.id)
            .count()
            > 1
        {
            return Err(invalid(format!("scheme id {} is used twice", scheme.id)));
        }
    }
    Ok(())
}

/// A route whose source says it ended must end on that day in the data: no entry may run
/// past it, and the last entry must carry it as its `effective_to`.
fn documented_end(rules: &RuleSet, id: &str) -> Result<(), RulesError> {
    let Some(source) = RouteSource::of(id) else {
        return Err(invalid(format!("national route {id} names no source")));
    };
    let Some(ended_on) = source.ended_on() else {
        return Ok(());
    };
    let last_to = rules
        .national_routes
        .iter()
        .filter(|r| r.id == id)
        .map(|r| r.effective_to)
        .max_by_key(|to| to.unwrap_or(NaiveDate::MAX));
    match last_to {
        Some(Some(to)) if to == ended_on => Ok(()),
        _ => Err(invalid(format!(
            "national route {id} must end on {ended_on} ({})",
            source.source
        ))),
    }
}

fn invalid(message: String) -> RulesError {
    RulesError::Invalid(message)
}

fn check_period(what: &str, item: &impl Effective) -> Result<(), RulesError> {
    match item.effective_to() {
        Some(to) if to < item.effective_from() => {
            Err(invalid(format!("{what} ends before it starts")))
        }
        _ => Ok(()),
    }
}

fn overlaps(a: &impl Effective, b: &impl Effective) -> bool {
    a.effective_to().is_none_or(|to| b.effective_from() <= to)
        && b.effective_to().is_none_or(|to| a.effective_from() <= to)
}

/// Parameter lists must cover every day from `covers_from` onwards exactly once, in order.
fn contiguous<T: Effective>(
    what: &str,
    items: &[T],
    covers_from: NaiveDate,
) -> Result<(), RulesError> {
    let mut expected_start = Some(covers_from);
    for item in items {
        check_period(what, item)?;
        if Some(item.effective_from()) != expected_start {
            return Err(invalid(format!(
                "{what} must run on without gaps from {covers_from}"
            )));
        }
        expected_start = item.effective_to().and_then(|to| to.succ_opt());
    }
    match items.last() {
        Some(last) if last.effective_to().is_none() => Ok(()),
        _ => Err(invalid(format!("{what} must end with an open-ended entry"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prescriptions::data::RULES_JSON;
    use serde_json::{Value, json};

    fn load(rules: &Value) -> Result<RuleSet, RulesError> {
        RuleSet::with_rules_json(&rules.to_string())
    }

    fn embedded() -> Value {
        serde_json::from_str(RULES_JSON).expect("rules.json is JSON")
    }

    #[test]
    fn broken_rule_data_is_refused_with_a_reason() {
        let cases = [
            (
                "/charges/1/effective_from",
                json!("2023-04-02"),
                "without gaps",
            ),
            ("/charges/2/effective_to", json!("2030-01-01"), "open-ended"),
            (
                "/national_routes/0/effective_to",
                json!("2020-01-01"),
                "ends before it starts",
            ),
            (
                "/national_routes/0/id",
                json!("free_for_all"),
                "no rule in the engine",
            ),
            (
                "/national_routes/1/id",
                json!("age_under_16"),
                "overlapping periods",
            ),
            (
                "/care_leaver_schemes/0/local_authorities/0",
                json!("Dudley"),
                "lower case",
            ),
            (
                "/care_leaver_schemes/0/eps_category",
                json!("nope"),
                "unknown category",
            ),
            (
                "/care_leaver_schemes/0/age_under",
                json!(18),
                "empty age range",
            ),
            ("/charges/0/item_pence", json!("9.90"), "invalid type"),
            (
                "/national_routes/12/effective_to",
                Value::Null,
                "must end on 2025-04-05",
            ),
            (
                "/national_routes/12/effective_to",
                json!("2025-04-06"),
                "must end on 2025-04-05",
            ),
        ];
        assert!(load(&embedded()).is_ok());
        for (pointer, value, reason) in cases {
            let mut rules = embedded();
            *rules.pointer_mut(pointer).expect("pointer exists") = value;
            let error = load(&rules).expect_err(pointer).to_string();
            assert!(error.contains(reason), "{pointer}: {error}");
        }
        assert_eq!(
            embedded()["national_routes"][12]["id"],
            "tax_credit_exemption",
            "the cases above edit the tax credit route"
        );
        let mut extra_field = embedded();
        extra_field["charges"][0]["vat_pence"] = json!(0);
        assert!(matches!(load(&extra_field), Err(RulesError::Json(_))));
    }
}
