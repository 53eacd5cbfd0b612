//! The pagination block and the paginator's decision to fetch another page, over a
//! sequence of answers (input format: see `pipedrive_fuzz::parse_pages`). Whatever the
//! server says, the paginator must make progress or stop: `start` only grows, a cursor
//! is never followed twice, and after an error or the end nothing more is requested.
#![no_main]

use pipedrive_transport::fuzzing::{self, Pager, Step};
use std::collections::HashSet;

libfuzzer_sys::fuzz_target!(|input: &[u8]| {
    let (query, answers) = pipedrive_fuzz::parse_pages(input);
    let Some(mut pager) = Pager::new(&query) else {
        panic!("the offline transport could not be built");
    };
    let mut cursors: HashSet<String> = pager
        .query_value("cursor")
        .map(str::to_owned)
        .into_iter()
        .collect();
    for answer in answers {
        let headers = fuzzing::headers(answer.headers.iter().copied());
        let start_before = pager.query_value("start").map(str::to_owned);
        let cursor_before = pager.query_value("cursor").map(str::to_owned);
        let was_done = pager.done();
        match pager.page(answer.status, &headers, answer.body) {
            Step::Finished => {
                assert!(was_done);
                continue;
            }
            Step::Failed(_) => {
                assert!(pager.done(), "an error must end the pagination");
                continue;
            }
            Step::Items(0) => assert!(pager.done(), "an empty page must end the pagination"),
            Step::Items(_) => {}
        }
        assert!(!was_done);
        if pager.done() {
            continue;
        }
        let start_after = pager.query_value("start").map(str::to_owned);
        let cursor_after = pager.query_value("cursor").map(str::to_owned);
        if cursor_after != cursor_before {
            let cursor = cursor_after.unwrap_or_default();
            assert!(!cursor.is_empty(), "followed an empty cursor");
            assert!(
                cursors.insert(cursor.clone()),
                "followed cursor {cursor:?} twice"
            );
        } else {
            // No new cursor: the offset must have moved forward.
            let parse =
                |s: &Option<String>| s.as_deref().and_then(|s| s.trim().parse::<u64>().ok());
            let before = parse(&start_before).unwrap_or(0);
            let after = parse(&start_after);
            assert!(
                after.is_some_and(|a| a > before),
                "the next request does not move forward: start {start_before:?} -> {start_after:?}"
            );
        }
    }
});
