//! The shipped Dudley-area subset (api/seed, see its README), compiled into the binary so
//! `demo` works on any machine.

use crate::error::AppError;
use crate::finder::import::{self, Input};
use crate::finder::store;
use crate::state::AppState;

const GP: &[u8] = include_bytes!("../../seed/ods/epraccur.csv");
const DENTAL: &[u8] = include_bytes!("../../seed/ods/egdpprac.csv");
const OUTCODES: &[u8] = include_bytes!("../../seed/postcodes/outcodes/postcodes.csv");
const CODEPOINT: [(&str, &[u8]); 4] = [
    (
        "b.csv",
        include_bytes!("../../seed/postcodes/codepoint-open/b.csv"),
    ),
    (
        "dy.csv",
        include_bytes!("../../seed/postcodes/codepoint-open/dy.csv"),
    ),
    (
        "ws.csv",
        include_bytes!("../../seed/postcodes/codepoint-open/ws.csv"),
    ),
    (
        "wv.csv",
        include_bytes!("../../seed/postcodes/codepoint-open/wv.csv"),
    ),
];

/// The shipped GP practice file (`epraccur.csv`).
pub fn gp_file() -> Input {
    Input::embedded("seed/ods/epraccur.csv", GP)
}

/// The shipped dental practice file (`egdpprac.csv`).
pub fn dental_file() -> Input {
    Input::embedded("seed/ods/egdpprac.csv", DENTAL)
}

/// The shipped outcode centroid file.
pub fn outcode_file() -> Input {
    Input::embedded("seed/postcodes/outcodes/postcodes.csv", OUTCODES)
}

/// The shipped Code-Point files.
pub fn codepoint_files() -> Vec<Input> {
    CODEPOINT
        .iter()
        .map(|(name, bytes)| {
            Input::embedded(&format!("seed/postcodes/codepoint-open/{name}"), bytes)
        })
        .collect()
}

/// Loads the shipped subset into an empty finder, then rebuilds the index. Each table that
/// already holds data is left alone: an installation that imported the full (perhaps
/// newer) national files must not have them overwritten by the older subset.
pub async fn load_demo(app: &AppState) -> Result<(), AppError> {
    let no_outcodes = !store::has_rows::<entity::outcode::Entity>(&app.db).await?;
    let no_postcodes = !store::has_rows::<entity::postcode::Entity>(&app.db).await?;
    if no_outcodes || no_postcodes {
        let outcodes = no_outcodes.then(outcode_file);
        let codepoint = if no_postcodes {
            codepoint_files()
        } else {
            Vec::new()
        };
        import::import_postcodes(app, &codepoint, outcodes.as_ref(), false).await?;
    }
    if !store::has_rows::<entity::practice::Entity>(&app.db).await? {
        import::import_practices(app, Some(&gp_file()), Some(&dental_file()), false).await?;
    }
    app.finder.reload(&app.db).await?;
    Ok(())
}
