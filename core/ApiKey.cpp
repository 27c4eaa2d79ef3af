#include "ApiKey.h"

#include <QCryptographicHash>

namespace tollgate::ApiKey {

namespace {

const char kAlphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

quint32 crc32(const QByteArray& data)
{
    quint32 crc = 0xffffffffu;
    for (char ch : data) {
        crc ^= static_cast<quint8>(ch);
        for (int k = 0; k < 8; ++k)
            crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

QString checksumOf(const QString& body)
{
    quint32 value = crc32(body.toLatin1());
    QString out(kChecksumLength, QLatin1Char('0'));
    for (int i = kChecksumLength - 1; i >= 0; --i) {
        out[i] = QLatin1Char(kAlphabet[value % 62]);
        value /= 62;
    }
    return out;
}

bool isBase62(QChar c)
{
    return (c >= QLatin1Char('0') && c <= QLatin1Char('9'))
           || (c >= QLatin1Char('A') && c <= QLatin1Char('Z'))
           || (c >= QLatin1Char('a') && c <= QLatin1Char('z'));
}

} // namespace

GeneratedKey generate(RandomSource& random)
{
    QString body = kPrefix;
    body.reserve(kPrefix.size() + kRandomLength + kChecksumLength);
    for (int i = 0; i < kRandomLength; ++i)
        body += QLatin1Char(kAlphabet[random.bounded(62)]);
    GeneratedKey key;
    key.secret = body + checksumOf(body);
    key.digest = digestOf(key.secret);
    key.hint = hintOf(key.secret);
    return key;
}

QString digestOf(const QString& key)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(key.toUtf8(), QCryptographicHash::Sha256).toHex());
}

QString hintOf(const QString& key) { return kPrefix + QChar(0x2026) + key.right(4); }

bool hasValidFormat(const QString& key)
{
    if (key.size() != kPrefix.size() + kRandomLength + kChecksumLength || !key.startsWith(kPrefix))
        return false;
    const QString rest = key.mid(kPrefix.size());
    if (!std::all_of(rest.begin(), rest.end(), isBase62))
        return false;
    const qsizetype bodyLength = kPrefix.size() + kRandomLength;
    return checksumOf(key.left(bodyLength)) == key.mid(bodyLength);
}

} // namespace tollgate::ApiKey
