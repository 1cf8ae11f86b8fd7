// SPDX-License-Identifier: GPL-2.0-or-later
// getppid [N]: N raw getppid system calls (default 200000); prints the
// mean cost of one call in nanoseconds.  Under umk every call traps, so this
// is the round trip guest -> umk -> guest.
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 200000;
	struct timespec a, b;

	if (n <= 0)
		return 2;
	syscall(SYS_getppid); /* warm up */
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (long i = 0; i < n; i++)
		syscall(SYS_getppid);
	clock_gettime(CLOCK_MONOTONIC, &b);
	double ns = (b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec);
	printf("%.1f\n", ns / n);
	return 0;
}
