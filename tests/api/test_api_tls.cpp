// HTTPS: self-signed pairs, their pins, and requests that check the pin before the token leaves,
// against the server in process and against the real kiosk (`--make-api-cert`, [api] tls_*).
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include <gnutls/gnutls.h>
#include <httplib.h>

#include "kiosk/api/api_certificate.h"
#include "kiosk/api/api_server.h"
#include "kiosk/storage/event_store.h"
#include "tests/api/api_test_support.h"

using namespace kiosk;
using namespace kiosk::api;
using namespace kiosk::api::testing;
using kiosk::testing::TempDir;

namespace {

const std::string kTlsToken = "tls-test-token-0123456789abcdef";

struct PinnedAnswer {
    bool handshake = false;
    std::string presentedPin;   // the server certificate's fingerprint
    bool sent = false;          // the request (with its token) went out: only when the pin matched
    int status = 0;
    std::string answer;
};

// One HTTPS request with GnuTLS: handshake, compare the server certificate's SHA-256 with `pin`,
// and only then send `request`. No certificate authority is involved: the pin is the trust.
PinnedAnswer httpsPinned(int port, const std::string& pin, const std::string& request) {
    PinnedAnswer out;
    const int fd = connectLoopback(port);
    if (fd < 0) return out;
    gnutls_certificate_credentials_t credentials = nullptr;
    gnutls_session_t session = nullptr;
    gnutls_certificate_allocate_credentials(&credentials);
    gnutls_init(&session, GNUTLS_CLIENT);
    gnutls_set_default_priority(session);
    gnutls_credentials_set(session, GNUTLS_CRD_CERTIFICATE, credentials);
    gnutls_server_name_set(session, GNUTLS_NAME_DNS, "localhost", 9);
    gnutls_transport_set_int(session, fd);
    gnutls_handshake_set_timeout(session, 20000);
    int rc;
    do rc = gnutls_handshake(session);
    while (rc < 0 && gnutls_error_is_fatal(rc) == 0);
    if (rc >= 0) {
        out.handshake = true;
        unsigned count = 0;
        const gnutls_datum_t* chain = gnutls_certificate_get_peers(session, &count);
        if (chain && count > 0) out.presentedPin = certificateFingerprintOfDer(chain[0].data, chain[0].size);
        if (out.presentedPin == pin) {
            out.sent = gnutls_record_send(session, request.data(), request.size()) == static_cast<ssize_t>(request.size());
            char buffer[16384];
            for (;;) {
                const ssize_t n = gnutls_record_recv(session, buffer, sizeof buffer);
                if (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED) continue;
                if (n <= 0) break;
                out.answer.append(buffer, static_cast<std::size_t>(n));
            }
            out.status = statusOf(out.answer);
        }
        gnutls_bye(session, GNUTLS_SHUT_WR);
    }
    gnutls_deinit(session);
    gnutls_certificate_free_credentials(credentials);
    ::close(fd);
    return out;
}

std::string eventsRequest(const std::string& token) {
    return "GET /v1/events?after=0 HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token +
           "\r\nConnection: close\r\n\r\n";
}

std::string readText(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

TEST_SUITE("api") {

TEST_CASE("self-signed pairs: files, modes, pins, keys others may read are refused") {
    namespace fs = std::filesystem;
    TempDir dir;
    auto made = writeSelfSignedCertificate(dir.path / "tls");
    REQUIRE_MESSAGE(made, (made ? "" : made.error()));
    CHECK(made->fingerprint.rfind("sha256:", 0) == 0);
    CHECK(made->fingerprint.size() == 7 + 64);
    CHECK(made->fingerprint.find_first_not_of("0123456789abcdef", 7) == std::string::npos);
    const fs::path cert = dir.path / "tls" / kCertificateFileName, key = dir.path / "tls" / kKeyFileName;
    CHECK((fs::status(key).permissions() & (fs::perms::group_all | fs::perms::others_all)) == fs::perms::none);
    auto again = certificateFingerprint(readText(cert));
    REQUIRE(again);
    CHECK(*again == made->fingerprint);
    CHECK(readPemFile(key, true));
    CHECK(readPemFile(cert, false));

    // Never replaced: the pin organizers hold stays true.
    auto second = writeSelfSignedCertificate(dir.path / "tls");
    REQUIRE_FALSE(second);
    CHECK(second.error().find("exists already") != std::string::npos);
    auto other = makeSelfSignedCertificate();
    REQUIRE(other);
    CHECK(other->fingerprint != made->fingerprint);

    fs::permissions(key, fs::perms::owner_read | fs::perms::owner_write | fs::perms::others_read);
    auto open = readPemFile(key, true);
    REQUIRE_FALSE(open);
    CHECK(open.error().find("chmod 600") != std::string::npos);
    std::ofstream(dir.path / "junk.pem") << "not a certificate";
    CHECK_FALSE(readPemFile(dir.path / "junk.pem", false));
    CHECK_FALSE(certificateFingerprint("not a certificate"));
}

TEST_CASE("HTTPS: the organizer checks the pin before the token leaves, plain HTTP gets nothing") {
    auto pair = makeSelfSignedCertificate();
    REQUIRE(pair);
    TempDir dir;
    auto store = storage::EventStore::open(dir.path / "events.db");
    REQUIRE(store);
    ApiOptions options;
    options.listen = {"127.0.0.1", 0};
    options.token = kTlsToken;
    options.tlsCertificatePem = pair->certificatePem;
    options.tlsKeyPem = pair->keyPem;
    auto server = ApiServer::start(options, store->get(), {});
    REQUIRE_MESSAGE(server, (server ? "" : server.error()));
    CHECK((*server)->tls());
    const int port = (*server)->port();

    auto ok = httpsPinned(port, pair->fingerprint, eventsRequest(kTlsToken));
    CHECK(ok.handshake);
    CHECK(ok.presentedPin == pair->fingerprint);
    CHECK(ok.sent);
    CHECK(ok.status == 200);

    // Another kiosk (or an impostor) presents another certificate: nothing is sent.
    auto other = makeSelfSignedCertificate();
    REQUIRE(other);
    auto wrong = httpsPinned(port, other->fingerprint, eventsRequest(kTlsToken));
    CHECK(wrong.handshake);
    CHECK_FALSE(wrong.sent);

    auto wrongToken = httpsPinned(port, pair->fingerprint, eventsRequest("wrong-token-0123456789abcdef"));
    CHECK(wrongToken.status == 401);

    httplib::Client plain("127.0.0.1", port);
    plain.set_connection_timeout(5, 0);
    plain.set_read_timeout(5, 0);
    auto refused = plain.Get("/v1/health");
    CHECK((!refused || refused->status != 200));

    ApiOptions half = options;
    half.tlsKeyPem.clear();
    CHECK_FALSE(ApiServer::start(half, nullptr, {}));
    ApiOptions broken = options;
    broken.tlsKeyPem = other->keyPem;   // a key that does not belong to the certificate
    CHECK_FALSE(ApiServer::start(broken, nullptr, {}));
}

TEST_CASE("the kiosk makes its own pair, prints the pin, and serves HTTPS with it") {
    TempDir certDir;
    const std::string command = std::string(KIOSK_EXECUTABLE) + " --make-api-cert " + (certDir.path / "tls").string() + " 2>/dev/null";
    std::string printed;
    {
        FILE* pipe = ::popen(command.c_str(), "r");
        REQUIRE(pipe);
        char line[256];
        while (std::fgets(line, sizeof line, pipe)) printed += line;
        CHECK(::pclose(pipe) == 0);
    }
    auto pin = certificateFingerprint(readText(certDir.path / "tls" / kCertificateFileName));
    REQUIRE(pin);
    CHECK(printed == *pin + "\n");
    // A second run refuses to replace the pair (exit status not 0).
    CHECK(::system(command.c_str()) != 0);

    const std::string tlsLines = "tls_cert = \"" + (certDir.path / "tls" / kCertificateFileName).string() +
                                 "\"\ntls_key = \"" + (certDir.path / "tls" / kKeyFileName).string() + "\"\n";
    KioskProcess kiosk({.apiToml = tlsLines});
    PinnedAnswer answer;
    for (int attempt = 0; attempt < 600 && !answer.handshake; ++attempt) {   // start-up bound only
        answer = httpsPinned(kiosk.port(), *pin, eventsRequest(kiosk.token));
        if (!answer.handshake) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    CHECK(answer.presentedPin == *pin);
    CHECK(answer.status == 200);
    CHECK(kiosk.stop() == 0);
}

}
