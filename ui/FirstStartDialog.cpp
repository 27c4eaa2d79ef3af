#include "FirstStartDialog.h"

#include "DemoWorkspace.h"
#include "SettingsStore.h"
#include "Theme.h"
#include "Validation.h"

#include <QButtonGroup>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

namespace tollgate::ui {

FirstStartDialog::FirstStartDialog(Database& db, QWidget* parent)
    : QDialog(parent)
    , m_db(db)
{
    setObjectName(QStringLiteral("firstStartDialog"));
    setWindowTitle(tr("Welcome to Tollgate"));
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(tr("<b>Set up your workspace</b><br>This database is empty. Choose "
                                "the path prefix of your workspace, or explore Tollgate with a "
                                "ready-made demo."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    m_own = new QRadioButton(tr("Start with my own &path prefix:"), this);
    m_own->setObjectName(QStringLiteral("ownPrefixRadio"));
    m_own->setChecked(true);
    layout->addWidget(m_own);
    m_prefix = new QLineEdit(this);
    m_prefix->setObjectName(QStringLiteral("prefixEdit"));
    m_prefix->setAccessibleName(tr("Path prefix"));
    m_prefix->setPlaceholderText(tr("e.g. acme"));
    m_prefix->setMaxLength(200);
    layout->addWidget(m_prefix);
    auto* explanation = new QLabel(tr("The path prefix is the first part of every URL the "
                                      "gateway answers, and it can never be changed: keys and "
                                      "URLs you hand out depend on it. Letters A-Z, digits, "
                                      "'-' and '_'."),
                                   this);
    explanation->setWordWrap(true);
    layout->addWidget(explanation);
    m_preview = new QLabel(this);
    m_preview->setObjectName(QStringLiteral("prefixPreviewLabel"));
    m_preview->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_preview);
    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("prefixProblemLabel"));
    m_problem->setWordWrap(true);
    Theme::markAsError(m_problem);
    layout->addWidget(m_problem);

    m_demo =
        new QRadioButton(tr("Load the HR operations &demo workspace (path prefix \"demo\")"), this);
    m_demo->setObjectName(QStringLiteral("demoRadio"));
    layout->addWidget(m_demo);
    auto* group = new QButtonGroup(this);
    group->addButton(m_own);
    group->addButton(m_demo);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Get started"));
    m_buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("getStartedButton"));
    layout->addStretch();
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &FirstStartDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_prefix, &QLineEdit::textChanged, this, &FirstStartDialog::updateState);
    connect(m_own, &QRadioButton::toggled, this, &FirstStartDialog::updateState);
    setMinimumWidth(520);
    updateState();
}

void FirstStartDialog::updateState()
{
    const bool own = m_own->isChecked();
    m_prefix->setEnabled(own);
    QString prefix = m_prefix->text();
    const Status valid = validate::pathPrefix(prefix);
    // An empty field is not an error yet, only not ready.
    m_problem->setText(own && !valid && !m_prefix->text().isEmpty()
                           ? tr("Path prefix: %1").arg(valid.error().message())
                           : QString());
    m_preview->setText(own && valid ? tr("Your URLs will look like: %1")
                                          .arg(QStringLiteral("http://127.0.0.1:8080/%1/"
                                                              "employee/v1/fetch")
                                                   .arg(prefix))
                                    : QString());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!own || valid);
}

void FirstStartDialog::accept()
{
    if (m_demo->isChecked()) {
        SystemRandom random;
        // The demo's keys are not shown: its profiles get new ones when they are regenerated.
        if (auto loaded = DemoWorkspace::load(m_db, random); !loaded) {
            m_problem->setText(loaded.error().toString());
            return;
        }
    } else if (auto set = SettingsStore(m_db).initialise(m_prefix->text()); !set) {
        m_problem->setText(tr("Path prefix: %1").arg(set.error().message()));
        return;
    }
    QDialog::accept();
}

} // namespace tollgate::ui
