// Reading a `Json` value (a record's `extra`, a custom field's raw `value`, a page's
// `additionalData`) without a JSON library. Shipped beside the generated bindings by
// scripts/ffi-bindings.sh. Every accessor answers null when the value is of another kind,
// so lookups chain: `deal.extra["abc123"]?.string`.
@file:Suppress("unused")

package uniffi.pipedrive_ffi

/** The member `key` of an object; null for a missing key or a value that is not an object. */
operator fun Json.get(key: String): Json? = (this as? Json.Object)?.entries?.get(key)

/** The element at `index` of an array; null out of range or for a value that is not an array. */
operator fun Json.get(index: Int): Json? = (this as? Json.Array)?.items?.getOrNull(index)

/** The text of a string. */
val Json.string: String? get() = (this as? Json.Text)?.value

/** The value of a boolean. */
val Json.boolean: Boolean? get() = (this as? Json.Bool)?.value

/** A number that is a whole number within Long's range. */
val Json.long: Long? get() = (this as? Json.Number)?.value?.toLongOrNull()

/** A number as the nearest Double. */
val Json.double: Double? get() = (this as? Json.Number)?.value?.toDoubleOrNull()

/** A number with exactly the digits received. */
val Json.decimal: java.math.BigDecimal? get() = (this as? Json.Number)?.value?.toBigDecimalOrNull()

/** Whether this is JSON `null`. */
val Json.isNull: Boolean get() = this is Json.Null

/** The members of an object (empty for any other value). */
val Json.entries: Map<String, Json> get() = (this as? Json.Object)?.entries.orEmpty()

/** The elements of an array (empty for any other value). */
val Json.items: List<Json> get() = (this as? Json.Array)?.items.orEmpty()

/** The value as compact JSON text (object keys sorted). */
fun Json.toJsonText(): String = jsonText(this)

/** A JSON object built from Kotlin pairs: `jsonObject("k" to Json.Text("v"))`. */
fun jsonObject(vararg members: Pair<String, Json>): Json = Json.Object(mapOf(*members))
