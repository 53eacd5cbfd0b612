// Free-form JSON as a Kotlin app reads it without a JSON library: `Json` values with
// accessors (bindings/ffi/kotlin/JsonAccess.kt), exact number text, and refusals of what
// is not JSON as InvalidInput.
import uniffi.pipedrive_ffi.*

fun jsonTests() {
    test("Json: parse, read with accessors, write back") { _ ->
        val v = parseJson("""{"name":"Ada","tags":["a","b"],"n":12345678901234567890.5,"id":7,"ok":true,"none":null}""")
        check(v["name"]?.string == "Ada", "name ${v["name"]}")
        check(v["tags"]?.get(1)?.string == "b" && v["tags"]?.get(2) == null, "tags ${v["tags"]}")
        check(v["id"]?.long == 7L && v["ok"]?.boolean == true && v["none"]?.isNull == true, "scalars $v")
        check(v["missing"] == null && v["name"]?.long == null, "wrong kinds read null")
        val back = parseJson(v.toJsonText())
        check(back == v, "round trip: $back")
        check(jsonObject("b" to Json.Number("2"), "a" to Json.Text("x")).toJsonText() == """{"a":"x","b":2}""", "sorted keys")
    }

    test("Json: text that is not JSON, a number that is not a number: InvalidInput") { client ->
        val bad = expectThrows<PipedriveException.InvalidInput>("parseJson") { parseJson("{not json") }
        check(bad.detail.contains("not valid JSON"), "detail ${bad.detail}")
        val num = expectThrows<PipedriveException.InvalidInput>("Json.Number(\"12a\")") {
            client.deals().create(CreateDeal(title = "x", extra = jsonObject("k" to Json.Number("12a"))))
        }
        check(num.detail.contains("\"12a\" is not a JSON number"), "detail ${num.detail}")
    }

    test("Json: a custom field set through extra reads back from extra") { client ->
        val field = client.dealFields().create(CreateDealField(name = "Kotlin Score", fieldType = "double"))
        val key = field.key ?: error("no key")
        val deal = client.deals().create(CreateDeal(title = "Scored", extra = jsonObject(key to Json.Number("42.5"))))
        val read = client.deals().get(deal.id)
        check(read.extra[key]?.decimal == java.math.BigDecimal("42.5"), "score ${read.extra[key]}")
        check(read.extra.entries.containsKey(key), "extra keys ${read.extra.entries.keys}")
        // Later tests count the seeded deals.
        client.deals().delete(deal.id)
    }
}
