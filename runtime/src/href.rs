//! Typed links: [`href!`](crate::href) builds the URL of a route or page from its URL
//! pattern and parameters, checked at compile time against the routes of the app.

use std::borrow::Cow;
use std::fmt;

/// A URL path (and query) of this app, built by [`href!`](crate::href): every
/// parameter percent-encoded as one segment (a `/` inside an `[id]` value is `%2F`).
///
/// It is a string for every purpose: `Display`, `AsRef<str>`, `Into<String>`, so it
/// goes into `redirect(href.as_str())`, `Redirect::to(&href)` or a template as is.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Href(String);

impl Href {
    /// The link as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The link with `pairs` appended as its query, `application/x-www-form-urlencoded`
    /// as browsers encode forms (`&`, `=`, `#` and spaces inside a value cannot end it).
    ///
    /// ```
    /// # mod routes { pub const ROUTE_PATHS: &[&str] = &["/", "/blog/[slug]", "/users/[id]/posts/[postId]", "/docs/[...path]", "/shop/[[...filters]]"]; }
    /// let link = app_router::href!(in routes, "/blog/[slug]", slug = "a/b").query([("page", "2"), ("q", "x&y=z #")]);
    /// assert_eq!(link, "/blog/a%2Fb?page=2&q=x%26y%3Dz+%23");
    /// ```
    pub fn query<K, V>(mut self, pairs: impl IntoIterator<Item = (K, V)>) -> Self
    where
        K: AsRef<str>,
        V: AsRef<str>,
    {
        let query = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        if !query.is_empty() {
            self.0.push(if self.0.contains('?') { '&' } else { '?' });
            self.0.push_str(&query);
        }
        self
    }

    /// Builds `pattern` (checked by `href!`) with `args`. Not public API.
    #[doc(hidden)]
    pub fn build(pattern: &'static str, args: &[(&'static str, HrefArg)]) -> Self {
        let mut out = String::with_capacity(pattern.len() + 16);
        for segment in pattern.split('/').filter(|s| !s.is_empty()) {
            let Some(inner) = segment.strip_prefix('[') else {
                out.push('/');
                out.push_str(&crate::path::encode_segment(segment));
                continue;
            };
            let inner = inner.trim_start_matches('[').trim_start_matches("...");
            let (name, suffix) = match inner.split_once(']') {
                Some((name, rest)) => (name, rest.trim_start_matches(']')),
                None => (inner, ""),
            };
            let values = args
                .iter()
                .find(|(n, _)| *n == name)
                .map_or(&[][..], |(_, arg)| &arg.0[..]);
            for value in values {
                out.push('/');
                out.push_str(&crate::path::encode_segment(value));
            }
            if !values.is_empty() {
                out.push_str(suffix);
            }
        }
        if out.is_empty() {
            out.push('/');
        }
        Self(out)
    }
}

impl fmt::Display for Href {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Href {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl From<Href> for String {
    fn from(href: Href) -> Self {
        href.0
    }
}

impl PartialEq<&str> for Href {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl PartialEq<str> for Href {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

/// `[id]`: one segment.
const SINGLE: u8 = 1;
/// `[...slug]`: one or more segments.
const CATCH_ALL: u8 = 2;
/// `[[...slug]]`: zero or more segments.
const OPTIONAL: u8 = 4;

/// A value `href!` can put into a URL parameter: a string or number for `[id]`, a list
/// of them for `[...slug]` (an array must not be empty), a list or `Option` of one for
/// `[[...slug]]`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a URL parameter of `href!`",
    label = "this value",
    note = "`[id]` takes a string or an integer; `[...slug]` a non-empty list of them (`[\"a\", \"b\"]`, `Vec<String>`); `[[...slug]]` a list or an `Option` of one"
)]
pub trait HrefValue {
    /// The parameter kinds it fits, as a mask. Not public API.
    #[doc(hidden)]
    const FITS: u8;
    /// The segments it becomes, unencoded. Not public API.
    #[doc(hidden)]
    fn segments(&self) -> Vec<String>;
}

macro_rules! single {
    ($($ty:ty),*) => {$(
        impl HrefValue for $ty {
            const FITS: u8 = SINGLE;
            fn segments(&self) -> Vec<String> {
                vec![self.to_string()]
            }
        }
    )*};
}

single!(
    str,
    String,
    Cow<'_, str>,
    u8,
    u16,
    u32,
    u64,
    u128,
    usize,
    i8,
    i16,
    i32,
    i64,
    i128,
    isize
);

impl<T: HrefValue + ?Sized> HrefValue for &T {
    const FITS: u8 = T::FITS;
    fn segments(&self) -> Vec<String> {
        (**self).segments()
    }
}

/// One segment of a list: a string or a number.
pub trait HrefSegment {
    /// The segment, unencoded.
    #[doc(hidden)]
    fn segment(&self) -> String;
}

impl<T: HrefValue + ?Sized> HrefSegment for T {
    fn segment(&self) -> String {
        self.segments().concat()
    }
}

impl<T: HrefSegment> HrefValue for [T] {
    const FITS: u8 = CATCH_ALL | OPTIONAL;
    fn segments(&self) -> Vec<String> {
        self.iter().map(HrefSegment::segment).collect()
    }
}

impl<T: HrefSegment, const N: usize> HrefValue for [T; N] {
    // An empty array cannot fill `[...slug]`: that is a compile error.
    const FITS: u8 = if N == 0 {
        OPTIONAL
    } else {
        CATCH_ALL | OPTIONAL
    };
    fn segments(&self) -> Vec<String> {
        self.iter().map(HrefSegment::segment).collect()
    }
}

impl<T: HrefSegment> HrefValue for Vec<T> {
    const FITS: u8 = CATCH_ALL | OPTIONAL;
    fn segments(&self) -> Vec<String> {
        self.iter().map(HrefSegment::segment).collect()
    }
}

impl<T: HrefValue> HrefValue for Option<T> {
    const FITS: u8 = OPTIONAL;
    fn segments(&self) -> Vec<String> {
        self.as_ref().map(HrefValue::segments).unwrap_or_default()
    }
}

/// One argument of `href!`, checked against the parameter's kind `K`. Not public API.
#[doc(hidden)]
#[derive(Debug)]
pub struct HrefArg(Vec<String>);

impl HrefArg {
    /// `value` for a parameter of kind `K` (see [`param_kind`]); a value of the wrong
    /// kind (a list for `[id]`) fails to compile.
    pub fn new<V: HrefValue + ?Sized, const K: u8>(value: &V) -> Self {
        const {
            assert!(
                V::FITS & K != 0,
                "href!: this value does not fit its parameter: `[id]` takes a string or an integer, `[...slug]` a non-empty list, `[[...slug]]` a list or an Option"
            );
        }
        Self(value.segments())
    }
}

/// The `ROUTE_PATHS` of an app whose tree has errors: every link is accepted, so the
/// tree's own errors are not buried under link errors. Not public API.
#[doc(hidden)]
pub const ANY_ROUTE: &[&str] = &["\0any route"];

/// Byte-wise string equality, in a const context.
const fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The parameter at byte `start` of `pattern` (just after a `[`): its name's bounds
/// and its kind, and where the segment's parameter notation ends.
const fn param_at(pattern: &[u8], start: usize) -> (usize, usize, u8, usize) {
    let mut i = start;
    let mut kind = SINGLE;
    if i < pattern.len() && pattern[i] == b'[' {
        kind = OPTIONAL;
        i += 1;
    }
    if i + 3 <= pattern.len()
        && pattern[i] == b'.'
        && pattern[i + 1] == b'.'
        && pattern[i + 2] == b'.'
    {
        if kind == SINGLE {
            kind = CATCH_ALL;
        }
        i += 3;
    }
    let name_start = i;
    while i < pattern.len() && pattern[i] != b']' {
        i += 1;
    }
    (name_start, i, kind, i)
}

/// The kind of parameter `name` in `pattern` (0 if it has none). Not public API.
#[doc(hidden)]
pub const fn param_kind(pattern: &str, name: &str) -> u8 {
    let p = pattern.as_bytes();
    let mut i = 0;
    while i < p.len() {
        if p[i] == b'[' {
            let (start, end, kind, next) = param_at(p, i + 1);
            let (_, name_bytes) = p.split_at(start);
            let (candidate, _) = name_bytes.split_at(end - start);
            if same(candidate, name.as_bytes()) {
                return kind;
            }
            i = next;
        }
        i += 1;
    }
    0
}

/// How many parameters `pattern` has.
const fn param_count(pattern: &str) -> usize {
    let p = pattern.as_bytes();
    let (mut i, mut n) = (0, 0);
    while i < p.len() {
        if p[i] == b'[' {
            let (_, _, _, next) = param_at(p, i + 1);
            n += 1;
            i = next;
        }
        i += 1;
    }
    n
}

/// Compile-time check of an `href!`: `pattern` is the URL of a route or page of the
/// app, and `names` are exactly its parameters. Not public API.
#[doc(hidden)]
pub const fn check(paths: &[&str], pattern: &str, names: &[&str]) {
    // The fail-soft file of a tree with errors: those errors are reported already.
    if paths.len() == 1 && same(paths[0].as_bytes(), ANY_ROUTE[0].as_bytes()) {
        return;
    }
    let mut found = false;
    let mut i = 0;
    while i < paths.len() {
        if same(paths[i].as_bytes(), pattern.as_bytes()) {
            found = true;
        }
        i += 1;
    }
    assert!(
        found,
        "href!: no route or page of the app has this URL pattern; write it as `RouteTable` prints it (`/blog/[slug]`), folder groups left out"
    );
    let mut j = 0;
    while j < names.len() {
        assert!(
            param_kind(pattern, names[j]) != 0,
            "href!: the URL pattern has no parameter of this name; name them as the folders do (`[postId]` is `postId`)"
        );
        let mut k = j + 1;
        while k < names.len() {
            assert!(
                !same(names[j].as_bytes(), names[k].as_bytes()),
                "href!: a parameter is given twice"
            );
            k += 1;
        }
        j += 1;
    }
    assert!(
        names.len() == param_count(pattern),
        "href!: a parameter of the URL pattern is missing; give every `[param]` of the pattern"
    );
}

/// A link to a route or page of this app, checked at compile time: the URL pattern
/// must be one the app serves (as `RouteTable` prints it) and every parameter must be
/// given, with a value of the right kind; a renamed folder breaks every stale link at
/// build time. Segments are percent-encoded; append a query with [`Href::query`].
///
/// `href!("/blog/[slug]", slug = value)` looks the pattern up in the app generated
/// into `crate::routes` (the default `include_routes!()`); `href!(in meta, "/x")`
/// names another module of routes.
///
/// ```
/// # mod routes { pub const ROUTE_PATHS: &[&str] = &["/", "/blog/[slug]", "/users/[id]/posts/[postId]", "/docs/[...path]", "/shop/[[...filters]]"]; }
/// use app_router::href;
///
/// assert_eq!(href!(in routes, "/"), "/");
/// assert_eq!(href!(in routes, "/blog/[slug]", slug = "hello world"), "/blog/hello%20world");
/// assert_eq!(href!(in routes, "/users/[id]/posts/[postId]", postId = 7, id = "a/b"), "/users/a%2Fb/posts/7");
/// assert_eq!(href!(in routes, "/docs/[...path]", path = ["a", "b c"]), "/docs/a/b%20c");
/// assert_eq!(href!(in routes, "/shop/[[...filters]]", filters = None::<Vec<String>>), "/shop");
/// assert_eq!(href!(in routes, "/shop/[[...filters]]", filters = vec!["red"]), "/shop/red");
/// ```
///
/// Each mistake is a compile error:
///
/// ```compile_fail
/// # mod routes { pub const ROUTE_PATHS: &[&str] = &["/", "/blog/[slug]", "/users/[id]/posts/[postId]", "/docs/[...path]", "/shop/[[...filters]]"]; }
/// let _ = app_router::href!(in routes, "/blgo/[slug]", slug = "x"); // no such route
/// ```
///
/// ```compile_fail
/// # mod routes { pub const ROUTE_PATHS: &[&str] = &["/", "/blog/[slug]", "/users/[id]/posts/[postId]", "/docs/[...path]", "/shop/[[...filters]]"]; }
/// let _ = app_router::href!(in routes, "/users/[id]/posts/[postId]", id = "1"); // `postId` missing
/// ```
///
/// ```compile_fail
/// # mod routes { pub const ROUTE_PATHS: &[&str] = &["/", "/blog/[slug]", "/users/[id]/posts/[postId]", "/docs/[...path]", "/shop/[[...filters]]"]; }
/// let _ = app_router::href!(in routes, "/docs/[...path]", path = "a"); // a list is needed
/// ```
// `crate::routes` is the caller's: the app generated into its crate root.
#[allow(clippy::crate_in_macro_def)]
#[macro_export]
macro_rules! href {
    (in $($routes:ident)::+, $pattern:literal $(, $name:ident = $value:expr)* $(,)?) => {{
        const _: () = $crate::__private::href_check(
            $($routes::)+ ROUTE_PATHS,
            $pattern,
            &[$(::core::stringify!($name)),*],
        );
        $crate::Href::build($pattern, &[$((
            ::core::stringify!($name),
            $crate::__private::HrefArg::new::<_, { $crate::__private::param_kind($pattern, ::core::stringify!($name)) }>(&$value),
        )),*])
    }};
    ($pattern:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::href!(in crate::routes, $pattern $(, $name = $value)*)
    };
}
