// SPDX-License-Identifier: GPL-2.0-or-later
// brk grows the heap: the new range is zero-filled and writable; a shrink
// is accepted too.  Raw syscalls: glibc's sbrk caches the break.
#include <sys/syscall.h>
#include "guest.h"

int main(void)
{
	unsigned long cur = syscall(SYS_brk, 0);
	unsigned long want = cur + 1024 * 1024 + 123;
	unsigned long got = syscall(SYS_brk, want);

	CHECK(cur != 0, "brk(0) returned 0");
	CHECK(got == want, "brk(%#lx) returned %#lx", want, got);
	for (unsigned char *p = (unsigned char *)cur; p < (unsigned char *)got;
	     p++) {
		CHECK(*p == 0, "heap byte at %p is not 0", (void *)p);
		*p = 0xab;
	}
	CHECK(syscall(SYS_brk, 0) == (long)got, "brk(0) does not report the new break");

	got = syscall(SYS_brk, cur + 4096);
	CHECK(got == cur + 4096, "shrinking brk returned %#lx", got);
	CHECK(*(unsigned char *)cur == 0xab, "shrink lost the first page");
	return 0;
}
