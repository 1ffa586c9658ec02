#pragma once
// The export of a run at full speed (the Full Speed panel's Export button, File > Export
// > Full-speed results): two files side by side.
// - NAME.csv: one line per batch of the whole run, oldest first (FullSpeedSnapshot::history),
//   with the columns batch, batch_time_s (seconds from the scenario's start, or from the
//   run's start at the system clock), input_rows, output_rows, state_rows, wall_ms and
//   virtual_ms; numbers written in the C locale (a dot for decimals, no grouping), as
//   csv.h writes fields (CRLF, UTF-8).
// - NAME-output.txt: every print block the run produced (print() text, a structured
//   query's console tables), as the worker streamed it to its output file (cut at
//   FullSpeedRun::kOutputFileBytes, with a note).
// Stateless functions; GUI thread (they read files the finished worker no longer writes).

#include <QString>

namespace tideline::studio {

struct FullSpeedSnapshot;

// The metrics CSV of `s` as text. REQUIRES: s.done() (else only the header).
QString fullSpeedCsv(const FullSpeedSnapshot& s);
// Where the outputs go beside the CSV `csv_path`: "x.csv" -> "x-output.txt".
QString fullSpeedOutputPath(const QString& csv_path);
// Writes both files. Returns false and sets `error` when the run has not ended or a file
// cannot be written (a file written before the failure stays).
bool exportFullSpeedRun(const FullSpeedSnapshot& s, const QString& csv_path, QString* error);

}  // namespace tideline::studio
