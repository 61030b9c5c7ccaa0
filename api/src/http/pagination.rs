//! `limit` / `offset` paging shared by the list endpoints.
use crate::error::FieldError;

pub const DEFAULT_LIMIT: u32 = 50;
pub const MAX_LIMIT: u32 = 200;
pub const MAX_OFFSET: u32 = 1_000_000;

/// Checks the paging parameters, naming the bad one; returns (limit, offset) for the query.
pub fn page(limit: Option<u32>, offset: Option<u32>) -> Result<(u64, u64), FieldError> {
    let limit = limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(FieldError::new(
            "limit",
            format!("must be from 1 to {MAX_LIMIT}"),
        ));
    }
    let offset = offset.unwrap_or(0);
    if offset > MAX_OFFSET {
        return Err(FieldError::new(
            "offset",
            format!("must be at most {MAX_OFFSET}"),
        ));
    }
    Ok((limit.into(), offset.into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paging_defaults_and_bounds() {
        assert_eq!(page(None, None), Ok((50, 0)));
        assert_eq!(page(Some(200), Some(1_000_000)), Ok((200, 1_000_000)));
        assert_eq!(page(Some(0), None).unwrap_err().field, "limit");
        assert_eq!(page(Some(201), None).unwrap_err().field, "limit");
        assert_eq!(page(None, Some(1_000_001)).unwrap_err().field, "offset");
    }
}
