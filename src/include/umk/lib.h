/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The part of the C library the kernel may use: pure functions on memory
 * and strings, with no effect on the host.  Kernel files are compiled with
 * -nostdinc, so this header (with the compiler's own stddef.h, stdint.h,
 * stdbool.h and stdarg.h) is all they see of libc; tools/check-boundary
 * fails the build if a kernel object calls anything else outside the kernel
 * but host_* and plat_*.
 */
#ifndef UMK_LIB_H
#define UMK_LIB_H

#include <stdarg.h>
#include "umk/types.h"

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *s, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
int snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
void qsort(void *base, size_t n, size_t size,
	   int (*cmp)(const void *, const void *));

/* -ffreestanding turns the builtins off; let gcc inline the small cases. */
#define memcpy(d, s, n) __builtin_memcpy(d, s, n)
#define memmove(d, s, n) __builtin_memmove(d, s, n)
#define memset(s, c, n) __builtin_memset(s, c, n)
#define memcmp(a, b, n) __builtin_memcmp(a, b, n)
#define strlen(s) __builtin_strlen(s)
#define strcmp(a, b) __builtin_strcmp(a, b)

#endif
