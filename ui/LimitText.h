#pragma once

#include "Limits.h"

namespace tollgate::ui {

// A limit as the console shows it: "5/minute", "100,000/month", in the
// console's language and the locale's digits (tollgatectl's "5/minute" is an
// input format; this is a text).
QString limitText(const RateLimit& limit);
QString limitText(const Quota& quota);

} // namespace tollgate::ui
