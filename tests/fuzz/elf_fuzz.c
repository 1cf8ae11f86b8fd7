// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: what exec reads of a program before it maps anything
 * (src/kernel/elf.c, and exec.c's "#!" line).  The input is the file.  As
 * exec_program does: the first page is read into a page-sized buffer; a
 * "#!" file goes to exec_parse_shebang, anything else to
 * elf_check_header and elf_parse_phdrs (program headers from that page,
 * or read from the rest of the file); then each PT_LOAD's placement
 * (elf_bias, elf_segment) at the bases exec uses.  Besides what the
 * sanitizers find, every accepted image must keep the promises exec.c
 * relies on; a broken one aborts with its name.
 *
 * Built by `make fuzz` (clang -fsanitize=fuzzer,address,undefined, the
 * kernel compiled likewise); see the Makefile.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kernel.h"
#include "elf.h"
#include "exec.h"
#include "mm.h"

#define PROMISE(cond)                                                        \
	do {                                                                 \
		if (!(cond)) {                                               \
			static const char m[] = "elf_fuzz: broken: " #cond "\n"; \
			write(2, m, sizeof(m) - 1);                          \
			abort();                                             \
		}                                                            \
	} while (0)

static bool aligned(u64 x)
{
	return !(x & (PAGE_SIZE - 1));
}

static void check_segments(const struct elf_image *img, u64 base)
{
	u64 bias;

	if (elf_bias(img, base, &bias))
		return;
	for (int i = 0; i < img->nph; i++) {
		struct elf_seg s;

		if (elf_segment(img, i, bias, &s))
			continue;
		PROMISE(aligned(s.map) && aligned(s.map_len) && aligned(s.off));
		PROMISE(aligned(s.anon) && aligned(s.anon_len));
		PROMISE(!(s.prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC)));
		PROMISE(s.map >= 0x10000 || img->eh.e_type == ET_DYN);
		PROMISE(s.map_len <= TASK_SIZE && s.map <= TASK_SIZE - s.map_len);
		PROMISE(s.anon_len <= TASK_SIZE && s.anon <= TASK_SIZE - s.anon_len);
		PROMISE(!s.map_len || s.anon >= s.map + s.map_len);
		PROMISE(s.zero_len < PAGE_SIZE);
		PROMISE(!s.zero_len || s.zero + s.zero_len == s.map + s.map_len);
		PROMISE(s.mem_end <= TASK_SIZE && s.mem_end > s.map);
		PROMISE(!s.anon_len || s.anon + s.anon_len >= s.mem_end);
		PROMISE(s.mem_end <= img->hi + bias);
	}
}

static void check_image(const struct elf_image *img)
{
	PROMISE(img->nph >= 1 && img->nph <= ELF_MAX_PHDRS);
	PROMISE(aligned(img->lo) && aligned(img->hi) && img->lo < img->hi);
	PROMISE(img->hi <= TASK_SIZE);
	PROMISE(img->interp < img->nph);
	if (img->interp >= 0) {
		const struct elf64_phdr *p = &img->ph[img->interp];

		/* load_interp allocates p_filesz + 1 and reads p_filesz */
		PROMISE(p->p_filesz >= 2 && p->p_filesz <= PATH_MAX);
	}
	check_segments(img, ELF_ET_DYN_BASE);	/* a program */
	check_segments(img, 0x10000);		/* an interpreter, lowest */
	check_segments(img, ALIGN_DOWN(TASK_SIZE - (img->hi - img->lo), PAGE_SIZE));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* exec's head: a page from kmalloc, n bytes of it read */
	char *head = malloc(PAGE_SIZE);
	size_t n = size < PAGE_SIZE ? size : PAGE_SIZE;
	struct elf_image *img = malloc(sizeof(*img));

	if (!head || !img)
		abort();
	memset(head, 0xa5, PAGE_SIZE);
	memcpy(head, data, n);
	if (n >= 2 && head[0] == '#' && head[1] == '!') {
		char *interp, *opt;

		if (!exec_parse_shebang(head, MIN(n, (size_t)SHEBANG_MAX), &interp, &opt)) {
			PROMISE(interp >= head + 2 && interp < head + SHEBANG_MAX);
			PROMISE(strlen(interp) > 0 && strlen(interp) < SHEBANG_MAX);
			PROMISE(!strpbrk(interp, " \t\n"));
			PROMISE(!opt || (opt > interp && strlen(opt) > 0));
		}
		goto out;
	}
	if (elf_check_header(head, n, img))
		goto out;
	size_t phlen = (size_t)img->eh.e_phnum * sizeof(struct elf64_phdr);
	int ret;

	/* exec_program's elf_read: from the head, or read from the file */
	if (img->eh.e_phoff + phlen <= n) {
		ret = elf_parse_phdrs(img, head + img->eh.e_phoff, phlen);
	} else if (img->eh.e_phoff < size && phlen <= size - img->eh.e_phoff) {
		void *ph = malloc(phlen);

		if (!ph)
			abort();
		memcpy(ph, data + img->eh.e_phoff, phlen);
		ret = elf_parse_phdrs(img, ph, phlen);
		free(ph);
	} else {
		ret = -ENOEXEC;	/* a short read */
	}
	if (!ret)
		check_image(img);
out:
	free(head);
	free(img);
	return 0;
}
