// SPDX-License-Identifier: GPL-2.0-or-later
// /proc/cpuinfo has one block per online CPU, and its flags say what the
// CPU itself says through CPUID (sse2 always on x86-64; avx2, aes, bmi2
// exactly when __builtin_cpu_supports does).
#include <fcntl.h>
#include "guest.h"

static char buf[1 << 17];

static int has_flag(const char *flags, const char *name)
{
	size_t n = strlen(name);
	const char *p;

	for (p = flags; (p = strstr(p, name)); p += n)
		if (p[-1] == ' ' && (p[n] == ' ' || p[n] == '\n'))
			return 1;
	return 0;
}

int main(void)
{
	int fd = CHECK_OK(open("/proc/cpuinfo", O_RDONLY));
	size_t len = 0;
	const char *p, *flags;
	long n, cpus = 0;

	while ((n = CHECK_OK(read(fd, buf + len, sizeof(buf) - 1 - len))) > 0)
		len += n;
	buf[len] = 0;
	close(fd);
	for (p = buf; (p = strstr(p, "processor\t: ")); p++)
		cpus++;
	CHECK(cpus == sysconf(_SC_NPROCESSORS_ONLN), "%ld processors, %ld online",
	      cpus, sysconf(_SC_NPROCESSORS_ONLN));
	flags = strstr(buf, "\nflags\t\t:");
	CHECK(flags, "no flags line");
	flags += 8;
	CHECK(has_flag(flags, "sse2") && has_flag(flags, "fpu"), "no sse2/fpu");
	__builtin_cpu_init();
	CHECK(has_flag(flags, "avx2") == !!__builtin_cpu_supports("avx2"), "avx2");
	CHECK(has_flag(flags, "aes") == !!__builtin_cpu_supports("aes"), "aes");
	CHECK(has_flag(flags, "bmi2") == !!__builtin_cpu_supports("bmi2"), "bmi2");
	CHECK(strstr(buf, "\nvendor_id\t: ") && strstr(buf, "\nmodel name\t: "),
	      "no vendor_id or model name");
	return 0;
}
