//! HTTP plumbing shared by every domain: extractors, conditional requests and middleware.
pub mod conditional;
pub mod extract;
pub mod headers;
pub mod metrics;
pub mod middleware;
pub mod pagination;
pub mod params;
pub mod prelude;
pub mod recorder;
pub mod responses;
pub mod strict;

pub use conditional::{
    ETag, IfMatch, IfNoneMatch, if_none_match_hits, respond_with_etag, with_etag,
};
pub use extract::{AppJson, AppPath, AppQuery, ClientIp, Device, NoQuery, RequestId};
pub use headers::header_text;
