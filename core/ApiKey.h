#pragma once

#include "RandomSource.h"

#include <QString>

namespace tollgate {

// A freshly generated key. The secret leaves the core only to be shown once.
struct GeneratedKey {
    QString secret; // "tg_" + 40 base62 + 6 base62 checksum
    QString digest; // what the database stores
    QString hint;   // what the console shows afterwards
};

namespace ApiKey {

inline constexpr int kRandomLength = 40; // 40 base62 digits: about 238 bits
inline constexpr int kChecksumLength = 6;
inline const QString kPrefix = QStringLiteral("tg_");

GeneratedKey generate(RandomSource& random);
// SHA-256 of the key's UTF-8 bytes, as lowercase hex.
QString digestOf(const QString& key);
// "tg_…" + the last four characters.
QString hintOf(const QString& key);
// Prefix, length, alphabet and checksum are right. Says nothing about whether
// the key is known; it lets scanners and typo checks work offline.
bool hasValidFormat(const QString& key);

} // namespace ApiKey
} // namespace tollgate
