#pragma once

#include "Result.h"

#include <QByteArray>
#include <QString>

#include <functional>

class QWidget;

namespace tollgate::ui {

// Asks where to save an export (the file dialog, or a test's answer).
using SavePath = std::function<QString(QWidget* parent, const QString& suggestedName)>;
SavePath fileDialogSavePath(const QString& filter);

// Writes bytes to the file savePath names, owner-only and whole or not at all.
// Returns what to tell the administrator (empty when they cancelled), or why it failed.
Result<QString> saveExport(QWidget* parent, const SavePath& savePath, const QString& suggestedName,
                           const QByteArray& bytes);

} // namespace tollgate::ui
