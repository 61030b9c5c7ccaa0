//! Path parameters many operations share, for `#[utoipa::path(params(...))]`: each is a
//! utoipa `IntoParams` type documenting one `{id}` as the tuple form
//! `("id" = Uuid, Path, description = "…")` would.
use utoipa::{
    IntoParams,
    openapi::{
        KnownFormat, ObjectBuilder, SchemaFormat, Type,
        path::{Parameter, ParameterBuilder, ParameterIn},
    },
};

fn uuid_in_path(name: &str, description: &str) -> Parameter {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(ParameterIn::Path)
        .description(Some(description))
        .required(utoipa::openapi::Required::True)
        .schema(Some(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .format(Some(SchemaFormat::KnownFormat(KnownFormat::Uuid))),
        ))
        .build()
}

macro_rules! id_in_path {
    ($(#[$doc:meta])* $name:ident: $description:literal) => {
        $(#[$doc])*
        pub struct $name;
        impl IntoParams for $name {
            fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
                vec![uuid_in_path("id", $description)]
            }
        }
    };
}

id_in_path!(/// `{id}`: a care leaver.
    CareLeaverPath: "Care leaver id");
id_in_path!(/// `{id}`: an expression of interest.
    InterestPath: "Expression of interest id");
id_in_path!(/// `{id}`: a health article.
    ArticlePath: "Article id");
id_in_path!(/// `{id}`: a prescription scheme application.
    ApplicationPath: "Application id");
