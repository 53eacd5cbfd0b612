// End-to-end tests of the generated Swift bindings against a local pipedrive-sandbox; the
// Swift twin of bindings/ffi/tests/kotlin/SandboxTest.kt, one test per Kotlin test.
//
// Run on a Mac with `scripts/ffi-swift-package.sh --test`, which builds the library and the
// bindings, starts the sandbox and passes its address in PIPEDRIVE_SANDBOX_URL,
// PIPEDRIVE_SANDBOX_TOKEN and PIPEDRIVE_SANDBOX_DEALS.
//
// The methods are numbered so XCTest (which runs them by name) keeps the Kotlin order; each
// test also removes the deals it creates, so the pagination count holds in any order.
//
// NOT COMPILED HERE: our Linux CI has no Swift toolchain, so these tests (and the Swift in
// bindings/ffi/swift/Extras/) are written against the generated API but have never been
// compiled or run by CI; `just test` records them as SKIPPED.
import Foundation
import XCTest

import PipedriveFFI

/// A test precondition that did not hold, reported with its text.
private struct TestFailure: Error, CustomStringConvertible {
    let description: String
}

/// Where the sandbox runs, as the script passes it.
private struct SandboxEnvironment {
    let url: String
    let token: String
    let seededDeals: Int

    static func read() throws -> SandboxEnvironment {
        let env = ProcessInfo.processInfo.environment
        func value(_ name: String) throws -> String {
            guard let v = env[name], !v.isEmpty else {
                throw TestFailure(description: "\(name) is not set (run scripts/ffi-swift-package.sh --test)")
            }
            return v
        }
        let deals = try value("PIPEDRIVE_SANDBOX_DEALS")
        guard let seeded = Int(deals) else {
            throw TestFailure(description: "PIPEDRIVE_SANDBOX_DEALS is not a number: \(deals)")
        }
        return SandboxEnvironment(
            url: try value("PIPEDRIVE_SANDBOX_URL"),
            token: try value("PIPEDRIVE_SANDBOX_TOKEN"),
            seededDeals: seeded
        )
    }

    /// Queues sandbox faults through its control route (`POST /_sandbox/faults`).
    func faults(_ json: String) throws {
        let base = url.hasSuffix("/v1") ? String(url.dropLast(3)) : url
        guard let target = URL(string: base + "/_sandbox/faults") else {
            throw TestFailure(description: "bad sandbox URL \(url)")
        }
        var request = URLRequest(url: target)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "content-type")
        request.httpBody = Data(json.utf8)
        let done = DispatchSemaphore(value: 0)
        var status = 0
        URLSession.shared.dataTask(with: request) { _, response, _ in
            status = (response as? HTTPURLResponse)?.statusCode ?? 0
            done.signal()
        }.resume()
        done.wait()
        guard status == 200 else {
            throw TestFailure(description: "sandbox faults: HTTP \(status)")
        }
    }
}

/// Runs `body` and returns the `PipedriveError` it throws; any other error propagates and
/// fails the test, and so does returning normally.
@discardableResult
private func expectPipedriveError<T>(_ what: String, _ body: () throws -> T) throws -> PipedriveError {
    do {
        _ = try body()
    } catch let error as PipedriveError {
        return error
    }
    throw TestFailure(description: "\(what): nothing was thrown")
}

// accessorReferences() and methodReferences(), the tables of every accessor and every
// operation as method references, are generated into Operations.swift by pipedrive-codegen.
// The same parity is checked by reflection in the Kotlin test and on the exported C
// symbols in bindings/ffi/tests/parity.rs.

final class SandboxTests: XCTestCase {
    private var sandbox: SandboxEnvironment!
    private var client: Client!

    override func setUpWithError() throws {
        try super.setUpWithError()
        sandbox = try SandboxEnvironment.read()
        client = try Client(config: ClientConfig(apiToken: ApiToken(value: sandbox.token), baseUrl: sandbox.url, timeout: 30))
    }

    override func tearDown() {
        // No close() in Swift: the Rust object is freed when the last reference goes.
        client = nil
        super.tearDown()
    }

    func test1_everyRustOperationIsAMethodHere() throws {
        let ops = operations()
        XCTAssertEqual(ops.count, 165, "operations in the Rust surface")
        let accessors = accessorReferences()
        let methods = methodReferences()
        let missingAccessors = Set(ops.map { $0.resource }).subtracting(accessors.keys).sorted()
        XCTAssertTrue(missingAccessors.isEmpty, "accessors missing from the Swift table: \(missingAccessors)")
        let keys = Set(ops.map { "\($0.resource).\($0.method)" })
        let missing = keys.subtracting(methods.keys).sorted()
        XCTAssertTrue(missing.isEmpty, "operations missing from the Swift table: \(missing)")
        let stale = Set(methods.keys).subtracting(keys).sorted()
        XCTAssertTrue(stale.isEmpty, "Swift table entries that are no operation: \(stale)")
        XCTAssertEqual(client.baseUrl(), sandbox.url)
    }

    func test2_dealCreateReadUpdateDelete() throws {
        let deals = client.deals()
        let created = try deals.create(params: CreateDeal(title: "Swift deal", value: "1500", currency: "EUR"))
        let id = try XCTUnwrap(created.id, "created deal has no id")
        defer { _ = try? deals.delete(id: id) }
        XCTAssertEqual(created.title, "Swift deal")

        let read = try deals.get(id: id)
        XCTAssertEqual(read.title, "Swift deal")
        XCTAssertEqual(read.currency, "EUR")
        XCTAssertEqual(read.value, 1500.0)
        if case .object = read.extra {} else { XCTFail("extra is a JSON object: \(read.extra)") }

        let updated = try deals.update(id: id, params: UpdateDeal(title: "Swift deal (won)", status: "won"))
        XCTAssertEqual(updated.title, "Swift deal (won)")
        XCTAssertEqual(updated.status, "won")
        XCTAssertEqual(try deals.get(id: id).status, "won", "status persisted")

        let deleted = try deals.delete(id: id)
        XCTAssertEqual(deleted.id, id)
        // Pipedrive keeps a deleted deal for 30 days with status "deleted"; lists skip it.
        XCTAssertEqual(try deals.get(id: id).status, "deleted")
        let listed = try deals.list(params: ListDeals(limit: 500))
        XCTAssertFalse(listed.items.contains { $0.id == id }, "deleted deal not listed")
    }

    func test3_personCreateReadUpdateDeleteWithACustomField() throws {
        let persons = client.persons()
        let tier = try client.personFields().create(params: CreatePersonField(name: "Tier", fieldType: "varchar"))
        let key = try XCTUnwrap(tier.key, "custom field has no key")
        XCTAssertEqual(key.count, 40, "custom field key \(key)")

        let created = try persons.create(params: CreatePerson(
            name: "Ada Swift",
            email: ["{\"value\":\"ada@example.com\",\"primary\":true}"],
            extra: .object(entries: [key: .text(value: "gold")])
        ))
        let id = try XCTUnwrap(created.id, "person has no id")
        XCTAssertEqual(created.name, "Ada Swift")

        let read = try persons.get(id: id)
        XCTAssertEqual(read.name, "Ada Swift")
        XCTAssertTrue((read.email ?? []).contains { $0.value == "ada@example.com" }, "email \(String(describing: read.email))")
        // Custom fields come back in `extra`, a JSON object keyed by the field key.
        XCTAssertEqual(read.extra[key]?.string, "gold", "custom field in extra: \(read.extra)")

        let updated = try persons.update(id: id, params: UpdatePerson(name: "Ada S."))
        XCTAssertEqual(updated.name, "Ada S.")

        _ = try persons.delete(id: id)
        XCTAssertEqual(try persons.get(id: id).activeFlag, false, "deleted person is inactive")
        let listed = try persons.list(params: ListPersons(limit: 500))
        XCTAssertFalse(listed.items.contains { $0.id == id }, "deleted person not listed")
    }

    func test4_paginateTheSeededDealsToTheEnd() throws {
        let seeded = sandbox.seededDeals
        let pager = try client.deals().listPager(params: ListDeals(limit: 50))
        var ids: [Int64] = []
        var pages = 0
        var last: DealPage?
        while let page = try pager.nextPage() {
            pages += 1
            ids.append(contentsOf: page.items.compactMap { $0.id })
            last = page
        }
        XCTAssertNil(try pager.nextPage(), "pager stays finished")
        XCTAssertEqual(pages, (seeded + 49) / 50, "pages")
        XCTAssertEqual(ids.count, seeded, "ids")
        XCTAssertEqual(Set(ids).count, seeded, "distinct ids")
        XCTAssertEqual(last?.moreItems, false, "last page says no more")

        let first = try client.deals().list(params: ListDeals(limit: 10))
        XCTAssertEqual(first.items.count, 10)
        XCTAssertTrue(first.moreItems)
        XCTAssertEqual(first.nextStart, 10)
    }

    func test5_searchFindsADealByTitle() throws {
        let deals = client.deals()
        let made = try deals.create(params: CreateDeal(title: "Zephyrine rollout"))
        let id = try XCTUnwrap(made.id)
        defer { _ = try? deals.delete(id: id) }

        let hits = try deals.search(params: SearchDeals(term: "Zephyrine"))
        XCTAssertTrue(
            hits.items.contains { $0.item.id == id && $0.item.title == "Zephyrine rollout" },
            "hits \(hits.items)"
        )
        let exact = try deals.search(params: SearchDeals(term: "Zephyrine rollout", fields: "title", exactMatch: true))
        XCTAssertEqual(exact.items.count, 1, "exact hits")
    }

    func test6_uploadAndDownloadAFile() throws {
        let files = client.files()
        let deal = try client.deals().create(params: CreateDeal(title: "With attachment"))
        let dealId = try XCTUnwrap(deal.id)
        defer { _ = try? client.deals().delete(id: dealId) }

        let content = Data((0..<70_000).map { UInt8($0 % 251) })
        let up = try files.upload(params: UploadFile(file: .bytes(fileName: "notes.bin", data: content), dealId: dealId))
        let fid = try XCTUnwrap(up.id, "file has no id")
        XCTAssertEqual(up.name, "notes.bin")
        XCTAssertTrue(up.fileSize == Int64(content.count) || up.fileSize == nil, "size \(String(describing: up.fileSize))")

        let back = try files.download(id: fid)
        XCTAssertEqual(back, content, "downloaded \(back.count) bytes")

        let tmp = FileManager.default.temporaryDirectory
            .appendingPathComponent("pipedrive-ffi-\(UUID().uuidString).bin")
        defer { try? FileManager.default.removeItem(at: tmp) }
        let written = try files.downloadToPath(id: fid, path: tmp.path)
        XCTAssertEqual(written, Int64(content.count))
        XCTAssertEqual(try Data(contentsOf: tmp), content, "file written by downloadToPath")

        let onDisk = FileManager.default.temporaryDirectory
            .appendingPathComponent("upload-\(UUID().uuidString).txt")
        try Data("from disk".utf8).write(to: onDisk)
        defer { try? FileManager.default.removeItem(at: onDisk) }
        let up2 = try files.upload(params: UploadFile(file: .path(path: onDisk.path)))
        let fid2 = try XCTUnwrap(up2.id)
        let back2 = try files.download(id: fid2)
        XCTAssertEqual(String(decoding: back2, as: UTF8.self), "from disk", "path upload round trip")
    }

    func test7_typedErrorsWithNoTokenInThem() throws {
        let e404 = try expectPipedriveError("missing deal") { try client.deals().get(id: 987_654_321) }
        guard case let .NotFound(status404, errorText404, _, _, _, _) = e404 else {
            XCTFail("missing deal: expected NotFound, got \(e404)")
            return
        }
        XCTAssertEqual(status404, 404)
        XCTAssertFalse(errorText404.isEmpty, "404 error text")

        let badConfig = ClientConfig(apiToken: ApiToken(value: "wrong-token-123"), baseUrl: sandbox.url, maxRetries: 0)
        XCTAssertFalse(String(describing: badConfig).contains("wrong-token-123"), "token in the config's description")
        let bad = try Client(config: badConfig)
        let e401 = try expectPipedriveError("wrong token") { try bad.deals().list() }
        guard case let .Unauthorized(status401, _, _, _, _, _) = e401 else {
            XCTFail("wrong token: expected Unauthorized, got \(e401)")
            return
        }
        XCTAssertEqual(status401, 401)
        for text in [String(describing: e401), String(reflecting: e401), e401.localizedDescription] {
            XCTAssertFalse(text.contains("wrong-token-123"), "token leaked: \(text)")
        }

        let invalid = try expectPipedriveError("bad extra JSON") {
            try client.deals().create(params: CreateDeal(title: "x", extra: .array(items: [.number(value: "1")])))
        }
        guard case let .InvalidInput(_, _, _, _, _, detail) = invalid else {
            XCTFail("bad extra JSON: expected InvalidInput, got \(invalid)")
            return
        }
        XCTAssertTrue(detail.contains("object"), "detail \(detail)")

        let empty = try expectPipedriveError("empty token") { try Client(config: ClientConfig(apiToken: ApiToken(value: ""))) }
        guard case .InvalidInput = empty else {
            XCTFail("empty token: expected InvalidInput, got \(empty)")
            return
        }
    }

    // The async forms, as in bindings/ffi/tests/kotlin/AsyncTest.kt.
    func test8_asyncCallsAndPages() async throws {
        let deals = client.deals()
        let made = try await deals.createAsync(params: CreateDeal(title: "Async deal"))
        let read = try await deals.getAsync(id: made.id)
        XCTAssertEqual(read.title, "Async deal")
        try await deals.deleteAsync(id: made.id)

        let pager = try deals.listPager(params: ListDeals(limit: 50))
        var ids: [Int64] = []
        while let page = try await pager.nextPageAsync() {
            ids.append(contentsOf: page.items.map { $0.id })
        }
        XCTAssertEqual(Set(ids).count, sandbox.seededDeals, "every seeded deal once")
    }

    func test9_cancellingATaskAbandonsASlowCall() async throws {
        try sandbox.faults(#"{"delay_ms": 3000}"#)
        defer { try? sandbox.faults(#"{"clear": true}"#) }
        let deals = client.deals()
        let started = Date()
        let call = Task { try await deals.getAsync(id: 1) }
        try await Task.sleep(nanoseconds: 200_000_000)
        call.cancel()
        _ = try? await call.value
        // A bound, not a measurement: the task is back long before the 3 s answer.
        XCTAssertLessThan(Date().timeIntervalSince(started), 2.0)
    }

    func test10_aPagerIsAnAsyncSequence() async throws {
        let pager = try client.deals().listPager(params: ListDeals(limit: 50))
        var ids: [Int64] = []
        for try await deal in pager.items() {
            ids.append(deal.id)
        }
        XCTAssertEqual(ids.count, sandbox.seededDeals)
        XCTAssertEqual(Set(ids).count, sandbox.seededDeals, "every seeded deal once")
    }

    func test11_jsonValuesReadWithoutAJsonLibrary() throws {
        let v = try parseJson(text: #"{"name":"Ada","tags":["a","b"],"id":7,"ok":true,"none":null}"#)
        XCTAssertEqual(v["name"]?.string, "Ada")
        XCTAssertEqual(v["tags"]?[1]?.string, "b")
        XCTAssertNil(v["tags"]?[2])
        XCTAssertEqual(v["id"]?.int64, 7)
        XCTAssertEqual(v["ok"]?.bool, true)
        XCTAssertEqual(v["none"]?.isNull, true)
        XCTAssertEqual(try parseJson(text: try v.jsonText()), v)
        XCTAssertThrowsError(try parseJson(text: "{not json"))
    }
}
