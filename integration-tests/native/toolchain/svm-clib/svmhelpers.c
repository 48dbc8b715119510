/* Probe additions to libchelper: non-varargs wrappers that SubstrateVM 23.0 calls (@CFunction) but the
 * 21.1.0 liblibchelper.a from Maven Central does not contain. */
#include <fcntl.h>
#include <stdio.h>

int openSII(const char *path, int flags, int mode) { return open(path, flags, mode); }
int openatISII(int dirfd, const char *path, int flags, int mode) { return openat(dirfd, path, flags, mode); }
int fprintfSD(FILE *f, const char *fmt, const char *s, int d) { return fprintf(f, fmt, s, d); }
