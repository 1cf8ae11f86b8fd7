// SPDX-License-Identifier: GPL-2.0-or-later
// getrlimit and prlimit64 report the same limits, soft <= hard; lowering
// a soft limit is kept; raising soft above hard is EINVAL.
#include <sys/resource.h>
#include <sys/syscall.h>
#include "guest.h"

int main(void)
{
	struct rlimit r, p, n;
	int res[] = { RLIMIT_NOFILE, RLIMIT_STACK, RLIMIT_AS, RLIMIT_CORE };

	for (unsigned i = 0; i < sizeof(res) / sizeof(res[0]); i++) {
		CHECK_OK(syscall(SYS_getrlimit, res[i], &r));
		CHECK_OK(syscall(SYS_prlimit64, 0, res[i], NULL, &p));
		CHECK(r.rlim_cur == p.rlim_cur && r.rlim_max == p.rlim_max,
		      "resource %d: getrlimit and prlimit64 differ", res[i]);
		CHECK(r.rlim_cur <= r.rlim_max, "resource %d: soft > hard", res[i]);
	}

	CHECK_OK(syscall(SYS_getrlimit, RLIMIT_NOFILE, &r));
	CHECK(r.rlim_cur >= 64, "RLIMIT_NOFILE soft is %lu", (unsigned long)r.rlim_cur);
	n = r;
	n.rlim_cur = 64;
	CHECK_OK(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, &n, &p));
	CHECK(p.rlim_cur == r.rlim_cur, "prlimit64 old value differs");
	CHECK_OK(syscall(SYS_getrlimit, RLIMIT_NOFILE, &p));
	CHECK(p.rlim_cur == 64 && p.rlim_max == r.rlim_max,
	      "RLIMIT_NOFILE is %lu/%lu after setting 64", (unsigned long)p.rlim_cur,
	      (unsigned long)p.rlim_max);

	if (r.rlim_max != RLIM_INFINITY) {
		n.rlim_cur = r.rlim_max + 1;
		CHECK_ERR(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, &n, NULL), EINVAL);
	}
	CHECK_ERR(syscall(SYS_getrlimit, 1000, &r), EINVAL);
	CHECK_ERR(syscall(SYS_getrlimit, RLIMIT_NOFILE, wild(16)), EFAULT);
	return 0;
}
