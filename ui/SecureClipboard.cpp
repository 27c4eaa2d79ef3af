#include "SecureClipboard.h"

#include <QClipboard>
#include <QCryptographicHash>
#include <QMimeData>

namespace tollgate::ui {

namespace {
QByteArray digestOf(const QString& text)
{
    return QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256);
}
} // namespace

SecureClipboard::SecureClipboard(QClipboard* clipboard, QObject* parent)
    : QObject(parent)
    , m_clipboard(clipboard)
{
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &SecureClipboard::tick);
}

SecureClipboard::~SecureClipboard() { clearNow(); }

void SecureClipboard::copySecret(const QString& secret)
{
    auto* data = new QMimeData;
    data->setText(secret);
    data->setData(mimeHintFormat(), "secret"); // KDE Klipper and others
    data->setData(QStringLiteral("application/x-nspasteboard-concealed-type"), "secret"); // macOS
    data->setData(QStringLiteral("ExcludeClipboardContentFromMonitorProcessing"), "1");   // Windows
    m_clipboard->setMimeData(data);
    m_digest = digestOf(secret);
    m_secondsLeft = m_delaySeconds;
    m_timer.start();
    emit countdown(m_secondsLeft);
}

bool SecureClipboard::holdsSecret() const
{
    return !m_digest.isEmpty() && digestOf(m_clipboard->text()) == m_digest;
}

void SecureClipboard::clearNow()
{
    if (holdsSecret())
        m_clipboard->clear();
    m_digest.clear();
    m_timer.stop();
    if (m_secondsLeft != 0) {
        m_secondsLeft = 0;
        emit countdown(0);
    }
}

void SecureClipboard::tick()
{
    if (m_digest.isEmpty())
        return;
    if (!holdsSecret()) { // replaced by the user: nothing of ours to clear
        m_digest.clear();
        m_timer.stop();
        m_secondsLeft = 0;
        emit countdown(0);
        return;
    }
    if (--m_secondsLeft <= 0)
        return clearNow();
    emit countdown(m_secondsLeft);
}

} // namespace tollgate::ui
