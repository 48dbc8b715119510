/*
 * Probe replacement for SubstrateVM's libchelper CPU feature detection (amd64).
 * Written for this probe from the Intel/AMD CPUID documentation; the struct
 * layout comes from gen-header.sh, which reads the field list of
 * com.oracle.svm.core.amd64.AMD64LibCHelper$CPUFeatures out of the svm jar.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cpuid.h>
#include "amd64cpufeatures.h"

static uint64_t read_xcr0(void) {
  uint32_t lo, hi;
  __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  return ((uint64_t)hi << 32) | lo;
}

#define BIT(r, b) (((r) >> (b)) & 1u)
/* set a field only if the struct generated for this svm version has it */
#define SET(field, val) SET_##field(val)

void determineCPUFeatures(CPUFeatures *f) {
  uint32_t a = 0, b = 0, c = 0, d = 0;
  uint32_t c1 = 0, d1 = 0, b7 = 0, c7 = 0, d7 = 0, ce1 = 0, de1 = 0, de7 = 0;
  memset(f, 0, sizeof(*f));
  unsigned max = __get_cpuid_max(0, 0);
  if (max >= 1) { __cpuid(1, a, b, c1, d1); }
  if (max >= 7) { __cpuid_count(7, 0, a, b7, c7, d7); }
  unsigned emax = __get_cpuid_max(0x80000000, 0);
  if (emax >= 0x80000001) { __cpuid(0x80000001, a, b, ce1, de1); }
  if (emax >= 0x80000007) { __cpuid(0x80000007, a, b, c, de7); }
  int os_avx = 0, os_avx512 = 0;
  if (BIT(c1, 27)) { /* OSXSAVE */
    uint64_t xcr0 = read_xcr0();
    os_avx = (xcr0 & 0x6) == 0x6;
    os_avx512 = os_avx && (xcr0 & 0xe0) == 0xe0;
  }
  int avx = os_avx && BIT(c1, 28);
  int avx512f = os_avx512 && BIT(b7, 16);
#include "cpufeatures-set.inc"
}

/* mask: one byte per struct field, 0xFE where the image needs the feature, 0xFF elsewhere */
int checkCPUFeatures(uint8_t *mask) {
  CPUFeatures host;
  determineCPUFeatures(&host);
  const uint8_t *h = (const uint8_t *)&host;
  for (size_t i = 0; i < sizeof(CPUFeatures); i++) {
    if ((uint8_t)(mask[i] | h[i]) != 0xFF) return 1;
  }
  return 0;
}

int checkCPUFeaturesOrExit(uint8_t *mask, const char *msg) {
  if (checkCPUFeatures(mask)) { fputs(msg, stderr); exit(1); }
  return 0;
}
