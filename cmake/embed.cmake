# Build-time embedding of files into the executable, with embed_data.cmake.
#
# threadline_embed_directory(OUT <file.cpp> DIR <dir> FILES <files...>
#                            [NAMESPACE ns FUNCTION Fn HEADER h] COMMENT <text>)
# Generates OUT, which holds every file in FILES (the caller's
# CONFIGURE_DEPENDS glob of DIR), with embed_data.cmake. A changed file
# regenerates it, and so does a file added or removed: the glob's list is
# kept in OUT.files, rewritten only when the list changes, and OUT depends
# on it.
function(threadline_embed_directory)
  cmake_parse_arguments(E "" "OUT;DIR;NAMESPACE;FUNCTION;HEADER;COMMENT" "FILES" ${ARGN})
  list(JOIN E_FILES "\n" listing)
  file(CONFIGURE OUTPUT ${E_OUT}.files CONTENT "${listing}\n")
  set(extra)
  if(E_NAMESPACE)
    list(APPEND extra -DNAMESPACE=${E_NAMESPACE} -DFUNCTION=${E_FUNCTION} -DHEADER=${E_HEADER})
  endif()
  add_custom_command(
    OUTPUT ${E_OUT}
    COMMAND ${CMAKE_COMMAND} -DDATA_DIR=${E_DIR} -DOUT=${E_OUT} ${extra}
            -P ${PROJECT_SOURCE_DIR}/cmake/embed_data.cmake
    DEPENDS ${E_FILES} ${E_OUT}.files ${PROJECT_SOURCE_DIR}/cmake/embed_data.cmake
    COMMENT "${E_COMMENT}")
endfunction()

# threadline_embed_file(OUT <file.cpp> SOURCE <file> NAMESPACE ns FUNCTION Fn
#                       COMMENT <text>)
# Generates OUT, defining `std::string_view ns::Fn()` with SOURCE's bytes.
function(threadline_embed_file)
  cmake_parse_arguments(E "" "OUT;SOURCE;NAMESPACE;FUNCTION;COMMENT" "" ${ARGN})
  add_custom_command(
    OUTPUT ${E_OUT}
    COMMAND ${CMAKE_COMMAND} -DSOURCE_FILE=${E_SOURCE} -DOUT=${E_OUT} -DNAMESPACE=${E_NAMESPACE}
            -DFUNCTION=${E_FUNCTION} -P ${PROJECT_SOURCE_DIR}/cmake/embed_data.cmake
    DEPENDS ${E_SOURCE} ${PROJECT_SOURCE_DIR}/cmake/embed_data.cmake
    COMMENT "${E_COMMENT}")
endfunction()
