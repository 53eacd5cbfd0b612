//! What hangs off one v2 product: its variations (`/v2/products/{id}/variations`, each
//! with its own prices), its one image (`/v2/products/{id}/images`, uploaded as the
//! multipart part `data`, its bytes kept in memory and served at the image's
//! `public_url`) and duplication (`/v2/products/{id}/duplicate`: prices, custom fields and
//! variations are copied; followers and the image are not).
use super::products::PRODUCTS;
use super::{cursor_page, cursor_reply, rfc3339};
use crate::api::{
    ApiError, R, RawBody, Reply, body, in_text, now, ok, ok_status, path_id, unknown,
};
use crate::http::{MAX_BODY, Request, multipart_part};
use crate::store::{Rec, Store, obj};
use crate::util::{as_f64, get_bool, get_id, get_str, num};
use serde_json::{Map, Value, json};
use std::sync::Arc;

/// Longest variation name the API takes.
const MAX_NAME: usize = 255;

/// The id of a product that exists and is not deleted.
fn live_product(s: &Store, id: &str) -> Result<u64, ApiError> {
    let id = path_id(id, "Product")?;
    match s.products.get(id) {
        Some(p) if get_bool(p, "active_flag") => Ok(id),
        _ => Err(ApiError::not_found("Product not found")),
    }
}

// ---------------------------------------------------------------- variations

/// A variation in v2's shape.
fn variation(v: &Rec) -> Value {
    let field = |k: &str| v.get(k).cloned().unwrap_or(Value::Null);
    json!({
        "id": field("id"),
        "name": field("name"),
        "product_id": field("product_id"),
        "prices": v.get("prices").cloned().unwrap_or_else(|| json!([])),
    })
}

/// The variations of one product, oldest first.
fn variations_of(s: &Store, product: u64) -> Vec<&Rec> {
    s.product_variations
        .rows
        .values()
        .filter(|v| get_id(v, "product_id") == Some(product))
        .collect()
}

/// `GET /products/{id}/variations`, by cursor.
pub(super) fn get_variations(s: &Store, req: &Request, id: &str, rest: &[&str]) -> R {
    let product = live_product(s, id)?;
    if !rest.is_empty() {
        return Err(unknown());
    }
    let page = cursor_page(req)?;
    cursor_reply(&variations_of(s, product), page, |v| variation(v))
}

pub(super) fn write_variation(s: &mut Store, req: &Request, m: &str, id: &str, rest: &[&str]) -> R {
    let product = live_product(s, id)?;
    match (m, rest) {
        ("POST", []) => {
            let b = body(req)?;
            let mut rec = obj(json!({ "product_id": product }));
            let vid = s.product_variations.last_id + 1;
            variation_fields(s, &mut rec, &b, vid, true)?;
            let vid = s.product_variations.insert(rec);
            let data = s.product_variations.get(vid).map_or(Value::Null, variation);
            ok_status(201, data, None)
        }
        ("PATCH", [vid]) => {
            let vid = own_variation(s, product, vid)?;
            let b = body(req)?;
            let mut rec = s.product_variations.get(vid).cloned().unwrap_or_default();
            variation_fields(s, &mut rec, &b, vid, false)?;
            s.product_variations.rows.insert(vid, rec);
            ok(s.product_variations.get(vid).map_or(Value::Null, variation))
        }
        ("DELETE", [vid]) => {
            let vid = own_variation(s, product, vid)?;
            s.product_variations.rows.remove(&vid);
            ok(json!({ "id": vid }))
        }
        _ => Err(unknown()),
    }
}

/// The id of one of the product's variations.
fn own_variation(s: &Store, product: u64, vid: &str) -> Result<u64, ApiError> {
    let vid = path_id(vid, "Product variation")?;
    match s.product_variations.get(vid) {
        Some(v) if get_id(v, "product_id") == Some(product) => Ok(vid),
        _ => Err(ApiError::not_found("Product variation not found")),
    }
}

/// A variation's name (required on a create, at most 255 characters) and prices (a
/// create without them gets one price of 0 in the user's currency; a PATCH with them
/// replaces the list).
fn variation_fields(
    s: &Store,
    rec: &mut Rec,
    b: &Map<String, Value>,
    vid: u64,
    creating: bool,
) -> Result<(), ApiError> {
    match in_text(b, "name")? {
        Some(Some(n)) if !n.trim().is_empty() && n.chars().count() <= MAX_NAME => {
            rec.insert("name".into(), n.trim().into());
        }
        Some(Some(n)) if !n.trim().is_empty() => {
            return Err(ApiError::bad(format!(
                "Parameter 'name' must be at most {MAX_NAME} characters"
            )));
        }
        None if !creating => {}
        _ => return Err(ApiError::bad("Parameter 'name' is required")),
    }
    match b.get("prices") {
        Some(given) => {
            rec.insert("prices".into(), variation_prices(given, vid)?);
        }
        None if creating => {
            let currency = s
                .users
                .get(s.me)
                .map_or("USD", |u| get_str(u, "default_currency"));
            let default =
                json!([{ "currency": currency, "price": 0, "cost": 0, "direct_cost": 0 }]);
            rec.insert("prices".into(), variation_prices(&default, vid)?);
        }
        None => {}
    }
    Ok(())
}

/// A variation's price list: one price per 3-letter currency, each with a numeric price.
fn variation_prices(given: &Value, vid: u64) -> Result<Value, ApiError> {
    let Some(items) = given.as_array() else {
        return Err(ApiError::bad("Parameter 'prices' must be an array"));
    };
    let mut seen: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for item in items {
        let Some(item) = item.as_object() else {
            return Err(ApiError::bad("Every price must be an object"));
        };
        let currency = item
            .get("currency")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|c| c.len() == 3 && c.chars().all(|ch| ch.is_ascii_alphabetic()))
            .map(str::to_ascii_uppercase)
            .ok_or_else(|| ApiError::bad("Every price needs a 3-letter 'currency'"))?;
        if seen.contains(&currency) {
            return Err(ApiError::bad(format!(
                "Only one price per currency is allowed ({currency})"
            )));
        }
        let price = item
            .get("price")
            .and_then(as_f64)
            .ok_or_else(|| ApiError::bad("Every price needs a numeric 'price'"))?;
        let amount = |k: &str| item.get(k).and_then(as_f64).map_or(Value::from(0), num);
        out.push(json!({
            "product_variation_id": vid,
            "currency": currency,
            "price": num(price),
            "cost": amount("cost"),
            "direct_cost": amount("direct_cost"),
            "notes": item.get("notes").and_then(Value::as_str),
        }));
        seen.push(currency);
    }
    Ok(Value::Array(out))
}

// ---------------------------------------------------------------- images

/// The table id of the product's image.
fn image_of(s: &Store, product: u64) -> Option<u64> {
    s.product_images
        .rows
        .iter()
        .find(|(_, i)| get_id(i, "product_id") == Some(product))
        .map(|(id, _)| *id)
}

fn no_image() -> ApiError {
    ApiError::not_found("Product image not found")
}

/// `GET /products/{id}/images` (the image's data and link) and `GET
/// /products/{id}/images/content` (the link: the uploaded bytes).
pub(super) fn get_image(s: &Store, _: &Request, id: &str, rest: &[&str]) -> R {
    let product = live_product(s, id)?;
    let image = image_of(s, product).ok_or_else(no_image)?;
    let rec = s.product_images.get(image).cloned().unwrap_or_default();
    match rest {
        [] => {
            let field = |k: &str| rec.get(k).cloned().unwrap_or(Value::Null);
            ok(json!({
                "id": image,
                "product_id": product,
                "company_id": s.company_id.to_string(),
                "public_url": field("public_url"),
                "add_time": rfc3339(rec.get("add_time")),
                "mime_type": field("mime_type"),
                "name": field("name"),
            }))
        }
        ["content"] => {
            let bytes = s.image_data.get(&image).ok_or_else(no_image)?;
            Ok(Reply {
                status: 200,
                body: Value::Null,
                raw: Some(RawBody {
                    content_type: get_str(&rec, "mime_type").to_owned(),
                    headers: Vec::new(),
                    bytes: Arc::clone(bytes),
                }),
            })
        }
        _ => Err(unknown()),
    }
}

/// `POST` (a product without an image), `PUT` (replaces the image) and `DELETE`.
pub(super) fn write_image(s: &mut Store, req: &Request, m: &str, id: &str, rest: &[&str]) -> R {
    let product = live_product(s, id)?;
    if !rest.is_empty() {
        return Err(unknown());
    }
    let existing = image_of(s, product);
    match (m, existing) {
        ("POST", Some(_)) => Err(ApiError::bad(
            "The product already has an image: replace it with PUT",
        )),
        ("POST", None) => {
            let image = s.product_images.last_id + 1;
            store_image(s, req, product, image)?;
            ok_status(201, image_answer(s, image), None)
        }
        ("PUT", Some(image)) => {
            store_image(s, req, product, image)?;
            ok(image_answer(s, image))
        }
        ("DELETE", Some(image)) => {
            s.product_images.rows.remove(&image);
            s.image_data.remove(&image);
            ok(json!({ "id": image }))
        }
        ("PUT" | "DELETE", None) => Err(no_image()),
        _ => Err(unknown()),
    }
}

/// What an upload or a replacement answers.
fn image_answer(s: &Store, image: u64) -> Value {
    let rec = s.product_images.get(image).cloned().unwrap_or_default();
    json!({
        "id": image,
        "product_id": rec.get("product_id"),
        "company_id": s.company_id.to_string(),
        "add_time": rfc3339(rec.get("add_time")),
    })
}

/// Checks the multipart part `data` (an image, not empty, within the body limit) and
/// stores it as the image with table id `image` (new, or the one it replaces).
fn store_image(s: &mut Store, req: &Request, product: u64, image: u64) -> Result<(), ApiError> {
    let part = multipart_part(req, "data")
        .map_err(ApiError::bad)?
        .ok_or_else(|| ApiError::bad("The multipart part 'data' with the image is required"))?;
    if part.data.is_empty() {
        return Err(ApiError::bad("The uploaded image is empty"));
    }
    if part.data.len() > MAX_BODY {
        return Err(ApiError {
            status: 413,
            error: format!("Image is larger than {MAX_BODY} bytes"),
        });
    }
    let name = part
        .file_name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .unwrap_or("image")
        .to_owned();
    let mime = image_type(part.content_type.as_deref(), &name).ok_or_else(|| {
        ApiError::bad("The uploaded file is not an image (jpeg, png, gif, webp, bmp or svg)")
    })?;
    let host = req.header("host").unwrap_or("127.0.0.1");
    let rec = obj(json!({
        "id": image,
        "product_id": product,
        "name": name,
        "mime_type": mime,
        "file_size": part.data.len(),
        "public_url": format!("http://{host}/v2/products/{product}/images/content"),
        "add_time": now(),
    }));
    let bytes = Arc::new(part.data.to_vec());
    if s.product_images.get(image).is_some() {
        s.product_images.rows.insert(image, rec);
    } else {
        s.product_images.insert(rec);
    }
    s.image_data.insert(image, bytes);
    Ok(())
}

/// The image MIME type of an upload: its own when it is an image type, else the one its
/// file name's extension says; `None` for anything else.
fn image_type(given: Option<&str>, name: &str) -> Option<String> {
    if let Some(t) = given.map(|t| t.trim().to_ascii_lowercase()) {
        if t.starts_with("image/") && t.bytes().all(|b| b.is_ascii_graphic()) {
            return Some(t);
        }
    }
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(
        match ext.as_str() {
            "jpg" | "jpeg" => "image/jpeg",
            "png" => "image/png",
            "gif" => "image/gif",
            "webp" => "image/webp",
            "bmp" => "image/bmp",
            "svg" => "image/svg+xml",
            _ => return None,
        }
        .to_owned(),
    )
}

// ---------------------------------------------------------------- duplicate

/// `POST /products/{id}/duplicate`: a new product with the same fields, prices and custom
/// fields, and copies of its variations; answered 201 like the product it is.
pub(super) fn duplicate(s: &mut Store, _: &Request, m: &str, id: &str, rest: &[&str]) -> R {
    if (m, rest) != ("POST", [].as_slice()) {
        return Err(unknown());
    }
    let source = live_product(s, id)?;
    let mut copy = s.products.get(source).cloned().unwrap_or_default();
    let new_id = s.products.last_id + 1;
    let t = now();
    copy.insert("add_time".into(), t.clone().into());
    copy.insert("update_time".into(), t.into());
    if let Some(Value::Array(prices)) = copy.get_mut("prices") {
        for (i, p) in prices.iter_mut().enumerate() {
            p["id"] = (new_id * 10 + i as u64 + 1).into();
            p["product_id"] = new_id.into();
        }
    }
    let new_id = s.products.insert(copy);
    let variations: Vec<Rec> = variations_of(s, source).into_iter().cloned().collect();
    for mut v in variations {
        let vid = s.product_variations.last_id + 1;
        v.insert("product_id".into(), new_id.into());
        if let Some(Value::Array(prices)) = v.get_mut("prices") {
            for p in prices.iter_mut() {
                p["product_variation_id"] = vid.into();
            }
        }
        s.product_variations.insert(v);
    }
    let mut answer = PRODUCTS.reply(s, new_id)?;
    answer.status = 201;
    Ok(answer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_image_type_comes_from_the_part_or_the_file_name() {
        assert_eq!(
            image_type(Some("image/PNG"), "x").as_deref(),
            Some("image/png")
        );
        assert_eq!(
            image_type(Some("application/octet-stream"), "photo.JPG").as_deref(),
            Some("image/jpeg")
        );
        assert_eq!(image_type(None, "notes.txt"), None);
        assert_eq!(image_type(None, "no-extension"), None);
    }

    #[test]
    fn variation_prices_are_checked_and_numbered() {
        let prices = variation_prices(&json!([{"currency": "eur", "price": "12.5"}]), 7).unwrap();
        assert_eq!(
            prices,
            json!([{"product_variation_id": 7, "currency": "EUR", "price": 12.5,
                "cost": 0, "direct_cost": 0, "notes": null}])
        );
        let twice = json!([{"currency": "EUR", "price": 1}, {"currency": "EUR", "price": 2}]);
        assert!(variation_prices(&twice, 7).is_err());
        assert!(variation_prices(&json!([{"currency": "EUR"}]), 7).is_err());
        assert!(variation_prices(&json!({"currency": "EUR"}), 7).is_err());
    }
}
