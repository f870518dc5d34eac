//! The OpenAPI 3.1 document of `tests/api-app/` (feature `openapi`): exact paths,
//! parameters and schemas (a snapshot, read it), validated by an independent
//! validator (`openapi-spec-validator` from PyPI, which `.ci/run` installs).

use app_router::prelude::*;
use integration_tests::send_with;

app_router::include_routes!(api, "app_router/api_routes.rs");

/// The types of the fixture's handlers.
pub mod models {
    use serde::{Deserialize, Serialize};

    /// A user.
    #[derive(Serialize, Deserialize, schemars::JsonSchema)]
    pub struct User {
        pub id: u64,
        pub name: String,
    }

    /// What `POST /users` takes.
    #[derive(Deserialize, schemars::JsonSchema)]
    pub struct NewUser {
        pub name: String,
    }

    /// A page of a list.
    #[derive(Deserialize, schemars::JsonSchema)]
    pub struct Page {
        pub page: u32,
        pub q: Option<String>,
    }

    /// A body type without a schema: the document says so.
    #[derive(Deserialize)]
    pub struct Legacy {
        pub anything: String,
    }
}

#[test]
fn the_document_describes_every_route_handler() {
    let doc = api::openapi();
    let paths: Vec<&String> = doc["paths"].as_object().unwrap().keys().collect();
    // Route handlers only: the page at `/` is not an operation.
    assert_eq!(paths, ["/files/{path}", "/legacy", "/users", "/users/{id}"]);
    let users = &doc["paths"]["/users"];
    assert_eq!(users["get"]["summary"], "Lists the users.");
    assert_eq!(
        users["get"]["description"],
        "One page at a time, filtered by `q`."
    );
    assert_eq!(
        users["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/NewUser"
    );
    // No OPTIONS or HEAD operations: they are automatic, not the app's.
    let methods: Vec<&String> = doc["paths"]["/users/{id}"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(methods, ["delete", "get"]);
    insta::assert_snapshot!(serde_json::to_string_pretty(&doc).unwrap());
}

#[test]
fn an_independent_validator_accepts_it() {
    let path = std::env::temp_dir().join(format!("app-router-openapi-{}.json", std::process::id()));
    std::fs::write(&path, serde_json::to_string(&api::openapi()).unwrap()).unwrap();
    let script = "import json, sys\n\
        from openapi_spec_validator import validate\n\
        from openapi_spec_validator.versions import consts\n\
        doc = json.load(open(sys.argv[1]))\n\
        validate(doc)\n\
        print('valid', doc['openapi'])\n";
    let output = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(&path)
        .output()
        .expect("python3 runs");
    let _ = std::fs::remove_file(&path);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the validator rejected the document (or is not installed: `python3 -m pip install openapi-spec-validator`):\n{stderr}"
    );
    assert_eq!(String::from_utf8_lossy(&output.stdout), "valid 3.1.0\n");
}

/// Serving it is one line, and the handlers behind it still serve.
#[tokio::test]
async fn served_with_one_route() {
    let app = api::router().route(
        "/openapi.json",
        axum::routing::get(|| async { Json(api::openapi()) }),
    );
    let reply = send_with(app.clone(), "GET", "/openapi.json", &[], "").await;
    assert_eq!(reply.status, StatusCode::OK);
    let doc: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    let created = send_with(
        app,
        "POST",
        "/users",
        &[("content-type", "application/json")],
        r#"{"name":"grace"}"#,
    )
    .await;
    assert_eq!(created.body, r#"{"id":1,"name":"grace"}"#);
}
