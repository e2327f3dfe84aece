# kit_add_test(NAME name SOURCES a.cc b.cc LIBS lib...)
# Builds one Catch2 test binary against the shared test main (compiled once)
# and registers it with CTest under its name.
add_library(kit_test_main STATIC ${CMAKE_CURRENT_LIST_DIR}/catch_main.cc)
target_link_libraries(kit_test_main PUBLIC Catch2::Catch2)

function(kit_add_test)
  cmake_parse_arguments(T "" "NAME" "SOURCES;LIBS" ${ARGN})
  add_executable(${T_NAME} ${T_SOURCES})
  target_link_libraries(${T_NAME} PRIVATE kit_test_main ${T_LIBS})
  add_test(NAME ${T_NAME} COMMAND ${T_NAME})
endfunction()
