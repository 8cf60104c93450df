# SPDX-License-Identifier: MIT
# ui_add_test(<folder> <class> LIBS <targets...>): tests/<folder>/tst_<class>.cpp as one executable
# and one CTest test, run on the offscreen platform so no display is needed.
function(ui_add_test folder class)
    cmake_parse_arguments(ARG "" "TIMEOUT" "LIBS" ${ARGN})
    set(target tst_${folder}_${class})
    qt_add_executable(${target} ${CMAKE_CURRENT_SOURCE_DIR}/${folder}/tst_${class}.cpp)
    target_link_libraries(${target} PRIVATE Qt6::Test UpdateInspector::Settings ${ARG_LIBS})
    target_compile_definitions(${target} PRIVATE
        UI_TEST_DATA_DIR="${CMAKE_CURRENT_SOURCE_DIR}/data"
        UI_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
    add_test(NAME ${folder}/${class} COMMAND ${target})
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT 120)
    endif()
    set_tests_properties(${folder}/${class} PROPERTIES
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen;LC_ALL=C.UTF-8" TIMEOUT ${ARG_TIMEOUT})
endfunction()
