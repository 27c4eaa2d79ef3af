#pragma once

#include <QByteArray>

namespace tollgate::ui {

// The console's own preferences (not the workspace's), kept with QSettings
// under typed keys. Never a key or any other secret.
class ConsoleSettings {
public:
    static int clipboardClearSeconds();
    static void setClipboardClearSeconds(int seconds);
    static QByteArray windowGeometry();
    static void setWindowGeometry(const QByteArray& geometry);

    static constexpr int kDefaultClipboardClearSeconds = 30;
};

} // namespace tollgate::ui
