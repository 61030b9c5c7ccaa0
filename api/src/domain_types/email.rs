//! E-mail addresses a person can be written to.

use super::{Invalid, text_newtype};

/// What a person reads under any field whose e-mail address does not parse.
pub const NOT_AN_EMAIL: &str = "is not in the right form. Write it like name@example.com";

/// Longest e-mail address that can be delivered (RFC 5321 path limit).
pub const MAX_LEN: usize = 254;

/// A deliverable-looking e-mail address, trimmed and in lower case (`Jo@Example.ORG ` is
/// `jo@example.org`), so it matches the account it belongs to whatever case it was typed in.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EmailAddress(String);

text_newtype!(EmailAddress);

impl EmailAddress {
    /// What [`EmailAddress::parse`] accepts, as the contract's JSON Schema `pattern`
    /// (ECMA-262): dot-separated runs of the characters allowed before the `@`, then two or
    /// more dot-separated labels of letters, digits and inner hyphens (63 at most each), with
    /// spaces around. The lengths (64 characters before the `@`, [`MAX_LEN`] in all, the
    /// spaces around not counted) are left to the server: a pattern cannot count them.
    pub const PATTERN: &str = r"^\s*[!#-'*+\-/-9=?A-Z^-~]+(?:\.[!#-'*+\-/-9=?A-Z^-~]+)*@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+\s*$";

    /// Accepts one `@`, a local part of at most 64 characters without spaces, and a domain
    /// of dot-separated letters, digits and hyphens with at least one dot; 254 characters at
    /// most.
    ///
    /// Deliberately not the full RFC 5322 grammar: quoted local parts and IP-literal domains
    /// are valid but never what a person means to type.
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        let email = Self::normalise(input);
        if is_deliverable(&email) {
            Ok(Self(email))
        } else {
            Err(Invalid("an e-mail address"))
        }
    }

    /// The form an address is stored and looked up in (trimmed, ASCII letters in lower case),
    /// without checking it: signing in with a malformed address must fail as any unknown
    /// address does. Only ASCII letters are folded, so no other character becomes one (the
    /// Kelvin sign `K` would become `k`), and an address is accepted only as typed in ASCII, as
    /// the contract's pattern says.
    pub fn normalise(input: &str) -> String {
        input.trim().to_ascii_lowercase()
    }
}

fn is_deliverable(email: &str) -> bool {
    if email.len() > MAX_LEN {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn accepts(email: &str) -> bool {
        EmailAddress::parse(email).is_ok()
    }

    #[test]
    fn an_email_address_is_stored_trimmed_and_in_lower_case() {
        let email = EmailAddress::parse(" Jo@Example.ORG ").map(String::from);
        assert_eq!(email, Ok("jo@example.org".to_owned()));
    }

    #[test]
    fn an_email_address_is_accepted_only_when_it_looks_deliverable() {
        let cases = [
            ("jo.bloggs@example.com", true),
            ("jo+jobs@mail.example.co.uk", true),
            ("x@dudley.gov.uk", true),
            ("jo@samaritans.org", true),
            ("", false),
            ("nope", false),
            ("jo.bloggs", false),
            ("@example.com", false),
            ("jo@", false),
            ("jo@localhost", false),
            ("jo@samaritans", false),
            ("jo bloggs@example.com", false),
            ("jo samaritans.org", false),
            ("jo@@example.com", false),
            ("a@b@c.org", false),
            ("jo@exa mple.com", false),
            ("jo@-example.com", false),
            ("jo@example..com", false),
            (".jo@example.com", false),
            ("jo..b@example.com", false),
            ("jo<script>@example.com", false),
            ("\"jo bloggs\"@example.com", false),
            ("jo@[192.0.2.1]", false),
            ("\u{212A}@example.org", false),
            ("jö@example.org", false),
        ];
        for (email, ok) in cases {
            assert_eq!(accepts(email), ok, "{email:?}");
        }
    }

    #[test]
    fn an_email_address_longer_than_smtp_allows_is_refused() {
        let long = format!("{}@example.com", "a".repeat(250));
        assert!(!accepts(&long));
    }

    #[test]
    fn an_email_address_deserialises_only_when_it_parses() {
        let email: Result<EmailAddress, _> = serde_json::from_str("\"Jo@Example.org\"");
        assert_eq!(
            email.map(String::from).ok().as_deref(),
            Some("jo@example.org")
        );
        assert!(serde_json::from_str::<EmailAddress>("\"jo@\"").is_err());
    }
}
