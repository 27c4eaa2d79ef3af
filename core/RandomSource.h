#pragma once

#include <QtGlobal>

namespace tollgate {

// Randomness comes in through this interface so that tests can control it.
// Production code uses SystemRandom (the operating system's cryptographic source).
class RandomSource {
public:
    virtual ~RandomSource() = default;
    // Uniform in [0, bound).
    virtual quint32 bounded(quint32 bound) = 0;
};

class SystemRandom final : public RandomSource {
public:
    quint32 bounded(quint32 bound) override;
};

} // namespace tollgate
