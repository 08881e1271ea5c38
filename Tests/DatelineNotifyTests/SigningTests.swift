import Foundation
import Testing
@testable import DatelineNotify

@Suite("Standard Webhooks signing")
struct SigningTests {
    static let python: String? = ["/usr/bin/python3", "/usr/local/bin/python3", "/root/.pyenv/shims/python3"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// HMAC-SHA256 computed by Python's hmac module: an implementation independent of ours.
    func pythonSignature(secret: String, id: String, timestamp: Int64, body: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.python ?? "/usr/bin/python3")
        let script = """
        import base64, hashlib, hmac, sys
        key = base64.b64decode(sys.argv[1].removeprefix("whsec_"))
        body = sys.stdin.buffer.read()
        msg = sys.argv[2].encode() + b"." + sys.argv[3].encode() + b"." + body
        print(base64.b64encode(hmac.new(key, msg, hashlib.sha256).digest()).decode())
        """
        process.arguments = ["-c", script, secret, id, String(timestamp)]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(body.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("the Standard Webhooks specification's published vector")
    func specVector() throws {
        let signer = try StandardWebhookSigner(secrets: ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"])
        let signature = signer.signature(id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330, body: Array(#"{"test": 2432232314}"#.utf8))
        #expect(signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
    }

    @Test("signatures match an independent implementation (python3 hmac)", .enabled(if: SigningTests.python != nil, "python3 is not installed"))
    func independent() throws {
        let secret = WebhookSecret.generate()
        let signer = try StandardWebhookSigner(secrets: [secret])
        let alertBody = try AlertRenderer().render(Fixtures.alert(sentence: "Non-ASCII: Zürich “quoted” 👩🏽‍⚖️ and \"escapes\" \\ too."), for: Fixtures.channel(.json)).body
        for (id, ts, body) in [("dlv_1", Int64(1_744_041_600), alertBody), ("msg_2", Int64(0), ""), ("x.y", Int64(99), "{\"a\":1}\n")] {
            let ours = signer.signature(id: id, timestamp: ts, body: Array(body.utf8))
            let theirs = try pythonSignature(secret: secret, id: id, timestamp: ts, body: body)
            #expect(ours == "v1," + theirs)
        }
    }

    @Test("verification accepts a good signature and rejects tampering, old timestamps, wrong secrets, missing headers")
    func verification() throws {
        let secret = WebhookSecret.generate()
        let body = Array(#"{"type":"alert.fired"}"#.utf8)
        let signature = try StandardWebhookSigner(secrets: [secret]).signature(id: "d1", timestamp: 1_000_000, body: body)
        let verifier = try StandardWebhookVerifier(secrets: [secret], tolerance: 300)
        try verifier.verify(id: "d1", timestamp: "1000000", signature: signature, body: body, now: 1_000_100)
        #expect(throws: NotifyError.self) { try verifier.verify(id: "d1", timestamp: "1000000", signature: signature, body: body + [0x20], now: 1_000_000) }
        #expect(throws: NotifyError.self) { try verifier.verify(id: "d2", timestamp: "1000000", signature: signature, body: body, now: 1_000_000) }
        #expect(throws: NotifyError.self) { try verifier.verify(id: "d1", timestamp: "1000000", signature: signature, body: body, now: 1_000_301) }
        #expect(throws: NotifyError.self) { try verifier.verify(id: "d1", timestamp: "1000000", signature: signature, body: body, now: 999_600) }
        #expect(throws: NotifyError.self) { try verifier.verify(id: "d1", timestamp: "1000000", signature: nil, body: body, now: 1_000_000) }
        let other = try StandardWebhookVerifier(secrets: [WebhookSecret.generate()])
        #expect(throws: NotifyError.self) { try other.verify(id: "d1", timestamp: "1000000", signature: signature, body: body, now: 1_000_000) }
    }

    @Test("rotation: one signature per secret, and a receiver holding either secret accepts")
    func rotation() throws {
        let old = WebhookSecret.generate(), new = WebhookSecret.generate()
        let body = Array("{}".utf8)
        let header = try StandardWebhookSigner(secrets: [new, old]).signature(id: "r", timestamp: 5, body: body)
        let parts = header.split(separator: " ")
        #expect(parts.count == 2)
        #expect(parts.allSatisfy { $0.hasPrefix("v1,") })
        try StandardWebhookVerifier(secrets: [old]).verify(id: "r", timestamp: "5", signature: header, body: body, now: 5)
        try StandardWebhookVerifier(secrets: [new]).verify(id: "r", timestamp: "5", signature: header, body: body, now: 5)
    }

    @Test("malformed secrets are refused without echoing them")
    func badSecrets() {
        for bad in ["whsec_not base64!", "whsec_c2hvcnQ=", ""] {
            #expect {
                _ = try WebhookSecret(bad)
            } throws: { error in
                guard let error = error as? NotifyError, error.code == "bad_secret" else { return false }
                return bad.count < 8 || !error.message.contains(bad)
            }
        }
        #expect(WebhookSecret.generate().hasPrefix("whsec_"))
    }
}
