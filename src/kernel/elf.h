/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Parsing ELF headers for exec (elf.c); loading them is exec.c's. */
#ifndef UMK_ELF_H
#define UMK_ELF_H

#include "kernel.h"
#include "abi/elf.h"

#define ELF_MAX_PHDRS	128

struct elf_image {
	struct elf64_ehdr eh;
	struct elf64_phdr ph[ELF_MAX_PHDRS];
	int nph;
	u64 lo, hi;		/* page-aligned span of the PT_LOAD segments */
	s64 interp;		/* PT_INTERP index, or -1 */
	bool exec_stack;	/* PT_GNU_STACK asks for PF_X */
};

/* Check an ELF header (first len bytes of the file); -ENOEXEC if it is not
 * an x86-64 executable umk can load. */
int elf_check_header(const void *buf, size_t len, struct elf_image *img);
/* Check the program headers (img->eh.e_phnum of them at ph) and fill in
 * the rest of img.  -ENOEXEC or -EINVAL for malformed ones. */
int elf_parse_phdrs(struct elf_image *img, const void *ph, size_t len);

#endif
