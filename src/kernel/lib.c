// SPDX-License-Identifier: GPL-2.0-or-later
/* Small helpers every subsystem uses: string copies and growing buffers. */
#include "kernel.h"

char *kstrndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = kmalloc(len + 1);

	if (p) {
		memcpy(p, s, len);
		p[len] = 0;
	}
	return p;
}

char *kstrdup(const char *s)
{
	return kstrndup(s, (size_t)-1);
}

void *kmemdup(const void *src, size_t n)
{
	void *p = kmalloc(n ? n : 1);

	if (p)
		memcpy(p, src, n);
	return p;
}

void sbuf_init(struct sbuf *sb)
{
	sb->buf = NULL;
	sb->len = sb->cap = 0;
	sb->overflow = false;
}

/* Make room for n more bytes and a NUL; false when out of memory. */
static bool sbuf_grow(struct sbuf *sb, size_t n)
{
	if (sb->overflow)
		return false;
	if (sb->len + n + 1 <= sb->cap)
		return true;
	size_t cap = sb->cap ? sb->cap : 256;

	while (cap < sb->len + n + 1)
		cap *= 2;
	char *p = host_realloc(sb->buf, cap);

	if (!p) {
		sb->overflow = true;
		return false;
	}
	sb->buf = p;
	sb->cap = cap;
	return true;
}

void sbuf_append(struct sbuf *sb, const void *p, size_t n)
{
	if (!sbuf_grow(sb, n))
		return;
	memcpy(sb->buf + sb->len, p, n);
	sb->len += n;
	sb->buf[sb->len] = 0;
}

void sbuf_putc(struct sbuf *sb, char c)
{
	sbuf_append(sb, &c, 1);
}

void sbuf_printf(struct sbuf *sb, const char *fmt, ...)
{
	va_list ap;
	char small[256];
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		sbuf_append(sb, small, n);
		return;
	}
	if (!sbuf_grow(sb, n))
		return;
	va_start(ap, fmt);
	vsnprintf(sb->buf + sb->len, n + 1, fmt, ap);
	va_end(ap);
	sb->len += n;
}

void sbuf_free(struct sbuf *sb)
{
	kfree(sb->buf);
	sbuf_init(sb);
}
