// The API's HTTPS certificate: a self-signed pair made with GnuTLS (the library libmicrohttpd
// speaks TLS with), and the fingerprint organizers pin in kiosk-logs.
//
// The fingerprint is "sha256:" + 64 lowercase hex digits of the SHA-256 of the certificate's
// DER bytes (what `openssl x509 -noout -fingerprint -sha256` shows, without the colons).
#pragma once
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/result.h"

namespace kiosk::api {

inline constexpr int kCertificateValidDays = 3650;
inline constexpr const char* kCertificateFileName = "api-cert.pem";
inline constexpr const char* kKeyFileName = "api-key.pem";

struct ApiCertificate {
    std::string certificatePem;
    std::string keyPem;          // PKCS#8, unencrypted
    std::string fingerprint;     // "sha256:<hex>"
};

// A new ECDSA P-256 key and a certificate for it, signed by itself, valid kCertificateValidDays,
// for the names `localhost`, this machine's host name, 127.0.0.1 and ::1 plus `extraNames`
// (DNS names or IP addresses).
Result<ApiCertificate> makeSelfSignedCertificate(const std::vector<std::string>& extraNames = {});

// The fingerprint of the first certificate in `pem`.
Result<std::string> certificateFingerprint(std::string_view pem);
// The fingerprint of DER certificate bytes (as a TLS client receives them).
std::string certificateFingerprintOfDer(const unsigned char* der, std::size_t size);

// Makes a pair and writes DIR/api-cert.pem (mode 0644) and DIR/api-key.pem (mode 0600),
// creating DIR. Refuses to overwrite an existing file (kiosks keep their pin).
Result<ApiCertificate> writeSelfSignedCertificate(const std::filesystem::path& dir);

// Reads a PEM file for [api] tls_cert / tls_key; a key must be readable by its owner only.
Result<std::string> readPemFile(const std::filesystem::path& file, bool privateKey);

} // namespace kiosk::api
