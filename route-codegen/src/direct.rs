//! The most frequent shapes of generated code, printed straight from their tokens
//! exactly as prettyplease prints them, without building a syntax tree: per route, a
//! registration in `router`, an entry of `ROUTES`, its folder and file modules (doc
//! comments, `RouteContext` alias, `include!`), and a folder's `Params` with its
//! `RouteParams` impl. Together they are nearly all of a large app's generated code.
//!
//! Each printer takes one shape, with atoms (paths, literals) in it, and the layouts
//! prettyplease gives that shape at the lengths it handles. Anything else, and every
//! length at which prettyplease would lay the shape out otherwise, gives `None`, and
//! prettyplease prints it. Tests compare the printers with prettyplease over ranges of
//! depths, lengths and shapes, and the whole file of every test app byte for byte.

use std::fmt::Write as _;

use proc_macro2::{Delimiter, Group, TokenStream, TokenTree};

/// prettyplease's line width, indentation step, and the least room a deep line gets.
const MARGIN: usize = 89;
const INDENT: usize = 4;
const MIN_SPACE: usize = 60;

/// The room on a line that starts at `indent`.
fn space(indent: usize) -> usize {
    MARGIN.saturating_sub(indent).max(MIN_SPACE)
}

fn pad(out: &mut String, indent: usize) {
    out.extend(std::iter::repeat_n(' ', indent));
}

/// `let router = router.route("/a", ::x::RouteBuilder::new(false, false).handler(::x::GET, a::route::GET).route());`
/// at `indent`: a `let` whose value is a method call on a binding, with an atom and a
/// method chain (a call, then method calls) as arguments, each call with atoms only.
pub(crate) fn statement(tokens: &[TokenTree], indent: usize) -> Option<String> {
    let mut tokens = tokens.iter();
    let (Some(TokenTree::Ident(let_)), Some(TokenTree::Ident(binding))) =
        (tokens.next(), tokens.next())
    else {
        return None;
    };
    let (Some(TokenTree::Punct(eq)), Some(TokenTree::Ident(receiver))) =
        (tokens.next(), tokens.next())
    else {
        return None;
    };
    let (Some(TokenTree::Punct(dot)), Some(TokenTree::Ident(method))) =
        (tokens.next(), tokens.next())
    else {
        return None;
    };
    let (Some(TokenTree::Group(args)), Some(TokenTree::Punct(semi)), None) =
        (tokens.next(), tokens.next(), tokens.next())
    else {
        return None;
    };
    if let_ != "let" || eq.as_char() != '=' || dot.as_char() != '.' || semi.as_char() != ';' {
        return None;
    }
    let mut args = split(parenthesized(args)?).into_iter();
    let (Some(first), Some(chain), None) = (args.next(), args.next(), args.next()) else {
        return None;
    };
    let first = atom(&first)?;
    let chain = chain_of(chain)?;
    let (binding, receiver, method) = (
        binding.to_string(),
        receiver.to_string(),
        method.to_string(),
    );

    // The method call breaks before its `.` (the receiver is no short name), and its
    // arguments go one per line.
    let chain_len: usize = chain.iter().map(|call| call.len()).sum();
    let args_len = first.len() + 2 + chain_len;
    let head = "let ".len() + binding.len() + " = ".len();
    let call = receiver.len() + 1 + method.len() + 1 + args_len + ");".len();
    let inner = indent + INDENT;
    if receiver.len() <= INDENT
        || call <= space(indent).saturating_sub(head)
        || args_len + ");".len() <= space(inner).saturating_sub(method.len() + ".(".len())
    {
        return None;
    }
    let mut out = String::new();
    pad(&mut out, indent);
    let _ = writeln!(out, "let {binding} = {receiver}");
    pad(&mut out, inner);
    let _ = writeln!(out, ".{method}(");
    pad(&mut out, inner + INDENT);
    let _ = writeln!(out, "{first},");
    print_chain(&chain, inner + INDENT, &mut out)?;
    out.push_str(",\n");
    pad(&mut out, inner);
    out.push_str(");\n");
    Some(out)
}

/// `::x::RouteInfo { path: "/a", methods: &[::x::GET], file: "app/a/route.rs", kind: ::x::Handler }`
/// at `indent`, then its `,`: a struct literal one field per line, whose fields are atoms
/// or arrays of atoms (on the field's line if they fit, else one atom per line).
pub(crate) fn element(tokens: &[TokenTree], indent: usize) -> Option<String> {
    let Some((TokenTree::Group(fields), path)) = tokens.split_last() else {
        return None;
    };
    if fields.delimiter() != Delimiter::Brace {
        return None;
    }
    let path = atom(path)?;
    let inner = indent + INDENT;
    let mut lines = Vec::new();
    let fields = split(contents(fields));
    let last = fields.len().checked_sub(1)?;
    for (i, field) in fields.into_iter().enumerate() {
        let mut field = field.into_iter();
        let (Some(TokenTree::Ident(name)), Some(TokenTree::Punct(colon))) =
            (field.next(), field.next())
        else {
            return None;
        };
        if colon.as_char() != ':' {
            return None;
        }
        let value: Vec<TokenTree> = field.collect();
        let value = match value.as_slice() {
            [TokenTree::Punct(and), TokenTree::Group(array)]
                if and.as_char() == '&' && array.delimiter() == Delimiter::Bracket =>
            {
                let items: Vec<String> = split(contents(array))
                    .iter()
                    .map(|item| atom(item))
                    .collect::<Option<_>>()?;
                let line = format!("{name}: &[{}]", items.join(", "));
                // On one line if it fits, with the `,` of a field before the last;
                // else one item per line.
                if line.len() + usize::from(i < last) <= space(inner) {
                    line
                } else {
                    let mut broken = format!("{name}: &[\n");
                    for item in items {
                        pad(&mut broken, inner + INDENT);
                        broken.push_str(&item);
                        broken.push_str(",\n");
                    }
                    pad(&mut broken, inner);
                    broken.push(']');
                    broken
                }
            }
            _ => format!("{name}: {}", atom(&value)?),
        };
        lines.push(value);
    }
    // `end_with_max_width(34)`: a struct wider than that on one line (`path { a, b }`
    // without the closing brace) breaks even where it fits.
    let width = path.len() + " {".len() + lines.iter().map(|l| l.len() + 2).sum::<usize>();
    if width <= 34 {
        return None;
    }
    let mut out = String::new();
    pad(&mut out, indent);
    let _ = writeln!(out, "{path} {{");
    for line in lines {
        pad(&mut out, inner);
        out.push_str(&line);
        out.push_str(",\n");
    }
    pad(&mut out, indent);
    out.push_str("},\n");
    Some(out)
}

/// Prints an item that [`items`] does not know, `depth` modules deep.
pub(crate) type Fallback<'a> = &'a dyn Fn(Vec<TokenTree>, usize) -> Option<String>;

/// Items `depth` modules deep, one by one: folder and file modules (`pub mod`), their
/// `pub type` aliases and `include!`s directly; anything else through `fallback`.
pub(crate) fn items(
    tokens: Vec<TokenTree>,
    depth: usize,
    fallback: Fallback<'_>,
) -> Option<String> {
    let mut out = String::new();
    for item in split_items(tokens) {
        match item_direct(&item, depth, fallback) {
            Some(text) => out.push_str(&text),
            None => out.push_str(&fallback(item, depth)?),
        }
    }
    Some(out)
}

/// Items, each with its attributes: up to a top-level `;`, or up to the `{ .. }` of a
/// module, function, struct or impl.
fn split_items(tokens: Vec<TokenTree>) -> Vec<Vec<TokenTree>> {
    let mut items = Vec::new();
    let mut item: Vec<TokenTree> = Vec::new();
    // Whether the item so far ends at a `;` (`type`, `use`, `const`, `static`, a macro).
    let mut to_semi = false;
    for token in tokens {
        let end = match &token {
            TokenTree::Punct(p) => p.as_char() == ';',
            TokenTree::Group(g) => g.delimiter() == Delimiter::Brace && !to_semi,
            TokenTree::Ident(ident) => {
                to_semi |= ["type", "use", "const", "static", "let"]
                    .iter()
                    .any(|keyword| ident == keyword);
                false
            }
            TokenTree::Literal(_) => false,
        };
        // `name!(..)`: a macro call.
        if let TokenTree::Punct(p) = &token {
            to_semi |= p.as_char() == '!' && matches!(item.last(), Some(TokenTree::Ident(_)));
        }
        item.push(token);
        if end {
            items.push(std::mem::take(&mut item));
            to_semi = false;
        }
    }
    if !item.is_empty() {
        items.push(item);
    }
    items
}

/// One item printed directly, with its attributes; `None` for another shape.
fn item_direct(item: &[TokenTree], depth: usize, fallback: Fallback<'_>) -> Option<String> {
    let indent = depth * INDENT;
    let mut out = String::new();
    let mut rest = item;
    while let [TokenTree::Punct(pound), TokenTree::Group(attr), more @ ..] = rest {
        if pound.as_char() != '#' || attr.delimiter() != Delimiter::Bracket {
            return None;
        }
        pad(&mut out, indent);
        out.push_str(&attribute(attr)?);
        out.push('\n');
        rest = more;
    }
    match rest {
        // `pub mod name { .. }`
        [
            TokenTree::Ident(vis),
            TokenTree::Ident(mod_),
            TokenTree::Ident(name),
            TokenTree::Group(body),
        ] if vis == "pub" && mod_ == "mod" && body.delimiter() == Delimiter::Brace => {
            let inner = items(contents(body), depth + 1, fallback)?;
            if inner.is_empty() {
                return None;
            }
            pad(&mut out, indent);
            let _ = writeln!(out, "pub mod {name} {{");
            out.push_str(&inner);
            pad(&mut out, indent);
            out.push_str("}\n");
        }
        // `pub type Name = ::a::B<super::C>;`, on one line.
        [
            TokenTree::Ident(vis),
            TokenTree::Ident(type_),
            TokenTree::Ident(name),
            TokenTree::Punct(eq),
            ty @ ..,
            TokenTree::Punct(semi),
        ] if vis == "pub" && type_ == "type" && eq.as_char() == '=' && semi.as_char() == ';' => {
            let line = format!("pub type {name} = {};", type_path(ty)?);
            if line.len() > space(indent) {
                return None;
            }
            pad(&mut out, indent);
            out.push_str(&line);
            out.push('\n');
        }
        // `include!("..");`, the literal on its own line when the call does not fit.
        [
            TokenTree::Ident(name),
            TokenTree::Punct(bang),
            TokenTree::Group(args),
            TokenTree::Punct(semi),
        ] if bang.as_char() == '!'
            && semi.as_char() == ';'
            && args.delimiter() == Delimiter::Parenthesis =>
        {
            let literal = match contents(args).as_slice() {
                [TokenTree::Literal(literal)] => literal.to_string(),
                _ => return None,
            };
            pad(&mut out, indent);
            if name.to_string().len() + "!();".len() + literal.len() <= space(indent) {
                let _ = writeln!(out, "{name}!({literal});");
            } else {
                let _ = writeln!(out, "{name}!(");
                pad(&mut out, indent + INDENT);
                out.push_str(&literal);
                out.push('\n');
                pad(&mut out, indent);
                out.push_str(");\n");
            }
        }
        // `pub struct Params { #[doc = ".."] pub id: ::std::string::String, }`
        [
            TokenTree::Ident(vis),
            TokenTree::Ident(struct_),
            TokenTree::Ident(name),
            TokenTree::Group(body),
        ] if vis == "pub" && struct_ == "struct" && body.delimiter() == Delimiter::Brace => {
            let fields = split(contents(body));
            if fields.is_empty() {
                return None;
            }
            pad(&mut out, indent);
            let _ = writeln!(out, "pub struct {name} {{");
            for field in fields {
                out.push_str(&field_line(&field, indent + INDENT)?);
            }
            pad(&mut out, indent);
            out.push_str("}\n");
        }
        // `impl ::a::Trait for Params { fn from_path(path: &str) -> T { .. } }`
        [
            TokenTree::Ident(impl_),
            trait_ @ ..,
            TokenTree::Ident(for_),
            TokenTree::Ident(name),
            TokenTree::Group(body),
        ] if impl_ == "impl" && for_ == "for" && body.delimiter() == Delimiter::Brace => {
            let line = format!("impl {} for {name} {{", atom(trait_)?);
            if line.len() > space(indent) {
                return None;
            }
            pad(&mut out, indent);
            out.push_str(&line);
            out.push('\n');
            out.push_str(&function(&contents(body), indent + INDENT)?);
            pad(&mut out, indent);
            out.push_str("}\n");
        }
        _ => return None,
    }
    Some(out)
}

/// A struct field with its attributes, `pub name: Type,` on one line.
fn field_line(field: &[TokenTree], indent: usize) -> Option<String> {
    let mut out = String::new();
    let mut rest = field;
    while let [TokenTree::Punct(pound), TokenTree::Group(attr), more @ ..] = rest {
        if pound.as_char() != '#' || attr.delimiter() != Delimiter::Bracket {
            return None;
        }
        pad(&mut out, indent);
        out.push_str(&attribute(attr)?);
        out.push('\n');
        rest = more;
    }
    let [
        TokenTree::Ident(vis),
        TokenTree::Ident(name),
        TokenTree::Punct(colon),
        ty @ ..,
    ] = rest
    else {
        return None;
    };
    if vis != "pub" || colon.as_char() != ':' {
        return None;
    }
    let line = format!("pub {name}: {},", type_path(ty)?);
    if line.len() > space(indent) {
        return None;
    }
    pad(&mut out, indent);
    out.push_str(&line);
    out.push('\n');
    Some(out)
}

/// `fn name(arg: Type) -> Type { let x = f(a); g(Self { field: x.m(1, "a")?, }) }`, the
/// signature broken after `(` (it does not fit on one line), the `Self { .. }` one field
/// per line.
fn function(tokens: &[TokenTree], indent: usize) -> Option<String> {
    let [
        TokenTree::Ident(fn_),
        TokenTree::Ident(name),
        TokenTree::Group(args),
        TokenTree::Punct(dash),
        TokenTree::Punct(gt),
        ret @ ..,
        TokenTree::Group(body),
    ] = tokens
    else {
        return None;
    };
    if fn_ != "fn"
        || args.delimiter() != Delimiter::Parenthesis
        || dash.as_char() != '-'
        || gt.as_char() != '>'
        || body.delimiter() != Delimiter::Brace
    {
        return None;
    }
    let args: Vec<String> = split(contents(args))
        .iter()
        .map(|arg| match arg.as_slice() {
            [TokenTree::Ident(name), TokenTree::Punct(colon), ty @ ..]
                if colon.as_char() == ':' =>
            {
                Some(format!("{name}: {}", type_path(ty)?))
            }
            _ => None,
        })
        .collect::<Option<_>>()?;
    let ret = format!(") -> {} {{", type_path(ret)?);
    let flat = format!("fn {name}({}", args.join(", ")).len() + ret.len();
    // The arguments break (the line does not fit); the return type does not.
    if args.is_empty() || flat <= space(indent) || ret.len() > space(indent) {
        return None;
    }
    let inner = indent + INDENT;
    let mut out = String::new();
    pad(&mut out, indent);
    let _ = writeln!(out, "fn {name}(");
    for arg in &args {
        pad(&mut out, inner);
        out.push_str(arg);
        out.push_str(",\n");
    }
    pad(&mut out, indent);
    out.push_str(&ret);
    out.push('\n');
    let body = contents(body);
    let (semi, tail) = body
        .iter()
        .position(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ';'))
        .map(|i| body.split_at(i + 1))?;
    out.push_str(&let_call(semi, inner)?);
    out.push_str(&call_struct(tail, inner)?);
    pad(&mut out, indent);
    out.push_str("}\n");
    Some(out)
}

/// `let x = ::a::f(y);` on one line.
fn let_call(tokens: &[TokenTree], indent: usize) -> Option<String> {
    let [
        TokenTree::Ident(let_),
        TokenTree::Ident(name),
        TokenTree::Punct(eq),
        callee @ ..,
        TokenTree::Group(args),
        TokenTree::Punct(semi),
    ] = tokens
    else {
        return None;
    };
    if let_ != "let" || eq.as_char() != '=' || semi.as_char() != ';' {
        return None;
    }
    let args: Vec<String> = split(parenthesized(args)?)
        .iter()
        .map(|arg| atom(arg))
        .collect::<Option<_>>()?;
    let line = format!("let {name} = {}({});", atom(callee)?, args.join(", "));
    if line.len() > space(indent) {
        return None;
    }
    let mut out = String::new();
    pad(&mut out, indent);
    out.push_str(&line);
    out.push('\n');
    Some(out)
}

/// `::a::Ok(Self { field: x.m(1, "a")?, .. })` as the last expression: the struct one
/// field per line (it is wider than prettyplease keeps on one line), each field on one
/// line.
fn call_struct(tokens: &[TokenTree], indent: usize) -> Option<String> {
    let [callee @ .., TokenTree::Group(args)] = tokens else {
        return None;
    };
    let args = parenthesized(args)?;
    let [TokenTree::Ident(self_), TokenTree::Group(fields)] = args.as_slice() else {
        return None;
    };
    if fields.delimiter() != Delimiter::Brace {
        return None;
    }
    let fields = split(contents(fields));
    let last = fields.len().checked_sub(1)?;
    let inner = indent + INDENT;
    let mut lines = Vec::new();
    for (i, field) in fields.iter().enumerate() {
        // `name: receiver.method(a, b)?`
        let [
            TokenTree::Ident(name),
            TokenTree::Punct(colon),
            TokenTree::Ident(receiver),
            TokenTree::Punct(dot),
            TokenTree::Ident(method),
            TokenTree::Group(call),
            TokenTree::Punct(question),
        ] = field.as_slice()
        else {
            return None;
        };
        if colon.as_char() != ':' || dot.as_char() != '.' || question.as_char() != '?' {
            return None;
        }
        let args: Vec<String> = split(parenthesized(call)?)
            .iter()
            .map(|arg| atom(arg))
            .collect::<Option<_>>()?;
        let line = format!("{name}: {receiver}.{method}({})?", args.join(", "));
        if line.len() + usize::from(i < last) > space(inner) {
            return None;
        }
        lines.push(line);
    }
    // `end_with_max_width(34)`, as for entries.
    let width =
        self_.to_string().len() + " {".len() + lines.iter().map(|l| l.len() + 2).sum::<usize>();
    if width <= 34 {
        return None;
    }
    let mut out = String::new();
    pad(&mut out, indent);
    let _ = writeln!(out, "{}({self_} {{", atom(callee)?);
    for line in lines {
        pad(&mut out, inner);
        out.push_str(&line);
        out.push_str(",\n");
    }
    pad(&mut out, indent);
    out.push_str("})\n");
    Some(out)
}

/// `#[doc = " text"]` as `/// text`, `#[allow(a, b)]` and `#[doc(hidden)]` as they are.
fn attribute(attr: &Group) -> Option<String> {
    match contents(attr).as_slice() {
        [
            TokenTree::Ident(doc),
            TokenTree::Punct(eq),
            TokenTree::Literal(literal),
        ] if doc == "doc" && eq.as_char() == '=' => {
            let repr = literal.to_string();
            let text = match repr.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
                // No escapes: the text is what is between the quotes.
                Some(plain) if !plain.contains('\\') => plain.to_owned(),
                _ => match syn::Lit::new(literal.clone()) {
                    syn::Lit::Str(text) => text.value(),
                    _ => return None,
                },
            };
            // Otherwise a block comment or the attribute itself.
            if text.contains('\n') || text.starts_with('/') {
                return None;
            }
            Some(format!("///{}", text.trim_end_matches(' ')))
        }
        [TokenTree::Ident(name), TokenTree::Group(list)]
            if list.delimiter() == Delimiter::Parenthesis =>
        {
            let names: Vec<String> = split(contents(list))
                .iter()
                .map(|part| match part.as_slice() {
                    [TokenTree::Ident(ident)] => Some(ident.to_string()),
                    _ => None,
                })
                .collect::<Option<_>>()?;
            Some(format!("#[{name}({})]", names.join(", ")))
        }
        _ => None,
    }
}

/// A type path with generic arguments on one line: `::a::B<super::C, D>`.
fn type_path(tokens: &[TokenTree]) -> Option<String> {
    let mut text = String::new();
    let mut after_ident = false;
    for token in tokens {
        match token {
            TokenTree::Ident(ident) if !after_ident => {
                let _ = write!(text, "{ident}");
                after_ident = true;
            }
            TokenTree::Punct(p) if matches!(p.as_char(), ':' | '<' | '>' | '&') => {
                text.push(p.as_char());
                after_ident = false;
            }
            TokenTree::Punct(p) if p.as_char() == ',' => {
                text.push_str(", ");
                after_ident = false;
            }
            _ => return None,
        }
    }
    (!text.is_empty()).then_some(text)
}

/// A call of a method chain: `::x::RouteBuilder::new` or `.handler`, and its argument
/// atoms.
struct Call {
    name: String,
    args: Vec<String>,
}

impl Call {
    /// On one line: `name(a, b)`.
    fn len(&self) -> usize {
        let args: usize = self.args.iter().map(|a| a.len() + 2).sum();
        self.name.len() + "()".len() + args.saturating_sub(2)
    }
}

/// `::x::new(a, b).m(c).n()`: the first call then the method calls (names with their
/// `.`), each with atoms only.
fn chain_of(tokens: Vec<TokenTree>) -> Option<Vec<Call>> {
    let mut calls = Vec::new();
    let mut name = Vec::new();
    for token in tokens {
        match token {
            TokenTree::Group(args) => {
                let args: Option<Vec<String>> = split(parenthesized(&args)?)
                    .iter()
                    .map(|arg| atom(arg))
                    .collect();
                let name = if calls.is_empty() {
                    atom(&std::mem::take(&mut name))?
                } else {
                    match std::mem::take(&mut name).as_slice() {
                        [TokenTree::Punct(dot), TokenTree::Ident(method)]
                            if dot.as_char() == '.' =>
                        {
                            format!(".{method}")
                        }
                        _ => return None,
                    }
                };
                calls.push(Call { name, args: args? });
            }
            other => name.push(other),
        }
    }
    (name.is_empty() && calls.len() > 1).then_some(calls)
}

/// The chain at `indent`, broken before each `.` (it never fits on one line here); a
/// method's arguments go one per line when they do not fit on its line.
fn print_chain(chain: &[Call], indent: usize, out: &mut String) -> Option<()> {
    let total: usize = chain.iter().map(Call::len).sum();
    let (first, methods) = chain.split_first()?;
    if total <= space(indent) || first.len() > space(indent) {
        return None;
    }
    pad(out, indent);
    print_flat(first, out);
    let inner = indent + INDENT;
    for call in methods {
        out.push('\n');
        pad(out, inner);
        if call.args.is_empty() || call.len() <= space(inner) {
            print_flat(call, out);
        } else {
            out.push_str(&call.name);
            out.push_str("(\n");
            for arg in &call.args {
                pad(out, inner + INDENT);
                out.push_str(arg);
                out.push_str(",\n");
            }
            pad(out, inner);
            out.push(')');
        }
    }
    Some(())
}

fn print_flat(call: &Call, out: &mut String) {
    out.push_str(&call.name);
    out.push('(');
    for (i, arg) in call.args.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(arg);
    }
    out.push(')');
}

/// A path (`::a::b`, `c`) or a literal, as prettyplease prints it.
fn atom(tokens: &[TokenTree]) -> Option<String> {
    let mut text = String::new();
    let mut after_ident = false;
    let n = tokens.len();
    for token in tokens {
        match token {
            TokenTree::Literal(literal) if n == 1 => {
                let _ = write!(text, "{literal}");
            }
            TokenTree::Ident(ident) if !after_ident => {
                let _ = write!(text, "{ident}");
                after_ident = true;
            }
            TokenTree::Punct(colon) if colon.as_char() == ':' => {
                text.push(':');
                after_ident = false;
            }
            _ => return None,
        }
    }
    (!text.is_empty() && !text.ends_with(':')).then_some(text)
}

/// The tokens of a `( .. )` group.
fn parenthesized(group: &Group) -> Option<Vec<TokenTree>> {
    (group.delimiter() == Delimiter::Parenthesis).then(|| contents(group))
}

fn contents(group: &Group) -> Vec<TokenTree> {
    group.stream().into_iter().collect()
}

/// Statements, each up to its `;`.
pub(crate) fn split_statements(tokens: TokenStream) -> Vec<Vec<TokenTree>> {
    let mut statements = Vec::new();
    let mut statement = Vec::new();
    for token in tokens {
        let end = matches!(&token, TokenTree::Punct(p) if p.as_char() == ';');
        statement.push(token);
        if end {
            statements.push(std::mem::take(&mut statement));
        }
    }
    if !statement.is_empty() {
        statements.push(statement);
    }
    statements
}

/// `tokens` split at their top-level commas; a trailing comma ends the last part.
pub(crate) fn split(tokens: Vec<TokenTree>) -> Vec<Vec<TokenTree>> {
    let mut parts = vec![Vec::new()];
    for token in tokens {
        match token {
            TokenTree::Punct(comma) if comma.as_char() == ',' => parts.push(Vec::new()),
            other => {
                if let Some(part) = parts.last_mut() {
                    part.push(other);
                }
            }
        }
    }
    if parts.last().is_some_and(Vec::is_empty) {
        parts.pop();
    }
    parts
}

#[cfg(test)]
mod tests {
    use proc_macro2::{Ident, Literal, Span, TokenStream};
    use quote::quote;

    use crate::emit::{Place, print_wrapped};
    use crate::generate::{Extras, method_router};
    use crate::model::{Handler, Method};

    fn ident(name: &str) -> Ident {
        Ident::new(name, Span::call_site())
    }

    /// `n` characters of a URL path.
    fn text(n: usize) -> String {
        "/abcdefghij".chars().cycle().take(n).collect()
    }

    /// `direct` against prettyplease; whether `direct` printed it.
    fn check(place: Place, tokens: TokenStream) -> bool {
        let items: Vec<proc_macro2::TokenTree> = tokens.clone().into_iter().collect();
        let direct = match place {
            Place::Statements => super::statement(&items, 4),
            _ => super::element(&items, 4),
        };
        let Some(direct) = direct else {
            return false;
        };
        let expected = print_wrapped(place, tokens.clone()).unwrap();
        assert_eq!(direct, expected, "{tokens}");
        true
    }

    #[test]
    fn registrations_print_as_prettyplease_does() {
        let methods = [
            vec![Some(Method::Get)],
            vec![Some(Method::Get), Some(Method::Post)],
            vec![Some(Method::Put), Some(Method::Delete), Some(Method::Patch)],
            vec![None],
        ];
        let (mut direct, mut all) = (0, 0);
        for handlers in &methods {
            let handlers: Vec<Handler> = handlers
                .iter()
                .map(|method| Handler {
                    method: *method,
                    ident: ident(method.map_or("__app_router_page", |m| m.as_str())),
                    args: Vec::new(),
                })
                .collect();
            for modules in 0..6 {
                for module_len in [1, 5, 9, 14] {
                    let module: String = "m".repeat(module_len);
                    let path: Vec<Ident> = (0..modules).map(|_| ident(&module)).collect();
                    let path = quote!(#(#path::)*route::);
                    for max_duration in [None, Some(30)] {
                        for (catch_all, context) in [(false, false), (true, true)] {
                            let extras = Extras {
                                cache: None,
                                max_duration,
                                config_items: Vec::new(),
                            };
                            let chain =
                                method_router(&handlers, &path, catch_all, context, &extras);
                            for url in (1..100).step_by(3) {
                                let url = Literal::string(&text(url));
                                all += 1;
                                let statement = quote!(let router = router.route(#url, #chain););
                                direct += usize::from(check(Place::Statements, statement));
                            }
                        }
                    }
                }
            }
        }
        // The shape prettyplease gives is the usual one.
        assert!(direct * 10 > all * 9, "{direct} of {all}");
    }

    #[test]
    fn modules_print_as_prettyplease_does() {
        let no_fallback = |_: Vec<proc_macro2::TokenTree>, _| None;
        for depth in 0..8 {
            for len in (1..130).step_by(4) {
                for context in [
                    quote!(::app_router::RouteContext),
                    quote!(::app_router::RouteContext<super::Params>),
                ] {
                    for doc in [
                        " `app/a/route.rs`: `/a`",
                        " a \"quoted\" doc  ",
                        " tab\there",
                        "no space",
                    ] {
                        let file = Literal::string(&format!("/abs{}/route.rs", text(len)));
                        let tokens = quote! {
                            #[doc = " `a/`"]
                            pub mod a {
                                #[doc = #doc]
                                #[allow(non_snake_case)]
                                pub mod route {
                                    #[doc = " The context of `/a`: `ctx.params` holds its URL parameters."]
                                    pub type RouteContext = #context;
                                    include!(#file);
                                }
                                #[doc(hidden)]
                                #[allow(private_interfaces, non_camel_case_types)]
                                pub mod b {
                                    include!(#file);
                                }
                            }
                        };
                        let direct =
                            super::items(tokens.clone().into_iter().collect(), depth, &no_fallback);
                        let expected = print_wrapped(Place::Items(depth), tokens.clone());
                        // Deep enough, the alias does not fit on its line: prettyplease.
                        let alias = "pub type RouteContext = ;".len()
                            + context.to_string().replace(' ', "").len();
                        if (depth + 2) * 4 + alias <= 89 {
                            assert!(
                                direct.is_some(),
                                "depth {depth}: {tokens}\n{}",
                                expected.unwrap_or_default()
                            );
                        }
                        if direct.is_some() {
                            assert_eq!(direct, expected, "{tokens}");
                        }
                    }
                }
            }
        }
        // A doc comment over two lines, an attribute with a value: prettyplease.
        for tokens in [
            quote!(
                #[doc = " a\n b"]
                pub mod a {
                    include!("x");
                }
            ),
            quote!(
                #[cfg(feature = "x")]
                pub mod a {
                    include!("x");
                }
            ),
            quote!(
                pub mod a {}
            ),
        ] {
            assert!(super::items(tokens.into_iter().collect(), 0, &no_fallback).is_none());
        }
        let tokens = quote!(
            #[cfg(test)]
            pub mod a {
                include!("x");
            }
        );
        let direct = super::items(tokens.clone().into_iter().collect(), 0, &no_fallback);
        assert_eq!(direct, print_wrapped(Place::Items(0), tokens));
    }

    #[test]
    fn params_print_as_prettyplease_does() {
        let no_fallback = |_: Vec<proc_macro2::TokenTree>, _| None;
        let kinds = [
            ("param", quote!(::std::string::String)),
            ("catch_all", quote!(::std::vec::Vec<::std::string::String>)),
            (
                "optional_catch_all",
                quote!(::std::option::Option<::std::vec::Vec<::std::string::String>>),
            ),
        ];
        let (mut direct, mut all) = (0, 0);
        for depth in 0..8 {
            for count in 1..4 {
                for len in (1..40).step_by(3) {
                    for kind in 0..kinds.len() {
                        let name = "abcdefghijklmnopqrstuvwxyz".repeat(2)[..len].to_owned();
                        let mut fields = Vec::new();
                        let mut reads = Vec::new();
                        for i in 0..count {
                            let (read, ty) = &kinds[(kind + i) % kinds.len()];
                            let field = ident(&format!("{name}{i}"));
                            let read = ident(read);
                            let lit = Literal::string(&format!("{name}{i}"));
                            let index = Literal::usize_unsuffixed(i * 3);
                            let doc = format!(" `[{name}{i}]`");
                            fields.push(quote! { #[doc = #doc] pub #field: #ty });
                            reads.push(quote! { #field: segments.#read(#index, #lit)? });
                        }
                        let doc = format!(" The URL parameters of `/a/[{name}]`.");
                        let tokens = quote! {
                            #[doc = #doc]
                            #[derive(Debug, Clone, PartialEq, Eq)]
                            pub struct Params {
                                #(#fields,)*
                            }

                            impl ::app_router::RouteParams for Params {
                                fn from_path(path: &str) -> ::core::result::Result<Self, ::app_router::ParamRejection> {
                                    let segments = ::app_router::__private::Segments::new(path);
                                    ::core::result::Result::Ok(Self { #(#reads,)* })
                                }
                            }
                        };
                        let printed =
                            super::items(tokens.clone().into_iter().collect(), depth, &no_fallback);
                        all += 1;
                        // Short names, not too deep: no line is too long (an
                        // optional catch-all's type may be).
                        if depth <= 4 && len <= 10 && count == 1 && kind < 2 {
                            assert!(
                                printed.is_some(),
                                "depth {depth}: {tokens}\n{}",
                                print_wrapped(Place::Items(depth), tokens.clone()).unwrap()
                            );
                        }
                        if printed.is_some() {
                            direct += 1;
                            assert_eq!(
                                printed,
                                print_wrapped(Place::Items(depth), tokens.clone()),
                                "depth {depth}: {tokens}"
                            );
                        }
                    }
                }
            }
        }
        // Long names deep down are prettyplease's.
        assert!(direct * 5 > all, "{direct} of {all}");
    }

    #[test]
    fn route_entries_print_as_prettyplease_does() {
        let (mut direct, mut all) = (0, 0);
        for methods in 0..5 {
            let methods: Vec<TokenStream> = ["GET", "POST", "PUT", "DELETE", "PATCH"][..methods]
                .iter()
                .map(|m| {
                    let m = ident(m);
                    quote!(::app_router::http::Method::#m)
                })
                .collect();
            for kind in ["Handler", "Page", "Metadata"] {
                let kind = ident(kind);
                for path in 1..110 {
                    let url = Literal::string(&text(path));
                    let file = Literal::string(&format!("app{}/route.rs", text(path)));
                    let entry = quote! {
                        ::app_router::RouteInfo {
                            path: #url,
                            methods: &[#(#methods),*],
                            file: #file,
                            kind: ::app_router::RouteKind::#kind,
                        }
                    };
                    all += 1;
                    direct += usize::from(check(Place::Elements, entry));
                }
            }
        }
        assert!(direct == all, "{direct} of {all}");
        // Short structs and others: prettyplease.
        assert!(!check(Place::Elements, quote!(A { a: 1 })));
        assert!(!check(Place::Elements, quote!(f(a))));
        assert!(!check(Place::Statements, quote!(let a = b;)));
    }
}
