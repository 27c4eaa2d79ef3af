#include "RandomSource.h"

#include <QRandomGenerator>

namespace tollgate {

quint32 SystemRandom::bounded(quint32 bound)
{
    // QRandomGenerator::system() reads the OS source (getrandom / RtlGenRandom) and
    // bounded() rejects biased values, so every base62 digit is uniform.
    return QRandomGenerator::system()->bounded(bound);
}

} // namespace tollgate
