//! Reading deals: the list filters every deal list shares, a page of deals with their
//! related objects, one deal with its last and next activity, the answer to a create or
//! update, and `/deals/summary`.
use crate::api::admin::filters::filter_matches;
use crate::api::id_param;
use crate::api::{
    ApiError, R, Reply, envelope, list_reply, ok, ok_status, page, related, slice, sort_records,
};
use crate::http::Request;
use crate::render::{Related, Stats, render_activity, render_deal};
use crate::store::{Entity, Rec, Store};
use crate::util::{as_bool, fmt_money, get_bool, get_f64, get_id, get_str, num, round2, usd_rate};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// Deals matching the list filters every deal list shares (`status`, `user_id`,
/// `stage_id`, `filter_id`, `owned_by_you`), sorted by `sort`.
pub(crate) fn filtered<'a>(
    s: &'a Store,
    req: &Request,
    base: impl Fn(&Rec) -> bool,
) -> Result<Vec<&'a Rec>, ApiError> {
    let status = req.q("status").map(str::trim).filter(|v| !v.is_empty());
    if let Some(st) = status {
        if !matches!(st, "open" | "won" | "lost" | "deleted" | "all_not_deleted") {
            return Err(ApiError::bad(
                "Parameter 'status' must be one of: open, won, lost, deleted, all_not_deleted",
            ));
        }
    }
    let user = id_param(req, "user_id")?.filter(|u| *u != 0);
    let stage = id_param(req, "stage_id")?;
    let pipeline = id_param(req, "pipeline_id")?;
    let owned = req.q("owned_by_you").and_then(|v| as_bool(&Value::from(v))) == Some(true);
    let filter = match id_param(req, "filter_id")? {
        Some(fid) => Some(
            s.filters
                .get(fid)
                .filter(|f| get_bool(f, "active_flag"))
                .ok_or_else(|| ApiError::bad(format!("Filter with ID {fid} not found")))?,
        ),
        None => None,
    };
    let mut out: Vec<&Rec> = s
        .deals
        .rows
        .values()
        .filter(|d| base(d))
        .filter(|d| {
            let st = get_str(d, "status");
            match status {
                None | Some("all_not_deleted") => st != "deleted",
                Some(want) => st == want,
            }
        })
        .filter(|d| {
            if let Some(f) = filter {
                return filter_matches(s, f, "deal", d);
            }
            if owned {
                return get_id(d, "user_id") == Some(s.me);
            }
            user.is_none_or(|u| get_id(d, "user_id") == Some(u))
        })
        .filter(|d| stage.is_none_or(|st| get_id(d, "stage_id") == Some(st)))
        .filter(|d| pipeline.is_none_or(|p| get_id(d, "pipeline_id") == Some(p)))
        .collect();
    sort_records(&mut out, req.q("sort"))?;
    Ok(out)
}

/// Renders one page of deals with their related objects.
pub(crate) fn deal_page(s: &Store, req: &Request, all: &[&Rec]) -> R {
    let p = page(req)?;
    let st = Stats::get(s, false);
    let customs = s.custom_fields(Entity::Deal);
    let mut rel = Related::default();
    let items: Vec<Value> = slice(all, p)
        .iter()
        .map(|d| render_deal(s, &st, d, &customs, &mut rel))
        .collect();
    list_reply(items, p, all.len(), related(s, &st, &rel), true)
}

pub(super) fn list(s: &Store, req: &Request) -> R {
    let all = filtered(s, req, |_| true)?;
    deal_page(s, req, &all)
}

pub(super) fn get_one(s: &Store, id: u64) -> R {
    let d = s
        .deals
        .get(id)
        .ok_or_else(|| ApiError::not_found("Deal not found"))?;
    let st = Stats::get(s, false);
    let mut rel = Related::default();
    let mut data = render_deal(s, &st, d, &s.custom_fields(Entity::Deal), &mut rel);
    let acts = st.deal_acts.get(&id);
    let mut act_rel = Related::default();
    let pick = |which: Option<u64>, rel: &mut Related| {
        which
            .and_then(|aid| s.activities.get(aid))
            .map(|a| render_activity(s, a, rel))
            .unwrap_or(Value::Null)
    };
    if let Value::Object(m) = &mut data {
        m.insert(
            "last_activity".into(),
            pick(
                acts.and_then(|a| a.last.as_ref().map(|l| l.2)),
                &mut act_rel,
            ),
        );
        m.insert(
            "next_activity".into(),
            pick(
                acts.and_then(|a| a.next.as_ref().map(|n| n.2)),
                &mut act_rel,
            ),
        );
    }
    Ok(Reply {
        raw: None,
        status: 200,
        body: envelope(
            data,
            Some(json!({"dropbox_email": format!("sandbox+deal{id}@pipedrivemail.com")})),
            related(s, &st, &rel),
        ),
    })
}

/// One deal as create/update answer it.
pub(super) fn deal_reply(s: &Store, id: u64, status: u16) -> R {
    let d = s
        .deals
        .get(id)
        .ok_or_else(|| ApiError::not_found("Deal not found"))?;
    let st = Stats::get(s, false);
    let mut rel = Related::default();
    let data = render_deal(s, &st, d, &s.custom_fields(Entity::Deal), &mut rel);
    ok_status(status, data, related(s, &st, &rel))
}

pub(super) fn summary(s: &Store, req: &Request) -> R {
    let all = filtered(s, req, |_| true)?;
    #[derive(Default)]
    struct Tot {
        value: f64,
        weighted: f64,
        count: u64,
    }
    let mut per: BTreeMap<String, Tot> = BTreeMap::new();
    for d in &all {
        let cur = get_str(d, "currency").to_owned();
        let value = get_f64(d, "value");
        let prob = d
            .get("probability")
            .and_then(crate::util::as_f64)
            .or_else(|| {
                get_id(d, "stage_id")
                    .and_then(|st| s.stages.get(st))
                    .map(|st| get_f64(st, "deal_probability"))
            })
            .unwrap_or(100.0);
        let t = per.entry(cur).or_default();
        t.value += value;
        t.weighted += value * prob / 100.0;
        t.count += 1;
    }
    let mut values = Map::new();
    let mut weighted = Map::new();
    let (mut total, mut total_w) = (0.0, 0.0);
    for (cur, t) in &per {
        let conv = round2(t.value * usd_rate(cur));
        total += conv;
        total_w += t.weighted * usd_rate(cur);
        values.insert(
            cur.clone(),
            json!({
                "value": num(round2(t.value)),
                "count": t.count,
                "value_converted": num(conv),
                "value_formatted": fmt_money(t.value, cur),
                "value_converted_formatted": fmt_money(conv, "USD"),
            }),
        );
        weighted.insert(
            cur.clone(),
            json!({
                "value": num(round2(t.weighted)),
                "count": t.count,
                "value_formatted": fmt_money(t.weighted, cur),
            }),
        );
    }
    ok(json!({
        "values_total": values,
        "weighted_values_total": weighted,
        "total_count": all.len(),
        "total_currency_converted_value": num(round2(total)),
        "total_weighted_currency_converted_value": num(round2(total_w)),
        "total_currency_converted_value_formatted": fmt_money(total, "USD"),
        "total_weighted_currency_converted_value_formatted": fmt_money(total_w, "USD"),
    }))
}
