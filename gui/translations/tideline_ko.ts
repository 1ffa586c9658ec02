<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko" sourcelanguage="en">
<context>
    <name>tideline::studio::BatchStripModel</name>
    <message>
        <source>arrived</source>
        <translation>도착</translation>
    </message>
</context>
<context>
    <name>tideline::studio::BatchStripPanel</name>
    <message>
        <source>Windows</source>
        <translation>윈도우</translation>
    </message>
    <message>
        <source>Picture</source>
        <translation>그림</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>표</translation>
    </message>
    <message>
        <source>Stream:</source>
        <translation>스트림:</translation>
    </message>
    <message>
        <source>batches are columns; highlighted: batches of the current step</source>
        <translation>열은 배치입니다. 강조 표시: 현재 단계의 배치</translation>
    </message>
    <message>
        <source>Windows of %1</source>
        <translation>%1의 윈도우</translation>
    </message>
</context>
<context>
    <name>tideline::studio::CheckpointModel</name>
    <message>
        <source>Batch</source>
        <translation>배치</translation>
    </message>
    <message>
        <source>Offset log</source>
        <translation>오프셋 로그</translation>
    </message>
    <message>
        <source>State</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>Commit log</source>
        <translation>커밋 로그</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>발생한 일</translation>
    </message>
    <message>
        <source>rerun: offsets/%1 from before the restart, same data and watermark</source>
        <translation>재실행: 재시작 전의 offsets/%1 사용, 같은 데이터와 워터마크</translation>
    </message>
    <message>
        <source>version %1</source>
        <translation>버전 %1</translation>
    </message>
    <message>
        <source>crash: %1</source>
        <translation>장애: %1</translation>
    </message>
    <message>
        <source>restart from the checkpoint: the batch without a commit runs again</source>
        <translation>체크포인트에서 재시작: 커밋이 없는 배치를 다시 실행</translation>
    </message>
    <message>
        <source>stop</source>
        <translation>중지</translation>
    </message>
</context>
<context>
    <name>tideline::studio::CollectedModel</name>
    <message>
        <source>Batch</source>
        <translation>배치</translation>
    </message>
    <message>
        <source>Stream</source>
        <translation>스트림</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>레코드</translation>
    </message>
</context>
<context>
    <name>tideline::studio::DStreamDiagram</name>
    <message>
        <source>batch time</source>
        <translation>배치 시간</translation>
    </message>
    <message>
        <source>no RDD</source>
        <translation>RDD 없음</translation>
    </message>
    <message>
        <source>empty</source>
        <translation>비어 있음</translation>
    </message>
    <message>
        <source>+%1 more</source>
        <translation>외 %1개</translation>
    </message>
    <message>
        <source>  + %1  − %2</source>
        <translation>  + %1  − %2</translation>
    </message>
    <message>
        <source>none</source>
        <translation>없음</translation>
    </message>
    <message>
        <source>%1 of %2 (%3)
covers batches %4</source>
        <translation>%2의 %1 (%3)
포함 배치: %4</translation>
    </message>
    <message>
        <source>
incremental: the previous window + %1 (entered) − %2 (left)</source>
        <translation>
증분 계산: 이전 윈도우 + %1 (들어옴) − %2 (나감)</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>없음</translation>
    </message>
    <message>
        <source>%1 generates no RDD at %2 (not a multiple of its slide)</source>
        <translation>%1: %2에는 RDD를 생성하지 않습니다 (슬라이드 간격의 배수가 아님)</translation>
    </message>
    <message>
        <source>1 record</source>
        <translation>레코드 1개</translation>
    </message>
    <message>
        <source>%1 records</source>
        <translation>레코드 %1개</translation>
    </message>
    <message>
        <source>%1 at batch %2: %3 records</source>
        <translation>%1, 배치 %2: 레코드 %3개</translation>
    </message>
</context>
<context>
    <name>tideline::studio::FullSpeedBatchModel</name>
    <message>
        <source>Batch</source>
        <translation>배치</translation>
    </message>
    <message>
        <source>Time (s)</source>
        <translation>시간(초)</translation>
    </message>
    <message>
        <source>Input rows</source>
        <translation>입력 행</translation>
    </message>
    <message>
        <source>Output rows</source>
        <translation>출력 행</translation>
    </message>
    <message>
        <source>State rows</source>
        <translation>상태 행</translation>
    </message>
    <message>
        <source>Real ms</source>
        <translation>실제 ms</translation>
    </message>
</context>
<context>
    <name>tideline::studio::FullSpeedDialog</name>
    <message>
        <source>Browse...</source>
        <translation>찾아보기...</translation>
    </message>
    <message>
        <source>Run at Full Speed</source>
        <translation>전체 속도로 실행</translation>
    </message>
    <message>
        <source>Text file</source>
        <translation>텍스트 파일</translation>
    </message>
    <message>
        <source>Directory (new files)</source>
        <translation>디렉터리 (새 파일)</translation>
    </message>
    <message>
        <source>Socket</source>
        <translation>소켓</translation>
    </message>
    <message>
        <source>Recording</source>
        <translation>녹화 기록</translation>
    </message>
    <message>
        <source>at the time in CSV column</source>
        <translation>CSV 열에 적힌 시간에</translation>
    </message>
    <message>
        <source>at the system clock, as read</source>
        <translation>읽는 즉시, 시스템 시계 기준</translation>
    </message>
    <message>
        <source>The input the records go to; empty: the pipeline&apos;s only input</source>
        <translation>레코드를 보낼 입력입니다. 비워 두면 파이프라인의 유일한 입력을 사용합니다.</translation>
    </message>
    <message>
        <source>&amp;Source:</source>
        <translation>소스(&amp;S):</translation>
    </message>
    <message>
        <source>&amp;Path:</source>
        <translation>경로(&amp;P):</translation>
    </message>
    <message>
        <source>&amp;Host:port:</source>
        <translation>호스트:포트(&amp;H):</translation>
    </message>
    <message>
        <source>Lines &amp;arrive:</source>
        <translation>줄 도착 시점(&amp;A):</translation>
    </message>
    <message>
        <source>S&amp;cenario:</source>
        <translation>시나리오(&amp;C):</translation>
    </message>
    <message>
        <source>&amp;Input:</source>
        <translation>입력(&amp;I):</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>실행</translation>
    </message>
    <message>
        <source>Give the socket as host:port.</source>
        <translation>소켓을 host:port 형식으로 입력하십시오.</translation>
    </message>
    <message>
        <source>Choose the %1 to read.</source>
        <translation>읽을 대상(%1)을 선택하십시오.</translation>
    </message>
    <message>
        <source>%1 does not exist.</source>
        <translation>%1 경로가 존재하지 않습니다.</translation>
    </message>
    <message>
        <source>Choose the scenario whose pipeline runs.</source>
        <translation>파이프라인을 실행할 시나리오를 선택하십시오.</translation>
    </message>
    <message>
        <source>Directory to watch</source>
        <translation>감시할 디렉터리</translation>
    </message>
    <message>
        <source>Recordings (*.jsonl);;All files (*)</source>
        <translation>녹화 기록 (*.jsonl);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Text files (*.txt *.csv);;All files (*)</source>
        <translation>텍스트 파일 (*.txt *.csv);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Scenario</source>
        <translation>시나리오</translation>
    </message>
    <message>
        <source>Scenarios (*.yaml *.yml)</source>
        <translation>시나리오 (*.yaml *.yml)</translation>
    </message>
</context>
<context>
    <name>tideline::studio::FullSpeedPanel</name>
    <message>
        <source>file %1, each line at the time in column %2</source>
        <translation>파일 %1, 각 줄은 %2 열의 시간에 도착</translation>
    </message>
    <message>
        <source>file %1, lines at the system clock</source>
        <translation>파일 %1, 시스템 시계 기준으로 줄 도착</translation>
    </message>
    <message>
        <source>new files in %1</source>
        <translation>%1의 새 파일</translation>
    </message>
    <message>
        <source>socket %1:%2</source>
        <translation>소켓 %1:%2</translation>
    </message>
    <message>
        <source>recording %1</source>
        <translation>녹화 기록 %1</translation>
    </message>
    <message>
        <source>Starting</source>
        <translation>시작 중</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>실행 중</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>완료</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>중지됨</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>실패: %1</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>중지</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>차트</translation>
    </message>
    <message>
        <source>Last batches</source>
        <translation>최근 배치</translation>
    </message>
    <message>
        <source>Last output</source>
        <translation>최근 출력</translation>
    </message>
    <message>
        <source>%1 over %2</source>
        <translation>%1 (입력: %2)</translation>
    </message>
    <message>
        <source>%p% of %1 bytes</source>
        <translation>%1바이트 중 %p%</translation>
    </message>
    <message>
        <source>%1 records</source>
        <translation>레코드 %1개</translation>
    </message>
    <message>
        <source>%1 records read, %2 records/s, %3 batches, %4 malformed, %5 s</source>
        <translation>레코드 %1개 읽음, 초당 %2개, 배치 %3개, 형식 오류 %4개, %5초</translation>
    </message>
    <message>
        <source>Export...</source>
        <translation>내보내기...</translation>
    </message>
    <message>
        <source>Every batch&apos;s metrics as CSV, and every output beside it</source>
        <translation>모든 배치의 지표는 CSV로, 모든 출력은 그 옆의 파일로</translation>
    </message>
    <message>
        <source>Summary: %1 records read, %2 malformed, %3 batches in %4 s (%5 records/s); %6 output rows, at most %7 state rows; batch wall time max %8 ms, mean %9 ms</source>
        <translation>요약: 레코드 %1개 읽음, 형식 오류 %2개, 배치 %3개를 %4초에 실행 (초당 레코드 %5개); 출력 행 %6개, 상태 행 최대 %7개; 배치 실제 시간 최대 %8 ms, 평균 %9 ms</translation>
    </message>
    <message>
        <source>no run at full speed to export</source>
        <translation>내보낼 전체 속도 실행이 없습니다</translation>
    </message>
    <message>
        <source>Export full-speed results</source>
        <translation>전체 속도 실행 결과 내보내기</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 파일 (*.csv)</translation>
    </message>
    <message>
        <source>Batch:</source>
        <translation>배치:</translation>
    </message>
    <message>
        <source>Show batch in detail</source>
        <translation>배치 자세히 보기</translation>
    </message>
    <message>
        <source>Replays the batch from the nearest keyframe, with the trace on</source>
        <translation>가장 가까운 키프레임부터 트레이스를 켜고 배치를 다시 재생합니다</translation>
    </message>
    <message>
        <source>Once a run over a recording has ended, any of its batches can be shown in detail</source>
        <translation>녹화 기록에 대한 실행이 끝나면 그 배치 중 어느 것이든 자세히 볼 수 있습니다</translation>
    </message>
    <message>
        <source>Show batch %1 in detail</source>
        <translation>배치 %1 자세히 보기</translation>
    </message>
</context>
<context>
    <name>tideline::studio::FullSpeedPlot</name>
    <message>
        <source>batch time (s)</source>
        <translation>배치 시간(초)</translation>
    </message>
    <message>
        <source>rows per second</source>
        <translation>초당 행 수</translation>
    </message>
    <message>
        <source>input rows/s</source>
        <translation>입력 행/초</translation>
    </message>
    <message>
        <source>processed rows/s</source>
        <translation>처리 행/초</translation>
    </message>
    <message>
        <source>state rows</source>
        <translation>상태 행</translation>
    </message>
    <message>
        <source>input rows</source>
        <translation>입력 행</translation>
    </message>
    <message>
        <source>input rows per batch</source>
        <translation>배치당 입력 행</translation>
    </message>
    <message>
        <source>milliseconds</source>
        <translation>밀리초</translation>
    </message>
    <message>
        <source>processing time (real)</source>
        <translation>처리 시간 (실제)</translation>
    </message>
</context>
<context>
    <name>tideline::studio::GalleryModel</name>
    <message>
        <source>Lessons</source>
        <translation>레슨</translation>
    </message>
    <message>
        <source>Module</source>
        <translation>모듈</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>제목</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>수준</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>태그</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>요약</translation>
    </message>
</context>
<context>
    <name>tideline::studio::GalleryPanel</name>
    <message>
        <source>Beginner</source>
        <translation>초급</translation>
    </message>
    <message>
        <source>Intermediate</source>
        <translation>중급</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>고급</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Lessons&lt;/h2&gt;&lt;p&gt;Click a lesson to open it. File &amp;gt; Add Lesson Folder adds your own; File &amp;gt; Open opens any scenario.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;레슨&lt;/h2&gt;&lt;p&gt;레슨을 클릭하면 열립니다. 직접 만든 레슨은 파일 &amp;gt; 레슨 폴더 추가로 추가하고, 다른 시나리오는 파일 &amp;gt; 열기로 열 수 있습니다.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>tideline::studio::LessonPanel</name>
    <message>
        <source>Lesson</source>
        <translation>레슨</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>소스</translation>
    </message>
    <message>
        <source>Check failed</source>
        <translation>검사 실패</translation>
    </message>
    <message>
        <source>## Note (step %1)</source>
        <translation>## 노트 (단계 %1)</translation>
    </message>
    <message>
        <source>A batch ran after this note; the next note (PageDown) speaks of it.</source>
        <translation>이 노트 다음에 배치 1개가 실행되었습니다. 이 배치는 다음 노트(PageDown)에서 설명합니다.</translation>
    </message>
    <message>
        <source>A batch ran after this note.</source>
        <translation>이 노트 다음에 배치 1개가 실행되었습니다.</translation>
    </message>
    <message>
        <source>%1 batches ran after this note; the next note (PageDown) speaks of them.</source>
        <translation>이 노트 다음에 배치 %1개가 실행되었습니다. 이 배치들은 다음 노트(PageDown)에서 설명합니다.</translation>
    </message>
    <message>
        <source>%1 batches ran after this note.</source>
        <translation>이 노트 다음에 배치 %1개가 실행되었습니다.</translation>
    </message>
</context>
<context>
    <name>tideline::studio::MainWindow</name>
    <message>
        <source>Tideline Studio</source>
        <translation>Tideline Studio</translation>
    </message>
    <message>
        <source>%1 - Tideline Studio</source>
        <translation>%1 - Tideline Studio</translation>
    </message>
    <message>
        <source>Add Lesson Folder</source>
        <translation>레슨 폴더 추가</translation>
    </message>
    <message>
        <source>Reloaded %1</source>
        <translation>%1을(를) 다시 불러왔습니다</translation>
    </message>
    <message>
        <source>%1 has errors</source>
        <translation>%1에 오류가 있습니다</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open...</source>
        <translation>열기(&amp;O)...</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>최근 파일 열기(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Gallery</source>
        <translation>갤러리(&amp;G)</translation>
    </message>
    <message>
        <source>Add &amp;Lesson Folder...</source>
        <translation>레슨 폴더 추가(&amp;L)...</translation>
    </message>
    <message>
        <source>Run at &amp;Full Speed...</source>
        <translation>전체 속도로 실행(&amp;F)...</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>내보내기(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Plot as PNG, PDF or SVG...</source>
        <translation>그래프를 PNG, PDF 또는 SVG로(&amp;P)...</translation>
    </message>
    <message>
        <source>&amp;Space-time plot as PNG, PDF or SVG...</source>
        <translation>시공간 그래프를 PNG, PDF 또는 SVG로(&amp;S)...</translation>
    </message>
    <message>
        <source>&amp;Output operations as CSV...</source>
        <translation>출력 연산을 CSV로(&amp;O)...</translation>
    </message>
    <message>
        <source>&amp;Collected rows as CSV...</source>
        <translation>수집된 행을 CSV로(&amp;C)...</translation>
    </message>
    <message>
        <source>&amp;State table as CSV...</source>
        <translation>상태 테이블을 CSV로(&amp;S)...</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>종료(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>이동(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Reload</source>
        <translation>다시 불러오기(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>언어(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Presentation Mode</source>
        <translation>발표 모드(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>테마(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>밝은 테마(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>어두운 테마(&amp;D)</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>시간</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>타임라인</translation>
    </message>
    <message>
        <source>Lesson</source>
        <translation>레슨</translation>
    </message>
    <message>
        <source>State</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation>지표</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>출력</translation>
    </message>
    <message>
        <source>Open scenario</source>
        <translation>시나리오 열기</translation>
    </message>
    <message>
        <source>Scenarios (*.yaml *.yml)</source>
        <translation>시나리오 (*.yaml *.yml)</translation>
    </message>
    <message>
        <source>Full Speed</source>
        <translation>전체 속도 실행</translation>
    </message>
    <message>
        <source>This scenario cannot be opened:

%1</source>
        <translation>이 시나리오를 열 수 없습니다:

%1</translation>
    </message>
    <message>
        <source>Only a structured query has a space-time plot.</source>
        <translation>시공간 그래프는 Structured Streaming 쿼리에만 있습니다.</translation>
    </message>
    <message>
        <source>No stateful stream has changed yet: there is no state table to export.</source>
        <translation>아직 변경된 상태 저장 스트림이 없어 내보낼 상태 테이블이 없습니다.</translation>
    </message>
    <message>
        <source>%1 picture (*.%2)</source>
        <translation>%1 이미지 (*.%2)</translation>
    </message>
    <message>
        <source>Export plot</source>
        <translation>그래프 내보내기</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1을(를) 저장했습니다</translation>
    </message>
    <message>
        <source>Export table as CSV</source>
        <translation>표를 CSV로 내보내기</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 파일 (*.csv)</translation>
    </message>
    <message>
        <source>Check failed at %1</source>
        <translation>%1에서 검사 실패</translation>
    </message>
    <message>
        <source>No scenario open</source>
        <translation>열린 시나리오 없음</translation>
    </message>
    <message>
        <source>Step 0 of %1: before the first step</source>
        <translation>단계 0/%1: 첫 단계 이전</translation>
    </message>
    <message>
        <source>Step %1 of %2: %3</source>
        <translation>단계 %1/%2: %3</translation>
    </message>
    <message>
        <source>Checks: %1 passed, %2 failed</source>
        <translation>검사: %1개 통과, %2개 실패</translation>
    </message>
    <message>
        <source>offsets/N is written before batch N runs, state version N+1 after it, commits/N when it is done. A restart runs again the batch whose commit is missing.</source>
        <translation>offsets/N은 배치 N이 실행되기 전에, 상태 버전 N+1은 실행된 후에, commits/N은 배치가 완료되었을 때 기록됩니다. 재시작하면 커밋이 없는 배치를 다시 실행합니다.</translation>
    </message>
    <message>
        <source>Checkpoint</source>
        <translation>체크포인트</translation>
    </message>
    <message>
        <source>(The note of step %1; a batch ran since.)</source>
        <translation>(%1단계의 노트입니다. 그 뒤로 배치 1개가 실행되었습니다.)</translation>
    </message>
    <message>
        <source>(The note of step %1; %2 batches ran since.)</source>
        <translation>(%1단계의 노트입니다. 그 뒤로 배치 %2개가 실행되었습니다.)</translation>
    </message>
    <message>
        <source>Space-Time Plot by &amp;Arrival Order</source>
        <translation>시공간 그래프를 도착 순서로(&amp;A)</translation>
    </message>
    <message>
        <source>Rows by the order they arrived in instead of the virtual clock</source>
        <translation>가상 시계 대신 행이 도착한 순서로 그립니다</translation>
    </message>
    <message>
        <source>&amp;Compare...</source>
        <translation>비교(&amp;C)...</translation>
    </message>
    <message>
        <source>Run another scenario beside the open one, in lock step</source>
        <translation>다른 시나리오를 열린 시나리오 옆에서 나란히 실행합니다</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>도구(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Verify Idempotence...</source>
        <translation>멱등성 검증(&amp;V)...</translation>
    </message>
    <message>
        <source>Crash the open scenario at every batch and crash point, and compare each output with the clean run</source>
        <translation>열린 시나리오를 모든 배치와 장애 지점에서 죽게 하고, 각 출력을 장애 없는 실행과 비교합니다</translation>
    </message>
    <message>
        <source>Crash Run</source>
        <translation>장애 실행</translation>
    </message>
    <message>
        <source>Compare with</source>
        <translation>비교할 시나리오</translation>
    </message>
    <message>
        <source>%1 (crash at %2, %3) - Tideline Studio</source>
        <translation>%1 (%2, %3에서 장애) - Tideline Studio</translation>
    </message>
    <message>
        <source>The process crashed at %1, %2 (after event %3) and recovered from its checkpoint.</source>
        <translation>프로세스가 %1, %2에서 장애로 죽었고(이벤트 %3 다음) 체크포인트에서 복구했습니다.</translation>
    </message>
    <message>
        <source>&amp;Full-speed results as CSV...</source>
        <translation>전체 속도 실행 결과를 CSV로(&amp;F)...</translation>
    </message>
</context>
<context>
    <name>tideline::studio::MetricsModel</name>
    <message>
        <source>Batch</source>
        <translation>배치</translation>
    </message>
    <message>
        <source>Input rows</source>
        <translation>입력 행</translation>
    </message>
    <message>
        <source>Processing (ms)</source>
        <translation>처리 시간(ms)</translation>
    </message>
    <message>
        <source>Scheduling delay (ms)</source>
        <translation>스케줄링 지연(ms)</translation>
    </message>
    <message>
        <source>Total delay (ms)</source>
        <translation>총 지연(ms)</translation>
    </message>
</context>
<context>
    <name>tideline::studio::MetricsPanel</name>
    <message>
        <source>Charts</source>
        <translation>차트</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>표</translation>
    </message>
</context>
<context>
    <name>tideline::studio::MetricsPlot</name>
    <message>
        <source>input rows</source>
        <translation>입력 행</translation>
    </message>
    <message>
        <source>milliseconds</source>
        <translation>밀리초</translation>
    </message>
    <message>
        <source>processing time</source>
        <translation>처리 시간</translation>
    </message>
    <message>
        <source>scheduling delay</source>
        <translation>스케줄링 지연</translation>
    </message>
    <message>
        <source>total delay</source>
        <translation>총 지연</translation>
    </message>
    <message>
        <source>0 ms in every batch: the scenario sets no cost model
(tideline.cost.perRecord, tideline.cost.perBatch)</source>
        <translation>모든 배치가 0 ms: 시나리오에 비용 모델이 설정되지 않았습니다
(tideline.cost.perRecord, tideline.cost.perBatch)</translation>
    </message>
    <message>
        <source>batch time</source>
        <translation>배치 시간</translation>
    </message>
    <message>
        <source>Input rows: the records each batch received (the Streaming UI&apos;s input rate is these over the batch interval).</source>
        <translation>입력 행: 각 배치가 받은 레코드 수입니다 (Streaming UI의 입력 속도는 이 값을 배치 간격으로 나눈 값입니다).</translation>
    </message>
    <message>
        <source>Processing time: how long a batch&apos;s jobs took. Scheduling delay: how long it waited for the batches before it. Total delay: both. When processing time passes the batch interval, batches queue up and the scheduling delay grows.</source>
        <translation>처리 시간: 배치의 작업(job)에 걸린 시간입니다. 스케줄링 지연: 앞선 배치들을 기다린 시간입니다. 총 지연: 두 시간의 합입니다. 처리 시간이 배치 간격을 넘으면 배치가 대기열에 쌓이고 스케줄링 지연이 늘어납니다.</translation>
    </message>
</context>
<context>
    <name>tideline::studio::NavigationActions</name>
    <message>
        <source>&amp;Start</source>
        <translation>처음으로(&amp;S)</translation>
    </message>
    <message>
        <source>Previous &amp;batch</source>
        <translation>이전 배치(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Previous step</source>
        <translation>이전 단계(&amp;P)</translation>
    </message>
    <message>
        <source>Pl&amp;ay</source>
        <translation>재생(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Next step</source>
        <translation>다음 단계(&amp;N)</translation>
    </message>
    <message>
        <source>Next b&amp;atch</source>
        <translation>다음 배치(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;End</source>
        <translation>끝으로(&amp;E)</translation>
    </message>
    <message>
        <source>Previous record</source>
        <translation>이전 레코드</translation>
    </message>
    <message>
        <source>Next &amp;record</source>
        <translation>다음 레코드(&amp;R)</translation>
    </message>
    <message>
        <source>Previous window close</source>
        <translation>이전 윈도우 닫힘</translation>
    </message>
    <message>
        <source>Next &amp;window close</source>
        <translation>다음 윈도우 닫힘(&amp;W)</translation>
    </message>
    <message>
        <source>Previous late record</source>
        <translation>이전 늦은 레코드</translation>
    </message>
    <message>
        <source>Next &amp;late record</source>
        <translation>다음 늦은 레코드(&amp;L)</translation>
    </message>
    <message>
        <source>Previous n&amp;ote</source>
        <translation>이전 노트(&amp;O)</translation>
    </message>
    <message>
        <source>Next n&amp;ote</source>
        <translation>다음 노트(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Go to batch...</source>
        <translation>배치로 이동(&amp;G)...</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>P&amp;ause</source>
        <translation>일시 정지(&amp;A)</translation>
    </message>
</context>
<context>
    <name>tideline::studio::OutputModel</name>
    <message>
        <source>Batch</source>
        <translation>배치</translation>
    </message>
    <message>
        <source>Stream</source>
        <translation>스트림</translation>
    </message>
    <message>
        <source>Operation</source>
        <translation>연산</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>텍스트</translation>
    </message>
    <message>
        <source>appended</source>
        <translation>append (추가됨)</translation>
    </message>
    <message>
        <source>updated</source>
        <translation>update (갱신됨)</translation>
    </message>
    <message>
        <source>complete table</source>
        <translation>complete (전체 테이블)</translation>
    </message>
    <message>
        <source>Output mode</source>
        <translation>출력 모드</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>행</translation>
    </message>
    <message>
        <source>(no rows)</source>
        <translation>(행 없음)</translation>
    </message>
    <message>
        <source>rerun, ignored by the sink</source>
        <translation>재실행, 싱크가 무시함</translation>
    </message>
    <message>
        <source>rerun, delivered again</source>
        <translation>재실행, 다시 전달됨</translation>
    </message>
</context>
<context>
    <name>tideline::studio::OutputPanel</name>
    <message>
        <source>Why this row?</source>
        <translation>이 행은 왜 나왔나?</translation>
    </message>
    <message>
        <source>Show the input records that made the selected row</source>
        <translation>선택한 행을 만든 입력 레코드를 보여 줍니다</translation>
    </message>
    <message>
        <source>Printed</source>
        <translation>출력된 텍스트</translation>
    </message>
    <message>
        <source>Output operations</source>
        <translation>출력 연산</translation>
    </message>
    <message>
        <source>Collected rows</source>
        <translation>수집된 행</translation>
    </message>
    <message>
        <source>No batch has written to the sink so far.</source>
        <translation>아직 싱크에 기록한 배치가 없습니다.</translation>
    </message>
    <message>
        <source>No print() output so far.</source>
        <translation>아직 print() 출력이 없습니다.</translation>
    </message>
    <message>
        <source>Sink rows</source>
        <translation>싱크 행</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>%1 input</source>
        <translation>%1 입력</translation>
    </message>
    <message>
        <source>window at %1: (%2, %3]</source>
        <translation>%1의 윈도우: (%2, %3]</translation>
    </message>
    <message>
        <source>More lessons: %1</source>
        <translation>추가 레슨: %1</translation>
    </message>
</context>
<context>
    <name>tideline::studio::QueryMetricsModel</name>
    <message>
        <source>Batch</source>
        <translation>배치</translation>
    </message>
    <message>
        <source>Input rows</source>
        <translation>입력 행</translation>
    </message>
    <message>
        <source>Input rows/s</source>
        <translation>입력 행/초</translation>
    </message>
    <message>
        <source>Processed rows/s</source>
        <translation>처리 행/초</translation>
    </message>
    <message>
        <source>Duration (ms)</source>
        <translation>소요 시간(ms)</translation>
    </message>
    <message>
        <source>Watermark</source>
        <translation>워터마크</translation>
    </message>
    <message>
        <source>Watermark gap (s)</source>
        <translation>워터마크 차이(초)</translation>
    </message>
    <message>
        <source>State rows</source>
        <translation>상태 행</translation>
    </message>
</context>
<context>
    <name>tideline::studio::QueryMetricsPlot</name>
    <message>
        <source>batch</source>
        <translation>배치</translation>
    </message>
    <message>
        <source>rows</source>
        <translation>행</translation>
    </message>
    <message>
        <source>rows/s</source>
        <translation>행/초</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>초</translation>
    </message>
    <message>
        <source>input rows</source>
        <translation>입력 행</translation>
    </message>
    <message>
        <source>state rows</source>
        <translation>상태 행</translation>
    </message>
    <message>
        <source>input rate</source>
        <translation>입력 속도</translation>
    </message>
    <message>
        <source>process rate</source>
        <translation>처리 속도</translation>
    </message>
    <message>
        <source>batch duration</source>
        <translation>배치 소요 시간</translation>
    </message>
    <message>
        <source>watermark gap</source>
        <translation>워터마크 차이</translation>
    </message>
    <message>
        <source>0 rows/s in every batch:
no virtual time passes</source>
        <translation>모든 배치가 0 행/초:
가상 시간이 흐르지 않습니다</translation>
    </message>
    <message>
        <source>0 ms in every batch:
no virtual time passes</source>
        <translation>모든 배치가 0 ms:
가상 시간이 흐르지 않습니다</translation>
    </message>
    <message>
        <source>no gap yet: no batch with
rows ran with a watermark</source>
        <translation>아직 차이 없음: 워터마크가 있는 상태에서
행을 처리한 배치가 없습니다</translation>
    </message>
    <message>
        <source>Input rows: numInputRows of each batch. State rows: the rows all stateful operators hold after it (stateOperators.numRowsTotal).</source>
        <translation>입력 행: 각 배치의 numInputRows입니다. 상태 행: 배치가 끝난 뒤 모든 상태 저장 연산자가 보유한 행 수입니다 (stateOperators.numRowsTotal).</translation>
    </message>
    <message>
        <source>Input rate: rows that arrived per second since the previous trigger started. Process rate: rows processed per second of batch duration (Spark divides by at least 1 ms).</source>
        <translation>입력 속도: 이전 트리거가 시작된 이후 초당 도착한 행 수입니다. 처리 속도: 배치 소요 시간 1초당 처리한 행 수입니다 (Spark는 최소 1 ms로 나눕니다).</translation>
    </message>
    <message>
        <source>Batch duration: triggerExecution, the virtual time the batch took (0 unless the clock moves during it or the scenario sets a cost model).</source>
        <translation>배치 소요 시간: triggerExecution, 즉 배치에 걸린 가상 시간입니다 (배치 중에 시계가 움직이거나 시나리오에 비용 모델이 설정된 경우가 아니면 0입니다).</translation>
    </message>
    <message>
        <source>Watermark gap: the batch&apos;s latest event time minus the watermark it ran with. None before the first watermark or for a batch without rows.</source>
        <translation>워터마크 차이: 배치의 가장 늦은 이벤트 시간에서 배치 실행 시의 워터마크를 뺀 값입니다. 첫 워터마크 이전이나 행이 없는 배치에는 값이 없습니다.</translation>
    </message>
    <message>
        <source>a 0 ms batch counts as 1 ms:
N rows show N × 1000 rows/s</source>
        <translation>0 ms 배치는 1 ms로 계산됩니다:
N개 행은 N × 1000 행/초로 표시됩니다</translation>
    </message>
    <message>
        <source>below 0: that batch&apos;s rows
were all behind its watermark</source>
        <translation>0 미만: 해당 배치의 모든 행의
이벤트 시간이 워터마크 이하였습니다</translation>
    </message>
</context>
<context>
    <name>tideline::studio::QueryTimeline</name>
    <message>
        <source>waiting</source>
        <translation>대기 중</translation>
    </message>
    <message>
        <source>on time</source>
        <translation>제시간</translation>
    </message>
    <message>
        <source>late, counted</source>
        <translation>늦음, 반영됨</translation>
    </message>
    <message>
        <source>partly dropped</source>
        <translation>일부 드롭됨</translation>
    </message>
    <message>
        <source>dropped</source>
        <translation>드롭됨</translation>
    </message>
    <message>
        <source>%1 and %2</source>
        <translation>%1 및 %2</translation>
    </message>
    <message>
        <source>%1: arrived; waiting for the next batch</source>
        <translation>%1: 도착함, 다음 배치를 기다리는 중</translation>
    </message>
    <message>
        <source>, behind the watermark %1</source>
        <translation>, 이벤트 시간이 워터마크 %1 이하</translation>
    </message>
    <message>
        <source>%1: processed in batch %2</source>
        <translation>%1: 배치 %2에서 처리됨</translation>
    </message>
    <message>
        <source>%1: dropped in batch %2 — its window %3 ends at or before the watermark %4</source>
        <translation>%1: 배치 %2에서 드롭됨 — 윈도우 %3의 끝이 워터마크 %4 이하</translation>
    </message>
    <message>
        <source>%1: dropped in batch %2 — its windows %3 end at or before the watermark %4</source>
        <translation>%1: 배치 %2에서 드롭됨 — 윈도우 %3의 끝이 모두 워터마크 %4 이하</translation>
    </message>
    <message>
        <source>%1: in batch %2, dropped from %3, which ends at or before the watermark %4, and counted in %5</source>
        <translation>%1: 배치 %2에서, 끝이 워터마크 %4 이하인 윈도우 %3에서는 드롭되고 %5에는 반영됨</translation>
    </message>
    <message>
        <source>%1: in batch %2, dropped from %3, which end at or before the watermark %4, and counted in %5</source>
        <translation>%1: 배치 %2에서, 끝이 워터마크 %4 이하인 윈도우 %3에서는 드롭되고 %5에는 반영됨</translation>
    </message>
    <message>
        <source>%1: dropped in batch %2 — its session window %3 ends at or before the watermark %4</source>
        <translation>%1: 배치 %2에서 드롭됨 — 세션 윈도우 %3의 끝이 워터마크 %4 이하</translation>
    </message>
    <message>
        <source>%1: dropped in batch %2 by %3 — its event time is at or before the watermark %4</source>
        <translation>%1: 배치 %2에서 %3에 의해 드롭됨 — 이벤트 시간이 워터마크 %4 이하</translation>
    </message>
    <message>
        <source>its window %1 ends after the watermark %2</source>
        <translation>윈도우 %1의 끝이 워터마크 %2보다 뒤</translation>
    </message>
    <message>
        <source>its windows %1 end after the watermark %2</source>
        <translation>윈도우 %1의 끝이 모두 워터마크 %2보다 뒤</translation>
    </message>
    <message>
        <source>counted in %1</source>
        <translation>%1에 반영됨</translation>
    </message>
    <message>
        <source>the watermark was %1</source>
        <translation>당시 워터마크: %1</translation>
    </message>
    <message>
        <source>late (%1 had already arrived)</source>
        <translation>늦음 (이벤트 시간 %1인 행이 이미 도착함)</translation>
    </message>
    <message>
        <source>behind the watermark %1</source>
        <translation>이벤트 시간이 워터마크 %1 이하</translation>
    </message>
    <message>
        <source>%1: %2, but processed in batch %3</source>
        <translation>%1: %2, 그래도 배치 %3에서 처리됨</translation>
    </message>
</context>
<context>
    <name>tideline::studio::RecentFiles</name>
    <message>
        <source>&amp;%1 %2</source>
        <translation>&amp;%1 %2</translation>
    </message>
    <message>
        <source>No recent files</source>
        <translation>최근 파일 없음</translation>
    </message>
    <message>
        <source>&amp;Clear Menu</source>
        <translation>메뉴 비우기(&amp;C)</translation>
    </message>
</context>
<context>
    <name>tideline::studio::RecordsModel</name>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>입력</translation>
    </message>
    <message>
        <source>Event time</source>
        <translation>이벤트 시간</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>행</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>배치</translation>
    </message>
    <message>
        <source>Fate</source>
        <translation>처리 결과</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>이유</translation>
    </message>
</context>
<context>
    <name>tideline::studio::SpaceTimePlot</name>
    <message>
        <source>on time</source>
        <translation>제시간</translation>
    </message>
    <message>
        <source>late, counted</source>
        <translation>늦음, 반영됨</translation>
    </message>
    <message>
        <source>dropped from some windows</source>
        <translation>일부 윈도우에서 드롭됨</translation>
    </message>
    <message>
        <source>dropped by the watermark</source>
        <translation>워터마크로 드롭됨</translation>
    </message>
    <message>
        <source>waiting for a batch</source>
        <translation>배치 대기 중</translation>
    </message>
    <message>
        <source>arrival time (s)</source>
        <translation>도착 시간(초)</translation>
    </message>
    <message>
        <source>arrival order (rows)</source>
        <translation>도착 순서(행)</translation>
    </message>
    <message>
        <source>batches (by id, at their start)</source>
        <translation>배치 (ID별, 시작 시점)</translation>
    </message>
    <message>
        <source>batches (by id)</source>
        <translation>배치 (ID별)</translation>
    </message>
    <message>
        <source>event time</source>
        <translation>이벤트 시간</translation>
    </message>
    <message>
        <source>arrival time</source>
        <translation>도착 시간</translation>
    </message>
    <message>
        <source>stop</source>
        <translation>중지</translation>
    </message>
    <message>
        <source>crash</source>
        <translation>장애</translation>
    </message>
    <message>
        <source>restart</source>
        <translation>재시작</translation>
    </message>
    <message>
        <source>watermark</source>
        <translation>워터마크</translation>
    </message>
    <message>
        <source>arrived in this step</source>
        <translation>이 단계에서 도착</translation>
    </message>
    <message>
        <source>selected</source>
        <translation>선택됨</translation>
    </message>
    <message>
        <source>No rows have arrived yet.</source>
        <translation>아직 도착한 행이 없습니다.</translation>
    </message>
    <message>
        <source>batch %1</source>
        <translation>배치 %1</translation>
    </message>
    <message>
        <source>: ran with the watermark %1</source>
        <translation>: 워터마크 %1로 실행됨</translation>
    </message>
    <message>
        <source>, left %1 for the next batch</source>
        <translation>, 다음 배치의 워터마크는 %1</translation>
    </message>
    <message>
        <source>; %1 dropped %2 late rows</source>
        <translation>; %1에서 늦은 행 %2개 드롭</translation>
    </message>
    <message>
        <source> (running)</source>
        <translation> (실행 중)</translation>
    </message>
    <message>
        <source>watermark %1</source>
        <translation>워터마크 %1</translation>
    </message>
    <message>
        <source>: evicted from the state in batch %1, when the watermark reached its end</source>
        <translation>: 워터마크가 끝에 도달하여 배치 %1에서 상태에서 제거됨</translation>
    </message>
    <message>
        <source>: replaced in the state (the session grew or merged)</source>
        <translation>: 상태에서 교체됨 (세션이 늘어나거나 병합됨)</translation>
    </message>
    <message>
        <source>: held in the state</source>
        <translation>: 상태에 유지됨</translation>
    </message>
    <message>
        <source>%1∅</source>
        <translation>%1∅</translation>
    </message>
    <message>
        <source>batch %1 (no data: it ran because the watermark moved)</source>
        <translation>배치 %1 (데이터 없음: 워터마크가 이동하여 실행됨)</translation>
    </message>
</context>
<context>
    <name>tideline::studio::StateChart</name>
    <message>
        <source>batch</source>
        <translation>배치</translation>
    </message>
    <message>
        <source>value</source>
        <translation>값</translation>
    </message>
    <message>
        <source>no numeric value to chart yet</source>
        <translation>아직 차트로 표시할 숫자 값이 없습니다</translation>
    </message>
</context>
<context>
    <name>tideline::studio::StateModel</name>
    <message>
        <source>Key</source>
        <translation>키</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>값</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>변경</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>타임아웃 시각</translation>
    </message>
    <message>
        <source>evicted (watermark %1)</source>
        <translation>제거됨 (워터마크 %1)</translation>
    </message>
</context>
<context>
    <name>tideline::studio::StatePanel</name>
    <message>
        <source>No stateful stream has changed yet.</source>
        <translation>아직 변경된 상태 저장 스트림이 없습니다.</translation>
    </message>
    <message>
        <source>%1 (operator %2)</source>
        <translation>%1 (연산자 %2)</translation>
    </message>
</context>
<context>
    <name>tideline::studio::StudioSession</name>
    <message>
        <source>step %1 (%2): %3</source>
        <translation>단계 %1 (%2): %3</translation>
    </message>
</context>
<context>
    <name>tideline::studio::TimelinePanel</name>
    <message>
        <source>Play speed, in steps per second</source>
        <translation>재생 속도 (초당 단계 수)</translation>
    </message>
    <message>
        <source>%1× speed</source>
        <translation>%1× 속도</translation>
    </message>
    <message>
        <source>Drag to move time to any point of the run</source>
        <translation>드래그하여 실행 중 원하는 시점으로 이동합니다</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>배치</translation>
    </message>
    <message>
        <source>Batches finished; type a number and press Enter to jump to that batch</source>
        <translation>완료된 배치 수입니다. 번호를 입력하고 Enter 키를 누르면 해당 배치로 이동합니다</translation>
    </message>
    <message>
        <source>of %1</source>
        <translation>/ %1</translation>
    </message>
    <message>
        <source>event %1 of %2</source>
        <translation>이벤트 %1/%2</translation>
    </message>
</context>
<context>
    <name>tideline::studio::WindowModel</name>
    <message>
        <source>Batch</source>
        <translation>배치</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>윈도우</translation>
    </message>
    <message>
        <source>Covered</source>
        <translation>포함 배치</translation>
    </message>
    <message>
        <source>Entered</source>
        <translation>들어온 배치</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>나간 배치</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Steps through Tideline scenarios.</source>
        <translation>Tideline 시나리오를 단계별로 실행합니다.</translation>
    </message>
    <message>
        <source>A scenario file to open.</source>
        <translation>열 시나리오 파일입니다.</translation>
    </message>
    <message>
        <source>Move to step N (or &apos;end&apos;) after opening.</source>
        <translation>연 다음 단계 N(또는 &apos;end&apos;)으로 이동합니다.</translation>
    </message>
    <message>
        <source>Save a picture of the window to FILE and exit.</source>
        <translation>창을 그림으로 FILE에 저장하고 종료합니다.</translation>
    </message>
    <message>
        <source>Start in presentation mode (for a projector).</source>
        <translation>발표 모드로 시작합니다 (프로젝터용).</translation>
    </message>
    <message>
        <source>The language of the Studio and of the lessons: en or ko.</source>
        <translation>Studio와 레슨의 언어입니다: en 또는 ko.</translation>
    </message>
    <message>
        <source>The window&apos;s size, e.g. 1280x720 (default 1600x1000).</source>
        <translation>창 크기입니다. 예: 1280x720 (기본값 1600x1000).</translation>
    </message>
    <message>
        <source>--size takes WIDTHxHEIGHT, not &apos;%1&apos;</source>
        <translation>--size에는 WIDTHxHEIGHT 형식이 필요합니다. &apos;%1&apos;은(는) 올바르지 않습니다</translation>
    </message>
    <message>
        <source>--step takes a number or &apos;end&apos;, not &apos;%1&apos;</source>
        <translation>--step에는 숫자나 &apos;end&apos;가 필요합니다. &apos;%1&apos;은(는) 올바르지 않습니다</translation>
    </message>
    <message>
        <source>cannot write %1</source>
        <translation>%1에 쓸 수 없습니다</translation>
    </message>
    <message>
        <source>no crash schedule &apos;%1&apos; (BATCH:POINT)</source>
        <translation>&apos;%1&apos; 장애 스케줄이 없습니다 (배치:지점)</translation>
    </message>
    <message>
        <source>Also let scenarios read their inputs from DIR (repeatable).</source>
        <translation>시나리오가 DIR에서도 입력을 읽게 합니다 (여러 번 지정 가능).</translation>
    </message>
    <message>
        <source>Open Tools &gt; Verify Idempotence on FILE.</source>
        <translation>FILE에 대해 도구 &gt; 멱등성 검증을 엽니다.</translation>
    </message>
    <message>
        <source>With --verify: open the run that crashes at BATCH:POINT.</source>
        <translation>--verify와 함께: BATCH:POINT에서 장애가 나는 실행을 엽니다.</translation>
    </message>
    <message>
        <source>Compare FILE with B, at their first divergence.</source>
        <translation>FILE과 B를 처음 갈라지는 곳에서 비교합니다.</translation>
    </message>
    <message>
        <source>Run FILE over the recording REC at full speed.</source>
        <translation>FILE을 녹화 기록 REC에 대해 전체 속도로 실행합니다.</translation>
    </message>
    <message>
        <source>With --full-speed: show batch N in detail.</source>
        <translation>--full-speed와 함께: 배치 N을 자세히 보여 줍니다.</translation>
    </message>
    <message>
        <source>the run has no batch &apos;%1&apos;</source>
        <translation>실행에 배치 &apos;%1&apos;이(가) 없습니다</translation>
    </message>
</context>
<context>
    <name>tideline::studio::PlotExport</name>
    <message>
        <source>cannot export a plot as &apos;.%1&apos;: use %2</source>
        <translation>그래프를 &apos;.%1&apos; 형식으로 내보낼 수 없습니다. 다음 형식을 사용하십시오: %2</translation>
    </message>
    <message>
        <source>cannot write %1</source>
        <translation>%1에 쓸 수 없습니다</translation>
    </message>
</context>
<context>
    <name>tideline::studio::csv</name>
    <message>
        <source>cannot write %1: %2</source>
        <translation>%1에 쓸 수 없습니다: %2</translation>
    </message>
</context>
<context>
    <name>tideline::studio::CompareModel</name>
    <message>
        <source>batch %1</source>
        <translation>배치 %1</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(없음)</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>배치</translation>
    </message>
    <message>
        <source>Stream</source>
        <translation>스트림</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>출력</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>키</translation>
    </message>
    <message>
        <source>A</source>
        <translation>A</translation>
    </message>
    <message>
        <source>B</source>
        <translation>B</translation>
    </message>
</context>
<context>
    <name>tideline::studio::CompareSession</name>
    <message>
        <source>The runs cannot be compared: %1</source>
        <translation>두 실행을 비교할 수 없습니다: %1</translation>
    </message>
    <message>
        <source>First divergence: %1 in %2</source>
        <translation>처음 갈라지는 곳: %2의 %1</translation>
    </message>
    <message>
        <source>, %1</source>
        <translation>, %1</translation>
    </message>
    <message>
        <source>, key %1</source>
        <translation>, 키 %1</translation>
    </message>
    <message>
        <source>A: %1</source>
        <translation>A: %1</translation>
    </message>
    <message>
        <source>(nothing)</source>
        <translation>(없음)</translation>
    </message>
    <message>
        <source>B: %1</source>
        <translation>B: %1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>The runs are identical.</source>
        <translation>두 실행이 똑같습니다.</translation>
    </message>
</context>
<context>
    <name>tideline::studio::CompareWindow</name>
    <message>
        <source>%1: %2 (%3)
step %4 of %5, batch %6 of %7</source>
        <translation>%1: %2 (%3)
%5단계 중 %4단계, 배치 %7개 중 %6번째</translation>
    </message>
    <message>
        <source>Compare - Tideline Studio</source>
        <translation>비교 - Tideline Studio</translation>
    </message>
    <message>
        <source>Lock step</source>
        <translation>나란히 이동</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>처음</translation>
    </message>
    <message>
        <source>Previous batch</source>
        <translation>이전 배치</translation>
    </message>
    <message>
        <source>Next batch</source>
        <translation>다음 배치</translation>
    </message>
    <message>
        <source>End</source>
        <translation>끝</translation>
    </message>
    <message>
        <source>First divergence</source>
        <translation>처음 갈라지는 곳</translation>
    </message>
    <message>
        <source>Outputs so far (rows that differ are highlighted)</source>
        <translation>지금까지의 출력 (다른 행은 강조 표시)</translation>
    </message>
    <message>
        <source>State as it stands (keys that differ are highlighted)</source>
        <translation>현재 상태 (다른 키는 강조 표시)</translation>
    </message>
    <message>
        <source>These runs cannot be compared:

%1</source>
        <translation>이 두 실행은 비교할 수 없습니다:

%1</translation>
    </message>
    <message>
        <source>Compare %1 and %2 - Tideline Studio</source>
        <translation>%1와(과) %2 비교 - Tideline Studio</translation>
    </message>
    <message>
        <source>Outputs that differ: %1</source>
        <translation>다른 출력: %1</translation>
    </message>
    <message>
        <source>A</source>
        <translation>A</translation>
    </message>
    <message>
        <source>B</source>
        <translation>B</translation>
    </message>
    <message>
        <source>Start (batch 0 of %1)</source>
        <translation>처음 (배치 %1개 중 0번째)</translation>
    </message>
    <message>
        <source>Batch %1 of %2</source>
        <translation>배치 %2개 중 %1번째</translation>
    </message>
</context>
<context>
    <name>tideline::studio::CrashPanel</name>
    <message>
        <source>Output:</source>
        <translation>출력:</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>In this run the process dies at %1 and recovers at once from its checkpoint; the banner marks the moment.</source>
        <translation>이 실행에서는 프로세스가 %1에서 장애로 죽고 곧바로 체크포인트에서 복구합니다. 그 순간은 배너에 표시됩니다.</translation>
    </message>
    <message>
        <source>A reader of %1 finally sees what the clean run shows: exactly-once here.</source>
        <translation>%1을(를) 읽는 쪽이 마지막에 보는 내용은 장애 없는 실행과 같습니다. 여기서는 정확히 한 번입니다.</translation>
    </message>
    <message>
        <source>A reader of %1 finally sees %2 extra and %3 missing items against the clean run: %4 here.</source>
        <translation>%1을(를) 읽는 쪽은 장애 없는 실행에 비해 마지막에 항목 %2개를 더 보고 %3개를 보지 못합니다. 여기서는 %4입니다.</translation>
    </message>
</context>
<context>
    <name>tideline::studio::ReaderDiffModel</name>
    <message>
        <source>extra copy</source>
        <translation>중복 사본</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>누락</translation>
    </message>
    <message>
        <source>as in the clean run</source>
        <translation>장애 없는 실행과 같음</translation>
    </message>
    <message>
        <source>What the reader sees</source>
        <translation>읽는 쪽이 보는 내용</translation>
    </message>
    <message>
        <source>Against the clean run</source>
        <translation>장애 없는 실행과 비교</translation>
    </message>
</context>
<context>
    <name>tideline::studio::VerifyDialog</name>
    <message>
        <source>Verify Idempotence</source>
        <translation>멱등성 검증</translation>
    </message>
    <message>
        <source>(✓: the reader sees what the clean run shows)</source>
        <translation>(✓: 장애 없는 실행과 같은 내용을 봄)</translation>
    </message>
    <message>
        <source>(+N: extra copies)</source>
        <translation>(+N: 중복 사본)</translation>
    </message>
    <message>
        <source>(−N: items lost)</source>
        <translation>(−N: 잃어버린 항목)</translation>
    </message>
    <message>
        <source>(both, or items the clean run never showed)</source>
        <translation>(둘 다이거나, 장애 없는 실행에 없던 항목)</translation>
    </message>
    <message>
        <source>Each cell is one run in which the process dies once, at that batch and crash point, and recovers from its checkpoint. Double-click a cell to open that run at its crash.</source>
        <translation>각 칸은 프로세스가 그 배치의 그 장애 지점에서 한 번 죽고 체크포인트에서 복구하는 실행 하나입니다. 칸을 두 번 클릭하면 그 실행을 장애 시점에서 엽니다.</translation>
    </message>
    <message>
        <source>Verifying %1: a clean run, then one run per crash point it passes...</source>
        <translation>%1 검증 중: 장애 없는 실행 한 번, 그다음 지나가는 장애 지점마다 실행 한 번...</translation>
    </message>
    <message>
        <source>%v of %m runs</source>
        <translation>실행 %m개 중 %v개</translation>
    </message>
    <message>
        <source>%1 cannot be verified:

%2</source>
        <translation>%1을(를) 검증할 수 없습니다:

%2</translation>
    </message>
    <message>
        <source>The scenario has no output a reader sees.</source>
        <translation>이 시나리오에는 읽는 쪽이 보는 출력이 없습니다.</translation>
    </message>
    <message>
        <source>%1 is %2.</source>
        <translation>%1: %2.</translation>
    </message>
    <message>
        <source>The smallest failing schedule: %1 (%2 extra, %3 missing).</source>
        <translation>실패하는 가장 작은 스케줄: %1 (중복 %2개, 누락 %3개).</translation>
    </message>
    <message numerus="yes">
        <source>%1: %2 over %n schedule(s).</source>
        <translation>
            <numerusform>%1: 스케줄 %n개에서 %2.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The clean run fails %n check(s).</source>
        <translation>
            <numerusform>장애 없는 실행에서 검사 %n개가 실패합니다.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tideline::studio::VerifyMatrixModel</name>
    <message>
        <source>  ... and %1 more</source>
        <translation>  ... 그 밖에 %1개</translation>
    </message>
    <message>
        <source>Crash at %1, %2: %3</source>
        <translation>%1, %2에서 장애: %3</translation>
    </message>
    <message>
        <source>Extra (%1):</source>
        <translation>중복 (%1개):</translation>
    </message>
    <message>
        <source>Missing (%1):</source>
        <translation>누락 (%1개):</translation>
    </message>
    <message>
        <source>The reader sees what the clean run shows.</source>
        <translation>읽는 쪽은 장애 없는 실행과 같은 내용을 봅니다.</translation>
    </message>
    <message>
        <source>Double-click to open this run at its crash.</source>
        <translation>두 번 클릭하면 이 실행을 장애 시점에서 엽니다.</translation>
    </message>
</context>
<context>
    <name>tideline::studio::VerifyRun</name>
    <message>
        <source>exactly-once</source>
        <translation>정확히 한 번</translation>
    </message>
    <message>
        <source>at-least-once</source>
        <translation>최소 한 번</translation>
    </message>
    <message>
        <source>at-most-once</source>
        <translation>최대 한 번</translation>
    </message>
    <message>
        <source>inconsistent</source>
        <translation>불일치</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>batch %1</source>
        <translation>배치 %1</translation>
    </message>
</context>
<context>
    <name>tideline::studio::FullSpeedExport</name>
    <message>
        <source>the run has not ended yet</source>
        <translation>실행이 아직 끝나지 않았습니다</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>%1에 쓸 수 없습니다: %2</translation>
    </message>
    <message>
        <source>cannot read the run&apos;s output %1: %2</source>
        <translation>실행 출력 %1을(를) 읽을 수 없습니다: %2</translation>
    </message>
</context>
<context>
    <name>tideline::studio::BatchDetailView</name>
    <message>
        <source>Batch</source>
        <translation>배치</translation>
    </message>
    <message>
        <source>Space-time</source>
        <translation>시공간</translation>
    </message>
    <message>
        <source>State</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>출력</translation>
    </message>
    <message>
        <source>Batch %1 of %2</source>
        <translation>%2의 배치 %1</translation>
    </message>
    <message>
        <source>Replaying batch %1 from the nearest keyframe...</source>
        <translation>가장 가까운 키프레임부터 배치 %1 재생 중...</translation>
    </message>
    <message>
        <source>Batch %1 cannot be shown: %2</source>
        <translation>배치 %1을(를) 보여 줄 수 없습니다: %2</translation>
    </message>
    <message>
        <source>replayed from the start</source>
        <translation>처음부터 재생함</translation>
    </message>
    <message>
        <source>replayed from the keyframe after batch %1</source>
        <translation>배치 %1 뒤의 키프레임부터 재생함</translation>
    </message>
    <message>
        <source>Batch %1 at %2: %3 trace events, %4 in %5 ms</source>
        <translation>배치 %1 (%2): 트레이스 이벤트 %3개, %5 ms 동안 %4</translation>
    </message>
</context>
<context>
    <name>tideline::studio::ExplainRowDialog</name>
    <message>
        <source>Why this row?</source>
        <translation>이 행은 왜 나왔나?</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>입력</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>배치</translation>
    </message>
    <message>
        <source>Arrived</source>
        <translation>도착</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>레코드</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>역할</translation>
    </message>
    <message>
        <source>After batch</source>
        <translation>배치 후</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>값</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>변경</translation>
    </message>
    <message>
        <source>Input records that made it:</source>
        <translation>이 행을 만든 입력 레코드:</translation>
    </message>
    <message>
        <source>History of its key:</source>
        <translation>키의 이력:</translation>
    </message>
    <message>
        <source>No lesson is open.</source>
        <translation>열린 레슨이 없습니다.</translation>
    </message>
    <message>
        <source>This row cannot be explained: %1</source>
        <translation>이 행은 설명할 수 없습니다: %1</translation>
    </message>
    <message>
        <source>batch %1</source>
        <translation>배치 %1</translation>
    </message>
    <message>
        <source>the batch at %1</source>
        <translation>%1 배치</translation>
    </message>
    <message>
        <source>&lt;b&gt;Row %1 of %2&lt;/b&gt; in %3 of %4: &lt;code&gt;%5&lt;/code&gt;</source>
        <translation>&lt;b&gt;%4&lt;/b&gt;의 %3, &lt;b&gt;%2개 행 중 %1번째 행&lt;/b&gt;: &lt;code&gt;%5&lt;/code&gt;</translation>
    </message>
    <message>
        <source>Made by: %1</source>
        <translation>만든 경로: %1</translation>
    </message>
    <message>
        <source>Key: %1</source>
        <translation>키: %1</translation>
    </message>
    <message>
        <source>late: dropped, not counted</source>
        <translation>늦은 데이터: 버려져 집계되지 않음</translation>
    </message>
    <message>
        <source>left side of the join</source>
        <translation>조인의 왼쪽</translation>
    </message>
    <message>
        <source>right side of the join</source>
        <translation>조인의 오른쪽</translation>
    </message>
    <message>
        <source>an earlier batch, held in the state</source>
        <translation>이전 배치, 상태에 보관됨</translation>
    </message>
</context>
</TS>
