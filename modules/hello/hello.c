// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * hello: the example umk module (build/modules/hello.so).
 *
 *   /dev/hello       reading gives "Hello from a umk module\n" (then end
 *                    of file; lseek back to read it again); writing
 *                    accepts anything and counts the bytes; ioctl
 *                    HELLO_IOC_WRITTEN stores that count (a u64) at arg
 *   /proc/umk/stats  a few numbers of the running umk, and hello's counts
 *
 *   umk run --module build/modules/hello.so -- cat /dev/hello
 *
 * Like every module it sees umk only through the api table of
 * umk/module.h, and is built freestanding (the Makefile's modules).
 */
#include "umk/module.h"

#define EFAULT 14
#define ENOTTY 25

/* _IOR('h', 1, u64), as <linux/ioctl.h> builds it */
#define HELLO_IOC_WRITTEN ((2u << 30) | (sizeof(u64) << 16) | ('h' << 8) | 1)

static const char greeting[] = "Hello from a umk module\n";
static const struct umk_module_api *api;
static u64 opens, bytes_read, bytes_written;

static int hello_open(struct umk_mod_file *f)
{
	opens++;
	return 0;
}

static long hello_read(struct umk_mod_file *f, char *buf, size_t len, s64 *pos)
{
	size_t size = sizeof(greeting) - 1, n;

	if (*pos < 0 || (u64)*pos >= size)
		return 0;
	n = size - *pos;
	if (n > len)
		n = len;
	api->memcpy(buf, greeting + *pos, n);
	*pos += n;
	bytes_read += n;
	return n;
}

static long hello_write(struct umk_mod_file *f, const char *buf, size_t len, s64 *pos)
{
	bytes_written += len;
	return len;
}

static long hello_ioctl(struct umk_mod_file *f, unsigned cmd, u64 arg)
{
	if (cmd != HELLO_IOC_WRITTEN)
		return -ENOTTY;
	return api->copy_to_user(arg, &bytes_written, sizeof(bytes_written)) ? -EFAULT : 0;
}

static const struct umk_chrdev_ops hello_ops = {
	.open = hello_open,
	.read = hello_read,
	.write = hello_write,
	.ioctl = hello_ioctl,
};

static int stats_show(struct umk_seq *s, void *priv)
{
	struct umk_stats st;

	api->stats(&st);
	api->seq_printf(s, "umk_version: %s\n", api->version);
	api->seq_printf(s, "uptime_ms: %llu\n", (unsigned long long)(st.uptime_ns / 1000000));
	api->seq_printf(s, "processes: %u\n", st.processes);
	api->seq_printf(s, "mem_total_kb: %llu\n", (unsigned long long)(st.mem_total >> 10));
	api->seq_printf(s, "mem_free_kb: %llu\n", (unsigned long long)(st.mem_free >> 10));
	api->seq_printf(s, "modules: %u\n", st.modules);
	api->seq_printf(s, "hello_opens: %llu\n", (unsigned long long)opens);
	api->seq_printf(s, "hello_bytes_read: %llu\n", (unsigned long long)bytes_read);
	api->seq_printf(s, "hello_bytes_written: %llu\n", (unsigned long long)bytes_written);
	return 0;
}

static int hello_init(const struct umk_module_api *a)
{
	int err;

	api = a;
	err = api->register_chrdev("hello", 0666, &hello_ops, NULL);
	if (!err)
		err = api->register_proc("stats", stats_show, NULL);
	if (!err)
		api->log("ready: /dev/hello and /proc/umk/stats");
	return err;
}

UMK_MODULE("hello", "a greeting in /dev/hello, umk's numbers in /proc/umk/stats", hello_init);
