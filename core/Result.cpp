#include "Result.h"

namespace tollgate {

QString Error::toString() const
{
    QString text = m_field.isEmpty() ? m_message : m_field + QStringLiteral(": ") + m_message;
    if (!m_detail.isEmpty())
        text += QStringLiteral(" (") + m_detail + QLatin1Char(')');
    return text;
}

} // namespace tollgate
