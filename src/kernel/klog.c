// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kernel log: a ring of recent messages (for dmesg, later) and, at or
 * above the console level, a copy on umk's stderr prefixed "umk: ".
 * Messages for the user (errors) always show; -v shows the boot log.
 */
#include "kernel.h"

#define KLOG_SIZE (64 << 10)

static char ring[KLOG_SIZE];
static size_t ring_head;	/* total bytes ever written */
static int console_level = LOG_WARN;
static s64 log_start_ns;

void klog_set_console_level(int level)
{
	console_level = level;
	if (!log_start_ns)
		log_start_ns = host_monotonic_ns();
}

void klog(int level, const char *fmt, ...)
{
	char msg[512];
	char line[600];
	va_list ap;
	int n;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);

	s64 t = host_monotonic_ns() - log_start_ns;

	n = snprintf(line, sizeof(line), "<%d>[%5lld.%06lld] %s\n", level,
		     (long long)(t / 1000000000), (long long)(t % 1000000000 / 1000), msg);
	if (n > (int)sizeof(line) - 1)
		n = sizeof(line) - 1;
	for (int i = 0; i < n; i++)
		ring[(ring_head + i) % KLOG_SIZE] = line[i];
	ring_head += n;

	if (level <= console_level) {
		n = snprintf(line, sizeof(line), "umk: %s\n", msg);
		host_log_output(line, MIN((size_t)n, sizeof(line) - 1));
	}
}

void kpanic(const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	host_panic(msg);
}
