# Writes OUT: a C++ file holding every file under DIR (the built web UI, web/dist) as a byte
# array, so that one binary serves the UI with nothing beside it. An empty or missing DIR
# gives an empty table: the server then says the UI is not built.
set(files "")
if(DIR AND IS_DIRECTORY "${DIR}")
  file(GLOB_RECURSE files RELATIVE "${DIR}" "${DIR}/*")
  list(SORT files)
endif()
set(arrays "")
set(table "")
set(index 0)
foreach(f IN LISTS files)
  file(READ "${DIR}/${f}" hex HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  # Long lines slow compilers down and trouble editors: 32 bytes a line.
  string(REGEX REPLACE "((0x..,){32})" "\\1\n" bytes "${bytes}")
  string(APPEND arrays "// ${f}\nconst unsigned char file${index}[] = {\n${bytes}0};\n")
  file(SIZE "${DIR}/${f}" size)
  string(APPEND table
         "      {\"${f}\", {reinterpret_cast<const char*>(file${index}), ${size}}},\n")
  math(EXPR index "${index} + 1")
endforeach()
if(index EQUAL 0)
  set(body "std::span<const EmbeddedFile> embedded_web_files() { return {}; }\n")
else()
  set(body "namespace {\n\n${arrays}\n}  // namespace\n\nstd::span<const EmbeddedFile> embedded_web_files() {\n  static const EmbeddedFile files[] = {\n${table}  };\n  return files;\n}\n")
endif()
file(WRITE "${OUT}.tmp" "// Generated from web/dist by cmake/embed_web.cmake; do not edit.\n#include \"http/web_assets.hpp\"\n\nnamespace trellis::http {\n\n${body}\n}  // namespace trellis::http\n")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
