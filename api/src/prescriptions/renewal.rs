//! When someone who already holds a certificate from the care leavers' scheme may apply again:
//! from 30 days before it ends, and then the application is a renewal.

use chrono::{Days, NaiveDate};

/// How many days before a certificate's last valid day a renewal may be sent (and the
/// reminder e-mail goes out).
pub const RENEWAL_DAYS_BEFORE: u64 = 30;

/// Where someone stands with a certificate from the scheme on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Renewal {
    /// No certificate, or it has run out: an ordinary application.
    NoCertificate,
    /// A certificate runs until `expires_on`; a renewal can be sent from `opens_on`.
    TooEarly {
        expires_on: NaiveDate,
        opens_on: NaiveDate,
    },
    /// A certificate runs until `expires_on` and a renewal can be sent now.
    Open { expires_on: NaiveDate },
}

/// The first day a renewal may be sent for a certificate ending on `expires_on`.
pub fn opens_on(expires_on: NaiveDate) -> NaiveDate {
    expires_on
        .checked_sub_days(Days::new(RENEWAL_DAYS_BEFORE))
        .unwrap_or(expires_on)
}

/// Renewal on `today` for the latest certificate's last valid day, if there is one.
pub fn renewal(expires_on: Option<NaiveDate>, today: NaiveDate) -> Renewal {
    match expires_on {
        Some(expires_on) if today > expires_on => Renewal::NoCertificate,
        Some(expires_on) if today < opens_on(expires_on) => Renewal::TooEarly {
            expires_on,
            opens_on: opens_on(expires_on),
        },
        Some(expires_on) => Renewal::Open { expires_on },
        None => Renewal::NoCertificate,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prescriptions::facts::examples::d;

    #[test]
    fn a_renewal_opens_30_days_before_the_certificate_ends_and_lapses_the_day_after() {
        let ends = d(2026, 6, 30);
        let too_early = Renewal::TooEarly {
            expires_on: ends,
            opens_on: d(2026, 5, 31),
        };
        let open = Renewal::Open { expires_on: ends };
        let cases = [
            (
                "no certificate",
                None,
                d(2026, 6, 1),
                Renewal::NoCertificate,
            ),
            ("31 days before", Some(ends), d(2026, 5, 30), too_early),
            ("30 days before", Some(ends), d(2026, 5, 31), open),
            ("the last valid day", Some(ends), d(2026, 6, 30), open),
            (
                "the day after",
                Some(ends),
                d(2026, 7, 1),
                Renewal::NoCertificate,
            ),
        ];
        for (when, expires, today, expected) in cases {
            assert_eq!(renewal(expires, today), expected, "{when}");
        }
    }
}
