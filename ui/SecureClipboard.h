#pragma once

#include <QByteArray>
#include <QObject>
#include <QTimer>

class QClipboard;

namespace tollgate::ui {

// The one way the console copies a secret. The data is marked secret for
// clipboard managers (x-kde-passwordManagerHint on Linux, the concealed type
// on macOS, the monitor exclusion on Windows), and cleared after a delay, and
// on quit, but only if the clipboard still holds that secret. Only a digest of
// the secret is kept, to recognise it.
class SecureClipboard : public QObject {
    Q_OBJECT

public:
    explicit SecureClipboard(QClipboard* clipboard, QObject* parent = nullptr);
    ~SecureClipboard() override;

    void setClearDelay(int seconds) { m_delaySeconds = seconds; }
    int clearDelay() const { return m_delaySeconds; }
    void copySecret(const QString& secret);
    // Clears the clipboard now if it still holds the copied secret.
    void clearNow();
    int secondsLeft() const { return m_secondsLeft; }
    bool holdsSecret() const;

    static QString mimeHintFormat() { return QStringLiteral("x-kde-passwordManagerHint"); }

public slots:
    // One second passed (the timer calls it; tests call it directly).
    void tick();

signals:
    // Seconds until the clipboard is cleared; 0 once it was cleared or replaced.
    void countdown(int secondsLeft);

private:
    QClipboard* m_clipboard;
    QTimer m_timer;
    QByteArray m_digest;
    int m_delaySeconds = 30;
    int m_secondsLeft = 0;
};

} // namespace tollgate::ui
