# kit_add_node_program(NAME echo LIBRARY echo_node HEADER nodes/echo/program.h
#                      SPEC echo::kEchoProgram)
# Registers a node's ProgramSpec (runtime/program.h) with the node registry
# (nodes/registry), which the simulator links: every node calls this from
# its own CMakeLists.txt, so adding a node edits no list. The registry
# target is defined after every node directory (top CMakeLists.txt), and
# reads what was registered from a global property.
function(kit_add_node_program)
  cmake_parse_arguments(P "" "NAME;LIBRARY;HEADER;SPEC" "" ${ARGN})
  foreach(arg NAME LIBRARY HEADER SPEC)
    if(NOT P_${arg})
      message(FATAL_ERROR "kit_add_node_program: ${arg} is required")
    endif()
  endforeach()
  if(NOT P_NAME MATCHES "^[a-z][a-z0-9_]*$")
    message(FATAL_ERROR "kit_add_node_program: NAME '${P_NAME}' is not a lowercase identifier")
  endif()
  get_property(names GLOBAL PROPERTY KIT_NODE_PROGRAM_NAMES)
  if(P_NAME IN_LIST names)
    message(FATAL_ERROR "kit_add_node_program: '${P_NAME}' is registered twice")
  endif()
  set_property(GLOBAL APPEND PROPERTY KIT_NODE_PROGRAM_NAMES ${P_NAME})
  set_property(GLOBAL PROPERTY KIT_NODE_PROGRAM_${P_NAME}_LIBRARY ${P_LIBRARY})
  set_property(GLOBAL PROPERTY KIT_NODE_PROGRAM_${P_NAME}_HEADER ${P_HEADER})
  set_property(GLOBAL PROPERTY KIT_NODE_PROGRAM_${P_NAME}_SPEC ${P_SPEC})
endfunction()
