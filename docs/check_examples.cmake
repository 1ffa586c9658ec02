# Checks that the page PAGE shows every program of EXAMPLES_DIR exactly as its file holds
# it, in a ```cpp block. CTest runs it (tests/CMakeLists.txt):
#   cmake -DPAGE=docs/cpp-api.md -DEXAMPLES_DIR=docs/examples -P docs/check_examples.cmake
file(READ "${PAGE}" page)
file(GLOB programs "${EXAMPLES_DIR}/*.cc")
if(NOT programs)
  message(FATAL_ERROR "no example program in ${EXAMPLES_DIR}")
endif()
foreach(program ${programs})
  file(READ "${program}" text)
  string(FIND "${page}" "```cpp\n${text}```\n" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "${PAGE} does not show ${program} as the file holds it: copy the file into its code block")
  endif()
endforeach()
