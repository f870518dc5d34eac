//! OpenAPI 3.1 documents of generated apps (feature `openapi`): every route handler as
//! an operation, with what its types say — path parameters from the folders, the
//! request body of a `Json<T>`/`Form<T>` argument, query parameters of a `Query<T>`
//! argument, the `200` body of a `Json<T>` or `Result<Json<T>, E>` return type — and
//! the handler's doc comment as summary and description. Schemas come from
//! [`schemars`] (JSON Schema 2020-12, which OpenAPI 3.1 uses as is), so those `T`
//! derive `schemars::JsonSchema`.
//!
//! The types are found without naming them: generated code passes the handler
//! function itself, and [`Probe`]s resolved at the call site pick the schema when the
//! type has one ("autoref specialization": called as `(&&&&probe).body(..)`, the most
//! specific impl sits on the most references). A typed body, query or response whose
//! type does not implement `JsonSchema` is not left out silently: the document names
//! the type and says it has no schema. A `T` without `JsonSchema` inside a `Json`
//! is a compile error naming it; any other argument or return type adds nothing.

use std::future::Future;
use std::marker::PhantomData;

use schemars::generate::{SchemaGenerator, SchemaSettings};
use schemars::{JsonSchema, Schema};
use serde_json::{Map, Value, json};

/// The OpenAPI document of an app, built by generated code (`routes::openapi()`).
#[derive(Debug)]
pub struct OpenApi {
    generator: SchemaGenerator,
    paths: Map<String, Value>,
    title: &'static str,
}

/// What one handler's types say, gathered by [`Probe`]s. Not public API.
#[doc(hidden)]
#[derive(Debug, Default)]
pub struct Operation {
    body: Option<(&'static str, Found)>,
    query: Option<Found>,
    response: Option<Found>,
}

impl OpenApi {
    /// An empty document titled after the app folder. Not public API.
    #[doc(hidden)]
    pub fn new(title: &'static str) -> Self {
        let settings = SchemaSettings::draft2020_12().with(|s| {
            s.definitions_path = "#/components/schemas/".into();
            s.meta_schema = None;
        });
        Self {
            generator: settings.into_generator(),
            paths: Map::new(),
            title,
        }
    }

    /// The generator the probes add schemas to. Not public API.
    #[doc(hidden)]
    pub fn generator(&mut self) -> &mut SchemaGenerator {
        &mut self.generator
    }

    /// Adds `method` of the route at `url` (Next.js notation, `/users/[id]`) with the
    /// handler's `doc` comment and what its types said. Not public API.
    #[doc(hidden)]
    pub fn operation(&mut self, url: &str, method: &str, doc: &str, op: Operation) {
        let (template, parameters) = path_template(url);
        let mut operation = Map::new();
        let doc = doc.trim();
        if let Some((summary, rest)) = doc.split_once("\n\n") {
            operation.insert("summary".into(), json!(summary.trim()));
            operation.insert("description".into(), json!(rest.trim()));
        } else if !doc.is_empty() {
            operation.insert("summary".into(), json!(doc));
        }
        operation.insert(
            "operationId".into(),
            json!(format!(
                "{}{}",
                method.to_ascii_lowercase(),
                operation_suffix(url)
            )),
        );
        let mut params = parameters;
        let mut notes = Vec::new();
        match op.query {
            Some(Found::Schema(query)) => {
                params.extend(query_parameters(&query, &mut self.generator));
            }
            Some(Found::NoSchema(name)) => notes.push(format!("Query: {}", no_schema(name))),
            None => {}
        }
        if !params.is_empty() {
            operation.insert("parameters".into(), Value::Array(params));
        }
        match op.body {
            Some((content_type, Found::Schema(schema))) => {
                operation.insert(
                    "requestBody".into(),
                    json!({ "required": true, "content": { content_type: { "schema": schema } } }),
                );
            }
            Some((content_type, Found::NoSchema(name))) => {
                operation.insert(
                    "requestBody".into(),
                    json!({ "required": true, "description": no_schema(name), "content": { content_type: {} } }),
                );
            }
            None => {}
        }
        let ok = match op.response {
            Some(Found::Schema(schema)) => json!({
                "description": "OK",
                "content": { JSON: { "schema": schema } }
            }),
            Some(Found::NoSchema(name)) => json!({
                "description": format!("OK; {}", no_schema(name)),
                "content": { JSON: {} }
            }),
            None => json!({ "description": "OK" }),
        };
        if !notes.is_empty() {
            let description = operation
                .get("description")
                .and_then(Value::as_str)
                .map(|d| format!("{d}\n\n{}", notes.join("\n")))
                .unwrap_or_else(|| notes.join("\n"));
            operation.insert("description".into(), json!(description));
        }
        operation.insert("responses".into(), json!({ "200": ok }));
        let item = self
            .paths
            .entry(template)
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(item) = item {
            item.insert(method.to_ascii_lowercase(), Value::Object(operation));
        }
    }

    /// The finished document.
    pub fn finish(mut self) -> Value {
        let schemas = self.generator.take_definitions(true);
        let mut doc = json!({
            "openapi": "3.1.0",
            "info": { "title": self.title, "version": "0.0.0" },
            "paths": self.paths,
        });
        if !schemas.is_empty() {
            doc["components"] = json!({ "schemas": schemas });
        }
        doc
    }
}

/// `/users/{id}` and the path parameters of `/users/[id]`. A catch-all is one
/// parameter in OpenAPI (its value holds the `/`s); its description says so.
fn path_template(url: &str) -> (String, Vec<Value>) {
    let mut template = String::new();
    let mut parameters = Vec::new();
    for segment in url.split('/').filter(|s| !s.is_empty()) {
        template.push('/');
        let Some(inner) = segment.strip_prefix('[') else {
            template.push_str(segment);
            continue;
        };
        let optional = inner.starts_with('[');
        let inner = inner.trim_start_matches('[').trim_start_matches("...");
        let catch_all = segment.contains("...");
        let (name, suffix) = inner.split_once(']').unwrap_or((inner, ""));
        let suffix = suffix.trim_start_matches(']');
        template.push('{');
        template.push_str(name);
        template.push('}');
        template.push_str(suffix);
        let description = match (catch_all, optional) {
            (true, true) => "zero or more path segments, `/`-separated (`[[...name]]`)",
            (true, false) => "one or more path segments, `/`-separated (`[...name]`)",
            _ => "one path segment",
        };
        parameters.push(json!({
            "name": name,
            "in": "path",
            "required": true,
            "description": description,
            "schema": { "type": "string" },
        }));
    }
    if template.is_empty() {
        template.push('/');
    }
    (template, parameters)
}

/// `_users_by_id` for `/users/[id]`: unique per route, stable.
fn operation_suffix(url: &str) -> String {
    let mut out = String::new();
    for segment in url.split('/').filter(|s| !s.is_empty()) {
        out.push('_');
        if segment.starts_with('[') {
            out.push_str("by_");
        }
        out.extend(
            segment
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }),
        );
    }
    let trimmed: String = out
        .split('_')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("_");
    if trimmed.is_empty() {
        "_root".to_owned()
    } else {
        format!("_{trimmed}")
    }
}

/// The query parameters of a `Query<T>`: the properties of `T`'s object schema.
fn query_parameters(schema: &Schema, generator: &mut SchemaGenerator) -> Vec<Value> {
    // A `$ref` to the type: look its definition up.
    let resolved = schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/components/schemas/"))
        .and_then(|name| generator.definitions().get(name).cloned());
    let object = resolved.unwrap_or_else(|| schema.as_value().clone());
    let required: Vec<&str> = object
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let Some(properties) = object.get("properties").and_then(Value::as_object) else {
        return Vec::new();
    };
    properties
        .iter()
        .map(|(name, schema)| {
            json!({
                "name": name,
                "in": "query",
                "required": required.contains(&name.as_str()),
                "schema": schema,
            })
        })
        .collect()
}

/// A type, to probe for a schema without naming it. Not public API.
#[doc(hidden)]
#[derive(Debug)]
pub struct Probe<T: ?Sized>(PhantomData<fn() -> PhantomData<T>>);

/// The argument tuple and return type of a handler function, for [`output`]. Not
/// public API.
#[doc(hidden)]
pub trait Signature<Args> {
    /// What the handler returns.
    type Output;
}

macro_rules! signature {
    ($($arg:ident),*) => {
        impl<F, Fut, $($arg,)*> Signature<($($arg,)*)> for F
        where
            F: Fn($($arg),*) -> Fut,
            Fut: Future,
        {
            type Output = Fut::Output;
        }
    };
}

signature!();
signature!(A1);
signature!(A1, A2);
signature!(A1, A2, A3);
signature!(A1, A2, A3, A4);
signature!(A1, A2, A3, A4, A5);
signature!(A1, A2, A3, A4, A5, A6);
signature!(A1, A2, A3, A4, A5, A6, A7);
signature!(A1, A2, A3, A4, A5, A6, A7, A8);
signature!(A1, A2, A3, A4, A5, A6, A7, A8, A9);
signature!(A1, A2, A3, A4, A5, A6, A7, A8, A9, A10);
signature!(A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11);
signature!(A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11, A12);
signature!(A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11, A12, A13);
signature!(A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11, A12, A13, A14);
signature!(
    A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11, A12, A13, A14, A15
);
signature!(
    A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11, A12, A13, A14, A15, A16
);

macro_rules! args {
    ($($name:ident: [$($arg:ident),*];)*) => {$(
        /// Probes of every argument of a handler of this arity. Not public API.
        #[doc(hidden)]
        #[allow(clippy::type_complexity)]
        pub fn $name<$($arg,)* R>(_handler: fn($($arg),*) -> R) -> ($(Probe<$arg>,)*) {
            ($(Probe::<$arg>(PhantomData),)*)
        }
    )*};
}

args! {
    args1: [A1];
    args2: [A1, A2];
    args3: [A1, A2, A3];
    args4: [A1, A2, A3, A4];
    args5: [A1, A2, A3, A4, A5];
    args6: [A1, A2, A3, A4, A5, A6];
    args7: [A1, A2, A3, A4, A5, A6, A7];
    args8: [A1, A2, A3, A4, A5, A6, A7, A8];
}

/// A probe of what `handler` returns. Not public API.
#[doc(hidden)]
pub fn output<F, Args>(_handler: &F) -> Probe<<F as Signature<Args>>::Output>
where
    F: Signature<Args>,
{
    Probe(PhantomData)
}

/// What a probe found: a schema, or a typed body/query/response whose type has no
/// schema (its name, for the document to say so).
#[doc(hidden)]
#[derive(Debug)]
pub enum Found {
    /// The schema of the type.
    Schema(Schema),
    /// The type does not implement `schemars::JsonSchema`.
    NoSchema(&'static str),
}

/// The request body of a `Json<T>` or `Form<T>` argument. Not public API.
#[doc(hidden)]
pub trait BodySchema {
    /// The content type and what was found, if the argument is a typed body.
    fn body(&self, generator: &mut SchemaGenerator) -> Option<(&'static str, Found)>;
}

const JSON: &str = "application/json";
const FORM: &str = "application/x-www-form-urlencoded";

impl<T: JsonSchema> BodySchema for &&&Probe<axum::Json<T>> {
    fn body(&self, generator: &mut SchemaGenerator) -> Option<(&'static str, Found)> {
        Some((JSON, Found::Schema(generator.subschema_for::<T>())))
    }
}

impl<T: JsonSchema> BodySchema for &&&Probe<axum::Form<T>> {
    fn body(&self, generator: &mut SchemaGenerator) -> Option<(&'static str, Found)> {
        Some((FORM, Found::Schema(generator.subschema_for::<T>())))
    }
}

impl<T> BodySchema for &&Probe<axum::Json<T>> {
    fn body(&self, _: &mut SchemaGenerator) -> Option<(&'static str, Found)> {
        Some((JSON, Found::NoSchema(std::any::type_name::<T>())))
    }
}

impl<T> BodySchema for &&Probe<axum::Form<T>> {
    fn body(&self, _: &mut SchemaGenerator) -> Option<(&'static str, Found)> {
        Some((FORM, Found::NoSchema(std::any::type_name::<T>())))
    }
}

impl<T: ?Sized> BodySchema for &Probe<T> {
    fn body(&self, _: &mut SchemaGenerator) -> Option<(&'static str, Found)> {
        None
    }
}

/// The query of a `Query<T>` argument. Not public API.
#[doc(hidden)]
pub trait QuerySchema {
    /// What was found, if the argument is a typed query.
    fn query(&self, generator: &mut SchemaGenerator) -> Option<Found>;
}

impl<T: JsonSchema> QuerySchema for &&&Probe<axum::extract::Query<T>> {
    fn query(&self, generator: &mut SchemaGenerator) -> Option<Found> {
        Some(Found::Schema(generator.subschema_for::<T>()))
    }
}

impl<T> QuerySchema for &&Probe<axum::extract::Query<T>> {
    fn query(&self, _: &mut SchemaGenerator) -> Option<Found> {
        Some(Found::NoSchema(std::any::type_name::<T>()))
    }
}

impl<T: ?Sized> QuerySchema for &Probe<T> {
    fn query(&self, _: &mut SchemaGenerator) -> Option<Found> {
        None
    }
}

/// The `200` body of a `Json<T>` or `Result<Json<T>, E>` return type. Not public API.
#[doc(hidden)]
pub trait ResponseSchema {
    /// What was found, if the handler returns typed JSON.
    fn response(&self, generator: &mut SchemaGenerator) -> Option<Found>;
}

impl<T: JsonSchema> ResponseSchema for &&&Probe<axum::Json<T>> {
    fn response(&self, generator: &mut SchemaGenerator) -> Option<Found> {
        Some(Found::Schema(generator.subschema_for::<T>()))
    }
}

impl<T: JsonSchema, E> ResponseSchema for &&&Probe<Result<axum::Json<T>, E>> {
    fn response(&self, generator: &mut SchemaGenerator) -> Option<Found> {
        Some(Found::Schema(generator.subschema_for::<T>()))
    }
}

impl<T> ResponseSchema for &&Probe<axum::Json<T>> {
    fn response(&self, _: &mut SchemaGenerator) -> Option<Found> {
        Some(Found::NoSchema(std::any::type_name::<T>()))
    }
}

impl<T, E> ResponseSchema for &&Probe<Result<axum::Json<T>, E>> {
    fn response(&self, _: &mut SchemaGenerator) -> Option<Found> {
        Some(Found::NoSchema(std::any::type_name::<T>()))
    }
}

impl<T: ?Sized> ResponseSchema for &Probe<T> {
    fn response(&self, _: &mut SchemaGenerator) -> Option<Found> {
        None
    }
}

/// The document's note for a type without a schema.
fn no_schema(type_name: &str) -> String {
    format!(
        "no schema: `{type_name}` does not implement `schemars::JsonSchema` (derive it to describe this body)"
    )
}

impl Operation {
    /// With the request body found by a [`BodySchema`] probe. Not public API.
    #[doc(hidden)]
    pub fn body(mut self, body: Option<(&'static str, Found)>) -> Self {
        if body.is_some() {
            self.body = body;
        }
        self
    }

    /// With the query found by a [`QuerySchema`] probe. Not public API.
    #[doc(hidden)]
    pub fn query(mut self, query: Option<Found>) -> Self {
        if query.is_some() {
            self.query = query;
        }
        self
    }

    /// With the response found by a [`ResponseSchema`] probe. Not public API.
    #[doc(hidden)]
    pub fn response(mut self, response: Option<Found>) -> Self {
        self.response = response;
        self
    }
}

#[cfg(test)]
// The probes' references are what picks the impl: none of them is needless.
#[allow(clippy::needless_borrow, dead_code)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, serde::Serialize, JsonSchema)]
    struct User {
        name: String,
        age: Option<u32>,
    }

    #[derive(serde::Deserialize, JsonSchema)]
    struct Page {
        page: u32,
        q: Option<String>,
    }

    async fn create(
        _q: axum::extract::Query<Page>,
        _body: axum::Json<User>,
    ) -> Result<axum::Json<User>, String> {
        Err(String::new())
    }

    async fn plain(_headers: axum::http::HeaderMap) -> &'static str {
        ""
    }

    struct Opaque;

    async fn opaque(_body: axum::Json<Opaque>) -> axum::Json<Opaque> {
        axum::Json(Opaque)
    }

    #[test]
    fn probes_find_bodies_queries_and_responses() {
        let mut doc = OpenApi::new("app");
        let args = args2(create);
        let op = Operation::default()
            .query((&&&&args.0).query(doc.generator()))
            .body((&&&&args.1).body(doc.generator()))
            .response((&&&&output(&create)).response(doc.generator()));
        doc.operation(
            "/users/[id]",
            "POST",
            " Creates a user.\n\n With details.",
            op,
        );
        let args = args1(plain);
        let op = Operation::default()
            .body((&&&&args.0).body(doc.generator()))
            .response((&&&&output(&plain)).response(doc.generator()));
        doc.operation("/files/[...path]", "GET", "", op);
        let args = args1(opaque);
        let op = Operation::default()
            .body((&&&&args.0).body(doc.generator()))
            .response((&&&&output(&opaque)).response(doc.generator()));
        doc.operation("/opaque", "PUT", "", op);
        let doc = doc.finish();
        let post = &doc["paths"]["/users/{id}"]["post"];
        assert_eq!(post["summary"], "Creates a user.");
        assert_eq!(post["description"], "With details.");
        assert_eq!(post["operationId"], "post_users_by_id");
        assert_eq!(
            post["requestBody"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/User"
        );
        assert_eq!(
            post["responses"]["200"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/User"
        );
        let names: Vec<&str> = post["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["id", "page", "q"]);
        assert_eq!(post["parameters"][1]["required"], true);
        assert_eq!(post["parameters"][2]["required"], false);
        let get = &doc["paths"]["/files/{path}"]["get"];
        assert!(get.get("requestBody").is_none());
        assert_eq!(get["responses"]["200"], json!({ "description": "OK" }));
        assert_eq!(
            doc["components"]["schemas"]["User"]["required"],
            json!(["name"])
        );
        let put = &doc["paths"]["/opaque"]["put"];
        let opaque = "no schema: `app_router::openapi::tests::Opaque` does not implement `schemars::JsonSchema` (derive it to describe this body)";
        assert_eq!(put["requestBody"]["description"], opaque);
        assert_eq!(
            put["requestBody"]["content"],
            json!({ "application/json": {} })
        );
        assert_eq!(
            put["responses"]["200"]["description"],
            format!("OK; {opaque}")
        );
    }
}
