//! The shape of the operation table: what every API operation is, in data.
//!
//! The table itself is generated into the facade crate (`pipedrive::operations`); this
//! module defines its row type so that bindings can read it. Every surface goes through
//! the same rows: the typed Rust methods call the request builders the rows call, and a
//! binding hands a row's `build` function the caller's [`Args`].
use crate::{Error, Request, Result, Upload};
use pipedrive_types::args::{ArgError, Args, FromArg};

/// One operation of the API.
#[derive(Debug, Clone, Copy)]
pub struct Operation {
    /// Stable id, `resource.method`: `"deals.get"`.
    pub id: &'static str,
    /// The resource accessor (`"deals"`).
    pub resource: &'static str,
    /// The method name (`"get"`).
    pub name: &'static str,
    /// HTTP method.
    pub method: crate::Method,
    /// Path template as documented, version prefix included: `"/v1/deals/{id}"`.
    pub path: &'static str,
    /// Name of the parameter struct, when the operation has query or body parameters.
    pub params: Option<&'static str>,
    /// What a successful call returns.
    pub response: ResponseKind,
    /// The model of the returned object, or of each returned item.
    pub model: Option<&'static str>,
    /// Which API version the operation belongs to.
    pub version: ApiVersion,
    /// Whether the official contract marks the operation deprecated.
    pub deprecated: bool,
    /// The id of the v2 operation that replaces a deprecated v1 one (`"v2.deals.list"`
    /// for `"deals.list"`), named the way the bindings call it. `None` on operations that
    /// are not deprecated, and on deprecated ones v2 has no counterpart for (bulk deletes,
    /// the Channels API); the generator's `replacements-v2.map` says why for those.
    pub replaced_by: Option<&'static str>,
    /// The arguments, in the order of the Rust method's parameters (path arguments
    /// first, then the struct's fields, then [`EXTRA`](pipedrive_types::args::EXTRA)
    /// for operations with a JSON or form body).
    pub args: &'static [ArgSpec],
    /// Decodes the arguments into the typed parameters and builds the request.
    pub build: fn(&mut Args) -> Result<Request>,
}

impl Operation {
    /// Builds the request from arguments given by name; an argument of the wrong type,
    /// a missing required one or an unknown name is an [`Error::InvalidInput`] naming
    /// the parameter, before anything is sent.
    pub fn request(&self, mut args: Args) -> Result<Request> {
        (self.build)(&mut args)
    }

    /// Whether argument `spec` can be cleared with an explicit `null`
    /// ([`Args::push_null`]): the optional body fields of a v2 PATCH update, which the
    /// parameter struct holds as [`Patch`](pipedrive_types::Patch). Elsewhere a binding
    /// treats its language's "nothing" as "not given" (v1's one PATCH, of leads, clears
    /// fields through `extra`).
    pub fn clearable(&self, spec: &ArgSpec) -> bool {
        self.version == ApiVersion::V2
            && self.method == crate::Method::Patch
            && spec.location == ArgLocation::Body
            && !spec.required
            && spec.kind != ArgKind::Extra
    }

    /// Whose custom fields the operation's body carries and how (v1: flat keys in
    /// `extra`; v2: the `custom_fields` object), when they can be given by name: the
    /// create and update of deals, leads, persons, organizations, products and (v1)
    /// activities. Every binding asks this.
    pub fn custom_fields(
        &self,
    ) -> Option<(pipedrive_types::FieldEntity, pipedrive_types::CustomLayout)> {
        let entity = pipedrive_types::FieldEntity::of_operation(self.resource, self.name)?;
        let layout = match self.version {
            ApiVersion::V1 => pipedrive_types::CustomLayout::Flat,
            ApiVersion::V2 => pipedrive_types::CustomLayout::Nested,
        };
        Some((entity, layout))
    }
}

/// What a successful call of an operation returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseKind {
    /// One object (`data`).
    One,
    /// One record the operation answered with by itself (get, create, update, ...): an
    /// object that carries its id; an answer without one is a decode error.
    Saved,
    /// A list of objects that comes in one response. Every surface returns it as it
    /// returns [`Page`](ResponseKind::Page) lists: a lazy paginator, here of one page.
    List,
    /// A list spread over pages (a lazy paginator).
    Page,
    /// Search hits spread over pages (`data.items`): a paginator of hits
    /// ([`SearchHits`](crate::SearchHits)) with a first-match helper.
    Search,
    /// Bytes written into a sink.
    Download,
    /// Nothing of interest (`data` is ignored).
    Nothing,
    /// The `data` value as it comes.
    Raw,
}

/// The API version an operation (and its [`Request`]) belongs to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ApiVersion {
    /// `https://{company}.pipedrive.com/api/v1`.
    #[default]
    V1,
    /// `https://{company}.pipedrive.com/api/v2`.
    V2,
}

/// Where an argument goes on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgLocation {
    /// A path segment.
    Path,
    /// A query parameter.
    Query,
    /// A field of the body.
    Body,
}

/// What kind of value an argument takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgKind {
    /// A numeric id (0 to 2**64-1).
    Id,
    /// A text id.
    TextId,
    /// A list of numeric ids.
    Ids,
    /// A list of text ids.
    TextIds,
    /// An integer.
    Integer,
    /// A number.
    Number,
    /// An exact decimal: money or a quantity ([`Amount`](pipedrive_types::Amount)).
    Amount,
    /// A calendar date ([`Date`](pipedrive_types::Date)).
    Date,
    /// A time of day in UTC ([`TimeOfDay`](pipedrive_types::TimeOfDay)).
    Time,
    /// An instant, sent in UTC ([`Timestamp`](pipedrive_types::Timestamp)).
    Timestamp,
    /// A boolean (sent as `true`/`false` or `0`/`1`, as the endpoint wants).
    Bool,
    /// Text.
    Text,
    /// One of a closed set of text values.
    Enum(&'static [&'static str]),
    /// A visibility code (1, 3, 5 or 7).
    Visibility,
    /// Any JSON value (lists and objects the API documents).
    Json,
    /// File content for a multipart upload (see [`FromArg for Upload`](Upload)).
    File,
    /// Further body fields, as a JSON object ([`EXTRA`](pipedrive_types::args::EXTRA)).
    Extra,
}

/// One argument of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArgSpec {
    /// The argument name (the wire name, as in the Rust struct's serde name).
    pub name: &'static str,
    /// Where it goes.
    pub location: ArgLocation,
    /// Whether the operation needs it.
    pub required: bool,
    /// What it takes.
    pub kind: ArgKind,
}

impl From<ArgError> for Error {
    fn from(e: ArgError) -> Self {
        Error::InvalidInput(e.to_string())
    }
}

/// An upload is handed over by a binding as a native object ([`Args::push_object`]).
impl FromArg for Upload {
    fn from_value(value: serde_json::Value) -> std::result::Result<Self, String> {
        Err(format!(
            "must be file content (a path, bytes or a binary file object), {}",
            pipedrive_types::args::shown(&value)
        ))
    }

    fn take(args: &mut Args, name: &str) -> std::result::Result<Option<Self>, ArgError> {
        args.take_object::<Upload>(name).map_err(|_| {
            ArgError::new(
                name,
                "must be file content (a path, bytes or a binary file object)",
            )
        })
    }
}
