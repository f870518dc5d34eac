//! `/legacy`: a body whose type has no schema, named in the document.
use app_router::prelude::*;

use crate::models::Legacy;

pub async fn POST(Json(body): Json<Legacy>) -> StatusCode {
    let _ = body;
    StatusCode::ACCEPTED
}
