// SPDX-License-Identifier: GPL-2.0-or-later
// pipe_pingpong [N]: two processes pass one byte back and forth over two
// pipes N times (default 20000); prints the mean round trip in
// microseconds.
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 20000;
	int ping[2], pong[2], status;
	struct timespec a, b;
	char c = 'x';
	pid_t pid;

	if (n <= 0 || pipe(ping) || pipe(pong))
		return 2;
	pid = fork();
	if (pid < 0)
		return 1;
	if (pid == 0) {
		for (long i = 0; i < n; i++)
			if (read(ping[0], &c, 1) != 1 || write(pong[1], &c, 1) != 1)
				_exit(1);
		_exit(0);
	}
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (long i = 0; i < n; i++)
		if (write(ping[1], &c, 1) != 1 || read(pong[0], &c, 1) != 1) {
			fprintf(stderr, "pipe_pingpong: round %ld failed\n", i);
			return 1;
		}
	clock_gettime(CLOCK_MONOTONIC, &b);
	if (waitpid(pid, &status, 0) != pid || status != 0)
		return 1;
	double us = (b.tv_sec - a.tv_sec) * 1e6 + (b.tv_nsec - a.tv_nsec) / 1e3;
	printf("%.2f\n", us / n);
	return 0;
}
