// SPDX-License-Identifier: GPL-2.0-or-later
// vfork_exec_wait [N [PROGRAM]]: N times vfork, exec PROGRAM (default
// /bin/true) in the child, waitpid in the parent (default N 500); prints
// the mean cost of one iteration in microseconds.
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 500;
	const char *prog = argc > 2 ? argv[2] : "/bin/true";
	struct timespec a, b;
	int status;

	if (n <= 0)
		return 2;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (volatile long i = 0; i < n; i++) {
		pid_t pid = vfork();

		if (pid < 0) {
			perror("vfork");
			return 1;
		}
		if (pid == 0) {
			execl(prog, prog, (char *)NULL);
			_exit(127);
		}
		if (waitpid(pid, &status, 0) != pid || status != 0) {
			fprintf(stderr, "%s: status %#x\n", prog, status);
			return 1;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	double us = (b.tv_sec - a.tv_sec) * 1e6 + (b.tv_nsec - a.tv_nsec) / 1e3;
	printf("%.1f\n", us / n);
	return 0;
}
