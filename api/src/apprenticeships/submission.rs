//! Turning what the app sends into a form: contact details the young person left out are
//! filled from their profile, and `PATCH` bodies are JSON merge patches (RFC 7396).
use serde_json::{Map, Value};

use super::form::ExpressionOfInterestForm;
use crate::{
    domain_types::{EmailAddress, UkPhone},
    error::AppError,
    http::extract::parse_json,
};

/// The profile details a form can be pre-filled from.
#[derive(Debug, Clone, Copy)]
pub struct Profile<'a> {
    /// The name they want to be called.
    pub name: &'a str,
    pub email: &'a str,
    pub phone: Option<&'a str>,
}

/// Fills `contact.name`, `contact.email` and `contact.phone` from the profile when the body
/// leaves them out, and picks a contact method when none is given: e-mail if there is an
/// address, otherwise text for a mobile, otherwise phone. A field sent as `null` stays empty:
/// the young person chose not to give it. Profile details the form would refuse (say an
/// overseas number) are not copied, so a young person is never told off for something they
/// did not type.
pub fn fill_contact(body: &mut Value, profile: Profile<'_>) {
    let Value::Object(form) = body else { return };
    let contact = form
        .entry("contact")
        .or_insert_with(|| Value::Object(Map::new()));
    if contact.is_null() {
        *contact = Value::Object(Map::new());
    }
    let Value::Object(contact) = contact else {
        return;
    };
    if !contact.contains_key("name") {
        contact.insert("name".into(), profile.name.into());
    }
    if !contact.contains_key("email") && EmailAddress::parse(profile.email).is_ok() {
        contact.insert("email".into(), profile.email.into());
    }
    if !contact.contains_key("phone")
        && let Some(phone) = profile.phone.filter(|p| UkPhone::parse(p).is_ok())
    {
        contact.insert("phone".into(), phone.into());
    }
    if !contact.contains_key("preferred_contact_method") {
        let given = |key: &str| {
            contact
                .get(key)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        let method = match (given("email"), given("phone")) {
            (Some(_), _) => "email",
            (None, Some(phone)) if UkPhone::parse(&phone).is_ok_and(|p| p.is_mobile()) => "text",
            _ => "phone",
        };
        contact.insert("preferred_contact_method".into(), method.into());
    }
}

/// Applies a JSON merge patch (RFC 7396): objects merge, `null` removes, anything else
/// replaces.
pub fn merge_patch(target: &mut Value, patch: &Value) {
    let Value::Object(patch) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(Map::new());
    }
    if let Value::Object(target) = target {
        for (key, value) in patch {
            if value.is_null() {
                target.remove(key);
            } else {
                merge_patch(target.entry(key.clone()).or_insert(Value::Null), value);
            }
        }
    }
}

/// Reads the form from JSON: 422 naming the field for anything of the wrong shape.
pub fn read_form(body: &Value) -> Result<ExpressionOfInterestForm, AppError> {
    let bytes = serde_json::to_vec(body).map_err(|e| AppError::Internal(e.into()))?;
    parse_json(&bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const PROFILE: Profile<'static> = Profile {
        name: "Jo",
        email: "jo@example.org",
        phone: Some("07700 900123"),
    };

    fn filled(body: Value, profile: Profile<'_>) -> Value {
        let mut body = body;
        fill_contact(&mut body, profile);
        body["contact"].clone()
    }

    #[test]
    fn contact_details_left_out_come_from_the_profile() {
        let cases = [
            (
                json!({}),
                PROFILE,
                json!({"name": "Jo", "email": "jo@example.org", "phone": "07700 900123", "preferred_contact_method": "email"}),
            ),
            (
                json!({"contact": null}),
                PROFILE,
                json!({"name": "Jo", "email": "jo@example.org", "phone": "07700 900123", "preferred_contact_method": "email"}),
            ),
            (
                json!({"contact": {"name": "Jay", "preferred_contact_method": "text"}}),
                PROFILE,
                json!({"name": "Jay", "email": "jo@example.org", "phone": "07700 900123", "preferred_contact_method": "text"}),
            ),
            (
                json!({"contact": {"email": null}}),
                PROFILE,
                json!({"name": "Jo", "email": null, "phone": "07700 900123", "preferred_contact_method": "text"}),
            ),
            (
                json!({"contact": {"email": null}}),
                Profile {
                    phone: Some("01384 818181"),
                    ..PROFILE
                },
                json!({"name": "Jo", "email": null, "phone": "01384 818181", "preferred_contact_method": "phone"}),
            ),
            (
                json!({"contact": {"email": null}}),
                Profile {
                    phone: Some("+1 202 555 0143"),
                    ..PROFILE
                },
                json!({"name": "Jo", "email": null, "preferred_contact_method": "phone"}),
            ),
        ];
        for (i, (body, profile, expected)) in cases.into_iter().enumerate() {
            assert_eq!(filled(body, profile), expected, "case {i}");
        }
    }

    #[test]
    fn a_body_that_is_not_an_object_is_left_for_the_parser_to_refuse() {
        let mut body = json!([1, 2]);
        fill_contact(&mut body, PROFILE);
        assert_eq!(body, json!([1, 2]));
        let mut body = json!({"contact": "me"});
        fill_contact(&mut body, PROFILE);
        assert_eq!(body, json!({"contact": "me"}));
    }

    #[test]
    fn merge_patches_follow_rfc_7396() {
        // Examples from RFC 7396, appendix A.
        let cases = [
            (json!({"a": "b"}), json!({"a": "c"}), json!({"a": "c"})),
            (
                json!({"a": "b"}),
                json!({"b": "c"}),
                json!({"a": "b", "b": "c"}),
            ),
            (json!({"a": "b"}), json!({"a": null}), json!({})),
            (json!({"a": ["b"]}), json!({"a": "c"}), json!({"a": "c"})),
            (json!({"a": "c"}), json!({"a": ["b"]}), json!({"a": ["b"]})),
            (
                json!({"a": {"b": "c"}}),
                json!({"a": {"b": "d", "c": null}}),
                json!({"a": {"b": "d"}}),
            ),
            (json!(["a", "b"]), json!(["c", "d"]), json!(["c", "d"])),
            (
                json!({"e": null}),
                json!({"a": 1}),
                json!({"e": null, "a": 1}),
            ),
            (
                json!([1, 2]),
                json!({"a": "b", "c": null}),
                json!({"a": "b"}),
            ),
        ];
        for (target, patch, expected) in cases {
            let mut got = target.clone();
            merge_patch(&mut got, &patch);
            assert_eq!(got, expected, "{target} + {patch}");
        }
    }

    #[test]
    fn a_form_of_the_wrong_shape_names_the_field() {
        match read_form(&json!({"contact": {"name": 5}})) {
            Err(AppError::Validation(errors)) => assert_eq!(errors[0].field, "contact.name"),
            other => panic!("expected a validation error, got {other:?}"),
        }
    }
}
