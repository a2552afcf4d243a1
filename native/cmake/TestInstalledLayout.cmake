# Installs the build into PREFIX and uses it the way a user of the distribution would.
file(REMOVE_RECURSE "${PREFIX}")
execute_process(COMMAND ${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${PREFIX}" --config "${CONFIG}"
                OUTPUT_QUIET RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "install failed: ${rc}")
endif()
foreach(f include/visualdl.h include/visualdl.hpp lib/libvisualdl.so lib/libvisualdl.a
          lib/pkgconfig/visualdl.pc lib/cmake/visualdl/visualdlConfig.cmake
          python/visualdl/__init__.py examples/train.c examples/train.cpp examples/train.py
          examples/CMakeLists.txt)
  if(NOT EXISTS "${PREFIX}/${f}")
    message(FATAL_ERROR "missing from the installed layout: ${f}")
  endif()
endforeach()
# find_package(visualdl) from the installed examples.
set(ex "${PREFIX}/examples-build")
execute_process(COMMAND ${CMAKE_COMMAND} -S "${PREFIX}/examples" -B "${ex}"
                        "-DCMAKE_PREFIX_PATH=${PREFIX}" RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "configuring the installed examples failed")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build "${ex}" RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "building the installed examples failed")
endif()
foreach(exe train_c train_cpp train_c_static)
  execute_process(COMMAND "${ex}/${exe}" "${PREFIX}/runs/${exe}" RESULT_VARIABLE rc)
  if(rc)
    message(FATAL_ERROR "${exe} failed: ${rc}")
  endif()
endforeach()
# pkg-config, when present.
find_program(PKG_CONFIG pkg-config)
if(PKG_CONFIG)
  execute_process(COMMAND ${PKG_CONFIG} --cflags --libs "${PREFIX}/lib/pkgconfig/visualdl.pc"
                  OUTPUT_VARIABLE flags RESULT_VARIABLE rc)
  if(rc OR NOT flags MATCHES "-lvisualdl")
    message(FATAL_ERROR "pkg-config failed: ${flags}")
  endif()
endif()
# The Python module finds lib/ from python/visualdl by itself.
execute_process(COMMAND ${CMAKE_COMMAND} -E env --unset=VISUALDL_LIB "PYTHONPATH=${PREFIX}/python"
                        "${PYTHON}" "${PREFIX}/examples/train.py" "${PREFIX}/runs/python"
                RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "the installed Python example failed: ${rc}")
endif()
message(STATUS "installed layout works")
