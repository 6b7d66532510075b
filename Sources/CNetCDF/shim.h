#include <netcdf.h>
#include <netcdf_mem.h>
