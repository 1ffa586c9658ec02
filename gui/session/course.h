#pragma once
// Course: the lessons of a folder as a course, in teaching order. A folder may
// hold a `course.lessons` file (YAML: `modules:`, each with a `title` (a
// string, or a map from a language code to text) and `lessons:` of
// `{file, level}` in order); lessons of the folder that it does not list, and
// all lessons of a folder without one, come after it in a module named after
// their subfolder, sorted by title. A lesson's level is the course's, else a
// tag (beginner, intermediate, advanced). Plain values; reading is not
// thread-safe only in that it reads files.

#include <QString>
#include <vector>

#include "gui/session/studio_session.h"

namespace tideline::studio {

struct CourseLesson {
  ScenarioInfo info;
  QString level;  // beginner, intermediate, advanced, or empty
};

struct CourseModule {
  QString title;
  QString folder;  // the lesson folder it comes from
  std::vector<CourseLesson> lessons;
};

// The modules of the lessons under `dir`, texts in `language`. An unreadable
// course.lessons file becomes `error` (FILE:LINE:COL: error: ...) and the folder is
// listed as if it had none.
std::vector<CourseModule> readCourse(const QString& dir, const QString& language, QString* error = nullptr);

}  // namespace tideline::studio
