#include "TryItDialog.h"

#include "Theme.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QElapsedTimer>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace tollgate::ui {

namespace {

bool takesBody(const QString& method)
{
    return method == QLatin1String("POST") || method == QLatin1String("PUT")
           || method == QLatin1String("PATCH");
}

bool limitHeader(const QByteArray& name)
{
    const QByteArray lower = name.toLower();
    return lower.startsWith("ratelimit-") || lower.startsWith("x-ratelimit-")
           || lower.startsWith("x-quota-") || lower == "retry-after";
}

qint64 monotonicNs()
{
    static QElapsedTimer clock = [] {
        QElapsedTimer t;
        t.start();
        return t;
    }();
    return clock.nsecsElapsed();
}

} // namespace

TryItDialog::TryItDialog(const QList<Target>& targets, const QString& key, QWidget* parent)
    : QDialog(parent)
    , m_targets(targets)
    , m_network(new QNetworkAccessManager(this))
{
    setObjectName(QStringLiteral("tryItDialog"));
    setWindowTitle(tr("Try it"));
    resize(860, 680);
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    m_target = new QComboBox(this);
    m_target->setObjectName(QStringLiteral("tryTargetCombo"));
    m_target->setAccessibleName(tr("Endpoint to call"));
    for (const Target& t : targets)
        m_target->addItem(t.method + QLatin1Char(' ') + t.url);
    form->addRow(tr("&Endpoint"), m_target);
    auto* keyRow = new QHBoxLayout;
    m_key = new QLineEdit(key, this);
    m_key->setObjectName(QStringLiteral("tryKeyEdit"));
    m_key->setAccessibleName(tr("API key"));
    m_key->setPlaceholderText(tr("Paste a key (tg_…)"));
    m_key->setEchoMode(QLineEdit::Password);
    m_key->setContextMenuPolicy(Qt::NoContextMenu);
    auto* show = new QCheckBox(tr("S&how"), this);
    show->setObjectName(QStringLiteral("tryShowKeyCheck"));
    connect(show, &QCheckBox::toggled, this,
            [this](bool on) { m_key->setEchoMode(on ? QLineEdit::Normal : QLineEdit::Password); });
    keyRow->addWidget(m_key, 1);
    keyRow->addWidget(show);
    auto* keyLabel = new QLabel(tr("API &key"), this);
    keyLabel->setBuddy(m_key);
    form->addRow(keyLabel, keyRow);
    m_headers = new QPlainTextEdit(this);
    m_headers->setObjectName(QStringLiteral("tryHeadersEdit"));
    m_headers->setAccessibleName(tr("Extra request headers, one \"Name: value\" per line"));
    m_headers->setPlaceholderText(tr("Name: value (one per line)"));
    m_headers->setMaximumHeight(60);
    form->addRow(tr("&Headers"), m_headers);
    m_body = new QPlainTextEdit(QStringLiteral("{}"), this);
    m_body->setObjectName(QStringLiteral("tryBodyEdit"));
    m_body->setAccessibleName(tr("Request body"));
    m_body->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_body->setMaximumHeight(90);
    form->addRow(tr("&Body"), m_body);
    layout->addLayout(form);

    auto* buttons = new QHBoxLayout;
    m_send = new QPushButton(tr("&Send"), this);
    m_send->setObjectName(QStringLiteral("trySendButton"));
    m_send->setDefault(true);
    m_cancel = new QPushButton(tr("&Cancel request"), this);
    m_cancel->setObjectName(QStringLiteral("tryCancelButton"));
    m_cancel->setEnabled(false);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("tryStatusLabel"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    buttons->addWidget(m_send);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_status, 1);
    layout->addLayout(buttons);

    auto* response = new QSplitter(Qt::Vertical, this);
    m_responseHeaders = new QTableWidget(0, 2, response);
    m_responseHeaders->setObjectName(QStringLiteral("tryResponseHeaders"));
    m_responseHeaders->setAccessibleName(tr("Response headers"));
    m_responseHeaders->setHorizontalHeaderLabels({tr("Header"), tr("Value")});
    m_responseHeaders->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_responseHeaders->verticalHeader()->hide();
    m_responseHeaders->horizontalHeader()->setStretchLastSection(true);
    m_responseBody = new QPlainTextEdit(response);
    m_responseBody->setObjectName(QStringLiteral("tryResponseBody"));
    m_responseBody->setAccessibleName(tr("Response body"));
    m_responseBody->setReadOnly(true);
    m_responseBody->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    layout->addWidget(response, 1);
    auto* close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(close);

    const auto updateBody = [this] {
        const int i = m_target->currentIndex();
        m_body->setEnabled(i >= 0 && takesBody(m_targets.value(i).method));
    };
    connect(m_target, &QComboBox::currentIndexChanged, this, updateBody);
    updateBody();
    connect(m_send, &QPushButton::clicked, this, &TryItDialog::send);
    connect(m_cancel, &QPushButton::clicked, this, &TryItDialog::cancel);
}

TryItDialog::~TryItDialog()
{
    if (m_reply)
        m_reply->abort();
}

void TryItDialog::send()
{
    const int i = m_target->currentIndex();
    if (i < 0 || m_reply)
        return;
    const QString key = m_key->text().trimmed();
    if (key.isEmpty()) {
        Theme::markAsError(m_status);
        m_status->setText(tr("API key: paste one first."));
        return;
    }
    const Target& target = m_targets.at(i);
    QNetworkRequest request{QUrl(target.url)};
    request.setRawHeader("apikey", key.toUtf8());
    request.setTransferTimeout(120'000);
    for (const QString& line : m_headers->toPlainText().split(QLatin1Char('\n'))) {
        const qsizetype colon = line.indexOf(QLatin1Char(':'));
        if (colon <= 0) {
            if (!line.trimmed().isEmpty()) {
                Theme::markAsError(m_status);
                m_status->setText(tr("Headers: \"%1\" is not \"Name: value\".").arg(line));
                return;
            }
            continue;
        }
        request.setRawHeader(line.left(colon).trimmed().toUtf8(),
                             line.mid(colon + 1).trimmed().toUtf8());
    }
    QByteArray body;
    if (takesBody(target.method)) {
        body = m_body->toPlainText().toUtf8();
        if (!request.hasRawHeader("Content-Type"))
            request.setHeader(QNetworkRequest::ContentTypeHeader,
                              QStringLiteral("application/json"));
    }
    m_responseHeaders->setRowCount(0);
    m_responseBody->clear();
    m_status->setPalette(palette());
    m_status->setText(tr("Sending…"));
    m_send->setEnabled(false);
    m_cancel->setEnabled(true);
    m_startedNs = monotonicNs();
    m_reply = m_network->sendCustomRequest(request, target.method.toUtf8(), body);
    connect(m_reply, &QNetworkReply::finished, this, &TryItDialog::showReply);
}

void TryItDialog::cancel()
{
    if (m_reply)
        m_reply->abort(); // finished() follows, with OperationCanceledError
}

void TryItDialog::showReply()
{
    QNetworkReply* reply = m_reply;
    m_reply = nullptr;
    reply->deleteLater();
    m_send->setEnabled(true);
    m_cancel->setEnabled(false);
    const double ms = double(monotonicNs() - m_startedNs) / 1e6;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->error() == QNetworkReply::OperationCanceledError) {
        m_status->setText(tr("Cancelled after %1 ms.").arg(ms, 0, 'f', 0));
        emit finished(0);
        return;
    }
    if (status == 0) {
        Theme::markAsError(m_status);
        m_status->setText(tr("No answer: %1").arg(reply->errorString()));
        emit finished(0);
        return;
    }
    m_status->setText(
        QStringLiteral("%1 %2 — %3 ms")
            .arg(status)
            .arg(reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString())
            .arg(ms, 0, 'f', 1));
    const auto headers = reply->rawHeaderPairs();
    m_responseHeaders->setRowCount(int(headers.size()));
    for (int row = 0; row < headers.size(); ++row) {
        auto* name = new QTableWidgetItem(QString::fromLatin1(headers[row].first));
        auto* value = new QTableWidgetItem(QString::fromLatin1(headers[row].second));
        if (limitHeader(headers[row].first)) {
            for (QTableWidgetItem* item : {name, value}) {
                QFont font = item->font();
                font.setBold(true);
                item->setFont(font);
            }
        }
        m_responseHeaders->setItem(row, 0, name);
        m_responseHeaders->setItem(row, 1, value);
    }
    const QByteArray bytes = reply->readAll();
    QJsonParseError error;
    const QJsonDocument json = QJsonDocument::fromJson(bytes, &error);
    m_responseBody->setPlainText(error.error == QJsonParseError::NoError && !json.isNull()
                                     ? QString::fromUtf8(json.toJson(QJsonDocument::Indented))
                                     : QString::fromUtf8(bytes));
    emit finished(status);
}

void TryItDialog::done(int result)
{
    cancel();
    m_key->clear(); // the key leaves with the dialog
    QDialog::done(result);
}

} // namespace tollgate::ui
