#include "Domain.h"

namespace tollgate {

QString targetKindName(TargetKind kind)
{
    return kind == TargetKind::Upstream ? QStringLiteral("upstream") : QStringLiteral("mock");
}

} // namespace tollgate
