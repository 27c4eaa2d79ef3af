#pragma once

#include <QByteArray>
#include <QString>

namespace tollgate::ui {

// The console's own preferences (not the workspace's), kept with QSettings
// under typed keys. Never a key or any other secret.
class ConsoleSettings {
public:
    static int clipboardClearSeconds();
    static void setClipboardClearSeconds(int seconds);
    static QByteArray windowGeometry();
    static void setWindowGeometry(const QByteArray& geometry);
    // "" (the system's language), "en" or "de"; read at start.
    static QString language();
    static void setLanguage(const QString& language);
    // The database opened when neither --db nor TOLLGATE_DB names one; kept
    // without a password (PostgreSQL reads that from ~/.pgpass or PGPASSWORD).
    static QString databaseUrl();
    static void setDatabaseUrl(const QString& url);

    static constexpr int kDefaultClipboardClearSeconds = 30;
};

} // namespace tollgate::ui
