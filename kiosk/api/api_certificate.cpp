#include "kiosk/api/api_certificate.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <fstream>
#include <memory>
#include <sstream>

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

namespace kiosk::api {
namespace {

inline constexpr std::size_t kMaxPemFileBytes = 1024 * 1024;

std::string gnutlsError(const std::string& what, int code) { return what + ": " + gnutls_strerror(code); }

struct PrivateKey {
    gnutls_x509_privkey_t key = nullptr;
    ~PrivateKey() { if (key) gnutls_x509_privkey_deinit(key); }
};
struct Certificate {
    gnutls_x509_crt_t crt = nullptr;
    ~Certificate() { if (crt) gnutls_x509_crt_deinit(crt); }
};

std::string takeDatum(gnutls_datum_t& datum) {
    std::string text(reinterpret_cast<const char*>(datum.data), datum.size);
    gnutls_free(datum.data);
    return text;
}

std::string hex(const unsigned char* bytes, std::size_t size) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(size * 2);
    for (std::size_t i = 0; i < size; ++i) {
        out.push_back(kDigits[bytes[i] >> 4]);
        out.push_back(kDigits[bytes[i] & 15]);
    }
    return out;
}

int addName(gnutls_x509_crt_t crt, const std::string& name) {
    unsigned char ip[16];
    if (inet_pton(AF_INET, name.c_str(), ip) == 1)
        return gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_IPADDRESS, ip, 4, GNUTLS_FSAN_APPEND);
    if (inet_pton(AF_INET6, name.c_str(), ip) == 1)
        return gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_IPADDRESS, ip, 16, GNUTLS_FSAN_APPEND);
    return gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_DNSNAME, name.data(),
                                                static_cast<unsigned>(name.size()), GNUTLS_FSAN_APPEND);
}

Result<bool> writeNewFile(const std::filesystem::path& file, const std::string& text, mode_t mode) {
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0) return Error{file.string() + (errno == EEXIST ? ": exists already; not replaced (kiosk-logs pins it)"
                                                              : ": cannot create: " + std::string(std::strerror(errno)))};
    std::size_t written = 0;
    while (written < text.size()) {
        const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
        if (n <= 0) {
            ::close(fd);
            return Error{file.string() + ": cannot write"};
        }
        written += static_cast<std::size_t>(n);
    }
    ::fchmod(fd, mode);   // whatever the umask
    if (::fsync(fd) != 0 || ::close(fd) != 0) return Error{file.string() + ": cannot write"};
    return true;
}

} // namespace

std::string certificateFingerprintOfDer(const unsigned char* der, std::size_t size) {
    unsigned char digest[32];
    gnutls_hash_fast(GNUTLS_DIG_SHA256, der, size, digest);
    return "sha256:" + hex(digest, sizeof digest);
}

Result<std::string> certificateFingerprint(std::string_view pem) {
    Certificate certificate;
    if (const int rc = gnutls_x509_crt_init(&certificate.crt); rc < 0) return Error{gnutlsError("certificate", rc)};
    const gnutls_datum_t datum{reinterpret_cast<unsigned char*>(const_cast<char*>(pem.data())),
                               static_cast<unsigned>(pem.size())};
    if (const int rc = gnutls_x509_crt_import(certificate.crt, &datum, GNUTLS_X509_FMT_PEM); rc < 0)
        return Error{gnutlsError("not a PEM certificate", rc)};
    unsigned char digest[32];
    std::size_t size = sizeof digest;
    if (const int rc = gnutls_x509_crt_get_fingerprint(certificate.crt, GNUTLS_DIG_SHA256, digest, &size); rc < 0)
        return Error{gnutlsError("certificate fingerprint", rc)};
    return "sha256:" + hex(digest, size);
}

Result<ApiCertificate> makeSelfSignedCertificate(const std::vector<std::string>& extraNames) {
    PrivateKey key;
    Certificate certificate;
    int rc = gnutls_x509_privkey_init(&key.key);
    if (rc >= 0)
        rc = gnutls_x509_privkey_generate(key.key, GNUTLS_PK_ECDSA, GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1), 0);
    if (rc < 0) return Error{gnutlsError("cannot make a key", rc)};
    if ((rc = gnutls_x509_crt_init(&certificate.crt)) < 0) return Error{gnutlsError("cannot make a certificate", rc)};
    gnutls_x509_crt_t crt = certificate.crt;

    unsigned char serial[16];
    gnutls_rnd(GNUTLS_RND_NONCE, serial, sizeof serial);
    serial[0] &= 0x7f;   // a positive number
    char host[256] = {};
    ::gethostname(host, sizeof host - 1);
    const std::string commonName = std::string("kiosk API ") + (host[0] ? host : "localhost");
    const std::time_t now = std::time(nullptr);
    std::vector<std::string> names = {"localhost", "127.0.0.1", "::1"};
    if (host[0] && std::string(host) != "localhost") names.emplace_back(host);
    names.insert(names.end(), extraNames.begin(), extraNames.end());

    const int steps[] = {
        gnutls_x509_crt_set_version(crt, 3),
        gnutls_x509_crt_set_serial(crt, serial, sizeof serial),
        gnutls_x509_crt_set_activation_time(crt, now - 24 * 3600),   // a kiosk clock a day behind still accepts it
        gnutls_x509_crt_set_expiration_time(crt, now + static_cast<std::time_t>(kCertificateValidDays) * 24 * 3600),
        gnutls_x509_crt_set_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0, commonName.data(),
                                      static_cast<unsigned>(commonName.size())),
        gnutls_x509_crt_set_key(crt, key.key),
        gnutls_x509_crt_set_basic_constraints(crt, 0, -1),
        gnutls_x509_crt_set_key_usage(crt, GNUTLS_KEY_DIGITAL_SIGNATURE),
        gnutls_x509_crt_set_key_purpose_oid(crt, GNUTLS_KP_TLS_WWW_SERVER, 0),
    };
    for (const int step : steps)
        if (step < 0) return Error{gnutlsError("cannot fill in the certificate", step)};
    for (const std::string& name : names)
        if ((rc = addName(crt, name)) < 0) return Error{gnutlsError("certificate name '" + name + "'", rc)};
    if ((rc = gnutls_x509_crt_sign2(crt, crt, key.key, GNUTLS_DIG_SHA256, 0)) < 0)
        return Error{gnutlsError("cannot sign the certificate", rc)};

    ApiCertificate out;
    gnutls_datum_t datum{};
    if ((rc = gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_PEM, &datum)) < 0) return Error{gnutlsError("export", rc)};
    out.certificatePem = takeDatum(datum);
    if ((rc = gnutls_x509_privkey_export2_pkcs8(key.key, GNUTLS_X509_FMT_PEM, nullptr, GNUTLS_PKCS_PLAIN, &datum)) < 0)
        return Error{gnutlsError("export", rc)};
    out.keyPem = takeDatum(datum);
    auto fingerprint = certificateFingerprint(out.certificatePem);
    if (!fingerprint) return Error{fingerprint.error()};
    out.fingerprint = *fingerprint;
    return out;
}

Result<ApiCertificate> writeSelfSignedCertificate(const std::filesystem::path& dir) {
    std::error_code error;
    std::filesystem::create_directories(dir, error);
    if (error) return Error{dir.string() + ": " + error.message()};
    for (const char* name : {kCertificateFileName, kKeyFileName})
        if (std::filesystem::exists(dir / name, error))
            return Error{(dir / name).string() + ": exists already; not replaced (kiosk-logs pins it)"};
    auto pair = makeSelfSignedCertificate();
    if (!pair) return pair;
    if (auto written = writeNewFile(dir / kKeyFileName, pair->keyPem, 0600); !written) return Error{written.error()};
    if (auto written = writeNewFile(dir / kCertificateFileName, pair->certificatePem, 0644); !written)
        return Error{written.error()};
    return pair;
}

Result<std::string> readPemFile(const std::filesystem::path& file, bool privateKey) {
    namespace fs = std::filesystem;
    std::error_code error;
    const fs::file_status status = fs::status(file, error);
    if (error || !fs::is_regular_file(status)) return Error{file.string() + ": cannot read (not a file)"};
    if (privateKey && (status.permissions() & (fs::perms::group_all | fs::perms::others_all)) != fs::perms::none)
        return Error{file.string() + ": the API's private key may be read by others; it must be readable by its owner "
                                     "only (chmod 600 " + file.string() + ")"};
    if (fs::file_size(file, error) > kMaxPemFileBytes || error) return Error{file.string() + ": too large for a PEM file"};
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in && !in.eof()) return Error{file.string() + ": cannot read"};
    const std::string pem = text.str();
    if (pem.find("-----BEGIN ") == std::string::npos) return Error{file.string() + ": not a PEM file"};
    return pem;
}

} // namespace kiosk::api
