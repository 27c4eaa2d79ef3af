#include "KeyRevealDialog.h"

#include "PostmanExport.h"

#include "SecureClipboard.h"

#include <QDateTime>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QHeaderView>
#include <QIcon>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace tollgate::ui {

namespace {
QString perInterval(const QString& interval)
{
    if (interval == QLatin1String("second"))
        return KeyRevealDialog::tr("per second");
    if (interval == QLatin1String("minute"))
        return KeyRevealDialog::tr("per minute");
    if (interval == QLatin1String("hour"))
        return KeyRevealDialog::tr("per hour");
    if (interval == QLatin1String("day"))
        return KeyRevealDialog::tr("per day");
    if (interval == QLatin1String("week"))
        return KeyRevealDialog::tr("per week");
    if (interval == QLatin1String("month"))
        return KeyRevealDialog::tr("per month");
    return KeyRevealDialog::tr("per year");
}
} // namespace

QString KeyRevealDialog::limitsText(const AccessProfile& p)
{
    QStringList lines;
    if (p.rateLimit)
        lines << tr("Rate limit: %n request(s)", nullptr, int(p.rateLimit->requests))
                     + QLatin1Char(' ') + perInterval(intervalName(p.rateLimit->interval));
    if (p.quota)
        lines << tr("Usage quota: %n request(s)", nullptr, int(p.quota->requests))
                     + QLatin1Char(' ') + perInterval(intervalName(p.quota->interval));
    if (!p.ipWhitelist.isEmpty())
        lines << tr("IP whitelist: %1")
                     .arg(ipWhitelistToStrings(p.ipWhitelist).join(QLatin1String(", ")));
    if (lines.isEmpty())
        return tr("No specific limits have been set for this access profile.");
    return lines.join(QLatin1Char('\n'));
}

KeyRevealDialog::KeyRevealDialog(const AccessProfile& profile, const QString& key,
                                 const QList<EndpointLine>& endpoints, SecureClipboard& clipboard,
                                 QWidget* parent)
    : QDialog(parent)
    , m_clipboard(clipboard)
    , m_key(key)
    , m_confirm([](QWidget* parent, const QString& question) {
        return QMessageBox::question(parent, tr("Close without copying?"), question)
               == QMessageBox::Yes;
    })
{
    // Without a key this is the profile's "View key & usage" page: the hint instead.
    const bool revealing = !key.isEmpty();
    QString shown = key;
    if (!revealing) {
        QStringList hints;
        for (const ApiKeyRecord& k : profile.keys)
            hints << (k.lastUsedAt
                          ? tr("%1 (last used %2)")
                                .arg(k.hint, QLocale().toString(
                                                 QDateTime::fromMSecsSinceEpoch(*k.lastUsedAt),
                                                 QLocale::ShortFormat))
                          : tr("%1 (never used)").arg(k.hint));
        shown = hints.join(QLatin1String("; "));
    }
    setWindowTitle((revealing ? tr("API key for %1 / %2") : tr("Key & usage of %1 / %2"))
                       .arg(profile.clientName, profile.name));
    resize(720, 560);
    auto* layout = new QVBoxLayout(this);

    auto* warning =
        new QLabel(revealing ? tr("<b>Copy this key now.</b> It will not be shown again; "
                                  "only its last four characters are kept.")
                             : tr("The key itself is not stored, only its last four "
                                  "characters. Regenerate the key to issue a new one."),
                   this);
    warning->setObjectName(QStringLiteral("warningLabel"));
    warning->setWordWrap(true);
    layout->addWidget(warning);

    auto* keyRow = new QHBoxLayout;
    m_keyEdit = new QLineEdit(shown, this);
    m_keyEdit->setObjectName(QStringLiteral("keyEdit"));
    m_keyEdit->setReadOnly(true);
    m_keyEdit->setAccessibleName(tr("API key"));
    m_keyEdit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_keyEdit->setMinimumWidth(m_keyEdit->fontMetrics().horizontalAdvance(shown) + 24);
    // A copy from the field itself (Ctrl+C, Ctrl+Insert, the context menu) would bypass
    // the secure clipboard: there is no context menu, and the keys copy through it.
    m_keyEdit->setContextMenuPolicy(Qt::NoContextMenu);
    m_keyEdit->installEventFilter(this);
    // Nor may a selection put it in the X11 primary selection (middle-click paste).
    connect(m_keyEdit, &QLineEdit::selectionChanged, m_keyEdit, [this] {
        if (m_keyEdit->hasSelectedText())
            m_keyEdit->deselect();
    });
    keyRow->addWidget(m_keyEdit, 1);
    auto* copyButton =
        new QPushButton(QIcon(QStringLiteral(":/icons/copy.svg")), tr("&Copy"), this);
    copyButton->setObjectName(QStringLiteral("copyButton"));
    copyButton->setShortcut(QKeySequence::Copy);
    keyRow->addWidget(copyButton);
    copyButton->setVisible(revealing);
    layout->addLayout(keyRow);

    m_countdownLabel = new QLabel(this);
    m_countdownLabel->setObjectName(QStringLiteral("countdownLabel"));
    layout->addWidget(m_countdownLabel);
    connect(copyButton, &QPushButton::clicked, this, [this] {
        m_clipboard.copySecret(m_key);
        m_copied = true;
    });
    connect(&m_clipboard, &SecureClipboard::countdown, this, [this](int left) {
        m_countdownLabel->setText(
            left > 0 ? tr("Copied. The clipboard is cleared in %n second(s).", nullptr, left)
                     : QString());
    });

    auto* limits = new QLabel(limitsText(profile), this);
    limits->setObjectName(QStringLiteral("limitsLabel"));
    limits->setWordWrap(true);
    layout->addWidget(new QLabel(tr("<b>Usage limits</b>"), this));
    layout->addWidget(limits);

    layout->addWidget(
        new QLabel(tr("<b>Accessible API collections:</b> %1")
                       .arg(profile.collectionNames.join(QLatin1String(", ")).toHtmlEscaped()),
                   this));
    auto* table = new QTableWidget(int(endpoints.size()), 3, this);
    table->setObjectName(QStringLiteral("endpointsTable"));
    table->setAccessibleName(tr("Endpoints this key can call"));
    table->setHorizontalHeaderLabels({tr("Method"), tr("URL"), tr("Calls so far")});
    table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    for (int i = 0; i < endpoints.size(); ++i) {
        table->setItem(i, 0, new QTableWidgetItem(endpoints[i].method));
        table->setItem(i, 1, new QTableWidgetItem(endpoints[i].url));
        auto* calls = new QTableWidgetItem(QLocale().toString(endpoints[i].calls));
        calls->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        table->setItem(i, 2, calls);
    }
    // Method and calls as wide as their headers and values; the URL takes the rest.
    table->resizeColumnToContents(0);
    table->resizeColumnToContents(2);
    layout->addWidget(new QLabel(tr("<b>Endpoint usage details</b>"), this));
    layout->addWidget(table, 1);

    if (!endpoints.isEmpty()) {
        auto* example = new QPlainTextEdit(this);
        example->setObjectName(QStringLiteral("curlExample"));
        example->setAccessibleName(tr("Example request"));
        example->setReadOnly(true);
        example->setMaximumHeight(60);
        example->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        example->setPlainText(
            PostmanExport::curlCommand(endpoints.first().method, endpoints.first().url,
                                       revealing ? key : QStringLiteral("YOUR_KEY")));
        example->setContextMenuPolicy(Qt::NoContextMenu);
        example->setTextInteractionFlags(Qt::NoTextInteraction);
        example->setFocusPolicy(Qt::StrongFocus);
        example->installEventFilter(this);
        m_example = example;
        layout->addWidget(new QLabel(tr("<b>Example request</b>"), this));
        layout->addWidget(example);
    }

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_exportButton =
        buttons->addButton(tr("Export &Postman collection…"), QDialogButtonBox::ActionRole);
    m_exportButton->setObjectName(QStringLiteral("exportPostmanButton"));
    m_exportButton->hide(); // until setPostmanExport
    m_tryButton = buttons->addButton(tr("&Try it…"), QDialogButtonBox::ActionRole);
    m_tryButton->setObjectName(QStringLiteral("tryItButton"));
    m_tryButton->hide(); // until setTryIt
    connect(m_tryButton, &QPushButton::clicked, this, [this] {
        if (m_tryIt)
            m_tryIt(m_key);
    });
    connect(m_exportButton, &QPushButton::clicked, this, [this] {
        if (m_exporter)
            m_exporter(m_key);
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    m_layout = layout;
    layout->addWidget(buttons);
}

KeyRevealDialog::~KeyRevealDialog() { wipe(); }

void KeyRevealDialog::addSection(const QString& title, QWidget* section)
{
    // Above the buttons, which stay last.
    const int at = m_layout->count() - 1;
    m_layout->insertWidget(
        at, new QLabel(QStringLiteral("<b>%1</b>").arg(title.toHtmlEscaped()), this));
    m_layout->insertWidget(at + 1, section, 2);
    resize(std::max(width(), 960), std::max(height(), 820));
}

void KeyRevealDialog::setTryIt(std::function<void(const QString& key)> tryIt)
{
    m_tryIt = std::move(tryIt);
    m_tryButton->setVisible(bool(m_tryIt));
}

void KeyRevealDialog::setPostmanExport(std::function<void(const QString& key)> exporter)
{
    m_exporter = std::move(exporter);
    m_exportButton->setVisible(bool(m_exporter));
}

bool KeyRevealDialog::eventFilter(QObject* watched, QEvent* event)
{
    const bool watchedText = watched == m_keyEdit || (m_example && watched == m_example);
    if (!watchedText
        || (event->type() != QEvent::ShortcutOverride && event->type() != QEvent::KeyPress))
        return QDialog::eventFilter(watched, event);
    auto* key = static_cast<QKeyEvent*>(event);
    if (!key->matches(QKeySequence::Copy) && !key->matches(QKeySequence::Cut))
        return QDialog::eventFilter(watched, event);
    if (event->type() == QEvent::ShortcutOverride) {
        event->accept(); // ours, not a shortcut's: the KeyPress follows
        return true;
    }
    // The key field copies the key; the example copies the whole command.
    const QString text = watched == m_keyEdit ? m_key : m_example->toPlainText();
    if (!text.isEmpty()) {
        m_clipboard.copySecret(text);
        m_copied = m_copied || text.contains(m_key);
    }
    return true;
}

void KeyRevealDialog::done(int result)
{
    if (!m_copied && !m_key.isEmpty()
        && !m_confirm(this, tr("You have not copied the key. It cannot be shown again; "
                               "you would have to regenerate it. Close anyway?")))
        return;
    wipe();
    QDialog::done(result);
}

void KeyRevealDialog::wipe()
{
    m_key.fill(QLatin1Char('\0'));
    m_key.clear();
    if (m_keyEdit)
        m_keyEdit->clear();
    for (QPlainTextEdit* e : findChildren<QPlainTextEdit*>())
        e->clear();
}

} // namespace tollgate::ui
