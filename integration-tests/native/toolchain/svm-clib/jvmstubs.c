/* Probe additions to SubstrateVM's libjvm.a (21.1.0 from Maven Central): JVM_/jio_ functions that the
 * JDK 17.0.19 static libraries reference but the 21.1.0 archive does not define. */
#include <stdarg.h>
#include <stdio.h>
#include <stddef.h>

int jio_vsnprintf(char *str, size_t count, const char *fmt, va_list args);
int jio_vfprintf(FILE *f, const char *fmt, va_list args);

int jio_snprintf(char *str, size_t count, const char *fmt, ...) {
  va_list ap; va_start(ap, fmt);
  int r = jio_vsnprintf(str, count, fmt, ap);
  va_end(ap); return r;
}

int jio_fprintf(FILE *f, const char *fmt, ...) {
  va_list ap; va_start(ap, fmt);
  int r = jio_vfprintf(f, fmt, ap);
  va_end(ap); return r;
}
