#include "Output.h"

#include <QJsonDocument>

#include <cstdio>

namespace tollgate::ctl {

namespace {

QString kindName(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::Usage: return QStringLiteral("usage");
    case ErrorKind::Invalid: return QStringLiteral("invalid_input");
    case ErrorKind::NotFound: return QStringLiteral("not_found");
    case ErrorKind::Conflict: return QStringLiteral("conflict");
    case ErrorKind::Database: return QStringLiteral("database");
    }
    return {};
}

} // namespace

Output::Output(bool json)
    : m_json(json)
    , m_out(stdout)
    , m_err(stderr)
{
}

void Output::result(const QJsonValue& value, const QString& text)
{
    if (m_json) {
        const QJsonDocument doc =
            value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject());
        m_out << doc.toJson(QJsonDocument::Indented);
    } else if (!text.isEmpty()) {
        m_out << text << (text.endsWith(QLatin1Char('\n')) ? "" : "\n");
    }
    m_out.flush();
}

void Output::table(const QJsonArray& array, const QStringList& header,
                   const QList<QStringList>& rows)
{
    if (m_json) {
        result(array, {});
        return;
    }
    QList<qsizetype> widths;
    for (const QString& h : header)
        widths.append(h.size());
    for (const QStringList& row : rows)
        for (qsizetype i = 0; i < row.size() && i < widths.size(); ++i)
            widths[i] = qMax(widths[i], qMin<qsizetype>(row[i].size(), 60));
    const auto line = [&](const QStringList& cells) {
        QString text;
        for (qsizetype i = 0; i < cells.size(); ++i) {
            QString cell = cells[i].size() > 60 ? cells[i].left(59) + QChar(0x2026) : cells[i];
            cell.replace(QLatin1Char('\n'), QLatin1Char(' '));
            text += i + 1 < cells.size() ? cell.leftJustified(widths[i] + 2) : cell;
        }
        m_out << text << '\n';
    };
    line(header);
    for (const QStringList& row : rows)
        line(row);
    if (rows.isEmpty())
        m_out << "(none)\n";
    m_out.flush();
}

void Output::error(const Error& e)
{
    if (m_json) {
        QJsonObject o{{QStringLiteral("kind"), kindName(e.kind())},
                      {QStringLiteral("message"), e.message()}};
        if (!e.field().isEmpty())
            o.insert(QStringLiteral("field"), e.field());
        if (!e.detail().isEmpty())
            o.insert(QStringLiteral("detail"), e.detail());
        m_err << QJsonDocument(QJsonObject{{QStringLiteral("error"), o}})
                     .toJson(QJsonDocument::Compact)
              << '\n';
    } else {
        m_err << "tollgatectl: " << e.toString() << '\n';
    }
    m_err.flush();
}

void Output::note(const QString& text)
{
    if (m_json)
        return;
    m_err << text << '\n';
    m_err.flush();
}

} // namespace tollgate::ctl
