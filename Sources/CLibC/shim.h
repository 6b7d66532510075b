// glibc's renameat2 (Linux 3.15 and later). Swift's Glibc module leaves it out because glibc
// declares it only under _GNU_SOURCE; holomap needs RENAME_EXCHANGE to swap a finished build
// folder with the previous one in a single atomic step.
#include <fcntl.h>
int renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, unsigned int flags);
#define HOLOMAP_RENAME_EXCHANGE (1 << 1)
