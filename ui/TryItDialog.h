#pragma once

#include <QDialog>

class QComboBox;
class QElapsedTimer;
class QLabel;
class QLineEdit;
class QNetworkAccessManager;
class QNetworkReply;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;

namespace tollgate::ui {

// Try it: send one request to an endpoint through the gateway, with the key
// just revealed or one pasted, and see the status, the headers (rate-limit and
// quota headers in bold), the body (JSON pretty-printed) and the time taken. A
// slow request can be cancelled. The key field is a password field and is
// cleared when the dialog closes; the key is sent only in the apikey header.
class TryItDialog : public QDialog {
    Q_OBJECT

public:
    struct Target {
        QString method;
        QString url;
    };

    TryItDialog(const QList<Target>& targets, const QString& key, QWidget* parent = nullptr);
    ~TryItDialog() override;

    bool busy() const { return m_reply != nullptr; }

public slots:
    void send();
    void cancel();

signals:
    // A request has finished: its status (0 without an answer).
    void finished(int status);

protected:
    void done(int result) override;

private:
    void showReply();

    QList<Target> m_targets;
    QComboBox* m_target;
    QLineEdit* m_key;
    QPlainTextEdit* m_headers;
    QPlainTextEdit* m_body;
    QPushButton* m_send;
    QPushButton* m_cancel;
    QLabel* m_status;
    QTableWidget* m_responseHeaders;
    QPlainTextEdit* m_responseBody;
    QNetworkAccessManager* m_network;
    QNetworkReply* m_reply = nullptr;
    qint64 m_startedNs = 0;
};

} // namespace tollgate::ui
