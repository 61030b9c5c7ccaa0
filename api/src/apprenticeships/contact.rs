//! Checks for the e-mail addresses and UK phone numbers a young person gives us, so reviewers
//! are not left with contact details that can never work.

/// Longest e-mail address that can be delivered (RFC 5321 path limit).
pub const MAX_EMAIL_LEN: usize = 254;

/// Whether `email` looks deliverable: one `@`, a local part of at most 64 characters without
/// spaces, and a domain of dot-separated letters, digits and hyphens with at least one dot.
///
/// Deliberately not the full RFC 5322 grammar: quoted local parts and IP-literal domains are
/// valid but never what a young person means to type.
pub fn is_valid_email(email: &str) -> bool {
    if email.len() > MAX_EMAIL_LEN {
        return false;
    }
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local.chars().all(|c| {
            c.is_ascii_graphic()
                && !matches!(
                    c,
                    '@' | '(' | ')' | ',' | ';' | ':' | '<' | '>' | '[' | ']' | '\\' | '"'
                )
        });
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    local_ok && domain_ok
}

/// A UK phone number in national form (`07700900123`), or `None` if `phone` is not one.
///
/// Spaces, hyphens, dots and brackets are ignored and `+44` / `0044` become `0`; what is left
/// must be 10 or 11 digits starting with `0`.
pub fn normalise_uk_phone(phone: &str) -> Option<String> {
    if phone.chars().count() > 30 {
        return None;
    }
    let compact: String = phone
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')'))
        .collect();
    let national = if let Some(rest) = compact.strip_prefix("+44") {
        format!("0{}", rest.strip_prefix('0').unwrap_or(rest))
    } else if let Some(rest) = compact.strip_prefix("0044") {
        format!("0{}", rest.strip_prefix('0').unwrap_or(rest))
    } else {
        compact
    };
    let digits_only = national.chars().all(|c| c.is_ascii_digit());
    let right_length = (10..=11).contains(&national.len());
    (digits_only && right_length && national.starts_with('0') && !national.starts_with("00"))
        .then_some(national)
}

/// Whether `phone` is a UK mobile number, which is what a text message needs.
pub fn is_uk_mobile(phone: &str) -> bool {
    normalise_uk_phone(phone).is_some_and(|n| n.len() == 11 && n.starts_with("07"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_addresses_are_accepted_or_refused() {
        let cases = [
            ("jo.bloggs@example.com", true),
            ("jo+jobs@mail.example.co.uk", true),
            ("x@dudley.gov.uk", true),
            ("", false),
            ("jo.bloggs", false),
            ("@example.com", false),
            ("jo@", false),
            ("jo@localhost", false),
            ("jo bloggs@example.com", false),
            ("jo@@example.com", false),
            ("jo@exa mple.com", false),
            ("jo@-example.com", false),
            ("jo@example..com", false),
            (".jo@example.com", false),
            ("jo..b@example.com", false),
            ("jo<script>@example.com", false),
        ];
        for (email, ok) in cases {
            assert_eq!(is_valid_email(email), ok, "{email:?}");
        }
    }

    #[test]
    fn an_email_address_longer_than_smtp_allows_is_refused() {
        let long = format!("{}@example.com", "a".repeat(250));
        assert!(!is_valid_email(&long));
    }

    #[test]
    fn uk_phone_numbers_are_normalised_to_national_form() {
        let cases = [
            ("07700 900123", Some("07700900123")),
            ("+44 7700 900123", Some("07700900123")),
            ("+44 (0)7700 900123", Some("07700900123")),
            ("0044 7700-900-123", Some("07700900123")),
            ("01384 818181", Some("01384818181")),
            ("0300 555 0050", Some("03005550050")),
            ("123", None),
            ("07700 90012345", None),
            ("0770O 900123", None),
            ("+1 202 555 0143", None),
            ("", None),
        ];
        for (input, expected) in cases {
            assert_eq!(normalise_uk_phone(input).as_deref(), expected, "{input:?}");
        }
    }

    #[test]
    fn only_mobile_numbers_can_receive_texts() {
        assert!(is_uk_mobile("07700 900123"));
        assert!(is_uk_mobile("+447700900123"));
        assert!(!is_uk_mobile("01384 818181"));
        assert!(!is_uk_mobile("not a number"));
    }
}
