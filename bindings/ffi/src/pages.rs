//! Pages of list endpoints and the pager objects that walk them.
use crate::error::PipedriveError;
use crate::json::JsonValue;
use pipedrive::Page;
use pipedrive::types::PageData;
use pipedrive_transport::Pages;

/// The first page of a list or search (an empty page if there is none).
pub fn first_page<D: PageData, P: TryFrom<Page<D::Item>, Error = PipedriveError> + Default>(
    mut pages: Pages<D>,
) -> Result<P, PipedriveError> {
    match pages.next() {
        Some(Ok(page)) => P::try_from(page),
        Some(Err(e)) => Err(e.into()),
        None => Ok(P::default()),
    }
}

/// What every page record carries beside its items, worked out once for all the
/// generated page records.
#[derive(Debug, Default)]
pub struct PageMeta {
    /// True when the response announces a further page, by offset or by cursor.
    pub more_items: bool,
    /// Offset to pass as `start` for the next page; none under cursor pagination or on
    /// the last page (and none if the offset does not fit an `i64`).
    pub next_start: Option<i64>,
    /// Cursor to pass for the next page of a v2 list; none on the last page.
    pub next_cursor: Option<String>,
    /// The page's `additional_data` object as JSON text, `null` when the server sent none.
    pub additional_data: JsonValue,
    /// The page's `related_objects` object as JSON text, `null` when the server sent none.
    pub related_objects: JsonValue,
}

impl PageMeta {
    /// Reads the pagination details and side objects off a decoded page, leaving its
    /// items alone.
    pub fn of<T>(page: &Page<T>) -> PageMeta {
        let pagination = page
            .additional_data
            .as_ref()
            .and_then(|a| a.pagination.as_ref());
        PageMeta {
            more_items: pagination.is_some_and(|p| p.has_more())
                || page
                    .additional_data
                    .as_ref()
                    .is_some_and(|a| a.next_cursor.is_some()),
            next_start: pagination
                .and_then(|p| p.next_offset())
                .and_then(|n| i64::try_from(n).ok()),
            next_cursor: page
                .additional_data
                .as_ref()
                .and_then(|a| a.next_cursor.clone()),
            additional_data: match &page.additional_data {
                Some(a) => JsonValue::of(a),
                None => JsonValue::default(),
            },
            related_objects: match &page.related_objects {
                Some(r) => JsonValue::of(r),
                None => JsonValue::default(),
            },
        }
    }
}

/// Declares, per list item type, the page record and the pager object. `$conv` converts
/// one item into a `Result`: an item whose record requires an id and has none fails the
/// page with a decode error.
macro_rules! pager {
    ($($page:ident, $pager:ident, $data:ty, $item:ty, $conv:expr;)*) => {$(
        /// One page of a list: its items and where the next page starts.
        #[derive(Debug, Clone, Default, PartialEq, uniffi::Record)]
        pub struct $page {
            /// The items, in server order.
            pub items: Vec<$item>,
            /// Whether the server says more items follow.
            pub more_items: bool,
            /// `start` of the next page (offset pagination), when there is one.
            pub next_start: Option<i64>,
            /// Cursor of the next page (cursor pagination), when there is one.
            pub next_cursor: Option<String>,
            /// The response's `additional_data` as JSON (`null` when absent).
            pub additional_data: JsonValue,
            /// The response's `related_objects` as JSON (`null` when absent).
            pub related_objects: JsonValue,
        }

        impl TryFrom<pipedrive::Page<<$data as pipedrive::types::PageData>::Item>> for $page {
            type Error = PipedriveError;

            fn try_from(
                page: pipedrive::Page<<$data as pipedrive::types::PageData>::Item>,
            ) -> Result<Self, PipedriveError> {
                let meta = crate::pages::PageMeta::of(&page);
                Ok($page {
                    items: page
                        .items
                        .into_iter()
                        .map($conv)
                        .collect::<Result<Vec<_>, PipedriveError>>()?,
                    more_items: meta.more_items,
                    next_start: meta.next_start,
                    next_cursor: meta.next_cursor,
                    additional_data: meta.additional_data,
                    related_objects: meta.related_objects,
                })
            }
        }

        /// Walks every page of a list; one page is fetched per `next_page()` call, through
        /// the client it came from: once that client is closed, the next call fails with
        /// `InvalidInput` and the pager holds no connection.
        #[derive(uniffi::Object)]
        pub struct $pager {
            client: std::sync::Arc<crate::client::Shared>,
            pages: std::sync::Mutex<pipedrive_transport::Pages<$data>>,
        }

        impl std::fmt::Debug for $pager {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(stringify!($pager)).finish_non_exhaustive()
            }
        }

        impl $pager {
            pub(crate) fn new(
                client: &std::sync::Arc<crate::client::Shared>,
                mut pages: pipedrive_transport::Pages<$data>,
            ) -> Self {
                pages.detach();
                $pager { client: std::sync::Arc::clone(client), pages: std::sync::Mutex::new(pages) }
            }

            /// The next page, fetched with the client's transport, or `InvalidInput`
            /// once the client is closed.
            fn next_raw(
                &self,
            ) -> Result<Option<pipedrive::Page<<$data as pipedrive::types::PageData>::Item>>, PipedriveError> {
                let client = self.client.get()?;
                let mut pages = self.pages.lock().unwrap_or_else(|p| p.into_inner());
                pages.next_resuming_via(client.transport()).transpose().map_err(Into::into)
            }
        }

        #[uniffi::export]
        impl $pager {
            /// The next page, or none after the last one. After an error the pager stays
            /// at the page that failed: the next call fetches it again, so a caller that
            /// catches a transient error and asks again goes on where the walk stopped.
            pub fn next_page(&self) -> Result<Option<$page>, PipedriveError> {
                guard(|| self.next_raw()?.map($page::try_from).transpose())
            }

            /// The Kotlin `suspend` / Swift `async` form of `next_page`: the fetch runs on
            /// the library's thread pool.
            pub async fn next_page_async(self: std::sync::Arc<Self>) -> Result<Option<$page>, PipedriveError> {
                crate::aio::unblock(move || self.next_page()).await
            }
        }
    )*};
}
pub(crate) use pager;

/// Declares, per searchable item type, the record of one search hit and the `first()`
/// of its pager: hit record, item record, the item's Rust type (`types::v2::...`), the
/// conversion of an item, pager.
macro_rules! search_hits {
    ($($hit:ident, $item:ident, $rust:ty, |$x:ident| $conv:expr, $pager:ident;)*) => {$(
        /// One search hit: the matched item and how well it matched.
        #[derive(Debug, Clone, Default, PartialEq, uniffi::Record)]
        pub struct $hit {
            /// Relevance score (higher is better), when sent.
            pub result_score: Option<f64>,
            /// The matched item.
            pub item: $item,
            /// Every other key of the hit, as a JSON object.
            pub extra: JsonValue,
        }

        impl From<pipedrive::types::SearchHit<$rust>> for $hit {
            fn from(h: pipedrive::types::SearchHit<$rust>) -> Self {
                let result_score = h.score();
                let $x = h.item;
                $hit {
                    result_score,
                    item: $conv,
                    // `result_score: null` is recorded in `extra` for re-encoding;
                    // the record has the field itself.
                    extra: crate::convert::unknown(h.extra, &["result_score", "item"]),
                }
            }
        }

        #[uniffi::export]
        impl $pager {
            /// The matched item of the next hit — on a fresh search, the best match — or
            /// none when nothing (more) matches. Fetches at most one page.
            pub fn first(&self) -> Result<Option<$item>, PipedriveError> {
                guard(|| {
                    Ok(self
                        .next_raw()?
                        .and_then(|page| page.items.into_iter().next())
                        .map(|h| {
                            let $x = h.item;
                            $conv
                        }))
                })
            }

            /// The Kotlin `suspend` / Swift `async` form of `first`.
            pub async fn first_async(self: std::sync::Arc<Self>) -> Result<Option<$item>, PipedriveError> {
                crate::aio::unblock(move || self.first()).await
            }
        }
    )*};
}
pub(crate) use search_hits;
