//! Every e-mail the service sends. Parameters are names, links and statuses only: a template
//! cannot be handed health data, and `tests::no_template_mentions_health_details` guards the
//! wording.
pub use entity::outbox_message::TemplateName;
use url::Url;

/// A message, before rendering.
#[derive(Debug, Clone)]
pub enum Template {
    Invitation {
        name: String,
        token: String,
        role_words: String,
    },
    PasswordReset {
        name: String,
        token: String,
    },
    /// Sent to the new address: the change happens only when its owner follows the link.
    EmailChangeConfirm {
        name: String,
        token: String,
    },
    /// Sent to the old address once the sign-in e-mail has changed.
    EmailChanged {
        name: String,
    },
    /// An admin reset a member of staff's second factor.
    SecondFactorReset {
        name: String,
    },
    PassportPublished {
        caseworker_name: String,
        young_person: String,
        version: i32,
    },
    PassportQueryRaised {
        nurse_name: String,
        young_person: String,
    },
    PassportReadyForYoungPerson {
        name: String,
    },
    /// The young person's nurse answered a question they asked about their passport.
    PassportQueryAnswered {
        name: String,
    },
    PrescriptionApplicationReceived {
        nurse_name: String,
        young_person: String,
    },
    PrescriptionDecision {
        name: String,
        young_person: String,
        approved: bool,
        for_young_person: bool,
    },
    PrescriptionCertificateExpiring {
        name: String,
        expires_on: String,
    },
    EoiSubmitted {
        recipient_name: String,
        young_person: String,
    },
    /// HR and Connexions who chose a daily digest: how many forms arrived (never who).
    EoiDigest {
        recipient_name: String,
        count: u64,
    },
    EoiStatusChanged {
        caseworker_name: String,
        young_person: String,
        status_words: String,
    },
    EoiUpdateForYoungPerson {
        name: String,
        status_words: String,
        has_feedback: bool,
    },
}

/// A rendered message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

fn link(base: &Url, path: &str) -> String {
    base.join(path)
        .map(|u| u.to_string())
        .unwrap_or_else(|_| base.to_string())
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

impl Template {
    /// Short machine name, stored with the message and shown to admins reading the outbox.
    pub fn name(&self) -> TemplateName {
        match self {
            Template::Invitation { .. } => TemplateName::Invitation,
            Template::PasswordReset { .. } => TemplateName::PasswordReset,
            Template::EmailChangeConfirm { .. } => TemplateName::EmailChangeConfirm,
            Template::EmailChanged { .. } => TemplateName::EmailChanged,
            Template::SecondFactorReset { .. } => TemplateName::SecondFactorReset,
            Template::PassportPublished { .. } => TemplateName::PassportPublished,
            Template::PassportQueryRaised { .. } => TemplateName::PassportQueryRaised,
            Template::PassportReadyForYoungPerson { .. } => {
                TemplateName::PassportReadyForYoungPerson
            }
            Template::PassportQueryAnswered { .. } => TemplateName::PassportQueryAnswered,
            Template::PrescriptionApplicationReceived { .. } => {
                TemplateName::PrescriptionApplicationReceived
            }
            Template::PrescriptionDecision { .. } => TemplateName::PrescriptionDecision,
            Template::PrescriptionCertificateExpiring { .. } => {
                TemplateName::PrescriptionCertificateExpiring
            }
            Template::EoiSubmitted { .. } => TemplateName::EoiSubmitted,
            Template::EoiDigest { .. } => TemplateName::EoiDigest,
            Template::EoiStatusChanged { .. } => TemplateName::EoiStatusChanged,
            Template::EoiUpdateForYoungPerson { .. } => TemplateName::EoiUpdateForYoungPerson,
        }
    }

    /// Subject, greeting name, paragraphs, and (label, path) of the call to action.
    fn parts(&self) -> (String, String, Vec<String>, (&'static str, String)) {
        let sign_in = ("Sign in to Care Passport", "/".to_string());
        match self {
            Template::Invitation { name, token, role_words } => (
                "You're invited to Care Passport".into(),
                name.clone(),
                vec![
                    format!("An account has been set up for you on Care Passport as {role_words}."),
                    "Choose a password to start using it. The link works once and stops working after 7 days.".into(),
                ],
                ("Set your password", format!("/invitations/accept?token={token}")),
            ),
            Template::PasswordReset { name, token } => (
                "Reset your Care Passport password".into(),
                name.clone(),
                vec![
                    "Someone asked to reset the password for your Care Passport account. If it was you, use the link below. It works once and stops working after 1 hour.".into(),
                    "If it wasn't you, you can ignore this e-mail: your password has not changed.".into(),
                ],
                ("Choose a new password", format!("/password-reset?token={token}")),
            ),
            Template::EmailChangeConfirm { name, token } => (
                "Confirm your new Care Passport e-mail".into(),
                name.clone(),
                vec![
                    "Someone asked to use this e-mail address to sign in to Care Passport. If it was you, use the link below. It works once and stops working after 1 hour.".into(),
                    "Until you do, nothing changes. If it wasn't you, you can ignore this e-mail.".into(),
                ],
                ("Confirm this e-mail", format!("/account/confirm-email?token={token}")),
            ),
            Template::EmailChanged { name } => (
                "Your Care Passport e-mail has changed".into(),
                name.clone(),
                vec![
                    "You now sign in to Care Passport with a new e-mail address. We have signed you out on every device.".into(),
                    "If you did not ask for this, call your leaving care team today.".into(),
                ],
                sign_in,
            ),
            Template::SecondFactorReset { name } => (
                "Your Care Passport second factor was reset".into(),
                name.clone(),
                vec![
                    "An account administrator has reset the second factor (the authenticator app codes) for your Care Passport account.".into(),
                    "Next time you sign in, you will set up your authenticator app again.".into(),
                    "If you did not ask for this, tell your account administrator straight away.".into(),
                ],
                sign_in,
            ),
            Template::PassportPublished { caseworker_name, young_person, version } => (
                format!("{young_person}'s health passport has been updated"),
                caseworker_name.clone(),
                vec![format!(
                    "Version {version} of {young_person}'s Leaving Care Health Passport has been published, and {young_person} has agreed to share it with you. Sign in to read it."
                )],
                sign_in,
            ),
            Template::PassportQueryRaised { nurse_name, young_person } => (
                format!("{young_person} has a question about their health passport"),
                nurse_name.clone(),
                vec![format!("{young_person} has raised a query on their Leaving Care Health Passport. Sign in to read it and reply.")],
                sign_in,
            ),
            Template::PassportReadyForYoungPerson { name } => (
                "Your health passport is ready".into(),
                name.clone(),
                vec!["Your nurse has published your Leaving Care Health Passport. Open the app to read it, and tell us you've got it. If anything looks wrong, you can ask a question about it.".into()],
                sign_in,
            ),
            Template::PassportQueryAnswered { name } => (
                "Your nurse has answered your question".into(),
                name.clone(),
                vec!["You asked a question about your health passport, and your nurse has written back. Open the app to read what they said.".into()],
                sign_in,
            ),
            Template::PrescriptionApplicationReceived { nurse_name, young_person } => (
                format!("New free-prescription application from {young_person}"),
                nurse_name.clone(),
                vec![format!("{young_person} has applied for the care leavers' free-prescription scheme. Sign in to review the application.")],
                sign_in,
            ),
            Template::PrescriptionDecision { name, young_person, approved, for_young_person } => {
                let (subject, body) = match (approved, for_young_person) {
                    (true, true) => ("Your free prescriptions are sorted".to_string(),
                        "Good news: your application for free prescriptions has been approved. Sign in to see your certificate details and when it runs out.".to_string()),
                    (false, true) => ("About your free-prescription application".to_string(),
                        "Your application for free prescriptions was not approved this time. Sign in to see why and what you can do next. Your personal adviser can help.".to_string()),
                    (true, false) => (format!("{young_person}'s free-prescription application was approved"),
                        format!("{young_person}'s application for the care leavers' free-prescription scheme was approved. Sign in for details.")),
                    (false, false) => (format!("{young_person}'s free-prescription application was not approved"),
                        format!("{young_person}'s application for the care leavers' free-prescription scheme was not approved. Sign in to see the reason and help them with next steps.")),
                };
                (subject, name.clone(), vec![body], sign_in)
            }
            Template::PrescriptionCertificateExpiring { name, expires_on } => (
                "Your prescription certificate runs out soon".into(),
                name.clone(),
                vec![format!("Your prepayment certificate for prescriptions runs out on {expires_on}. Sign in to see if you can get a new one for free. Your personal adviser can help.")],
                sign_in,
            ),
            Template::EoiSubmitted { recipient_name, young_person } => (
                format!("Chances4YOUth: {young_person} has sent an expression of interest"),
                recipient_name.clone(),
                vec![format!("{young_person} has sent a Chances4YOUth expression of interest in apprenticeships or work experience. Sign in to see it.")],
                sign_in,
            ),
            Template::EoiDigest { recipient_name, count } => (
                if *count == 1 {
                    "Chances4YOUth: 1 new form".into()
                } else {
                    format!("Chances4YOUth: {count} new forms")
                },
                recipient_name.clone(),
                vec![
                    if *count == 1 {
                        "1 new Chances4YOUth form came in since the last summary.".into()
                    } else {
                        format!("{count} new Chances4YOUth forms came in since the last summary.")
                    },
                    "Sign in to see them. You can change how often we e-mail you on your account page.".into(),
                ],
                ("See the new forms", "/work/interest".to_string()),
            ),
            Template::EoiStatusChanged { caseworker_name, young_person, status_words } => (
                format!("Chances4YOUth: update for {young_person}"),
                caseworker_name.clone(),
                vec![format!("{young_person}'s Chances4YOUth expression of interest is now: {status_words}. Sign in for details.")],
                sign_in,
            ),
            Template::EoiUpdateForYoungPerson { name, status_words, has_feedback } => (
                "News about your Chances4YOUth form".into(),
                name.clone(),
                vec![
                    format!("There is news about your Chances4YOUth form. It is now: {status_words}."),
                    if *has_feedback {
                        "The team has left you some feedback. Sign in to read it.".into()
                    } else {
                        "Sign in to see what happens next. If you have a question, ask your personal adviser.".into()
                    },
                ],
                sign_in,
            ),
        }
    }

    pub fn render(&self, base: &Url) -> Rendered {
        let (subject, greeting, paragraphs, (label, path)) = self.parts();
        let url = link(base, &path);
        let text = format!(
            "Hi {greeting},\n\n{}\n\n{label}: {url}\n\nCare Passport, Dudley Council.\nWe never put health details in e-mails. If you were not expecting this one, you can ignore it.\n",
            paragraphs.join("\n\n")
        );
        let html_paragraphs: String = paragraphs
            .iter()
            .map(|p| format!("<p>{}</p>", escape(p)))
            .collect();
        let html = format!(
            "<!doctype html><html><body style=\"font-family:sans-serif;line-height:1.5\"><p>Hi {},</p>{html_paragraphs}<p><a href=\"{}\">{}</a></p><p style=\"color:#555\">Care Passport, Dudley Council. We never put health details in e-mails.</p></body></html>",
            escape(&greeting),
            escape(&url),
            escape(label)
        );
        Rendered {
            subject,
            text,
            html,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_template() -> Vec<Template> {
        let n = || "Alex".to_string();
        vec![
            Template::Invitation {
                name: n(),
                token: "tok".into(),
                role_words: "a care leaver".into(),
            },
            Template::PasswordReset {
                name: n(),
                token: "tok".into(),
            },
            Template::EmailChangeConfirm {
                name: n(),
                token: "tok".into(),
            },
            Template::EmailChanged { name: n() },
            Template::PassportPublished {
                caseworker_name: n(),
                young_person: "Jo".into(),
                version: 2,
            },
            Template::PassportQueryRaised {
                nurse_name: n(),
                young_person: "Jo".into(),
            },
            Template::PassportReadyForYoungPerson { name: n() },
            Template::PassportQueryAnswered { name: n() },
            Template::PrescriptionApplicationReceived {
                nurse_name: n(),
                young_person: "Jo".into(),
            },
            Template::PrescriptionDecision {
                name: n(),
                young_person: "Jo".into(),
                approved: true,
                for_young_person: true,
            },
            Template::PrescriptionDecision {
                name: n(),
                young_person: "Jo".into(),
                approved: false,
                for_young_person: false,
            },
            Template::PrescriptionCertificateExpiring {
                name: n(),
                expires_on: "1 March 2027".into(),
            },
            Template::EoiSubmitted {
                recipient_name: n(),
                young_person: "Jo".into(),
            },
            Template::EoiStatusChanged {
                caseworker_name: n(),
                young_person: "Jo".into(),
                status_words: "in review".into(),
            },
            Template::SecondFactorReset { name: n() },
            Template::EoiUpdateForYoungPerson {
                name: n(),
                status_words: "interview offered".into(),
                has_feedback: true,
            },
        ]
    }

    /// Words that would mean health details had crept into an e-mail.
    const HEALTH_WORDS: [&str; 16] = [
        "allerg",
        "medicine",
        "medication",
        "diagnos",
        "condition",
        "immunis",
        "vaccin",
        "sexual",
        "substance",
        "sdq",
        "camhs",
        "asthma",
        "nhs number",
        "therapy",
        "dose",
        "mental health",
    ];

    #[test]
    fn no_template_mentions_health_details() {
        for t in every_template() {
            let r = t.render(&Url::parse("https://app.example/").unwrap());
            let all = format!("{} {} {}", r.subject, r.text, r.html).to_lowercase();
            for word in HEALTH_WORDS {
                assert!(!all.contains(word), "{} mentions {word}", t.name());
            }
        }
    }

    #[test]
    fn every_template_links_to_the_public_base_url_and_escapes_html() {
        let base = Url::parse("https://app.example/").unwrap();
        for t in every_template() {
            let r = t.render(&base);
            assert!(r.text.contains("https://app.example/"), "{}", t.name());
            assert!(
                r.html.contains("href=\"https://app.example/"),
                "{}",
                t.name()
            );
        }
        let r = Template::PasswordReset {
            name: "<b>x</b>".into(),
            token: "t".into(),
        }
        .render(&base);
        assert!(r.html.contains("&lt;b&gt;x&lt;/b&gt;"));
    }
}
