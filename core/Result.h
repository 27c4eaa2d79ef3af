#pragma once

#include <QString>

#include <optional>
#include <utility>
#include <variant>

namespace tollgate {

// What kind of failure an Error is. The numeric values are tollgatectl's exit codes.
enum class ErrorKind {
    Usage = 1,    // the caller asked for something that cannot be asked this way
    Invalid = 2,  // input failed validation; field() names it
    NotFound = 3, // the named object does not exist
    Conflict = 4, // duplicate name, changed by someone else, already set, ...
    Database = 5, // the database is unavailable, failing, too new, corrupt, ...
};

// An error is a value: what went wrong (kind), where (field, may be empty) and why
// (message, a complete sentence for a person). detail carries the driver's text for
// database errors, so that a user sees our message first and the raw text second.
class Error {
public:
    Error(ErrorKind kind, QString field, QString message, QString detail = {})
        : m_kind(kind)
        , m_field(std::move(field))
        , m_message(std::move(message))
        , m_detail(std::move(detail))
    {
    }

    static Error invalid(const QString& field, const QString& message)
    {
        return {ErrorKind::Invalid, field, message};
    }
    static Error notFound(const QString& message) { return {ErrorKind::NotFound, {}, message}; }
    static Error conflict(const QString& field, const QString& message)
    {
        return {ErrorKind::Conflict, field, message};
    }
    static Error database(const QString& message, const QString& detail = {})
    {
        return {ErrorKind::Database, {}, message, detail};
    }

    ErrorKind kind() const { return m_kind; }
    const QString& field() const { return m_field; }
    const QString& message() const { return m_message; }
    const QString& detail() const { return m_detail; }

    // "field: message (detail)", for logs and the command line.
    QString toString() const;

private:
    ErrorKind m_kind;
    QString m_field;
    QString m_message;
    QString m_detail;
};

// Either a value or an Error. Small on purpose; C++20 has no std::expected yet.
template <typename T> class [[nodiscard]] Result {
public:
    Result(T value)
        : m_data(std::move(value))
    {
    }
    Result(Error error)
        : m_data(std::move(error))
    {
    }

    bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<0>(m_data); }
    const T& value() const& { return std::get<0>(m_data); }
    T&& value() && { return std::get<0>(std::move(m_data)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const { return std::get<1>(m_data); }

private:
    std::variant<T, Error> m_data;
};

template <> class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error)
        : m_error(std::move(error))
    {
    }

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error& error() const { return *m_error; }

private:
    std::optional<Error> m_error;
};

using Status = Result<void>;

} // namespace tollgate

// Propagates an error from an expression that yields a Result.
#define TG_TRY(expr)                                                                               \
    do {                                                                                           \
        if (auto tgTryResult_ = (expr); !tgTryResult_.ok())                                        \
            return tgTryResult_.error();                                                           \
    } while (false)
