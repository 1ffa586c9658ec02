#pragma once
// CSV export of table models (RFC 4180): one header line with the horizontal
// header texts, then one line per row of Qt::DisplayRole texts; fields that
// hold a comma, a double quote, a line break or surrounding spaces are quoted,
// double quotes doubled; lines end with CRLF; UTF-8 without a byte-order mark.

#include <QString>

class QAbstractItemModel;

namespace tideline::studio {

// One field, quoted when it needs to be.
QString csvField(const QString& text);
// The whole table (top-level rows of `model`) as CSV text.
QString toCsv(const QAbstractItemModel& model);
// Writes toCsv(model) to `path`. Returns false and sets `error` when the file cannot be written.
bool writeCsv(const QAbstractItemModel& model, const QString& path, QString* error);

}  // namespace tideline::studio
