//! The demo data set: one account per role and care leavers with realistic records. Loading
//! is idempotent. Demo passwords are `DEMO_PASSWORD` if set, otherwise derived from a random
//! salt kept in `DATA_DIR/demo-salt` (never from the JWT secret: a printed demo password
//! must not let anyone test guesses of the secret), so they are stable between runs but never
//! stored in the repo.
pub mod apprenticeships;
pub mod board;
pub mod caseworker_mail;
pub mod content;
pub mod finder;
pub mod nurse_work;
pub mod passport_content;
pub mod passports;
pub mod prescriptions;
mod stories;

use chrono::{Datelike, Months, NaiveDate, Utc};
use entity::user::UserStatus;
use hmac_free::derive;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use entity::care_leaver::LeavingCareStatus;

use crate::{
    accounts::{NewAccount, create_account},
    auth::{Role, password, second_factor},
    config::Config,
    error::AppError,
    state::AppState,
};

/// A demo sign-in to print.
pub struct DemoLogin {
    pub role: Role,
    pub name: String,
    pub email: String,
    pub password: String,
    /// Staff only: the second-factor secret (base32) to add to an authenticator app.
    pub totp_secret: Option<String>,
}

pub const DEMO_DOMAIN: &str = "demo.care-passport.test";

mod hmac_free {
    use sha2::{Digest, Sha256};
    /// A readable password derived from the installation's demo salt and the account.
    pub fn derive(salt: &[u8], email: &str) -> String {
        let mut h = Sha256::new();
        h.update(b"care-passport demo password\0");
        h.update(salt);
        h.update(email.as_bytes());
        let d = h.finalize();
        let words = [
            "harbour", "maple", "lantern", "violet", "summit", "copper", "meadow", "falcon",
        ];
        format!(
            "{}-{}-{:04}",
            words[(d[0] % 8) as usize],
            words[(d[1] % 8) as usize],
            u16::from_be_bytes([d[2], d[3]]) % 10000
        )
    }
}

fn demo_password(config: &Config, email: &str) -> Result<String, AppError> {
    if let Some(given) = std::env::var("DEMO_PASSWORD").ok().filter(|p| p.len() >= 8) {
        return Ok(given);
    }
    Ok(derive(&demo_salt(config)?, email))
}

/// The installation's random demo salt, created on first use (owner-only).
fn demo_salt(config: &Config) -> Result<Vec<u8>, AppError> {
    use rand::RngCore;
    let path = config.data_dir.join("demo-salt");
    if let Ok(existing) = std::fs::read(&path)
        && existing.len() >= 32
    {
        return Ok(existing);
    }
    let mut salt = vec![0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut salt);
    crate::config::create_private_dir(&config.data_dir)
        .and_then(|()| crate::config::write_private(&path, &salt))
        .map_err(|e| AppError::Internal(anyhow::anyhow!("cannot write {}: {e}", path.display())))?;
    Ok(salt)
}

/// A demo staff member's second-factor secret, stable between runs like the password.
fn demo_totp_secret(config: &Config, email: &str) -> Result<Vec<u8>, AppError> {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(b"care-passport demo second factor\0");
    h.update(demo_salt(config)?);
    h.update(email.as_bytes());
    Ok(h.finalize()[..20].to_vec())
}

/// Creates an account with an optional password (active) or an invitation (invited).
pub async fn create_user(
    app: &AppState,
    role: Role,
    email: &str,
    name: &str,
    local_authority: &str,
    password_plain: Option<String>,
    date_of_birth: Option<NaiveDate>,
) -> Result<Uuid, AppError> {
    let email: String = crate::care_leavers::service::email_field(email)?.into();
    let name: String = crate::domain_types::PersonName::parse(name)
        .map_err(|e| e.at("name"))?
        .into();
    if role == Role::CareLeaver && date_of_birth.is_none() {
        return Err(AppError::invalid(
            "date_of_birth",
            "is required for care leavers",
        ));
    }
    let hash = match password_plain {
        Some(p) => Some(password::hash(p).await?),
        None => None,
    };
    let invite = hash.is_none();
    let txn = crate::db::begin_write(&app.db).await?;
    let user = create_account(
        &txn,
        NewAccount {
            role,
            email: &email,
            name: &name,
            preferred_name: None,
            local_authority,
            password_hash: hash,
        },
    )
    .await?;
    if let (Role::CareLeaver, Some(dob)) = (role, date_of_birth) {
        let dob = crate::care_leavers::service::check_date_of_birth("date_of_birth", dob)?;
        insert_care_leaver(&txn, user.id, dob, None, None).await?;
    }
    if invite {
        crate::auth::service::queue_invitation(&txn, &app.config, &user).await?;
    }
    txn.commit().await?;
    Ok(user.id)
}

async fn insert_care_leaver(
    conn: &impl sea_orm::ConnectionTrait,
    id: Uuid,
    dob: NaiveDate,
    caseworker: Option<Uuid>,
    nurse: Option<Uuid>,
) -> Result<(), AppError> {
    let age = crate::care_leavers::service::age_on(dob, crate::age::today());
    entity::care_leaver::Entity::insert(entity::care_leaver::ActiveModel {
        user_id: Set(id),
        date_of_birth: Set(dob),
        phone: Set(None),
        nhs_number: Set(None),
        leaving_care_status: Set(if age < 18 {
            LeavingCareStatus::ThroughCare
        } else {
            LeavingCareStatus::CareLeaver
        }),
        caseworker_id: Set(caseworker),
        nurse_id: Set(nurse),
        consent_share_passport_with_caseworker: Set(false),
        gp_ods_code: Set(None),
        dentist_ods_code: Set(None),
        updated_at: Set(Utc::now()),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// A demo care leaver.
pub struct DemoLeaver {
    pub key: &'static str,
    pub name: &'static str,
    pub preferred: Option<&'static str>,
    /// Age in months today, so the data stays realistic whenever it is loaded.
    pub age_months: u32,
    pub nhs_number: &'static str,
    pub phone: &'static str,
    pub consent: bool,
    pub gp: Option<&'static str>,
}

pub const LEAVERS: [DemoLeaver; 4] = [
    DemoLeaver {
        key: "jordan",
        name: "Jordan Smith",
        preferred: Some("Jo"),
        age_months: 19 * 12 + 4,
        nhs_number: "9434765919",
        phone: "07700 900123",
        consent: true,
        gp: None,
    },
    DemoLeaver {
        key: "aisha",
        name: "Aisha Khan",
        preferred: None,
        age_months: 17 * 12 + 8,
        nhs_number: "4010232137",
        phone: "07700 900456",
        consent: false,
        gp: None,
    },
    DemoLeaver {
        key: "kyle",
        name: "Kyle Edwards",
        preferred: None,
        age_months: 22 * 12 + 1,
        nhs_number: "9876543210",
        phone: "07700 900789",
        consent: false,
        gp: None,
    },
    DemoLeaver {
        key: "mia",
        name: "Mia Clarke",
        preferred: Some("Mimi"),
        age_months: 16 * 12 + 3,
        nhs_number: "9999999999",
        phone: "07700 900321",
        consent: true,
        gp: None,
    },
];

pub fn demo_email(key: &str) -> String {
    format!("{key}@{DEMO_DOMAIN}")
}

/// The demo account of `key` (`nurse`, `kyle` …), if the demo made it.
async fn demo_user(app: &AppState, key: &str) -> Result<Option<entity::user::Model>, AppError> {
    Ok(entity::user::Entity::find()
        .filter(entity::user::Column::Email.eq(demo_email(key)))
        .one(&app.db)
        .await?)
}

/// The id of the demo account of `key`, if the demo made it.
async fn demo_user_id(app: &AppState, key: &str) -> Result<Option<Uuid>, AppError> {
    Ok(demo_user(app, key).await?.map(|u| u.id))
}

/// The staff accounts: (key, role, name).
pub const STAFF: [(&str, Role, &str); 7] = [
    ("admin", Role::Admin, "Alex Morgan"),
    ("nurse", Role::Nurse, "Sam Patel"),
    ("caseworker", Role::Caseworker, "Chris Walker"),
    ("hr", Role::Hr, "Priya Shah"),
    ("connexions", Role::Connexions, "Dan Hughes"),
    ("nurse2", Role::Nurse, "Grace Okafor"),
    ("virtual_school", Role::VirtualSchool, "Hannah Brooks"),
];

/// Ensures an active account with this password exists; returns its id.
async fn ensure_account(
    app: &AppState,
    role: Role,
    key: &str,
    name: &str,
    logins: &mut Vec<DemoLogin>,
) -> Result<Uuid, AppError> {
    let email = demo_email(key);
    let password_plain = demo_password(&app.config, &email)?;
    let existing = entity::user::Entity::find()
        .filter(entity::user::Column::Email.eq(&email))
        .one(&app.db)
        .await?;
    let id = match existing {
        Some(user) => {
            if !password::verify(password_plain.clone(), user.password_hash.clone()).await {
                let hash = password::hash(password_plain.clone()).await?;
                entity::user::Entity::update(entity::user::ActiveModel {
                    id: Set(user.id),
                    password_hash: Set(Some(hash)),
                    status: Set(UserStatus::Active),
                    ..Default::default()
                })
                .exec(&app.db)
                .await?;
            }
            user.id
        }
        None => {
            let hash = password::hash(password_plain.clone()).await?;
            let new = NewAccount {
                role,
                email: &email,
                name,
                preferred_name: None,
                local_authority: "dudley",
                password_hash: Some(hash),
            };
            create_account(&app.db, new).await?.id
        }
    };
    let totp_secret = if second_factor::required_for(role) {
        let secret = demo_totp_secret(&app.config, &email)?;
        let matches = second_factor::find(&app.db, id)
            .await?
            .filter(|f| f.confirmed_at.is_some())
            .and_then(|f| app.second_factor.open(&f.secret_ciphertext))
            .is_some_and(|stored| stored == secret);
        if !matches {
            second_factor::enrol_confirmed(&app.db, &app.second_factor, id, Some(secret.clone()))
                .await?;
        }
        Some(second_factor::secret_for_typing(&secret).replace(' ', ""))
    } else {
        None
    };
    logins.push(DemoLogin {
        role,
        name: name.into(),
        email,
        password: password_plain,
        totp_secret,
    });
    Ok(id)
}

/// Loads the demo data set. Safe to run again: existing records are kept.
pub async fn load(app: &AppState) -> Result<Vec<DemoLogin>, AppError> {
    let mut logins = Vec::new();
    let mut staff = std::collections::HashMap::new();
    for (key, role, name) in STAFF {
        staff.insert(
            key,
            ensure_account(app, role, key, name, &mut logins).await?,
        );
    }
    // Dan Hughes (Connexions) hears of new Chances4YOUth forms in a daily digest; Priya Shah
    // (HR) gets an e-mail for each.
    if let Some(id) = staff.get("connexions") {
        entity::user::Entity::update(entity::user::ActiveModel {
            id: Set(*id),
            interest_mail: Set(entity::user::InterestMail::DailyDigest),
            ..Default::default()
        })
        .exec(&app.db)
        .await?;
    }
    // Sam Patel is the Designated Nurse, who decides prescription scheme applications.
    if let Some(id) = staff.get("nurse") {
        entity::user::Entity::update(entity::user::ActiveModel {
            id: Set(*id),
            designated_nurse: Set(true),
            ..Default::default()
        })
        .exec(&app.db)
        .await?;
    }
    let today = crate::age::today();
    for l in &LEAVERS {
        let id = ensure_account(app, Role::CareLeaver, l.key, l.name, &mut logins).await?;
        if entity::care_leaver::Entity::find_by_id(id)
            .one(&app.db)
            .await?
            .is_some()
        {
            continue;
        }
        let dob = today
            .checked_sub_months(Months::new(l.age_months))
            .and_then(|d| d.with_day(((l.age_months % 27) + 1).min(28)))
            .unwrap_or(today);
        insert_care_leaver(
            &app.db,
            id,
            dob,
            staff.get("caseworker").copied(),
            staff.get("nurse").copied(),
        )
        .await?;
        entity::user::Entity::update(entity::user::ActiveModel {
            id: Set(id),
            preferred_name: Set(l.preferred.map(str::to_owned)),
            ..Default::default()
        })
        .exec(&app.db)
        .await?;
        entity::care_leaver::Entity::update(entity::care_leaver::ActiveModel {
            user_id: Set(id),
            nhs_number: Set(crate::domain_types::NhsNumber::parse(l.nhs_number)
                .ok()
                .map(String::from)),
            phone: Set(Some(l.phone.into())),
            consent_share_passport_with_caseworker: Set(l.consent),
            gp_ods_code: Set(l.gp.map(str::to_owned)),
            ..Default::default()
        })
        .exec(&app.db)
        .await?;
    }
    prescriptions::load_demo(app).await?;
    passports::load_demo(app).await?;
    content::load_demo(app).await?;
    apprenticeships::load_demo(app).await?;
    finder::load_demo(app).await?;
    nurse_work::load_demo(app).await?;
    caseworker_mail::load_demo(app).await?;
    board::load_demo(app).await?;
    Ok(logins)
}

pub fn print_logins(logins: &[DemoLogin], config: &Config) {
    println!(
        "\nCare Passport demo data is loaded. Staff sign in to the console at {} with:\n",
        config.public_base_url
    );
    println!(
        "  {:<12} {:<16} {:<40} {:<24} second-factor secret (add it to an authenticator app)",
        "role", "name", "e-mail", "password"
    );
    for l in logins.iter().filter(|l| l.totp_secret.is_some()) {
        println!(
            "  {:<12} {:<16} {:<40} {:<24} {}",
            l.role.to_string(),
            l.name,
            l.email,
            l.password,
            l.totp_secret.as_deref().unwrap_or_default()
        );
    }
    println!(
        "\nYoung people sign in with the app (or the API at {}v1):\n",
        config.public_base_url
    );
    println!("  {:<12} {:<16} {:<40} password", "role", "name", "e-mail");
    for l in logins.iter().filter(|l| l.totp_secret.is_none()) {
        println!(
            "  {:<12} {:<16} {:<40} {}",
            l.role.to_string(),
            l.name,
            l.email,
            l.password
        );
    }
    println!("\nAPI documentation: {}docs\n", config.public_base_url);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config_in(dir: &std::path::Path) -> Config {
        let dir = dir.display().to_string();
        Config::from_lookup(|k| match k {
            "DATA_DIR" => Some(dir.clone()),
            "JWT_SECRET" => Some("the-same-secret-0123456789abcdef0123".into()),
            _ => None,
        })
        .unwrap()
    }

    #[test]
    fn demo_passwords_come_from_a_salt_in_the_data_dir_not_from_the_jwt_secret() {
        if std::env::var("DEMO_PASSWORD").is_ok() {
            return; // the operator's password wins; nothing derived to check
        }
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let email = demo_email("nurse");
        let first = demo_password(&config_in(a.path()), &email).unwrap();
        // Stable for one installation …
        assert_eq!(first, demo_password(&config_in(a.path()), &email).unwrap());
        // … but the same JWT secret elsewhere gives another: the secret is not an input.
        assert_ne!(first, demo_password(&config_in(b.path()), &email).unwrap());
        assert_ne!(
            first,
            derive(b"the-same-secret-0123456789abcdef0123", &email)
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(a.path().join("demo-salt"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
