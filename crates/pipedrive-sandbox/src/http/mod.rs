//! A small HTTP/1.1 server side, one module per job: [`request`] reads a request (head,
//! Content-Length and chunked bodies, `Expect: 100-continue`), [`urlencoded`] decodes
//! query strings and forms, [`body`] turns JSON, urlencoded and multipart bodies into
//! objects, and [`response`] writes response heads.
mod body;
mod request;
mod response;
mod urlencoded;

pub(crate) use body::{multipart_part, parse_body};
pub(crate) use request::{MAX_BODY, ReadError, Request, read_request};
pub(crate) use response::{reason, write_head};
