#!/usr/bin/env bash
# Refreshes gui/translations/*.ts from the Studio's sources with Qt's lupdate, keeping
# every translation already made. Then translate the new (unfinished) strings in Qt
# Linguist (`linguist gui/translations/tideline_ko.ts`) or any editor.
#
# lupdate's parser does not follow `namespace tideline::studio {`, so it names a class's
# context `MainWindow` where Qt looks up `tideline::studio::MainWindow`: the contexts are
# unqualified for lupdate and qualified again after it.
set -euo pipefail
cd "$(dirname "$0")/.."
LUPDATE="${LUPDATE:-/usr/lib/qt6/bin/lupdate}"
[ -x "$LUPDATE" ] || { echo "lupdate of Qt 6 not found (Debian: qt6-l10n-tools); set LUPDATE" >&2; exit 2; }
# Contexts the sources name in full (QCoreApplication::translate("tideline::studio::X", ...)) stay as they are.
literal="$(grep -rhoE 'translate\("tideline::studio::[A-Za-z_]+' gui | sed 's/.*::studio:://' | sort -u | tr '\n' ' ')"
export literal
contexts() {  # FILE qualify|unqualify
  python3 -c '
import re, sys
path, mode = sys.argv[1], sys.argv[2]
text = open(path, encoding="utf-8").read()
import os
literal = set(os.environ.get("literal", "").split())
def fix(m):
    name = m.group(1).replace("tideline::studio::", "")
    if name in literal:
        return "<name>tideline::studio::%s</name>" % name
    if mode == "qualify" and name not in ("main", "QObject"):
        name = "tideline::studio::" + name
    return "<name>%s</name>" % name
open(path, "w", encoding="utf-8").write(re.sub(r"<name>([^<]*)</name>", fix, text))
' "$1" "$2"
}
for ts in gui/translations/tideline_*.ts; do
  lang="$(basename "$ts" .ts)"; lang="${lang#tideline_}"
  contexts "$ts" unqualify
  "$LUPDATE" -silent -no-obsolete -locations none gui -source-language en -target-language "$lang" -ts "$ts" \
    2> >(grep -v "Qualifying with unknown namespace" >&2)
  contexts "$ts" qualify
  echo "$ts: $(grep -c 'type="unfinished"' "$ts" || true) unfinished"
done
