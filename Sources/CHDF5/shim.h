#include <hdf5.h>

// HDF5's property-list and access constants are macros Swift cannot import (casts, and
// H5F_ACC_RDWR calls H5open first); these return them.
static inline hid_t holomap_H5P_DEFAULT(void) { return H5P_DEFAULT; }
static inline hid_t holomap_H5E_DEFAULT(void) { return H5E_DEFAULT; }
static inline unsigned holomap_H5F_ACC_RDWR(void) { return H5F_ACC_RDWR; }
