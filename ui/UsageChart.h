#pragma once

#include "Usage.h"

#include <QColor>
#include <QWidget>

namespace tollgate::ui {

// Requests over time as bars stacked by outcome (allowed, endpoint errors, rate
// limited, quota exceeded, IP not allowed, other refusals), with a legend, a
// labelled scale and time axis, drawn with QPainter in the palette's colours.
// Its accessible description says in words what the bars show.
class UsageChart : public QWidget {
    Q_OBJECT

public:
    struct Category {
        const char* source; // untranslated; see label()
        QColor color;
        QStringList outcomes; // outcome names (see outcomeName)
        // Translated when asked, so that it follows the language installed.
        QString label() const { return UsageChart::tr(source); }
    };
    static const QList<Category>& categories();

    explicit UsageChart(QWidget* parent = nullptr);

    void setPoints(const QList<UsagePoint>& points, qint64 bucketMs);
    const QList<UsagePoint>& points() const { return m_points; }
    // The scale's top (a round number at or above the tallest bar), 0 without data.
    qint64 scaleMax() const { return m_scaleMax; }
    // Where bar index is drawn (the whole stack), in widget coordinates.
    QRectF barRect(int index) const;
    QSize sizeHint() const override { return {640, 260}; }
    QSize minimumSizeHint() const override { return {320, 180}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QRectF plotArea() const;
    QString timeLabel(qint64 ms) const;
    void describe();

    QList<UsagePoint> m_points;
    qint64 m_bucketMs = 3'600'000;
    qint64 m_scaleMax = 0;
};

} // namespace tollgate::ui
