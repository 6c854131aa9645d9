# Writes OUT: a C++ file holding every migration under DIR as (version, name, sql) so the
# binary carries its schema and needs no files beside it at run time.
file(GLOB sql_files "${DIR}/*.sql")
list(SORT sql_files)
set(body "")
foreach(f IN LISTS sql_files)
  get_filename_component(base "${f}" NAME_WE)
  string(REGEX MATCH "^[0-9]+" version "${base}")
  # Without its leading zeros: C++ would read 0008 as a (bad) octal literal, and 0010 as 8.
  math(EXPR version "${version}")
  string(REGEX REPLACE "^[0-9]+_" "" name "${base}")
  file(READ "${f}" sql)
  string(APPEND body "    {${version}, \"${name}\", R\"trellis_sql(${sql})trellis_sql\"},\n")
endforeach()
file(WRITE "${OUT}.tmp" "// Generated from ${DIR} by cmake/embed_sql.cmake; do not edit.\n#include \"store/migrations.hpp\"\n\nnamespace trellis::store {\n\nconst std::vector<Migration>& ${SYMBOL}() {\n  static const std::vector<Migration> migrations{\n${body}  };\n  return migrations;\n}\n\n}  // namespace trellis::store\n")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
