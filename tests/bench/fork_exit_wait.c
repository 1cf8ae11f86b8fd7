// SPDX-License-Identifier: GPL-2.0-or-later
// fork_exit_wait [N]: N times fork, _exit(0) in the child, waitpid in the
// parent (default 2000); prints the mean cost of one iteration in
// microseconds.
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 2000;
	struct timespec a, b;
	int status;

	if (n <= 0)
		return 2;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (long i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid < 0) {
			perror("fork");
			return 1;
		}
		if (pid == 0)
			_exit(0);
		if (waitpid(pid, &status, 0) != pid || status != 0) {
			fprintf(stderr, "waitpid: status %#x\n", status);
			return 1;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	double us = (b.tv_sec - a.tv_sec) * 1e6 + (b.tv_nsec - a.tv_nsec) / 1e3;
	printf("%.1f\n", us / n);
	return 0;
}
