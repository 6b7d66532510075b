#include <lapacke.h>

/* OpenBLAS's own queries (declared in its cblas.h, which Debian installs per variant). */
char *openblas_get_corename(void);
char *openblas_get_config(void);
