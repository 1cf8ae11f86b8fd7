// SPDX-License-Identifier: GPL-2.0-or-later
// A dynamic program gets argv, envp and the auxiliary vector: AT_BASE (the
// interpreter), AT_PHDR/AT_PHNUM of the program, AT_EXECFN, AT_SECURE = 0.
#include <elf.h>
#include <link.h>
#include <sys/auxv.h>
#include "guest.h"

int main(int argc, char **argv, char **envp)
{
	CHECK(argc >= 1 && argv[argc] == NULL, "argv is not NULL-terminated");
	CHECK(envp[0] != NULL, "the environment is empty");
	CHECK(getauxval(AT_BASE) != 0, "no AT_BASE for a dynamic program");
	CHECK(getauxval(AT_PHENT) == sizeof(ElfW(Phdr)), "AT_PHENT is %lu",
	      getauxval(AT_PHENT));
	CHECK(getauxval(AT_PHNUM) > 2, "AT_PHNUM is %lu", getauxval(AT_PHNUM));
	const ElfW(Phdr) *ph = (const void *)getauxval(AT_PHDR);
	CHECK(ph, "no AT_PHDR");
	int interp = 0;
	for (unsigned long i = 0; i < getauxval(AT_PHNUM); i++)
		interp |= ph[i].p_type == PT_INTERP;
	CHECK(interp, "AT_PHDR does not point at this program's headers");
	const char *fn = (const char *)getauxval(AT_EXECFN);
	CHECK(fn && strstr(fn, "dynamic_auxv_and_args"), "AT_EXECFN is %s", fn);
	CHECK(getauxval(AT_SECURE) == 0, "AT_SECURE is set");
	CHECK(getauxval(AT_PAGESZ) == 4096, "AT_PAGESZ is %lu", getauxval(AT_PAGESZ));
	CHECK(getauxval(AT_UID) == (unsigned long)getuid(), "AT_UID is not getuid()");
	return 0;
}
