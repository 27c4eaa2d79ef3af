#include "ApiKey.h"

#include <QSet>
#include <QTest>

using namespace tollgate;

namespace {

// A predictable source, to show that generation uses the source it is given.
class CountingRandom final : public RandomSource {
public:
    quint32 bounded(quint32 bound) override { return m_next++ % bound; }

private:
    quint32 m_next = 0;
};

} // namespace

class TestApiKey : public QObject {
    Q_OBJECT

private slots:
    void formatAndChecksum();
    void distinctKeys();
    void usesInjectedRandomSource();
    void typosAreRecognised_data();
    void typosAreRecognised();
    void digestAndHint();
};

void TestApiKey::formatAndChecksum()
{
    SystemRandom random;
    const GeneratedKey key = ApiKey::generate(random);
    QVERIFY(key.secret.startsWith(QLatin1String("tg_")));
    QCOMPARE(key.secret.size(), 3 + ApiKey::kRandomLength + ApiKey::kChecksumLength);
    QVERIFY(ApiKey::kRandomLength >= 32);
    QVERIFY(ApiKey::hasValidFormat(key.secret));
    QCOMPARE(key.digest, ApiKey::digestOf(key.secret));
    QVERIFY(!key.digest.contains(key.secret));
}

void TestApiKey::distinctKeys()
{
    SystemRandom random;
    QSet<QString> seen;
    QSet<QChar> alphabet;
    for (int i = 0; i < 2000; ++i) {
        const GeneratedKey key = ApiKey::generate(random);
        seen.insert(key.secret);
        for (QChar c : key.secret.mid(3, ApiKey::kRandomLength))
            alphabet.insert(c);
    }
    QCOMPARE(seen.size(), 2000);
    QCOMPARE(alphabet.size(), 62); // every base62 digit turns up in 80,000 draws
}

void TestApiKey::usesInjectedRandomSource()
{
    CountingRandom a;
    CountingRandom b;
    QCOMPARE(ApiKey::generate(a).digest, ApiKey::generate(b).digest);
    QVERIFY(ApiKey::generate(a).secret.startsWith(QLatin1String("tg_")));
}

void TestApiKey::typosAreRecognised_data()
{
    QTest::addColumn<int>("position");
    for (int pos : {3, 10, 42, 44, 48})
        QTest::addRow("change at %d", pos) << pos;
}

void TestApiKey::typosAreRecognised()
{
    QFETCH(int, position);
    SystemRandom random;
    const QString key = ApiKey::generate(random).secret;
    QString typo = key;
    typo[position] = typo[position] == QLatin1Char('a') ? QLatin1Char('b') : QLatin1Char('a');
    QVERIFY(!ApiKey::hasValidFormat(typo));
    QVERIFY(!ApiKey::hasValidFormat(key.left(key.size() - 1)));
    QVERIFY(!ApiKey::hasValidFormat(QStringLiteral("xx_") + key.mid(3)));
    QVERIFY(!ApiKey::hasValidFormat(QString()));
    QVERIFY(!ApiKey::hasValidFormat(key + QLatin1Char('0')));
}

void TestApiKey::digestAndHint()
{
    const QString key = QStringLiteral("tg_abc");
    QCOMPARE(ApiKey::digestOf(key).size(), 64);
    QCOMPARE(ApiKey::digestOf(QStringLiteral("abc")),
             QStringLiteral("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    SystemRandom random;
    const GeneratedKey g = ApiKey::generate(random);
    QCOMPARE(g.hint, QStringLiteral("tg_") + QChar(0x2026) + g.secret.right(4));
}

QTEST_GUILESS_MAIN(TestApiKey)
#include "tst_apikey.moc"
