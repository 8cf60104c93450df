# SPDX-License-Identifier: MIT
# The one INTERFACE target that carries the compile settings every target of the project shares.
add_library(ui_settings INTERFACE)
add_library(UpdateInspector::Settings ALIAS ui_settings)
target_compile_features(ui_settings INTERFACE cxx_std_20)
target_compile_definitions(ui_settings INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_USE_QSTRINGBUILDER
    QT_NO_KEYWORDS
    QT_DISABLE_DEPRECATED_UP_TO=0x060800)
target_compile_options(ui_settings INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align -Woverloaded-virtual
    $<$<BOOL:${UI_WARNINGS_AS_ERRORS}>:-Werror>)

# simdjson's on-demand parser picks its kernel when compiling: without SSE4.2/PCLMUL it falls back
# to scalar code several times slower. x86-64-v2 (every x86-64 CPU since about 2009) enables them.
set(UI_X86_LEVEL "x86-64-v2" CACHE STRING "-march level on x86-64 (empty: compiler default)")
if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64" AND UI_X86_LEVEL)
    target_compile_options(ui_settings INTERFACE -march=${UI_X86_LEVEL})
endif()
