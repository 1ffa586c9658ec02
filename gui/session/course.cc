#include "gui/session/course.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <map>
#include <set>

#include "core/scenario/model.h"
#include "core/scenario/ynode.h"

namespace tideline::studio {

namespace {

QString qs(const std::string& s) { return QString::fromStdString(s); }

QString levelOf(const ScenarioInfo& info) {
  for (const QString& level : {QStringLiteral("beginner"), QStringLiteral("intermediate"), QStringLiteral("advanced")})
    if (info.tags.contains(level)) return level;
  return {};
}

QString textIn(const scenario::YNode* n, const std::string& language) {
  if (!n) return {};
  if (n->is_scalar()) return qs(n->scalar);
  scenario::LocalizedText t;
  if (n->is_map())
    for (const auto& [lang, text] : n->map) t.by_language[lang] = text.scalar;
  return qs(t.In(language));
}

}  // namespace

std::vector<CourseModule> readCourse(const QString& dir, const QString& language, QString* error) {
  std::vector<CourseModule> modules;
  if (dir.isEmpty()) return modules;
  const QDir root(dir);
  std::map<QString, ScenarioInfo> lessons;  // by path relative to dir
  for (ScenarioInfo& info : StudioSession::describeScenarios(dir, language))
    lessons[root.relativeFilePath(info.path)] = std::move(info);
  std::set<QString> listed;

  QFile index(root.filePath(QStringLiteral("course.lessons")));
  if (index.open(QIODevice::ReadOnly)) {
    const std::string lang = language.toStdString();
    auto parsed = scenario::ParseYaml(index.readAll().toStdString(), index.fileName().toStdString());
    const scenario::YNode* list = parsed.ok() ? parsed->Get("modules") : nullptr;
    if (!parsed.ok() && error) *error = qs(parsed.status().ToString());
    if (list && list->is_seq()) {
      for (const scenario::YNode& m : list->seq) {
        CourseModule module;
        module.title = textIn(m.Get("title"), lang);
        module.folder = dir;
        if (const scenario::YNode* ls = m.Get("lessons"); ls && ls->is_seq()) {
          for (const scenario::YNode& l : ls->seq) {
            const scenario::YNode* file = l.Get("file");
            const QString rel = file ? qs(file->scalar) : qs(l.scalar);
            const auto it = lessons.find(rel);
            if (it == lessons.end() || listed.count(rel)) continue;
            listed.insert(rel);
            CourseLesson lesson;
            lesson.info = it->second;
            const scenario::YNode* level = l.Get("level");
            lesson.level = level ? qs(level->scalar) : levelOf(lesson.info);
            module.lessons.push_back(std::move(lesson));
          }
        }
        if (!module.lessons.empty()) modules.push_back(std::move(module));
      }
    }
  }
  // The rest, a module per subfolder, by title.
  std::map<QString, std::vector<CourseLesson>> rest;
  for (const auto& [rel, info] : lessons) {
    if (listed.count(rel)) continue;
    const QString sub = QFileInfo(rel).path();
    rest[sub == QLatin1String(".") ? QFileInfo(dir).fileName() : sub].push_back({info, levelOf(info)});
  }
  for (auto& [name, ls] : rest) {
    std::stable_sort(ls.begin(), ls.end(), [](const CourseLesson& a, const CourseLesson& b) {
      return a.info.title.compare(b.info.title, Qt::CaseInsensitive) < 0;
    });
    CourseModule module;
    module.title = modules.empty() ? name : QObject::tr("More lessons: %1").arg(name);
    module.folder = dir;
    module.lessons = std::move(ls);
    modules.push_back(std::move(module));
  }
  return modules;
}

}  // namespace tideline::studio
