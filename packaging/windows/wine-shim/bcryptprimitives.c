/* Test-only shim for scripts/dist-check.sh, never shipped. Go's Windows runtime (1.22 and
 * later) needs ProcessPrng from bcryptprimitives.dll, present on Windows 10 and 11, but the
 * Wine 8.0 of Debian 12 lacks that DLL, so any Go program stops at start-up with
 * "fatal error: bcryptprimitives.dll not found". This DLL gives Wine's prefix a ProcessPrng
 * built on RtlGenRandom (SystemFunction036, advapi32), so the real declic.exe can be tried.
 * Build: x86_64-w64-mingw32-gcc -shared -O2 -o bcryptprimitives.dll bcryptprimitives.c bcryptprimitives.def -ladvapi32 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
  while (len) {
    ULONG n = len > 0x10000000 ? 0x10000000 : (ULONG)len;
    if (!SystemFunction036(data, n)) return FALSE;
    data += n;
    len -= n;
  }
  return TRUE;
}
