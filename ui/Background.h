#pragma once

#include "Database.h"

#include <QCoreApplication>
#include <QPointer>
#include <QThread>

#include <functional>
#include <memory>

namespace tollgate::ui {

// Runs work on a worker thread with its own connection to url and hands the
// result to done on the UI thread, unless context is gone by then. For reads
// that can take long on a big or distant database (verifying the audit chain,
// exporting it), so that the window never freezes while they run.
template <typename T>
void runInBackground(QObject* context, const DatabaseUrl& url,
                     std::function<Result<T>(Database&)> work, std::function<void(Result<T>)> done)
{
    QPointer<QObject> guard(context);
    QThread* worker =
        QThread::create([guard, url, work = std::move(work), done = std::move(done)]() mutable {
            auto result = std::make_shared<Result<T>>([&]() -> Result<T> {
                auto db = Database::open(url, Database::OpenMode::MustExist);
                if (!db)
                    return db.error();
                return work(**db);
            }());
            QMetaObject::invokeMethod(
                QCoreApplication::instance(),
                [guard, result, done = std::move(done)] {
                    if (guard)
                        done(std::move(*result));
                },
                Qt::QueuedConnection);
        });
    QObject::connect(worker, &QThread::finished, worker, &QObject::deleteLater);
    worker->start();
}

} // namespace tollgate::ui
